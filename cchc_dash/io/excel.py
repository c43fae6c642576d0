"""The Excel workflow: the input template, a tolerant reader with located errors, the ranking annex.

Provinces keep their scores in Excel. :func:`write_template` gives them a workbook with one
Vietnamese sheet per frame of a :class:`~cchc_dash.core.dataset.Dataset` (Phương pháp, Đơn vị, Điểm,
Xếp loại, SIPAS, Câu hỏi SIPAS), a note above each header, example rows and drop-downs.
:func:`write_workbook` writes a dataset in that workbook, its scores laid out as clerks enter them:
one form per unit and year (the default), group tables, or the long Điểm sheet
(:mod:`cchc_dash.io.entry_forms`); it also prepares next year's forms and one workbook per
department. :func:`read_workbook` reads every layout, alone or mixed, and :func:`read_workbook_folder`
a folder of workbooks (one per department); they also read the variants people make of the
template: notes or merged titles above the header, a header over two rows, numbers typed as text
or with a decimal comma ("86,8"), NFD-encoded Vietnamese, stray spaces, blank rows, extra columns,
files saved by LibreOffice. Every problem names the file, the sheet, the row Excel shows and the
column (header and letter); all of them are raised together, and nothing of a bad file is loaded.
The ranking annex written from the results is in :mod:`cchc_dash.io.annex`.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd

from ..core.dataset import Dataset
from ..core.errors import Located, Problem, ValidationError
from .atomic import write_atomic

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet



@dataclass(frozen=True)
class Column:
    """One column of a sheet: its frame column, the header written in the template, other
    headers accepted when reading, and whether a number goes there (for the template's checks)."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    number: bool = False
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: the Dataset frame it holds, its Vietnamese name, its note."""

    frame: str
    name: str
    columns: tuple[Column, ...]
    note: str
    required: bool = False
    aliases: tuple[str, ...] = ()


SHEETS: tuple[Sheet, ...] = (
    Sheet("methodology", "Phương pháp", (
        Column("year", "Năm", required=True, number=True, width=8),
        Column("group", "Khối", ("nhóm", "khối đơn vị", "nhóm đơn vị"), required=True, width=22),
        Column("item_id", "Mã tiêu chí", ("mã", "mã số", "stt"), required=True, width=12),
        Column("parent_id", "Mã mục cha", ("mã cha", "thuộc"), required=True, width=12),
        Column("level", "Cấp", ("cấp độ",), required=True, width=20),
        Column("name_vi", "Nội dung", ("tên", "tên tiêu chí", "nội dung tiêu chí"), required=True, width=50),
        Column("max_points", "Điểm tối đa", ("điểm tối da", "điểm chuẩn"), required=True, number=True, width=12),
        Column("kind", "Loại", ("loại điểm",), width=12),
    ), "Bộ tiêu chí theo năm và khối: mỗi dòng một lĩnh vực, tiêu chí hoặc tiêu chí thành phần. Điểm tối đa của "
       "lĩnh vực, tiêu chí bằng tổng các mục con. Cấp: Lĩnh vực / Tiêu chí / Tiêu chí thành phần. "
       "Loại: Đánh giá / Điều tra (điều tra xã hội học).", True, ("methodology",)),
    Sheet("units", "Đơn vị", (
        Column("unit_id", "Mã đơn vị", ("mã",), required=True, width=12),
        Column("unit_name", "Tên đơn vị", ("đơn vị", "tên"), required=True, width=40),
        Column("group", "Khối", ("nhóm", "khối đơn vị", "nhóm đơn vị"), required=True, width=22),
        Column("valid_from", "Từ năm", number=True, width=10),
        Column("valid_to", "Đến năm", number=True, width=10),
        Column("successor_id", "Đơn vị kế thừa", ("mã đơn vị kế thừa",), width=16),
    ), "Danh sách đơn vị: mã, tên, khối (xếp hạng riêng theo khối). Sau sáp nhập, ghi mã đơn vị kế thừa.",
        True, ("units",)),
    Sheet("scores", "Điểm", (
        Column("year", "Năm", required=True, number=True, width=8),
        Column("unit_id", "Mã đơn vị", required=True, width=12),
        Column("item_id", "Mã tiêu chí", ("mã",), required=True, width=12),
        Column("self_score", "Điểm tự đánh giá", ("tự đánh giá", "điểm tự chấm", "tự chấm"), number=True, width=16),
        Column("score", "Điểm thẩm định", ("thẩm định", "điểm thẩm định lần 2"), required=True, number=True, width=16),
        Column("applicable", "Áp dụng", ("có áp dụng",), width=10),
    ), "Một dòng cho mỗi đơn vị, năm và tiêu chí thành phần. Điểm trong khoảng 0 đến điểm tối đa; dấu phẩy "
       "thập phân được chấp nhận (86,8). Áp dụng: có / không (không áp dụng: tiêu chí ra khỏi mẫu số).",
        True, ("scores",)),
    Sheet("bands", "Xếp loại", (
        Column("scheme", "Thang xếp loại", ("thang", "bộ xếp loại"), width=18),
        Column("year", "Năm", required=True, number=True, width=8),
        Column("group", "Khối", ("nhóm",), required=True, width=22),
        Column("label", "Xếp loại", ("mức", "loại"), required=True, width=14),
        Column("min_index", "Chỉ số tối thiểu", ("từ", "chỉ số từ", "ngưỡng"), number=True, width=16),
        Column("order", "Thứ tự", number=True, width=8),
    ), "Ngưỡng xếp loại theo năm và khối: chỉ số từ (%) trở lên; mức thấp nhất để trống ngưỡng. "
       "Ngưỡng là cấu hình của tỉnh, không phải quy định chung.", False, ("bands",)),
    Sheet("sipas_answers", "SIPAS", (
        Column("year", "Năm", required=True, number=True, width=8),
        Column("unit_id", "Mã đơn vị", required=True, width=12),
        Column("respondent_id", "Mã phiếu", ("mã người trả lời", "phiếu"), required=True, width=12),
        Column("question_id", "Mã câu hỏi", ("câu hỏi",), required=True, width=12),
        Column("answer", "Trả lời", ("câu trả lời", "điểm"), required=True, number=True, width=10),
    ), "Phiếu khảo sát SIPAS: một dòng cho mỗi câu trả lời, thang 1 (rất không hài lòng) đến 5 (rất hài lòng); "
       "để trống nếu không trả lời.", False, ("sipas_answers",)),
    Sheet("sipas_questions", "Câu hỏi SIPAS", (
        Column("year", "Năm", required=True, number=True, width=8),
        Column("question_id", "Mã câu hỏi", required=True, width=12),
        Column("component", "Yếu tố", required=True, width=24),
        Column("text", "Nội dung", ("câu hỏi",), width=60),
    ), "Bộ câu hỏi SIPAS theo năm; mỗi câu thuộc một yếu tố (tiếp cận, TTHC, công chức, kết quả, góp ý).",
        False, ("sipas_questions",)),
    Sheet("not_assessed", "Không đánh giá", (
        Column("year", "Năm", required=True, number=True, width=8),
        Column("unit_id", "Mã đơn vị", required=True, width=12),
        Column("reason", "Lý do", ("lý do không đánh giá", "ghi chú"), required=True, width=60),
    ), "Đơn vị còn hoạt động nhưng không đánh giá trong năm (mới thành lập, đang sắp xếp…), kèm lý do; "
       "đơn vị không có điểm mà không ghi ở đây là lỗi.", False, ("not_assessed", "khong danh gia")),
)

#: Words typed in the Cấp, Loại and Áp dụng columns, as the frames spell them.
LEVEL_WORDS = {"lĩnh vực": "area", "tiêu chí": "criterion", "tiêu chí thành phần": "item"}
KIND_WORDS = {"đánh giá": "assessed", "điều tra": "survey", "điều tra xã hội học": "survey", "sipas": "sipas"}
#: The sheet that holds the template's drop-down lists.
LISTS_SHEET = "Danh mục"
#: Rows searched for the header line (notes and titles may come above it).
HEADER_SEARCH = 15
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def _key(text: object) -> str:
    """A header or sheet name as compared: NFC, lower case, single spaces, no '*', ':' or '(…)'."""
    if not isinstance(text, str):
        return "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"\([^)]*\)", " ", text).replace("*", " ").replace(":", " ")
    return " ".join(text.split())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _letter(index: int) -> str:
    """Excel column letter of the 0-based column ``index``."""
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


@dataclass
class _Read:
    """One sheet as read: its frame, where each frame row came from, and header name + letter per column."""

    frame: pd.DataFrame
    loc: Located
    labels: dict[str, str]


def _open_problem(path: Path, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(path.name, None, None, vi, en)])


def _check_file(path: Path) -> None:
    """Refuse, with a located problem, what is not an .xlsx file: missing, a folder, empty, .xls, text."""
    if not path.exists():
        raise _open_problem(path, "không tìm thấy tệp", "the file does not exist")
    if path.is_dir():
        raise _open_problem(path, "đây là một thư mục, cần một tệp .xlsx", "this is a folder; an .xlsx file is needed")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise _open_problem(path, f"không đọc được tệp ({exc.strerror})",
                            f"the file cannot be read ({exc.strerror})") from exc
    if not head:
        raise _open_problem(path, "tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    if head == _OLE:
        raise _open_problem(
            path,
            "tệp Excel cũ (.xls) hoặc được bảo vệ bằng mật khẩu: mở bằng Excel và lưu lại dạng .xlsx",
            "an old Excel file (.xls) or a password-protected one: open it in Excel and save it as .xlsx",
        )
    if head != _ZIP:
        raise _open_problem(
            path,
            "không phải tệp Excel .xlsx (có thể là tệp CSV hoặc văn bản đổi tên thành .xlsx)",
            "not an Excel .xlsx file (perhaps a CSV or text file renamed to .xlsx)",
        )


def _damaged(path: Path, exc: Exception) -> ValidationError:
    return _open_problem(
        path,
        f"tệp .xlsx bị hỏng, không đọc được ({type(exc).__name__})",
        f"the .xlsx file is damaged and cannot be read ({type(exc).__name__})",
    )


def _sheet_rows(path: Path) -> tuple[list[str], dict[str, list[list]], dict[str, list]]:
    """The workbook's sheet names and, for each sheet but the drop-down lists, its rows of cell values
    (row i is Excel row i + 1; a blank cell is None) and its merged ranges (((row, column), (row, column)),
    0-based). Read with calamine (Rust): for 63,000 score rows 0.3 s against 2.7–3.5 s for openpyxl's
    read-only mode (``cchc-dash bench``)."""
    from python_calamine import CalamineError, CalamineWorkbook

    _check_file(path)
    from .xlsx_guard import check_xlsx

    check_xlsx(path)  # a zip bomb is refused before calamine expands it in memory
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        rows, merges = {}, {}
        for found in names:
            if _key(found) == _key(LISTS_SHEET):
                continue
            sheet = book.get_sheet_by_name(found)
            rows[found] = [[None if v == "" else v for v in r] for r in sheet.to_python(skip_empty_area=False)]
            merges[found] = list(sheet.merged_cell_ranges or [])
    except (CalamineError, OSError, ValueError) as exc:
        raise _damaged(path, exc) from exc
    return names, rows, merges


def _header_row(rows: list[tuple], sheet: Sheet) -> tuple[int | None, list[str | None]]:
    """The header among the first rows: the index of its last line and the text of each column.

    The header line is the one naming most columns. A second line under it (a merged "Điểm"
    over "Tự đánh giá" / "Thẩm định") names the columns it fills; a column blank in the header
    line takes the text above it (a cell merged over two lines keeps its text in the upper one).
    """
    known = {_key(a): c.key for c in sheet.columns for a in (c.key, c.header, *c.aliases)}
    best, best_count = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        count = len({known[_key(v)] for v in row if _key(v) in known})
        if count > best_count:
            best, best_count = i, count
    if best is None:
        return None, []
    width = max(len(r) for r in rows[best : best + 2])
    line = list(rows[best]) + [None] * (width - len(rows[best]))
    below = list(rows[best + 1]) + [None] * width if best + 1 < len(rows) else [None] * width
    two_lines = any(_key(v) in known for v in below) and not any(isinstance(v, (int, float)) for v in below)
    headers: list[str | None] = []
    for j in range(width):
        text = below[j] if two_lines and not _blank(below[j]) else line[j]
        if _blank(text) and best > 0 and j < len(rows[best - 1]):
            text = rows[best - 1][j]
        headers.append(None if _blank(text) else str(text))
    return best + (1 if two_lines else 0), headers


def _read_sheet(rows: list[list], title: str, sheet: Sheet, source: str, problems: list[Problem]) -> _Read | None:
    """One sheet's rows → a frame of its known columns (cells as typed), blank rows left out, rows located."""
    header_at, headers = _header_row(rows, sheet)
    if header_at is None:
        names = ", ".join(c.header for c in sheet.columns if c.required)
        problems.append(
            Problem(
                source,
                None,
                None,
                f"không tìm thấy dòng tiêu đề (cần các cột: {names})",
                f"no header line found (columns needed: {names})",
                title,
            )
        )
        return None
    known = {_key(a): c for c in sheet.columns for a in (c.key, c.header, *c.aliases)}
    where: dict[str, int] = {}
    labels: dict[str, str] = {}
    for j, text in enumerate(headers):
        column = known.get(_key(text))
        if column is None:
            continue  # an extra column (notes, totals…): not ours, left alone
        if column.key in where:
            problems.append(
                Problem(
                    source,
                    header_at + 1,
                    f"{text} ({_letter(j)})",
                    f"cột '{column.header}' xuất hiện hai lần (cũng ở cột {_letter(where[column.key])})",
                    f"column '{column.header}' appears twice (also in column {_letter(where[column.key])})",
                    title,
                )
            )
            continue
        where[column.key] = j
        labels[column.key] = f"{column.header} ({_letter(j)})"
    missing = [c for c in sheet.columns if c.required and c.key not in where]
    for c in missing:
        problems.append(
            Problem(source, header_at + 1, c.header, f"thiếu cột '{c.header}'", f"missing column '{c.header}'", title)
        )
    if missing:
        return None
    body = rows[header_at + 1 :]
    columns = {key: [r[j] if j < len(r) else None for r in body] for key, j in where.items()}
    used = [i for i in range(len(body)) if not all(_blank(columns[k][i]) for k in where)]
    frame = pd.DataFrame({k: pd.Series([v[i] for i in used], dtype=object) for k, v in columns.items()})
    excel_rows = tuple(header_at + 2 + i for i in used)
    loc = Located(source, sheet=title, first_row=header_at + 2, rows=excel_rows)
    for key, words in (("level", LEVEL_WORDS), ("kind", KIND_WORDS)):
        if sheet.frame == "methodology" and key in frame.columns:
            frame[key] = frame[key].map(lambda v, w=words: w.get(_key(v), v))
    return _Read(frame, loc, labels)


def _find_sheet(names: list[str], sheet: Sheet) -> str | None:
    wanted = {_key(sheet.name), *(_key(a) for a in sheet.aliases)}
    return next((n for n in names if _key(n) in wanted), None)


def _relabel(problem: Problem, reads: dict[str, _Read]) -> Problem:
    """A problem found by the Dataset checks, with the column named as the sheet's header and letter."""
    for read in reads.values():
        if read.loc.sheet == problem.sheet and problem.column in read.labels:
            return replace(problem, column=read.labels[problem.column])
    return problem


def _formula_notes(path: Path, problems: list[Problem]) -> list[Problem]:
    """Blank-cell problems that are in fact formulas Excel never calculated, said as such.

    openpyxl reads a formula's cached value; a file written by a program (not saved by
    Excel) has none, so the cell reads as blank. Only when there are blank-cell problems
    is the workbook opened a second time, with formulas, to tell the two apart.
    """
    blanks = [
        p
        for p in problems
        if p.source == path.name and p.row is not None and p.sheet and p.column and "(" in p.column
        and "blank" in p.message_en
    ]
    if not blanks:
        return problems
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        formulas: dict[tuple[str, int, str], str] = {}
        for sheet_name in {p.sheet for p in blanks}:
            wanted = {(p.row, p.column.rsplit("(", 1)[1].rstrip(")")) for p in blanks if p.sheet == sheet_name}
            rows = {r for r, _ in wanted}
            for row in book[sheet_name].iter_rows(min_row=min(rows), max_row=max(rows)):
                for cell in row:
                    if (
                        hasattr(cell, "column_letter")
                        and (cell.row, cell.column_letter) in wanted
                        and isinstance(cell.value, str)
                        and cell.value.startswith("=")
                    ):
                        formulas[(sheet_name, cell.row, cell.column_letter)] = cell.value
    finally:
        book.close()
    out = []
    for p in problems:
        key = (p.sheet, p.row, p.column.rsplit("(", 1)[1].rstrip(")")) if p in blanks else None
        if key in formulas:
            p = replace(
                p,
                message_vi=f"ô có công thức {formulas[key]} nhưng chưa có giá trị đã tính: mở tệp bằng "
                f"Excel hoặc LibreOffice và lưu lại",
                message_en=f"the cell holds the formula {formulas[key]} but no calculated value: open the "
                f"file in Excel or LibreOffice and save it again",
            )
        out.append(p)
    return out


def read_workbook(path: str | Path, name: str | None = None) -> Dataset:
    """The :class:`Dataset` in an Excel workbook laid out as :func:`write_workbook` writes it.

    Sheets are found by name (Phương pháp and Đơn vị are required; Xếp loại, SIPAS, Câu hỏi
    SIPAS and Không đánh giá optional; English frame names are accepted too), columns by header
    wherever the header line is among the first rows. Scores are read from every layout the
    workbook holds, alone or mixed: the long Điểm sheet, unit forms and group tables (found by
    their header block whatever their sheet names, see :mod:`cchc_dash.io.entry_forms`); one of
    them is required. Raises one :class:`ValidationError` listing every problem, each naming the
    file, sheet, Excel row and column (header and letter); a file that is not a readable .xlsx is
    refused in the same way.
    """
    path = Path(path).expanduser()
    return _read_books([path], name or path.stem, str(path.resolve()))


#: The workbooks of a folder that are read (Excel's "~$" lock files and hidden files are not).
FOLDER_SUFFIXES = (".xlsx", ".xlsm")


def workbooks_in(folder: Path) -> list[Path]:
    """The workbooks :func:`read_workbook_folder` reads in ``folder``, by name."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def read_workbook_folder(folder: str | Path, name: str | None = None) -> Dataset:
    """The :class:`Dataset` in a folder of workbooks, as the departments' files arrive by email.

    The rule: one workbook holds the Phương pháp and Đơn vị sheets (and Xếp loại, SIPAS, Không
    đánh giá when there are any); other workbooks may hold the same sheets unchanged (each
    department got the whole workbook, e.g. ``write_workbook(ds, path, units=["S01"])``) or none.
    Any workbook may hold scores in any layout (a Điểm sheet, unit forms, group tables). Such a
    sheet with other content in a second file, and the same (unit, year, item) scored in two files,
    are problems; every problem names its own file. Excel's lock files ("~$…") and hidden files are
    skipped; files are read in the order of their names.
    """
    folder = Path(folder).expanduser()
    books = workbooks_in(folder)
    if not books:
        raise _open_problem(folder, "thư mục không có tệp .xlsx nào", "the folder holds no .xlsx file")
    return _read_books(books, name or folder.name, str(folder.resolve()))


def _read_books(paths: list[Path], name: str, source_text: str) -> Dataset:
    """The dataset in the workbooks ``paths`` (one file, or a folder's files: see :func:`read_workbook_folder`)."""
    from . import entry_forms

    problems: list[Problem] = []
    reads: dict[str, _Read] = {}
    long_reads: list[_Read] = []
    sheet_files: list[tuple[str, list[str], dict[str, list[list]], dict[str, list]]] = []
    all_names: list[str] = []
    for path in paths:
        names, sheet_rows, merges = _sheet_rows(path)
        all_names += names
        source = path.name
        own = set()
        for sheet in SHEETS:
            found = _find_sheet(names, sheet)
            if found is None:
                continue
            own.add(found)
            read = _read_sheet(sheet_rows[found], found, sheet, source, problems)
            if read is None:
                continue
            if sheet.frame == "scores":
                long_reads.append(read)
            elif sheet.frame not in reads or (not sheet.required and reads[sheet.frame].frame.empty):
                reads[sheet.frame] = read
            elif not (read.frame.empty and not sheet.required) and not read.frame.equals(reads[sheet.frame].frame):
                # A copy of the same sheet (each department got the whole workbook) or an empty optional
                # one is no rival; another content is: which one holds would be a guess.
                first = reads[sheet.frame].loc.source
                problems.append(Problem(
                    source, None, None,
                    f"trang '{sheet.name}' khác với trang cùng tên ở tệp {first}: các tệp trong thư mục giữ "
                    f"cùng một trang này, hoặc không có",
                    f"the sheet '{sheet.name}' differs from the one in the file {first}: the files of a folder "
                    f"hold the same sheet, or none",
                    found,
                ))
        sheet_files.append((source, [n for n in names if n in sheet_rows and n not in own], sheet_rows, merges))
    entries = entry_forms.Entries()
    context = entry_forms.Context.of(
        reads["methodology"].frame if "methodology" in reads else None,
        reads["units"].frame if "units" in reads else None,
    )
    for source, candidates, sheet_rows, merges in sheet_files:
        for title in candidates:
            entry_forms.read_entry_sheet(sheet_rows[title], merges[title], title, source, context, entries, problems)
    first_source = paths[0].name if len(paths) == 1 else Path(source_text).name
    for sheet in SHEETS:
        scored = sheet.frame == "scores" and entries.sheets > 0
        if sheet.required and _find_sheet(all_names, sheet) is None and not scored:
            found_names = ", ".join(all_names)
            problems.append(
                Problem(
                    first_source,
                    None,
                    None,
                    f"thiếu trang tính '{sheet.name}' (tệp có: {found_names})",
                    f"the sheet '{sheet.name}' is missing (the file has: {found_names})",
                    sheet.name,
                )
            )
    if len(long_reads) == 1 and entries.sheets == 0:
        reads["scores"] = long_reads[0]
    elif long_reads or entries.sheets:
        for read in long_reads:
            entry_forms.add_long_rows(read.frame, read.loc, read.labels, entries, problems)
        frame, loc = entries.frame(first_source, problems)
        reads["scores"] = _Read(frame, loc, {})
    if problems and not all(s.frame in reads for s in SHEETS if s.required):
        raise ValidationError(_ordered(problems, paths, all_names))
    try:
        from .csv_folder import load_reference

        ds = Dataset(
            **{k: r.frame for k, r in reads.items()},
            name=name,
            source=source_text,
            sources={k: r.loc for k, r in reads.items()},
            reference=load_reference()["national"],
        )
    except ValidationError as exc:
        problems += [_relabel(p, reads) for p in exc.problems if not entries.explains(p)]
    if problems:
        problems = _ordered(problems, paths, all_names)
        for path in paths:
            problems = _formula_notes(path, problems)
        raise ValidationError(problems)
    return ds


def _ordered(problems: list[Problem], paths: list[Path], names: list[str]) -> list[Problem]:
    """Problems file by file, the template's sheets first (in their order), then the other sheets in the
    workbook's order, row by row; a problem found twice (one unknown unit on every row of a form) once."""
    files = {p.name: i for i, p in enumerate(paths)}
    order = {s.name: i for i, s in enumerate(SHEETS)}
    at = {n: len(SHEETS) + i for i, n in enumerate(names)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (files.get(p.source, 0), order.get(p.sheet or "", at.get(p.sheet or "", 10**6)),
                                        p.row or 0))


#: The largest workbook accepted from a browser upload (bytes; MB = 10⁶ bytes in messages): the demo province
#: is 10.3 MB with its 493,000 survey answers. The page's script refuses a larger file before sending it, and
#: voila.json's websocket_max_message_size (64 MiB) lets one this large through (Tornado's default: 10 MiB).
MAX_UPLOAD = 50_000_000


def read_uploaded(name: str, content: bytes) -> Dataset:
    """The :class:`Dataset` in a workbook sent by a browser (``name`` as the browser gave it).

    Both arguments are untrusted: the name is used only, reduced to a plain file name, to
    name the data and the file in problems; the bytes go to a private temporary folder and
    through :func:`read_workbook`. Too large a file is refused before it is written.
    """
    import tempfile

    safe = re.sub(r"[^\w.\- ]", "_", unicodedata.normalize("NFC", Path(str(name)).name))[:120] or "upload.xlsx"
    if len(content) > MAX_UPLOAD:
        raise ValidationError(
            [
                Problem(
                    safe,
                    None,
                    None,
                    f"tệp quá lớn (tối đa {MAX_UPLOAD / 10**6:g} MB)",
                    f"the file is too large (at most {MAX_UPLOAD / 10**6:g} MB)",
                )
            ]
        )
    with tempfile.TemporaryDirectory(prefix="cchc-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(bytes(content))
        ds = read_workbook(path, name=Path(safe).stem)
    return ds.replace(source=safe)


# --- writing -------------------------------------------------------------------------------

HEADER_FILL = "DDEBF7"
NOTE_FILL = "FFF2CC"


def _cell_value(value: object) -> object:
    """A value as openpyxl should store it: blanks empty, numpy scalars as Python numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _text_cell(ws: Worksheet, row: int, col: int, value: object) -> None:
    """Write ``value``; text is always stored as text, so a name like "=HYPERLINK(…)" is never a formula."""
    cell = ws.cell(row=row, column=col, value=None)
    value = _cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _frame_values(frame: pd.DataFrame, sheet: Sheet) -> list[list[object]]:
    """The rows of ``sheet`` from its ``frame``, in the words a person types (Lĩnh vực, có / không)."""
    level_word = {v: k.capitalize() for k, v in LEVEL_WORDS.items()}
    kind_word = {"assessed": "Đánh giá", "survey": "Điều tra", "sipas": "SIPAS"}
    out = []
    for record in frame.to_dict("records"):
        row = []
        for c in sheet.columns:
            v = record.get(c.key)
            if c.key == "level":
                v = level_word.get(v, v)
            elif c.key == "kind" and sheet.frame == "methodology":
                v = kind_word.get(v, v)
            elif c.key == "applicable":
                v = "có" if bool(v) else "không"
            row.append(v)
        out.append(row)
    return out


def _validations(ws: Worksheet, sheet: Sheet, last: int, lists: dict[str, str]) -> None:
    """Drop-downs for groups, levels, kinds, bands and yes/no; numeric ranges for years, points and answers."""
    from openpyxl.worksheet.datavalidation import DataValidation

    for j, c in enumerate(sheet.columns):
        cells = f"{_letter(j)}3:{_letter(j)}{last}"
        key = "band" if (sheet.frame, c.key) == ("bands", "label") else c.key
        if key in lists:
            dv = DataValidation(
                type="list",
                formula1=lists[key],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không có trong danh mục",
                error="Chọn một giá trị trong danh sách (trang Danh mục).",
            )
        elif c.key in ("year", "valid_from", "valid_to"):
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1="2000",
                formula2="2100",
                allow_blank=True,
                showErrorMessage=True,
                error="Năm là số nguyên từ 2000 đến 2100.",
            )
        elif c.key == "answer":
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1="1",
                formula2="5",
                allow_blank=True,
                showErrorMessage=True,
                error="Câu trả lời từ 1 đến 5, hoặc để trống.",
            )
        elif c.number and c.key != "order":
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2="100",
                allow_blank=True,
                showErrorMessage=True,
                error="Nhập một số từ 0 đến 100.",
            )
        else:
            continue
        dv.add(cells)
        ws.add_data_validation(dv)


def _lists_sheet(book: Any, own_groups: list[str]) -> dict[str, str]:
    """The hidden sheet of drop-down values; returns each list's range formula by column key."""
    from ..core.bands import PRESETS, BandScheme

    ws = book.create_sheet(LISTS_SHEET)
    groups = list(dict.fromkeys([*own_groups, "Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]))
    bands = list(dict.fromkeys(label for text in PRESETS for label in BandScheme.parse(text).labels))
    lists = {
        "group": groups,
        "level": [k.capitalize() for k in LEVEL_WORDS],
        "kind": ["Đánh giá", "Điều tra"],
        "band": bands,
        "applicable": ["có", "không"],
    }
    formulas = {}
    for j, (key, values) in enumerate(lists.items()):
        _text_cell(ws, 1, j + 1, key)
        for i, v in enumerate(values):
            _text_cell(ws, i + 2, j + 1, v)
        formulas[key] = f"'{LISTS_SHEET}'!${_letter(j)}$2:${_letter(j)}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return formulas


def saved(book: Workbook) -> Callable[[BinaryIO], None]:
    """A writer for :func:`write_atomic` that serialises ``book`` in memory, then writes the bytes:
    a disk that fails (full, read-only) then meets one plain write and is reported as such,
    whereas openpyxl's zip writer interrupted on the file is left half-open and fails once more
    when collected ("I/O operation on closed file" on stderr)."""

    def write(handle: BinaryIO) -> None:
        buffer = io.BytesIO()
        book.save(buffer)
        handle.write(buffer.getbuffer())

    return write


def write_workbook(
    ds: Dataset,
    path: str | Path,
    overwrite: bool = False,
    spare_rows: int = 500,
    layout: str = "form",
    year: int | None = None,
    units: list[str] | None = None,
) -> Path:
    """``ds`` as a workbook a clerk fills, written atomically; :func:`read_workbook` reads it back.

    The template's sheets come first (note, header, rows, drop-downs): Phương pháp, Đơn vị, then
    the optional ones, written only when ``ds`` has rows for them, except Xếp loại and Không đánh
    giá, always written so that a province can enter its thresholds and the units it did not assess.
    Scores are written in ``layout`` (see :mod:`cchc_dash.io.entry_forms`):

    - ``"form"`` (default): one form per unit and year, items down the page with their codes, names
      and maxima, then Tự đánh giá / Thẩm định / Không áp dụng / Ghi chú; no code to type;
    - ``"group"``: per group and year, a Thẩm định, a Tự đánh giá and a Không áp dụng table, units
      down, items across;
    - ``"long"``: the Điểm sheet, one row per unit, year and item.

    Every score cell of a form or group table is checked by Excel against its own item's maximum;
    the template sheets' checks cover the rows written and ``spare_rows`` more.

    ``year``: next year's workbook instead of the data's: the units existing that year with empty
    score cells, under that year's methodology and bands (each group's latest copied when the year
    has none); see :func:`cchc_dash.io.entry_forms.next_year`. The data's own years are refused.

    ``units``: only these units' scores (their forms, their rows of the tables) and no SIPAS answers
    (the province's survey, not the department's to fill), the other sheets whole: one workbook per
    department, to send out and read back together as a folder (:func:`read_workbook_folder`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from . import entry_forms

    if layout not in entry_forms.LAYOUTS:
        raise ValidationError([Problem(str(path), None, None,
                                       f"cách trình bày '{layout}' không có (chọn: {', '.join(entry_forms.LAYOUTS)})",
                                       f"no layout '{layout}' (choose: {', '.join(entry_forms.LAYOUTS)})")])
    frames = (entry_forms.next_year(ds, year, str(path)) if year is not None
              else {s.frame: getattr(ds, s.frame) for s in SHEETS})
    if units is not None:  # a department's workbook: its forms; the citizens' survey stays the province's
        frames["scores"] = frames["scores"][frames["scores"]["unit_id"].isin(units)]
        frames["sipas_answers"] = frames["sipas_answers"].iloc[0:0]
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        frame = frames[sheet.frame]
        if sheet.frame == "scores" and layout != "long":
            continue
        if not sheet.required and sheet.frame not in ("bands", "not_assessed") and frame.empty:
            continue
        ws = book.create_sheet(sheet.name)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(sheet.columns))
        note = ws.cell(row=1, column=1, value=sheet.note)
        note.alignment = Alignment(wrap_text=True, vertical="top")
        note.fill = PatternFill("solid", fgColor=NOTE_FILL)
        ws.row_dimensions[1].height = 48
        for j, c in enumerate(sheet.columns):
            cell = ws.cell(row=2, column=j + 1, value=c.header + (" *" if c.required else ""))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            ws.column_dimensions[_letter(j)].width = c.width
            if not c.number:
                ws.column_dimensions[_letter(j)].number_format = "@"  # ids like 1.10 stay text
        for i, row in enumerate(_frame_values(frame, sheet)):
            for j, v in enumerate(row):
                _text_cell(ws, i + 3, j + 1, v)
        ws.freeze_panes = "A3"
    template_sheets = list(book.sheetnames)
    if layout == "form":
        entry_forms.write_forms(book, frames["methodology"], frames["units"], frames["scores"])
    elif layout == "group":
        entry_forms.write_group_sheets(book, frames["methodology"], frames["units"], frames["scores"])
    lists = _lists_sheet(book, list(dict.fromkeys(frames["units"]["group"])))
    for sheet in SHEETS:
        if sheet.name in template_sheets:
            ws = book[sheet.name]
            _validations(ws, sheet, max(ws.max_row + spare_rows, 3), lists)
    return write_atomic(path, saved(book), overwrite=overwrite)


def example_dataset() -> Dataset:
    """The example rows of the template: one year, one group, two areas, two units, a band scheme, SIPAS."""
    group = "Sở, ban, ngành"
    methodology = pd.DataFrame(
        [
            (2025, group, "1", None, "area", "Công tác chỉ đạo, điều hành CCHC", 3.0, "assessed"),
            (2025, group, "1.1", "1", "criterion", "Kế hoạch CCHC năm", 3.0, "assessed"),
            (2025, group, "1.1.1", "1.1", "item", "Ban hành kế hoạch kịp thời", 1.0, "assessed"),
            (2025, group, "1.1.2", "1.1", "item", "Mức độ thực hiện kế hoạch", 2.0, "assessed"),
            (2025, group, "2", None, "area", "Tác động của CCHC", 2.0, "survey"),
            (2025, group, "2.1", "2", "criterion", "Điều tra xã hội học", 2.0, "survey"),
            (2025, group, "2.1.1", "2.1", "item", "Mức độ hài lòng của người dân", 2.0, "survey"),
        ],
        columns=["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points", "kind"],
    )
    units = pd.DataFrame(
        [("S01", "Sở Tư pháp", group, 2019, None, None), ("S02", "Sở Nội vụ", group, 2019, None, None)],
        columns=["unit_id", "unit_name", "group", "valid_from", "valid_to", "successor_id"],
    )
    scores = pd.DataFrame(
        [
            (2025, "S01", "1.1.1", 1.0, 1.0, True),
            (2025, "S01", "1.1.2", 2.0, 1.5, True),
            (2025, "S01", "2.1.1", None, 1.8, True),
            (2025, "S02", "1.1.1", 1.0, 0.5, True),
            (2025, "S02", "1.1.2", None, None, False),
            (2025, "S02", "2.1.1", None, 1.6, True),
        ],
        columns=["year", "unit_id", "item_id", "self_score", "score", "applicable"],
    )
    bands = pd.DataFrame(
        [
            ("Tỉnh", 2025, group, label, mn, i + 1)
            for i, (label, mn) in enumerate(
                [("Xuất sắc", 90.0), ("Tốt", 80.0), ("Khá", 65.0), ("Trung bình", 50.0), ("Yếu", None)]
            )
        ],
        columns=["scheme", "year", "group", "label", "min_index", "order"],
    )
    questions = pd.DataFrame(
        [
            (2025, "Q1", "Tiếp cận dịch vụ", "Nơi ngồi chờ có đủ chỗ ngồi"),
            (2025, "Q2", "Công chức", "Công chức có thái độ lịch sự"),
        ],
        columns=["year", "question_id", "component", "text"],
    )
    answers = pd.DataFrame(
        [
            (2025, "S01", "P001", "Q1", 4),
            (2025, "S01", "P001", "Q2", 5),
            (2025, "S02", "P002", "Q1", 3),
            (2025, "S02", "P002", "Q2", None),
        ],
        columns=["year", "unit_id", "respondent_id", "question_id", "answer"],
    )
    return Dataset(
        methodology=methodology,
        units=units,
        scores=scores,
        bands=bands,
        sipas_questions=questions,
        sipas_answers=answers,
        name="mẫu",
    )


def write_template(path: str | Path, overwrite: bool = False, layout: str = "long") -> Path:
    """The input template at ``path``: every sheet with its note, header, example rows and checks,
    the example scores in ``layout`` (the long Điểm sheet unless asked: "form", "group").

    An existing file is kept unless ``overwrite`` (a filled template is not lost to a retyped command).
    """
    return write_workbook(example_dataset(), path, overwrite=overwrite, layout=layout)
