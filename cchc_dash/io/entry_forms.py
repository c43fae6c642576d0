"""Entry sheets the way clerks work: one assessment form per unit and year, one table per group and year.

Provinces collect one form per unit (items down the page with their maximum, then the self score,
the appraised score, "không áp dụng", a note) and publish group tables (units down, items across).
:func:`write_forms` and :func:`write_group_sheets` add such sheets to a workbook: codes, names and
maxima are written (grey: not for typing), and every score cell is checked by Excel against its own
item's maximum. :func:`read_entry_sheet` finds them again by their header block (the labels "Mã đơn
vị:", "Tên đơn vị:", "Khối:", "Năm:", "Điểm:" above the table), whatever the sheet is called, and
gathers score rows in :class:`Entries`, where every cell keeps its place (file, sheet, row, column):
the :class:`~cchc_dash.core.dataset.Dataset` checks (a score above the maximum, text where a number
is, an unknown unit or item, a blank cell) then name the cell the clerk typed, through
:class:`CellLocated`. Layouts may be mixed in one workbook or a folder of workbooks; the same (unit,
year, item) entered in two places is a problem naming both.

Group tables come one sheet per group, year and kind of score ("Điểm:" Thẩm định, Tự đánh giá or
Không áp dụng), so that each cell holds one number checked against its item's maximum; a workbook
may hold only the Thẩm định tables (self scores are then blank, every item applicable). Columns of
areas and criteria (subtotals in a published table) and columns whose header is not an item code
(Tổng điểm, Chỉ số, Xếp hạng) are left alone; so are rows of a form whose code is a word (Tổng cộng).

The module holds no file I/O: :mod:`cchc_dash.io.excel` reads and writes the workbooks and calls in here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.errors import Located, Problem, ValidationError
from ..core.parsing import nfc
from .excel import _blank, _key, _letter

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..core.dataset import Dataset

#: The layouts :func:`cchc_dash.io.excel.write_workbook` writes scores in.
LAYOUTS = ("form", "group", "long")

FORM_TITLE = "PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"
GROUP_TITLE = "BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH THEO KHỐI"
FORM_NOTE = (
    "Nhập điểm vào cột Tự đánh giá và Thẩm định (từ 0 đến điểm tối đa của tiêu chí; dấu phẩy thập phân được "
    "chấp nhận); đánh dấu x ở cột Không áp dụng nếu tiêu chí không áp dụng với đơn vị. Không sửa các ô màu xám."
)
GROUP_NOTE = (
    "Mỗi dòng một đơn vị, mỗi cột một tiêu chí thành phần (mã, nội dung, điểm tối đa ở đầu cột). Điểm từ 0 đến "
    "điểm tối đa; trang 'Không áp dụng': đánh dấu x. Không sửa các ô màu xám."
)
#: Form columns: (frame key, header written, width).
FORM_COLUMNS = (
    ("item_id", "Mã tiêu chí", 11),
    ("name_vi", "Nội dung", 60),
    ("max_points", "Điểm tối đa", 11),
    ("self_score", "Tự đánh giá", 12),
    ("score", "Thẩm định", 12),
    ("applicable", "Không áp dụng", 13),
    ("note", "Ghi chú", 30),
)
#: Headers accepted for each form column when reading (compared by :func:`_key`).
FORM_HEADERS = {
    "item_id": ("mã tiêu chí", "mã", "mã số", "stt", "tt"),
    "max_points": ("điểm tối đa", "tối đa", "điểm chuẩn"),
    "self_score": ("tự đánh giá", "điểm tự đánh giá", "tự chấm", "điểm tự chấm"),
    "score": ("thẩm định", "điểm thẩm định"),
    "applicable": ("không áp dụng", "kad"),
}
#: Labels of a sheet's header block (the cell to their right holds the value).
BLOCK_LABELS = {
    "mã đơn vị": "unit_id",
    "tên đơn vị": "unit_name",
    "đơn vị": "unit_name",
    "năm": "year",
    "năm đánh giá": "year",
    "khối": "group",
    "nhóm": "group",
    "điểm": "kind",
    "loại điểm": "kind",
}
#: The kind of score a group table holds, as its "Điểm:" cell says it; (word written, frame column).
KINDS = (("Thẩm định", "score"), ("Tự đánh giá", "self_score"), ("Không áp dụng", "applicable"))
#: The kind as said in a group table's sheet name (≤ 31 characters with the group and year).
KIND_SHEET = {"score": "Thẩm định", "self_score": "Tự đánh giá", "applicable": "Không AD"}
KIND_WORDS = {"thẩm định": "score", "điểm thẩm định": "score", "tự đánh giá": "self_score",
              "điểm tự đánh giá": "self_score", "không áp dụng": "applicable", "kad": "applicable"}
#: Headers of a group table's unit columns.
UNIT_HEADERS = {"mã đơn vị": "unit_id", "tên đơn vị": "unit_name", "đơn vị": "unit_name"}
#: Labels of a group table's header lines under the codes (item names, maxima).
SUBHEADERS = {"nội dung", "tên tiêu chí", "tiêu chí", "điểm tối đa", "tối đa"}
#: What marks an item not applicable (the "Không áp dụng" cells); blank means applicable.
NOT_APPLICABLE = {"x", "có", "kad", "không áp dụng", "yes", "true"}
#: Rows searched for a table's header line, as in :mod:`cchc_dash.io.excel`.
HEADER_SEARCH = 15
GREY = "F2F2F2"
PARENT_GREY = "D9D9D9"
HEADER_FILL = "DDEBF7"
#: Rows of a form: block labels on rows 2–5, note on 6, header on 7, items from 8.
FORM_HEADER_ROW = 7
#: Rows of a group table: block on 2–4, note on 5, codes on 6, names on 7, maxima on 8, units from 9.
GROUP_HEADER_ROW = 6
#: Characters Excel refuses in a sheet name, and its length limit.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def ident(value: object) -> str | None:
    """An id cell as text (2025.0 → "2025", NFC, trimmed), blank → None: how cells are matched."""
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or None


def _name_key(value: object) -> str | None:
    return " ".join(nfc(value).casefold().split()) if isinstance(value, str) and value.strip() else None


def _code_like(code: str) -> bool:
    """An item code has a digit ("1.2.3"); a word (Tổng, STT, Chỉ số) is not a code."""
    return any(ch.isdigit() for ch in code)


def natural(item_id: object) -> tuple:
    """Sort key putting "1.2" before "1.10" (methodology order)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(item_id).split("."))


