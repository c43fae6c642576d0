"""Index, area indices, ranks and bands, from a scoring engine prepared once.

- Index = Σ score ÷ Σ max_points over *applicable* leaves × 100; area indices likewise.
- Full precision throughout; rounding is for display only.
- Rank on the unrounded index inside (year, group); indices equal up to ``INDEX_TOL``
  (summation noise) share a rank (1, 2, 2, 4); ``rank_of`` counts the units ranked.
- Band: the highest band whose minimum ≤ index.

:func:`prepare` turns a validated :class:`Dataset` into an :class:`Engine`: integer codes
of every score row (reused from validation), the leaf → maximum and leaf → area lookups,
and the units of each (year, group). :meth:`Engine.evaluate` turns a vector of scores (and
applicability) into an :class:`Evaluation`; :meth:`Engine.update` changes a few rows of an
evaluation and re-ranks only the groups they belong to. :func:`compute` is
``engine.results(engine.evaluate())``. What-if scenarios and Monte Carlo draws evaluate
score vectors through the same engine without building or validating a new Dataset.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from .bands import BandScheme, stored_scheme
from .dataset import Dataset
from .errors import Located, Problem, ValidationError, interval, number
from .methodology import leaves_with_area, methodology_ids
from .parsing import integer, numeric, require_columns, text_cells
from .ranks import add_ranks, group_ranks
from .validation import POINT_TOL

CHUNK_ROWS = 1 << 20  #: score rows summed at a time by Engine._row_sums (8 MiB per float vector)
FIXED_SUMS = ("max_sum", "self_sum", "self_count", "area_max")  #: what applicability and maxima decide


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


def _problem(vi: str, en: str, column: str | None = None) -> ValidationError:
    return ValidationError([Problem("scores", None, column, vi, en)])


@dataclass(frozen=True)
class Evaluation:
    """Every unit-year's totals, index, area indices, rank and band for one score vector.

    Arrays are indexed by *slot*: one slot per (year, unit) scored, in the order of
    :attr:`Engine.slots`. ``score`` and ``applicable`` are the row vectors evaluated.
    ``regrouped`` lists the (year, group) codes that :meth:`Engine.update` re-ranked
    (every group for a full evaluation).
    """

    score: np.ndarray
    applicable: np.ndarray
    score_sum: np.ndarray
    max_sum: np.ndarray
    self_sum: np.ndarray
    appraised_with_self: np.ndarray
    self_count: np.ndarray  #: applicable leaves with a self score, per slot
    area_score: np.ndarray  #: slots × areas
    area_max: np.ndarray
    index: np.ndarray
    rank: np.ndarray
    rank_of: np.ndarray
    band: np.ndarray
    regrouped: np.ndarray

    @property
    def self_gap(self) -> np.ndarray:
        """Σ (self − appraised) over applicable leaves with a self score; NaN without any."""
        return np.where(self.self_count > 0, self.self_sum - self.appraised_with_self, np.nan)

    @property
    def area_index(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.area_max > 0, self.area_score / self.area_max * 100, np.nan)


@dataclass(frozen=True, eq=False)
class Engine:
    """Scoring of one :class:`Dataset`, prepared once and evaluated many times.

    Build it with :func:`prepare`. ``slots`` has one row per (year, unit) scored (year,
    group, unit_id, unit_name, successor_id, methodology); ``row_slot``, ``row_leaf``,
    ``row_max`` and ``row_area`` give each score row's slot, leaf (a row of ``leaves``: year,
    group, item_id, name_vi, area_id, area_name, max_points, kind), leaf maximum and area
    code; ``areas`` are the area ids (column ``area_<id>`` of the results), ``schemes`` the
    band scheme of each (year, group) code in ``slot_group``.
    """

    slots: pd.DataFrame
    slot_group: np.ndarray
    groups: pd.DataFrame  #: one row per (year, group) code: year, group
    schemes: tuple[BandScheme | None, ...]
    row_slot: np.ndarray
    row_leaf: np.ndarray
    leaves: pd.DataFrame
    row_max: np.ndarray
    row_area: np.ndarray
    areas: tuple[str, ...]
    score: np.ndarray
    applicable: np.ndarray
    self_score: np.ndarray
    item_id: np.ndarray = field(repr=False)
    #: sums that only the data's own applicability and maxima decide (:data:`FIXED_SUMS`), kept by
    #: the first evaluation with them: later ones sum only the scores
    fixed_sums: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    # -- evaluation ------------------------------------------------------------------
    def evaluate(self, score: np.ndarray | None = None, applicable: np.ndarray | None = None,
                 max_points: np.ndarray | None = None) -> Evaluation:
        """Totals, index, area indices, ranks and bands for a score vector (default: the data's).

        ``score``, ``applicable`` and ``max_points`` are row vectors in the order of
        ``ds.scores``; a score outside [0, max] on an applicable row is refused.
        """
        score = self.score if score is None else np.asarray(score, dtype=float)
        applicable = self.applicable if applicable is None else np.asarray(applicable, dtype=bool)
        row_max = self.row_max if max_points is None else np.asarray(max_points, dtype=float)
        if not (len(score) == len(applicable) == len(row_max) == len(self.row_slot)):
            raise _problem(f"cần {len(self.row_slot)} giá trị, một cho mỗi dòng điểm",
                           f"{len(self.row_slot)} values are needed, one per score row")
        if not (score is self.score and row_max is self.row_max):  # the data's own were checked by its Dataset
            with np.errstate(invalid="ignore"):
                bad = applicable & ~((score >= -POINT_TOL) & (score <= row_max + POINT_TOL))
            if bad.any():
                hit = np.flatnonzero(bad)
                raise self._out_of_range(hit, score[hit], row_max[hit])
        n, na = len(self.slots), len(self.areas)
        data_maxima = applicable is self.applicable and row_max is self.row_max
        if data_maxima and self.fixed_sums:  # the data's own applicability and maxima: their sums are kept
            sums = self._row_sums(score, applicable, None) | self.fixed_sums
        else:
            sums = self._row_sums(score, applicable, row_max)
            if data_maxima:  # kept for the next score vector (a what-if, a Monte Carlo draw)
                self.fixed_sums.update({k: sums[k] for k in FIXED_SUMS})
        ev = Evaluation(
            score=score, applicable=applicable,
            score_sum=sums["score_sum"], max_sum=sums["max_sum"].copy(), self_sum=sums["self_sum"].copy(),
            appraised_with_self=sums["appraised_with_self"], self_count=sums["self_count"].copy(),
            area_score=sums["area_score"].reshape(n, na), area_max=sums["area_max"].reshape(n, na).copy(),
            index=np.empty(0), rank=np.empty(0), rank_of=np.empty(0), band=np.empty(0),
            regrouped=np.arange(len(self.groups)))
        index = _index(ev.score_sum, ev.max_sum)
        rank, rank_of = group_ranks(index, self.slot_group)
        band = np.full(n, np.nan, dtype=object)
        for g in range(len(self.groups)):
            self._classify(g, index, band)
        return replace(ev, index=index, rank=rank, rank_of=rank_of, band=band)

    def update(self, base: Evaluation, rows: np.ndarray, score: np.ndarray | None = None,
               applicable: np.ndarray | None = None) -> Evaluation:
        """``base`` with the scores (and applicability) of a few ``rows`` changed.

        Only the slots of those rows are re-summed and only their (year, group)s are
        re-ranked and re-banded: one change at national scale touches one group of
        10,000 units, not 6 million rows. ``base`` is left as it was.
        """
        rows = np.asarray(rows, dtype=np.int64).ravel()
        if len(rows) and (rows.min() < 0 or rows.max() >= len(self.row_slot)):
            raise _problem("dòng điểm không tồn tại", "no such score row")
        if len(np.unique(rows)) != len(rows):
            raise _problem("một dòng điểm được thay đổi hai lần", "a score row is changed twice")
        new_score = base.score[rows] if score is None else np.asarray(score, dtype=float).ravel()
        new_app = base.applicable[rows] if applicable is None else np.asarray(applicable, dtype=bool).ravel()
        if not (len(new_score) == len(new_app) == len(rows)):
            raise _problem("số dòng và số giá trị khác nhau", "rows and values differ in number")
        mx = self.row_max[rows]
        with np.errstate(invalid="ignore"):
            bad = new_app & ~((new_score >= -POINT_TOL) & (new_score <= mx + POINT_TOL))
        if bad.any():
            raise self._out_of_range(rows[bad], new_score[bad], mx[bad])
        old_score, old_app = base.score[rows], base.applicable[rows]
        slot = self.row_slot[rows]
        has_self = ~np.isnan(self.self_score[rows])
        d_points = np.where(new_app, new_score, 0.0) - np.where(old_app, old_score, 0.0)
        d_max = np.where(new_app, mx, 0.0) - np.where(old_app, mx, 0.0)
        own = self.self_score[rows]
        d_self = np.where(has_self & new_app, own, 0.0) - np.where(has_self & old_app, own, 0.0)
        d_appr = np.where(has_self & new_app, new_score, 0.0) - np.where(has_self & old_app, old_score, 0.0)
        d_count = (has_self & new_app).astype(int) - (has_self & old_app).astype(int)

        score_vec, app_vec = base.score.copy(), base.applicable.copy()
        score_vec[rows], app_vec[rows] = new_score, new_app
        sums = {
            k: getattr(base, k).copy()
            for k in (
                "score_sum",
                "max_sum",
                "self_sum",
                "appraised_with_self",
                "self_count",
                "area_score",
                "area_max",
                "index",
                "rank",
                "rank_of",
                "band",
            )
        }
        np.add.at(sums["score_sum"], slot, d_points)
        np.add.at(sums["max_sum"], slot, d_max)
        np.add.at(sums["self_sum"], slot, d_self)
        np.add.at(sums["appraised_with_self"], slot, d_appr)
        np.add.at(sums["self_count"], slot, d_count)
        area = self.row_area[rows]
        np.add.at(sums["area_score"], (slot, area), d_points)
        np.add.at(sums["area_max"], (slot, area), d_max)
        touched = np.unique(slot)
        sums["index"][touched] = _index(sums["score_sum"][touched], sums["max_sum"][touched])
        groups = np.unique(self.slot_group[touched])
        for g in groups:
            members = self.members[g]
            r, n = group_ranks(sums["index"][members], np.zeros(len(members), dtype=np.int64))
            sums["rank"][members], sums["rank_of"][members] = r, n
            self._classify(g, sums["index"], sums["band"])
        return Evaluation(score=score_vec, applicable=app_vec, regrouped=groups, **sums)

    # -- results ---------------------------------------------------------------------
    def results(self, ev: Evaluation) -> pd.DataFrame:
        """The frame :func:`compute` returns, for an evaluation: one row per (year, group, unit)."""
        s = self.slots
        text = lambda values: pd.Series(values, dtype=object)  # noqa: E731 — ids and labels stay Python objects
        gap = ev.self_gap
        res = pd.DataFrame(
            {
                "year": s["year"].to_numpy(),
                "group": s["group"].to_numpy(),
                "unit_id": text(s["unit_id"]),
                "unit_name": text(s["unit_name"]),
                "score": ev.score_sum,
                "max_points": ev.max_sum,
                "index": ev.index,
                "rank": pd.array(np.where(np.isnan(ev.rank), 0, ev.rank).astype(np.int64), dtype="Int64"),
                "rank_of": ev.rank_of.astype(int),
                "band": text(ev.band),
                "self_score": ev.score_sum + gap,
                "self_gap": gap,
                "methodology": s["methodology"].to_numpy(),
                "successor_id": text(s["successor_id"]),
            }
        )
        res.loc[np.isnan(ev.rank), "rank"] = pd.NA
        area = pd.DataFrame(ev.area_index, columns=[f"area_{a}" for a in self.areas])
        res = pd.concat([res, area], axis=1)
        order = np.lexsort(
            (self._unit_order, np.where(np.isnan(ev.rank), np.inf, ev.rank), self._group_order, s["year"].to_numpy())
        )
        return res.take(order).reset_index(drop=True)

    # -- lookups ---------------------------------------------------------------------
    def rows_of(self, year: int, unit_id: str) -> np.ndarray:
        """The score rows of one unit in one year (empty if it was not scored then)."""
        slot = self._slot_of.get((int(year), unit_id))
        if slot is None:
            return np.zeros(0, dtype=np.int64)
        order, bounds = self._rows_by_slot
        return order[bounds[slot] : bounds[slot + 1]]

    def row_of(self, year: int, unit_id: str, item_id: str) -> int | None:
        """The score row of (year, unit, item), or None if there is none."""
        rows = self.rows_of(year, unit_id)
        hit = rows[self.item_id[rows] == item_id]
        return int(hit[0]) if len(hit) else None

    def group_of(self, year: int, group: str) -> int | None:
        """The code of (year, group) in ``slot_group``, or None."""
        return self._group_code.get((int(year), group))

    def with_schemes(self, schemes: Mapping[tuple[int, str], BandScheme | None]) -> Engine:
        """The same engine with other band schemes for some (year, group)s (what-if thresholds)."""
        new = list(self.schemes)
        for (year, group), scheme in schemes.items():
            code = self.group_of(year, group)
            if code is None:
                raise _problem(
                    f"không có kết quả cho năm {year}, khối '{group}'", f"no results for {year}, group '{group}'"
                )
            new[code] = scheme
        return replace(self, schemes=tuple(new))

    # -- internals -------------------------------------------------------------------
    def _classify(self, g: int, index: np.ndarray, band: np.ndarray) -> None:
        members = self.members[g]
        scheme = self.schemes[g]
        band[members] = np.nan if scheme is None else scheme.labels_of(index[members])

    def _out_of_range(self, rows: np.ndarray, values: np.ndarray, maxima: np.ndarray) -> ValidationError:
        """The rejection of scores outside [0, max], naming unit, year and item (the first 20)."""
        problems = []
        for r, v, mx in zip(rows[:20], values, maxima):
            slot = self.slots.iloc[self.row_slot[r]]
            problems.append(
                Problem(
                    "scores",
                    int(r),
                    "score",
                    f"điểm {number(v, 'vi')} của {slot['unit_id']} năm {slot['year']}, tiêu chí '{self.item_id[r]}' "
                    f"nằm ngoài {interval(0, mx, 'vi')}",
                    f"score {v:g} of {slot['unit_id']} in {slot['year']}, item '{self.item_id[r]}' "
                    f"is outside [0, {mx:g}]",
                )
            )
        return ValidationError(problems)

    def _row_sums(self, score: np.ndarray, applicable: np.ndarray, row_max: np.ndarray | None) -> dict[str, np.ndarray]:
        """Sums per slot (and per slot × area, flat) of the applicable rows' points, and of the
        appraised points where a self score exists; with ``row_max`` also :data:`FIXED_SUMS`.

        Rows are summed ``CHUNK_ROWS`` at a time: each temporary vector is then a few MiB, which
        malloc reuses from chunk to chunk. Whole-length temporaries of national data (50 MiB
        each) would each be mapped afresh by glibc (blocks over 32 MiB) and their pages zeroed
        by the kernel on every evaluation: ~100,000 page faults, more time than the sums.
        """
        n, na = len(self.slots), len(self.areas)
        out = {k: np.zeros(n) for k in ("score_sum", "appraised_with_self")} | {"area_score": np.zeros(n * na)}
        if row_max is not None:
            out |= {k: np.zeros(n) for k in ("max_sum", "self_sum")}
            out |= {"self_count": np.zeros(n, dtype=np.int64), "area_max": np.zeros(n * na)}
        for start in range(0, len(self.row_slot), CHUNK_ROWS):
            part = slice(start, start + CHUNK_ROWS)
            slot, app, points, own = self.row_slot[part], applicable[part], score[part], self.self_score[part]
            key = slot * na
            key += self.row_area[part]  # in place: one vector of the chunk's length, not two
            with_self = app & ~np.isnan(own)
            out["appraised_with_self"] += np.bincount(slot, np.where(with_self, points, 0.0), n)
            points = np.where(app, points, 0.0)
            out["score_sum"] += np.bincount(slot, points, n)
            out["area_score"] += np.bincount(key, points, n * na)
            if row_max is not None:
                maxima = np.where(app, row_max[part], 0.0)
                out["max_sum"] += np.bincount(slot, maxima, n)
                out["area_max"] += np.bincount(key, maxima, n * na)
                out["self_sum"] += np.bincount(slot, np.where(with_self, own, 0.0), n)
                out["self_count"] += np.bincount(slot[with_self], minlength=n)
        return out

    @cached_property
    def members(self) -> list[np.ndarray]:
        """The slots of each (year, group) code."""
        order = np.argsort(self.slot_group, kind="stable")
        bounds = np.searchsorted(self.slot_group[order], np.arange(len(self.groups) + 1))
        return [order[bounds[g] : bounds[g + 1]] for g in range(len(self.groups))]

    @cached_property
    def _rows_by_slot(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.row_slot, kind="stable")
        return order, np.searchsorted(self.row_slot[order], np.arange(len(self.slots) + 1))

    @cached_property
    def _slot_of(self) -> dict[tuple[int, str], int]:
        return {(int(y), u): i for i, (y, u) in enumerate(zip(self.slots["year"], self.slots["unit_id"]))}

    @cached_property
    def _group_code(self) -> dict[tuple[int, str], int]:
        return {(int(y), g): i for i, (y, g) in enumerate(zip(self.groups["year"], self.groups["group"]))}

    @cached_property
    def _group_order(self) -> np.ndarray:
        return _sorted_codes(self.slots["group"].to_numpy())

    @cached_property
    def _unit_order(self) -> np.ndarray:
        return _sorted_codes(self.slots["unit_id"].to_numpy())


def _index(score_sum: np.ndarray, max_sum: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(max_sum > 0, score_sum / max_sum * 100, np.nan)


def _sorted_codes(values: np.ndarray) -> np.ndarray:
    """Each value's position in the sorted distinct values: sorting by it sorts by the value."""
    codes, uniques = pd.factorize(values)
    return np.argsort(np.argsort(np.asarray(uniques, dtype=object)))[codes] if len(uniques) else codes


def prepare(ds: Dataset, scheme: BandScheme | str | None = None, scheme_name: str | None = None) -> Engine:
    """The :class:`Engine` of a validated dataset: built once, then evaluated many times.

    ``scheme`` (a :class:`BandScheme` or its text) bands every year and group; otherwise each
    (year, group) takes its scheme stored in ``ds.bands`` (``scheme_name``'s, if given).
    The integer codes come from the dataset's validation (``ds.score_keys``): a dataset is
    frozen, so they always describe its scores (a changed copy is validated afresh).
    """
    if scheme_name is not None and not (ds.bands["scheme"] == scheme_name).any():
        known = ", ".join(map(str, ds.bands["scheme"].unique())) or "–"
        raise ValidationError(
            [
                Problem(
                    "bands",
                    None,
                    "scheme",
                    f"không có thang xếp loại '{scheme_name}' (có: {known})",
                    f"no band scheme '{scheme_name}' (known: {known})",
                )
            ]
        )
    scheme = BandScheme.coerce(scheme)
    keys = ds.score_keys
    leaves = leaves_with_area(ds.methodology)
    area_codes, area_ids = pd.factorize(leaves["area_id"])
    order = sorted(range(len(area_ids)), key=lambda a: _natural(area_ids[a]))
    position = np.empty(len(order), dtype=np.min_scalar_type(len(order)))  # one byte per score row, not eight
    position[order] = np.arange(len(order))
    slots = pd.DataFrame({"year": keys.pair_year.astype(int), "group": keys.pair_group, "unit_id": keys.pair_unit})
    # (year, group) codes in order of first appearance, from each column's codes: factorizing a
    # MultiIndex builds a Python tuple per slot, the larger part of prepare() on national data.
    year_codes, year_values = pd.factorize(slots["year"])
    group_codes, group_values = pd.factorize(slots["group"])
    slot_group, pairs = pd.factorize(year_codes * max(len(group_values), 1) + group_codes)
    groups = pd.DataFrame(
        {
            "year": np.asarray(year_values, dtype=int)[pairs // max(len(group_values), 1)],
            "group": np.asarray(group_values, dtype=object)[pairs % max(len(group_values), 1)],
        }
    )
    units = ds.units.drop_duplicates("unit_id").set_index("unit_id")
    slots["unit_name"] = slots["unit_id"].map(units["unit_name"]).to_numpy(dtype=object)
    slots["successor_id"] = slots["unit_id"].map(units["successor_id"]).to_numpy(dtype=object)
    ids = methodology_ids(ds.methodology).set_index(["year", "group"])["methodology"]
    group_ids = [ids.get((y, g)) for y, g in zip(groups["year"], groups["group"])]
    slots["methodology"] = np.asarray(group_ids, dtype=object)[slot_group]
    schemes = tuple(
        scheme if scheme is not None else stored_scheme(ds.bands, y, g, scheme_name)
        for y, g in zip(groups["year"], groups["group"])
    )
    s = ds.scores
    return Engine(
        slots=slots,
        slot_group=slot_group.astype(np.int64),
        groups=groups,
        schemes=schemes,
        row_slot=keys.pair.astype(np.int64, copy=False),  # validation's own codes, never written to
        row_leaf=keys.leaf,
        leaves=leaves,
        row_max=leaves["max_points"].to_numpy(float)[keys.leaf],
        row_area=position[area_codes][keys.leaf],
        areas=tuple(area_ids[a] for a in order),
        score=s["score"].to_numpy(float),
        applicable=s["applicable"].to_numpy(bool),
        self_score=s["self_score"].to_numpy(float),
        item_id=s["item_id"].to_numpy(dtype=object),
    )


def compute(ds: Dataset, scheme: BandScheme | str | None = None, scheme_name: str | None = None) -> pd.DataFrame:
    """One row per (year, group, unit): totals, index, area indices, rank, band, self gap.

    ``scheme`` (a :class:`BandScheme` or its text) overrides the stored band schemes for
    every year and group; otherwise each (year, group) uses ``ds.bands``.
    Units do not self-score every leaf (survey points come from the Sở Nội vụ), so
    ``self_gap`` sums self − appraised over the leaves that have a self score and the
    self-assessed total is the appraised total plus that gap.
    """
    engine = prepare(ds, scheme, scheme_name)
    return engine.results(engine.evaluate())


def _natural(key: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in str(key).split("."))


#: The columns of a table of totals as decisions head them, for each name :func:`rank_totals` takes:
#: spellings compared by :func:`header_key`, the first one present taken (so "Tổng điểm" before "Điểm").
TOTALS_HEADERS: dict[str, tuple[str, ...]] = {
    "year": ("năm",),
    "group": ("khối", "nhóm", "khối đơn vị", "nhóm đơn vị"),
    "unit": ("tên đơn vị", "đơn vị", "tên cơ quan, đơn vị", "cơ quan, đơn vị", "tên cơ quan", "cơ quan"),
    "score": ("tổng điểm", "tổng điểm đạt được", "điểm đạt được", "điểm đánh giá", "điểm"),
    "max_points": ("điểm tối đa", "tổng điểm tối đa", "điểm chuẩn"),
}


def header_key(text: object) -> str:
    """A column header as compared with the spellings above: NFC, lower case, single spaces, without
    a note in brackets, '*' or a trailing ':' ("Tổng điểm (100 điểm):" → "tổng điểm")."""
    if not isinstance(text, str):
        return "" if text is None else str(text)
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFC", text).casefold()).replace("*", " ")
    return " ".join(text.split()).removesuffix(":").strip()


def rank_totals(frame: pd.DataFrame, scheme: BandScheme | str | None = None, source: str = "totals") -> pd.DataFrame:
    """Rank a table of totals, as published decisions give them.

    ``frame`` has year, group, a unit column (``unit``, ``unit_id`` or ``unit_name``), score
    and optionally max_points (the unit's applicable maximum; 100 when absent), each under its
    English name or as decisions head it (:data:`TOTALS_HEADERS`: Năm, Khối, Tên đơn vị, Tổng
    điểm, Điểm tối đa…). Returns the frame, its columns named as given, with index, rank, rank_of
    and band added. Raises :class:`ValidationError` for a missing column, text in a number, a
    score outside [0, max_points] or a duplicate unit, each naming the column as given.
    """
    if isinstance(frame, pd.DataFrame):
        english = {"unit": ("unit", "unit_id", "unit_name")}
        keys = {c: header_key(c) for c in frame.columns}
        names: dict[object, str] = {}
        for name, spellings in TOTALS_HEADERS.items():
            if not any(c in frame.columns for c in english.get(name, (name,))):
                found = next((c for s in spellings for c in frame.columns if keys[c] == s), None)
                if found is not None:
                    names[found] = name
        back = {v: k for k, v in names.items()}
        try:
            out = _rank_totals(frame.rename(columns=names), scheme, source)
        except ValidationError as exc:
            shown = {v: str(k) for k, v in names.items()}
            problems = [replace(p, column=shown.get(p.column or "", p.column)) for p in exc.problems]
            raise ValidationError(problems) from None
        return out.rename(columns=back)
    return _rank_totals(frame, scheme, source)


def _rank_totals(frame: pd.DataFrame, scheme: BandScheme | str | None, source: str) -> pd.DataFrame:
    """:func:`rank_totals` on a frame whose columns have their English names."""
    loc = Located(source)
    problems: list[Problem] = []
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            [
                loc.problem(
                    None,
                    None,
                    f"cần một bảng (DataFrame), không phải {type(frame).__name__}",
                    f"a table (DataFrame) is needed, not {type(frame).__name__}",
                )
            ]
        )
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
        problems.append(
            loc.problem(
                pos,
                "max_points",
                f"điểm tối đa {out['max_points'].iloc[pos]:g} phải lớn hơn 0",
                f"maximum points {out['max_points'].iloc[pos]:g} must be above 0",
            )
        )
    # A score is checked against a valid maximum only (a bad maximum is its own problem above).
    bad = (out["max_points"] > 0) & ((out["score"] < -POINT_TOL) | (out["score"] > out["max_points"] + POINT_TOL))
    for pos in np.flatnonzero(bad.to_numpy()):
        problems.append(
            loc.problem(
                pos,
                "score",
                f"điểm {number(out['score'].iloc[pos], 'vi')} nằm ngoài "
                f"{interval(0, out['max_points'].iloc[pos], 'vi')}",
                f"score {out['score'].iloc[pos]:g} is outside [0, {out['max_points'].iloc[pos]:g}]",
            )
        )
    dup = (out.duplicated(["year", "group", unit_col]) & out[unit_col].notna()).to_numpy()
    for pos in np.flatnonzero(dup):
        problems.append(
            loc.problem(
                pos,
                unit_col,
                f"đơn vị '{out[unit_col].iloc[pos]}' bị trùng",
                f"duplicate unit '{out[unit_col].iloc[pos]}'",
            )
        )
    if problems:
        raise ValidationError(problems)
    out["index"] = out["score"] / out["max_points"] * 100
    out = add_ranks(out, ["year", "group"])
    return add_bands(out, scheme)
