"""Validation of the frames of a :class:`~cchc_dash.core.dataset.Dataset` (columns: the ``*_COLUMNS`` below).

Each ``normalise_*`` function takes a raw frame, returns it cleaned (NFC text, numeric
types) and appends every problem it finds, located, to ``problems``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bands import rule_breaks
from .errors import LIMIT, Located, Problem, first_hits, interval, number
from .parsing import (
    blank_cell,
    bool_codes,
    category_from_codes,
    did_you_mean,
    duplicates,
    from_codes,
    hint,
    integer,
    near_codes,
    numeric,
    numeric_and_blank,
    report_duplicates,
    require_columns,
    shared_codes,
    text_cells,
    text_codes,
)

#: Tolerance for comparing sums of points (parent maxima, score bounds).
POINT_TOL = 1e-6

LEVELS = ("area", "criterion", "item")
KINDS = ("assessed", "survey", "sipas")

METHODOLOGY_COLUMNS = ["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points", "kind"]
UNIT_COLUMNS = ["unit_id", "unit_name", "group", "valid_from", "valid_to", "successor_id"]
SCORE_COLUMNS = ["year", "unit_id", "item_id", "self_score", "score", "applicable"]
BAND_COLUMNS = ["scheme", "year", "group", "label", "min_index", "order"]
SIPAS_QUESTION_COLUMNS = ["year", "question_id", "component", "text"]
SIPAS_ANSWER_COLUMNS = ["year", "unit_id", "respondent_id", "question_id", "answer"]
#: Units the data mark as not assessed in a year (newly founded, being reorganised…), each with its reason.
NOT_ASSESSED_COLUMNS = ["year", "unit_id", "reason"]


def normalise_methodology(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Check the methodology tree: unique ids, known parents, parent maxima = sum of children."""
    start = len(problems)
    df = df.reset_index(drop=True).copy()
    if not require_columns(df, [c for c in METHODOLOGY_COLUMNS if c != "kind"], loc, problems):
        return df
    if "kind" not in df.columns:
        df["kind"] = "assessed"
    df["year"] = integer(df, "year", loc, problems, True)
    for c in ("group", "item_id", "parent_id", "level", "name_vi", "kind"):
        df[c] = text_cells(df[c])
    df["kind"] = df["kind"].fillna("assessed")
    for c in ("group", "item_id", "level"):  # the keys of the tree: a row without one has no place in it
        for pos in first_hits(np.flatnonzero(df[c].isna().to_numpy()), loc, c, problems):
            problems.append(loc.problem(pos, c, *blank_cell(c)))
    df["max_points"] = numeric(df, "max_points", loc, problems, True)
    for pos in np.flatnonzero((df["max_points"] < 0).to_numpy()):
        problems.append(loc.problem(pos, "max_points", "điểm tối đa âm", "negative maximum points"))
    for col, allowed in (("level", LEVELS), ("kind", KINDS)):
        for pos in np.flatnonzero((~df[col].isin(allowed) & df[col].notna()).to_numpy()):  # blank: said above
            problems.append(
                loc.problem(
                    pos,
                    col,
                    f"giá trị '{df[col].iloc[pos]}' không hợp lệ (cho phép: {', '.join(allowed)})",
                    f"invalid value '{df[col].iloc[pos]}' (allowed: {', '.join(allowed)})",
                )
            )
    duplicates(df, ["year", "group", "item_id"], loc, problems, "mã tiêu chí", "item id")
    if len(problems) > start:
        return df
    for (year, group), part in df.groupby(["year", "group"], sort=False):
        level_of = dict(zip(part["item_id"], part["level"]))
        before = len(problems)
        for pos, iid, lvl, pid in zip(part.index, part["item_id"], part["level"], part["parent_id"]):
            if wrong := _parent_problem(iid, lvl, pid, level_of, year, group):
                problems.append(loc.problem(pos, "parent_id", *wrong))
        if len(problems) > before:  # a row under the wrong parent would also put two sums wrong: said once
            continue
        child_sum = part.groupby("parent_id")["max_points"].sum()
        for pos, iid, lvl, mx in zip(part.index, part["item_id"], part["level"], part["max_points"]):
            if lvl == "item":
                if iid in child_sum.index:
                    problems.append(
                        loc.problem(
                            pos,
                            "level",
                            f"'{iid}' là tiêu chí thành phần nhưng có mục con",
                            f"'{iid}' is a leaf item but has children",
                        )
                    )
                continue
            total = child_sum.get(iid)
            if total is None:
                problems.append(
                    loc.problem(
                        pos,
                        "item_id",
                        f"'{iid}' ({lvl}) không có tiêu chí thành phần nào",
                        f"'{iid}' ({lvl}) has no sub-criteria",
                    )
                )
            elif abs(total - mx) > POINT_TOL:
                problems.append(
                    loc.problem(
                        pos,
                        "max_points",
                        f"điểm tối đa của '{iid}' là {number(mx, 'vi')} nhưng tổng các mục con là "
                        f"{number(total, 'vi')}",
                        f"maximum of '{iid}' is {mx:g} but its children add up to {total:g}",
                    )
                )
        leaves = part[part["level"] == "item"]
        if len(leaves) and not (leaves["max_points"] > 0).any():
            problems.append(
                loc.problem(
                    leaves.index[0],
                    "max_points",
                    f"mọi tiêu chí thành phần năm {year} ({group}) có điểm tối đa 0: không đơn vị nào xếp hạng được",
                    f"every sub-criterion of {year} ({group}) has a maximum of 0: no unit could be ranked",
                )
            )
    return df


