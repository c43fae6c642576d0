"""io/excel.py: the template, the tolerant workbook reader and its located problems, the ranking annex.

Every workbook here is built by the test with openpyxl (no committed binaries). Expected
indices, rows and messages are written by hand from the cells below.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string

import cchc_dash as cd
from cchc_dash.io import annex, excel

G = "Sở, ban, ngành"
NOTE = ["Ghi chú: mỗi dòng một mục"]


def good() -> dict[str, list[list]]:
    """A small province in the template's layout: note on row 1, header on row 2, data from row 3.

    Indices by hand: S01 (4 + 5) / 10 = 90 % (Tốt), S02 (3 + 4.5) / 10 = 75 % (Khá),
    S03 2 / 4 = 50 % (1.1.2 not applicable; Yếu).
    """
    return {
        "Phương pháp": [
            NOTE,
            ["Năm", "Khối", "Mã tiêu chí", "Mã mục cha", "Cấp", "Nội dung", "Điểm tối đa", "Loại"],
            [2025, G, "1", None, "Lĩnh vực", "Chỉ đạo, điều hành", 10, "Đánh giá"],
            [2025, G, "1.1", "1", "Tiêu chí", "Kế hoạch CCHC", 10, "Đánh giá"],
            [2025, G, "1.1.1", "1.1", "Tiêu chí thành phần", "Ban hành kế hoạch", 4, "Đánh giá"],
            [2025, G, "1.1.2", "1.1", "Tiêu chí thành phần", "Thực hiện kế hoạch", 6, "Đánh giá"],
        ],
        "Đơn vị": [
            NOTE,
            ["Mã đơn vị", "Tên đơn vị", "Khối"],
            ["S01", "Sở Tư pháp", G],
            ["S02", "Sở Nội vụ", G],
            ["S03", "Sở Y tế", G],
        ],
        "Điểm": [
            NOTE,
            ["Năm", "Mã đơn vị", "Mã tiêu chí", "Điểm tự đánh giá", "Điểm thẩm định", "Áp dụng"],
            [2025, "S01", "1.1.1", 4, 4, "có"],
            [2025, "S01", "1.1.2", 6, 5, "có"],
            [2025, "S02", "1.1.1", 3, 3, "có"],
            [2025, "S02", "1.1.2", 5, 4.5, "có"],
            [2025, "S03", "1.1.1", 2, 2, "có"],
            [2025, "S03", "1.1.2", None, None, "không"],
        ],
        "Xếp loại": [
            NOTE,
            ["Thang xếp loại", "Năm", "Khối", "Xếp loại", "Chỉ số tối thiểu", "Thứ tự"],
            ["Tỉnh", 2025, G, "Tốt", 80, 1],
            ["Tỉnh", 2025, G, "Khá", 60, 2],
            ["Tỉnh", 2025, G, "Yếu", None, 3],
        ],
    }


def put(sheets: dict[str, list[list]], sheet: str, coordinate: str, value: object) -> None:
    """Set one cell (e.g. "E4") of a sheet given as rows, growing the rows as needed."""
    letters = "".join(ch for ch in coordinate if ch.isalpha())
    row, col = int(coordinate[len(letters) :]) - 1, column_index_from_string(letters) - 1
    rows = sheets[sheet]
    while len(rows) <= row:
        rows.append([])
    rows[row].extend([None] * (col + 1 - len(rows[row])))
    rows[row][col] = value


def build(sheets: dict[str, list[list]], path: Path) -> Path:
    """Write ``sheets`` (name → rows from row 1) as an .xlsx with openpyxl."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def problems_of(path: Path) -> list[cd.Problem]:
    with pytest.raises(cd.ValidationError) as exc:
        cd.read_workbook(path)
    return exc.value.problems


def index_of(ds: cd.Dataset) -> dict[str, float]:
    res = cd.compute(ds)
    return dict(zip(res["unit_id"], res["index"].round(6)))


# --- good files and the variants people make ------------------------------------------------


def test_the_good_workbook_reads(tmp_path):
    ds = cd.read_workbook(build(good(), tmp_path / "tinh.xlsx"))
    assert index_of(ds) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}
    assert dict(zip(cd.compute(ds)["unit_id"], cd.compute(ds)["band"])) == {"S01": "Tốt", "S02": "Khá", "S03": "Yếu"}
    assert ds.name == "tinh" and ds.source == str((tmp_path / "tinh.xlsx").resolve())
    assert cd.load(tmp_path / "tinh.xlsx").units["unit_name"].tolist() == ["Sở Tư pháp", "Sở Nội vụ", "Sở Y tế"]


def test_real_world_variants_read_alike(tmp_path):
    """Title rows and a merged title, a two-line header (merged "Điểm" over its two columns),
    headers in other case with '*' and spaces, numbers typed as text with decimal commas,
    NFD names, stray spaces, blank rows, an extra column, a sheet name in lower case."""
    s = good()
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    s["Đơn vị"][2] = [" S01 ", f"  {nfd} ", G + " ", "ghi chú thêm"]
    s["Đơn vị"][1] = ["  mã đơn vị *", "TÊN ĐƠN VỊ", "Khối", "Ghi chú"]
    s["điểm"] = [
        ["BẢNG ĐIỂM NĂM 2025"],
        [],
        ["Năm", "Mã đơn vị", "Mã tiêu chí", "Điểm", None, "Áp dụng"],
        [None, None, None, "Tự đánh giá", "Thẩm định", None],
        [2025, "S01", "1.1.1", "4", "4,0", "có"],
        [],
        [None, None, None, None, None, None],
        ["2025", "S01", "1.1.2", "6", " 5 ", "Có"],
        [2025, "S02", "1.1.1", 3, "3", "x"],
        [2025, "S02", "1.1.2", 5, "4,5", None],
        [2025, "S03", "1.1.1", 2, 2, "có"],
        [2025, "S03", "1.1.2", None, None, "Không áp dụng"],
    ]
    del s["Điểm"]
    path = build(s, tmp_path / "bien_the.xlsx")
    wb = load_workbook(path)
    wb["điểm"].merge_cells("A1:F1")
    wb["điểm"].merge_cells("D3:E3")
    wb.save(path)
    ds = cd.read_workbook(path)
    assert index_of(ds) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}
    assert ds.units["unit_name"].iloc[0] == "Sở Tư pháp" and ds.units["group"].iloc[0] == G


def test_blank_rows_keep_excel_row_numbers(tmp_path):
    s = good()
    s["Điểm"][5:5] = [[], [None, "  ", None]]  # two blank rows before the 4th score row
    put(s, "Điểm", "E8", "bốn")  # that row is now Excel row 8
    (p,) = problems_of(build(s, tmp_path / "trong.xlsx"))
    assert (p.sheet, p.row, p.column) == ("Điểm", 8, "Điểm thẩm định (E)")
    assert p.message_en == "'bốn' is not a number"


def test_a_scores_sheet_not_yet_filled_in_is_one_sentence(tmp_path):
    """Every appraised score of the sheet "Điểm" blank (its rows typed, no score yet): one problem on the
    sheet's column E saying so with the count (5 rows; the sixth is not applicable), not one per row."""
    s = good()
    for row in range(3, len(s["Điểm"]) + 1):  # row 1 is the sheet's note, row 2 its header
        put(s, "Điểm", f"E{row}", None)
    (p,) = problems_of(build(s, tmp_path / "chua_nhap.xlsx"))
    assert (p.source, p.sheet, p.row, p.column) == ("chua_nhap.xlsx", "Điểm", None, "Điểm thẩm định (E)")
    assert p.message_vi.startswith("chưa có điểm nào được nhập: điểm thẩm định để trống ở cả 5 dòng điểm có áp dụng")
    assert p.message_en.startswith("no score has been entered yet: the appraised score is blank in all 5 applicable")