# --- where each cell is ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One cell: file, sheet, Excel row, column as named in problems ("Thẩm định (E)") and its letter."""

    source: str
    sheet: str
    row: int
    column: str
    letter: str

    def cell(self) -> str:
        return f"{self.letter}{self.row}"


@dataclass
class CellLocated(Located):
    """Where each score row's cells are when rows come from many sheets and files.

    ``places[pos]`` maps a frame column (year, unit_id, item_id, self_score, score, applicable) to
    its cell; a column with no cell of its own (a score missing from a group's tables) is named at
    the row's item cell. Problems about no row in particular name the file only.
    """

    places: list[dict[str, Place]] = field(default_factory=list)

    def problem(self, pos: int | np.integer | None, column: str | None, vi: str, en: str) -> Problem:
        if pos is None or not 0 <= int(pos) < len(self.places):
            return Problem(self.source, None, column, vi, en, self.sheet)
        cells = self.places[int(pos)]
        place = cells.get(column or "") or cells["item_id"]
        return Problem(place.source, place.row, place.column, vi, en, place.sheet)


def _where(place: Place, other: Place) -> tuple[str, str]:
    """Where ``place`` is, said from ``other`` (its file named only when it is another file)."""
    vi, en = f"trang '{place.sheet}' ô {place.cell()}", f"sheet '{place.sheet}' cell {place.cell()}"
    if place.source != other.source:
        vi, en = f"{vi} của tệp {place.source}", f"{en} of the file {place.source}"
    return vi, en


SCORE_FIELDS = ("self_score", "score", "applicable")


@dataclass
class Entries:
    """Score rows gathered from every entry sheet (forms, group tables, long sheets), by (year, unit, item).

    A form row or a long-sheet row gives all three fields of its item; a group table gives one (its
    kind). A field given twice is a duplicate, reported where it is given the second time, naming
    the first place; the second value is not used (the workbook is refused anyway).
    ``explained`` holds cells whose problem is already said better (a data cell covered by a merged
    range, a unit missing from its group's Thẩm định table): the Dataset's "blank cell" there is left
    out of the problems.
    """

    rows: dict[tuple, dict] = field(default_factory=dict)
    places: dict[tuple, dict[str, Place]] = field(default_factory=dict)
    explained: set[tuple[str, str | None, int | None, str | None]] = field(default_factory=set)
    sheets: int = 0

    def add(self, year: object, unit: object, item: object, values: dict[str, object],
            places: dict[str, Place], problems: list[Problem]) -> None:
        """One item of one unit and year: ``values`` by field, ``places`` by frame column."""
        key = (ident(year), ident(unit), ident(item))
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = {"year": year, "unit_id": unit, "item_id": item, **values}
            self.places[key] = dict(places)
            return
        twice = [f for f in ("score", "self_score", "applicable") if f in values and f in row]
        if twice:
            first, here = self.places[key][twice[0]], places[twice[0]]
            vi, en = _where(first, here)
            problems.append(Problem(
                here.source, here.row, here.column,
                f"điểm của đơn vị '{key[1]}' năm {key[0]}, tiêu chí '{key[2]}' đã nhập ở {vi}: "
                f"mỗi tiêu chí chỉ nhập một lần",
                f"the score of unit '{key[1]}' in {key[0]}, item '{key[2]}' is already entered in {en}: "
                f"enter each item once",
                here.sheet,
            ))
            return
        row.update(values)
        self.places[key].update({f: places[f] for f in values})

    def add_merged(self, place: Place, span: str, problems: list[Problem]) -> None:
        """A data cell inside the merged range ``span``: named as merged, not read as a blank."""
        self.explained.add((place.source, place.sheet, place.row, place.column))
        problems.append(Problem(
            place.source, place.row, place.column,
            f"ô gộp ({span}): bỏ gộp ô và nhập mỗi điểm vào một ô riêng",
            f"merged cell ({span}): unmerge it and enter each score in its own cell",
            place.sheet,
        ))

    def explains(self, problem: Problem) -> bool:
        """True for a problem the Dataset found in a cell whose problem is already said (merged, unit missing)."""
        return (problem.source, problem.sheet, problem.row, problem.column) in self.explained

    def frame(self, source: str, problems: list[Problem]) -> tuple[pd.DataFrame, CellLocated]:
        """The score rows as a frame of cells as typed (the Dataset parses and checks them) and their places.

        A unit found in a group's Tự đánh giá or Không áp dụng table but in no Thẩm định table (nor
        form) is one problem, at its cell in the first table that lists it, not a blank per item."""
        missing: dict[tuple, Place] = {}
        for key, row in self.rows.items():
            if "score" not in row:
                place = self.places[key]["score"] = self.places[key]["unit_id"]
                missing.setdefault(key[:2], place)
        for (year, unit), place in missing.items():
            self.explained.add((place.source, place.sheet, place.row, place.column))
            problems.append(Problem(
                place.source, place.row, place.column,
                f"đơn vị '{unit}' năm {year} có trong bảng này nhưng không có điểm thẩm định (trong bảng Thẩm định "
                f"của khối hoặc phiếu của đơn vị)",
                f"unit '{unit}' in {year} is in this table but has no appraised scores (in its group's Thẩm định "
                f"table or its own form)",
                place.sheet,
            ))
        if not self.rows and self.sheets:  # forms printed for a year and not filled in yet
            problems.append(Problem(
                source, None, None,
                f"chưa có điểm nào được nhập: cả {self.sheets} trang nhập điểm (phiếu của đơn vị, bảng của khối) đều "
                f"để trống; nhập điểm thẩm định rồi mở lại tệp",
                f"no score has been entered yet: all {self.sheets} entry sheets (unit forms, group tables) are blank; "
                f"enter the appraised scores and open the file again",
            ))
            self.explained.add((source, None, None, None))  # the Dataset's "no score rows" says less
        rows = list(self.rows.values())
        frame = pd.DataFrame(
            {
                "year": pd.Series([r["year"] for r in rows], dtype=object),
                "unit_id": pd.Series([r["unit_id"] for r in rows], dtype=object),
                "item_id": pd.Series([r["item_id"] for r in rows], dtype=object),
                "self_score": pd.Series([r.get("self_score") for r in rows], dtype=object),
                "score": pd.Series([r.get("score") for r in rows], dtype=object),
                "applicable": pd.Series([r.get("applicable", True) for r in rows], dtype=object),
            }
        )
        return frame, CellLocated(source, places=list(self.places.values()))


