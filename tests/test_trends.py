"""Trends, lineage and area profiles against hand-built datasets (expectations worked by hand).

The main fixture has one group and two areas. 2019 and 2020 share a methodology
(1.1 max 10 in area 1, 2.1 max 10 in area 2: 20 points); 2021 adds 2.2 (max 5: 25
points), a methodology break. Lineage: B is renamed C in 2020; D and E merge into F in
2021; P → Q → R is a chain of renames; G1 is absorbed by A (which keeps its own rows);
H skips 2020.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses.trends import (
    TREND_COLUMNS,
    area_change,
    area_profile,
    break_years,
    change_table,
    final_successor,
    group_mean,
    heatmap_frame,
    predecessors_of,
    successor_map,
    trends,
)
from cchc_dash.core.years import YearRange

# (year, unit): item scores (1.1, 2.1[, 2.2]); the index is their sum over 20 (25 in 2021).
SCORES = {
    (2019, "P"): (10, 8), (2019, "A"): (9, 7), (2019, "E"): (7, 7), (2019, "H"): (6, 7),
    (2019, "B"): (6, 6), (2019, "D"): (5, 5), (2019, "G1"): (4, 4),
    (2020, "Q"): (10, 9), (2020, "A"): (9, 8), (2020, "E"): (8, 7), (2020, "C"): (7, 6),
    (2020, "D"): (6, 5), (2020, "G1"): (5, 4),
    (2021, "F"): (10, 10, 5), (2021, "R"): (9, 9, 4.5), (2021, "A"): (8, 8, 4), (2021, "H"): (7, 7, 3.5),
    (2021, "C"): (6, 6, 3),
}
SUCCESSORS = {"B": "C", "D": "F", "E": "F", "P": "Q", "Q": "R", "G1": "A"}


def methodology(year: int, maxima: dict[str, float], group: str = "G") -> list[dict]:
    """Areas "1", "2", … each holding the given leaves (leaf id "a.k" belongs to area "a")."""
    rows = []
    for area in sorted({i.split(".")[0] for i in maxima}):
        leaves = {i: m for i, m in maxima.items() if i.split(".")[0] == area}
        rows.append(dict(year=year, group=group, item_id=area, parent_id=None, level="area",
                         name_vi=f"Lĩnh vực {area}", max_points=sum(leaves.values())))
        rows += [dict(year=year, group=group, item_id=i, parent_id=area, level="item", name_vi=i, max_points=m)
                 for i, m in leaves.items()]
    return rows


def dataset(scores: dict, maxima_by_year: dict[int, dict[str, float]], successors: dict[str, str]) -> cd.Dataset:
    meth = [r for year, maxima in maxima_by_year.items() for r in methodology(year, maxima)]
    units = sorted({u for _, u in scores} | set(successors.values()))
    # Each unit exists from its first scored year to its last; a year missing in between (H in 2020)
    # is listed as not assessed, as the data would have to say.
    scored = {u: sorted(y for y, v in scores if v == u) for u in units}
    unit_frame = pd.DataFrame({"unit_id": units, "unit_name": [f"Đơn vị {u}" for u in units], "group": "G",
                               "successor_id": [successors.get(u) for u in units],
                               "valid_from": [scored[u][0] for u in units], "valid_to": [scored[u][-1] for u in units]})
    gaps = [dict(year=y, unit_id=u, reason="vắng trong dữ liệu thử")
            for u, years in scored.items() for y in range(years[0], years[-1] + 1) if y not in years]
    rows = [dict(year=year, unit_id=u, item_id=i, score=s)
            for (year, u), values in scores.items() for i, s in zip(maxima_by_year[year], values)]
    return cd.Dataset(methodology=pd.DataFrame(meth), units=unit_frame, scores=pd.DataFrame(rows),
                      not_assessed=pd.DataFrame(gaps))


MAXIMA = {2019: {"1.1": 10, "2.1": 10}, 2020: {"1.1": 10, "2.1": 10}, 2021: {"1.1": 10, "2.1": 10, "2.2": 5}}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return cd.compute(dataset(SCORES, MAXIMA, SUCCESSORS), scheme="Tốt>=80; Khá")


def rows(frame: pd.DataFrame, *cols: str) -> list[tuple]:
    """The frame's rows as tuples, NaN/NA as None, so expectations read as plain tables."""
    def clean(v: object) -> object:
        if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        return round(float(v), 9) if isinstance(v, (float, np.floating)) else v
    return [tuple(clean(v) for v in r) for r in frame[list(cols)].itertuples(index=False)]


