"""read_wide (io/wide_tables.py): every refusal word for word, in both languages, at its place; and the dataset a
small panel gives, row by row (tests/test_wide_tables.py has the reading of real-world files).

All frames and files are typed below; the expected problems, rows and reasons are written out by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.wide_tables import read_wide

#: Area 2 listed first; 1.1 has no name of its own (its id stands in); blanks in 2.1 mean "not applicable".
BOOK = pd.DataFrame({"item_id": ["2.1", "1.1", "1.2"], "area_id": ["2", "1", "1"],
                     "area_name": ["Cải cách TTHC", "Chỉ đạo", "Chỉ đạo"], "max_points": [10, 10, 5],
                     "item_name": ["Một cửa", None, "Kế hoạch"], "blank_means_na": ["có", "", "không"]})
NO_FILES = ("files", None, None, None, "không có tệp nào", "no files were given")


def problems(files: list[Path], book: pd.DataFrame | Path, **kwargs) -> list[tuple]:
    """(source, sheet, row, column, Vietnamese, English) of every problem read_wide raises."""
    with pytest.raises(cd.ValidationError) as refused, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_wide(files, book, **kwargs)
    return [(p.source, p.sheet, p.row, p.column, p.message_vi, p.message_en) for p in refused.value.problems]


def write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_a_codebook_without_its_columns_stops_there():
    assert problems([], pd.DataFrame({"item_id": ["1"], "area_id": ["1"]})) == [
        ("codebook", None, None, "area_name", "thiếu cột 'area_name'", "missing column 'area_name'"),
        ("codebook", None, None, "max_points", "thiếu cột 'max_points'", "missing column 'max_points'"),
    ]


def test_every_problem_of_a_codebook_frame():
    """Rows of a frame are its positions: a blank id (1), area (4) and area name (5); maxima that are text (2),
    blank (5) and negative (4); a yes/no that is neither (1); an id given twice (2); area 1 named "A" and "B" (3);
    an item with an area's id (3). No file was given either."""
    bad = pd.DataFrame({"item_id": ["1.1", None, "1.1", "1", "1.3", "1.4", "1.5"],
                        "area_id": ["1", "1", "1", "1", None, "1", "1"],
                        "area_name": ["A", "A", "A", "B", "A", None, "A"], "max_points": [10, 5, "x", 5, -1, None, 5],
                        "blank_means_na": ["có", "maybe", "", "", "", "", ""]})
    assert problems([], bad) == [
        ("codebook", None, 1, "item_id", "ô trống", "blank cell"),
        ("codebook", None, 4, "area_id", "ô trống", "blank cell"),
        ("codebook", None, 5, "area_name", "ô trống", "blank cell"),
        ("codebook", None, 2, "max_points", "'x' không phải là số", "'x' is not a number"),
        ("codebook", None, 5, "max_points", "ô trống, cần một số", "blank cell, a number is required"),
        ("codebook", None, 4, "max_points", "điểm tối đa âm", "negative maximum points"),
        ("codebook", None, 1, "blank_means_na", "'maybe' không phải đúng/sai", "'maybe' is not true/false"),
        ("codebook", None, 2, "item_id", "mã tiêu chí '1.1' bị trùng", "duplicate item id '1.1'"),
        ("codebook", None, 3, "area_name", "lĩnh vực '1' có hai tên khác nhau", "area '1' has two different names"),
        ("codebook", None, 3, "item_id", "mã tiêu chí '1' trùng với một mã lĩnh vực", "item id '1' is also an area id"),
        NO_FILES,
    ]


def test_a_codebook_file_names_the_rows_it_shows(tmp_path):
    """A title above the header: the second item is on the file's row 4."""
    book = write(tmp_path, "ma.csv", "BẢNG MÃ\r\nitem_id,area_id,area_name,max_points\r\n1.1,1,A,10\r\n1.1,1,A,-2\r\n")
    assert problems([], book) == [
        ("ma.csv", None, 4, "max_points", "điểm tối đa âm", "negative maximum points"),
        ("ma.csv", None, 4, "item_id", "mã tiêu chí '1.1' bị trùng", "duplicate item id '1.1'"),
        NO_FILES,
    ]