# --- what the other sheets say: items that are parents, units by name ------------------------------------


@dataclass
class Context:
    """What reading an entry sheet needs from the Phương pháp and Đơn vị sheets (cells as typed)."""

    parents: dict[tuple[str | None, str | None], set[str]] = field(default_factory=dict)
    all_parents: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    maxima: dict[tuple[str | None, str | None, str], float] = field(default_factory=dict)
    unit_group: dict[str, str] = field(default_factory=dict)
    unit_by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, methodology: pd.DataFrame | None, units: pd.DataFrame | None) -> Context:
        """From the raw frames read from the workbook (either may be missing: its problem is reported)."""
        ctx = cls()
        if methodology is not None:
            for year, group, iid, pid, level, mx in zip(
                methodology["year"], methodology["group"], methodology["item_id"], methodology["parent_id"],
                methodology["level"], methodology["max_points"],
            ):
                key = (ident(year), ident(group))
                for parent in (ident(pid), ident(iid) if level in ("area", "criterion") else None):
                    if parent is not None:
                        ctx.parents.setdefault(key, set()).add(parent)
                        ctx.all_parents.add(parent)
                if ident(iid) is not None:
                    ctx.items.add(str(ident(iid)))
                    if isinstance(mx, (int, float)):
                        ctx.maxima[(*key, str(ident(iid)))] = float(mx)
        if units is not None:
            names: dict[str, list[str]] = {}
            for uid, name, group in zip(units["unit_id"], units["unit_name"], units["group"]):
                if ident(uid) is None:
                    continue
                ctx.unit_group[str(ident(uid))] = str(ident(group))
                if _name_key(name):
                    names.setdefault(str(_name_key(name)), []).append(str(ident(uid)))
            ctx.unit_by_name = {n: ids[0] for n, ids in names.items() if len(ids) == 1}
        return ctx

    def maximum(self, year: object, unit: object, item: str) -> float | None:
        """The item's maximum in the methodology of the unit's group that year (None: not known)."""
        return self.maxima.get((ident(year), self.unit_group.get(ident(unit) or ""), item))

    def parents_of(self, year: object, unit: object) -> set[str]:
        """Codes of areas and criteria for the unit's group in that year (all years' when unknown)."""
        group = self.unit_group.get(ident(unit) or "")
        return self.parents.get((ident(year), group), self.all_parents)


# --- reading ---------------------------------------------------------------------------------------------


def _block(rows: list[list], stop: int) -> dict[str, tuple[object, int, int]]:
    """The header block above row ``stop``: label key → (value, row index, column index of the value)."""
    found: dict[str, tuple[object, int, int]] = {}
    for i, row in enumerate(rows[:stop]):
        j = 0
        while j < len(row):
            key = BLOCK_LABELS.get(_key(row[j]))
            if key is None:
                j += 1
                continue
            at = next((k for k in range(j + 1, min(len(row), j + 4)) if not _blank(row[k])), None)
            if key not in found:
                found[key] = (None if at is None else row[at], i, j + 1 if at is None else at)
            j = (at if at is not None else j) + 1
    return found


