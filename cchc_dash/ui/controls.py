"""Controls shared by several dashboards (each built on the dashboard's :class:`~.shell.Shell`)."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from ..bands import PRESETS, BandScheme
from ..errors import ValidationError
from ..i18n import t
from ..model import Dataset
from ..scoring import scheme_for
from .shell import Shell

STORED, CUSTOM = "__stored__", "__custom__"


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
        self.choice = widgets.Dropdown(layout=widgets.Layout(width="330px"))
        self.text = widgets.Text(continuous_update=False, layout=widgets.Layout(width="420px")).add_class("cchc-scheme-text")
        self.message = widgets.HTML()
        self.custom: BandScheme | None = None
        self._on_change = on_change
        shell.on_language(self._relabel)
        self.choice.value = initial
        self.text.value = "" if initial == STORED else initial
        self.choice.observe(shell.guard(self._chosen), "value")
        self.text.observe(shell.guard(self._typed), "value")
        self.box = widgets.VBox([widgets.HBox([widgets.HTML(f"<b>{html.escape(name)}</b>&nbsp;"), self.choice]),
                                 self.text, self.message])

    def _relabel(self, lang: str) -> None:
        """Relabel the choices in ``lang``, keeping the value."""
        options = [(t("stored_scheme", lang), STORED)] + [(label, text) for text, label in PRESETS.items()] + \
                  [(t("custom_scheme", lang), CUSTOM)]
        with self.shell.quiet():
            value = self.choice.value
            self.choice.options = options
            self.choice.value = value if value in {v for _, v in options} else STORED
        self.text.placeholder = t("scheme_help", lang)

    def _parse(self, text: str) -> BandScheme | None:
        """The scheme in ``text``, or None with its problems shown under the box."""
        lang = self.shell.lang
        try:
            scheme = BandScheme.parse(text, name=self.name)
        except ValidationError as exc:
            items = "".join(f"<li>{html.escape(p.message_vi if lang == 'vi' else p.message_en)}</li>" for p in exc.problems)
            self.message.value = f'<div class="cchc-error">{html.escape(t("scheme_invalid", lang))}<ul>{items}</ul></div>'
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


def unit_search(shell: Shell, width: str = "260px") -> widgets.Text:
    """The accent-free unit search box ("so tu phap" finds "Sở Tư pháp"), labelled and hinted in
    the page's language; the dashboard filters its unit list with :func:`cchc_dash.search.search_units`."""
    box = widgets.Text(continuous_update=True, layout=widgets.Layout(width=width)).add_class("cchc-search")
    shell.label(box, "search_hint", "placeholder")
    return shell.label(box, "search")
