"""Band distribution: counts per band, band migration between years, scheme comparison.

Each result decision announces "3 đơn vị Xuất sắc, 6 Tốt, 9 Khá"; leadership asks how
that changes from year to year and what another scheme would have said. Everything
here is pure pandas on :func:`cchc_dash.compute`'s results (or any frame with the
columns named in each function), so the dashboard only draws.

Conventions shared by the functions:

- A *scheme* is a :class:`~cchc_dash.core.bands.BandScheme` or its text
  (``"A>=90; B>=80; C>=70"``). When one is given, bands are listed best first in the
  scheme's order and bands nobody reached are still listed (count 0), so that stacked
  bars and side-by-side comparisons line up. Without a scheme, only the bands present
  are listed, ordered by the best index that reached them (the ranking order).
- A unit without a band (its index is below a scheme that has no floor band, as the
  national groups A/B/C have none below 70) is counted under band NaN, and only where
  such units exist.
- A row is a unit: conflicting duplicate rows (two sources for one province) are each
  counted, as they are given.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.bands import INDEX_TOL, BandScheme
from ..core.errors import Problem, ValidationError
from ..core.scoring import add_bands
from .trends import _require, final_successor, successor_map

COUNT_COLUMNS = ["year", "group", "band", "count", "share"]


def _select(results: pd.DataFrame, year: int | None = None, group: str | None = None) -> pd.DataFrame:
    """Rows of ``year`` (all years if None) and ``group`` (all groups if None).

    An asked year or group absent from the results is a :class:`ValidationError` rather
    than an empty answer, so that a typo in a dashboard or notebook is not read as "0 units".
    """
    _require(results, ["year", "group"])
    problems = []
    if year is not None and not (results["year"] == year).any():
        problems.append(Problem("results", None, "year", f"không có kết quả năm {year}", f"no results for year {year}"))
    if group is not None and not (results["group"] == group).any():
        problems.append(Problem("results", None, "group", f"không có khối đơn vị '{group}' trong kết quả",
                                f"no unit group '{group}' in the results"))
    if problems:
        raise ValidationError(problems)
    keep = pd.Series(True, index=results.index)
    if year is not None:
        keep &= results["year"] == year
    if group is not None:
        keep &= results["group"] == group
    return results[keep]


def _ranking_order(band: pd.Series, index: pd.Series) -> list[str]:
    """Bands present, ordered by the best index that reached them (best band first)."""
    ranked = band[index.sort_values(ascending=False, kind="stable").index]
    return list(dict.fromkeys(ranked.dropna()))


def reclassify(results: pd.DataFrame, scheme: BandScheme | str) -> pd.DataFrame:
    """A copy of ``results`` with ``band`` recomputed under ``scheme``; index and ranks unchanged.

    Answers "what would this year look like under another province's thresholds".
    ``scheme`` given as text is parsed (an invalid text raises :class:`ValidationError`).
    """
    _require(results, ["index"])
    return add_bands(results, BandScheme.coerce(scheme))


def band_counts(results: pd.DataFrame, scheme: BandScheme | str | None = None,
                group: str | None = None) -> pd.DataFrame:
    """Units per (year, group, band), with their share of the (year, group)'s units.

    ``results`` needs year, group, index and band; when ``scheme`` is given, every row
    is classified under it first (the stored band is ignored). ``group`` keeps one
    unit group. Returns :data:`COUNT_COLUMNS`, ordered by year, group, then band (scheme
    order, or ranking order without a scheme; NaN last). ``count`` is an int; ``share``
    is count ÷ all units of that (year, group), including units without a band (0–1).
    """
    known = BandScheme.coerce(scheme) if scheme is not None else None
    res = _select(results, group=group)
    if known is not None:
        res = reclassify(res, known)
    _require(res, ["index", "band"])
    labels = list(known.labels) if known is not None else _ranking_order(res["band"], res["index"])
    # Text-typed even when empty (no band at all): a float column would not merge with the counts.
    position = pd.DataFrame({"band": pd.Series(labels, dtype=object), "_pos": range(len(labels))})

    counts = res.groupby(["year", "group", "band"]).size().rename("count").reset_index()
    if known is not None:
        keys = res[["year", "group"]].drop_duplicates()
        counts = keys.merge(position, how="cross").merge(counts, on=["year", "group", "band"], how="left")
    else:
        counts = counts.merge(position, on="band")
    unbanded = res[res["band"].isna()].groupby(["year", "group"]).size().rename("count").reset_index()
    if len(unbanded):
        unbanded["band"], unbanded["_pos"] = np.nan, len(labels)
        counts = pd.concat([counts, unbanded], ignore_index=True)
    counts["count"] = counts["count"].fillna(0).astype(int)
    totals = res.groupby(["year", "group"]).size().rename("_total").reset_index()
    out = counts.merge(totals, on=["year", "group"])
    out["share"] = out["count"] / out["_total"]
    out = out.sort_values(["year", "group", "_pos"], kind="stable").reset_index(drop=True)
    return out[COUNT_COLUMNS]


def _matrix(rows: pd.Series, cols: pd.Series, row_labels: list, col_labels: list,
            names: tuple[str, str]) -> pd.DataFrame:
    """Count matrix of (rows[i], cols[i]) pairs over fixed labels, NaN (no band) appended if any.

    A band missing from its labels is an error: a matrix silently dropping units would
    misstate how many moved.
    """
    for values, labels in ((rows, row_labels), (cols, col_labels)):
        unknown = sorted(set(values.dropna()) - set(labels))
        if unknown:
            raise ValidationError([Problem("results", None, "band",
                                           f"xếp loại {unknown} không có trong thứ tự đã cho {labels}",
                                           f"bands {unknown} are not in the given order {labels}")])
    row_labels = row_labels + ([np.nan] if rows.isna().any() else [])
    col_labels = col_labels + ([np.nan] if cols.isna().any() else [])
    r = pd.Index(row_labels, dtype=object).get_indexer(rows.to_numpy(dtype=object))
    c = pd.Index(col_labels, dtype=object).get_indexer(cols.to_numpy(dtype=object))
    cells = np.zeros((len(row_labels), len(col_labels)), dtype=int)
    np.add.at(cells, (r, c), 1)
    return pd.DataFrame(cells, index=pd.Index(row_labels, dtype=object, name=names[0]),
                        columns=pd.Index(col_labels, dtype=object, name=names[1]))


def compare_schemes(results: pd.DataFrame, scheme_a: BandScheme | str, scheme_b: BandScheme | str,
                    year: int, group: str | None = None) -> pd.DataFrame:
    """Each unit's band under two schemes in one year: who would change band.

    Returns group, unit_id, unit_name, index, band_a, band_b and ``changed`` (the two
    labels differ; two missing bands are not a change), best index first. Labels are
    compared as text, so schemes with different label sets (A/B/C vs Xuất sắc/Tốt)
    change every banded unit: compare such schemes with :func:`scheme_shift`.
    """
    _require(results, ["unit_id", "unit_name", "index"])
    rows = _select(results, year, group)
    out = rows[["group", "unit_id", "unit_name", "index"]].copy()
    out["band_a"] = BandScheme.coerce(scheme_a).classify(out["index"]).to_numpy()
    out["band_b"] = BandScheme.coerce(scheme_b).classify(out["index"]).to_numpy()
    same = (out["band_a"] == out["band_b"]) | (out["band_a"].isna() & out["band_b"].isna())
    out["changed"] = ~same
    return out.sort_values("index", ascending=False, kind="stable").reset_index(drop=True)


def scheme_shift(results: pd.DataFrame, scheme_a: BandScheme | str, scheme_b: BandScheme | str,
                 year: int, group: str | None = None) -> pd.DataFrame:
    """Cross-table of :func:`compare_schemes`: units per (band under a, band under b).

    Rows are scheme a's bands, columns scheme b's, both best first and all listed (0 where
    empty), plus a NaN row or column for units one scheme leaves unclassified; int cells,
    no margins. The cells add up to the units of that year (and group).
    """
    a, b = BandScheme.coerce(scheme_a), BandScheme.coerce(scheme_b)
    cmp = compare_schemes(results, a, b, year, group)
    return _matrix(cmp["band_a"], cmp["band_b"], list(a.labels), list(b.labels), ("band_a", "band_b"))


def _match_forward(units: pd.Series, present: set, successors: dict[str, str]) -> pd.Series:
    """Each unit's nearest unit on its successor chain that is in ``present`` (NaN: none).

    The unit itself if it is still there; else its successor, its successor's successor…
    Stopping at the first one present handles a rename followed later by a merger
    (A → B → C asked up to a year where B still exists); when only the last unit of the
    chain is present this is :func:`~cchc_dash.analyses.trends.final_successor`.
    """
    matched = {}
    for unit in dict.fromkeys(units):
        final_successor(unit, successors)  # rejects a cycle before walking the chain
        current = unit
        while current not in present and current in successors:
            current = successors[current]
        matched[unit] = current if current in present else np.nan
    return units.map(matched)


def band_migration(results: pd.DataFrame, year_from: int, year_to: int, group: str | None = None,
                   order: Sequence[str] | BandScheme | str | None = None) -> pd.DataFrame:
    """Band migration matrix: units by band in ``year_from`` (rows) and ``year_to`` (columns).

    Every unit of ``year_from`` is followed along its lineage (``successor_id``) to the
    unit that carries it in ``year_to`` — itself, or its (final) successor — and counted
    once, in the cell (its band, that unit's band). So two departments merged into one
    are two units in the matrix, each moving from its own band to the merged unit's band.
    Units with no successor in ``year_to`` (dissolved) and units of ``year_to`` with no
    row in ``year_from`` (new) are not counted.

    ``group`` keeps one unit group in both years. ``order`` (labels best first, or a
    :class:`BandScheme` or its text) fixes rows and columns and lists every band; without it the
    bands present are ordered by ranking (best index first). A NaN row/column holds
    units without a band, if any. Cells are ints; there are no margins.
    """
    _require(results, ["unit_id", "index", "band"])
    start = _select(results, year_from, group)
    end = _select(results, year_to, group)
    problems = []
    for year, rows in ((year_from, start), (year_to, end)):
        doubled = sorted(set(rows["unit_id"][rows["unit_id"].duplicated()]))
        if doubled:  # a unit in two groups: matching by id would count it twice
            problems.append(Problem("results", None, "unit_id",
                                    f"đơn vị {doubled} có nhiều dòng trong năm {year}: hãy chọn một khối",
                                    f"units {doubled} have several rows in {year}: choose a group"))
    if problems:
        raise ValidationError(problems)
    target = _match_forward(start["unit_id"], set(end["unit_id"]), successor_map(results))
    found = target.notna()
    end = end.set_index("unit_id")
    band_from = start["band"][found]
    band_to = end["band"].reindex(target[found].to_numpy())
    band_to.index = band_from.index
    if order is None:
        both = pd.concat([band_from, band_to], ignore_index=True)
        index = pd.concat([start["index"][found], end["index"].reindex(target[found].to_numpy())], ignore_index=True)
        labels = _ranking_order(both, index)
    elif isinstance(order, (BandScheme, str)):
        labels = list(BandScheme.coerce(order).labels)
    else:
        labels = list(dict.fromkeys(order))
    return _matrix(band_from, band_to, labels, labels, ("band_from", "band_to"))


def index_histogram(results: pd.DataFrame, year: int, group: str | None = None,
                    bin_width: float = 2.5) -> pd.DataFrame:
    """Units per index bin in one year (and group), pre-aggregated for a histogram.

    Altair refuses more than 5,000 rows, and a national commune group has ~10,000, so the
    bins are counted here. Bins are ``[bin_start, bin_end)`` on multiples of
    ``bin_width`` — inclusive at the start like band thresholds, so a threshold on a bin
    edge never shares a bar with the band below — except the top bin below 100, which
    also holds 100. Every bin from the lowest to the highest occupied one is listed (0
    where empty); units without an index are not counted.
    """
    if not bin_width > 0:
        raise ValidationError([Problem("histogram", None, "bin_width", f"độ rộng khoảng phải > 0 (nhận {bin_width})",
                                       f"bin width must be > 0 (got {bin_width})")])
    _require(results, ["index"])
    values = _select(results, year, group)["index"].dropna().to_numpy(dtype=float)
    if len(values) == 0:
        return pd.DataFrame({"bin_start": [], "bin_end": [], "count": np.array([], dtype=int)})
    top = np.ceil(100 / bin_width - INDEX_TOL) - 1
    k = np.minimum(np.floor((values + INDEX_TOL) / bin_width), top).astype(int)
    lo = k.min()
    counts = np.bincount(k - lo)
    start = (np.arange(len(counts)) + lo) * bin_width
    return pd.DataFrame({"bin_start": start, "bin_end": start + bin_width, "count": counts.astype(int)})
