"""io/entry_forms.py: unit forms and group tables, written for clerks and read back with located problems.

Workbooks are written by the package and changed cell by cell with openpyxl (no committed binaries).
The small province is the template's example (cchc_dash.io.excel.example_dataset), one group, 2025:

    item   max   S01 self / appraised      S02 self / appraised
    1.1.1  1     1 / 1                     1 / 0.5
    1.1.2  2     2 / 1.5                   not applicable
    2.1.1  2     – / 1.8                   – / 1.6

By hand: S01 (1 + 1.5 + 1.8) / (1 + 2 + 2) = 4.3 / 5 = 86 %; S02 (0.5 + 1.6) / (1 + 2) = 2.1 / 3 = 70 %.
On S01's form (sheet "Sở Tư pháp 2025") the header block is rows 2–5 (unit id in B2), the table header
row 7, items from row 8: 1 (row 8), 1.1 (9), 1.1.1 (10), 1.1.2 (11), 2 (12), 2.1 (13), 2.1.1 (14);
columns A code, B name, C maximum, D Tự đánh giá, E Thẩm định, F Không áp dụng, G Ghi chú.
A group table has its codes on row 6 (A Mã đơn vị, B Tên đơn vị, items from C: 1.1.1 C, 1.1.2 D,
2.1.1 E), names on 7, maxima on 8, units from row 9 (S01 on 9, S02 on 10).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

import cchc_dash as cd
from cchc_dash.core.errors import ValidationError
from cchc_dash.io import entry_forms
from cchc_dash.io.excel import example_dataset

G = "Sở, ban, ngành"
S01_FORM, S02_FORM = "Sở Tư pháp 2025", "Sở Nội vụ 2025"
TD, TDG, KAD = f"{G} 2025 Thẩm định", f"{G} 2025 Tự đánh giá", f"{G} 2025 Không AD"
TEMPLATE_SHEETS = ["Phương pháp", "Đơn vị", "Xếp loại", "SIPAS", "Câu hỏi SIPAS", "Không đánh giá"]


def index_of(ds: cd.Dataset) -> dict[str, float]:
    res = cd.compute(ds)
    return dict(zip(res["unit_id"], res["index"].round(6)))


def written(tmp_path: Path, layout: str = "form", name: str = "tinh.xlsx", **options) -> Path:
    return cd.write_workbook(example_dataset(), tmp_path / name, layout=layout, **options)


def changed(path: Path, *cells: tuple[str, str, object]) -> Path:
    """``path`` with each (sheet, cell, value) set."""
    wb = load_workbook(path)
    for sheet, cell, value in cells:
        wb[sheet][cell] = value
    wb.save(path)
    return path


def problems_of(path: Path) -> list[tuple]:
    """Every problem as (file, sheet, row, column, Vietnamese, English)."""
    with pytest.raises(cd.ValidationError) as exc:
        cd.read_workbook(path)
    return [(p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems]


def checks_of(ws) -> dict[str, tuple]:
    """Each checked cell of a sheet → (type, formula1, formula2) of the data validation covering it."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            lo_col, lo_row, hi_col, hi_row = range_boundaries(str(cells))
            for r in range(lo_row, hi_row + 1):
                for c in range(lo_col, hi_col + 1):
                    assert ws.cell(row=r, column=c).coordinate not in out, "a cell under two checks"
                    out[ws.cell(row=r, column=c).coordinate] = (dv.type, dv.formula1, dv.formula2)
    return out


# --- the form layout, cell by cell ---------------------------------------------------------------------


