"""Published ranking tables read as published: a decision's annex, a neighbour's table, a national one.

:func:`read_published` reads the table as it was printed, without anyone rewriting it first:

- a CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text", with its BOM) or
  Windows-1258 (what Excel on a Vietnamese Windows saves as CSV), separated by commas,
  semicolons or tabs; or every sheet of an .xlsx that holds a table (openpyxl, so that merged
  cells are seen: a merged cell's value fills its whole range, as it is printed);
- the header is the line among the first :data:`HEADER_SEARCH` rows naming most known columns,
  under titles and notes; a header over two lines ("Điểm các lĩnh vực" over each area) is read
  as one, and a line of column numbers under it ("(1) (2) (3)") is passed over;
- headers in their usual spellings (:data:`HEADERS`): TT / STT; Tên đơn vị / Tên cơ quan, đơn vị
  / Đơn vị; Tổng điểm / Điểm đánh giá / Điểm; Điểm tối đa; Chỉ số; Xếp hạng / Vị thứ / Thứ hạng
  (Thứ tự xếp hạng where no other column is the rank); Xếp loại; Khối; Năm. Another column whose
  cells are all numbers is a component of the total (area points, direct assessment, survey
  points), unless its header says it is not one (self-assessment, change since last year, notes,
  another year's figure, a second column of a known name);
- a section row ("I. KHỐI SỞ, BAN, NGÀNH"; "II" in the TT column and "UBND cấp huyện" beside it;
  one text merged across the row) makes its text, without the numbering, the group of the rows
  under it; a group column does the same row by row. Rows above every section take ``group=``,
  else (several sheets) the sheet's name, else :data:`DEFAULT_GROUP`. Summary rows ("Tổng cộng",
  "Giá trị trung bình") and rows that print no figure are left out and listed in
  ``attrs["skipped"]``;
- the year from a year column, else ``year=``, else the title ("… NĂM 2021");
- numbers as printed: a decimal comma ("86,8"); "97,685", which Python would read as 97685, is
  read as 97.685 wherever the thousands reading exceeds the largest value the column can hold
  (the row's maximum points, else 100, for scores and components; 100 for an index; the number
  of rows for a rank), and refused with the reason only where both readings are possible; an
  index with "%" ("94,49%", or a cell Excel formats as a percentage); a rank written "4/20"
  gives the rank and ``rank_of``; a dash is a blank.

Every problem names the file, the sheet (xlsx), the row as Excel or a text editor shows it and
the column as header and letter, in Vietnamese and English, all of them raised together in one
:class:`~cchc_dash.core.errors.ValidationError` (a missing or undecodable file included).

:func:`check_file` is the whole check of a file for a command line: read, check
(:func:`cchc_dash.analyses.published_check.check_published`), describe, and an exit status.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.published_check import check_published, checked_fields
from ..core.bands import BandScheme
from ..core.errors import Located, Problem, ValidationError, interval, number
from ..core.parsing import integer, nfc, numeric, text_cells
from ..core.scoring import TOTALS_HEADERS, header_key
from ..core.validation import POINT_TOL
from ..render.published_report import describe_disagreements, summary_line

#: The group of a table's units where nothing names one (no section, no group column, no ``group=``).
DEFAULT_GROUP = "Tất cả đơn vị"
#: Rows searched for the header line (titles, the decision's number and notes come above it).
HEADER_SEARCH = 20
#: The largest score a unit can have where the table prints no maximum: every provincial and
#: national PAR INDEX methodology is out of 100 points.
SCORE_CAP = 100.0

#: Each column of the frame and the headers that name it, compared by
#: :func:`~cchc_dash.core.scoring.header_key`; for each column the first spelling present is
#: taken ("Tổng điểm" before "Điểm", so that "Điểm đánh giá" beside a "Tổng điểm" is a component).
#: The order of the columns is the order they are looked for: the rank takes "Thứ tự xếp hạng"
#: only where no other column is the rank, and TT takes it otherwise.
HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "unit_name", "unit_id", *TOTALS_HEADERS["unit"], "tên cơ quan, đơn vị, địa phương",
             "tên địa phương", "địa phương", "tên sở, ban, ngành", "sở, ban, ngành", "tỉnh, thành phố",
             "tên tỉnh, thành phố"),
    "score": ("score", "score_points", *TOTALS_HEADERS["score"], "tổng số điểm", "tổng điểm đánh giá"),
    "max_points": ("max_points", *TOTALS_HEADERS["max_points"]),
    "published_index": ("index", "index_pct", "par_index_pct", "chỉ số", "chỉ số cchc", "chỉ số cải cách hành chính",
                        "chỉ số par index", "kết quả chỉ số", "tỷ lệ"),
    "published_rank": ("rank", "xếp hạng", "vị thứ", "thứ hạng", "thứ tự xếp hạng"),
    "published_rank_of": ("rank_of", "tổng số đơn vị", "số đơn vị xếp hạng"),
    "published_band": ("band", "xếp loại", "mức xếp loại", "kết quả xếp loại", "phân loại", "loại"),
    "group": ("group", "unit_type", *TOTALS_HEADERS["group"], "loại đơn vị"),
    "year": ("year", *TOTALS_HEADERS["year"]),
    "order": ("tt", "stt", "số tt", "số thứ tự", "thứ tự", "thứ tự xếp hạng"),
}
#: A header naming a year ("Năm 2020", "Xếp hạng 2021"): a figure of another year, not a component.
_YEAR_HEADER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: Numeric columns that are not components of the total: words in their header.
NOT_COMPONENTS = ("tự đánh giá", "tự chấm", "so với", "tăng", "giảm", "thay đổi", "chênh lệch", "ghi chú",
                  "năm trước", "change", "note", "self")
#: Rows that sum up the table rather than rank a unit: their whole name ("Tổng cộng", "Giá trị trung bình").
SUMMARY = re.compile(r"(?:tổng cộng|tổng số|tổng|cộng|giá trị trung bình|điểm trung bình|trung bình chung|"
                     r"trung bình|bình quân)(?:\s+(?:chung|toàn tỉnh|cả tỉnh|của khối|các đơn vị))?\s*:?",
                     re.IGNORECASE)
#: The numbering of a section ("I.", "II -", "A)", "1.") before its name.
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d{1,2})\s*[.)/:–—-]\s*")
#: A unit cell that opens a section by its numbering alone ("I. Khối sở", "B) UBND cấp huyện").
_SECTION_NAME = re.compile(r"^\s*(?:[IVXLC]+|[A-Z])\s*[.)]\s+\S")
#: An order cell that opens a section: a Roman numeral or a capital letter, not a unit's number.
_SECTION_ORDER = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
#: A cell of the line of column numbers under a header: "(1)", "2", "(7)=(3)+(4)", "A".
_COLUMN_NUMBER = re.compile(r"^\(?[0-9A-Za-z]{1,3}\)?(?:\s*=.*)?$")
#: Text that is a number as printed ("86,8", "97.685", "-1,5", "94,49%").
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)*\s*%?$")
#: A decimal comma with three decimals, read as thousands by Python: "97,685".
_THREE_DECIMALS = re.compile(r"^-?\d{1,3},\d{3}$")
_YEAR = re.compile(r"năm\s+(\d{4})(?!\d)", re.IGNORECASE)
#: A date ("ngày 05 tháng 01 năm 2022", the decision's own date): its year is not the table's.
_DATE = re.compile(r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_DASHES = {"-", "–", "—", "--"}
_OLE = b"\xd0\xcf\x11\xe0"
#: The columns whose cells say that a row publishes a unit's figures.
_FIGURES = ("score", "max_points", "published_index", "published_rank", "published_rank_of", "published_band")
_SPELLINGS = {s for spellings in HEADERS.values() for s in spellings}


@dataclass
class _Table:
    """One table as found in a sheet or CSV: the rows above its header (titles), its header texts,
    the position of each known column and of each candidate component (with its header), and the
    rows under the header, each with its source row number."""

    sheet: str | None
    title: list[list[object]]
    headers: list[str | None]
    columns: dict[str, int]
    components: list[tuple[int, str]]
    body: list[tuple[int, list[object]]]


def read_published(path: str | Path, year: int | None = None, group: str | None = None) -> pd.DataFrame:
    """The ranking table in ``path`` (CSV or xlsx) as a frame, as the module docstring reads it.

    Columns: ``year``, ``group``, ``unit``, ``score`` and, where the table has them,
    ``max_points``, ``published_index``, ``published_rank``, ``published_rank_of``,
    ``published_band`` and ``component_1``, ``component_2``, … (one per component of the total,
    in the order of the table). ``attrs["headers"]`` gives each column's header as printed,
    ``attrs["source"]`` the file's name and ``attrs["skipped"]`` the rows left out (sheet, row,
    text). A unit printed without a score has NaN there (it is not ranked). Raises
    :class:`ValidationError` listing every problem, the file's name in each.
    """
    path = Path(path)
    problems: list[Problem] = []
    tables: list[_Table] = []
    sheets = read_cells(path)
    for sheet, rows in sheets:
        table = _find_table(sheet, rows)
        if table is not None:
            tables.append(table)
    if not tables:
        needed = "Tên đơn vị, Tổng điểm"
        raise ValidationError([Problem(
            path.name, None, None,
            f"không tìm thấy dòng tiêu đề của bảng trong {HEADER_SEARCH} dòng đầu (cần ít nhất các cột: {needed})",
            f"no table header found in the first {HEADER_SEARCH} rows (columns needed at least: {needed})",
            sheets[0][0] if len(sheets) == 1 else None)])
    parts, skipped = [], []
    components: dict[str, str] = {}
    for table in tables:
        default = group if group is not None else table.sheet if len(tables) > 1 else DEFAULT_GROUP
        part, left_out = _read_table(path.name, table, year, default, components, problems)
        if part is not None:
            parts.append(part)
        skipped += left_out
    if problems:
        raise ValidationError(problems)
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    order = ["year", "group", "unit", "score", "max_points", "published_index", "published_rank",
             "published_rank_of", "published_band"] + sorted(components.values(), key=lambda c: int(c.split("_")[1]))
    frame = frame[[c for c in order if c in frame.columns]].reset_index(drop=True)
    headers: dict[str, str] = {}
    for table in tables:
        for key, j in table.columns.items():
            if key in frame.columns and table.headers[j] is not None:
                headers.setdefault(key, str(table.headers[j]))
    headers.update({key: header for header, key in components.items()})
    frame.attrs = {"source": path.name, "headers": headers, "skipped": skipped}
    return frame


def check_file(path: str | Path, year: int | None = None, group: str | None = None,
               scheme: BandScheme | str | None = None, lang: str = "vi") -> tuple[int, list[str]]:
    """Read, check and describe one published table, for a command line: (exit status, lines).

    0: no disagreement (one line: the file, its units, what was checked); 1: disagreements found
    (that line, then one line each,
    :func:`~cchc_dash.render.published_report.describe_disagreements`); 2: the file or the scheme
    cannot be read (every problem, one line each, in ``lang``).
    """
    try:
        frame = read_published(path, year=year, group=group)
        found = check_published(frame, scheme)
    except ValidationError as exc:
        return 2, exc.text(lang).splitlines()
    fields = checked_fields(frame, BandScheme.coerce(scheme))
    head = summary_line(Path(path).name, len(frame), len(found), fields, lang)
    return (1 if len(found) else 0), [head, *describe_disagreements(found, lang)]


# -- opening the file ----------------------------------------------------------------------

def _refuse(path: Path, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(path.name, None, None, vi, en)])


def read_cells(path: str | Path) -> list[tuple[str | None, list[list[object]]]]:
    """Every visible sheet of an .xlsx, or the CSV, as (sheet name or None, rows of cell values); row i
    is source row i + 1, a blank cell None, a merged range filled with its value.

    A missing file, a folder, an empty file, an old .xls, a damaged workbook and text in no
    encoding we read are refused with the reason, never a bare OS or codec error.
    """
    path = Path(path)
    if not path.exists():
        raise _refuse(path, "không tìm thấy tệp", "the file does not exist")
    if path.is_dir():
        raise _refuse(path, "đây là một thư mục, cần một tệp .csv hoặc .xlsx",
                      "this is a folder; a .csv or .xlsx file is needed")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"không đọc được tệp ({exc.strerror})",
                      f"the file cannot be read ({exc.strerror})") from exc
    if not data:
        raise _refuse(path, "tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if data[:4] == _OLE or suffix == ".xls":
        raise _refuse(path, "tệp Excel cũ (.xls) hoặc được bảo vệ bằng mật khẩu: mở bằng Excel và lưu lại dạng .xlsx",
                      "an old Excel file (.xls) or a password-protected one: open it in Excel and save it as .xlsx")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return [(None, _csv_rows(path, data))]
    raise _refuse(path, "chỉ đọc được tệp .csv hoặc .xlsx", "only .csv and .xlsx files can be read")


def _decode(path: Path, data: bytes) -> str:
    """The text of a CSV: UTF-16 or UTF-8 when its BOM says so, else UTF-8, else Windows-1258."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encodings = ["utf-16"]
    elif data[:3] == codecs.BOM_UTF8:
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp1258"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(path,
                  "không giải mã được tệp: không phải UTF-8, UTF-16 hay Windows-1258 — hãy lưu lại dạng CSV UTF-8",
                  "the file cannot be decoded: it is not UTF-8, UTF-16 or Windows-1258 — save it again as CSV UTF-8")


