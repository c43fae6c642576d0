"""Dashboard 4, Phân bố xếp loại: band counts by year, index histogram with thresholds,
band migration between two years, and two band schemes side by side with an editor."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from .. import charts
from ..bands import PRESETS, BandScheme
from ..charts import band_colors
from ..distribution import (
    band_counts,
    band_migration,
    compare_schemes,
    index_histogram,
    reclassify,
    scheme_shift,
)
from ..errors import ValidationError
from ..i18n import t
from ..model import Dataset
from ..scoring import compute, scheme_for
from ..tables import counts_html, notes_html
from .common import chart_widget, empty_app, guarded, header, language_toggle, show

STORED, CUSTOM = "__stored__", "__custom__"


class SchemeEditor:
    """A band scheme chosen from the province's configuration, a preset, or typed by hand.

    Typed text is parsed with :meth:`BandScheme.parse`; an invalid scheme shows its
    problems (vi / en) under the box and the previous valid scheme stays in force.
    """

    def __init__(self, name: str, initial: str, on_change: Callable[[], None]):
        self.name = name
        self.lang = ""
        self.choice = widgets.Dropdown(layout=widgets.Layout(width="330px"))
        self.text = widgets.Text(continuous_update=False, layout=widgets.Layout(width="420px")).add_class("cchc-scheme-text")
        self.message = widgets.HTML()
        self.custom: BandScheme | None = None
        self._on_change = on_change
        self._busy = False
        self.set_language("vi")
        self.choice.value = initial
        self.text.value = "" if initial == STORED else initial
        self.choice.observe(self._chosen, "value")
        self.text.observe(self._typed, "value")
        self.box = widgets.VBox([widgets.HBox([widgets.HTML(f"<b>{html.escape(name)}</b>&nbsp;"), self.choice]),
                                 self.text, self.message])

    def set_language(self, lang: str) -> None:
        """Relabel the choices (only when the language changes: the value is kept)."""
        if lang == self.lang:
            return
        self.lang = lang
        options = [(t("stored_scheme", lang), STORED)] + [(label, text) for text, label in PRESETS.items()] + \
                  [(t("custom_scheme", lang), CUSTOM)]
        self._busy = True
        try:
            value = self.choice.value
            self.choice.options = options
            self.choice.value = value if value in {v for _, v in options} else STORED
        finally:
            self._busy = False
        self.text.placeholder = t("scheme_help", lang)

    def _parse(self, text: str) -> BandScheme | None:
        """The scheme in ``text``, or None with its problems shown under the box."""
        try:
            scheme = BandScheme.parse(text, name=self.name)
        except ValidationError as exc:
            items = "".join(f"<li>{html.escape(p.message_vi if self.lang == 'vi' else p.message_en)}</li>" for p in exc.problems)
            self.message.value = f'<div class="cchc-error">{html.escape(t("scheme_invalid", self.lang))}<ul>{items}</ul></div>'
            return None
        self.message.value = ""
        return scheme

    def _chosen(self, change: dict) -> None:
        if self._busy:
            return
        self.message.value = ""
        if change["new"] == CUSTOM:
            # "Custom" means the text in the box: it must parse before it replaces anything.
            self.custom = self._parse(self.text.value) or self.custom
        elif change["new"] != STORED:
            self._busy = True
            self.text.value = change["new"]
            self._busy = False
        self._on_change()

    def _typed(self, change: dict) -> None:
        if self._busy:
            return
        scheme = self._parse(change["new"])
        if scheme is None:
            return  # the previous scheme stays in force
        self.custom = scheme
        self._busy = True
        self.choice.value = change["new"] if change["new"] in PRESETS else CUSTOM
        self._busy = False
        self._on_change()

    def scheme(self, ds: Dataset, year: int, group: str) -> BandScheme | None:
        """The scheme in force for (year, group): stored, preset or custom."""
        if self.choice.value == STORED:
            return scheme_for(ds, year, group)
        if self.choice.value == CUSTOM:
            return self.custom  # None until a valid text was entered: shown as "no scheme"
        return BandScheme.parse(self.choice.value, name=self.name)

    @property
    def per_year(self) -> bool:
        """True when the scheme is the province's configuration, which may differ by year."""
        return self.choice.value == STORED


