"""Trends across years, following units through mergers and renames, and area profiles.

A *series* is what an analyst asks for: one unit, with the years of every unit that
became it (its predecessors, through ``successor_id``, transitively: A → B → C). Inside
a series each unit is its own *line*: ``change`` (index points) and ``rank_change``
compare a row with the previous row of the same line, i.e. the unit's previous year
present in the results (a year the unit was left out of is skipped, so the change then
spans the gap).

Where a successor's own rows begin, its line continues from its direct predecessors:

- **rename or absorption by a new id** — exactly one predecessor row in the latest
  earlier year: the successor's first year is compared with it;
- **merger** — several predecessor rows in that year: ``change`` and ``rank_change``
  are NaN, because a merged unit has no single previous value (an unweighted mean of
  units of different sizes would invent one). Each predecessor keeps its own rows,
  marked ``predecessor=True``, so a chart still draws where they came from.

A successor that already had rows of its own (a department absorbing another) simply
continues its own line.

``break`` is True where the methodology fingerprint of a row's (year, group) differs
from that of the row it is compared with (items added or removed, maxima changed):
the change then crosses a methodology break and should be read with care. It is False
on every row without a previous row, so in a series' first year.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError
from ..core.years import YearRange

TREND_COLUMNS = ["series_id", "unit_id", "unit_name", "year", "group", "index", "rank", "rank_of", "band",
                 "change", "rank_change", "break", "predecessor"]
_NEEDED = ["year", "group", "unit_id", "unit_name", "index", "rank", "rank_of", "band", "methodology"]
AREA_PREFIX = "area_"


def _problem(column: str | None, vi: str, en: str) -> Problem:
    return Problem("results", None, column, vi, en)


def _require(results: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in results.columns]
    if missing:
        raise ValidationError([_problem(c, f"kết quả thiếu cột '{c}'", f"results lack column '{c}'") for c in missing])


# --- lineage -----------------------------------------------------------------------------

def successor_map(results: pd.DataFrame) -> dict[str, str]:
    """Each unit's direct successor, from the ``successor_id`` column (absent: no lineage)."""
    if "successor_id" not in results.columns:
        return {}
    pairs = results[["unit_id", "successor_id"]].dropna().drop_duplicates("unit_id")
    return dict(zip(pairs["unit_id"], pairs["successor_id"]))


def final_successor(unit: str, successors: dict[str, str]) -> str:
    """The end of the unit's chain of successors (the unit itself if it has none).

    Raises :class:`ValidationError` for a cycle (A → B → A), which no reorganisation makes.
    """
    seen = [unit]
    while (nxt := successors.get(seen[-1])) is not None:
        if nxt in seen:
            chain = " → ".join(seen + [nxt])
            raise ValidationError([_problem("successor_id", f"đơn vị kế thừa tạo vòng lặp: {chain}",
                                            f"successors form a cycle: {chain}")])
        seen.append(nxt)
    return seen[-1]


def predecessors_of(unit: str, successors: dict[str, str]) -> list[str]:
    """Every unit whose chain of successors passes through ``unit`` (nearest first)."""
    return _ancestors(unit, _direct_predecessors(successors))


def _direct_predecessors(successors: dict[str, str]) -> dict[str, list[str]]:
    direct: dict[str, list[str]] = {}
    for pred, succ in successors.items():
        direct.setdefault(succ, []).append(pred)
    return direct


