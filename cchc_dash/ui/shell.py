"""The frame every dashboard shares: header, language, busy/error guard, navigation, charts.

A dashboard module is one function decorated with :func:`dashboard`: it receives a
:class:`Shell` made for its dataset and notebook, wires its own controls and outputs,
and returns ``shell.app(controls, *body)``. The shell gives it:

- the header: links to every dashboard (the current one not a link), the title, the
  data-source line (which data this page shows, and from where) and, for generated
  data, the "dữ liệu mô phỏng" badge; all redrawn when the language changes;
- the language toggle (Tiếng Việt / English) and labels that follow it (:meth:`Shell.label`);
- one guard for every callback (:meth:`Shell.guard`): an exception is logged and shown
  as a friendly message, never a traceback, because widget values reach the kernel as
  untrusted input; and :meth:`Shell.quiet`, under which guarded callbacks do not run
  while code sets widget options and values itself;
- the results computed when not given, and the "empty app" for data with no ranked
  unit (:meth:`Shell.empty`), so that the body only handles data it can show;
- a file upload: a workbook (:func:`cchc_dash.io.excel.read_uploaded`) replaces the data
  of this page for this viewer only (the kernel is the viewer's); a bad file shows its
  problems in the status line and the page keeps what it showed;
- the address as the page's state (:meth:`Shell.link`, :mod:`cchc_dash.ui.address`): a link
  ``?year=2025&group=…&unit=S03&lang=en`` opens that view, the address follows every change, a
  "Sao chép liên kết" button copies it and the printed title block carries it;
- phones: the controls behind a "Bộ lọc" button that says what is shown, so that the answer
  comes first, and every chart drawn at the page's width (:func:`cchc_dash.render.charts.fitted`).

Adding a dashboard: a ui module whose ``build`` is decorated with :func:`dashboard` (notebook,
title, home-page picture), its chart functions, its labels and a four-cell notebook (load,
compute, build, display); the navigation and the home page find it in the registry.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import altair as alt
import ipywidgets as widgets
import pandas as pd
from ipywidgets.widgets.trait_types import InstanceDict

from ..analyses.standings import group_ranking, groups_in
from ..core.bands import BandScheme
from ..core.dataset import Dataset
from ..core.errors import ValidationError
from ..core.scoring import compute, scheme_for
from ..core.years import YearRange
from ..io.downloads import CSV_MIME, XLSX_MIME, csv_bytes, file_stem, tables_of_html, xlsx_bytes
from ..io.excel import MAX_UPLOAD, read_uploaded
from ..io.loader import is_bundled, release_freed_memory
from ..render.charts import PHONE_WIDTH, empty_chart, fitted, for_display
from ..render.html_tables import notes_html
from ..render.labels import t, term
from . import offline
from .address import Address, Links

log = logging.getLogger("cchc_dash.ui")

W = TypeVar("W", bound=widgets.Widget)


#: A dashboard's picture on the home page: its main chart as the page first opens on the data
#: (``(ds, results, lang) → chart``), or None when the data cannot draw it (no survey answers).
Picture = Callable[[Dataset, pd.DataFrame, str], "alt.TopLevelMixin | None"]


@dataclass(frozen=True)
class Page:
    """A dashboard: its notebook (the file in ``notebooks/``, and its URL under Voilà's
    ``/voila/render/``), the labels key of its title (its card says ``desc_<title>``) and its
    home-page picture."""

    notebook: str
    title: str
    picture: Picture | None = None


#: Every dashboard registered by :func:`dashboard`, by notebook.
_REGISTRY: dict[str, Page] = {}


@dataclass(frozen=True)
class Opening:
    """What a dashboard shows as it first opens: the latest year with a ranked unit, the first
    group ranked that year, its stored band scheme and ranking (best first), all years' span."""

    ranked: pd.DataFrame
    year: int
    group: str
    scheme: BandScheme | None
    ranking: pd.DataFrame
    span: YearRange

    @classmethod
    def of(cls, ds: Dataset, results: pd.DataFrame) -> Opening | None:
        """The opening view of ``results``; None when no unit has an index."""
        ranked = results[results["index"].notna()]
        if ranked.empty:
            return None
        year = int(ranked["year"].max())
        group = groups_in(ranked, year, ds.groups)[0]
        return cls(ranked, year, group, scheme_for(ds, year, group), group_ranking(ranked, year, group),
                   YearRange.span(ranked["year"]))


