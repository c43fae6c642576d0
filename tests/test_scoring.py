"""Scoring rules (DESIGN §3, §5): index, area indices, ranks, bands, self gap, rank_totals.

Every expectation is worked out by hand in the test from the points typed into tiny
hand-made datasets; nothing is recomputed through the package.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.core import scoring
from cchc_dash.core.scoring import add_bands

from .handmade import AREAS, YEAR, G, by_unit, methodology, scores, units

# -- index ---------------------------------------------------------------------------

def test_index_is_points_over_applicable_maximum(five_units):
    """Index = Σ score ÷ Σ max_points over applicable leaves × 100."""
    res = by_unit(cd.compute(five_units))
    assert res.loc["U1", "score"] == pytest.approx(14 + 22 + 15 + 40)
    assert res.loc["U1", "max_points"] == pytest.approx(100)
    assert res.loc["U1", "index"] == pytest.approx(91.0)
    assert res.loc["U3", "index"] == pytest.approx(70.5)
    assert res.loc["U4", "index"] == pytest.approx(100.0)


def test_non_applicable_leaf_leaves_the_denominator(five_units):
    """68.32 points over 84 applicable points → 81.33% (Thanh Hóa, Ban Dân tộc 2023)."""
    u5 = by_unit(cd.compute(five_units)).loc["U5"]
    assert u5["score"] == pytest.approx(68.32)
    assert u5["max_points"] == pytest.approx(100 - 16)
    assert u5["index"] == pytest.approx(68.32 / 84 * 100)
    assert f"{u5['index']:.2f}" == "81.33"


def test_non_applicable_leaf_score_is_ignored_in_the_numerator_too():
    """A score typed on a non-applicable leaf counts neither in points nor in the maximum."""
    sc = scores({"U1": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 8.0, "2.1.2": 40.0}})
    sc.loc[sc["item_id"] == "2.1.1", "applicable"] = False  # score 8 stays in the cell
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(["U1"]), scores=sc)
    u1 = by_unit(cd.compute(ds)).loc["U1"]
    assert u1["score"] == pytest.approx(70.0)
    assert u1["max_points"] == pytest.approx(84.0)
    assert u1["index"] == pytest.approx(70 / 84 * 100)


def test_area_index_columns(five_units):
    """One area_<id> column per area: the area's points over its applicable maximum × 100."""
    res = by_unit(cd.compute(five_units))
    assert {"area_1", "area_2"} <= set(res.columns)
    assert res.loc["U2", "area_1"] == pytest.approx((12 + 20) / 40 * 100)   # 80
    assert res.loc["U2", "area_2"] == pytest.approx((14 + 34) / 60 * 100)   # 80
    assert res.loc["U5", "area_1"] == pytest.approx((12.5 + 20.82) / 40 * 100)  # 83.3
    assert res.loc["U5", "area_2"] == pytest.approx(35 / 44 * 100)          # 2.1.1 not applicable


def test_area_with_no_applicable_leaf_has_no_area_index():
    """An area whose every leaf is not applicable has no area index (NaN), not 0."""
    table = {"U1": {"1.1.1": 15.0, "1.1.2": 20.0, "2.1.1": None, "2.1.2": None},
             "U2": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 8.0, "2.1.2": 22.0}}
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(list(table)), scores=scores(table))
    res = by_unit(cd.compute(ds))
    assert res.loc["U1", "index"] == pytest.approx(35 / 40 * 100)
    assert res.loc["U1", "area_1"] == pytest.approx(35 / 40 * 100)
    assert math.isnan(res.loc["U1", "area_2"])
    assert res.loc["U2", "area_2"] == pytest.approx(30 / 60 * 100)


def test_result_carries_unit_name_and_identity(five_units):
    """Results have one row per (year, group, unit_id) with unit_name."""
    res = cd.compute(five_units)
    assert len(res) == 5
    assert not res.duplicated(["year", "group", "unit_id"]).any()
    assert by_unit(res).loc["U3", "unit_name"] == "Đơn vị U3"
    assert set(res["year"]) == {YEAR} and set(res["group"]) == {G}


# -- ranks ---------------------------------------------------------------------------

def test_rank_best_first_and_rank_of(five_units):
    """Ranks go best first inside (year, group); rank_of counts the ranked units."""
    res = by_unit(cd.compute(five_units))
    # indices: U4 100, U1 91, U5 81.33, U2 80, U3 70.5
    assert {u: int(res.loc[u, "rank"]) for u in res.index} == {"U4": 1, "U1": 2, "U5": 3, "U2": 4, "U3": 5}
    assert set(res["rank_of"]) == {5}


def test_equal_indices_share_a_rank_1_2_2_4():
    """Equal indices share a rank and the next rank is skipped (1, 2, 2, 4)."""
    table = {"A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 34.0},   # 90
             "B": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 40.0},   # 80
             "C": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 24.0},   # 80, other leaves
             "D": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 30.0}}   # 70
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(list(table)), scores=scores(table))
    res = by_unit(cd.compute(ds))
    assert [int(res.loc[u, "rank"]) for u in "ABCD"] == [1, 2, 2, 4]
    assert list(res.loc[list("ABCD"), "rank_of"]) == [4, 4, 4, 4]


def test_rank_of_counts_units_of_each_group_separately():
    """Each (year, group) is ranked on its own; rank_of is that group's count."""
    g2 = "UBND cấp huyện"
    meth = pd.concat([methodology(AREAS), methodology(AREAS, group=g2)], ignore_index=True)
    uu = pd.concat([units(["S1", "S2", "S3"]), units(["H1", "H2"], group=g2)], ignore_index=True)
    full = {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0}
    table = {"S1": {**full, "2.1.2": 4.0},   # 60
             "S2": {**full, "2.1.2": 14.0},  # 70
             "S3": {**full, "2.1.2": 24.0},  # 80
             "H1": {**full, "2.1.2": 34.0},  # 90
             "H2": {**full, "2.1.2": 44.0}}  # 100
    ds = cd.Dataset(methodology=meth, units=uu, scores=scores(table))
    res = by_unit(cd.compute(ds))
    assert [int(res.loc[u, "rank"]) for u in ["S3", "S2", "S1"]] == [1, 2, 3]
    assert [int(res.loc[u, "rank"]) for u in ["H2", "H1"]] == [1, 2]
    assert [int(res.loc[u, "rank_of"]) for u in ["S1", "S2", "S3", "H1", "H2"]] == [3, 3, 3, 2, 2]


