"""Dashboard 2, So sánh qua các năm: index trends, rank trajectories, area heat map, changes,
and the national reference, for units picked with an accent-insensitive search."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses.reference import reference_series
from ..analyses.trends import area_profile, break_years, change_table, group_mean, heatmap_frame, trends
from ..analyses.unit_search import default_units, search_units, units_of_group
from ..core.bands import threshold_steps
from ..core.dataset import Dataset
from ..core.methodology import area_names, leaf_counts
from ..core.years import YearRange
from ..render import charts
from ..render.html_tables import changes_html, notes_html
from ..render.labels import t, term
from .controls import UnitPicker, group_buttons
from .shell import Opening, Shell, chart_widget, dashboard, show


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the rank trajectories of the units the comparison opens with."""
    view = Opening.of(ds, results)
    if view is None:
        return None
    in_group = view.ranked[view.ranked["group"] == view.group]
    shown = trends(in_group, units=default_units(view.ranked, view.group), years=view.span)
    return charts.bump_chart(shown, view.span, lang)


@dashboard("02_so_sanh.ipynb", "app_compare", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The So sánh dashboard: trends, ranks, area heat map, changes and reference for the units picked."""
    all_years = YearRange.span(results["year"])
    groups = [g for g in ds.groups if (results["group"] == g).any()]

    narrow = {"layout": widgets.Layout(width="380px"), "style": {"description_width": "70px"}}
    group = group_buttons(shell, groups)
    year_range = shell.label(widgets.IntRangeSlider(min=all_years.first, max=all_years.last,
                                                    value=(all_years.first, all_years.last), continuous_update=False,
                                                    **narrow).add_class("cchc-years"), "years")
    search = shell.label(shell.label(widgets.Text(continuous_update=True, **narrow).add_class("cchc-search"), "search"),
                         "search_hint", "placeholder")
    picker = UnitPicker(shell)
    notes, table = widgets.HTML().add_class("cchc-notes"), shell.table("cchc-changes").add_class("cchc-scroll")
    trend_chart, bump, heat, ref = (chart_widget(c) for c in ("cchc-trend", "cchc-bump", "cchc-heat", "cchc-ref"))
    drawn: dict[str, tuple] = {}

    def unit_options(g: str) -> list[tuple[str, str]]:
        units = units_of_group(results, g)
        return list(zip(units["unit_name"], units["unit_id"]))

    def set_picker(options: list[tuple[str, str]], value: tuple[str, ...]) -> None:
        with shell.quiet():
            picker.set_units(options, value)

    @shell.guard
    def render(*_: object) -> None:
        lg = shell.lang
        # The slider's pair is untrusted (its bounds can be set from the browser too): validated, clipped.
        span = YearRange(*year_range.value).clip(all_years)
        chosen = list(picker.value)
        names = {u: n for n, u in unit_options(group.value)}
        shell.print_title(years=f"{span.first}–{span.last}", group=group.value, unit=", ".join(
            names.get(u, u) for u in chosen))
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
            areas = {a: term(n, lg) for a, n in area_names(ds.methodology, span.last, g).items()}
            long = heatmap_frame(area_profile(end_rows, span.last), areas, names)
            show(heat, charts.area_heatmap(long, span.last, lg))
        ref_rows, missing = reference_series(ds.reference, span)
        if drawn.get("ref") != (span, g, lg):  # the reference does not depend on the units picked
            label = t("province_mean", lg, name=ds.name, group=term(g, lg))
            show(
                ref,
                charts.reference_chart(ref_rows, group_mean(results, g, span), label, span, lg, simulated=ds.synthetic),
            )
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
        lines += [
            t("ref_missing", lg, series=term(s, lg), years=", ".join(map(str, ys))) for s, ys in missing.items() if ys
        ]
        notes.value = notes_html(lines)

    @shell.guard
    def on_search(*_: object) -> None:
        picker.filter(set(search_units(units_of_group(results, group.value), search.value)))

    @shell.guard
    def on_group(*_: object) -> None:
        search.value = ""
        set_picker(unit_options(group.value), tuple(default_units(results, group.value)))
        render()

    set_picker(unit_options(groups[0]), tuple(default_units(results, groups[0])))
    search.observe(on_search, "value")
    group.observe(on_group, "value")
    shell.redraw_on(render, year_range, picker)
    render()

    left = widgets.VBox([year_range, search, picker, notes], layout=widgets.Layout(width="400px", max_width="100%"))
    left.add_class("cchc-phone-later")  # on a phone the charts come first, the unit picker after them
    row1 = widgets.HBox([left, widgets.VBox([trend_chart, bump])], layout=widgets.Layout(flex_flow="row wrap"))
    heat_box = widgets.Box([heat]).add_class("cchc-scroll")  # a wide grid: it scrolls in its own box on a phone
    row2 = widgets.HBox([heat_box, ref], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    shell.link(group=group, years=year_range, units=picker)
    return shell.app([group], row1, table, row2)