def test_a_table_away_from_a1_keeps_its_rows_and_letters(tmp_path):
    """Two empty rows above and an empty column left of the table: Excel's row 6, column F."""
    s = good()
    s["Điểm"] = [[], []] + [[None] + r for r in s["Điểm"]]
    put(s, "Điểm", "F6", "abc")
    (p,) = problems_of(build(s, tmp_path / "lech.xlsx"))
    assert (p.sheet, p.row, p.column, p.message_en) == ("Điểm", 6, "Điểm thẩm định (F)", "'abc' is not a number")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_a_workbook_saved_by_libreoffice_reads(tmp_path):
    src = build(good(), tmp_path / "src.xlsx")
    out = tmp_path / "lo"
    subprocess.run(
        # its own profile: two runs at once (or an open LibreOffice) would otherwise share one and clash
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(src)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert index_of(cd.read_workbook(out / "src.xlsx")) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}


# --- the malformed corpus: each file with its own message and place ---------------------------


def _set(sheet: str, cell: str, value: object):
    return lambda s: put(s, sheet, cell, value)


def _drop_row(sheet: str, row: int):
    return lambda s: s[sheet].pop(row - 1)


def _drop_sheet(sheet: str):
    return lambda s: s.pop(sheet)


def _append(sheet: str, row: list):
    return lambda s: s[sheet].append(row)


CORPUS = [
    # (case, change, sheet, row, column, English message fragment)
    ("text score", _set("Điểm", "E4", "abc"), "Điểm", 4, "Điểm thẩm định (E)", "'abc' is not a number"),
    ("score above max", _set("Điểm", "E3", 5), "Điểm", 3, "Điểm thẩm định (E)", "score 5 is outside [0, 4]"),
    ("negative self score", _set("Điểm", "D5", -1), "Điểm", 5, "Điểm tự đánh giá (D)", "score -1 is outside [0, 4]"),
    ("unknown unit", _set("Điểm", "B5", "S99"), "Điểm", 5, "Mã đơn vị (B)", "unit 'S99' is not in the unit list"),
    ("unknown item", _set("Điểm", "C6", "1.1.9"), "Điểm", 6, "Mã tiêu chí (C)", "item '1.1.9' is not a leaf"),
    (
        "duplicate score row",
        _append("Điểm", [2025, "S01", "1.1.1", 4, 4, "có"]),
        "Điểm",
        9,
        "Mã tiêu chí (C)",
        "duplicate score row (year=2025, unit_id=S01, item_id=1.1.1)",
    ),
    (
        "blank applicable score",
        _set("Điểm", "E7", None),
        "Điểm",
        7,
        "Điểm thẩm định (E)",
        "appraised score is blank for an applicable item",
    ),
    ("unreadable yes/no", _set("Điểm", "F3", "maybe"), "Điểm", 3, "Áp dụng (F)", "'maybe' is not true/false"),
    ("fractional year", _set("Điểm", "A4", 2025.5), "Điểm", 4, "Năm (A)", "2025.5 is not a whole number"),
    ("thousands or decimal", _set("Điểm", "E4", "1,000"), "Điểm", 4, "Điểm thẩm định (E)", "'1,000' is ambiguous"),
    (
        "missing score row",
        _drop_row("Điểm", 8),
        "Điểm",
        7,  # S03's first 2025 row, where the missing one belongs
        "Mã tiêu chí (C)",
        "unit 'S03' in 2025 has no score row for item '1.1.2'",
    ),
    (
        "missing score column",
        _set("Điểm", "E2", "Ghi chú"),
        "Điểm",
        2,
        "Điểm thẩm định",
        "missing column 'Điểm thẩm định'",
    ),
    ("column twice", _set("Điểm", "G2", "Năm"), "Điểm", 2, "Năm (G)", "column 'Năm' appears twice (also in column A)"),
    ("missing sheet", _drop_sheet("Điểm"), "Điểm", None, None, "the sheet 'Điểm' is missing"),
    (
        "parent maximum",
        _set("Phương pháp", "G4", 9),
        "Phương pháp",
        4,
        "Điểm tối đa (G)",
        "maximum of '1.1' is 9 but its children add up to 10",
    ),
    ("unknown level", _set("Phương pháp", "E5", "Nhóm"), "Phương pháp", 5, "Cấp (E)", "invalid value 'Nhóm'"),
    (
        "unknown parent",
        _set("Phương pháp", "D6", "1.7"),
        "Phương pháp",
        6,
        "Mã mục cha (D)",
        "parent '1.7' does not exist",
    ),
    ("blank unit name", _set("Đơn vị", "B4", None), "Đơn vị", 4, "Tên đơn vị (B)",
     "the Tên đơn vị (unit name) cell is blank"),
    ("duplicate unit", _set("Đơn vị", "A5", "S02"), "Đơn vị", 5, "Mã đơn vị (A)", "duplicate unit id (unit_id=S02)"),
    (
        "unknown successor",
        lambda s: (put(s, "Đơn vị", "D2", "Đơn vị kế thừa"), put(s, "Đơn vị", "D3", "S77")),
        "Đơn vị",
        3,
        "Đơn vị kế thừa (D)",
        "successor 'S77' is not a known unit",
    ),
    ("text threshold", _set("Xếp loại", "E4", "cao"), "Xếp loại", 4, "Chỉ số tối thiểu (E)", "'cao' is not a number"),
    (
        "no header",
        lambda s: s.update({"Xếp loại": [[1, 2, 3], [4, 5, 6]]}),
        "Xếp loại",
        None,
        None,
        "no header line found",
    ),
    (
        "SIPAS answer off scale",
        lambda s: s.update(
            {
                "Câu hỏi SIPAS": [NOTE, ["Năm", "Mã câu hỏi", "Yếu tố"], [2025, "Q1", "Tiếp cận"]],
                "SIPAS": [
                    NOTE,
                    ["Năm", "Mã đơn vị", "Mã phiếu", "Mã câu hỏi", "Trả lời"],
                    [2025, "S01", "P1", "Q1", 4],
                    [2025, "S01", "P2", "Q1", 7],
                ],
            }
        ),
        "SIPAS",
        4,
        "Trả lời (E)",
        "answer 7 is not on the 1–5 scale",
    ),
    (
        "formula without a value",
        _set("Điểm", "E3", "=2+2"),
        "Điểm",
        3,
        "Điểm thẩm định (E)",
        "holds the formula =2+2 but no calculated value",
    ),
]


@pytest.mark.parametrize("case, change, sheet, row, column, message", CORPUS, ids=[c[0] for c in CORPUS])
def test_malformed_workbook_is_located(tmp_path, case, change, sheet, row, column, message):
    s = good()
    change(s)
    path = build(s, tmp_path / "hong.xlsx")
    problems = problems_of(path)
    hits = [p for p in problems if message in p.message_en]
    assert hits, [str(p) for p in problems]
    assert [(p.source, p.sheet, p.row, p.column) for p in hits][:1] == [("hong.xlsx", sheet, row, column)]
    assert all(p.message_vi and p.message_vi != p.message_en for p in hits)


