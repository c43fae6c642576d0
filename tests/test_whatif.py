"""What-if scenarios, gap analysis, robustness and scenario files (cchc_dash/whatif.py).

five_units, worked by hand (tests/test_scoring.py): U4 100 (Xuất sắc), U1 91 (Xuất sắc),
U5 68.32/84 = 81.33 (Tốt), U2 80 (Tốt), U3 70.5 (Khá); scheme Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 65.
U3's leaves: 1.1.1 10/15, 1.1.2 18.5/25, 2.1.1 12/16, 2.1.2 30/44.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash import whatif as w

from .handmade import AREAS, G, YEAR, by_unit, methodology, scores, units

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
    assert 0 < r.loc["U2", "p_Tốt"] < 1 and r.loc["U2", "p_Khá"] == pytest.approx(1 - r.loc["U2", "p_Tốt"])  # 80 ± noise


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
    return w.Scenario("Sở Tư pháp đạt Tốt", [w.ScoreChange(YEAR, "U3", "2.1.2", 39.5)],
                      {(YEAR, G): cd.BandScheme.parse("Tốt>=85; Khá>=75; Yếu")},
                      [w.MaxChange(YEAR, G, "1.1.1", 16.0)], author="Phòng CCHC")


def test_scenario_round_trip(tmp_path):
    path = w.save_scenario(full_scenario(), tmp_path / "kich_ban.json")
    back = w.load_scenario(path)
    assert (back.name, back.author, back.changes, back.max_points) == \
           ("Sở Tư pháp đạt Tốt", "Phòng CCHC", (w.ScoreChange(YEAR, "U3", "2.1.2", 39.5),), (w.MaxChange(YEAR, G, "1.1.1", 16.0),))
    assert back.schemes[(YEAR, G)].to_text() == "Tốt>=85; Khá>=75; Yếu"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "cchc_dash/scenario" and data["version"] == 1 and data["created"]


def test_an_existing_file_is_not_clobbered(tmp_path):
    path = tmp_path / "kich_ban.json"
    path.write_bytes(b"keep me")
    with pytest.raises(cd.ValidationError) as err:
        w.save_scenario(full_scenario(), path)
    assert "exists" in str(err.value) and path.read_bytes() == b"keep me"
    w.save_scenario(full_scenario(), path, overwrite=True)
    assert w.load_scenario(path).name == "Sở Tư pháp đạt Tốt"
    assert [p.name for p in tmp_path.iterdir()] == ["kich_ban.json"]  # no temporary file left


@pytest.mark.parametrize("content, needle", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not valid JSON"),
    (b'{"schema": "something/else"}', "not a cchc_dash scenario"),
    (b'{"schema": "cchc_dash/scenario", "version": 99}', "version 99"),
    (b'{"schema": "cchc_dash/scenario", "version": 1, "changes": [{"year": "2023"}]}', "malformed"),
    (b'{"schema": "cchc_dash/scenario", "version": 1, "schemes": [{"year": 2023, "group": "G", "scheme": "Tot>>1"}]}', "cannot read"),
])
def test_corrupt_or_foreign_files_are_refused(tmp_path, content, needle):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(cd.ValidationError) as err:
        w.load_scenario(path)
    assert needle in str(err.value) and "x.json" in str(err.value)


def test_a_failed_write_keeps_the_old_file_byte_for_byte(tmp_path):
    from cchc_dash.io.files import write_atomic
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
