"""Offline chart JavaScript for every dashboard kernel, built once per installation.

``alt.JupyterChart.enable_offline()`` asks vl-convert to bundle the chart widget's JavaScript
with Vega, Vega-Lite and vega-embed, so that no page fetches from a CDN. vl-convert does that
in an embedded V8 engine which then stays in the kernel: about 87 MiB of every dashboard
kernel's memory (measured with ``/proc/self/status``), and ~1 s of its start. The bundle
depends only on the installed Altair and vl-convert, so it is built once, kept in a cache
file named after both versions, and every later kernel just reads it (~2 MiB).

``cchc-dash serve`` builds the file before Voilà starts (:func:`prepare`), so no kernel, not
even the first, pays for V8.
"""

from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path

import altair as alt

from ..core.errors import ValidationError
from ..io.atomic import write_atomic


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


def enable() -> None:
    """Make every ``alt.JupyterChart`` of this process offline, from the cached bundle when
    there is one (no V8), else exactly as ``alt.JupyterChart.enable_offline()`` (and cache it)."""
    if alt.JupyterChart._is_offline:
        return
    path = cache_file()
    if path.is_file():
        alt.JupyterChart._esm = path.read_text(encoding="utf-8")
        alt.JupyterChart._is_offline = True
    else:
        prepare()