def test_every_problem_of_every_sheet_comes_at_once(tmp_path):
    s = good()
    put(s, "Phương pháp", "E5", "Nhóm")
    put(s, "Đơn vị", "B4", None)
    put(s, "Điểm", "E4", "abc")
    put(s, "Điểm", "F3", "maybe")
    problems = problems_of(build(s, tmp_path / "nhieu.xlsx"))
    assert {(p.sheet, p.row, p.column) for p in problems} >= {
        ("Phương pháp", 5, "Cấp (E)"),
        ("Đơn vị", 4, "Tên đơn vị (B)"),
        ("Điểm", 4, "Điểm thẩm định (E)"),
        ("Điểm", 3, "Áp dụng (F)"),
    }


NOT_XLSX = ("không phải tệp Excel .xlsx (có thể là tệp CSV hoặc văn bản đổi tên thành .xlsx)",
            "not an Excel .xlsx file (perhaps a CSV or text file renamed to .xlsx)")
FILE_CASES = [
    ("empty", b"", ("tệp rỗng (0 byte)", "the file is empty (0 bytes)")),
    ("csv named xlsx", b"year,unit_id\n2025,S01\n", NOT_XLSX),
    ("utf-16 text", "Năm\tĐơn vị\n".encode("utf-16"), NOT_XLSX),
    ("cp1258 text", "Năm,Đơn vị\n".encode("cp1258", errors="replace"), NOT_XLSX),
    ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
     ("tệp Excel cũ (.xls) hoặc được bảo vệ bằng mật khẩu: mở bằng Excel và lưu lại dạng .xlsx",
      "an old Excel file (.xls) or a password-protected one: open it in Excel and save it as .xlsx")),
    ("truncated zip", b"PK\x03\x04" + b"\x14\0" * 40,
     ("tệp .xlsx bị hỏng, không đọc được (BadZipFile)", "the .xlsx file is damaged and cannot be read (BadZipFile)")),
]


@pytest.mark.parametrize("case, content, messages", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_file_that_is_not_a_workbook_is_one_located_problem(tmp_path, case, content, messages):
    path = tmp_path / "tinh.xlsx"
    path.write_bytes(content)
    (p,) = problems_of(path)
    assert (p.source, p.sheet, p.row, p.column) == ("tinh.xlsx", None, None, None)
    assert (p.message_vi, p.message_en) == messages


def test_a_zip_that_is_not_a_workbook_is_damaged(tmp_path):
    import zipfile

    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "xin chào")
    (p,) = problems_of(path)
    assert (p.source, p.message_vi, p.message_en) == (
        "nen.xlsx", "tệp .xlsx bị hỏng, không đọc được (CalamineError)",
        "the .xlsx file is damaged and cannot be read (CalamineError)")


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "khoa.xlsx"
    path.write_bytes(b"PK\x03\x04")
    real_open = open

    def denied(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    (p,) = problems_of(path)
    assert (p.message_vi, p.message_en) == ("không đọc được tệp (Permission denied)",
                                            "the file cannot be read (Permission denied)")


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    (tmp_path / "thu_muc.xlsx").mkdir()
    (folder,) = problems_of(tmp_path / "thu_muc.xlsx")
    assert (folder.source, folder.message_vi, folder.message_en) == (
        "thu_muc.xlsx", "đây là một thư mục, cần một tệp .xlsx", "this is a folder; an .xlsx file is needed")
    (missing,) = problems_of(tmp_path / "khong.xlsx")
    assert (missing.source, missing.message_vi, missing.message_en) == (
        "khong.xlsx", "không tìm thấy tệp", "the file does not exist")


# --- the template --------------------------------------------------------------------------


def test_template_has_notes_examples_and_checks(tmp_path):
    path = cd.write_template(tmp_path / "mau.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phương pháp", "Đơn vị", "Điểm", "Xếp loại", "SIPAS", "Câu hỏi SIPAS", "Không đánh giá",
                             "Danh mục"]
    assert wb["Danh mục"].sheet_state == "hidden"
    ws = wb["Điểm"]
    assert ws["A1"].value.startswith("Một dòng cho mỗi đơn vị") and "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == [
        "Năm *",
        "Mã đơn vị *",
        "Mã tiêu chí *",
        "Điểm tự đánh giá",
        "Điểm thẩm định *",
        "Áp dụng",
    ]
    assert [c.value for c in ws[3]] == [2025, "S01", "1.1.1", 1, 1, "có"]
    assert ws.freeze_panes == "A3"
    checks = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert checks["E3:E508"] == ("decimal", "0", "100")
    assert checks["F3:F508"] == ("list", "'Danh mục'!$E$2:$E$3", None)
    groups = {str(dv.sqref): dv.formula1 for dv in wb["Đơn vị"].data_validations.dataValidation}
    assert groups["C3:C504"] == "'Danh mục'!$A$2:$A$4"
    assert [c.value for c in wb["Danh mục"]["A"]][:4] == ["group", "Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]
    bands = {str(dv.sqref): dv.formula1 for dv in wb["Xếp loại"].data_validations.dataValidation}
    assert bands["D3:D507"] == "'Danh mục'!$D$2:$D$9"


def test_template_round_trip_then_filled(tmp_path):
    path = cd.write_template(tmp_path / "mau.xlsx")
    ds = cd.read_workbook(path)
    # Template rows: S01 (1 + 1.5 + 1.8) / 5 = 86 %, S02 (0.5 + 1.6) / 3 = 70 % (1.1.2 not applicable).
    assert index_of(ds) == {"S01": 86.0, "S02": 70.0}
    assert len(ds.sipas_answers) == 4 and ds.bands["label"].tolist() == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    wb = load_workbook(path)  # a user fills it in: S02 now scores 1.1.2, a third unit is added
    ws = wb["Điểm"]
    ws["E7"], ws["F7"] = 2, "có"
    wb["Đơn vị"].append(["S03", "Sở Y tế", G, 2025])
    for item, score in (("1.1.1", 1), ("1.1.2", 2), ("2.1.1", 2)):
        ws.append([2025, "S03", item, None, score, "có"])
    wb.save(path)
    # S02: (0.5 + 2 + 1.6) / 5 = 82 %; S03: 5 / 5 = 100 %.
    assert index_of(cd.read_workbook(path)) == {"S01": 86.0, "S02": 82.0, "S03": 100.0}


def test_template_keeps_an_existing_file(tmp_path):
    target = tmp_path / "mau.xlsx"
    target.write_bytes(b"bang cua toi")
    with pytest.raises(cd.ValidationError, match="the file exists"):
        cd.write_template(target)
    assert target.read_bytes() == b"bang cua toi"
    assert cd.write_template(target, overwrite=True) == target and target.read_bytes()[:2] == b"PK"  # when asked


# --- the report ----------------------------------------------------------------------------


def results() -> pd.DataFrame:
    """Hand-written compute()-shaped results: two groups in 2025, one unit with a formula-like name."""
    rows = [
        (2025, G, "S02", "Sở Nội vụ", 8.2, 10.0, 82.0, 2, 3, "Tốt", 80.0, 85.0),
        (2025, G, "S01", '=HYPERLINK("http://x")', 9.1234, 10.0, 91.234, 1, 3, "Xuất sắc", 90.0, 92.5),
        (2025, G, "S03", "Sở Y tế", 6.0, 10.0, 60.0, 3, 3, "Trung bình", 55.0, 65.0),
        (2025, "UBND cấp huyện", "H01", "UBND huyện A", 7.0, 10.0, 70.0, 1, 1, "Khá", 70.0, 70.0),
        (2024, G, "S01", "Sở Tư pháp", 5.0, 10.0, 50.0, 1, 1, "Trung bình", 50.0, 50.0),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "year",
            "group",
            "unit_id",
            "unit_name",
            "score",
            "max_points",
            "index",
            "rank",
            "rank_of",
            "band",
            "area_1",
            "area_2",
        ],
    )


