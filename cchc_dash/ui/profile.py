"""Dashboard 6, Hồ sơ đơn vị: one unit in one year — headline figures, the written paragraph,
its trend, its areas against the group mean, where it lost points — and the same as a Word file.

All content comes from :func:`cchc_dash.analyses.profile.profile` and :mod:`cchc_dash.render.highlights`; this module
only wires the pickers to them.
"""

from __future__ import annotations

import base64
import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses.profile import profile
from ..analyses.sipas import sipas_index
from ..analyses.trends import group_mean, trends
from ..analyses.unit_search import search_units
from ..core.dataset import Dataset
from ..core.scoring import scheme_for
from ..core.years import YearRange
from ..io.downloads import file_stem
from ..io.loader import is_bundled
from ..io.word import profile_docx
from ..render import charts
from ..render.html_tables import notes_html, profile_headline_html, profile_list_html, profile_paragraph
from ..render.labels import t, term
from ..render.theme import band_colors
from .controls import unit_search
from .shell import Opening, Shell, chart_widget, dashboard, show

NOTEBOOK = "06_ho_so_don_vi.ipynb"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the index trend of the opening group's best unit beside the group mean."""
    view = Opening.of(ds, results)
    if view is None:
        return None
    best = view.ranking["unit_id"].iloc[0]
    return charts.profile_trend(trends(view.ranked, units=[best]), group_mean(view.ranked, view.group, view.span), lang)


@dashboard(NOTEBOOK, "app_profile", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The Hồ sơ đơn vị dashboard: pick a year and a unit (accent-free search)."""
    ranked = results[results["index"].notna()]
    sip = sipas_index(ds) if len(ds.sipas_answers) else None  # once per page: every profile reads it
    years = sorted((int(y) for y in ranked["year"].unique()), reverse=True)
    year = shell.label(widgets.Dropdown(options=years, value=years[0]).add_class("cchc-year"), "year")
    search = unit_search(shell)
    unit = shell.label(widgets.Dropdown(layout=widgets.Layout(width="420px")).add_class("cchc-unit"), "unit")
    headline = widgets.HTML().add_class("cchc-profile-headline")
    paragraph = widgets.HTML().add_class("cchc-paragraph")
    lists = shell.table("cchc-profile-lists").add_class("cchc-scroll")
    trend_chart, area_chart = chart_widget("cchc-profile-trend"), chart_widget("cchc-profile-areas")
    make_word = shell.label(
        widgets.Button(icon="file-word-o", layout=widgets.Layout(width="auto")).add_class("cchc-word"), "profile_word"
    )
    word_link = widgets.HTML().add_class("cchc-word-link")

    def set_units() -> None:
        """The year's units matching the search, by group then rank; keep the current one if possible."""
        part = ranked[ranked["year"] == int(year.value)]
        order = {g: i for i, g in enumerate(ds.groups)}
        part = part.assign(g=part["group"].map(order)).sort_values(["g", "rank", "unit_name"])
        found = set(search_units(part[["unit_id", "unit_name"]], search.value))
        named = [
            (f"{n} — {term(g, shell.lang)}", u) for n, g, u in zip(part["unit_name"], part["group"], part["unit_id"])
        ]
        options = [(label, u) for label, u in named if u in found] or named
        with shell.quiet():
            keep = unit.value if unit.value in {u for _, u in options} else options[0][1]
            unit.options = options
            unit.value = keep

    def current() -> tuple:
        y, u = int(year.value), unit.value
        p = profile(results, u, y, ds, sipas=sip)
        line = trends(results, units=[u])
        span = YearRange.span(line["year"])
        return p, line, group_mean(results, p.group, span)

    @shell.guard
    def render(*_: object) -> None:
        lg = shell.lang
        p, line, mean = current()
        shell.print_title(year=p.year, group=p.group, unit=p.unit_name)
        colors = band_colors(scheme_for(ds, p.year, p.group))
        headline.value = profile_headline_html(p, colors, lg)
        paragraph.value = (
            f"<h4>{html.escape(t('profile_paragraph', lg))}</h4><p>{html.escape(profile_paragraph(p, lg))}</p>"
        )
        lists.value = "".join(
            profile_list_html(frame, kind, lg)
            for frame, kind in ((p.weaknesses, "weak"), (p.cuts, "cuts"), (p.headroom, "room"))
        )
        show(trend_chart, charts.profile_trend(line, mean, lg))
        show(area_chart, charts.area_profile_chart(p.areas, p.year, lg))
        word_link.value = ""

    @shell.guard
    def on_word(*_: object) -> None:
        lg = shell.lang
        p, line, mean = current()
        data = profile_docx(
            p,
            profile_paragraph(p, lg),
            [charts.profile_trend(line, mean, lg), charts.area_profile_chart(p.areas, p.year, lg)],
            source=(f"{ds.name} — "
                    f"{t('bundled_data', lg) if is_bundled(ds.source) else ds.source or t('memory_data', lg)}"),
            lang=lg,
        )
        payload = base64.b64encode(data).decode("ascii")
        name = file_stem("ho_so", p.unit_name, str(p.year)) + ".docx"  # ho_so_so_tu_phap_2025.docx
        word_link.value = (
            f'<a download="{html.escape(name)}" href="data:{DOCX};base64,{payload}" class="cchc-word-file">'
            f"⬇ {html.escape(t('profile_word_ready', lg))}: {html.escape(name)}</a>"
        )

    @shell.guard
    def on_year_or_search(*_: object) -> None:
        set_units()
        render()

    set_units()
    shell.on_language(lambda _: set_units())  # group names in the page's language
    year.observe(on_year_or_search, "value")
    search.observe(on_year_or_search, "value")
    shell.redraw_on(render, unit)
    make_word.on_click(on_word)
    render()
    note = widgets.HTML()
    shell.on_language(lambda lg: setattr(note, "value", notes_html([t("scheme_note", lg)])))
    charts_row = widgets.HBox(
        [trend_chart, area_chart], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")
    )
    charts_row.add_class("cchc-scroll")
    shell.link(year=year, unit=unit)
    return shell.app(
        [year, search, unit],
        headline,
        paragraph,
        widgets.HBox([make_word, word_link], layout=widgets.Layout(align_items="center")),
        charts_row,
        lists,
        note,
    )
