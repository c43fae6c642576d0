"""analyses/profile.py against hand-built data: tests/handmade.py's two_years, then many_leaves below."""

from __future__ import annotations

import math
import re

import pytest

import cchc_dash as cd

from .handmade import G, two_years


@pytest.fixture(scope="module")
def data():
    ds = two_years()
    return ds, cd.compute(ds)


def test_headline_figures_and_group_mean(data):
    ds, res = data
    p = cd.profile(res, "B", 2023, ds)
    assert (p.unit_name, p.group, p.score, p.index, p.rank, p.rank_of, p.band) == (
        "Đơn vị B",
        G,
        80.0,
        80.0,
        2,
        3,
        "Tốt",
    )
    assert p.group_mean == pytest.approx((100 + 80 + 70.5) / 3) and not p.tied
    assert cd.profile(res, "B", 2022, ds).tied  # 80 and 80 in 2022


def test_change_since_last_year_follows_lineage(data):
    ds, res = data
    a = cd.profile(res, "A", 2023, ds).previous
    assert (a.year, a.index, a.rank, a.rank_of, a.band, a.change, a.rank_change, a.merged) == (
        2022,
        88.0,
        1,
        4,
        "Tốt",
        12.0,
        0,
        False,
    )
    e = cd.profile(res, "E", 2023, ds).previous
    assert e.merged and e.names == ("Đơn vị C", "Đơn vị D") and math.isnan(e.change) and e.rank is None
    assert cd.profile(res, "A", 2022, ds).previous is None


def test_areas_against_the_group_mean(data):
    """B 2023: area 1 = 32/40 = 80 vs mean (100, 80, 71.25) = 83.75; area 2 = 48/60 = 80 vs (100, 80, 70) = 83.33."""
    ds, res = data
    areas = cd.profile(res, "B", 2023, ds).areas
    assert list(areas["area_id"]) == ["2", "1"]
    assert list(areas["gap"]) == pytest.approx([80 - 250 / 3, 80 - 83.75])
    assert list(areas["area_name"]) == ["Lĩnh vực 2", "Lĩnh vực 1"]


def test_weaknesses_strengths_cuts_and_headroom(data):
    """B 2023 rates vs group: 1.1.2 80 vs 84.67, 2.1.2 77.27 vs 81.82, 1.1.1 80 vs 82.22, 2.1.1 87.5 vs 87.5."""
    ds, res = data
    p = cd.profile(res, "B", 2023, ds)
    assert list(p.weaknesses["item_id"]) == ["1.1.2", "2.1.2", "1.1.1"]
    assert list(p.weaknesses["gap"]) == pytest.approx(
        [80 - 254 / 3, 34 / 44 * 100 - (100 + 3400 / 44 + 3000 / 44) / 3, 80 - (100 + 80 + 200 / 3) / 3]
    )
    assert p.strengths.empty
    assert list(p.cuts["item_id"]) == ["1.1.1"] and list(p.cuts["cut"]) == [3.0]
    assert list(p.headroom["item_id"]) == ["2.1.2", "1.1.2", "1.1.1", "2.1.1"]
    assert list(p.headroom["headroom"]) == [10.0, 5.0, 3.0, 2.0]
    e = cd.profile(res, "E", 2023, ds)
    assert list(e.strengths["item_id"]) == [] and e.weaknesses["item_id"].iloc[0] == "1.1.1"  # 66.7 vs 82.2


def test_without_the_dataset_areas_are_named_by_id_and_items_are_empty(data):
    _, res = data
    p = cd.profile(res, "B", 2023)
    assert list(p.areas["area_name"]) == ["2", "1"] and p.cuts.empty and p.headroom.empty


def test_unknown_unit_or_year_is_refused(data):
    ds, res = data
    with pytest.raises(cd.ValidationError, match=re.escape("unit 'Z' has no result in 2023")):
        cd.profile(res, "Z", 2023, ds)
    with pytest.raises(cd.ValidationError, match=re.escape("unit 'C' has no result in 2023")):
        cd.profile(res, "C", 2023, ds)  # merged away in 2023


