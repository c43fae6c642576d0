"""Downloads in a real browser: a chart as PNG and SVG from its menu, a table as Excel and CSV,
each file opened and compared with what the page shows, at 390 px and 1440 px."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from .conftest import close, open_page
from .helpers import open_dashboard, wait_chart

SHOTS = Path(__file__).resolve().parents[2] / "out"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

FIRST_ROW = """() => {
  const cells = Array.from(document.querySelectorAll('.cchc-ranking table tbody tr:first-child td'));
  const heads = Array.from(document.querySelectorAll('.cchc-ranking table thead th')).map(h => h.innerText.trim());
  return [heads, cells.map(c => c.innerText.trim())];
}"""


def download(page, click: str) -> bytes:
    """Click ``click`` and return the bytes of the file the browser saves, and its name."""
    with page.expect_download() as info:
        page.click(click)
    d = info.value
    return Path(d.path()).read_bytes(), d.suggested_filename


def chart_file(page, label: str) -> tuple[bytes, str]:
    """Open the overview chart's "…" menu and save the chart with the action ``label``."""
    if not page.eval_on_selector(".cchc-chart details", "d => d.open"):
        page.click(".cchc-chart summary")
    page.wait_for_selector(f".cchc-chart .vega-actions a:has-text('{label}')", state="visible")
    return download(page, f".cchc-chart .vega-actions a:has-text('{label}')")


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900)])
def test_chart_and_table_downloads_open(voila_url, browser, width, height):
    context, page = open_page(browser, width, height)
    try:
        open_dashboard(page, voila_url, "01_tong_quan.ipynb")
        wait_chart(page, ".cchc-chart")
        heads, first = page.evaluate(FIRST_ROW)
        row = dict(zip(heads, first))
        unit = row["Đơn vị"]

        png, png_name = chart_file(page, "Tải ảnh PNG")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"d1_{width}_chart_menu.png"))
        assert png_name == "01_tong_quan_chart.png" and png[:8] == PNG_SIGNATURE
        w, h = struct.unpack(">II", png[16:24])  # the IHDR chunk: width, height
        assert 400 < w < 4000 and 300 < h < 4000, (w, h)

        svg, svg_name = chart_file(page, "Tải ảnh SVG")
        assert svg_name == "01_tong_quan_chart.svg"
        texts = [el.text for el in ET.fromstring(svg).iter() if el.tag.endswith("text") and el.text]
        assert unit in texts and "Chỉ số CCHC theo đơn vị" in texts, texts[:20]

        xlsx, xlsx_name = download(page, ".cchc-ranking .cchc-downloads a[data-kind='xlsx']")
        assert xlsx_name == "01_tong_quan_ranking.xlsx"
        sheet = list(openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
        assert [c for c in sheet[0] if c] == heads  # every column, STT and Điểm too (hidden on phones only)
        got = dict(zip(sheet[0], sheet[1]))
        assert got["Đơn vị"] == unit and got["Xếp hạng"] == row["Xếp hạng"] == "1/17"
        assert got["Chỉ số (%)"] == float(row["Chỉ số (%)"].replace(",", "."))  # "99,45" shown, 99.45 stored
        assert got["Xếp loại"] == row["Xếp loại"]

        csv, csv_name = download(page, ".cchc-ranking .cchc-downloads a[data-kind='csv']")
        assert csv_name == "01_tong_quan_ranking.csv"
        frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
        assert list(frame.columns) == heads and len(frame) == 17
        assert frame.loc[0, "Đơn vị"] == unit and frame.loc[0, "Điểm"] == float(row["Điểm"].replace(",", "."))
        assert not page.errors, page.errors
    finally:
        close(context, page)
