"""Tables shown on a dashboard, as the bytes of an Excel workbook or a CSV file (pure functions).

A dashboard shows a table as HTML; the viewer downloads *that* table, with its column names and
cells as shown (Vietnamese or English, bands as words), so :func:`tables_of_html` reads the
markup back. Numbers written in the page's language ("85,53", "+1,20", "1.234") become
numbers again, so that Excel can sort and sum them; everything else stays text.

A cell that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return: CSV/formula injection, e.g. a unit named ``=HYPERLINK(…)`` in an
uploaded workbook) is written with a leading apostrophe (:func:`neutralise`), which shows the
text as written. Nothing is written to disk: the bytes go to the page as a data URL.
"""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser

import pandas as pd

#: What starts a formula in Excel, LibreOffice or Google Sheets (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

_NUMBER = {
    # Vietnamese: "." groups thousands, "," is the decimal mark; English the other way round.
    "vi": re.compile(r"^[+\-−]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"),
    "en": re.compile(r"^[+\-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"),
}


def parse_number(text: str, lang: str) -> int | float | None:
    """The number ``text`` shows in ``lang`` ("85,53" in Vietnamese, "85.53" in English; a
    leading + or minus sign allowed), or None when it is not exactly a number ("1/17", "Tốt")."""
    text = text.strip()
    if not _NUMBER["en" if lang == "en" else "vi"].match(text):
        return None
    group, decimal = (",", ".") if lang == "en" else (".", ",")
    plain = text.replace("−", "-").replace(group, "").replace(decimal, ".")
    return float(plain) if "." in plain else int(plain)


def neutralise(value: object) -> object:
    """``value`` unchanged, except text a spreadsheet would run as a formula, which gets a
    leading apostrophe (shown as the text itself)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Tables(HTMLParser):
    """Collects every ``<table>``: its header row (the ``<thead>`` row) and its other rows, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str] | None, list[list[str]]]] = []
        self._head: list[str] | None = None
        self._rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._head, self._rows = None, []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._head = self._row
            else:
                self._rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self.tables.append((self._head, self._rows))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _unique(names: list[str]) -> list[str]:
    """Column names made unique as a spreadsheet reader expects ("Chỉ số", "Chỉ số (2)"):
    a table may repeat a heading (from → to)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def tables_of_html(markup: str, lang: str) -> list[pd.DataFrame]:
    """Every table in ``markup`` as a frame: columns named by its header row as shown (a table
    without one gets 1, 2, …), cells as shown, numbers in ``lang``'s notation as numbers."""
    parser = _Tables()
    parser.feed(markup)
    parser.close()
    frames = []
    for head, rows in parser.tables:
        width = max([len(head or [])] + [len(r) for r in rows])
        names = _unique([(head[i] if head and i < len(head) else "") or str(i + 1) for i in range(width)])
        cells = [[(lambda s: s if (n := parse_number(s, lang)) is None else n)(r[i]) if i < len(r) else None
                  for i in range(width)] for r in rows]
        frames.append(pd.DataFrame(cells, columns=names, dtype=object))
    return frames


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV with a byte-order mark (Excel then reads the Vietnamese letters
    right), "." as the decimal mark, formula-like text neutralised."""
    safe = frame.rename(columns=lambda c: neutralise(str(c))).map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """``frame`` as an Excel workbook of one sheet named ``sheet`` (cut to Excel's 31 characters,
    without the characters Excel refuses), formula-like text neutralised, columns widened to fit."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = (re.sub(r"[\[\]:*?/\\]", " ", sheet).strip() or "Sheet1")[:31]
    ws.append([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if v is None or (isinstance(v, float) and v != v) else neutralise(v) for v in row])
    for i, col in enumerate(frame.columns, start=1):
        longest = max([len(str(col))] + [len(str(v)) for v in frame.iloc[:, i - 1] if v is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def file_stem(*parts: str) -> str:
    """A file name (without extension) made of ``parts`` in plain ASCII: accents removed
    ("Tổng quan" → "tong_quan"), anything but letters and digits turned into "_"."""
    text = "_".join(parts).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_").lower() or "bang"
