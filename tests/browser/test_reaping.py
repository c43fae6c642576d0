"""Pages that go away without closing, and browsers that share an address (cchc_dash/app/serving.py),
on a real Voilà serving a one-widget notebook (quick to start; the serving code is the same):

- a browser killed with its pages open (no unload, no beacon) has their kernels shut down once
  the pages have been disconnected for ``disconnect_grace`` seconds, and its address is served again;
- browsers on one address (here every page comes from 127.0.0.1) are counted apart by their cookie,
  each up to ``max_kernels_per_client``;
- ``max_kernels_per_address`` still refuses a flood from one address, made-up cookies or none;
- a kernel a page took is replaced after ``refill_pause``, or at once when the pool has none ready.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, free_port, open_page

GRACE, PER_CLIENT, PER_ADDRESS = 5, 2, 3

#: A page with one widget: ready once the widget is drawn (its websocket is then connected).
PLAIN = "import ipywidgets as w\nw.HTML('sẵn sàng').add_class('t-ready')"


def notebook(folder: Path, name: str, source: str) -> None:
    """Write a one-cell notebook ``name`` into ``folder``."""
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
    nb = {"cells": [cell], "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    (folder / name).write_text(json.dumps(nb), encoding="utf-8")


def serve_folder(folder: Path, *extra: str, pool: int = 1) -> Iterator[Server]:
    """``python -m cchc_dash.app.serving folder`` as ``cchc-dash serve`` starts it (the committed
    voila.json, the cchc template), with ``pool`` preheated kernels per notebook and ``extra``
    settings; yields once every pool is filled, stops the server (and its kernels) afterwards."""
    port = free_port()
    log_path = folder.parent / "voila.log"
    log = open(log_path, "w", buffering=1)
    env = {**os.environ, "JUPYTER_PATH": os.pathsep.join(
        filter(None, [str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")]))}
    env.pop("CCHC_DATA", None)
    proc = subprocess.Popen([sys.executable, "-m", "cchc_dash.app.serving", str(folder), "--no-browser",
                             f"--port={port}", f"--GuardedKernelManager.pool_size={pool}", *extra],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    notebooks = [p.name for p in folder.glob("*.ipynb")]
    while not all(f"Kernel pool of {nb} is filled" in log_path.read_text(errors="replace") for nb in notebooks):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Voilà did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.3)
    urllib.request.urlopen(base + "/", timeout=30)
    try:
        yield Server(base, log_path, proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def alive(kernel: str) -> bool:
    """True while the process of ``kernel`` (a kernel id) runs."""
    return subprocess.run(["pgrep", "-f", f"kernel-{kernel}.json"], capture_output=True).returncode == 0


def close_all(server: Server, context, pages) -> None:
    """Close ``pages`` as a viewer closes tabs (the beacon shuts their kernels down), then ``context``;
    return once the server has shut their kernels down (the next test starts from a clean address)."""
    kernels = [pg.evaluate(KERNEL_ID) for pg in pages]
    for pg in pages:
        pg.closing = True
        pg.close(run_before_unload=True)
    context.close()
    deadline = time.monotonic() + 30
    while not all(f"Kernel shutdown: {k}" in server.log.read_text(errors="replace") for k in kernels):
        assert time.monotonic() < deadline, "a closed page's kernel was not shut down"
        time.sleep(0.2)


def get(url: str, client: str = "127.0.0.1", cookie: str | None = None) -> tuple[int, str]:
    """GET ``url`` from the loopback address ``client`` (every 127.x.y.z is this machine), with
    ``cookie`` as the cchc_client cookie if given."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(client, 0))
    try:
        conn.request("GET", parts.path, headers={"Cookie": f"cchc_client={cookie}"} if cookie else {})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("reaping") / "notebooks"
    folder.mkdir()
    notebook(folder, "plain.ipynb", PLAIN)
    # A preheated kernel per page a test opens at once: pages do not wait for kernels to start.
    yield from serve_folder(folder, f"--GuardedKernelManager.disconnect_grace={GRACE}",
                            f"--GuardedKernelManager.max_kernels_per_client={PER_CLIENT}",
                            f"--GuardedKernelManager.max_kernels_per_address={PER_ADDRESS}", pool=PER_ADDRESS)


def open_plain(page, base: str, drawn: bool = True):
    """Load the plain notebook in ``page``; its HTTP response. With ``drawn``, once 200, wait until its
    widget is drawn (the page is connected); without, return as soon as the response has arrived."""
    response = page.goto(f"{base}/voila/render/plain.ipynb", wait_until="domcontentloaded" if drawn else "commit",
                         timeout=60_000)
    if response.status == 200 and drawn:
        page.wait_for_selector(".t-ready", state="visible", timeout=60_000)
    return response


