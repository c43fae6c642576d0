"""app/serving.py: the home page (a card per dashboard with a picture of its main chart) and the pictures; the
kernel manager's cap, shares, memory ceiling and reaping (with real kernels, then stubbed); the handlers."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import types
from unittest.mock import Mock

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager

import cchc_dash as cd
from cchc_dash.app import serving
from cchc_dash.app.serving import THUMBNAIL_PATH, home_html, thumbnail_charts
from cchc_dash.ui.shell import dashboards


def test_home_has_a_card_with_link_title_and_picture_per_dashboard():
    page = home_html("vi", "/base/", "Dữ liệu: dữ liệu mẫu đi kèm")
    cards = re.findall(
        r'<a class="card" href="([^"]+)" data-notebook="([^"]+)"><b>([^<]+)</b>.*?<img src="([^"]+)"', page
    )
    assert [c[1] for c in cards] == [p.notebook for p in dashboards()]
    assert cards[0] == (
        "/base/voila/render/01_tong_quan.ipynb",
        "01_tong_quan.ipynb",
        "Tổng quan Chỉ số CCHC",
        f"/base/{THUMBNAIL_PATH}/vi/01_tong_quan.svg",
    )
    english = home_html("en", "/", "Data")
    assert (
        'href="/voila/render/02_so_sanh.ipynb?lang=en"' in english and f"/{THUMBNAIL_PATH}/en/02_so_sanh.svg" in english
    )
    assert "PAR INDEX overview" in english and 'lang="en"' in english


@pytest.fixture(scope="module")
def ds() -> cd.Dataset:
    return cd.load_sample()


def test_each_dashboard_has_a_picture_of_its_first_view(ds):
    """On the demo: the overview's picture is the 2025 department ranking (17 departments after
    the mergers, as the dashboard opens), in the language asked for."""
    shown = thumbnail_charts(ds, cd.compute(ds), "en")
    assert set(shown) == {p.notebook for p in dashboards()}
    spec = shown["01_tong_quan.ipynb"].to_dict()
    rows = [r for layer in spec["layer"] for r in spec["datasets"][layer["data"]["name"]]] if "datasets" in spec else []
    units = {r["unit_name"] for r in rows if "unit_name" in r}
    assert len(units) == 17
    assert "PAR INDEX" in str(spec["title"]) or "PAR INDEX" in str(spec)


def test_no_survey_answers_no_sipas_picture(ds):
    bare = cd.Dataset(
        methodology=ds.methodology,
        units=ds.units,
        scores=ds.scores,
        bands=ds.bands,
        reference=ds.reference,
        name="Không có phiếu",
    )
    shown = thumbnail_charts(bare, cd.compute(bare), "vi")
    assert "05_sipas.ipynb" not in shown and "01_tong_quan.ipynb" in shown


@pytest.fixture
def seventh():
    """A throwaway seventh dashboard registered the way every dashboard is (ui.shell.dashboard),
    with a picture of its own; unregistered afterwards."""
    import altair as alt
    import ipywidgets as widgets
    import pandas as pd

    from cchc_dash.ui import shell

    def picture(ds, results, lang):
        return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").properties(title=f"thu-{lang}")

    register = shell.dashboard("07_thu_nghiem.ipynb", "app_overview", picture)
    build = register(lambda sh, ds, res: sh.app([], widgets.HTML()))
    yield build
    del shell._REGISTRY["07_thu_nghiem.ipynb"]


def test_a_new_dashboard_registers_its_card_link_and_picture(seventh, ds):
    """Nothing but its decorator: the home page has its card after the six, the navigation links
    it, and the home page's pictures include its own."""
    from cchc_dash.ui.shell import navigation_html, page_of

    page = home_html("vi", "/", "Dữ liệu")
    notebooks = re.findall(r'data-notebook="([^"]+)"', page)
    assert notebooks == ["01_tong_quan.ipynb", "02_so_sanh.ipynb", "03_mo_phong.ipynb", "04_xep_loai.ipynb",
                         "05_sipas.ipynb", "06_ho_so_don_vi.ipynb", "07_thu_nghiem.ipynb"]
    assert f'src="/{THUMBNAIL_PATH}/vi/07_thu_nghiem.svg"' in page
    assert 'href="07_thu_nghiem.ipynb"' in navigation_html(page_of("01_tong_quan.ipynb"), "vi")
    shown = thumbnail_charts(ds, cd.compute(ds), "en")
    assert shown["07_thu_nghiem.ipynb"].to_dict()["title"] == "thu-en"
    assert seventh.page.notebook == "07_thu_nghiem.ipynb"


def test_the_home_page_links_its_stylesheet_from_the_template():
    """The home page's look is a static file of the cchc template, linked under the base URL."""
    from pathlib import Path

    assert '<link rel="stylesheet" href="/base/voila/templates/cchc/static/home.css">' in home_html("vi", "/base/", "x")
    root = Path(__file__).resolve().parents[1]
    if root.name == "mutants":
        return  # mutation testing (./run mutants) runs a copy of the package and tests, without share/
    css = root / "share/jupyter/voila/templates/cchc/static/home.css"
    assert "a.card" in css.read_text() and "<style>" not in css.read_text()


# --- GuardedKernelManager: memory ceiling, pages that went away, clients by cookie -------------


