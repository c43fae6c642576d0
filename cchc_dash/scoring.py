"""Index, area indices, ranks and bands (DESIGN §3).

- Index = Σ score ÷ Σ max_points over *applicable* leaves × 100; area indices likewise.
- Full precision throughout; rounding is for display only.
- Rank on the unrounded index inside (year, group); indices equal up to ``INDEX_TOL``
  (summation noise) share a rank (1, 2, 2, 4); ``rank_of`` counts the units ranked.
- Band: the highest band whose minimum ≤ index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bands import INDEX_TOL, BandScheme, stored_scheme
from .cells import factorize_column, integer, numeric, require_columns, text_cells
from .errors import Located, Problem, ValidationError
from .frames import POINT_TOL
from .methodology import methodology_ids
from .model import Dataset


def tie_rank(values: np.ndarray) -> np.ndarray:
    """Competition ranks, best (highest) first, ties within ``INDEX_TOL`` shared; NaN → NaN."""
    values = np.asarray(values, dtype=float)
    ranks = np.full(len(values), np.nan)
    ok = np.flatnonzero(~np.isnan(values))
    if len(ok) == 0:
        return ranks
    order = ok[np.argsort(-values[ok], kind="stable")]
    v = values[order]
    new_block = np.r_[True, (v[:-1] - v[1:]) > INDEX_TOL]
    pos = np.arange(1, len(v) + 1)
    ranks[order] = np.maximum.accumulate(np.where(new_block, pos, 0))
    return ranks


def add_ranks(frame: pd.DataFrame, by: list[str], column: str = "index") -> pd.DataFrame:
    """Add ``rank`` and ``rank_of`` (units with an index) within each ``by`` group."""
    out = frame.copy()
    rank = np.full(len(out), np.nan)
    rank_of = np.zeros(len(out))
    values = out[column].to_numpy(dtype=float)
    for idx in out.groupby(by, sort=False).indices.values():
        rank[idx] = tie_rank(values[idx])
        rank_of[idx] = np.count_nonzero(~np.isnan(values[idx]))
    out["rank"] = pd.Series(rank, index=out.index).astype("Int64")
    out["rank_of"] = rank_of.astype(int)
    return out


def add_bands(frame: pd.DataFrame, scheme: BandScheme | str | None = None,
              bands: pd.DataFrame | None = None, scheme_name: str | None = None) -> pd.DataFrame:
    """Add ``band``: one scheme for every row, or the stored scheme of each (year, group)."""
    out = frame.copy()
    scheme = BandScheme.coerce(scheme)
    if scheme is not None:
        out["band"] = scheme.classify(out["index"]).to_numpy()
        return out
    out["band"] = pd.Series(np.nan, index=out.index, dtype=object)
    if bands is None or bands.empty:
        return out
    for (year, group), idx in out.groupby(["year", "group"], sort=False).groups.items():
        found = stored_scheme(bands, year, group, scheme_name)
        if found is not None:
            out.loc[idx, "band"] = found.classify(out.loc[idx, "index"]).to_numpy()
    return out


def scheme_for(ds: Dataset, year: int, group: str, scheme_name: str | None = None) -> BandScheme | None:
    """The band scheme stored for (year, group) in ``ds``, or None."""
    return stored_scheme(ds.bands, year, group, scheme_name)


def _leaf_sums(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Σ score, Σ max_points and Σ (self − appraised) per (year, group, unit), and per area.

    Sums over *applicable* leaves. Keys are turned into dense integer codes once and summed
    with ``np.bincount``: at national scale (6 million score rows) hashing string keys in
    every groupby dominated the run time.
    """
    s = ds.scores
    leaves = ds.leaves()
    year, groups, items, units = (factorize_column(s[c]) for c in ("year", "group", "item_id", "unit_id"))
    areas, area_codes = pd.factorize(leaves["area_id"])
    ny, ng, ni, nu, na = len(year[1]), len(groups[1]), len(items[1]), len(units[1]), len(area_codes)
    # Lookup table (year, group, item) → leaf maximum and area code.
    ly, lg, li = (codes.get_indexer(leaves[c]) for codes, c in ((year[1], "year"), (groups[1], "group"), (items[1], "item_id")))
    known = (ly >= 0) & (lg >= 0) & (li >= 0)
    lut = (ly[known] * ng + lg[known]) * ni + li[known]
    lut_max = np.full(ny * ng * ni, np.nan)
    lut_area = np.full(ny * ng * ni, -1)
    lut_max[lut] = leaves["max_points"].to_numpy(float)[known]
    lut_area[lut] = areas[known]

    leaf_key = (year[0] * ng + groups[0]) * ni + items[0]
    mx = lut_max[leaf_key]
    known_leaf = ~np.isnan(mx)  # Dataset validation guarantees known leaves
    take = s["applicable"].to_numpy(bool) & known_leaf
    all_keys = (year[0] * ng + groups[0]) * nu + units[0]
    unit_key = all_keys[take]
    score = s["score"].to_numpy(float)[take]
    gap = (s["self_score"].to_numpy(float) - s["score"].to_numpy(float))[take]
    has_gap = ~np.isnan(gap)
    mx = mx[take]

    size = ny * ng * nu
    # A unit scored only "không áp dụng" keeps its row (index NaN, no rank): never silently dropped.
    present = np.flatnonzero(np.bincount(all_keys[known_leaf], minlength=size))
    totals = pd.DataFrame({
        "year": year[1][present // (ng * nu)], "group": groups[1][(present // nu) % ng], "unit_id": units[1][present % nu],
        "score": np.bincount(unit_key, score, size)[present], "max_points": np.bincount(unit_key, mx, size)[present],
        "self_gap": np.where(np.bincount(unit_key, has_gap, size)[present] > 0,
                             np.bincount(unit_key[has_gap], gap[has_gap], size)[present], np.nan),
    })
    area_key = unit_key * na + lut_area[leaf_key[take]]
    a_score = np.bincount(area_key, score, size * na).reshape(size, na)[present]
    a_max = np.bincount(area_key, mx, size * na).reshape(size, na)[present]
    with np.errstate(invalid="ignore", divide="ignore"):
        area_index = pd.DataFrame(np.where(a_max > 0, a_score / a_max * 100, np.nan), columns=list(area_codes))
    order = sorted(area_index.columns, key=_natural)
    area_index = area_index[order].rename(columns=lambda c: f"area_{c}")
    return totals, area_index


def compute(ds: Dataset, scheme: BandScheme | str | None = None, scheme_name: str | None = None) -> pd.DataFrame:
    """One row per (year, group, unit): totals, index, area indices, rank, band, self gap.

    ``scheme`` (a :class:`BandScheme` or its text) overrides the stored band schemes for
    every year and group; otherwise each (year, group) uses ``ds.bands``.
    Units do not self-score every leaf (survey points come from the Sở Nội vụ), so
    ``self_gap`` sums self − appraised over the leaves that have a self score and the
    self-assessed total is the appraised total plus that gap.
    """
    if scheme_name is not None and not (ds.bands["scheme"] == scheme_name).any():
        known = ", ".join(map(str, ds.bands["scheme"].unique())) or "–"
        raise ValidationError([Problem("bands", None, "scheme", f"không có thang xếp loại '{scheme_name}' (có: {known})",
                                       f"no band scheme '{scheme_name}' (known: {known})")])
    totals, area_index = _leaf_sums(ds)
    with np.errstate(invalid="ignore", divide="ignore"):
        totals["index"] = np.where(totals["max_points"] > 0, totals["score"] / totals["max_points"] * 100, np.nan)
    totals["self_score"] = totals["score"] + totals["self_gap"]
    res = pd.concat([totals, area_index], axis=1)
    res["year"] = res["year"].astype(int)
    res = add_ranks(res, ["year", "group"])
    res = add_bands(res, scheme, ds.bands, scheme_name)
    units = ds.units[["unit_id", "unit_name", "successor_id"]]
    res = res.merge(units, on="unit_id", how="left").merge(methodology_ids(ds.methodology), on=["year", "group"], how="left")
    first = ["year", "group", "unit_id", "unit_name", "score", "max_points", "index", "rank", "rank_of", "band",
             "self_score", "self_gap", "methodology", "successor_id"]
    res = res[first + [c for c in res.columns if c not in first]]
    return res.sort_values(["year", "group", "rank", "unit_id"], kind="stable").reset_index(drop=True)


def _natural(key: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in str(key).split("."))


def rank_totals(frame: pd.DataFrame, scheme: BandScheme | str | None = None, source: str = "totals") -> pd.DataFrame:
    """Rank a table of totals, as published decisions give them.

    ``frame`` has year, group, a unit column (``unit``, ``unit_id`` or ``unit_name``), score
    and optionally max_points (the unit's applicable maximum; 100 when absent). Returns the
    frame with index, rank, rank_of and band added. Raises :class:`ValidationError` for a
    missing column, text in a number, a score outside [0, max_points] or a duplicate unit.
    """
    loc = Located(source)
    problems: list[Problem] = []
    unit_col = next((c for c in ("unit", "unit_id", "unit_name") if c in frame.columns), None)
    need = ["year", "group", "score"] + ([] if unit_col else ["unit"])
    if not require_columns(frame, need, loc, problems):
        raise ValidationError(problems)
    out = frame.reset_index(drop=True).copy()
    out["year"] = integer(out, "year", loc, problems, True)
    out["score"] = numeric(out, "score", loc, problems, True)
    out["max_points"] = numeric(out, "max_points", loc, problems, True) if "max_points" in out.columns else 100.0
    for col in ("group", unit_col):
        out[col] = text_cells(out[col])
        for pos in np.flatnonzero(out[col].isna().to_numpy()):
            problems.append(loc.problem(pos, col, "ô trống", "blank cell"))
    for pos in np.flatnonzero((out["max_points"] <= 0).to_numpy()):
        problems.append(loc.problem(pos, "max_points", f"điểm tối đa {out['max_points'].iloc[pos]:g} phải lớn hơn 0",
                                    f"maximum points {out['max_points'].iloc[pos]:g} must be above 0"))
    # A score is checked against a valid maximum only (a bad maximum is its own problem above).
    bad = (out["max_points"] > 0) & ((out["score"] < -POINT_TOL) | (out["score"] > out["max_points"] + POINT_TOL))
    for pos in np.flatnonzero(bad.to_numpy()):
        problems.append(loc.problem(pos, "score", f"điểm {out['score'].iloc[pos]:g} nằm ngoài [0, {out['max_points'].iloc[pos]:g}]",
                                    f"score {out['score'].iloc[pos]:g} is outside [0, {out['max_points'].iloc[pos]:g}]"))
    dup = (out.duplicated(["year", "group", unit_col]) & out[unit_col].notna()).to_numpy()
    for pos in np.flatnonzero(dup):
        problems.append(loc.problem(pos, unit_col, f"đơn vị '{out[unit_col].iloc[pos]}' bị trùng", f"duplicate unit '{out[unit_col].iloc[pos]}'"))
    if problems:
        raise ValidationError(problems)
    out["index"] = out["score"] / out["max_points"] * 100
    out = add_ranks(out, ["year", "group"])
    return add_bands(out, scheme)
