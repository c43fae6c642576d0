"""Band distribution (DESIGN §5): band counts, reclassification, scheme comparison,
band migration along lineage, index histogram. Every expectation is counted by hand
from the small frames below."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.distribution import (
    band_counts,
    band_migration,
    compare_schemes,
    index_histogram,
    reclassify,
    scheme_shift,
)

FIVE = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"
FOUR = "Tốt>=85; Khá>=75; Trung bình>=60; Yếu"
NATIONAL = "A>=90; B>=80; C>=70"
FIVE_LABELS = ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def results(rows: list[tuple], scheme: str = FIVE) -> pd.DataFrame:
    """Results via the public rank_totals: rows of (year, group, unit_id, index, successor_id)."""
    frame = pd.DataFrame(rows, columns=["year", "group", "unit_id", "score", "successor_id"])
    frame["unit_name"] = "Tên " + frame["unit_id"]
    return cd.rank_totals(frame, scheme)


# One year, two groups. Under FIVE: Sở = 2 Xuất sắc, 2 Tốt, 1 Khá, 1 Trung bình, 0 Yếu;
# Huyện = 0 Xuất sắc, 1 Tốt, 1 Khá. Under NATIONAL, 64.99 has no group (NaN).
YEAR = results([
    (2023, "Sở", "S1", 95.0, None), (2023, "Sở", "S2", 90.0, None), (2023, "Sở", "S3", 85.0, None),
    (2023, "Sở", "S4", 80.0, None), (2023, "Sở", "S5", 72.0, None), (2023, "Sở", "S6", 64.99, None),
    (2023, "Huyện", "H1", 88.0, None), (2023, "Huyện", "H2", 70.0, None),
])

# Lineage 2022 → 2024 (group Sở), bands under FIVE:
#   A1 92 XS  → A1 84 Tốt                       stays
#   A2 83 Tốt, A3 70 Khá → M 91 XS              merger: two predecessors, each counted once
#   A8 75 Khá → B8 (2023) → M 91 XS             rename, then into the merger (chain)
#   A4 81 Tốt → A4b 79 Khá                      rename
#   A7 66 Khá → A6 86.5 Tốt                     absorbed by a department that continues
#   A6 86 Tốt → A6 86.5 Tốt
#   A9 50 TB  → A9 55 TB                        has a later successor (Z) but still exists in 2024
#   A5 60 TB  → (nothing)                       dissolved: not counted
#   N1 99 XS in 2024 only                       new: not counted
#   H1 (group Huyện) in both years              left out when group="Sở"
LINEAGE = results([
    (2022, "Sở", "A1", 92.0, None), (2022, "Sở", "A2", 83.0, "M"), (2022, "Sở", "A3", 70.0, "M"),
    (2022, "Sở", "A4", 81.0, "A4b"), (2022, "Sở", "A5", 60.0, None), (2022, "Sở", "A6", 86.0, None),
    (2022, "Sở", "A7", 66.0, "A6"), (2022, "Sở", "A8", 75.0, "B8"), (2022, "Sở", "A9", 50.0, "Z"),
    (2023, "Sở", "B8", 78.0, "M"),
    (2024, "Sở", "A1", 84.0, None), (2024, "Sở", "M", 91.0, None), (2024, "Sở", "A4b", 79.0, None),
    (2024, "Sở", "A6", 86.5, None), (2024, "Sở", "A9", 55.0, "Z"), (2024, "Sở", "N1", 99.0, None),
    (2022, "Huyện", "H1", 95.0, None), (2024, "Huyện", "H1", 40.0, None),
])


def counts_of(frame: pd.DataFrame, year: int, group: str) -> list:
    rows = frame[(frame["year"] == year) & (frame["group"] == group)]
    return list(zip(rows["band"], rows["count"]))


# -- band_counts ---------------------------------------------------------------------

def test_band_counts_columns_counts_and_shares():
    """count per (year, group, band); share = count ÷ units of that (year, group)."""
    got = band_counts(YEAR, FIVE)
    assert list(got.columns) == ["year", "group", "band", "count", "share"]
    assert counts_of(got, 2023, "Sở") == [("Xuất sắc", 2), ("Tốt", 2), ("Khá", 1), ("Trung bình", 1), ("Yếu", 0)]
    sở = got[got["group"] == "Sở"]
    assert sở["share"].tolist() == pytest.approx([2 / 6, 2 / 6, 1 / 6, 1 / 6, 0.0])
    assert got["count"].dtype.kind == "i"


def test_band_counts_list_zero_bands_in_scheme_order():
    """A known scheme lists all its bands best first, even empty ones, in every group."""
    got = band_counts(YEAR, FIVE)
    assert got["group"].tolist() == ["Huyện"] * 5 + ["Sở"] * 5
    assert got["band"].tolist() == FIVE_LABELS * 2
    assert counts_of(got, 2023, "Huyện") == [("Xuất sắc", 0), ("Tốt", 1), ("Khá", 1), ("Trung bình", 0), ("Yếu", 0)]


def test_band_counts_without_scheme_use_present_bands_in_ranking_order():
    """Without a scheme, only the bands present, best index first (not alphabetical)."""
    got = band_counts(YEAR, group="Sở")
    assert counts_of(got, 2023, "Sở") == [("Xuất sắc", 2), ("Tốt", 2), ("Khá", 1), ("Trung bình", 1)]


def test_band_counts_unbanded_units_under_nan_only_where_present():
    """64.99 is below the national C (70): counted under NaN, inside the share's denominator."""
    got = band_counts(YEAR, NATIONAL)
    sở = got[got["group"] == "Sở"]
    assert sở["band"].iloc[:3].tolist() == ["A", "B", "C"] and pd.isna(sở["band"].iloc[3])
    assert sở["count"].tolist() == [2, 2, 1, 1]
    assert sở["share"].sum() == pytest.approx(1.0)
    assert got.loc[got["group"] == "Huyện", "band"].tolist() == ["A", "B", "C"]  # no NaN row there


