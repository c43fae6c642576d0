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
from traitlets import TraitError

import cchc_dash as cd
from cchc_dash.ui import whatif as ui_whatif

from .handmade import YEAR
from .htmltable import table
from .test_ui import find, find_all


def text(widget) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", widget.value).split())


@pytest.fixture
def app(five_units):
    return ui_whatif.build(five_units, cd.compute(five_units), lang="vi")


def pick(app, unit: str) -> None:
    find(app, "cchc-unit").value = unit


def item(app, item_id: str):
    """The input of ``item_id``, its area's section opened as a click in the browser would (an
    area's inputs are built when its section first opens)."""
    sections = find(app, "cchc-items")
    sections.selected_index = next(i for i, title in enumerate(sections.titles)
                                   if title.startswith(item_id.split(".")[0] + "."))
    return find(app, "cchc-item-" + item_id.replace(".", "-"))


def test_opens_on_the_unit_nearest_its_next_band(app):
    """U5 needs 8.67 index points for Xuất sắc, U3 9.5 for Tốt, U2 10: U5 first."""
    assert find(app, "cchc-unit").value == "U5"
    assert "Cần thêm 7,28 điểm (chỉ số +8,67) để đạt Xuất sắc" in text(
        find(app, "cchc-headline")
    )  # 90 × 84 / 100 − 68.32


def test_editing_a_score_moves_index_rank_band_and_the_group_table(app):
    pick(app, "U3")
    item(app, "2.1.2").value = "39,5"  # 70.5 + 9.5 = 80.00: level with U2, Tốt
    headline = text(find(app, "cchc-headline"))
    assert "Hiện tại 70,50 5/5 Khá Sau thay đổi 80,00 4/5 Tốt Δ +9,50" in headline
    assert "Cần thêm 10,00 điểm (chỉ số +10,00) để đạt Xuất sắc" in headline
    _, body = table(find(app, "cchc-whatif-ranking").value)
    assert [row[1] for row in body] == ["Đơn vị U4", "Đơn vị U1", "Đơn vị U5", "Đơn vị U2", "Đơn vị U3"]
    assert body[4] == ["5", "Đơn vị U3", "70,50", "80,00", "+9,50", "5/5", "4/5", "Tốt ← Khá"]
    assert body[3][6] == "4/5"  # U2 shares rank 4


@pytest.mark.parametrize("sent", ["100", "44,01", "-1", "1e2", "abc", "1.000,5", "", "nan"])
def test_a_value_outside_the_item_is_refused_in_the_kernel(app, sent):
    """The browser can send anything for the 44-point item 2.1.2: above 44, negative, an exponent, words, a
    thousands separator, nothing — refused in the kernel with a message naming the bounds, old value back."""
    pick(app, "U3")
    box = item(app, "2.1.2")
    box.value = sent
    assert box.value == "30,00"
    assert text(find(app, "cchc-message")) == (
        "Điểm của 2.1.2 phải là một số từ 0 đến 44,00 (ví dụ 0,75); giữ giá trị cũ")
    assert "Sau thay đổi 70,50 5/5 Khá" in text(find(app, "cchc-headline"))


def test_scores_are_written_and_read_with_the_pages_decimal_mark(app):
    """U3's 1.1.2 holds 18.5 of 25 (tests/handmade.py): "18,50" in Vietnamese, "18.50" in English; "18.75" and
    "18,75" are both read as 18.75 (70.5 + 0.25 = 70.75), the maximum "25" is taken, and the label beside
    the box gives the maximum with the same mark."""
    pick(app, "U3")
    box = item(app, "1.1.2")
    assert box.value == "18,50"
    assert "(≤ 25,00)" in find_all(app, "cchc-item-label")[1].value
    box.value = "18.75"
    assert box.value == "18,75" and "Sau thay đổi 70,75" in text(find(app, "cchc-headline"))
    box.value = "25"
    assert box.value == "25,00" and "Sau thay đổi 77,00" in text(find(app, "cchc-headline"))
    find(app, "cchc-lang").value = "en"
    try:
        assert box.value == "25.00" and "(≤ 25.00)" in find_all(app, "cchc-item-label")[1].value
        box.value = "18,75"
        assert box.value == "18.75"
    finally:
        find(app, "cchc-lang").value = "vi"


def test_suggestion_then_reset(app):
    pick(app, "U3")
    find(app, "cchc-suggest").click()  # 9.5 points for Tốt: 2.1.2 alone, 30 → 39.5
    assert find(app, "cchc-item-2-1-2").value == "39,50"  # its section opened by the suggestion
    plan = find(app, "cchc-message").value
    assert ("<tr><td>2.1.2</td><td>Tiêu chí thành phần 2.1.2</td><td class=\"num\">30,00 → 39,50</td>"
            "<td class=\"num\">+9,50</td></tr>") in plan
    assert "Đã điền gợi ý: 1 tiêu chí thành phần" in text(find(app, "cchc-message"))
    assert find(app, "cchc-items").selected_index == 1  # area 2, where 2.1.2 is, opened
    assert "Sau thay đổi 80,00 4/5 Tốt" in text(find(app, "cchc-headline"))
    find(app, "cchc-reset").click()
    assert item(app, "2.1.2").value == "30,00"
    assert "Sau thay đổi 70,50 5/5 Khá" in text(find(app, "cchc-headline"))