COLS = ("unit_id", "year", "index", "rank", "change", "rank_change", "break", "predecessor")


def test_rename_follows_predecessor(results):
    t = trends(results, units=["C"])
    assert list(t.columns) == TREND_COLUMNS
    assert rows(t, *COLS) == [
        ("B", 2019, 60.0, 5, None, None, False, True),
        ("C", 2020, 65.0, 4, 5.0, 1, False, False),   # vs B 2019: 65 − 60, rank 5 → 4
        ("C", 2021, 60.0, 5, -5.0, -1, True, False),  # 2.2 added in 2021: a break
    ]
    assert set(t["series_id"]) == {"C"}


def test_merger_keeps_each_predecessor_and_leaves_change_nan(results):
    t = trends(results, units="F")
    assert rows(t, *COLS) == [
        ("D", 2019, 50.0, 6, None, None, False, True),
        ("E", 2019, 70.0, 3, None, None, False, True),
        ("D", 2020, 55.0, 5, 5.0, 1, False, True),
        ("E", 2020, 75.0, 3, 5.0, 0, False, True),
        ("F", 2021, 100.0, 1, None, None, True, False),  # two predecessors: no single previous value
    ]


def test_chain_of_renames(results):
    t = trends(results, units=["R"])
    assert rows(t, *COLS) == [
        ("P", 2019, 90.0, 1, None, None, False, True),
        ("Q", 2020, 95.0, 1, 5.0, 0, False, True),
        ("R", 2021, 90.0, 2, -5.0, -1, True, False),
    ]


def test_absorbing_unit_continues_its_own_line(results):
    t = trends(results, units=["A"])
    assert rows(t, *COLS) == [
        ("A", 2019, 80.0, 2, None, None, False, False),
        ("G1", 2019, 40.0, 7, None, None, False, True),
        ("A", 2020, 85.0, 2, 5.0, 0, False, False),
        ("G1", 2020, 45.0, 6, 5.0, 1, False, True),
        ("A", 2021, 80.0, 3, -5.0, -1, True, False),  # against A 2020, not G1
    ]


def test_missing_year_compares_with_the_last_year_present(results):
    t = trends(results, units=["H"])
    assert rows(t, *COLS) == [
        ("H", 2019, 65.0, 4, None, None, False, False),
        ("H", 2021, 70.0, 4, 5.0, 0, True, False),
    ]


def test_results_of_chosen_years_compare_those_years(results):
    """Results filtered to 2019 and 2021 first: the change is 2019 → 2021 (nothing between)."""
    t = trends(results[results["year"].isin([2019, 2021])], units=["A"])
    assert rows(t, *COLS) == [
        ("A", 2019, 80.0, 2, None, None, False, False),
        ("G1", 2019, 40.0, 7, None, None, False, True),
        ("A", 2021, 80.0, 3, 0.0, -1, True, False),
    ]


def test_year_range_is_kept_before_changes_are_computed(results):
    """years=YearRange(2020, 2021): 2019 is gone, so 2020 has no change; 2021 compares with 2020."""
    t = trends(results, units=["A"], years=YearRange(2020, 2021))
    assert rows(t, *COLS) == [
        ("A", 2020, 85.0, 2, None, None, False, False),
        ("G1", 2020, 45.0, 6, None, None, False, True),
        ("A", 2021, 80.0, 3, -5.0, -1, True, False),
    ]


def test_years_must_be_a_year_range(results):
    with pytest.raises(TypeError, match="YearRange"):
        trends(results, units=["A"], years=[2019, 2021])


