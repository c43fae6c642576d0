"""Bounded kernels (cchc_dash/serving.py) on a real server: plain GETs (curl-like, no browser to
connect) cannot pile up kernels past the cap; past it a page gets the friendly busy page (503);
kernels whose page never connected are shut down and the server serves again."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, serve

NOTEBOOKS = len(list((ROOT / "notebooks").glob("*.ipynb")))
CAP = NOTEBOOKS + 2  # one preheated kernel per dashboard, and room for two pages


def kernels(pid: int) -> int:
    out = subprocess.run(["pgrep", "-P", str(pid), "-f", "ipykernel"], capture_output=True, text=True).stdout
    return len(out.split())


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    log = tmp_path_factory.mktemp("capped") / "voila.log"
    yield from serve(log, f"--max-kernels={CAP}", "--connect-timeout=3")


def test_plain_gets_stop_at_the_cap_then_reaped_kernels_free_the_server(capped):
    pid = capped.pid
    page = f"{capped.url}/voila/render/01_tong_quan.ipynb"
    codes = [get(page)[0] for _ in range(CAP + 2)]
    assert kernels(pid) <= CAP
    assert codes[:2] == [200, 200] and 503 in codes
    status, body = get(page)
    assert status == 503 and "Máy chủ đang bận" in body and "Server busy" in body
    deadline = time.monotonic() + 60  # connect timeout 3 s + a cull tick (15 s)
    while kernels(pid) >= NOTEBOOKS and time.monotonic() < deadline:  # 01's pool was used up: one fewer
        time.sleep(1)
    assert "did not connect within 3 s" in Path(capped.log).read_text()
    assert get(page)[0] == 200
