"""charts.py: the Altair specifications, checked through ``chart.to_dict()``.

Expectations are written by hand (thresholds, colours, counts) or come from the
package's pure functions (``band_counts``, ``band_migration``…), never from the chart
under test. Specs are plain dicts: data lives in ``spec["datasets"]``, layers in
``spec["layer"]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.reference import reference_series
from cchc_dash.analyses.standings import group_ranking
from cchc_dash.analyses.trends import break_years, group_mean, heatmap_frame
from cchc_dash.core.bands import BandScheme, threshold_steps
from cchc_dash.core.methodology import area_names
from cchc_dash.core.scoring import scheme_for
from cchc_dash.core.years import YearRange
from cchc_dash.render import charts, theme
from cchc_dash.render.labels import t
from cchc_dash.render.theme import band_colors

SO = "Sở, ban, ngành"
HUYEN = "UBND cấp huyện"
FIVE = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"
ABC = "A>=90; B>=80; C>=70"
MAX_ROWS = 5000
#: The colours a reader sees, written out (render/theme.py defines them once for the package).
NAMED_HEX = {"Xuất sắc": "#1a7f3c", "Tốt": "#5cb85c", "Khá": "#f0c419", "Trung bình": "#f08a24", "Yếu": "#d9352b"}
GREY = "#b0b7bf"  # not banded

Spec = dict[str, Any]


# --- helpers ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample() -> tuple[cd.Dataset, pd.DataFrame]:
    """The bundled demo province and its results (loaded once for the module)."""
    ds = cd.load_sample()
    return ds, cd.compute(ds)


def layers(spec: Spec) -> list[Spec]:
    """Every leaf layer of a (possibly nested) layered spec; a single chart is its own layer."""
    if "layer" not in spec:
        return [spec]
    out: list[Spec] = []
    for layer in spec["layer"]:
        out += layers(layer)
    return out


def rows(spec: Spec, layer: Spec) -> list[dict[str, Any]]:
    """The data rows a layer draws (its own data, else the top-level data)."""
    data = layer.get("data") or spec.get("data") or {}
    if "values" in data:
        return list(data["values"])
    return list(spec["datasets"][data["name"]])


def mark(layer: Spec) -> str:
    """The mark type of a layer ("bar", "rule", …)."""
    m = layer["mark"]
    return m if isinstance(m, str) else m["type"]


def of_mark(spec: Spec, kind: str) -> list[Spec]:
    """The layers drawn with mark ``kind``."""
    return [layer for layer in layers(spec) if mark(layer) == kind]


def color_map(layer: Spec) -> dict[str, str]:
    """Label → colour of a layer's explicit colour scale."""
    scale = layer["encoding"]["color"]["scale"]
    assert len(scale["domain"]) == len(scale["range"])
    return dict(zip(scale["domain"], scale["range"]))