def test_report_contents_cell_by_cell(tmp_path):
    scheme = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"
    path = cd.write_report(
        results(), tmp_path / "bao_cao.xlsx", scheme=scheme, source="tinh_b.xlsx & co", area_names={"1": "Chỉ đạo"}
    )
    wb = load_workbook(path)
    assert wb.sheetnames == [G, "UBND cấp huyện", "Số lượng theo xếp loại", "Lĩnh vực"]
    ws = wb[G]
    assert ws["A1"].value == f"Kết quả xác định Chỉ số CCHC năm 2025 — {G}"
    assert [c.value for c in ws[2]] == ["STT", "Đơn vị", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm tối đa", "Chỉ số",
                                        "Xếp hạng", "Xếp loại"]
    # no self_score column in these results: a blank cell; every maximum is 10, below 100: the note
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3)] == [
        [1, '=HYPERLINK("http://x")', None, 9.1234, 10.0, 91.234, 1, "Xuất sắc"],
        [2, "Sở Nội vụ", None, 8.2, 10.0, 82.0, 2, "Tốt"],
        [3, "Sở Y tế", None, 6.0, 10.0, 60.0, 3, "Trung bình"],
        [None] * 8,
        ["Đơn vị có điểm tối đa dưới 100 do có tiêu chí không áp dụng; chỉ số = điểm thẩm định / điểm tối đa × 100"]
        + [None] * 7,
    ]
    assert ws["B3"].data_type == "s"  # stored as text: never run as a formula
    assert ws["D3"].number_format == "0.00" and ws["F4"].number_format == "0.00"
    assert [ws[f"H{r}"].fill.fgColor.rgb for r in (3, 4, 5)] == ["001A7F3C", "005CB85C", "00F08A24"]
    assert ws.freeze_panes == "A3"
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$2"
    assert ws.oddFooter.left.text == "Nguồn dữ liệu: tinh_b.xlsx && co"
    assert ws.oddFooter.right.text == f"Thang xếp loại: {scheme}"
    area = wb["Lĩnh vực"]
    assert [c.value for c in area[2]] == ["STT", "Khối", "Đơn vị", "1. Chỉ đạo", "Lĩnh vực 2"]
    assert [c.value for c in area[6]] == [4, "UBND cấp huyện", "UBND huyện A", 70.0, 70.0]
    assert area["D3"].number_format == "0.00" and area.freeze_panes == "A3"


def test_report_of_another_year_and_bad_input(tmp_path):
    wb = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", year=2024))
    assert wb.sheetnames == [G, "Số lượng theo xếp loại", "Lĩnh vực"] and wb[G]["B3"].value == "Sở Tư pháp"
    with pytest.raises(cd.ValidationError, match="no results for 2019"):
        cd.write_report(results(), tmp_path / "r2.xlsx", year=2019)
    with pytest.raises(cd.ValidationError, match="compute"):
        cd.write_report(pd.DataFrame({"x": [1]}), tmp_path / "r3.xlsx")


def test_report_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "bao_cao.xlsx"
    target.write_bytes(b"bao cao cu")

    def broken(self, handle):
        handle.write(b"PK half a file")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        cd.write_report(results(), target)
    assert target.read_bytes() == b"bao cao cu"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.xlsx"]  # no temporary file left