def test_summation_noise_does_not_split_a_tie():
    """0.1 + 0.2 and 0.3 + 0 are equal points: the float noise must not split the tie."""
    assert 0.1 + 0.2 != 0.3  # the noise this test is about
    meth = methodology({"1": [0.5, 0.5]})
    table = {"A": {"1.1.1": 0.1, "1.1.2": 0.2},
             "B": {"1.1.1": 0.3, "1.1.2": 0.0},
             "C": {"1.1.1": 0.2, "1.1.2": 0.0}}
    ds = cd.Dataset(methodology=meth, units=units(list(table)), scores=scores(table))
    res = by_unit(cd.compute(ds))
    assert [int(res.loc[u, "rank"]) for u in "ABC"] == [1, 1, 3]


def test_summation_noise_in_totals_does_not_split_a_tie():
    """rank_totals: 30.000000000000004 (0.1+0.2 then ×100) and 30 share rank 1."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["A", "B", "C"],
                          "score": [0.1 + 0.2, 0.3, 0.2], "max_points": [1.0, 1.0, 1.0]})
    res = cd.rank_totals(frame).set_index("unit")
    assert [int(res.loc[u, "rank"]) for u in "ABC"] == [1, 1, 3]


def test_rank_on_the_unrounded_index():
    """84.996 and 85.004 both display as 85,00 but rank 2 and 1 (never round before ranking)."""
    assert f"{84.996:.2f}" == f"{85.004:.2f}" == "85.00"
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["low", "high"], "score": [84.996, 85.004]})
    res = cd.rank_totals(frame, "A>=85; B").set_index("unit")
    assert int(res.loc["high", "rank"]) == 1
    assert int(res.loc["low", "rank"]) == 2
    assert res.loc["low", "index"] == pytest.approx(84.996, abs=1e-12)   # stored unrounded
    assert res.loc["high", "band"] == "A"
    assert res.loc["low", "band"] == "B"


# -- bands ---------------------------------------------------------------------------

def test_band_edge_is_inclusive():
    """85.00 is in "≥85"; 84.999 is not."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["edge", "below", "above"],
                          "score": [85.0, 84.999, 85.001]})
    res = cd.rank_totals(frame, "A>=85; B").set_index("unit")
    assert res.loc["edge", "band"] == "A"
    assert res.loc["below", "band"] == "B"
    assert res.loc["above", "band"] == "A"


@pytest.mark.parametrize("score, max_points", [(76.5, 90.0), (4.59, 5.4)])
def test_band_edge_survives_float_noise(score, max_points):
    """An index equal to 85 in exact arithmetic is in "≥85" even if the float division lands below.

    76.5/90×100 happens to be exactly 85.0 in floats; 4.59/5.4×100 is 84.99999999999999.
    """
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["u"], "score": [score], "max_points": [max_points]})
    res = cd.rank_totals(frame, "A>=85; B")
    assert res["band"].iloc[0] == "A"


def test_band_edge_with_float_noise_in_compute():
    """compute: leaves 2.295 + 2.295 over 2.7 + 2.7 is 85% exactly, 84.99999999999999 in floats."""
    assert (2.295 + 2.295) / (2.7 + 2.7) * 100 < 85  # the noise this test is about
    meth = methodology({"1": [2.7, 2.7]})
    table = {"A": {"1.1.1": 2.295, "1.1.2": 2.295}, "B": {"1.1.1": 2.295, "1.1.2": 2.29}}
    ds = cd.Dataset(methodology=meth, units=units(list(table)), scores=scores(table),
                    bands=cd.BandScheme.parse("A>=85; B").to_frame(YEAR, G))
    res = by_unit(cd.compute(ds))
    assert res.loc["A", "band"] == "A"
    assert res.loc["B", "band"] == "B"


def test_compute_uses_stored_band_scheme(five_units):
    """Without a scheme argument each (year, group) uses ds.bands; the highest band whose minimum ≤ index."""
    res = by_unit(cd.compute(five_units))
    # U4 100, U1 91, U5 81.33, U2 80, U3 70.5 under ≥90 / ≥80 / ≥65 / ≥50 / floor
    assert res.loc[["U4", "U1", "U5", "U2", "U3"], "band"].tolist() == ["Xuất sắc", "Xuất sắc", "Tốt", "Tốt", "Khá"]


def test_compute_scheme_argument_overrides_stored_bands(five_units):
    """A scheme given to compute replaces the stored one for every row."""
    res = by_unit(cd.compute(five_units, scheme="A>=95; B>=75; C"))
    assert res.loc[["U4", "U1", "U5", "U2", "U3"], "band"].tolist() == ["A", "B", "B", "B", "C"]


# -- self gap ------------------------------------------------------------------------

def test_self_gap_sums_over_leaves_with_a_self_score(five_units):
    """self_gap = Σ(self − appraised) over the leaves where the unit gave a self score."""
    res = by_unit(cd.compute(five_units))
    # U1: (15 − 14) + (16 − 15) + (41.5 − 40) = 3.5; leaf 1.1.2 had no self score
    assert res.loc["U1", "self_gap"] == pytest.approx(3.5)


# -- rank_totals -----------------------------------------------------------------------

def test_rank_totals_without_max_points_takes_scores_out_of_100():
    """Without max_points the index is the score itself; ties share a rank (1, 2, 2, 4)."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["a", "b", "c", "d"],
                          "score": [90.0, 80.5, 80.5, 70.25]})
    res = cd.rank_totals(frame, "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu").set_index("unit")
    assert res["index"].tolist() == pytest.approx([90.0, 80.5, 80.5, 70.25])
    assert [int(r) for r in res["rank"]] == [1, 2, 2, 4]
    assert res["rank_of"].tolist() == [4, 4, 4, 4]
    assert res["band"].tolist() == ["Xuất sắc", "Tốt", "Tốt", "Khá"]


def test_rank_totals_with_max_points():
    """With max_points the index is score ÷ max_points × 100; ranking follows the index, not points."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["Ban Dân tộc", "Sở X"],
                          "score": [68.32, 75.0], "max_points": [84.0, 100.0]})
    res = cd.rank_totals(frame).set_index("unit")
    assert res.loc["Ban Dân tộc", "index"] == pytest.approx(68.32 / 84 * 100)
    assert int(res.loc["Ban Dân tộc", "rank"]) == 1   # 81.33% beats 75% despite fewer points
    assert int(res.loc["Sở X", "rank"]) == 2


