"""App tests of dashboard 3 (Mô phỏng), built in-process on the hand-worked five_units data.

five_units by hand: U4 100 (Xuất sắc), U1 91 (Xuất sắc), U5 68.32/84 = 81.33 (Tốt), U2 80 (Tốt),
U3 70.5 (Khá); scheme Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 65. Values are set on the widgets as the
browser would send them (every one is untrusted), and the HTML and chart specs are read back.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

import cchc_dash as cd
from cchc_dash.ui import whatif as ui_whatif

from .handmade import YEAR
from .htmltable import table
from .test_ui import find


def text(widget) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", widget.value).split())


@pytest.fixture
def app(five_units):
    return ui_whatif.build(five_units, cd.compute(five_units), lang="vi")


def pick(app, unit: str) -> None:
    find(app, "cchc-unit").value = unit


def test_opens_on_the_unit_nearest_its_next_band(app):
    """U5 needs 8.67 index points for Xuất sắc, U3 9.5 for Tốt, U2 10: U5 first."""
    assert find(app, "cchc-unit").value == "U5"
    assert "Cần thêm 7,28 điểm (chỉ số +8,67) để đạt Xuất sắc" in text(
        find(app, "cchc-headline")
    )  # 90 × 84 / 100 − 68.32


def test_editing_a_score_moves_index_rank_band_and_the_group_table(app):
    pick(app, "U3")
    find(app, "cchc-item-2-1-2").value = 39.5  # 70.5 + 9.5 = 80.00: level with U2, Tốt
    headline = text(find(app, "cchc-headline"))
    assert "Hiện tại 70,50 5/5 Khá Sau thay đổi 80,00 4/5 Tốt Δ +9,50" in headline
    assert "Cần thêm 10,00 điểm (chỉ số +10,00) để đạt Xuất sắc" in headline
    _, body = table(find(app, "cchc-whatif-ranking").value)
    assert [row[1] for row in body] == ["Đơn vị U4", "Đơn vị U1", "Đơn vị U5", "Đơn vị U2", "Đơn vị U3"]
    assert body[4] == ["5", "Đơn vị U3", "70,50", "80,00", "+9,50", "5/5", "4/5", "Tốt ← Khá"]
    assert body[3][6] == "4/5"  # U2 shares rank 4


def test_a_value_outside_the_item_is_refused_in_the_kernel(app):
    """The browser can raise an input's max and send 100 for a 44-point item: refused, old value back."""
    pick(app, "U3")
    box = find(app, "cchc-item-2-1-2")
    box.max = 1000.0
    box.value = 100.0
    assert box.value == 30.0
    assert "Giá trị không hợp lệ" in text(find(app, "cchc-message"))
    assert "Sau thay đổi 70,50 5/5 Khá" in text(find(app, "cchc-headline"))


def test_suggestion_then_reset(app):
    pick(app, "U3")
    find(app, "cchc-suggest").click()  # 9.5 points for Tốt: 2.1.2 alone, 30 → 39.5
    assert find(app, "cchc-item-2-1-2").value == 39.5
    assert "Sau thay đổi 80,00 4/5 Tốt" in text(find(app, "cchc-headline"))
    find(app, "cchc-reset").click()
    assert find(app, "cchc-item-2-1-2").value == 30.0
    assert "Sau thay đổi 70,50 5/5 Khá" in text(find(app, "cchc-headline"))


def test_the_scenario_downloads_and_opens_again(app):
    pick(app, "U3")
    find(app, "cchc-item-2-1-2").value = 44.0
    link = re.search(r'href="data:application/json;base64,([^"]+)"', find(app, "cchc-download").value).group(1)
    import base64

    data = json.loads(base64.b64decode(link))
    assert data["changes"] == [{"year": YEAR, "unit_id": "U3", "item_id": "2.1.2", "score": 44.0}]
    find(app, "cchc-reset").click()
    pick(app, "U1")
    find(app, "cchc-upload").value = (
        {
            "name": "kb.json",
            "type": "application/json",
            "size": 100,
            "last_modified": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            "content": memoryview(base64.b64decode(link)),
        },
    )
    assert find(app, "cchc-unit").value == "U3" and find(app, "cchc-item-2-1-2").value == 44.0
    assert "Sau thay đổi 84,50 3/5 Tốt" in text(find(app, "cchc-headline"))


@pytest.mark.parametrize(
    "content",
    [
        b"{broken",
        json.dumps(
            {
                "schema": "cchc_dash/scenario",
                "version": 1,
                "changes": [{"year": YEAR, "unit_id": "U3", "item_id": "2.1.2", "score": 99}],
            }
        ).encode(),
    ],
)
def test_a_bad_scenario_file_changes_nothing(app, content):
    pick(app, "U3")
    find(app, "cchc-item-1-1-1").value = 15.0
    find(app, "cchc-upload").value = (
        {
            "name": "xau.json",
            "type": "application/json",
            "size": len(content),
            "last_modified": dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            "content": memoryview(content),
        },
    )
    assert "Không mở được kịch bản" in text(find(app, "cchc-message"))
    assert find(app, "cchc-item-1-1-1").value == 15.0 and find(app, "cchc-item-2-1-2").value == 30.0


def test_thresholds_edited_for_the_year_and_group(app):
    pick(app, "U2")
    find(app, "cchc-scheme-text").value = "Xuất sắc>=90; Tốt>=85; Khá>=65; Yếu"  # the text box
    assert "Sau thay đổi 80,00 4/5 Khá" in text(find(app, "cchc-headline"))


def test_robustness_chart_after_a_run(app):
    find(app, "cchc-progress").value = 0
    find(app, "cchc-robust-run").click()
    spec = find(app, "cchc-robust").spec
    names = {r["unit_name"] for d in spec["datasets"].values() for r in d}
    assert names == {f"Đơn vị U{i}" for i in range(1, 6)}
    assert find(app, "cchc-progress").value == 1.0


def test_robustness_refuses_values_outside_its_controls(app):
    """A comm message can lift the bound of the draws box; 10 million draws are still refused."""
    drawn = find(app, "cchc-robust").spec
    find(app, "cchc-progress").value = 0
    draws = find(app, "cchc-draws")
    draws.max = 10**8
    draws.value = 10**7
    find(app, "cchc-robust-run").click()
    assert "Giá trị không hợp lệ" in text(find(app, "cchc-message"))
    assert find(app, "cchc-progress").value == 0 and find(app, "cchc-robust").spec == drawn


def test_a_unit_with_no_applicable_item_is_told_so_not_reached(five_units):
    """U3 with every item marked not applicable has no index: the headline says so, and nothing can be proposed."""
    scores = five_units.scores.copy()
    mine = scores["unit_id"] == "U3"
    scores.loc[mine, "applicable"], scores.loc[mine, "score"] = False, float("nan")
    ds = cd.Dataset(methodology=five_units.methodology, units=five_units.units, scores=scores, bands=five_units.bands)
    app = ui_whatif.build(ds, cd.compute(ds), lang="vi")
    pick(app, "U3")
    headline = text(find(app, "cchc-headline"))
    assert "Đơn vị không có tiêu chí nào áp dụng năm này: không có chỉ số để nâng" in headline
    assert "Đã ở loại cao nhất" not in headline
    assert find(app, "cchc-suggest").disabled
