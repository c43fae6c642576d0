"""What the comparison dashboard (So sánh qua các năm) shows, as pure functions.

Unit search that ignores accents and case, the table of changes between two years of a
trend, band thresholds and methodology breaks as chart layers, area names, and the
published national reference series with its gaps made explicit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bands import BandScheme
from .i18n import fold
from .methodology import leaves_with_area
from .model import Dataset
from .scoring import scheme_for

#: Reference measures drawn against the province: (level, measure prefix) → label.
REFERENCE_MEASURES = {
    ("national_average_provinces", "PAR INDEX"): "PAR INDEX bình quân các tỉnh",
    ("national", "SIPAS overall"): "SIPAS toàn quốc",
}
#: SIPAS changed its method in 2022 (methodology.md §3.1): a break in the reference series.
SIPAS_BREAK_YEAR = 2022


def search_units(units: pd.DataFrame, query: str) -> list[str]:
    """Ids of units whose name (or id) contains every word of ``query``, accents and case ignored.

    "so tu phap" finds "Sở Tư pháp"; an empty query finds every unit.
    """
    words = fold(query).split()
    names = [fold(f"{n} {i}") for n, i in zip(units["unit_name"], units["unit_id"])]
    return [u for u, n in zip(units["unit_id"], names) if all(w in n for w in words)]


def units_of_group(results: pd.DataFrame, group: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """unit_id and unit_name of the units ranked in ``group`` (within ``years``), best last index first."""
    part = results[results["group"] == group]
    if years is not None:
        part = part[part["year"].between(*years)]
    last = part.sort_values("year").drop_duplicates("unit_id", keep="last")
    return last.sort_values(["year", "index"], ascending=[False, False])[["unit_id", "unit_name"]].reset_index(drop=True)


def default_units(results: pd.DataFrame, group: str, n: int = 3) -> list[str]:
    """What the comparison opens with: the group's best units in its last year, plus one
    unit with predecessors (a merger) if the group has one, so that lineage is visible."""
    ranked = units_of_group(results, group)["unit_id"].tolist()
    successors = set(results.loc[results["successor_id"].notna(), "successor_id"])
    with_lineage = [u for u in ranked if u in successors][:1]
    return list(dict.fromkeys(ranked[: n - len(with_lineage)] + with_lineage))


def change_table(trend: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """One row per series: index, rank and band at the first and last year shown, and the change.

    The "from" values are the series' own unit's if it existed then, else its predecessor's
    (flagged ``from_predecessor``). After a merger (several predecessors) the names and bands
    of all are shown but the index and change are NaN: a merged unit has no single previous
    value, as in :func:`cchc_dash.trends` (a mean of units of different sizes would invent one).
    """
    rows = []
    for series, part in trend.groupby("series_id", sort=False):
        first = part[part["year"] == part.loc[part["year"] >= year_from, "year"].min()]
        last = part[(part["year"] == part.loc[part["year"] <= year_to, "year"].max()) & ~part["predecessor"]]
        if first.empty or last.empty:
            continue
        own_first = first[~first["predecessor"]]
        start = own_first if not own_first.empty else first
        end = last.iloc[0]
        rows.append({
            "series_id": series, "unit_name": end["unit_name"],
            "from_year": int(start["year"].iloc[0]), "to_year": int(end["year"]),
            "from_name": "; ".join(start["unit_name"]), "from_predecessor": own_first.empty,
            "from_index": float(start["index"].iloc[0]) if len(start) == 1 else np.nan, "to_index": float(end["index"]),
            "from_rank": _rank_text(start) if len(start) == 1 else "–", "to_rank": _rank_text(last.iloc[[0]]),
            "from_band": "; ".join(dict.fromkeys(start["band"].dropna())), "to_band": end["band"],
            "breaks": int(part.loc[~part["predecessor"] & (part["year"] > start["year"].iloc[0]) & (part["year"] <= end["year"]), "break"].sum()),
        })
    out = pd.DataFrame(rows)
    if not out.empty:
        out["change"] = out["to_index"] - out["from_index"]
    return out


def _rank_text(row: pd.DataFrame) -> str:
    r, n = row["rank"].iloc[0], row["rank_of"].iloc[0]
    return "–" if pd.isna(r) else f"{int(r)}/{int(n)}"


def threshold_steps(ds: Dataset, group: str, years: list[int]) -> pd.DataFrame:
    """Band thresholds per year (year, label, min_index) so that charts draw each year's own."""
    rows = []
    for y in years:
        scheme: BandScheme | None = scheme_for(ds, y, group)
        if scheme is not None:
            rows += [{"year": y, "label": label, "min_index": m} for label, m in scheme.thresholds]
    return pd.DataFrame(rows, columns=["year", "label", "min_index"])


