"""What-if scenarios: change scores, maxima or band thresholds and see every index, rank and band move.

A :class:`Scenario` is data (a name, score changes, band schemes per (year, group), changed
maxima); its JSON file is read and written by :mod:`cchc_dash.io.scenario_files`.
:func:`simulate` evaluates it through the prepared scoring engine (no new Dataset, nothing
re-validated but the changes, the dataset never mutated) and returns the new results and the
units whose index, rank or band moved.

Gap analysis answers "what does this unit need?": :func:`gap` (points to the next band, a
chosen band or a rank), :func:`headroom` (items by points still available) and
:func:`suggest` (the fewest items that reach the target). :func:`robustness` draws the
appraisal uncertainty and area weights at random (Monte Carlo, seeded) and reports each
unit's median rank, 5th–95th percentile and band probabilities.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.bands import INDEX_TOL, BandScheme
from ..core.dataset import Dataset
from ..core.errors import Problem, ValidationError, interval, number
from ..core.ranks import group_ranks
from ..core.scoring import Engine, Evaluation, prepare
from ..core.validation import POINT_TOL


@dataclass(frozen=True)
class ScoreChange:
    """A new appraised score for one sub-criterion of one unit in one year."""

    year: int
    unit_id: str
    item_id: str
    score: float


@dataclass(frozen=True)
class MaxChange:
    """A new maximum for one sub-criterion of a (year, group) methodology."""

    year: int
    group: str
    item_id: str
    max_points: float


@dataclass(frozen=True)
class Scenario:
    """A named set of changes: scores, band schemes per (year, group), maxima."""

    name: str
    changes: tuple[ScoreChange, ...] = ()
    schemes: Mapping[tuple[int, str], BandScheme] = field(default_factory=dict)
    max_points: tuple[MaxChange, ...] = ()
    author: str = ""
    created: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "changes", tuple(self.changes))
        object.__setattr__(self, "max_points", tuple(self.max_points))
        object.__setattr__(self, "schemes", {k: BandScheme.coerce(v) for k, v in dict(self.schemes).items()})


@dataclass(frozen=True)
class Simulation:
    """What a scenario gives: ``results`` (as :func:`cchc_dash.compute` would for the changed
    data) and ``diff``: one row per unit whose index, rank or band moved (``direct`` marks
    the units whose own scores changed; the others moved through rank shifts)."""

    scenario: Scenario
    results: pd.DataFrame
    diff: pd.DataFrame
    evaluation: Evaluation


# -- simulation --------------------------------------------------------------------------


def _engine(source: Dataset | Engine) -> Engine:
    return source if isinstance(source, Engine) else prepare(source)


def _number(value: object) -> float | None:
    """A finite real number, or None (text, NaN, booleans are not scores)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return None
    return float(value)


def _leaf_rows(engine: Engine, year: int, group: str, item_id: str) -> np.ndarray:
    """Every unit's score row for one leaf of a (year, group)."""
    g = engine.group_of(year, group)
    if g is None:
        return np.zeros(0, dtype=np.int64)
    rows = np.flatnonzero(engine.item_id == item_id)
    return rows[engine.slot_group[engine.row_slot[rows]] == g]