def test_rank_totals_ranks_each_year_and_group_apart():
    """rank_totals ranks inside (year, group)."""
    frame = pd.DataFrame({"year": [2022, 2022, 2023, 2023, 2023], "group": [G, G, G, G, "UBND cấp huyện"],
                          "unit": ["a", "b", "a", "b", "h"], "score": [70.0, 80.0, 90.0, 60.0, 50.0]})
    res = cd.rank_totals(frame)
    got = {(y, u): (int(r), int(n)) for y, u, r, n in zip(res["year"], res["unit"], res["rank"], res["rank_of"])}
    assert got == {(2022, "a"): (2, 2), (2022, "b"): (1, 2), (2023, "a"): (1, 2), (2023, "b"): (2, 2),
                   (2023, "h"): (1, 1)}


def _totals(**override) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "year": YEAR,
            "group": G,
            "unit": ["a", "b", "c"],
            "score": [70.0, 80.0, 60.0],
            "max_points": [100.0, 100.0, 84.0],
        }
    )
    for col, (row, value) in override.items():
        frame[col] = frame[col].astype(object)
        frame.loc[row, col] = value
    return frame


@pytest.mark.parametrize(
    "frame, column, row",
    [
        pytest.param(_totals(score=(2, 84.5)), "score", 2, id="score above max_points"),
        pytest.param(_totals(score=(1, -0.5)), "score", 1, id="negative score"),
        pytest.param(_totals(score=(1, "tám")), "score", 1, id="text in score"),
        pytest.param(_totals(unit=(2, "a")), "unit", 2, id="duplicate unit"),
    ],
)
def test_rank_totals_rejects_bad_rows(frame, column, row):
    """Bad totals raise cd.ValidationError naming the column and the row (never clipped)."""
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert [(p.column, p.row) for p in err.value.problems] == [(column, row)]


def test_rank_totals_rejects_score_above_100_without_max_points():
    """Without max_points a score above 100 is out of range."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["a", "b"], "score": [99.0, 100.5]})
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert [(p.column, p.row) for p in err.value.problems] == [("score", 1)]


def test_rank_totals_rejects_missing_column():
    """A missing column is named (no row: the whole column is absent)."""
    frame = pd.DataFrame({"year": YEAR, "group": G, "unit": ["a", "b"], "points": [70.0, 80.0]})
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert [(p.column, p.row) for p in err.value.problems] == [("score", None)]
    assert "score" in err.value.problems[0].message_en and "score" in err.value.problems[0].message_vi


def test_rank_totals_reports_every_bad_row_at_once():
    """Several bad rows are all reported in one ValidationError."""
    frame = _totals(score=(0, -1.0))
    frame.loc[2, "score"] = 90.0  # above 84
    frame.loc[1, "unit"] = "a"  # duplicate of row 0
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert sorted((p.column, p.row) for p in err.value.problems) == [("score", 0), ("score", 2), ("unit", 1)]


# -- edge cases found in review --------------------------------------------------------


def test_unit_with_only_non_applicable_leaves_keeps_a_row_without_rank():
    """A unit scored only "không áp dụng" is not silently dropped: index NaN, no rank, not in rank_of."""
    table = {
        "U1": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 8.0, "2.1.2": 30.0},
        "U2": {"1.1.1": None, "1.1.2": None, "2.1.1": None, "2.1.2": None},
    }
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(list(table)), scores=scores(table))
    res = by_unit(cd.compute(ds))
    assert set(res.index) == {"U1", "U2"}
    assert math.isnan(res.loc["U2", "index"]) and pd.isna(res.loc["U2", "rank"])
    assert res.loc["U1", "rank_of"] == 1 and res.loc["U2", "max_points"] == 0


def test_unknown_scheme_name_is_an_error(five_units):
    """compute(scheme_name=typo) must not silently leave every unit without a band."""
    with pytest.raises(cd.ValidationError, match="Tỉnh X"):
        cd.compute(five_units, scheme_name="Tỉnh X")


def test_rank_totals_normalises_groups_and_rejects_blanks():
    """An NFD group ranks with its NFC spelling; blank units and zero maxima are named precisely."""
    import unicodedata

    frame = pd.DataFrame(
        {"year": YEAR, "group": ["Sở", unicodedata.normalize("NFD", "Sở")], "unit": ["a", "b"], "score": [70.0, 80.0]}
    )
    res = cd.rank_totals(frame)
    assert res["rank_of"].tolist() == [2, 2]
    bad = _totals(unit=(1, None), max_points=(2, 0.0))
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(bad)
    assert {(p.column, p.row) for p in err.value.problems} == {("unit", 1), ("max_points", 2)}


def test_rank_totals_rejects_a_fractional_year():
    """2024.5 is not a year: a ValidationError, not a TypeError."""
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(_totals(year=(0, 2024.5)))
    assert [(p.column, p.row) for p in err.value.problems] == [("year", 0)]


# -- the prepared engine: evaluate and update (what-if) ------------------------------------
# five_units by hand: U4 100, U1 91, U5 68.32/84 = 81.33, U2 80, U3 70.5.


def engine_results(engine, ev) -> pd.DataFrame:
    return by_unit(engine.results(ev))


def test_engine_evaluate_gives_compute_results(five_units):
    engine = cd.prepare(five_units)
    res = engine_results(engine, engine.evaluate())
    assert res.loc["U5", "index"] == pytest.approx(68.32 / 84 * 100)
    assert {u: int(res.loc[u, "rank"]) for u in res.index} == {"U4": 1, "U1": 2, "U5": 3, "U2": 4, "U3": 5}
    assert res.loc["U2", "band"] == "Tốt" and res.loc["U3", "band"] == "Khá"


def test_update_one_score_moves_index_rank_and_band(five_units):
    """U3 gets 44 instead of 30 on 2.1.2: 70.5 + 14 = 84.5 → passes U2 (80) and U5 (81.33), rank 3, Tốt."""
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    row = engine.row_of(YEAR, "U3", "2.1.2")
    new = engine_results(engine, engine.update(base, [row], [44.0]))
    assert new.loc["U3", "score"] == pytest.approx(84.5)
    assert new.loc["U3", "index"] == pytest.approx(84.5)
    assert new.loc["U3", "area_2"] == pytest.approx((12 + 44) / 60 * 100)
    assert {u: int(new.loc[u, "rank"]) for u in new.index} == {"U4": 1, "U1": 2, "U3": 3, "U5": 4, "U2": 5}
    assert new.loc["U3", "band"] == "Tốt"
    # the base evaluation is left as it was
    assert engine_results(engine, base).loc["U3", "index"] == pytest.approx(70.5)


def test_update_applicability_changes_the_denominator(five_units):
    """U5's 2.1.1 made applicable with 8 of 16 points: 76.32 / 100."""
    engine = cd.prepare(five_units)
    row = engine.row_of(YEAR, "U5", "2.1.1")
    new = engine_results(engine, engine.update(engine.evaluate(), [row], [8.0], applicable=[True]))
    assert new.loc["U5", "max_points"] == pytest.approx(100)
    assert new.loc["U5", "index"] == pytest.approx(76.32)
    assert int(new.loc["U5", "rank"]) == 4  # below U2's 80 now