def test_a_unit_form_cell_by_cell(tmp_path):
    wb = load_workbook(written(tmp_path))
    assert wb.sheetnames == [*TEMPLATE_SHEETS, S01_FORM, S02_FORM, "Danh mục"]  # no long Điểm sheet
    ws = wb[S02_FORM]
    assert list(ws.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True)) == [
        ("PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", None),
        ("Mã đơn vị:", "S02"),
        ("Tên đơn vị:", "Sở Nội vụ"),
        ("Khối:", G),
        ("Năm:", 2025),
    ]
    assert list(ws.iter_rows(min_row=7, values_only=True)) == [
        ("Mã tiêu chí", "Nội dung", "Điểm tối đa", "Tự đánh giá", "Thẩm định", "Không áp dụng", "Ghi chú"),
        ("1", "Công tác chỉ đạo, điều hành CCHC", 3, None, None, None, None),
        ("1.1", "Kế hoạch CCHC năm", 3, None, None, None, None),
        ("1.1.1", "Ban hành kế hoạch kịp thời", 1, 1, 0.5, None, None),
        ("1.1.2", "Mức độ thực hiện kế hoạch", 2, None, None, "x", None),
        ("2", "Tác động của CCHC", 2, None, None, None, None),
        ("2.1", "Điều tra xã hội học", 2, None, None, None, None),
        ("2.1.1", "Mức độ hài lòng của người dân", 2, None, 1.6, None, None),
    ]
    # Codes, names and maxima grey (not for typing); areas and criteria darker and bold; score cells plain.
    assert {ws[f"{c}10"].fill.fgColor.rgb for c in "ABC"} == {"00F2F2F2"}
    assert ws["A8"].fill.fgColor.rgb == "00D9D9D9" and ws["A8"].font.b and ws["E8"].fill.fgColor.rgb == "00D9D9D9"
    assert ws["E10"].fill.patternType is None and ws["A10"].data_type == "s" and ws.freeze_panes == "A8"
    # Each sub-criterion's score cells are checked against its own maximum; nothing else is checked.
    assert checks_of(ws) == {
        "D10": ("decimal", "0", "1"), "E10": ("decimal", "0", "1"), "F10": ("list", '"x"', None),
        "D11": ("decimal", "0", "2"), "E11": ("decimal", "0", "2"), "F11": ("list", '"x"', None),
        "D14": ("decimal", "0", "2"), "E14": ("decimal", "0", "2"), "F14": ("list", '"x"', None),
    }
    dv = next(d for d in ws.data_validations.dataValidation if d.formula2 == "1")
    assert (dv.operator, dv.allow_blank, dv.showErrorMessage, dv.error) == (
        "between", True, True, "Nhập một số từ 0 đến 1 (điểm tối đa của tiêu chí).")


def test_a_group_table_cell_by_cell(tmp_path):
    wb = load_workbook(written(tmp_path, "group"))
    assert wb.sheetnames == [*TEMPLATE_SHEETS, TD, TDG, KAD, "Danh mục"]
    rows = {name: list(wb[name].iter_rows(min_row=2, values_only=True)) for name in (TD, TDG, KAD)}
    head = [
        ("Mã đơn vị", "Tên đơn vị", "1.1.1", "1.1.2", "2.1.1"),
        (None, "Nội dung", "Ban hành kế hoạch kịp thời", "Mức độ thực hiện kế hoạch", "Mức độ hài lòng của người dân"),
        (None, "Điểm tối đa", 1, 2, 2),
    ]
    assert rows[TD][:3] == [("Khối:", G, None, None, None), ("Năm:", 2025, None, None, None),
                            ("Điểm:", "Thẩm định", None, None, None)]
    assert rows[TD][4:] == head + [("S01", "Sở Tư pháp", 1, 1.5, 1.8), ("S02", "Sở Nội vụ", 0.5, None, 1.6)]
    assert rows[TDG][2][:2] == ("Điểm:", "Tự đánh giá")
    assert rows[TDG][4:] == head + [("S01", "Sở Tư pháp", 1, 2, None), ("S02", "Sở Nội vụ", 1, None, None)]
    assert rows[KAD][2][:2] == ("Điểm:", "Không áp dụng")
    assert rows[KAD][4:] == head + [("S01", "Sở Tư pháp", None, None, None), ("S02", "Sở Nội vụ", None, "x", None)]
    for name in (TD, TDG):
        assert checks_of(wb[name]) == {
            "C9": ("decimal", "0", "1"), "C10": ("decimal", "0", "1"),
            "D9": ("decimal", "0", "2"), "D10": ("decimal", "0", "2"),
            "E9": ("decimal", "0", "2"), "E10": ("decimal", "0", "2"),
        }
    assert checks_of(wb[KAD]) == {c: ("list", '"x"', None) for c in ("C9", "C10", "D9", "D10", "E9", "E10")}


@pytest.mark.parametrize("layout", ["form", "group", "long"])
def test_the_example_reads_back_in_each_layout(tmp_path, layout):
    assert index_of(cd.read_workbook(written(tmp_path, layout))) == {"S01": 86.0, "S02": 70.0}


# --- the demo province: round trip and checks on every score cell --------------------------------------


@pytest.fixture(scope="module")
def demo():
    """The demo (its survey answers left out: they do not score and take long to write)."""
    ds = cd.load_sample()
    return ds.replace(sipas_answers=ds.sipas_answers.iloc[:0])


