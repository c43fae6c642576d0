"""Bounded kernels (cchc_dash/app/serving.py) on a real server: plain GETs (curl-like, no browser to
connect) cannot pile up kernels past the cap; past it a page gets the friendly busy page (503);
one client address cannot hold more than its share (429) while other addresses are served;
kernels whose page never connected are shut down and the server serves again."""

from __future__ import annotations

import http.client
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, serve

NOTEBOOKS = len(list((ROOT / "notebooks").glob("*.ipynb")))
CAP = NOTEBOOKS + 4  # one preheated kernel per dashboard, and room for four pages
PER_CLIENT = 2


def kernels(pid: int) -> int:
    out = subprocess.run(["pgrep", "-P", str(pid), "-f", "ipykernel"], capture_output=True, text=True).stdout
    return len(out.split())


def get(url: str, client: str = "127.0.0.1") -> tuple[int, str]:
    """GET ``url`` from the loopback address ``client`` (every 127.x.y.z is this machine, so
    several "clients" can be simulated without a proxy)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(client, 0))
    try:
        conn.request("GET", parts.path)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    log = tmp_path_factory.mktemp("capped") / "voila.log"
    yield from serve(log, f"--max-kernels={CAP}", "--connect-timeout=30", f"--max-kernels-per-client={PER_CLIENT}")


def test_plain_gets_stop_at_the_caps_then_reaped_kernels_free_the_server(capped):
    pid = capped.pid
    page = f"{capped.url}/voila/render/01_tong_quan.ipynb"
    # Simultaneous requests: the caps must hold while kernels are still starting.
    with ThreadPoolExecutor(PER_CLIENT + 2) as pool:
        mine = list(pool.map(lambda _: get(page), range(PER_CLIENT + 2)))
    assert sorted(code for code, _ in mine) == [200] * PER_CLIENT + [429] * 2
    assert all(
        "Quá nhiều trang đang mở" in body and "Too many pages open" in body for code, body in mine if code == 429
    )
    with ThreadPoolExecutor(CAP) as pool:  # as many other viewers as the server holds kernels
        others = list(pool.map(lambda i: get(page, f"127.0.0.{2 + i}"), range(CAP)))
    assert kernels(pid) <= CAP
    codes = [code for code, _ in others]
    assert 200 in codes and 503 in codes and set(codes) <= {200, 503}
    assert all("Máy chủ đang bận" in body and "Server busy" in body for code, body in others if code == 503)
    # The connect timeout counts from the first cull tick that sees a handed-out kernel (every 15 s).
    deadline = time.monotonic() + 120
    while kernels(pid) >= NOTEBOOKS and time.monotonic() < deadline:  # 01's pool was used up: one fewer
        time.sleep(1)
    assert "did not connect within 30 s" in Path(capped.log).read_text()
    assert get(page)[0] == 200
