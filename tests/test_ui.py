"""App tests: the dashboards built in-process, driven like a user would drive them.

Each dashboard is built from ``cd.load_sample()`` or from the hand-made data of
tests/handmade.py; a test finds its widgets by CSS class (``widget._dom_classes``), sets
``.value`` as the browser would (Voilà forwards widget messages, so every value is user input),
and reads the HTML or the chart's Vega-Lite spec. Expected values never come from the package:
on hand-made data every rank, band and count is written out in the test; on the demo they are
worked out here with plain pandas (``demo_slice``) or are facts of the demo (20 departments in
2020, the published 2024 reference). Tests set every control they rely on, so their order does
not matter.
"""

from __future__ import annotations

import html
import json
import logging
import re
import warnings
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses import standings as ranking
from cchc_dash.core.bands import BandScheme
from cchc_dash.render.labels import fmt_num, t
from cchc_dash.render.theme import UNBANDED_COLOR, band_colors
from cchc_dash.ui import controls
from cchc_dash.ui import distribution as ui_distribution
from cchc_dash.ui import ranking as ui_ranking
from cchc_dash.ui import trends as ui_trends
from cchc_dash.ui.shell import dashboards

from . import handmade
from .htmltable import table

SO = "Sở, ban, ngành"
HUYEN = "UBND cấp huyện"
PRESET_B = "Tốt>=85; Khá>=75; Trung bình>=60; Yếu"  # scheme B's initial preset
ABC = "A>=90; B>=80; C>=70"

Spec = dict[str, Any]


# --- helpers ---------------------------------------------------------------------------