@pytest.mark.parametrize("layout", ["form", "group", "long"])
def test_the_demo_round_trips_in_each_layout(tmp_path, demo, layout):
    path = cd.write_workbook(demo, tmp_path / f"minh_an_{layout}.xlsx", layout=layout)
    back = cd.read_workbook(path)
    pd.testing.assert_frame_equal(cd.compute(back), cd.compute(demo))
    assert len(back.scores) == len(demo.scores) == 14758


@pytest.mark.parametrize("layout", ["form", "group"])
def test_every_score_cell_of_the_demo_is_checked_against_its_own_maximum(tmp_path, demo, layout):
    """Every sheet after the template's, every cell that holds a score (and every blank one of a sub-criterion):
    checked by a decimal rule between 0 and the maximum the methodology gives that item that year."""
    path = cd.write_workbook(demo, tmp_path / "minh_an.xlsx", layout=layout)
    wb = load_workbook(path)
    leaves = demo.leaves()
    maxima = {(int(y), g, i): m for y, g, i, m in zip(leaves["year"], leaves["group"], leaves["item_id"],
                                                      leaves["max_points"])}
    entry_sheets = wb.sheetnames[wb.sheetnames.index("Không đánh giá") + 1: -1]
    pairs = demo.scores[["year", "unit_id"]].drop_duplicates()
    groups = demo.scores[["year", "group"]].drop_duplicates()
    assert len(entry_sheets) == (len(pairs) if layout == "form" else 3 * len(groups))
    filled = 0
    for name in entry_sheets:
        ws = wb[name]
        checks = checks_of(ws)
        if layout == "form":
            year, group = ws["B5"].value, ws["B4"].value
            cells = [(f"{c}{r}", ws[f"A{r}"].value) for r in range(8, ws.max_row + 1) for c in "DE"
                     if (year, group, ws[f"A{r}"].value) in maxima]
        else:
            year, group = ws["B3"].value, ws["B2"].value
            if ws["B4"].value == "Không áp dụng":
                assert set(checks.values()) == {("list", '"x"', None)}
                continue
            cells = [(ws.cell(row=r, column=c).coordinate, ws.cell(row=6, column=c).value)
                     for r in range(9, ws.max_row + 1) for c in range(3, ws.max_column + 1)]
        assert cells
        for cell, item in cells:
            assert checks.get(cell) == ("decimal", "0", format(maxima[(year, group, item)], ".15g")), (name, cell)
            filled += ws[cell].value is not None
    # Both layouts hold every self and appraised score: all of them were found under their check.
    assert filled == demo.scores["score"].notna().sum() + demo.scores["self_score"].notna().sum()


# --- reading forms filled by hand ----------------------------------------------------------------------


def test_a_form_row_filled_by_hand_counts(tmp_path):
    """S02 now scores 1.1.2 (1.5, the x taken away): (0.5 + 1.5 + 1.6) / 5 = 72 %. S01's 2.1.1 down to 0.8:
    (1 + 1.5 + 0.8) / 5 = 66 %. A reader that skipped a form row would not give these."""
    path = changed(written(tmp_path), (S02_FORM, "E11", 1.5), (S02_FORM, "F11", None), (S01_FORM, "E14", "0,8"))
    assert index_of(cd.read_workbook(path)) == {"S01": 66.0, "S02": 72.0}


def test_a_form_naming_its_unit_only_and_a_total_row_read(tmp_path):
    """No unit id, only the name (found in the unit list); a "Tổng cộng" row under the items is left alone."""
    path = changed(written(tmp_path), (S01_FORM, "B2", None), (S01_FORM, "A2", None),
                   (S01_FORM, "A15", "Tổng cộng"), (S01_FORM, "E15", 4.3))
    assert index_of(cd.read_workbook(path)) == {"S01": 86.0, "S02": 70.0}


def test_a_blank_form_is_a_unit_not_entered(tmp_path):
    path = changed(written(tmp_path), *((S02_FORM, c, None) for c in ("D10", "E10", "F11", "E14")))
    assert problems_of(path) == [
        ("tinh.xlsx", "Đơn vị", 4, "Mã đơn vị (A)",
         "đơn vị 'S02' (Sở Nội vụ) không có điểm năm 2025 dù đang hoạt động năm đó: nhập điểm của đơn vị, hoặc ghi "
         "đơn vị vào danh sách không đánh giá kèm lý do",
         "unit 'S02' (Sở Nội vụ) has no scores in 2025 although it exists that year: enter its scores, or list it "
         "as not assessed with the reason"),
    ]


