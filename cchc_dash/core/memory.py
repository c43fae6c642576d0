"""How the process gets memory for large arrays: in ordinary 4 KiB pages, kept once freed.

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

glibc's ``malloc`` gives every block over 32 MiB its own ``mmap`` and hands it back to Linux when it
is freed; Linux fills such pages with zeros at the first touch of each 4 KiB. Whole-length vectors of
national data asked for ~400 MiB of such pages per ``compute``: ~100,000 page faults, about as long as
the arithmetic itself (``compute`` 0.61–0.67 s in benchmark run E). The engine now sums score rows a
million at a time (``scoring.CHUNK_ROWS``), whose few-MiB blocks malloc reuses, and a national
``compute`` takes ~12,000 faults (the per-row maxima of ``prepare`` and the results frame).
:func:`keep_freed_memory` has glibc keep even large freed blocks for the next one, as DuckDB keeps its
memory, when the environment sets ``CCHC_KEEP_FREED_MEMORY=1`` before the package is imported. Seven
runs in turn with DuckDB, one process each way: with it 0.42–0.54 s against DuckDB's 0.78–0.86 s,
without it 0.43–0.53 s against 0.77–0.85 s (before the chunks: 0.44–0.57 s with it, 0.56–0.93 s
without). It is off by default because a process then keeps
the memory of its largest step until it ends: the demo's data loaded and scored left 326 MiB
resident against 259 MiB, on every dashboard kernel. Set it for a process that scores national data
again and again (an analyst's notebook, a batch job), not for the dashboards' server.
"""

from __future__ import annotations

import ctypes
import os
import platform
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


#: Set to ``1`` before the package is imported to have glibc keep freed memory (see above).
KEEP_SWITCH = "CCHC_KEEP_FREED_MEMORY"

#: glibc's own variables for the settings of :func:`keep_freed_memory`; when one is set, it decides.
GLIBC_SWITCHES = ("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")

#: ``mallopt`` parameters (glibc's malloc.h).
M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4


def keep_freed_memory(environ: Mapping[str, str] = os.environ) -> bool:
    """When ``environ`` sets :data:`KEEP_SWITCH` to ``1``, have glibc's ``malloc`` keep freed memory for
    the next large array instead of returning it to Linux: no ``mmap`` per large block, no trimming of
    the heap under 2 GiB (``mallopt``'s largest value). Nothing changes outside glibc, or when
    ``environ`` sets one of glibc's own switches (:data:`GLIBC_SWITCHES`, or a ``glibc.malloc``
    tunable). Returns whether it is now kept."""
    if environ.get(KEEP_SWITCH, "").strip() != "1" or any(environ.get(name, "").strip() for name in GLIBC_SWITCHES):
        return False
    if "glibc.malloc." in environ.get("GLIBC_TUNABLES", "") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_MAX, 0)) and bool(mallopt(M_TRIM_THRESHOLD, 2**31 - 1))
