"""What-if scenarios, gap analysis, robustness and scenario files (cchc_dash/analyses/whatif.py).

five_units, worked by hand (tests/test_scoring.py): U4 100 (Xuất sắc), U1 91 (Xuất sắc),
U5 68.32/84 = 81.33 (Tốt), U2 80 (Tốt), U3 70.5 (Khá); scheme Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 65.
U3's leaves: 1.1.1 10/15, 1.1.2 18.5/25, 2.1.1 12/16, 2.1.2 30/44.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.analyses import whatif as w

from .handmade import AREAS, YEAR, G, by_unit, methodology, scores, two_years, units

SCHEME = "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"


def change(unit: str, item: str, score: float) -> w.Scenario:
    return w.Scenario("thử", [w.ScoreChange(YEAR, unit, item, score)])


# -- simulate -------------------------------------------------------------------------------

def test_one_change_moves_index_rank_and_band_and_ties(five_units):
    """U3's 2.1.2 30 → 39.5: 70.5 + 9.5 = 80.00, level with U2: both 4th, U3 Khá → Tốt."""
    before = five_units.scores.copy()
    sim = w.simulate(five_units, change("U3", "2.1.2", 39.5))
    res = by_unit(sim.results)
    assert res.loc["U3", "index"] == pytest.approx(80.0)
    assert int(res.loc["U3", "rank"]) == 4 and int(res.loc["U2", "rank"]) == 4
    assert res.loc["U3", "band"] == "Tốt"
    d = sim.diff.set_index("unit_id")
    assert list(d.index) == ["U3"]  # U2 keeps rank 4 and Tốt: not a mover
    assert (d.loc["U3", "rank_old"], d.loc["U3", "rank_new"], d.loc["U3", "rank_change"]) == (5, 4, 1)
    assert (d.loc["U3", "band_old"], d.loc["U3", "band_new"]) == ("Khá", "Tốt")
    assert d.loc["U3", "delta"] == pytest.approx(9.5) and d.loc["U3", "direct"]
    pd.testing.assert_frame_equal(five_units.scores, before)  # the dataset is untouched
    assert by_unit(cd.compute(five_units)).loc["U3", "index"] == pytest.approx(70.5)


def test_units_moved_by_rank_shifts_are_in_the_diff(five_units):
    """U3 → 84.5 passes U5 and U2: they drop one place each without a change of their own."""
    d = w.simulate(five_units, change("U3", "2.1.2", 44)).diff.set_index("unit_id")
    assert sorted(d.index) == ["U2", "U3", "U5"]
    assert (d.loc["U5", "rank_old"], d.loc["U5", "rank_new"]) == (3, 4) and not d.loc["U5", "direct"]
    assert (d.loc["U2", "rank_old"], d.loc["U2", "rank_new"]) == (4, 5)
    assert d.loc["U2", "delta"] == 0


def test_results_equal_compute_on_the_changed_data(five_units):
    sim = w.simulate(five_units, w.Scenario("hai", [w.ScoreChange(YEAR, "U3", "2.1.2", 44),
                                                     w.ScoreChange(YEAR, "U1", "1.1.2", 10.25)]))
    sc = five_units.scores.drop(columns="group").copy()
    sc.loc[(sc["unit_id"] == "U3") & (sc["item_id"] == "2.1.2"), "score"] = 44
    sc.loc[(sc["unit_id"] == "U1") & (sc["item_id"] == "1.1.2"), "score"] = 10.25
    again = cd.compute(cd.Dataset(methodology=five_units.methodology, units=five_units.units, scores=sc,
                                  bands=five_units.bands))
    pd.testing.assert_frame_equal(sim.results, again)


def test_a_new_scheme_changes_bands_only(five_units):
    """Tốt ≥ 85: U5 (81.33) and U2 (80) become Khá; no index or rank moves."""
    sim = w.simulate(five_units, w.Scenario("ngưỡng", schemes={(YEAR, G): "Xuất sắc>=90; Tốt>=85; Khá>=65; Yếu"}))
    d = sim.diff.set_index("unit_id")
    assert sorted(d.index) == ["U2", "U5"] and set(d["band_new"]) == {"Khá"} and (d["rank_change"] == 0).all()


def test_a_changed_maximum_changes_the_denominator(five_units):
    """2.1.2 worth 54 instead of 44 for everybody: U4 110/110, U2 80/110 = 72.73 → Khá."""
    sim = w.simulate(five_units, w.Scenario("max", max_points=[w.MaxChange(YEAR, G, "2.1.2", 54)]))
    res = by_unit(sim.results)
    assert res.loc["U2", "index"] == pytest.approx(80 / 110 * 100) and res.loc["U2", "band"] == "Khá"
    assert res.loc["U4", "max_points"] == pytest.approx(110)


def test_bad_changes_are_refused_naming_each_change(five_units):
    bad = w.Scenario("sai", [w.ScoreChange(YEAR, "U3", "2.1.2", 45),      # above 44
                             w.ScoreChange(YEAR, "U9", "2.1.2", 1),       # unknown unit
                             w.ScoreChange(YEAR, "U3", "9.9.9", 1),       # unknown item
                             w.ScoreChange(1999, "U3", "2.1.2", 1),       # unknown year
                             w.ScoreChange(YEAR, "U5", "2.1.1", 3),       # not applicable to U5
                             w.ScoreChange(YEAR, "U2", "1.1.1", "mười"),  # text
                             w.ScoreChange(YEAR, "U2", "1.1.2", -1)])     # negative
    with pytest.raises(cd.ValidationError) as err:
        w.simulate(five_units, bad)
    messages = [p.message_en for p in err.value.problems]
    assert len(messages) == 7
    assert "#1" in messages[0] and "outside [0, 44]" in messages[0]
    assert "#2" in messages[1] and "no such unit" in messages[1]
    assert "#3" in messages[2] and "no such sub-criterion" in messages[2]
    assert "#4" in messages[3] and "no data for year 1999" in messages[3]
    assert "#5" in messages[4] and "does not apply" in messages[4]
    assert "#6" in messages[5] and "not a number" in messages[5]
    assert "#7" in messages[6] and "outside" in messages[6]
    assert all(p.message_vi for p in err.value.problems)


def test_a_maximum_below_a_kept_score_is_refused(five_units):
    with pytest.raises(cd.ValidationError) as err:
        w.simulate(five_units, w.Scenario("max", max_points=[w.MaxChange(YEAR, G, "2.1.2", 35)]))
    assert any("above the new maximum 35" in p.message_en for p in err.value.problems)  # U2 34 fits, U1 40 does not


# -- gap analysis ---------------------------------------------------------------------------