def test_layouts_mixed_in_one_workbook(tmp_path):
    """S01 in the long Điểm sheet, S02 in a form and nothing else: the same indices, 86 % and 70 %."""
    long = load_workbook(written(tmp_path, "long", "dai.xlsx"))
    path = written(tmp_path)
    wb = load_workbook(path)
    wb.remove(wb[S01_FORM])
    ws = wb.create_sheet("Điểm", 2)
    for row in long["Điểm"].iter_rows(values_only=True):
        if row[1] != "S02":
            ws.append(row)
    wb.save(path)
    assert index_of(cd.read_workbook(path)) == {"S01": 86.0, "S02": 70.0}


# --- problems, each at its cell, word for word -----------------------------------------------------------

BLANK = ("thiếu điểm thẩm định (ô trống) cho tiêu chí có áp dụng", "appraised score is blank for an applicable item")


def test_a_score_above_its_maximum_and_text_on_a_form(tmp_path):
    path = changed(written(tmp_path), (S01_FORM, "E10", 3), (S01_FORM, "E11", "hai"))
    assert problems_of(path) == [
        ("tinh.xlsx", S01_FORM, 10, "Thẩm định (E)", "điểm 3 nằm ngoài [0; 1]", "score 3 is outside [0, 1]"),
        ("tinh.xlsx", S01_FORM, 11, "Thẩm định (E)", "'hai' không phải là số", "'hai' is not a number"),
    ]


def test_an_unknown_unit_on_a_form_is_named_once_at_its_cell(tmp_path):
    path = changed(written(tmp_path), (S01_FORM, "B2", "S09"))
    assert problems_of(path) == [
        ("tinh.xlsx", "Đơn vị", 3, "Mã đơn vị (A)",
         "đơn vị 'S01' (Sở Tư pháp) không có điểm năm 2025 dù đang hoạt động năm đó: nhập điểm của đơn vị, hoặc "
         "ghi đơn vị vào danh sách không đánh giá kèm lý do",
         "unit 'S01' (Sở Tư pháp) has no scores in 2025 although it exists that year: enter its scores, or list it "
         "as not assessed with the reason"),
        ("tinh.xlsx", S01_FORM, 2, "Mã đơn vị (B)", "đơn vị 'S09' không có trong danh sách đơn vị",
         "unit 'S09' is not in the unit list"),
    ]


def test_a_unit_scored_in_two_forms_is_a_duplicate_naming_the_first(tmp_path):
    path = written(tmp_path)
    wb = load_workbook(path)
    wb.copy_worksheet(wb[S02_FORM]).title = "Nội vụ (bản 2)"
    wb.save(path)
    assert problems_of(path) == [
        ("tinh.xlsx", "Nội vụ (bản 2)", row, "Thẩm định (E)",
         f"điểm của đơn vị 'S02' năm 2025, tiêu chí '{item}' đã nhập ở trang '{S02_FORM}' ô E{row}: "
         f"mỗi tiêu chí chỉ nhập một lần",
         f"the score of unit 'S02' in 2025, item '{item}' is already entered in sheet '{S02_FORM}' cell E{row}: "
         f"enter each item once")
        for row, item in ((10, "1.1.1"), (11, "1.1.2"), (14, "2.1.1"))
    ]


def test_a_merged_score_cell_is_named_as_merged_not_blank(tmp_path):
    path = written(tmp_path)
    wb = load_workbook(path)
    wb[S01_FORM].merge_cells("E10:E11")  # 1.1.1 and 1.1.2 under one cell: 1.1.2 would read as blank
    wb.save(path)
    merged = ("ô gộp (E10:E11): bỏ gộp ô và nhập mỗi điểm vào một ô riêng",
              "merged cell (E10:E11): unmerge it and enter each score in its own cell")
    assert problems_of(path) == [("tinh.xlsx", S01_FORM, 10, "Thẩm định (E)", *merged),
                                 ("tinh.xlsx", S01_FORM, 11, "Thẩm định (E)", *merged)]


