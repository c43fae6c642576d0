"""Controls shared by several dashboards (each built on the dashboard's :class:`~.shell.Shell`)."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from ..core.bands import PRESETS, BandScheme
from ..core.dataset import Dataset
from ..core.errors import ValidationError
from ..core.scoring import scheme_for
from ..render.html_tables import scheme_text
from ..render.labels import t, term
from .shell import Shell

STORED, CUSTOM = "__stored__", "__custom__"

def preset_name(label: str, lang: str) -> str:
    """A preset scheme's name in plain words: "[U]" → "(chưa xác minh)", "[V]" → "(đã xác minh)" in
    Vietnamese; the English name from :data:`~cchc_dash.render.labels.DATA_TERMS` (its own wording)."""
    if lang == "en":
        return term(label, lang)
    return label.replace("[U]", "(chưa xác minh)").replace("[V]", "(đã xác minh)")


class SchemeEditor:
    """A band scheme chosen from the province's configuration, a preset, or typed by hand.

    Typed text is parsed with :meth:`BandScheme.parse`; an invalid scheme shows its
    problems (vi / en) under the box and the previous valid scheme stays in force.
    Its callbacks run under the dashboard's shell: guarded, and silent while it sets
    its own widgets.
    """

    def __init__(self, shell: Shell, name: str, initial: str, on_change: Callable[[], None]):
        self.shell = shell
        self.name = name
        # Each control named by a visible label (a screen reader reads it; an empty one is hidden, unnamed).
        labelled = {"description_width": "initial"}
        self.choice = shell.label(widgets.Dropdown(style=labelled, layout=widgets.Layout(width="auto")),
                                  "scheme_choice")
        self.text = shell.label(
            widgets.Text(continuous_update=False, style=labelled, layout=widgets.Layout(width="480px")),
            "scheme_typed",
        ).add_class("cchc-scheme-text")
        self.message = widgets.HTML()
        self.words = widgets.HTML().add_class("cchc-scheme-words")  # the scheme in force, in plain words
        self.help = widgets.HTML()
        self.custom: BandScheme | None = None
        self._on_change = on_change
        shell.on_language(self._relabel)
        self.choice.value = initial
        self.text.value = "" if initial == STORED else initial
        self.choice.observe(shell.guard(self._chosen), "value")
        self.text.observe(shell.guard(self._typed), "value")
        head = [widgets.HTML(f"<b>{html.escape(name)}</b>&nbsp;")] if name else []
        self.box = widgets.VBox([widgets.HBox([*head, self.choice]), self.words, self.text, self.help, self.message])

    def _relabel(self, lang: str) -> None:
        """Relabel the choices in ``lang``, keeping the value."""
        options = (
            [(t("stored_scheme", lang), STORED)]
            + [(preset_name(label, lang), text) for text, label in PRESETS.items()]
            + [(t("custom_scheme", lang), CUSTOM)]
        )
        with self.shell.quiet():
            value = self.choice.value
            self.choice.options = options
            self.choice.value = value if value in {v for _, v in options} else STORED
        self.text.placeholder = t("scheme_help", lang)
        self.help.value = f'<div class="cchc-note">{html.escape(t("scheme_help_long", lang))}</div>'

    def _parse(self, text: str) -> BandScheme | None:
        """The scheme in ``text``, or None with its problems shown under the box."""
        lang = self.shell.lang
        try:
            scheme = BandScheme.parse(text, name=self.name)
        except ValidationError as exc:
            items = "".join(
                f"<li>{html.escape(p.message_vi if lang == 'vi' else p.message_en)}</li>" for p in exc.problems
            )
            self.message.value = (
                f'<div class="cchc-error">{html.escape(t("scheme_invalid", lang))}<ul>{items}</ul></div>'
            )
            return None
        self.message.value = ""
        return scheme

    def _chosen(self, change: dict) -> None:
        self.message.value = ""
        if change["new"] == CUSTOM:
            # "Custom" means the text in the box: it must parse before it replaces anything.
            self.custom = self._parse(self.text.value) or self.custom
        elif change["new"] != STORED:
            with self.shell.quiet():
                self.text.value = change["new"]
        self._on_change()

    def _typed(self, change: dict) -> None:
        scheme = self._parse(change["new"])
        if scheme is None:
            return  # the previous scheme stays in force
        self.custom = scheme
        with self.shell.quiet():
            self.choice.value = change["new"] if change["new"] in PRESETS else CUSTOM
        self._on_change()

    def scheme(self, ds: Dataset, year: int, group: str) -> BandScheme | None:
        """The scheme in force for (year, group): stored, preset or custom; also written in plain
        words above the text box ("Xuất sắc từ 90, Tốt từ 80, …"), which keeps the typed form."""
        if self.choice.value == STORED:
            scheme = scheme_for(ds, year, group)
        elif self.choice.value == CUSTOM:
            scheme = self.custom  # None until a valid text was entered: shown as "no scheme"
        else:
            scheme = BandScheme.parse(self.choice.value, name=self.name)
        lang = self.shell.lang
        words = scheme_text(scheme, lang) if scheme is not None else t("no_scheme", lang)
        self.words.value = f"{html.escape(t('scheme_in_words', lang))}: <b>{html.escape(words)}</b>"
        return scheme

    @property
    def per_year(self) -> bool:
        """True when the scheme is the province's configuration, which may differ by year."""
        return self.choice.value == STORED


