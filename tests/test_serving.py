"""serving.py: the home page (a card per dashboard with a picture of its main chart) and the pictures."""

from __future__ import annotations

import re

import pytest

import cchc_dash as cd
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
    css = Path(__file__).resolve().parents[1] / "share/jupyter/voila/templates/cchc/static/home.css"
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
            ok = "import numpy as np, pandas as pd; a = np.ones(100 * 2**20 // 8); print(len(pd.Series(a)))"
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
            await asyncio.sleep(0.2)
            km.notify_connect(kid)  # … and the page reconnects within the grace
            await asyncio.sleep(0.8)
            assert kid in km.list_kernel_ids() and km.kernels_of("browser:a") == 1
            km.notify_connect(kid)  # two websockets: the page stays while one is open
            km.notify_disconnect(kid)
            await asyncio.sleep(0.8)
            assert kid in km.list_kernel_ids()
            km.notify_disconnect(kid)  # the browser is killed
            await asyncio.sleep(1.5)
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
