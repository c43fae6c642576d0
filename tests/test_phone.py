"""A phone's page without a browser: charts drawn for its width (charts.fitted) and the controls
behind "Bộ lọc" (Shell.filters). The browser side (what is in view at 390 px) is in
tests/browser/test_layout.py."""

from __future__ import annotations

import pytest

import cchc_dash as cd
from cchc_dash.render.charts import fitted
from cchc_dash.ui import profile as ui_profile
from cchc_dash.ui import ranking as ui_ranking

from .handmade import two_years
from .test_ui import find

LAYER = {
    "layer": [{"mark": "bar", "encoding": {"y": {"field": "unit_name", "axis": {"labelLimit": 320}}}},
              {"mark": "rule", "encoding": {"color": {"field": "band", "legend": {"labelLimit": 0, "columns": 3}}}}],
    "width": 560,
    "title": "Chỉ số CCHC qua các năm (vạch xám ngắn: ngưỡng xếp loại từng năm)",
    "config": {"axis": {"labelFontSize": 13}},
}


def test_a_chart_is_drawn_as_wide_as_the_phone_with_its_labels_cut_and_its_title_wrapped():
    phone = fitted(LAYER, 350)
    assert phone["width"] == 350 and phone["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert phone["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 116  # a third of 350
    legend = phone["layer"][1]["encoding"]["color"]["legend"]
    wrap = ("split(replace(replace(trim(datum.label + ''), regexp('(.{1,24})(\\\\s+|$)', 'g'), '$1|'), "
            "regexp('\\\\|$'), ''), '|')")  # lines of about (350 × 2/3 − 40) / 8 = 24 characters, at spaces
    assert legend == {"labelLimit": 320, "columns": 2, "labelExpr": wrap}
    assert phone["title"] == ["Chỉ số CCHC qua các năm (vạch xám", "ngắn: ngưỡng xếp loại từng năm)"]  # 38 a line
    assert phone["config"]["axis"] == {"labelFontSize": 13, "labelLimit": 116, "titleLimit": 330}
    assert phone["config"]["legend"] == {"orient": "bottom", "direction": "vertical", "labelLimit": 320,
                                         "layout": {"bottom": {"anchor": "start", "direction": "vertical"}}}
    assert phone["config"]["title"] == {"anchor": "start", "frame": "bounds"}  # from the left edge, never cut
    assert LAYER["width"] == 560 and LAYER["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 320  # untouched


def test_a_smaller_limit_of_its_own_is_kept():
    spec = {"mark": "bar", "width": 400, "encoding": {"x": {"axis": {"labelLimit": 60}}}}
    assert fitted(spec, 300)["encoding"]["x"]["axis"]["labelLimit"] == 60


@pytest.mark.parametrize("spec", [
    {"mark": "rect", "width": {"step": 36}},  # a heat map: one cell per column, it scrolls in its box
    {"hconcat": [{"mark": "bar", "width": 200}], "width": 400},
    {"mark": "bar"},  # no width of its own
])
def test_charts_sized_by_steps_or_composed_keep_their_size(spec):
    assert fitted(spec, 350) is spec


def test_on_a_desktop_nothing_changes():
    assert fitted(LAYER, None) is LAYER


def test_the_filters_button_says_what_is_shown_and_folds_the_controls():
    ds = two_years()
    app = ui_profile.build(ds, cd.compute(ds))
    button = find(app, "cchc-filters")
    assert button.description == "Bộ lọc: 2023 · Sở, ban, ngành · Đơn vị A ▾"
    bar = find(app, "cchc-controls")
    assert "cchc-open" not in bar._dom_classes
    button.value = True
    assert "cchc-open" in bar._dom_classes and button.description.endswith("▴")
    find(app, "cchc-unit").value = "B"
    find(app, "cchc-lang").value = "en"
    assert button.description == "Filters: 2023 · Departments · Đơn vị B ▴"
    button.value = False
    assert "cchc-open" not in bar._dom_classes


def test_the_charts_follow_the_pages_width():
    ds = two_years()
    app = ui_ranking.build(ds, cd.compute(ds))
    chart, address = find(app, "cchc-chart"), find(app, "cchc-address")
    desktop = chart.spec
    address.width = 390
    assert chart.spec["width"] == 320 and chart.spec["autosize"]["type"] == "fit-x"
    address.width = 412  # a larger phone
    assert chart.spec["width"] == 342
    address.width = 1440
    assert chart.spec == desktop
    address.width = -5  # untrusted: a nonsense width is a desktop
    assert chart.spec == desktop