def test_report_refuses_a_locked_readonly_or_misplaced_target(tmp_path, monkeypatch):
    target = tmp_path / "bao_cao.xlsx"
    target.write_bytes(b"bao cao cu")
    target.chmod(0o444)
    with pytest.raises(cd.ValidationError, match="read-only"):
        cd.write_report(results(), target)
    target.chmod(0o644)
    import os

    def locked(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(cd.ValidationError, match="open in another program"):
        cd.write_report(results(), target)
    assert target.read_bytes() == b"bao cao cu" and len(list(tmp_path.iterdir())) == 1
    monkeypatch.undo()
    with pytest.raises(cd.ValidationError, match="does not exist"):
        cd.write_report(results(), tmp_path / "khong" / "r.xlsx")
    with pytest.raises(cd.ValidationError, match="this is a folder"):
        cd.write_report(results(), tmp_path)


def test_results_csv_neutralises_formulas(tmp_path):
    path = annex.write_results_csv(results(), tmp_path / "kq.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in text and "Sở Nội vụ" in text
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["unit_name"].tolist()[1] == '\'=HYPERLINK("http://x")'
    assert np.allclose(back["index"], [82.0, 91.234, 60.0, 70.0, 50.0])


# --- a unit without scores: refused, unless the workbook says it was not assessed ------------------


def test_a_department_without_scores_is_named_at_its_unit_row(tmp_path):
    """Both of S02's score rows deleted: the problem names S02's row (4) in Đơn vị, not a silent 2-unit ranking."""
    s = good()
    s["Điểm"] = [r for r in s["Điểm"] if not (len(r) > 1 and r[1] == "S02")]
    problems = problems_of(build(s, tmp_path / "thieu.xlsx"))
    assert [(p.sheet, p.row, p.column, p.message_en) for p in problems] == [
        ("Đơn vị", 4, "Mã đơn vị (A)", "unit 'S02' (Sở Nội vụ) has no scores in 2025 although it exists that year: "
                                       "enter its scores, or list it as not assessed with the reason")]


def test_a_not_assessed_sheet_keeps_the_unit_out_and_the_report_says_why(tmp_path):
    """S02 listed in Không đánh giá with its reason: the workbook reads, two units are ranked, and the
    annex says under its table "Không đánh giá năm 2025 (1 đơn vị): Sở Nội vụ (Đang sắp xếp tổ chức)"."""
    from openpyxl import load_workbook

    from cchc_dash.analyses.standings import not_assessed_in

    s = good()
    s["Điểm"] = [r for r in s["Điểm"] if not (len(r) > 1 and r[1] == "S02")]
    s["Không đánh giá"] = [NOTE, ["Năm", "Mã đơn vị", "Lý do"], [2025, "S02", "Đang sắp xếp tổ chức"]]
    ds = cd.read_workbook(build(s, tmp_path / "du.xlsx"))
    assert index_of(ds) == {"S01": 90.0, "S03": 50.0}
    left_out = not_assessed_in(ds.not_assessed, ds.units, 2025)
    out = cd.write_report(cd.compute(ds), tmp_path / "bao_cao.xlsx", not_assessed=left_out)
    ws = load_workbook(out).worksheets[0]  # the group's sheet
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Không đánh giá năm 2025 (1 đơn vị): Sở Nội vụ (Đang sắp xếp tổ chức)" in texts
    back = cd.read_workbook(cd.write_workbook(ds, tmp_path / "vong.xlsx"))  # and it round-trips
    assert back.not_assessed[["year", "unit_id", "reason"]].values.tolist() == [[2025, "S02", "Đang sắp xếp tổ chức"]]


# --- the template, cell by cell: what a province receives ------------------------------------------

TEMPLATE_ROWS = {
    "Phương pháp": [
        ("Năm *", "Khối *", "Mã tiêu chí *", "Mã mục cha *", "Cấp *", "Nội dung *", "Điểm tối đa *", "Loại"),
        (2025, G, "1", None, "Lĩnh vực", "Công tác chỉ đạo, điều hành CCHC", 3, "Đánh giá"),
        (2025, G, "1.1", "1", "Tiêu chí", "Kế hoạch CCHC năm", 3, "Đánh giá"),
        (2025, G, "1.1.1", "1.1", "Tiêu chí thành phần", "Ban hành kế hoạch kịp thời", 1, "Đánh giá"),
        (2025, G, "1.1.2", "1.1", "Tiêu chí thành phần", "Mức độ thực hiện kế hoạch", 2, "Đánh giá"),
        (2025, G, "2", None, "Lĩnh vực", "Tác động của CCHC", 2, "Điều tra"),
        (2025, G, "2.1", "2", "Tiêu chí", "Điều tra xã hội học", 2, "Điều tra"),
        (2025, G, "2.1.1", "2.1", "Tiêu chí thành phần", "Mức độ hài lòng của người dân", 2, "Điều tra"),
    ],
    "Đơn vị": [
        ("Mã đơn vị *", "Tên đơn vị *", "Khối *", "Từ năm", "Đến năm", "Đơn vị kế thừa"),
        ("S01", "Sở Tư pháp", G, 2019, None, None),
        ("S02", "Sở Nội vụ", G, 2019, None, None),
    ],
    "Điểm": [
        ("Năm *", "Mã đơn vị *", "Mã tiêu chí *", "Điểm tự đánh giá", "Điểm thẩm định *", "Áp dụng"),
        (2025, "S01", "1.1.1", 1, 1, "có"),
        (2025, "S01", "1.1.2", 2, 1.5, "có"),
        (2025, "S01", "2.1.1", None, 1.8, "có"),
        (2025, "S02", "1.1.1", 1, 0.5, "có"),
        (2025, "S02", "1.1.2", None, None, "không"),
        (2025, "S02", "2.1.1", None, 1.6, "có"),
    ],
    "Xếp loại": [
        ("Thang xếp loại", "Năm *", "Khối *", "Xếp loại *", "Chỉ số tối thiểu", "Thứ tự"),
        ("Tỉnh", 2025, G, "Xuất sắc", 90, 1),
        ("Tỉnh", 2025, G, "Tốt", 80, 2),
        ("Tỉnh", 2025, G, "Khá", 65, 3),
        ("Tỉnh", 2025, G, "Trung bình", 50, 4),
        ("Tỉnh", 2025, G, "Yếu", None, 5),
    ],
    "SIPAS": [
        ("Năm *", "Mã đơn vị *", "Mã phiếu *", "Mã câu hỏi *", "Trả lời *"),
        (2025, "S01", "P001", "Q1", 4),
        (2025, "S01", "P001", "Q2", 5),
        (2025, "S02", "P002", "Q1", 3),
        (2025, "S02", "P002", "Q2", None),
    ],
    "Câu hỏi SIPAS": [
        ("Năm *", "Mã câu hỏi *", "Yếu tố *", "Nội dung"),
        (2025, "Q1", "Tiếp cận dịch vụ", "Nơi ngồi chờ có đủ chỗ ngồi"),
        (2025, "Q2", "Công chức", "Công chức có thái độ lịch sự"),
    ],
    "Không đánh giá": [("Năm *", "Mã đơn vị *", "Lý do *")],
}
#: Column widths and formats ("@": text, so that an id like 1.10 stays 1.10) of each sheet, column by column.
TEMPLATE_COLUMNS = {
    "Phương pháp": ([8, 22, 12, 12, 20, 50, 12, 12], "G@@@@@G@"),
    "Đơn vị": ([12, 40, 22, 10, 10, 16], "@@@GG@"),
    "Điểm": ([8, 12, 12, 16, 16, 10], "G@@GG@"),
    "Xếp loại": ([18, 8, 22, 14, 16, 8], "@G@@GG"),
    "SIPAS": ([8, 12, 12, 12, 10], "G@@@G"),
    "Câu hỏi SIPAS": ([8, 12, 24, 60], "G@@@"),
    "Không đánh giá": ([8, 12, 60], "G@@"),
}
LIST_ERROR = ("Giá trị không có trong danh mục", "Chọn một giá trị trong danh sách (trang Danh mục).")
YEARS = ("whole", "between", "2000", "2100", None, "Năm là số nguyên từ 2000 đến 2100.")
POINTS = ("decimal", "between", "0", "100", None, "Nhập một số từ 0 đến 100.")


def pick(cells: str) -> tuple:
    return ("list", None, f"'Danh mục'!{cells}", None, *LIST_ERROR)


#: Every check of every sheet: cells → (type, operator, formula1, formula2, error title, error); all allow a
#: blank and show their error. The rows checked are those written and 500 more.
TEMPLATE_CHECKS = {
    "Phương pháp": {"A3:A509": YEARS, "B3:B509": pick("$A$2:$A$4"), "E3:E509": pick("$B$2:$B$4"),
                    "G3:G509": POINTS, "H3:H509": pick("$C$2:$C$3")},
    "Đơn vị": {"C3:C504": pick("$A$2:$A$4"), "D3:D504": YEARS, "E3:E504": YEARS},
    "Điểm": {"A3:A508": YEARS, "D3:D508": POINTS, "E3:E508": POINTS, "F3:F508": pick("$E$2:$E$3")},
    "Xếp loại": {"B3:B507": YEARS, "C3:C507": pick("$A$2:$A$4"), "D3:D507": pick("$D$2:$D$9"), "E3:E507": POINTS},
    "SIPAS": {"A3:A506": YEARS,
              "E3:E506": ("whole", "between", "1", "5", None, "Câu trả lời từ 1 đến 5, hoặc để trống.")},
    "Câu hỏi SIPAS": {"A3:A504": YEARS},
    "Không đánh giá": {"A3:A502": YEARS},
}


@pytest.fixture
def template(tmp_path):
    """Written afresh for each test (not once per module): mutation testing then links every test to the code
    that writes the template."""
    return load_workbook(cd.write_template(tmp_path / "mau.xlsx"))


@pytest.mark.parametrize("sheet", list(TEMPLATE_ROWS))
def test_the_template_sheet_by_sheet(template, sheet):
    """Under the note (row 1, merged across the table, wrapped at the top, pale yellow, 48 pt high): the header
    (bold on pale blue; '*' marks a required column), the example rows, the widths, text columns and checks."""
    ws = template[sheet]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == TEMPLATE_ROWS[sheet]
    width = len(TEMPLATE_ROWS[sheet][0])
    assert [str(r) for r in ws.merged_cells.ranges] == [f"A1:{'ABCDEFGH'[width - 1]}1"]
    note = ws["A1"]
    assert isinstance(note.value, str) and note.value and all(c.value is None for c in ws[1][1:])
    assert (note.alignment.wrap_text, note.alignment.vertical) == (True, "top")
    assert (note.fill.patternType, note.fill.fgColor.rgb) == ("solid", "00FFF2CC")
    assert ws.row_dimensions[1].height == 48 and ws.row_dimensions[2].height is None
    assert [(c.font.b, c.fill.patternType, c.fill.fgColor.rgb) for c in ws[2]] == [(True, "solid", "00DDEBF7")] * width
    assert all(not c.font.b and c.fill.patternType is None for row in ws.iter_rows(min_row=3) for c in row)
    widths, formats = TEMPLATE_COLUMNS[sheet]
    letters = "ABCDEFGH"[:width]
    assert [ws.column_dimensions[x].width for x in letters] == widths
    assert "".join("@" if ws.column_dimensions[x].number_format == "@" else "G" for x in letters) == formats
    assert all(c.data_type == "s" for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str))
    assert ws.freeze_panes == "A3" and ws.sheet_state == "visible"
    checks = {str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorTitle, dv.error)
              for dv in ws.data_validations.dataValidation}
    assert checks == TEMPLATE_CHECKS[sheet]
    assert all(dv.allow_blank and dv.showErrorMessage for dv in ws.data_validations.dataValidation)


