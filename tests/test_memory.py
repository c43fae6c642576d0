"""memory.py: numpy's huge-page advice is off once the package is imported, unless numpy's own switch is set."""

from __future__ import annotations

import os
import subprocess
import sys

from cchc_dash.core.memory import NUMPY_SWITCH, use_small_pages

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
