"""Ranks inside groups (DESIGN §3): best first, ties shared 1, 2, 2, 4, NaN unranked; worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cchc_dash.core.ranks import add_ranks, group_ranks, tie_rank


def test_group_ranks_rank_each_group_apart_and_skip_missing():
    values = np.array([80.0, 90.0, 80.0, np.nan, 70.0, 95.0])
    groups = np.array([0, 0, 0, 0, 1, 1])
    rank, rank_of = group_ranks(values, groups)
    assert list(rank[[0, 1, 2, 4, 5]]) == [2, 1, 2, 2, 1]
    assert math.isnan(rank[3])
    assert list(rank_of) == [3, 3, 3, 3, 2, 2]  # the NaN is in group 0 but not counted


def test_ties_within_tolerance_share_a_rank_and_the_next_is_skipped():
    """1e-12 apart is summation noise: one tie; 1e-6 apart is a real difference."""
    assert list(tie_rank(np.array([90.0, 80.0, 80.0 + 1e-12, 70.0]))) == [1, 2, 2, 4]
    assert list(tie_rank(np.array([80.0 + 1e-6, 80.0]))) == [1, 2]


def test_groups_given_in_any_order():
    """Group codes interleaved: each group still ranked on its own."""
    rank, _ = group_ranks(np.array([10.0, 50.0, 20.0, 40.0]), np.array([1, 0, 1, 0]))
    assert list(rank) == [2, 1, 1, 2]


def test_add_ranks_on_a_frame():
    frame = pd.DataFrame({"year": [2024, 2024, 2025], "group": ["A", "A", "A"], "index": [70.0, 75.0, 60.0]})
    out = add_ranks(frame, ["year", "group"])
    assert list(out["rank"]) == [2, 1, 1] and list(out["rank_of"]) == [2, 2, 1]
    assert str(out["rank"].dtype) == "Int64"


# -- written to kill the mutants that survived `./run mutants ranks` (docs/testing.md) -----------

def test_an_empty_frame_gets_empty_rank_columns():
    out = add_ranks(pd.DataFrame({"group": pd.Series(dtype=object), "index": pd.Series(dtype=float)}), ["group"])
    assert list(out.columns) == ["group", "index", "rank", "rank_of"] and len(out) == 0
    assert str(out["rank"].dtype) == "Int64"


def test_a_missing_group_key_is_a_group_of_its_own():
    """Rows whose group is blank are ranked among themselves, not dropped or mixed into another group."""
    frame = pd.DataFrame({"group": ["A", None, "A", None], "index": [70.0, 90.0, 80.0, 60.0]})
    out = add_ranks(frame, ["group"])
    assert out["rank"].tolist() == [2, 1, 1, 2] and out["rank_of"].tolist() == [2, 2, 2, 2]


def test_group_ranks_reads_blanks_in_an_object_array_as_no_value():
    rank, rank_of = group_ranks(np.array([None, 85.0, 90.0], dtype=object), np.array([0, 0, 0]))
    assert np.isnan(rank[0]) and rank[1:].tolist() == [2.0, 1.0] and rank_of.tolist() == [2, 2, 2]


def test_empty_and_single_value_inputs():
    rank, rank_of = group_ranks(np.array([]), np.array([], dtype=int))
    assert rank.tolist() == [] and rank_of.tolist() == []
    rank, rank_of = group_ranks(np.array([77.0]), np.array([0]))
    assert rank.tolist() == [1.0] and rank_of.tolist() == [1]


def test_a_group_whose_only_values_are_missing_counts_zero():
    """Group 1 holds only a NaN: nobody in it is ranked and its rank_of is 0 (not an index error)."""
    rank, rank_of = group_ranks(np.array([np.nan, 80.0]), np.array([1, 0]))
    assert np.isnan(rank[0]) and rank[1] == 1.0 and rank_of.tolist() == [0, 1]


def test_add_ranks_keeps_the_frames_index_and_whole_number_counts():
    frame = pd.DataFrame(
        {"group": ["A", "A", "B"], "index": pd.array([70, 90, pd.NA], dtype="Int64")}, index=[10, 20, 30]
    )
    out = add_ranks(frame, ["group"])
    assert out["rank"].loc[[10, 20]].tolist() == [2, 1] and out["rank"].isna().tolist() == [False, False, True]
    assert out["rank_of"].tolist() == [2, 2, 0] and out["rank_of"].dtype.kind == "i"