def test_gap_at_just_below_and_far_below_a_threshold(five_units):
    exactly = w.gap(five_units, YEAR, "U2", "Tốt")             # 80.00 is in "≥ 80"
    assert exactly.points == 0 and exactly.index_points == 0
    u5 = w.gap(five_units, YEAR, "U5")                        # next band: Xuất sắc at 90 of 84 points
    assert u5.target == "Xuất sắc" and u5.points == pytest.approx(90 * 84 / 100 - 68.32)  # 7.28
    far = w.gap(five_units, YEAR, "U3", "Xuất sắc")
    assert far.points == pytest.approx(19.5) and far.headroom == pytest.approx(29.5)
    rank2 = w.gap(five_units, YEAR, "U3", 2)                  # equal U1's 91
    assert rank2.points == pytest.approx(20.5)
    assert w.gap(five_units, YEAR, "U4", None).points == 0    # already in the top band


def test_gap_just_below():
    """79.99 needs 0.01 point for Tốt."""
    table = {"A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 6.0, "2.1.2": 33.99}}
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(["A"]), scores=scores(table),
                    bands=cd.BandScheme.parse(SCHEME).to_frame(YEAR, G))
    g = w.gap(ds, YEAR, "A")
    assert g.target == "Tốt" and g.points == pytest.approx(0.01)


def test_headroom_by_item_most_first(five_units):
    room = w.headroom(five_units, YEAR, "U3")
    assert list(room["item_id"]) == ["2.1.2", "1.1.2", "1.1.1", "2.1.1"]
    assert list(room["headroom"]) == pytest.approx([14, 6.5, 5, 4])
    assert list(room["area_id"]) == ["2", "1", "1", "2"]
    assert "2.1.1" not in set(w.headroom(five_units, YEAR, "U5")["item_id"])  # not applicable


def test_suggestion_reaches_the_target_with_the_fewest_items(five_units):
    one = w.suggest(five_units, YEAR, "U3", "Tốt")            # 9.5 points: 2.1.2 alone (14 free)
    assert list(one["item_id"]) == ["2.1.2"] and list(one["new_score"]) == pytest.approx([39.5])
    two = w.suggest(five_units, YEAR, "U3", "Xuất sắc")       # 19.5: 2.1.2 to 44, then 1.1.2 +5.5
    assert list(two["item_id"]) == ["2.1.2", "1.1.2"] and list(two["new_score"]) == pytest.approx([44, 24])
    sim = w.simulate(five_units, w.as_scenario("gợi ý", YEAR, "U3", two))
    assert by_unit(sim.results).loc["U3", "band"] == "Xuất sắc"
    assert w.suggest(five_units, YEAR, "U4").empty


# -- robustness -----------------------------------------------------------------------------

def test_no_uncertainty_gives_the_ranks_and_bands_as_they_are(five_units):
    r = w.robustness(five_units, YEAR, G, draws=50, points=0).set_index("unit_id")
    assert list(r["rank_median"]) == list(r["rank"].astype(float))
    assert r.loc["U3", "p_Khá"] == 1 and r.loc["U4", "p_Xuất sắc"] == 1 and r.loc["U2", "p_Tốt"] == 1


def test_uncertainty_smaller_than_the_gaps_moves_no_rank(five_units):
    """± 0.5 point on 4 leaves moves an index by at most 2: U4 100 / U1 91 / U5 81.33 / U2 80 / U3 70.5
    are at least 1.33 apart except U5–U2 (1.33 index ≈ 1.12 points on 84): ranks of U4, U1, U3 never move."""
    r = w.robustness(five_units, YEAR, G, draws=400, points=0.25, seed=3).set_index("unit_id")
    for unit, rank in (("U4", 1), ("U1", 2), ("U3", 5)):
        assert r.loc[unit, "rank_p05"] == r.loc[unit, "rank_p95"] == rank
    assert (0 < r.loc["U2", "p_Tốt"] < 1
            and r.loc["U2", "p_Khá"] == pytest.approx(1 - r.loc["U2", "p_Tốt"]))  # 80 ± noise