# --- a department group with more strengths and weaknesses than the profile shows -----------------
#
# Four areas of 10-point leaves: area 1 = 1.1.1–1.1.6, area 2 = 2.1.1–2.1.6, area 3 = 3.1.1, area 4 = 4.1.1
# (140 points). 2023: X (formed from X1 and X2), Y, Z (Z0 renamed), U (nothing applicable: no index), and a
# district K scoring 1 everywhere (another group: in no mean). Y and Z score the same: with x and y the
# points of X and Y on a leaf, X's rate is 10x, the group's mean rate (10x + 20y) / 3, and X's gap
# (20 / 3)(x − y).
#
#  leaf   Y=Z   X  (x−y  gap)        X self  cut   headroom
#  1.1.1   6    7  (+1   6.67)       10      3     3
#  1.1.2   4   10  (+6   40)         10      0     0
#  1.1.3   6    9  (+3   20)         9.5     0.5   1
#  1.1.4   4    9  (+5   33.33)      8      −1     1
#  1.1.5   6    8  (+2   13.33)      –       –     2
#  1.1.6   6    7  (+1   6.67)       9       2     3
#  2.1.1   8    6  (−2  −13.33)      8       2     4
#  2.1.2   8  7.5  (−0.5 −3.33)      8       0.5   2.5
#  2.1.3   8    2  (−6  −40)         6       4     8
#  2.1.4   8    7  (−1  −6.67)       –       –     3
#  2.1.5   8    3  (−5  −33.33)      4       1     7
#  2.1.6   8    5  (−3  −20)         10      5     5
#  3.1.1   5    5  (0    0)          5       0     5
#  4.1.1   9    not applicable to X
#
# X = 85.5 / 130 = 65.77 %, Y = Z = 94 / 140 = 67.14 % (joint 1st), X 3rd of 3; U is not ranked.
# 2022 (leaves of 20 points then, every leaf the same): X1 10 → 50 %, X2 12 → 60 %, Y 14 → 70 %, Z0 16 → 80 %;
# ranks Z0, Y, X2, X1.
# Bands Tốt ≥ 75, Khá ≥ 60, Yếu.

H = "UBND cấp huyện"
TEN = {"1": [10] * 6, "2": [10] * 6, "3": [10], "4": [10]}
LEAVES = [f"{a}.1.{i}" for a, leaves in TEN.items() for i in range(1, len(leaves) + 1)]


def many_leaves() -> cd.Dataset:
    import pandas as pd

    from .handmade import methodology, scores

    y = dict(zip(LEAVES, [6, 4, 6, 4, 6, 6, 8, 8, 8, 8, 8, 8, 5, 9]))
    x = dict(zip(LEAVES, [7, 10, 9, 9, 8, 7, 6, 7.5, 2, 7, 3, 5, 5, None]))
    x_self = dict(zip(LEAVES, [10, 10, 9.5, 8, None, 9, 8, 8, 6, None, 4, 10, 5, None]))
    x_row = {k: None if x[k] is None else x[k] if x_self[k] is None else (x[k], x_self[k]) for k in LEAVES}
    table_2023 = {"X": x_row, "Y": y, "Z": dict(y), "U": dict.fromkeys(LEAVES)}
    table_2022 = {u: dict.fromkeys(LEAVES, float(v)) for u, v in (("X1", 10), ("X2", 12), ("Y", 14), ("Z0", 16))}
    units = pd.DataFrame(
        [("X1", "Đơn vị X1", G, None, 2022, "X"), ("X2", "Đơn vị X2", G, None, 2022, "X"),
         ("X", "Đơn vị X", G, 2023, None, None), ("Y", "Đơn vị Y", G, None, None, None),
         ("Z0", "Đơn vị Z0", G, None, 2022, "Z"), ("Z", "Đơn vị Z", G, 2023, None, None),
         ("U", "Đơn vị U", G, 2023, None, None), ("K", "Đơn vị K", H, 2023, None, None)],
        columns=["unit_id", "unit_name", "group", "valid_from", "valid_to", "successor_id"])
    scheme = cd.BandScheme.parse("Tốt>=75; Khá>=60; Yếu")
    return cd.Dataset(
        methodology=pd.concat([methodology({a: [20] * len(v) for a, v in TEN.items()}, 2022, G),
                               methodology(TEN, 2023, G), methodology(TEN, 2023, H)], ignore_index=True),
        units=units,
        scores=pd.concat([scores(table_2022, 2022), scores(table_2023, 2023),
                          scores({"K": dict.fromkeys(LEAVES, 1.0)}, 2023)], ignore_index=True),
        bands=pd.concat([scheme.to_frame(2022, G), scheme.to_frame(2023, G), scheme.to_frame(2023, H)],
                        ignore_index=True),
    )


