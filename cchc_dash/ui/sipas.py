"""Dashboard 5, SIPAS: satisfaction rates with intervals per unit, the question heat map, the
Likert answers, PAR INDEX against SIPAS, and the trend beside the national reference."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses.reference import REFERENCE_MEASURES, reference_series
from ..analyses.sipas import (
    INDEX_KEY,
    METHODS,
    break_years,
    index_ranks,
    likert_shares,
    par_vs_sipas,
    sipas_index,
    versus_group,
    year_questions,
)
from ..core.dataset import Dataset
from ..core.years import YearRange
from ..render import charts
from ..render.html_tables import notes_html, sipas_questions_html, sipas_unit_html
from ..render.labels import t, term
from .shell import Shell, chart_widget, dashboard, show

SIPAS_REFERENCE = REFERENCE_MEASURES[("national", "SIPAS overall")]
#: The workbook sheet the survey answers are entered on (io/excel.py's template).
SIPAS_SHEET = "SIPAS"
#: Endings of a workbook the data can come from.
WORKBOOKS = (".xlsx", ".xlsm")


def no_survey_text(ds: Dataset, lang: str) -> str:
    """Why the page has nothing to show, in the words of where the data came from: a data folder
    names its answers file, a workbook its SIPAS sheet, anything else (frames in memory, wide
    tables) only says that there are no answers. A workbook's reader never hears of a CSV file."""
    read = list(ds.sources.values())
    if str(ds.source).lower().endswith(WORKBOOKS) or any(loc.sheet is not None for loc in read):
        return t("no_sipas_workbook", lang, sheet=SIPAS_SHEET)
    if any(str(loc.source).lower().endswith(".csv") for loc in read):
        return t("no_sipas_csv", lang, file="sipas_answers.csv")
    return t("no_sipas", lang)


