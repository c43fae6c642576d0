"""The ranking of one (year, group), as pure functions of ``compute`` results.

The ranked slice (best first), each unit's change since the previous year, the headline
figures (mean, best, worst) and the biggest movers. Dashboards only format these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError


def group_ranking(results: pd.DataFrame, year: int, group: str) -> pd.DataFrame:
    """The ranked rows of one (year, group), best first."""
    part = results[(results["year"] == year) & (results["group"] == group)]
    return part.sort_values(["rank", "unit_name"], kind="stable", na_position="last").reset_index(drop=True)


def with_change(results: pd.DataFrame, year: int, group: str) -> pd.DataFrame:
    """The slice with ``prev_index``, ``change`` (index points) and ``prev_rank`` vs ``year − 1``.

    Only the same unit id is compared: a unit created by a merger this year has no
    previous value (its predecessors' indices are not its own).
    """
    now = group_ranking(results, year, group)
    prev = results[(results["year"] == year - 1) & (results["group"] == group)][["unit_id", "index", "rank"]]
    prev = prev.rename(columns={"index": "prev_index", "rank": "prev_rank"})
    out = now.merge(prev, on="unit_id", how="left")
    out["change"] = out["index"] - out["prev_index"]
    return out


@dataclass(frozen=True)
class Kpis:
    """Headline figures of one (year, group)."""

    n: int
    mean: float
    best_name: str
    best_index: float
    worst_name: str
    worst_index: float
    up: pd.DataFrame    # biggest rises: unit_name, index, change
    down: pd.DataFrame  # biggest falls
    has_previous: bool  # the group was ranked the year before (else movers cannot be told)


def kpis(results: pd.DataFrame, year: int, group: str, movers: int = 3) -> Kpis:
    """Mean, best, worst and the ``movers`` biggest rises and falls since last year."""
    part = with_change(results, year, group)
    ranked = part.dropna(subset=["index"])
    if ranked.empty:
        raise ValidationError([Problem("results", None, None, f"không có kết quả cho năm {year}, khối {group}",
                                       f"no results for {year}, {group}")])
    best = ranked.loc[ranked["index"].idxmax()]
    worst = ranked.loc[ranked["index"].idxmin()]
    moved = ranked.dropna(subset=["change"])[["unit_name", "index", "change"]]
    up = moved[moved["change"] > 0].nlargest(movers, "change")
    down = moved[moved["change"] < 0].nsmallest(movers, "change")
    has_previous = bool(((results["year"] == year - 1) & (results["group"] == group)).any())
    return Kpis(len(ranked), float(np.mean(ranked["index"])), best["unit_name"], float(best["index"]),
                worst["unit_name"], float(worst["index"]), up.reset_index(drop=True), down.reset_index(drop=True),
                has_previous)


def groups_in(results: pd.DataFrame, year: int, groups: list[str]) -> list[str]:
    """The groups (in the given order) that have results in ``year``."""
    present = set(results.loc[results["year"] == year, "group"])
    return [g for g in groups if g in present]



def not_assessed_in(not_assessed: pd.DataFrame, units: pd.DataFrame, year: int,
                    group: str | None = None) -> pd.DataFrame:
    """The units the data mark as not assessed in ``year`` (of ``group``, or every group), with their
    name, group and reason, in the order of the unit list: what a ranking says beside its table,
    so that no unit leaves a ranking unsaid. Columns unit_id, unit_name, group, reason."""
    columns = ["unit_id", "unit_name", "group", "reason"]
    if not_assessed is None or not_assessed.empty:
        return pd.DataFrame(columns=columns)
    listed = units.drop_duplicates("unit_id")[["unit_id", "unit_name", "group"]]
    rows = not_assessed[not_assessed["year"] == year][["unit_id", "reason"]]
    found = listed.merge(rows, on="unit_id")
    if group is not None:
        found = found[found["group"] == group]
    return found[columns].reset_index(drop=True)
