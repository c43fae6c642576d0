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
  problems in the status line and the page keeps what it showed.

Adding a dashboard: one line in :data:`DASHBOARDS`, one ui module, its chart functions,
a four-cell notebook (load, compute, build, display).
"""

from __future__ import annotations

import base64
import functools
import html
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import altair as alt
import ipywidgets as widgets
import pandas as pd

from ..core.dataset import Dataset
from ..core.errors import ValidationError
from ..core.scoring import compute
from ..io.downloads import CSV_MIME, XLSX_MIME, csv_bytes, file_stem, tables_of_html, xlsx_bytes
from ..io.excel import read_uploaded
from ..io.loader import is_bundled, release_freed_memory
from ..render.charts import empty_chart, for_display
from ..render.html_tables import notes_html
from ..render.labels import t
from . import offline

log = logging.getLogger("cchc_dash.ui")

W = TypeVar("W", bound=widgets.Widget)


@dataclass(frozen=True)
class Page:
    """A dashboard: its notebook (the file in ``notebooks/``, and its URL under Voilà's
    ``/voila/render/``) and the i18n key of its title."""

    notebook: str
    title: str


#: Every dashboard, in the order of the navigation links.
DASHBOARDS: list[Page] = [
    Page("01_tong_quan.ipynb", "app_overview"),
    Page("02_so_sanh.ipynb", "app_compare"),
    Page("03_mo_phong.ipynb", "app_whatif"),
    Page("04_xep_loai.ipynb", "app_bands"),
    Page("05_sipas.ipynb", "app_sipas"),
    Page("06_ho_so_don_vi.ipynb", "app_profile"),
]

CSS = """
<style>
.cchc-app { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1400px; }
.cchc-app h1 { font-size: 22px; margin: 4px 0 2px 0; }
.cchc-nav { display: flex; flex-wrap: wrap; gap: 4px 6px; margin: 2px 0 6px 0; font-size: 13px; }
.cchc-nav a, .cchc-nav span { padding: 2px 10px; border: 1px solid #c9d3de; border-radius: 12px; white-space: nowrap; }
.cchc-nav a { color: #1f4e79; text-decoration: none; }
.cchc-nav a:hover { background: #eef3f8; }
.cchc-nav span { background: #2c3e50; border-color: #2c3e50; color: #fff; }
.cchc-nav a.cchc-home { font-weight: 600; }
.cchc-downloads { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 13px; margin: 4px 0 8px 0; }
.cchc-downloads a { color: #1f4e79; border: 1px solid #c9d3de; border-radius: 4px; padding: 2px 8px; text-decoration: none; white-space: nowrap; }
.cchc-downloads a:hover { background: #eef3f8; }
.cchc-app .vega-embed .vega-actions a { font-size: 14px; padding: 8px 16px; }  /* finger-sized on phones */
.cchc-source { color: #333; font-size: 12px; margin: 2px 0; overflow-wrap: anywhere; }
.cchc-source code { font-size: 11px; background: #f3f5f7; padding: 0 3px; }
.cchc-badge { display: inline-block; background: #fff3cd; color: #7a5b00; border: 1px solid #f0d98c;
              border-radius: 4px; padding: 2px 8px; font-size: 12px; margin: 2px 0 8px 0; }
.cchc-note { color: #555; font-size: 12px; margin: 4px 0; }
.cchc-kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 10px 0; }
.cchc-kpi { border: 1px solid #dde3ea; border-radius: 6px; padding: 8px 12px; min-width: 170px; background: #fafbfc; }
.cchc-kpi .v { font-size: 22px; font-weight: 600; }
.cchc-kpi .l { font-size: 12px; color: #555; }
.cchc-kpi .s { font-size: 12px; color: #333; }
table.cchc-table { border-collapse: collapse; font-size: 13px; min-width: 520px; }
table.cchc-table th { background: #2c3e50; color: #fff; padding: 5px 8px; text-align: left; white-space: nowrap; }
table.cchc-table td { padding: 4px 8px; border-bottom: 1px solid #e3e7ec; }
table.cchc-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cchc-pill { border-radius: 10px; padding: 1px 8px; color: #fff; font-size: 12px; white-space: nowrap; }
.cchc-error { background: #fdecea; color: #8a1c13; border: 1px solid #f5c2bd; border-radius: 4px; padding: 6px 10px; }
.cchc-app .widget-hbox { gap: 16px; }  /* ipywidgets' Layout has no gap property */
.up { color: #1a7f3c; } .down { color: #c0392b; }
tr.cchc-moved td { font-weight: 600; background: #fff8e1; }
.cchc-whatif-ranking, .cchc-scroll { max-width: 100%; overflow-x: auto; }
.cchc-item { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 13px; }
.cchc-item .cchc-item-name { display: inline-block; width: 430px; max-width: 62vw; }
@media (max-width: 600px) {  /* phones: the rank and band of every unit in view, no sideways scrolling */
  table.cchc-table { min-width: 0; }
  table.cchc-ranking-table { font-size: 13px; }
  table.cchc-ranking-table [data-col="stt"], table.cchc-ranking-table [data-col="score"] { display: none; }
  table.cchc-ranking-table th, table.cchc-ranking-table td { padding: 4px 4px; white-space: normal; }
}
@media screen and (min-width: 1800px) {  /* a projector: the same page, larger, on most of the width */
  .cchc-app { zoom: 1.25; max-width: 1480px; margin: 0 auto; }
}
@page { size: A4 landscape; margin: 10mm; }
@media print {  /* A4 landscape: what the page shows, without its controls, nothing cut at the right */
  .cchc-nav, .cchc-controls, .cchc-downloads, .vega-embed .vega-actions, .vega-embed summary, #cchc-lost,
  .cchc-units, .cchc-search, .cchc-app .widget-button, .cchc-app .widget-upload { display: none !important; }
  .cchc-app { max-width: 100%; zoom: 1; }
  .cchc-app .widget-box, .cchc-app .widget-html, .cchc-app .widget-html-content { max-width: 100% !important; }
  .cchc-app .vega-embed, .cchc-app .vega-embed svg { max-width: 100% !important; height: auto !important; }
  table.cchc-table { min-width: 0; max-width: 100%; font-size: 11px; }
  table.cchc-table th, table.cchc-table td { white-space: normal; padding: 2px 4px; }
  table.cchc-table th { background: #2c3e50 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cchc-pill, .cchc-badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, .vega-embed { break-inside: avoid; }
  body, #rendered_cells, .jp-Cell, .jp-OutputArea-output { padding: 0 !important; margin: 0 !important; }
}
/* The dashboards' own widgets: headline cards keep their own height; a group's buttons carry their label
   beside them, as a dropdown does; on a phone (<= 600 px) nothing is wider than the screen: controls and
   boxes shrink to its width, charts scale down to it, and only areas marked cchc-scroll (wide heat maps
   and tables) scroll sideways, inside their own box. */
.cchc-app .cchc-kpis { align-items: flex-start; }
.cchc-app .cchc-kpi { max-width: 100%; box-sizing: border-box; overflow-wrap: anywhere; }
.cchc-app .widget-toggle-buttons { display: flex; flex-flow: row wrap; align-items: center; gap: 4px; }
.cchc-app .widget-toggle-buttons > .widget-label { width: auto; min-width: 0; margin: 0 6px 0 0; }
.cchc-app .cchc-scroll { max-width: 100%; overflow-x: auto; }
.cchc-app .cchc-scheme-words { font-size: 13px; margin: 2px 0 4px 0; }
@media (max-width: 600px) {
  .cchc-app .widget-hbox { flex-wrap: wrap; }
  .cchc-app .widget-hbox > *, .cchc-app .widget-vbox > * { max-width: 100%; min-width: 0; }
  .cchc-app .widget-inline-hbox, .cchc-app .widget-text, .cchc-app .widget-dropdown, .cchc-app .widget-slider,
  .cchc-app .widget-html, .cchc-app .widget-box { max-width: 100% !important; }
  .cchc-app .widget-slider { width: 100% !important; }
  .cchc-app .widget-toggle-buttons > div { display: flex; flex-wrap: wrap; gap: 2px; }
  .cchc-app .vega-embed { max-width: 100%; }
  .cchc-app .vega-embed svg { max-width: 100%; height: auto; }
  .cchc-app .cchc-scroll .vega-embed, .cchc-app .cchc-scroll .vega-embed svg { max-width: none; }
  .cchc-app .cchc-item .cchc-item-name { width: auto; max-width: 100%; }
  .cchc-app table.cchc-whatif-table td:nth-child(2) { min-width: 150px; }  /* names readable; the table scrolls in its box */
}
</style>
"""


def page_of(notebook: str) -> Page:
    """The registered dashboard of ``notebook``; an unregistered one is a programming error."""
    for page in DASHBOARDS:
        if page.notebook == notebook:
            return page
    raise KeyError(f"{notebook!r} is not in shell.DASHBOARDS")


def navigation_html(current: Page, lang: str) -> str:
    """Links to the home page and every dashboard, relative so that they resolve under
    ``/voila/render/`` (whatever the server's base URL); the current one is marked, not linked."""
    home = f'<a class="cchc-home" href="../../{"?lang=en" if lang == "en" else ""}">⌂ {html.escape(t("home_link", lang))}</a>'
    items = [home] + [
        f'<span aria-current="page">{html.escape(t(p.title, lang))}</span>'
        if p == current
        else f'<a href="{html.escape(p.notebook)}">{html.escape(t(p.title, lang))}</a>'
        for p in DASHBOARDS
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
        f'<div class="cchc-source">{html.escape(t("data_source", lang))}: <b>{html.escape(ds.name)}</b> — {where}</div>'
    )


def header_html(ds: Dataset, page: Page, lang: str) -> str:
    """Styles, navigation, title, data-source line and, for generated data, the simulated-data badge."""
    badge = f'<div class="cchc-badge">⚠ {html.escape(t("simulated", lang))}</div>' if ds.synthetic else ""
    return (
        f"{CSS}{navigation_html(page, lang)}<h1>{html.escape(t(page.title, lang))}</h1>{source_html(ds, lang)}{badge}"
    )


def problems_html(exc: ValidationError, name: str, lang: str, limit: int = 30) -> str:
    """A refused upload: what was wrong, where, in the page's language (the first ``limit`` problems)."""
    items = "".join(f"<li>{html.escape(p.text(lang))}</li>" for p in exc.problems[:limit])
    more = f"<li>… +{len(exc.problems) - limit}</li>" if len(exc.problems) > limit else ""
    head = html.escape(t("upload_bad", lang).format(name=name, count=len(exc.problems)))
    return f'<div class="cchc-error cchc-workbook-errors">{head}<ul>{items}{more}</ul></div>'


def error_html(lang: str) -> str:
    """The friendly message shown when a callback fails."""
    return f'<div class="cchc-error">{html.escape(t("error", lang))}</div>'


class Shell:
    """The shared frame of one dashboard built for ``ds`` (see the module docstring)."""

    def __init__(self, ds: Dataset, notebook: str, lang: str = "vi"):
        self.ds = ds
        self.page = page_of(notebook)
        self.language = widgets.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=lang).add_class(
            "cchc-lang"
        )
        self.header = widgets.HTML().add_class("cchc-header")
        self.status = widgets.HTML().add_class("cchc-status")
        self.upload = self.label(
            widgets.FileUpload(accept=".xlsx", multiple=False).add_class("cchc-workbook"), "upload"
        )
        self._quiet = 0
        self.on_language(lambda lg: setattr(self.header, "value", header_html(ds, self.page, lg)))

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

    def app(self, controls: list[widgets.Widget], *body: widgets.Widget) -> widgets.VBox:
        """The dashboard: header, controls and the language toggle, status line, then ``body``."""
        bar = widgets.HBox(
            [*controls, self.language, self.upload], layout=widgets.Layout(flex_flow="row wrap", align_items="center")
        ).add_class("cchc-controls")
        app = widgets.VBox([self.header, bar, self.status, *body]).add_class("cchc-app")
        charts = [w for w in _walk(app) if isinstance(w, alt.JupyterChart)]
        stem = self.page.notebook.removesuffix(".ipynb")
        self.on_language(
            lambda lg: [setattr(c, "embed_options", chart_embed_options(_chart_name(stem, c), lg)) for c in charts]
        )
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
        shell = Shell(ds, self.page.notebook, lang)
        app = shell.empty() if results["index"].notna().sum() == 0 else self.body(shell, ds, results)
        target = app if shown is None else shown
        shell.on_upload(lambda new: self._build(new, None, shell.lang, target))
        if shown is not None:
            shown.children = app.children
        release_freed_memory()  # the first draw's temporaries (SIPAS: ~55 MiB) go back to the system
        return target


def dashboard(notebook: str) -> Callable[[Body], Dashboard]:
    """Decorate a dashboard's body ``(shell, ds, results) → widget`` into its ``build``;
    ``notebook`` must be listed in :data:`DASHBOARDS` (its title and navigation come from there)."""
    page = page_of(notebook)
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


def _chart_name(stem: str, chart: alt.JupyterChart) -> str:
    """The download name of a chart: its dashboard and what it shows ("01_tong_quan_chart")."""
    shown = [c.removeprefix("cchc-") for c in chart._dom_classes if c.startswith("cchc-")]
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

    ``value`` reads and sets the HTML as an ``widgets.HTML``'s does; each new value redraws the
    links from the tables in it, in the shell's language, so that a download holds what is shown.
    """

    def __init__(self, shell: Shell, css_class: str):
        self._shell = shell
        self._html = widgets.HTML()
        self._links = widgets.HTML()
        self._stem = file_stem(shell.page.notebook.removesuffix(".ipynb"), css_class.removeprefix("cchc-"))
        super().__init__([self._html, self._links])
        self.add_class(css_class)

    @property
    def value(self) -> str:
        """The table's HTML."""
        return self._html.value

    @value.setter
    def value(self, markup: str) -> None:
        self._html.value = markup
        self._links.value = downloads_html(markup, self._shell.lang, self._stem)


def show(widget: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Draw ``chart`` in an existing chart widget, in place.

    Sets the widget's Vega-Lite ``spec`` (readable font sizes added by :func:`charts.for_display`)
    without Altair's JSON-schema validation, which
    is about 40 % of a redraw: every chart builder is validated by tests/test_charts.py,
    and our charts have no parameters or selections (the only other state that
    ``JupyterChart.chart`` maintains). Read the drawn chart from ``widget.spec``.
    """
    widget.spec = for_display(chart)


def find_widget(root: widgets.Widget, css_class: str) -> widgets.Widget | None:
    """The first widget under ``root`` (depth first) carrying ``css_class`` (tests, benchmarks)."""
    if css_class in getattr(root, "_dom_classes", ()):
        return root
    for child in getattr(root, "children", ()):
        if (hit := find_widget(child, css_class)) is not None:
            return hit
    return None