def _parent_problem(
    iid: str, level: str, pid: str | None, level_of: dict[str, str], year: int, group: str
) -> tuple[str, str] | None:
    """What is wrong with a row's parent (Vietnamese, English), or None: an area has no parent,
    anything else has a known parent, a criterion sits under an area.

    With a leaf refused as a parent (checked with the maxima), every item is one or two steps below
    its area, so the tree can have no cycle and ``leaves_with_area`` always reaches an area.
    """
    if pid is not None and pid not in level_of:
        vi, en = did_you_mean(pid, level_of)
        return (f"mục cha '{pid}' không tồn tại ({year}, {group}){vi}",
                f"parent '{pid}' does not exist ({year}, {group}){en}")
    if level == "area" and pid is not None:
        return (
            f"'{iid}' là lĩnh vực nên không có mục cha (đang ghi '{pid}')",
            f"'{iid}' is an area, so it has no parent (found '{pid}')",
        )
    if level != "area" and pid is None:
        return f"'{iid}' ({level}) thiếu mục cha", f"'{iid}' ({level}) has no parent"
    if level == "criterion" and pid is not None and level_of[pid] != "area":
        return (
            f"tiêu chí '{iid}' phải nằm ngay dưới một lĩnh vực, nhưng '{pid}' là {level_of[pid]}",
            f"criterion '{iid}' must sit directly under an area, but '{pid}' is a {level_of[pid]}",
        )
    return None