def test_band_counts_over_years_and_one_group():
    """Several years, one group: each year counted on its own units."""
    got = band_counts(LINEAGE, FIVE, group="Sở")
    assert set(got["group"]) == {"Sở"}
    assert [c for _, c in counts_of(got, 2022, "Sở")] == [1, 3, 3, 2, 0]
    assert [c for _, c in counts_of(got, 2023, "Sở")] == [0, 0, 1, 0, 0]
    assert [c for _, c in counts_of(got, 2024, "Sở")] == [2, 2, 1, 1, 0]
    assert got.loc[got["year"] == 2024, "share"].tolist() == pytest.approx([2 / 6, 2 / 6, 1 / 6, 1 / 6, 0.0])


def test_band_counts_unknown_group_is_an_error_in_both_languages():
    with pytest.raises(cd.ValidationError) as err:
        band_counts(YEAR, FIVE, group="Phòng")
    assert "không có khối đơn vị 'Phòng'" in str(err.value) and "no unit group 'Phòng'" in str(err.value)


# -- reclassify and scheme comparison ---------------------------------------------------

def test_reclassify_changes_bands_only():
    """Index and rank stay; bands follow the new scheme; the input is not modified."""
    before = YEAR.copy()
    got = reclassify(YEAR, NATIONAL)
    pd.testing.assert_series_equal(got["index"], YEAR["index"])
    pd.testing.assert_series_equal(got["rank"], YEAR["rank"])
    assert got["band"].iloc[:5].tolist() == ["A", "A", "B", "B", "C"] and pd.isna(got["band"].iloc[5])
    pd.testing.assert_frame_equal(YEAR, before)


def test_compare_schemes_flags_units_that_change_band():
    """FIVE vs FOUR on Sở 2023, by hand: 95 XS|Tốt, 90 XS|Tốt, 85 Tốt|Tốt, 80 Tốt|Khá,
    72 Khá|TB, 64.99 TB|TB → 4 changed."""
    got = compare_schemes(YEAR, FIVE, FOUR, 2023, group="Sở")
    assert list(got.columns) == ["group", "unit_id", "unit_name", "index", "band_a", "band_b", "changed"]
    assert got["unit_id"].tolist() == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert got["band_b"].tolist() == ["Tốt", "Tốt", "Tốt", "Khá", "Trung bình", "Trung bình"]
    assert got["changed"].tolist() == [True, True, False, True, True, False]
    assert compare_schemes(YEAR, FIVE, FOUR, 2023)["changed"].sum() == 5  # + H2 70: Khá | TB


