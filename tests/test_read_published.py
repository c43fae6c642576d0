"""read_published: a decision's annex read as published (issue 24, part 1).

Every annex is built here, in the shapes provinces publish: titles and the decision's date above
the header, section rows (numbered, a Roman numeral in the TT column, a plain name), three-decimal
commas, components beside the total, a summary row; as UTF-8 (with and without BOM), UTF-8 with
semicolons, Windows-1258, UTF-16 with tabs, and as an xlsx with merged title, merged two-line
header, merged section rows and percentage cells. Expected values are written by hand.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.published import read_published

#: The annex of the Thừa Thiên Huế-like decision, as printed: text cells, decimal commas.
ANNEX = [
    ["UỶ BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ", "", "", "", "", "", ""],
    ["KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021", "", "", "", "", "", ""],
    ["(Kèm theo Quyết định số 24/QĐ-UBND ngày 05 tháng 01 năm 2022 của UBND tỉnh)", "", "", "", "", "", ""],
    ["", "", "", "", "", "", ""],
    ["TT", "Tên cơ quan, đơn vị", "Điểm đánh giá", "Điểm điều tra XHH", "Tổng điểm", "Xếp hạng", "Xếp loại"],
    ["I. KHỐI SỞ, BAN, NGÀNH", "", "", "", "", "", ""],
    ["1", "Văn phòng UBND tỉnh", "70,000", "27,685", "97,685", "1", "Xuất sắc"],
    ["2", "Sở Tư pháp", "60,5", "26,687", "87,187", "2", "Tốt"],
    ["3", "Sở Công Thương", "58,12", "27,684", "85,804", "3", "Tốt"],
    ["II", "UBND cấp huyện", "", "", "", "", ""],
    ["1", "UBND thị xã Hương Trà", "60,17", "27", "87,170", "1", "Tốt"],
    ["2", "UBND thành phố Huế", "60", "24,186", "84,186", "2", "Tốt"],
    ["", "Cơ quan Trung ương đóng trên địa bàn tỉnh", "", "", "", "", ""],
    ["1", "Cục Thuế tỉnh", "50,5", "30", "80,5", "1", "Tốt"],
    ["", "Giá trị trung bình", "", "", "86,756", "", ""],
]
SO, HUYEN, TW = "KHỐI SỞ, BAN, NGÀNH", "UBND cấp huyện", "Cơ quan Trung ương đóng trên địa bàn tỉnh"
#: What ANNEX holds, by hand: (group, unit, score, rank, band, assessment points, survey points).
EXPECTED = [
    (SO, "Văn phòng UBND tỉnh", 97.685, 1, "Xuất sắc", 70.0, 27.685),
    (SO, "Sở Tư pháp", 87.187, 2, "Tốt", 60.5, 26.687),
    (SO, "Sở Công Thương", 85.804, 3, "Tốt", 58.12, 27.684),
    (HUYEN, "UBND thị xã Hương Trà", 87.17, 1, "Tốt", 60.17, 27.0),
    (HUYEN, "UBND thành phố Huế", 84.186, 2, "Tốt", 60.0, 24.186),
    (TW, "Cục Thuế tỉnh", 80.5, 1, "Tốt", 50.5, 30.0),
]
HEADERS = {"unit": "Tên cơ quan, đơn vị", "score": "Tổng điểm", "published_rank": "Xếp hạng",
           "published_band": "Xếp loại", "component_1": "Điểm đánh giá", "component_2": "Điểm điều tra XHH"}
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as Excel on a Vietnamese Windows saves it: Windows-1258, a precomposed base letter
    (â, ơ, ư…) followed by a combining tone mark where the code page has no precomposed letter."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONES))
            out += letter.encode("cp1258") + "".join(m for m in marks if m in TONES).encode("cp1258")
    return out


def as_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def frame_rows(frame: pd.DataFrame) -> list[tuple]:
    return [(g, u, s, int(r), b, c1, c2) for g, u, s, r, b, c1, c2 in zip(
        frame["group"], frame["unit"], frame["score"], frame["published_rank"], frame["published_band"],
        frame["component_1"], frame["component_2"])]


def where_and_what(err: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


# -- the annex in each encoding ------------------------------------------------------------------

@pytest.mark.parametrize("name, content", [
    pytest.param("phu_luc.csv", as_csv(ANNEX).encode("utf-8"), id="utf-8"),
    pytest.param("phu_luc.csv", as_csv(ANNEX).encode("utf-8-sig"), id="utf-8 with BOM"),
    pytest.param("phu_luc.csv", as_csv(ANNEX, ";").encode("utf-8"), id="utf-8, semicolons"),
    pytest.param("phu_luc.csv", cp1258(as_csv(ANNEX, ";")), id="windows-1258, semicolons"),
    pytest.param("phu_luc.txt", as_csv(ANNEX, "\t").encode("utf-16"), id="utf-16, tabs (Excel's Unicode text)"),
])
def test_the_annex_reads_alike_in_every_encoding(tmp_path, name, content):
    """Titles above the header, three sections, three-decimal commas, a summary row: the same
    frame whatever Excel saved; the year comes from the title, not from the decision's date."""
    path = tmp_path / name
    path.write_bytes(content)
    frame = read_published(path)
    assert list(frame.columns) == ["year", "group", "unit", "score", "published_rank", "published_band",
                                   "component_1", "component_2"]
    assert frame["year"].tolist() == [2021] * 6
    assert frame_rows(frame) == EXPECTED
    assert frame.attrs["headers"] == HEADERS
    assert frame.attrs["source"] == name
    assert frame.attrs["skipped"] == [{"sheet": None, "row": 15, "text": "Giá trị trung bình | 86,756"}]


