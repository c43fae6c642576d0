"""Print view: every dashboard prints on A4 landscape, without controls, nothing wider than the paper, and
complete: every unit of the group shown, the profile's whole paragraph, a title block saying what is shown
(title, data, year, group, unit, date printed, simulated data), page numbers, as many pages as it needs.

Each dashboard is opened and printed once (one server for the session): the PDF's text is read back with pypdf.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from cchc_dash.render.labels import t
from cchc_dash.ui.shell import dashboards

from .conftest import close, open_page
from .helpers import open_dashboard

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out"

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

#: Elements that hide what they hold in print (a fixed height or width with overflow hidden): none may cut content.
CLIPPED = """() => Array.from(document.querySelectorAll('.cchc-app, .cchc-app *')).filter(el => {
  const s = getComputedStyle(el);
  if (s.display === 'none') return false;
  const cuts = v => v === 'hidden' || v === 'auto' || v === 'scroll' || v === 'clip';
  return (cuts(s.overflowY) && el.scrollHeight > el.clientHeight + 2)
      || (cuts(s.overflowX) && el.scrollWidth > el.clientWidth + 2);
}).slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + el.scrollHeight + '>' + el.clientHeight)"""

#: The demo data's groups (data/sample/units.csv) and the year every dashboard opens on.
DEPARTMENTS, YEAR = "Sở, ban, ngành", 2025


def units_in(year: int, group: str) -> list[str]:
    """The names of the demo's units of ``group`` existing in ``year``, read from the demo's CSV file
    (not from the code under test)."""
    with open(ROOT / "data" / "sample" / "units.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["unit_name"] for r in rows
            if r["group"] == group and int(r["valid_from"]) <= year and int(r["valid_to"] or year) >= year]


def flat(text: str) -> str:
    """Text compared as read: NFC, one space for any run of white space (lines break anywhere on paper)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """The number of pages of ``pdf`` and its text, flattened (:func:`flat`)."""
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), flat(" ".join(p.extract_text() or "" for p in reader.pages))


#: What each dashboard's print must hold besides its title block: units named (all of the group shown for the
#: pages listing them), and the least number of pages its content needs on A4 landscape.
EXPECTED: dict[str, tuple[list[str], int]] = {
    "01_tong_quan.ipynb": (units_in(YEAR, DEPARTMENTS), 2),
    "02_so_sanh.ipynb": ([], 2),
    "03_mo_phong.ipynb": (units_in(YEAR, DEPARTMENTS), 2),
    "04_xep_loai.ipynb": ([], 2),
    "05_sipas.ipynb": ([], 2),
    "06_ho_so_don_vi.ipynb": ([], 2),
}


#: Links of a dashboard that serve the screen only (a file to download): shown there, not on paper.
SCREEN_ONLY: dict[str, tuple[str, str]] = {
    "03_mo_phong.ipynb": (".cchc-download-link", t("scenario_download", "vi")),
}


def test_the_demo_lists_seventeen_departments_in_2025():
    assert len(units_in(YEAR, DEPARTMENTS)) == 17


@pytest.mark.parametrize("notebook", [p.notebook for p in dashboards()])
def test_dashboard_prints_on_a4_landscape(voila_url, browser, notebook):
    context, page = open_page(browser, round(PRINTABLE_PX), 900)
    try:
        open_dashboard(page, voila_url, notebook)
        page.wait_for_function(CHARTS_DRAWN, timeout=180_000)
        screen_only = SCREEN_ONLY.get(notebook)
        if screen_only:
            page.wait_for_selector(screen_only[0], state="visible")
        page.emulate_media(media="print")
        if screen_only:
            assert page.locator(screen_only[0]).is_hidden(), f"{screen_only[0]} printed"
        shown = page.evaluate("() => ['.cchc-nav', '.cchc-controls', '.cchc-workbook', '.cchc-lang', "
                              "'.vega-embed summary']\n"
                              "            .map(s => [s, document.querySelector(s)]).filter(([s, el]) => el)"
                              ".map(([s, el]) => [s, el.getClientRects().length > 0])")
        assert len(shown) == 5 and not [s for s, drawn in shown if drawn], shown  # present on screen, not on paper
        assert page.evaluate(TOO_WIDE, PRINTABLE_PX) == []
        assert page.evaluate(CLIPPED) == []
        title = flat(page.inner_text(".cchc-print-title"))
        paragraph = flat(page.inner_text(".cchc-paragraph p")) if notebook.startswith("06_") else ""
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"print_{notebook.removesuffix('.ipynb')}.png"), full_page=True)
        pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        (SHOTS / f"print_{notebook.removesuffix('.ipynb')}.pdf").write_bytes(pdf)
        boxes = {
            (float(m.group(3)), float(m.group(4)))
            for m in re.finditer(rb"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        }
        assert boxes, "no page in the PDF"
        for w, h in boxes:  # every page A4 and wider than tall (Chromium rounds to its pixel grid)
            assert abs(w - A4_LANDSCAPE[0]) < 2 and abs(h - A4_LANDSCAPE[1]) < 2, boxes
        pages, text = pdf_text(pdf)
        units, least = EXPECTED[notebook]
        assert pages >= least, f"{pages} page(s): content cut?"
        # The title block (print only), in the page's language, on the first page.
        page_title = t(next(p.title for p in dashboards() if p.notebook == notebook), "vi")
        when = "Giai đoạn: 2019–2025" if notebook.startswith("02_") else f"Năm: {YEAR}"
        for words in (page_title, "Tỉnh Minh An", "dữ liệu mô phỏng", when, f"Khối: {DEPARTMENTS}",
                      f"In ngày {date.today():%d/%m/%Y}"):
            assert words.lower() in title.lower(), (words, title)
            assert words.lower() in text.lower(), (words, text[:600])
        if notebook[:2] in ("03", "05", "06"):
            assert "Đơn vị: " in title  # the unit shown
        assert text.index(page_title) < 400, text[:600]  # heads the first page
        if screen_only:
            assert screen_only[1] not in text, screen_only[1]
        missing = [u for u in units if u not in text]
        assert not missing, f"units not printed: {missing}"
        if paragraph:  # the profile's paragraph printed whole: its last words too
            assert paragraph[-60:] in text, (paragraph[-60:], text)
        assert f"1 / {pages}" in text and f"{pages} / {pages}" in text, "page numbers"  # @page margin boxes
    finally:
        close(context, page)