def test_update_keeps_the_self_gap_right(five_units):
    """U1 self-scored 1.1.1 (15), 2.1.1 (16), 2.1.2 (41.5); appraisal 14 + 15 + 40: gap 3.5.
    Raising 1.1.1's appraisal to 15 leaves a gap of 2.5; marking it not applicable removes it: 2.5."""
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    row = engine.row_of(YEAR, "U1", "1.1.1")
    assert engine_results(engine, base).loc["U1", "self_gap"] == pytest.approx(3.5)
    assert engine_results(engine, engine.update(base, [row], [15.0])).loc["U1", "self_gap"] == pytest.approx(2.5)
    assert engine_results(engine, engine.update(base, [row], [14.0], applicable=[False])).loc[
        "U1", "self_gap"
    ] == pytest.approx(2.5)


def test_update_re_ranks_only_the_changed_group():
    """A change in one (year, group) re-ranks that group only; the other's arrays are untouched."""
    g2 = "UBND cấp huyện"
    meth = pd.concat([methodology(AREAS), methodology(AREAS, group=g2)], ignore_index=True)
    uu = pd.concat([units(["S1", "S2"]), units(["H1", "H2"], group=g2)], ignore_index=True)
    full = {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0}
    table = {
        "S1": {**full, "2.1.2": 4.0},
        "S2": {**full, "2.1.2": 14.0},  # 60, 70
        "H1": {**full, "2.1.2": 34.0},
        "H2": {**full, "2.1.2": 44.0},
    }  # 90, 100
    engine = cd.prepare(cd.Dataset(methodology=meth, units=uu, scores=scores(table)))
    base = engine.evaluate()
    ev = engine.update(base, [engine.row_of(YEAR, "S1", "2.1.2")], [24.0])  # S1: 80 → first of its group
    assert [engine.groups.loc[g, "group"] for g in ev.regrouped] == [G]
    res = engine_results(engine, ev)
    assert [int(res.loc[u, "rank"]) for u in ["S1", "S2", "H2", "H1"]] == [1, 2, 1, 2]
    h = engine.slots.index[engine.slots["group"] == g2]
    assert np.array_equal(ev.rank[h], base.rank[h])


def test_evaluate_a_whole_score_vector_equals_a_new_dataset(five_units):
    """Every score halved: the same results as a Dataset built from the halved scores."""
    engine = cd.prepare(five_units)
    res = engine.results(engine.evaluate(engine.score / 2))
    halved = five_units.scores.assign(score=five_units.scores["score"] / 2)
    again = cd.compute(
        cd.Dataset(
            methodology=five_units.methodology,
            units=five_units.units,
            scores=halved.drop(columns="group"),
            bands=five_units.bands,
        )
    )
    pd.testing.assert_frame_equal(res, again)
    assert by_unit(res).loc["U4", "index"] == pytest.approx(50.0)


def test_rows_summed_a_few_at_a_time_give_the_hand_figures(five_units, monkeypatch):
    """The engine sums score rows CHUNK_ROWS at a time (national data); chunks of 3 rows cut
    through every unit's 4 leaves, and totals, area indices and self gaps stay those worked by hand,
    for the data's own scores and for a second score vector summed with the kept maxima."""
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 3)
    engine = cd.prepare(five_units)
    res = engine_results(engine, engine.evaluate())
    assert res.loc["U1", "score"] == pytest.approx(91.0) and res.loc["U1", "max_points"] == pytest.approx(100)
    assert res.loc["U5", "max_points"] == pytest.approx(84) and res.loc["U5", "score"] == pytest.approx(68.32)
    assert res.loc["U2", "area_1"] == pytest.approx(80) and res.loc["U2", "area_2"] == pytest.approx(80)
    assert res.loc["U5", "area_2"] == pytest.approx(35 / 44 * 100)
    assert res.loc["U1", "self_gap"] == pytest.approx(3.5)
    halved = engine_results(engine, engine.evaluate(engine.score / 2))
    assert halved.loc["U1", "score"] == pytest.approx(45.5) and halved.loc["U1", "max_points"] == pytest.approx(100)
    assert halved.loc["U5", "area_2"] == pytest.approx(17.5 / 44 * 100)
    assert halved.loc["U1", "self_gap"] == pytest.approx((15 + 16 + 41.5) - (14 + 15 + 40) / 2)


@pytest.mark.parametrize("value", [-0.5, 25.5])
def test_engine_refuses_a_score_outside_its_leaf(five_units, value):
    """2.1.1 has 16 points at most: 25.5 and −0.5 are refused, naming the unit, year and item."""
    engine = cd.prepare(five_units)
    row = engine.row_of(YEAR, "U2", "2.1.1")
    with pytest.raises(cd.ValidationError) as exc:
        engine.update(engine.evaluate(), [row], [value])
    text = str(exc.value)
    assert "U2" in text and "2.1.1" in text and str(YEAR) in text and "[0, 16]" in text
    vector = engine.score.copy()
    vector[row] = value
    with pytest.raises(cd.ValidationError):
        engine.evaluate(vector)