def test_the_scenario_downloads_and_opens_again(app):
    pick(app, "U3")
    item(app, "2.1.2").value = "44,0"
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
    assert find(app, "cchc-unit").value == "U3" and item(app, "2.1.2").value == "44,00"
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
    item(app, "1.1.1").value = "15,0"
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
    assert item(app, "1.1.1").value == "15,00" and item(app, "2.1.2").value == "30,00"


def test_thresholds_edited_for_the_year_and_group(app):
    pick(app, "U2")
    find(app, "cchc-scheme-text").value = "Xuất sắc>=90; Tốt>=85; Khá>=65; Yếu"  # the text box
    assert "Sau thay đổi 80,00 4/5 Khá" in text(find(app, "cchc-headline"))


def test_robustness_chart_after_a_run(app):
    bar = find(app, "cchc-progress")
    seen: list[tuple[float, str, str]] = []
    bar.observe(lambda _: seen.append((bar.value, bar.description, bar.layout.display)), "value")
    assert bar.layout.display == "none"  # nothing running: no bar
    find(app, "cchc-robust-run").click()
    spec = find(app, "cchc-robust").spec
    names = {r["unit_name"] for d in spec["datasets"].values() for r in d}
    assert names == {f"Đơn vị U{i}" for i in range(1, 6)}
    assert seen[-1] == (1.0, "Đang chạy… 100%", "") and bar.layout.display == "none"  # shown while running
    assert "Đã chạy 1.000 lần thử." in text(find(app, "cchc-robust-note"))


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


def test_robustness_points_are_typed_with_the_pages_decimal_mark(app):
    """The ± points box reads "0,50" in Vietnamese and "0.50" in English; "0,75" drives the draws and
    is quoted back; text, a sign or a value above 5 are refused in the kernel and nothing is drawn."""
    box = find(app, "cchc-robust-points")
    assert box.value == "0,50"
    box.value = "0,75"
    find(app, "cchc-robust-run").click()
    assert "lệch ngẫu nhiên trong ± 0,75 điểm" in text(find(app, "cchc-robust-note"))
    drawn = find(app, "cchc-robust").spec
    for bad in ("abc", "-1", "5,5", "1e3"):
        box.value = bad
        find(app, "cchc-message").value = ""
        find(app, "cchc-robust-run").click()
        assert "Giá trị không hợp lệ" in text(find(app, "cchc-message")), bad
        assert find(app, "cchc-robust").spec == drawn
    box.value = "0,75"
    find(app, "cchc-lang").value = "en"
    assert box.value == "0.75"


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


# -- the session state, without widgets ------------------------------------------------------------

def test_the_session_keeps_only_edits_inside_the_bounds(five_units):
    """U3's 2.1.2 (max 44, scored 30): 44 kept; 44.5, −1, NaN, text, True and U5's non-applicable
    2.1.1 refused with nothing kept; back at 30 the edit is dropped."""
    session = ui_whatif.WhatIf(five_units, cd.compute(five_units))
    assert session.edit(YEAR, "U3", "2.1.2", 44.0) and list(session.edits.values()) == [44.0]
    for bad in (44.5, -1.0, float("nan"), "40", True, None):
        assert not session.edit(YEAR, "U3", "2.1.2", bad)
    assert not session.edit(YEAR, "U5", "2.1.1", 5.0) and not session.edit(YEAR, "U9", "2.1.2", 5.0)
    assert list(session.edits.values()) == [44.0]
    sim = session.evaluate(session.scenario("x", "", None, YEAR, "", True))
    u3 = sim.results.set_index("unit_id").loc["U3"]
    assert u3["index"] == pytest.approx(84.5) and u3["band"] == "Tốt"  # 70.5 − 30 + 44
    assert session.edit(YEAR, "U3", "2.1.2", 30)
    assert session.edits == {}


def test_a_scenario_is_loaded_only_when_every_change_fits_the_data(five_units):
    """A good scenario replaces the edits; one naming an unknown unit leaves them as they were."""
    session = ui_whatif.WhatIf(five_units, cd.compute(five_units))
    session.edit(YEAR, "U2", "1.1.1", 15.0)
    with pytest.raises(cd.ValidationError):
        session.load(cd.Scenario("xấu", [cd.ScoreChange(YEAR, "U99", "1.1.1", 1.0)]))
    assert list(session.edits.values()) == [15.0]
    session.load(cd.Scenario("tốt", [cd.ScoreChange(YEAR, "U3", "1.1.2", 25.0)]))
    assert list(session.edits.values()) == [25.0]
    assert session.evaluate(session.scenario("t", "", None, YEAR, "", True)).results.set_index("unit_id").loc[
        "U3", "index"] == pytest.approx(77.0)  # 70.5 − 18.5 + 25