def _resolve(engine: Engine, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, dict[int, float]]:
    """The rows and new scores of the score changes, and the new maximum of each changed row.

    Every problem is collected and names the change (its number, year, unit and item).
    """
    problems: list[Problem] = []

    def bad(where: str, vi: str, en: str, column: str | None = None) -> None:
        problems.append(Problem(f"scenario '{scenario.name}'", None, column, f"{where}: {vi}", f"{where}: {en}"))

    new_max: dict[int, float] = {}
    for k, mc in enumerate(scenario.max_points, start=1):
        where = f"điểm tối đa #{k} ({mc.year}, {mc.group}, {mc.item_id})"
        value = _number(mc.max_points)
        leaf_rows = (_leaf_rows(engine, mc.year, mc.group, mc.item_id) if isinstance(mc.year, numbers.Integral)
                     else np.zeros(0, dtype=np.int64))
        if len(leaf_rows) == 0:
            bad(where, "không có tiêu chí thành phần này", "no such sub-criterion", "item_id")
        elif value is None or value < 0:
            bad(
                where,
                f"'{mc.max_points}' không phải điểm tối đa hợp lệ",
                f"'{mc.max_points}' is not a valid maximum",
                "max_points",
            )
        else:
            new_max.update({int(r): value for r in leaf_rows})

    rows: list[int] = []
    scores: list[float] = []
    years = set(engine.groups["year"])
    for k, ch in enumerate(scenario.changes, start=1):
        where = f"thay đổi #{k} ({ch.year}, {ch.unit_id}, {ch.item_id})"
        value = _number(ch.score)
        if not isinstance(ch.year, numbers.Integral) or int(ch.year) not in years:
            bad(where, f"không có dữ liệu năm {ch.year}", f"no data for year {ch.year}", "year")
            continue
        own = engine.rows_of(ch.year, ch.unit_id)
        if len(own) == 0:
            known = (engine.slots["unit_id"] == ch.unit_id).any()
            bad(
                where,
                "đơn vị không được chấm điểm năm này" if known else "không có đơn vị này",
                "the unit was not scored that year" if known else "no such unit",
                "unit_id",
            )
            continue
        row = engine.row_of(ch.year, ch.unit_id, ch.item_id)
        if row is None:
            bad(
                where,
                "không có tiêu chí thành phần này trong bộ tiêu chí của đơn vị",
                "no such sub-criterion in the unit's methodology",
                "item_id",
            )
            continue
        mx = new_max.get(row, engine.row_max[row])
        if not engine.applicable[row]:
            bad(
                where, "tiêu chí không áp dụng cho đơn vị này", "the sub-criterion does not apply to this unit", "score"
            )
        elif value is None:
            bad(where, f"'{ch.score}' không phải là số", f"'{ch.score}' is not a number", "score")
        elif value < -POINT_TOL or value > mx + POINT_TOL:
            bad(where, f"điểm {number(value, 'vi')} nằm ngoài {interval(0, mx, 'vi')}",
                f"score {value:g} is outside [0, {mx:g}]", "score")
        elif row in rows:
            bad(where, "tiêu chí này đã được thay đổi ở trên", "this sub-criterion is changed twice", "item_id")
        else:
            rows.append(row)
            scores.append(value)
    changed = dict(zip(rows, scores))
    for row, mx in new_max.items():  # a kept score above its new maximum cannot stand
        score = changed.get(row, engine.score[row])
        if engine.applicable[row] and score > mx + POINT_TOL:
            slot = engine.slots.iloc[engine.row_slot[row]]
            bad(
                f"điểm tối đa ({slot['year']}, {slot['unit_id']}, {engine.item_id[row]})",
                f"điểm hiện có {number(score, 'vi')} lớn hơn điểm tối đa mới {number(mx, 'vi')}",
                f"the score {score:g} is above the new maximum {mx:g}",
                "max_points",
            )
    for year, group in scenario.schemes:
        if engine.group_of(year, group) is None:
            bad(
                f"thang xếp loại ({year}, {group})",
                "không có kết quả cho năm và khối này",
                "no results for this year and group",
                "scheme",
            )
    if problems:
        raise ValidationError(problems)
    return np.asarray(rows, dtype=np.int64), np.asarray(scores, dtype=float), new_max


def simulate(source: Dataset | Engine, scenario: Scenario, base: Evaluation | None = None) -> Simulation:
    """Evaluate ``scenario`` on a dataset (or its prepared engine) without changing it.

    ``base`` is ``engine.evaluate()`` if the caller already has it (a dashboard keeps it):
    score changes are then applied to it incrementally, re-ranking only their groups.
    """
    engine = _engine(source)
    rows, scores, new_max = _resolve(engine, scenario)
    before = base if base is not None else engine.evaluate()
    changed = engine.with_schemes(scenario.schemes) if scenario.schemes else engine
    if new_max:
        score = engine.score.copy()
        score[rows] = scores
        maxima = engine.row_max.copy()
        maxima[list(new_max)] = list(new_max.values())
        after = changed.evaluate(score, max_points=maxima)
    else:
        start = before if not scenario.schemes else changed.evaluate()
        after = changed.update(start, rows, scores)
    direct = np.unique(engine.row_slot[rows])
    return Simulation(scenario, changed.results(after), _diff(engine, before, after, direct), after)


