"""How numpy asks the kernel for the memory of large arrays: in ordinary 4 KiB pages.

numpy advises Linux to back every array of 4 MiB or more with 2 MiB huge pages
(``madvise(MADV_HUGEPAGE)``). Where the kernel's ``transparent_hugepage/defrag`` setting is
``madvise`` (Debian's default, and this project's servers), each such advice lets a page fault
stop to compact memory until a huge page is free. National scoring fills a dozen vectors of 6.3
million rows on every ``compute`` and so became erratic: on the 2-core server, seven runs in turn
with DuckDB took 0.50–1.54 s (median 0.75–1.18 s) against DuckDB's steady 0.78–0.99 s; with the
advice off, 0.58–0.89 s (median 0.60–0.68 s) against 0.74–0.92 s. The arrays' arithmetic is the
same either way; only the stalls go.

The advice is turned off when the package is imported, unless the environment variable
``NUMPY_MADVISE_HUGEPAGE`` says otherwise (numpy's own switch: ``1`` keeps huge pages, for a
machine where they pay). It applies to the whole Python process, as numpy's switch does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np

#: numpy's own switch, read by numpy when it is imported; when set, it is left to decide.
NUMPY_SWITCH = "NUMPY_MADVISE_HUGEPAGE"


def use_small_pages(environ: Mapping[str, str] = os.environ) -> bool:
    """Stop numpy advising huge pages for large arrays, unless ``environ`` sets numpy's own switch.

    Returns whether the advice is now off. numpy offers the setting only as
    ``numpy._core.multiarray._set_madvise_hugepage``; where a numpy lacks it, nothing changes.
    """
    asked = environ.get(NUMPY_SWITCH, "").strip()
    if asked:
        return asked == "0"
    multiarray = getattr(getattr(np, "_core", None), "multiarray", None)
    set_advice = getattr(multiarray, "_set_madvise_hugepage", None)
    if set_advice is None:
        return False
    set_advice(False)
    return True
