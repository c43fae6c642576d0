"""App tests of dashboard 6 (Hồ sơ đơn vị) on the hand-built two_years data (tests/handmade.py).

2023: A 100 (1/3, Xuất sắc), B 80 (2/3, Tốt), E 70.5 (3/3, Khá; C and D merged); 2022: B and C tied 2nd at 80.
"""

from __future__ import annotations

import base64
import io
import re

import docx
import pytest
from traitlets import TraitError

import cchc_dash as cd
from cchc_dash.ui import profile as ui_profile

from .handmade import two_years
from .test_ui import find


def fields(app) -> dict[str, str]:
    markup = find(app, "cchc-profile-headline").value
    return {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in re.findall(r'data-field="(\w+)">(.*?)</div>', markup)}


@pytest.fixture
def app():
    ds = two_years()
    return ui_profile.build(ds, cd.compute(ds))


def test_opens_on_the_last_years_first_unit(app):
    assert find(app, "cchc-year").value == 2023 and find(app, "cchc-unit").value == "A"
    assert fields(app) == {"index": "100,00", "rank": "1/3", "band": "Xuất sắc", "mean": "83,50", "change": "+12,00"}


def test_picking_a_unit_shows_its_figures_paragraph_and_lists(app):
    find(app, "cchc-unit").value = "B"
    assert fields(app)["rank"] == "2/3" and fields(app)["band"] == "Tốt"
    assert "Đơn vị B đạt 80,00 điểm (giá trị trung bình 83,50), xếp thứ 2/3" in find(app, "cchc-paragraph").value
    lists = find(app, "cchc-profile-lists").value
    assert re.search(r'cchc-profile-cuts.*?<td>1\.1\.1</td>.*?<td class="num">3,00</td>', lists, re.S)
    areas = find(app, "cchc-profile-areas").spec
    drawn = {r["area_id"]: r["index"] for d in areas["datasets"].values() for r in d}
    assert drawn == {"1": 80.0, "2": 80.0}


def test_accent_free_search_and_a_tie_in_another_year(app):
    find(app, "cchc-year").value = 2022
    find(app, "cchc-search").value = "don vi c"
    assert [u for _, u in find(app, "cchc-unit").options] == ["C"]
    assert fields(app)["rank"] == "2/4" and "đồng hạng 2/4" in find(app, "cchc-paragraph").value


def test_word_download_holds_the_paragraph(app):
    find(app, "cchc-unit").value = "E"
    find(app, "cchc-word").click()
    link = find(app, "cchc-word-link").value
    assert 'download="ho_so_don_vi_e_2023.docx"' in link  # named after the unit ("Đơn vị E")
    data = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1))
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert any("đơn vị được hình thành từ Đơn vị C và Đơn vị D" in p for p in text)
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 2  # trend and areas, drawn offline


def test_a_unit_value_outside_the_options_is_refused(app):
    with pytest.raises(TraitError):
        find(app, "cchc-unit").value = "Z"
    assert fields(app)["rank"] == "1/3"