def _diff(engine: Engine, before: Evaluation, after: Evaluation, direct: np.ndarray) -> pd.DataFrame:
    """Units whose index, rank or band differ between two evaluations."""

    def differs(a: np.ndarray, b: np.ndarray, tol: float = 0.0) -> np.ndarray:
        both_nan = pd.isna(a) & pd.isna(b)
        with np.errstate(invalid="ignore"):
            same = (np.abs(a - b) <= tol) if tol else (a == b)
        return ~(both_nan | same)

    moved = (
        differs(before.index, after.index, INDEX_TOL)
        | differs(before.rank, after.rank)
        | differs(before.band.astype(object), after.band.astype(object))
    )
    moved[direct] = True
    slots = np.flatnonzero(moved)
    s = engine.slots.iloc[slots]
    out = pd.DataFrame(
        {
            "year": s["year"].to_numpy(),
            "group": s["group"].to_numpy(),
            "unit_id": s["unit_id"].to_numpy(),
            "unit_name": s["unit_name"].to_numpy(),
            "index_old": before.index[slots],
            "index_new": after.index[slots],
            "rank_old": pd.array(before.rank[slots], dtype="Float64").astype("Int64"),
            "rank_new": pd.array(after.rank[slots], dtype="Float64").astype("Int64"),
            "band_old": pd.Series(before.band[slots], dtype=object),
            "band_new": pd.Series(after.band[slots], dtype=object),
            "direct": np.isin(slots, direct),
        }
    )
    out["delta"] = out["index_new"] - out["index_old"]
    out["rank_change"] = out["rank_old"] - out["rank_new"]  # positive: moved up
    return out.sort_values(["year", "group", "rank_new", "unit_id"], na_position="last").reset_index(drop=True)


# -- gap analysis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """What a unit needs to reach a target: ``points`` (score points), ``index_points``."""

    year: int
    unit_id: str
    index: float
    target: str  #: the band label or "rank N"
    target_index: float  #: the index to reach (NaN if the unit is already there)
    points: float  #: appraised points still needed (0 when reached)
    index_points: float
    headroom: float  #: points still available on the unit's applicable items (always ≥ points:
    #: every target is an index of at most 100)


def _slot(engine: Engine, year: int, unit_id: str) -> int:
    rows = engine.rows_of(year, unit_id)
    if len(rows) == 0:
        raise ValidationError(
            [
                Problem(
                    "what-if",
                    None,
                    "unit_id",
                    f"đơn vị '{unit_id}' không được chấm điểm năm {year}",
                    f"unit '{unit_id}' was not scored in {year}",
                )
            ]
        )
    return int(engine.row_slot[rows[0]])


