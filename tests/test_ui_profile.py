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

from .handmade import five_units, two_years
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
    assert ("Đơn vị B đạt 80,00/100,00 điểm, chỉ số 80,00% (chỉ số bình quân của khối: 83,50%), xếp thứ 2/3"
            in find(app, "cchc-paragraph").value)
    lists = find(app, "cchc-profile-lists").value
    cut = "<td>1.1 Tiêu chí 1.1 › 1.1.1 Tiêu chí thành phần 1.1.1</td>"  # the criterion, then the sub-criterion
    assert re.search(f'cchc-profile-cuts.*?{re.escape(cut)}<td class="num">15,00</td>.*?<td class="num">3,00</td>',
                     lists, re.S)
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


def test_paragraph_card_and_word_file_give_the_same_mean_the_group_mean_index():
    """five_units (tests/handmade.py): U1 91/100, U2 80/100, U3 70.5/100, U4 100/100, U5 68.32/84 (a leaf
    not applicable). The group's mean index is (91 + 80 + 70.5 + 100 + 68.32 / 84 × 100) / 5
    = (341.5 + 81.3333) / 5 = 84.5667 → "84,57"; the mean of points, (91 + 80 + 70.5 + 100 + 68.32) / 5
    = 81.964 ("81,96"), is what the announcement's "giá trị trung bình" gave and is shown nowhere."""
    ds = five_units()
    app = ui_profile.build(ds, cd.compute(ds))
    find(app, "cchc-unit").value = "U1"
    assert fields(app)["mean"] == "84,57" and fields(app)["rank"] == "2/5"
    assert '<div class="l">Chỉ số bình quân khối (%)</div><div class="v" data-field="mean">84,57' in (
        find(app, "cchc-profile-headline").value)
    paragraph = find(app, "cchc-paragraph").value
    assert paragraph == (
        "<h4>Tóm tắt</h4><p>Đơn vị U1 đạt 91,00/100,00 điểm, chỉ số 91,00% (chỉ số bình quân của khối: 84,57%), "
        "xếp thứ 2/5 các sở, ban, ngành, xếp loại Xuất sắc. Chưa có số liệu năm trước để so sánh.</p>"
    )
    assert "81,96" not in paragraph and "giá trị trung bình" not in paragraph
    find(app, "cchc-word").click()
    data = base64.b64decode(re.search(r"base64,([^\"]+)", find(app, "cchc-word-link").value).group(1))
    document = docx.Document(io.BytesIO(data))
    said = ("Đơn vị U1 đạt 91,00/100,00 điểm, chỉ số 91,00% (chỉ số bình quân của khối: 84,57%), xếp thứ 2/5 các sở, "
            "ban, ngành, xếp loại Xuất sắc. Chưa có số liệu năm trước để so sánh.")
    assert said in [p.text for p in document.paragraphs]
    figures = document.tables[0]
    assert [c.text for c in figures.rows[0].cells][-1] == "Chỉ số bình quân khối (%)"
    assert [c.text for c in figures.rows[1].cells] == ["91,00", "2/5", "Xuất sắc", "84,57"]


def test_the_paragraph_in_english_names_the_mean_index():
    """U5 of five_units: 68.32 of 84 points (2.1.1 does not apply), index 68.32 / 84 × 100 = 81.33, third
    after U4 (100) and U1 (91), band Good (≥ 80); the group's mean index 84.57 as worked out above."""
    ds = five_units()
    app = ui_profile.build(ds, cd.compute(ds))
    find(app, "cchc-unit").value = "U5"
    find(app, "cchc-lang").value = "en"
    try:
        assert find(app, "cchc-paragraph").value == (
            "<h4>Summary</h4><p>Đơn vị U5 scored 68.32 of 84.00 points, an index of 81.33% (the group&#x27;s mean "
            "index: 84.57%), ranked 3/5 among Departments, rated Good. There is no previous year to compare with.</p>"
        )
        assert fields(app)["mean"] == "84.57"
    finally:
        find(app, "cchc-lang").value = "vi"
