"""profile.py against the hand-built two-year dataset (tests/handmade.py: two_years)."""

from __future__ import annotations

import math

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
    with pytest.raises(cd.ValidationError):
        cd.profile(res, "Z", 2023, ds)
    with pytest.raises(cd.ValidationError):
        cd.profile(res, "C", 2023, ds)  # merged away in 2023