def test_all_units_partition_results_by_final_successor(results):
    t = trends(results)
    assert len(t) == len(results)
    series = dict(zip(zip(t["unit_id"], t["year"]), t["series_id"]))
    assert series[("B", 2019)] == "C" and series[("P", 2019)] == "R" and series[("Q", 2020)] == "R"
    assert series[("D", 2020)] == "F" and series[("G1", 2019)] == "A" and series[("H", 2019)] == "H"
    assert t["break"].dtype == bool and t["predecessor"].dtype == bool
    # Breaks exactly on 2021 rows that have a previous row (F's merger included).
    assert set(t.loc[t["break"], "year"]) == {2021}
    assert t.loc[t["year"] == 2021, "break"].all()
    # Bands and names pass through.
    c = t[t["unit_id"] == "C"].set_index("year")
    assert c.loc[2020, "band"] == "Khá" and c.loc[2020, "unit_name"] == "Đơn vị C"
    assert t[(t["unit_id"] == "A") & (t["year"] == 2020)]["band"].item() == "Tốt"


def test_a_unit_asked_with_its_successor_is_in_both_series(results):
    t = trends(results, units=["F", "D"])
    assert list(dict.fromkeys(t["series_id"])) == ["F", "D"]
    own = t[t["series_id"] == "D"]
    assert rows(own, *COLS) == [("D", 2019, 50.0, 6, None, None, False, False),
                                ("D", 2020, 55.0, 5, 5.0, 1, False, False)]


def test_merger_without_methodology_change_is_no_break():
    scores = {(2019, "D"): (4, 6), (2019, "E"): (8, 8), (2020, "F"): (9, 9)}
    maxima = {2019: {"1.1": 10, "2.1": 10}, 2020: {"1.1": 10, "2.1": 10}}
    t = trends(cd.compute(dataset(scores, maxima, {"D": "F", "E": "F"})), units=["F"])
    assert rows(t, "unit_id", "year", "change", "break") == [
        ("D", 2019, None, False), ("E", 2019, None, False), ("F", 2020, None, False)]


def test_changed_maximum_alone_is_a_break():
    scores = {(2019, "A"): (5,), (2020, "A"): (10,)}
    maxima = {2019: {"1.1": 10}, 2020: {"1.1": 20}}
    t = trends(cd.compute(dataset(scores, maxima, {})))
    assert rows(t, "year", "index", "change", "break") == [(2019, 50.0, None, False), (2020, 50.0, 0.0, True)]


def test_unknown_unit_and_cycle_are_validation_errors(results):
    with pytest.raises(cd.ValidationError, match="'Z'"):
        trends(results, units=["Z"])
    cyclic = results.copy()
    cyclic.loc[cyclic["unit_id"] == "A", "successor_id"] = "G1"
    with pytest.raises(cd.ValidationError, match="cycle"):
        trends(cyclic)
    with pytest.raises(cd.ValidationError, match="methodology"):
        trends(results.drop(columns="methodology"))


def test_lineage_helpers(results):
    succ = successor_map(results)
    assert succ == SUCCESSORS
    assert final_successor("P", succ) == "R" and final_successor("A", succ) == "A"
    assert predecessors_of("R", succ) == ["Q", "P"]
    assert sorted(predecessors_of("F", succ)) == ["D", "E"]


def test_area_profile(results):
    p = area_profile(results, 2019)
    assert list(p.columns) == ["1", "2"]
    assert p.loc["A"].tolist() == [90.0, 70.0]
    assert p.loc["D"].tolist() == [50.0, 50.0]
    assert len(p) == 7
    with pytest.raises(cd.ValidationError):
        area_profile(results, 2030)


def test_area_change_across_a_break(results):
    ch = area_change(results, 2020, 2021)
    assert sorted(ch.index) == ["A", "C"]             # only units scored in both years
    assert ch.loc["A"].tolist() == pytest.approx([-10.0, 0.0])  # area 2: 12/15 − 8/10 = 0
    assert ch.loc["C"].tolist() == pytest.approx([-10.0, 0.0])  # area 1: 60 − 70
    assert ch.attrs["break"] is True
    same = area_change(results, 2019, 2020)
    assert sorted(same.index) == ["A", "D", "E", "G1"]
    assert same.loc["A"].tolist() == pytest.approx([0.0, 10.0])
    assert same.attrs["break"] is False


def test_sample_breaks_exactly_in_2022():
    res = cd.compute(cd.load_sample())
    t = trends(res)
    assert len(t) == len(res)
    first_year = t.groupby(["series_id", "unit_id"])["year"].transform("min") == t["year"]
    assert (t["break"] == ((t["year"] == 2022) & ~first_year)).all()
    s21 = trends(res, units=["S21"])
    assert set(s21.loc[s21["predecessor"], "unit_id"]) == {"S06", "S07"}
    assert s21.loc[~s21["predecessor"], "year"].tolist() == [2025]