@pytest.fixture(scope="module")
def many():
    ds = many_leaves()
    return ds, cd.compute(ds)


def test_headline_of_a_unit_with_a_leaf_not_applicable(many):
    """X: 85.5 of 130 points; the group mean is over the three ranked units (U has no index), in
    index points (470/7 + 470/7 + 855/13) / 3 and in score points (94 + 94 + 85.5) / 3."""
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert (p.year, p.group, p.unit_id, p.unit_name, p.score, p.max_points, p.rank, p.rank_of, p.band, p.tied) == (
        2023, G, "X", "Đơn vị X", 85.5, 130.0, 3, 3, "Khá", False)
    assert p.index == pytest.approx(855 / 13)
    assert p.group_mean == pytest.approx((470 / 7 * 2 + 855 / 13) / 3)
    assert p.group_mean_score == pytest.approx(273.5 / 3)
    y = cd.profile(res, "Y", 2023, ds)
    assert (y.rank, y.rank_of, y.tied, y.index) == (1, 3, True, pytest.approx(470 / 7))
    u = cd.profile(res, "U", 2023, ds)
    assert (u.rank, u.rank_of, u.score, u.max_points, u.tied, u.previous) == (None, 3, 0.0, 0.0, False, None)
    assert math.isnan(u.index) and u.strengths.empty and u.weaknesses.empty and u.cuts.empty and u.headroom.empty


def test_the_five_largest_strengths_largest_first(many):
    """Six leaves above the mean; the five shown are the largest; 1.1.1 and 1.1.6 tie (6.67) and the
    smaller id is kept. 3.1.1 (gap 0) is in neither list."""
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert list(p.strengths["item_id"]) == ["1.1.2", "1.1.4", "1.1.3", "1.1.5", "1.1.1"]
    assert list(p.strengths["gap"]) == pytest.approx([40, 100 / 3, 20, 40 / 3, 20 / 3])
    assert list(p.strengths["rate"]) == pytest.approx([100, 90, 90, 80, 70])
    assert list(p.strengths["group_rate"]) == pytest.approx([60, 170 / 3, 70, 200 / 3, 190 / 3])
    assert list(p.strengths.columns) == ["item_id", "name_vi", "label", "area_id", "max_points", "score", "self_score",
                                         "rate", "group_rate", "gap", "cut", "headroom"]
    assert p.strengths.loc[0, "name_vi"] == "Tiêu chí thành phần 1.1.2" and p.strengths.loc[0, "area_id"] == "1"
    assert list(p.strengths.index) == [0, 1, 2, 3, 4]
    every = cd.profile(res, "X", 2023, ds, top=20)
    assert list(every.strengths["item_id"]) == ["1.1.2", "1.1.4", "1.1.3", "1.1.5", "1.1.1", "1.1.6"]