def _csv_rows(path: Path, data: bytes) -> list[list[object]]:
    """A CSV's rows of text cells (blank → None), its separator the one that gives most rows of one width."""
    text = _decode(path, data)
    if "\x00" in text:
        raise _refuse(path, "không phải tệp văn bản CSV (có ký tự NUL)",
                      "not a CSV text file (it holds NUL characters)")
    sample = text.splitlines()[:60]

    def fit(delimiter: str) -> tuple[int, int]:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if len(r) > 1]
        if not widths:
            return 0, 0
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        return widths.count(common), common

    delimiter = max((",", ";", "\t"), key=fit)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _refuse(path, f"không đọc được tệp CSV ({exc})", f"not a readable CSV file ({exc})") from exc
    return [[None if not v.strip() else v for v in row] for row in rows]


def _xlsx_sheets(path: Path) -> list[tuple[str | None, list[list[object]]]]:
    """Every visible sheet's rows of values, merged ranges filled with their value, percentages as printed."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from .xlsx_guard import check_xlsx

    check_xlsx(path)  # a zip bomb is refused before openpyxl expands it in memory
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(path, f"tệp .xlsx bị hỏng, không đọc được ({type(exc).__name__})",
                      f"the .xlsx file is damaged and cannot be read ({type(exc).__name__})") from exc
    sheets: list[tuple[str | None, list[list[object]]]] = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [[_cell_value(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        for cells in ws.merged_cells.ranges:
            value = rows[cells.min_row - 1][cells.min_col - 1]
            for r in range(cells.min_row - 1, cells.max_row):
                for c in range(cells.min_col - 1, cells.max_col):
                    rows[r][c] = value
        sheets.append((ws.title, rows))
    book.close()
    return sheets or [(None, [])]


def _cell_value(value: object, number_format: str) -> object:
    """A cell as printed: a percentage cell (0.9449 shown "94,49%") as 94.49; blank text → None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return value * 100
    return value