def test_compare_schemes_two_missing_bands_are_no_change():
    """64.99 has no band under either scheme without a floor: not a change."""
    got = compare_schemes(YEAR, NATIONAL, "Nhóm I>=90; Nhóm II>=80", 2023, group="Sở").set_index("unit_id")
    assert not got.loc["S6", "changed"]
    assert got.loc["S5", "changed"]  # C vs no band


def test_scheme_shift_cross_table():
    """Rows FIVE, columns FOUR, all bands listed, cells add up to the units."""
    got = scheme_shift(YEAR, FIVE, FOUR, 2023, group="Sở")
    assert got.index.tolist() == FIVE_LABELS
    assert got.columns.tolist() == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert got.to_numpy().tolist() == [[2, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]]
    assert int(got.to_numpy().sum()) == 6


# -- band migration -------------------------------------------------------------------

def test_band_migration_follows_lineage_and_counts_each_predecessor_once():
    """Hand-built matrix from the LINEAGE table (8 units of 2022 reach 2024)."""
    got = band_migration(LINEAGE, 2022, 2024, group="Sở", order=cd.BandScheme.parse(FIVE))
    assert got.index.tolist() == FIVE_LABELS and got.columns.tolist() == FIVE_LABELS
    assert got.to_numpy().tolist() == [
        [0, 1, 0, 0, 0],   # Xuất sắc: A1 → Tốt
        [1, 1, 1, 0, 0],   # Tốt: A2 → XS (M), A6 → Tốt, A4 → Khá (A4b)
        [2, 1, 0, 0, 0],   # Khá: A3 and A8 → XS (M), A7 → Tốt (A6)
        [0, 0, 0, 1, 0],   # Trung bình: A9 → TB (itself, not its later successor Z)
        [0, 0, 0, 0, 0],
    ]
    assert got.dtypes.map(lambda d: d.kind).eq("i").all()
    assert int(got.to_numpy().sum()) == 8          # A5 dissolved, N1 new, H1 other group
    assert int(got["Xuất sắc"].sum()) == 3          # one merged unit M, three predecessors


def test_band_migration_without_order_uses_present_bands_in_ranking_order():
    got = band_migration(LINEAGE, 2022, 2024, group="Sở")
    assert got.index.tolist() == ["Xuất sắc", "Tốt", "Khá", "Trung bình"] == got.columns.tolist()
    assert got.loc["Khá", "Xuất sắc"] == 2


def test_band_migration_order_as_list_and_group():
    """order fixes rows and columns; group keeps H1 (95 XS → 40 Yếu) apart."""
    got = band_migration(LINEAGE, 2022, 2024, group="Huyện", order=list(reversed(FIVE_LABELS)))
    assert got.index.tolist() == list(reversed(FIVE_LABELS))
    assert got.loc["Xuất sắc", "Yếu"] == 1 and int(got.to_numpy().sum()) == 1


def test_band_migration_unbanded_units_get_a_nan_row_and_column():
    """Under the national groups A7 (66) and A9 (50, 55) have no group: NaN row/column."""
    got = band_migration(reclassify(LINEAGE, NATIONAL), 2022, 2024, group="Sở", order=NATIONAL)
    assert got.index.tolist()[:3] == ["A", "B", "C"] and pd.isna(got.index[3]) and pd.isna(got.columns[3])
    assert got.to_numpy().tolist() == [[0, 1, 0, 0], [1, 1, 1, 0], [2, 0, 0, 0], [0, 1, 0, 1]]


def test_band_migration_rejects_an_order_missing_a_band():
    with pytest.raises(cd.ValidationError) as err:
        band_migration(LINEAGE, 2022, 2024, group="Sở", order=["Xuất sắc", "Tốt", "Khá"])
    assert "Trung bình" in str(err.value)


def test_band_migration_unknown_year_is_an_error_in_both_languages():
    with pytest.raises(cd.ValidationError) as err:
        band_migration(LINEAGE, 2021, 2024)
    assert "không có kết quả năm 2021" in str(err.value) and "no results for year 2021" in str(err.value)


