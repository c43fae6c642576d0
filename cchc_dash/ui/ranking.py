"""Dashboard 1, Tổng quan: the ranking of one year and group, headline figures, index chart, and the
year's annual report as a Word document (:mod:`cchc_dash.io.annual_report`)."""

from __future__ import annotations

import base64
import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses import standings
from ..analyses.reference import national_reference
from ..core.dataset import Dataset
from ..core.scoring import scheme_for
from ..io.annual_report import annual_report_docx
from ..io.word import DOCX_MIME
from ..render import charts
from ..render.html_tables import kpi_html, not_assessed_html, notes_html, ranking_html, scheme_text
from ..render.labels import t, term
from ..render.theme import band_colors
from .shell import Opening, Shell, chart_widget, dashboard, show


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the index bars of the group the overview opens on."""
    view = Opening.of(ds, results)
    return None if view is None else charts.index_dots(view.ranking, view.scheme, lang)


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
    report = shell.label(
        widgets.Button(icon="file-word-o", layout=widgets.Layout(width="auto")).add_class("cchc-report"),
        "report_button",
    )
    report_link = widgets.HTML().add_class("cchc-report-link")

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
        show(chart, charts.index_dots(part, scheme, lg))
        report_link.value = ""  # a report of another year or language is not offered beside this one

    @shell.guard
    def on_report(*_: object) -> None:
        """Build the annual report of the year shown (a few seconds: the charts are drawn offline),
        saying so and with the button disabled meanwhile, then offer it as a download link."""
        lg, y = shell.lang, int(year.value)
        report.disabled, report.icon = True, "hourglass-half"
        building = html.escape(t("report_building", lg, year=y))
        report_link.value = f'<span class="cchc-note" role="status">{building}</span>'
        try:
            data = annual_report_docx(results, y, lg, ds=ds)
        finally:
            report.disabled, report.icon = False, "file-word-o"
            report_link.value = ""
        name = f"bao_cao_{y}.docx"
        payload = base64.b64encode(data).decode("ascii")
        report_link.value = (
            f'<a download="{name}" href="data:{DOCX_MIME};base64,{payload}" class="cchc-report-file">'
            f"⬇ {html.escape(t('report_ready', lg, year=y))}: {name}</a>"
        )

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
    report.on_click(on_report)
    render()
    body = widgets.HBox(
        [widgets.VBox([table, note], layout=widgets.Layout(width="660px", max_width="100%")), chart],
        layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
    )
    actions = widgets.HBox([report, report_link], layout=widgets.Layout(align_items="center"))
    shell.link(year=year, group=group)
    return shell.app([year, group], kpis, actions, body)