def test_a_blank_score_a_score_on_a_criterion_an_unclear_mark_and_a_missing_year(tmp_path):
    path = changed(written(tmp_path), (S01_FORM, "E10", None), (S01_FORM, "E9", 1), (S01_FORM, "F14", "có lẽ"),
                   (S02_FORM, "A5", "Ghi chú"))
    assert problems_of(path) == [
        ("tinh.xlsx", "Đơn vị", 4, "Mã đơn vị (A)",
         "đơn vị 'S02' (Sở Nội vụ) không có điểm năm 2025 dù đang hoạt động năm đó: nhập điểm của đơn vị, hoặc ghi "
         "đơn vị vào danh sách không đánh giá kèm lý do",
         "unit 'S02' (Sở Nội vụ) has no scores in 2025 although it exists that year: enter its scores, or list it "
         "as not assessed with the reason"),
        ("tinh.xlsx", S01_FORM, 9, "Thẩm định (E)",
         "'1.1' là lĩnh vực hoặc tiêu chí: điểm nhập ở các tiêu chí thành phần của nó, không ở dòng này",
         "'1.1' is an area or criterion: scores go on its sub-criteria, not on this row"),
        ("tinh.xlsx", S01_FORM, 10, "Thẩm định (E)", *BLANK),
        ("tinh.xlsx", S01_FORM, 14, "Không áp dụng (F)",
         "'có lẽ' không rõ: đánh dấu x nếu tiêu chí không áp dụng, để trống nếu có áp dụng",
         "'có lẽ' is unclear: mark x when the item is not applicable, leave it blank when it is"),
        ("tinh.xlsx", S02_FORM, None, None,
         "phần đầu trang thiếu ô 'Năm:' (năm đánh giá): ghi nhãn 'Năm:' và giá trị ở ô bên phải",
         "the sheet's header block has no 'Năm:' cell (the year): write the label 'Năm:' and the value in the cell "
         "to its right"),
    ]


def test_a_form_of_another_year_is_told_by_its_maxima(tmp_path):
    """The 2025 methodology gives 1.1.2 a maximum of 2; a form printed with 2.5 (another year's) is named."""
    path = changed(written(tmp_path), (S01_FORM, "C11", 2.5))
    assert problems_of(path) == [
        ("tinh.xlsx", S01_FORM, 11, "Điểm tối đa (C)",
         "điểm tối đa trên phiếu (2,5) khác với bộ tiêu chí năm 2025 (2): phiếu của năm khác? Dùng phiếu của năm 2025",
         "the form's maximum (2.5) differs from the 2025 methodology (2): a form of another year? Use the 2025 form"),
    ]


def test_a_formula_never_calculated_on_a_form_is_said_as_such(tmp_path):
    path = changed(written(tmp_path), (S01_FORM, "E10", "=0.5+0.5"))
    assert problems_of(path) == [
        ("tinh.xlsx", S01_FORM, 10, "Thẩm định (E)",
         "ô có công thức =0.5+0.5 nhưng chưa có giá trị đã tính: mở tệp bằng Excel hoặc LibreOffice và lưu lại",
         "the cell holds the formula =0.5+0.5 but no calculated value: open the file in Excel or LibreOffice and "
         "save it again"),
    ]


def test_problems_in_group_tables(tmp_path):
    path = changed(written(tmp_path, "group"), (TD, "D9", 2.5), (TD, "E10", "một"), (KAD, "C10", "?"),
                   (TDG, "C9", 4), (TD, "F9", 3))
    assert problems_of(path) == [
        ("tinh.xlsx", TD, 9, "(F)", "có điểm nhưng cột không có mã tiêu chí",
         "a score in a column without an item code"),
        ("tinh.xlsx", TD, 9, "1.1.2 (D)", "điểm 2,5 nằm ngoài [0; 2]", "score 2.5 is outside [0, 2]"),
        ("tinh.xlsx", TD, 10, "2.1.1 (E)", "'một' không phải là số", "'một' is not a number"),
        ("tinh.xlsx", TDG, 9, "1.1.1 (C)", "điểm 4 nằm ngoài [0; 1]", "score 4 is outside [0, 1]"),
        ("tinh.xlsx", KAD, 10, "1.1.1 (C)",
         "'?' không rõ: đánh dấu x nếu tiêu chí không áp dụng, để trống nếu có áp dụng",
         "'?' is unclear: mark x when the item is not applicable, leave it blank when it is"),
    ]


def test_a_group_table_of_another_kind_and_a_merged_cell(tmp_path):
    path = changed(written(tmp_path, "group"), (TDG, "B4", "Tổng"))
    assert problems_of(path) == [
        ("tinh.xlsx", TDG, 4, "Điểm (B)", "'Tổng' không rõ: ghi Thẩm định, Tự đánh giá hoặc Không áp dụng",
         "'Tổng' is unclear: write Thẩm định (appraised), Tự đánh giá (self-assessed) or Không áp dụng "
         "(not applicable)"),
    ]
    path = written(tmp_path, "group", "gop.xlsx")
    wb = load_workbook(path)
    wb[TD].merge_cells("C9:C10")
    wb.save(path)
    merged = ("ô gộp (C9:C10): bỏ gộp ô và nhập mỗi điểm vào một ô riêng",
              "merged cell (C9:C10): unmerge it and enter each score in its own cell")
    assert problems_of(path) == [("gop.xlsx", TD, 9, "1.1.1 (C)", *merged), ("gop.xlsx", TD, 10, "1.1.1 (C)", *merged)]


