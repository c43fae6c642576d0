"""Print view: every dashboard prints on A4 landscape, without controls, nothing wider than the paper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc_dash.ui.shell import dashboards

from .conftest import close, open_page
from .helpers import open_dashboard

SHOTS = Path(__file__).resolve().parents[2] / "out"

#: A4 landscape, 297 mm × 210 mm, in PDF points (1/72 inch): 841.89 × 595.28.
A4_LANDSCAPE = (841.89, 595.28)
#: Printable width in CSS pixels (96 per inch) with the 10 mm margins of @page: 277 mm.
PRINTABLE_PX = 277 / 25.4 * 96

TOO_WIDE = """limit => Array.from(document.querySelectorAll('.cchc-app *')).filter(el => {
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.right > limit + 1 && getComputedStyle(el).display !== 'none';
}).slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""

CHARTS_DRAWN = """() => { const svgs = Array.from(document.querySelectorAll('.cchc-app .vega-embed svg.marks'));
  return svgs.length > 0 && svgs.some(s => s.querySelectorAll('path').length > 3); }"""


@pytest.mark.parametrize("notebook", [p.notebook for p in dashboards()])
def test_dashboard_prints_on_a4_landscape(voila_url, browser, notebook):
    context, page = open_page(browser, round(PRINTABLE_PX), 900)
    try:
        open_dashboard(page, voila_url, notebook)
        page.wait_for_function(CHARTS_DRAWN, timeout=180_000)
        page.emulate_media(media="print")
        shown = page.evaluate("() => ['.cchc-nav', '.cchc-controls', '.cchc-workbook', '.cchc-lang', "
                              "'.vega-embed summary']\n"
                              "            .map(s => [s, document.querySelector(s)]).filter(([s, el]) => el)"
                              ".map(([s, el]) => [s, el.getClientRects().length > 0])")
        assert len(shown) == 5 and not [s for s, drawn in shown if drawn], shown  # present on screen, not on paper
        assert page.evaluate(TOO_WIDE, PRINTABLE_PX) == []
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"print_{notebook.removesuffix('.ipynb')}.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        boxes = {
            (float(m.group(3)), float(m.group(4)))
            for m in re.finditer(rb"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        }
        assert boxes, "no page in the PDF"
        for w, h in boxes:  # every page A4 and wider than tall (Chromium rounds to its pixel grid)
            assert abs(w - A4_LANDSCAPE[0]) < 2 and abs(h - A4_LANDSCAPE[1]) < 2, boxes
    finally:
        close(context, page)