def dashboards() -> list[Page]:
    """Every dashboard, in the order of the navigation links (by notebook name, 01_ … 06_).

    Each ui module registers its own dashboard when imported (:func:`dashboard`); every module
    of this package is imported here once, so a new dashboard needs no list to be edited.
    """
    import importlib
    import pkgutil

    from .. import ui

    for module in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"{ui.__name__}.{module.name}")
    return sorted(_REGISTRY.values(), key=lambda page: page.notebook)


def page_of(notebook: str) -> Page:
    """The registered dashboard of ``notebook``; an unregistered one is a programming error."""
    for page in dashboards():
        if page.notebook == notebook:
            return page
    raise KeyError(f"{notebook!r} is not a registered dashboard")


def navigation_html(current: Page, lang: str) -> str:
    """Links to the home page and every dashboard, relative so that they resolve under
    ``/voila/render/`` (whatever the server's base URL); the current one is marked, not linked."""
    suffix = "?lang=en" if lang == "en" else ""
    home = f'<a class="cchc-home" href="../../{suffix}">⌂ {html.escape(t("home_link", lang))}</a>'
    items = [home] + [
        f'<span aria-current="page">{html.escape(t(p.title, lang))}</span>'
        if p.notebook == current.notebook
        else f'<a href="{html.escape(p.notebook)}">{html.escape(t(p.title, lang))}</a>'
        for p in dashboards()
    ]
    return f'<nav class="cchc-nav" aria-label="{html.escape(t("dashboards", lang))}">{"".join(items)}</nav>'


def source_html(ds: Dataset, lang: str) -> str:
    """Which data the page shows: the dataset's name and where it was loaded from."""
    if is_bundled(ds.source):
        where = html.escape(t("bundled_data", lang))
    elif ds.source:
        where = f"<code>{html.escape(ds.source)}</code>"
    else:
        where = html.escape(t("memory_data", lang))
    return (
        f'<div class="cchc-source">{html.escape(t("data_source", lang))}: <b>{html.escape(term(ds.name, lang))}</b>'
        f" — {where}</div>"
    )


#: ipywidgets' FileUpload writes "<description> (<files held>)" on its button: "Mở tệp Excel (0)" reads
#: as if something were wrong. The button's text is hidden and its tooltip, which holds the same label
#: (see Shell), is written in its place; its icon is kept.
UPLOAD_CSS = (
    "<style>.cchc-workbook.widget-upload{font-size:0}"
    ".cchc-workbook.widget-upload i.fa{font-size:var(--jp-widgets-font-size,13px);margin-right:6px}"
    ".cchc-workbook.widget-upload::after{content:attr(title);font-size:var(--jp-widgets-font-size,13px)}</style>"
)


def header_html(ds: Dataset, page: Page, lang: str) -> str:
    """Styles (:data:`UPLOAD_CSS`), navigation, title, data-source line and, for generated data, the
    simulated-data badge."""
    badge = f'<div class="cchc-badge">⚠ {html.escape(t("simulated", lang))}</div>' if ds.synthetic else ""
    return (
        f"{UPLOAD_CSS}{navigation_html(page, lang)}<h1>{html.escape(t(page.title, lang))}</h1>"
        f"{source_html(ds, lang)}{badge}"
    )


#: What a printed page's title block may name (:func:`print_title_html`), each by its labels key.
PRINT_TITLE_KEYS = ("year", "years", "group", "unit")