def break_years(trend: pd.DataFrame) -> list[int]:
    """Years in which a shown series crosses a methodology break."""
    return sorted(int(y) for y in trend.loc[trend["break"], "year"].unique())


def area_names(ds: Dataset, year: int, group: str) -> dict[str, str]:
    """Area id → name in the methodology of (year, group)."""
    m = ds.methodology
    areas = m[(m["year"] == year) & (m["group"] == group) & (m["level"] == "area")]
    return dict(zip(areas["item_id"], areas["name_vi"]))


def heatmap_frame(profile: pd.DataFrame, names: dict[str, str], unit_names: dict[str, str]) -> pd.DataFrame:
    """Long frame (unit_name, area, area_name, index) of a unit × area profile, for a heat map."""
    long = profile.rename_axis(index="unit_id").reset_index().melt(id_vars="unit_id", var_name="area", value_name="index")
    long["unit_name"] = long["unit_id"].map(unit_names)
    long["area_name"] = [f"{a}. {names.get(a, '')}" for a in long["area"]]
    return long


def reference_series(reference: pd.DataFrame, years: tuple[int, int]) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """The published national PAR INDEX mean and SIPAS by year within ``years``.

    Returns the rows found (year, series, value_pct, source, break) and, per series, the
    years with no published value: charts leave those gaps open and say so, rather
    than drawing a line through years nobody published.
    """
    lo, hi = years
    rows = []
    for (level, prefix), label in REFERENCE_MEASURES.items():
        part = reference[(reference["level"] == level) & reference["measure"].astype(str).str.startswith(prefix)
                         & reference["year"].between(lo, hi)].dropna(subset=["value_pct"])
        part = part.drop_duplicates("year")
        for r in part.itertuples():
            rows.append({"year": int(r.year), "series": label, "value_pct": float(r.value_pct), "source": r.source,
                         "break": prefix.startswith("SIPAS") and int(r.year) == SIPAS_BREAK_YEAR})
    found = pd.DataFrame(rows, columns=["year", "series", "value_pct", "source", "break"])
    missing = {label: [y for y in range(lo, hi + 1) if y not in set(found.loc[found["series"] == label, "year"])]
               for label in REFERENCE_MEASURES.values()}
    return found, missing


def group_mean(results: pd.DataFrame, group: str, years: tuple[int, int]) -> pd.DataFrame:
    """Mean index of a group per year (the province's own line beside the national reference)."""
    part = results[(results["group"] == group) & results["year"].between(*years)]
    return part.groupby("year", as_index=False)["index"].agg(value_pct="mean", n="count").assign(
        value_pct=lambda f: f["value_pct"].astype(float)).astype({"year": np.int64})


def leaf_counts(ds: Dataset, group: str, years: list[int]) -> pd.DataFrame:
    """Number of areas and of sub-criteria per year: what a methodology break changed."""
    leaves = leaves_with_area(ds.methodology)
    part = leaves[(leaves["group"] == group) & leaves["year"].isin(years)]
    return part.groupby("year").agg(areas=("area_id", "nunique"), items=("item_id", "count")).reset_index()