# --- comparing series: the table of changes, breaks, a group's mean ------------------------

#: The columns of the hand-made series frames below (what ``trends`` gives, less group and changes).
SERIES_COLUMNS = ["series_id", "unit_id", "unit_name", "year", "index", "rank", "rank_of", "band", "break",
                  "predecessor"]


def trend_frame() -> pd.DataFrame:
    """S21 created in 2025 from S06 and S07; S03 with its own years; a break in 2022."""
    rows = [
        ("S03", "S03", "Sở Tư pháp", 2021, 80.0, 5, 20, "Tốt", False, False),
        ("S03", "S03", "Sở Tư pháp", 2022, 84.0, 4, 20, "Tốt", True, False),
        ("S03", "S03", "Sở Tư pháp", 2023, 91.0, 1, 20, "Xuất sắc", False, False),
        ("S21", "S06", "Sở NN&PTNT", 2024, 70.0, 18, 20, "Khá", False, True),
        ("S21", "S07", "Sở TN&MT", 2024, 80.0, 10, 20, "Tốt", False, True),
        ("S21", "S21", "Sở NN&MT", 2025, 86.0, 6, 17, "Tốt", False, False),
    ]
    return pd.DataFrame(rows, columns=SERIES_COLUMNS)


def test_change_table_own_years_and_breaks():
    table = change_table(trend_frame(), YearRange(2021, 2025)).set_index("series_id")
    s03 = table.loc["S03"]
    assert (s03.from_year, s03.to_year, s03.from_rank, s03.to_rank) == (2021, 2023, "5/20", "1/20")
    assert s03.change == pytest.approx(11.0)
    assert s03.breaks == 1 and not s03.from_predecessor


def test_change_table_merger_starts_from_predecessors():
    s21 = change_table(trend_frame(), YearRange(2021, 2025)).set_index("series_id").loc["S21"]
    assert s21.from_predecessor and s21.from_name == "Sở NN&PTNT; Sở TN&MT"
    assert np.isnan(s21.from_index) and np.isnan(s21.change)  # no single previous value after a merger
    assert s21.from_rank == "–" and s21.to_rank == "6/17"
    assert s21.from_band == "Khá; Tốt"


def test_group_mean_and_break_years():
    ds = cd.load_sample()
    res = cd.compute(ds)
    means = group_mean(res, "UBND cấp huyện", YearRange(2019, 2025))
    assert means["year"].tolist() == list(range(2019, 2025))  # no district level in 2025
    hand = res[(res["group"] == "UBND cấp huyện") & (res["year"] == 2020)]["index"].mean()
    assert means.set_index("year").loc[2020, "value_pct"] == pytest.approx(hand)
    assert break_years(cd.trends(res, units=["S03"])) == [2022]


def test_heatmap_frame_is_long_with_area_names():
    """A 2 × 2 profile → four rows named "1. Chỉ đạo" …, unit names mapped from ids."""
    profile = pd.DataFrame({"1": [90.0, 70.0], "2": [80.0, np.nan]}, index=pd.Index(["U1", "U2"], name="unit_id"))
    long = heatmap_frame(profile, {"1": "Chỉ đạo", "2": "Thể chế"}, {"U1": "Sở Một", "U2": "Sở Hai"})
    got = {(r.unit_name, r.area_name): r.index for r in long.itertuples()}
    assert set(got) == {
        ("Sở Một", "1. Chỉ đạo"),
        ("Sở Hai", "1. Chỉ đạo"),
        ("Sở Một", "2. Thể chế"),
        ("Sở Hai", "2. Thể chế"),
    }
    assert got[("Sở Hai", "1. Chỉ đạo")] == 70.0 and math.isnan(got[("Sở Hai", "2. Thể chế")])


# --- killed mutants (issue 15, mutation testing): messages, filters, the change table's window ----------