def test_a_unit_missing_from_the_thẩm_định_table_is_one_problem(tmp_path):
    """S02's row of the Thẩm định table cleared: named once, where the Tự đánh giá table lists it (A10)."""
    path = changed(written(tmp_path, "group"), *((TD, f"{c}10", None) for c in "ABCDE"))
    assert problems_of(path) == [
        ("tinh.xlsx", TDG, 10, "Mã đơn vị (A)",
         "đơn vị 'S02' năm 2025 có trong bảng này nhưng không có điểm thẩm định (trong bảng Thẩm định của khối hoặc "
         "phiếu của đơn vị)",
         "unit 'S02' in 2025 is in this table but has no appraised scores (in its group's Thẩm định table or its "
         "own form)"),
    ]


def test_a_unit_in_a_group_table_and_in_a_form_is_a_duplicate(tmp_path):
    wb = load_workbook(written(tmp_path, "form", "phieu.xlsx"))
    path = written(tmp_path, "group")
    both = load_workbook(path)
    ws = both.create_sheet("Phiếu Nội vụ")
    for row in wb[S02_FORM].iter_rows(values_only=True):
        ws.append(row)
    both.save(path)
    assert problems_of(path) == [
        ("tinh.xlsx", "Phiếu Nội vụ", row, "Thẩm định (E)",
         f"điểm của đơn vị 'S02' năm 2025, tiêu chí '{item}' đã nhập ở trang '{TD}' ô {cell}: mỗi tiêu chí chỉ nhập "
         f"một lần",
         f"the score of unit 'S02' in 2025, item '{item}' is already entered in sheet '{TD}' cell {cell}: enter each "
         f"item once")
        for row, item, cell in ((10, "1.1.1", "C10"), (11, "1.1.2", "D10"), (14, "2.1.1", "E10"))
    ]


def test_group_tables_naming_units_by_name_only_read(tmp_path):
    blanks = ((name, cell, None) for name in (TD, TDG, KAD) for cell in ("A9", "A10"))
    path = changed(written(tmp_path, "group"), *blanks)
    assert index_of(cd.read_workbook(path)) == {"S01": 86.0, "S02": 70.0}


def test_a_published_style_table_reads(tmp_path):
    """A table as a province publishes it: title, "Năm:" only (no "Điểm:": appraised scores), an STT column,
    units by name, a "Tổng điểm" column (left alone), no maxima row. S02 scored on 1.1.2 here (1).
    By hand: S01 (1 + 1.5 + 1.8) / 5 = 86 %; S02 (0.5 + 1 + 1.6) / 5 = 62 %."""
    path = written(tmp_path, "long")
    wb = load_workbook(path)
    wb.remove(wb["Điểm"])
    ws = wb.create_sheet("Kết quả 2025")
    for row in (
        ["KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2025"],
        ["Năm:", 2025],
        [],
        ["STT", "Tên đơn vị", "1.1.1", "1.1.2", "2.1.1", "Tổng điểm"],
        [1, "Sở Tư pháp", 1, 1.5, 1.8, 4.3],
        [2, "Sở Nội vụ", 0.5, 1, 1.6, 3.1],
    ):
        ws.append(row)
    wb.save(path)
    assert index_of(cd.read_workbook(path)) == {"S01": 86.0, "S02": 62.0}


# --- next year's forms -----------------------------------------------------------------------------------


def test_next_years_forms_come_ready_and_read_once_filled(tmp_path):
    path = written(tmp_path, year=2026)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phương pháp", "Đơn vị", "Xếp loại", "Không đánh giá", "Sở Tư pháp 2026",
                             "Sở Nội vụ 2026", "Danh mục"]
    assert [r[:3] for r in wb["Phương pháp"].iter_rows(min_row=3, values_only=True)] == [
        (2026, G, i) for i in ("1", "1.1", "1.1.1", "1.1.2", "2", "2.1", "2.1.1")]
    assert {r[1] for r in wb["Xếp loại"].iter_rows(min_row=3, values_only=True)} == {2026}
    ws = wb["Sở Nội vụ 2026"]
    assert ws["B5"].value == 2026 and [ws[f"E{r}"].value for r in (10, 11, 14)] == [None, None, None]
    assert checks_of(ws)["E11"] == ("decimal", "0", "2")
    # Filled: S01 1 + 2 + 2 = 5 / 5 = 100 %; S02 0 + 1 + 1.5 = 2.5 / 5 = 50 %.
    for sheet, scores in (("Sở Tư pháp 2026", (1, 2, 2)), ("Sở Nội vụ 2026", (0, 1, 1.5))):
        for row, score in zip((10, 11, 14), scores):
            wb[sheet][f"E{row}"] = score
    wb.save(path)
    assert index_of(cd.read_workbook(path)) == {"S01": 100.0, "S02": 50.0}