def normalise_units(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Units with NFC names, a group, and a lineage that points at known units."""
    df = df.reset_index(drop=True).copy()
    if not require_columns(df, ["unit_id", "unit_name", "group"], loc, problems):
        return df
    for c in ("valid_from", "valid_to"):
        df[c] = integer(df, c, loc, problems, False) if c in df.columns else pd.array([pd.NA] * len(df), dtype="Int64")
    if "successor_id" not in df.columns:
        df["successor_id"] = None
    for c in ("unit_id", "unit_name", "group", "successor_id"):
        df[c] = text_cells(df[c])
    for c in ("unit_id", "unit_name", "group"):
        for pos in np.flatnonzero(df[c].isna().to_numpy()):
            problems.append(loc.problem(pos, c, *blank_cell(c)))
    duplicates(df, ["unit_id"], loc, problems, "mã đơn vị", "unit id")
    known = set(df["unit_id"])
    for pos, s in zip(df.index, df["successor_id"]):
        if s is not None and s not in known:
            vi, en = did_you_mean(s, known)
            problems.append(
                loc.problem(
                    pos,
                    "successor_id",
                    f"đơn vị kế thừa '{s}' không có trong danh sách{vi}",
                    f"successor '{s}' is not a known unit{en}",
                )
            )
    backwards = (df["valid_from"] > df["valid_to"]).fillna(False).to_numpy(bool)
    for pos in np.flatnonzero(backwards):
        problems.append(
            loc.problem(
                pos,
                "valid_to",
                f"năm kết thúc {df['valid_to'].iloc[pos]} trước năm bắt đầu {df['valid_from'].iloc[pos]}",
                f"the last year {df['valid_to'].iloc[pos]} is before the first year {df['valid_from'].iloc[pos]}",
            )
        )
    _successor_cycles(df, loc, problems)
    _names_alike(df, loc, problems)
    return df[UNIT_COLUMNS + [c for c in df.columns if c not in UNIT_COLUMNS]]


def _successor_cycles(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> None:
    """A unit whose chain of successors comes back to itself (A → A, A → B → A): lineage would never end."""
    successor = {u: s for u, s in zip(df["unit_id"], df["successor_id"]) if u is not None and s is not None}
    row = {u: pos for pos, u in zip(df.index, df["unit_id"]) if u is not None}
    reported: set[str] = set()
    for start in successor:
        seen, unit = [], start
        while unit in successor and unit not in seen:
            seen.append(unit)
            unit = successor[unit]
        if unit == start and start not in reported:
            cycle = " → ".join(seen + [start])
            reported.update(seen)
            problems.append(
                loc.problem(
                    row[start],
                    "successor_id",
                    f"chuỗi đơn vị kế thừa quay vòng: {cycle}",
                    f"the chain of successors goes round in a circle: {cycle}",
                )
            )


def _names_alike(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> None:
    """Two units of one group whose names are equal once case and spacing are ignored: readers could
    not tell them apart (a unit and its own successor may share a name)."""
    key = df["unit_name"].map(lambda n: " ".join(n.casefold().split()) if isinstance(n, str) else n)
    first: dict[tuple, int] = {}
    for pos, g, k, u, s in zip(df.index, df["group"], key, df["unit_id"], df["successor_id"]):
        if k is None or g is None:
            continue
        if (g, k) in first:
            other = first[(g, k)]
            lineage = s == df["unit_id"].iloc[other] or df["successor_id"].iloc[other] == u
            if not lineage:
                problems.append(
                    loc.problem(
                        pos,
                        "unit_name",
                        f"tên '{df['unit_name'].iloc[pos]}' trùng với đơn vị '{df['unit_id'].iloc[other]}'",
                        f"the name '{df['unit_name'].iloc[pos]}' is the same as unit '{df['unit_id'].iloc[other]}'s",
                    )
                )
        else:
            first[(g, k)] = pos


def _listed_units(units: pd.DataFrame) -> set[str] | None:
    """The ids of the unit list, or None when it has no id column or a row without an id: an id unknown
    elsewhere could then be that row's, and is not reported again (the unit list's problem says it)."""
    if "unit_id" not in units.columns or units["unit_id"].isna().any():
        return None
    return set(units["unit_id"])


def _missing_leaves(
    pairs: np.ndarray,
    pair_yg: np.ndarray,
    leaf_yg: np.ndarray,
    leaf_item: np.ndarray,
    row_pair: np.ndarray,
    row_item: np.ndarray,
    n_items: int,
) -> pd.DataFrame:
    """The leaves that ``pairs`` (of year and unit) have no score row for, as columns pair, leaf.

    A pair must have every leaf of its (year, group): ``pair_yg`` and ``leaf_yg`` code the
    (year, group) of each pair and leaf, ``row_pair`` and ``row_item`` the pair and item of
    each score row. Rows come in the order of ``pairs``, then of the leaves, as a merge keeps them.
    """
    expected = pd.DataFrame({"pair": pairs, "yg": pair_yg[pairs]}).merge(
        pd.DataFrame({"yg": leaf_yg, "leaf": np.arange(len(leaf_yg))}), on="yg"
    )
    rows = np.isin(row_pair, pairs)
    present = row_pair[rows] * n_items + row_item[rows]
    wanted = expected["pair"].to_numpy() * n_items + leaf_item[expected["leaf"].to_numpy()]
    return expected.loc[~np.isin(wanted, present), ["pair", "leaf"]]


@dataclass(frozen=True)
class ScoreKeys:
    """Integer codes of the score rows, found while validating them and kept for scoring.

    Scoring sums millions of rows by (year, unit) and by area; turning string keys into
    codes is most of that work, and validation has already done it. Rows are numbered as
    in the validated ``scores`` frame; a *pair* is one (year, unit) scored.
    """

    pair: np.ndarray  #: row → its (year, unit) pair, 0 … n_pairs − 1
    pair_year: np.ndarray  #: pair → year (int)
    pair_unit: np.ndarray  #: pair → unit id (object)
    pair_group: np.ndarray  #: pair → the unit's group (object)
    leaf: np.ndarray  #: row → position of its leaf among the methodology's leaf rows, in order


def _repeats(key: np.ndarray, size: int) -> np.ndarray:
    """Rows whose ``key`` (in 0 … size − 1) repeats an earlier row's: keep="first" semantics.

    Keys are dense, so a count per key tells at once that none repeats (the usual case);
    only then is the slower hash-based ``duplicated`` needed to say which rows repeat.
    """
    if len(key) == 0 or np.bincount(key, minlength=size).max() <= 1:
        return np.zeros(len(key), dtype=bool)
    return pd.Series(key).duplicated(keep="first").to_numpy()


def _outside_validity(
    out: pd.DataFrame,
    pair_codes: np.ndarray,
    pair_year: np.ndarray,
    pair_unit: np.ndarray,
    units: pd.DataFrame | None,
    loc: Located,
    problems: list[Problem],
) -> None:
    """Scores in a year outside the unit's years of existence (valid_from … valid_to), checked once per
    (year, unit) and reported on each row (a unit merged away in 2024 has no 2025 scores). A unit whose
    last year comes before its first is the units file's problem alone."""
    if units is None or not {"valid_from", "valid_to"} <= set(units.columns):
        return
    bounds = units.set_index("unit_id")[["valid_from", "valid_to"]]
    lo = pd.Series(pair_unit).map(bounds["valid_from"]).to_numpy(dtype=float, na_value=np.nan)
    hi = pd.Series(pair_unit).map(bounds["valid_to"]).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        backwards = lo > hi  # reported at the unit's row; its scores are not blamed for it too
    lo[backwards], hi[backwards] = np.nan, np.nan
    year = pd.to_numeric(pd.Series(pair_year), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        bad_pair = (year < lo) | (year > hi)
    for pos in first_hits(np.flatnonzero(bad_pair[pair_codes]), loc, "year", problems):
        problems.append(
            loc.problem(
                pos,
                "year",
                f"đơn vị '{out['unit_id'].iloc[pos]}' không tồn tại năm {out['year'].iloc[pos]}",
                f"unit '{out['unit_id'].iloc[pos]}' did not exist in {out['year'].iloc[pos]}",
            )
        )


def normalise_scores(
    df: pd.DataFrame, methodology: pd.DataFrame, units: pd.DataFrame, loc: Located, problems: list[Problem]
) -> tuple[pd.DataFrame, ScoreKeys | None]:
    """Scores per leaf: numbers within [0, max], known unit and item, no duplicates, no gaps.

    Returns the cleaned frame (columns of ``SCORE_COLUMNS`` plus the unit's ``group``) and,
    when every row found its unit and leaf, the :class:`ScoreKeys` that scoring reuses.
    Built for national scale (millions of rows): each distinct id is converted and looked
    up once, and rows are compared through integer codes instead of merging string columns.
    """
    df = df.reset_index(drop=True)
    if not require_columns(df, ["year", "unit_id", "item_id", "score"], loc, problems):
        return df, None
    if df.empty:
        problems.append(
            loc.problem(
                None, None, "không có dòng điểm nào (chỉ có dòng tiêu đề)", "there are no score rows (only the header)"
            )
        )
        return df, None
    out = pd.DataFrame(index=df.index)
    out["year"] = integer(df, "year", loc, problems, True)
    unit_codes, unit_values = text_codes(df["unit_id"])
    item_codes, item_values = text_codes(df["item_id"])
    out["unit_id"] = from_codes(unit_codes, unit_values, df.index)
    out["item_id"] = from_codes(item_codes, item_values, df.index)
    for col, codes, values in (("unit_id", unit_codes, unit_values), ("item_id", item_codes, item_values)):
        blank_id = np.array([v is None for v in values])[codes]
        for pos in first_hits(np.flatnonzero(blank_id), loc, col, problems):
            problems.append(loc.problem(pos, col, *blank_cell(col)))
    raw_app = df["applicable"] if "applicable" in df.columns else pd.Series(True, index=df.index)
    app_codes, app_values = bool_codes(raw_app)
    unreadable = np.array([v is None for v in app_values])[app_codes]
    for pos in first_hits(np.flatnonzero(unreadable), loc, "applicable", problems):
        problems.append(
            loc.problem(
                pos,
                "applicable",
                f"'{raw_app.iloc[pos]}' không phải đúng/sai",
                f"'{raw_app.iloc[pos]}' is not true/false",
            )
        )
    applicable = np.array([v is not False for v in app_values])[app_codes]  # unreadable (reported) counts as applicable
    score, blank = numeric_and_blank(df, "score", loc, problems, False)
    out["self_score"] = numeric(df, "self_score", loc, problems, False) if "self_score" in df.columns else np.nan
    out["score"] = score
    out["applicable"] = applicable
    missing = np.flatnonzero(blank & applicable)
    if len(missing) > 1 and len(missing) == int(applicable.sum()):
        # Every applicable score blank: a form not yet filled in, said once rather than row by row.
        count = f"{len(missing):,}"  # 1,059 in English, 1.059 in Vietnamese
        problems.append(
            loc.problem(
                None,
                "score",
                f"chưa có điểm nào được nhập: điểm thẩm định để trống ở cả {count.replace(',', '.')} dòng điểm "
                "có áp dụng; nhập điểm thẩm định rồi tải lại tệp",
                f"no score has been entered yet: the appraised score is blank in all {count} applicable score "
                "rows; enter the appraised scores and load the file again",
            )
        )
        missing = missing[:0]
    for pos in first_hits(missing, loc, "score", problems):
        problems.append(
            loc.problem(
                pos,
                "score",
                "thiếu điểm thẩm định (ô trống) cho tiêu chí có áp dụng",
                "appraised score is blank for an applicable item",
            )
        )

    # Row keys. Years, unit ids and item ids are numbered 0, 1, … by distinct value (blanks
    # equal to each other, as DataFrame.duplicated and merge treat them). A (year, unit) pair
    # is year_code × n_units + unit_code, renumbered densely in order of first appearance;
    # a row's key is pair × n_items + item_code: one int64, equal exactly when year, unit
    # and item are equal.
    year_codes, year_values = pd.factorize(out["year"], use_na_sentinel=False)
    pair_codes, pair_keys = pd.factorize(year_codes * len(unit_values) + unit_codes)
    pair_year, pair_unit = np.divmod(pair_keys, len(unit_values))
    dup = _repeats(pair_codes * len(item_values) + item_codes, len(pair_keys) * len(item_values))
    report_duplicates(out, dup, ["year", "unit_id", "item_id"], loc, problems, "dòng điểm", "score row")

    known_units = units.drop_duplicates("unit_id") if {"unit_id", "group"} <= set(units.columns) else None
    groups = known_units.set_index("unit_id")["group"] if known_units is not None else pd.Series(dtype=object)
    unit_group = pd.Series(unit_values, dtype=object).map(groups)  # one lookup per distinct unit id
    out["group"] = from_codes(unit_codes, unit_group.to_numpy(dtype=object), df.index)
    unknown_unit = unit_group.isna().to_numpy()
    _outside_validity(
        out,
        pair_codes,
        np.asarray(year_values, dtype=object)[pair_year],
        unit_values[pair_unit],
        known_units,
        loc,
        problems,
    )
    # A unit without a group is unknown here; only one missing from the list is this file's problem
    # (a listed unit with a blank group is its own row's, and a blank id was said above).
    listed = _listed_units(units)
    unlisted = np.array([v is not None and listed is not None and v not in listed for v in unit_values])[unit_codes]
    hits = first_hits(np.flatnonzero(unlisted), loc, "unit_id", problems)
    near = near_codes(out["unit_id"].to_numpy()[hits], listed or ())
    for pos in hits:
        unit = out["unit_id"].iloc[pos]
        vi, en = hint(near.get(unit))
        problems.append(loc.problem(pos, "unit_id", f"đơn vị '{unit}' không có trong danh sách đơn vị{vi}",
                                    f"unit '{unit}' is not in the unit list{en}"))
    if (methodology.empty or not set(METHODOLOGY_COLUMNS[:-1]) <= set(methodology.columns)
            or _unplaced_leaves(methodology)):
        return out, None
    leaves = methodology.loc[methodology["level"] == "item", ["year", "group", "item_id", "max_points"]]
    # Duplicate leaves are reported with the methodology.
    leaves = leaves.drop_duplicates(["year", "group", "item_id"]).reset_index(drop=True)

    # The leaf of each row, as a merge on (year, group, item_id) would find it. Years, groups
    # and items are coded in one space shared by the rows and the leaves; each distinct
    # (year, group) then gets a number yg, and the key of a row or a leaf is yg × n_items + item,
    # looked up in a table with one slot per possible key (a few thousand).
    year_shared, leaf_year, _ = shared_codes(year_values, leaves["year"])
    group_shared, leaf_group, n_groups = shared_codes(unit_group, leaves["group"])
    item_shared, leaf_item, n_items = shared_codes(item_values, leaves["item_id"])
    pair_yg, leaf_yg, n_yg = shared_codes(
        year_shared[pair_year] * n_groups + group_shared[pair_unit], leaf_year * n_groups + leaf_group
    )
    row_item = item_shared[item_codes]
    lookup = np.full(n_yg * n_items, -1)
    lookup[leaf_yg * n_items + leaf_item] = np.arange(len(leaves))
    leaf_at = lookup[pair_yg[pair_codes] * n_items + row_item]
    mx = np.append(leaves["max_points"].to_numpy(float), np.nan)[leaf_at]  # −1 (no such leaf) takes the NaN
    # Rows placed by year and unit whose item is not a leaf there; a blank year, a blank item or an
    # unknown unit has been said already, and is not said again as an unknown item.
    placed = ~unknown_unit[unit_codes] & out["year"].notna().to_numpy()
    unknown_item = np.isnan(mx) & placed & out["item_id"].notna().to_numpy()
    _unknown_items(out, first_hits(np.flatnonzero(unknown_item), loc, "item_id", problems), leaves, loc, problems)
    for col in ("score", "self_score"):
        v = out[col].to_numpy()
        with np.errstate(invalid="ignore"):
            bad = (v < -POINT_TOL) | (v > mx + POINT_TOL)
        for pos in first_hits(np.flatnonzero(bad), loc, col, problems):
            problems.append(
                loc.problem(
                    pos,
                    col,
                    f"điểm {number(v[pos], 'vi')} nằm ngoài {interval(0, mx[pos], 'vi')}",
                    f"score {v[pos]:g} is outside {interval(0, mx[pos], 'en')}",
                )
            )

    # Every leaf of the methodology must be present for a unit scored in that year. A pair
    # lacks a leaf exactly when it has fewer distinct leaf rows than its (year, group) has
    # leaves: only the pairs that fall short are listed leaf by leaf.
    rows_found = np.bincount(pair_codes[(leaf_at >= 0) & ~dup], minlength=len(pair_keys))
    rows_due = np.bincount(leaf_yg, minlength=n_yg)[pair_yg]
    short = np.flatnonzero(~unknown_unit[pair_unit] & (rows_found < rows_due))
    missing = _missing_leaves(short, pair_yg, leaf_yg, leaf_item, pair_codes, row_item, n_items)
    if len(missing):
        unplaced = (~placed, unknown_unit[unit_codes], ((leaf_at < 0) & placed) | dup)
        pairs = missing["pair"].to_numpy()
        explained = _explained(out, unplaced, listed, (np.asarray(year_values, dtype=object)[pair_year[pairs]],
                                                       unit_values[pair_unit[pairs]],
                                                       leaves["item_id"].to_numpy(dtype=object)[missing["leaf"]]))
        missing = missing[~explained]
    # A missing row is named at the unit's first score row of that year: where a clerk adds it.
    first_of_pair = np.unique(pair_codes, return_index=True)[1] if len(missing) else np.zeros(0, dtype=np.int64)
    for pair, leaf in missing.to_numpy()[first_hits(np.arange(len(missing)), loc, "item_id", problems)]:
        unit, year, item = unit_values[pair_unit[pair]], year_values[pair_year[pair]], leaves["item_id"].iloc[leaf]
        problems.append(loc.problem(first_of_pair[pair], "item_id",
                                    f"đơn vị '{unit}' năm {year} thiếu dòng điểm cho tiêu chí '{item}'",
                                    f"unit '{unit}' in {year} has no score row for item '{item}'"))
    keys = (
        ScoreKeys(
            pair_codes,
            np.asarray(year_values, dtype=object)[pair_year].astype(int),
            unit_values[pair_unit],
            unit_group.to_numpy(dtype=object)[pair_unit],
            leaf_at,
        )
        if not (unknown_unit[pair_unit].any() or (leaf_at < 0).any() or pd.isna(year_values).any())
        else None
    )
    return out, keys


def _unplaced_leaves(methodology: pd.DataFrame) -> bool:
    """Whether a methodology row lacks its year, group, id or level, has a level not known, or a leaf
    lacks its maximum: the leaves cannot then be told, and scores are not checked against them (the
    methodology's own problems say why, once)."""
    keys = methodology[["year", "group", "item_id", "level"]]
    leaf_max = methodology.loc[methodology["level"] == "item", "max_points"]
    return bool(keys.isna().to_numpy().any() or (~methodology["level"].isin(LEVELS)).any() or leaf_max.isna().any())


def _unknown_items(out: pd.DataFrame, hits: np.ndarray, leaves: pd.DataFrame, loc: Located,
                   problems: list[Problem]) -> None:
    """The rows ``hits`` name an item that is no leaf of their year's methodology for their group, each
    with the leaf it was most likely meant to be ("1.1.l": có phải là 1.1.1?)."""
    rows = out.iloc[hits]
    near: dict[tuple, dict[str, str]] = {}
    for (year, group), part in rows.groupby(["year", "group"], sort=False):
        of = leaves.loc[(leaves["year"] == year) & (leaves["group"] == group), "item_id"]
        near[(year, group)] = near_codes(part["item_id"], of)
    for pos, year, group, item in zip(hits, rows["year"], rows["group"], rows["item_id"]):
        vi, en = hint(near[(year, group)].get(item))
        problems.append(loc.problem(pos, "item_id",
                                    f"tiêu chí '{item}' không có trong bộ tiêu chí năm {year} ({group}){vi}",
                                    f"item '{item}' is not a leaf of the {year} methodology ({group}){en}"))


def _explained(out: pd.DataFrame, unplaced: tuple[np.ndarray, np.ndarray, np.ndarray], listed: set[str] | None,
               missing: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Which ``missing`` (years, units, items) rows a row already reported could be, so that its gap is
    not reported as a second problem: the clerk who fixes that row fixes both at once.

    ``unplaced`` marks the rows whose year is blank or unreadable, whose unit is unknown, and whose
    item is no leaf there or repeats an earlier row's. Such a row could be the missing one when its
    other keys match; a blank unit could be any unit, an unknown one only the unit it most likely
    meant (:func:`~cchc_dash.core.parsing.near_codes`: "u1" is U1's row, "U999" nobody's).
    """
    year_off, unit_off, item_off = unplaced
    rows = year_off | unit_off | item_off
    if not rows.any():
        return np.zeros(len(missing[0]), dtype=bool)
    years = np.where(year_off[rows], None, out["year"].to_numpy(dtype=object, na_value=None)[rows])
    units = out["unit_id"].to_numpy(dtype=object)[rows]
    items = np.where(item_off[rows], None, out["item_id"].to_numpy(dtype=object)[rows])
    meant = near_codes(units[unit_off[rows]], listed or ())
    meant_unit = np.array([meant.get(u, "") if u is not None else None for u in units], dtype=object)  # "": nobody
    units = np.where(unit_off[rows], meant_unit, units)
    orphans = set(zip(years, units, items))
    return np.array([any((y, u, i) in orphans for y in (int(year), None) for u in (unit, None) for i in (item, None))
                     for year, unit, item in zip(*missing)], dtype=bool)


def _band_rows(part: pd.DataFrame, loc: Located, problems: list[Problem]) -> None:
    """The rules of a band scheme (:func:`cchc_dash.core.bands.rule_breaks`), each broken one named at
    its own row and column, not at the scheme's first row."""
    minima = [None if pd.isna(m) else float(m) for m in part["min_index"]]
    for i, column, vi, en in rule_breaks(list(part["label"]), minima):
        problems.append(loc.problem(part.index[i], column, vi, en))


def normalise_bands(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Band schemes per (scheme, year, group), each checked by the rules of
    :class:`~cchc_dash.core.bands.BandScheme`."""
    start = len(problems)
    df = df.reset_index(drop=True).copy()
    if df.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    if not require_columns(df, ["year", "group", "label", "min_index"], loc, problems):
        return df
    if "scheme" not in df.columns:
        df["scheme"] = "default"
    df["year"] = integer(df, "year", loc, problems, True)
    df["min_index"] = numeric(df, "min_index", loc, problems, False)
    for c in ("scheme", "group", "label"):
        df[c] = text_cells(df[c])
    for pos in first_hits(np.flatnonzero(df["group"].isna().to_numpy()), loc, "group", problems):
        problems.append(loc.problem(pos, "group", *blank_cell("group")))  # a blank label is a rule of the scheme
    if "order" in df.columns:
        df["order"] = integer(df, "order", loc, problems, False)  # from CSV it is text: "10" < "2"
    else:
        df["order"] = df.groupby(["scheme", "year", "group"]).cumcount() + 1
    if len(problems) > start:
        return df
    for _, part in df.groupby(["scheme", "year", "group"], sort=False):
        _band_rows(part.sort_values("order", kind="stable"), loc, problems)
    return df[BAND_COLUMNS]


#: SIPAS answers are on a five-point scale (1 = rất không hài lòng … 5 = rất hài lòng); blank = no answer.
ANSWER_SCALE = (1, 5)


def normalise_sipas_questions(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """The SIPAS questionnaire per year: a question id and a component for every question."""
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SIPAS_QUESTION_COLUMNS})
    df = df.reset_index(drop=True).copy()
    if not require_columns(df, ["year", "question_id", "component"], loc, problems):
        return df
    if "text" not in df.columns:
        df["text"] = None
    df["year"] = integer(df, "year", loc, problems, True)
    for c in ("question_id", "component", "text"):
        df[c] = text_cells(df[c])
    for c in ("question_id", "component"):
        for pos in first_hits(np.flatnonzero(df[c].isna().to_numpy()), loc, c, problems):
            problems.append(loc.problem(pos, c, *blank_cell(c)))
    duplicates(df, ["year", "question_id"], loc, problems, "mã câu hỏi", "question id")
    return df[SIPAS_QUESTION_COLUMNS + [c for c in df.columns if c not in SIPAS_QUESTION_COLUMNS]]


def normalise_sipas_answers(
    df: pd.DataFrame, questions: pd.DataFrame, units: pd.DataFrame, loc: Located, problems: list[Problem]
) -> pd.DataFrame:
    """Survey answers: a known unit, a question of that year's questionnaire, 1–5 or blank, no repeats.

    Built like :func:`normalise_scores` for a million answers: ids are converted once per
    distinct value and rows are compared through integer codes.
    """
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SIPAS_ANSWER_COLUMNS})
    df = df.reset_index(drop=True)
    if not require_columns(df, SIPAS_ANSWER_COLUMNS, loc, problems):
        return df
    out = pd.DataFrame(index=df.index)
    out["year"] = integer(df, "year", loc, problems, True)
    codes = {}
    for c in ("unit_id", "respondent_id", "question_id"):
        codes[c] = text_codes(df[c])
        out[c] = category_from_codes(*codes[c], df.index)  # ids repeat: categories keep kernels small
        for pos in first_hits(np.flatnonzero(out[c].isna().to_numpy()), loc, c, problems):
            problems.append(loc.problem(pos, c, *blank_cell(c)))
    answer = numeric(df, "answer", loc, problems, False)
    lo, hi = ANSWER_SCALE
    a = answer.to_numpy()
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(a) & ((a < lo) | (a > hi) | (a % 1 != 0))
    for pos in first_hits(np.flatnonzero(bad), loc, "answer", problems):
        problems.append(
            loc.problem(
                pos,
                "answer",
                f"câu trả lời {number(a[pos], 'vi')} không thuộc thang {lo}–{hi}",
                f"answer {a[pos]:g} is not on the {lo}–{hi} scale",
            )
        )
    out["answer"] = answer.where(~bad).astype("Int64")

    unit_codes, unit_values = codes["unit_id"]
    known = _listed_units(units)
    unknown = np.array([v is not None and known is not None and v not in known for v in unit_values])[unit_codes]
    hits = first_hits(np.flatnonzero(unknown), loc, "unit_id", problems)
    near = near_codes(unit_values[unit_codes[hits]], known or ())
    for pos in hits:
        unit = unit_values[unit_codes[pos]]
        vi, en = hint(near.get(unit))
        problems.append(loc.problem(pos, "unit_id", f"đơn vị '{unit}' không có trong danh sách đơn vị{vi}",
                                    f"unit '{unit}' is not in the unit list{en}"))
    year_codes, year_values = pd.factorize(out["year"], use_na_sentinel=False)
    q_codes, q_values = codes["question_id"]
    asked = (
        set(zip(questions["year"], questions["question_id"]))
        if {"year", "question_id"} <= set(questions.columns)
        else set()
    )
    pair_codes, pair_keys = pd.factorize(year_codes * len(q_values) + q_codes)
    # A question is not blamed on the answers when the questionnaire row that could hold it lacks its year
    # or its id (that row's problem), nor on an answer without a year or a question id (said above).
    loose_ids, loose_years = set(), set()
    if {"year", "question_id"} <= set(questions.columns):
        loose_ids = set(questions.loc[questions["year"].isna(), "question_id"].dropna())
        loose_years = set(questions.loc[questions["question_id"].isna(), "year"].dropna())
    pair_known = np.array([
        pd.isna(y) or q is None or q in loose_ids or y in loose_years or (y, q) in asked
        for y, q in ((year_values[k // len(q_values)], q_values[k % len(q_values)]) for k in pair_keys)
    ])
    hits = first_hits(np.flatnonzero(~pair_known[pair_codes]), loc, "question_id", problems)
    asked_in: dict[object, list[str]] = {}
    for y, q in asked:
        asked_in.setdefault(y, []).append(q)
    for pos in hits:
        year, question = out["year"].iloc[pos], q_values[q_codes[pos]]
        vi, en = did_you_mean(question, asked_in.get(year, []))
        problems.append(loc.problem(pos, "question_id",
                                    f"câu hỏi '{question}' không có trong bộ câu hỏi năm {year}{vi}",
                                    f"question '{question}' is not in the {year} questionnaire{en}"))
    r_codes, r_values = codes["respondent_id"]
    key = pd.Series(((year_codes * len(unit_values) + unit_codes) * len(r_values) + r_codes) * len(q_values) + q_codes)
    report_duplicates(
        out,
        key.duplicated(keep="first").to_numpy(),
        ["year", "unit_id", "respondent_id", "question_id"],
        loc,
        problems,
        "câu trả lời",
        "answer",
    )
    return out


def normalise_not_assessed(df: pd.DataFrame, units: pd.DataFrame, loc: Located,
                           problems: list[Problem]) -> pd.DataFrame:
    """Units not assessed in a year, each with the reason the ranking and the report show: a known
    unit, a whole year, a reason written out, and one row per (year, unit)."""
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in NOT_ASSESSED_COLUMNS})
    df = df.reset_index(drop=True).copy()
    if not require_columns(df, NOT_ASSESSED_COLUMNS, loc, problems):
        return df
    df["year"] = integer(df, "year", loc, problems, True)
    for c in ("unit_id", "reason"):
        df[c] = text_cells(df[c])
    for pos in first_hits(np.flatnonzero(df["unit_id"].isna().to_numpy()), loc, "unit_id", problems):
        problems.append(loc.problem(pos, "unit_id", *blank_cell("unit_id")))
    for pos in first_hits(np.flatnonzero(df["reason"].isna().to_numpy()), loc, "reason", problems):
        problems.append(loc.problem(pos, "reason", "cần ghi lý do không đánh giá",
                                    "the reason it is not assessed is needed"))
    known = _listed_units(units)
    for pos, unit in enumerate(df["unit_id"]):
        if unit is not None and known is not None and unit not in known:
            vi, en = did_you_mean(unit, known)
            problems.append(loc.problem(pos, "unit_id", f"đơn vị '{unit}' không có trong danh sách đơn vị{vi}",
                                        f"unit '{unit}' is not in the unit list{en}"))
    duplicates(df, ["year", "unit_id"], loc, problems, "đơn vị không đánh giá", "not-assessed unit")
    return df[NOT_ASSESSED_COLUMNS + [c for c in df.columns if c not in NOT_ASSESSED_COLUMNS]]


def check_every_unit_scored(units: pd.DataFrame, scores: pd.DataFrame, not_assessed: pd.DataFrame,
                            loc_units: Located, loc_not_assessed: Located, problems: list[Problem]) -> None:
    """A unit that exists in a year its group was scored must have scores that year, or be listed as
    not assessed with a reason: a forgotten department must never drop out of a ranking unnoticed.

    The group's scored years are those with at least one score row of one of its units. A problem
    names the unit's row in the units sheet; a unit listed as not assessed but scored anyway is a
    problem of its row in the not-assessed list.
    """
    needed = {"unit_id", "group", "valid_from", "valid_to"}
    if not needed <= set(units.columns) or not {"year", "unit_id"} <= set(scores.columns) or scores.empty:
        return
    scored = scores[["year", "unit_id"]].dropna().drop_duplicates()
    group_of = units.drop_duplicates("unit_id").set_index("unit_id")["group"]
    scored = scored.assign(group=scored["unit_id"].map(group_of)).dropna(subset=["group"])
    group_years = scored.groupby("group")["year"].unique().to_dict()
    has_scores = set(zip(scored["year"].astype(int), scored["unit_id"]))
    marked = set()
    if {"year", "unit_id"} <= set(not_assessed.columns):
        marked = {(int(y), u) for y, u in zip(not_assessed["year"], not_assessed["unit_id"]) if pd.notna(y) and u}
    # A unit row that already has a problem (a blank id, a cycle, names alike…) is not reported again.
    flagged = {(p.source, p.sheet, p.row) for p in problems}
    missing = []
    for pos, (unit, name, group, start, end) in enumerate(
            zip(units["unit_id"], units["unit_name"], units["group"], units["valid_from"], units["valid_to"])):
        here = loc_units.problem(pos, None, "", "")
        if unit is None or (here.source, here.sheet, here.row) in flagged:
            continue
        for year in sorted(int(y) for y in group_years.get(group, ())):
            if (pd.isna(start) or start <= year) and (pd.isna(end) or year <= end) and \
                    (year, unit) not in has_scores and (year, unit) not in marked:
                missing.append((pos, unit, name, year))
    for pos, unit, name, year in missing[:LIMIT]:
        problems.append(loc_units.problem(
            pos, "unit_id",
            f"đơn vị '{unit}' ({name}) không có điểm năm {year} dù đang hoạt động năm đó: nhập điểm của đơn vị, "
            f"hoặc ghi đơn vị vào danh sách không đánh giá kèm lý do",
            f"unit '{unit}' ({name}) has no scores in {year} although it exists that year: enter its scores, "
            f"or list it as not assessed with the reason"))
    if len(missing) > LIMIT:
        extra = len(missing) - LIMIT
        problems.append(loc_units.problem(None, "unit_id", f"… và {extra} đơn vị-năm khác không có điểm",
                                          f"… and {extra} more unit-years without scores"))
    if {"year", "unit_id"} <= set(not_assessed.columns):
        for pos, (year, unit) in enumerate(zip(not_assessed["year"], not_assessed["unit_id"])):
            if pd.notna(year) and (int(year), unit) in has_scores:
                problems.append(loc_not_assessed.problem(
                    pos, "unit_id", f"đơn vị '{unit}' được ghi là không đánh giá năm {year} nhưng lại có điểm",
                    f"unit '{unit}' is listed as not assessed in {year} but has scores"))