def test_the_template_lists_its_drop_downs_on_a_hidden_sheet(template):
    assert template.sheetnames == [*TEMPLATE_ROWS, "Danh mục"]
    ws = template["Danh mục"]
    assert ws.sheet_state == "hidden" and ws.data_validations.dataValidation == []
    assert list(ws.iter_rows(values_only=True)) == [
        ("group", "level", "kind", "band", "applicable"),
        (G, "Lĩnh vực", "Đánh giá", "Xuất sắc", "có"),
        ("UBND cấp huyện", "Tiêu chí", "Điều tra", "Tốt", "không"),
        ("UBND cấp xã", "Tiêu chí thành phần", None, "Khá", None),
        (None, None, None, "Trung bình", None),
        (None, None, None, "Yếu", None),
        (None, None, None, "A", None),
        (None, None, None, "B", None),
        (None, None, None, "C", None),
    ]
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if c.value is not None)


def test_a_workbook_of_other_data_writes_only_its_sheets(tmp_path):
    """No SIPAS data: no SIPAS sheets; bands and units not assessed always have a sheet (empty here, so that a
    province can fill them); a group of its own on the list, a methodology kind "sipas" (written SIPAS and
    read back as sipas), a checked range of the rows written when no spare row is asked for."""
    from cchc_dash.io.excel import example_dataset

    example = example_dataset()
    meth = example.methodology.assign(group="Khối Đảng", kind=example.methodology["kind"].replace("survey", "sipas"))
    ds = cd.Dataset(methodology=meth, units=example.units.assign(group="Khối Đảng"),
                    scores=example.scores, name="khác")
    path = cd.write_workbook(ds, tmp_path / "khac.xlsx", spare_rows=0, layout="long")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phương pháp", "Đơn vị", "Điểm", "Xếp loại", "Không đánh giá", "Danh mục"]
    assert [c.value for c in wb["Phương pháp"]["H"]][2:] == ["Đánh giá"] * 4 + ["SIPAS"] * 3
    assert [c.value for c in wb["Danh mục"]["A"]] == ["group", "Khối Đảng", G, "UBND cấp huyện", "UBND cấp xã",
                                                      None, None, None, None]
    assert list(wb["Xếp loại"].iter_rows(min_row=3, values_only=True)) == []
    assert {str(dv.sqref) for dv in wb["Không đánh giá"].data_validations.dataValidation} == {"A3"}
    assert {str(dv.sqref) for dv in wb["Điểm"].data_validations.dataValidation} == {"A3:A8", "D3:D8", "E3:E8",
                                                                                   "F3:F8"}
    back = cd.read_workbook(path)
    assert list(back.methodology["kind"]) == ["assessed"] * 4 + ["sipas"] * 3
    assert index_of(back) == {"S01": 86.0, "S02": 70.0}
    with pytest.raises(cd.ValidationError, match="the file exists"):
        cd.write_workbook(ds, path)  # an existing file is kept unless overwrite=True
    assert cd.write_workbook(ds, path, overwrite=True) == path


# --- reading: the places and words of what is wrong ------------------------------------------------------


def test_a_header_cell_merged_over_two_lines_keeps_its_text_in_the_upper_line(tmp_path):
    """ "Năm" merged over rows 1–2, the other headers on row 2: the year column is found from the line above.
    Headers may carry notes in brackets and colons ("Mã đơn vị (bắt buộc)", "Áp dụng:")."""
    s = good()
    s["Điểm"][0:2] = [["Năm"], [None, "Mã đơn vị (bắt buộc)", "Mã tiêu chí", "Điểm tự đánh giá", "Điểm thẩm định",
                                "Áp dụng:"]]
    path = build(s, tmp_path / "hai_dong.xlsx")
    wb = load_workbook(path)
    wb["Điểm"].merge_cells("A1:A2")
    wb.save(path)
    ds = cd.read_workbook(path)
    assert index_of(ds) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}
    assert list(ds.scores["applicable"]) == [True, True, True, True, True, False]


def test_a_header_naming_one_column_is_a_header_with_columns_missing(tmp_path):
    """Xếp loại's header has only "Năm": it is the header line (the others are missing), not "no header"."""
    s = good()
    s["Xếp loại"] = [NOTE, ["Năm"], [2025]]
    problems = problems_of(build(s, tmp_path / "mot_cot.xlsx"))
    assert [(p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in problems] == [
        ("Xếp loại", 2, "Khối", "thiếu cột 'Khối'", "missing column 'Khối'"),
        ("Xếp loại", 2, "Xếp loại", "thiếu cột 'Xếp loại'", "missing column 'Xếp loại'"),
    ]


def test_a_column_written_twice_does_not_hide_the_columns_after_it(tmp_path):
    s = good()
    s["Điểm"] = [[r[0], r[0], *r[1:]] if i else r for i, r in enumerate(s["Điểm"])]
    problems = problems_of(build(s, tmp_path / "hai_lan.xlsx"))
    assert [(p.sheet, p.row, p.column, p.message_en) for p in problems] == [
        ("Điểm", 2, "Năm (B)", "column 'Năm' appears twice (also in column A)")]


def test_columns_are_found_after_an_extra_one_and_sheets_by_their_english_names(tmp_path):
    """An "STT" column first (not ours: skipped, the rest still read), no Loại column (every item assessed),
    and the sheets named methodology / units / scores / bands."""
    s = good()
    s["Phương pháp"] = [[*r[:7]] for r in s["Phương pháp"]]
    s["Đơn vị"] = [NOTE, ["STT", "Mã đơn vị", "Tên đơn vị", "Khối"]] + [
        [i, *r] for i, r in enumerate(s["Đơn vị"][2:], 1)]
    renamed = {"methodology": s["Phương pháp"], "units": s["Đơn vị"], "scores": s["Điểm"], "bands": s["Xếp loại"]}
    ds = cd.read_workbook(build(renamed, tmp_path / "english.xlsx"))
    assert index_of(ds) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}
    assert list(ds.units["unit_id"]) == ["S01", "S02", "S03"] and set(ds.methodology["kind"]) == {"assessed"}
    assert ds.reference[ds.reference["level"] == "national_average_provinces"].set_index("year")["value_pct"][2024] \
        == 88.37  # the published national mean comes with every workbook, as with a CSV folder


def test_problems_are_listed_sheet_by_sheet_then_row_by_row_with_the_reading_ones_kept(tmp_path):
    """A column written twice (found while reading) and the Dataset's checks (found after) are all listed,
    Phương pháp before Đơn vị before Điểm, rows in order; a missing sheet names the sheets there are."""
    s = good()
    put(s, "Điểm", "E6", "xyz")
    put(s, "Điểm", "E3", "abc")
    put(s, "Điểm", "G2", "Năm")
    put(s, "Đơn vị", "B4", None)
    put(s, "Phương pháp", "G4", 9)
    problems = problems_of(build(s, tmp_path / "thu_tu.xlsx"))
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Phương pháp", 3, "Điểm tối đa (G)"),  # area 1 (10) is no longer the sum of 1.1 (9) …
        ("Phương pháp", 4, "Điểm tối đa (G)"),  # … nor 1.1 that of its items (4 + 6)
        ("Đơn vị", 4, "Tên đơn vị (B)"),
        ("Điểm", 2, "Năm (G)"),
        ("Điểm", 3, "Điểm thẩm định (E)"),
        ("Điểm", 6, "Điểm thẩm định (E)"),
    ]
    assert problems[3].message_vi == "cột 'Năm' xuất hiện hai lần (cũng ở cột A)"
    s = good()
    del s["Điểm"]
    (missing,) = problems_of(build(s, tmp_path / "thieu.xlsx"))
    assert (missing.source, missing.sheet, missing.row, missing.column, missing.message_vi, missing.message_en) == (
        "thieu.xlsx", "Điểm", None, None, "thiếu trang tính 'Điểm' (tệp có: Phương pháp, Đơn vị, Xếp loại)",
        "the sheet 'Điểm' is missing (the file has: Phương pháp, Đơn vị, Xếp loại)")