@pytest.mark.parametrize(("layout", "sheets"), [("form", 2), ("group", 3)])
def test_next_years_forms_opened_before_any_score_is_typed_say_so(tmp_path, layout, sheets):
    """The forms as printed, opened again blank: one problem saying nothing is entered yet in any of the
    entry sheets (two units' forms; a group's Thẩm định, Tự đánh giá and Không áp dụng tables), not the
    Dataset's "no score rows (only the header)", which a clerk who never saw a header row cannot act on."""
    path = written(tmp_path, year=2026, layout=layout)
    with pytest.raises(ValidationError) as err:
        cd.read_workbook(path)
    assert [(p.row, p.column) for p in err.value.problems] == [(None, None)]
    assert err.value.problems[0].text("vi") == (
        f"tinh.xlsx: chưa có điểm nào được nhập: cả {sheets} trang nhập điểm (phiếu của đơn vị, bảng của khối) "
        "đều để trống; nhập điểm thẩm định rồi mở lại tệp")
    assert err.value.problems[0].text("en").startswith(f"tinh.xlsx: no score has been entered yet: all {sheets} entry")


def test_next_year_of_the_demo_has_a_form_for_each_unit_still_existing(tmp_path, demo):
    """The demo's districts end in 2024 (merged): 2026 gets the 2025 departments' forms, and the methodology of
    the departments' group only (its latest year, 2025, copied: 114 rows), none for the districts' group."""
    wb = load_workbook(cd.write_workbook(demo, tmp_path / "2026.xlsx", year=2026))
    forms = wb.sheetnames[wb.sheetnames.index("Không đánh giá") + 1: -1]
    units_2025 = demo.scores.loc[demo.scores["year"] == 2025, "unit_id"].unique()
    assert sorted(wb[name]["B2"].value for name in forms) == sorted(units_2025)
    assert all(name.endswith(" 2026") and wb[name]["B5"].value == 2026 for name in forms)
    methodology = list(wb["Phương pháp"].iter_rows(min_row=3, values_only=True))
    assert len(methodology) == 114 and {(r[0], r[1]) for r in methodology} == {(2026, G)}
    assert "UBND cấp huyện" not in {r[1] for r in methodology}