def test_band_migration_rejects_a_unit_in_two_groups_without_group():
    """H1 in two groups of 2024 would be matched twice: ask for a group instead."""
    doubled = pd.concat([LINEAGE, LINEAGE[(LINEAGE["unit_id"] == "H1") & (LINEAGE["year"] == 2024)].assign(group="Sở")])
    with pytest.raises(cd.ValidationError, match="H1"):
        band_migration(doubled, 2022, 2024)
    assert int(band_migration(doubled, 2022, 2024, group="Huyện").to_numpy().sum()) == 1


def test_band_migration_rejects_a_successor_cycle():
    cyclic = results([(2022, "Sở", "P", 80.0, "Q"), (2023, "Sở", "Q", 85.0, "P"), (2024, "Sở", "R", 90.0, None)])
    with pytest.raises(cd.ValidationError, match="P → Q → P"):
        band_migration(cyclic, 2022, 2024)


# -- histogram ------------------------------------------------------------------------

def test_index_histogram_bins_start_inclusive_and_top_bin_holds_100():
    frame = results([(2024, "Sở", u, v, None) for u, v in
                     [("a", 67.6), ("b", 70.0), ("c", 72.4), ("d", 97.5), ("e", 100.0)]])
    got = index_histogram(frame, 2024, bin_width=2.5)
    assert list(got.columns) == ["bin_start", "bin_end", "count"]
    assert got["bin_start"].iloc[0] == 67.5 and got["bin_end"].iloc[-1] == 100.0
    assert len(got) == 13                              # 67.5 … 97.5, empty bins listed
    by_start = dict(zip(got["bin_start"], got["count"]))
    assert by_start[67.5] == 1 and by_start[70.0] == 2 and by_start[97.5] == 2 and by_start[72.5] == 0
    assert got["count"].sum() == 5


def test_index_histogram_rejects_a_bad_bin_width_and_unknown_year():
    with pytest.raises(cd.ValidationError, match="bin width"):
        index_histogram(YEAR, 2023, bin_width=0)
    with pytest.raises(cd.ValidationError, match="2030"):
        index_histogram(YEAR, 2030)


def test_index_histogram_skips_missing_indices():
    frame = YEAR.assign(index=np.where(YEAR["unit_id"] == "S1", np.nan, YEAR["index"]))
    assert index_histogram(frame, 2023, "Sở")["count"].sum() == 5


def test_band_migration_on_the_sample_counts_every_department_that_continues():
    """Demo province 2024 → 2025: 20 sở, four of them merged or absorbed (S05 → S04,
    S06 + S07 → S21, S08 → S09), 17 sở in 2025; all 20 are counted, each once."""
    res = cd.compute(cd.load_sample())
    sở = "Sở, ban, ngành"
    assert len(res[(res["year"] == 2024) & (res["group"] == sở)]) == 20
    assert len(res[(res["year"] == 2025) & (res["group"] == sở)]) == 17
    got = band_migration(res, 2024, 2025, group=sở, order=FIVE)
    assert int(got.to_numpy().sum()) == 20


# -- killed mutants (issue 15, mutation testing): messages, axis names, years and groups kept apart ----

def _problems(err) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_refusals_word_for_word():
    """Every refusal names its source and column, in Vietnamese and English."""
    with pytest.raises(cd.ValidationError) as err:
        band_counts(YEAR, FIVE, group="Phòng")
    assert _problems(err) == [("results", None, "group", "không có khối đơn vị 'Phòng' trong kết quả",
                               "no unit group 'Phòng' in the results")]
    with pytest.raises(cd.ValidationError) as err:
        index_histogram(YEAR, 2030, "Phòng")
    assert _problems(err) == [("results", None, "year", "không có kết quả năm 2030", "no results for year 2030"),
                              ("results", None, "group", "không có khối đơn vị 'Phòng' trong kết quả",
                               "no unit group 'Phòng' in the results")]
    with pytest.raises(cd.ValidationError) as err:
        band_migration(LINEAGE, 2022, 2024, group="Sở", order=["Xuất sắc", "Tốt", "Khá"])
    assert _problems(err) == [("results", None, "band",
                               "xếp loại ['Trung bình'] không có trong thứ tự đã cho ['Xuất sắc', 'Tốt', 'Khá']",
                               "bands ['Trung bình'] are not in the given order ['Xuất sắc', 'Tốt', 'Khá']")]
    doubled = pd.concat([LINEAGE, LINEAGE[(LINEAGE["unit_id"] == "H1") & (LINEAGE["year"] == 2024)].assign(group="Sở")])
    with pytest.raises(cd.ValidationError) as err:
        band_migration(doubled, 2022, 2024)
    assert _problems(err) == [
        (
            "results",
            None,
            "unit_id",
            "đơn vị ['H1'] có nhiều dòng trong năm 2024: hãy chọn một khối",
            "units ['H1'] have several rows in 2024: choose a group",
        )
    ]
    with pytest.raises(cd.ValidationError) as err:
        index_histogram(YEAR, 2023, bin_width=0)
    assert _problems(err) == [
        ("histogram", None, "bin_width", "độ rộng khoảng phải > 0 (nhận 0)", "bin width must be > 0 (got 0)")
    ]