def _merges(merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> dict[tuple[int, int], str]:
    """Every cell (row, column; 0-based) inside a merged range → the range as Excel writes it."""
    out = {}
    for (r0, c0), (r1, c1) in merges:
        span = f"{_letter(c0)}{r0 + 1}:{_letter(c1)}{r1 + 1}"
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = span
    return out


def _cell(rows: list[list], i: int, j: int | None) -> object:
    if j is None or i >= len(rows) or j >= len(rows[i]):
        return None
    return rows[i][j]


def applicable(value: object) -> bool | None:
    """A "Không áp dụng" cell: blank → applicable (True), x → not applicable (False), unclear → None."""
    if _blank(value):
        return True
    if isinstance(value, (bool, np.bool_)):
        return not bool(value)
    return False if _key(str(value)) in NOT_APPLICABLE else None


def _unclear_mark(place: Place, value: object) -> Problem:
    return Problem(
        place.source, place.row, place.column,
        f"'{value}' không rõ: đánh dấu x nếu tiêu chí không áp dụng, để trống nếu có áp dụng",
        f"'{value}' is unclear: mark x when the item is not applicable, leave it blank when it is",
        place.sheet,
    )


def _no_label(source: str, title: str, label: str, vi_what: str, en_what: str) -> Problem:
    return Problem(
        source, None, None,
        f"phần đầu trang thiếu ô '{label}' ({vi_what}): ghi nhãn '{label}' và giá trị ở ô bên phải",
        f"the sheet's header block has no '{label}' cell ({en_what}): write the label '{label}' and the value "
        f"in the cell to its right",
        title,
    )


def _unit_of(block: dict, rows: list[list], source: str, title: str, ctx: Context,
             problems: list[Problem]) -> tuple[object, Place] | None:
    """The unit a form is for: its id cell, else its name looked up in the unit list."""
    for key, header in (("unit_id", "Mã đơn vị"), ("unit_name", "Tên đơn vị")):
        if key in block and not _blank(block[key][0]):
            value, i, j = block[key]
            place = Place(source, title, i + 1, f"{header} ({_letter(j)})", _letter(j))
            if key == "unit_name":
                value = ctx.unit_by_name.get(_name_key(value) or "", value)
            return value, place
    if "unit_id" in block or "unit_name" in block:
        _, i, j = block.get("unit_id") or block["unit_name"]
        problems.append(Problem(source, i + 1, f"Mã đơn vị ({_letter(j)})", "ô trống: ghi mã hoặc tên đơn vị",
                                "blank cell: write the unit id or name", title))
    else:
        problems.append(_no_label(source, title, "Mã đơn vị:", "hoặc 'Tên đơn vị:'", "or 'Tên đơn vị:', unit name"))
    return None


def _year_of(block: dict, source: str, title: str, problems: list[Problem]) -> tuple[object, Place] | None:
    if "year" not in block:
        problems.append(_no_label(source, title, "Năm:", "năm đánh giá", "the year"))
        return None
    value, i, j = block["year"]
    return value, Place(source, title, i + 1, f"Năm ({_letter(j)})", _letter(j))


def _form_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """The form's header line: its index and the column of each field (item code and Thẩm định needed)."""
    known = {alias: key for key, aliases in FORM_HEADERS.items() for alias in aliases}
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        where: dict[str, int] = {}
        for j, v in enumerate(row):
            key = known.get(_key(v))
            if key is not None and key not in where:
                where[key] = j
        if {"item_id", "score"} <= set(where):
            return i, where
    return None


def _read_form(rows: list[list], spans: dict, header: tuple[int, dict[str, int]], title: str, source: str,
               ctx: Context, entries: Entries, problems: list[Problem]) -> None:
    """A unit's form: the unit and year from the header block, one score row per sub-criterion."""
    at, where = header
    block = _block(rows, at)
    unit, year = _unit_of(block, rows, source, title, ctx, problems), _year_of(block, source, title, problems)
    if unit is None or year is None:
        return
    parents = ctx.parents_of(year[0], unit[0])
    headers = {key: header_text for key, header_text, _ in FORM_COLUMNS}
    gathered = []
    for i in range(at + 1, len(rows)):
        code = ident(_cell(rows, i, where["item_id"]))
        fields = [f for f in SCORE_FIELDS if f in where]
        cells = {f: _cell(rows, i, where[f]) for f in fields}
        places = {f: Place(source, title, i + 1, f"{headers[f]} ({_letter(where[f])})", _letter(where[f]))
                  for f in fields}
        filled = [f for f in fields if not _blank(cells[f])]
        if code is None or code in parents:
            if filled:
                vi, en = (("có điểm nhưng thiếu mã tiêu chí", "a score without an item code") if code is None else (
                    f"'{code}' là lĩnh vực hoặc tiêu chí: điểm nhập ở các tiêu chí thành phần của nó, không ở dòng này",
                    f"'{code}' is an area or criterion: scores go on its sub-criteria, not on this row"))
                place = places[filled[0]]
                problems.append(Problem(source, place.row, place.column, vi, en, title))
            continue
        if not _code_like(code) and code not in ctx.items:
            continue  # a total or title row
        values: dict[str, object] = {"self_score": cells.get("self_score"), "score": cells["score"]}
        if "applicable" in cells:
            mark = applicable(cells["applicable"])
            if mark is None:
                problems.append(_unclear_mark(places["applicable"], cells["applicable"]))
            values["applicable"] = mark is not False
        _check_maximum(rows, i, where, ctx.maximum(year[0], unit[0], code), year[0], source, title, problems)
        j = where["item_id"]
        places.update(year=year[1], unit_id=unit[1],
                      item_id=Place(source, title, i + 1, f"Mã tiêu chí ({_letter(j)})", _letter(j)))
        for f in fields:
            if (i, where[f]) in spans:
                entries.add_merged(places[f], spans[(i, where[f])], problems)
        gathered.append((code, values, places, bool(filled)))
    if any(filled for *_, filled in gathered):  # a form left wholly blank: the unit is not entered
        for code, values, places, _ in gathered:
            entries.add(year[0], unit[0], code, values, places, problems)


def _check_maximum(rows: list[list], i: int, where: dict[str, int], known: float | None, year: object, source: str,
                   title: str, problems: list[Problem]) -> None:
    """A form's printed maximum that differs from the methodology's: a form of another year (or group)
    would have its scores checked against maxima the clerk did not see."""
    if "max_points" not in where or known is None:
        return
    printed = _cell(rows, i, where["max_points"])
    if isinstance(printed, (int, float)) and not isinstance(printed, bool) and abs(printed - known) > 1e-9:
        letter = _letter(where["max_points"])
        problems.append(Problem(
            source, i + 1, f"Điểm tối đa ({letter})",
            f"điểm tối đa trên phiếu ({_vi(printed)}) khác với bộ tiêu chí năm {ident(year)} ({_vi(known)}): "
            f"phiếu của năm khác? Dùng phiếu của năm {ident(year)}",
            f"the form's maximum ({printed:g}) differs from the {ident(year)} methodology ({known:g}): a form of "
            f"another year? Use the {ident(year)} form",
            title,
        ))


def _vi(value: float) -> str:
    """A number as Vietnamese writes it (decimal comma)."""
    return f"{value:g}".replace(".", ",")


def _group_header(rows: list[list]) -> tuple[int, dict[str, int], dict[int, str]] | None:
    """A group table's code line: its index, the unit columns, and the item code of each item column."""
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        units = {UNIT_HEADERS[_key(v)]: j for j, v in enumerate(row) if _key(v) in UNIT_HEADERS}
        if not units:
            continue
        codes = {j: str(ident(v)) for j, v in enumerate(row)
                 if j > min(units.values()) and j not in units.values() and ident(v) is not None}
        codes = {j: c for j, c in codes.items() if _code_like(c)}
        if codes:
            return i, units, codes
    return None


def _read_group(rows: list[list], spans: dict, header: tuple[int, dict[str, int], dict[int, str]], title: str,
                source: str, ctx: Context, entries: Entries, problems: list[Problem]) -> None:
    """A group table of one kind of score: units down, items across."""
    at, unit_cols, codes = header
    block = _block(rows, at)
    year = _year_of(block, source, title, problems)
    kind = "score"
    if "kind" in block:
        word, i, j = block["kind"]
        if _key(word) in KIND_WORDS:
            kind = KIND_WORDS[_key(word)]
        else:
            problems.append(Problem(
                source, i + 1, f"Điểm ({_letter(j)})",
                f"'{word}' không rõ: ghi Thẩm định, Tự đánh giá hoặc Không áp dụng",
                f"'{word}' is unclear: write Thẩm định (appraised), Tự đánh giá (self-assessed) or Không áp dụng "
                f"(not applicable)",
                title,
            ))
            return
    if year is None:
        return
    width = max((len(r) for r in rows), default=0)
    first_item = min(codes)
    for i in range(at + 1, len(rows)):
        labels = [_key(_cell(rows, i, j)) for j in unit_cols.values()]
        if any(label in SUBHEADERS for label in labels):
            continue
        filled = [j for j in range(first_item, width) if j not in unit_cols.values() and not _blank(_cell(rows, i, j))]
        if not filled:
            continue
        stray = [j for j in filled if j not in codes and _blank(_cell(rows, at, j))]  # "Tổng điểm": not ours
        for j in stray:
            problems.append(Problem(source, i + 1, f"({_letter(j)})", "có điểm nhưng cột không có mã tiêu chí",
                                    "a score in a column without an item code", title))
        key, j_unit = ("unit_id", unit_cols["unit_id"]) if "unit_id" in unit_cols and not _blank(
            _cell(rows, i, unit_cols["unit_id"])) else ("unit_name", unit_cols.get("unit_name"))
        unit = _cell(rows, i, j_unit)
        if _blank(unit):
            j = filled[0]
            problems.append(Problem(source, i + 1, f"({_letter(j)})", "có điểm nhưng thiếu mã hoặc tên đơn vị",
                                    "scores without a unit id or name", title))
            continue
        if key == "unit_name":
            unit = ctx.unit_by_name.get(_name_key(unit) or "", unit)
        assert j_unit is not None
        unit_place = Place(source, title, i + 1, f"{'Mã đơn vị' if key == 'unit_id' else 'Tên đơn vị'} "
                                                 f"({_letter(j_unit)})", _letter(j_unit))
        parents = ctx.parents_of(year[0], unit)
        for j, code in codes.items():
            if code in parents:
                continue  # a subtotal of an area or criterion
            label = f"{code} ({_letter(j)})"
            place = Place(source, title, i + 1, label, _letter(j))
            value = _cell(rows, i, j)
            if kind == "applicable":
                mark = applicable(value)
                if mark is None:
                    problems.append(_unclear_mark(place, value))
                value = mark is not False
            if (i, j) in spans:
                entries.add_merged(place, spans[(i, j)], problems)
            places = {kind: place, "year": year[1], "unit_id": unit_place,
                      "item_id": Place(source, title, at + 1, label, _letter(j))}
            entries.add(year[0], unit, code, {kind: value}, places, problems)


def read_entry_sheet(rows: list[list], merges: list[tuple[tuple[int, int], tuple[int, int]]], title: str,
                     source: str, ctx: Context, entries: Entries, problems: list[Problem]) -> bool:
    """Read one sheet if it is a unit's form or a group table (found by its header line and block).

    ``rows`` are the sheet's cells (row i is Excel row i + 1), ``merges`` its merged ranges as
    ((first row, first column), (last row, last column)), 0-based. Returns False for any other sheet
    (notes, pivot tables…), which is left alone.
    """
    spans = _merges(merges)
    form = _form_header(rows)
    if form is not None:
        _read_form(rows, spans, form, title, source, ctx, entries, problems)
        entries.sheets += 1
        return True
    group = _group_header(rows)
    if group is not None and {"year", "kind"} & set(_block(rows, group[0])):
        _read_group(rows, spans, group, title, source, ctx, entries, problems)
        entries.sheets += 1
        return True
    return False


def add_long_rows(frame: pd.DataFrame, loc: Located, labels: dict[str, str], entries: Entries,
                  problems: list[Problem]) -> None:
    """The rows of a long "Điểm" sheet (as :mod:`cchc_dash.io.excel` reads it) among the entries."""
    assert loc.rows is not None and loc.sheet is not None
    for pos, excel_row in enumerate(loc.rows):
        places = {k: Place(loc.source, loc.sheet, excel_row, label, label.rsplit("(", 1)[1].rstrip(")"))
                  for k, label in labels.items()}
        values = {"self_score": frame["self_score"].iloc[pos] if "self_score" in frame.columns else None,
                  "score": frame["score"].iloc[pos],
                  "applicable": frame["applicable"].iloc[pos] if "applicable" in frame.columns else True}
        for f in SCORE_FIELDS:
            places.setdefault(f, places["item_id"])
        entries.add(frame["year"].iloc[pos], frame["unit_id"].iloc[pos], frame["item_id"].iloc[pos], values,
                    places, problems)


# --- writing ---------------------------------------------------------------------------------------------


def sheet_name(text: str, suffix: str, taken: set[str]) -> str:
    """A sheet name: ``text`` (shortened with "…" if need be) then ``suffix`` (the year…), at most 31
    characters, without the characters Excel refuses, unique among ``taken`` (compared as Excel does,
    ignoring case) by a counter " (2)" after the suffix; the name is added to ``taken``."""
    text, suffix = (_BAD_SHEET_CHARS.sub("-", unicodedata.normalize("NFC", t)) for t in (text, suffix))
    text = text.strip().strip("'") or "Trang"
    n = 1
    while True:
        tail = suffix if n == 1 else f"{suffix} ({n})"
        room = SHEET_NAME_MAX - len(tail)
        name = (text if len(text) <= room else text[: room - 1].rstrip() + "…") + tail
        if name.casefold() not in taken:
            taken.add(name.casefold())
            return name
        n += 1


def _number(value: float) -> str:
    """A maximum as Excel's validation formula holds it (15 significant digits, no trailing .0)."""
    return format(float(value), ".15g")


def _decimal_check(ws: Worksheet, ranges: dict[float, list[str]]) -> None:
    """One "decimal between 0 and max" check per distinct maximum, over the given cells or ranges."""
    from openpyxl.worksheet.datavalidation import DataValidation

    for mx, cells in ranges.items():
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=_number(mx),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Điểm ngoài khoảng cho phép",
            error=f"Nhập một số từ 0 đến {_number(mx)} (điểm tối đa của tiêu chí).",
        )
        for cell in cells:
            dv.add(cell)
        ws.add_data_validation(dv)