def print_title_html(ds: Dataset, page: Page, lang: str, today: date, link: str = "", **shown: object) -> str:
    """The block heading a printed page, in ``lang``: the dashboard's title, the data line, the simulated-data
    badge, what the page shows (``shown``: year or years, group, unit; what the controls, hidden on paper,
    said), the date printed (``today``: a page is printed on the day it is drawn) and the ``link`` to the
    live view. cchc.css shows it only in print, where it replaces the header. Group names are given as in the
    data and shown in ``lang``'s words."""
    unknown = set(shown) - set(PRINT_TITLE_KEYS)
    if unknown:
        raise KeyError(f"a print title names only {PRINT_TITLE_KEYS}, not {sorted(unknown)}")
    words = {key: term(str(v), lang) if key == "group" else str(v) for key, v in shown.items() if v not in (None, "")}
    facts = [f"{html.escape(t(k, lang))}: <b>{html.escape(words[k])}</b>" for k in PRINT_TITLE_KEYS if k in words]
    when = today.isoformat() if lang == "en" else today.strftime("%d/%m/%Y")
    facts.append(html.escape(t("printed_on", lang, date=when)))
    live = f'<div class="cchc-live">{html.escape(t("live_view", lang))}: {html.escape(link)}</div>' if link else ""
    badge = f'<div class="cchc-badge">⚠ {html.escape(t("simulated", lang))}</div>' if ds.synthetic else ""
    return (
        f'<div class="cchc-printed"><h1>{html.escape(t(page.title, lang))}</h1>{source_html(ds, lang)}{badge}'
        f'<div class="cchc-shown">{" · ".join(facts)}</div>{live}</div>'
    )


def problems_html(exc: ValidationError, name: str, lang: str, limit: int = 30) -> str:
    """A refused upload: what was wrong, where, in the page's language (the first ``limit`` problems)."""
    items = "".join(f"<li>{html.escape(p.text(lang))}</li>" for p in exc.problems[:limit])
    more = f"<li>… +{len(exc.problems) - limit}</li>" if len(exc.problems) > limit else ""
    head = html.escape(t("upload_bad", lang).format(name=name, count=len(exc.problems)))
    return f'<div class="cchc-error cchc-workbook-errors">{head}<ul>{items}{more}</ul></div>'


#: An upload whose widget has the class ``cchc-max-bytes-<n>`` sends no file over ``n`` bytes: the page's
#: script (template cchc, index.html.j2) refuses it in the browser, before it is sent, with
#: :func:`too_large_html`'s words. A file over Tornado's websocket limit would otherwise cut the page off.
LIMIT_CLASS = "cchc-max-bytes-"


def limited(upload: widgets.FileUpload, limit: int) -> widgets.FileUpload:
    """``upload`` with the class that tells the page's script its size ``limit`` in bytes."""
    return upload.add_class(f"{LIMIT_CLASS}{limit}")


def megabytes(size: int, lang: str) -> str:
    """``size`` bytes in MB (10⁶ bytes) with one decimal rounded up, no trailing ",0", decimal comma in
    Vietnamese: what exceeds a limit never reads as equal to it. The page's script writes sizes the same way."""
    text = f"{math.ceil(size / 100_000) / 10:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "vi" else text


def too_large_html(size: int, limit: int, lang: str) -> str:
    """A file of ``size`` bytes refused for being over ``limit``, in ``lang`` (the browser says it first)."""
    text = t("too_large", lang, size=megabytes(size, lang), limit=megabytes(limit, lang))
    return f'<div class="cchc-error" role="alert">{html.escape(text)}</div>'


def error_html(lang: str) -> str:
    """The friendly message shown when a callback fails."""
    return f'<div class="cchc-error">{html.escape(t("error", lang))}</div>'


