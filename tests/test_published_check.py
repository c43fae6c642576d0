"""check_published: a published table recomputed from its own printed figures (issue 24, part 2),
the lines that say its disagreements, and check_file, the command line's whole check.

Every expected disagreement is written by hand from the printed figures.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.published_check import COLUMNS, check_published, checked_fields, rounding
from cchc_dash.io.published import check_file, read_published
from cchc_dash.render.published_report import describe_disagreements

FIVE = ("Xuất sắc: từ 90 điểm trở lên; Tốt: từ 80 điểm đến dưới 90 điểm; Khá: từ 65 đến dưới 80 điểm; "
        "Trung bình: từ 50 đến dưới 65 điểm; Yếu: dưới 50 điểm")
SO, HUYEN = "Sở, ban, ngành", "UBND cấp huyện"


def table(**changes: tuple[int, object]) -> pd.DataFrame:
    """A consistent 2021 table of five units in two groups, as read_published gives it; ``changes``
    set one cell each: column=(row, value)."""
    frame = pd.DataFrame({
        "year": [2021] * 5,
        "group": [SO, SO, SO, HUYEN, HUYEN],
        "unit": ["Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Công Thương", "Thị xã Hương Trà", "Thành phố Huế"],
        "score": [97.685, 87.187, 85.804, 87.17, 64.186],
        "published_rank": pd.array([1, 2, 3, 1, 2], dtype="Int64"),
        "published_band": ["Xuất sắc", "Tốt", "Tốt", "Tốt", "Trung bình"],
        "component_1": [70.0, 60.5, 58.12, 60.17, 40.0],
        "component_2": [27.685, 26.687, 27.684, 27.0, 24.186],
    })
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
    return frame


def records(found: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in found[COLUMNS].itertuples(index=False)]


def test_a_consistent_table_has_no_disagreement():
    found = check_published(table(), FIVE)
    assert list(found.columns) == COLUMNS and found.empty


def test_a_swapped_rank_a_wrong_band_and_a_wrong_total_are_exactly_what_is_found():
    """Sở Tư pháp and Sở Công Thương printed in each other's place (ranks 3 and 2), Huế printed
    "Khá" for 64.186 (Trung bình), Hương Trà's total printed 88.17 for 60.17 + 27."""
    frame = table(published_rank=(1, 3), published_band=(4, "Khá"), score=(3, 88.17))
    frame.loc[2, "published_rank"] = 2
    assert records(check_published(frame, FIVE)) == [
        (2021, SO, "Sở Tư pháp", "rank", 3, 2),
        (2021, SO, "Sở Công Thương", "rank", 2, 3),
        (2021, HUYEN, "Thị xã Hương Trà", "score", 88.17, pytest.approx(87.17)),
        (2021, HUYEN, "Thành phố Huế", "band", "Khá", "Trung bình"),
    ]


def test_without_a_scheme_bands_are_not_checked():
    assert check_published(table(published_band=(4, "Khá"))).empty
    assert checked_fields(table()) == ["score", "rank"]
    assert checked_fields(table(), FIVE) == ["score", "rank", "band"]


def test_the_index_is_score_over_maximum_up_to_its_printed_rounding():
    """Ban Dân tộc: 68.32 of 84 points is 81.333…: "81,33" agrees, "81,40" does not; without a
    maximum printed the score is out of 100."""
    frame = pd.DataFrame({"year": 2023, "group": SO, "unit": ["Ban Dân tộc tỉnh", "Sở Công Thương"],
                          "score": [68.32, 92.83], "max_points": [84.0, 100.0], "published_index": [81.33, 92.83]})
    assert check_published(frame).empty
    frame.loc[0, "published_index"] = 81.40
    assert records(check_published(frame)) == [
        (2023, SO, "Ban Dân tộc tỉnh", "index", 81.40, pytest.approx(81.3333333333))]
    assert records(check_published(frame.drop(columns="max_points"))) == [
        (2023, SO, "Ban Dân tộc tỉnh", "index", 81.40, pytest.approx(68.32))]