def test_engine_refuses_unknown_rows_and_repeated_rows(five_units):
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    assert engine.row_of(YEAR, "U9", "1.1.1") is None and engine.row_of(YEAR + 1, "U1", "1.1.1") is None
    with pytest.raises(cd.ValidationError):
        engine.update(base, [len(engine.score)], [1.0])
    row = engine.row_of(YEAR, "U1", "1.1.1")
    with pytest.raises(cd.ValidationError):
        engine.update(base, [row, row], [1.0, 2.0])


def test_with_schemes_bands_one_group_differently(five_units):
    """Tốt ≥ 85 instead of ≥ 80: U5 (81.33) and U2 (80) fall to Khá; ranks do not change."""
    engine = cd.prepare(five_units).with_schemes(
        {(YEAR, G): cd.BandScheme.parse("Xuất sắc>=90; Tốt>=85; Khá>=65; Yếu")}
    )
    res = engine_results(engine, engine.evaluate())
    assert res.loc["U5", "band"] == "Khá" and res.loc["U2", "band"] == "Khá" and res.loc["U1", "band"] == "Xuất sắc"
    with pytest.raises(cd.ValidationError):
        engine.with_schemes({(YEAR + 5, G): None})


def test_update_removing_the_only_self_score_leaves_no_gap():
    """U1 self-scored only 1.1.1 (15 vs 14 appraised): gap 1; that leaf made not applicable: no gap (NaN)."""
    table = {"U1": {"1.1.1": (14.0, 15.0), "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 40.0}}
    engine = cd.prepare(cd.Dataset(methodology=methodology(AREAS), units=units(["U1"]), scores=scores(table)))
    base = engine.evaluate()
    assert engine_results(engine, base).loc["U1", "self_gap"] == pytest.approx(1.0)
    ev = engine.update(base, [engine.row_of(YEAR, "U1", "1.1.1")], [14.0], applicable=[False])
    assert math.isnan(engine_results(engine, ev).loc["U1", "self_gap"])


@pytest.mark.parametrize(
    "call",
    [
        lambda ds: cd.compute(ds, 123),
        lambda ds: cd.compute(ds, ["Tốt>=80"]),
        lambda ds: cd.rank_totals([("2024", "G", "A", 80)]),
    ],
)
def test_a_wrong_kind_of_argument_is_a_validation_error_not_an_attribute_error(five_units, call):
    with pytest.raises(cd.ValidationError) as err:
        call(five_units)
    assert "not int" in str(err.value) or "not list" in str(err.value)


# -- killed mutants (issue 15, mutation testing): paths and messages no test reached ------------------


def _problems(err) -> list[tuple]:
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_evaluate_with_another_applicability_re_sums_maxima_areas_and_self_gap(five_units):
    """U1's 2.1.1 (15 of 16, self 16) made not applicable in a whole vector: points 14 + 22 + 40 = 76
    of 15 + 25 + 44 = 84; area 2 = 40 / 44; self gap (15 − 14) + (41.5 − 40) = 2.5, self total 78.5."""
    engine = cd.prepare(five_units)
    applicable = engine.applicable.copy()
    applicable[engine.row_of(YEAR, "U1", "2.1.1")] = False
    res = engine_results(engine, engine.evaluate(applicable=applicable))
    u1 = res.loc["U1"]
    assert (u1["score"], u1["max_points"]) == (pytest.approx(76.0), pytest.approx(84.0))
    assert u1["index"] == pytest.approx(76 / 84 * 100)
    assert (u1["area_1"], u1["area_2"]) == (pytest.approx(90.0), pytest.approx(40 / 44 * 100))
    assert u1["self_gap"] == pytest.approx(2.5) and u1["self_score"] == pytest.approx(78.5)
    # the other units are as in the data: U5 68.32 / 84, U2 80, no self score anywhere else
    assert res.loc["U5", "max_points"] == pytest.approx(84.0) and res.loc["U2", "index"] == pytest.approx(80.0)
    assert res.loc[["U2", "U3", "U4", "U5"], "self_gap"].isna().all()
    assert {u: int(res.loc[u, "rank"]) for u in res.index} == {"U4": 1, "U1": 2, "U5": 3, "U2": 4, "U3": 5}


def test_evaluate_with_doubled_maxima_halves_every_index_and_moves_bands(five_units):
    """Every leaf worth twice as much: U4 100 → 50 (Trung bình), U1 45.5, U2 40, U5 68.32 / 168 = 40.67,
    U3 35.25 (all Yếu); area 1 of U2 = 32 / 80 = 40; U1's self total 91 + 3.5 = 94.5."""
    engine = cd.prepare(five_units)
    res = engine_results(engine, engine.evaluate(max_points=engine.row_max * 2))
    assert res.loc["U1", "max_points"] == pytest.approx(200.0) and res.loc["U5", "max_points"] == pytest.approx(168.0)
    assert res.loc[["U4", "U1", "U2", "U3"], "index"].tolist() == pytest.approx([50.0, 45.5, 40.0, 35.25])
    assert res.loc["U5", "index"] == pytest.approx(68.32 / 168 * 100)
    assert res.loc["U2", "area_1"] == pytest.approx(40.0) and res.loc["U5", "area_2"] == pytest.approx(35 / 88 * 100)
    assert res.loc["U4", "band"] == "Trung bình" and set(res.loc[["U1", "U2", "U3", "U5"], "band"]) == {"Yếu"}
    assert res.loc["U1", "self_score"] == pytest.approx(94.5)
    assert {u: int(res.loc[u, "rank"]) for u in res.index} == {"U4": 1, "U1": 2, "U5": 3, "U2": 4, "U3": 5}


def test_a_score_of_zero_is_accepted_everywhere(five_units):
    """0 is inside [0, max]: U3's 2.1.2 set to 0 gives 40.5; a whole vector of zeros gives 0 for all."""
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    new = engine_results(engine, engine.update(base, [engine.row_of(YEAR, "U3", "2.1.2")], [0.0]))
    assert new.loc["U3", "index"] == pytest.approx(40.5) and new.loc["U3", "band"] == "Yếu"
    zeros = engine_results(engine, engine.evaluate(np.zeros(len(engine.score))))
    assert zeros["index"].tolist() == [0.0] * 5 and [int(r) for r in zeros["rank"]] == [1] * 5
    totals = cd.rank_totals(
        pd.DataFrame({"year": YEAR, "group": G, "unit": ["a", "b"], "score": [0.0, 84.0], "max_points": [100.0, 84.0]})
    ).set_index("unit")
    assert totals["index"].tolist() == pytest.approx([0.0, 100.0])


def test_engine_messages_name_the_problem_in_both_languages(five_units):
    """Every refusal of evaluate / update / with_schemes, word for word (five_units has 20 score rows)."""
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    with pytest.raises(cd.ValidationError) as err:
        engine.evaluate(np.zeros(19))
    assert _problems(err) == [
        ("scores", None, None, "cần 20 giá trị, một cho mỗi dòng điểm", "20 values are needed, one per score row")
    ]
    with pytest.raises(cd.ValidationError) as err:
        engine.update(base, [20], [1.0])
    assert _problems(err) == [("scores", None, None, "dòng điểm không tồn tại", "no such score row")]
    with pytest.raises(cd.ValidationError) as err:
        engine.update(base, [-1], [1.0])
    assert _problems(err) == [("scores", None, None, "dòng điểm không tồn tại", "no such score row")]
    with pytest.raises(cd.ValidationError) as err:
        engine.update(base, [3, 3], [1.0, 2.0])
    assert _problems(err) == [
        ("scores", None, None, "một dòng điểm được thay đổi hai lần", "a score row is changed twice")
    ]
    with pytest.raises(cd.ValidationError) as err:
        engine.update(base, [3, 4], [1.0])
    assert _problems(err) == [
        ("scores", None, None, "số dòng và số giá trị khác nhau", "rows and values differ in number")
    ]
    with pytest.raises(cd.ValidationError) as err:
        engine.with_schemes({(2030, G): None})
    assert _problems(err) == [
        ("scores", None, None, f"không có kết quả cho năm 2030, khối '{G}'", f"no results for 2030, group '{G}'")
    ]
    row = engine.row_of(YEAR, "U2", "2.1.1")
    with pytest.raises(cd.ValidationError) as err:
        engine.update(base, [row], [25.5])
    assert _problems(err) == [
        (
            "scores",
            row,
            "score",
            "điểm 25,5 của U2 năm 2023, tiêu chí '2.1.1' nằm ngoài [0; 16]",
            "score 25.5 of U2 in 2023, item '2.1.1' is outside [0, 16]",
        )
    ]


def test_update_keeps_scores_and_applicability_of_the_new_evaluation(five_units):
    """The evaluation update returns carries the changed vectors: a second update builds on the first."""
    engine = cd.prepare(five_units)
    r1, r2 = engine.row_of(YEAR, "U3", "2.1.2"), engine.row_of(YEAR, "U3", "1.1.1")
    first = engine.update(engine.evaluate(), [r1], [44.0])  # U3 84.5
    second = engine.update(first, [r2], [0.0], applicable=[False])  # 84.5 − 10 over 100 − 15
    assert first.score[r1] == 44.0 and not second.applicable[r2]
    res = engine_results(engine, second)
    assert res.loc["U3", "score"] == pytest.approx(74.5) and res.loc["U3", "max_points"] == pytest.approx(85.0)
    assert res.loc["U3", "area_1"] == pytest.approx(18.5 / 25 * 100)
    assert res.loc["U3", "index"] == pytest.approx(74.5 / 85 * 100)


def test_more_than_twenty_bad_scores_list_the_first_twenty():
    """Six units × four leaves all at 99 (above every leaf's maximum): 24 rows out of range, 20 named."""
    table = {u: {"1.1.1": 1.0, "1.1.2": 1.0, "2.1.1": 1.0, "2.1.2": 1.0} for u in ["A", "B", "C", "D", "E", "F"]}
    engine = cd.prepare(cd.Dataset(methodology=methodology(AREAS), units=units(list(table)), scores=scores(table)))
    with pytest.raises(cd.ValidationError) as err:
        engine.evaluate(np.full(24, 99.0))
    assert [p.row for p in err.value.problems] == list(range(20))


def test_add_bands_takes_each_year_and_groups_stored_scheme():
    """Without a scheme: (2023, G) under "A>=80; B", (2024, G) under "A>=90; B", (2023, H) has none (NaN);
    with two schemes stored for (2023, G), scheme_name picks one."""
    h = "UBND cấp huyện"
    bands = pd.concat(
        [
            cd.BandScheme.parse("A>=80; B").to_frame(2023, G).assign(scheme="tỉnh"),
            cd.BandScheme.parse("Cao>=85; Thấp").to_frame(2023, G).assign(scheme="khác"),
            cd.BandScheme.parse("A>=90; B").to_frame(2024, G).assign(scheme="tỉnh"),
        ],
        ignore_index=True,
    )
    frame = pd.DataFrame(
        {
            "year": [2024, 2023, 2023, 2024, 2023],
            "group": [G, G, G, G, h],
            "unit": ["p", "q", "r", "s", "t"],
            "index": [85.0, 85.0, 75.0, 95.0, 99.0],
        }
    )
    got = add_bands(frame, bands=bands)
    assert got["band"].tolist()[:4] == ["B", "A", "B", "A"] and pd.isna(got["band"].iloc[4])
    assert list(got.index) == [0, 1, 2, 3, 4] and "band" not in frame.columns
    named = add_bands(frame, bands=bands, scheme_name="khác")
    assert named["band"].tolist()[1:3] == ["Cao", "Thấp"] and named["band"].iloc[[0, 3, 4]].isna().all()
    empty = add_bands(frame, bands=bands.iloc[:0])
    assert empty["band"].isna().all() and len(empty) == 5


def test_a_changed_copy_with_other_scores_is_validated_again(five_units):
    """A copy with U3's rows dropped and U3 listed as not assessed → four units ranked; a score above
    its leaf's maximum in the replacement is refused as a problem of the scores file."""
    ds = five_units.replace(scores=five_units.scores[five_units.scores["unit_id"] != "U3"].reset_index(drop=True),
                            not_assessed=pd.DataFrame({"year": [YEAR], "unit_id": ["U3"], "reason": ["sáp nhập"]}))
    res = by_unit(cd.compute(ds))
    assert sorted(res.index) == ["U1", "U2", "U4", "U5"] and set(res["rank_of"]) == {4}
    bad = ds.scores.copy()
    bad.loc[(bad["unit_id"] == "U2") & (bad["item_id"] == "1.1.1"), "score"] = 30.0  # max 15
    with pytest.raises(cd.ValidationError) as err:
        ds.replace(scores=bad[bad["unit_id"] != "U4"].reset_index(drop=True),
                   not_assessed=pd.DataFrame({"year": [YEAR, YEAR], "unit_id": ["U3", "U4"], "reason": ["a", "b"]}))
    assert [(p.source, p.column) for p in err.value.problems] == [("scores", "score")]


def test_areas_are_ordered_naturally_2_before_10():
    """Areas 1, 2, 10 give columns area_1, area_2, area_10 in that order (not 1, 10, 2)."""
    meth = methodology({"10": [10.0], "2": [20.0], "1": [70.0]})
    table = {"U1": {"10.1.1": 5.0, "2.1.1": 10.0, "1.1.1": 35.0}}
    ds = cd.Dataset(methodology=meth, units=units(["U1"]), scores=scores(table))
    res = cd.compute(ds)
    assert [c for c in res.columns if c.startswith("area_")] == ["area_1", "area_2", "area_10"]
    assert res[["area_1", "area_2", "area_10"]].iloc[0].tolist() == pytest.approx([50.0, 50.0, 50.0])
    assert res["index"].iloc[0] == pytest.approx(50.0)


def test_results_carry_successor_and_methodology_and_typed_ranks():
    """successor_id comes from units; the methodology fingerprint is one per (year, group) and differs
    when the maxima differ; rank is nullable Int64 (NA for a unit without index), rank_of an int."""
    g2 = "UBND cấp huyện"
    meth = pd.concat([methodology(AREAS), methodology({"1": [50, 50]}, group=g2)], ignore_index=True)
    uu = pd.concat([units(["S1", "S2"]), units(["H1"], group=g2)], ignore_index=True)
    uu["successor_id"] = ["S2", None, None]
    table = {
        "S1": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": None, "2.1.2": None},
        "S2": {"1.1.1": None, "1.1.2": None, "2.1.1": None, "2.1.2": None},
        "H1": {"1.1.1": 20.0, "1.1.2": 30.0},
    }
    res = by_unit(cd.compute(cd.Dataset(methodology=meth, units=uu, scores=scores(table))))
    assert res.loc["S1", "successor_id"] == "S2" and pd.isna(res.loc["S2", "successor_id"])
    assert res["methodology"].notna().all()
    assert res.loc["S1", "methodology"] == res.loc["S2", "methodology"] != res.loc["H1", "methodology"]
    assert str(res["rank"].dtype) == "Int64" and res["rank_of"].dtype.kind == "i"
    assert int(res.loc["S1", "rank"]) == 1 and res.loc["S2", "rank"] is pd.NA and int(res.loc["H1", "rank"]) == 1
    assert list(res.index) == ["S1", "S2", "H1"]  # groups sorted ("Sở…" < "UBND…"), then rank, unranked last
    assert list(range(len(res))) == list(cd.compute(cd.Dataset(methodology=meth, units=uu, scores=scores(table))).index)


def test_unknown_scheme_name_lists_the_known_ones(five_units):
    """The message names the typo and the schemes stored (five_units stores one, named by BandScheme)."""
    known = ", ".join(map(str, five_units.bands["scheme"].unique()))
    with pytest.raises(cd.ValidationError) as err:
        cd.compute(five_units, scheme_name="Tỉnh X")
    assert _problems(err) == [
        (
            "bands",
            None,
            "scheme",
            f"không có thang xếp loại 'Tỉnh X' (có: {known})",
            f"no band scheme 'Tỉnh X' (known: {known})",
        )
    ]


def test_rank_totals_messages_word_for_word():
    """Each refusal of rank_totals names file, row, column and the problem in both languages."""
    frame = pd.DataFrame(
        {
            "year": [YEAR, YEAR, YEAR, YEAR, YEAR],
            "group": [G, G, None, G, G],
            "unit_id": ["a", "b", "c", None, "a"],
            "score": [0.8, 50.0, 10.0, 10.0, 10.0],
            "max_points": [0.5, 0.0, 100.0, 100.0, 100.0],
        }
    )
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame)
    assert sorted(_problems(err), key=lambda p: (p[1], p[2])) == [
        ("totals", 0, "score", "điểm 0,8 nằm ngoài [0; 0,5]", "score 0.8 is outside [0, 0.5]"),
        ("totals", 1, "max_points", "điểm tối đa 0 phải lớn hơn 0", "maximum points 0 must be above 0"),
        ("totals", 2, "group", "ô trống", "blank cell"),
        ("totals", 3, "unit_id", "ô trống", "blank cell"),
        ("totals", 4, "unit_id", "đơn vị 'a' bị trùng", "duplicate unit 'a'"),
    ]
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals([1, 2])
    assert _problems(err) == [
        ("totals", None, None, "cần một bảng (DataFrame), không phải list", "a table (DataFrame) is needed, not list")
    ]
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(pd.DataFrame({"year": [YEAR, None], "group": G, "unit": ["a", "b"], "score": [1.0, None]}))
    assert sorted((p.row, p.column) for p in err.value.problems) == [(1, "score"), (1, "year")]


@pytest.mark.parametrize("column", ["unit_id", "unit_name"])
def test_rank_totals_takes_unit_id_or_unit_name_as_the_unit(column):
    """Without a unit column, unit_id or unit_name names the units (and their duplicates)."""
    frame = pd.DataFrame({"year": YEAR, "group": G, column: ["x", "y"], "score": [60.0, 70.0]}, index=[10, 20])
    res = cd.rank_totals(frame, "A>=65; B")
    assert res[column].tolist() == ["x", "y"] and [int(r) for r in res["rank"]] == [2, 1]
    assert res["band"].tolist() == ["B", "A"] and list(res.index) == [0, 1] and "index" in res.columns
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame.assign(**{column: ["x", "x"]}))
    assert [(p.row, p.column) for p in err.value.problems] == [(1, column)]
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(frame.drop(columns=column))
    assert [(p.column, p.row) for p in err.value.problems] == [("unit", None)]