def gap(
    source: Dataset | Engine, year: int, unit_id: str, target: str | int | None = None, ev: Evaluation | None = None
) -> Gap:
    """Points a unit needs for ``target``: the next band (None), a band label, or a rank (int).

    A rank is reached by equalling the index of the unit now holding it (ties share a rank).
    """
    engine = _engine(source)
    ev = ev if ev is not None else engine.evaluate()
    slot = _slot(engine, year, unit_id)
    g = int(engine.slot_group[slot])
    index, score, top = float(ev.index[slot]), float(ev.score_sum[slot]), float(ev.max_sum[slot])
    if math.isnan(index):  # no applicable item: no index to raise, no target to reach (not "reached")
        raise ValidationError(
            [
                Problem(
                    "what-if",
                    None,
                    "unit_id",
                    f"đơn vị '{unit_id}' không có tiêu chí nào áp dụng năm {year}: không có chỉ số để nâng",
                    f"unit '{unit_id}' has no applicable item in {year}: it has no index to raise",
                )
            ]
        )
    rows = engine.rows_of(year, unit_id)
    room = float(np.sum(np.where(ev.applicable[rows], engine.row_max[rows] - np.nan_to_num(ev.score[rows]), 0.0)))
    scheme = engine.schemes[g]
    if isinstance(target, bool) or (target is not None and not isinstance(target, (str, numbers.Integral))):
        raise ValidationError(
            [Problem("what-if", None, "target", f"mục tiêu '{target}' không hợp lệ", f"invalid target '{target}'")]
        )
    if isinstance(target, numbers.Integral):
        if target < 1:
            raise ValidationError([Problem("what-if", None, "target", "hạng phải từ 1 trở lên", "a rank is 1 or more")])
        others = np.sort(np.delete(ev.index[engine.members[g]], np.flatnonzero(engine.members[g] == slot)))[::-1]
        others = others[~np.isnan(others)]
        label = f"rank {int(target)}"
        need = others[int(target) - 1] if int(target) <= len(others) else -math.inf
    else:
        if scheme is None:
            raise ValidationError(
                [
                    Problem(
                        "what-if",
                        None,
                        "target",
                        "chưa có thang xếp loại cho năm và khối này",
                        "no band scheme for this year and group",
                    )
                ]
            )
        if target is None:
            label, step = scheme.next_band(index)
            need = index + step if label is not None else -math.inf
            label = label or str(ev.band[slot])
        else:
            wanted = dict(zip(scheme.labels, scheme.minima))
            if target not in wanted:
                raise ValidationError(
                    [
                        Problem(
                            "what-if",
                            None,
                            "target",
                            f"không có loại '{target}' (có: {', '.join(scheme.labels)})",
                            f"no band '{target}' (known: {', '.join(scheme.labels)})",
                        )
                    ]
                )
            minimum = wanted[target]
            label, need = target, minimum if minimum is not None else -math.inf
    if need == -math.inf or index + INDEX_TOL >= need:
        return Gap(int(year), unit_id, index, label, math.nan, 0.0, 0.0, room)
    return Gap(
        int(year), unit_id, index, label, float(need), float(need * top / 100 - score), float(need - index), room
    )


def closest_below(results: pd.DataFrame, scheme: BandScheme | None) -> str | None:
    """The unit nearest below a threshold of ``scheme`` (fewest index points to its next band):
    where a what-if is most telling. ``results`` is one (year, group); None if no unit is below one."""
    if scheme is None:
        return None
    steps = []
    for unit, index in zip(results["unit_id"], results["index"]):
        if not pd.isna(index):
            label, step = scheme.next_band(float(index))
            if label is not None:
                steps.append((step, unit))
    return min(steps)[1] if steps else None