def _problems(err) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_refusals_word_for_word(results):
    with pytest.raises(cd.ValidationError) as err:
        trends(results, units=["Z"])
    assert _problems(err) == [
        ("results", None, "unit_id", "không có đơn vị 'Z' trong kết quả", "unit 'Z' is not in the results")
    ]
    cyclic = results.copy()
    cyclic.loc[cyclic["unit_id"] == "A", "successor_id"] = "G1"
    with pytest.raises(cd.ValidationError) as err:
        trends(cyclic)
    assert _problems(err) == [
        (
            "results",
            None,
            "successor_id",
            "đơn vị kế thừa tạo vòng lặp: A → G1 → A",
            "successors form a cycle: A → G1 → A",
        )
    ]
    with pytest.raises(cd.ValidationError) as err:
        trends(results.drop(columns=["methodology", "band"]))
    assert _problems(err) == [
        ("results", None, "band", "kết quả thiếu cột 'band'", "results lack column 'band'"),
        ("results", None, "methodology", "kết quả thiếu cột 'methodology'", "results lack column 'methodology'"),
    ]
    with pytest.raises(cd.ValidationError) as err:
        area_profile(results, 2019, "Khác")
    assert _problems(err) == [("results", None, "year", "không có kết quả cho 2019, Khác", "no results for 2019, Khác")]
    with pytest.raises(cd.ValidationError) as err:
        area_profile(results, 2030)
    assert _problems(err) == [("results", None, "year", "không có kết quả cho 2030", "no results for 2030")]


def test_area_profile_keeps_one_group_names_its_axis_and_drops_empty_areas(results):
    """A moved to group "H": the G profile of 2019 has the other six units; an area every unit lacks
    (area_9) is left out, one a single unit lacks (area 2 of D) stays with a NaN cell."""
    two = results.assign(area_9=np.nan)
    two.loc[two["unit_id"] == "A", "group"] = "H"
    two.loc[(two["unit_id"] == "D") & (two["year"] == 2019), "area_2"] = np.nan
    p = area_profile(two, 2019, "G")
    assert sorted(p.index) == ["B", "D", "E", "G1", "H", "P"] and list(p.columns) == ["1", "2"]
    assert p.columns.name == "area_id" and math.isnan(p.loc["D", "2"]) and p.loc["D", "1"] == 50.0
    assert area_profile(two, 2019, "H").index.tolist() == ["A"]


def test_trends_of_all_units_flag_predecessor_rows(results):
    """Without units every row is in its final successor's series; rows of B, D, E, P, Q, G1 are predecessors'."""
    t = trends(results)
    assert set(t.loc[t["predecessor"], "unit_id"]) == {"B", "D", "E", "P", "Q", "G1"}
    assert not t.loc[t["unit_id"].isin(["A", "C", "F", "H", "R"]), "predecessor"].any()


def test_rename_to_the_first_unit_id_still_continues_the_line():
    """Z (2019, 12/20 = 60) renamed "A" (2020, 16/20 = 80): A's change is +20 though A sorts first."""
    scores = {(2019, "Z"): (6, 6), (2020, "A"): (8, 8)}
    maxima = {2019: {"1.1": 10, "2.1": 10}, 2020: {"1.1": 10, "2.1": 10}}
    t = trends(cd.compute(dataset(scores, maxima, {"Z": "A"})), units=["A"])
    assert rows(t, "unit_id", "year", "index", "change", "predecessor") == [
        ("Z", 2019, 60.0, None, True),
        ("A", 2020, 80.0, 20.0, False),
    ]


def test_group_mean_counts_units_per_year(results):
    """Group G: 2019 (90+80+70+65+60+50+40)/7 = 65, 2020 (95+85+75+65+55+45)/6 = 70, 2021 (100+90+80+70+60)/5 = 80."""
    got = group_mean(results, "G", YearRange(2019, 2021))
    assert list(got.columns) == ["year", "value_pct", "n"]
    assert got["year"].tolist() == [2019, 2020, 2021] and got["year"].dtype == np.int64
    assert got["value_pct"].tolist() == pytest.approx([65.0, 70.0, 80.0]) and got["n"].tolist() == [7, 6, 5]