def build(ds: Dataset, results: pd.DataFrame | None = None, lang: str = "vi") -> widgets.VBox:
    """The Phân bố xếp loại dashboard for ``ds`` (``results`` from :func:`cchc_dash.compute`)."""
    results = compute(ds) if results is None else results
    if results["index"].notna().sum() == 0:
        return empty_app(t("app_bands", lang), ds, lang)
    groups = [g for g in ds.groups if (results["group"] == g).any()]

    title, status = widgets.HTML(), widgets.HTML()
    group = widgets.ToggleButtons(options=groups, value=groups[0]).add_class("cchc-group")
    language = language_toggle(lang)
    year = widgets.Dropdown().add_class("cchc-year")
    year_from, year_to = widgets.Dropdown().add_class("cchc-from"), widgets.Dropdown().add_class("cchc-to")
    side, notes = widgets.HTML().add_class("cchc-side"), widgets.HTML()
    stack, hist, migration = (chart_widget(charts.empty_chart()) for _ in range(3))
    for w, cls in ((stack, "cchc-stack"), (hist, "cchc-hist"), (migration, "cchc-migration")):
        w.add_class(cls)
    guard = guarded(status, language)
    busy = {"years": False}

    @guard
    def render(*_: object) -> None:
        if busy["years"]:
            return
        lg = language.value
        title.value = header(t("app_bands", lg) + f" — {ds.name}", ds.synthetic, lg)
        group.description, year.description = t("group", lg), t("year", lg)
        year_from.description, year_to.description = t("year_from", lg), t("year_to", lg)
        for editor in (editor_a, editor_b):
            editor.set_language(lg)
        g, y = group.value, int(year.value)
        y_from, y_to = int(year_from.value), int(year_to.value)
        part = results[results["group"] == g]
        a_now, b_now = editor_a.scheme(ds, y, g), editor_b.scheme(ds, y, g)
        # Counts and migration use scheme A: each year's own when A is the configuration.
        fixed = None if editor_a.per_year else a_now
        banded = part if fixed is None else reclassify(part, fixed)
        show(stack, charts.band_stack(band_counts(banded, fixed), band_colors(a_now), lg))
        show(hist, charts.index_histogram_chart(index_histogram(part, y), [(t("scheme_a", lg), a_now), (t("scheme_b", lg), b_now)], y, lg))
        lines = [t(k, lg) for k in ("migration_note", "unverified_presets", "scheme_note")]
        if y_from < y_to:
            show(migration, charts.migration_heatmap(band_migration(banded, y_from, y_to, order=fixed), y_from, y_to, lg))
        else:
            show(migration, charts.empty_chart())
            lines.insert(0, t("years_order", lg))
        if a_now is not None and b_now is not None:
            side.value = counts_html(compare_schemes(part, a_now, b_now, y), a_now, b_now,
                                     scheme_shift(part, a_now, b_now, y), y, lg)
        else:
            side.value = f"<h3>{html.escape(t('side_by_side', lg, year=y))}</h3><p>{html.escape(t('no_scheme', lg))}</p>"
        notes.value = notes_html(lines)

    def set_years(*_: object) -> None:
        """Offer the group's years: the last one, and last-but-one → last for the migration."""
        years = sorted(int(v) for v in results.loc[results["group"] == group.value, "year"].unique())
        busy["years"] = True
        try:
            year.options, year_from.options, year_to.options = years[::-1], years, years
            year.value, year_from.value, year_to.value = years[-1], years[-2] if len(years) > 1 else years[0], years[-1]
        finally:
            busy["years"] = False

    editor_a = SchemeEditor("A", STORED, lambda: render())
    editor_b = SchemeEditor("B", "Tốt>=85; Khá>=75; Trung bình>=60; Yếu", lambda: render())
    editor_a.box.add_class("cchc-scheme-a")
    editor_b.box.add_class("cchc-scheme-b")

    @guard
    def on_group(*_: object) -> None:
        set_years()
        render()

    set_years()
    group.observe(on_group, "value")
    for w in (year, year_from, year_to, language):
        w.observe(render, "value")
    render()

    controls = widgets.HBox([group, year, language], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    editors = widgets.HBox([editor_a.box, editor_b.box], layout=widgets.Layout(flex_flow="row wrap"))
    row1 = widgets.HBox([stack, hist], layout=widgets.Layout(flex_flow="row wrap"))
    mig = widgets.VBox([widgets.HBox([year_from, year_to]), migration])
    row2 = widgets.HBox([side, mig], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    return widgets.VBox([title, controls, editors, status, row1, row2, notes]).add_class("cchc-app")