def test_file_names_give_one_year_each(tmp_path):
    one = "unit,1.1\r\nA,1\r\n"
    files = [write(tmp_path, name, one) for name in ("bang.csv", "2019_2020.csv", "2019.csv", "x2019.csv")]
    year = ("tên tệp phải chứa đúng một năm (vd. 2019.csv)",
            "the file name must contain exactly one year (e.g. 2019.csv)")
    assert problems(files, BOOK) == [
        ("bang.csv", None, None, None, *year),
        ("2019_2020.csv", None, None, None, *year),
        ("x2019.csv", None, None, None, "năm 2019 đã có trong tệp 2019.csv", "year 2019 is already given by 2019.csv"),
    ]


def test_every_problem_of_a_years_header_and_rows(tmp_path):
    """Under a note, the header: 1.1 twice (neither read), 9.9 not in the codebook, a fifth column with data but no
    header; then a row without its unit (file row 4), B twice (6), -0.5 below 0 (5). C's row is all blank: not
    assessed (a warning, not a problem)."""
    year = write(tmp_path, "2021.csv", "Ghi chú\r\nĐơn vị,1.1,1.1,9.9,,1.2\r\nA,1,2,3,4,5\r\n,1,,,,\r\nB,11,,,,-0.5\r\n"
                                       "B,10,,,,0\r\nC,,,,,\r\n")
    assert problems([year], BOOK, unit_column="Đơn vị") == [
        ("2021.csv", None, 2, "1.1", "cột '1.1' xuất hiện hai lần", "column '1.1' appears twice"),
        ("2021.csv", None, 2, "9.9", "cột '9.9' không có trong bảng mã tiêu chí",
         "column '9.9' is not in the codebook"),
        ("2021.csv", None, 2, "#5", "cột thứ 5 có dữ liệu nhưng không có tiêu đề", "column 5 has data but no header"),
        ("2021.csv", None, 4, "Đơn vị", "thiếu tên đơn vị", "the unit is blank"),
        ("2021.csv", None, 6, "Đơn vị", "đơn vị 'B' bị trùng", "duplicate unit 'B'"),
        ("2021.csv", None, 5, "1.2", "điểm -0,5 nằm ngoài [0; 5]", "score -0.5 is outside [0, 5]"),
    ]


def test_scores_are_bounded_by_zero_and_the_maximum_and_blanks_need_leave(tmp_path):
    """10.5 of 10 is out; 0 and exactly the maximum are in; a blank where blanks do not mean "not applicable"."""
    year = write(tmp_path, "2021.csv", "Đơn vị,1.1,1.2\r\nA,10.5,\r\nB,0,5\r\nC,10,0\r\nD,,1\r\n")
    blank = ("ô trống, cần một số (hoặc đánh dấu blank_means_na trong bảng mã)",
             "blank cell, a number is required (or mark the item blank_means_na)")
    assert problems([year], BOOK, unit_column="Đơn vị") == [  # 1.1's blank_means_na is blank: not "yes"
        ("2021.csv", None, 2, "1.2", *blank),
        ("2021.csv", None, 5, "1.1", *blank),
        ("2021.csv", None, 2, "1.1", "điểm 10,5 nằm ngoài [0; 10]", "score 10.5 is outside [0, 10]"),
    ]