def test_update_leaves_the_other_units_and_the_gap_of_leaves_without_self_score(five_units):
    """U1's 1.1.2 (no self score) 22 → 25: U1 94 points, gap still 3.5 (self total 97.5); every other
    unit's totals are untouched (U3 70.5, U5 68.32 of 84), and a change of applicability alone keeps the score."""
    engine = cd.prepare(five_units)
    base = engine.evaluate()
    ev = engine.update(base, [engine.row_of(YEAR, "U1", "1.1.2")], [25.0])
    res = engine_results(engine, ev)
    assert res.loc["U1", "score"] == pytest.approx(94.0) and res.loc["U1", "max_points"] == pytest.approx(100.0)
    assert res.loc["U1", "self_gap"] == pytest.approx(3.5) and res.loc["U1", "self_score"] == pytest.approx(97.5)
    assert res.loc["U1", "area_1"] == pytest.approx(39 / 40 * 100) and res.loc["U1", "area_2"] == pytest.approx(
        55 / 60 * 100
    )
    assert res.loc["U3", "score"] == pytest.approx(70.5) and res.loc["U5", "max_points"] == pytest.approx(84.0)
    assert res.loc["U2", "area_1"] == pytest.approx(80.0) and res.loc[["U2", "U3", "U4", "U5"], "self_gap"].isna().all()
    assert list(ev.regrouped) == [0] and list(base.regrouped) == [0]
    row = engine.row_of(YEAR, "U2", "2.1.1")  # 14 of 16, made not applicable: 66 / 84
    off = engine_results(engine, engine.update(base, [row], applicable=[False]))
    assert off.loc["U2", "index"] == pytest.approx(66 / 84 * 100)
    assert engine.update(base, [row], applicable=[False]).score[row] == 14.0
    same = engine.update(base, [], [])
    assert np.array_equal(same.index, base.index) and len(same.regrouped) == 0
    assert engine.leaves["item_id"].iloc[engine.row_leaf[row]] == "2.1.1"