def _mark_check(ws: Worksheet, cells: list[str]) -> None:
    """The "Không áp dụng" cells: x or blank."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if not cells:
        return
    dv = DataValidation(type="list", formula1='"x"', allow_blank=True, showErrorMessage=True,
                        errorTitle="Chỉ đánh dấu x", error="Đánh dấu x nếu tiêu chí không áp dụng, hoặc để trống.")
    for cell in cells:
        dv.add(cell)
    ws.add_data_validation(dv)


#: Cell styles of the entry sheets (registered once per workbook as named styles: setting a cell's
#: style by name is ten times faster in openpyxl than giving it a font and a fill of its own).
STYLES = {
    "CCHC tiêu đề": (True, HEADER_FILL),  # column headers
    "CCHC ô xám": (False, GREY),  # written for reading: codes, names, maxima, header values
    "CCHC mục cha": (True, PARENT_GREY),  # areas and criteria on a form
    "CCHC nhãn": (True, None),  # header block labels
    "CCHC ghi chú": (False, "FFF2CC"),  # the note under the header block
}


def _register_styles(book: Workbook) -> None:
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    for name, (bold, fill) in STYLES.items():
        if name not in book.named_styles:
            style = NamedStyle(name=name, font=Font(bold=bold), alignment=Alignment(wrap_text=True, vertical="top"))
            if fill:
                style.fill = PatternFill("solid", fgColor=fill)
            book.add_named_style(style)


def _put(ws: Worksheet, row: int, col: int, value: object, style: str | None = None) -> None:
    """Write one cell (text always as text, so a name like "=…" is never a formula), in a named style."""
    if value is not None and not isinstance(value, str) and pd.isna(value):
        value = None
    if isinstance(value, np.generic):
        value = value.item()
    cell = ws.cell(row=row, column=col, value=None)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if style:
        cell.style = style


def _head(ws: Worksheet, title: str, block: list[tuple[str, object]], note: str, width: int) -> None:
    """Title (row 1), the header block the reader recognises (label, value), the note under it."""
    from openpyxl.styles import Alignment, Font

    _put(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for i, (label, value) in enumerate(block):
        _put(ws, i + 2, 1, label, "CCHC nhãn")
        _put(ws, i + 2, 2, value, "CCHC ô xám")
    row = len(block) + 2
    _put(ws, row, 1, note, "CCHC ghi chú")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 36


def _items(methodology: pd.DataFrame) -> dict[tuple[int, str], list[tuple[str, str, str, float]]]:
    """Each (year, group)'s rows (item_id, level, name_vi, max_points) in methodology order."""
    out: dict[tuple[int, str], list[tuple[str, str, str, float]]] = {}
    for y, g, i, lv, n, mx in zip(*(methodology[c] for c in ("year", "group", "item_id", "level", "name_vi",
                                                             "max_points"))):
        out.setdefault((int(y), str(g)), []).append((str(i), str(lv), str(n), float(mx)))
    return {k: sorted(v, key=lambda row: natural(row[0])) for k, v in out.items()}