def test_the_five_largest_weaknesses_worst_first(many):
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert list(p.weaknesses["item_id"]) == ["2.1.3", "2.1.5", "2.1.6", "2.1.1", "2.1.4"]
    assert list(p.weaknesses["gap"]) == pytest.approx([-40, -100 / 3, -20, -40 / 3, -20 / 3])
    assert list(p.weaknesses.index) == [0, 1, 2, 3, 4]
    for frame in (p.strengths, p.weaknesses, p.cuts, p.headroom):
        assert list(frame.columns) == ["item_id", "name_vi", "label", "area_id", "max_points", "score", "self_score",
                                       "rate", "group_rate", "gap", "cut", "headroom"]
        assert list(frame.index) == list(range(len(frame)))
    assert list(p.weaknesses["max_points"]) == [10.0] * 5  # this year's leaves (20 points in 2022)
    every = cd.profile(res, "X", 2023, ds, top=20)
    assert list(every.weaknesses["item_id"]) == ["2.1.3", "2.1.5", "2.1.6", "2.1.1", "2.1.4", "2.1.2"]
    assert list(cd.profile(res, "X", 2023, ds, top=2).weaknesses["item_id"]) == ["2.1.3", "2.1.5"]


def test_appraisal_cuts_largest_first(many):
    """Self − appraised where positive: a leaf raised by the appraisal (1.1.4, −1), one not cut (1.1.2, 0)
    and one without a self score (1.1.5) are not cuts; ties (1.1.6 and 2.1.1 at 2) by id."""
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert list(p.cuts["item_id"]) == ["2.1.6", "2.1.3", "1.1.1", "1.1.6", "2.1.1"]
    assert list(p.cuts["cut"]) == [5.0, 4.0, 3.0, 2.0, 2.0]
    assert list(p.cuts["self_score"]) == [10.0, 6.0, 10.0, 9.0, 8.0] and list(p.cuts["score"]) == [5, 2, 7, 7, 6]
    every = cd.profile(res, "X", 2023, ds, top=20)
    assert list(every.cuts["item_id"]) == ["2.1.6", "2.1.3", "1.1.1", "1.1.6", "2.1.1", "2.1.5", "1.1.3", "2.1.2"]
    assert list(every.cuts["cut"]) == [5, 4, 3, 2, 2, 1, 0.5, 0.5]


def test_headroom_largest_first(many):
    """Max − appraised where positive (1.1.2 has full marks; 4.1.1 does not apply to X)."""
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert list(p.headroom["item_id"]) == ["2.1.3", "2.1.5", "2.1.6", "3.1.1", "2.1.1"]
    assert list(p.headroom["headroom"]) == [8.0, 7.0, 5.0, 5.0, 4.0]
    every = cd.profile(res, "X", 2023, ds, top=20)
    assert list(every.headroom["item_id"]) == ["2.1.3", "2.1.5", "2.1.6", "3.1.1", "2.1.1", "1.1.1", "1.1.6",
                                               "2.1.4", "2.1.2", "1.1.5", "1.1.3", "1.1.4"]
    assert list(every.headroom["headroom"]) == [8, 7, 5, 5, 4, 3, 3, 3, 2.5, 2, 1, 1]
    y = cd.profile(res, "Y", 2023, ds)  # Y: 10 − 4 on 1.1.2 and 1.1.4, 10 − 5 on 3.1.1, 10 − 6 on four leaves
    assert list(y.headroom["item_id"]) == ["1.1.2", "1.1.4", "3.1.1", "1.1.1", "1.1.3"]
    assert list(y.headroom["headroom"]) == [6.0, 6.0, 5.0, 4.0, 4.0] and y.cuts.empty