class Shell:
    """The shared frame of one dashboard built for ``ds`` (see the module docstring)."""

    def __init__(self, ds: Dataset, notebook: str, lang: str = "vi", follow_link: bool = True):
        """``follow_link``: apply the query string the page opened with (not for a page redrawn
        in place after an upload, whose address names the data it replaced)."""
        self.ds = ds
        self.page = page_of(notebook)
        self.language = widgets.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=lang).add_class(
            "cchc-lang"
        )
        self.header = widgets.HTML().add_class("cchc-header")
        self.status = widgets.HTML().add_class("cchc-status")
        self.printed = widgets.HTML().add_class("cchc-print-title")  # print only: see print_title
        self.upload = self.label(
            limited(widgets.FileUpload(accept=".xlsx", multiple=False).add_class("cchc-workbook"), MAX_UPLOAD), "upload"
        )
        self.label(self.upload, "upload", attr="tooltip")  # the button shows its tooltip, not "(0)": UPLOAD_CSS
        self._quiet = 0
        self._shown: dict[str, object] | None = None  # what the last print_title named
        self._charts: list[alt.JupyterChart] = []  # set by app()
        self.filters = widgets.ToggleButton(value=False, layout=widgets.Layout(width="auto")).add_class("cchc-filters")
        self.on_language(lambda lg: setattr(self.header, "value", header_html(ds, self.page, lg)))
        self.address = Address().add_class("cchc-address")
        self.address.applied = not follow_link
        self.links = Links()
        self.link(lang=self.language)
        self.on_language(lambda lg: self.address.set_trait("label", t("copy_link", lg)))
        self.on_language(lambda lg: self.address.set_trait("copied", t("link_copied", lg)))
        if follow_link:
            self.address.observe(self.guard(self._follow_link), "query")
        self.address.observe(self._width_changed, "width")
        self.on_language(lambda _: self._describe_filters())

    @property
    def lang(self) -> str:
        """The language shown: "vi" or "en"."""
        return self.language.value

    def guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Decorate a widget callback: skipped while :meth:`quiet`; an exception is logged and
        replaced by the friendly message in the status line."""

        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if self._quiet:
                return None
            # Cleared before, not after: a nested guarded call's message must survive its caller.
            self.status.value = ""
            try:
                return fn(*args, **kwargs)
            except MemoryError:  # the kernel's memory ceiling (app/serving.py): say so, not "something went wrong"
                log.exception("dashboard callback ran out of memory")
                release_freed_memory()  # what the failed step had taken goes back to the system
                text = html.escape(t("memory_error", self.lang))
                self.status.value = f'<div class="cchc-error" role="alert">{text}</div>'
                return None
            except Exception:  # noqa: BLE001 — shown to the user, full detail in the log
                log.exception("dashboard callback failed")
                self.status.value = error_html(self.lang)
                return None

        return inner

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Guarded callbacks do not run inside this block: for code that sets options and
        values itself (a redraw per intermediate value would be wasted, or wrong)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def on_upload(self, replace: Callable[[Dataset], None]) -> None:
        """Call ``replace(ds)`` with the data of a workbook the viewer uploads; a file with
        problems lists them in the status line instead, and nothing else changes."""

        @self.guard
        def uploaded(_: Any) -> None:
            if not self.upload.value:
                return
            sent = self.upload.value[0]
            with self.quiet():
                self.upload.value = ()  # the same file may be sent again after a fix
            if len(sent["content"]) > MAX_UPLOAD:  # the page's script refused it; a browser can send anything
                self.status.value = too_large_html(len(sent["content"]), MAX_UPLOAD, self.lang)
                return
            try:
                ds = read_uploaded(sent["name"], sent["content"])
            except ValidationError as exc:
                self.status.value = problems_html(exc, sent["name"], self.lang)
                return
            replace(ds)

        self.upload.observe(uploaded, "value")

    def on_language(self, relabel: Callable[[str], None]) -> None:
        """Call ``relabel(lang)`` now and whenever the language changes (before any redraw)."""
        self.language.observe(self.guard(lambda _: relabel(self.lang)), "value")
        relabel(self.lang)

    def label(self, widget: W, key: str, attr: str = "description") -> W:
        """Give ``widget.<attr>`` the label ``key`` in the current language, and keep it so."""
        self.on_language(lambda lg: setattr(widget, attr, t(key, lg)))
        return widget

    def redraw_on(self, render: Callable[..., Any], *controls: widgets.ValueWidget) -> None:
        """Run the guarded ``render`` whenever a control's value or the language changes."""
        for control in (*controls, self.language):
            control.observe(render, "value")

    def print_title(self, **shown: object) -> None:
        """Say on paper what the page shows (``year=…, group=…, unit=…``, see :func:`print_title_html`): the
        controls are not printed. Each dashboard's render calls it with what it draws, in the page's language;
        the block also carries the address of the view (redrawn when the address changes)."""
        self._shown = shown
        self.printed.value = print_title_html(self.ds, self.page, self.lang, date.today(), self.address.link, **shown)
        self._describe_filters()

    def _describe_filters(self) -> None:
        """The phone's "Bộ lọc" button says what the page shows (its controls are folded away)."""
        shown = self._shown or {}
        words = [term(str(v), self.lang) if k == "group" else str(v) for k, v in shown.items() if v not in (None, "")]
        summary = f": {' · '.join(words)}" if words else ""
        self.filters.description = f"{t('filters', self.lang)}{summary} {'▴' if self.filters.value else '▾'}"
        self.filters.tooltip = self.filters.description

    def _width_changed(self, _: Any) -> None:
        """The page reported its width (as it opens, after a resize). Not :meth:`guard`-ed: the guard
        clears the status line, which may hold the link's notice sent in the same message."""
        try:
            self._fit_charts()
        except Exception:  # noqa: BLE001 — a chart drawn at the wrong width is no reason to stop the page
            log.exception("charts could not follow the page's width")

    def _fit_charts(self) -> None:
        """Draw every chart for the page's width: at a phone's, as wide as the page (:func:`fitted`)."""
        width = self.address.width
        # The page pads 15 pixels a side and a chart keeps 38 for its "…" menu.
        fit = max(240, width - 70) if 0 < width < PHONE_WIDTH else None
        for chart in self._charts:
            if getattr(chart, "cchc_fit", None) != fit:
                chart.cchc_fit = fit
                if getattr(chart, "cchc_spec", None) is not None:
                    chart.spec = fitted(chart.cchc_spec, fit)

    def link(self, **controls: widgets.Widget) -> None:
        """Name ``controls`` in the page's address (``year=year_dropdown, unit=…``), in the order a link
        applies them (a control whose options depend on another after it). The language is named by the
        shell. A link's value for a control is taken only if it is one of the control's options."""
        for name, control in controls.items():
            self.links.add(name, control)
            control.observe(lambda _: self._sync_address(), "value")

    def _order(self, applying: bool) -> list[str]:
        """The address's names: the language applied first (the notice's words), written last."""
        names = [n for n in self.links.controls if n != "lang"]
        return ["lang", *names] if applying else [*names, "lang"]

    def _sync_address(self) -> None:
        """The address (and the printed link) follow the view shown."""
        self.address.state = self.links.state(self._order(applying=False))
        if self._shown is not None:
            self.print_title(**self._shown)

    def _follow_link(self, _: Any) -> None:
        """The page opened with a query string: show the view it names; the values refused are said."""
        refused = self.links.apply(self.address.query, self._order(applying=True))
        self.address.applied = True
        self._sync_address()
        if refused:
            text = html.escape(t("link_refused", self.lang, names=", ".join(refused)))
            self.status.value = f'<div class="cchc-notice" role="status">{text}</div>'

    def app(self, controls: list[widgets.Widget], *body: widgets.Widget) -> widgets.VBox:
        """The dashboard: header, controls and the language toggle, status line, then ``body``."""
        bar = widgets.HBox(
            [*controls, self.language, self.upload, self.address],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        ).add_class("cchc-controls")
        self.filters.observe(lambda ch: (bar.add_class if ch["new"] else bar.remove_class)("cchc-open"), "value")
        self.filters.observe(lambda _: self._describe_filters(), "value")
        app = widgets.VBox([self.header, self.filters, bar, self.printed, self.status, *body]).add_class("cchc-app")
        self._charts = charts = [w for w in _walk(app) if isinstance(w, alt.JupyterChart)]
        stem = self.page.notebook.removesuffix(".ipynb")
        self.on_language(
            lambda lg: [setattr(c, "embed_options", chart_embed_options(_chart_name(stem, c), lg)) for c in charts]
        )
        self._fit_charts()
        self._sync_address()
        return app

    def table(self, css_class: str) -> TableView:
        """An HTML table widget (set its ``value`` as an ``widgets.HTML``'s) whose tables can be
        downloaded as Excel and CSV, found by tests through ``css_class``."""
        return TableView(self, css_class)

    def empty(self) -> widgets.VBox:
        """What a dashboard shows for data with no ranked unit: the header and a plain message."""
        note = widgets.HTML().add_class("cchc-empty")
        self.on_language(lambda lg: setattr(note, "value", notes_html([t("no_results", lg)])))
        return self.app([], note)