def _pairs(scores: pd.DataFrame, units: pd.DataFrame) -> list[tuple[int, str]]:
    """(year, unit) pairs with score rows, by year then in the unit list's order."""
    order = {u: k for k, u in enumerate(units["unit_id"])}
    pairs = {(int(y), str(u)) for y, u in zip(scores["year"], scores["unit_id"])}
    return sorted(pairs, key=lambda p: (p[0], order.get(p[1], len(order)), p[1]))


def _score_lookup(scores: pd.DataFrame) -> dict[tuple[int, str, str], tuple[object, object, bool]]:
    return {
        (int(y), str(u), str(i)): (s, v, bool(a))
        for y, u, i, s, v, a in zip(scores["year"], scores["unit_id"], scores["item_id"], scores["self_score"],
                                    scores["score"], scores["applicable"])
    }


def write_forms(book: Workbook, methodology: pd.DataFrame, units: pd.DataFrame, scores: pd.DataFrame) -> list[str]:
    """One form per (year, unit) of ``scores``: header block, then the items of the unit's group and year in
    methodology order (areas and criteria as grey headings), each sub-criterion with its score cells checked
    against its own maximum. Returns the sheet names, in order."""

    info = {str(u): (n, g) for u, n, g in zip(units["unit_id"], units["unit_name"], units["group"])}
    lookup = _score_lookup(scores)
    items = _items(methodology)
    taken = {n.casefold() for n in book.sheetnames}
    written = []
    _register_styles(book)
    for year, unit in _pairs(scores, units):
        name, group = info[unit]
        ws = book.create_sheet(sheet_name(str(name), f" {year}", taken))
        written.append(ws.title)
        _head(ws, FORM_TITLE, [("Mã đơn vị:", unit), ("Tên đơn vị:", name), ("Khối:", group), ("Năm:", year)],
              FORM_NOTE, len(FORM_COLUMNS))
        for j, (_, header, width) in enumerate(FORM_COLUMNS):
            _put(ws, FORM_HEADER_ROW, j + 1, header, "CCHC tiêu đề")
            ws.column_dimensions[_letter(j)].width = width
        ws.column_dimensions["A"].number_format = "@"
        checks: dict[float, list[str]] = {}
        marks = []
        r = FORM_HEADER_ROW
        for iid, level, text, mx in items.get((year, str(group)), []):
            r += 1
            leaf = level == "item"
            for j, value in enumerate((iid, text, mx)):
                _put(ws, r, j + 1, value, "CCHC ô xám" if leaf else "CCHC mục cha")
            if not leaf:
                for j in range(3, len(FORM_COLUMNS)):
                    _put(ws, r, j + 1, None, "CCHC mục cha")
                continue
            self_score, score, is_applicable = lookup.get((year, unit, str(iid)), (None, None, True))
            _put(ws, r, 4, self_score)
            _put(ws, r, 5, score)
            _put(ws, r, 6, None if is_applicable else "x")
            checks.setdefault(float(mx), []).append(f"D{r}:E{r}")
            marks.append(f"F{r}")
        _decimal_check(ws, checks)
        _mark_check(ws, marks)
        ws.freeze_panes = f"A{FORM_HEADER_ROW + 1}"
    return written


