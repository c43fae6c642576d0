"""Dashboard 1, Tổng quan: the ranking of one year and group, headline figures, index chart."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses import standings
from ..analyses.reference import national_reference
from ..core.dataset import Dataset
from ..core.scoring import scheme_for
from ..render import charts
from ..render.html_tables import kpi_html, not_assessed_html, notes_html, ranking_html, scheme_text
from ..render.labels import t, term
from ..render.theme import band_colors
from .shell import Opening, Shell, chart_widget, dashboard, show


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the index bars of the group the overview opens on."""
    view = Opening.of(ds, results)
    return None if view is None else charts.index_bars(view.ranking, view.scheme, lang)


@dashboard("01_tong_quan.ipynb", "app_overview", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The Tổng quan dashboard: ranking table, headline figures and index chart of a year and group."""
    years = sorted(results["year"].unique().tolist(), reverse=True)

    year = shell.label(widgets.Dropdown(options=years, value=years[0]).add_class("cchc-year"), "year")
    group = shell.label(widgets.ToggleButtons(style={"button_width": "auto"}).add_class("cchc-group"), "group")
    kpis = widgets.HTML().add_class("cchc-kpis-box")
    table = shell.table("cchc-ranking")
    note = widgets.HTML().add_class("cchc-scheme-note")
    chart = chart_widget("cchc-chart")

    @shell.guard
    def render(*_: object) -> None:
        lg, y, g = shell.lang, int(year.value), group.value
        shell.print_title(year=y, group=g)
        part = standings.group_ranking(results, y, g)
        scheme = scheme_for(ds, y, g)
        kpis.value = kpi_html(standings.kpis(results, y, g), national_reference(ds.reference, y), y, lg)
        left_out = standings.not_assessed_in(ds.not_assessed, ds.units, y, g)
        moved = standings.with_change(results, y, g)  # the same rows, with last year's rank and index
        table.value = ranking_html(moved, band_colors(scheme), lg) + not_assessed_html(left_out, y, lg)
        note.value = notes_html(
            [
                t("score_vs_rank", lg),
                f"{t('scheme_note', lg)}: {scheme_text(scheme, lg)}" if scheme else t("no_scheme", lg),
            ]
        )
        show(chart, charts.index_bars(part, scheme, lg))

    def set_groups(y: int) -> None:
        """Offer the groups ranked in ``y`` (named in the page's language), keeping the current
        one if it still exists."""
        options = standings.groups_in(results, y, ds.groups)
        with shell.quiet():
            keep = group.value if group.value in options else options[0]
            group.options = [(term(g, shell.lang), g) for g in options]
            group.value = keep

    @shell.guard
    def on_year(*_: object) -> None:
        set_groups(int(year.value))
        render()

    set_groups(years[0])
    shell.on_language(lambda _: set_groups(int(year.value)))
    year.observe(on_year, "value")
    shell.redraw_on(render, group)
    render()
    body = widgets.HBox(
        [widgets.VBox([table, note], layout=widgets.Layout(width="660px", max_width="100%")), chart],
        layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
    )
    return shell.app([year, group], kpis, body)