def test_areas_of_a_unit_without_one_area(many):
    """X's areas: 1 = 50/60 = 83.33 vs (83.33 + 53.33 + 53.33) / 3 = 63.33; 3 = 50 vs 50; 2 = 30.5/60 = 50.83
    vs (50.83 + 80 + 80) / 3 = 70.28. Area 4 does not apply to X: not listed."""
    ds, res = many
    areas = cd.profile(res, "X", 2023, ds).areas
    assert list(areas.columns) == ["area_id", "area_name", "index", "group_mean", "gap"]
    assert list(areas["area_id"]) == ["1", "3", "2"]
    assert list(areas["area_name"]) == ["Lĩnh vực 1", "Lĩnh vực 3", "Lĩnh vực 2"]
    assert list(areas["index"]) == pytest.approx([250 / 3, 50, 305 / 6])
    assert list(areas["group_mean"]) == pytest.approx([190 / 3, 50, (305 / 6 + 160) / 3])
    assert list(areas["gap"]) == pytest.approx([20, 0, 305 / 6 - (305 / 6 + 160) / 3])
    assert list(areas.index) == [0, 1, 2]
    y = cd.profile(res, "Y", 2023, ds).areas  # 4: 90 vs (90 + 90) / 2 (X has no index there); 3 and 4 tie at 0
    assert list(y["area_id"]) == ["2", "3", "4", "1"]
    assert list(y["gap"]) == pytest.approx([80 - (305 / 6 + 160) / 3, 0, 0, 160 / 3 - 190 / 3])


def test_a_merger_a_rename_and_a_unit_of_its_own(many):
    """X was formed from X1 and X2 (no single previous value); Z continues Z0 (80 → 67.14, 1st → joint 1st);
    Y 70 → 67.14, 2nd → joint 1st (one place up)."""
    ds, res = many
    x = cd.profile(res, "X", 2023, ds).previous
    assert (x.year, x.names, x.rank, x.rank_of, x.band, x.rank_change, x.merged) == (
        2022, ("Đơn vị X1", "Đơn vị X2"), None, None, None, None, True)
    assert math.isnan(x.index) and math.isnan(x.change)
    z = cd.profile(res, "Z", 2023, ds).previous
    assert (z.year, z.names, z.index, z.rank, z.rank_of, z.band, z.rank_change, z.merged) == (
        2022, ("Đơn vị Z0",), 80.0, 1, 4, "Tốt", 0, False)
    assert z.change == pytest.approx(470 / 7 - 80)
    y = cd.profile(res, "Y", 2023, ds).previous
    assert (y.names, y.index, y.rank, y.rank_of, y.band, y.rank_change, y.merged) == (
        ("Đơn vị Y",), 70.0, 2, 4, "Khá", 1, False)
    assert y.change == pytest.approx(470 / 7 - 70)
    assert isinstance(y.rank, int) and isinstance(y.rank_change, int) and isinstance(y.rank_of, int)
    assert cd.profile(res, "X1", 2022, ds).previous is None


def test_the_satisfaction_index_and_its_rank_in_the_group(many):
    """A SIPAS frame by hand: in 2023 X 75.5, Y 80.25 (Z answered nothing valid: NaN); K (another group) 95
    and X1's 2022 row do not count; a component row is not the index."""
    import pandas as pd

    ds, res = many
    sip = pd.DataFrame({"year": [2023, 2023, 2023, 2023, 2022, 2023],
                        "unit_id": ["X", "Y", "Z", "K", "X1", "X"],
                        "level": ["index", "index", "index", "index", "index", "component"],
                        "key": ["index", "index", "index", "index", "index", "Công chức"],
                        "rate": [75.5, 80.25, float("nan"), 95.0, 99.0, 1.0]})
    assert cd.profile(res, "X", 2023, ds, sipas=sip).sipas == (75.5, 2, 2)
    assert cd.profile(res, "Y", 2023, ds, sipas=sip).sipas == (80.25, 1, 2)
    assert cd.profile(res, "Z", 2023, ds, sipas=sip).sipas is None  # surveyed, no index
    assert cd.profile(res, "U", 2023, ds, sipas=sip).sipas is None  # not surveyed
    assert cd.profile(res, "X", 2023, ds, sipas=sip.iloc[0:0]).sipas is None
    assert cd.profile(res, "X", 2023, ds).sipas is None
    assert isinstance(cd.profile(res, "X", 2023, ds, sipas=sip).sipas[1], int)


