"""cells.py: reading cells as people type them — every expected value written out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cchc_dash.core.errors import Located, interval, number
from cchc_dash.core.parsing import (
    blank_cell,
    bool_cells,
    bool_codes,
    category_from_codes,
    did_you_mean,
    duplicates,
    factorize_column,
    hint,
    integer,
    near_codes,
    nfc,
    not_a_number,
    numeric,
    numeric_and_blank,
    parse_points,
    shared_codes,
    text_cells,
)

LOC = Located("diem.csv", first_row=2)  # a CSV: the first data row is line 2


def rows_of(problems) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in problems]


def test_nfc_leaves_what_is_not_text_alone_and_cleans_text():
    assert nfc(3) == 3 and nfc(None) is None and np.isnan(nfc(np.nan))
    assert nfc(" Sở Nội vụ\u200b ") == "Sở Nội vụ"
    assert nfc("So\u031b\u0309 ") == "Sở"  # NFD: o + horn + hook above


@pytest.mark.parametrize(
    "typed, read",
    [
        ("true", True),
        ("1", True),
        ("Yes", True),
        ("có", True),
        ("X", True),
        ("Áp dụng", True),
        ("", True),
        ("  ", True),
        ("false", False),
        ("0", False),
        ("NO", False),
        ("Không", False),
        ("không áp dụng", False),
        ("KA", False),
        ("kad", False),
        (1, True),
        (0, False),
        (True, True),
        (False, False),
        (0.0, False),
        ("có lẽ", None),
        ("2", None),
    ],
)
def test_each_yes_no_spelling(typed, read):
    """Blank means applicable; the words a Sở types for yes / no; anything else is unreadable (None)."""
    assert bool_cells(pd.Series([typed], index=[7])).to_dict() == {7: read}


def test_a_missing_yes_no_cell_is_applicable_and_codes_point_into_values():
    codes, values = bool_codes(pd.Series(["không", None, "có", "không"]))
    assert [values[c] for c in codes] == [False, True, True, False]
    assert codes.tolist() == [1, 0, 2, 1]  # slot 0 is the blank; "không" read once


def test_text_cells_write_numbers_typed_as_ids_as_text():
    """Excel stores the id 12 as 12.0: it is read "12"; 1.5 stays "1.5"; a blank is None; the index is kept."""
    got = text_cells(pd.Series([12.0, 1.5, " U1", None, "U1"], index=[5, 6, 7, 8, 9], dtype=object))
    assert got.to_dict() == {5: "12", 6: "1.5", 7: "U1", 8: None, 9: "U1"}
    assert got.dtype == object


def test_category_keeps_the_index_and_blank_is_nan():
    got = category_from_codes(
        np.array([1, 0, 2, 1]), np.array([None, "Q1", "Q2"], dtype=object), pd.Index([10, 11, 12, 13])
    )
    assert got.index.tolist() == [10, 11, 12, 13]
    assert got.astype(object).where(got.notna(), None).tolist() == ["Q1", None, "Q2", "Q1"]
    assert list(got.cat.categories) == ["Q1", "Q2"]


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_factorize_column_of_string_columns(storage):
    """pandas' string dtypes: codes in order of first appearance, blank −1, uniques keeping the column's dtype."""
    pytest.importorskip("pyarrow") if storage == "pyarrow" else None
    column = pd.Series(["b", "a", None, "b"], dtype=pd.StringDtype(storage))
    codes, uniques = factorize_column(column)
    assert codes.tolist() == [0, 1, -1, 0]
    assert list(uniques) == ["b", "a"] and uniques.dtype == column.dtype


def test_numeric_reads_commas_blanks_and_keeps_the_index():
    df = pd.DataFrame(
        {"score": ["8,5", " 10 ", "", "  ", None, "1.000,5", "=B2*2", "#DIV/0!", "mười"]}, index=range(20, 29)
    )
    problems: list = []
    num, blank = numeric_and_blank(df, "score", LOC, problems, required=True)
    assert num.index.tolist() == list(range(20, 29))
    assert num.iloc[:2].tolist() == [8.5, 10.0] and num.iloc[2:].isna().all()  # the ambiguous 1.000,5 is not guessed
    assert blank.tolist() == [False, False, True, True, True, False, False, False, False]
    vi = [p[3] for p in rows_of(problems)]
    assert [p[:3] for p in rows_of(problems)] == [
        ("diem.csv", 7, "score"),
        ("diem.csv", 8, "score"),
        ("diem.csv", 9, "score"),
        ("diem.csv", 10, "score"),
        ("diem.csv", 4, "score"),
        ("diem.csv", 5, "score"),
        ("diem.csv", 6, "score"),
    ]
    assert vi[0].startswith("'1.000,5' không rõ là số nghìn hay số thập phân")
    assert [p[3:] for p in rows_of(problems)[4:]] == [
        ("ô Điểm thẩm định trống", "the Điểm thẩm định (appraised score) cell is blank")] * 3
    other: list = []  # a column the dataset does not know keeps the general words
    numeric_and_blank(pd.DataFrame({"x": [""]}), "x", LOC, other, required=True)
    assert [p[3:] for p in rows_of(other)] == [("ô trống, cần một số", "blank cell, a number is required")]
    # "1,000" would read as 1.0 with its comma taken for a decimal one: refused, never a number
    assert numeric(pd.DataFrame({"score": ["1,000", "12,500"]}), "score", LOC, [], False).isna().all()


def test_numeric_of_a_number_column_is_float_and_blanks_only_when_required():
    df = pd.DataFrame({"x": [3, 4]}, index=[1, 2])
    problems: list = []
    got = numeric(df, "x", LOC, problems, required=True)
    assert got.dtype == np.float64 and got.to_dict() == {1: 3.0, 2: 4.0} and problems == []
    num, blank = numeric_and_blank(pd.DataFrame({"x": [np.nan, 2.5]}), "x", LOC, problems, required=False)
    assert blank.tolist() == [True, False] and problems == []


def test_formula_and_excel_error_are_named():
    assert rows_of([not_a_number(LOC, 3, "score", "=B2*0.5")]) == [
        (
            "diem.csv",
            5,
            "score",
            "'=B2*0.5' là công thức, không phải giá trị: tệp CSV chỉ giữ giá trị — trong Excel, sao chép rồi dán "
            "đặc biệt 'chỉ giá trị' trước khi lưu CSV",
            "'=B2*0.5' is a formula, not a value: a CSV keeps values only — in Excel, copy and paste as values "
            "before saving as CSV",
        )
    ]
    assert rows_of([not_a_number(LOC, 0, "score", "#div/0!")]) == [
        (
            "diem.csv",
            2,
            "score",
            "'#div/0!' là lỗi của một công thức Excel: sửa công thức trong tệp gốc rồi xuất lại",
            "'#div/0!' is the error of an Excel formula: fix the formula in the source workbook and export again",
        )
    ]
    assert rows_of([not_a_number(LOC, 1, "score", "x=1")])[0][3:] == ("'x=1' không phải là số", "'x=1' is not a number")


def test_integer_column_typed_as_integers_is_nullable_int():
    got = integer(pd.DataFrame({"year": [2023, 2024]}), "year", LOC, [], True)
    assert str(got.dtype) == "Int64" and got.tolist() == [2023, 2024]
    problems: list = []
    got = integer(pd.DataFrame({"year": [2023.0, np.nan, 2024.5]}), "year", LOC, problems, False)
    assert str(got.dtype) == "Int64" and got.iloc[0] == 2023 and got.iloc[1:].isna().all()
    assert rows_of(problems) == [("diem.csv", 4, "year", "2024,5 không phải số nguyên", "2024.5 is not a whole number")]


MORE = ("… và 5 dòng khác có cùng lỗi", "… and 5 more rows with the same problem")


@pytest.mark.parametrize(
    "column, check",
    [
        (["1,000"] * 205, lambda df, p: numeric(df, "c", LOC, p, False)),  # ambiguous
        (["mười"] * 205, lambda df, p: numeric(df, "c", LOC, p, False)),  # not a number
        ([None] * 205, lambda df, p: numeric(df, "c", LOC, p, True)),  # blank but required
        ([2020.5] * 205, lambda df, p: integer(df, "c", LOC, p, False)),  # not whole
        (["U1"] * 206, lambda df, p: duplicates(df, ["c"], LOC, p, "mã", "id")),  # 205 repeats of row 1
    ],
)
def test_past_200_rows_one_more_problem_counts_the_rest(column, check):
    """200 problems are listed one by one, the other 5 counted in one problem naming the file and the column."""
    problems: list = []
    check(pd.DataFrame({"c": pd.Series(column, dtype=object)}), problems)
    assert len(problems) == 201
    assert rows_of(problems[:1]) == [("diem.csv", None, "c", *MORE)]
    assert all(p.column == "c" and p.source == "diem.csv" for p in problems)


def test_duplicates_keep_the_first_row_and_quote_the_key():
    problems: list = []
    duplicates(
        pd.DataFrame({"y": [2023, 2023, 2023], "u": ["U1", "U2", "U1"]}),
        ["y", "u"],
        LOC,
        problems,
        "mã đơn vị",
        "unit id",
    )
    assert rows_of(problems) == [
        ("diem.csv", 4, "u", "mã đơn vị bị trùng (y=2023, u=U1)", "duplicate unit id (y=2023, u=U1)")
    ]


def test_shared_codes_put_two_arrays_in_one_code_space():
    """factorize of [a, b, b, None] numbers a 0, b 1; the blank gets the next code, 2; three codes in all."""
    left, right, n = shared_codes(pd.Index(["a", "b"]), pd.Series(["b", None], index=[8, 9]))
    assert (left.tolist(), right.tolist(), n) == ([0, 1], [1, 2], 3)
    left, right, n = shared_codes(np.array([5, 6]), np.array([7]))
    assert (left.tolist(), right.tolist(), n) == ([0, 1], [2], 4)  # no blank: its code 3 is still counted


# --- codes a clerk most likely meant, blank cells by their column, numbers in each reader's way (issue 23) ------


@pytest.mark.parametrize("value, near", [
    ("s01", "S01"), ("S1O", "S10"), ("S1o", "S10"), (" s 01", "S01"), ("Ul", "U1"), ("1.1.l", "1.1.1"),
    ("1,1,1", "1.1.1"), ("S010", None), ("S13", None), ("S7", None), ("X", None), ("S01", "S01"),
])
def test_near_codes_forgive_case_spaces_and_look_alike_characters_and_never_guess_a_tie(value, near):
    known = ["S01", "S02", "S10", "S11", "S12", "U1", "U2", "1.1.1", "1.1.2"]
    assert near_codes([value], known).get(value) == near


def test_near_codes_need_one_clear_match():
    assert near_codes(["s01"], ["S01", "s01 "]) == {}  # two codes alike but for case: no guess
    assert near_codes(["1.1.10"], ["1.1.1", "1.1.2"]) == {"1.1.10": "1.1.1"}  # 0.91 against 0.73
    assert near_codes([None, "", 3], ["S01"]) == {}
    assert did_you_mean("s02", ["S01", "S02"]) == ("; có phải là S02?", "; did you mean S02?")
    assert did_you_mean("zzz", ["S01"]) == ("", "") and hint(None) == ("", "")


def test_near_codes_compare_a_few_values_closely_and_all_by_their_look(monkeypatch):
    import cchc_dash.core.parsing as parsing

    monkeypatch.setattr(parsing, "CLOSE_LIMIT", 1)
    found = near_codes(["S01x", "S02x", "s10"], ["S01", "S02", "S10"])
    assert found == {"S01x": "S01", "s10": "S10"}  # S02x past the limit; s10 needs no closeness


@pytest.mark.parametrize("column, vi, en", [
    ("year", "ô Năm trống", "the Năm (year) cell is blank"),
    ("unit_id", "ô Mã đơn vị trống", "the Mã đơn vị (unit id) cell is blank"),
    ("max_points", "ô Điểm tối đa trống", "the Điểm tối đa (maximum points) cell is blank"),
    ("Cột lạ", "ô Cột lạ trống", "the Cột lạ cell is blank"),
])
def test_a_blank_cell_is_named_by_its_column(column, vi, en):
    assert blank_cell(column) == (vi, en)


@pytest.mark.parametrize("value, vi, en", [(1.5, "1,5", "1.5"), (15.0, "15", "15"), (-0.25, "-0,25", "-0.25"),
                                           (2023.5, "2023,5", "2023.5"), (1 / 3, "0,333333", "0.333333")])
def test_numbers_take_the_decimal_comma_in_vietnamese_and_the_point_in_english(value, vi, en):
    assert (number(value, "vi"), number(value, "en")) == (vi, en)


def test_an_interval_is_written_as_each_language_writes_it():
    assert (interval(0, 1.5, "vi"), interval(0, 1.5, "en")) == ("[0; 1,5]", "[0, 1.5]")


def test_parse_points_reads_a_comma_or_a_point_and_nothing_else():
    assert [parse_points(x) for x in ("0,75", "0.75", " 12 ", "44", "3,5")] == [0.75, 0.75, 12.0, 44.0, 3.5]
    assert [parse_points(x) for x in ("-1", "+1", "1e3", "1.000,5", "1,2,3", "", "inf", "nan", "٣", None, 3.5)] == [
        None] * 11