def test_no_header_line_names_the_columns_needed_and_a_formula_is_still_told_apart(tmp_path):
    """Xếp loại has no header (a problem without a row or column) while Điểm holds a formula never
    calculated: both said, the formula as such in both languages."""
    s = good()
    s["Xếp loại"] = [[1, 2, 3], [4, 5, 6]]
    put(s, "Điểm", "E3", "=2+2")
    problems = problems_of(build(s, tmp_path / "cong_thuc.xlsx"))
    assert [(p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in problems] == [
        ("Điểm", 3, "Điểm thẩm định (E)",
         "ô có công thức =2+2 nhưng chưa có giá trị đã tính: mở tệp bằng Excel hoặc LibreOffice và lưu lại",
         "the cell holds the formula =2+2 but no calculated value: open the file in Excel or LibreOffice and save it "
         "again"),
        ("Xếp loại", None, None, "không tìm thấy dòng tiêu đề (cần các cột: Năm, Khối, Xếp loại)",
         "no header line found (columns needed: Năm, Khối, Xếp loại)"),
    ]


def test_an_uploaded_workbook_is_read_under_a_plain_name(tmp_path):
    """The browser's name is reduced to a plain file name (no folder, no brackets, NFC): the data is named
    after it and its problems say it; nothing stays on disk."""
    import tempfile

    content = build(good(), tmp_path / "g.xlsx").read_bytes()
    before = set(Path(tempfile.gettempdir()).glob("cchc-upload-*"))
    ds = excel.read_uploaded("../../" + unicodedata.normalize("NFD", "Bảng điểm (1).xlsx"), content)
    assert (ds.name, ds.source) == ("Bảng điểm _1_", "Bảng điểm _1_.xlsx")
    assert index_of(ds) == {"S01": 90.0, "S02": 75.0, "S03": 50.0}
    assert set(Path(tempfile.gettempdir()).glob("cchc-upload-*")) == before
    s = good()
    put(s, "Điểm", "E4", "abc")
    with pytest.raises(cd.ValidationError) as exc:
        excel.read_uploaded("x" * 130 + ".xlsx", build(s, tmp_path / "b.xlsx").read_bytes())
    assert [(p.source, p.row) for p in exc.value.problems] == [("x" * 120, 4)]
    with pytest.raises(cd.ValidationError) as exc:
        excel.read_uploaded("", b"year,unit\n")
    assert [(p.source, p.message_en) for p in exc.value.problems] == [("upload.xlsx", NOT_XLSX[1])]


def test_an_upload_over_50_mb_is_refused_before_it_is_written(tmp_path, monkeypatch):
    """50 MB (10⁶ bytes each) is the limit: one byte more is refused with the limit in both languages, without
    a temporary folder; exactly 50 MB is read (and refused here only for not being a workbook)."""
    import tempfile

    made = []
    real = tempfile.TemporaryDirectory
    monkeypatch.setattr(tempfile, "TemporaryDirectory", lambda **kw: made.append(kw) or real(**kw))
    with pytest.raises(cd.ValidationError) as exc:
        excel.read_uploaded("lon.xlsx", bytes(50_000_001))
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("lon.xlsx", None, None, "tệp quá lớn (tối đa 50 MB)", "the file is too large (at most 50 MB)")]
    assert made == []
    with pytest.raises(cd.ValidationError) as exc:
        excel.read_uploaded("vua.xlsx", bytes(50_000_000))
    assert [p.message_en for p in exc.value.problems] == [NOT_XLSX[1]] and made == [{"prefix": "cchc-upload-"}]


# --- the report: the rest of what the annex looks like ---------------------------------------------------


def other_results() -> pd.DataFrame:
    """The district group first (sheets follow the results' order, not the alphabet); group names that no
    sheet name can hold as they are; an unranked unit without index, band or area 2; a band without a
    colour of its own; ties broken by name."""
    long_name = "Khối cơ quan chuyên môn thuộc UBND tỉnh"  # 39 characters
    rows = [
        (2025, "UBND cấp huyện", "H02", "UBND huyện B", 7.0, 10.0, 70.0, 2, 2, "Đạt", 70.0, 70.0),
        (2025, "UBND cấp huyện", "H01", "UBND huyện A", 8.0, 10.0, 80.0, 1, 2, "Tốt", 80.0, 80.0),
        (2025, long_name, "K01", "Sở B", 9.0, 10.0, 90.0, 1, 2, "Xuất sắc", 90.0, 90.0),
        (2025, long_name, "K02", "Sở A", 9.0, 10.0, 90.0, 1, 2, "Xuất sắc", 90.0, 90.0),
        (2025, long_name + " (mới)", "K03", "Sở C", 0.0, 0.0, np.nan, pd.NA, 0, np.nan, np.nan, np.nan),
        (2025, "Khối: A/B", "K04", "Sở D", 5.0, 10.0, 50.0, 1, 1, "Trung bình", 50.0, np.nan),
        (2025, "Lĩnh vực", "K05", "Sở E", 6.0, 10.0, 60.0, 1, 1, "Khá", 60.0, 60.0),
        (2025, "'Khối X'", "K06", "Sở F", 6.0, 10.0, 60.0, 1, 1, "Khá", 60.0, 60.0),
        (2025, "''", "K07", "Sở G", 6.0, 10.0, 60.0, 1, 1, "Khá", 60.0, 60.0),
        (2025, long_name + " (cũ)", "K08", "Sở H", 6.0, 10.0, 60.0, 1, 1, "Khá", 60.0, 60.0),
    ]
    columns = ["year", "group", "unit_id", "unit_name", "score", "max_points", "index", "rank", "rank_of", "band",
               "area_1", "area_2"]
    return pd.DataFrame(rows, columns=columns).astype({"rank": "Int64"})