@pytest.fixture
def doomed_browser(browser, tmp_path) -> Iterator[tuple[object, subprocess.Popen]]:
    """A Chromium of its own, driven over CDP, that the test can kill like a crashed browser."""
    port = free_port()
    proc = subprocess.Popen([CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--remote-debugging-port={port}",
                             f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None, "Chromium did not start"
            time.sleep(0.2)
    cdp = browser.browser_type.connect_over_cdp(f"http://127.0.0.1:{port}", timeout=30_000)
    try:
        yield cdp, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def test_a_killed_browser_frees_its_kernels_after_the_grace(plain_server, doomed_browser, browser):
    """Three pages (two in one profile, one in another) fill the address's share; a new visitor
    from that address is refused. The browser is killed: no unload, no beacon, the websockets just
    drop. Their kernels are shut down once ``GRACE`` seconds have passed, and the address is served."""
    cdp, proc = doomed_browser
    pages = []
    for count in (PER_CLIENT, PER_ADDRESS - PER_CLIENT):
        context = cdp.new_context()
        for _ in range(count):  # one after the other: each has its profile's cookie once there is one
            pages.append(context.new_page())
            assert open_plain(pages[-1], plain_server.url, drawn=False).status == 200
    for page in pages:  # drawn while the others load
        page.wait_for_selector(".t-ready", state="visible", timeout=60_000)
    kernels = [page.evaluate(KERNEL_ID) for page in pages]
    status, body = get(f"{plain_server.url}/voila/render/plain.ipynb")
    assert status == 429 and f"at most {PER_ADDRESS} per address" in body
    os.killpg(proc.pid, signal.SIGKILL)
    killed = time.monotonic()
    while any(map(alive, kernels)):
        assert time.monotonic() - killed < GRACE + 25, "the killed browser's kernels were not shut down"
        time.sleep(0.3)
    assert time.monotonic() - killed >= GRACE - 1  # not before the grace (a page may reconnect meanwhile)
    log = plain_server.log.read_text(errors="replace")
    assert all(f"Reaping kernel {k}: its page has been disconnected for {GRACE} s" in log for k in kernels)
    context, page = open_page(browser, 800, 600)  # a new visitor from the same address is served
    assert open_plain(page, plain_server.url).status == 200
    close_all(plain_server, context, [page])


def test_browsers_sharing_an_address_are_counted_apart(plain_server, browser):
    """Two browsers (profiles: their own cookies) on 127.0.0.1: the first holds its share of
    pages, and a page more is refused as that browser's; the second is still served, until the
    address's share is reached. The first page of each was requested before the browser had its
    cookie: it counts as the browser's once connected (otherwise the first would get a third page)."""
    first, mine = open_page(browser, 800, 600)
    pages = [mine] + [first.new_page() for _ in range(PER_CLIENT - 1)]
    for pg in pages:
        assert open_plain(pg, plain_server.url).status == 200
    cookie = [c for c in first.cookies() if c["name"] == "cchc_client"]
    assert cookie and cookie[0]["httpOnly"] and cookie[0]["sameSite"] == "Lax"
    extra = first.new_page()
    assert open_plain(extra, plain_server.url).status == 429
    assert f"Trình duyệt của bạn đang mở {PER_CLIENT} trang" in extra.inner_text("body")
    second, theirs = open_page(browser, 800, 600)
    assert open_plain(theirs, plain_server.url).status == 200
    more = second.new_page()
    assert open_plain(more, plain_server.url).status == 429
    assert f"tối đa {PER_ADDRESS} cho một địa chỉ" in more.inner_text("body")
    close_all(plain_server, first, pages)
    close_all(plain_server, second, [theirs])


def test_one_address_cannot_flood_with_made_up_cookies(plain_server):
    """Each request with a new, well-formed cookie is a new browser: only the address's share is
    served. Requests without a cookie (curl, a crawler) count as one client, their address."""
    page = f"{plain_server.url}/voila/render/plain.ipynb"
    with ThreadPoolExecutor(PER_ADDRESS + 2) as pool:
        flood = list(pool.map(lambda i: get(page, "127.0.0.9", f"{i:022d}"), range(PER_ADDRESS + 2)))
    assert sorted(code for code, _ in flood) == [200] * PER_ADDRESS + [429] * 2
    assert all("Các máy dùng chung địa chỉ mạng" in body for code, body in flood if code == 429)
    plain = [get(page, "127.0.0.10") for _ in range(PER_CLIENT + 1)]
    assert [code for code, _ in plain] == [200] * PER_CLIENT + [429]
    assert "Your browser has 2 dashboard pages open" in plain[-1][1]


def children(pid: int) -> int:
    """The processes started by ``pid``: a standalone Voilà's kernels."""
    return len(subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split())


def test_a_taken_kernel_is_replaced_after_the_pause_or_at_once_when_none_is_left(tmp_path, browser):
    """Pool of 2, ``refill_pause`` 8 s: a page takes a kernel and no kernel starts while it loads
    (one is still ready for the next viewer); a second page takes that one, and a replacement starts
    at once, long before the pause is over. (The first page's replacement starts then too, or, if the
    second's has its kernel already, at the end of the pause: either way the pool fills again.)"""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook(folder, "plain.ipynb", PLAIN)
    served = serve_folder(folder, "--GuardedKernelManager.refill_pause=8", pool=2)
    server = next(served)

    def when(count: int) -> float:
        """Seconds since the first page was asked for until the server has ``count`` kernels."""
        while children(server.pid) < count:
            assert time.monotonic() - taken < 30, f"fewer than {count} kernels after 30 s"
            time.sleep(0.1)
        return time.monotonic() - taken

    try:
        assert children(server.pid) == 2
        context, first = open_page(browser, 800, 600)
        taken = time.monotonic()
        assert open_plain(first, server.url).status == 200
        while time.monotonic() - taken < 3:
            assert children(server.pid) == 2, "a kernel started while the page that took one was loading"
            time.sleep(0.2)
        second = context.new_page()
        assert open_plain(second, server.url).status == 200
        assert when(3) < 7.5  # the pool had none ready: at once
        when(4)
        close_all(server, context, [first, second])
    finally:
        served.close()