Body = Callable[[Shell, Dataset, pd.DataFrame], widgets.VBox]


def _unchanged(change: dict) -> None:
    """Refuse a change to a layout or style shared by many widgets (:func:`shared_plain_models`):
    it would change every one of them."""
    raise TypeError(
        f"a shared default {type(change['owner']).__name__} was changed ({change['name']} = {change['new']!r}): "
        "give the widget a layout or style of its own when it is made"
    )


@contextmanager
def shared_plain_models() -> Iterator[None]:
    """While a dashboard is built, the widgets made without a layout of their own share one default
    ``Layout``, and those without a style of their own one default style of each style class.

    ipywidgets otherwise makes a layout model for every widget and a style model for most: about
    40 % of a dashboard's 55–170 models were such defaults, each sent to the page and built there
    before its first chart (measured: 55 → 34 models on Tổng quan, 166 → 119 on Mô phỏng). A shared
    model is never changed in place: doing so raises (:func:`_unchanged`), and a widget that needs
    a layout or style of its own is given it when made. Outside this block ipywidgets makes its
    defaults as usual.
    """
    made: dict[type, widgets.Widget] = {}
    own = InstanceDict.make_dynamic_default

    def shared(trait: InstanceDict) -> Any:
        if trait.name not in ("layout", "style") or trait.default_args or trait.default_kwargs:
            return own(trait)
        if trait.klass not in made:
            model = made[trait.klass] = own(trait)
            model.observe(_unchanged, names=[k for k in model.keys if not k.startswith("_")])
        return made[trait.klass]

    InstanceDict.make_dynamic_default = shared
    try:
        yield
    finally:
        InstanceDict.make_dynamic_default = own


