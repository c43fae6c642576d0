"""Dashboard 3, Mô phỏng: change a unit's appraised scores or the band thresholds and see its
index, rank and band, and the whole group's ranking, move at once; points still needed for the
next band and a suggestion; scenarios downloaded and opened as JSON; rank robustness.

All arithmetic is :mod:`cchc_dash.analyses.whatif` on the engine prepared once per page; this module
only wires widgets to it. Every value arriving from the browser is checked in the kernel
against the data (a score outside [0, max] is refused and the previous value restored).
"""

from __future__ import annotations

import base64
import html
import math
import numbers
from collections.abc import Callable

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..analyses.unit_search import search_units
from ..analyses.whatif import (
    ACTIONABLE,
    Scenario,
    Simulation,
    changes_of_rows,
    closest_below,
    gap,
    robustness,
    simulate,
    suggest,
)
from ..core.bands import BandScheme
from ..core.dataset import Dataset
from ..core.errors import ValidationError
from ..core.parsing import parse_points
from ..core.scoring import Engine, prepare, scheme_for
from ..io.scenario_files import MAX_FILE_BYTES, scenario_from_json, scenario_to_json
from ..render import charts
from ..render.html_tables import notes_html, suggestion_html, whatif_headline_html, whatif_ranking_html
from ..render.labels import fmt_num, t, term
from ..render.theme import band_colors
from .controls import STORED, SchemeEditor, unit_search
from .shell import Opening, Shell, chart_widget, dashboard, limited, show, too_large_html

NOTEBOOK = "03_mo_phong.ipynb"
#: Bounds of the robustness controls, checked again in the kernel (the browser can send anything).
DRAWS = (100, 5000)
POINTS = (0.0, 5.0)
AREA_SPREAD = (0.0, 0.3)


def _problems_html(exc: ValidationError, title: str, lang: str) -> str:
    items = "".join(f"<li>{html.escape(p.text(lang))}</li>" for p in exc.problems[:20])
    return f'<div class="cchc-error">{html.escape(title)}<ul>{items}</ul></div>'


def _within(value: object, bounds: tuple[float, float]) -> bool:
    """A finite number inside ``bounds`` (a browser may send any value, or none)."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
            and bounds[0] <= value <= bounds[1])


class ItemEditor:
    """One input per sub-criterion of a (year, group) methodology, grouped by area in an accordion.

    An area's inputs are built when its section is first opened (:meth:`open`): every widget is a
    model the browser creates before the page shows, and a methodology's ~90 items made d3 the
    slowest dashboard to its first chart; the open section alone is a tenth of them."""

    def __init__(self, engine: Engine, year: int, group: str, on_edit: Callable[[str, dict], None],
                 on_open: Callable[[], None]):
        self.leaves = engine.leaves[(engine.leaves["year"] == year) & (engine.leaves["group"] == group)]
        self.on_edit, self.on_open = on_edit, on_open
        self.inputs: dict[str, widgets.Text] = {}  # of the areas built so far
        self.areas = list(dict.fromkeys(self.leaves["area_id"]))
        self.area_names = dict(zip(self.leaves["area_id"], self.leaves["area_name"]))
        self.area_of = dict(zip(self.leaves["item_id"], self.leaves["area_id"]))
        self.labels: dict[str, widgets.HTML] = {}
        self.names: dict[str, str] = {}
        # Each area is one grid of label, box, label, box… sharing one layout and style per kind: two
        # models per item (a row box, a layout and a style per item made ~720 models).
        self._grid = widgets.Layout(grid_template_columns="minmax(0, 430px) 150px", grid_gap="4px 12px",
                                    align_items="center")
        self._input_layout, self._label_layout = widgets.Layout(width="150px"), widgets.Layout()
        self._input_style = widgets.widget_string.TextStyle(description_width="initial")
        self._label_style = widgets.widget_string.HTMLStyle()
        self.built: set[str] = set()
        shared = widgets.Layout()
        self.sections = [widgets.VBox(layout=shared) for _ in self.areas]
        self.accordion = widgets.Accordion(children=self.sections, selected_index=0).add_class("cchc-items")
        self.accordion.observe(self._opened, "selected_index")

    def _opened(self, change: dict) -> None:
        """A section opened in the browser (an index the trait has already bounded; None: all closed)."""
        if change["new"] is not None:
            self.open(self.areas[change["new"]])

    def open(self, area: str) -> None:
        """Build ``area``'s inputs if not yet built, then let the page fill them (``on_open``)."""
        if area in self.built:
            return
        self.built.add(area)
        cells = []
        for leaf in self.leaves[self.leaves["area_id"] == area].itertuples(index=False):
            # A visible label ("Điểm", set by the page in its language) names the input for a screen reader.
            # A text box, not a FloatText: that one writes "0.75" whatever the page's language; the
            # text is read in the kernel (parse_points), which refuses what is not a score in bounds.
            box = widgets.Text(continuous_update=False, style=self._input_style, layout=self._input_layout)
            box.add_class("cchc-item-input").add_class("cchc-item-" + leaf.item_id.replace(".", "-"))
            box.observe(lambda change, item=leaf.item_id: self.on_edit(item, change), "value")
            label = widgets.HTML(style=self._label_style, layout=self._label_layout).add_class("cchc-item-label")
            self.inputs[leaf.item_id], self.labels[leaf.item_id] = box, label
            self.names[leaf.item_id] = str(leaf.name_vi)
            cells += [label, box]
        self.on_open()
        self.sections[self.areas.index(area)].children = [
            widgets.GridBox(cells, layout=self._grid).add_class("cchc-item-grid")
        ]

    def show(self, item: str) -> None:
        """Open the section of ``item`` (its inputs built and filled)."""
        self.accordion.selected_index = self.areas.index(self.area_of[item])


