"""The cchc template's page scripts (share/jupyter/voila/templates/cchc/index.html.j2) in Chromium."""

from __future__ import annotations

from .helpers import open_dashboard, wait_chart


def test_every_chart_on_a_page_shares_one_module_of_the_chart_library(voila_url, page):
    """So sánh draws four charts; the chart library (~900 KB, one blob per chart widget) is
    imported from one shared URL, so the browser runs it once and no chart waits on the
    others (anywidget gives each chart 2 s to start)."""
    open_dashboard(page, voila_url, "02_so_sanh.ipynb")
    for chart in (".cchc-trend", ".cchc-bump", ".cchc-heat", ".cchc-ref"):
        wait_chart(page, chart)
    charts = page.evaluate("document.querySelectorAll('.vega-embed').length")
    shared = page.evaluate("[...window.cchcSharedModules]")
    assert charts >= 3
    assert len(shared) == 1 and shared[0].startswith("blob:")