@dataclass(frozen=True)
class Dashboard:
    """A dashboard's ``build(ds, results=None, lang="vi") → widget``, made by :func:`dashboard`.

    ``results`` are :func:`cchc_dash.compute`'s (computed here if None). The body runs
    only when at least one unit has an index; otherwise the page shows the empty app.
    """

    page: Page
    body: Body

    def __call__(self, ds: Dataset, results: pd.DataFrame | None = None, lang: str = "vi") -> widgets.VBox:
        return self._build(ds, results, lang, None)

    def _build(self, ds: Dataset, results: pd.DataFrame | None, lang: str, shown: widgets.VBox | None) -> widgets.VBox:
        """The app for ``ds``; with ``shown`` (the widget on the page), its children are
        replaced by the new app's, so that an upload redraws the page in place."""
        results = compute(ds) if results is None else results
        with shared_plain_models():
            shell = Shell(ds, self.page.notebook, lang, follow_link=shown is None)
            app = shell.empty() if results["index"].notna().sum() == 0 else self.body(shell, ds, results)
        target = app if shown is None else shown
        shell.on_upload(lambda new: self._build(new, None, shell.lang, target))
        if shown is not None:
            shown.children = app.children
        release_freed_memory()  # the first draw's temporaries (SIPAS: ~55 MiB) go back to the system
        return target


def dashboard(notebook: str, title: str, picture: Picture | None = None) -> Callable[[Body], Dashboard]:
    """Decorate a dashboard's body ``(shell, ds, results) → widget`` into its ``build`` and register
    the dashboard: its ``notebook``, the labels key of its ``title`` and its home-page ``picture``.
    The navigation, the home page's cards and their pictures come from this registry."""
    page = Page(notebook, title, picture)
    if notebook in _REGISTRY and _REGISTRY[notebook].title != title:
        raise ValueError(f"two dashboards registered for {notebook!r}")
    _REGISTRY[notebook] = page
    return lambda body: Dashboard(page, body)


def chart_embed_options(name: str, lang: str) -> dict[str, Any]:
    """vega-embed's options for a dashboard chart: SVG rendered, with only the export actions
    in its "…" menu (PNG at twice the size for print, SVG), labelled in ``lang``, saved as
    ``<name>.png`` / ``<name>.svg``. Everything runs in the page: nothing is fetched."""
    return {
        "renderer": "svg",
        "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        "downloadFileName": name,
        "scaleFactor": 2,
        "i18n": {
            "PNG_ACTION": t("save_png", lang),
            "SVG_ACTION": t("save_svg", lang),
            "CLICK_TO_VIEW_ACTIONS": t("chart_menu", lang),
        },
    }


#: Classes that say how a widget is laid out (cchc.css), not what it shows: no part of a file name.
LAYOUT_CLASSES = frozenset({"cchc-scroll", "cchc-phone-later"})