def test_matrices_name_their_axes():
    """Migration rows/columns are band_from/band_to; a scheme shift's are band_a/band_b."""
    mig = band_migration(LINEAGE, 2022, 2024, group="Sở", order=FIVE)
    assert (mig.index.name, mig.columns.name) == ("band_from", "band_to")
    shift = scheme_shift(YEAR, FIVE, FOUR, 2023, group="Sở")
    assert (shift.index.name, shift.columns.name) == ("band_a", "band_b")


def test_compare_schemes_and_shift_keep_to_the_asked_year():
    """LINEAGE 2022, Sở, FIVE vs FOUR, by hand: A1 92 XS|Tốt, A6 86 Tốt|Tốt, A2 83 Tốt|Khá, A4 81 Tốt|Khá,
    A8 75 Khá|Khá, A3 70 Khá|TB, A7 66 Khá|TB, A5 60 TB|TB, A9 50 TB|Yếu: 9 units, not the 2024 ones."""
    got = compare_schemes(LINEAGE, FIVE, FOUR, 2022, group="Sở")
    assert got["unit_id"].tolist() == ["A1", "A6", "A2", "A4", "A8", "A3", "A7", "A5", "A9"]
    assert got["changed"].tolist() == [True, False, True, True, False, True, True, False, True]
    shift = scheme_shift(LINEAGE, FIVE, FOUR, 2022, group="Sở")
    assert shift.to_numpy().tolist() == [[1, 0, 0, 0], [1, 2, 0, 0], [0, 1, 2, 0], [0, 0, 1, 1], [0, 0, 0, 0]]


def test_band_migration_with_group_ignores_a_unit_from_another_group():
    """X was a Huyện unit in 2022 and is a Sở unit in 2024: with group="Sở" it is in neither matrix cell
    (it was not a Sở unit in 2022), so the Sở matrix still counts 8 units."""
    moved = pd.concat(
        [LINEAGE, results([(2022, "Huyện", "X", 95.0, None), (2024, "Sở", "X", 95.0, None)])], ignore_index=True
    )
    got = band_migration(moved, 2022, 2024, group="Sở", order=FIVE)
    assert int(got.to_numpy().sum()) == 8 and got.loc["Xuất sắc", "Xuất sắc"] == 0


def test_index_histogram_default_width_one_unit_narrow_bins_and_no_index():
    """Default bins of 2.5: one unit at 81 is the bin [80, 82.5); bins of 0.5 put 81 in [81, 81.5);
    units all without an index give an empty table with the three columns and int counts."""
    one = results([(2024, "Sở", "a", 81.0, None)])
    got = index_histogram(one, 2024)
    assert got.to_dict("list") == {"bin_start": [80.0], "bin_end": [82.5], "count": [1]}
    assert got["count"].dtype.kind == "i"
    narrow = index_histogram(one, 2024, bin_width=0.5)
    assert narrow.to_dict("list") == {"bin_start": [81.0], "bin_end": [81.5], "count": [1]}
    empty = index_histogram(one.assign(index=np.nan), 2024)
    assert list(empty.columns) == ["bin_start", "bin_end", "count"] and len(empty) == 0
    assert empty["count"].dtype.kind == "i"
