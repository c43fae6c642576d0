"""memory.py: once the package is imported numpy advises no huge pages, and glibc keeps freed memory when
CCHC_KEEP_FREED_MEMORY=1; their own switches, when set, decide."""

from __future__ import annotations

import os
import subprocess
import sys

from cchc_dash.core.memory import GLIBC_SWITCHES, KEEP_SWITCH, NUMPY_SWITCH, keep_freed_memory, use_small_pages

#: Prints whether numpy advised huge pages before this line (the switch returns the setting it replaces).
READ_ADVICE = ("import cchc_dash\nfrom numpy._core import multiarray as m\n"
               "print(m._set_madvise_hugepage(False))")


def advice_after_import(switch: str | None) -> str:
    """Whether numpy still advises huge pages in a fresh Python that imported cchc_dash, with numpy's
    switch set to ``switch`` (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k != NUMPY_SWITCH}
    if switch is not None:
        env[NUMPY_SWITCH] = switch
    return subprocess.run([sys.executable, "-c", READ_ADVICE], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_importing_the_package_turns_the_advice_off():
    assert advice_after_import(None) == "False"


def test_numpys_own_switch_decides_when_set():
    """NUMPY_MADVISE_HUGEPAGE=1 keeps huge pages (numpy turns the advice on, we leave it); =0 keeps them off."""
    assert advice_after_import("1") == "True"
    assert advice_after_import("0") == "False"


def test_use_small_pages_says_what_it_did():
    assert use_small_pages({}) is True
    assert use_small_pages({NUMPY_SWITCH: "1"}) is False and use_small_pages({NUMPY_SWITCH: " 0 "}) is True


#: Page faults of filling a 64 MiB array a second time, after the first was freed (in a fresh Python).
REFILL_FAULTS = ("import resource, numpy as np\nimport cchc_dash\n"
                 "a = np.ones(8 << 20); del a\n"
                 "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
                 "a = np.ones(8 << 20)\n"
                 "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)")


def refill_faults(**switches: str) -> int:
    drop = (*GLIBC_SWITCHES, "GLIBC_TUNABLES", KEEP_SWITCH)
    env = {k: v for k, v in os.environ.items() if k not in drop} | switches
    return int(subprocess.run([sys.executable, "-c", REFILL_FAULTS], env=env, capture_output=True, text=True,
                              check=True).stdout)


def test_the_switch_keeps_freed_memory_for_the_next_large_array():
    """A 64 MiB array is 16,384 pages of 4 KiB: given back to Linux when freed (glibc's default, kept
    unless CCHC_KEEP_FREED_MEMORY=1), every page faults again when the next array is filled; kept,
    almost none does."""
    assert refill_faults() > 16_000
    assert refill_faults(CCHC_KEEP_FREED_MEMORY="1") < 1_000
    assert refill_faults(CCHC_KEEP_FREED_MEMORY="1", MALLOC_MMAP_MAX_="65536") > 16_000  # glibc's own switch decides


def test_keep_freed_memory_leaves_glibcs_own_switches_alone():
    asked = {KEEP_SWITCH: "1"}
    assert keep_freed_memory(asked | {"MALLOC_TRIM_THRESHOLD_": "131072"}) is False
    assert keep_freed_memory(asked | {"GLIBC_TUNABLES": "glibc.malloc.mmap_max=8"}) is False  # (none set: above)
    assert keep_freed_memory({}) is False  # not asked for
