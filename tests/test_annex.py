"""io/annex.py: the ranking annex as a provincial decision prints it (issue 23, part 4).

Columns STT, Đơn vị, Điểm tự đánh giá, Điểm thẩm định, Điểm tối đa, Chỉ số, Xếp hạng, Xếp loại; a note
when a maximum is below 100; thin borders on every table cell; wrapped bold headers in rows tall enough
to print; the data file's name (never its folders) in the footer; a sheet of unit counts per band.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import cchc_dash as cd
from cchc_dash.io import annex

G = "Sở, ban, ngành"
H = "UBND cấp huyện"
SCHEME = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"
NOTE = "Đơn vị có điểm tối đa dưới 100 do có tiêu chí không áp dụng; chỉ số = điểm thẩm định / điểm tối đa × 100"
COLUMNS = ["STT", "Đơn vị", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm tối đa", "Chỉ số", "Xếp hạng", "Xếp loại"]


def results() -> pd.DataFrame:
    """compute()-shaped results by hand. S01 has 73.25 of the 82 points that apply to it (89.33 %),
    S02 73.00 of 86 (84.88 %): without the maximum on paper, 73.25 → 89.33 beside 73.00 → 84.88 reads
    as a mistake. S03 (a formula-like name) has no self score; the district has the full 100."""
    rows = [
        (2025, G, "S01", "Sở Tư pháp", 75.5, 73.25, 82.0, 73.25 / 82 * 100, 1, 3, "Tốt", 90.0, 88.0),
        (2025, G, "S02", "Sở Nội vụ", 74.0, 73.0, 86.0, 73.0 / 86 * 100, 2, 3, "Tốt", 85.0, 84.0),
        (2025, G, "S03", '=HYPERLINK("http://x")', np.nan, 60.0, 100.0, 60.0, 3, 3, "Trung bình", 55.0, 65.0),
        (2025, H, "H01", "UBND huyện A", 71.0, 70.0, 100.0, 70.0, 1, 1, "Khá", 70.0, 70.0),
        (2024, G, "S01", "Sở Tư pháp", 52.0, 50.0, 100.0, 50.0, 1, 1, "Trung bình", 50.0, 50.0),
    ]
    columns = ["year", "group", "unit_id", "unit_name", "self_score", "score", "max_points", "index", "rank",
               "rank_of", "band", "area_1", "area_2"]
    return pd.DataFrame(rows, columns=columns)


def values(ws, first: int = 1) -> list[list[object]]:
    return [[c.value for c in r] for r in ws.iter_rows(min_row=first)]


def test_a_group_sheet_cell_by_cell_with_self_scores_maxima_and_the_note(tmp_path):
    """Ranked rows with the self-assessed total, the appraised total and the maximum; a blank self score
    where the unit has none; the note two rows under the table, merged across it, since S01's and S02's
    maxima are below 100."""
    wb = load_workbook(cd.write_report(results(), tmp_path / "bao_cao.xlsx", scheme=SCHEME, source="tinh.xlsx"))
    assert wb.sheetnames == [G, H, "Số lượng theo xếp loại", "Lĩnh vực"]
    ws = wb[G]
    assert values(ws) == [
        [f"Kết quả xác định Chỉ số CCHC năm 2025 — {G}"] + [None] * 7,
        COLUMNS,
        [1, "Sở Tư pháp", 75.5, 73.25, 82, pytest.approx(89.329268), 1, "Tốt"],
        [2, "Sở Nội vụ", 74, 73, 86, pytest.approx(84.883721), 2, "Tốt"],
        [3, '=HYPERLINK("http://x")', None, 60, 100, 60, 3, "Trung bình"],
        [None] * 8,
        [NOTE] + [None] * 7,
    ]
    assert ws["B5"].data_type == "s"  # stored as text: never run as a formula
    assert [ws.cell(row=3, column=j).number_format for j in range(3, 8)] == ["0.00"] * 4 + ["0"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:H1", "A7:H7"]
    assert (ws["A7"].alignment.wrap_text, ws["A7"].alignment.vertical) == (True, "top")
    assert [ws.column_dimensions[x].width for x in "ABCDEFGH"] == [6, 42, 12, 12, 10, 10, 9, 14]
    assert [ws[f"H{r}"].fill.fgColor.rgb for r in (3, 4, 5)] == ["005CB85C", "005CB85C", "00F08A24"]
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"


def test_no_note_where_every_maximum_is_100_and_the_not_assessed_line_follows_the_note(tmp_path):
    left_out = pd.DataFrame({"unit_name": ["Sở Z", "UBND Q"], "group": [G, H],
                             "reason": ["Mới thành lập", "Đang sắp xếp"]})
    wb = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", not_assessed=left_out))
    district = wb[H]
    assert values(district, 4) == [[None] * 8, ["Không đánh giá năm 2025 (1 đơn vị): UBND Q (Đang sắp xếp)"]
                                   + [None] * 7]
    assert values(wb[G], 6) == [[None] * 8, [NOTE] + [None] * 7,
                                ["Không đánh giá năm 2025 (1 đơn vị): Sở Z (Mới thành lập)"] + [None] * 7]
    assert sorted(str(r) for r in wb[G].merged_cells.ranges) == ["A1:H1", "A7:H7", "A8:H8"]


def test_a_frame_without_self_scores_or_maxima_leaves_those_cells_blank_and_has_no_note(tmp_path):
    frame = pd.DataFrame({"year": 2025, "group": G, "unit_name": ["Sở X", "Sở Y"], "score": [95.0, 85.0],
                          "index": [95.0, 85.0], "rank": [1, 2], "band": ["A", "B"]})
    ws = load_workbook(cd.write_report(frame, tmp_path / "r.xlsx", scheme="A>=90; B>=80; C"))[G]
    assert values(ws, 3) == [[1, "Sở X", None, 95, None, 95, 1, "A"], [2, "Sở Y", None, 85, None, 85, 2, "B"]]


def _bordered(cell) -> bool:
    return all(getattr(cell.border, side).style == "thin" for side in ("left", "right", "top", "bottom"))


def test_every_table_cell_of_every_sheet_has_a_thin_border_and_nothing_else_has(tmp_path):
    wb = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", scheme=SCHEME))
    tables = {G: (2, 5, 8), H: (2, 3, 8), "Số lượng theo xếp loại": (2, 5, 8), "Lĩnh vực": (2, 6, 5)}
    for name, (top, bottom, right) in tables.items():
        ws = wb[name]
        assert all(_bordered(ws.cell(row=r, column=c)) for r in range(top, bottom + 1) for c in range(1, right + 1))
        assert not _bordered(ws["A1"])
    assert not _bordered(wb[G]["A7"])  # the note is not part of the table


def test_headers_are_bold_wrapped_centred_and_their_rows_tall_enough(tmp_path):
    """15 points a line and 4 of padding: "Điểm tự đánh giá" takes two lines in 12 characters (34 pt); the
    area "8. Tác động của cải cách hành chính" three in 14 (49 pt), where Excel would have shown one."""
    frame = results().rename(columns={"area_2": "area_8"})
    wb = load_workbook(cd.write_report(frame, tmp_path / "r.xlsx", scheme=SCHEME,
                                       area_names={"8": "Tác động của cải cách hành chính"}))
    for ws in wb.worksheets:
        for cell in ws[2]:
            assert (cell.font.b, cell.fill.fgColor.rgb) == (True, "00DDEBF7")
            assert (cell.alignment.wrap_text, cell.alignment.horizontal, cell.alignment.vertical) == (
                True, "center", "center")
    assert wb[G].row_dimensions[2].height == 34
    area = wb["Lĩnh vực"]
    assert [c.value for c in area[2]] == ["STT", "Khối", "Đơn vị", "Lĩnh vực 1", "8. Tác động của cải cách hành chính"]
    assert area.row_dimensions[2].height == 49
    assert [area.column_dimensions[x].width for x in "ABCDE"] == [6, 22, 42, 14, 14]
    assert area["C3"].alignment.wrap_text and area["B3"].alignment.wrap_text


@pytest.mark.parametrize("text, width, lines", [
    ("STT", 6, 1), ("Điểm tự đánh giá", 12, 2), ("Xếp hạng", 9, 1), ("Điểm tối đa", 10, 2),
    ("8. Tác động của cải cách hành chính", 14, 3), ("abcdefghijklmnopqrstuvwxyz x", 11, 3), ("", 10, 1),
])
def test_lines_wrap_word_by_word_and_cut_a_word_longer_than_the_column(text, width, lines):
    assert annex._lines(text, width) == lines


def test_a_long_note_row_is_made_tall_enough(tmp_path):
    """A merged cell is never sized by Excel: 30 units not assessed need several lines of the table's width."""
    left_out = pd.DataFrame({"unit_name": [f"UBND xã số {i}" for i in range(30)], "group": H, "reason": "Sáp nhập"})
    ws = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", not_assessed=left_out))[H]
    text = ws["A5"].value
    assert text.startswith("Không đánh giá năm 2025 (30 đơn vị): UBND xã số 0 (Sáp nhập); UBND xã số 1")
    assert ws.row_dimensions[5].height == 15 * annex._lines(text, 115) + 4 > 15 * 5