def all_datasets(spec: Spec) -> Iterator[list[Any]]:
    """Every data table in a spec: named datasets and inline values at any depth."""
    yield from spec.get("datasets", {}).values()

    def walk(node: Any) -> Iterator[list[Any]]:
        if isinstance(node, dict):
            if isinstance(node.get("values"), list) and node is not spec.get("datasets"):
                yield node["values"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    yield from walk({k: v for k, v in spec.items() if k != "datasets"})


def ranking_table(entries: list[tuple[str, float, str | None]]) -> pd.DataFrame:
    """A one-(year, group) table as index_dots takes it, ranked by index."""
    frame = pd.DataFrame(entries, columns=["unit_name", "index", "band"])
    frame["rank"] = frame["index"].rank(ascending=False, method="min").astype(int)
    frame["rank_of"] = len(frame)
    return frame.sort_values("rank").reset_index(drop=True)


FIVE_TABLE = [("Sở Một", 95.0, "Xuất sắc"), ("Sở Hai", 85.0, "Tốt"), ("Sở Ba", 70.0, "Khá"),
              ("Sở Bốn", 55.0, "Trung bình"), ("Sở Năm", 40.0, "Yếu")]


def hand_trend() -> pd.DataFrame:
    """Two series over 2020–2023 with a methodology break in 2022.

    U1 "Sở Một" has its own years only; U3 "Sở Mới" was created in 2022 from U0 "Sở Cũ"
    (predecessor rows in 2020 and 2021).
    """
    entries = [
        # series, unit, name, year, index, rank, band, break, predecessor
        ("U1", "U1", "Sở Một", 2020, 78.0, 2, "Khá", False, False),
        ("U1", "U1", "Sở Một", 2021, 82.0, 1, "Tốt", False, False),
        ("U1", "U1", "Sở Một", 2022, 84.0, 2, "Tốt", True, False),
        ("U1", "U1", "Sở Một", 2023, 91.0, 1, "Xuất sắc", False, False),
        ("U3", "U0", "Sở Cũ", 2020, 80.0, 1, "Tốt", False, True),
        ("U3", "U0", "Sở Cũ", 2021, 75.0, 2, "Khá", False, True),
        ("U3", "U3", "Sở Mới", 2022, 86.0, 1, "Tốt", False, False),
        ("U3", "U3", "Sở Mới", 2023, 88.0, 2, "Tốt", False, False),
    ]
    frame = pd.DataFrame(entries, columns=["series_id", "unit_id", "unit_name", "year", "index", "rank", "band",
                                           "break", "predecessor"])
    frame["group"] = SO
    frame["rank_of"] = 2
    frame["rank"] = frame["rank"].astype("Int64")
    frame["change"] = np.nan
    frame["rank_change"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame


def hand_steps() -> pd.DataFrame:
    """Thresholds per year: Khá moves from 65 to 70 in 2022, the rest stays."""
    out = []
    for year in (2020, 2021, 2022, 2023):
        khá = 65.0 if year < 2022 else 70.0
        out += [{"year": year, "label": label, "min_index": m}
                for label, m in (("Xuất sắc", 90.0), ("Tốt", 80.0), ("Khá", khá), ("Trung bình", 50.0))]
    return pd.DataFrame(out)


def reference_frame(published: dict[str, list[int]], breaks: dict[str, int] | None = None) -> pd.DataFrame:
    """Rows as ``reference_series`` returns them: year, series, value_pct, source, break."""
    breaks = breaks or {}
    out = [{"year": y, "series": s, "value_pct": 80.0 + i, "source": f"https://example.org/{s}/{y}",
            "break": breaks.get(s) == y}
           for s, years in published.items() for i, y in enumerate(years)]
    return pd.DataFrame(out, columns=["year", "series", "value_pct", "source", "break"])


def province_frame(years: list[int]) -> pd.DataFrame:
    """The province's group mean per year, as ``group_mean`` returns it."""
    return pd.DataFrame({"year": years, "value_pct": [85.0 + i for i in range(len(years))], "n": 20})


# --- index_dots ------------------------------------------------------------------------

def test_index_dots_one_rule_per_threshold_at_its_value() -> None:
    """A five-band scheme with a floor band draws four rules, at 90, 80, 65 and 50."""
    spec = charts.index_dots(ranking_table(FIVE_TABLE), BandScheme.parse(FIVE)).to_dict()
    rules = of_mark(spec, "rule")
    assert len(rules) == 1
    assert rules[0]["encoding"]["x"]["field"] == "min_index"
    assert sorted(r["min_index"] for r in rows(spec, rules[0])) == [50.0, 65.0, 80.0, 90.0]


def test_index_dots_rule_labels_name_the_band_on_one_line() -> None:
    """Each rule is labelled with its band's name, horizontal, all on one line above the plot; the tooltip
    reads "Khá từ 65" and a decimal threshold keeps its decimals (vi comma), and is a tick of the axis."""
    scheme = BandScheme.parse("Tốt>=82,5; Khá>=65; Yếu")
    spec = charts.index_dots(ranking_table([("Sở Một", 90.0, "Tốt"), ("Sở Hai", 60.0, "Yếu")]), scheme).to_dict()
    texts = of_mark(spec, "text")
    assert len(texts) == 1 and texts[0]["encoding"]["text"]["field"] == "band"
    assert texts[0]["encoding"]["y"] == {"value": -4} and texts[0]["mark"]["angle"] == 0
    assert sorted((r["band"], r["text"]) for r in rows(spec, texts[0])) == [("Khá", "Khá từ 65"),
                                                                            ("Tốt", "Tốt từ 82,50")]
    dots = of_mark(spec, "circle")[0]
    # domain 60 − 3 = 57 … 90 + 3 = 93: ticks every 5 from 60 to 90, and both thresholds
    assert dots["encoding"]["x"]["axis"]["values"] == [60, 65, 70, 75, 80, 82.5, 85, 90]


def test_index_dots_is_a_dot_plot_on_the_units_spread() -> None:
    """69.41 … 99.45 (the sample's 2025 departments, rounded): the axis runs from 69.41 − 3 = 66.41 to 100
    (99.45 + 3 would pass 100), zero left out; only the thresholds inside it (70, 80, 90) are drawn, 50 is not."""
    table = ranking_table([("Sở Một", 99.45, "Xuất sắc"), ("Sở Hai", 84.0, "Tốt"), ("Sở Ba", 69.41, "Trung bình")])
    spec = charts.index_dots(table, BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=70; Trung bình>=50; Yếu")).to_dict()
    assert of_mark(spec, "bar") == []
    dots = of_mark(spec, "circle")[0]
    scale = dots["encoding"]["x"]["scale"]
    assert scale["domain"] == pytest.approx([66.41, 100.0]) and scale["zero"] is False and scale["nice"] is False
    assert sorted(r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0])) == [70.0, 80.0, 90.0]
    assert charts.index_domain(pd.Series([80.0, 90.0])) == [77.0, 93.0]
    assert charts.index_domain(pd.Series([], dtype=float)) == [0.0, 100.0]


def test_index_dots_fit_a_phone() -> None:
    """Drawn for a 390-pixel page (charts.fitted): 390 wide in all, other axes' labels cut at a third of it."""
    table = ranking_table(FIVE_TABLE)
    phone = charts.fitted(charts.for_display(charts.index_dots(table, BandScheme.parse(FIVE))), 390)
    assert phone["width"] == 390 and phone["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert phone["config"]["axis"]["labelLimit"] == 130


def test_on_a_phone_unit_names_wrap_and_each_row_holds_its_lines() -> None:
    """At 390 px the names' column is two fifths of the width, 156 px: ~24 characters a line at 6.5 px
    each. "Sở Nông nghiệp và Phát triển nông thôn" (38 characters) takes two lines, "Sở Nông nghiệp
    và Phát" and "triển nông thôn", so each of the 7 rows gets 2 × 14 + 6 = 34 px: 238 px, where the
    chart as built is 180 px (22 a row, at least 180). Nothing is cut with "…" (no label limit)."""
    long_name = "Sở Nông nghiệp và Phát triển nông thôn"
    table = ranking_table([*FIVE_TABLE, ("Sở Sáu", 30.0, "Yếu"), (long_name, 20.0, "Yếu")])
    spec = charts.for_display(charts.index_dots(table, BandScheme.parse(FIVE)))
    assert spec["height"] == 180
    phone = charts.fitted(spec, 390)
    axis = of_mark(phone, "circle")[0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "split(" in axis["labelExpr"] and "{1,24}" in axis["labelExpr"]
    assert phone["height"] == 7 * 34
    assert spec["height"] == 180 and "labelExpr" not in of_mark(spec, "circle")[0]["encoding"]["y"]["axis"]


def test_index_dots_without_scheme_draws_no_rules() -> None:
    """No scheme for the year: bars only, no threshold rules."""
    table = ranking_table([("Sở Một", 90.0, None), ("Sở Hai", 60.0, None)])
    spec = charts.index_dots(table, None).to_dict()
    assert of_mark(spec, "rule") == []
    assert color_map(of_mark(spec, "circle")[0]) == {t("unbanded"): GREY}


def test_index_dots_colours_bands_as_band_colors() -> None:
    """Each usual band name has its own colour, written out here."""
    scheme = BandScheme.parse(FIVE)
    spec = charts.index_dots(ranking_table(FIVE_TABLE), scheme).to_dict()
    cmap = color_map(of_mark(spec, "circle")[0])
    assert cmap == NAMED_HEX


def test_index_dots_colours_other_labels_by_position() -> None:
    """Labels without a named colour take the colour of their position in the scheme."""
    scheme = BandScheme.parse("Giỏi>=88; Đạt>=70; Chưa đạt")
    table = ranking_table([("Sở Một", 92.0, "Giỏi"), ("Sở Hai", 75.0, "Đạt"), ("Sở Ba", 50.0, "Chưa đạt")])
    cmap = color_map(of_mark(charts.index_dots(table, scheme).to_dict(), "circle")[0])
    assert cmap == {"Giỏi": "#1a7f3c", "Đạt": "#5cb85c", "Chưa đạt": "#f0c419"}


def test_band_colours_by_name_then_by_position_round_the_palette() -> None:
    """A usual name keeps its colour wherever it stands; another label takes its position's colour among
    seven (dark green, green, yellow, orange, red, purple, grey), the eighth starting again; no scheme: none."""
    assert band_colors(BandScheme.parse("Loại 1>=90; Tốt>=80; Loại 3>=60; Yếu")) == {
        "Loại 1": "#1a7f3c", "Tốt": "#5cb85c", "Loại 3": "#f0c419", "Yếu": "#d9352b"}
    assert band_colors(BandScheme.parse("Yếu>=50; Xuất sắc")) == {"Yếu": "#d9352b", "Xuất sắc": "#1a7f3c"}
    eight = BandScheme.parse("; ".join(f"M{i}>={80 - 10 * i}" for i in range(7)) + "; M7")
    assert list(band_colors(eight).values()) == ["#1a7f3c", "#5cb85c", "#f0c419", "#f08a24", "#d9352b", "#8e44ad",
                                                 "#7f8c8d", "#1a7f3c"]
    assert band_colors(None) == {}


def test_index_dots_only_lists_bands_present() -> None:
    """The legend lists bands that units are in, best first; absent bands are left out."""
    table = ranking_table([("Sở Một", 95.0, "Xuất sắc"), ("Sở Hai", 70.0, "Khá")])
    cmap = color_map(of_mark(charts.index_dots(table, BandScheme.parse(FIVE)).to_dict(), "circle")[0])
    assert list(cmap) == ["Xuất sắc", "Khá"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_index_dots_unbanded_units_are_grey(lang: str) -> None:
    """Below a scheme without a floor band, units have no band: drawn grey."""
    table = ranking_table([("Sở Một", 95.0, "A"), ("Sở Hai", 60.0, None)])
    spec = charts.index_dots(table, BandScheme.parse(ABC), lang).to_dict()
    bars = of_mark(spec, "circle")[0]
    unbanded = "Chưa xếp loại" if lang == "vi" else "Not banded"
    assert color_map(bars) == {"A": "#1a7f3c", unbanded: GREY}
    assert {r["unit_name"]: r["band"] for r in rows(spec, bars)} == {"Sở Một": "A", "Sở Hai": unbanded}


def test_index_dots_same_colour_in_band_stack() -> None:
    """A label has one colour in every chart: index_dots and band_stack agree."""
    scheme = BandScheme.parse("Giỏi>=88; Đạt>=70; Chưa đạt")
    table = ranking_table([("Sở Một", 92.0, "Giỏi"), ("Sở Hai", 75.0, "Đạt"), ("Sở Ba", 50.0, "Chưa đạt")])
    bars = color_map(of_mark(charts.index_dots(table, scheme).to_dict(), "circle")[0])
    counts = pd.DataFrame({"year": [2024] * 3, "group": SO, "band": ["Giỏi", "Đạt", "Chưa đạt"],
                           "count": [1, 1, 1], "share": [1 / 3] * 3})
    stack = color_map(of_mark(charts.band_stack(counts, band_colors(scheme)).to_dict(), "bar")[0])
    assert bars == stack == {"Giỏi": "#1a7f3c", "Đạt": "#5cb85c", "Chưa đạt": "#f0c419"}


def test_index_dots_data_and_tooltip_texts() -> None:
    """Each unit is one bar with its index; tooltips show "rank/rank_of" and a vi decimal comma."""
    table = ranking_table([("Sở Một", 86.8, "Tốt"), ("Sở Hai", 70.125, "Khá")])
    spec = charts.index_dots(table, BandScheme.parse(FIVE)).to_dict()
    data = {r["unit_name"]: r for r in rows(spec, of_mark(spec, "circle")[0])}
    assert data["Sở Một"]["index"] == pytest.approx(86.8)
    assert data["Sở Một"]["index_text"] == "86,80"
    assert data["Sở Hai"]["rank_text"] == "2/2"


def test_index_dots_follows_language() -> None:
    """lang="en": English title, axis and band titles, decimal point."""
    table = ranking_table([("Sở Một", 86.8, "Tốt")])
    vi = charts.index_dots(table, BandScheme.parse(FIVE), "vi").to_dict()
    en = charts.index_dots(table, BandScheme.parse(FIVE), "en").to_dict()
    assert vi["title"] == "Chỉ số CCHC theo đơn vị"
    assert en["title"] == "PAR INDEX by unit"
    bars = of_mark(en, "circle")[0]
    assert bars["encoding"]["x"]["title"] == "Index (%)"
    assert bars["encoding"]["color"]["title"] == "Band"
    assert rows(en, bars)[0]["index_text"] == "86.80"


# --- trend_lines -----------------------------------------------------------------------

def threshold_rule_rows(spec: Spec) -> list[dict[str, Any]]:
    """Rows of the per-year threshold rules (the rule layer carrying min_index)."""
    found = [rows(spec, layer) for layer in of_mark(spec, "rule") if "min_index" in rows(spec, layer)[0]]
    assert len(found) == 1
    return found[0]


def break_rule_rows(spec: Spec) -> list[dict[str, Any]]:
    """Rows of the methodology-break rules (rule layers without min_index)."""
    return [r for layer in of_mark(spec, "rule") for r in rows(spec, layer) if "min_index" not in r]


def test_trend_lines_draw_each_years_thresholds() -> None:
    """Khá ≥ 65 until 2021 and ≥ 70 from 2022: the rule values differ before and after."""
    spec = charts.trend_lines(hand_trend(), hand_steps(), [2022], YearRange(2020, 2023)).to_dict()
    by_year: dict[int, set[float]] = {}
    for r in threshold_rule_rows(spec):
        by_year.setdefault(int(r["year"]), set()).add(r["min_index"])
        assert r["x0"] == pytest.approx(r["year"] - 0.45) and r["x1"] == pytest.approx(r["year"] + 0.45)
    assert by_year == {2020: {90, 80, 65, 50}, 2021: {90, 80, 65, 50}, 2022: {90, 80, 70, 50}, 2023: {90, 80, 70, 50}}


def test_trend_lines_break_rule_just_before_break_year() -> None:
    """A methodology break in 2022 is a rule at x = 2021.5, labelled in the chart's language."""
    spec = charts.trend_lines(hand_trend(), hand_steps(), [2022], YearRange(2020, 2023)).to_dict()
    assert [r["x"] for r in break_rule_rows(spec)] == [2021.5]
    texts = [r.get("label") for layer in of_mark(spec, "text") for r in rows(spec, layer)]
    assert "Thay đổi phương pháp" in texts
    en = charts.trend_lines(hand_trend(), hand_steps(), [2022], YearRange(2020, 2023), "en").to_dict()
    assert "Method change" in [r.get("label") for layer in of_mark(en, "text") for r in rows(en, layer)]


def test_trend_lines_without_break_draws_no_break_rule() -> None:
    """No break in the shown years: only the threshold rules."""
    spec = charts.trend_lines(hand_trend(), hand_steps(), [], YearRange(2020, 2023)).to_dict()
    assert break_rule_rows(spec) == []


@pytest.mark.parametrize("with_steps", [True, False])
def test_trend_lines_every_layer_shares_the_explicit_year_domain(with_steps: bool) -> None:
    """Regression: a layer without the explicit domain made Vega-Lite union in 0 and squash the years."""
    steps = hand_steps() if with_steps else hand_steps().iloc[0:0]
    spec = charts.trend_lines(hand_trend(), steps, [2022], YearRange(2020, 2023)).to_dict()
    xs = [layer["encoding"]["x"] for layer in layers(spec) if "x" in layer.get("encoding", {})]
    assert len(xs) == len(layers(spec)) >= (6 if with_steps else 4)
    for x in xs:
        assert x["scale"]["domain"] == [2019.5, 2023.5]
        assert x["scale"].get("zero") is False


def test_trend_lines_predecessor_line_has_its_own_name_and_colour() -> None:
    """The predecessor's years are a line of their own, named after the predecessor and its successor
    (one meaning per mark: its own colour and legend entry), of the predecessor kind (dashed)."""
    spec = charts.trend_lines(hand_trend(), hand_steps(), [2022], YearRange(2020, 2023)).to_dict()
    line = of_mark(spec, "line")[0]
    data = rows(spec, line)
    old = [r for r in data if r["unit_name"] == "Sở Cũ"]
    assert {r["line"] for r in old} == {"Sở Cũ (tiền thân của Sở Mới)"}
    assert {r["kind"] for r in old} == {"Năm của đơn vị tiền thân"}
    assert {r["kind"] for r in data if r["unit_name"] == "Sở Mới"} == {"Năm của chính đơn vị"}
    assert line["encoding"]["color"]["field"] == "line"
    scale = line["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours["Sở Cũ (tiền thân của Sở Mới)"] != colours["Sở Mới"]
    assert "ngưỡng" in spec["title"] and "nét đứt" not in spec["title"]  # dashed means predecessor only


def test_trend_lines_follow_language() -> None:
    """lang="en": English title and English kinds."""
    spec = charts.trend_lines(hand_trend(), hand_steps(), [2022], YearRange(2020, 2023), "en").to_dict()
    assert spec["title"].startswith("PAR INDEX by year")
    kinds = {r["kind"] for r in rows(spec, of_mark(spec, "line")[0])}
    assert kinds == {"Predecessor's years", "Unit's own years"}


def test_trend_lines_spec_is_strict_json_without_data() -> None:
    """An empty selection of years still gives a JSON-compliant spec (no NaN in a scale domain)."""
    trend = hand_trend().iloc[0:0]
    spec = charts.trend_lines(trend, hand_steps().iloc[0:0], [], YearRange(2025, 2025)).to_dict()
    json.dumps(spec, allow_nan=False)


# --- bump_chart ------------------------------------------------------------------------

def test_bump_chart_y_scale_reversed_with_rank_one_on_top() -> None:
    """Rank 1 at the top: the y scale is reversed, with half a rank of room beyond 1 and the largest
    rank_of (2) so that no circle is cut; whole-number ticks; a legend names the units."""
    spec = charts.bump_chart(hand_trend(), YearRange(2020, 2023)).to_dict()
    ys = [layer["encoding"]["y"] for layer in layers(spec)]
    assert ys and all(y["field"] == "rank" for y in ys)
    for y in ys:
        assert y["scale"]["reverse"] is True
        assert y["scale"]["domain"] == [0.5, 2.5]
        assert y["axis"]["values"] == [1, 2]
    assert layers(spec)[0]["encoding"]["color"]["legend"] is not None


def test_bump_chart_shows_own_years_only_with_rank_text() -> None:
    """Predecessors' rows are left out of the ranks; labels read "rank/rank_of"."""
    spec = charts.bump_chart(hand_trend(), YearRange(2020, 2023)).to_dict()
    data = rows(spec, layers(spec)[0])
    assert "Sở Cũ" not in {r["unit_name"] for r in data}
    assert len(data) == 6
    assert {(r["unit_name"], r["year"]): r["rank_text"] for r in data}[("Sở Một", 2021)] == "1/2"


def test_bump_chart_year_axis_is_explicit_in_every_layer() -> None:
    """Same year-domain rule as the trend chart."""
    spec = charts.bump_chart(hand_trend(), YearRange(2020, 2023)).to_dict()
    for layer in layers(spec):
        assert layer["encoding"]["x"]["scale"]["domain"] == [2019.5, 2023.5]


def test_bump_chart_follows_language() -> None:
    """English and Vietnamese titles."""
    assert (
        charts.bump_chart(hand_trend(), YearRange(2020, 2023), "en").to_dict()["title"] == "Rank in the group by year"
    )
    assert (
        charts.bump_chart(hand_trend(), YearRange(2020, 2023)).to_dict()["title"] == "Thứ hạng trong khối qua các năm"
    )


# --- reference_chart -------------------------------------------------------------------


def segments_of(spec: Spec, series: str) -> dict[int, str]:
    """Year → line segment of one series in the reference chart's line layer."""
    line = [layer for layer in of_mark(spec, "line") if "detail" in layer["encoding"]]  # the published series
    assert len(line) == 1
    assert line[0]["encoding"]["detail"]["field"] == "segment"
    return {int(r["year"]): r["segment"] for r in rows(spec, line[0]) if r["series"] == series}


def test_reference_chart_does_not_join_years_across_a_gap() -> None:
    """Published 2019, 2020, 2023: 2019–2020 is one segment, 2023 another (no line over 2021–2022)."""
    ref = reference_frame({"PAR": [2019, 2020, 2023]})
    spec = charts.reference_chart(
        ref, province_frame([2019, 2020, 2021, 2022, 2023]), "Tỉnh", YearRange(2019, 2023)
    ).to_dict()
    seg = segments_of(spec, "PAR")
    assert seg[2019] == seg[2020]
    assert seg[2023] != seg[2020]
    assert len(set(seg.values())) == 2


def test_reference_chart_keeps_consecutive_years_joined() -> None:
    """Published every year and no break: one segment; the province's own series is one segment too."""
    ref = reference_frame({"PAR": [2019, 2020, 2021]})
    spec = charts.reference_chart(ref, province_frame([2019, 2020, 2021]), "Tỉnh", YearRange(2019, 2021)).to_dict()
    assert len(set(segments_of(spec, "PAR").values())) == 1
    own = [layer for layer in of_mark(spec, "line") if "detail" not in layer["encoding"]]
    assert len(own) == 1 and sorted(r["year"] for r in rows(spec, own[0])) == [2019, 2020, 2021]  # one line, 3 years


def test_reference_chart_tells_the_simulated_province_mean_from_published_figures() -> None:
    """The province's mean is its own mark (dashed line, hollow squares, grey) and, for generated
    data, is named "(mô phỏng)"; every point sits inside the y domain (none on the edge)."""
    ref = reference_frame({"PAR": [2019, 2020, 2021]})
    spec = charts.reference_chart(
        ref, province_frame([2019, 2020, 2021]), "Tỉnh", YearRange(2019, 2021), simulated=True
    ).to_dict()
    own = [layer for layer in of_mark(spec, "line") if "detail" not in layer["encoding"]][0]
    assert own["mark"]["strokeDash"] == [5, 4]
    assert {r["series"] for r in rows(spec, own)} == {"Tỉnh (mô phỏng)"}
    squares = [layer for layer in of_mark(spec, "point") if layer["mark"].get("shape") == "square"]
    assert len(squares) == 1 and squares[0]["mark"]["filled"] is False
    scale = own["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["Tỉnh (mô phỏng)"] == "#6b7785"
    values = [r["value_pct"] for layer in layers(spec) for r in rows(spec, layer) if "value_pct" in r]
    low, high = own["encoding"]["y"]["scale"]["domain"]
    assert low < min(values) and high > max(values)


def test_reference_chart_marks_the_2022_sipas_break() -> None:
    """SIPAS changed method in 2022: a break rule at 2021.5 and the line is not joined across it."""
    ref = reference_frame({"SIPAS": [2020, 2021, 2022, 2023], "PAR": [2020, 2021, 2022, 2023]}, {"SIPAS": 2022})
    spec = charts.reference_chart(
        ref, province_frame([2020, 2021, 2022, 2023]), "Tỉnh", YearRange(2020, 2023)
    ).to_dict()
    breaks = [r["x"] for layer in of_mark(spec, "rule") for r in rows(spec, layer)]
    assert breaks == [2021.5]
    texts = [r.get("label") for layer in of_mark(spec, "text") for r in rows(spec, layer)]
    assert "SIPAS đổi phương pháp" in texts
    sipas = segments_of(spec, "SIPAS")
    assert sipas[2020] == sipas[2021] != sipas[2022] == sipas[2023]
    assert len(set(segments_of(spec, "PAR").values())) == 1


def test_reference_chart_without_break_has_no_rule() -> None:
    """No break among the published years: no break rule."""
    ref = reference_frame({"SIPAS": [2019, 2020]})
    spec = charts.reference_chart(ref, province_frame([2019, 2020]), "Tỉnh", YearRange(2019, 2020)).to_dict()
    assert of_mark(spec, "rule") == []


def test_reference_chart_year_axis_is_explicit_in_every_layer() -> None:
    """Points, lines and break layers all carry the explicit year domain."""
    ref = reference_frame({"SIPAS": [2020, 2021, 2022]}, {"SIPAS": 2022})
    spec = charts.reference_chart(ref, province_frame([2020, 2021, 2022]), "Tỉnh", YearRange(2020, 2022)).to_dict()
    for layer in layers(spec):
        assert layer["encoding"]["x"]["scale"]["domain"] == [2019.5, 2022.5]


def test_reference_chart_on_the_sample(sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """The bundled reference: 2021 SIPAS is unpublished, so 2020 and 2022 are not joined."""
    ds, res = sample
    ref, missing = reference_series(ds.reference, YearRange(2019, 2025))
    assert 2021 in missing["SIPAS toàn quốc"]
    spec = charts.reference_chart(
        ref, group_mean(res, SO, YearRange(2019, 2025)), "Tỉnh", YearRange(2019, 2025)
    ).to_dict()
    seg = segments_of(spec, "SIPAS toàn quốc")
    assert seg[2019] == seg[2020] != seg[2022]
    assert [r["x"] for layer in of_mark(spec, "rule") for r in rows(spec, layer)] == [2021.5]


def test_reference_chart_follows_language() -> None:
    """lang="en": English title and break label."""
    ref = reference_frame({"SIPAS": [2021, 2022]}, {"SIPAS": 2022})
    spec = charts.reference_chart(ref, province_frame([2021, 2022]), "Province", YearRange(2021, 2022), "en").to_dict()
    assert spec["title"] == "National reference (published figures)"
    assert "SIPAS method change" in [r.get("label") for layer in of_mark(spec, "text") for r in rows(spec, layer)]


# --- migration_heatmap -----------------------------------------------------------------


def test_migration_heatmap_one_cell_per_matrix_entry() -> None:
    """A 3 × 2 matrix (with a no-band row) gives 6 cells with the matrix's counts."""
    matrix = pd.DataFrame(
        [[3, 1], [0, 4], [2, 0]],
        index=pd.Index(["Tốt", "Khá", np.nan], dtype=object),
        columns=pd.Index(["Tốt", "Khá"], dtype=object),
    )
    spec = charts.migration_heatmap(matrix, 2023, 2024).to_dict()
    cells = {(r["from_band"], r["to_band"]): r["count"] for r in rows(spec, of_mark(spec, "rect")[0])}
    assert cells == {
        ("Tốt", "Tốt"): 3,
        ("Tốt", "Khá"): 1,
        ("Khá", "Tốt"): 0,
        ("Khá", "Khá"): 4,
        ("Chưa xếp loại", "Tốt"): 2,
        ("Chưa xếp loại", "Khá"): 0,
    }
    enc = of_mark(spec, "rect")[0]["encoding"]
    assert enc["y"]["sort"] == ["Tốt", "Khá", "Chưa xếp loại"]
    assert enc["x"]["sort"] == ["Tốt", "Khá"]


def test_migration_heatmap_matches_band_migration_on_sample(sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """On the sample: as many cells as matrix entries, each with the matrix's count."""
    _, res = sample
    matrix = cd.band_migration(res, 2024, 2025, group=SO)
    spec = charts.migration_heatmap(matrix, 2024, 2025).to_dict()
    data = rows(spec, of_mark(spec, "rect")[0])
    assert len(data) == matrix.size
    assert sum(r["count"] for r in data) == int(matrix.to_numpy().sum()) == 20
    for r in data:
        assert r["count"] == matrix.loc[r["from_band"], r["to_band"]]


def test_migration_heatmap_follows_language() -> None:
    """lang="en": English title, axis titles and "Not banded"."""
    matrix = pd.DataFrame([[1]], index=pd.Index([np.nan], dtype=object), columns=pd.Index(["Tốt"], dtype=object))
    en = charts.migration_heatmap(matrix, 2023, 2024, "en").to_dict()
    vi = charts.migration_heatmap(matrix, 2023, 2024).to_dict()
    assert en["title"] == "Band migration 2023 → 2024"
    assert vi["title"] == "Chuyển dịch xếp loại 2023 → 2024"
    rect = of_mark(en, "rect")[0]
    assert rect["encoding"]["y"]["title"] == "Band in 2023" and rect["encoding"]["x"]["title"] == "Band in 2024"
    assert rows(en, rect)[0]["from_band"] == "Not banded"


# --- band_stack ------------------------------------------------------------------------


def test_band_stack_omits_zero_counts(sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """band_counts lists bands nobody reached (count 0); the stacked bars leave them out."""
    _, res = sample
    scheme = BandScheme.parse(FIVE)
    counts = cd.band_counts(res[res["group"] == SO], scheme)
    assert (counts["count"] == 0).any()  # the premise: some zeros to omit
    spec = charts.band_stack(counts, band_colors(scheme)).to_dict()
    data = rows(spec, of_mark(spec, "bar")[0])
    nonzero = counts[counts["count"] > 0]
    assert len(data) == len(nonzero)
    assert all(r["count"] > 0 for r in data)
    assert {(int(r["year"]), r["band"]): r["count"] for r in data} == {
        (int(y), b): int(c) for y, b, c in zip(nonzero["year"], nonzero["band"], nonzero["count"])
    }


def test_band_stack_colours_and_unbanded() -> None:
    """Colours follow the given map, best band first; no-band units appear grey at the end."""
    scheme = BandScheme.parse(ABC)
    counts = pd.DataFrame(
        {
            "year": [2024, 2024, 2024, 2024],
            "group": SO,
            "band": ["A", "B", "C", np.nan],
            "count": [2, 0, 3, 1],
            "share": [2 / 6, 0, 3 / 6, 1 / 6],
        }
    )
    spec = charts.band_stack(counts, band_colors(scheme)).to_dict()
    bars = of_mark(spec, "bar")[0]
    cmap = color_map(bars)
    assert cmap == {"A": "#1a7f3c", "B": "#5cb85c", "C": "#f0c419", "Chưa xếp loại": GREY}
    assert list(cmap) == ["A", "B", "C", "Chưa xếp loại"]
    assert {r["band"]: r["order"] for r in rows(spec, bars)} == {"A": 0, "C": 2, "Chưa xếp loại": 3}


def test_band_stack_follows_language() -> None:
    """lang="en": English title and axis; shares with a decimal point (vi: comma)."""
    counts = pd.DataFrame({"year": [2024], "group": SO, "band": ["Tốt"], "count": [2], "share": [0.5]})
    en = charts.band_stack(counts, band_colors(BandScheme.parse(FIVE)), "en").to_dict()
    assert en["title"] == "Units per band by year"
    bars = of_mark(en, "bar")[0]
    assert bars["encoding"]["y"]["title"] == "Units"
    assert rows(en, bars)[0]["share_text"] == "50.0%"
    vi = charts.band_stack(counts, band_colors(BandScheme.parse(FIVE))).to_dict()
    assert rows(vi, of_mark(vi, "bar")[0])[0]["share_text"] == "50,0%"


# --- index_histogram_chart -------------------------------------------------------------


def test_index_histogram_chart_draws_both_schemes_thresholds(sample: tuple[cd.Dataset, pd.DataFrame]) -> None:
    """Scheme A (90/80/65/50) and scheme B (85/75/60): seven rules, each tagged with its scheme."""
    _, res = sample
    hist = cd.index_histogram(res, 2024, SO)
    a, b = BandScheme.parse(FIVE), BandScheme.parse("Tốt>=85; Khá>=75; Trung bình>=60; Yếu")
    spec = charts.index_histogram_chart(hist, [("Thang A", a), ("Thang B", b)], 2024).to_dict()
    rules = of_mark(spec, "rule")
    assert len(rules) == 1
    got = sorted((r["scheme"], r["min_index"]) for r in rows(spec, rules[0]))
    assert got == sorted(
        [
            ("Thang A", 90.0),
            ("Thang A", 80.0),
            ("Thang A", 65.0),
            ("Thang A", 50.0),
            ("Thang B", 85.0),
            ("Thang B", 75.0),
            ("Thang B", 60.0),
        ]
    )
    assert rules[0]["encoding"]["strokeDash"]["scale"]["domain"] == ["Thang A", "Thang B"]
    bars = rows(spec, of_mark(spec, "bar")[0])
    assert sum(r["count"] for r in bars) == 20


def test_index_histogram_chart_with_one_scheme_missing() -> None:
    """Scheme B unset (None): only A's thresholds are drawn."""
    hist = pd.DataFrame({"bin_start": [80.0, 82.5], "bin_end": [82.5, 85.0], "count": [1, 2]})
    spec = charts.index_histogram_chart(hist, [("A", BandScheme.parse(ABC)), ("B", None)], 2024).to_dict()
    assert sorted(r["min_index"] for r in rows(spec, of_mark(spec, "rule")[0])) == [70.0, 80.0, 90.0]


def test_index_histogram_chart_follows_language() -> None:
    """lang="en": English title and axis."""
    hist = pd.DataFrame({"bin_start": [80.0], "bin_end": [82.5], "count": [1]})
    en = charts.index_histogram_chart(hist, [("Scheme A", BandScheme.parse(ABC))], 2024, "en").to_dict()
    assert en["title"] == "Indices in 2024 and the thresholds"
    assert of_mark(en, "bar")[0]["encoding"]["x"]["title"] == "Index (%)"
    vi = charts.index_histogram_chart(hist, [("Thang A", BandScheme.parse(ABC))], 2024).to_dict()
    assert vi["title"] == "Phân bố chỉ số năm 2024 và các ngưỡng"


def test_index_histogram_count_axis_has_whole_numbers_only() -> None:
    """Counts 1 and 2: the axis shows 0, 1, 2 (tickMinStep 1, format "d"), never "0, 1, 1, 2, 2, 2"."""
    hist = pd.DataFrame({"bin_start": [80.0, 82.5], "bin_end": [82.5, 85.0], "count": [1, 2]})
    spec = charts.index_histogram_chart(hist, [("A", BandScheme.parse(ABC))], 2024).to_dict()
    axis = of_mark(spec, "bar")[0]["encoding"]["y"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d" and axis["values"] == [0, 1, 2]


def test_index_histogram_schemes_have_distinct_named_colours_and_horizontal_labels() -> None:
    """Scheme A and B: two different colours in a legend named after the schemes; each threshold
    label horizontal (angle 0), in its scheme's colour, reading "Tốt từ 85"."""
    hist = pd.DataFrame({"bin_start": [80.0], "bin_end": [82.5], "count": [1]})
    spec = charts.index_histogram_chart(
        hist, [("Thang A", BandScheme.parse(FIVE)), ("Thang B", BandScheme.parse("Tốt>=85; Khá>=75; Yếu"))], 2024
    ).to_dict()
    color = of_mark(spec, "rule")[0]["encoding"]["color"]
    assert color["scale"]["domain"] == ["Thang A", "Thang B"]
    assert len(set(color["scale"]["range"])) == 2
    assert color["legend"] is not None
    texts = of_mark(spec, "text")
    assert texts and all(layer["mark"]["angle"] == 0 for layer in texts)
    assert {r["text"] for layer in texts for r in rows(spec, layer)} >= {"Tốt từ 85", "Xuất sắc từ 90", "Khá từ 75"}


def test_label_rows_keep_labels_of_a_row_apart() -> None:
    """Thresholds 50 and 90 on a 0–100 axis of 300 px are 120 px apart: one row; 80 and 90 are 30 px
    apart, less than a 10-character label (10 × 7 + 6 = 76 px): two rows."""
    assert charts.label_rows([50.0, 90.0], ["Khá từ 50", "Tốt từ 90"], 100.0) == [0, 0]
    assert charts.label_rows([80.0, 90.0], ["Tốt từ 80", "Xuất sắc 9"], 100.0) == [0, 1]
    # 3 labels at 60, 70, 95: 60 and 70 clash, 95 fits after 60's label (60 + (4 + 76) / 3 ≈ 86.7 < 95 + 1.3).
    assert charts.label_rows([70.0, 60.0, 95.0], ["a" * 10, "b" * 10, "c" * 10], 100.0) == [1, 0, 0]


def test_heat_color_follows_the_stops_and_text_reads_on_it() -> None:
    """The stops themselves, the midpoint of two stops by hand, clamping; dark numbers on the pale
    middle, white numbers on dark green and dark red (the cells' own colours)."""
    assert (
        theme.heat_color(100) == "#006837" and theme.heat_color(50) == "#a50026" and theme.heat_color(120) == "#006837"
    )
    # halfway 75 → 87.5: (254 + 102) / 2 = 178 = 0xb2, (224 + 189) / 2 = 206.5 → 206 = 0xce (round half
    # to even), (139 + 99) / 2 = 119 = 0x77
    assert theme.heat_color(81.25) == "#b2ce77"
    assert theme.text_color(theme.heat_color(100)) == "#ffffff"
    assert theme.text_color(theme.heat_color(50)) == "#ffffff"
    assert theme.text_color(theme.heat_color(75)) == "#1f1f1f"


def test_area_heatmap_numbers_take_the_contrast_colour_and_names_are_wrapped_not_cut() -> None:
    """Each cell's number is white on a dark cell (100 → dark green) and dark on a pale one (75);
    area names are wrapped at 14 characters, the axis has no label limit (nothing cut with "…")."""
    long = pd.DataFrame(
        {
            "unit_name": ["Sở A", "Sở A"],
            "area_name": ["Cải cách thủ tục hành chính", "Cải cách thể chế"],
            "index": [100.0, 75.0],
        }
    )
    spec = charts.area_heatmap(long, 2024).to_dict()
    text = of_mark(spec, "text")[0]
    assert text["encoding"]["color"]["condition"]["value"] == "#ffffff"
    assert {r["index"]: r["text_color"] for r in rows(spec, text)} == {100.0: "#ffffff", 75.0: "#1f1f1f"}
    assert {r["column"] for r in rows(spec, text)} == {"Cải cách thủ|tục hành chính", "Cải cách thể|chế"}
    axis = (
        text["encoding"]["x"]["axis"]
        if "axis" in text["encoding"]["x"]
        else of_mark(spec, "rect")[0]["encoding"]["x"]["axis"]
    )
    assert axis["labelLimit"] == 0 and axis["labelAngle"] == 0


def test_index_dots_threshold_labels_stand_above_the_plot() -> None:
    """Labels are drawn above the plot (negative y), left-aligned right of their rule: no rule crosses them."""
    spec = charts.index_dots(ranking_table([("Sở Một", 90.0, "Tốt")]), BandScheme.parse(FIVE)).to_dict()
    for layer in of_mark(spec, "text"):
        assert layer["encoding"]["y"]["value"] < 0 and layer["mark"]["align"] == "left" and layer["mark"]["dx"] > 0


# --- area_heatmap ----------------------------------------------------------------------


def test_area_heatmap_cells_and_language() -> None:
    """Cell texts are rounded indices; the title follows the language."""
    long = pd.DataFrame({"unit_name": ["Sở Một", "Sở Một"], "area_name": ["1. A", "2. B"], "index": [88.4, 70.0]})
    vi = charts.area_heatmap(long, 2024).to_dict()
    en = charts.area_heatmap(long, 2024, "en").to_dict()
    assert vi["title"] == "Chỉ số theo lĩnh vực năm 2024" and en["title"] == "Area indices in 2024"
    assert [r["index_text"] for r in rows(vi, of_mark(vi, "rect")[0])] == ["88", "70"]


# --- the bundled sample: Altair's row limit, JSON compliance ----------------------------


def sample_specs(ds: cd.Dataset, res: pd.DataFrame) -> Iterator[tuple[str, Spec]]:
    """Every chart builder on the largest inputs the sample offers (all units, all years)."""
    years = YearRange.span(res["year"])
    for group in ds.groups:
        part = res[res["group"] == group]
        for year in sorted(part["year"].unique()):
            yield (
                f"bars {group} {year}",
                charts.index_dots(group_ranking(res, year, group), scheme_for(ds, year, group)).to_dict(),
            )
        trend = cd.trends(part)
        steps = threshold_steps(ds.bands, group, years)
        yield f"trend {group}", charts.trend_lines(trend, steps, break_years(trend), years).to_dict()
        yield f"bump {group}", charts.bump_chart(trend, years).to_dict()
        last = int(part["year"].max())
        end = part[part["year"] == last]
        heat = heatmap_frame(
            cd.area_profile(end, last),
            area_names(ds.methodology, last, group),
            dict(zip(end["unit_id"], end["unit_name"])),
        )
        yield f"heat {group}", charts.area_heatmap(heat, last).to_dict()
        ref, _ = reference_series(ds.reference, years)
        yield f"ref {group}", charts.reference_chart(ref, group_mean(res, group, years), "Tỉnh", years).to_dict()
        scheme = scheme_for(ds, last, group)
        yield f"stack {group}", charts.band_stack(cd.band_counts(part), band_colors(scheme)).to_dict()
        yield (
            f"hist {group}",
            charts.index_histogram_chart(
                cd.index_histogram(part, last), [("A", scheme), ("B", BandScheme.parse(ABC))], last
            ).to_dict(),
        )
        yield (
            f"migration {group}",
            charts.migration_heatmap(cd.band_migration(part, years.first, last), years.first, last).to_dict(),
        )


@pytest.fixture(scope="module")
def specs(sample: tuple[cd.Dataset, pd.DataFrame]) -> dict[str, Spec]:
    """The sample's chart specs, built once for the tests below."""
    return dict(sample_specs(*sample))


def test_no_chart_exceeds_altairs_row_limit(specs: dict[str, Spec]) -> None:
    """Altair refuses more than 5,000 rows: every table of every sample chart stays below it."""
    assert len(specs) == 13 + 2 * 7  # index_dots for 13 (year, group) slices, 7 other charts per group
    for name, spec in specs.items():
        tables = list(all_datasets(spec))
        assert tables, name
        for table in tables:
            assert len(table) <= MAX_ROWS, name


def test_sample_specs_are_strict_json(specs: dict[str, Spec]) -> None:
    """Specs travel to the browser as JSON: no NaN or infinity anywhere."""
    for name, spec in specs.items():
        try:
            json.dumps(spec, allow_nan=False)
        except ValueError as exc:  # the failure message names the chart
            pytest.fail(f"{name}: {exc}")


def test_sample_index_dots_colour_every_stored_band(
    sample: tuple[cd.Dataset, pd.DataFrame], specs: dict[str, Spec]
) -> None:
    """On every sample slice, each unit's stored band (the five usual names) is in the colour scale with its
    colour, and the rules are the stored scheme's thresholds for that year."""
    ds, res = sample
    for (year, group), part in res.groupby(["year", "group"]):
        scheme = scheme_for(ds, year, group)
        spec = specs[f"bars {group} {year}"]
        cmap = color_map(of_mark(spec, "circle")[0])
        for band in part["band"]:
            label = band if isinstance(band, str) else t("unbanded")
            assert cmap[label] == {**NAMED_HEX, t("unbanded"): GREY}[label]
        low, high = part["index"].min() - 3, min(part["index"].max() + 3, 100)  # the spread, 3 points either side
        expected = sorted(m for _, m in scheme.thresholds if low < m < high)
        drawn = of_mark(spec, "rule")
        assert (sorted(r["min_index"] for r in rows(spec, drawn[0])) if drawn else []) == expected
    khá = {
        y: {r["text"] for r in rows(specs[f"bars {SO} {y}"], of_mark(specs[f"bars {SO} {y}"], "rule")[0])}
        for y in (2021, 2022)
    }
    # The sample's 2022 change (Khá from 65 to 70), by hand: 2021's departments span 69.63–98.02, so the axis
    # starts at 66.63 and the 65 rule is off it; 2022's span 70.23–98.56, so it starts at 67.23 and 70 is on it.
    assert khá[2021] == {"Tốt từ 80", "Xuất sắc từ 90"} and "Khá từ 70" in khá[2022]


# --- rank_intervals (what-if robustness) ----------------------------------------------------


def test_rank_intervals_draw_each_units_percentiles_median_and_rank() -> None:
    robust = pd.DataFrame(
        {
            "unit_name": ["Sở A", "Sở B", "Sở C"],
            "rank": [1, 2, 3],
            "rank_median": [1.0, 2.5, 2.5],
            "rank_p05": [1.0, 2.0, 2.0],
            "rank_p95": [1.0, 3.0, 3.0],
            "band": ["Tốt", "Tốt", None],
            "p_Tốt": [1.0, 0.75, 0.2],
            "p_Khá": [0.0, 0.25, 0.8],
        }
    ).astype({"rank": "Int64"})
    spec = charts.rank_intervals(robust, 2024, {"Tốt": "#5cb85c", "Khá": "#f0c419"}, "vi").to_dict()
    rule, point, tick = of_mark(spec, "rule")[0], of_mark(spec, "point")[0], of_mark(spec, "tick")[0]
    drawn = {
        r["unit_name"]: (r["rank_p05"], r["rank_p95"], r["rank_median"], r["rank"], r["interval"], r["stay"])
        for r in rows(spec, rule)
    }
    assert drawn == {
        "Sở A": (1.0, 1.0, 1.0, 1, "1–1", "100%"),
        "Sở B": (2.0, 3.0, 2.5, 2, "2–3", "75%"),
        "Sở C": (2.0, 3.0, 2.5, 3, "2–3", "–"),
    }
    assert rule["encoding"]["x"]["field"] == "rank_p05" and rule["encoding"]["x2"]["field"] == "rank_p95"
    assert point["encoding"]["x"]["field"] == "rank_median" and tick["encoding"]["x"]["field"] == "rank"
    assert color_map(rule) == {"Tốt": "#5cb85c", "Chưa xếp loại": GREY}
    assert spec["title"] == "Khoảng thứ hạng năm 2024"


# --- profile charts -----------------------------------------------------------------------------


def test_area_profile_bars_and_group_mean_ticks() -> None:
    areas = pd.DataFrame(
        {
            "area_id": ["2", "1"],
            "area_name": ["Cải cách thể chế", "Chỉ đạo"],
            "index": [90.0, 70.0],
            "group_mean": [85.0, 75.0],
            "gap": [5.0, -5.0],
        }
    )
    spec = charts.area_profile_chart(areas, 2023, "vi").to_dict()
    bar, tick = of_mark(spec, "bar")[0], of_mark(spec, "tick")[0]
    drawn = {r["label"]: (r["index"], r["group_mean"], r["side"]) for r in rows(spec, bar)}
    assert drawn == {
        "2. Cải cách thể chế": (90.0, 85.0, "Bằng hoặc cao hơn bình quân khối"),
        "1. Chỉ đạo": (70.0, 75.0, "Thấp hơn bình quân từ 5 điểm trở lên"),
    }
    assert tick["encoding"]["x"]["field"] == "group_mean"


def test_area_profile_paints_only_a_real_gap_as_a_warning_and_has_a_legend() -> None:
    """Gaps +2, 0, −1, −3, −4.99 are not red (the first two green, the next three grey); −5 and −6 are.
    The legend names the three colours and the tick, in the page's language."""
    gaps = [2.0, 0.0, -1.0, -3.0, -4.99, -5.0, -6.0]
    areas = pd.DataFrame({"area_id": [str(i) for i in range(1, 8)], "area_name": [f"L{i}" for i in range(1, 8)],
                          "index": [80.0 + g for g in gaps], "group_mean": [80.0] * 7, "gap": gaps})
    spec = charts.area_profile_chart(areas, 2024, "en").to_dict()
    bar, tick = of_mark(spec, "bar")[0], of_mark(spec, "tick")[0]
    colour = color_map(bar)
    assert colour == {"At or above the group mean": "#5cb85c", "Less than 5 points below the mean": "#a9b4c2",
                      "5 points or more below the mean": "#d9352b"}
    painted = {r["area_id"]: colour[r["side"]] for r in rows(spec, bar)}
    assert painted == {"1": "#5cb85c", "2": "#5cb85c", "3": "#a9b4c2", "4": "#a9b4c2", "5": "#a9b4c2",
                       "6": "#d9352b", "7": "#d9352b"}
    assert bar["encoding"]["color"]["legend"] is not None and tick["encoding"]["color"]["legend"] is not None
    assert {r["mean_key"] for r in rows(spec, tick)} == {"Black tick: the group mean index"}
    assert [charts.area_side(g) for g in gaps] == ["above", "above", "near", "near", "near", "below", "below"]


def test_area_names_wrap_and_their_rows_hold_two_lines() -> None:
    """Area 8's name (79 characters in English) wraps at 44: "8. Impact of the reform on people," and
    "organisations and socio-economic development": two lines, so each of the 2 rows is 2 × 14 + 6 =
    34 px, at least 120 in all; the tooltip keeps the name whole."""
    area_8 = "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH"
    areas = pd.DataFrame({"area_id": ["7", "8"], "area_name": ["Chính phủ điện tử", area_8],
                          "index": [80.0, 90.0], "group_mean": [80.0, 80.0], "gap": [0.0, 10.0]})
    spec = charts.area_profile_chart(areas, 2025, "en").to_dict()
    bar = of_mark(spec, "bar")[0]
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "{1,44}" in axis["labelExpr"]
    assert spec["height"] == 120
    long = pd.concat([areas] * 3, ignore_index=True).assign(area_id=[str(i) for i in range(6)])
    assert charts.area_profile_chart(long, 2025, "en").to_dict()["height"] == 6 * 34
    assert "8. Impact of the reform on people, organisations and socio-economic development" in {
        r["label"] for r in rows(spec, bar)}


def test_profile_trend_draws_the_unit_and_its_group_mean() -> None:
    line = pd.DataFrame(
        {"year": [2022, 2023], "index": [88.0, 100.0], "predecessor": [False, False], "unit_name": ["A", "A"]}
    )
    mean = pd.DataFrame({"year": [2022, 2023], "value_pct": [79.5, 83.5]})
    spec = charts.profile_trend(line, mean, "en").to_dict()
    lines = of_mark(spec, "line")
    values = sorted((r["year"], r["value"]) for layer in lines for r in rows(spec, layer))
    assert values == [(2022, 79.5), (2022, 88.0), (2023, 83.5), (2023, 100.0)]
    assert spec["title"] == "Index by year"


# --- SIPAS (dashboard 5) ---------------------------------------------------------------


def sipas_units() -> pd.DataFrame:
    """Three units by hand: 90 ± 3 (above a mean of 80), 80 ± 5 (holds it), 70 ± 2 (below)."""
    return pd.DataFrame(
        {
            "unit_name": ["Một", "Hai", "Ba"],
            "rate": [90.0, 80.0, 70.0],
            "low": [87.0, 75.0, 68.0],
            "high": [93.0, 85.0, 72.0],
            "n": [200, 150, 180],
            "group_mean": 80.0,
            "distinguishable": [True, False, True],
            "selected": [False, True, False],
        }
    )


def test_sipas_intervals_colour_units_by_their_side_of_the_group_mean():
    spec = charts.sipas_intervals(sipas_units(), "Chỉ số SIPAS", "vi").to_dict()
    (bar,), (mean,) = of_mark(spec, "rule")[:1], of_mark(spec, "rule")[1:]
    drawn = {r["unit_name"]: (r["low"], r["high"], r["side"]) for r in rows(spec, bar)}
    assert drawn == {
        "Một": (87.0, 93.0, "Cao hơn bình quân khối"),
        "Hai": (75.0, 85.0, "Không phân biệt được với bình quân"),
        "Ba": (68.0, 72.0, "Thấp hơn bình quân khối"),
    }
    assert color_map(bar) == {
        "Cao hơn bình quân khối": "#1a7f3c",
        "Thấp hơn bình quân khối": "#c0392b",
        "Không phân biệt được với bình quân": "#7f8c8d",
    }
    assert [r["group_mean"] for r in rows(spec, mean)] == [80.0]
    assert {r["interval"] for r in rows(spec, bar)} == {"87,0–93,0", "75,0–85,0", "68,0–72,0"}


def test_likert_diverging_centres_the_neutral_answer():
    # Q1 shares 10, 10, 20, 40, 20: the bars start at −(10 + 10 + 20/2) = −30 and end at +70.
    shares = pd.DataFrame(
        {
            "question_id": "Q1",
            "component": "Kết quả",
            "answer": [1, 2, 3, 4, 5],
            "count": [1, 1, 2, 4, 2],
            "share": [10.0, 10.0, 20.0, 40.0, 20.0],
            "blanks": 0,
        }
    )
    spec = charts.likert_diverging(shares, "Sở Tư pháp", 2024, "en").to_dict()
    bars = sorted(rows(spec, layers(spec)[0]), key=lambda r: r["answer"])
    assert [(r["x"], r["x2"]) for r in bars] == [
        (-30.0, -20.0),
        (-20.0, -10.0),
        (-10.0, 10.0),
        (10.0, 50.0),
        (50.0, 70.0),
    ]
    assert [r["label"] for r in bars] == [
        "1 Very dissatisfied",
        "2 Dissatisfied",
        "3 Neutral",
        "4 Satisfied",
        "5 Very satisfied",
    ]


def test_par_sipas_scatter_names_both_ranks():
    both = pd.DataFrame(
        {
            "unit_id": ["U1", "U2"],
            "unit_name": ["Một", "Hai"],
            "index": [90.0, 80.0],
            "sipas": [70.0, 85.0],
            "par_rank": [1, 2],
            "sipas_rank": [2, 1],
            "rank_of": 2,
        }
    )
    spec = charts.par_sipas_scatter(both, "U1", 2024, "vi").to_dict()
    points = of_mark(spec, "circle")[0]
    assert {r["unit_id"]: r["ranks"] for r in rows(spec, points)} == {
        "U1": "PAR 1/2, SIPAS 2/2",
        "U2": "PAR 2/2, SIPAS 1/2",
    }
    named = {r["unit_id"]: r["label"] for layer in of_mark(spec, "text") for r in rows(spec, layer)}
    assert named == {"U1": "Một|PAR 1/2, SIPAS 2/2", "U2": "Hai"}  # the selected one with its ranks


def test_par_sipas_scatter_names_the_selected_unit_and_the_extremes():
    """Five units: U1 best on PAR, U5 lowest on PAR, U3 best on SIPAS, U4 lowest on SIPAS, U2 in the middle
    and selected. Every one but nobody else is named; U2's long name wraps at 24 characters with its ranks
    on a line of their own. Labels right of the middle of the x axis (86.5 − 2 … 96 + 2: middle 87.25) are
    written leftwards, so that none leaves the plot."""
    both = pd.DataFrame({
        "unit_id": ["U1", "U2", "U3", "U4", "U5", "U6"],
        "unit_name": ["Một", "Sở Lao động - Thương binh và Xã hội", "Ba", "Bốn", "Năm", "Sáu"],
        "index": [96.0, 90.0, 88.0, 87.0, 78.5, 89.0],
        "sipas": [80.0, 81.0, 92.0, 70.0, 75.0, 82.0],
        "par_rank": [1, 2, 4, 5, 6, 3], "sipas_rank": [4, 5, 1, 6, 3, 2], "rank_of": 6,
    })
    spec = charts.par_sipas_scatter(both, "U2", 2025, "vi").to_dict()
    texts = of_mark(spec, "text")
    named = {r["unit_id"]: (r["label"], layer["mark"]["align"]) for layer in texts for r in rows(spec, layer)}
    assert named == {
        "U1": ("Một", "right"),
        "U2": ("Sở Lao động - Thương|binh và Xã hội|PAR 2/6, SIPAS 5/6", "right"),
        "U3": ("Ba", "right"),
        "U4": ("Bốn", "left"),
        "U5": ("Năm", "left"),
    }
    assert all(layer["mark"]["lineBreak"] == "|" for layer in texts)
    chosen = [layer for layer in texts if any(r["unit_id"] == "U2" for r in rows(spec, layer))][0]
    assert chosen["mark"]["fontWeight"] == "bold" and chosen["mark"]["color"] == "#c0392b"
    x = of_mark(spec, "circle")[0]["encoding"]["x"]["scale"]
    assert x["domain"] == [76.5, 98.0] and x["zero"] is False


def test_sipas_heatmap_tooltip_gives_the_question_and_names_wrap():
    """The tooltip reads "Q15 — Biển hiệu, chỉ dẫn rõ ràng"; a question longer than 60 characters is cut at a
    word with "…" (its 60th character ends "hiểu": the 59 kept end inside it, so "dễ" is the last word);
    a question without text is its code; a long unit name wraps at 24 characters."""
    long_text = "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu và không gây phiền hà cho người dân"
    data = pd.DataFrame({"unit_name": ["Sở Lao động - Thương binh và Xã hội"] * 3, "question": ["Q15", "Q25", "Q9"],
                         "component": ["Tiếp cận dịch vụ", "Công chức", "Kết quả"], "rate": [80.0, 70.0, 60.0],
                         "n": [200, 200, 200], "text": ["Biển hiệu, chỉ dẫn rõ ràng", long_text, ""]})
    spec = charts.sipas_heatmap(data, 2025, "vi").to_dict()
    cells = rows(spec, of_mark(spec, "rect")[0])
    assert [r["question_text"] for r in cells] == [
        "Q15 — Biển hiệu, chỉ dẫn rõ ràng",
        "Q25 — Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ…",  # "… dễ hiểu" ends at 60
        "Q9",
    ]
    assert {r["unit_row"] for r in cells} == {"Sở Lao động - Thương|binh và Xã hội"}
    rect = of_mark(spec, "rect")[0]
    assert "question_text" in [tip["field"] for tip in rect["encoding"]["tooltip"]]
    assert rect["encoding"]["y"]["axis"]["labelExpr"] == "split(datum.label, '|')"


def test_heatmap_rows_are_tall_enough_for_names_on_two_lines():
    """A unit name wrapped on two lines (14 px a line) needs 2 × 14 + 6 = 34 px a row: the SIPAS heat
    map's rows grow from 30 to 34 px and its lines are 14 px apart, so that no name touches the next
    row's; with names on one line the rows stay 30 px, the area heat map's 28. The area heat map wraps a
    long name the same way (24 characters a line) and its rows grow to 34 px too."""
    def heat(names):
        data = pd.DataFrame({"unit_name": names, "question": ["Q1"] * len(names), "component": ["C"] * len(names),
                             "rate": [80.0] * len(names), "n": [200] * len(names)})
        return charts.sipas_heatmap(data, 2025, "vi").to_dict()

    two = heat(["Sở Lao động - Thương binh và Xã hội", "Ba"])
    assert two["height"] == {"step": 34}
    assert of_mark(two, "rect")[0]["encoding"]["y"]["axis"]["labelLineHeight"] == 14
    assert heat(["Ba", "Sở Y tế"])["height"] == {"step": 30}
    def area(names):
        data = pd.DataFrame({"unit_name": names, "area_name": ["1. Công tác chỉ đạo"] * len(names),
                             "index": [80.0] * len(names)})
        return charts.area_heatmap(data, 2024).to_dict()

    wrapped = area(["Sở Lao động - Thương binh và Xã hội", "Ba"])
    assert wrapped["height"] == {"step": 34}
    assert {r["unit_row"] for r in rows(wrapped, of_mark(wrapped, "rect")[0])} == {
        "Sở Lao động - Thương|binh và Xã hội", "Ba"}
    assert area(["Ba", "Sở Y tế"])["height"] == {"step": 28}


def test_sipas_intervals_wrap_long_names_and_legend_labels_are_not_cut():
    frame = pd.DataFrame({"unit_name": ["Sở Lao động - Thương binh và Xã hội", "Ba"], "rate": [80.0, 70.0],
                          "low": [75.0, 65.0], "high": [85.0, 75.0], "n": [200, 200], "group_mean": [75.0, 75.0],
                          "distinguishable": [False, True], "selected": [True, False]})
    spec = charts.sipas_intervals(frame, "T", "vi").to_dict()
    dots = of_mark(spec, "point")[0]
    assert sorted(r["unit_row"] for r in rows(spec, dots)) == ["Ba", "Sở Lao động - Thương|binh và Xã hội"]
    assert dots["encoding"]["y"]["axis"]["labelExpr"] == "split(datum.label, '|')"
    assert spec["layer"][0]["encoding"]["color"]["legend"]["labelLimit"] == 0  # 0: never cut
    phone = charts.fitted(charts.for_display(charts.sipas_intervals(frame, "T", "vi")), 320)
    axis = of_mark(phone, "point")[0]["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0  # wrapped names stay whole on a phone too (other labels are cut at 320 / 3)
    assert "regexp('(.{1,21})" in phone["layer"][0]["encoding"]["color"]["legend"]["labelExpr"]  # (213 − 40) / 8


def test_sipas_trend_marks_the_break_and_keeps_the_reference_apart(sample):
    ds, _ = sample
    series = pd.DataFrame({"year": [2020, 2021, 2022, 2023], "series": "Sở Tư pháp", "rate": [85.0, 86.0, 80.0, 81.0]})
    published, _ = reference_series(ds.reference, YearRange(2019, 2025))
    published = published[published["series"] == "SIPAS toàn quốc"]
    spec = charts.sipas_trend_chart(series, published, [2022], YearRange(2019, 2025), "vi").to_dict()
    rule = of_mark(spec, "rule")[0]
    assert [r["x"] for r in rows(spec, rule)] == [2021.5]
    line = of_mark(spec, "line")[0]
    drawn = rows(spec, line)
    own = {r["year"]: r["segment"] for r in drawn if r["series"] == "Sở Tư pháp"}
    assert own == {2020: "0", 2021: "0", 2022: "1", 2023: "1"}  # no line from 2021 to 2022
    ref = {r["year"]: r["rate"] for r in drawn if r["series"].startswith("SIPAS toàn quốc")}
    assert ref == {2019: 84.45, 2020: 85.48, 2022: 80.08, 2023: 82.66, 2024: 83.94}  # methodology.md §3.4


def test_sipas_charts_of_the_demo_stay_under_altairs_row_limit(sample):
    ds, results = sample
    sip = cd.versus_group(cd.sipas_index(ds), ds.units)
    year = sip[(sip["year"] == 2024) & (sip["group"] == SO)]
    questions = year[year["level"] == "question"].assign(unit_name=year["unit_id"], question=year["key"], component="")
    spec = charts.sipas_heatmap(questions[["unit_name", "question", "component", "rate", "n"]], 2024, "vi").to_dict()
    assert max(len(d) for d in all_datasets(spec)) == 20 * 19 <= MAX_ROWS  # 20 departments × 19 questions


def test_charts_are_shown_with_readable_font_sizes() -> None:
    """for_display adds 13 px axis and legend labels (Vega-Lite's default is 10–11) and keeps a chart's own settings."""
    spec = charts.for_display(charts.empty_chart().configure_axis(labelFontSize=20))
    assert spec["config"]["axis"]["labelFontSize"] == 20 and spec["config"]["axis"]["titleFontSize"] == 13
    assert spec["config"]["legend"]["labelFontSize"] == 13 and spec["config"]["title"]["fontSize"] == 16


def test_migration_numbers_are_white_on_the_dark_cells() -> None:
    """Largest count 10: cells above 6 (60 %) get white numbers, the others dark ones."""
    matrix = pd.DataFrame([[10, 2], [0, 7]], index=["Tốt", "Khá"], columns=["Tốt", "Khá"])
    spec = charts.migration_heatmap(matrix, 2024, 2025).to_dict()
    texts = of_mark(spec, "text")
    white = [layer for layer in texts if layer["mark"].get("color") == "white"]
    assert len(texts) == 2 and len(white) == 1
    assert white[0]["transform"] == [{"filter": "datum.count > 6.0"}]


def test_profile_trend_legend_names_each_line_for_what_it_is() -> None:
    """No predecessor: the legend holds the unit's years (solid dark blue) and the group mean (dashed grey),
    not "Predecessor's years"; with a predecessor's years, those are named too (dashed blue)."""
    mean = pd.DataFrame({"year": [2022, 2023], "value_pct": [79.5, 83.5]})
    alone = pd.DataFrame({"year": [2022, 2023], "index": [88.0, 100.0], "predecessor": [False, False],
                          "unit_name": ["A", "A"]})
    line = of_mark(charts.profile_trend(alone, mean, "en").to_dict(), "line")[0]
    assert line["encoding"]["color"]["scale"] == {"domain": ["Unit's own years", "Group mean"],
                                                  "range": ["#1f4e79", "#7b8794"]}
    assert line["encoding"]["strokeDash"]["scale"] == {"domain": ["Unit's own years", "Group mean"],
                                                       "range": [[1, 0], [4, 3]]}
    merged = alone.assign(predecessor=[True, False])
    line = of_mark(charts.profile_trend(merged, mean, "vi").to_dict(), "line")[0]
    assert line["encoding"]["color"]["scale"]["domain"] == ["Năm của chính đơn vị", "Năm của đơn vị tiền thân",
                                                            "Bình quân khối"]
