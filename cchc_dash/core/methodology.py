"""Views of a methodology tree: leaves with their area, area names, fingerprints and sizes for breaks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd


def leaves_with_area(methodology: pd.DataFrame) -> pd.DataFrame:
    """Each leaf item with the id and name of the area (top of the tree) it belongs to.

    The tree must be a validated one (``Dataset`` validates it): there every item is one or two
    steps below an area, so walking up the parents always ends.
    """
    m = methodology
    parent = dict(zip(zip(m["year"], m["group"], m["item_id"]), m["parent_id"]))
    names = dict(zip(zip(m["year"], m["group"], m["item_id"]), m["name_vi"]))

    def area_of(year: int, group: str, item: str) -> str:
        while (p := parent.get((year, group, item))) is not None:
            item = p
        return item

    leaves = m[m["level"] == "item"].copy()
    leaves["area_id"] = [area_of(y, g, i) for y, g, i in zip(leaves["year"], leaves["group"], leaves["item_id"])]
    leaves["area_name"] = [names[(y, g, a)] for y, g, a in zip(leaves["year"], leaves["group"], leaves["area_id"])]
    return leaves.reset_index(drop=True)


def methodology_ids(methodology: pd.DataFrame) -> pd.DataFrame:
    """A short fingerprint of each (year, group) methodology: equal when items and maxima are equal.

    Trends compare fingerprints of consecutive years to flag a methodology break.
    """
    rows = []
    for (year, group), part in methodology.groupby(["year", "group"], sort=True):
        leaves = part[part["level"] == "item"].sort_values("item_id")
        text = ";".join(f"{i}:{k}:{p:.6f}" for i, k, p in zip(leaves["item_id"], leaves["kind"], leaves["max_points"]))
        rows.append((int(year), group, hashlib.sha1(text.encode()).hexdigest()[:10]))
    return pd.DataFrame(rows, columns=["year", "group", "methodology"])


def area_names(methodology: pd.DataFrame, year: int, group: str) -> dict[str, str]:
    """Area id → name in the methodology of (year, group)."""
    m = methodology
    areas = m[(m["year"] == year) & (m["group"] == group) & (m["level"] == "area")]
    return dict(zip(areas["item_id"], areas["name_vi"]))


def leaf_counts(methodology: pd.DataFrame, group: str, break_years: Iterable[int]) -> pd.DataFrame:
    """Number of areas and of sub-criteria in each of ``break_years``: what a methodology break changed."""
    leaves = leaves_with_area(methodology)
    part = leaves[(leaves["group"] == group) & leaves["year"].isin(list(break_years))]
    return part.groupby("year").agg(areas=("area_id", "nunique"), items=("item_id", "count")).reset_index()
