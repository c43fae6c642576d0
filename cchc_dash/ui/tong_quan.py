"""Dashboard 1, Tổng quan: the ranking of one year and group, headline figures, index chart."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import charts, ranking
from ..charts import band_colors
from ..i18n import t
from ..model import Dataset
from ..reference import national_reference
from ..scoring import compute, scheme_for
from ..tables import kpi_html, ranking_html
from .common import chart_widget, empty_app, guarded, header, language_toggle, show


def build(ds: Dataset, results: pd.DataFrame | None = None, lang: str = "vi") -> widgets.VBox:
    """The Tổng quan dashboard for ``ds`` (``results`` from :func:`cchc_dash.compute`)."""
    results = compute(ds) if results is None else results
    if results["index"].notna().sum() == 0:
        return empty_app(t("app_overview", lang), ds, lang)
    years = sorted(results["year"].unique().tolist(), reverse=True)

    title = widgets.HTML()
    year = widgets.Dropdown(options=years, value=years[0]).add_class("cchc-year")
    group = widgets.ToggleButtons().add_class("cchc-group")
    language = language_toggle(lang)
    status = widgets.HTML()
    kpis = widgets.HTML().add_class("cchc-kpis-box")
    table = widgets.HTML().add_class("cchc-ranking")
    note = widgets.HTML()
    chart = chart_widget(charts.empty_chart())
    chart.add_class("cchc-chart")
    guard = guarded(status, language)

    busy = {"group": False}

    @guard
    def render(*_: object) -> None:
        if busy["group"]:
            return
        lg = language.value
        y, g = int(year.value), group.value
        title.value = header(t("app_overview", lg) + f" — {ds.name}", ds.synthetic, lg)
        year.description, group.description = t("year", lg), t("group", lg)
        part = ranking.slice_of(results, y, g)
        scheme = scheme_for(ds, y, g)
        kpis.value = kpi_html(ranking.kpis(results, y, g), national_reference(ds.reference, y), y, lg)
        table.value = ranking_html(part, band_colors(scheme), lg)
        note.value = f'<div class="cchc-note">{html.escape(t("scheme_note", lg) if scheme else t("no_scheme", lg))}' + (
            f": {html.escape(scheme.to_text())}</div>" if scheme else "</div>")
        show(chart, charts.index_bars(part, scheme, lg))

    def set_groups(y: int) -> None:
        """Offer the groups ranked in ``y``, keeping the current one if it still exists."""
        options = ranking.groups_in(results, y, ds.groups)
        busy["group"] = True
        try:
            keep = group.value if group.value in options else options[0]
            group.options = options
            group.value = keep
        finally:
            busy["group"] = False

    @guard
    def on_year(*_: object) -> None:
        set_groups(int(year.value))
        render()

    set_groups(years[0])
    year.observe(on_year, "value")
    group.observe(render, "value")
    language.observe(render, "value")
    render()
    controls = widgets.HBox([year, group, language], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    body = widgets.HBox([widgets.VBox([table, note], layout=widgets.Layout(width="660px")), chart],
                        layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    return widgets.VBox([title, controls, status, kpis, body]).add_class("cchc-app")