def test_scheme_name_picks_one_of_several_stored_schemes(five_units):
    """A second scheme "khác" stored for the same year and group: compute(scheme_name="khác") bands
    U4 100, U1 91 as Cao (≥ 85) and the rest Thấp; without a name the first stored one is used."""
    first = five_units.bands["scheme"].iloc[0]
    five_units = five_units.replace(bands=pd.concat(
        [five_units.bands, cd.BandScheme.parse("Cao>=85; Thấp").to_frame(YEAR, G).assign(scheme="khác")],
        ignore_index=True,
    ))
    res = by_unit(cd.compute(five_units, scheme_name="khác"))
    assert res.loc[["U4", "U1", "U5", "U2", "U3"], "band"].tolist() == ["Cao", "Cao", "Thấp", "Thấp", "Thấp"]
    assert by_unit(cd.compute(five_units)).loc["U2", "band"] == "Tốt"
    with pytest.raises(cd.ValidationError) as err:
        cd.compute(five_units, scheme_name="Y")
    assert err.value.problems[0].message_en == f"no band scheme 'Y' (known: {first}, khác)"
    five_units = five_units.replace(bands=five_units.bands.iloc[:0])
    with pytest.raises(cd.ValidationError) as err:
        cd.compute(five_units, scheme_name="Y")
    assert err.value.problems[0].message_en == "no band scheme 'Y' (known: –)"