def allowed(value: Hashable, offered: Sequence[Hashable]) -> Hashable:
    """A widget's value if the kernel offered it, else the first value offered.

    ``offered`` is the kernel's own list, never the widget's options: a browser can send
    options as well as values over the kernel's websocket."""
    return value if value in offered else offered[0]


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: every unit's SIPAS index with its interval in the latest year's
    first group, the first unit marked; None for data without survey answers."""
    if ds.sipas_answers is None or not len(ds.sipas_answers):
        return None
    frame = versus_group(sipas_index(ds, method=METHODS[0]), ds.units)
    last = frame[(frame["year"] == frame["year"].max()) & (frame["level"] == INDEX_KEY)]
    last = last[last["group"] == last["group"].iloc[0]]
    names = dict(zip(ds.units["unit_id"], ds.units["unit_name"]))
    last = last.assign(unit_name=last["unit_id"].map(names), selected=last["unit_id"] == last["unit_id"].iloc[0])
    # Wider than on the page: the rows are tall (a name wrapped on two lines), and the home page's
    # card fits the picture to its height, so a narrow one would be drawn too small to read.
    return charts.sipas_intervals(last, "", lang).properties(width=480)


class SipasFigures:
    """What the SIPAS dashboard shows, apart from its widgets: the rates of each aggregation
    method with the group comparison (computed on first use, then kept), the years, groups and
    units surveyed, the measures offered, and the unit's rank, its trend beside the group mean.
    """

    def __init__(self, ds: Dataset, results: pd.DataFrame):
        self.ds, self.results = ds, results
        self._by_method: dict[str, pd.DataFrame] = {}
        self.names = dict(zip(ds.units["unit_id"], ds.units["unit_name"]))
        self.breaks = break_years(ds.sipas_questions)
        self.measures = [INDEX_KEY] + list(dict.fromkeys(ds.sipas_questions["component"]))
        self.years = sorted(self.figures(METHODS[0])["year"].unique().tolist(), reverse=True)
        self.span = YearRange(min(self.years), max(self.years))

    def figures(self, method: str) -> pd.DataFrame:
        """The rates under aggregation ``method`` with the group comparison."""
        if method not in self._by_method:
            self._by_method[method] = versus_group(sipas_index(self.ds, method=method), self.ds.units)
        return self._by_method[method]

    def choices(self, year: int, group: str | None) -> tuple[list[str], str, list[str]]:
        """The groups surveyed in ``year``, the group shown (``group`` if surveyed, else the first)
        and its units."""
        frame = self.figures(METHODS[0])
        present = frame[(frame["year"] == year) & (frame["level"] == INDEX_KEY)]
        groups = [g for g in self.ds.groups if (present["group"] == g).any()]
        shown = group if group in groups else groups[0]
        return groups, shown, present.loc[present["group"] == shown, "unit_id"].tolist()

    def rank(self, method: str, year: int, unit_id: str) -> str:
        """"12/20": the unit's SIPAS index rank in its group that year, or "–"."""
        frame = self.figures(method)
        ranks = index_ranks(frame[frame["year"] == year], self.ds.units).set_index("unit_id")
        if pd.isna(ranks.at[unit_id, "sipas_rank"]):
            return "–"
        return f"{ranks.at[unit_id, 'sipas_rank']}/{ranks.at[unit_id, 'sipas_rank_of']}"

    def trend(self, method: str, group: str, unit_id: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The unit's index by year beside its group's mean (series named in ``lang``), and the
        published national SIPAS over the same years."""
        frame = self.figures(method)
        index_rows = frame[(frame["level"] == INDEX_KEY) & (frame["group"] == group)]
        own = index_rows[index_rows["unit_id"] == unit_id][["year", "rate"]]
        own = own.assign(series=self.names.get(unit_id, unit_id))
        mean_name = t("province_mean", lang, name=self.ds.name, group=term(group, lang))
        mean = index_rows.groupby("year", as_index=False)["rate"].mean().assign(
            series=t("simulated_named", lang, name=mean_name) if self.ds.synthetic else mean_name)
        published, _ = reference_series(self.ds.reference, self.span)
        return pd.concat([own, mean], ignore_index=True), published[published["series"] == SIPAS_REFERENCE]


@dashboard("05_sipas.ipynb", "app_sipas", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The SIPAS dashboard for the year, group and unit picked (a plain message without survey data)."""
    if ds.sipas_answers.empty:
        note = widgets.HTML().add_class("cchc-empty")
        shell.on_language(lambda lg: setattr(note, "value", notes_html([no_survey_text(ds, lg)])))
        return shell.app([], note)

    data = SipasFigures(ds, results)
    names, measures, years = data.names, data.measures, data.years
    offered: dict[str, list[str]] = {}  # the groups and units of the year shown, as set by set_choices

    year = shell.label(widgets.Dropdown(options=years, value=years[0]).add_class("cchc-year"), "year")
    group = shell.label(widgets.ToggleButtons(style={"button_width": "auto"}).add_class("cchc-group"), "group")
    unit = shell.label(widgets.Dropdown(layout=widgets.Layout(width="420px")).add_class("cchc-unit"), "unit")
    measure = shell.label(widgets.Dropdown().add_class("cchc-measure"), "sipas_measure")
    method = shell.label(
        widgets.ToggleButtons(style={"button_width": "200px"}).add_class("cchc-method"), "sipas_method"
    )
    headline = shell.table("cchc-sipas-unit").add_class("cchc-scroll")  # its table scrolls on a phone
    codes = widgets.HTML().add_class("cchc-sipas-key").add_class("cchc-scroll")  # the heat map's codes
    notes = widgets.HTML().add_class("cchc-notes")
    intervals, heat, likert, scatter, trend = (
        chart_widget(c)
        for c in ("cchc-sipas-intervals", "cchc-sipas-heat", "cchc-likert", "cchc-par-sipas", "cchc-sipas-trend")
    )

    def relabel(lg: str) -> None:
        with shell.quiet():
            keep_method, keep_measure = method.value, measure.value
            method.options = [(t(f"sipas_method_{m}", lg), m) for m in METHODS]
            method.value = allowed(keep_method, METHODS)
            measure.options = [(t("sipas_index", lg), INDEX_KEY)] + [(term(c, lg), c) for c in measures[1:]]
            measure.value = allowed(keep_measure, measures)

    def set_choices() -> None:
        """Groups surveyed in the year, then that group's units; keep the current ones if offered."""
        groups, keep, ids = data.choices(allowed(year.value, years), group.value)
        with shell.quiet():
            group.options = [(term(x, shell.lang), x) for x in groups]
            group.value = keep
            offered.update(groups=groups, units=ids)
            unit.options = [(names.get(u, u), u) for u in ids]
            unit.value = unit.value if unit.value in ids else ids[0]

    @shell.guard
    def render(*_: object) -> None:
        lg = shell.lang
        m = allowed(method.value, METHODS)
        y = allowed(year.value, years)
        g = allowed(group.value, offered["groups"])
        u = allowed(unit.value, offered["units"])
        key = allowed(measure.value, measures)
        shell.print_title(year=y, group=g, unit=names.get(u, u))
        frame = data.figures(m)
        part = frame[(frame["year"] == y) & (frame["group"] == g)]
        part = part.assign(unit_name=part["unit_id"].map(names), selected=part["unit_id"] == u)

        mine = part[(part["unit_id"] == u) & part["level"].isin([INDEX_KEY, "component"])]
        rank = data.rank(m, y, u)
        headline.value = sipas_unit_html(names.get(u, u), mine, rank, lg)

        label = t("sipas_index", lg) if key == INDEX_KEY else term(key, lg)
        show(
            intervals,
            charts.sipas_intervals(part[part["key"] == key], t("sipas_intervals_title", lg, measure=label, year=y), lg),
        )
        asked = year_questions(ds.sipas_questions, y)
        questions = part[part["level"] == "question"].merge(asked, left_on="key", right_on="question_id")
        questions = questions.assign(question=questions["key"])
        show(heat, charts.sipas_heatmap(questions[["unit_name", "question", "component", "rate", "n", "text"]], y, lg))
        codes.value = sipas_questions_html(asked, y, lg)
        show(
            likert,
            charts.likert_diverging(likert_shares(ds.sipas_answers, ds.sipas_questions, y, u), names.get(u, u), y, lg),
        )
        show(scatter, charts.par_sipas_scatter(par_vs_sipas(results, frame, ds.units, y, g), u, y, lg))

        series, published = data.trend(m, g, u, lg)
        show(trend, charts.sipas_trend_chart(series, published, data.breaks, data.span, lg))

        lines = [t("sipas_formula_note", lg), t("sipas_interval_note", lg)]
        if data.breaks:
            lines.append(t("sipas_break_note", lg, years=", ".join(map(str, data.breaks))))
        notes.value = notes_html(lines)

    @shell.guard
    def on_choice(*_: object) -> None:
        set_choices()
        render()

    shell.on_language(relabel)
    shell.on_language(lambda _: set_choices())  # group names in the page's language
    set_choices()
    year.observe(on_choice, "value")
    group.observe(on_choice, "value")
    shell.redraw_on(render, unit, measure, method)
    render()

    wrap = widgets.Layout(flex_flow="row wrap", align_items="flex-start")
    row1 = widgets.HBox(
        [widgets.VBox([headline, notes], layout=widgets.Layout(max_width="720px")), intervals], layout=wrap
    )
    row2 = widgets.HBox([likert, scatter], layout=wrap)
    row3 = widgets.HBox([trend], layout=wrap)
    heat_box = widgets.Box([heat]).add_class("cchc-scroll")  # a wide grid: it scrolls in its own box on a phone
    shell.link(year=year, group=group, unit=unit, measure=measure, method=method)
    return shell.app([year, group, unit, measure, method], row1, row2, heat_box, codes, row3)
