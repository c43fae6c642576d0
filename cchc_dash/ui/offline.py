"""Offline chart JavaScript for every dashboard kernel, built once per installation and, when
served, fetched once per browser.

``alt.JupyterChart.enable_offline()`` asks vl-convert to bundle the chart widget's JavaScript
with Vega, Vega-Lite and vega-embed, so that no page fetches from a CDN. vl-convert does that
in an embedded V8 engine which then stays in the kernel: about 87 MiB of every dashboard
kernel's memory (measured with ``/proc/self/status``), and ~1 s of its start. The bundle
depends only on the installed Altair and vl-convert, so it is built once, kept in a cache
file named after both versions, and every later kernel just reads it (~2 MiB).

``cchc-dash serve`` builds the file before Voilà starts (:func:`prepare`), so no kernel, not
even the first, pays for V8. The server then serves the bundle itself as a static file named
after its content (:func:`served_name`; ``cchc_dash/app/serving.py``) and tells its kernels where,
through :data:`SERVED_ENV`: a chart's module is then :func:`importer`, about a kilobyte that
imports the library from the server and draws the chart once it is near the screen (or the page is
idle), instead of the ~0.9 MB bundle sent inside every chart's widget message (a page with five
charts received 4.8 MB over its websocket, on every visit; a browser caches a file, never a
websocket message). Outside that server (JupyterLab, a notebook
run by hand) the variable is unset and every chart carries the bundle as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import altair as alt

from ..core.errors import ValidationError
from ..io.atomic import write_atomic

#: Set by the server for the kernels it starts: the chart library's address relative to the page's
#: ``data-base-url`` (``<base_url>voila/``), e.g. ``cchc/jupyterchart-0123456789abcdef.js``.
SERVED_ENV = "CCHC_CHART_LIBRARY"

#: A chart's whole module when the library is served: import it from the server (an absolute URL
#: built in the browser: anywidget loads this module from a blob: URL, against which a relative
#: address means nothing) and hand anywidget its default export. Every chart of a page imports the
#: same URL, so the browser's module map runs the library once per page and its HTTP cache fetches
#: it once per browser. ``{address}`` is the JSON string of :data:`SERVED_ENV`'s value.
#:
#: A chart outside the first screen is drawn when it comes near the screen or when the page is idle,
#: whichever is first, so that the charts a viewer sees are drawn before the others compete for the
#: page's thread. A chart is not drawn, and writes nothing to its kernel, once its view is removed
#: (anywidget aborts ``signal``) or the page is being left: Voilà closes the kernel's connection at
#: ``beforeunload`` while the old page lives on until the next one arrives, and a chart drawn then
#: wrote its state to the closed connection ("Could not send widget sync message" in the console).
IMPORTER = """const library = await import(new URL(document.body.dataset.baseUrl + {address}, location.href).href);
let leaving = false;
window.addEventListener("beforeunload", () => {{ leaving = true; }});
function seen(el, signal) {{
  return new Promise((resolve) => {{
    let done = false;
    const go = () => {{ if (!done) {{ done = true; watch.disconnect(); resolve(); }} }};
    const watch = new IntersectionObserver((es) => {{ if (es.some((e) => e.isIntersecting)) go(); }},
                                           {{ rootMargin: "100px" }});
    watch.observe(el);
    (window.requestIdleCallback || ((f) => setTimeout(f, 300)))(go, {{ timeout: 1500 }});
    window.addEventListener("beforeprint", go, {{ once: true }});
    signal?.addEventListener("abort", go, {{ once: true }});
  }});
}}
export default {{
  async render(context) {{
    const {{ model, signal }} = context;
    await seen(context.el, signal);
    const live = () => !leaving && !signal?.aborted;
    if (!live()) return;
    const guarded = {{ ...model, save_changes: () => live() && model.save_changes(),
                      send: (...args) => live() && model.send(...args) }};
    return library.default.render({{ ...context, model: guarded }});
  }},
}};
"""


def cache_file() -> Path:
    """Where the bundle for the installed Altair and vl-convert is kept
    (``$CCHC_CACHE`` or ``$XDG_CACHE_HOME/cchc_dash`` or ``~/.cache/cchc_dash``)."""
    root = (
        os.environ.get("CCHC_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc_dash"
    )
    return Path(root) / f"jupyterchart-altair{alt.__version__}-vlconvert{version('vl-convert-python')}.js"


def prepare() -> Path:
    """Build the cached bundle if it is missing (in this process: V8 is paid here, once) and
    return its path. A file written meanwhile by another process is kept as it is."""
    path = cache_file()
    if not path.is_file():
        alt.JupyterChart.enable_offline()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, lambda f: f.write(alt.JupyterChart._esm.encode("utf-8")))
        except (OSError, ValidationError):
            pass  # another process wrote it first, or the cache is read-only: this process is offline anyway
    return path


def served_name(source: bytes) -> str:
    """The address, relative to the page's ``data-base-url``, at which the bundle ``source`` is
    served: named after its content (the first 16 hex digits of its SHA-256), so that a browser may
    keep it for good and a new Altair or vl-convert is fetched under a new name."""
    return f"cchc/jupyterchart-{hashlib.sha256(source).hexdigest()[:16]}.js"


def importer(address: str) -> str:
    """A chart's module that imports the library served at ``address`` (:data:`IMPORTER`)."""
    return IMPORTER.format(address=json.dumps(address))


def enable() -> None:
    """Make every ``alt.JupyterChart`` of this process offline: importing the library from the
    server when the kernel was started by ``cchc-dash serve`` (:data:`SERVED_ENV`), else from the
    cached bundle when there is one (no V8), else exactly as ``alt.JupyterChart.enable_offline()``
    (and cache it)."""
    if alt.JupyterChart._is_offline:
        return
    served = os.environ.get(SERVED_ENV)
    if served:
        alt.JupyterChart._esm = importer(served)
        alt.JupyterChart._is_offline = True
        return
    path = cache_file()
    if path.is_file():
        alt.JupyterChart._esm = path.read_text(encoding="utf-8")
        alt.JupyterChart._is_offline = True
    else:
        prepare()
