"""Score validation built for national scale (DESIGN §3): integer row keys, same problems.

Validation compares rows through integer codes instead of merging string columns. These
tests pin what a user sees: every kind of score problem at once, each located and in a
fixed order, more than 200 hits of one kind summarised, missing leaves named per unit,
different spellings of one id treated as that id, and the public frames' types.
Every expectation is written out by hand.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd

YEAR = 2023
G = "Sở, ban, ngành"
SCORE_COLUMNS = ["year", "unit_id", "item_id", "self_score", "score", "applicable"]
# Leaves in methodology order (area 2 is listed first, so this order is not alphabetical).
LEAVES = {"2.1.1": 16.0, "2.1.2": 44.0, "1.1.1": 15.0, "1.1.2": 25.0}


def methodology() -> pd.DataFrame:
    rows = [(YEAR, G, "2", None, "area", "Cải cách TTHC", 60.0),
            (YEAR, G, "2.1", "2", "criterion", "Công khai TTHC", 60.0),
            (YEAR, G, "2.1.1", "2.1", "item", "Đúng hạn", 16.0),
            (YEAR, G, "2.1.2", "2.1", "item", "Đầy đủ", 44.0),
            (YEAR, G, "1", None, "area", "Chỉ đạo, điều hành", 40.0),
            (YEAR, G, "1.1", "1", "criterion", "Kế hoạch CCHC", 40.0),
            (YEAR, G, "1.1.1", "1.1", "item", "Ban hành đúng hạn", 15.0),
            (YEAR, G, "1.1.2", "1.1", "item", "Mức độ hoàn thành", 25.0)]
    frame = pd.DataFrame(rows, columns=["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points"])
    return frame.assign(kind="assessed")


def units(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"unit_id": ids, "unit_name": [f"Đơn vị {u}" for u in ids], "group": G})


def row(unit: object, item: str, score: object, self_score: float = np.nan, applicable: object = True) -> dict:
    return {
        "year": YEAR,
        "unit_id": unit,
        "item_id": item,
        "self_score": self_score,
        "score": score,
        "applicable": applicable,
    }


def full_rows(unit: str, skip: tuple[str, ...] = ()) -> list[dict]:
    """One valid row per leaf (half the maximum), in methodology order, except the ``skip`` leaves."""
    return [row(unit, item, mx / 2) for item, mx in LEAVES.items() if item not in skip]


def problems_of(**frames) -> list[tuple]:
    with pytest.raises(cd.ValidationError) as err:
        cd.Dataset(**frames)
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in err.value.problems]


def test_every_kind_of_score_problem_at_once_in_a_fixed_order():
    """One frame with every score problem: each located, in check order, 230 hits summarised after 200."""
    ids = [f"U{i:03d}" for i in range(250)]
    rows = [r for u in ids[:248] for r in full_rows(u)]  # row 4·u + k holds leaf k of unit u
    rows += full_rows("U249", skip=("2.1.2", "1.1.1"))  # rows 992–993: U249 lacks two leaves
    rows += full_rows("U248", skip=("1.1.2",))  # rows 994–996: U248 lacks one
    for u in range(230):
        rows[4 * u + 2]["score"] = 15.5  # leaf 1.1.1 (max 15): 230 × above the maximum
    rows[920]["score"] = "tám"  # U230, 2.1.1: text
    rows[925]["score"] = np.nan  # U231, 2.1.2: blank though applicable
    rows[929]["score"] = "  "  # U232, 2.1.2: blank (spaces)
    rows[932]["applicable"] = "có lẽ"  # U233, 2.1.1: neither yes nor no
    rows[939].update(score=np.nan, applicable=False)  # U234, 1.1.2: blank and not applicable: fine
    rows[941]["self_score"] = 45.0  # U235, 2.1.2 (max 44): self score too high
    rows.append(row(" U236", "1.1.1", 7.5))  # 997: U236 again (typed with a space)
    rows.append(row("U999", "1.1.1", 5.0))  # 998: unknown unit
    rows.append(row("U237", "9.9.9", 1.0))  # 999: unknown item
    found = problems_of(methodology=methodology(), units=units(ids), scores=pd.DataFrame(rows, columns=SCORE_COLUMNS))

    def at(pos, column, vi, en):
        return ("scores", pos, column, vi, en)

    above = [at(4 * u + 2, "score", "điểm 15,5 nằm ngoài [0; 15]", "score 15.5 is outside [0, 15]") for u in range(200)]
    blank = (
        "thiếu điểm thẩm định (ô trống) cho tiêu chí có áp dụng",
        "appraised score is blank for an applicable item",
    )
    assert found == [
        at(932, "applicable", "'có lẽ' không phải đúng/sai", "'có lẽ' is not true/false"),
        at(920, "score", "'tám' không phải là số", "'tám' is not a number"),
        at(925, "score", *blank),
        at(929, "score", *blank),
        at(
            997,
            "item_id",
            "dòng điểm bị trùng (year=2023, unit_id=U236, item_id=1.1.1)",
            "duplicate score row (year=2023, unit_id=U236, item_id=1.1.1)",
        ),
        at(998, "unit_id", "đơn vị 'U999' không có trong danh sách đơn vị", "unit 'U999' is not in the unit list"),
        at(
            999,
            "item_id",
            f"tiêu chí '9.9.9' không có trong bộ tiêu chí năm 2023 ({G})",
            f"item '9.9.9' is not a leaf of the 2023 methodology ({G})",
        ),
        at(None, "score", "… và 30 dòng khác có cùng lỗi", "… and 30 more rows with the same problem"),
        *above,
        at(941, "self_score", "điểm 45 nằm ngoài [0; 44]", "score 45 is outside [0, 44]"),
        # Units in the order they first appear, leaves in methodology order; each named at the unit's
        # first row of the year (U249: 992, U248: 994).
        at(
            992,
            "item_id",
            "đơn vị 'U249' năm 2023 thiếu dòng điểm cho tiêu chí '2.1.2'",
            "unit 'U249' in 2023 has no score row for item '2.1.2'",
        ),
        at(
            992,
            "item_id",
            "đơn vị 'U249' năm 2023 thiếu dòng điểm cho tiêu chí '1.1.1'",
            "unit 'U249' in 2023 has no score row for item '1.1.1'",
        ),
        at(
            994,
            "item_id",
            "đơn vị 'U248' năm 2023 thiếu dòng điểm cho tiêu chí '1.1.2'",
            "unit 'U248' in 2023 has no score row for item '1.1.2'",
        ),
    ]


def test_a_leaf_missing_for_every_unit_is_listed_per_unit_and_summarised():
    """A leaf absent for all 250 units (a year short of one item): 200 named in row order, 50 counted."""
    ids = [f"U{i:03d}" for i in range(250)]
    rows = [r for u in reversed(ids) for r in full_rows(u, skip=("1.1.2",))]
    found = problems_of(methodology=methodology(), units=units(ids), scores=pd.DataFrame(rows, columns=SCORE_COLUMNS))
    assert found[0] == (
        "scores",
        None,
        "item_id",
        "… và 50 dòng khác có cùng lỗi",
        "… and 50 more rows with the same problem",
    )
    assert [p[4] for p in found[1:]] == [
        f"unit '{u}' in 2023 has no score row for item '1.1.2'" for u in reversed(ids[50:])
    ]


def test_spellings_of_one_id_are_that_id():
    """ " U1", an NFD name and 7.0 typed for "7" are the same unit: complete, and duplicates of each other."""
    uu = pd.DataFrame({"unit_id": ["U1", "Sở Tư pháp", "7"], "unit_name": ["Một", "Tư pháp", "Bảy"], "group": G})
    first, last = list(LEAVES)[:2], list(LEAVES)[2:]
    rows = []
    for written, typed in (("U1", " U1"), ("Sở Tư pháp", unicodedata.normalize("NFD", "Sở Tư pháp")), ("7", 7.0)):
        rows += [row(written, i, LEAVES[i] / 2) for i in first] + [row(typed, i, LEAVES[i] / 2) for i in last]
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    ds = cd.Dataset(methodology=methodology(), units=uu, scores=scores)
    assert ds.scores["unit_id"].tolist() == ["U1"] * 4 + ["Sở Tư pháp"] * 4 + ["7"] * 4
    again = pd.concat([scores, scores.iloc[[0]].assign(unit_id=" U1 ")], ignore_index=True)
    found = problems_of(methodology=methodology(), units=uu, scores=again)
    assert [(p[1], p[2], p[4]) for p in found] == [
        (12, "item_id", "duplicate score row (year=2023, unit_id=U1, item_id=2.1.1)")
    ]


def test_validated_scores_keep_their_public_types():
    """Ids stay plain object strings, the year nullable Int64, applicable bool; group is the unit's group."""
    ids = ["U1", "U2"]
    scores = pd.DataFrame([r for u in ids for r in full_rows(u)], columns=SCORE_COLUMNS)
    ds = cd.Dataset(methodology=methodology(), units=units(ids), scores=scores)
    assert ds.scores.columns.tolist() == SCORE_COLUMNS + ["group"]
    assert {c: str(t) for c, t in ds.scores.dtypes.items() if c != "group"} == {
        "year": "Int64",
        "unit_id": "object",
        "item_id": "object",
        "self_score": "float64",
        "score": "float64",
        "applicable": "bool",
    }
    assert ds.scores["group"].tolist() == [G] * 8
    res = cd.compute(ds)
    assert res["unit_id"].dtype == object and res["unit_id"].tolist() == ["U1", "U2"]
    assert res["group"].tolist() == [G, G] and res["index"].tolist() == [50.0, 50.0]
