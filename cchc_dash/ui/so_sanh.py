"""Dashboard 2, So sánh qua các năm: index trends, rank trajectories, area heat map, changes,
and the national reference, for units picked with an accent-insensitive search."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..bands import threshold_steps
from ..i18n import t
from ..methodology import area_names, leaf_counts
from ..model import Dataset
from ..reference import reference_series
from ..scoring import compute
from ..search import default_units, search_units, units_of_group
from ..tables import changes_html, notes_html
from ..trends import area_profile, break_years, change_table, group_mean, heatmap_frame, trends
from ..years import YearRange
from .common import chart_widget, empty_app, guarded, header, language_toggle, show


def build(ds: Dataset, results: pd.DataFrame | None = None, lang: str = "vi") -> widgets.VBox:
    """The So sánh dashboard for ``ds`` (``results`` from :func:`cchc_dash.compute`)."""
    results = compute(ds) if results is None else results
    if results["index"].notna().sum() == 0:
        return empty_app(t("app_compare", lang), ds, lang)
    all_years = YearRange.span(results["year"])
    groups = [g for g in ds.groups if (results["group"] == g).any()]

    title = widgets.HTML()
    group = widgets.ToggleButtons(options=groups, value=groups[0]).add_class("cchc-group")
    years = widgets.IntRangeSlider(min=all_years.first, max=all_years.last, value=(all_years.first, all_years.last),
                                   continuous_update=False, layout=widgets.Layout(width="380px"),
                                   style={"description_width": "70px"}).add_class("cchc-years")
    language = language_toggle(lang)
    search = widgets.Text(continuous_update=True, layout=widgets.Layout(width="380px"),
                          style={"description_width": "70px"}).add_class("cchc-search")
    picker = widgets.SelectMultiple(rows=9, layout=widgets.Layout(width="380px")).add_class("cchc-units")
    status, notes, table = widgets.HTML(), widgets.HTML().add_class("cchc-notes"), widgets.HTML().add_class("cchc-changes")
    trend_chart, bump, heat, ref = (chart_widget(charts.empty_chart()) for _ in range(4))
    for w, cls in ((trend_chart, "cchc-trend"), (bump, "cchc-bump"), (heat, "cchc-heat"), (ref, "cchc-ref")):
        w.add_class(cls)
    guard = guarded(status, language)
    busy = {"picker": False}
    drawn: dict[str, tuple] = {}

    def unit_options(g: str) -> list[tuple[str, str]]:
        units = units_of_group(results, g)
        return list(zip(units["unit_name"], units["unit_id"]))

    def set_picker(options: list[tuple[str, str]], value: tuple[str, ...]) -> None:
        busy["picker"] = True
        try:
            picker.options = options
            picker.value = tuple(v for v in value if v in {o[1] for o in options})
        finally:
            busy["picker"] = False

    @guard
    def render(*_: object) -> None:
        if busy["picker"]:
            return
        lg = language.value
        title.value = header(t("app_compare", lg) + f" — {ds.name}", ds.synthetic, lg)
        group.description, years.description, search.description = t("group", lg), t("years", lg), t("search", lg)
        search.placeholder = t("search_hint", lg)
        # The slider's pair is untrusted (its bounds can be set from the browser too): validated, clipped.
        span = YearRange(*years.value).clip(all_years)
        chosen = list(picker.value)
        if not chosen:  # nothing to compare: clear everything rather than leave old units drawn
            notes.value = notes_html([t("pick_units", lg)])
            table.value = ""
            for w in (trend_chart, bump, heat):
                show(w, charts.empty_chart())
            return
        g = group.value
        trend = trends(results[results["group"] == g], units=chosen, years=span)
        steps = threshold_steps(ds.bands, g, span)
        breaks = break_years(trend)
        show(trend_chart, charts.trend_lines(trend, steps, breaks, span, lg))
        show(bump, charts.bump_chart(trend, span, lg))
        end_rows = results[(results["year"] == span.last) & (results["group"] == g) & results["unit_id"].isin(chosen)]
        if end_rows.empty:
            show(heat, charts.empty_chart())
        else:
            names = dict(zip(end_rows["unit_id"], end_rows["unit_name"]))
            long = heatmap_frame(area_profile(end_rows, span.last), area_names(ds.methodology, span.last, g), names)
            show(heat, charts.area_heatmap(long, span.last, lg))
        ref_rows, missing = reference_series(ds.reference, span)
        if drawn.get("ref") != (span, g, lg):  # the reference does not depend on the units picked
            label = t("province_mean", lg, name=ds.name, group=g)
            show(ref, charts.reference_chart(ref_rows, group_mean(results, g, span), label, span, lg))
            drawn["ref"] = (span, g, lg)
        table.value = changes_html(change_table(trend, span), lg)
        lines = []
        if breaks:
            counts = leaf_counts(ds.methodology, g, breaks)
            detail = ", ".join(t("break_detail", lg, items=int(r.items), year=int(r.year)) for r in counts.itertuples())
            lines.append(t("break_note", lg, years=", ".join(map(str, breaks)), detail=detail))
        if trend["predecessor"].any():
            lines.append(t("predecessor_note", lg))
        if end_rows.empty:
            lines.append(t("no_units_in_year", lg, year=span.last))
        lines += [t("ref_missing", lg, series=s, years=", ".join(map(str, ys))) for s, ys in missing.items() if ys]
        notes.value = notes_html(lines)

    @guard
    def on_search(*_: object) -> None:
        units = units_of_group(results, group.value)
        found = set(search_units(units, search.value))
        keep = tuple(picker.value)
        set_picker([o for o in unit_options(group.value) if o[1] in found or o[1] in keep], keep)

    @guard
    def on_group(*_: object) -> None:
        search.value = ""
        set_picker(unit_options(group.value), tuple(default_units(results, group.value)))
        render()

    set_picker(unit_options(groups[0]), tuple(default_units(results, groups[0])))
    search.observe(on_search, "value")
    group.observe(on_group, "value")
    for w in (years, language, picker):
        w.observe(render, "value")
    render()

    controls = widgets.HBox([group, language], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    left = widgets.VBox([years, search, picker, notes], layout=widgets.Layout(width="400px"))
    charts_box = widgets.VBox([trend_chart, bump])
    row1 = widgets.HBox([left, charts_box], layout=widgets.Layout(flex_flow="row wrap"))
    row2 = widgets.HBox([heat, ref], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    return widgets.VBox([title, controls, status, row1, table, row2]).add_class("cchc-app")
