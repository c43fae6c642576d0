"""Every kernel has a memory ceiling (GuardedKernelManager.kernel_memory_limit, app/serving.py): on a
real Voilà started with a 512 MiB ceiling, a page whose callback (guarded by the dashboards' own
Shell.guard) asks for 1 GiB is told, in its language, that it needed more memory than a page may
use; its kernel carries on, and so do the server and another viewer's kernel."""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Iterator

import pytest

from .conftest import Server, open_page
from .test_reaping import notebook, serve_folder

CEILING_MIB = 512

#: A dashboard-like page (the real shell: header, controls, status line) with a button that asks
#: for twice the ceiling at once and one that does a little work.
HOG = f"""import ipywidgets as w
import cchc_dash as cd
from cchc_dash.ui.shell import Shell

shell = Shell(cd.load_sample(), "01_tong_quan.ipynb")
grow = w.Button(description="1 GiB").add_class("t-grow")
count = w.Button(description="+1").add_class("t-count")
shown = w.HTML("0").add_class("t-shown")


@shell.guard
def hog(_):
    global held
    held = bytearray({2 * CEILING_MIB} * 2**20)


@shell.guard
def add(_):
    shown.value = str(int(shown.value) + 1)


grow.on_click(hog)
count.on_click(add)
shell.app([grow, count], shown)"""

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


@pytest.fixture(scope="module")
def small_ceiling(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("memory") / "notebooks"
    folder.mkdir()
    notebook(folder, "hog.ipynb", HOG)
    yield from serve_folder(folder, f"--GuardedKernelManager.kernel_memory_limit={CEILING_MIB}")


def data_limit(page) -> int:
    """The soft RLIMIT_DATA (bytes) of the kernel serving ``page``."""
    kernel = page.evaluate(KERNEL_ID)
    pids = subprocess.run(["pgrep", "-f", f"kernel-{kernel}.json"], capture_output=True, text=True).stdout.split()
    assert len(pids) == 1, f"the kernel process of {kernel} was not found"
    with open(f"/proc/{pids[0]}/limits") as limits:
        return int(next(row for row in limits if row.startswith("Max data size")).split()[3])


def click_count(page, expected: str) -> None:
    page.click("button.t-count")
    page.wait_for_function("n => document.querySelector('.t-shown').innerText.trim() === n", arg=expected)


def test_past_the_memory_ceiling_the_viewer_is_told_and_everything_carries_on(small_ceiling, browser):
    base = f"{small_ceiling.url}/voila/render/hog.ipynb"
    context, page = open_page(browser, 1000, 700)
    page.goto(base, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector(".cchc-app", state="visible", timeout=60_000)
    assert data_limit(page) == CEILING_MIB * 2**20  # a preheated kernel: given its ceiling when it started
    click_count(page, "1")
    page.click("button.t-grow")
    page.wait_for_function("() => document.querySelector('.cchc-status').innerText.includes('bộ nhớ')")
    status = page.inner_text(".cchc-status")
    assert "Thao tác này cần nhiều bộ nhớ hơn mức cho phép cho một trang" in status
    click_count(page, "2")  # the same kernel still answers
    assert not page.query_selector("#cchc-lost")
    other_context, other = open_page(browser, 1000, 700)  # another viewer: the kernel started to refill the pool
    other.goto(base, wait_until="domcontentloaded", timeout=60_000)
    other.wait_for_selector(".cchc-app", state="visible", timeout=60_000)
    assert data_limit(other) == CEILING_MIB * 2**20
    click_count(other, "1")
    assert urllib.request.urlopen(small_ceiling.url + "/", timeout=30).status == 200
    assert f"memory ceiling {CEILING_MIB} MiB (RLIMIT_DATA)" in small_ceiling.log.read_text(errors="replace")
    for ctx, pg in ((context, page), (other_context, other)):
        pg.closing = True
        pg.close(run_before_unload=True)
        ctx.close()