def _area_titles(ed: ItemEditor, old: pd.Series, new: pd.Series, lang: str) -> tuple[str, ...]:
    """Each area's accordion title: its name and its index before → after the scenario."""
    return tuple(f"{area}. {term(ed.area_names[area], lang)} — {fmt_num(old.get(f'area_{area}'), 2, lang)} → "
                 f"{fmt_num(new.get(f'area_{area}'), 2, lang)}" for area in ed.areas)


class WhatIf:
    """The state of a what-if session, apart from the widgets that show it: the prepared engine and
    its base evaluation (prepared once per page), the scenario's score edits, and the last
    simulation. Every value arriving from the browser is checked here before it is kept.
    """

    def __init__(self, ds: Dataset, results: pd.DataFrame):
        self.ds = ds
        self.engine = prepare(ds)
        self.base = self.engine.evaluate()
        self.before = results  # compute(ds): the figures every change is compared with
        self.edits: dict[int, float] = {}  # score row → new appraised score
        self.sim: Simulation | None = None

    def scenario(self, name: str, author: str, scheme: BandScheme | None, year: int, group: str,
                 per_year: bool) -> Scenario:
        """The scenario being built: the edits, and ``scheme`` for (year, group) unless the stored
        schemes apply (``per_year``)."""
        overrides = {} if per_year or scheme is None else {(year, group): scheme}
        return Scenario(name.strip() or "Kịch bản", changes_of_rows(self.engine, self.edits), overrides,
                        author=author.strip())

    def engine_for(self, scenario: Scenario) -> Engine:
        """The engine with the scenario's band schemes (the what-if thresholds)."""
        return self.engine.with_schemes(scenario.schemes) if scenario.schemes else self.engine

    def evaluate(self, scenario: Scenario) -> Simulation:
        """Simulate the scenario against the base evaluation; kept as the current simulation."""
        self.sim = simulate(self.engine, scenario, self.base)
        return self.sim

    def edit(self, year: int, unit_id: str, item_id: str, value: object) -> bool:
        """Set an item's score; False (nothing kept) for a value outside [0, max], a non-applicable
        or unknown item, or anything that is not a finite number. Back at the data's score, the
        edit is dropped."""
        row = self.engine.row_of(year, unit_id, item_id)
        if row is None or not self.engine.applicable[row] or not _within(value, (0.0, float(self.engine.row_max[row]))):
            return False
        if abs(float(value) - float(self.engine.score[row])) <= 1e-9:
            self.edits.pop(row, None)
        else:
            self.edits[row] = float(value)
        return True

    def suggest(self, scenario: Scenario, year: int, unit_id: str, kinds: tuple[str, ...] = ACTIONABLE) -> pd.DataFrame:
        """Add the fewest item changes (of ``kinds``) that take the unit to its next band; the plan
        (:func:`cchc_dash.analyses.whatif.suggest`'s frame: the items, from → to, short points)."""
        assert self.sim is not None, "evaluate() runs before a suggestion is asked for"
        picked = suggest(self.engine_for(scenario), year, unit_id, None, self.sim.evaluation, kinds=kinds)
        for row, score in zip(picked["row"], picked["new_score"]):
            self.edits[int(row)] = float(score)
        return picked

    def load(self, scenario: Scenario) -> None:
        """Replace the edits by a loaded scenario's, once every change has been checked against the
        data (a :class:`ValidationError` leaves the session as it was)."""
        simulate(self.engine, scenario, self.base)
        self.edits = {int(self.engine.row_of(c.year, c.unit_id, c.item_id)): float(c.score)
                      for c in scenario.changes}

    def robustness(self, scenario: Scenario, year: int, group: str, draws: int, points: float, area_spread: float,
                   progress: Callable[[float], None]) -> pd.DataFrame:
        """Rank robustness of the scenario's (year, group), seeded, from the current simulation."""
        assert self.sim is not None, "evaluate() runs before robustness is drawn"
        return robustness(self.engine_for(scenario), year, group, draws=draws, points=points,
                          area_spread=area_spread, seed=0, progress=progress, ev=self.sim.evaluation)