def test_the_windows_1258_file_is_really_not_utf8(tmp_path):
    """The cp1258 bytes are not UTF-8 (so the test above tries the code page) and hold the tone
    marks as combining characters, which the reader composes again (NFC)."""
    data = cp1258("Tổng điểm")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("cp1258") != "Tổng điểm" and unicodedata.normalize("NFC", data.decode("cp1258")) == "Tổng điểm"


def test_three_decimal_commas_are_decimals_where_thousands_are_impossible(tmp_path):
    """"97,685" out of 100 can only be 97.685, and "1,000" only 1.0; "86,8" is 86.8."""
    path = tmp_path / "a.csv"
    path.write_text(as_csv([["Tên đơn vị", "Tổng điểm"], ["Sở A", "97,685"], ["Sở B", "1,000"], ["Sở C", "86,8"]]),
                    encoding="utf-8")
    frame = read_published(path, year=2021)
    assert frame["score"].tolist() == [97.685, 1.0, 86.8]
    assert frame["group"].tolist() == ["Tất cả đơn vị"] * 3


def test_a_comma_both_readings_allow_is_refused_with_the_reason(tmp_path):
    """In a table of 1,001 units the rank "1,000" may be a thousand or one: refused, saying why."""
    rows = [["Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[f"Xã {k}", f"{90 - k / 100:.2f}", str(k)] for k in range(1, 1002)]
    rows[1000][2] = "1,000"
    path = tmp_path / "xa.csv"
    path.write_text(as_csv(rows), encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        read_published(path, year=2025)
    assert where_and_what(err) == [(
        "xa.csv", None, 1001, "Xếp hạng (C)",
        "'1,000' có thể là 1000 (dấu phẩy hàng nghìn) hoặc 1 (dấu phẩy thập phân): cả hai đều không vượt quá "
        "1001 nên không đoán",
        "'1,000' could be 1000 (thousands separator) or 1 (decimal comma): both are within 1001, so it is not "
        "guessed")]


# -- xlsx ----------------------------------------------------------------------------------------

def annex_workbook(path: Path) -> Path:
    """The 2022 annex as an xlsx: merged title and decision line, a header over two merged lines
    ("Điểm các lĩnh vực" over three columns), a line of column numbers, merged section rows and
    the index as percentage cells (0.9075 shown "90,75%")."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục 1"
    ws.append(["KẾT QUẢ XẾP HẠNG CHỈ SỐ CCHC NĂM 2022"])
    ws.append(["(Kèm theo Quyết định số 100/QĐ-UBND ngày 10 tháng 02 năm 2023)"])
    ws.append([])
    ws.append(["STT", "Tên đơn vị", "Điểm các lĩnh vực", None, None, "Tổng điểm", "Chỉ số (%)", "Xếp loại"])
    ws.append([None, None, "Lĩnh vực 1", "Lĩnh vực 2", "Điều tra XHH", None, None, None])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)=(3)+(4)+(5)", "(7)", "(8)"])
    ws.append(["I. CÁC SỞ, BAN, NGÀNH"])
    ws.append([1, "Sở Nội vụ", 30, 30.5, 30.25, 90.75, 0.9075, "Xuất sắc"])
    ws.append([2, "Sở Y tế", 25.5, 26, 28.5, 80, 0.8, "Tốt"])
    ws.append(["II. UBND CẤP HUYỆN"])
    ws.append([1, "UBND huyện A", 20, 25, 30, 75, 0.75, "Khá"])
    for cells in ("A1:H1", "A2:H2", "C4:E4", "A4:A5", "B4:B5", "F4:F5", "G4:G5", "H4:H5", "A7:H7", "A10:H10"):
        ws.merge_cells(cells)
    for row in (8, 9, 11):
        ws.cell(row, 7).number_format = "0.00%"
    wb.save(path)
    return path


def test_an_xlsx_annex_with_merged_title_header_and_sections(tmp_path):
    frame = read_published(annex_workbook(tmp_path / "qd_100.xlsx"))
    assert frame.to_dict("list") == {
        "year": [2022, 2022, 2022],
        "group": ["CÁC SỞ, BAN, NGÀNH", "CÁC SỞ, BAN, NGÀNH", "UBND CẤP HUYỆN"],
        "unit": ["Sở Nội vụ", "Sở Y tế", "UBND huyện A"],
        "score": [90.75, 80.0, 75.0],
        "published_index": pytest.approx([90.75, 80.0, 75.0]),
        "published_band": ["Xuất sắc", "Tốt", "Khá"],
        "component_1": [30.0, 25.5, 20.0],
        "component_2": [30.5, 26.0, 25.0],
        "component_3": [30.25, 28.5, 30.0],
    }
    assert frame.attrs["headers"] == {"unit": "Tên đơn vị", "score": "Tổng điểm", "published_index": "Chỉ số (%)",
                                      "published_band": "Xếp loại", "component_1": "Lĩnh vực 1",
                                      "component_2": "Lĩnh vực 2", "component_3": "Điều tra XHH"}


def test_each_sheet_of_a_workbook_is_a_table_named_by_its_sheet(tmp_path):
    """Two sheets, no section row: each sheet's units form the group named by the sheet; a sheet
    without a table (notes) is passed over."""
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Ghi chú"
    notes.append(["Số liệu theo Quyết định số 474/QĐ-UBND"])
    for title, rows in (("Sở, ban, ngành", [["Sở A", 89.11, 1], ["Sở B", 87.86, 2]]),
                        ("UBND cấp huyện", [["Huyện C", 80.35, 1]])):
        ws = wb.create_sheet(title)
        ws.append(["Chỉ số CCHC năm 2022"])
        ws.append(["Đơn vị", "Điểm", "Vị thứ"])
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "tn.xlsx")
    frame = read_published(tmp_path / "tn.xlsx")
    assert frame[["year", "group", "unit", "score", "published_rank"]].values.tolist() == [
        [2022, "Sở, ban, ngành", "Sở A", 89.11, 1], [2022, "Sở, ban, ngành", "Sở B", 87.86, 2],
        [2022, "UBND cấp huyện", "Huyện C", 80.35, 1]]


def test_an_xlsx_problem_names_the_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Khối sở"
    for row in (["Tên đơn vị", "Tổng điểm"], ["Sở A", "chín mươi"]):
        wb.active.append(row)
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(cd.ValidationError) as err:
        read_published(tmp_path / "x.xlsx", year=2023)
    assert where_and_what(err) == [("x.xlsx", "Khối sở", 2, "Tổng điểm (B)", "'chín mươi' không phải là số",
                                    "'chín mươi' is not a number")]


# -- headers, groups, years ----------------------------------------------------------------------

@pytest.mark.parametrize("header, values, expected", [
    (["STT", "Tên đơn vị", "Điểm", "Vị thứ"], ["1", "Sở A", "91,5", "1"],
     {"unit": "Tên đơn vị", "score": "Điểm", "published_rank": "Vị thứ"}),
    (["TT", "Tên cơ quan, đơn vị", "Điểm đánh giá", "Thứ hạng", "Xếp loại"], ["1", "Sở A", "91,5", "1", "Xuất sắc"],
     {"unit": "Tên cơ quan, đơn vị", "score": "Điểm đánh giá", "published_rank": "Thứ hạng",
      "published_band": "Xếp loại"}),
    (["Thứ tự xếp hạng", "Đơn vị", "Tổng điểm", "Chỉ số (%)"], ["1", "Sở A", "91,5", "91,5%"],
     {"unit": "Đơn vị", "score": "Tổng điểm", "published_rank": "Thứ tự xếp hạng", "published_index": "Chỉ số (%)"}),
    (["TT", "Tên đơn vị", "Tổng điểm\n(100 điểm)", "XẾP HẠNG"], ["1", "Sở A", "91,5", "1"],
     {"unit": "Tên đơn vị", "score": "Tổng điểm\n(100 điểm)", "published_rank": "XẾP HẠNG"}),
    ([unicodedata.normalize("NFD", h) for h in ("Tên đơn vị", "Tổng điểm", "Xếp hạng")], ["Sở A", "91,5", "1"],
     {"unit": "Tên đơn vị", "score": "Tổng điểm", "published_rank": "Xếp hạng"}),
], ids=["STT, Điểm, Vị thứ", "Tên cơ quan, đơn vị, Điểm đánh giá, Thứ hạng", "Thứ tự xếp hạng as the rank",
        "line break, note in brackets, capitals", "NFD"])
def test_header_spellings(tmp_path, header, values, expected):
    """Each usual spelling of a header names its column; the header is kept as printed (NFC)."""
    path = tmp_path / "t.csv"
    path.write_text(as_csv([header, values]), encoding="utf-8")
    frame = read_published(path, year=2024)
    assert frame.attrs["headers"] == expected
    assert frame["unit"].tolist() == ["Sở A"] and frame["score"].tolist() == [91.5]
    assert frame["published_rank"].tolist() == [1]


def test_a_group_column_places_each_row_and_a_rank_written_4_of_20(tmp_path):
    """A "Khối" column names each row's group; "4/20" in the rank column gives rank and rank_of."""
    path = tmp_path / "t.csv"
    path.write_text(as_csv([["Khối", "Đơn vị", "Tổng điểm", "Xếp hạng"], ["Sở", "Sở A", "90", "1/2"],
                            ["Sở", "Sở B", "85", "2/2"], ["Huyện", "Huyện C", "70", "1/1"]]), encoding="utf-8")
    frame = read_published(path, year=2020)
    assert frame[["group", "unit", "published_rank", "published_rank_of"]].values.tolist() == [
        ["Sở", "Sở A", 1, 2], ["Sở", "Sở B", 2, 2], ["Huyện", "Huyện C", 1, 1]]


def test_year_and_group_arguments(tmp_path):
    """year= gives the year where no title or column does; group= names the rows no section places."""
    path = tmp_path / "t.csv"
    path.write_text(as_csv([["Tên đơn vị", "Tổng điểm"], ["Sở A", "90"]]), encoding="utf-8")
    frame = read_published(path, year=2019, group="Sở, ban, ngành")
    assert frame[["year", "group", "unit"]].values.tolist() == [[2019, "Sở, ban, ngành", "Sở A"]]


def test_a_unit_without_a_score_is_kept_unranked_and_a_row_without_figures_is_listed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(as_csv([["Năm", "Đơn vị", "Tổng điểm", "Xếp hạng", "Ghi chú"], ["2022", "Sở A", "62,62", "1", ""],
                            ["2022", "Sở B", "", "2", "thứ tự theo bài báo"], ["2022", "Sở C", "-", "", "cuối bảng"]]),
                    encoding="utf-8")
    frame = read_published(path)
    assert frame["unit"].tolist() == ["Sở A", "Sở B"] and math.isnan(frame["score"].iloc[1])
    assert frame["published_rank"].tolist() == [1, 2]
    assert frame.attrs["skipped"] == [{"sheet": None, "row": 4, "text": "2022 | Sở C | - | cuối bảng"}]


# -- refusals ------------------------------------------------------------------------------------

def test_a_missing_file_a_folder_an_old_xls_and_undecodable_bytes(tmp_path):
    cases = {
        "khong_co.csv": (None, "không tìm thấy tệp", "the file does not exist"),
        "thu_muc": (lambda p: p.mkdir(), "đây là một thư mục, cần một tệp .csv hoặc .xlsx",
                    "this is a folder; a .csv or .xlsx file is needed"),
        "cu.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60),
                   "tệp Excel cũ (.xls) hoặc được bảo vệ bằng mật khẩu: mở bằng Excel và lưu lại dạng .xlsx",
                   "an old Excel file (.xls) or a password-protected one: open it in Excel and save it as .xlsx"),
        "hong.csv": (lambda p: p.write_bytes(b"T\x81n \x8d\x8e\x90\n"),
                     "không giải mã được tệp: không phải UTF-8, UTF-16 hay Windows-1258 — hãy lưu lại dạng CSV UTF-8",
                     "the file cannot be decoded: it is not UTF-8, UTF-16 or Windows-1258 — save it again as "
                     "CSV UTF-8"),
        "rong.csv": (lambda p: p.write_bytes(b""), "tệp rỗng (0 byte)", "the file is empty (0 bytes)"),
    }
    for name, (make, vi, en) in cases.items():
        if make is not None:
            make(tmp_path / name)
        with pytest.raises(cd.ValidationError) as err:
            read_published(tmp_path / name)
        assert where_and_what(err) == [(name, None, None, None, vi, en)], name


def test_no_header_and_no_year_are_said(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(as_csv([["Họ tên", "Ngày sinh"], ["A", "1/1/1990"]]), encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        read_published(path)
    assert where_and_what(err) == [(
        "t.csv", None, None, None,
        "không tìm thấy dòng tiêu đề của bảng trong 20 dòng đầu (cần ít nhất các cột: Tên đơn vị, Tổng điểm)",
        "no table header found in the first 20 rows (columns needed at least: Tên đơn vị, Tổng điểm)")]
    path.write_text(as_csv([["Tên đơn vị", "Tổng điểm"], ["Sở A", "90"]]), encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        read_published(path)
    assert where_and_what(err) == [(
        "t.csv", None, None, None,
        "không tìm thấy năm: ghi năm trong tiêu đề ('… NĂM 2021'), thêm cột Năm hoặc chỉ rõ năm (year=)",
        "no year found: put it in the title ('… NĂM 2021'), add a year column (Năm) or give it (year=)")]


def test_a_title_naming_two_years_needs_the_year(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(as_csv([["CHỈ SỐ CCHC NĂM 2021 SO VỚI NĂM 2020", ""], ["Tên đơn vị", "Tổng điểm"],
                            ["Sở A", "90"]]), encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        read_published(path)
    assert where_and_what(err) == [("t.csv", None, None, None,
                                    "tiêu đề nêu nhiều năm (2020, 2021): chỉ rõ năm (year=)",
                                    "the title names several years (2020, 2021): give the year (year=)")]
    assert read_published(path, year=2021)["year"].tolist() == [2021]


def test_bad_rows_are_all_named_with_file_row_and_column(tmp_path):
    """Text in a score, a score above 100, a figure without a unit, a unit twice, rank 0, a year
    column contradicting year=: every one at once, each at its row and column, in both languages."""
    path = tmp_path / "qd.csv"
    path.write_text(as_csv([
        ["KẾT QUẢ NĂM 2023", "", "", "", ""],
        ["Năm", "TT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
        ["2023", "1", "Sở A", "tám", "1"],
        ["2023", "2", "Sở B", "101", "2"],
        ["2023", "3", "", "80", "3"],
        ["2023", "4", "Sở B", "70", "0"],
        ["2022", "5", "Sở E", "60", "5"],
    ]), encoding="utf-8")
    with pytest.raises(cd.ValidationError) as err:
        read_published(path, year=2023)
    assert sorted(where_and_what(err), key=lambda p: (p[2], p[3])) == [
        ("qd.csv", None, 3, "Tổng điểm (D)", "'tám' không phải là số", "'tám' is not a number"),
        ("qd.csv", None, 4, "Tổng điểm (D)", "điểm 101 nằm ngoài [0; 100]", "score 101 is outside [0, 100]"),
        ("qd.csv", None, 5, "Tên đơn vị (C)", "thiếu tên đơn vị", "the unit is blank"),
        ("qd.csv", None, 6, "Tên đơn vị (C)", "đơn vị 'Sở B' bị trùng trong khối",
         "unit 'Sở B' appears twice in its group"),
        ("qd.csv", None, 6, "Xếp hạng (E)", "thứ hạng 0 phải từ 1 trở lên", "rank 0 must be 1 or more"),
        ("qd.csv", None, 7, "Năm (A)", "năm 2022 khác năm của bảng (2023)",
         "year 2022 differs from the table's year (2023)"),
    ]
