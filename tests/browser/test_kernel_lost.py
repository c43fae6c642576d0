"""A viewer whose kernel dies gets a clear message with a reload button; another viewer carries on."""

from __future__ import annotations

import os
import signal
import subprocess

from .helpers import open_dashboard, wait_changed, wait_chart

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def test_a_killed_kernel_is_announced_and_other_viewers_carry_on(voila_server, browser):
    a, b = browser.new_page(), browser.new_page()
    for page in (a, b):
        page.set_default_timeout(90_000)
        open_dashboard(page, voila_server.url, "01_tong_quan.ipynb")
        wait_chart(page, ".cchc-chart")
    kernel = a.evaluate(KERNEL_ID)
    pids = subprocess.run(["pgrep", "-f", f"kernel-{kernel}.json"], capture_output=True, text=True).stdout.split()
    assert pids, "the first viewer's kernel process was not found"
    for pid in pids:
        os.kill(int(pid), signal.SIGKILL)
    a.wait_for_selector("#cchc-lost", timeout=60_000)
    assert "Mất kết nối với máy chủ" in a.inner_text("#cchc-lost") and "Reload" in a.inner_text("#cchc-lost button")
    before = b.inner_text(".cchc-ranking")
    b.select_option(".cchc-year select", label="2021")
    assert wait_changed(b, ".cchc-ranking", before, inner=False) != before
    assert not b.query_selector("#cchc-lost")
    a.close(), b.close()