def test_next_year_refuses_a_year_with_scores_and_an_unknown_layout(tmp_path):
    target = tmp_path / "tinh.xlsx"
    with pytest.raises(cd.ValidationError) as exc:
        cd.write_workbook(example_dataset(), target, year=2025)
    assert [(p.source, p.message_vi, p.message_en) for p in exc.value.problems] == [
        (str(target), "năm 2025 đã có điểm trong dữ liệu: chọn một năm mới",
         "the data already hold scores for 2025: choose a new year")]
    with pytest.raises(cd.ValidationError) as exc:
        cd.write_workbook(example_dataset(), target, layout="wide")
    assert [(p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("cách trình bày 'wide' không có (chọn: form, group, long)", "no layout 'wide' (choose: form, group, long)")]
    assert not target.exists()


# --- a folder of workbooks, one per department -------------------------------------------------------------


def department_folder(tmp_path: Path) -> Path:
    """tinh.xlsx: the whole workbook with S01's form (units=["S01"]); so_noi_vu.xlsx: S02's form only."""
    folder = tmp_path / "phieu"
    folder.mkdir()
    written(tmp_path, name="phieu/tinh.xlsx", units=["S01"])
    wb = load_workbook(written(tmp_path, name="so_noi_vu.xlsx", units=["S02"]))
    for name in wb.sheetnames:
        if name != S02_FORM:
            wb.remove(wb[name])
    wb.save(folder / "so_noi_vu.xlsx")
    (folder / "~$so_noi_vu.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    return folder


def test_a_department_workbook_holds_its_own_form(tmp_path):
    wb = load_workbook(written(tmp_path, units=["S02"]))
    # no SIPAS answers: the citizens' survey is the province's to enter, not the department's
    assert wb.sheetnames == [*(s for s in TEMPLATE_SHEETS if s != "SIPAS"), S02_FORM, "Danh mục"]
    assert len(list(wb["Đơn vị"].iter_rows(min_row=3))) == 2  # the unit list stays whole


def test_a_folder_of_department_workbooks_loads(tmp_path):
    folder = department_folder(tmp_path)
    ds = cd.load(folder)
    assert (ds.name, ds.source) == ("phieu", str(folder.resolve()))
    assert index_of(ds) == {"S01": 86.0, "S02": 70.0}
    # Each department sent the whole workbook back, its own form filled: the same sheets are no rivals.
    written(tmp_path, name="phieu/so_noi_vu.xlsx", units=["S02"], overwrite=True)
    assert index_of(cd.read_workbook_folder(folder)) == {"S01": 86.0, "S02": 70.0}


def test_each_problem_of_a_folder_names_its_own_file(tmp_path):
    """so_noi_vu.xlsx: a score above its maximum; so_tu_phap.xlsx: S01's workbook sent again by the
    department with text in a score and a unit renamed; tinh.xlsx (read after it, by name) then holds another
    unit list and S01's form a second time: each is a problem of tinh.xlsx."""
    folder = department_folder(tmp_path)
    changed(folder / "so_noi_vu.xlsx", (S02_FORM, "E10", 7))
    wb = load_workbook(folder / "tinh.xlsx")
    wb[S01_FORM]["E14"] = "?"
    wb["Đơn vị"]["B3"] = "Sở Tư pháp tỉnh"
    wb.save(folder / "so_tu_phap.xlsx")
    with pytest.raises(cd.ValidationError) as exc:
        cd.load(folder)
    twice = [
        ("tinh.xlsx", S01_FORM, row, "Thẩm định (E)",
         f"điểm của đơn vị 'S01' năm 2025, tiêu chí '{item}' đã nhập ở trang '{S01_FORM}' ô E{row} của tệp "
         f"so_tu_phap.xlsx: mỗi tiêu chí chỉ nhập một lần",
         f"the score of unit 'S01' in 2025, item '{item}' is already entered in sheet '{S01_FORM}' cell E{row} of "
         f"the file so_tu_phap.xlsx: enter each item once")
        for row, item in ((10, "1.1.1"), (11, "1.1.2"), (14, "2.1.1"))
    ]
    assert [(p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("so_noi_vu.xlsx", S02_FORM, 10, "Thẩm định (E)", "điểm 7 nằm ngoài [0; 1]", "score 7 is outside [0, 1]"),
        ("so_tu_phap.xlsx", S01_FORM, 14, "Thẩm định (E)", "'?' không phải là số", "'?' is not a number"),
        ("tinh.xlsx", "Đơn vị", None, None,
         "trang 'Đơn vị' khác với trang cùng tên ở tệp so_tu_phap.xlsx: các tệp trong thư mục giữ cùng một trang "
         "này, hoặc không có",
         "the sheet 'Đơn vị' differs from the one in the file so_tu_phap.xlsx: the files of a folder hold the same "
         "sheet, or none"),
        *twice,
    ]


def test_a_folder_without_workbooks_or_csv_files_is_refused(tmp_path):
    with pytest.raises(cd.ValidationError) as exc:
        cd.read_workbook_folder(tmp_path)
    assert [(p.source, p.message_vi, p.message_en) for p in exc.value.problems] == [
        (tmp_path.name, "thư mục không có tệp .xlsx nào", "the folder holds no .xlsx file")]


# --- names of sheets -------------------------------------------------------------------------------------


def test_sheet_names_fit_excel_and_stay_unique():
    taken = {"điểm"}
    long_name = "UBND phường Bến Thành, thành phố Hồ Chí Minh"
    first = entry_forms.sheet_name(long_name, " 2026", taken)
    second = entry_forms.sheet_name(long_name, " 2026", taken)
    assert first == "UBND phường Bến Thành, th… 2026" and len(first) == 31
    assert second == "UBND phường Bến Thành… 2026 (2)" and len(second) == 31
    assert entry_forms.sheet_name("Điểm", "", taken) == "Điểm (2)"
    assert entry_forms.sheet_name("Sở [Nội]: vụ", "/2025?", taken) == "Sở -Nội-- vụ-2025-"
    assert taken == {"điểm", first.casefold(), second.casefold(), "điểm (2)", "sở -nội-- vụ-2025-"}