def _run(coro):
    """Run a test's scenario on a fresh event loop in a thread of its own (the kernel manager is
    asynchronous, and after the browser tests Playwright's loop is still running in this thread)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _execute(kernel, code: str) -> tuple[str, str | None, str]:
    """Run ``code`` in ``kernel`` (a started kernel's manager): (status, error name, stdout)."""
    client = kernel.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        out: list[str] = []
        reply = await client.execute_interactive(
            code, timeout=60, output_hook=lambda m: out.append(m["content"].get("text", ""))
        )
        return reply["content"]["status"], reply["content"].get("ename"), "".join(out)
    finally:
        client.stop_channels()


def _data_limit(pid: int) -> int:
    """The soft RLIMIT_DATA of process ``pid`` in bytes (-1: unlimited, as resource.RLIM_INFINITY)."""
    line = next(row for row in open(f"/proc/{pid}/limits") if row.startswith("Max data size"))
    soft = line.split()[3]
    return -1 if soft == "unlimited" else int(soft)


@pytest.fixture
def blas_env(monkeypatch):
    """The server's environment as a developer's may be: no OPENBLAS_NUM_THREADS, Rust backtraces on."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("RUST_BACKTRACE", "1")


def test_every_kernel_has_a_memory_ceiling_past_which_allocations_fail(blas_env, tmp_path):
    """A kernel started through the manager (as Voilà starts every kernel, preheated ones included)
    gets RLIMIT_DATA = the ceiling: numpy, pandas and an ordinary 100 MiB array still work; 600 MiB
    at once fails with MemoryError (bytes, numpy, a list) and the kernel carries on, as does a
    second kernel. A kernel that dies is restarted by Jupyter with the same ceiling."""
    import asyncio
    import os
    import signal
    import time

    from cchc_dash.app.serving import GuardedKernelManager, memory_rlimit

    if memory_rlimit() is None:
        pytest.skip("no resource.prlimit here: kernels run without a ceiling")

    async def scenario() -> None:
        km = GuardedKernelManager(kernel_memory_limit=400, connection_dir=str(tmp_path))
        try:
            hog, other = [km.get_kernel(await km.start_kernel(kernel_name="python3")) for _ in range(2)]
            pid = hog.provisioner.pid
            assert _data_limit(pid) == _data_limit(other.provisioner.pid) == 400 * 2**20
            # pandas 3 copies an array given to a Series unless told not to: 100 MiB, not 200
            ok = "import numpy as np, pandas as pd; a = np.ones(100 * 2**20 // 8); print(len(pd.Series(a, copy=False)))"
            assert await _execute(hog, ok) == ("ok", None, f"{100 * 2**20 // 8}\n")
            for code in ("x = bytearray(600 * 2**20)", "y = np.ones(600 * 2**20 // 8)", "z = [0] * (75 * 2**20)"):
                assert (await _execute(hog, code))[:2] == ("error", "MemoryError"), code
            assert await _execute(hog, "del a; print(sum(range(10)))") == ("ok", None, "45\n")
            env = "import os; print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['RUST_BACKTRACE'])"
            assert await _execute(other, env) == ("ok", None, "1 0\n")  # no 40 MiB per core; no deadlock in Rust
            os.kill(pid, signal.SIGKILL)  # died (e.g. killed by the system): Jupyter restarts it
            deadline = time.monotonic() + 30
            while (hog.provisioner.pid in (pid, None) or not hog.ready.done()) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)  # restarted, and ready (shutting a half-restarted kernel down fails)
            assert hog.provisioner.pid not in (pid, None)
            assert _data_limit(hog.provisioner.pid) == 400 * 2**20
        finally:
            await km.shutdown_all(now=True)

    _run(scenario())


def test_no_ceiling_when_the_limit_is_zero(blas_env, tmp_path):
    """kernel_memory_limit = 0: kernels keep the server's own limit, and their environment is the server's."""
    import resource

    from cchc_dash.app.serving import GuardedKernelManager

    async def scenario() -> None:
        km = GuardedKernelManager(kernel_memory_limit=0, connection_dir=str(tmp_path))
        assert km.kernel_env({"RUST_BACKTRACE": "1", "OPENBLAS_NUM_THREADS": "4"}) == {
            "RUST_BACKTRACE": "1",  # no ceiling: the operator's choice stands, as does theirs of BLAS threads
            "OPENBLAS_NUM_THREADS": "4",
        }
        try:
            kernel = km.get_kernel(await km.start_kernel(kernel_name="python3"))
            assert _data_limit(kernel.provisioner.pid) == resource.getrlimit(resource.RLIMIT_DATA)[0]  # the server's
        finally:
            await km.shutdown_all(now=True)

    _run(scenario())


def test_a_page_away_longer_than_the_grace_loses_its_kernel(tmp_path):
    """The websocket handler reports connections (notify_connect/notify_disconnect): a page that
    comes back within the grace keeps its kernel; one that stays away has it shut down, and its
    browser no longer counts it. A kernel that never connected is left to the connect timeout."""
    import asyncio

    from cchc_dash.app.serving import GuardedKernelManager

    async def scenario() -> None:
        km = GuardedKernelManager(disconnect_grace=0.5, kernel_memory_limit=0, connection_dir=str(tmp_path))
        try:
            kid = await km.start_kernel(kernel_name="python3")
            never = await km.start_kernel(kernel_name="python3")
            assert km.admit("browser:a", "10.0.0.1")
            km.hand_to(kid, "browser:a", "10.0.0.1")
            km.notify_connect(kid)
            km.notify_disconnect(kid)  # a network blip …
            assert kid in km._reaping
            km.notify_connect(kid)  # … and the page reconnects within the grace: its clock is stopped
            assert kid not in km._reaping
            km.notify_connect(kid)  # two websockets: the page stays while one is open
            km.notify_disconnect(kid)
            assert kid not in km._reaping
            km.notify_disconnect(kid)  # the browser is killed
            deadline = asyncio.get_running_loop().time() + 30  # polled: a loaded machine may be slow to shut it
            while kid in km.list_kernel_ids() and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.1)
            assert kid not in km.list_kernel_ids()
            assert km.kernels_of("browser:a") == 0 and km.kernels_at("10.0.0.1") == 0
            assert never in km.list_kernel_ids()
        finally:
            await km.shutdown_all(now=True)

    _run(scenario())


def test_clients_are_browsers_counted_apart_and_addresses_bound_them_all(monkeypatch):
    """Per browser (cookie) at most max_kernels_per_client; a request without the cookie counts
    under its address; all the browsers of one address together at most max_kernels_per_address
    (made-up cookies cannot flood). A cookieless page that connects with its new cookie moves to it."""
    from cchc_dash.app.serving import GuardedKernelManager, by_address

    km = GuardedKernelManager(max_kernels_per_client=2, max_kernels_per_address=5)
    kernels: list[str] = []
    monkeypatch.setattr(km, "list_kernel_ids", lambda: list(kernels))

    def page(client: str, address: str) -> bool:
        if not km.admit(client, address):
            return False
        kernels.append(f"k{len(kernels)}")
        km.hand_to(kernels[-1], client, address)
        return True

    office, alone = "203.0.113.7", "198.51.100.1"
    assert [page("browser:a", office) for _ in range(3)] == [True, True, False]
    assert [page("browser:b", office) for _ in range(3)] == [True, True, False]  # counted apart
    assert km.client_full("browser:a") and not km.address_full(office)
    assert page(by_address(office), office)  # a first visit without the cookie: the address's share
    assert km.address_full(office) and not page("browser:c", office)  # 5 at this address: refused
    assert page("browser:x", alone)  # other addresses are served
    assert km.kernels_of("browser:a") == 2 and km.kernels_at(office) == 5 and km.kernels_at(alone) == 1
    km.adopt(kernels[4], "browser:c", office)  # the cookieless page connected with its new cookie
    assert km.kernels_of(by_address(office)) == 0 and km.kernels_of("browser:c") == 1
    km.adopt(kernels[0], "browser:z", office)  # a browser's kernel never changes hands
    assert km.kernels_of("browser:a") == 2
    assert km.admit("browser:d", "192.0.2.1") and km.kernels_at("192.0.2.1") == 1  # admitted, still starting
    km.release("browser:d", "192.0.2.1")
    assert km.kernels_at("192.0.2.1") == 0


def _request(cookie: str | None = None, protocol: str = "http"):
    """A Tornado handler for a GET from 192.0.2.9 carrying ``cookie`` as cchc_client."""
    from unittest.mock import Mock

    from tornado import httputil, web

    headers = httputil.HTTPHeaders({"Host": "cchc.example", **({"Cookie": f"cchc_client={cookie}"} if cookie else {})})
    start = httputil.RequestStartLine("GET", "/", "HTTP/1.1")
    request = httputil.HTTPServerRequest(start_line=start, headers=headers, connection=Mock())
    request.remote_ip, request.protocol = "192.0.2.9", protocol
    return web.RequestHandler(web.Application(base_url="/"), request)


def test_a_browser_is_known_by_a_random_httponly_cookie():
    """Without the cookie a request is its address and is given one (random, HttpOnly, SameSite=Lax,
    Secure over https); with a well-formed one it is that browser; a malformed one is ignored."""
    from cchc_dash.app.serving import client_of

    handler = _request()
    assert client_of(handler) == ("address:192.0.2.9", "192.0.2.9")
    issued = handler._new_cookie["cchc_client"]
    assert len(issued.value) == 22 and issued["httponly"] and issued["samesite"] == "Lax" and issued["path"] == "/"
    assert not issued["secure"] and not issued["expires"] and not issued["max-age"]  # for the browser's session
    other = _request()
    client_of(other)
    assert other._new_cookie["cchc_client"].value != issued.value
    secure = _request(protocol="https")
    client_of(secure)
    assert secure._new_cookie["cchc_client"]["secure"]
    known = _request(issued.value)
    assert client_of(known) == (f"browser:{issued.value}", "192.0.2.9") and not hasattr(known, "_new_cookie")
    forged = _request("<script>")
    assert client_of(forged, issue=False) == ("address:192.0.2.9", "192.0.2.9") and not hasattr(forged, "_new_cookie")


def test_refusal_pages_say_which_share_is_full_in_both_languages():
    from cchc_dash.app.serving import TOO_MANY_AT_ADDRESS_PAGE, TOO_MANY_PAGE

    mine = TOO_MANY_PAGE.format(count=8, cap=8, retry=20)
    shared = TOO_MANY_AT_ADDRESS_PAGE.format(count=16, cap=16, retry=20)
    assert "Trình duyệt của bạn đang mở 8 trang" in mine and "Your browser has 8 dashboard pages open" in mine
    assert "tối đa 16 cho một địa chỉ" in shared and "at most 16 per address" in shared
    assert 'content="20"' in shared


def test_the_memory_message_is_specific_and_bilingual(monkeypatch):
    """A callback that hits the ceiling says that it needed more memory than a page may use, not
    the generic "something went wrong"; other failures keep the generic message."""
    from cchc_dash.render.labels import t
    from cchc_dash.ui.shell import Shell

    shell = Shell(cd.load_sample(), "01_tong_quan.ipynb")

    @shell.guard
    def greedy() -> None:
        raise MemoryError

    @shell.guard
    def broken() -> None:
        raise ValueError("x")

    greedy()
    assert "Thao tác này cần nhiều bộ nhớ hơn mức cho phép" in shell.status.value
    assert t("memory_error", "en").startswith("This needs more memory than a page is allowed")
    shell.language.value = "en"
    greedy()
    assert "This needs more memory than a page is allowed" in shell.status.value
    broken()
    assert shell.status.value.count(t("error", "en")) == 1


# --- GuardedKernelManager and the handlers without a kernel or a browser: the limits, word for word ------------
#
# The kernel processes are replaced by the manager's own book-keeping (Jupyter's methods that would start or stop
# a process are stubbed), so that each rule of the cap, the shares and the reaping is tried in milliseconds.



class Kernels:
    """The kernels a stubbed manager holds: Jupyter's ``start_kernel`` / ``shutdown_kernel`` / ``remove_kernel``
    / idle cull replaced by records, so that only the guard's own code runs."""

    def __init__(self, monkeypatch, km=None):
        self.started: list[dict] = []
        self.shut: list[str] = []
        self.culled: list[str] = []
        self.removed: list[str] = []
        self.fail_shutdown = False

        async def start(km, *args, **kwargs):
            self.started.append(kwargs)
            kid = f"k{len(self.started)}"
            km._kernels[kid] = object()
            km._kernel_connections[kid] = 0
            return kid

        async def shutdown(km, kernel_id, *args, **kwargs):
            if self.fail_shutdown:
                raise RuntimeError("already gone")
            self.shut.append(kernel_id)
            km._kernels.pop(kernel_id, None)

        async def cull(km, kernel_id):
            self.culled.append(kernel_id)

        def remove(km, kernel_id):
            self.removed.append(kernel_id)
            return km._kernels.pop(kernel_id, None)

        monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
        monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", shutdown)
        monkeypatch.setattr(AsyncMappingKernelManager, "cull_kernel_if_idle", cull)
        monkeypatch.setattr(AsyncMappingKernelManager, "remove_kernel", remove)


def test_the_managers_defaults_as_documented():
    km = serving.GuardedKernelManager()
    assert (km.max_kernels, km.connect_timeout, km.max_kernels_per_client, km.max_kernels_per_address,
            km.disconnect_grace, km.kernel_memory_limit, km.pool_size, km.refill_pause) == (12, 60.0, 8, 16, 60.0, 3072,
                                                                                               -1, 5.0)
    assert km.kernel_manager_class == "cchc_dash.app.serving.LimitedKernelManager"
    assert not hasattr(km, "kernel_pools_config")  # Jupyter's manager has no pools: nothing set


def test_a_pool_size_replaces_voilas_pools_and_minus_one_keeps_them():
    class Pooled(serving.GuardedKernelManager):
        kernel_pools_config = {"default": {"pool_size": 1}, "01.ipynb": {"pool_size": 3}}

    assert Pooled(pool_size=2).kernel_pools_config == {"default": {"pool_size": 2}}
    assert Pooled(pool_size=0).kernel_pools_config == {"default": {"pool_size": 0}}
    assert Pooled().kernel_pools_config == {"default": {"pool_size": 1}, "01.ipynb": {"pool_size": 3}}


def test_the_cap_counts_kernels_listed_and_starting(monkeypatch):
    """12 by default: at 11 listed kernels and one starting the cap is reached; a start past it is refused
    with HTTP 503 and the counts, and the kernel that was starting is no longer counted once started."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(max_kernels=2, kernel_memory_limit=0)

    async def scenario():
        assert not km.at_cap
        first = await km.start_kernel(kernel_name="python3")
        assert km._starting == 0 and not km.at_cap
        km._starting = 1  # another page's kernel is being started
        assert km.at_cap
        with pytest.raises(serving.KernelCapReached) as refused:
            await km.start_kernel(kernel_name="python3")
        assert (refused.value.status_code, refused.value.log_message) == (503, "1 kernels running, the cap is 2")
        km._starting = 0
        await km.start_kernel()
        with pytest.raises(serving.KernelCapReached, match="2 kernels running, the cap is 2"):
            await km.start_kernel()
        return first

    assert _run(scenario()) == "k1" and len(kernels.started) == 2
    assert kernels.started[0]["kernel_name"] == "python3"


def test_a_start_that_fails_is_no_longer_counted(monkeypatch):
    km = serving.GuardedKernelManager(max_kernels=1, kernel_memory_limit=0)

    async def broken(km, *args, **kwargs):
        assert km._starting == 1  # counted while it starts
        raise OSError("no such kernel")

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", broken)
    with pytest.raises(OSError, match="no such kernel"):
        _run(km.start_kernel())
    assert km._starting == 0 and not km.at_cap


def test_a_kernel_starts_with_one_blas_thread_and_without_rust_backtraces_under_a_ceiling(monkeypatch):
    """The environment Voilà gives (or the server's own) with OPENBLAS_NUM_THREADS=1 unless set, and
    RUST_BACKTRACE=0 when there is a ceiling and backtraces are on (a Rust panic then fails cleanly)."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(kernel_memory_limit=400)
    assert km.kernel_env({"RUST_BACKTRACE": "full"}) == {"RUST_BACKTRACE": "0", "OPENBLAS_NUM_THREADS": "1"}
    one_mib = serving.GuardedKernelManager(kernel_memory_limit=1)
    assert one_mib.kernel_env({"RUST_BACKTRACE": "1"})["RUST_BACKTRACE"] == "0"
    assert km.kernel_env({"OPENBLAS_NUM_THREADS": "4"}) == {"OPENBLAS_NUM_THREADS": "4"}
    assert km.kernel_env({"RUST_BACKTRACE": "0", "X": "y"}) == {"RUST_BACKTRACE": "0", "X": "y",
                                                                "OPENBLAS_NUM_THREADS": "1"}
    monkeypatch.setenv("SERVER_ONLY", "1")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    own = km.kernel_env(None)
    assert own["SERVER_ONLY"] == "1" and own["OPENBLAS_NUM_THREADS"] == "1" and own["RUST_BACKTRACE"] == "0"
    assert os_environ_unchanged()
    given = {"A": "b"}
    _run(km.start_kernel(kernel_name="python3", env=given))
    _run(km.start_kernel())
    assert kernels.started[0]["env"] == {"A": "b", "OPENBLAS_NUM_THREADS": "1"} and given == {"A": "b"}
    assert kernels.started[1]["env"]["SERVER_ONLY"] == "1" and kernels.started[1]["env"]["RUST_BACKTRACE"] == "0"


def os_environ_unchanged() -> bool:
    import os

    return os.environ.get("RUST_BACKTRACE") == "1" and "OPENBLAS_NUM_THREADS" not in os.environ


def test_shares_without_limits_and_the_pending_pages(monkeypatch):
    """0 means no limit per client or per address; an admitted page counts until it has its kernel or ends
    without one; a kernel no longer listed is not recorded; an address defaults to the client's key."""
    km = serving.GuardedKernelManager(max_kernels_per_client=0, max_kernels_per_address=0)
    listed = ["k1"]
    monkeypatch.setattr(km, "list_kernel_ids", lambda: list(listed))
    assert all(km.admit("browser:a", "10.0.0.1") for _ in range(40))
    assert not km.client_full("browser:a") and not km.address_full("10.0.0.1")
    assert km.kernels_of("browser:a") == 40 and km.kernels_at("10.0.0.1") == 40
    km.release("browser:a", "10.0.0.1")
    assert km.kernels_of("browser:a") == 39  # one page fewer, not two
    for _ in range(38):
        km.release("browser:a", "10.0.0.1")
    assert km._pending == {("browser:a", "10.0.0.1"): 1}
    km.hand_to("k1", "browser:a", "10.0.0.1")
    assert km._pending == {} and km._owner == {"k1": ("browser:a", "10.0.0.1")}
    km.admit("browser:a", "10.0.0.1")
    km.hand_to("gone", "browser:a", "10.0.0.1")  # admitted, but its kernel was shut down meanwhile
    assert km._owner == {"k1": ("browser:a", "10.0.0.1")} and km._pending == {}
    km.release("browser:a", "10.0.0.1")  # a release too many does not leave a negative count
    assert km._pending == {}
    km2 = serving.GuardedKernelManager(max_kernels_per_client=1, max_kernels_per_address=1)
    assert km2.admit("address:1.2.3.4")  # a cookieless page: its address is its client
    assert km2._pending == {("address:1.2.3.4", "address:1.2.3.4"): 1}
    assert km2.client_full("address:1.2.3.4") and km2.address_full("address:1.2.3.4")
    assert not km2.admit("address:1.2.3.4")
    km2.release("address:1.2.3.4")
    assert km2._pending == {} and km2.admit("address:1.2.3.4")
    monkeypatch.setattr(km2, "list_kernel_ids", lambda: ["k7"])
    km2.hand_to("k7", "address:1.2.3.4")  # without an address: the client's key is its address
    assert km2._owner == {"k7": ("address:1.2.3.4", "address:1.2.3.4")} and km2._pending == {}


def test_the_shares_are_full_at_their_limit_not_before(monkeypatch):
    km = serving.GuardedKernelManager(max_kernels_per_client=2, max_kernels_per_address=3)
    km.admit("browser:a", "10.0.0.1")
    assert not km.client_full("browser:a") and not km.address_full("10.0.0.1")
    km.admit("browser:a", "10.0.0.1")
    assert km.client_full("browser:a") and not km.address_full("10.0.0.1")
    km.admit("browser:b", "10.0.0.1")
    assert km.address_full("10.0.0.1") and not km.client_full("browser:b")
    assert km.kernels_of("browser:b") == 1 and km.kernels_at("10.0.0.2") == 0


def test_a_cookieless_page_is_adopted_only_by_a_browser_with_room(monkeypatch):
    km = serving.GuardedKernelManager(max_kernels_per_client=1)
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1", "k2", "k3"])
    for kid, client in (("k1", "address:10.0.0.1"), ("k2", "address:10.0.0.1"), ("k3", "browser:full")):
        km.hand_to(kid, client, "10.0.0.1")
    km.adopt("k1", "address:10.0.0.1", "10.0.0.1")  # no cookie yet: stays the address's
    assert km._owner["k1"] == ("address:10.0.0.1", "10.0.0.1")
    km.adopt("k1", "browser:full", "10.0.0.1")  # that browser holds its one kernel already
    assert km._owner["k1"] == ("address:10.0.0.1", "10.0.0.1")
    km.adopt("k1", "browser:new", "10.0.0.2")  # from another address: not the page given to this one
    assert km._owner["k1"] == ("address:10.0.0.1", "10.0.0.1")
    km.adopt("k1", "browser:new", "10.0.0.1")
    assert km._owner["k1"] == ("browser:new", "10.0.0.1") and km.kernels_of("address:10.0.0.1") == 1
    km.adopt("unknown", "browser:other", "10.0.0.1")
    assert "unknown" not in km._owner


def test_a_page_that_never_connects_is_shut_down_after_the_connect_timeout(monkeypatch, caplog):
    """The clock starts when the culler first sees the kernel; a kernel whose page connected is left to
    Jupyter's idle culling, as is one still within its time (exactly 60 s is still within)."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager()
    now = [1000.0]
    monkeypatch.setattr(serving.time, "monotonic", lambda: now[0])

    async def scenario():
        quiet, talking = await km.start_kernel(), await km.start_kernel()
        km.notify_connect(talking)
        await km.cull_kernel_if_idle(quiet)
        await km.cull_kernel_if_idle(talking)
        now[0] = 1060.0
        await km.cull_kernel_if_idle(quiet)
        assert kernels.shut == []
        now[0] = 1060.5
        with caplog.at_level(logging.WARNING):
            await km.cull_kernel_if_idle(quiet)
            await km.cull_kernel_if_idle(talking)
        return quiet, talking

    quiet, talking = _run(scenario())
    assert kernels.shut == [quiet] and kernels.culled == [quiet, talking, quiet, talking]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"Reaping kernel {quiet}: its page did not connect within 60 s"]
    assert quiet not in km._handed_out and talking in km._handed_out


def test_a_preheated_kernel_handed_out_late_still_gives_its_page_the_whole_timeout(monkeypatch):
    """The culler sees a kernel while it still runs its notebook (Voilà's pool skips only finished ones),
    then it waits in the pool for 5 minutes: handed to a page at 1300 s, the page has until 1360 s to
    connect, not until 1060 s (a page a few seconds slow on a busy machine was reaped as it connected)."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager()
    now = [1000.0]
    monkeypatch.setattr(serving.time, "monotonic", lambda: now[0])

    async def scenario():
        kernel = await km.start_kernel()
        await km.cull_kernel_if_idle(kernel)  # preheating
        now[0] = 1300.0
        km.hand_to(kernel, "browser:a", "10.0.0.1")
        now[0] = 1305.0
        await km.cull_kernel_if_idle(kernel)
        assert kernels.shut == []
        now[0] = 1360.5
        await km.cull_kernel_if_idle(kernel)
        return kernel

    kernel = _run(scenario())
    assert kernels.shut == [kernel]


def test_disconnected_pages_are_reaped_after_the_grace_and_not_before(monkeypatch, caplog):
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(disconnect_grace=0.2, kernel_memory_limit=0)

    async def scenario():
        kid, other = await km.start_kernel(), await km.start_kernel()
        km.hand_to(kid, "browser:a", "10.0.0.1")
        km.notify_connect(kid)
        km.notify_connect(other)
        km.notify_disconnect(kid)
        assert list(km._reaping) == [kid] and kid in km._connected
        clock = km._reaping[kid]
        km.notify_connect(kid)
        km.notify_disconnect(kid)  # closed again: the first clock is stopped, a new one started
        assert list(km._reaping) == [kid] and km._reaping[kid] is not clock
        await asyncio.sleep(0.1)
        km.notify_connect(kid)  # back within the grace: the clock stops
        assert km._reaping == {}
        await asyncio.sleep(0.2)
        assert kernels.shut == []
        km.notify_disconnect(kid)
        await asyncio.sleep(0.1)
        assert kernels.shut == []  # 0.1 s of 0.2
        with caplog.at_level(logging.WARNING):
            await asyncio.sleep(0.2)
        assert kernels.shut == [kid] and km._reaping == {}
        assert km.kernels_of("browser:a") == 0 and kid not in km._connected
        return other

    other = _run(scenario())
    assert other not in kernels.shut
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "Reaping kernel k1: its page has been disconnected for 0 s"]


def test_no_reaping_with_no_grace_or_for_a_page_still_connected(monkeypatch):
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(disconnect_grace=0, kernel_memory_limit=0)

    async def scenario():
        kid = await km.start_kernel()
        km.notify_connect(kid)
        km.notify_disconnect(kid)
        assert km._reaping == {}
        km.disconnect_grace = 0.05
        km.notify_connect(kid)
        km.notify_connect(kid)
        km.notify_disconnect(kid)  # one of two websockets closed
        assert km._reaping == {}
        await km._reap_if_away(kid)  # called while a websocket is open: kept
        await km._reap_if_away("never-started")  # no such kernel: nothing to do
        assert kernels.shut == []

    _run(scenario())


def test_a_reap_that_fails_is_logged_and_the_server_carries_on(monkeypatch, caplog):
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(kernel_memory_limit=0)

    async def scenario():
        kid = await km.start_kernel()
        kernels.fail_shutdown = True
        with caplog.at_level(logging.ERROR):
            await km._reap_if_away(kid)
        return kid

    kid = _run(scenario())
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failed] == [f"Reaping kernel {kid} failed"] and "already gone" in caplog.text


def test_a_kernel_removed_without_shutdown_no_longer_counts(monkeypatch):
    """Jupyter removes a kernel that died and could not be restarted without shutting it down."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(disconnect_grace=30, kernel_memory_limit=0)

    async def scenario():
        kid = await km.start_kernel()
        km.hand_to(kid, "browser:a", "10.0.0.1")
        km.notify_connect(kid)
        km._handed_out[kid] = 1.0
        km.notify_disconnect(kid)  # a reaping clock is running
        assert kid in km._reaping
        km.remove_kernel(kid)
        return kid

    kid = _run(scenario())
    assert kernels.removed == [kid] and km._owner == {} and km._reaping == {}
    assert km._connected == set() and km._handed_out == {}


async def _pool_tasks() -> tuple[asyncio.Future, ...]:
    """Tasks as Voilà's pools hold them: one done (its kernel started), one failed (refused at the cap),
    one cancelled and one still running (cancel it when done)."""

    async def ok():
        return {"kernel_id": "k"}

    async def refused():
        raise serving.KernelCapReached(12, 12)

    done, failed, cancelled = (asyncio.ensure_future(ok()), asyncio.ensure_future(refused()),
                               asyncio.ensure_future(asyncio.sleep(10)))
    running = asyncio.ensure_future(asyncio.sleep(10))
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.sleep(0)
    return done, failed, cancelled, running


def test_pools_drop_refills_refused_at_the_cap():
    """Voilà's pool (notebook → tasks): a refill that failed or was cancelled is dropped, so that the next visit
    starts a kernel normally (or meets the busy page); finished and running ones are waiting kernels."""

    async def scenario():
        done, failed, cancelled, running = await _pool_tasks()
        km = types.SimpleNamespace(_pools={"01.ipynb": [done, failed, cancelled, running], "02.ipynb": []})
        counts = (serving.healthy_pool(km, "01.ipynb"), serving.healthy_pool(km, "02.ipynb"),
                  serving.healthy_pool(km, "03.ipynb"), serving.healthy_pool(types.SimpleNamespace(), "01.ipynb"))
        kept = km._pools["01.ipynb"]
        running.cancel()
        return counts, kept == [done, running]

    assert _run(scenario()) == ((2, 0, 0, 0), True)


def test_a_refill_waits_only_while_a_page_just_took_a_kernel_and_every_pool_has_one_ready(monkeypatch):
    """Pools as Voilà keeps them (notebook → tasks): ready, failed, cancelled, still starting."""
    monkeypatch.setattr(serving.time, "monotonic", lambda: 100.0)

    async def scenario():
        ready, failed, cancelled, starting = await _pool_tasks()
        waits = serving.refill_waits
        both_ready = {"01.ipynb": [ready, starting], "02.ipynb": [ready]}
        answers = [
            waits(both_ready, 97.0, 5.0),  # taken 3 s ago, a ready kernel everywhere: wait
            waits(both_ready, 95.0, 5.0),  # 5 s ago: go
            waits(both_ready, None, 5.0),  # nothing taken yet (the server's first fill): go
            waits(both_ready, 99.9, 0.0),  # no pause configured: go
            waits({"01.ipynb": [ready], "02.ipynb": [starting]}, 99.0, 5.0),  # 02 has none ready: go
            waits({"01.ipynb": [ready], "02.ipynb": [failed, cancelled]}, 99.0, 5.0),  # nor here
            waits({"01.ipynb": [ready], "02.ipynb": []}, 99.0, 5.0),
        ]
        starting.cancel()
        return answers

    assert _run(scenario()) == [True, False, False, False, False, False, False]


def test_a_pool_refill_starts_its_kernel_after_the_pause_or_once_no_kernel_is_ready(monkeypatch):
    """A refill (Voilà's ``VOILA_PREHEAT=True`` start) waits while a page has just taken a kernel and
    every pool still has one ready; it goes as soon as a pool has none left. Other starts never wait."""
    kernels = Kernels(monkeypatch)
    km = serving.GuardedKernelManager(kernel_memory_limit=0, refill_pause=0.6)
    refill = {"kernel_name": "python3", "env": {"VOILA_PREHEAT": "True"}}

    async def scenario():
        async def ok():
            return {"kernel_id": "k0"}

        ready = asyncio.ensure_future(ok())
        await asyncio.sleep(0)
        km._pools = {"06.ipynb": [ready]}
        km._kernels["k0"] = object()
        km.hand_to("k0", "browser:a", "10.0.0.1")  # a page just took a kernel
        t = time.monotonic()
        held = asyncio.ensure_future(km.start_kernel(**refill))
        await km.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "False"})  # a page's own start
        await asyncio.sleep(0.3)
        early = len(kernels.started)
        await held
        paused = time.monotonic() - t
        km.hand_to("k0", "browser:b", "10.0.0.2")
        t = time.monotonic()
        held = asyncio.ensure_future(km.start_kernel(**refill))
        await asyncio.sleep(0.15)
        km._pools["06.ipynb"] = []  # the last ready kernel is taken: the refill is needed now
        await held
        return early, paused, time.monotonic() - t

    early, paused, drained = _run(scenario())
    assert early == 1 and [k["env"]["VOILA_PREHEAT"] for k in kernels.started] == ["False", "True", "True"]
    assert 0.55 <= paused < 1.5 and drained < 0.45


def test_a_page_records_the_first_kernel_it_obtains_as_its_clients():
    class Manager:
        def __init__(self):
            self.handed, self.other = [], "passed through"

        async def get_rendered_notebook(self, *args, **kwargs):
            return ("render", "cache", "pooled")

        def start_kernel(self, *args, **kwargs):  # a synchronous start (Jupyter's may be either)
            return "started"

        def hand_to(self, kernel_id, client, address):
            self.handed.append((kernel_id, client, address))

    async def scenario():
        km = Manager()
        page = serving.ClientKernels(km, "browser:a", "10.0.0.1")
        assert (page.other, page.handed) == ("passed through", False)
        assert await page.get_rendered_notebook("01.ipynb") == ("render", "cache", "pooled")
        assert await page.start_kernel() == "started"  # a second kernel of the same page is not recorded again
        plain = serving.ClientKernels(types.SimpleNamespace(start_kernel=lambda: "k9"), "browser:b", "10.0.0.1")
        assert await plain.start_kernel() == "k9" and not plain.handed  # a manager without shares
        return km.handed, page.handed

    assert _run(scenario()) == ([("pooled", "browser:a", "10.0.0.1")], True)


def _handler(cls, km, cookie=None, **kwargs):
    """A handler of ``cls`` for a GET of the first dashboard from 192.0.2.9, on a server whose kernel manager
    is ``km``; what it would send is kept in ``handler.sent`` instead of a socket."""
    from tornado import httputil, web

    headers = httputil.HTTPHeaders({"Host": "cchc.example", **({"Cookie": f"cchc_client={cookie}"} if cookie else {})})
    start = httputil.RequestStartLine("GET", "/voila/render/01_tong_quan.ipynb", "HTTP/1.1")
    request = httputil.HTTPServerRequest(start_line=start, headers=headers, connection=Mock())
    request.remote_ip = "192.0.2.9"
    handler = cls(web.Application(base_url="/", kernel_manager=km), request, **kwargs)
    handler.sent = []
    handler.finish = lambda chunk=None: handler.sent.append(chunk)
    return handler


def _page(km, cookie=None):
    from unittest.mock import Mock as M

    handler = _handler(serving.BusyAwareHandler, km, cookie, notebook_path="01_tong_quan.ipynb", template_paths=[],
                       traitlet_config={}, voila_configuration=M())
    handler.path_args = ["01_tong_quan.ipynb"]
    return handler


COOKIE = "A" * 22


def test_the_page_handler_admits_refuses_and_releases(monkeypatch):
    """At the cap with no preheated kernel for the dashboard: 503 with the busy page (the counts, a reload
    after 20 s); a full browser: 429 with its own page; a full address: 429 with the address's page; else
    admitted, its kernel recorded as the browser's, and released if the page ends without one."""
    from voila.tornado.handler import TornadoVoilaHandler

    async def voila_prepare(self):
        return None

    monkeypatch.setattr(TornadoVoilaHandler, "prepare", voila_prepare)
    km = serving.GuardedKernelManager(max_kernels=2, max_kernels_per_client=1, max_kernels_per_address=2)
    listed: list[str] = []
    monkeypatch.setattr(km, "list_kernel_ids", lambda: list(listed))

    admitted = _page(km, COOKIE)
    _run(admitted.prepare())
    assert admitted.sent == [] and admitted.kernel_manager._client == f"browser:{COOKIE}"
    assert km.kernels_of(f"browser:{COOKIE}") == 1

    mine = _page(km, COOKIE)
    _run(mine.prepare())
    assert mine.get_status() == 429 and mine._headers["Retry-After"] == "20"
    assert mine._headers["Content-Type"] == "text/html; charset=utf-8"
    assert mine.sent == [serving.TOO_MANY_PAGE.format(count=1, cap=1, retry=20)]
    assert "Trình duyệt của bạn đang mở 1 trang bảng điều khiển (tối đa 1)" in mine.sent[0]
    assert mine.kernel_manager is km  # not admitted: the server's manager

    other = _page(km, "B" * 22)
    _run(other.prepare())
    assert other.sent == [] and km.kernels_at("192.0.2.9") == 2
    third = _page(km)  # no cookie: its address's share, which is full
    _run(third.prepare())
    assert third.get_status() == 429 and third.sent == [serving.TOO_MANY_AT_ADDRESS_PAGE.format(count=2, cap=2,
                                                                                                 retry=20)]
    assert "cchc_client" in third._new_cookie  # every answer gives a browser its cookie

    other.on_finish()  # ended without a kernel
    assert km.kernels_at("192.0.2.9") == 1
    listed[:] = ["k1", "k2"]
    busy = _page(km, "C" * 22)
    _run(busy.prepare())
    assert busy.get_status() == 503 and busy._headers["Retry-After"] == "20"
    assert busy.sent == [serving.BUSY_PAGE.format(count=2, cap=2, retry=20)]
    assert "Đang có nhiều người xem cùng lúc (2/2 phiên)" in busy.sent[0] and 'content="20"' in busy.sent[0]
    km._pools = {"01_tong_quan.ipynb": [asyncio_done_future()]}  # a preheated kernel waits for this dashboard
    pooled = _page(km, "C" * 22)
    _run(pooled.prepare())
    assert pooled.sent == [] and pooled.kernel_manager._client == f"browser:{'C' * 22}"


def asyncio_done_future():
    loop = asyncio.new_event_loop()
    future = loop.create_future()
    future.set_result("k")
    loop.close()
    return future


def test_the_page_handler_leaves_another_manager_alone_and_keeps_a_handed_kernel(monkeypatch):
    from voila.tornado.handler import TornadoVoilaHandler

    async def voila_prepare(self):
        return None

    monkeypatch.setattr(TornadoVoilaHandler, "prepare", voila_prepare)
    plain = _page(types.SimpleNamespace(list_kernel_ids=lambda: []))
    _run(plain.prepare())
    assert plain.sent == [] and not hasattr(plain, "_kernels") and not hasattr(plain, "_new_cookie")
    km = serving.GuardedKernelManager()
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1"])
    page = _page(km, COOKIE)
    _run(page.prepare())
    page.kernel_manager.hand_to = None  # not used: the page records its kernel through ClientKernels
    page._kernels._record("k1")
    page.on_finish()
    assert km._owner == {"k1": (f"browser:{COOKIE}", "192.0.2.9")} and km._pending == {}


def test_a_start_refused_at_the_cap_meets_the_busy_page_and_other_errors_voilas(monkeypatch):
    from voila.tornado.handler import TornadoVoilaHandler

    voilas = []
    monkeypatch.setattr(TornadoVoilaHandler, "write_error", lambda self, status, **kw: voilas.append((status, kw)))
    km = serving.GuardedKernelManager(max_kernels=3)
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1", "k2", "k3"])
    page = _page(km)
    page.write_error(503)
    assert page.get_status() == 503 and page.sent == [serving.BUSY_PAGE.format(count=3, cap=3, retry=20)]
    broken = _page(km)
    broken.set_status(500)
    broken.write_error(500, exc_info=None)
    assert broken.sent == [] and "Retry-After" not in broken._headers
    elsewhere = _page(types.SimpleNamespace(list_kernel_ids=lambda: []))
    elsewhere.set_status(503)
    elsewhere.write_error(503)
    assert elsewhere.sent == [] and voilas == [(500, {"exc_info": None}), (503, {})]


def test_the_websocket_gives_a_cookieless_kernel_to_the_browser_that_connects(monkeypatch):
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    opened = []

    async def voila_open(self, kernel_id):
        opened.append(kernel_id)

    monkeypatch.setattr(VoilaKernelWebsocketHandler, "open", voila_open)
    km = serving.GuardedKernelManager()
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1"])
    km.hand_to("k1", "address:192.0.2.9", "192.0.2.9")
    socket = _handler(serving.ClientAwareKernelWebsocketHandler, km, COOKIE)
    _run(socket.open("k1"))
    assert km._owner == {"k1": (f"browser:{COOKIE}", "192.0.2.9")} and opened == ["k1"]
    assert not hasattr(socket, "_new_cookie")  # a websocket never sets a cookie
    plain = _handler(serving.ClientAwareKernelWebsocketHandler, types.SimpleNamespace())
    _run(plain.open("k2"))
    assert opened == ["k1", "k2"]


def test_every_kernel_process_gets_its_ceiling_as_it_starts(monkeypatch, caplog):
    """LimitedKernelManager sets the parent's ceiling on the new process (logged), warns when the process is
    gone or not local, and sets nothing without a ceiling; Jupyter's own step runs in every case."""
    calls, after = [], []

    async def jupyter_step(self, **kw):
        after.append(kw)

    monkeypatch.setattr(ServerKernelManager, "_async_post_start_kernel", jupyter_step)

    def limit(pid, mib):
        calls.append((pid, mib))
        if pid == 666:
            raise ProcessLookupError(3, "No such process")
        return "RLIMIT_DATA"

    monkeypatch.setattr(serving, "limit_memory", limit)

    def kernel(limit_mib, pid, parent=True):
        manager = serving.LimitedKernelManager(
            parent=serving.GuardedKernelManager(kernel_memory_limit=limit_mib) if parent else None,
            kernel_id="k-remote")
        manager.provisioner = types.SimpleNamespace() if pid == "none" else types.SimpleNamespace(pid=pid)
        return manager

    with caplog.at_level(logging.INFO):
        _run(kernel(400, 1234)._async_post_start_kernel(env={"A": "b"}))
        _run(kernel(1, 1235)._async_post_start_kernel())  # 1 MiB is a ceiling too
        _run(kernel(400, 666)._async_post_start_kernel())
        _run(kernel(400, None)._async_post_start_kernel())
        _run(kernel(1, None)._async_post_start_kernel())
        _run(kernel(400, "none")._async_post_start_kernel())  # a provisioner that has no pid at all
        _run(kernel(0, 4321)._async_post_start_kernel())
        _run(kernel(0, None)._async_post_start_kernel())  # no ceiling: nothing to say about a remote kernel
        _run(kernel(400, 4322, parent=False)._async_post_start_kernel())  # a manager started on its own
    assert calls == [(1234, 400), (1235, 1), (666, 400)] and after == [{"env": {"A": "b"}}] + [{}] * 8
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == serving.LimitedKernelManager.__name__
            or "ceiling" in r.getMessage()] == [
        (logging.INFO, "Kernel process 1234: memory ceiling 400 MiB (RLIMIT_DATA)"),
        (logging.INFO, "Kernel process 1235: memory ceiling 1 MiB (RLIMIT_DATA)"),
        (logging.WARNING, "Kernel process 666 has no memory ceiling: [Errno 3] No such process"),
        (logging.WARNING, "Kernel k-remote has no memory ceiling: its process is not local"),
        (logging.WARNING, "Kernel k-remote has no memory ceiling: its process is not local"),
        (logging.WARNING, "Kernel k-remote has no memory ceiling: its process is not local"),
    ]


def test_the_memory_limit_is_data_on_linux_4_7_and_later_address_space_before(monkeypatch):
    import resource

    set_to = []
    monkeypatch.setattr(resource, "prlimit", lambda pid, kind, limits: set_to.append((pid, kind, limits)))
    for release, kind in (("6.1.0-13-amd64", resource.RLIMIT_DATA), ("4.7.0", resource.RLIMIT_DATA),
                          ("4.10.2", resource.RLIMIT_DATA), ("5.0", resource.RLIMIT_DATA),
                          ("4.6.9", resource.RLIMIT_AS), ("3.19", resource.RLIMIT_AS)):
        monkeypatch.setattr(serving.platform, "release", lambda r=release: r)
        assert serving.memory_rlimit() == kind, release
    assert serving.limit_memory(77, 3) == "RLIMIT_AS"  # 3.19 still
    monkeypatch.setattr(serving.platform, "release", lambda: "5.15.0")
    assert serving.limit_memory(78, 400) == "RLIMIT_DATA"
    assert set_to == [(77, resource.RLIMIT_AS, (3 * 2**20, 3 * 2**20)),
                      (78, resource.RLIMIT_DATA, (400 * 2**20, 400 * 2**20))]
    monkeypatch.delattr(resource, "prlimit")
    assert serving.memory_rlimit() is None
    with pytest.raises(RuntimeError, match=r"^no resource\.prlimit on this system: kernels have no memory ceiling$"):
        serving.limit_memory(79, 400)
    monkeypatch.setattr(serving, "resource", None)
    assert serving.memory_rlimit() is None


def test_every_response_names_the_server_plainly():
    from tornado import httputil

    headers = httputil.HTTPHeaders({"Server": "TornadoServer/6.4"})
    assert serving.ServerName(Mock()).transform_first_chunk(200, headers, b"x", True) == (200, headers, b"x")
    assert headers["Server"] == "cchc-dash"


def test_the_home_page_handler_in_both_languages(monkeypatch):
    monkeypatch.delenv("CCHC_DATA", raising=False)
    home = _handler(serving.HomeHandler, None)
    home._current_user = "viewer"
    home.get()
    assert home._headers["Content-Type"] == "text/html; charset=utf-8" and home.content_security_policy == (
        serving.HOME_CSP)
    assert home.sent == [serving.home_html("vi", "/", "Dữ liệu: dữ liệu mẫu đi kèm")]
    assert "cchc_client" in home._new_cookie
    monkeypatch.setenv("CCHC_DATA", "/srv/tinh")
    english = _handler(serving.HomeHandler, None, COOKIE)
    english._current_user = "viewer"
    english.request.arguments = {"lang": [b"en"]}
    english.get()
    assert english.sent == [serving.home_html("en", "/", "Data: /srv/tinh")] and not hasattr(english, "_new_cookie")
    other = _handler(serving.HomeHandler, None)
    other._current_user = "viewer"
    other.request.arguments = {"lang": [b"fr"]}
    other.get()
    assert other.sent == [serving.home_html("vi", "/", "Dữ liệu: /srv/tinh")]


def test_the_picture_handler_serves_svg_or_404(monkeypatch):
    from tornado import web

    asked = []

    async def pictures(lang):
        asked.append(lang)
        return {"01_tong_quan.ipynb": f"<svg>{lang}</svg>"}

    monkeypatch.setattr(serving, "cached_thumbnails", pictures)
    ok = _handler(serving.ThumbnailHandler, None)
    ok._current_user = "viewer"
    _run(ok.get("en", "01_tong_quan"))
    assert ok.sent == ["<svg>en</svg>"] and ok._headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert ok._headers["Cache-Control"] == "max-age=600"
    fr = _handler(serving.ThumbnailHandler, None)
    fr._current_user = "viewer"
    _run(fr.get("fr", "01_tong_quan"))
    assert fr.sent == ["<svg>vi</svg>"] and asked == ["en", "vi"]
    with pytest.raises(web.HTTPError) as missing:
        _run(fr.get("vi", "05_sipas"))
    assert missing.value.status_code == 404


def test_the_pictures_are_drawn_once_apart_and_a_failure_leaves_none(monkeypatch, caplog):
    drawn = []

    async def draw():
        drawn.append(1)
        await asyncio.sleep(0.01)
        return {"vi": {"a.ipynb": "<svg/>"}, "en": {"a.ipynb": "<svg lang='en'/>"}}

    monkeypatch.setattr(serving, "_THUMBNAILS", [])
    monkeypatch.setattr(serving, "_drawn_apart", draw)

    async def visits():
        return await asyncio.gather(serving.cached_thumbnails("vi"), serving.cached_thumbnails("en"),
                                    serving.cached_thumbnails("vi"))

    assert _run(visits()) == [{"a.ipynb": "<svg/>"}, {"a.ipynb": "<svg lang='en'/>"}, {"a.ipynb": "<svg/>"}]
    assert drawn == [1]

    async def broken():
        raise RuntimeError("vl-convert missing")

    monkeypatch.setattr(serving, "_THUMBNAILS", [])
    monkeypatch.setattr(serving, "_drawn_apart", broken)
    with caplog.at_level(logging.ERROR):
        assert _run(serving.cached_thumbnails("vi")) == {}
    assert [(r.name, r.getMessage()) for r in caplog.records if r.levelno == logging.ERROR] == [
        ("cchc_dash.app.serving", "home page thumbnails failed")]
    assert "vl-convert missing" in caplog.text


def test_the_pictures_are_drawn_in_a_child_process_of_their_own(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    made = []

    class Pool(ThreadPoolExecutor):
        def __init__(self, max_workers, mp_context):
            made.append((max_workers, mp_context.get_start_method()))
            super().__init__(max_workers)

        def submit(self, fn, *args, **kwargs):
            made.append(fn.__name__ if hasattr(fn, "__name__") else fn)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(serving, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(serving, "thumbnails", lambda: {"vi": {}})
    assert _run(serving._drawn_apart()) == {"vi": {}} and made == [(1, "spawn"), "<lambda>"]  # drawn in the child


def test_the_pictures_are_each_dashboards_chart_as_svg_in_both_languages(monkeypatch):
    import altair as alt
    import pandas as pd
    import vl_convert

    import cchc_dash.io.loader

    from .handmade import five_units

    monkeypatch.setattr(cchc_dash.io.loader, "load", five_units)
    seen = []

    def charts(ds, results, lang):
        seen.append((len(ds.units), len(results), lang))
        return {"01_tong_quan.ipynb": alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").properties(
            title=f"t-{lang}")}

    monkeypatch.setattr(serving, "thumbnail_charts", charts)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{spec['title']}</svg>")
    assert serving.thumbnails() == {"vi": {"01_tong_quan.ipynb": "<svg>t-vi</svg>"},
                                    "en": {"01_tong_quan.ipynb": "<svg>t-en</svg>"}}
    assert seen == [(5, 5, "vi"), (5, 5, "en")]
    assert serving.thumbnails(("en",)) == {"en": {"01_tong_quan.ipynb": "<svg>t-en</svg>"}}


def test_the_server_serves_our_pages_instead_of_voilas_tree_and_contents(monkeypatch):
    from voila.app import Voila
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    options = {"notebook_path": "x"}
    voilas = [("/base/", TornadoVoilaTreeHandler), ("/base/", web_static()),  # anything of Voilà's at "/" goes
              ("/base/voila/tree(.*)", TornadoVoilaTreeHandler),
              ("/base/voila/render/(.*)", TornadoVoilaHandler, options),
              ("/base/api/kernels/(.*)/channels", VoilaKernelWebsocketHandler),
              ("/base/voila/api/contents(.*)", VoilaContentsHandler), ("/base/static/(.*)", web_static()),
              "a rule that is not a tuple"]
    monkeypatch.setattr(Voila, "init_handlers", lambda self: list(voilas))
    app = serving.BusyAwareVoila(base_url="/base/")
    app.server_url = "/base/"
    served = app.init_handlers()
    assert served[:2] == [("/base/", serving.HomeHandler),
                          ("/base/cchc/thumbnails/(vi|en)/([0-9A-Za-z_]+)\\.svg", serving.ThumbnailHandler)]
    assert ("/base/voila/render/(.*)", serving.BusyAwareHandler, options) in served
    assert ("/base/api/kernels/(.*)/channels", serving.ClientAwareKernelWebsocketHandler) in served
    assert "a rule that is not a tuple" in served
    rules = [spec for spec in served if isinstance(spec, tuple)]
    assert not {TornadoVoilaTreeHandler, VoilaContentsHandler, TornadoVoilaHandler,
                VoilaKernelWebsocketHandler} & {spec[1] for spec in rules}
    assert [spec[0] for spec in rules].count("/base/") == 1 and "/base/voila/tree(.*)" not in [s[0] for s in rules]


def web_static():
    from tornado import web

    return web.StaticFileHandler


def test_the_server_names_itself_plainly_and_trusts_a_proxy_only_when_told(monkeypatch):
    """Every response goes through ServerName; X-Real-Ip is read only with trust_xheaders. (What start() adds, the
    policy and the chart library, and listen()'s gzip are tested in test_serving_static.py.)"""
    from voila.app import Voila

    listened = []
    monkeypatch.setattr(Voila, "listen", lambda self: listened.append(self.app.listen(8866)))
    for trust in (False, True):
        app = serving.BusyAwareVoila(trust_xheaders=trust)
        app.app = types.SimpleNamespace(transforms=[], settings={}, listen=lambda port, **kw: (port, kw))
        app.listen()
        assert app.app.transforms == [serving.ServerName]
    assert listened == [(8866, {}), (8866, {"xheaders": True})]


def test_a_request_without_an_address_and_a_cookie_for_the_servers_base(monkeypatch):
    """No remote address: the client is "address:" (not another's); the cookie's path is the server's base URL,
    "/" when none is set."""
    from tornado import httputil, web

    def handler(settings):
        start = httputil.RequestStartLine("GET", "/", "HTTP/1.1")
        request = httputil.HTTPServerRequest(start_line=start, headers=httputil.HTTPHeaders({"Host": "x"}),
                                             connection=Mock())
        request.remote_ip = None
        return web.RequestHandler(web.Application(**settings), request)

    based = handler({"base_url": "/cchc/"})
    assert serving.client_of(based) == ("address:", "")
    assert based._new_cookie["cchc_client"]["path"] == "/cchc/"
    plain = handler({})
    serving.client_of(plain)
    assert plain._new_cookie["cchc_client"]["path"] == "/"


def test_the_page_handler_waits_for_voila_and_copes_without_a_notebook_or_a_kernel(monkeypatch):
    """Voilà's own prepare is awaited before the shares are counted; a request for no notebook at the cap meets
    the busy page; a refused page ends without releasing anything (it was never admitted)."""
    from voila.tornado.handler import TornadoVoilaHandler

    prepared = []

    async def voila_prepare(self):
        await asyncio.sleep(0)
        prepared.append(self.path_args)

    monkeypatch.setattr(TornadoVoilaHandler, "prepare", voila_prepare)
    km = serving.GuardedKernelManager(max_kernels=1)
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1"])
    page = _page(km, COOKIE)
    page.path_args = []
    _run(page.prepare())
    assert prepared == [[]] and page.get_status() == 503
    assert page.sent == [serving.BUSY_PAGE.format(count=1, cap=1, retry=20)]
    page.on_finish()
    assert km._pending == {}


def test_the_websocket_of_a_page_without_the_cookie_sets_none(monkeypatch):
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    async def voila_open(self, kernel_id):
        return None

    monkeypatch.setattr(VoilaKernelWebsocketHandler, "open", voila_open)
    km = serving.GuardedKernelManager()
    monkeypatch.setattr(km, "list_kernel_ids", lambda: ["k1"])
    km.hand_to("k1", "address:192.0.2.9", "192.0.2.9")
    socket = _handler(serving.ClientAwareKernelWebsocketHandler, km)
    _run(socket.open("k1"))
    assert not hasattr(socket, "_new_cookie") and km._owner == {"k1": ("address:192.0.2.9", "192.0.2.9")}


def test_a_pages_kernel_manager_passes_every_argument_and_awaits_a_start():
    class Manager:
        def __init__(self):
            self.calls, self.handed = [], []

        async def get_rendered_notebook(self, *args, **kwargs):
            self.calls.append(("render", args, kwargs))
            return ("task", "cache", "pooled")

        async def start_kernel(self, *args, **kwargs):
            self.calls.append(("start", args, kwargs))
            return "started"

        def hand_to(self, kernel_id, client, address):
            self.handed.append(kernel_id)

    async def scenario():
        km = Manager()
        page = serving.ClientKernels(km, "browser:a", "10.0.0.1")
        assert await page.start_kernel("python3", path="x") == "started"
        await page.get_rendered_notebook("01.ipynb", kernel_name="python3")
        return km.calls, km.handed

    calls, handed = _run(scenario())
    assert calls == [("start", ("python3",), {"path": "x"}), ("render", ("01.ipynb",), {"kernel_name": "python3"})]
    assert handed == ["started"]


def test_starts_at_once_are_all_counted_and_arguments_reach_jupyter(monkeypatch):
    """Two pages starting kernels at the same time count twice against the cap while they start; a kernel's
    shutdown passes its arguments on."""
    km = serving.GuardedKernelManager(max_kernels=3, kernel_memory_limit=0)
    seen, shut, gate = [], [], asyncio.Event

    async def start(self, *args, **kwargs):
        seen.append((args, self._starting))
        await self._gate.wait()
        return f"k{len(seen)}"

    async def shutdown(self, kernel_id, *args, **kwargs):
        shut.append((kernel_id, args, kwargs))

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", shutdown)

    async def scenario():
        km._gate = gate()
        first = asyncio.ensure_future(km.start_kernel("python3"))
        second = asyncio.ensure_future(km.start_kernel("python3"))
        await asyncio.sleep(0.01)
        starting = km._starting
        km._gate.set()
        await asyncio.gather(first, second)
        await km.shutdown_kernel("k1", True, restart=False)
        return starting

    assert _run(scenario()) == 2 and km._starting == 0
    assert seen == [(("python3",), 1), (("python3",), 2)]
    assert shut == [("k1", (True,), {"restart": False})]


def test_a_reap_that_finds_the_page_back_forgets_its_clock(monkeypatch):
    Kernels(monkeypatch)
    km = serving.GuardedKernelManager(kernel_memory_limit=0)

    async def scenario():
        kid = await km.start_kernel()
        km.notify_connect(kid)
        km._reaping[kid] = object()  # a clock that fired just as the page came back
        await km._reap_if_away(kid)
        return kid

    kid = _run(scenario())
    assert kid not in km._reaping and kid in km._kernels


def test_the_home_page_in_words_and_in_both_languages():
    """The title, the line under it, the data shown (escaped), the language switch, each card's description and
    its picture's text, in the page's language; the cards side by side; the favicon inline."""
    vi = home_html("vi", "/", "Dữ liệu: <tệp>")
    assert "<title>Chỉ số cải cách hành chính — bảng điều khiển</title>" in vi
    assert "<h1>Chỉ số cải cách hành chính — bảng điều khiển</h1>" in vi
    assert ('<p class="note">Chọn một bảng điều khiển. Mọi trang đều xem được bằng tiếng Việt và tiếng Anh.</p>'
            '<p class="note">Dữ liệu: &lt;tệp&gt;</p>') in vi
    assert '<div class="lang"><span>Tiếng Việt</span><a href="?lang=en">English</a></div>' in vi
    assert 'alt="Hình thu nhỏ biểu đồ chính của trang Tổng quan Chỉ số CCHC"' in vi
    assert ("<span>Xếp hạng từng khối theo năm, tô màu theo xếp loại; bình quân, cao nhất, thấp nhất và thay đổi lớn "
            "nhất.</span>") in vi
    assert vi.count('</div></a><a class="card" ') == len(dashboards()) - 1
    assert '<link rel="icon" href="data:image/svg+xml,' in vi and '<html lang="vi">' in vi
    en = home_html("en", "/", "Data")
    assert "<title>Administrative reform index — dashboards</title>" in en
    assert ('<p class="note">Pick a dashboard. Every page can be read in Vietnamese and in English.</p>'
            '<p class="note">Data</p>') in en
    assert '<div class="lang"><a href="?lang=vi">Tiếng Việt</a><span>English</span></div>' in en
    assert 'alt="Thumbnail of the main chart of PAR INDEX overview"' in en
    assert ("<span>Each group&#x27;s ranking by year, coloured by band; the mean, best, lowest and biggest "
            "moves.</span>") in en
