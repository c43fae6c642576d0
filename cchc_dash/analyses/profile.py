"""One unit's profile for one year: how it did, against whom, and where it lost points.

:func:`profile` gathers, from :func:`cchc_dash.compute` results (and the dataset, for the
sub-criteria): the headline figures (score, index, rank "4/20", band, group mean), the change
since last year following lineage (a merged unit has predecessors, not a previous value of its
own), the areas and sub-criteria furthest above and below the group mean, where the appraisal
cut the self-assessed score most, and the sub-criteria with the most points still available.
The written paragraph is :func:`cchc_dash.render.highlights.highlights`; dashboard 6 shows both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import SupportsInt, cast

import numpy as np
import pandas as pd

from ..core.dataset import Dataset
from ..core.errors import Problem, ValidationError
from ..core.methodology import area_names
from .sipas import index_ranks
from .trends import trends

#: How many areas / sub-criteria each list shows.
TOP = 5
#: The columns of the item table behind strengths, weaknesses, cuts and headroom (empty without a dataset).
ITEM_COLUMNS = ["item_id", "name_vi", "label", "area_id", "max_points", "score", "self_score", "rate", "group_rate",
                "gap", "cut", "headroom"]
#: Between a criterion and its sub-criterion in an item's :func:`item_label`.
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class Previous:
    """The unit's line in the year before: its own row, or its predecessors' after a merger.

    ``change`` (index points) and ``rank_change`` (places up) are NaN / None when the unit
    has no single previous value (new, or merged from several units).
    """

    year: int
    names: tuple[str, ...]
    index: float
    rank: int | None
    rank_of: int | None
    band: object
    change: float
    rank_change: int | None
    merged: bool


@dataclass(frozen=True)
class Profile:
    """Everything dashboard 6 and the written paragraph say about one unit in one year."""

    year: int
    group: str
    unit_id: str
    unit_name: str
    score: float
    max_points: float
    index: float
    rank: int | None
    rank_of: int
    band: object
    group_mean: float          #: mean index (%) of the group's ranked units: what the profile compares with
    group_mean_score: float    #: mean score (points) of the same units (differs when leaves do not apply)
    tied: bool                 #: another unit has the same rank
    previous: Previous | None
    areas: pd.DataFrame        #: area_id, area_name, index, group_mean, gap — best gap first
    strengths: pd.DataFrame = field(repr=False)   #: sub-criteria furthest above the group mean
    weaknesses: pd.DataFrame = field(repr=False)  #: … furthest below (worst first)
    cuts: pd.DataFrame = field(repr=False)        #: self − appraised by sub-criterion, largest first
    headroom: pd.DataFrame = field(repr=False)    #: max − appraised by sub-criterion, largest first
    sipas: tuple[float, int | None, int] | None = None  #: SIPAS index, its rank and the units ranked, when surveyed


def _problem(vi: str, en: str) -> ValidationError:
    return ValidationError([Problem("profile", None, "unit_id", vi, en)])


def _int(value: object) -> int | None:
    """A rank cell (int, float or numpy number; NA → None) as an int."""
    return None if pd.isna(value) else int(cast(SupportsInt, value))


def _previous(results: pd.DataFrame, unit_id: str, year: int) -> Previous | None:
    """The year before, following lineage (renames continue the line; mergers list predecessors)."""
    line = trends(results, units=[unit_id])
    before = line[line["year"] == year - 1]
    now = line[(line["year"] == year) & ~line["predecessor"]]
    if before.empty or now.empty:
        return None
    merged = len(before) > 1
    first = before.iloc[0]
    return Previous(
        year=year - 1, names=tuple(before["unit_name"]),
        index=float("nan") if merged else float(first["index"]),
        rank=None if merged else _int(first["rank"]), rank_of=None if merged else _int(first["rank_of"]),
        band=None if merged else first["band"],
        change=float(now["change"].iloc[0]) if not pd.isna(now["change"].iloc[0]) else float("nan"),
        rank_change=_int(now["rank_change"].iloc[0]), merged=merged)


def _areas(part: pd.DataFrame, row: pd.Series, names: dict[str, str]) -> pd.DataFrame:
    cols = [c for c in part.columns if c.startswith("area_") and not pd.isna(row[c])]
    out = pd.DataFrame({"area_id": [c.removeprefix("area_") for c in cols],
                        "index": [float(row[c]) for c in cols],
                        "group_mean": [float(part[c].mean()) for c in cols]})
    out["area_name"] = [names.get(a, a) for a in out["area_id"]]
    out["gap"] = out["index"] - out["group_mean"]
    return out[["area_id", "area_name", "index", "group_mean", "gap"]].sort_values(
        ["gap", "area_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def item_label(item_id: str, name: str, criterion_id: str, criterion_name: object) -> str:
    """ "5.3 Cải cách chế độ công vụ › 5.3.1 Ban hành, triển khai đúng thời hạn": a sub-criterion
    named with its criterion, because many criteria share sub-criterion names ("Ban hành, triển
    khai đúng thời hạn" recurs under several); a leaf without a criterion above it is "1.1 Name"."""
    own = f"{item_id} {name}"
    if pd.isna(criterion_name):  # the leaf hangs from an area, not from a criterion
        return own
    return f"{criterion_id} {criterion_name}{PATH_SEPARATOR}{own}"


def _items(ds: Dataset, year: int, group: str, unit_id: str) -> pd.DataFrame:
    """The unit's applicable sub-criteria: score, self score, maximum, rate and the group's mean rate,
    each labelled with its criterion (:func:`item_label`)."""
    leaves = ds.leaves()
    leaves = leaves[(leaves["year"] == year) & (leaves["group"] == group)][
        ["item_id", "parent_id", "name_vi", "area_id", "max_points"]
    ]
    meth = ds.methodology
    criteria = meth[(meth["year"] == year) & (meth["group"] == group) & (meth["level"] == "criterion")]
    criteria = criteria[["item_id", "name_vi"]].rename(columns={"item_id": "parent_id", "name_vi": "criterion_name"})
    leaves = leaves.merge(criteria, on="parent_id", how="left")
    leaves["label"] = [
        item_label(i, n, c, cn)
        for i, n, c, cn in zip(leaves["item_id"], leaves["name_vi"], leaves["parent_id"], leaves["criterion_name"])
    ]
    leaves = leaves.drop(columns=["parent_id", "criterion_name"])
    s = ds.scores
    s = s[(s["year"] == year) & (s["group"] == group) & s["applicable"]]
    s = s.merge(leaves, on="item_id")
    with np.errstate(invalid="ignore", divide="ignore"):
        s = s.assign(rate=np.where(s["max_points"] > 0, s["score"] / s["max_points"] * 100, np.nan))
    mean = s.groupby("item_id")["rate"].mean().rename("group_rate")
    mine = s[s["unit_id"] == unit_id].merge(mean, left_on="item_id", right_index=True)
    mine["gap"] = mine["rate"] - mine["group_rate"]
    mine["cut"] = mine["self_score"] - mine["score"]
    mine["headroom"] = mine["max_points"] - mine["score"]
    return mine[ITEM_COLUMNS].reset_index(drop=True)


def profile(
    results: pd.DataFrame,
    unit_id: str,
    year: int,
    ds: Dataset | None = None,
    top: int = TOP,
    sipas: pd.DataFrame | None = None,
) -> Profile:
    """The profile of ``unit_id`` in ``year`` from :func:`cchc_dash.compute` ``results``.

    With ``ds`` (the dataset the results came from) the sub-criteria lists and area names are
    filled; without it they are empty and areas are named by id. With ``sipas``
    (:func:`cchc_dash.sipas_index` of the same data) the unit's satisfaction index and its rank
    in the group are added. An unknown unit or a year in which the unit was not scored raises
    :class:`ValidationError`.
    """
    rows = results[(results["year"] == year) & (results["unit_id"] == unit_id)]
    if rows.empty:
        raise _problem(f"đơn vị '{unit_id}' không có kết quả năm {year}", f"unit '{unit_id}' has no result in {year}")
    row = rows.iloc[0]
    group = row["group"]
    part = results[(results["year"] == year) & (results["group"] == group) & results["index"].notna()]
    names = area_names(ds.methodology, year, group) if ds is not None else {}
    items = (
        _items(ds, year, group, unit_id)
        if ds is not None
        else pd.DataFrame(columns=ITEM_COLUMNS)
    )
    by_gap = items.sort_values(["gap", "item_id"], ascending=[False, True], kind="stable")
    rank = _int(row["rank"])
    return Profile(
        year=int(year),
        group=group,
        unit_id=unit_id,
        unit_name=str(row["unit_name"]),
        score=float(row["score"]),
        max_points=float(row["max_points"]),
        index=float(row["index"]),
        rank=rank,
        rank_of=int(row["rank_of"]),
        band=row["band"],
        group_mean=float(part["index"].mean()),
        group_mean_score=float(part["score"].mean()),
        tied=rank is not None and int((part["rank"] == rank).sum()) > 1,
        previous=_previous(results, unit_id, int(year)),
        areas=_areas(part, row, names),
        strengths=by_gap[by_gap["gap"] > 0].head(top).reset_index(drop=True),
        weaknesses=by_gap[by_gap["gap"] < 0].iloc[::-1].head(top).reset_index(drop=True),
        cuts=items[items["cut"] > 0]
        .sort_values(["cut", "item_id"], ascending=[False, True], kind="stable")
        .head(top)
        .reset_index(drop=True),
        headroom=items[items["headroom"] > 0]
        .sort_values(["headroom", "item_id"], ascending=[False, True], kind="stable")
        .head(top)
        .reset_index(drop=True),
        sipas=_sipas(sipas, results, unit_id, int(year)),
    )


def _sipas(
    sip: pd.DataFrame | None, results: pd.DataFrame, unit_id: str, year: int
) -> tuple[float, int | None, int] | None:
    """The unit's SIPAS index in ``year`` with its rank among the surveyed units of its group."""
    if sip is None or sip.empty:
        return None
    groups = results[["unit_id", "group"]].drop_duplicates("unit_id")
    ranks = index_ranks(sip[sip["year"] == year], groups)
    mine = ranks[ranks["unit_id"] == unit_id]
    if mine.empty or pd.isna(mine["sipas"].iloc[0]):
        return None
    return float(mine["sipas"].iloc[0]), _int(mine["sipas_rank"].iloc[0]), int(mine["sipas_rank_of"].iloc[0])