def window_frame() -> pd.DataFrame:
    """Series Z (own rows; a break in 2022), then series A absorbing G1 (both scored in 2019), then
    series N whose last rank is missing."""
    rows_ = [
        ("Z", "Z", "Sở Z", 2021, 70.0, 3, 10, "Khá", False, False),
        ("Z", "Z", "Sở Z", 2022, 75.0, 2, 10, "Khá", True, False),
        ("Z", "Z", "Sở Z", 2023, 79.0, 2, 10, "Khá", False, False),
        ("A", "A", "Sở A", 2021, 80.0, 1, 10, "Tốt", False, False),
        ("A", "G1", "Sở G1", 2021, 60.0, 9, 10, "Trung bình", False, True),
        ("A", "A", "Sở A", 2022, 85.0, 1, 10, "Tốt", True, False),
        ("N", "N", "Sở N", 2022, 50.0, 10, 10, "Yếu", False, False),
        ("N", "N", "Sở N", 2023, np.nan, pd.NA, 10, None, False, False),
    ]
    return pd.DataFrame(rows_, columns=SERIES_COLUMNS)


def test_change_table_window_order_and_own_first_year():
    """Series in their order of appearance (Z, A, N). 2022–2023: Z from 2022 (75) to 2023 (79), the
    2022 break is at the start, not inside: 0 breaks. 2021–2022: Z 70 → 75 with the break in its last
    year: 1. A starts from its own 2021 row (80), not from G1's; N's missing last rank reads "–"."""
    late = change_table(window_frame(), YearRange(2022, 2023))
    assert late["series_id"].tolist() == ["Z", "A", "N"]
    z = late.set_index("series_id").loc["Z"]
    assert (z.from_year, z.to_year, z.from_index, z.to_index, z.breaks) == (2022, 2023, 75.0, 79.0, 0)
    assert (z.unit_name, z.to_band, z.to_rank) == ("Sở Z", "Khá", "2/10")
    assert late.set_index("series_id").loc["N", "to_rank"] == "–"
    early = change_table(window_frame(), YearRange(2021, 2022)).set_index("series_id")
    assert early.loc["Z", "breaks"] == 1 and early.loc["Z", "change"] == pytest.approx(5.0)
    a = early.loc["A"]
    assert (a.from_name, a.from_index, a.from_rank, a.from_predecessor, a.change, a.breaks) == (
        "Sở A",
        80.0,
        "1/10",
        False,
        5.0,
        1,
    )
    only_n = change_table(window_frame(), YearRange(2023, 2025))
    assert only_n["series_id"].tolist() == ["Z", "N"]  # A ends in 2022: nothing in the window
    assert change_table(window_frame(), YearRange(2024, 2025)).empty


def test_heatmap_frame_names_an_area_without_a_name_by_its_id():
    profile = pd.DataFrame({"3": [50.0]}, index=pd.Index(["U1"], name="unit_id"))
    long = heatmap_frame(profile, {}, {"U1": "Sở Một"})
    assert long["area_name"].tolist() == ["3. "]


def test_series_are_ordered_by_their_id_not_by_their_first_units():
    """B (renamed Z in 2020) sorts before C, but its series is Z's: C's series comes first."""
    scores = {(2019, "B"): (5, 5), (2019, "C"): (6, 6), (2020, "C"): (7, 7), (2020, "Z"): (8, 8)}
    maxima = {2019: {"1.1": 10, "2.1": 10}, 2020: {"1.1": 10, "2.1": 10}}
    t = trends(cd.compute(dataset(scores, maxima, {"B": "Z"})))
    assert rows(t, "series_id", "unit_id", "year", "change") == [
        ("C", "C", 2019, None),
        ("C", "C", 2020, 10.0),
        ("Z", "B", 2019, None),
        ("Z", "Z", 2020, 30.0),
    ]


def test_area_change_of_one_group_leaves_out_a_unit_that_changed_group(results):
    """A is in group H in 2019 and G in 2020: area_change(…, "G") compares only units of G in both years."""
    moved = results.copy()
    moved.loc[(moved["unit_id"] == "A") & (moved["year"] == 2019), "group"] = "H"
    assert sorted(area_change(moved, 2019, 2020, "G").index) == ["D", "E", "G1"]
    moved.loc[moved["unit_id"] == "A", "group"] = "H"
    moved.loc[(moved["unit_id"] == "A") & (moved["year"] == 2019), "group"] = "G"
    assert sorted(area_change(moved, 2019, 2020, "G").index) == ["D", "E", "G1"]


def test_changes_are_float_columns(results):
    """change is a float column (NaN where there is no previous row), rank_change a nullable integer."""
    t = trends(results, units=["F"])
    assert t["change"].dtype == np.float64 and str(t["rank_change"].dtype) == "Int64"