def _ancestors(unit: str, direct: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    queue = list(direct.get(unit, []))
    while queue:
        pred = queue.pop(0)
        if pred not in found and pred != unit:
            found.append(pred)
            queue.extend(direct.get(pred, []))
    return found


def _series_rows(results: pd.DataFrame, res: pd.DataFrame, uniq: np.ndarray, codes: np.ndarray,
                 units: list[str] | None, successors: dict[str, str]) -> tuple[np.ndarray, ...]:
    """Which rows of ``res`` each series shows: (row, series_pos, series_id, predecessor).

    ``uniq``/``codes`` factorize ``res.unit_id``. Without ``units`` every row belongs to
    the series of its unit's final successor (series ordered by id); with ``units`` a
    row is repeated in every asked series whose lineage contains its unit.
    """
    if units is None:
        finals = np.array([final_successor(u, successors) if u in successors else u for u in uniq], dtype=object)
        pos = pd.factorize(finals, sort=True)[0]
        return np.arange(len(res)), pos[codes], finals[codes], (finals != uniq)[codes]
    known = set(results["unit_id"]) | set(successors.values())
    unknown = [u for u in units if u not in known]
    if unknown:
        raise ValidationError([_problem("unit_id", f"không có đơn vị '{u}' trong kết quả",
                                        f"unit '{u}' is not in the results") for u in unknown])
    direct = _direct_predecessors(successors)
    members = [(pos, s, m) for pos, s in enumerate(dict.fromkeys(units)) for m in [s] + _ancestors(s, direct)]
    m_pos, m_series, m_unit = (np.array(col, dtype=object) for col in zip(*members))
    m_code = pd.Index(uniq).get_indexer(m_unit)
    pairs = pd.DataFrame({"row": np.arange(len(res)), "code": codes}).merge(
        pd.DataFrame({"member": np.arange(len(members)), "code": m_code}), on="code")
    row, member = pairs["row"].to_numpy(), pairs["member"].to_numpy()
    return row, m_pos[member].astype(np.int64), m_series[member], (m_unit != m_series)[member]


# --- trends ------------------------------------------------------------------------------

def trends(results: pd.DataFrame, units: Iterable[str] | str | None = None,
           years: YearRange | None = None) -> pd.DataFrame:
    """Index, rank and band per series and year, with the change since the previous year.

    ``results`` is :func:`cchc_dash.compute`'s frame (it carries ``methodology`` and
    ``successor_id``). ``units`` selects series by unit id: each shows that unit's years
    and its predecessors' (``predecessor=True``); a unit may therefore appear in several
    series when both it and its successor are asked for. Without ``units`` every unit
    is followed to its final successor and every result row appears exactly once.
    ``years`` (a :class:`~cchc_dash.core.years.YearRange`, all years if None) keeps the years
    of that range *before* changes are computed, so the first year shown has no change.
    To compare chosen years only (2019 → 2025 with nothing between), pass the results
    of those years: ``trends(res[res["year"].isin([2019, 2025])])``.

    Returns the columns of ``TREND_COLUMNS``, ordered by series, year, own rows before
    predecessors', then unit id. ``rank_change`` is previous rank − rank: positive means
    the unit moved up. The lineage and merger rules are in the module docstring.
    """
    _require(results, _NEEDED)
    if years is not None and not isinstance(years, YearRange):
        raise TypeError(f"years must be a YearRange, e.g. cd.YearRange(2019, 2025), not {years!r}")
    if isinstance(units, str):
        units = [units]
    successors = successor_map(results)
    res = results if years is None else results[years.contains(results["year"])]
    codes, uniq = pd.factorize(res["unit_id"], sort=True)
    uniq = np.asarray(uniq, dtype=object)
    row, series_pos, series_id, predecessor = _series_rows(results, res, uniq, codes,
                                                           None if units is None else list(units), successors)
    succ_code = pd.Index(uniq).get_indexer([successors.get(u) for u in uniq])

    # Work in line order (series, unit, year): a row's previous row is the one before it.
    year = np.asarray(res["year"], dtype=np.int64)[row]
    unit_code = codes[row]
    line = np.lexsort((year, unit_code, series_pos))
    row, series_pos, series_id, predecessor = row[line], series_pos[line], series_id[line], predecessor[line]
    year, unit_code = year[line], unit_code[line]
    methodology = pd.factorize(res["methodology"])[0][row]
    index = res["index"].to_numpy(dtype=float)[row]
    rank = res["rank"].to_numpy(dtype=float, na_value=np.nan)[row]

    n = len(row)
    same_line = (series_pos[1:] == series_pos[:-1]) & (unit_code[1:] == unit_code[:-1])
    prev = np.full(n, -1, dtype=np.int64)
    prev[1:][same_line] = np.flatnonzero(same_line)
    prev, merger_break = _continue_from_predecessors(prev, series_pos, unit_code, year, methodology, succ_code)
    has = prev >= 0
    change = np.full(n, np.nan)
    change[has] = index[has] - index[prev[has]]
    rank_change = np.full(n, np.nan)
    rank_change[has] = rank[prev[has]] - rank[has]
    brk = merger_break
    brk[has] = methodology[has] != methodology[prev[has]]

    show = np.lexsort((unit_code, predecessor, year, series_pos))
    out = res[_NEEDED].iloc[row[show]].reset_index(drop=True)
    out.insert(0, "series_id", series_id[show])
    out["change"] = change[show]
    out["rank_change"] = pd.array(rank_change[show], dtype="Float64").astype("Int64")
    out["break"] = brk[show]
    out["predecessor"] = predecessor[show].astype(bool)
    return out[TREND_COLUMNS]


def _continue_from_predecessors(prev: np.ndarray, series_pos: np.ndarray, unit_code: np.ndarray, year: np.ndarray,
                                methodology: np.ndarray, succ_code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Link each successor's first own row to its direct predecessors' latest earlier rows.

    Arrays are in line order; ``succ_code`` gives each unit code its successor's (−1: none).
    One such row (a rename): it becomes the row's previous row. Several (a merger): no
    previous row, and the returned break flag is set if any of them had another methodology.
    """
    is_successor = np.zeros(len(succ_code), dtype=bool)
    is_successor[succ_code[succ_code >= 0]] = True
    starts = np.flatnonzero((prev < 0) & is_successor[unit_code])
    cands = np.flatnonzero(succ_code[unit_code] >= 0)
    first = pd.DataFrame({"pos": starts, "series": series_pos[starts], "unit": unit_code[starts], "year": year[starts]})
    cand = pd.DataFrame({"cand": cands, "series": series_pos[cands], "unit": succ_code[unit_code[cands]],
                         "cand_year": year[cands]})
    links = first.merge(cand, on=["series", "unit"])
    links = links[links["cand_year"] < links["year"]]
    links = links[links["cand_year"] == links.groupby("pos")["cand_year"].transform("max")]
    count = links.groupby("pos")["cand"].transform("size")
    single, merged = links[count == 1], links[count > 1]
    prev = prev.copy()
    prev[single["pos"].to_numpy()] = single["cand"].to_numpy()
    merger_break = np.zeros(len(prev), dtype=bool)
    differs = methodology[merged["pos"].to_numpy()] != methodology[merged["cand"].to_numpy()]
    merger_break[merged["pos"].to_numpy()[differs]] = True
    return prev, merger_break



def break_years(trend: pd.DataFrame) -> list[int]:
    """Years in which a shown series crosses a methodology break (``trends`` output)."""
    return sorted(int(y) for y in trend.loc[trend["break"], "year"].unique())


def change_table(trend: pd.DataFrame, years: YearRange) -> pd.DataFrame:
    """One row per series: index, rank and band at its first and last year within ``years``, and the change.

    The "from" values are the series' own unit's if it existed then, else its predecessor's
    (flagged ``from_predecessor``). After a merger (several predecessors) the names and bands
    of all are shown but the index and change are NaN: a merged unit has no single previous
    value, as in :func:`trends` (a mean of units of different sizes would invent one).
    """
    rows = []
    for series, part in trend.groupby("series_id", sort=False):
        first = part[part["year"] == part.loc[part["year"] >= years.first, "year"].min()]
        last = part[(part["year"] == part.loc[part["year"] <= years.last, "year"].max()) & ~part["predecessor"]]
        if first.empty or last.empty:
            continue
        own_first = first[~first["predecessor"]]
        start = own_first if not own_first.empty else first
        end = last.iloc[0]
        rows.append(
            {
                "series_id": series,
                "unit_name": end["unit_name"],
                "from_year": int(start["year"].iloc[0]),
                "to_year": int(end["year"]),
                "from_name": "; ".join(start["unit_name"]),
                "from_predecessor": own_first.empty,
                "from_index": float(start["index"].iloc[0]) if len(start) == 1 else np.nan,
                "to_index": float(end["index"]),
                "from_rank": _rank_text(start) if len(start) == 1 else "–",
                "to_rank": _rank_text(last.iloc[[0]]),
                "from_band": "; ".join(dict.fromkeys(start["band"].dropna())),
                "to_band": end["band"],
                "breaks": int(
                    part.loc[
                        ~part["predecessor"] & (part["year"] > start["year"].iloc[0]) & (part["year"] <= end["year"]),
                        "break",
                    ].sum()
                ),
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        out["change"] = out["to_index"] - out["from_index"]
    return out


def _rank_text(row: pd.DataFrame) -> str:
    r, n = row["rank"].iloc[0], row["rank_of"].iloc[0]
    return "–" if pd.isna(r) else f"{int(r)}/{int(n)}"


def group_mean(results: pd.DataFrame, group: str, years: YearRange) -> pd.DataFrame:
    """Mean index of a group per year within ``years`` (the province's own line beside the national reference)."""
    part = results[(results["group"] == group) & years.contains(results["year"])]
    return (
        part.groupby("year", as_index=False)["index"]
        .agg(value_pct="mean", n="count")
        .assign(value_pct=lambda f: f["value_pct"].astype(float))
        .astype({"year": np.int64})
    )


# --- area profile --------------------------------------------------------------------------


def _year_rows(results: pd.DataFrame, year: int, group: str | None) -> pd.DataFrame:
    """The results of one year (and group), indexed by unit_id; an empty selection is an error."""
    _require(results, ["year", "group", "unit_id"])
    rows = results[results["year"] == year]
    if group is not None:
        rows = rows[rows["group"] == group]
    if rows.empty:
        what = f"{year}" if group is None else f"{year}, {group}"
        raise ValidationError([_problem("year", f"không có kết quả cho {what}", f"no results for {what}")])
    return rows.set_index("unit_id")


def _profile(rows: pd.DataFrame) -> pd.DataFrame:
    areas = [c for c in rows.columns if isinstance(c, str) and c.startswith(AREA_PREFIX)]
    profile = rows[areas].dropna(axis=1, how="all")
    profile.columns = pd.Index([c[len(AREA_PREFIX) :] for c in profile.columns], name="area_id")
    return profile


def area_profile(results: pd.DataFrame, year: int, group: str | None = None) -> pd.DataFrame:
    """Unit × area index matrix of one year (optionally one group), for a heat map.

    Indexed by ``unit_id`` in the results' order (``compute`` sorts by rank); one column
    per area id (the ``area_<id>`` columns without the prefix). Areas that no unit has
    that year (not in that year's methodology) are left out; a cell is NaN where all of
    the unit's items of that area were not applicable.
    """
    return _profile(_year_rows(results, year, group))


def area_change(results: pd.DataFrame, year_from: int, year_to: int, group: str | None = None) -> pd.DataFrame:
    """Area index in ``year_to`` minus ``year_from``, for units and areas present in both.

    Units are matched by id (a renamed or merged unit has no row). Area ids need not mean
    the same thing across a methodology break (2022 renumbered the areas), so the result
    carries ``attrs["break"]``: True when any of these units' methodology fingerprint
    differs between the two years; a dashboard should say so above the matrix.
    """
    _require(results, ["methodology"])
    rows_from, rows_to = _year_rows(results, year_from, group), _year_rows(results, year_to, group)
    before, after = _profile(rows_from), _profile(rows_to)
    units = after.index[after.index.isin(before.index)]
    areas = after.columns[after.columns.isin(before.columns)]
    change = after.loc[units, areas] - before.loc[units, areas]
    old = rows_from["methodology"].reindex(units).to_numpy(dtype=object)
    new = rows_to["methodology"].reindex(units).to_numpy(dtype=object)
    change.attrs["break"] = bool((old != new).any())
    return change


def heatmap_frame(profile: pd.DataFrame, names: dict[str, str], unit_names: dict[str, str]) -> pd.DataFrame:
    """Long frame (unit_name, area, area_name, index) of an :func:`area_profile`, for a heat map."""
    long = (
        profile.rename_axis(index="unit_id").reset_index().melt(id_vars="unit_id", var_name="area", value_name="index")
    )
    long["unit_name"] = long["unit_id"].map(unit_names)
    long["area_name"] = [f"{a}. {names.get(a, '')}" for a in long["area"]]
    return long