def write_group_sheets(book: Workbook, methodology: pd.DataFrame, units: pd.DataFrame,
                       scores: pd.DataFrame) -> list[str]:
    """Per (group, year) of ``scores``, three tables (Thẩm định, Tự đánh giá, Không áp dụng): units down,
    sub-criteria across under their code, short name and maximum, each column's cells checked against
    its item's maximum. Returns the sheet names, in order."""

    info = {str(u): (n, g) for u, n, g in zip(units["unit_id"], units["unit_name"], units["group"])}
    lookup = _score_lookup(scores)
    taken = {n.casefold() for n in book.sheetnames}
    written = []
    blocks: dict[tuple[int, str], list[str]] = {}
    for year, unit in _pairs(scores, units):
        blocks.setdefault((year, info[unit][1]), []).append(unit)
    _register_styles(book)
    every = _items(methodology)
    for (year, group), members in blocks.items():
        items = pd.DataFrame([r for r in every.get((year, str(group)), []) if r[1] == "item"],
                             columns=["item_id", "level", "name_vi", "max_points"])
        for word, kind in KINDS:
            ws = book.create_sheet(sheet_name(str(group), f" {year} {KIND_SHEET[kind]}", taken))
            written.append(ws.title)
            width = 2 + len(items)
            _head(ws, GROUP_TITLE, [("Khối:", group), ("Năm:", year), ("Điểm:", word)], GROUP_NOTE, width)
            top = GROUP_HEADER_ROW
            _put(ws, top, 1, "Mã đơn vị", "CCHC tiêu đề")
            _put(ws, top, 2, "Tên đơn vị", "CCHC tiêu đề")
            _put(ws, top + 1, 2, "Nội dung", "CCHC ô xám")
            _put(ws, top + 2, 2, "Điểm tối đa", "CCHC ô xám")
            ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 11, 36
            ws.row_dimensions[top + 1].height = 75
            first, last = top + 3, top + 2 + len(members)
            checks: dict[float, list[str]] = {}
            marks = []
            for k, (iid, text, mx) in enumerate(zip(items["item_id"], items["name_vi"], items["max_points"])):
                col = 3 + k
                letter = _letter(col - 1)
                _put(ws, top, col, iid, "CCHC tiêu đề")
                _put(ws, top + 1, col, text if len(text) <= 60 else text[:59] + "…", "CCHC ô xám")
                _put(ws, top + 2, col, mx, "CCHC ô xám")
                ws.column_dimensions[letter].width = 10
                if kind == "applicable":
                    marks.append(f"{letter}{first}:{letter}{last}")
                else:
                    checks.setdefault(float(mx), []).append(f"{letter}{first}:{letter}{last}")
            for r, unit in enumerate(members, start=first):
                _put(ws, r, 1, unit, "CCHC ô xám")
                _put(ws, r, 2, info[unit][0], "CCHC ô xám")
                for k, iid in enumerate(items["item_id"]):
                    self_score, score, is_applicable = lookup.get((year, unit, str(iid)), (None, None, True))
                    value = {"score": score, "self_score": self_score,
                             "applicable": None if is_applicable else "x"}[kind]
                    _put(ws, r, 3 + k, value)
            _decimal_check(ws, checks)
            _mark_check(ws, marks)
            ws.freeze_panes = f"C{first}"
    return written


