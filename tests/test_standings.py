"""ranking.py: one (year, group) slice, year-on-year change, KPIs (DESIGN §7.1)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cchc_dash.analyses import standings as ranking

SO = "Sở, ban, ngành"
HUYEN = "UBND cấp huyện"


@pytest.fixture
def results() -> pd.DataFrame:
    """A hand-built results frame: 2024 and 2025, two groups.

    In 2025 S4 merged into the new S5 (no 2025 row for S4; S5 has no 2024 row).
    S6 has a row in 2025 but no index (unranked).
    """
    rows = [
        # year, group, unit_id, unit_name, index, rank
        (2024, SO, "S1", "Sở Tư pháp", 80.0, 3),
        (2024, SO, "S2", "Sở Nội vụ", 85.0, 1),
        (2024, SO, "S3", "Sở Y tế", 70.0, 4),
        (2024, SO, "S4", "Sở Giao thông vận tải", 82.0, 2),
        (2025, SO, "S1", "Sở Tư pháp", 86.0, 2),
        (2025, SO, "S2", "Sở Nội vụ", 84.0, 3),
        (2025, SO, "S3", "Sở Y tế", 78.0, 4),
        (2025, SO, "S5", "Sở Xây dựng", 88.0, 1),
        (2025, SO, "S6", "Sở Ngoại vụ", np.nan, None),
        (2025, HUYEN, "H1", "UBND huyện An Phú", 99.0, 1),   # another group: never mixed in
        (2024, HUYEN, "H1", "UBND huyện An Phú", 50.0, 1),
    ]
    df = pd.DataFrame(rows, columns=["year", "group", "unit_id", "unit_name", "index", "rank"])
    df["rank"] = df["rank"].astype("Int64")
    return df.sample(frac=1.0, random_state=3).reset_index(drop=True)  # order must not matter


def test_slice_of_is_one_year_and_group_best_first(results):
    """group_ranking keeps one (year, group), ordered by rank, unranked units last."""
    part = ranking.group_ranking(results, 2025, SO)
    assert part["unit_id"].tolist() == ["S5", "S1", "S2", "S3", "S6"]
    assert set(part["year"]) == {2025} and set(part["group"]) == {SO}
    assert list(part.index) == [0, 1, 2, 3, 4]


def test_with_change_against_previous_year(results):
    """change = index − previous year's index of the same unit id; prev_rank comes along."""
    ch = ranking.with_change(results, 2025, SO).set_index("unit_id")
    assert ch.loc["S1", "prev_index"] == 80.0
    assert ch.loc["S1", "change"] == pytest.approx(6.0)
    assert ch.loc["S2", "change"] == pytest.approx(-1.0)
    assert ch.loc["S3", "change"] == pytest.approx(8.0)
    assert int(ch.loc["S1", "prev_rank"]) == 3
    assert int(ch.loc["S2", "prev_rank"]) == 1


def test_merged_unit_has_no_change(results):
    """A unit created by a merger has no previous year: no change (not its predecessor's)."""
    ch = ranking.with_change(results, 2025, SO).set_index("unit_id")
    assert math.isnan(ch.loc["S5", "prev_index"])
    assert math.isnan(ch.loc["S5", "change"])
    assert "S4" not in ch.index


def test_with_change_in_first_year_has_no_change(results):
    """In the first year of the data there is nothing to compare with."""
    ch = ranking.with_change(results, 2024, SO)
    assert len(ch) == 4
    assert ch["change"].isna().all()


def test_kpis_mean_best_worst(results):
    """Mean, best and worst over the ranked units of the slice."""
    k = ranking.kpis(results, 2025, SO)
    assert k.n == 4                                       # S6 has no index
    assert k.mean == pytest.approx((86 + 84 + 78 + 88) / 4)
    assert (k.best_name, k.best_index) == ("Sở Xây dựng", 88.0)
    assert (k.worst_name, k.worst_index) == ("Sở Y tế", 78.0)


def test_kpis_movers(results):
    """Biggest rises and falls since last year, largest first; merged units are not movers."""
    k = ranking.kpis(results, 2025, SO)
    assert k.up["unit_name"].tolist() == ["Sở Y tế", "Sở Tư pháp"]       # +8, +6
    assert k.up["change"].tolist() == pytest.approx([8.0, 6.0])
    assert k.down["unit_name"].tolist() == ["Sở Nội vụ"]                  # −1
    assert k.down["change"].tolist() == pytest.approx([-1.0])
    assert "Sở Xây dựng" not in k.up["unit_name"].tolist() + k.down["unit_name"].tolist()


def test_kpis_movers_limit(results):
    """movers= caps how many rises and falls are listed."""
    k = ranking.kpis(results, 2025, SO, movers=1)
    assert k.up["unit_name"].tolist() == ["Sở Y tế"]
    assert k.down["unit_name"].tolist() == ["Sở Nội vụ"]


def test_kpis_of_an_empty_slice_is_an_error(results):
    """Asking for a (year, group) with no results is an error, not a row of NaNs."""
    with pytest.raises(ValueError):
        ranking.kpis(results, 2025, "UBND cấp xã")


def test_units_not_assessed_are_listed_with_their_names_groups_and_reasons():
    """Two units marked for 2025 (one per group) and one for 2024: each year and group gets its own."""
    units = pd.DataFrame({"unit_id": ["S1", "S2", "H1"], "unit_name": ["Sở A", "Sở B", "Huyện C"],
                          "group": [SO, SO, HUYEN]})
    marked = pd.DataFrame({"year": [2025, 2025, 2024], "unit_id": ["H1", "S2", "S1"],
                           "reason": ["giải thể", "mới thành lập", "sáp nhập"]})
    got = ranking.not_assessed_in(marked, units, 2025, SO)
    assert got.to_dict("records") == [{"unit_id": "S2", "unit_name": "Sở B", "group": SO, "reason": "mới thành lập"}]
    assert ranking.not_assessed_in(marked, units, 2025)["unit_id"].tolist() == ["S2", "H1"]  # the unit list's order
    assert ranking.not_assessed_in(marked, units, 2023).empty
    assert ranking.not_assessed_in(pd.DataFrame(), units, 2025).columns.tolist() == ["unit_id", "unit_name", "group",
                                                                                     "reason"]