def test_a_maximum_of_zero_or_under_one_point_is_not_negative(tmp_path):
    book = BOOK.assign(max_points=[0.5, 0, 5])
    year = write(tmp_path, "2021.csv", "Đơn vị,1.2\r\nA,1\r\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert list(read_wide([year], book, unit_column="Đơn vị").scores["score"]) == [1.0]


def test_a_year_without_items_or_without_its_unit_column(tmp_path):
    assert problems([write(tmp_path, "2022.csv", "Đơn vị\r\nA\r\n")], BOOK, unit_column="Đơn vị") == [
        ("2022.csv", None, 1, None, "không có cột tiêu chí nào", "no item columns")]
    assert problems([write(tmp_path, "2023.csv", "unit,1.1\r\nA,1\r\n")], BOOK, unit_column="Đơn vị") == [
        ("2023.csv", None, 1, "Đơn vị", "thiếu cột đơn vị 'Đơn vị' (trong 20 dòng đầu)",
         "missing unit column 'Đơn vị' (in the first 20 rows)")]


def test_a_total_must_be_the_sum_of_its_items(tmp_path):
    """A 1 + 2 + 3 = 6 (its total 6); B's total 6.1 is not 6; C's 4 is not 1 + 2 (2.1 blank: not applicable)."""
    year = write(tmp_path, "2024.csv", "Đơn vị,1.1,1.2,2.1,Tổng điểm\r\nA,1,2,3,6\r\nB,1,2,3,6.1\r\nC,1,2,,4\r\n")
    assert problems([year], BOOK, unit_column="Đơn vị") == [
        ("2024.csv", None, 3, "Tổng điểm", "tổng 6.1 khác tổng điểm các tiêu chí (6)",
         "total 6.1 differs from the sum of the items (6)"),
        ("2024.csv", None, 4, "Tổng điểm", "tổng 4 khác tổng điểm các tiêu chí (3)",
         "total 4 differs from the sum of the items (3)"),
    ]


def test_a_small_panel_row_by_row(tmp_path):
    """2019: A (2.1 = 10, 1.1 = 0), B (2.1 blank: not applicable, 1.1 = 5). 2020: A and C score 1.1 and 1.2; B is
    absent. 2021: only 1.1; A 8, B 7, C's row blank. Each year's tree has the areas of the items its file has, in
    the codebook's order (area 2 first), an area's maximum the sum of its items that year, and an item without a
    name its id. B exists 2019–2021 and was not in 2020's file; C exists 2020–2021 and its 2021 row was blank."""
    folder = tmp_path / "Tinh B"
    folder.mkdir()
    files = [write(folder, "2019.csv", "Đơn vị,2.1,1.1\r\nA,10,0\r\nB,,5\r\n"),
             write(folder, "2020.csv", "Đơn vị,1.1,1.2\r\nA,9,5\r\nC,1,1\r\n"),
             write(folder, "2021.csv", "Đơn vị,1.1\r\nA,8\r\nB,7\r\nC,,\r\n")]
    with pytest.warns(UserWarning) as said:
        ds = read_wide(files, BOOK, unit_column="Đơn vị")
    assert [str(w.message) for w in said] == [
        "2021.csv: không có điểm, không xếp hạng năm 2021 / no scores, left out of the 2021 ranking — "
        "đơn vị (dòng) / unit (row): 'C' (4)"]
    g = "Tất cả đơn vị"
    assert ds.methodology[["year", "item_id", "parent_id", "level", "name_vi", "max_points", "kind", "group"]].to_dict(
        "records") == [
        {"year": 2019, "item_id": "2", "parent_id": None, "level": "area", "name_vi": "Cải cách TTHC",
         "max_points": 10.0, "kind": "assessed", "group": g},
        {"year": 2019, "item_id": "2.1", "parent_id": "2", "level": "item", "name_vi": "Một cửa", "max_points": 10.0,
         "kind": "assessed", "group": g},
        {"year": 2019, "item_id": "1", "parent_id": None, "level": "area", "name_vi": "Chỉ đạo", "max_points": 10.0,
         "kind": "assessed", "group": g},
        {"year": 2019, "item_id": "1.1", "parent_id": "1", "level": "item", "name_vi": "1.1", "max_points": 10.0,
         "kind": "assessed", "group": g},
        {"year": 2020, "item_id": "1", "parent_id": None, "level": "area", "name_vi": "Chỉ đạo", "max_points": 15.0,
         "kind": "assessed", "group": g},
        {"year": 2020, "item_id": "1.1", "parent_id": "1", "level": "item", "name_vi": "1.1", "max_points": 10.0,
         "kind": "assessed", "group": g},
        {"year": 2020, "item_id": "1.2", "parent_id": "1", "level": "item", "name_vi": "Kế hoạch", "max_points": 5.0,
         "kind": "assessed", "group": g},
        {"year": 2021, "item_id": "1", "parent_id": None, "level": "area", "name_vi": "Chỉ đạo", "max_points": 10.0,
         "kind": "assessed", "group": g},
        {"year": 2021, "item_id": "1.1", "parent_id": "1", "level": "item", "name_vi": "1.1", "max_points": 10.0,
         "kind": "assessed", "group": g},
    ]
    assert ds.units[["unit_id", "unit_name", "group", "valid_from", "valid_to", "successor_id"]].to_dict("records") == [
        {"unit_id": "A", "unit_name": "A", "group": g, "valid_from": 2019, "valid_to": 2021, "successor_id": None},
        {"unit_id": "B", "unit_name": "B", "group": g, "valid_from": 2019, "valid_to": 2021, "successor_id": None},
        {"unit_id": "C", "unit_name": "C", "group": g, "valid_from": 2020, "valid_to": 2021, "successor_id": None},
    ]
    assert ds.not_assessed[["year", "unit_id", "reason"]].to_dict("records") == [
        {"year": 2020, "unit_id": "B", "reason": "không có trong 2020.csv"},
        {"year": 2021, "unit_id": "C", "reason": "dòng trống trong 2021.csv"},
    ]
    scores = ds.scores[["year", "unit_id", "item_id", "score", "applicable"]]
    assert [tuple(r) for r in scores.itertuples(index=False)] == [
        (2019, "A", "2.1", 10.0, True), (2019, "A", "1.1", 0.0, True),
        (2019, "B", "2.1", pytest.approx(float("nan"), nan_ok=True), False), (2019, "B", "1.1", 5.0, True),
        (2020, "A", "1.1", 9.0, True), (2020, "A", "1.2", 5.0, True),
        (2020, "C", "1.1", 1.0, True), (2020, "C", "1.2", 1.0, True),
        (2021, "A", "1.1", 8.0, True), (2021, "B", "1.1", 7.0, True),
    ]
    assert list(scores.index) == list(range(10))
    assert ds.name == "Tinh B" and read_wide(files[:1], BOOK, unit_column="Đơn vị", name="Tỉnh B").name == "Tỉnh B"
    res = cd.compute(ds).set_index(["year", "unit_id"])["index"]
    assert res.to_dict() == {(2019, "A"): 50.0, (2019, "B"): 50.0, (2020, "A"): 14 / 15 * 100,
                             (2020, "C"): 2 / 15 * 100, (2021, "A"): 80.0, (2021, "B"): 70.0}


def test_without_a_blank_means_na_column_every_blank_is_a_problem(tmp_path):
    year = write(tmp_path, "2021.csv", "Đơn vị,2.1,1.1\r\nA,,5\r\n")
    assert problems([year], BOOK.drop(columns="blank_means_na"), unit_column="Đơn vị") == [
        ("2021.csv", None, 2, "2.1", "ô trống, cần một số (hoặc đánh dấu blank_means_na trong bảng mã)",
         "blank cell, a number is required (or mark the item blank_means_na)")]


def test_a_summary_row_is_not_a_unit_but_a_unit_so_named_with_a_number_is(tmp_path):
    """ "Giá trị trung bình" without a number in the TT column is the file's summary, not a unit; with one it is a
    unit (a province may name a unit anything)."""
    year = write(tmp_path, "2021.csv", "TT,Đơn vị,1.1\r\n1,Sở A,8\r\n2,Sở B,6\r\n,Giá trị trung bình,7\r\n")
    ds = read_wide([year], BOOK, unit_column="Đơn vị")
    assert list(ds.units["unit_id"]) == ["Sở A", "Sở B"] and list(ds.scores["score"]) == [8.0, 6.0]
    named = write(tmp_path, "2022.csv", "TT,Đơn vị,1.1\r\n1,Sở A,8\r\n2,Giá trị trung bình,7\r\n")
    assert list(read_wide([named], BOOK, unit_column="Đơn vị").units["unit_id"]) == ["Sở A", "Giá trị trung bình"]