def test_rank_totals_reads_text_years_and_requires_max_points_in_every_row():
    """Year "2023" typed as text is the year 2023; a blank max_points cell is a problem, not a NaN index."""
    res = cd.rank_totals(
        pd.DataFrame({"year": ["2023", "2023"], "group": G, "unit": ["a", "b"], "score": [50.0, 60.0]})
    )
    assert res["year"].tolist() == [2023, 2023] and [int(r) for r in res["rank"]] == [2, 1]
    with pytest.raises(cd.ValidationError) as err:
        cd.rank_totals(_totals(max_points=(1, None)))
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "max_points")]


def test_area_ids_that_are_not_numbers_are_ordered_as_text():
    """Areas "B" and "A" (not numbers): columns area_A, area_B."""
    meth = methodology({"B": [40.0], "A": [60.0]})
    ds = cd.Dataset(methodology=meth, units=units(["U1"]), scores=scores({"U1": {"B.1.1": 10.0, "A.1.1": 30.0}}))
    res = cd.compute(ds)
    assert [c for c in res.columns if c.startswith("area_")] == ["area_A", "area_B"]
    assert res[["area_A", "area_B"]].iloc[0].tolist() == pytest.approx([50.0, 25.0])


def test_update_of_a_leaf_without_self_score_keeps_the_only_self_score():
    """U1 self-scored only 1.1.1 (15 vs 14): gap 1. Changing 1.1.2 (no self score) 20 → 21 keeps the gap 1."""
    table = {"U1": {"1.1.1": (14.0, 15.0), "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 40.0}}
    engine = cd.prepare(cd.Dataset(methodology=methodology(AREAS), units=units(["U1"]), scores=scores(table)))
    ev = engine.update(engine.evaluate(), [engine.row_of(YEAR, "U1", "1.1.2")], [21.0])
    u1 = engine_results(engine, ev).loc["U1"]
    assert u1["self_gap"] == pytest.approx(1.0) and u1["score"] == pytest.approx(85.0)


def test_scheme_for_is_the_stored_scheme_of_a_year_and_group(five_units):
    """five_units stores "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu" for (2023, G) only."""
    from cchc_dash.core.scoring import scheme_for

    found = scheme_for(five_units, YEAR, G)
    assert list(found.labels) == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert list(found.minima) == [90, 80, 65, 50, None]
    assert scheme_for(five_units, YEAR + 1, G) is None and scheme_for(five_units, YEAR, "Khác") is None
    assert scheme_for(five_units, YEAR, G, scheme_name="không có") is None


def test_compute_returns_exactly_the_documented_columns(five_units):
    """No stray column (a kept index would add one): identity, totals, rank, band, self score, areas."""
    assert list(cd.compute(five_units).columns) == [
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
        "self_score",
        "self_gap",
        "methodology",
        "successor_id",
        "area_1",
        "area_2",
    ]