@pytest.mark.parametrize("source, footer", [
    ("/home/an/Tài liệu/tinh_b.xlsx", "Nguồn dữ liệu: tinh_b.xlsx"),
    ("C:\\Users\\an\\Desktop\\tinh & co.xlsx", "Nguồn dữ liệu: tinh && co.xlsx"),
    ("/srv/du_lieu/tinh_b/", "Nguồn dữ liệu: tinh_b"),
    ("tinh_b.xlsx", "Nguồn dữ liệu: tinh_b.xlsx"),
    ("Sở Nội vụ, 123/QĐ-UBND", "Nguồn dữ liệu: Sở Nội vụ, 123/QĐ-UBND"),
    ("", "Nguồn dữ liệu: "),
])
def test_the_footer_prints_the_files_name_never_its_folders(tmp_path, source, footer):
    wb = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", source=source))
    assert {ws.oddFooter.left.text for ws in wb.worksheets} == {footer}


def test_the_band_count_sheet_with_a_scheme_lists_every_band_and_the_totals(tmp_path):
    ws = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", scheme=SCHEME))["Số lượng theo xếp loại"]
    assert values(ws) == [
        ["Số lượng đơn vị theo xếp loại năm 2025"] + [None] * 7,
        ["STT", "Khối", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu", "Tổng"],
        [1, G, 0, 2, 0, 1, 0, 3],
        [2, H, 0, 0, 1, 0, 0, 1],
        [None, "Tổng cộng", 0, 2, 1, 1, 0, 4],
    ]
    assert [c.font.b for c in ws[5]] == [True] * 8 and not ws["B3"].font.b
    assert [ws.column_dimensions[x].width for x in "ABCDEFGH"] == [6, 42, 12, 12, 12, 12, 12, 10]
    assert ws.oddFooter.right.text == f"Thang xếp loại: {SCHEME}" and ws.freeze_panes == "A3"


def test_the_band_count_sheet_without_a_scheme_orders_bands_by_rank_and_counts_units_without_one(tmp_path):
    frame = results()
    frame.loc[2, ["index", "rank", "band"]] = [np.nan, np.nan, np.nan]
    frame.loc[3, "band"] = "Đạt"
    ws = load_workbook(cd.write_report(frame, tmp_path / "r.xlsx"))["Số lượng theo xếp loại"]
    assert values(ws, 2) == [
        ["STT", "Khối", "Tốt", "Đạt", "Chưa xếp loại", "Tổng"],
        [1, G, 2, 0, 1, 3],
        [2, H, 0, 1, 0, 1],
        [None, "Tổng cộng", 2, 1, 1, 4],
    ]


def test_the_count_sheet_keeps_its_name_beside_a_group_of_that_name(tmp_path):
    frame = results().assign(group="Số lượng theo xếp loại")
    wb = load_workbook(cd.write_report(frame, tmp_path / "r.xlsx"))
    assert wb.sheetnames == ["Số lượng theo xếp loại", "Số lượng theo xếp loại (2)", "Lĩnh vực"]


def test_the_annex_of_the_sample_matches_compute(tmp_path):
    """compute()'s own self_score and max_points go to the annex as they are: nothing recomputed there."""
    res = cd.compute(cd.load_sample())
    ws = load_workbook(cd.write_report(res, tmp_path / "r.xlsx", year=2023)).worksheets[0]
    part = res[(res["year"] == 2023) & (res["group"] == ws.title)]
    got = pd.DataFrame([r[1:7] for r in ws.iter_rows(min_row=3, max_row=len(part) + 2, values_only=True)],
                       columns=["unit_name", "self_score", "score", "max_points", "index", "rank"])
    pd.testing.assert_frame_equal(got, part[got.columns].reset_index(drop=True), check_dtype=False)


# --- the tests of test_excel.py that knew the six-column annex, as they read now -------------------------


def test_another_year_and_a_refusal(tmp_path):
    wb = load_workbook(cd.write_report(results(), tmp_path / "r.xlsx", year=2024))
    assert wb.sheetnames == [G, "Số lượng theo xếp loại", "Lĩnh vực"] and wb[G]["B3"].value == "Sở Tư pháp"
    with pytest.raises(cd.ValidationError) as exc:
        cd.write_report(results(), tmp_path / "r2.xlsx", year=2019)
    assert [(p.message_vi, p.message_en) for p in exc.value.problems] == [
        ("không có kết quả năm 2019", "there are no results for 2019")]
