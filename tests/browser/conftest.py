"""Fixtures for browser tests: a real Voilà server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    pid: int  #: the server process (its kernels are its children)


def serve(log_path: Path, *extra: str) -> Iterator[Server]:
    """``cchc-dash serve [extra…]`` started for real on a free port; yields its URL and log
    file once every notebook's preheated kernel exists, and stops it afterwards. Every test
    page comes from one address: the per-client and per-address caps are lifted (the tests of the
    caps set their own), and one kernel per dashboard is
    preheated (quicker to start on 2 cores), unless ``extra`` sets them."""
    port = free_port()
    log = open(log_path, "w", buffering=1)
    proc = subprocess.Popen([sys.executable, "-m", "cchc_dash.app.cli", "serve", f"--port={port}",
                             "--max-kernels-per-client=0", "--max-kernels-per-address=0", "--pool-size=1", *extra],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"Voilà exited early:\n{log_path.read_text()}") from None
            time.sleep(0.3)
    else:
        raise RuntimeError("Voilà did not start within 90 s")
    # Start testing once every notebook's preheated kernel exists (2 cores: starting them all
    # while a test loads a page can take longer than the page's timeout).
    notebooks = [p.name for p in (ROOT / "notebooks").glob("*.ipynb")]
    while not all(f"Kernel pool of {nb} is filled" in log_path.read_text(errors="replace") for nb in notebooks):
        if time.monotonic() > deadline + 90:
            break  # tests will still wait for their page; the log shows why it is slow
        time.sleep(0.5)
    yield Server(base, log_path, proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``cchc-dash serve`` started for real on a free port; yields its URL and log file. The whole
    suite opens dozens of pages: the kernel cap is raised so that a slow shutdown never meets it."""
    yield from serve(tmp_path_factory.mktemp("voila") / "voila.log", "--max-kernels=40")


def close(context, page) -> None:
    """Close a test's page as a viewer closes a tab (its kernel is shut down by the page's
    beacon), then its browser context: kernels must not pile up over the suite. What the page
    logs from here on (a websocket torn down with the tab) is no longer seen by any viewer and
    is not collected."""
    page.closing = True
    if not page.is_closed():
        page.close(run_before_unload=True)
    context.close()


#: The unit renamed in the custom data folder, and its new name.
RENAMED_UNIT, RENAMED_FROM, RENAMED_TO = "S03", "Sở Tư pháp", "Sở Tư pháp (dữ liệu thử)"


@pytest.fixture(scope="module")
def custom_data_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """``cchc-dash serve --data FOLDER`` on a copy of the demo folder in which unit S03 is
    renamed; yields the server and the folder."""
    folder = tmp_path_factory.mktemp("data") / "tinh_thu"
    shutil.copytree(ROOT / "data" / "sample", folder)
    units = folder / "units.csv"
    text = units.read_text(encoding="utf-8")
    assert f"{RENAMED_UNIT},{RENAMED_FROM}," in text
    units.write_text(text.replace(f"{RENAMED_UNIT},{RENAMED_FROM},", f"{RENAMED_UNIT},{RENAMED_TO},"), encoding="utf-8")
    for server in serve(folder.parent / "voila.log", "--data", str(folder)):
        yield server, folder


@pytest.fixture(scope="session")
def voila_url(voila_server: Server) -> str:
    return voila_server.url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (never a Playwright-downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./run test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


#: Pages opened by :func:`open_page` during the running test (checked by ``no_page_errors``).
OPENED: list = []

#: Page errors and console errors a page may show without failing its test: (text the message
#: contains, why it is harmless). Add an entry only with the reason written out.
ALLOWED_ERRORS: list[tuple[str, str]] = [
    ("[anywidget] Failed to initialize model.",
     "anywidget's Runtime rejects its `ready` promise with this message when a model has not "
     "initialized within 2 s (AbortSignal.timeout(2000) in anywidget's runtime); nothing catches "
     "it. The page shares one module among its charts (test_page_scripts.py), so only its first "
     "chart parses the library; on a 2-core machine loaded by parallel test runs that one can "
     "still take longer, and still draws: a chart that really failed is caught by the tests, "
     "which read the values it drew."),
]


def open_page(browser, width: int, height: int):
    """A new page of ``width`` × ``height`` CSS pixels; ``page.errors`` collects uncaught
    exceptions, ``page.console_errors`` the messages logged with console.error, until the test
    closes the page with :func:`close`. Every page opened here is checked after its test by
    ``no_page_errors``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(120_000)  # a loaded 2-core machine can take a minute to redraw
    errors: list[str] = []
    console_errors: list[str] = []
    pg.closing = False
    pg.on("pageerror", lambda e: None if pg.closing else errors.append(str(e)))
    pg.on("console", lambda m: console_errors.append(f"{m.text} @ {m.location.get('url', '')}")
          if m.type == "error" and not pg.closing else None)
    pg.errors = errors
    pg.console_errors = console_errors
    OPENED.append(pg)
    return context, pg


def unexplained_errors(pg) -> list[str]:
    """The page's uncaught exceptions and console errors, less those of ALLOWED_ERRORS."""
    def allowed(message: str) -> bool:
        return any(text in message for text, _ in ALLOWED_ERRORS)

    return ([f"pageerror: {e}" for e in pg.errors if not allowed(e)]
            + [f"console.error: {m}" for m in pg.console_errors if not allowed(m)])


@pytest.fixture(autouse=True)
def no_page_errors() -> Iterator[None]:
    """Every browser test fails if a page it opened through ``page``, ``phone_page`` or
    :func:`open_page` threw an uncaught exception or logged a console error (a broken widget or
    chart often shows nothing else). Torn down after the page fixtures, so it sees every page."""
    OPENED.clear()
    yield
    found = {i: unexplained_errors(pg) for i, pg in enumerate(OPENED)}
    OPENED.clear()
    found = {i: e for i, e in found.items() if e}
    assert not found, f"errors in the browser: {found}"


@pytest.fixture
def page(browser):
    context, pg = open_page(browser, 1400, 1000)
    yield pg
    close(context, pg)


@pytest.fixture
def phone_page(browser):
    """A page as wide as a phone (390 CSS pixels)."""
    context, pg = open_page(browser, 390, 844)
    yield pg
    close(context, pg)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as ``browser`` (select with -m browser / "not browser")."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