# -- finding the table -----------------------------------------------------------------------

def _text(value: object) -> str | None:
    """A cell as NFC text without surrounding spaces; None for a blank."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = nfc(str(value))
    return text or None


def is_number(value: object) -> bool:
    """A number, or text that is a number as printed ("86,8", "97.685", "94,49%")."""
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float, np.integer, np.floating)) or (
        isinstance(value, str) and bool(_NUMBER_TEXT.match(value.strip())))


def _roles(headers: Sequence[str | None]) -> dict[str, int]:
    """Which column (position) holds each known column of :data:`HEADERS`, the first spelling present winning."""
    keys = [header_key(h) for h in headers]
    taken: dict[str, int] = {}
    for role, spellings in HEADERS.items():
        for spelling in spellings:
            j = next((j for j, k in enumerate(keys) if k == spelling and j not in taken.values()), None)
            if j is not None:
                taken[role] = j
                break
    return taken


def _header_lines(rows: list[list[object]], i: int) -> tuple[list[str | None], int]:
    """The header texts if the header starts on row ``i``, and its last row: a second line under it
    that fills columns it leaves blank, or names known columns, is read with it (its texts win)."""
    width = max(len(r) for r in rows[i : i + 2])
    line = [_text(v) for v in rows[i]] + [None] * (width - len(rows[i]))
    if i + 1 >= len(rows):
        return line, i
    below = [_text(v) for v in rows[i + 1]] + [None] * (width - len(rows[i + 1]))
    texts = {v for v in below if v is not None}
    fills = any(b is not None and a is None for a, b in zip(line, below))
    names = any(header_key(v) in _SPELLINGS for v in texts)
    if len(texts) >= 2 and (fills or names) and not any(is_number(v) for v in rows[i + 1]):
        return [b if b is not None else a for a, b in zip(line, below)], i + 1
    return line, i


def _find_table(sheet: str | None, rows: list[list[object]]) -> _Table | None:
    """The table of a sheet: its header the line of the first rows naming most known columns (a unit
    column and one more at least), and every row under it. None when no row qualifies."""
    best: tuple[int, int, list[str | None]] | None = None
    best_count = 1
    for i in range(min(HEADER_SEARCH, len(rows))):
        if not any(header_key(v) in _SPELLINGS for v in rows[i]):
            continue  # a header's first line names a known column itself (a title above it does not)
        headers, end = _header_lines(rows, i)
        roles = _roles(headers)
        if "unit" in roles and len(roles) > best_count:
            best, best_count = (i, end, headers), len(roles)
    if best is None:
        return None
    start, end, headers = best
    roles = _roles(headers)
    named = {header_key(headers[j]) for j in roles.values()}  # a second "Xếp hạng" is no component
    components = [
        (j, str(h)) for j, h in enumerate(headers)
        if h is not None and j not in roles.values() and header_key(h) not in named
        and not _YEAR_HEADER.search(h) and not any(w in header_key(h) for w in NOT_COMPONENTS)
    ]
    body = [(end + 2 + k, list(r) + [None] * (len(headers) - len(r))) for k, r in enumerate(rows[end + 1 :])]
    return _Table(sheet, rows[:start], headers, roles, components, body)


# -- reading the rows ------------------------------------------------------------------------

def _letter(j: int) -> str:
    """The spreadsheet letter of the 0-based column ``j`` (A, …, Z, AA, …)."""
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def section_name(row: Sequence[object], unit: int, order: int | None, lone_text: bool = True) -> str | None:
    """The group a section row opens ("I. KHỐI SỞ, BAN, NGÀNH" → "KHỐI SỞ, BAN, NGÀNH"), else None.

    ``unit`` and ``order`` are the positions of the unit and order (TT) columns. A section row
    holds one text only, merged across the row (in two cells or more), numbered ("II. UBND cấp
    huyện") or, with ``lone_text``, any; or has a Roman numeral or capital letter in the order
    column and its name in the unit column; or, with the order column blank, a unit cell
    numbered that way ("I. Khối sở", even with the group's average beside it).
    """
    cells = [t for t in (_text(v) for v in row) if t is not None]
    texts = list(dict.fromkeys(cells))
    number = _text(row[order]) if order is not None else None
    name = _text(row[unit])
    if len(texts) == 1 and not is_number(texts[0]) and (
            lone_text or len(cells) > 1 or _SECTION_NAME.match(texts[0])):
        return _SECTION_NUMBER.sub("", texts[0]) or texts[0]
    if name is not None and name != number and (
            (number is not None and _SECTION_ORDER.match(number)) or (number is None and _SECTION_NAME.match(name))):
        return _SECTION_NUMBER.sub("", name) or name
    return None


def _read_table(source: str, table: _Table, year: int | None, default_group: str,
                components: dict[str, str], problems: list[Problem]) -> tuple[pd.DataFrame | None, list[dict]]:
    """One table's units as frame rows (None if it has problems), and the rows it left out.

    ``components`` maps each component header seen so far to its frame column, so that the same
    component in two sheets is one column; new ones are added to it.
    """
    cols = table.columns

    def where(j: int) -> str:
        return f"{table.headers[j]} ({_letter(j)})"

    if "score" not in cols:
        problems.append(Problem(source, len(table.title) + 1, None,
                                "dòng tiêu đề thiếu cột tổng điểm (Tổng điểm / Điểm đánh giá / Điểm)",
                                "the header line has no total column (Tổng điểm / Điểm đánh giá / Điểm)", table.sheet))
        return None, []
    kept, skipped = _units(table, default_group)
    if not kept:
        problems.append(Problem(source, None, None, "bảng không có đơn vị nào có điểm",
                                "the table has no unit with figures", table.sheet))
        return None, skipped
    start = len(problems)
    loc = Located(source, sheet=table.sheet, rows=tuple(r for r, _, _ in kept))
    raw = pd.DataFrame({key: pd.Series([_blank_dash(row[j]) for _, row, _ in kept], dtype=object)
                        for key, j in cols.items()})
    out = pd.DataFrame(index=raw.index)
    out["year"] = _years(raw, table, year, loc, where, problems)
    out["group"] = [g for _, _, g in kept]
    out["unit"] = text_cells(raw["unit"])
    for pos in np.flatnonzero(out["unit"].isna().to_numpy()):
        problems.append(loc.problem(pos, where(cols["unit"]), "thiếu tên đơn vị", "the unit is blank"))
    caps = np.full(len(raw), SCORE_CAP)
    if "max_points" in cols:
        out["max_points"] = _numbers(raw["max_points"], caps, where(cols["max_points"]), loc, problems)
        bad = (out["max_points"] <= 0) | (out["max_points"] > SCORE_CAP)
        for pos in np.flatnonzero(bad.to_numpy()):
            value = out["max_points"].iloc[pos]
            problems.append(loc.problem(pos, where(cols["max_points"]),
                                        f"điểm tối đa {number(value, 'vi')} nằm ngoài (0; {number(SCORE_CAP, 'vi')}]",
                                        f"maximum points {value:g} is outside (0, {SCORE_CAP:g}]"))
        caps = np.where(out["max_points"].to_numpy(dtype=float) > 0, out["max_points"].fillna(SCORE_CAP), SCORE_CAP)
    out["score"] = _numbers(raw["score"], caps, where(cols["score"]), loc, problems)
    _in_range(out["score"], caps, where(cols["score"]), ("điểm", "score"), loc, problems)
    if "published_index" in cols:
        label, hundred = where(cols["published_index"]), np.full(len(raw), 100.0)
        out["published_index"] = _numbers(raw["published_index"].map(_without_percent), hundred, label, loc, problems)
        _in_range(out["published_index"], hundred, label, ("chỉ số", "index"), loc, problems)
    _ranks(raw, out, cols, where, loc, problems)
    if "published_band" in cols:
        out["published_band"] = text_cells(raw["published_band"])
    for j, header in table.components:
        values = pd.Series([_blank_dash(row[j]) for _, row, _ in kept], dtype=object)
        if values.isna().all() or not all(v is None or is_number(v) for v in values):
            continue  # empty, or text (a note, a province's name): not a component of the total
        column = components.setdefault(header, f"component_{len(components) + 1}")
        out[column] = _numbers(values, caps, where(j), loc, problems)
    dup = (out.duplicated(["year", "group", "unit"]) & out["unit"].notna()).to_numpy()
    for pos in np.flatnonzero(dup):
        problems.append(loc.problem(pos, where(cols["unit"]), f"đơn vị '{out['unit'].iloc[pos]}' bị trùng trong khối",
                                    f"unit '{out['unit'].iloc[pos]}' appears twice in its group"))
    return (None if len(problems) > start else out), skipped


def _units(table: _Table, default_group: str) -> tuple[list[tuple[int, list[object], str]], list[dict]]:
    """The rows of a table that publish a unit's figures, each with its source row and group, and the
    rows left out (summary rows, rows without a figure) as {sheet, row, text}.

    Blank rows and a line of column numbers under the header are passed over; section rows set
    the group of the rows under them (not in a table with a group column, whose cells say it).
    """
    cols = table.columns
    group_col = cols.get("group")
    section: str | None = None
    kept: list[tuple[int, list[object], str]] = []
    skipped: list[dict] = []
    for row_number, row in table.body:
        texts = [t for t in (_text(v) for v in row) if t is not None]
        if not texts:
            continue
        if not kept and section is None and _is_column_numbers(row, cols, texts):
            continue
        opened = None if group_col is not None else section_name(row, cols["unit"], cols.get("order"))
        if opened is not None:
            section = opened
            continue
        unit = _text(row[cols["unit"]])
        order = _text(row[cols["order"]]) if "order" in cols else None
        figures = [row[cols[k]] for k in _FIGURES if k in cols]
        published = any(_text(_blank_dash(v)) is not None for v in figures) or any(
            is_number(row[j]) for j, _ in table.components)
        if unit is not None and order is None and SUMMARY.fullmatch(unit) or not published:
            skipped.append({"sheet": table.sheet, "row": row_number, "text": " | ".join(texts)})
            continue
        row_group = _text(row[group_col]) if group_col is not None else None
        kept.append((row_number, row, row_group or section or default_group))
    return kept, skipped


def _is_column_numbers(row: list[object], cols: dict[str, int], texts: list[str]) -> bool:
    """A line of column numbers under the header: "(1) (2) (3)…" or "1 2 3…", the unit cell blank or numbered."""
    unit = _text(row[cols["unit"]])
    return len(texts) >= 2 and all(_COLUMN_NUMBER.match(t) for t in texts) and (
        unit is None or bool(re.fullmatch(r"\(?\d{1,3}\)?", unit)))


def _blank_dash(value: object) -> object:
    """A dash printed for "nothing" is a blank cell; other values unchanged."""
    return None if isinstance(value, str) and value.strip() in _DASHES else value


def _without_percent(value: object) -> object:
    return value.strip().removesuffix("%").strip() if isinstance(value, str) else value


def _numbers(cells: pd.Series, caps: np.ndarray, label: str, loc: Located, problems: list[Problem]) -> pd.Series:
    """Cells as floats (blank → NaN), a three-decimal comma ("97,685") read as a decimal where the
    thousands reading exceeds the row's ``caps``, and refused with the reason where both fit."""
    cells = cells.reset_index(drop=True).astype(object)
    for pos, value in enumerate(cells):
        if isinstance(value, str) and _THREE_DECIMALS.match(value.strip()):
            text = value.strip()
            thousands = float(text.replace(",", ""))
            if abs(thousands) > caps[pos]:
                cells.iloc[pos] = text.replace(",", ".")
            else:
                decimal = float(text.replace(",", "."))
                problems.append(loc.problem(
                    pos, label,
                    f"'{text}' có thể là {thousands:.0f} (dấu phẩy hàng nghìn) hoặc {decimal:g}".replace(".", ",")
                    + f" (dấu phẩy thập phân): cả hai đều không vượt quá {caps[pos]:g} nên không đoán",
                    f"'{text}' could be {thousands:.0f} (thousands separator) or {decimal:g} (decimal comma): both "
                    f"are within {caps[pos]:g}, so it is not guessed"))
                cells.iloc[pos] = None
    return numeric(pd.DataFrame({label: cells}), label, loc, problems, False).astype(float)


def _in_range(values: pd.Series, caps: np.ndarray, label: str, what: tuple[str, str], loc: Located,
              problems: list[Problem]) -> None:
    """A problem for each value below 0 or above its row's cap (``what``: the value's name, vi and en)."""
    bad = (values < 0) | (values > caps + POINT_TOL)
    for pos in np.flatnonzero(bad.to_numpy()):
        problems.append(loc.problem(pos, label,
                                    f"{what[0]} {number(values.iloc[pos], 'vi')} nằm ngoài "
                                    f"{interval(0, caps[pos], 'vi')}",
                                    f"{what[1]} {values.iloc[pos]:g} is outside [0, {caps[pos]:g}]"))


def _ranks(raw: pd.DataFrame, out: pd.DataFrame, cols: dict[str, int], where: Callable[[int], str], loc: Located,
           problems: list[Problem]) -> None:
    """``published_rank`` and ``published_rank_of`` as whole numbers from 1 ("4/20" gives both)."""
    rank = raw["published_rank"].copy() if "published_rank" in cols else None
    rank_of = raw["published_rank_of"].copy() if "published_rank_of" in cols else None
    if rank is not None and rank_of is None:
        split = rank.map(lambda v: re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", v) if isinstance(v, str) else None)
        if split.notna().any():
            rank_of = split.map(lambda m: m[2] if m else None)
            rank = rank.where(split.isna(), split.map(lambda m: m[1] if m else None))
            cols = {**cols, "published_rank_of": cols["published_rank"]}
    cap = np.full(len(raw), float(len(raw)))  # no rank exceeds the number of units
    for key, cells in (("published_rank", rank), ("published_rank_of", rank_of)):
        if cells is None:
            continue
        label = where(cols[key])
        frame = pd.DataFrame({label: _numbers(cells, cap, label, loc, problems)})
        out[key] = integer(frame, label, loc, problems, False)
        for pos in np.flatnonzero((out[key] < 1).fillna(False).to_numpy()):
            problems.append(loc.problem(pos, label, f"thứ hạng {out[key].iloc[pos]} phải từ 1 trở lên",
                                        f"rank {out[key].iloc[pos]} must be 1 or more"))


def _years(raw: pd.DataFrame, table: _Table, year: int | None, loc: Located, where: Callable[[int], str],
           problems: list[Problem]) -> pd.Series:
    """Each row's year: the year column's, else ``year``, else the title's ("… NĂM 2021")."""
    if year is None:
        found = sorted({int(y) for row in table.title for v in row if isinstance(v, str)
                        for y in _YEAR.findall(_DATE.sub(" ", v))})
        if len(found) == 1:
            year = found[0]
        elif found and "year" not in table.columns:
            problems.append(Problem(loc.source, None, None,
                                    f"tiêu đề nêu nhiều năm ({', '.join(map(str, found))}): chỉ rõ năm (year=)",
                                    f"the title names several years ({', '.join(map(str, found))}): give the year "
                                    f"(year=)", loc.sheet))
            return pd.Series(pd.NA, index=raw.index, dtype="Int64")
    if "year" in table.columns:
        label = where(table.columns["year"])
        column = integer(pd.DataFrame({label: raw["year"]}), label, loc, problems, False)
        if year is not None:
            for pos in np.flatnonzero((column.notna() & (column != year)).to_numpy()):
                problems.append(loc.problem(pos, label, f"năm {column.iloc[pos]} khác năm của bảng ({year})",
                                            f"year {column.iloc[pos]} differs from the table's year ({year})"))
            column = column.fillna(year)
        for pos in np.flatnonzero(column.isna().to_numpy()):
            problems.append(loc.problem(pos, label, "ô trống, cần năm", "blank cell, a year is needed"))
        return column
    if year is None:
        problems.append(Problem(loc.source, None, None,
                                "không tìm thấy năm: ghi năm trong tiêu đề ('… NĂM 2021'), thêm cột Năm hoặc chỉ rõ "
                                "năm (year=)",
                                "no year found: put it in the title ('… NĂM 2021'), add a year column (Năm) or give "
                                "it (year=)", loc.sheet))
        return pd.Series(pd.NA, index=raw.index, dtype="Int64")
    return pd.Series(int(year), index=raw.index, dtype="Int64")