def test_ties_share_a_rank_within_1e9_and_rank_of_counts_the_scored_units():
    """90 and 90.0000000001 tie (1, 1, 3); a unit printed without a score is neither ranked nor counted."""
    frame = pd.DataFrame({"year": 2022, "group": SO, "unit": ["A", "B", "C", "D"],
                          "score": [90.0, 90.0000000001, 80.0, np.nan],
                          "published_rank": pd.array([1, 1, 3, 4], dtype="Int64"),
                          "published_rank_of": pd.array([3, 3, 3, 4], dtype="Int64")})
    assert check_published(frame).empty
    frame["published_rank"] = pd.array([1, 2, 3, 4], dtype="Int64")
    frame["published_rank_of"] = pd.array([4, 3, 3, 4], dtype="Int64")
    assert records(check_published(frame)) == [(2022, SO, "A", "rank_of", 4, 3), (2022, SO, "B", "rank", 2, 1)]


def test_a_total_agrees_with_its_components_up_to_their_printed_rounding():
    """Totals printed with two decimals: 85.19 against 45.123 + 40.064 = 85.187 is within 0.005 +
    0.0005 + 0.0005; 85.20 is not."""
    frame = pd.DataFrame({"year": 2021, "group": SO, "unit": ["A", "B"], "score": [85.19, 70.55],
                          "component_1": [45.123, 40.25], "component_2": [40.064, 30.3]})
    assert check_published(frame).empty
    frame.loc[0, "score"] = 85.20
    assert records(check_published(frame)) == [(2021, SO, "A", "score", 85.2, pytest.approx(85.187))]


@pytest.mark.parametrize("values, expected", [
    ([85.19, 97.685, 80.0], 0.0005), ([85.5, 80.0], 0.05), ([85.0, 80.0], 0.0), ([85.4666666666667], 0.0),
    ([np.nan, 85.25], 0.005),
])
def test_rounding_is_half_a_unit_of_the_most_printed_decimals(values, expected):
    assert rounding(values) == pytest.approx(expected)


def test_a_strict_band_and_a_band_the_scheme_gives_to_no_index():
    """'Tốt: trên 80' leaves exactly 80 to Khá; with no floor band, 60 has no band at all."""
    frame = pd.DataFrame({"year": 2022, "group": SO, "unit": ["A", "B", "C"], "score": [80.0, 80.01, 60.0],
                          "published_band": ["Tốt", "Tốt", "Khá"]})
    assert records(check_published(frame, "Tốt: trên 80 điểm; Khá: từ 65 đến 80 điểm")) == [
        (2022, SO, "A", "band", "Tốt", "Khá"), (2022, SO, "C", "band", "Khá", None)]


def test_published_bands_are_compared_without_case_or_spelling_form():
    frame = pd.DataFrame({"year": 2022, "group": SO, "unit": ["A"], "score": [85.0], "published_band": ["TỐT"]})
    assert check_published(frame, FIVE).empty


def test_what_cannot_be_checked_is_refused_with_its_place():
    frame = table().drop(columns="score")
    with pytest.raises(cd.ValidationError) as err:
        check_published(frame)
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems] == [
        ("published table", None, "score", "thiếu cột 'score'", "missing column 'score'")]
    frame = table(unit=(4, "Thị xã Hương Trà"), score=(1, np.nan))
    with pytest.raises(cd.ValidationError) as err:
        check_published(frame)
    assert [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems] == [
        ("published table", 4, "unit", "đơn vị 'Thị xã Hương Trà' bị trùng", "duplicate unit 'Thị xã Hương Trà'")]


# -- the disagreements in words ------------------------------------------------------------------

def test_the_disagreements_in_vietnamese_and_english():
    frame = table(published_rank=(1, 3), published_band=(4, "Khá"), score=(3, 88.17))
    frame.loc[2, "published_rank"] = 2
    found = check_published(frame, FIVE)
    assert describe_disagreements(found) == [
        "2021 · Sở, ban, ngành · Sở Tư pháp: xếp hạng công bố 3, xếp hạng theo điểm công bố: 2",
        "2021 · Sở, ban, ngành · Sở Công Thương: xếp hạng công bố 2, xếp hạng theo điểm công bố: 3",
        "2021 · UBND cấp huyện · Thị xã Hương Trà: tổng điểm công bố 88,17 khác tổng các điểm thành phần "
        "công bố (87,17)",
        "2021 · UBND cấp huyện · Thành phố Huế: xếp loại công bố 'Khá', theo thang xếp loại: 'Trung bình'",
    ]
    assert describe_disagreements(found, "en") == [
        "2021 · Sở, ban, ngành · Sở Tư pháp: printed rank 3, rank of the printed scores: 2",
        "2021 · Sở, ban, ngành · Sở Công Thương: printed rank 2, rank of the printed scores: 3",
        "2021 · UBND cấp huyện · Thị xã Hương Trà: printed total 88.17 differs from the sum of its printed "
        "components (87.17)",
        "2021 · UBND cấp huyện · Thành phố Huế: printed band 'Khá', the scheme gives: 'Trung bình'",
    ]
    assert describe_disagreements(check_published(table())) == []