def unit_search(shell: Shell, width: str = "260px") -> widgets.Text:
    """The accent-free unit search box ("so tu phap" finds "Sở Tư pháp"), labelled and hinted in the
    page's language; the dashboard filters its unit list with
    :func:`cchc_dash.analyses.unit_search.search_units`."""
    box = widgets.Text(continuous_update=True, layout=widgets.Layout(width=width)).add_class("cchc-search")
    shell.label(box, "search_hint", "placeholder")
    return shell.label(box, "search")


class UnitPicker(widgets.VBox):
    """Units picked by plain clicks: one checkbox per unit of a group, filtered by a search.

    ``value`` is the tuple of unit ids picked (observe it like any widget value). It only
    ever holds ids of the units given to :meth:`set_units`: a value set by code is cleaned,
    and a click from the browser is a checkbox bound to its own unit id in the kernel, so
    nothing the browser sends can add another id. :meth:`filter` shows the units a search
    found (and those picked), or "Không tìm thấy đơn vị nào" / "No unit found".
    """

    value = traitlets.Tuple()

    def __init__(self, shell: Shell, width: str = "380px"):
        self.hint = widgets.HTML().add_class("cchc-units-hint")
        self.found_none = widgets.HTML().add_class("cchc-units-none")
        self.list = widgets.VBox(
            layout=widgets.Layout(
                max_height="270px",
                overflow="hidden auto",
                width=width,
                max_width="100%",
                border="1px solid #c9d3de",
                padding="2px 6px",
            )
        )
        super().__init__([self.hint, self.list, self.found_none])
        self.add_class("cchc-units")
        self._names: dict[str, str] = {}
        self._boxes: dict[str, widgets.Checkbox] = {}
        self._shown: list[str] = []
        self._nothing_found = False
        self._syncing = False
        # One layout and one style for every unit's checkbox: a page receives one widget model per
        # layout or style, so 21 units cost 23 models instead of 63 (smaller state, quicker to build).
        self._box_layout, self._box_style = widgets.Layout(width="100%"), CheckboxStyle()
        shell.on_language(self._relabel)

    @property
    def options(self) -> list[tuple[str, str]]:
        """(name, id) of the units listed now, in the list's order."""
        return [(self._names[uid], uid) for uid in self._shown]

    def set_units(self, options: list[tuple[str, str]], value: tuple[str, ...]) -> None:
        """List these (name, id) units, all shown, with ``value`` picked; the previous list's
        checkboxes are closed (each switch of group would otherwise leave its widgets in the kernel
        and the page)."""
        old = list(self._boxes.values())
        self._names = dict((uid, name) for name, uid in options)
        self._boxes = {uid: self._checkbox(name, uid) for name, uid in options}
        self.value = value
        self._tick()  # new boxes, even when the ids picked are the same as before
        self._nothing_found = False
        self._show(list(self._boxes))
        for box in old:
            box.close()

    def filter(self, found: set[str]) -> None:
        """Show the units in ``found`` and those picked; say so when ``found`` is empty."""
        keep = set(self.value)
        self._nothing_found = not found
        self._show([uid for uid in self._boxes if uid in found or uid in keep])

    def _show(self, ids: list[str]) -> None:
        """List the boxes of ``ids``, and the "nothing found" line if due."""
        self._shown = ids
        self.list.children = [self._boxes[uid] for uid in ids]
        self._relabel(self._lang)

    def _checkbox(self, name: str, uid: str) -> widgets.Checkbox:
        """The checkbox of one unit: a click adds or removes that unit's id."""
        box = widgets.Checkbox(
            value=False, description=name, indent=False, layout=self._box_layout, style=self._box_style
        ).add_class("cchc-unit-box")
        box.observe(lambda change: self._clicked(uid, bool(change["new"])), "value")
        return box

    def _clicked(self, uid: str, picked: bool) -> None:
        if self._syncing:
            return
        rest = tuple(v for v in self.value if v != uid)
        self.value = (*rest, uid) if picked else rest

    @traitlets.validate("value")
    def _clean(self, proposal: dict) -> tuple[str, ...]:
        """Only ids of the units listed, each once, in the order given."""
        return tuple(dict.fromkeys(v for v in proposal["value"] if isinstance(v, str) and v in self._boxes))

    @traitlets.observe("value")
    def _sync(self, _: dict) -> None:
        self._tick()

    def _tick(self) -> None:
        """Tick exactly the picked units' boxes."""
        picked = set(self.value)
        self._syncing = True
        try:
            for uid, box in self._boxes.items():
                box.value = uid in picked
        finally:
            self._syncing = False

    def _relabel(self, lang: str) -> None:
        """The hint and the "nothing found" line in ``lang``."""
        self._lang = lang
        self.hint.value = f'<div class="cchc-note">{html.escape(t("units_hint", lang))}</div>'
        self.found_none.value = (
            f'<div class="cchc-note">{html.escape(t("no_unit_found", lang))}</div>' if self._nothing_found else ""
        )


def group_buttons(shell: Shell, groups: list[str]) -> widgets.ToggleButtons:
    """One button per group (values: the groups as in the data), labelled "Khối" and named in the
    page's language (:func:`~cchc_dash.render.labels.term`: "Sở, ban, ngành" → "Departments")."""
    buttons = widgets.ToggleButtons(options=groups, value=groups[0], style={"button_width": "auto"}).add_class(
        "cchc-group"
    )

    def relabel(lang: str) -> None:
        with shell.quiet():
            value = buttons.value
            buttons.options = [(term(g, lang), g) for g in groups]
            buttons.value = value

    shell.on_language(relabel)
    return shell.label(buttons, "group")