def test_the_refusals_name_the_unit_and_the_year(many):
    ds, res = many
    with pytest.raises(cd.ValidationError, match=re.escape("unit 'Q' has no result in 2023")) as info:
        cd.profile(res, "Q", 2023, ds)
    assert [(p.source, p.row, p.column, p.message_vi) for p in info.value.problems] == [
        ("profile", None, "unit_id", "đơn vị 'Q' không có kết quả năm 2023")]
    with pytest.raises(cd.ValidationError, match=re.escape("unit 'X1' has no result in 2023")):
        cd.profile(res, "X1", 2023, ds)  # merged into X


def test_a_gap_under_one_point_and_a_leaf_of_one_point():
    """The template's example (tests: io/excel.example_dataset): S01 scores 1 of 1 on 1.1.1 (100 %) and S02
    0.5 (50 %): gap ± 25; 2.1.1: S01 1.8 of 2 (90 %), S02 1.6 (80 %): gap ± 5. Then two units 50.5 and 49.5
    of 100 on one leaf: gaps of ± 0.5 are still a strength and a weakness."""
    from cchc_dash.io.excel import example_dataset

    from .handmade import methodology, scores, units

    ds = example_dataset()
    p = cd.profile(cd.compute(ds), "S01", 2025, ds)
    assert list(p.strengths["item_id"]) == ["1.1.1", "2.1.1"] and list(p.strengths["gap"]) == pytest.approx([25, 5])
    assert list(p.strengths["rate"]) == pytest.approx([100, 90]) and p.weaknesses.empty
    one = cd.Dataset(methodology=methodology({"1": [100]}), units=units(["P", "Q"]),
                     scores=scores({"P": {"1.1.1": 50.5}, "Q": {"1.1.1": 49.5}}))
    res = cd.compute(one)
    assert list(cd.profile(res, "P", 2023, one).strengths["gap"]) == pytest.approx([0.5])
    assert list(cd.profile(res, "Q", 2023, one).weaknesses["gap"]) == pytest.approx([-0.5])


def test_each_sub_criterion_is_named_with_its_criterion(many):
    """Many criteria share sub-criterion names ("Ban hành, triển khai đúng thời hạn"): a list names each
    one "<criterion id> <criterion name> › <id> <name>", from the methodology typed in tests/handmade.py."""
    ds, res = many
    p = cd.profile(res, "X", 2023, ds)
    assert list(p.weaknesses["label"]) == [
        "2.1 Tiêu chí 2.1 › 2.1.3 Tiêu chí thành phần 2.1.3",
        "2.1 Tiêu chí 2.1 › 2.1.5 Tiêu chí thành phần 2.1.5",
        "2.1 Tiêu chí 2.1 › 2.1.6 Tiêu chí thành phần 2.1.6",
        "2.1 Tiêu chí 2.1 › 2.1.1 Tiêu chí thành phần 2.1.1",
        "2.1 Tiêu chí 2.1 › 2.1.4 Tiêu chí thành phần 2.1.4",
    ]
    assert p.cuts.loc[0, "label"] == "2.1 Tiêu chí 2.1 › 2.1.6 Tiêu chí thành phần 2.1.6"


def test_a_leaf_without_a_criterion_is_named_alone():
    from cchc_dash.analyses.profile import item_label

    assert item_label("5.3.1", "Ban hành, triển khai đúng thời hạn", "5.3", "Cải cách chế độ công vụ") == (
        "5.3 Cải cách chế độ công vụ › 5.3.1 Ban hành, triển khai đúng thời hạn"
    )
    assert item_label("9.1", "Khảo sát", "9", float("nan")) == "9.1 Khảo sát"