def _chart_name(stem: str, chart: alt.JupyterChart) -> str:
    """The download name of a chart: its dashboard and what it shows ("01_tong_quan_chart")."""
    shown = [c.removeprefix("cchc-") for c in chart._dom_classes if c.startswith("cchc-") and c not in LAYOUT_CLASSES]
    return file_stem(stem, *shown)


def _walk(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """``root`` and every widget under it, depth first."""
    yield root
    for child in getattr(root, "children", ()):
        yield from _walk(child)


def chart_widget(css_class: str) -> alt.JupyterChart:
    """An offline ``JupyterChart`` (no CDN: the JavaScript comes from vl-convert), SVG
    rendered, empty until its first :func:`show`, found by tests through ``css_class``.
    :meth:`Shell.app` gives it its download menu (:func:`chart_embed_options`)."""
    offline.enable()
    chart = alt.JupyterChart(empty_chart(), embed_options={"actions": False, "renderer": "svg"})
    chart.add_class(css_class)
    return chart


def downloads_html(markup: str, lang: str, stem: str) -> str:
    """Links that download each table of ``markup`` as Excel and CSV (data URLs: no server
    route, no file written), named ``<stem>.xlsx`` / ``<stem>.csv`` (``<stem>_2``… after the
    first); empty when ``markup`` holds no table with rows."""
    links = []
    frames = [f for f in tables_of_html(markup, lang) if len(f)]
    for i, frame in enumerate(frames, start=1):
        name = stem if i == 1 else f"{stem}_{i}"
        which = f" ({t('table_n', lang, n=i)})" if len(frames) > 1 else ""
        for label, data, mime, ext in (
            (t("download_xlsx", lang), xlsx_bytes(frame, name), XLSX_MIME, "xlsx"),
            (t("download_csv", lang), csv_bytes(frame), CSV_MIME, "csv"),
        ):
            payload = base64.b64encode(data).decode("ascii")
            links.append(
                f'<a download="{name}.{ext}" href="data:{mime};base64,{payload}" data-kind="{ext}">'
                f"⬇ {html.escape(label + which)}</a>"
            )
    return f'<div class="cchc-downloads">{"".join(links)}</div>' if links else ""


class TableView(widgets.VBox):
    """A table shown as HTML with its Excel and CSV download links under it.

    ``value`` reads and sets the table's HTML as an ``widgets.HTML``'s does; each new value redraws
    the links from the tables in it, in the shell's language, so that a download holds what is
    shown. Table and links are one HTML widget, set once: the page receives them in one message and
    never shows a new table beside the previous table's links (and the page holds one model less).
    """

    def __init__(self, shell: Shell, css_class: str):
        self._shell = shell
        self._markup = ""
        self._html = widgets.HTML()
        self._stem = file_stem(shell.page.notebook.removesuffix(".ipynb"), css_class.removeprefix("cchc-"))
        super().__init__([self._html])
        self.add_class(css_class)

    @property
    def value(self) -> str:
        """The table's HTML (without its download links)."""
        return self._markup

    @value.setter
    def value(self, markup: str) -> None:
        self._markup = markup
        self._html.value = markup + downloads_html(markup, self._shell.lang, self._stem)


def show(widget: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Draw ``chart`` in an existing chart widget, in place.

    Sets the widget's Vega-Lite ``spec`` (readable font sizes added by :func:`charts.for_display`)
    without Altair's JSON-schema validation, which
    is about 40 % of a redraw: every chart builder is validated by tests/test_charts.py,
    and our charts have no parameters or selections (the only other state that
    ``JupyterChart.chart`` maintains). Read the drawn chart from ``widget.spec``. The spec is kept as
    built (``widget.cchc_spec``) and drawn for the page's width (``widget.cchc_fit``, set by the shell
    for a phone: :func:`cchc_dash.render.charts.fitted`).
    """
    widget.cchc_spec = for_display(chart)
    widget.spec = fitted(widget.cchc_spec, getattr(widget, "cchc_fit", None))


def find_widget(root: widgets.Widget, css_class: str) -> widgets.Widget | None:
    """The first widget under ``root`` (depth first) carrying ``css_class`` (tests, benchmarks)."""
    if css_class in getattr(root, "_dom_classes", ()):
        return root
    for child in getattr(root, "children", ()):
        if (hit := find_widget(child, css_class)) is not None:
            return hit
    return None