def test_a_suggestion_adds_the_items_that_reach_the_next_band(five_units):
    """U3 (70.5, Khá) needs 9.5 points for Tốt: the suggestion's edits take it to 80 or more."""
    session = ui_whatif.WhatIf(five_units, cd.compute(five_units))
    sc = session.scenario("s", "", None, YEAR, "", True)
    session.evaluate(sc)
    plan = session.suggest(sc, YEAR, "U3")
    assert len(plan) == len(session.edits) >= 1
    after = session.evaluate(session.scenario("s", "", None, YEAR, "", True)).results.set_index("unit_id").loc["U3"]
    assert after["index"] >= 80.0 and after["band"] == "Tốt"


def test_a_suggestion_leaves_survey_items_alone_unless_ticked(five_units):
    """2.1.2 made a survey item: U3 → Tốt (9.5) by 1.1.2 to 25 (+6.5) and 1.1.1 to 13 (+3), the
    first section opened; ticked, 2.1.2 alone. Hand-worked in tests/test_whatif.py."""
    meth = five_units.methodology.copy()
    meth.loc[meth["item_id"] == "2.1.2", "kind"] = "survey"
    ds = five_units.replace(methodology=meth)
    app = ui_whatif.build(ds, cd.compute(ds))
    pick(app, "U3")
    find(app, "cchc-suggest").click()
    assert (item(app, "1.1.2").value, item(app, "1.1.1").value) == ("25,00", "13,00")
    assert find(app, "cchc-items").selected_index == 0 and item(app, "2.1.2").value == "30,00"
    find(app, "cchc-reset").click()
    find(app, "cchc-suggest-survey").value = True
    find(app, "cchc-suggest").click()
    assert item(app, "2.1.2").value == "39,50" and item(app, "1.1.2").value == "18,50"


def test_a_band_out_of_reach_says_how_many_points_are_short(five_units):
    """U3 → Tốt with every item but 1.1.1 a survey item: 1.1.1 to 15 (+5) leaves 4,5 points short."""
    meth = five_units.methodology.copy()
    meth.loc[meth["item_id"].isin(["1.1.2", "2.1.1", "2.1.2"]), "kind"] = "survey"
    ds = five_units.replace(methodology=meth)
    app = ui_whatif.build(ds, cd.compute(ds))
    pick(app, "U3")
    find(app, "cchc-suggest").click()
    assert item(app, "1.1.1").value == "15,00"
    assert ("Chưa đủ để lên loại: nâng mọi tiêu chí được chọn đến điểm tối đa vẫn còn thiếu 4,50 điểm."
            in text(find(app, "cchc-message")))


def test_item_inputs_share_their_layout_and_style(app):
    """Each widget model is created in the browser before the page shows: an area's items are one grid
    of label, box, label, box…, sharing one layout and one style per kind: two models per item; and
    only the open section's inputs exist until another section is opened."""
    assert len(find_all(app, "cchc-item-input")) == 2 and len(find_all(app, "cchc-item-grid")) == 1  # area 1
    for sent in (7, -1, "x"):  # the browser can send any index: refused, nothing is built for it
        with pytest.raises(TraitError):
            find(app, "cchc-items").selected_index = sent
    find(app, "cchc-items").selected_index = None  # every section closed
    assert len(find_all(app, "cchc-item-grid")) == 1
    pick(app, "U3")
    assert item(app, "2.1.2").value == "30,00" and item(app, "2.1.2").description == "Điểm"  # built, filled
    inputs = find_all(app, "cchc-item-input")
    labels = find_all(app, "cchc-item-label")
    grids = find_all(app, "cchc-item-grid")
    assert len(inputs) == len(labels) == 4  # five_units: items 1.1.1, 1.1.2, 2.1.1 and 2.1.2
    assert [len(g.children) for g in grids] == [4, 4]  # areas 1 and 2: label, box, label, box
    assert [w for g in grids for w in g.children] == [labels[0], inputs[0], labels[1], inputs[1],
                                                      labels[2], inputs[2], labels[3], inputs[3]]
    for widgets in (inputs, labels, grids):
        assert len({id(w.layout) for w in widgets}) == 1
    assert len({id(w.style) for w in inputs}) == len({id(w.style) for w in labels}) == 1
    assert grids[0].layout.grid_template_columns == "minmax(0, 430px) 150px"
    assert inputs[0].layout.width == "150px" and inputs[0].style.description_width == "initial"