def headroom(source: Dataset | Engine, year: int, unit_id: str, ev: Evaluation | None = None) -> pd.DataFrame:
    """The unit's applicable items with the points still available (max − score), most first.

    Columns: row (the score row, for :meth:`Engine.update`), item_id, name_vi, area_id,
    area_name, kind (assessed, survey or sipas: who gives the points), max_points, score, headroom.
    """
    engine = _engine(source)
    ev = ev if ev is not None else engine.evaluate()
    _slot(engine, year, unit_id)
    rows = engine.rows_of(year, unit_id)
    rows = rows[ev.applicable[rows]]
    leaves = engine.leaves.iloc[engine.row_leaf[rows]]
    out = pd.DataFrame(
        {
            "row": rows,
            "item_id": engine.item_id[rows],
            "name_vi": leaves["name_vi"].to_numpy(),
            "area_id": leaves["area_id"].to_numpy(),
            "area_name": leaves["area_name"].to_numpy(),
            "kind": leaves["kind"].to_numpy(),
            "max_points": engine.row_max[rows],
            "score": ev.score[rows],
        }
    )
    out["headroom"] = out["max_points"] - out["score"]
    return out.sort_values(["headroom", "item_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


#: The step of the what-if inputs, and so of a suggestion's scores: appraisals are given in quarter points.
STEP = 0.25
#: What a suggestion raises by default: the assessed items, which the unit acts on. Survey and SIPAS
#: items come from citizens' and officials' answers: a department cannot simply raise them.
ACTIONABLE = ("assessed",)


def suggest(
    source: Dataset | Engine,
    year: int,
    unit_id: str,
    target: str | int | None = None,
    ev: Evaluation | None = None,
    kinds: tuple[str, ...] = ACTIONABLE,
    step: float = STEP,
) -> pd.DataFrame:
    """The fewest item changes that reach ``target`` (see :func:`gap`): among the items whose kind
    is in ``kinds``, those with the most headroom raised to their maximum, the last one only as far
    as needed. Every new score is on the ``step`` grid (as the inputs take it) or the item's maximum,
    rounded up, so the unit lands at or above the target, never a hair below.

    Taking the largest headrooms first needs the fewest items. Columns as :func:`headroom` plus
    new_score and gain; empty when the target is already reached. When these items cannot reach the
    target, all of them are raised and ``attrs["short"]`` holds the points still missing (else 0).
    """
    engine = _engine(source)
    ev = ev if ev is not None else engine.evaluate()
    need = gap(engine, year, unit_id, target, ev)
    room = headroom(engine, year, unit_id, ev)
    if need.points <= 0:
        empty = room.iloc[0:0].assign(new_score=[], gain=[])
        empty.attrs["short"] = 0.0
        return empty
    room = room[(room["headroom"] > 0) & room["kind"].isin(kinds)]
    before = room["headroom"].cumsum().shift(fill_value=0.0)
    picked = room[before < need.points - POINT_TOL].copy()
    wanted = picked["score"] + (need.points - before[picked.index])  # the last item's exact need; others past max
    on_grid = np.ceil((wanted - 1e-9) / step) * step
    picked["new_score"] = np.minimum(on_grid, picked["max_points"])
    picked["gain"] = picked["new_score"] - picked["score"]
    picked = picked.reset_index(drop=True)
    picked.attrs["short"] = max(0.0, float(need.points - picked["gain"].sum()))
    return picked


def changes_of_rows(engine: Engine, scores: Mapping[int, float]) -> tuple[ScoreChange, ...]:
    """Score changes from new scores keyed by the engine's score rows (what an editor collects)."""
    changes = []
    for row, score in scores.items():
        slot = engine.slots.iloc[engine.row_slot[row]]
        changes.append(ScoreChange(int(slot["year"]), slot["unit_id"], str(engine.item_id[row]), float(score)))
    return tuple(changes)


def as_scenario(name: str, year: int, unit_id: str, items: pd.DataFrame) -> Scenario:
    """A scenario from a frame with item_id and new_score (e.g. :func:`suggest`'s)."""
    return Scenario(
        name,
        tuple(ScoreChange(int(year), unit_id, str(i), float(s)) for i, s in zip(items["item_id"], items["new_score"])),
    )


# -- robustness ----------------------------------------------------------------------------


def robustness(
    source: Dataset | Engine,
    year: int,
    group: str,
    draws: int = 1000,
    points: float | None = 0.5,
    share: float | None = None,
    area_spread: float = 0.0,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
    ev: Evaluation | None = None,
) -> pd.DataFrame:
    """Monte Carlo ranks and bands of one (year, group) under appraisal and weight uncertainty.

    Each draw moves every applicable score uniformly by up to ``points`` (or by up to
    ``share`` of its item's maximum), kept within [0, max], and scales each area's points
    and maximum by a factor in [1 − area_spread, 1 + area_spread]. Draws are evaluated as
    a matrix, in chunks reported to ``progress(fraction)``. The same ``seed`` gives the
    same figures. Returns one row per unit: index, rank, rank_median, rank_p05, rank_p95
    and ``p_<band>``, the share of draws in each band.
    """
    engine = _engine(source)
    ev = ev if ev is not None else engine.evaluate()
    problems = []
    if not isinstance(draws, numbers.Integral) or not 1 <= draws <= 100_000:
        problems.append(("draws", "số lần thử phải từ 1 đến 100.000", "draws must be between 1 and 100,000"))
    if share is None and (points is None or _number(points) is None or not 0 <= points <= 100):
        problems.append(("points", "biên độ điểm phải từ 0 đến 100", "the point spread must be between 0 and 100"))
    if share is not None and (_number(share) is None or not 0 <= share <= 1):
        problems.append(("share", "tỷ lệ phải từ 0 đến 1", "the share must be between 0 and 1"))
    if _number(area_spread) is None or not 0 <= area_spread < 1:
        problems.append(("area_spread", "biên độ trọng số phải từ 0 đến dưới 1", "the weight spread must be in [0, 1)"))
    g = engine.group_of(year, group)
    if g is None:
        problems.append(
            ("group", f"không có kết quả cho năm {year}, khối '{group}'", f"no results for {year}, group '{group}'")
        )
    if problems:
        raise ValidationError([Problem("robustness", None, c, vi, en) for c, vi, en in problems])
    assert g is not None  # a missing group is one of the problems raised above
    members = engine.members[g]
    local = np.full(len(engine.slots), -1)
    local[members] = np.arange(len(members))
    rows = np.flatnonzero(local[engine.row_slot] >= 0)
    n, na = len(members), len(engine.areas)
    unit = local[engine.row_slot[rows]]
    app = ev.applicable[rows]
    base = np.where(app, np.nan_to_num(ev.score[rows]), 0.0)
    mx = np.where(app, engine.row_max[rows], 0.0)
    area = engine.row_area[rows]
    if share is not None:
        spread = mx * share
    else:
        assert points is not None  # checked above when no share is given
        spread = np.full(len(rows), float(points))
    rng = np.random.default_rng(seed)
    ranks = np.empty((draws, n))
    scheme = engine.schemes[g]
    labels = list(scheme.labels) if scheme is not None else []
    band_hits = np.zeros((n, len(labels) + 1))
    chunk = max(1, min(draws, 2_000_000 // max(len(rows), 1)))
    for start in range(0, draws, chunk):
        c = min(chunk, draws - start)
        score = np.clip(base + rng.uniform(-1, 1, (c, len(rows))) * spread, 0, mx)
        weight = (1 + rng.uniform(-area_spread, area_spread, (c, na)))[:, area] if area_spread else 1.0
        key = (np.arange(c)[:, None] * n + unit).ravel()
        num = np.bincount(key, (score * weight).ravel(), c * n)
        den = np.bincount(key, np.broadcast_to(mx * weight, (c, len(rows))).ravel(), c * n)
        with np.errstate(invalid="ignore", divide="ignore"):
            index = np.where(den > 0, num / den * 100, np.nan)
        ranks[start : start + c] = group_ranks(index, np.repeat(np.arange(c), n))[0].reshape(c, n)
        if scheme is not None:
            drawn = scheme.labels_of(index).reshape(c, n)
            for j, label in enumerate(labels):
                band_hits[:, j] += (drawn == label).sum(axis=0)
            band_hits[:, -1] += pd.isna(drawn).sum(axis=0)
        if progress is not None:
            progress((start + c) / draws)
    s = engine.slots.iloc[members]
    out = pd.DataFrame(
        {
            "year": s["year"].to_numpy(),
            "group": s["group"].to_numpy(),
            "unit_id": s["unit_id"].to_numpy(),
            "unit_name": s["unit_name"].to_numpy(),
            "index": ev.index[members],
            "band": ev.band[members],
            "rank": pd.array(ev.rank[members], dtype="Float64").astype("Int64"),
            "rank_median": np.nanmedian(ranks, axis=0),
            "rank_p05": np.nanpercentile(ranks, 5, axis=0),
            "rank_p95": np.nanpercentile(ranks, 95, axis=0),
        }
    )
    for j, label in enumerate(labels):
        out[f"p_{label}"] = band_hits[:, j] / draws
    if labels and band_hits[:, -1].any():
        out["p_unbanded"] = band_hits[:, -1] / draws
    return out.sort_values(["rank", "unit_id"], na_position="last").reset_index(drop=True)
