"""Dashboard 4, Phân bố xếp loại: band counts by year, index histogram with thresholds,
band migration between two years, and two band schemes side by side with an editor."""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses.distribution import (
    band_counts,
    band_migration,
    compare_schemes,
    index_histogram,
    reclassify,
    scheme_shift,
)
from ..core.dataset import Dataset
from ..render import charts
from ..render.html_tables import counts_html, no_schemes_html, notes_html
from ..render.labels import t
from ..render.theme import band_colors
from .controls import STORED, SchemeEditor, group_buttons
from .shell import Opening, Shell, chart_widget, dashboard, show


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the opening group's band counts by year."""
    view = Opening.of(ds, results)
    if view is None:
        return None
    counts = band_counts(view.ranked[view.ranked["group"] == view.group])
    return charts.band_stack(counts, band_colors(view.scheme), lang)


@dashboard("04_xep_loai.ipynb", "app_bands", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The Phân bố xếp loại dashboard: band counts, histogram, migration, two schemes side by side."""
    groups = [g for g in ds.groups if (results["group"] == g).any()]

    group = group_buttons(shell, groups)
    year = shell.label(widgets.Dropdown().add_class("cchc-year"), "year")
    year_from = shell.label(widgets.Dropdown().add_class("cchc-from"), "year_from")
    year_to = shell.label(widgets.Dropdown().add_class("cchc-to"), "year_to")
    side, notes = shell.table("cchc-side").add_class("cchc-scroll"), widgets.HTML()
    years_note = widgets.HTML().add_class("cchc-years-note")  # next to the migration's year pickers
    stack, hist, migration = (chart_widget(c) for c in ("cchc-stack", "cchc-hist", "cchc-migration"))
    migration.add_class("cchc-scroll")  # one cell per band and year pair: on a phone it scrolls, not shrinks

    @shell.guard
    def render(*_: object) -> None:
        lg = shell.lang
        g, y = group.value, int(year.value)
        shell.print_title(year=y, group=g)
        y_from, y_to = int(year_from.value), int(year_to.value)
        part = results[results["group"] == g]
        a_now, b_now = editor_a.scheme(ds, y, g), editor_b.scheme(ds, y, g)
        # Counts and migration use scheme A: each year's own when A is the configuration.
        fixed = None if editor_a.per_year else a_now
        banded = part if fixed is None else reclassify(part, fixed)
        show(stack, charts.band_stack(band_counts(banded, fixed), band_colors(a_now), lg))
        show(
            hist,
            charts.index_histogram_chart(
                index_histogram(part, y), [(t("scheme_a", lg), a_now), (t("scheme_b", lg), b_now)], y, lg
            ),
        )
        lines = [t(k, lg) for k in ("migration_note", "unverified_presets", "scheme_note")]
        if y_from < y_to:
            show(
                migration, charts.migration_heatmap(band_migration(banded, y_from, y_to, order=fixed), y_from, y_to, lg)
            )
            years_note.value = ""
        else:
            show(migration, charts.empty_chart())
            years_note.value = f'<div class="cchc-error">{html.escape(t("years_order", lg))}</div>'
        if a_now is not None and b_now is not None:
            side.value = counts_html(
                compare_schemes(part, a_now, b_now, y), a_now, b_now, scheme_shift(part, a_now, b_now, y), y, lg
            )
        else:
            side.value = no_schemes_html(y, lg)
        notes.value = notes_html(lines)

    def set_years() -> None:
        """Offer the group's years: the last one, and last-but-one → last for the migration."""
        years = sorted(int(v) for v in results.loc[results["group"] == group.value, "year"].unique())
        with shell.quiet():
            year.options, year_from.options, year_to.options = years[::-1], years, years
            year.value, year_from.value, year_to.value = years[-1], years[-2] if len(years) > 1 else years[0], years[-1]

    editor_a = SchemeEditor(shell, "A", STORED, lambda: render())
    editor_b = SchemeEditor(shell, "B", "Tốt>=85; Khá>=75; Trung bình>=60; Yếu", lambda: render())
    editor_a.box.add_class("cchc-scheme-a")
    editor_b.box.add_class("cchc-scheme-b")

    @shell.guard
    def on_group(*_: object) -> None:
        set_years()
        render()

    set_years()
    group.observe(on_group, "value")
    shell.redraw_on(render, year, year_from, year_to)
    render()

    editors = widgets.HBox([editor_a.box, editor_b.box], layout=widgets.Layout(flex_flow="row wrap"))
    editors.add_class("cchc-phone-later")  # on a phone the counts come first, the schemes' editors last
    row1 = widgets.HBox([stack, hist], layout=widgets.Layout(flex_flow="row wrap"))
    mig = widgets.VBox(
        [widgets.HBox([year_from, year_to], layout=widgets.Layout(flex_flow="row wrap")), years_note, migration]
    )
    row2 = widgets.HBox([side, mig], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    shell.link(group=group, year=year, year_from=year_from, year_to=year_to)
    return shell.app([group, year], editors, row1, row2, notes)
