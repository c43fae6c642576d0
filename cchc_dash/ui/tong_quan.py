"""Dashboard 1, Tổng quan: the ranking of one year and group, headline figures, index chart."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import charts, ranking
from ..charts import UNBANDED_COLOR, band_colors
from ..i18n import fmt_num, t
from ..model import Dataset
from ..reference import national_reference
from ..scoring import compute, scheme_for
from .common import chart_widget, empty_app, guarded, header, language_toggle, show


def ranking_html(table: pd.DataFrame, colors: dict[str, str], lang: str) -> str:
    """The ranking table (STT, Đơn vị, Điểm, Chỉ số, Xếp hạng "4/20", Xếp loại), band-coloured."""
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in ("stt", "unit", "score", "index", "rank", "band"))
    rows = []
    for i, r in enumerate(table.itertuples(index=False), start=1):
        band = r.band if isinstance(r.band, str) else t("unbanded", lang)
        color = colors.get(band, UNBANDED_COLOR)
        rank = f"{r.rank}/{r.rank_of}" if pd.notna(r.rank) else "–"
        rows.append(
            f'<tr style="background:{color}1a"><td class="num">{i}</td><td>{html.escape(str(r.unit_name))}</td>'
            f'<td class="num">{fmt_num(r.score, 2, lang)}</td><td class="num">{fmt_num(r.index, 2, lang)}</td>'
            f'<td class="num">{rank}</td><td><span class="cchc-pill" style="background:{color}">{html.escape(band)}</span></td></tr>')
    return f'<table class="cchc-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def kpi_html(k: ranking.Kpis, reference: tuple[float, str] | None, year: int, lang: str) -> str:
    """Headline cards: mean, best, worst, movers; then the national reference line."""
    def card(label: str, value: str, sub: str = "") -> str:
        return f'<div class="cchc-kpi"><div class="l">{html.escape(label)}</div><div class="v">{value}</div><div class="s">{sub}</div></div>'

    def moves(frame: pd.DataFrame, cls: str) -> str:
        return "<br>".join(f'<span class="{cls}">{fmt_num(c, 2, lang, sign=True)}</span> {html.escape(n)}'
                           for n, c in zip(frame["unit_name"], frame["change"]))

    cards = [
        card(t("mean", lang), fmt_num(k.mean, 2, lang), f"{k.n} {t('units_ranked', lang)}"),
        card(t("best", lang), fmt_num(k.best_index, 2, lang), html.escape(k.best_name)),
        card(t("worst", lang), fmt_num(k.worst_index, 2, lang), html.escape(k.worst_name)),
    ]
    if k.has_previous and (len(k.up) or len(k.down)):
        cards.append(card(t("movers", lang), "", moves(k.up, "up") + ("<br>" if len(k.up) and len(k.down) else "") + moves(k.down, "down")))
    else:
        cards.append(card(t("movers", lang), "–", html.escape(t("no_previous", lang))))
    ref = ""
    if reference is not None:
        value, source = reference
        ref = (f'<div class="cchc-note">{html.escape(t("national_ref", lang, year=year, value=fmt_num(value, 2, lang)))}: '
               f'<a href="{html.escape(source)}" target="_blank" rel="noopener">{html.escape(source[:60])}…</a></div>')
    return f'<div class="cchc-kpis">{"".join(cards)}</div>{ref}'


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
