"""How Voilà serves the dashboards: offline pages, kernels shut down when a tab closes."""

from __future__ import annotations

import time

from .helpers import open_dashboard, wait_chart

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def test_page_requests_nothing_outside_the_server(voila_url, page):
    """No CDN at run time: every request goes to this server (charts' JavaScript included)."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((voila_url, "data:", "blob:")) and "://" in r.url else None)
    page.goto(voila_url + "/", wait_until="networkidle")  # the home page lists the dashboards
    page.wait_for_function("() => document.body.innerText.includes('Tổng quan Chỉ số CCHC')")
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    assert outside == []


def test_closing_the_tab_shuts_its_kernel_down(voila_server, browser):
    """The beforeunload beacon passes the XSRF check (the cchc template sets the cookie)."""
    context = browser.new_context()
    page = context.new_page()
    open_dashboard(page, voila_server.url, "02_so_sanh.ipynb")
    kernel = page.evaluate(KERNEL_ID)
    assert "_xsrf=" in page.evaluate("document.cookie")
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 20
    while f"Kernel shutdown: {kernel}" not in voila_server.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the kernel of the closed tab was not shut down"
        time.sleep(0.5)
    assert "403 POST /voila/api/shutdown" not in voila_server.log.read_text(errors="replace")
    context.close()


def test_home_page_lists_every_dashboard_in_vietnamese_and_english(voila_url, page):
    from cchc_dash.render.labels import t
    from cchc_dash.ui.shell import dashboards

    page.goto(voila_url + "/")
    cards = page.eval_on_selector_all(
        "a.card", "as => as.map(a => [a.querySelector('b').innerText, a.getAttribute('href')])"
    )
    assert cards == [[t(p.title, "vi"), f"/voila/render/{p.notebook}"] for p in dashboards()]
    assert "dữ liệu mẫu đi kèm" in page.inner_text("body")
    page.click("text=English")
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('dashboards')")
    assert page.inner_text("a.card b") == t(dashboards()[0].title, "en")
    page.click("a.card")
    page.wait_for_selector(".cchc-app", timeout=90_000)
    assert not page.errors, page.errors