def test_report_sheets_titles_widths_and_fonts(tmp_path):
    """Sheet names: at most 31 characters, []:*?/\\ replaced, quotes trimmed, unique (a second name cut alike
    gets " (2)", the area sheet too when a group took its name). Widths 6, 42, 12, 12, 10, 10, 9, 14; a 13 pt bold
    centred title merged across the table; bold headers on pale blue; ranks as whole numbers."""
    wb = load_workbook(cd.write_report(other_results(), tmp_path / "r.xlsx"))
    assert wb.sheetnames == ["UBND cấp huyện", "Khối cơ quan chuyên môn thuộc U", "Khối cơ quan chuyên môn thu (2)",
                             "Khối- A-B", "Lĩnh vực", "Khối X", "Khối", "Khối cơ quan chuyên môn thu (3)",
                             "Số lượng theo xếp loại", "Lĩnh vực (2)"]
    ws = wb["UBND cấp huyện"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:H1", "A6:H6"]  # the title, the note
    title = ws["A1"]
    assert (title.value, title.font.b, title.font.sz, title.alignment.horizontal) == (
        "Kết quả xác định Chỉ số CCHC năm 2025 — UBND cấp huyện", True, 13, "center")
    assert [ws.column_dimensions[x].width for x in "ABCDEFGH"] == [6, 42, 12, 12, 10, 10, 9, 14]
    assert [(c.font.b, c.fill.patternType, c.fill.fgColor.rgb) for c in ws[2]] == [(True, "solid", "00DDEBF7")] * 8
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=4)] == [
        [1, "UBND huyện A", None, 8.0, 10.0, 80.0, 1, "Tốt"], [2, "UBND huyện B", None, 7.0, 10.0, 70.0, 2, "Đạt"]]
    assert [ws[f"G{r}"].number_format for r in (3, 4)] == ["0", "0"]
    assert not ws["B3"].font.b and ws["B3"].fill.patternType is None
    # no scheme given: the named bands keep their colours, another label is grey, all solid fills
    assert [(ws[f"H{r}"].fill.patternType, ws[f"H{r}"].fill.fgColor.rgb) for r in (3, 4)] == [
        ("solid", "005CB85C"), ("solid", "00B0B7BF")]
    tied = wb["Khối cơ quan chuyên môn thuộc U"]
    assert [[c.value for c in r] for r in tied.iter_rows(min_row=3, max_row=4)] == [
        [1, "Sở A", None, 9.0, 10.0, 90.0, 1, "Xuất sắc"], [2, "Sở B", None, 9.0, 10.0, 90.0, 1, "Xuất sắc"]]
    assert [[c.value for c in r] for r in wb["Khối cơ quan chuyên môn thu (2)"].iter_rows(min_row=3, max_row=3)] == [
        [1, "Sở C", None, 0.0, 0.0, None, None, None]]  # no index, rank or band: blank cells, not NaN
    assert wb["Khối cơ quan chuyên môn thu (2)"]["H3"].fill.patternType is None
    for sheet in wb.worksheets:
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.oddFooter.center.text == "Trang &P/&N"
        assert sheet.oddFooter.left.text == "Nguồn dữ liệu: "
        assert sheet.oddFooter.right.text == "Thang xếp loại: theo cấu hình xếp loại của từng năm và khối"


def test_report_area_sheet(tmp_path):
    """Every unit of the year, groups in the results' order, ranked within each; a blank where an area does not
    apply; a 13 pt bold title; bold headers on pale blue; widths 6, 22, 42 then 14 per area."""
    wb = load_workbook(cd.write_report(other_results(), tmp_path / "r.xlsx", area_names={"2": "Cải cách TTHC"}))
    ws = wb["Lĩnh vực (2)"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert (ws["A1"].value, ws["A1"].font.b, ws["A1"].font.sz) == ("Chỉ số thành phần theo lĩnh vực năm 2025 (%)", True,
                                                                   13)
    assert [(c.value, c.font.b, c.fill.patternType, c.fill.fgColor.rgb) for c in ws[2]] == [
        (text, True, "solid", "00DDEBF7") for text in ("STT", "Khối", "Đơn vị", "Lĩnh vực 1", "2. Cải cách TTHC")]
    assert [ws.column_dimensions[x].width for x in "ABCDE"] == [6, 22, 42, 14, 14]
    assert [tuple(c.value for c in r) for r in ws.iter_rows(min_row=3)] == [
        (1, "UBND cấp huyện", "UBND huyện A", 80.0, 80.0),
        (2, "UBND cấp huyện", "UBND huyện B", 70.0, 70.0),
        (3, "Khối cơ quan chuyên môn thuộc UBND tỉnh", "Sở A", 90.0, 90.0),
        (4, "Khối cơ quan chuyên môn thuộc UBND tỉnh", "Sở B", 90.0, 90.0),
        (5, "Khối cơ quan chuyên môn thuộc UBND tỉnh (mới)", "Sở C", None, None),
        (6, "Khối: A/B", "Sở D", 50.0, None),
        (7, "Lĩnh vực", "Sở E", 60.0, 60.0),
        (8, "'Khối X'", "Sở F", 60.0, 60.0),
        (9, "''", "Sở G", 60.0, 60.0),
        (10, "Khối cơ quan chuyên môn thuộc UBND tỉnh (cũ)", "Sở H", 60.0, 60.0),
    ]
    assert not ws["A3"].font.b and ws["E3"].number_format == "0.00"


def test_report_with_a_scheme_of_other_labels_and_units_not_assessed(tmp_path):
    """A/B/C take the colours of their positions; the units not assessed are listed one row below the table,
    merged across it, wrapped at the top, "; " between them."""
    results = pd.DataFrame({"year": 2025, "group": G, "unit_name": ["Sở X", "Sở Y"], "score": [9.5, 8.5],
                            "index": [95.0, 85.0], "rank": [1, 2], "band": ["A", "B"]})
    left_out = pd.DataFrame({"unit_name": ["Sở Z", "Sở W", "UBND Q"], "group": [G, G, "UBND cấp huyện"],
                             "reason": ["Mới thành lập", "Đang sắp xếp", "Khác"]})
    wb = load_workbook(cd.write_report(results, tmp_path / "r.xlsx", scheme="A>=90; B>=80; C", source="tinh.xlsx",
                                       not_assessed=left_out))
    ws = wb[G]
    assert [(ws[f"H{r}"].fill.patternType, ws[f"H{r}"].fill.fgColor.rgb) for r in (3, 4)] == [
        ("solid", "001A7F3C"), ("solid", "005CB85C")]
    assert ws["A5"].value is None and ws["A6"].value == (  # no max_points in these results: no note
        "Không đánh giá năm 2025 (2 đơn vị): Sở Z (Mới thành lập); Sở W (Đang sắp xếp)")
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:H1", "A6:H6"]
    assert (ws["A6"].alignment.wrap_text, ws["A6"].alignment.vertical) == (True, "top")
    for sheet in wb.worksheets:
        assert sheet.oddFooter.left.text == "Nguồn dữ liệu: tinh.xlsx"
        assert sheet.oddFooter.right.text == "Thang xếp loại: A>=90; B>=80; C"
    assert wb.sheetnames == [G, "Số lượng theo xếp loại", "Lĩnh vực"]
    assert [c.value for c in wb["Lĩnh vực"][2]] == ["STT", "Khối", "Đơn vị"]


def test_report_refusals_word_for_word(tmp_path):
    need = "['band', 'group', 'index', 'rank', 'score', 'unit_name', 'year']"
    cases = [
        (pd.DataFrame({"x": [1]}), {},
         ("results", None, None, f"cần kết quả của compute() (các cột {need})",
          f"compute() results are needed (columns {need})")),
        ("không phải bảng", {},
         ("results", None, None, f"cần kết quả của compute() (các cột {need})",
          f"compute() results are needed (columns {need})")),
        (results().iloc[0:0], {},
         ("results", None, None, "không có kết quả nào để ghi", "there are no results to write")),
        (results(), {"year": 2019},
         ("results", None, "year", "không có kết quả năm 2019", "there are no results for 2019")),
    ]
    for frame, kwargs, expected in cases:
        with pytest.raises(cd.ValidationError) as exc:
            cd.write_report(frame, tmp_path / "r.xlsx", **kwargs)
        assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [expected]
    assert not (tmp_path / "r.xlsx").exists()


def test_results_csv_has_the_results_columns_only_and_replaces_a_file(tmp_path):
    path = annex.write_results_csv(results(), tmp_path / "kq.csv")
    path = annex.write_results_csv(results().iloc[:1], path)  # replaced by default
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "year,group,unit_id,unit_name,score,max_points,index,rank,rank_of,band,area_1,area_2"
    assert len(lines) == 2 and lines[1].startswith("2025,")
    with pytest.raises(cd.ValidationError, match="the file exists"):
        annex.write_results_csv(results(), path, overwrite=False)
