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
from cchc_dash.io import excel

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
    ("blank unit name", _set("Đơn vị", "B4", None), "Đơn vị", 4, "Tên đơn vị (B)", "blank cell"),
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


FILE_CASES = [
    ("empty", b"", "the file is empty (0 bytes)"),
    ("csv named xlsx", b"year,unit_id\n2025,S01\n", "not an Excel .xlsx file (perhaps a CSV"),
    ("utf-16 text", "Năm\tĐơn vị\n".encode("utf-16"), "not an Excel .xlsx file"),
    ("cp1258 text", "Năm,Đơn vị\n".encode("cp1258", errors="replace"), "not an Excel .xlsx file"),
    ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "an old Excel file (.xls)"),
    ("truncated zip", b"PK\x03\x04" + b"\x14\0" * 40, "the .xlsx file is damaged"),
]


@pytest.mark.parametrize("case, content, message", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_file_that_is_not_a_workbook_is_one_located_problem(tmp_path, case, content, message):
    path = tmp_path / "tinh.xlsx"
    path.write_bytes(content)
    (p,) = problems_of(path)
    assert p.source == "tinh.xlsx" and message in p.message_en and p.message_vi


def test_a_zip_that_is_not_a_workbook_is_damaged(tmp_path):
    import zipfile

    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "xin chào")
    (p,) = problems_of(path)
    assert "the .xlsx file is damaged" in p.message_en


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
    assert p.message_en == "the file cannot be read (Permission denied)"


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    (tmp_path / "thu_muc.xlsx").mkdir()
    assert "this is a folder" in problems_of(tmp_path / "thu_muc.xlsx")[0].message_en
    assert problems_of(tmp_path / "khong.xlsx")[0].message_en == "the file does not exist"


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
    assert wb.sheetnames == [G, "UBND cấp huyện", "Lĩnh vực"]
    ws = wb[G]
    assert ws["A1"].value == f"Kết quả xác định Chỉ số CCHC năm 2025 — {G}"
    assert [c.value for c in ws[2]] == ["STT", "Đơn vị", "Tổng điểm", "Chỉ số", "Xếp hạng", "Xếp loại"]
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3)] == [
        [1, '=HYPERLINK("http://x")', 9.1234, 91.234, 1, "Xuất sắc"],
        [2, "Sở Nội vụ", 8.2, 82.0, 2, "Tốt"],
        [3, "Sở Y tế", 6.0, 60.0, 3, "Trung bình"],
    ]
    assert ws["B3"].data_type == "s"  # stored as text: never run as a formula
    assert ws["C3"].number_format == "0.00" and ws["D4"].number_format == "0.00"
    assert [ws[f"F{r}"].fill.fgColor.rgb for r in (3, 4, 5)] == ["001A7F3C", "005CB85C", "00F08A24"]
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
    assert wb.sheetnames == [G, "Lĩnh vực"] and wb[G]["B3"].value == "Sở Tư pháp"
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
    path = excel.write_results_csv(results(), tmp_path / "kq.csv")
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