def picture(ds: Dataset, results: pd.DataFrame, lang: str) -> alt.TopLevelMixin | None:
    """The home page's picture: the group's index bars, as the simulation starts from them."""
    view = Opening.of(ds, results)
    return None if view is None else charts.index_dots(view.ranking, view.scheme, lang)


@dashboard(NOTEBOOK, "app_whatif", picture)
def build(shell: Shell, ds: Dataset, results: pd.DataFrame) -> widgets.VBox:
    """The Mô phỏng dashboard: unit, items, thresholds → new index, rank, band of every unit."""
    session = WhatIf(ds, results)
    engine, before = session.engine, session.before
    years = sorted((int(y) for y in before.loc[before["index"].notna(), "year"].unique()), reverse=True)

    year = shell.label(widgets.Dropdown(options=years, value=years[0]).add_class("cchc-year"), "year")
    group = shell.label(widgets.ToggleButtons(style={"button_width": "auto"}).add_class("cchc-group"), "group")
    search = unit_search(shell)
    unit = shell.label(widgets.Dropdown(layout=widgets.Layout(width="380px")).add_class("cchc-unit"), "whatif_unit")
    headline = widgets.HTML().add_class("cchc-headline")
    table = shell.table("cchc-whatif-ranking")
    message = widgets.HTML().add_class("cchc-message")
    auto = widgets.Layout(width="auto")
    initial = {"description_width": "initial"}  # labels in full, in either language
    reset = shell.label(widgets.Button(icon="undo", layout=auto).add_class("cchc-reset"), "whatif_reset")
    propose = shell.label(widgets.Button(icon="lightbulb-o", layout=auto).add_class("cchc-suggest"), "whatif_suggest")
    with_survey = shell.label(widgets.Checkbox(value=False, indent=False, layout=auto).add_class("cchc-suggest-survey"),
                              "whatif_suggest_survey")
    items_title = widgets.HTML()
    items_box = widgets.VBox()
    scheme_title = shell.label(widgets.HTML(), "whatif_scheme", "value")
    editor = SchemeEditor(shell, "", STORED, lambda: render())
    editor.box.add_class("cchc-whatif-scheme")
    name = shell.label(widgets.Text(value="Kịch bản 1", style=initial, layout=widgets.Layout(width="300px"))
                       .add_class("cchc-scenario-name"), "scenario_name")
    author = shell.label(widgets.Text(style=initial, layout=widgets.Layout(width="300px")), "scenario_author")
    download = widgets.HTML().add_class("cchc-download")
    upload = limited(widgets.FileUpload(accept=".json", multiple=False).add_class("cchc-upload"), MAX_FILE_BYTES)
    shell.label(upload, "scenario_upload")
    draws = shell.label(widgets.BoundedIntText(value=1000, min=DRAWS[0], max=DRAWS[1], step=100, style=initial,
                                               layout=widgets.Layout(width="200px")).add_class("cchc-draws"),
                        "robust_draws")
    # Text, as the item scores: "0,50" in Vietnamese; read by parse_points and bounded in the kernel.
    spread = shell.label(widgets.Text(value=fmt_num(0.5, 2, shell.lang), continuous_update=False, style=initial,
                                      layout=widgets.Layout(width="180px")).add_class("cchc-robust-points"),
                         "robust_points")
    weights = shell.label(widgets.FloatSlider(value=0.1, min=AREA_SPREAD[0], max=AREA_SPREAD[1], step=0.05,
                                              style=initial, readout_format=".0%", continuous_update=False),
                          "robust_areas")
    run = shell.label(widgets.Button(icon="random", layout=auto).add_class("cchc-robust-run"), "robust_run")
    # Shown only while draws run, saying how far they are ("Đang chạy… 40%"); hidden again when done.
    progress = widgets.FloatProgress(value=0, min=0, max=1, style={"description_width": "initial"},
                                     layout=widgets.Layout(width="320px", display="none"))
    progress.add_class("cchc-progress")
    robust_chart = chart_widget("cchc-robust")
    robust_note = widgets.HTML().add_class("cchc-robust-note")
    shown: dict[tuple[int, str], ItemEditor] = {}  # the item inputs of each (year, group) shown so far

    def scenario() -> Scenario:
        y, g = int(year.value), group.value
        return session.scenario(name.value, author.value, editor.scheme(ds, y, g), y, g, editor.per_year)

    def unit_rows() -> pd.DataFrame:
        part = before[(before["year"] == int(year.value)) & (before["group"] == group.value)]
        return part.sort_values(["rank", "unit_name"], na_position="last")

    def set_units() -> None:
        """Offer the group's units of the year matching the search, keeping the current one if possible."""
        part = unit_rows()
        found = set(search_units(part[["unit_id", "unit_name"]], search.value))
        everyone = list(zip(part["unit_name"], part["unit_id"]))
        options = [(n, u) for n, u in everyone if u in found] or everyone
        offered = {u for _, u in options}
        nearest = closest_below(part, scheme_for(ds, int(year.value), group.value))
        with shell.quiet():
            keep = unit.value if unit.value in offered else nearest if nearest in offered else options[0][1]
            unit.options = options
            unit.value = keep

    def set_groups() -> None:
        present = set(before.loc[(before["year"] == int(year.value)) & before["index"].notna(), "group"])
        options = [g for g in ds.groups if g in present]
        with shell.quiet():
            keep = group.value if group.value in options else options[0]
            group.options = [(term(g, shell.lang), g) for g in options]
            group.value = keep

    def item_editor() -> ItemEditor:
        """The inputs of the current (year, group), built once per methodology shown."""
        key = (int(year.value), group.value)
        if key not in shown:
            shown[key] = ItemEditor(engine, *key, on_edit=on_edit, on_open=fill_items)
            shown[key].open(shown[key].areas[0])  # the section open on arrival
        if items_box.children != (shown[key].accordion,):
            items_box.children = [shown[key].accordion]
        return shown[key]

    def fill_items() -> None:
        """The current unit's scores (with the scenario's edits) in the inputs."""
        ed, edits = item_editor(), session.edits
        with shell.quiet():
            for row in engine.rows_of(int(year.value), unit.value):
                item = engine.item_id[row]
                if (box := ed.inputs.get(item)) is None:  # its section not opened yet
                    continue
                box.description = t("whatif_points", shell.lang)
                applicable = bool(engine.applicable[row])
                box.value = fmt_num(float(edits.get(row, engine.score[row])) if applicable else 0.0, 2, shell.lang)
                box.disabled = not applicable
                ed.labels[item].value = (
                    f'<span class="cchc-item-name">{"✎ " if row in edits else ""}<b>{html.escape(item)}</b> '
                    f'{html.escape(ed.names[item])} '
                    f'<span class="cchc-note">(≤ {fmt_num(engine.row_max[row], 2, shell.lang)}'
                    + ("" if applicable else f" — {html.escape(t('whatif_na', shell.lang))}")
                    + ")</span></span>"
                )

    @shell.guard
    def render(*_: object) -> None:
        lg, y, g, u = shell.lang, int(year.value), group.value, unit.value
        sc = scenario()
        sim = session.evaluate(sc)
        scheme = editor.scheme(ds, y, g)
        colors = band_colors(scheme)
        now = sim.results[(sim.results["year"] == y) & (sim.results["group"] == g)]
        old = before[(before["year"] == y) & (before["unit_id"] == u)].iloc[0]
        shell.print_title(year=y, group=g, unit=old["unit_name"])
        new = now[now["unit_id"] == u].iloc[0]
        if scheme is None or pd.isna(new["index"]):
            propose.disabled = True
            need = t("no_scheme" if scheme is None else "whatif_no_index", lg)
        else:
            need_gap = gap(session.engine_for(sc), y, u, None, sim.evaluation)  # none left only at the top
            propose.disabled = need_gap.points <= 0
            need = (t("whatif_reached", lg) if need_gap.points <= 0
                    else t("whatif_need", lg, points=fmt_num(need_gap.points, 2, lg),
                           index=fmt_num(need_gap.index_points, 2, lg), target=term(need_gap.target, lg)))
        headline.value = whatif_headline_html(old, new, need, colors, lg)
        moved = sim.diff[(sim.diff["year"] == y) & (sim.diff["group"] == g)]
        table.value = (f"<h3>{html.escape(t('whatif_group_table', lg))}</h3>"
                       + whatif_ranking_html(now, moved, colors, lg))
        ed = item_editor()
        ed.accordion.titles = _area_titles(ed, old, new, lg)
        items_title.value = (f"<h3>{html.escape(t('whatif_items', lg))}</h3>"
                             + notes_html([t("whatif_changes", lg, n=len(session.edits))]))
        payload = base64.b64encode(scenario_to_json(sc).encode("utf-8")).decode("ascii")
        download.value = (f'<a download="kich_ban.json" href="data:application/json;base64,{payload}" '
                          f'class="cchc-download-link">⬇ {html.escape(t("scenario_download", lg))}</a>')

    def refill() -> None:
        fill_items()
        render()

    @shell.guard
    def on_edit(item: str, change: dict) -> None:
        if not session.edit(int(year.value), unit.value, item, parse_points(change["new"])):
            row = engine.row_of(int(year.value), unit.value, item)
            top = fmt_num(float(engine.row_max[row]) if row is not None else 0.0, 2, shell.lang)
            with shell.quiet():  # refused in the kernel: the previous value comes back
                change["owner"].value = change["old"] if parse_points(change["old"]) is not None else ""
            message.value = notes_html([t("whatif_refused_range", shell.lang, item=item, max=top)])
            return
        message.value = ""
        refill()

    @shell.guard
    def on_year_or_group(*_: object) -> None:
        set_groups()
        set_units()
        refill()

    @shell.guard
    def on_search(*_: object) -> None:
        set_units()
        refill()

    @shell.guard
    def on_reset(*_: object) -> None:
        session.edits.clear()
        message.value = ""
        refill()

    @shell.guard
    def on_suggest(*_: object) -> None:
        kinds = ("assessed", "survey", "sipas") if with_survey.value is True else ACTIONABLE
        plan = session.suggest(scenario(), int(year.value), unit.value, kinds)
        message.value = suggestion_html(plan, shell.lang)
        refill()
        if len(plan):  # the section of the first item changed is opened, where its input now shows the score
            item_editor().show(str(plan["item_id"].iloc[0]))

    @shell.guard
    def on_upload(change: dict) -> None:
        files = change["new"]
        if not files:
            return
        lg = shell.lang
        first = files[0]
        try:
            if len(first["content"]) > MAX_FILE_BYTES:  # the page's script refused it; a browser can send anything
                message.value = too_large_html(len(first["content"]), MAX_FILE_BYTES, lg)
                return
            sc = scenario_from_json(bytes(first["content"]), str(first.get("name", "scenario.json")))
            session.load(sc)  # every change checked against the data before anything is replaced
        except ValidationError as exc:
            message.value = _problems_html(exc, t("scenario_bad", lg), lg)
            return
        finally:
            with shell.quiet():
                upload.value = ()
        with shell.quiet():
            name.value, author.value = sc.name, sc.author
            if sc.changes:
                first_change = sc.changes[0]
                year.value = first_change.year
                set_groups()
                group.value = engine.slots.loc[engine.slots["unit_id"] == first_change.unit_id, "group"].iloc[0]
                set_units()
                unit.value = first_change.unit_id
        if sc.schemes:
            (_, _), scheme = next(iter(sc.schemes.items()))
            editor.text.value = scheme.to_text()  # parsed and applied by the editor
        message.value = notes_html([t("scenario_loaded", lg, name=sc.name, n=len(sc.changes))])
        refill()

    @shell.guard
    def on_run(*_: object) -> None:
        lg = shell.lang
        points = parse_points(spread.value)
        if not (_within(draws.value, DRAWS) and _within(points, POINTS) and _within(weights.value, AREA_SPREAD)):
            message.value = notes_html([t("whatif_refused", lg)])
            return
        y, g = int(year.value), group.value

        def advance(done: float) -> None:
            progress.description = t("robust_running", lg, pct=fmt_num(100 * done, 0, lg))
            progress.value = done

        advance(0.0)
        progress.layout.display = ""
        try:
            robust = session.robustness(scenario(), y, g, int(draws.value), points,
                                        float(weights.value), progress=advance)
        finally:
            progress.layout.display = "none"
        show(robust_chart, charts.rank_intervals(robust, y, band_colors(editor.scheme(ds, y, g)), lg))
        robust_note.value = notes_html(
            [t("robust_done", lg, draws=fmt_num(int(draws.value), 0, lg)),
             t("robust_note", lg, points=fmt_num(points, 2, lg), share=fmt_num(100 * weights.value, 0, lg))]
        )

    set_groups()
    shell.on_language(lambda _: set_groups())  # group names in the page's language
    set_units()
    fill_items()
    shell.on_language(lambda _: fill_items())  # "0,75" in Vietnamese, "0.75" in English

    def respell_points(lang: str) -> None:  # "0,50" ↔ "0.50" with the page's language
        points = parse_points(spread.value)
        if points is not None:
            spread.value = fmt_num(points, 2, lang)

    shell.on_language(respell_points)
    year.observe(on_year_or_group, "value")
    group.observe(on_year_or_group, "value")
    search.observe(on_search, "value")
    unit.observe(shell.guard(lambda *_: refill()), "value")
    reset.on_click(on_reset)
    propose.on_click(on_suggest)
    upload.observe(on_upload, "value")
    run.on_click(on_run)
    shell.redraw_on(render, name, author)
    render()
    # The robustness chart is drawn from the start and again in the page's language (1,000 draws take ~0.05 s).
    shell.on_language(lambda _: on_run())

    left = widgets.VBox([items_title, items_box], layout=widgets.Layout(width="640px", max_width="100%"))
    right = widgets.VBox([table], layout=widgets.Layout(max_width="100%"))
    files = widgets.HBox(
        [name, author, download, upload], layout=widgets.Layout(flex_flow="row wrap", align_items="center")
    )
    robust_title = widgets.HTML()
    shell.on_language(lambda lg: setattr(robust_title, "value", f"<h3>{html.escape(t('robust_title', lg))}</h3>"))
    robust_box = widgets.VBox(
        [
            robust_title,
            widgets.HBox(
                [spread, weights, draws, run, progress],
                layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
            ),
            robust_chart,
            robust_note,
        ]
    )
    shell.link(year=year, group=group, unit=unit)
    return shell.app(
        [year, group, search, unit],
        widgets.HBox([headline, widgets.VBox([reset, propose, with_survey])],
                     layout=widgets.Layout(flex_flow="row wrap")),
        message,
        scheme_title,
        editor.box,
        widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start")),
        files,
        robust_box,
    )
