"""Accessibility (issue 21, part 4): axe-core, the engine browsers' audits use, run on the home page
and on every dashboard in both languages; no serious or critical violation is allowed (contrast,
names of controls, labels, keyboard-reachable controls). axe-core comes inside the
axe-playwright-python package: nothing is fetched."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import close, open_page
from .helpers import press_language
from .test_layout import CHARTS_DRAWN, DASHBOARDS

AXE = Axe()
#: Every chart menu named in ``words`` (the page's script names them as they appear: index.html.j2, 7).
MENUS_NAMED = """words => [...document.querySelectorAll('.vega-embed summary')]
  .every(s => s.getAttribute('aria-label') === words)"""


def serious(page) -> list[str]:
    """Each serious or critical violation: its rule, impact, how many elements and the first one."""
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']} — {v['help']}"
            for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_home_page_has_no_serious_violation(voila_url, browser, lang):
    context, page = open_page(browser, 1440, 900)
    try:
        page.goto(f"{voila_url}/?lang={lang}", wait_until="networkidle")
        assert serious(page) == []
    finally:
        close(context, page)


@pytest.mark.parametrize("name", DASHBOARDS)
def test_every_dashboard_has_no_serious_violation_in_either_language(voila_url, browser, name):
    context, page = open_page(browser, 1440, 900)
    try:
        page.goto(f"{voila_url}/voila/render/{name}.ipynb", wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(".cchc-app", state="visible", timeout=180_000)
        page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
        page.wait_for_function(MENUS_NAMED, arg="Lưu biểu đồ (PNG, SVG)")
        assert serious(page) == [], "vi"
        press_language(page, "English")
        page.wait_for_function("() => document.querySelector('.cchc-app h1').innerText !== ''")
        page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
        page.wait_for_function(MENUS_NAMED, arg="Save the chart (PNG, SVG)")
        assert serious(page) == [], "en"
    finally:
        close(context, page)
