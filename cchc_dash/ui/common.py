"""What every dashboard shares: offline charts, the header, styles, safe callbacks."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any

import altair as alt
import ipywidgets as widgets

from ..i18n import t

log = logging.getLogger("cchc_dash.ui")

CSS = """
<style>
.cchc-app { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1400px; }
.cchc-app h1 { font-size: 22px; margin: 4px 0 2px 0; }
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
</style>
"""


def find_widget(root: widgets.Widget, css_class: str) -> widgets.Widget | None:
    """The first widget under ``root`` (depth first) carrying ``css_class`` (tests, benchmarks)."""
    if css_class in getattr(root, "_dom_classes", ()):
        return root
    for child in getattr(root, "children", ()):
        if (hit := find_widget(child, css_class)) is not None:
            return hit
    return None


def chart_widget(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """An offline ``JupyterChart`` (no CDN: the JavaScript comes from vl-convert), SVG rendered."""
    alt.JupyterChart.enable_offline()
    return alt.JupyterChart(chart, embed_options={"actions": False, "renderer": "svg"})


def show(widget: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Draw ``chart`` in an existing chart widget, in place.

    Sets the widget's Vega-Lite ``spec`` without Altair's JSON-schema validation, which
    is about 40 % of a redraw: every chart builder is validated by tests/test_charts.py,
    and our charts have no parameters or selections (the only other state that
    ``JupyterChart.chart`` maintains). Read the drawn chart from ``widget.spec``.
    """
    widget.spec = chart.to_dict(validate=False)


def header(title: str, synthetic: bool, lang: str) -> str:
    """Title and, for generated data, the "dữ liệu mô phỏng" notice."""
    badge = f'<div class="cchc-badge">⚠ {html.escape(t("simulated", lang))}</div>' if synthetic else ""
    return f"{CSS}<h1>{html.escape(title)}</h1>{badge}"


def language_toggle(lang: str) -> widgets.ToggleButtons:
    """Tiếng Việt / English: every dashboard redraws its labels when it changes."""
    return widgets.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value=lang).add_class("cchc-lang")


def empty_app(title: str, ds: Any, lang: str) -> widgets.VBox:
    """What a dashboard shows for a dataset with no ranked unit: the header and a plain message."""
    return widgets.VBox([widgets.HTML(header(f"{title} — {ds.name}", ds.synthetic, lang)),
                         widgets.HTML(f'<div class="cchc-note">{html.escape(t("no_results", lang))}</div>')]).add_class("cchc-app")


def error_html(lang: str) -> str:
    """The friendly message shown when a callback fails."""
    return f'<div class="cchc-error">{html.escape(t("error", lang))}</div>'


def guarded(status: widgets.HTML, language: widgets.ValueWidget) -> Callable:
    """Decorate a widget callback: exceptions are logged and shown as a friendly message.

    Widget values reach the kernel as untrusted input (Voilà lets comm messages through),
    so a callback must never leave the dashboard half-drawn with a traceback.
    """
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            # Cleared before, not after: a nested guarded call's message must survive its caller.
            status.value = ""
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001 — shown to the user, full detail in the log
                log.exception("dashboard callback failed")
                status.value = error_html(language.value)
                return None
        return inner
    return wrap