def walk(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """``root`` and every widget below it, depth first."""
    yield root
    for child in getattr(root, "children", ()):
        yield from walk(child)


def find_all(root: widgets.Widget, css: str) -> list[widgets.Widget]:
    """Widgets under ``root`` carrying the CSS class ``css``."""
    return [w for w in walk(root) if css in getattr(w, "_dom_classes", ())]


def find(root: widgets.Widget, css: str) -> widgets.Widget:
    """The one widget under ``root`` carrying ``css``."""
    found = find_all(root, css)
    assert len(found) == 1, f"{len(found)} widgets with class {css!r}"
    return found[0]


def of_type(root: widgets.Widget, kind: type) -> list[widgets.Widget]:
    """Widgets of a type under ``root``."""
    return [w for w in walk(root) if type(w) is kind]


def spec_of(chart: widgets.Widget) -> Spec:
    """The Vega-Lite spec a chart widget currently draws."""
    return chart.spec


def layers(spec: Spec) -> list[Spec]:
    """Every leaf layer of a spec."""
    if "layer" not in spec:
        return [spec]
    return [leaf for layer in spec["layer"] for leaf in layers(layer)]


def rows(spec: Spec, layer: Spec) -> list[dict[str, Any]]:
    """The data rows a layer draws."""
    data = layer.get("data") or spec.get("data") or {}
    return list(data["values"]) if "values" in data else list(spec["datasets"][data["name"]])


def of_mark(spec: Spec, kind: str) -> list[Spec]:
    """The layers drawn with mark ``kind``."""
    return [layer for layer in layers(spec)
            if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == kind]


def error_boxes(app: widgets.Widget, lang: str = "vi") -> list[widgets.Widget]:
    """HTML widgets showing the friendly error message (i18n key "error")."""
    text = html.escape(t("error", lang))
    return [w for w in walk(app) if isinstance(w, widgets.HTML) and text in w.value]




def demo_slice(ds: cd.Dataset, year: int, group: str) -> pd.DataFrame:
    """One (year, group) of the demo worked out with plain pandas, never with the package: per
    unit the points scored on the leaves that apply over those leaves' maxima × 100; competition
    ranks (equal indices share the better rank); ordered as the ranking table is (rank, name)."""
    meth = ds.methodology
    leaves = meth[(meth["year"] == year) & (meth["group"] == group) & (meth["level"] == "item")]
    names = ds.units.loc[ds.units["group"] == group, ["unit_id", "unit_name"]]
    sc = ds.scores[(ds.scores["year"] == year) & ds.scores["unit_id"].isin(names["unit_id"])]
    sc = sc.merge(leaves[["item_id", "max_points"]], on="item_id")
    per = sc[sc["applicable"].astype(bool)].groupby("unit_id")[["score", "max_points"]].sum()
    out = (per["score"] / per["max_points"] * 100).rename("index").reset_index().merge(names, on="unit_id")
    out["rank"] = out["index"].round(9).rank(ascending=False, method="min").astype(int)
    out["rank_of"] = len(out)
    return out.sort_values(["rank", "unit_name"], kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def sample() -> tuple[cd.Dataset, pd.DataFrame]:
    """The bundled demo province and its results."""
    ds = cd.load_sample()
    return ds, cd.compute(ds)


@pytest.mark.parametrize("module", [ui_ranking, ui_trends, ui_distribution], ids=["d1", "d2", "d4"])
def test_layouts_use_only_known_properties(module: Any, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Every Layout argument reaches the page: ipywidgets silently drops unknown ones (e.g. gap=)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module.build(*sample)
    dropped = [str(w.message).split("\n")[0] for w in caught if "unrecognized arguments" in str(w.message)]
    assert dropped == []


@pytest.mark.parametrize("module, title", [(ui_ranking, "Tổng quan Chỉ số CCHC"), (ui_trends, "So sánh qua các năm"),
                                           (ui_distribution, "Phân bố xếp loại")], ids=["d1", "d2", "d4"])
def test_header_links_the_other_dashboards_and_names_the_data(module: Any, title: str,
                                                              sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Every dashboard's header: its title, the others as relative links (itself not a link),
    and the data line naming the bundled demo."""
    header = html.unescape(module.build(*sample).children[0].value)
    links = re.findall(r'<a href="([^"]+)">', header)
    assert len(links) == len(dashboards()) - 1 and module.build.page.notebook not in links
    assert all(x.endswith(".ipynb") and "/" not in x for x in links)
    assert f'<span aria-current="page">{title}</span>' in header and f"<h1>{title}</h1>" in header
    assert "Dữ liệu: <b>Tỉnh Minh An (dữ liệu mô phỏng)</b> — dữ liệu mẫu đi kèm" in header


# =======================================================================================
# Dashboard 1 — Tổng quan
# =======================================================================================

@pytest.fixture(scope="module")
def d1(sample: tuple[cd.Dataset, pd.DataFrame]) -> widgets.VBox:
    """Dashboard 1, built once (the first offline chart widget takes a few seconds)."""
    return ui_ranking.build(*sample)


def set_d1(app: widgets.VBox, year: int, group: str = SO, lang: str = "vi") -> None:
    """Choose language, year and group as a user would, in that order."""
    find(app, "cchc-lang").value = lang
    find(app, "cchc-year").value = year
    find(app, "cchc-group").value = group


def test_d1_opens_on_the_latest_year(sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """A fresh dashboard shows 2025, the departments, 17 ranked units, and the simulated-data badge."""
    app = ui_ranking.build(*sample)
    assert find(app, "cchc-year").value == 2025
    assert find(app, "cchc-group").value == SO
    assert find(app, "cchc-group").options == ((SO, SO),)  # no district results in 2025
    _, body = table(find(app, "cchc-ranking").value)
    assert len(body) == 17 and body[0][4] == "1/17"
    assert "Dữ liệu mô phỏng" in app.children[0].value
    assert "cchc-app" in app._dom_classes
    assert error_boxes(app) == []


def test_d1_year_2020_ranks_twenty_departments(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Year → 2020: 20 rows, ranks "1/20" … "20/20", the units and indices of that year."""
    ds, _ = sample
    set_d1(d1, 2020)
    _, body = table(find(d1, "cchc-ranking").value)
    expected = demo_slice(ds, 2020, SO)
    assert len(body) == 20
    assert body[0][4] == "1/20"
    assert all(r[4].endswith("/20") for r in body)
    assert [r[1] for r in body] == expected["unit_name"].tolist()
    assert [r[3] for r in body] == [fmt_num(v, 2, "vi") for v in expected["index"]]
    assert [r[0] for r in body] == [str(i) for i in range(1, 21)]


def test_d1_ranking_rows_coloured_by_band(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Each row's pill has its band's colour from band_colors (Tốt is #5cb85c)."""
    ds, res = sample
    set_d1(d1, 2020)
    markup = find(d1, "cchc-ranking").value
    pills = re.findall(r'class="cchc-pill" style="background:(#[0-9a-f]{6});color:#[0-9a-f]{6}">([^<]*)<', markup)
    assert len(pills) == 20
    colors = band_colors(BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"))
    for colour, band in pills:
        assert colour == colors.get(html.unescape(band), UNBANDED_COLOR)
    assert ("#5cb85c", "Tốt") in pills


def test_d1_group_toggle_ranks_districts_out_of_ten(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Group → UBND cấp huyện: ten rows ranked "/10", the districts of that year."""
    ds, _ = sample
    set_d1(d1, 2020, HUYEN)
    _, body = table(find(d1, "cchc-ranking").value)
    assert len(body) == 10
    assert all(r[4].endswith("/10") for r in body) and body[0][4] == "1/10"
    assert [r[1] for r in body] == demo_slice(ds, 2020, HUYEN)["unit_name"].tolist()


def test_d1_year_without_the_group_falls_back(d1: widgets.VBox) -> None:
    """Districts picked, then 2025 (no district results): the group falls back to departments."""
    set_d1(d1, 2024, HUYEN)
    find(d1, "cchc-year").value = 2025
    assert find(d1, "cchc-group").value == SO
    assert find(d1, "cchc-group").options == ((SO, SO),)
    _, body = table(find(d1, "cchc-ranking").value)
    assert len(body) == 17 and body[-1][4] == "17/17"
    assert error_boxes(d1) == []


def test_d1_language_switches_headers_and_numbers(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Language → en: English headers, decimal points, English chart title and labels."""
    ds, _ = sample
    set_d1(d1, 2020, SO, "en")
    try:
        head, body = table(find(d1, "cchc-ranking").value)
        assert head == [["No.", "Unit", "Score", "Index (%)", "Rank", "Band", "Since last year"]]
        assert body[0][3] == fmt_num(demo_slice(ds, 2020, SO)["index"].iloc[0], 2, "en")
        assert "." in body[0][3] and "," not in body[0][3]
        assert spec_of(find(d1, "cchc-chart"))["title"] == "PAR INDEX by unit"
        assert find(d1, "cchc-year").description == "Year"
        assert "Simulated data" in d1.children[0].value
        assert "Mean index" in find(d1, "cchc-kpis-box").value
    finally:
        find(d1, "cchc-lang").value = "vi"
    head, _ = table(find(d1, "cchc-ranking").value)
    assert head == [["STT", "Đơn vị", "Điểm", "Chỉ số (%)", "Xếp hạng", "Xếp loại", "So với năm trước"]]
    assert spec_of(find(d1, "cchc-chart"))["title"] == "Chỉ số CCHC theo đơn vị"


def test_d1_chart_follows_year_and_thresholds(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """The dot plot shows the year's units and those of that year's thresholds that fall inside the units'
    spread, 3 points either side: 2021's departments span 69.63–98.02 (axis 66.63–100: Khá's 65 is off it),
    2022's span 70.23–98.56 (axis 67.23–100: Khá's 70, the 2022 change, is on it)."""
    ds, _ = sample
    set_d1(d1, 2021)
    spec = spec_of(find(d1, "cchc-chart"))
    dots = rows(spec, of_mark(spec, "circle")[0])
    expected = demo_slice(ds, 2021, SO)
    assert sorted(r["unit_name"] for r in dots) == sorted(expected["unit_name"])
    assert sorted(r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0])) == [80, 90]
    set_d1(d1, 2022)
    spec = spec_of(find(d1, "cchc-chart"))
    assert sorted(r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0])) == [70, 80, 90]


def test_d1_kpis_follow_the_slice(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Mean, best and worst of the slice; the national reference where one is published (2024)."""
    ds, _ = sample
    set_d1(d1, 2024)
    part = demo_slice(ds, 2024, SO)
    kpis = html.unescape(find(d1, "cchc-kpis-box").value)
    assert fmt_num(part["index"].mean(), 2, "vi") in kpis
    assert part["unit_name"].iloc[0] in kpis and part["unit_name"].iloc[-1] in kpis
    assert "88,37" in kpis  # published mean provincial PAR INDEX 2024
    set_d1(d1, 2025)
    assert "Tham chiếu toàn quốc" not in find(d1, "cchc-kpis-box").value  # none published for 2025


#: The data's common names that English mode must not show as written (hand-written).
VIETNAMESE_NAMES = ["Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def shown_text(app: widgets.VBox, css: list[str], charts: list[str], units: pd.Series) -> str:
    """Everything a reader sees in these HTML widgets (text without the tags) and charts (their
    specs with their data), without the units' own names, which stay Vietnamese."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", find(app, c).value)) for c in css)
    text += " ".join(json.dumps(spec_of(find(app, c)), ensure_ascii=False) for c in charts)
    for name in sorted(set(units), key=len, reverse=True):
        text = text.replace(name, "")
    return text


@pytest.mark.parametrize("year, group", [(2025, SO), (2024, HUYEN)])
def test_d1_english_shows_no_vietnamese_group_or_band(d1: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame],
                                                      year: int, group: str) -> None:
    """English: the group buttons, KPI cards, ranking, scheme note and chart name groups and bands in
    English ("Departments", "Good"); only the units keep their Vietnamese names."""
    _, res = sample
    set_d1(d1, year, group, lang="en")
    try:
        labels = [label for label, _ in find(d1, "cchc-group").options]
        assert labels[0] == "Departments" and (year == 2025 or labels[1] == "District People's Committees")
        assert find(d1, "cchc-group").value == group  # the value stays the data's name
        shown = shown_text(d1, ["cchc-kpis-box", "cchc-ranking", "cchc-scheme-note"], ["cchc-chart"], res["unit_name"])
        assert [n for n in VIETNAMESE_NAMES if n in shown] == []
        assert "Good" in shown and "Fair" in shown
    finally:
        set_d1(d1, 2025)
    assert "Tốt" in html.unescape(find(d1, "cchc-ranking").value)


# =======================================================================================
# Dashboard 2 — So sánh qua các năm
# =======================================================================================

@pytest.fixture(scope="module")
def d2(sample: tuple[cd.Dataset, pd.DataFrame]) -> widgets.VBox:
    """Dashboard 2, built once."""
    return ui_trends.build(*sample)


def set_d2(app: widgets.VBox, units: tuple[str, ...], years: tuple[int, int] = (2019, 2025), group: str = SO,
           lang: str = "vi") -> None:
    """Group, language, empty search, year range and units, as a user would set them."""
    find(app, "cchc-group").value = group
    find(app, "cchc-lang").value = lang
    find(app, "cchc-search").value = ""
    find(app, "cchc-years").value = years
    find(app, "cchc-units").value = units


def changes(app: widgets.VBox) -> list[list[str]]:
    """Body rows of the table of changes."""
    return table(find(app, "cchc-changes").value)[1]


def test_d2_search_filters_options_and_keeps_selection(d2: widgets.VBox) -> None:
    """"so tu phap" (no accents) finds Sở Tư pháp; the units already picked stay listed and picked."""
    set_d2(d2, ("S12", "S18"))
    find(d2, "cchc-search").value = "so tu phap"
    picker = find(d2, "cchc-units")
    ids = [v for _, v in picker.options]
    assert ("Sở Tư pháp", "S03") in picker.options
    assert sorted(ids) == ["S03", "S12", "S18"]
    assert picker.value == ("S12", "S18")
    find(d2, "cchc-search").value = ""
    assert len(picker.options) == 21  # S01–S21: every department ever ranked
    assert picker.value == ("S12", "S18")


def test_d2_selecting_units_changes_the_table(d2: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Units S03 and S12 over 2019–2025: one row each, with their 2019 and 2025 index and rank."""
    ds, _ = sample
    first, last = (demo_slice(ds, y, SO).set_index("unit_id") for y in (2019, 2025))
    set_d2(d2, ("S03",))
    assert [r[0] for r in changes(d2)] == ["Sở Tư pháp"]
    find(d2, "cchc-units").value = ("S03", "S12")
    body = {r[0]: r for r in changes(d2)}
    assert set(body) == {"Sở Tư pháp", "Sở Y tế"}
    for uid, name in (("S03", "Sở Tư pháp"), ("S12", "Sở Y tế")):
        a, b = first.loc[uid], last.loc[uid]
        r = body[name]
        assert r[1] == "2019" and r[5] == "2025"
        assert r[2] == fmt_num(a["index"], 2, "vi") and r[6] == fmt_num(b["index"], 2, "vi")
        assert r[3] == f"{a['rank']}/{a['rank_of']}" and r[7] == f"{b['rank']}/{b['rank_of']}"
        assert r[9] == fmt_num(b["index"] - a["index"], 2, "vi", sign=True)
        move = a["rank"] - b["rank"]  # positive: moved up
        assert r[10] == ("giữ nguyên" if move == 0 else f"▲ {move} bậc" if move > 0 else f"▼ {-move} bậc")
        assert r[11] == "có (1 lần)"  # the 2022 methodology change lies between 2019 and 2025


def test_d2_narrowing_years_removes_2019(d2: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Years 2020–2024: the changes start in 2020 and end in 2024; 2019 is gone."""
    ds, _ = sample
    set_d2(d2, ("S03", "S12"), (2019, 2025))
    assert {r[1] for r in changes(d2)} == {"2019"}
    find(d2, "cchc-years").value = (2020, 2024)
    body = changes(d2)
    assert len(body) == 2
    assert {r[1] for r in body} == {"2020"} and {r[5] for r in body} == {"2024"}
    assert "2019" not in {c for r in body for c in r}
    s03 = next(r for r in body if r[0] == "Sở Tư pháp")
    expected = demo_slice(ds, 2020, SO).set_index("unit_id").loc["S03", "index"]
    assert s03[2] == fmt_num(expected, 2, "vi")


def test_d2_trend_chart_marks_break_and_yearly_thresholds(d2: widgets.VBox) -> None:
    """Range 2019–2025: a break rule at 2021.5 and Khá 65 → 70; range 2022–2025: no break rule."""
    set_d2(d2, ("S03",), (2019, 2025))
    spec = spec_of(find(d2, "cchc-trend"))
    rules = [r for layer in of_mark(spec, "rule") for r in rows(spec, layer)]
    assert [r["x"] for r in rules if "min_index" not in r] == [2021.5]
    khá = {int(r["year"]): r["min_index"] for r in rules if r.get("label") == "Khá"}
    assert khá[2021] == 65 and khá[2022] == 70
    for layer in layers(spec):
        assert layer["encoding"]["x"]["scale"]["domain"] == [2018.5, 2025.5]
    assert "2022" in find(d2, "cchc-notes").value
    find(d2, "cchc-years").value = (2022, 2025)
    spec = spec_of(find(d2, "cchc-trend"))
    rules = [r for layer in of_mark(spec, "rule") for r in rows(spec, layer)]
    assert [r for r in rules if "min_index" not in r] == []
    assert {r["min_index"] for r in rules if r.get("label") == "Khá"} == {70}


def test_d2_bump_chart_follows_selection(d2: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """The rank chart has one point per picked unit and year, rank 1 on top."""
    ds, _ = sample
    set_d2(d2, ("S03", "S12"), (2020, 2023))
    spec = spec_of(find(d2, "cchc-bump"))
    data = rows(spec, layers(spec)[0])
    assert len(data) == 8
    assert {r["unit_name"] for r in data} == {"Sở Tư pháp", "Sở Y tế"}
    assert all(layer["encoding"]["y"]["scale"]["reverse"] is True for layer in layers(spec))
    r2021 = demo_slice(ds, 2021, SO).set_index("unit_id").loc["S12"]
    assert {(r["unit_name"], r["year"]): r["rank"] for r in data}[("Sở Y tế", 2021)] == r2021["rank"]


def test_d2_merged_unit_shows_predecessors(d2: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """S21 was formed in 2025 from S06 and S07: its change starts from its predecessors, noted."""
    _, res = sample
    set_d2(d2, ("S21",))
    body = changes(d2)
    assert len(body) == 1
    names = res[res["unit_id"].isin(["S06", "S07"])].drop_duplicates("unit_id")["unit_name"]
    assert body[0][0].startswith("Sở Nông nghiệp và Môi trường")
    assert "←" in body[0][0] and all(n in body[0][0] for n in names)
    assert t("predecessor_note") in html.unescape(find(d2, "cchc-notes").value)


def test_d2_empty_selection_shows_pick_units_note(d2: widgets.VBox) -> None:
    """No unit picked: the "pick units" note, an empty table, no error."""
    set_d2(d2, ("S03",))
    find(d2, "cchc-units").value = ()
    assert t("pick_units") in html.unescape(find(d2, "cchc-notes").value)
    assert find(d2, "cchc-changes").value == ""
    assert error_boxes(d2) == []
    find(d2, "cchc-lang").value = "en"
    try:
        assert t("pick_units", "en") in find(d2, "cchc-notes").value
    finally:
        find(d2, "cchc-lang").value = "vi"


def test_d2_search_without_match_keeps_picked_units(d2: widgets.VBox) -> None:
    """A search that finds nothing leaves only the picked units listed."""
    set_d2(d2, ("S03",))
    find(d2, "cchc-search").value = "khong co don vi nay"
    picker = find(d2, "cchc-units")
    assert [v for _, v in picker.options] == ["S03"] and picker.value == ("S03",)
    assert "Không tìm thấy đơn vị nào" in html.unescape(find(d2, "cchc-units-none").value)
    find(d2, "cchc-lang").value = "en"
    try:
        assert "No unit found" in find(d2, "cchc-units-none").value
    finally:
        find(d2, "cchc-lang").value = "vi"
    find(d2, "cchc-search").value = "so tu phap"
    assert find(d2, "cchc-units-none").value == ""
    find(d2, "cchc-search").value = ""


def unit_box(app: widgets.VBox, name: str) -> widgets.Checkbox:
    """The checkbox of the unit listed as ``name`` in the unit picker."""
    boxes = [b for b in find(app, "cchc-units").list.children if b.description == name]
    assert len(boxes) == 1, name
    return boxes[0]


def test_d2_plain_clicks_add_and_remove_units(d2: widgets.VBox) -> None:
    """A click on an unticked unit adds it to those picked (the table gets its row); a click on
    a ticked one removes it; no Ctrl needed."""
    set_d2(d2, ("S03",))
    unit_box(d2, "Sở Y tế").value = True  # what a click in the browser sends
    assert find(d2, "cchc-units").value == ("S03", "S12")
    assert sorted(r[0] for r in changes(d2)) == ["Sở Tư pháp", "Sở Y tế"]
    unit_box(d2, "Sở Tư pháp").value = False
    assert find(d2, "cchc-units").value == ("S12",)
    assert [r[0] for r in changes(d2)] == ["Sở Y tế"]
    assert unit_box(d2, "Sở Y tế").value and not unit_box(d2, "Sở Tư pháp").value


def test_d2_picker_keeps_only_ids_of_the_group(d2: widgets.VBox) -> None:
    """Ids that are not departments (a district, an unknown id, a non-string) are dropped, as
    are repeats; the boxes ticked are exactly the ids kept."""
    set_d2(d2, ("S03",))
    picker = find(d2, "cchc-units")
    picker.value = ("S12", "H01", "ZZZ", 7, "S12", "S03")
    assert picker.value == ("S12", "S03")
    assert sorted(b.description for b in picker.list.children if b.value) == ["Sở Tư pháp", "Sở Y tế"]
    assert error_boxes(d2) == []


def test_d2_group_change_resets_units(d2: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Group → districts: only district units are listed and picked, the table shows districts."""
    _, res = sample
    set_d2(d2, ("S03",))
    find(d2, "cchc-group").value = HUYEN
    picker = find(d2, "cchc-units")
    districts = set(res.loc[res["group"] == HUYEN, "unit_id"])
    assert {v for _, v in picker.options} == districts
    assert picker.value and set(picker.value) <= districts
    assert {r[0] for r in changes(d2)} <= set(res.loc[res["group"] == HUYEN, "unit_name"])
    find(d2, "cchc-group").value = SO


def test_d2_unit_boxes_share_one_layout_and_style_and_a_new_group_closes_the_old_boxes(d2: widgets.VBox) -> None:
    """Every unit's checkbox has the same layout and style models (a page receives one model per
    layout or style: 21 units, 23 models, not 63); after a switch of group the previous list's
    boxes are closed (no longer widgets of the kernel), the shared layout and style stay open."""
    picker = find(d2, "cchc-units")
    boxes = list(picker.list.children)
    assert len(boxes) == 21
    assert len({b.layout.model_id for b in boxes}) == 1 and len({b.style.model_id for b in boxes}) == 1
    assert boxes[0].layout.width == "100%"
    find(d2, "cchc-group").value = HUYEN
    try:
        assert all(b.comm is None for b in boxes)
        new = list(picker.list.children)
        assert new and all(b.comm is not None for b in new)
        assert new[0].layout is boxes[0].layout and new[0].layout.comm is not None and new[0].style.comm is not None
    finally:
        find(d2, "cchc-group").value = SO


def test_d2_language_switches_headers(d2: widgets.VBox) -> None:
    """Language → en: English headers of the table of changes."""
    set_d2(d2, ("S03",), lang="en")
    try:
        head, _ = table(find(d2, "cchc-changes").value)
        assert head[0][:3] == ["Unit", "From", "Index (%)"]
        assert spec_of(find(d2, "cchc-trend"))["title"].startswith("PAR INDEX by year")
    finally:
        find(d2, "cchc-lang").value = "vi"
    head, _ = table(find(d2, "cchc-changes").value)
    assert head[0][:3] == ["Đơn vị", "Từ", "Chỉ số (%)"]


def test_d2_english_shows_no_vietnamese_group_band_area_or_series(d2: widgets.VBox,
                                                                   sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """English: group buttons, table of changes, notes, trend, heat map and reference chart use
    the English names of groups, bands, areas and the national series."""
    _, res = sample
    set_d2(d2, ("S03", "S12"), lang="en")
    try:
        assert ([label for label, _ in find(d2, "cchc-group").options][:2]
                == ["Departments", "District People's Committees"])
        shown = shown_text(
            d2, ["cchc-changes", "cchc-notes"], ["cchc-trend", "cchc-heat", "cchc-ref"], res["unit_name"]
        )
        leaks = VIETNAMESE_NAMES + ["Cải cách thủ tục hành chính", "SIPAS toàn quốc", "PAR INDEX bình quân các tỉnh"]
        assert [n for n in leaks if n in shown] == []
        assert "Administrative procedure reform" in shown and "National SIPAS" in shown and "Departments mean" in shown
    finally:
        set_d2(d2, ("S03",))


def test_d2_years_without_group_data_give_valid_specs(d2: widgets.VBox) -> None:
    """Districts over 2025 only (they have no 2025 results): no error, and every chart spec
    is JSON-compliant (a NaN in a scale domain cannot travel to the browser)."""
    set_d2(d2, (), group=HUYEN)
    find(d2, "cchc-units").value = tuple(v for _, v in find(d2, "cchc-units").options[:2])
    find(d2, "cchc-years").value = (2025, 2025)
    try:
        assert error_boxes(d2) == []
        for css in ("cchc-trend", "cchc-bump", "cchc-heat", "cchc-ref"):
            json.dumps(spec_of(find(d2, css)), allow_nan=False)
    finally:
        set_d2(d2, ("S03",))


def test_d2_year_range_from_the_browser_is_clipped(d2: widgets.VBox) -> None:
    """A comm message can widen the slider's bounds: ±1,000,000 years are cut to the data's 2019–2025."""
    set_d2(d2, ("S03",))
    slider = find(d2, "cchc-years")
    try:
        slider.min, slider.max = -1_000_000, 1_000_000
        slider.value = (-1_000_000, 1_000_000)
        assert error_boxes(d2) == []
        (row,) = changes(d2)
        assert (row[1], row[5]) == ("2019", "2025")
    finally:
        slider.value = (2019, 2025)
        slider.min, slider.max = 2019, 2025


# =======================================================================================
# Dashboard 4 — Phân bố xếp loại
# =======================================================================================


@pytest.fixture(scope="module")
def d4(sample: tuple[cd.Dataset, pd.DataFrame]) -> widgets.VBox:
    """Dashboard 4, built once."""
    return ui_distribution.build(*sample)


def editor(app: widgets.VBox, which: str) -> tuple[widgets.Dropdown, widgets.Text, widgets.VBox]:
    """Scheme A's or B's (preset dropdown, text box, editor box)."""
    box = find(app, f"cchc-scheme-{which}")
    (choice,), (text,) = of_type(box, widgets.Dropdown), of_type(box, widgets.Text)
    return choice, text, box


def editor_errors(box: widgets.VBox) -> list[str]:
    """The error boxes (class cchc-error) shown under a scheme editor."""
    return [w.value for w in walk(box) if isinstance(w, widgets.HTML) and "cchc-error" in w.value]


def side_counts(app: widgets.VBox, col: str) -> dict[str, int]:
    """Band → count in the side-by-side table of scheme A ("band_a") or B ("band_b")."""
    markup = find(app, "cchc-side").value
    block = re.search(rf'data-scheme="{col}">(.*?)</table>', markup, re.S)
    assert block, f"no {col} table"
    return {html.unescape(b): int(n) for b, n in re.findall(r'data-band="([^"]*)">(\d+)<', block.group(1))}


def reset_d4(app: widgets.VBox, group: str = SO, year: int = 2025) -> None:
    """Departments, the year, Vietnamese, A = the province's configuration, B = its initial preset."""
    find(app, "cchc-group").value = group
    find(app, "cchc-year").value = year
    find(app, "cchc-lang").value = "vi"
    for which, choice in (("a", controls.STORED), ("b", PRESET_B)):
        drop, text, box = editor(app, which)
        text.value = PRESET_B  # a valid text clears any earlier error message
        drop.value = choice
        assert editor_errors(box) == []


@pytest.mark.parametrize("bad", ["Khá; Tốt>=80", "Tốt>=120; Yếu", "Tốt>=; Yếu", "Tốt>=80; Tốt>=70", "   "])
def test_d4_other_invalid_schemes_are_rejected(d4: widgets.VBox, bad: str) -> None:
    """A floor band not last, a threshold above 100, a missing number, a repeated label, blank text."""
    reset_d4(d4)
    _, text, box = editor(d4, "b")
    before = side_counts(d4, "band_b")
    text.value = bad
    assert len(editor_errors(box)) == 1, bad
    assert side_counts(d4, "band_b") == before


def test_d4_invalid_scheme_message_follows_language(d4: widgets.VBox) -> None:
    """In English the editor's error heading is English ("The scheme is not valid…")."""
    reset_d4(d4)
    find(d4, "cchc-lang").value = "en"
    try:
        _, text, box = editor(d4, "b")
        text.value = "Tốt>=80; Khá>=90"
        (message,) = editor_errors(box)
        assert html.escape(t("scheme_invalid", "en")) in message
    finally:
        reset_d4(d4)


def test_d4_group_change_resets_years(d4: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Districts (results up to 2024): the year lists end in 2024 and the counts are the districts'."""
    ds, _ = sample
    reset_d4(d4)
    find(d4, "cchc-group").value = HUYEN
    try:
        assert find(d4, "cchc-year").value == 2024
        assert max(find(d4, "cchc-year").options) == 2024
        assert (find(d4, "cchc-from").value, find(d4, "cchc-to").value) == (2023, 2024)
        index = demo_slice(ds, 2024, HUYEN)["index"]  # PRESET_B's floors 85, 75, 60 by hand
        assert side_counts(d4, "band_b") == {
            "Tốt": int((index >= 85).sum()),
            "Khá": int(((index >= 75) & (index < 85)).sum()),
            "Trung bình": int(((index >= 60) & (index < 75)).sum()),
            "Yếu": int((index < 60).sum()),
        }
        assert sum(side_counts(d4, "band_a").values()) == 10
    finally:
        reset_d4(d4)


def test_d4_language_switches_labels(d4: widgets.VBox) -> None:
    """Language → en: English side table and chart titles."""
    reset_d4(d4)
    find(d4, "cchc-lang").value = "en"
    try:
        assert "Scheme A" in find(d4, "cchc-side").value
        assert spec_of(find(d4, "cchc-stack"))["title"] == "Units per band by year"
        assert editor(d4, "a")[0].options[0][0] == t("stored_scheme", "en")
    finally:
        reset_d4(d4)


def test_d4_english_shows_no_vietnamese_group_or_band(
    d4: widgets.VBox, sample: tuple[cd.Dataset, pd.DataFrame]
) -> None:
    """English: group buttons, preset names, the two schemes' counts and cross-table, and the three
    charts name groups and bands in English."""
    _, res = sample
    reset_d4(d4)
    find(d4, "cchc-lang").value = "en"
    try:
        assert [label for label, _ in find(d4, "cchc-group").options][0] == "Departments"
        presets = [label for label, _ in editor(d4, "a")[0].options]
        assert "Excellent / Good / Fair / Average / Weak (not verified)" in presets
        shown = shown_text(d4, ["cchc-side"], ["cchc-stack", "cchc-hist", "cchc-migration"], res["unit_name"])
        shown += " ".join(presets)
        assert [n for n in VIETNAMESE_NAMES if n in shown] == []
        assert "Excellent" in shown and "Weak" in shown
    finally:
        reset_d4(d4)


# =======================================================================================
# Hand-made data (tests/handmade.py two_years): every rank, band and count written out.
#   2022: A 88 → 1/4 Tốt; B 80 and C 80 → tied 2/4, Tốt (80 is Tốt's floor); D 70 → 4/4 Khá
#   2023: A 100 → 1/3 Xuất sắc; B 80 → 2/3 Tốt; E 70.5 → 3/3 Khá (E is C and D merged)
#   Both years: Xuất sắc ≥ 90; Tốt ≥ 80; Khá ≥ 65; Trung bình ≥ 50; Yếu.
# A band rule that drops the floor (80 → Khá) or a rank rule that breaks ties (C 3/4, D 3/4
# or 4/4) changes a cell written here.
# =======================================================================================


@pytest.fixture(scope="module")
def handmade_data() -> tuple[cd.Dataset, pd.DataFrame]:
    """two_years and its results (the dashboards need both; the expectations are typed below)."""
    ds = handmade.two_years()
    return ds, cd.compute(ds)


def kpi_text(app: widgets.VBox) -> str:
    """The KPI cards as one line of text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", find(app, "cchc-kpis-box").value)).split())


def test_hm_d1_opens_on_2023_ranked_by_hand(handmade_data: tuple[cd.Dataset, pd.DataFrame]) -> None:
    app = ui_ranking.build(*handmade_data)
    _, body = table(find(app, "cchc-ranking").value)
    assert body == [
        ["1", "Đơn vị A", "100,00", "100,00", "1/3", "Xuất sắc", "giữ nguyên · +12,00"],  # 2022: 1/4, 88
        ["2", "Đơn vị B", "80,00", "80,00", "2/3", "Tốt", "giữ nguyên · +0,00"],  # 2022: 2/4 (tied), 80
        ["3", "Đơn vị E", "70,50", "70,50", "3/3", "Khá", "–"],  # new in 2023 (C and D merged)
    ]
    kpis = kpi_text(app)
    assert "Chỉ số bình quân 83,50 3 đơn vị được xếp hạng" in kpis  # (100 + 80 + 70.5) / 3
    assert "Cao nhất 100,00 Đơn vị A" in kpis and "Thấp nhất 70,50 Đơn vị E" in kpis
    assert "Thay đổi lớn nhất so với năm trước +12,00 Đơn vị A" in kpis  # 88 → 100


def test_hm_d1_2022_ties_share_a_rank_and_the_floor_is_inclusive(
    handmade_data: tuple[cd.Dataset, pd.DataFrame],
) -> None:
    """2022: B and C both 2/4, D 4/4 (competition ranking); 80.00 is Tốt; pills in the band's colour."""
    app = ui_ranking.build(*handmade_data)
    find(app, "cchc-year").value = 2022
    _, body = table(find(app, "cchc-ranking").value)
    assert body == [
        ["1", "Đơn vị A", "88,00", "88,00", "1/4", "Tốt", "–"],  # 2022 is the first year
        ["2", "Đơn vị B", "80,00", "80,00", "2/4", "Tốt", "–"],
        ["3", "Đơn vị C", "80,00", "80,00", "2/4", "Tốt", "–"],
        ["4", "Đơn vị D", "70,00", "70,00", "4/4", "Khá", "–"],
    ]
    pills = re.findall(
        r'class="cchc-pill" style="background:(#[0-9a-f]{6});[^"]*">([^<]*)<', find(app, "cchc-ranking").value
    )
    assert [html.unescape(b) for _, b in pills] == ["Tốt", "Tốt", "Tốt", "Khá"]
    assert {c for c, b in pills if b == "Tốt"} == {"#5cb85c"}
    kpis = kpi_text(app)
    assert "Chỉ số bình quân 79,50 4 đơn vị được xếp hạng" in kpis  # (88 + 80 + 80 + 70) / 4
    assert "Cao nhất 88,00 Đơn vị A" in kpis and "Thấp nhất 70,00 Đơn vị D" in kpis
    spec = spec_of(find(app, "cchc-chart"))
    dots = {r["unit_name"]: (r["index"], r["rank_text"], r["band"]) for r in rows(spec, of_mark(spec, "circle")[0])}
    assert dots == {
        "Đơn vị A": (88.0, "1/4", "Tốt"),
        "Đơn vị B": (80.0, "2/4", "Tốt"),
        "Đơn vị C": (80.0, "2/4", "Tốt"),
        "Đơn vị D": (70.0, "4/4", "Khá"),
    }
    # the axis spans 70 − 3 = 67 to 88 + 3 = 91: of 90, 80, 65 and 50 only 80 and 90 are on it
    assert sorted(r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0])) == [80, 90]


def test_hm_d1_five_units_rank_the_not_applicable_leaf_on_84_points(five_units: cd.Dataset) -> None:
    """five_units: U5 scores 68.32 of the 84 points that apply → 81.33, Tốt, 3rd; U2 80.00 is Tốt."""
    app = ui_ranking.build(five_units, cd.compute(five_units))
    _, body = table(find(app, "cchc-ranking").value)
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in body] == [
        ("Đơn vị U4", "100,00", "100,00", "1/5", "Xuất sắc"),
        ("Đơn vị U1", "91,00", "91,00", "2/5", "Xuất sắc"),
        ("Đơn vị U5", "68,32", "81,33", "3/5", "Tốt"),
        ("Đơn vị U2", "80,00", "80,00", "4/5", "Tốt"),
        ("Đơn vị U3", "70,50", "70,50", "5/5", "Khá"),
    ]


def test_hm_d2_changes_bump_and_trend_written_out(handmade_data: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """A, B and E over 2022–2023: each row's index, rank and band at both ends, the rank change in
    places (A and B keep theirs; E has two predecessors, so no single rank to compare) and no
    methodology change crossed; E starts from C and D."""
    app = ui_trends.build(*handmade_data)
    find(app, "cchc-units").value = ("A", "B", "E")
    assert changes(app) == [
        [
            "Đơn vị A",
            "2022",
            "88,00",
            "1/4",
            "Tốt",
            "2023",
            "100,00",
            "1/3",
            "Xuất sắc",
            "+12,00",
            "giữ nguyên",
            "không",
        ],
        ["Đơn vị B", "2022", "80,00", "2/4", "Tốt", "2023", "80,00", "2/3", "Tốt", "+0,00", "giữ nguyên", "không"],
        [
            "Đơn vị E ← Đơn vị C; Đơn vị D",
            "2022",
            "–",
            "–",
            "Tốt; Khá",
            "2023",
            "70,50",
            "3/3",
            "Khá",
            "–",
            "–",
            "không",
        ],
    ]
    spec = spec_of(find(app, "cchc-bump"))
    assert {(r["unit_id"], r["year"]): r["rank_text"] for r in rows(spec, layers(spec)[0])} == {
        ("A", 2022): "1/4",
        ("A", 2023): "1/3",
        ("B", 2022): "2/4",
        ("B", 2023): "2/3",
        ("E", 2023): "3/3",
    }
    spec = spec_of(find(app, "cchc-trend"))
    line = rows(spec, of_mark(spec, "line")[0])
    assert {(r["unit_id"], r["year"]): (r["index"], r["band"]) for r in line} == {
        ("A", 2022): (88.0, "Tốt"),
        ("A", 2023): (100.0, "Xuất sắc"),
        ("B", 2022): (80.0, "Tốt"),
        ("B", 2023): (80.0, "Tốt"),
        ("C", 2022): (80.0, "Tốt"),
        ("D", 2022): (70.0, "Khá"),
        ("E", 2023): (70.5, "Khá"),
    }
    assert {r["line"] for r in line if r["predecessor"]} == {
        "Đơn vị C (tiền thân của Đơn vị E)",
        "Đơn vị D (tiền thân của Đơn vị E)",
    }


@pytest.fixture
def hm4(handmade_data: tuple[cd.Dataset, pd.DataFrame]) -> widgets.VBox:
    """Dashboard 4 on two_years (2023; A = the stored scheme, B = PRESET_B)."""
    return ui_distribution.build(*handmade_data)


#: Stored scheme (Xuất sắc ≥ 90; Tốt ≥ 80; Khá ≥ 65; Trung bình ≥ 50; Yếu) and PRESET_B
#: (Tốt ≥ 85; Khá ≥ 75; Trung bình ≥ 60; Yếu), counted by hand from the indices above.
HM_COUNTS = {
    2023: (
        {"Xuất sắc": 1, "Tốt": 1, "Khá": 1, "Trung bình": 0, "Yếu": 0},  # 100, 80, 70.5
        {"Tốt": 1, "Khá": 1, "Trung bình": 1, "Yếu": 0},
    ),
    2022: (
        {"Xuất sắc": 0, "Tốt": 3, "Khá": 1, "Trung bình": 0, "Yếu": 0},  # 88, 80, 80, 70
        {"Tốt": 1, "Khá": 2, "Trung bình": 1, "Yếu": 0},
    ),
}


@pytest.mark.parametrize("year", [2023, 2022])
def test_hm_d4_counts_of_both_schemes(hm4: widgets.VBox, year: int) -> None:
    find(hm4, "cchc-year").value = year
    assert (side_counts(hm4, "band_a"), side_counts(hm4, "band_b")) == HM_COUNTS[year]


def test_hm_d4_typed_scheme_b_counts_the_units_on_its_floors(hm4: widgets.VBox) -> None:
    """2022, "Giỏi>=88; Đạt>=70; Chưa đạt": A (88) is Giỏi and D (70) Đạt, both on a floor."""
    find(hm4, "cchc-year").value = 2022
    choice, text, box = editor(hm4, "b")
    text.value = "Giỏi>=88; Đạt>=70; Chưa đạt"
    assert side_counts(hm4, "band_b") == {"Giỏi": 1, "Đạt": 3, "Chưa đạt": 0}
    assert side_counts(hm4, "band_a") == HM_COUNTS[2022][0]
    assert choice.value == controls.CUSTOM and editor_errors(box) == []
    spec = spec_of(find(hm4, "cchc-hist"))
    assert {r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0]) if r["scheme"] == t("scheme_b")} == {88, 70}


def test_hm_d4_invalid_scheme_keeps_the_last_valid_one(hm4: widgets.VBox) -> None:
    """ "Đạt>=75": 2023 A, B Đạt, E not; a rising scheme is refused and the counts stay; 2022 under
    the kept scheme: A, B, C Đạt, D not; "Đạt>=70": all four."""
    _, text, box = editor(hm4, "b")
    text.value = "Đạt>=75; Chưa đạt"
    assert side_counts(hm4, "band_b") == {"Đạt": 2, "Chưa đạt": 1}
    text.value = "Tốt>=80; Khá>=90"
    assert len(editor_errors(box)) == 1 and error_boxes(hm4) == []
    assert side_counts(hm4, "band_b") == {"Đạt": 2, "Chưa đạt": 1}
    find(hm4, "cchc-year").value = 2022
    assert side_counts(hm4, "band_b") == {"Đạt": 3, "Chưa đạt": 1}
    text.value = "Đạt>=70; Chưa đạt"
    assert editor_errors(box) == [] and side_counts(hm4, "band_b") == {"Đạt": 4, "Chưa đạt": 0}


def test_hm_d4_preset_for_scheme_a_recounts_the_stack(hm4: widgets.VBox) -> None:
    """A → "A>=90; B>=80; C>=70": 2022 B 3 (88, 80, 80), C 1 (70); 2023 A, B, C one each."""
    before = spec_of(find(hm4, "cchc-stack"))
    choice, text, _ = editor(hm4, "a")
    choice.value = ABC
    assert text.value == ABC
    spec = spec_of(find(hm4, "cchc-stack"))
    bars = of_mark(spec, "bar")[0]
    assert {(r["year"], r["band"]): (r["count"], r["share_text"]) for r in rows(spec, bars)} == {
        (2022, "B"): (3, "75,0%"),
        (2022, "C"): (1, "25,0%"),
        (2023, "A"): (1, "33,3%"),
        (2023, "B"): (1, "33,3%"),
        (2023, "C"): (1, "33,3%"),
    }
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"][:3] == ["A", "B", "C"]
    assert dict(zip(scale["domain"], scale["range"]))["A"] == band_colors(BandScheme.parse(ABC))["A"]
    assert side_counts(hm4, "band_a") == {"A": 1, "B": 1, "C": 1}
    choice.value = controls.STORED
    assert spec_of(find(hm4, "cchc-stack")) == before


def test_hm_d4_migration_follows_each_unit_to_its_successor(hm4: widgets.VBox) -> None:
    """2022 → 2023: A Tốt → Xuất sắc, B Tốt → Tốt, C Tốt → Khá and D Khá → Khá (both now E)."""
    find(hm4, "cchc-from").value = 2022
    find(hm4, "cchc-to").value = 2023
    spec = spec_of(find(hm4, "cchc-migration"))
    cells = {(r["from_band"], r["to_band"]): r["count"] for r in rows(spec, of_mark(spec, "rect")[0])}
    assert {k: v for k, v in cells.items() if v} == {
        ("Tốt", "Xuất sắc"): 1,
        ("Tốt", "Tốt"): 1,
        ("Tốt", "Khá"): 1,
        ("Khá", "Khá"): 1,
    }
    assert sum(cells.values()) == 4
    assert spec["title"] == "Chuyển dịch xếp loại 2022 → 2023"


# =======================================================================================
# The error guard: a failing callback shows a friendly message, never an exception
# =======================================================================================


def _boom(*_: object, **__: object) -> None:
    """Stands in for a function the render calls, and fails."""
    raise RuntimeError("simulated failure")


# (dashboard, set first, then the control's CSS class and new value, module attribute the render calls)
FAILURES = [
    pytest.param(ui_ranking, {"cchc-year": 2024}, "cchc-group", HUYEN, (ranking, "kpis"), id="d1-group"),
    pytest.param(ui_ranking, {}, "cchc-year", 2020, (ranking, "kpis"), id="d1-year"),
    pytest.param(ui_trends, {}, "cchc-units", ("S03",), (ui_trends, "change_table"), id="d2-units"),
    pytest.param(ui_trends, {}, "cchc-years", (2020, 2024), (ui_trends, "change_table"), id="d2-years"),
    pytest.param(ui_trends, {}, "cchc-group", HUYEN, (ui_trends, "change_table"), id="d2-group"),
    pytest.param(ui_distribution, {}, "cchc-year", 2024, (ui_distribution, "band_counts"), id="d4-year"),
    pytest.param(ui_distribution, {}, "cchc-group", HUYEN, (ui_distribution, "band_counts"), id="d4-group"),
]


@pytest.mark.parametrize("module, first, css, value, target", FAILURES)
def test_failing_callback_shows_friendly_message(
    module: Any,
    first: dict[str, Any],
    css: str,
    value: Any,
    target: tuple[Any, str],
    sample: tuple[cd.Dataset, pd.DataFrame],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A render that raises: the assignment returns normally, the status shows t("error"), the log has it."""
    app = module.build(*sample)
    for cls, v in first.items():
        find(app, cls).value = v
    assert error_boxes(app) == []
    monkeypatch.setattr(*target, _boom)
    with caplog.at_level(logging.ERROR, logger="cchc_dash.ui"):
        find(app, css).value = value  # must not raise
    assert any(r.exc_info and "simulated failure" in str(r.exc_info[1]) for r in caplog.records)
    shown = error_boxes(app)
    assert len(shown) == 1, "the friendly message is not shown"
    assert shown[0] in app.children  # the status line of the dashboard
    assert "Traceback" not in shown[0].value and "simulated failure" not in shown[0].value


def test_error_message_follows_language_and_clears(
    sample: tuple[cd.Dataset, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """English dashboard: the English message; once the cause is gone, the next change clears it."""
    app = ui_ranking.build(*sample, lang="en")
    with monkeypatch.context() as m:
        m.setattr(ranking, "kpis", _boom)
        find(app, "cchc-year").value = 2024
        find(app, "cchc-group").value = HUYEN
        assert len(error_boxes(app, "en")) == 1
        assert error_boxes(app, "vi") == []
    find(app, "cchc-group").value = SO
    assert error_boxes(app, "en") == []
    _, body = table(find(app, "cchc-ranking").value)
    assert len(body) == 20 and body[0][4] == "1/20"


def test_the_overview_says_which_units_were_not_assessed_and_why(five_units):
    """U3 listed as not assessed in 2023 (its scores left out): the ranking has four rows and says under
    its table, in both languages, which unit is missing and why."""
    s = five_units.scores
    ds = five_units.replace(scores=s[s["unit_id"] != "U3"].reset_index(drop=True),
                            not_assessed=pd.DataFrame({"year": [2023], "unit_id": ["U3"], "reason": ["Mới thành lập"]}))
    app = ui_ranking.build(ds, cd.compute(ds))
    markup = find(app, "cchc-ranking").value
    _, body = table(markup)
    assert len(body) == 4 and "Đơn vị U3" not in [c for row in body for c in row]
    assert "Không đánh giá năm 2023 (1 đơn vị): Đơn vị U3 (Mới thành lập)" in re.sub(r"<[^>]+>", "", markup)
    english = ui_ranking.build(ds, cd.compute(ds), lang="en")
    assert "Not assessed in 2023 (1): Đơn vị U3 (Mới thành lập)" in re.sub(
        r"<[^>]+>", "", find(english, "cchc-ranking").value)