def test_robustness_is_reproducible_and_reports_progress(five_units):
    seen = []
    a = w.robustness(five_units, YEAR, G, draws=300, share=0.05, area_spread=0.1, seed=11, progress=seen.append)
    b = w.robustness(five_units, YEAR, G, draws=300, share=0.05, area_spread=0.1, seed=11)
    c = w.robustness(five_units, YEAR, G, draws=300, share=0.05, area_spread=0.1, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert seen and seen[-1] == 1.0


@pytest.mark.parametrize("kw", [{"draws": 0}, {"draws": 10**9}, {"points": -1}, {"share": 2.0}, {"area_spread": 1.5}])
def test_robustness_refuses_bad_parameters(five_units, kw):
    with pytest.raises(cd.ValidationError):
        w.robustness(five_units, YEAR, G, **kw)


# -- scenario files -------------------------------------------------------------------------


def full_scenario() -> w.Scenario:
    return w.Scenario(
        "Sở Tư pháp đạt Tốt",
        [w.ScoreChange(YEAR, "U3", "2.1.2", 39.5)],
        {(YEAR, G): cd.BandScheme.parse("Tốt>=85; Khá>=75; Yếu")},
        [w.MaxChange(YEAR, G, "1.1.1", 16.0)],
        author="Phòng CCHC",
    )


def test_a_failed_write_keeps_the_old_file_byte_for_byte(tmp_path):
    from cchc_dash.io.atomic import write_atomic

    path = tmp_path / "ket_qua.csv"
    path.write_bytes(b"old,content\n")

    def half(f):
        f.write(b"new,")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(path, half, overwrite=True)
    assert path.read_bytes() == b"old,content\n" and [p.name for p in tmp_path.iterdir()] == ["ket_qua.csv"]
    with pytest.raises(cd.ValidationError):
        write_atomic(tmp_path / "missing" / "a.csv", lambda f: None)
    with pytest.raises(cd.ValidationError):
        write_atomic(tmp_path, lambda f: None)


def test_a_unit_changed_directly_is_listed_even_when_nothing_moves(five_units):
    """U4 keeps 15 on 1.1.1 (its maximum): listed as touched, delta 0, rank 1 → 1."""
    d = w.simulate(five_units, change("U4", "1.1.1", 15)).diff
    assert list(d["unit_id"]) == ["U4"] and d["direct"].all() and d["delta"].iloc[0] == 0


def test_closest_below_is_the_unit_nearest_its_next_band(five_units):
    """Steps to the next band: U5 81.33 → 90 (8.67), U2 80 → 90 (10), U3 70.5 → 80 (9.5); U4 and U1 are at the top."""
    res = cd.compute(five_units)
    assert w.closest_below(res, cd.BandScheme.parse(SCHEME)) == "U5"
    assert w.closest_below(res[res["unit_id"].isin(["U4", "U1"])], cd.BandScheme.parse(SCHEME)) is None
    assert w.closest_below(res, None) is None


def test_changes_of_rows_name_year_unit_and_item(five_units):
    engine = cd.prepare(five_units)
    row = engine.row_of(YEAR, "U3", "2.1.2")
    assert w.changes_of_rows(engine, {row: 39.5}) == (w.ScoreChange(YEAR, "U3", "2.1.2", 39.5),)


# -- every refusal, word for word (issue 15: mutation survivors of whatif.py) -----------------


def refused(call) -> list[tuple]:
    """(source, row, column, Vietnamese, English) of every problem ``call()`` raises."""
    with pytest.raises(cd.ValidationError) as err:
        call()
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_every_refused_change_is_named_word_for_word(five_units):
    """Maxima are checked first, then score changes (numbered from 1), then kept scores above a new
    maximum, then band schemes. The new maximum of 2.1.2 (35) is the bound of change #1."""
    bad = w.Scenario(
        "sai",
        changes=[
            w.ScoreChange(YEAR, "U3", "2.1.2", 45),  # 1: above the new maximum 35
            w.ScoreChange(YEAR, "U9", "2.1.2", 1),  # 2: unknown unit
            w.ScoreChange(YEAR, "U3", "9.9.9", 1),  # 3: unknown item
            w.ScoreChange(1999, "U3", "2.1.2", 1),  # 4: unknown year
            w.ScoreChange(YEAR, "U5", "2.1.1", 3),  # 5: not applicable to U5
            w.ScoreChange(YEAR, "U2", "1.1.1", "mười"),  # 6: text
            w.ScoreChange(YEAR, "U2", "1.1.2", -1),  # 7: negative
            w.ScoreChange(YEAR, "U2", "2.1.1", 10),  # 8: fine
            w.ScoreChange(YEAR, "U2", "2.1.1", 11),  # 9: the same item again
            w.ScoreChange("2023", "U3", "1.1.1", 1),  # 10: a year written as text
        ],
        max_points=[
            w.MaxChange(YEAR, G, "9.9.9", 10),  # 1: unknown item
            w.MaxChange("2023", G, "1.1.1", 16),  # 2: a year written as text
            w.MaxChange(YEAR, G, "1.1.2", -1),  # 3: negative
            w.MaxChange(YEAR, G, "2.1.1", "nhiều"),  # 4: text
            w.MaxChange(YEAR, "Huyện", "2.1.2", 50),  # 5: unknown group
            w.MaxChange(YEAR, G, "2.1.2", 35),  # 6: fine, but U1 keeps 40 and U4 44
        ],
        schemes={(1999, G): "Tốt>=80; Khá"},
    )
    src, m = "scenario 'sai'", "Sở, ban, ngành"
    assert refused(lambda: w.simulate(five_units, bad)) == [
        (
            src,
            None,
            "item_id",
            f"điểm tối đa #1 (2023, {m}, 9.9.9): không có tiêu chí thành phần này",
            f"điểm tối đa #1 (2023, {m}, 9.9.9): no such sub-criterion",
        ),
        (
            src,
            None,
            "item_id",
            f"điểm tối đa #2 (2023, {m}, 1.1.1): không có tiêu chí thành phần này",
            f"điểm tối đa #2 (2023, {m}, 1.1.1): no such sub-criterion",
        ),
        (
            src,
            None,
            "max_points",
            f"điểm tối đa #3 (2023, {m}, 1.1.2): '-1' không phải điểm tối đa hợp lệ",
            f"điểm tối đa #3 (2023, {m}, 1.1.2): '-1' is not a valid maximum",
        ),
        (
            src,
            None,
            "max_points",
            f"điểm tối đa #4 (2023, {m}, 2.1.1): 'nhiều' không phải điểm tối đa hợp lệ",
            f"điểm tối đa #4 (2023, {m}, 2.1.1): 'nhiều' is not a valid maximum",
        ),
        (
            src,
            None,
            "item_id",
            "điểm tối đa #5 (2023, Huyện, 2.1.2): không có tiêu chí thành phần này",
            "điểm tối đa #5 (2023, Huyện, 2.1.2): no such sub-criterion",
        ),
        (
            src,
            None,
            "score",
            "thay đổi #1 (2023, U3, 2.1.2): điểm 45 nằm ngoài [0; 35]",
            "thay đổi #1 (2023, U3, 2.1.2): score 45 is outside [0, 35]",
        ),
        (
            src,
            None,
            "unit_id",
            "thay đổi #2 (2023, U9, 2.1.2): không có đơn vị này",
            "thay đổi #2 (2023, U9, 2.1.2): no such unit",
        ),
        (
            src,
            None,
            "item_id",
            "thay đổi #3 (2023, U3, 9.9.9): không có tiêu chí thành phần này trong bộ tiêu chí của đơn vị",
            "thay đổi #3 (2023, U3, 9.9.9): no such sub-criterion in the unit's methodology",
        ),
        (
            src,
            None,
            "year",
            "thay đổi #4 (1999, U3, 2.1.2): không có dữ liệu năm 1999",
            "thay đổi #4 (1999, U3, 2.1.2): no data for year 1999",
        ),
        (
            src,
            None,
            "score",
            "thay đổi #5 (2023, U5, 2.1.1): tiêu chí không áp dụng cho đơn vị này",
            "thay đổi #5 (2023, U5, 2.1.1): the sub-criterion does not apply to this unit",
        ),
        (
            src,
            None,
            "score",
            "thay đổi #6 (2023, U2, 1.1.1): 'mười' không phải là số",
            "thay đổi #6 (2023, U2, 1.1.1): 'mười' is not a number",
        ),
        (
            src,
            None,
            "score",
            "thay đổi #7 (2023, U2, 1.1.2): điểm -1 nằm ngoài [0; 25]",
            "thay đổi #7 (2023, U2, 1.1.2): score -1 is outside [0, 25]",
        ),
        (
            src,
            None,
            "item_id",
            "thay đổi #9 (2023, U2, 2.1.1): tiêu chí này đã được thay đổi ở trên",
            "thay đổi #9 (2023, U2, 2.1.1): this sub-criterion is changed twice",
        ),
        (
            src,
            None,
            "year",
            "thay đổi #10 (2023, U3, 1.1.1): không có dữ liệu năm 2023",
            "thay đổi #10 (2023, U3, 1.1.1): no data for year 2023",
        ),
        (
            src,
            None,
            "max_points",
            "điểm tối đa (2023, U1, 2.1.2): điểm hiện có 40 lớn hơn điểm tối đa mới 35",
            "điểm tối đa (2023, U1, 2.1.2): the score 40 is above the new maximum 35",
        ),
        (
            src,
            None,
            "max_points",
            "điểm tối đa (2023, U4, 2.1.2): điểm hiện có 44 lớn hơn điểm tối đa mới 35",
            "điểm tối đa (2023, U4, 2.1.2): the score 44 is above the new maximum 35",
        ),
        (
            src,
            None,
            "scheme",
            f"thang xếp loại (1999, {m}): không có kết quả cho năm và khối này",
            f"thang xếp loại (1999, {m}): no results for this year and group",
        ),
    ]


def test_a_unit_not_scored_that_year_is_told_apart_from_an_unknown_one():
    """two_years: C was merged into E and has no 2023 scores; X never existed."""
    sc = w.Scenario("gộp", [w.ScoreChange(2023, "C", "1.1.1", 1), w.ScoreChange(2023, "X", "1.1.1", 1)])
    assert refused(lambda: w.simulate(two_years(), sc)) == [
        (
            "scenario 'gộp'",
            None,
            "unit_id",
            "thay đổi #1 (2023, C, 1.1.1): đơn vị không được chấm điểm năm này",
            "thay đổi #1 (2023, C, 1.1.1): the unit was not scored that year",
        ),
        (
            "scenario 'gộp'",
            None,
            "unit_id",
            "thay đổi #2 (2023, X, 1.1.1): không có đơn vị này",
            "thay đổi #2 (2023, X, 1.1.1): no such unit",
        ),
    ]


def test_a_maximum_of_zero_and_scores_of_zero_are_accepted(five_units):
    """2.1.1 worth 0 and scored 0 by U1–U4 (U5 does not have it): every unit is out of 84.
    U4 84/84 = 100, U1 (14 + 22 + 40) = 76/84 = 90.48 Xuất sắc, U5 68.32/84 = 81.33 Tốt,
    U2 (12 + 20 + 34) = 66/84 = 78.57 Khá, U3 (10 + 18.5 + 30) = 58.5/84 = 69.64 Khá."""
    sc = w.Scenario(
        "0",
        [w.ScoreChange(YEAR, u, "2.1.1", 0) for u in ("U1", "U2", "U3", "U4")],
        max_points=[w.MaxChange(YEAR, G, "2.1.1", 0)],
    )
    res = by_unit(w.simulate(five_units, sc).results)
    assert list(res.loc[["U4", "U1", "U5", "U2", "U3"], "index"]) == pytest.approx(
        [100, 76 / 84 * 100, 68.32 / 84 * 100, 66 / 84 * 100, 58.5 / 84 * 100]
    )
    assert list(res.loc[["U4", "U1", "U5", "U2", "U3"], "band"]) == ["Xuất sắc", "Xuất sắc", "Tốt", "Khá", "Khá"]
    assert list(res.loc[["U4", "U1", "U5", "U2", "U3"], "rank"]) == [1, 2, 3, 4, 5]


def test_a_score_up_to_a_raised_maximum_is_accepted(five_units):
    """2.1.2 worth 54 and U3 scored 50 on it (above the old 44): U3 (10 + 18.5 + 12 + 50) = 90.5/110
    = 82.27 Tốt; U2 80/110 = 72.73 Khá. The simulation keeps its scenario and evaluation."""
    sc = w.Scenario("54", [w.ScoreChange(YEAR, "U3", "2.1.2", 50)], max_points=[w.MaxChange(YEAR, G, "2.1.2", 54)])
    sim = w.simulate(five_units, sc)
    res = by_unit(sim.results)
    assert res.loc["U3", "index"] == pytest.approx(90.5 / 110 * 100) and res.loc["U3", "band"] == "Tốt"
    assert res.loc["U3", "score"] == pytest.approx(90.5) and res.loc["U2", "index"] == pytest.approx(80 / 110 * 100)
    assert sim.scenario is sc
    assert sim.evaluation.index[
        cd.prepare(five_units).row_slot[cd.prepare(five_units).row_of(YEAR, "U3", "2.1.2")]
    ] == pytest.approx(90.5 / 110 * 100)


def test_a_lowered_maximum_holds_a_kept_score_equal_to_it_and_a_changed_score(five_units):
    """2.1.2 worth 40: U1 keeps 40 (equal, allowed) and U4's 44 is changed to 40 in the same scenario.
    Out of 96: U4 96/96 = 100, U1 91/96 = 94.79, U5 68.32/80 = 85.4, U2 80/96 = 83.33, U3 70.5/96 = 73.44."""
    sc = w.Scenario("40", [w.ScoreChange(YEAR, "U4", "2.1.2", 40)], max_points=[w.MaxChange(YEAR, G, "2.1.2", 40)])
    res = by_unit(w.simulate(five_units, sc).results)
    assert list(res.loc[["U4", "U1", "U5", "U2", "U3"], "index"]) == pytest.approx(
        [100, 91 / 96 * 100, 68.32 / 80 * 100, 80 / 96 * 100, 70.5 / 96 * 100]
    )


def test_the_diff_has_its_columns_and_whole_ranks(five_units):
    """U3's 2.1.2 30 → 39.5 (70.5 → 80, 5th → 4th, Khá → Tốt)."""
    d = w.simulate(five_units, change("U3", "2.1.2", 39.5)).diff
    assert list(d.columns) == [
        "year",
        "group",
        "unit_id",
        "unit_name",
        "index_old",
        "index_new",
        "rank_old",
        "rank_new",
        "band_old",
        "band_new",
        "direct",
        "delta",
        "rank_change",
    ]
    assert d.iloc[0][["year", "group", "unit_id", "unit_name"]].tolist() == [YEAR, G, "U3", "Đơn vị U3"]
    assert (str(d["rank_old"].dtype), str(d["rank_new"].dtype)) == ("Int64", "Int64")


def test_units_leaving_every_band_are_in_the_diff_and_units_never_banded_are_not(five_units):
    """Without a floor band a unit below the lowest threshold has no band. "Xuất sắc>=90; Tốt>=85":
    U5 (81.33), U2 (80) and U3 (70.5) lose their band (listed by new rank 3, 4, 5); no index or rank
    moves. Then under "Xuất sắc>=90; Tốt>=80" U3 has no band before and after: raising U1 to 90
    (1.1.2 22 → 21) lists U1 only; going back to the five bands gives U3 its band (Khá) again."""
    d = w.simulate(five_units, w.Scenario("85", schemes={(YEAR, G): "Xuất sắc>=90; Tốt>=85"})).diff
    assert list(d["unit_id"]) == ["U5", "U2", "U3"] and d["band_new"].isna().all()
    assert list(d["band_old"]) == ["Tốt", "Tốt", "Khá"] and not d["direct"].any()
    engine = cd.prepare(five_units).with_schemes({(YEAR, G): cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80")})
    d = w.simulate(engine, change("U1", "1.1.2", 21)).diff
    assert list(d["unit_id"]) == ["U1"] and d["index_new"].iloc[0] == pytest.approx(90)
    d = w.simulate(engine, w.Scenario("sàn", schemes={(YEAR, G): SCHEME})).diff  # a floor band again: U3 Khá
    assert list(d["unit_id"]) == ["U3"] and pd.isna(d["band_old"].iloc[0]) and d["band_new"].iloc[0] == "Khá"


# -- gap, headroom, suggest by hand ---------------------------------------------------------


def gap_fields(g: w.Gap) -> tuple:
    return (g.year, g.unit_id, g.index, g.target, g.target_index, g.points, g.index_points, g.headroom)


NAN = float("nan")


@pytest.mark.parametrize(
    "unit, target, expected",
    [
        # U5 68.32/84 = 81.33 → Xuất sắc at 90: 90 × 84/100 − 68.32 = 7.28 points, 8.67 index points;
        # headroom 2.5 + 4.18 + 9 (2.1.1 does not apply to U5) = 15.68.
        ("U5", None, (YEAR, "U5", 68.32 / 84 * 100, "Xuất sắc", 90, 7.28, 90 - 68.32 / 84 * 100, 15.68)),
        # U1 91 is above Tốt: nothing needed; headroom 1 + 3 + 1 + 4 = 9.
        ("U1", "Tốt", (YEAR, "U1", 91, "Tốt", NAN, 0, 0, 9)),
        # U2 80.00 is exactly at Tốt: reached.
        ("U2", "Tốt", (YEAR, "U2", 80, "Tốt", NAN, 0, 0, 20)),
        # U4 100 is in the top band: the next band is its own.
        ("U4", None, (YEAR, "U4", 100, "Xuất sắc", NAN, 0, 0, 0)),
        # The floor band (no threshold) is always reached; U3's headroom 5 + 6.5 + 4 + 14 = 29.5.
        ("U3", "Yếu", (YEAR, "U3", 70.5, "Yếu", NAN, 0, 0, 29.5)),
        # Rank 4 = equal U2's 80 (the 4th of the others 100, 91, 81.33, 80): 9.5 points.
        ("U3", 4, (YEAR, "U3", 70.5, "rank 4", 80, 9.5, 9.5, 29.5)),
        # Rank 5 of 5: there are only 4 others, U3 holds it already.
        ("U3", 5, (YEAR, "U3", 70.5, "rank 5", NAN, 0, 0, 29.5)),
        # Rank 1 = equal U4's 100: every free point.
        ("U3", 1, (YEAR, "U3", 70.5, "rank 1", 100, 29.5, 29.5, 29.5)),
    ],
)
def test_gap_by_hand(five_units, unit, target, expected):
    assert gap_fields(w.gap(five_units, YEAR, unit, target)) == pytest.approx(expected, nan_ok=True)


def test_gap_headroom_and_suggestion_on_a_given_evaluation(five_units):
    """On the evaluation of "U3's 2.1.2 → 39.5" (U3 80, Tốt): 10 points to Xuất sắc; headroom
    1.1.2 6.5, 1.1.1 5, 2.1.2 4.5, 2.1.1 4 (29.5 − 9.5 = 20); the suggestion raises 1.1.2 to 25
    (+6.5) and 1.1.1 by the 3.5 left (10 → 13.5)."""
    engine = cd.prepare(five_units)
    ev = w.simulate(engine, change("U3", "2.1.2", 39.5)).evaluation
    assert gap_fields(w.gap(engine, YEAR, "U3", None, ev)) == pytest.approx(
        (YEAR, "U3", 80, "Xuất sắc", 90, 10, 10, 20)
    )
    room = w.headroom(engine, YEAR, "U3", ev)
    assert list(room["item_id"]) == ["1.1.2", "1.1.1", "2.1.2", "2.1.1"]
    assert list(room["headroom"]) == pytest.approx([6.5, 5, 4.5, 4])
    s = w.suggest(engine, YEAR, "U3", None, ev)
    assert list(s["item_id"]) == ["1.1.2", "1.1.1"]
    assert list(s["new_score"]) == pytest.approx([25, 13.5]) and list(s["gain"]) == pytest.approx([6.5, 3.5])


def test_headroom_columns_and_ties_by_item(five_units):
    """U1: 2.1.2 44 − 40 = 4, 1.1.2 25 − 22 = 3, then 1.1.1 and 2.1.1 both 1 (by item id)."""
    engine = cd.prepare(five_units)
    room = w.headroom(engine, YEAR, "U1")
    assert list(room.columns) == [
        "row",
        "item_id",
        "name_vi",
        "area_id",
        "area_name",
        "kind",
        "max_points",
        "score",
        "headroom",
    ]
    assert list(room["item_id"]) == ["2.1.2", "1.1.2", "1.1.1", "2.1.1"]
    assert list(room["row"]) == [engine.row_of(YEAR, "U1", i) for i in room["item_id"]]
    assert list(room["name_vi"]) == [f"Tiêu chí thành phần {i}" for i in ["2.1.2", "1.1.2", "1.1.1", "2.1.1"]]
    assert list(room["area_name"]) == ["Lĩnh vực 2", "Lĩnh vực 1", "Lĩnh vực 1", "Lĩnh vực 2"]
    assert list(room["max_points"]) == [44, 25, 15, 16] and list(room["score"]) == [40, 22, 14, 15]
    assert list(room["headroom"]) == [4, 3, 1, 1]


def test_suggestion_uses_items_with_one_point_or_less_and_stops_at_the_exact_need(five_units):
    """U1 91 → rank 1 (U4's 100): 9 points = every headroom 4 + 3 + 1 + 1, ties by item id.
    U2 80 → Xuất sắc (90): 10 points = 2.1.2's headroom exactly: that item alone."""
    s = w.suggest(five_units, YEAR, "U1", 1)
    assert list(s.columns) == [
        "row",
        "item_id",
        "name_vi",
        "area_id",
        "area_name",
        "kind",
        "max_points",
        "score",
        "headroom",
        "new_score",
        "gain",
    ]
    assert list(s["item_id"]) == ["2.1.2", "1.1.2", "1.1.1", "2.1.1"]
    assert list(s["new_score"]) == [44, 25, 15, 16] and list(s["gain"]) == [4, 3, 1, 1]
    s = w.suggest(five_units, YEAR, "U2", "Xuất sắc")
    assert list(s["item_id"]) == ["2.1.2"] and list(s["new_score"]) == [44] and list(s["gain"]) == [10]


def test_a_suggestion_of_one_hundredth_of_a_point():
    """79.99 (2.1.1 6/16, 2.1.2 33.99/44) → Tốt needs 0.01: 2.1.2 (10.01 free) to 34.00."""
    table = {"A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 6.0, "2.1.2": 33.99}}
    ds = cd.Dataset(
        methodology=methodology(AREAS),
        units=units(["A"]),
        scores=scores(table),
        bands=cd.BandScheme.parse(SCHEME).to_frame(YEAR, G),
    )
    s = w.suggest(ds, YEAR, "A")
    assert list(s["item_id"]) == ["2.1.2"]
    assert list(s["new_score"]) == pytest.approx([34.0]) and list(s["gain"]) == pytest.approx([0.01])


def test_nothing_to_suggest_keeps_the_columns(five_units):
    s = w.suggest(five_units, YEAR, "U4")
    assert s.empty and list(s.columns) == [
        "row",
        "item_id",
        "name_vi",
        "area_id",
        "area_name",
        "kind",
        "max_points",
        "score",
        "headroom",
        "new_score",
        "gain",
    ]
    assert (str(s["new_score"].dtype), str(s["gain"].dtype)) == ("float64", "float64")


def test_gap_refusals_word_for_word(five_units):
    bands = "Xuất sắc, Tốt, Khá, Trung bình, Yếu"
    assert refused(lambda: w.gap(five_units, YEAR, "U9")) == [
        ("what-if", None, "unit_id", "đơn vị 'U9' không được chấm điểm năm 2023", "unit 'U9' was not scored in 2023")
    ]
    assert refused(lambda: w.headroom(five_units, 2022, "U1")) == [
        ("what-if", None, "unit_id", "đơn vị 'U1' không được chấm điểm năm 2022", "unit 'U1' was not scored in 2022")
    ]
    assert refused(lambda: w.gap(five_units, YEAR, "U3", 2.5)) == [
        ("what-if", None, "target", "mục tiêu '2.5' không hợp lệ", "invalid target '2.5'")
    ]
    assert refused(lambda: w.gap(five_units, YEAR, "U3", True)) == [
        ("what-if", None, "target", "mục tiêu 'True' không hợp lệ", "invalid target 'True'")
    ]
    assert refused(lambda: w.suggest(five_units, YEAR, "U3", 0)) == [
        ("what-if", None, "target", "hạng phải từ 1 trở lên", "a rank is 1 or more")
    ]
    assert refused(lambda: w.gap(five_units, YEAR, "U3", "Giỏi")) == [
        ("what-if", None, "target", f"không có loại 'Giỏi' (có: {bands})", f"no band 'Giỏi' (known: {bands})")
    ]


def test_without_a_band_scheme_only_a_rank_can_be_the_target(five_units):
    """No bands: U3 still needs 9.5 points for rank 4 (U2's 80)."""
    ds = cd.Dataset(
        methodology=five_units.methodology, units=five_units.units, scores=five_units.scores.drop(columns="group")
    )
    for target in (None, "Tốt"):
        assert refused(lambda target=target: w.gap(ds, YEAR, "U3", target)) == [
            (
                "what-if",
                None,
                "target",
                "chưa có thang xếp loại cho năm và khối này",
                "no band scheme for this year and group",
            )
        ]
    assert w.gap(ds, YEAR, "U3", 4).points == pytest.approx(9.5)


# -- robustness by hand ---------------------------------------------------------------------


def rob(r: pd.DataFrame, column: str) -> list:
    return r[column].tolist()


def with_scheme(ds: cd.Dataset, text: str) -> cd.Engine:
    return cd.prepare(ds).with_schemes({(YEAR, G): cd.BandScheme.parse(text)})


def test_robustness_refusals_word_for_word(five_units):
    draws = ("robustness", None, "draws", "số lần thử phải từ 1 đến 100.000", "draws must be between 1 and 100,000")
    points = (
        "robustness",
        None,
        "points",
        "biên độ điểm phải từ 0 đến 100",
        "the point spread must be between 0 and 100",
    )
    assert refused(lambda: w.robustness(five_units, YEAR, "Huyện", draws=0, points=-1, area_spread=1)) == [
        draws,
        points,
        (
            "robustness",
            None,
            "area_spread",
            "biên độ trọng số phải từ 0 đến dưới 1",
            "the weight spread must be in [0, 1)",
        ),
        (
            "robustness",
            None,
            "group",
            "không có kết quả cho năm 2023, khối 'Huyện'",
            "no results for 2023, group 'Huyện'",
        ),
    ]
    assert refused(lambda: w.robustness(five_units, YEAR, G, draws=100_001, share=1.5)) == [
        draws,
        ("robustness", None, "share", "tỷ lệ phải từ 0 đến 1", "the share must be between 0 and 1"),
    ]
    assert refused(lambda: w.robustness(five_units, YEAR, G, points=100.5)) == [points]


@pytest.mark.parametrize("kw", [{"draws": 100_000}, {"share": 0}])
def test_no_spread_at_the_largest_draw_count_gives_the_ranks_as_they_are(five_units, kw):
    """points=0 or share=0: every draw is the data itself (100,000 draws, the most allowed)."""
    r = w.robustness(five_units, YEAR, G, **({"points": 0} | kw)).set_index("unit_id")
    for column in ("rank_median", "rank_p05", "rank_p95"):
        assert list(r.loc[["U4", "U1", "U5", "U2", "U3"], column]) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("kw", [{"points": 100}, {"share": 1}])
def test_the_widest_spreads_are_accepted(five_units, kw):
    """Any score from 0 to the maximum: every unit still gets one band per draw."""
    r = w.robustness(five_units, YEAR, G, draws=20, **kw)
    assert list(r[[c for c in r.columns if c.startswith("p_")]].sum(axis=1)) == pytest.approx([1.0] * 5)
    assert "p_unbanded" not in r.columns


def test_robustness_of_a_simulation_by_hand(five_units):
    """On the evaluation of "U3's 2.1.2 → 39.5" (U3 80, tied 4th with U2), with no spread and a
    single draw: the table as it is, ordered by rank then unit, every band probability 1 or 0."""
    engine = cd.prepare(five_units)
    ev = w.simulate(engine, change("U3", "2.1.2", 39.5)).evaluation
    r = w.robustness(engine, YEAR, G, draws=1, points=0, ev=ev)
    assert list(r.columns) == [
        "year",
        "group",
        "unit_id",
        "unit_name",
        "index",
        "band",
        "rank",
        "rank_median",
        "rank_p05",
        "rank_p95",
        "p_Xuất sắc",
        "p_Tốt",
        "p_Khá",
        "p_Trung bình",
        "p_Yếu",
    ]
    assert rob(r, "unit_id") == ["U4", "U1", "U5", "U2", "U3"] and set(r["year"]) == {YEAR} and set(r["group"]) == {G}
    assert rob(r, "unit_name") == ["Đơn vị U4", "Đơn vị U1", "Đơn vị U5", "Đơn vị U2", "Đơn vị U3"]
    assert rob(r, "index") == pytest.approx([100, 91, 68.32 / 84 * 100, 80, 80])
    assert rob(r, "band") == ["Xuất sắc", "Xuất sắc", "Tốt", "Tốt", "Tốt"]
    assert rob(r, "rank") == [1, 2, 3, 4, 4] and str(r["rank"].dtype) == "Int64"
    for column in ("rank_median", "rank_p05", "rank_p95"):
        assert rob(r, column) == [1, 2, 3, 4, 4]
    assert rob(r, "p_Xuất sắc") == [1, 1, 0, 0, 0] and rob(r, "p_Tốt") == [0, 0, 1, 1, 1]
    assert rob(r, "p_Khá") == rob(r, "p_Trung bình") == rob(r, "p_Yếu") == [0] * 5


def test_robustness_counts_draws_below_every_band(five_units):
    """ "Xuất sắc>=90; Tốt>=81" has no floor: U2 (80) and U3 (70.5) are below it in every draw;
    U5 68.32/84 = 81.33 is Tốt only because its not-applicable 2.1.1 counts for nothing."""
    r = w.robustness(with_scheme(five_units, "Xuất sắc>=90; Tốt>=81"), YEAR, G, draws=10, points=0)
    assert list(r.columns)[-3:] == ["p_Xuất sắc", "p_Tốt", "p_unbanded"]
    assert rob(r, "unit_id") == ["U4", "U1", "U5", "U2", "U3"]
    assert rob(r, "p_Xuất sắc") == [1, 1, 0, 0, 0] and rob(r, "p_Tốt") == [0, 0, 1, 0, 0]
    assert rob(r, "p_unbanded") == [0, 0, 0, 1, 1]


def test_robustness_without_a_band_scheme_has_ranks_only(five_units):
    ds = cd.Dataset(
        methodology=five_units.methodology, units=five_units.units, scores=five_units.scores.drop(columns="group")
    )
    r = w.robustness(ds, YEAR, G, draws=5, points=0)
    assert list(r.columns) == [
        "year",
        "group",
        "unit_id",
        "unit_name",
        "index",
        "band",
        "rank",
        "rank_median",
        "rank_p05",
        "rank_p95",
    ]
    assert rob(r, "rank_median") == [1, 2, 3, 4, 5]


def test_robustness_of_one_year_ignores_the_other_years():
    """two_years, 2023: A 100 Xuất sắc, B 80 Tốt, E 70.5 Khá; 2022's units are not drawn with them."""
    r = w.robustness(two_years(), 2023, G, draws=3, points=0)
    assert rob(r, "unit_id") == ["A", "B", "E"] and rob(r, "rank_median") == [1, 2, 3]
    assert rob(r, "p_Xuất sắc") == [1, 0, 0] and rob(r, "p_Tốt") == [0, 1, 0] and rob(r, "p_Khá") == [0, 0, 1]


def test_a_large_group_is_drawn_in_chunks_that_all_count():
    """30 units × 4 leaves = 120 score rows: 2,000,000 // 120 = 16,666 draws per chunk, so 20,000
    draws are 2 chunks (progress 16,666/20,000 then 1). Unit k has 2.1.2 = k and full marks
    elsewhere: index 56 + k, rank 31 − k; Tốt for k ≥ 24, Khá for 9–23, below both (no floor) for 1–8."""
    ids = [f"V{k:02d}" for k in range(1, 31)]
    table = {u: {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": float(k)} for k, u in enumerate(ids, start=1)}
    ds = cd.Dataset(
        methodology=methodology(AREAS),
        units=units(ids),
        scores=scores(table),
        bands=cd.BandScheme.parse("Tốt>=80; Khá>=65").to_frame(YEAR, G),
    )
    seen = []
    r = w.robustness(ds, YEAR, G, draws=20_000, points=0, progress=seen.append).set_index("unit_id")
    assert seen == [16_666 / 20_000, 1.0]
    assert list(r.loc[ids, "rank_median"]) == list(range(30, 0, -1))
    assert list(r.loc[ids, "p_Tốt"]) == [0] * 23 + [1] * 7
    assert list(r.loc[ids, "p_Khá"]) == [0] * 8 + [1] * 15 + [0] * 7
    assert list(r.loc[ids, "p_unbanded"]) == [1] * 8 + [0] * 22


def test_the_default_spread_is_half_a_point_either_way(five_units):
    """± 0.5 on each of U3's 4 leaves (all at least 0.5 from 0 and the maximum, out of 100): its index
    stays in [68.5, 72.5); the others stay above 72.5 (U2 80 ± 2, U5 81.33 ± 1.79)."""
    r = w.robustness(with_scheme(five_units, "Cao>=72.5; Giữa>=68.5; Thấp"), YEAR, G, draws=2000).set_index("unit_id")
    assert list(r["p_Giữa"]) == [0, 0, 0, 0, 1] and list(r["p_Cao"]) == [1, 1, 1, 1, 0] and (r["p_Thấp"] == 0).all()


def test_a_share_of_each_maximum_as_the_spread(five_units):
    """share 1 %: U3's leaves move by up to 0.15, 0.25, 0.16 and 0.44 points, 1 index point in all:
    its index stays in [69.5, 71.5)."""
    r = w.robustness(with_scheme(five_units, "Cao>=71.5; Giữa>=69.5; Thấp"), YEAR, G, draws=2000, share=0.01)
    r = r.set_index("unit_id")
    assert list(r["p_Giữa"]) == [0, 0, 0, 0, 1] and list(r["p_Cao"]) == [1, 1, 1, 1, 0] and (r["p_Thấp"] == 0).all()


def test_drawn_scores_stay_between_zero_and_the_maximum():
    """Z has 0 on every leaf: ± 0.5 kept ≥ 0 gives an index in [0, 2): always "Có" (≥ 0), never
    below every band. F has every maximum: its index is 100 only when none of its 4 leaves is drawn
    down, probability (1/2)^4 = 1/16; otherwise it is in (98, 100): "Nhiều"."""
    table = {
        "Z": {"1.1.1": 0.0, "1.1.2": 0.0, "2.1.1": 0.0, "2.1.2": 0.0},
        "F": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 44.0},
    }
    ds = cd.Dataset(
        methodology=methodology(AREAS),
        units=units(["Z", "F"]),
        scores=scores(table),
        bands=cd.BandScheme.parse("Đỉnh>=100; Nhiều>=2; Có>=0").to_frame(YEAR, G),
    )
    r = w.robustness(ds, YEAR, G, draws=2000).set_index("unit_id")
    assert list(r.columns)[-3:] == ["p_Đỉnh", "p_Nhiều", "p_Có"]  # no p_unbanded
    assert (r.loc["Z", "p_Có"], r.loc["Z", "p_Nhiều"]) == (1, 0)
    assert r.loc["F", "p_Đỉnh"] == pytest.approx(1 / 16, abs=0.025)  # sd √(1/16 · 15/16 / 2000) = 0.0054
    assert r.loc["F", "p_Nhiều"] == pytest.approx(1 - r.loc["F", "p_Đỉnh"])


def test_area_weights_drawn_by_hand():
    """X has area 1 full (40/40) and 20 of area 2's 60: index 60. With weights w1, w2 drawn in
    [0.5, 1.5] and no score spread, the index is (40 w1 + 20 w2) / (40 w1 + 60 w2) × 100:
    ≥ 70 when w2 ≤ 6/11 w1, probability ∫ from 11/12 to 1.5 of (6/11 w1 − 0.5) = 0.0928;
    < 50 when w2 > 2 w1, probability ∫ from 0.5 to 0.75 of (1.5 − 2 w1) = 0.0625."""
    table = {"X": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 0.0, "2.1.2": 20.0}}
    ds = cd.Dataset(
        methodology=methodology(AREAS),
        units=units(["X"]),
        scores=scores(table),
        bands=cd.BandScheme.parse("Cao>=70; Giữa>=50; Thấp").to_frame(YEAR, G),
    )
    r = w.robustness(ds, YEAR, G, draws=2000, points=0, area_spread=0.5, seed=5).iloc[0]
    assert r["index"] == pytest.approx(60) and r["band"] == "Giữa"
    assert r["p_Cao"] == pytest.approx(0.0928, abs=0.025)  # sd 0.0065
    assert r["p_Thấp"] == pytest.approx(0.0625, abs=0.025)  # sd 0.0054


def test_a_one_point_methodology_is_ranked():
    """One leaf worth 1 point: A 1/1 = 100, B 0.5/1 = 50; a unit's only score row is its first."""
    ds = cd.Dataset(
        methodology=methodology({"1": [1]}),
        units=units(["A", "B"]),
        scores=scores({"A": {"1.1.1": 1.0}, "B": {"1.1.1": 0.5}}),
        bands=cd.BandScheme.parse("Tốt>=80; Khá").to_frame(YEAR, G),
    )
    r = w.robustness(ds, YEAR, G, draws=3, points=0)
    assert rob(r, "unit_id") == ["A", "B"] and rob(r, "rank_median") == [1, 2] and rob(r, "p_Tốt") == [1, 0]
    assert gap_fields(w.gap(ds, YEAR, "B")) == pytest.approx((YEAR, "B", 50, "Tốt", 80, 0.3, 30, 0.5))


# -- scenario files, word for word ----------------------------------------------------------


def test_a_scenario_built_from_lists_holds_tuples(five_units):
    sc = w.Scenario("l", [w.ScoreChange(YEAR, "U3", "2.1.2", 39.5)], max_points=[w.MaxChange(YEAR, G, "1.1.1", 16)])
    assert sc.changes == (w.ScoreChange(YEAR, "U3", "2.1.2", 39.5),) and sc.max_points == (
        w.MaxChange(YEAR, G, "1.1.1", 16),
    )
    s = w.as_scenario("gợi ý", YEAR, "U3", w.suggest(five_units, YEAR, "U3", "Tốt"))
    assert (s.name, s.changes) == ("gợi ý", (w.ScoreChange(YEAR, "U3", "2.1.2", 39.5),))


def test_a_unit_without_an_index_has_no_gap_and_is_never_banded():
    """N has no applicable leaf: no index, no rank, no band; asking what it needs is refused (it has no
    index to raise; it has not "reached" anything); in every draw it is below every band and unranked,
    while A keeps 100 and rank 1."""
    table = {
        "A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 44.0},
        "N": {"1.1.1": None, "1.1.2": None, "2.1.1": None, "2.1.2": None},
    }
    ds = cd.Dataset(
        methodology=methodology(AREAS),
        units=units(["A", "N"]),
        scores=scores(table),
        bands=cd.BandScheme.parse("Tốt>=80; Khá").to_frame(YEAR, G),
    )
    no_index = [
        (
            "what-if",
            None,
            "unit_id",
            f"đơn vị 'N' không có tiêu chí nào áp dụng năm {YEAR}: không có chỉ số để nâng",
            f"unit 'N' has no applicable item in {YEAR}: it has no index to raise",
        )
    ]
    assert refused(lambda: w.gap(ds, YEAR, "N")) == no_index
    assert (
        refused(lambda: w.gap(ds, YEAR, "N", "Tốt")) == no_index
        and refused(lambda: w.gap(ds, YEAR, "N", 1)) == no_index
    )
    assert refused(lambda: w.suggest(ds, YEAR, "N")) == no_index and w.headroom(ds, YEAR, "N").empty
    with warnings.catch_warnings():  # numpy warns that N's ranks are NaN in every draw
        warnings.simplefilter("ignore", RuntimeWarning)
        r = w.robustness(ds, YEAR, G, draws=4).set_index("unit_id")
    assert list(r.columns)[-3:] == ["p_Tốt", "p_Khá", "p_unbanded"]
    assert list(r["p_unbanded"]) == [0, 1] and list(r["p_Tốt"]) == [1, 0] and r.loc["A", "rank_median"] == 1
    assert r.loc["N", ["rank_median", "rank_p05", "rank_p95"]].isna().all() and pd.isna(r.loc["N", "rank"])


# -- suggest as staff can act on it (issue 23, part 5) --------------------------------------


def test_a_suggestion_lands_on_the_inputs_step_at_or_above_the_threshold():
    """79.8 (2.1.1 6.1, 2.1.2 33.7) → Tốt needs 0.2: 2.1.2 33.7 → 33.9 is off the 0.25 step, so
    34.0 (+0.3): the unit lands at 80.1, above the threshold, not on it."""
    table = {"A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 6.1, "2.1.2": 33.7}}
    ds = cd.Dataset(methodology=methodology(AREAS), units=units(["A"]), scores=scores(table),
                    bands=cd.BandScheme.parse(SCHEME).to_frame(YEAR, G))
    s = w.suggest(ds, YEAR, "A")
    assert list(s["item_id"]) == ["2.1.2"] and list(s["new_score"]) == pytest.approx([34.0])
    assert list(s["gain"]) == pytest.approx([0.3]) and s.attrs["short"] == 0
    sim = w.simulate(ds, w.as_scenario("gợi ý", YEAR, "A", s))
    assert by_unit(sim.results).loc["A", "index"] == pytest.approx(80.1)
    assert by_unit(sim.results).loc["A", "band"] == "Tốt"
    half = w.suggest(ds, YEAR, "A", step=0.5)  # a coarser step: 34.0 is on it too
    assert list(half["new_score"]) == pytest.approx([34.0])


def _with_survey(ds: cd.Dataset, item: str) -> cd.Dataset:
    meth = ds.methodology.copy()
    meth.loc[meth["item_id"] == item, "kind"] = "survey"
    return ds.replace(methodology=meth)


def test_survey_items_are_left_out_unless_asked_for(five_units):
    """U3 (70.5) → Tốt needs 9.5. With 2.1.2 (14 free) a survey item, the assessed items by
    headroom are 1.1.2 (6.5), 1.1.1 (5): 1.1.2 to 25, then 1.1.1 + 3 → 13. Asked to include the
    survey items, 2.1.2 alone (30 → 39.5)."""
    ds = _with_survey(five_units, "2.1.2")
    s = w.suggest(ds, YEAR, "U3", "Tốt")
    assert list(s["item_id"]) == ["1.1.2", "1.1.1"] and set(s["kind"]) == {"assessed"}
    assert list(s["new_score"]) == pytest.approx([25, 13]) and list(s["gain"]) == pytest.approx([6.5, 3])
    s = w.suggest(ds, YEAR, "U3", "Tốt", kinds=("assessed", "survey"))
    assert list(s["item_id"]) == ["2.1.2"] and list(s["new_score"]) == pytest.approx([39.5])


def test_a_target_the_assessed_items_cannot_reach_says_how_short(five_units):
    """U3 → Xuất sắc needs 19.5; without 2.1.2 (survey) the assessed headroom is 6.5 + 5 + 4 = 15.5:
    all three to their maximum, 4 points short."""
    s = w.suggest(_with_survey(five_units, "2.1.2"), YEAR, "U3", "Xuất sắc")
    assert list(s["item_id"]) == ["1.1.2", "1.1.1", "2.1.1"]
    assert list(s["new_score"]) == pytest.approx([25, 15, 16]) and s.attrs["short"] == pytest.approx(4)