def test_index_rank_of_and_no_band_in_words():
    found = pd.DataFrame({"year": [2023, 2023, 2022], "group": [SO, SO, SO], "unit": ["A", "B", "C"],
                          "field": ["index", "rank_of", "band"], "published": [81.4, 20, "Khá"],
                          "computed": [81.33333333, 4, None]})
    assert describe_disagreements(found) == [
        "2023 · Sở, ban, ngành · A: chỉ số công bố 81,4 khác điểm ÷ điểm tối đa × 100 (81,3333)",
        "2023 · Sở, ban, ngành · B: công bố xếp hạng trên 20 đơn vị, bảng xếp hạng 4 đơn vị có điểm",
        "2022 · Sở, ban, ngành · C: xếp loại công bố 'Khá', theo thang xếp loại: không xếp loại",
    ]
    assert describe_disagreements(found, "en")[2] == "2022 · Sở, ban, ngành · C: printed band 'Khá', the scheme " \
                                                     "gives: no band"


# -- the command line's check --------------------------------------------------------------------

ANNEX = [
    ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021", "", "", "", ""],
    ["TT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại"],
    ["I", "Khối sở, ban, ngành", "", "", ""],
    ["1", "Sở A", "97,685", "1", "Xuất sắc"],
    ["2", "Sở B", "87,187", "2", "Tốt"],
    ["3", "Sở C", "85,804", "3", "Tốt"],
]


def write(path, rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def test_check_file_exit_status_and_lines(tmp_path):
    """0 and one line for a consistent table, 1 and a line per disagreement, 2 and the problems
    for a file or a scheme that cannot be read."""
    path = write(tmp_path / "qd_24.csv", ANNEX)
    assert check_file(path, scheme=FIVE) == (
        0, ["qd_24.csv: 3 đơn vị; đã kiểm tra xếp hạng, xếp loại: bảng nhất quán"])
    assert check_file(path, lang="en") == (0, ["qd_24.csv: 3 units; checked rank: consistent"])
    rows = [list(r) for r in ANNEX]
    rows[4][3], rows[5][3] = "3", "2"
    rows[5][4] = "Khá"
    path = write(tmp_path / "qd_25.csv", rows)
    assert check_file(path, scheme=FIVE, lang="en") == (1, [
        "qd_25.csv: 3 units; checked rank, band: 3 disagreement(s)",
        "2021 · Khối sở, ban, ngành · Sở B: printed rank 3, rank of the printed scores: 2",
        "2021 · Khối sở, ban, ngành · Sở C: printed rank 2, rank of the printed scores: 3",
        "2021 · Khối sở, ban, ngành · Sở C: printed band 'Khá', the scheme gives: 'Tốt'",
    ])
    assert check_file(tmp_path / "khong_co.csv") == (2, ["1 lỗi dữ liệu:", "- khong_co.csv: không tìm thấy tệp"])
    assert check_file(path, scheme="Tốt: từ 80 trở lên; Khá: từ 65 đến 80", lang="en") == (2, [
        "1 data problem(s):",
        "- band scheme 'Tốt: từ 80 trở lên; Khá: từ 65 đến 80': 'Tốt' (from 80) and 'Khá' (from 65 up to 80) "
        "overlap: an index of exactly 80 is in both bands"])


def test_nothing_to_check_is_said(tmp_path):
    path = write(tmp_path / "t.csv", [["Tên đơn vị", "Tổng điểm"], ["Sở A", "90"]])
    assert check_file(path, year=2020) == (0, [
        "t.csv: 1 đơn vị; không có gì để kiểm tra: bảng không in điểm thành phần, chỉ số, xếp hạng hay xếp loại "
        "(hoặc chưa có thang xếp loại)"])


def test_a_table_read_from_file_checks_as_printed(tmp_path):
    """The annex read by read_published checks to nothing; its three-decimal commas rank as decimals."""
    frame = read_published(write(tmp_path / "qd.csv", ANNEX))
    assert frame["score"].tolist() == [97.685, 87.187, 85.804]
    assert check_published(frame, FIVE).empty