# --- next year's forms -----------------------------------------------------------------------------------


def next_year(ds: Dataset, year: int, source: str = "") -> dict[str, pd.DataFrame]:
    """The frames of a workbook for a new ``year``: its methodology (each group's latest year copied when the
    year has none), the unit list, the band schemes likewise, and one empty score row per sub-criterion of
    every unit that exists in ``year`` and is not marked not assessed, so that the forms come ready.

    Refused with a :class:`ValidationError` (naming ``source``, the file to be written) when ``ds``
    already has scores for ``year``.
    """
    if year in ds.years:
        raise ValidationError([Problem(source or ds.name, None, None,
                                       f"năm {year} đã có điểm trong dữ liệu: chọn một năm mới",
                                       f"the data already hold scores for {year}: choose a new year")])
    units = ds.units
    alive = ((units["valid_from"].isna() | (units["valid_from"] <= year))
             & (units["valid_to"].isna() | (units["valid_to"] >= year))).to_numpy(bool)
    groups = set(units.loc[alive, "group"])  # a group whose units were all merged away gets no methodology
    frames: dict[str, pd.DataFrame] = {}
    for name in ("methodology", "bands"):
        frame = getattr(ds, name)
        parts = []
        for _, part in frame[frame["group"].isin(groups)].groupby(
                [c for c in ("scheme", "group") if c in frame.columns], sort=False):
            latest = part[part["year"] == year] if (part["year"] == year).any() else part[
                part["year"] == part["year"].max()]
            parts.append(latest.assign(year=year))
        frames[name] = pd.concat(parts, ignore_index=True) if parts else frame.iloc[:0]
    skipped = set(ds.not_assessed.loc[ds.not_assessed["year"] == year, "unit_id"])
    meth = frames["methodology"]
    rows = [
        (year, unit, iid, None, None, True)
        for unit, group in zip(units["unit_id"][alive], units["group"][alive])
        if unit not in skipped
        for iid in meth.loc[(meth["group"] == group) & (meth["level"] == "item"), "item_id"]
    ]
    frames["scores"] = pd.DataFrame(rows, columns=["year", "unit_id", "item_id", "self_score", "score", "applicable"])
    frames["units"] = units
    for name in ("sipas_questions", "sipas_answers", "not_assessed"):
        frames[name] = getattr(ds, name).iloc[:0]
    return frames
