"""The data model: a :class:`Dataset` of tidy frames, and their validation.

Every frame is checked when a ``Dataset`` is built. Problems are *collected*, never
raised one at a time, so that a user fixing a workbook sees every mistake at once:
:class:`ValidationError` carries the full list, each :class:`Problem` naming where it
is (file or frame, sheet, row, column) with a message in Vietnamese and in English.
Nothing is clipped, dropped or rounded silently.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    source: str
    row: int | None
    column: str | None
    message_vi: str
    message_en: str
    sheet: str | None = None

    def where(self) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"dòng/row {self.row}")
        if self.column:
            parts.append(f"cột/column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_vi} / {self.message_en}"


class ValidationError(ValueError):
    """Raised for any rejected user input; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"- {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n… và {more} lỗi khác / and {more} more"
        super().__init__(f"{len(self.problems)} lỗi dữ liệu / data problem(s):\n{shown}")


def nfc(value: object) -> object:
    """NFC-normalise a string (Vietnamese typed on macOS often arrives as NFD)."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


@dataclass
class Located:
    """Where a frame came from, so that problems can name the file, sheet and row.

    ``first_row`` is the row number of the frame's first data row in the source (2 for
    a CSV or sheet with one header line); for an in-memory frame it is 0 and the row
    reported is the position in the frame.
    """

    source: str
    sheet: str | None = None
    first_row: int = 0

    def problem(self, pos: int | None, column: str | None, vi: str, en: str) -> Problem:
        row = None if pos is None else int(pos) + self.first_row
        return Problem(self.source, row, column, vi, en, self.sheet)


#: Problems reported one by one per check; the rest are summarised in one more problem.
LIMIT = 200


def _first(hits: np.ndarray, loc: Located, column: str | None, problems: list[Problem]) -> np.ndarray:
    """The first ``LIMIT`` problem positions; more are counted in one summary problem, not dropped."""
    if len(hits) > LIMIT:
        extra = len(hits) - LIMIT
        problems.append(loc.problem(None, column, f"… và {extra} dòng khác có cùng lỗi",
                                    f"… and {extra} more rows with the same problem"))
    return hits[:LIMIT]


def _require_columns(df: pd.DataFrame, cols: list[str], loc: Located, problems: list[Problem]) -> bool:
    missing = [c for c in cols if c not in df.columns]
    for c in missing:
        problems.append(loc.problem(None, c, f"thiếu cột '{c}'", f"missing column '{c}'"))
    return not missing


def _numeric_and_blank(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem],
                       required: bool) -> tuple[pd.Series, np.ndarray]:
    """:func:`_numeric`, plus which cells are blank (empty, whitespace or missing).

    Callers that must tell "blank" from "not a number" get the mask from the cleaning
    already done here, instead of turning millions of numbers into text a second time.
    """
    raw = df[col]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        cleaned = raw.map(lambda v: v.strip().replace(",", ".") if isinstance(v, str) else v)
        cleaned = cleaned.replace("", np.nan)
    else:
        cleaned = raw
    num = pd.to_numeric(cleaned, errors="coerce").astype(float)
    blank = cleaned.isna().to_numpy()
    for pos in _first(np.flatnonzero(num.isna().to_numpy() & ~blank), loc, col, problems):
        problems.append(loc.problem(pos, col, f"'{raw.iloc[pos]}' không phải là số",
                                    f"'{raw.iloc[pos]}' is not a number"))
    if required:
        for pos in _first(np.flatnonzero(num.isna().to_numpy() & blank), loc, col, problems):
            problems.append(loc.problem(pos, col, "ô trống, cần một số", "blank cell, a number is required"))
    return num, blank


def _numeric(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """Coerce a column to float, reporting text where a number belongs (and blanks if required)."""
    return _numeric_and_blank(df, col, loc, problems, required)[0]


def _integer(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """A whole-number column (years, orders) as nullable Int64; 2024.5 or "năm" is a problem."""
    if df[col].dtype.kind == "i" and not df[col].hasnans:  # integers, none blank: nothing to check
        return df[col].astype("Int64")
    num = _numeric(df, col, loc, problems, required)
    fraction = (num.notna() & (num % 1 != 0)).to_numpy()
    for pos in _first(np.flatnonzero(fraction), loc, col, problems):
        problems.append(loc.problem(pos, col, f"{num.iloc[pos]:g} không phải số nguyên", f"{num.iloc[pos]:g} is not a whole number"))
    return num.where(~fraction).astype("Int64")


def _factorize(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` (blanks → −1), twice as fast for pandas' string dtype.

    That dtype hashes its strings more slowly than the same strings in an object array,
    so it is factorized as one; the uniques keep the column's dtype.
    """
    if isinstance(column.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(column.to_numpy(dtype=object))
        return codes, pd.Index(uniques, dtype=column.dtype)
    return pd.factorize(column)


def _text_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Identifiers and names as NFC strings, given as integer codes into the distinct values.

    Numbers typed as ids (1, 1.2) become text; a blank becomes None. Returns ``codes`` (one
    per row) and ``values`` (object array) so that ``values[codes]`` is the text column.
    Each distinct cell is converted once (ids repeat millions of times at national scale),
    and spellings of one id (" U1", "U1", NFD) share a code, so callers can compare rows
    by code instead of hashing the strings again.
    """
    def conv(v: object) -> object:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return nfc(str(v)) or None

    codes, uniques = _factorize(series)
    converted = [None] + [conv(v) for v in uniques]  # slot 0 is the blank (code −1)
    code_of: dict[object, int] = {}
    merged = np.array([code_of.setdefault(v, len(code_of)) for v in converted], dtype=np.int64)
    return merged[codes + 1], np.array(list(code_of), dtype=object)


def _from_codes(codes: np.ndarray, values: np.ndarray, index: pd.Index) -> pd.Series:
    """The object column ``values[codes]`` (a numpy take: pandas' string dtype would turn None into NaN)."""
    return pd.Series(values[codes], index=index, dtype=object)


def _text(series: pd.Series) -> pd.Series:
    """Identifiers and names as NFC strings (blank → None); see :func:`_text_codes`."""
    return _from_codes(*_text_codes(series), series.index)


def _report_duplicates(df: pd.DataFrame, dup: np.ndarray, keys: list[str], loc: Located, problems: list[Problem],
                       what_vi: str, what_en: str) -> None:
    """One problem per row flagged in ``dup`` (a repeat of an earlier row's ``keys``), quoting the key."""
    for pos in _first(np.flatnonzero(dup), loc, keys[-1], problems):
        key = ", ".join(f"{k}={df[k].iloc[pos]}" for k in keys)
        problems.append(loc.problem(pos, keys[-1], f"{what_vi} bị trùng ({key})", f"duplicate {what_en} ({key})"))


def _duplicates(df: pd.DataFrame, keys: list[str], loc: Located, problems: list[Problem], what_vi: str, what_en: str) -> None:
    """Report every row that repeats the ``keys`` of an earlier row (the first one is kept as valid)."""
    _report_duplicates(df, df.duplicated(keys, keep="first").to_numpy(), keys, loc, problems, what_vi, what_en)


def _shared_codes(left: pd.Index | pd.Series | np.ndarray,
                  right: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer codes for two short arrays in one code space: equal values get equal codes.

    All blanks (None, NaN, NA) share one code, as ``DataFrame.merge`` and ``duplicated``
    match them. Returns the codes of ``left``, those of ``right``, and the number of codes.
    """
    both = pd.concat([pd.Series(left), pd.Series(right)], ignore_index=True)
    codes, uniques = pd.factorize(both)
    codes = np.where(codes < 0, len(uniques), codes)
    return codes[:len(left)], codes[len(left):], len(uniques) + 1


def _bool_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Yes/no cells as codes into True/False/None (blank = applicable; unreadable → None).

    Like :func:`_text_codes`: ``values[codes]`` is the column, each distinct cell read once.
    """
    truthy = {"true", "1", "yes", "có", "x", "áp dụng"}
    falsy = {"false", "0", "no", "không", "không áp dụng", "ka", "kad"}

    def conv(v: object) -> object:
        if isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating)):
            return bool(v)
        s = nfc(str(v)).lower()
        return True if s in truthy or s == "" else False if s in falsy else None

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes + 1, np.array([True] + [conv(v) for v in uniques], dtype=object)  # slot 0: blank


def _bool(series: pd.Series) -> pd.Series:
    """Yes/no cells as bool (blank = applicable); unreadable values → None (reported by the caller)."""
    return _from_codes(*_bool_codes(series), series.index)


def normalise_methodology(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Check the methodology tree: unique ids, known parents, parent maxima = sum of children."""
    start = len(problems)
    df = df.reset_index(drop=True).copy()
    if not _require_columns(df, [c for c in METHODOLOGY_COLUMNS if c != "kind"], loc, problems):
        return df
    if "kind" not in df.columns:
        df["kind"] = "assessed"
    df["year"] = _integer(df, "year", loc, problems, True)
    for c in ("group", "item_id", "parent_id", "level", "name_vi", "kind"):
        df[c] = _text(df[c])
    df["kind"] = df["kind"].fillna("assessed")
    df["max_points"] = _numeric(df, "max_points", loc, problems, True)
    for pos in np.flatnonzero((df["max_points"] < 0).to_numpy()):
        problems.append(loc.problem(pos, "max_points", "điểm tối đa âm", "negative maximum points"))
    for col, allowed in (("level", LEVELS), ("kind", KINDS)):
        for pos in np.flatnonzero(~df[col].isin(allowed).to_numpy()):
            problems.append(loc.problem(pos, col, f"giá trị '{df[col].iloc[pos]}' không hợp lệ (cho phép: {', '.join(allowed)})",
                                        f"invalid value '{df[col].iloc[pos]}' (allowed: {', '.join(allowed)})"))
    _duplicates(df, ["year", "group", "item_id"], loc, problems, "mã tiêu chí", "item id")
    if len(problems) > start:
        return df
    for (year, group), part in df.groupby(["year", "group"], sort=False):
        ids = set(part["item_id"])
        parents = part["parent_id"]
        for pos, pid in zip(part.index, parents):
            if pid is not None and pid not in ids:
                problems.append(loc.problem(pos, "parent_id", f"mục cha '{pid}' không tồn tại ({year}, {group})",
                                            f"parent '{pid}' does not exist ({year}, {group})"))
        child_sum = part.groupby("parent_id")["max_points"].sum()
        for pos, iid, lvl, mx in zip(part.index, part["item_id"], part["level"], part["max_points"]):
            if lvl == "item":
                if iid in child_sum.index:
                    problems.append(loc.problem(pos, "level", f"'{iid}' là tiêu chí thành phần nhưng có mục con",
                                                f"'{iid}' is a leaf item but has children"))
                continue
            total = child_sum.get(iid)
            if total is None:
                problems.append(loc.problem(pos, "item_id", f"'{iid}' ({lvl}) không có tiêu chí thành phần nào",
                                            f"'{iid}' ({lvl}) has no sub-criteria"))
            elif abs(total - mx) > POINT_TOL:
                problems.append(loc.problem(pos, "max_points",
                                            f"điểm tối đa của '{iid}' là {mx:g} nhưng tổng các mục con là {total:g}",
                                            f"maximum of '{iid}' is {mx:g} but its children add up to {total:g}"))
    return df


def normalise_units(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Units with NFC names, a group, and a lineage that points at known units."""
    df = df.reset_index(drop=True).copy()
    if not _require_columns(df, ["unit_id", "unit_name", "group"], loc, problems):
        return df
    for c in ("valid_from", "valid_to"):
        df[c] = _integer(df, c, loc, problems, False) if c in df.columns else pd.array([pd.NA] * len(df), dtype="Int64")
    if "successor_id" not in df.columns:
        df["successor_id"] = None
    for c in ("unit_id", "unit_name", "group", "successor_id"):
        df[c] = _text(df[c])
    for c in ("unit_id", "unit_name", "group"):
        for pos in np.flatnonzero(df[c].isna().to_numpy()):
            problems.append(loc.problem(pos, c, "ô trống", "blank cell"))
    _duplicates(df, ["unit_id"], loc, problems, "mã đơn vị", "unit id")
    known = set(df["unit_id"])
    for pos, s in zip(df.index, df["successor_id"]):
        if s is not None and s not in known:
            problems.append(loc.problem(pos, "successor_id", f"đơn vị kế thừa '{s}' không có trong danh sách",
                                        f"successor '{s}' is not a known unit"))
    return df[UNIT_COLUMNS + [c for c in df.columns if c not in UNIT_COLUMNS]]


def _missing_leaves(pairs: np.ndarray, pair_yg: np.ndarray, leaf_yg: np.ndarray, leaf_item: np.ndarray,
                    row_pair: np.ndarray, row_item: np.ndarray, n_items: int) -> pd.DataFrame:
    """The leaves that ``pairs`` (of year and unit) have no score row for, as columns pair, leaf.

    A pair must have every leaf of its (year, group): ``pair_yg`` and ``leaf_yg`` code the
    (year, group) of each pair and leaf, ``row_pair`` and ``row_item`` the pair and item of
    each score row. Rows come in the order of ``pairs``, then of the leaves, as a merge keeps them.
    """
    expected = pd.DataFrame({"pair": pairs, "yg": pair_yg[pairs]}).merge(
        pd.DataFrame({"yg": leaf_yg, "leaf": np.arange(len(leaf_yg))}), on="yg")
    rows = np.isin(row_pair, pairs)
    present = row_pair[rows] * n_items + row_item[rows]
    wanted = expected["pair"].to_numpy() * n_items + leaf_item[expected["leaf"].to_numpy()]
    return expected.loc[~np.isin(wanted, present), ["pair", "leaf"]]


def normalise_scores(df: pd.DataFrame, methodology: pd.DataFrame, units: pd.DataFrame,
                     loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Scores per leaf: numbers within [0, max], known unit and item, no duplicates, no gaps.

    Built for national scale (millions of rows): each distinct id is converted and looked
    up once, and rows are compared through integer codes instead of merging string columns.
    """
    df = df.reset_index(drop=True).copy()
    if not _require_columns(df, ["year", "unit_id", "item_id", "score"], loc, problems):
        return df
    df["year"] = _integer(df, "year", loc, problems, True)
    unit_codes, unit_values = _text_codes(df["unit_id"])
    item_codes, item_values = _text_codes(df["item_id"])
    df["unit_id"] = _from_codes(unit_codes, unit_values, df.index)
    df["item_id"] = _from_codes(item_codes, item_values, df.index)
    if "applicable" not in df.columns:
        df["applicable"] = True
    app_codes, app_values = _bool_codes(df["applicable"])
    unreadable = np.array([v is None for v in app_values])[app_codes]
    for pos in _first(np.flatnonzero(unreadable), loc, "applicable", problems):
        problems.append(loc.problem(pos, "applicable", f"'{df['applicable'].iloc[pos]}' không phải đúng/sai",
                                    f"'{df['applicable'].iloc[pos]}' is not true/false"))
    df["applicable"] = np.array([v is not False for v in app_values])[app_codes]  # unreadable (reported) counts as applicable
    df["score"], blank = _numeric_and_blank(df, "score", loc, problems, False)
    df["self_score"] = _numeric(df, "self_score", loc, problems, False) if "self_score" in df.columns else np.nan
    for pos in _first(np.flatnonzero(blank & df["applicable"].to_numpy()), loc, "score", problems):
        problems.append(loc.problem(pos, "score", "thiếu điểm thẩm định (ô trống) cho tiêu chí có áp dụng",
                                    "appraised score is blank for an applicable item"))

    # Row keys. Years, unit ids and item ids are numbered 0, 1, … by distinct value (blanks
    # equal to each other, as DataFrame.duplicated and merge treat them). A (year, unit) pair
    # is year_code × n_units + unit_code, renumbered densely in order of first appearance;
    # a row's key is pair × n_items + item_code: one int64, equal exactly when year, unit
    # and item are equal.
    year_codes, year_values = pd.factorize(df["year"], use_na_sentinel=False)
    pair_codes, pair_keys = pd.factorize(year_codes * len(unit_values) + unit_codes)
    pair_year, pair_unit = np.divmod(pair_keys, len(unit_values))
    dup = pd.Series(pair_codes * len(item_values) + item_codes).duplicated(keep="first").to_numpy()
    _report_duplicates(df, dup, ["year", "unit_id", "item_id"], loc, problems, "dòng điểm", "score row")

    known_units = units.drop_duplicates("unit_id") if {"unit_id", "group"} <= set(units.columns) else None
    groups = known_units.set_index("unit_id")["group"] if known_units is not None else pd.Series(dtype=object)
    unit_group = pd.Series(unit_values, dtype=object).map(groups)  # one lookup per distinct unit id
    df["group"] = unit_group.take(unit_codes).set_axis(df.index)
    unknown_unit = unit_group.isna().to_numpy()
    for pos in _first(np.flatnonzero(unknown_unit[unit_codes]), loc, "unit_id", problems):
        problems.append(loc.problem(pos, "unit_id", f"đơn vị '{df['unit_id'].iloc[pos]}' không có trong danh sách đơn vị",
                                    f"unit '{df['unit_id'].iloc[pos]}' is not in the unit list"))
    if methodology.empty or not set(METHODOLOGY_COLUMNS[:-1]) <= set(methodology.columns):
        return df
    leaves = methodology.loc[methodology["level"] == "item", ["year", "group", "item_id", "max_points"]]
    # Duplicate leaves are reported with the methodology.
    leaves = leaves.drop_duplicates(["year", "group", "item_id"]).reset_index(drop=True)

    # The leaf of each row, as a merge on (year, group, item_id) would find it. Years, groups
    # and items are coded in one space shared by the rows and the leaves; each distinct
    # (year, group) then gets a number yg, and the key of a row or a leaf is yg × n_items + item.
    year_shared, leaf_year, _ = _shared_codes(year_values, leaves["year"])
    group_shared, leaf_group, n_groups = _shared_codes(unit_group, leaves["group"])
    item_shared, leaf_item, n_items = _shared_codes(item_values, leaves["item_id"])
    pair_yg, leaf_yg, n_yg = _shared_codes(year_shared[pair_year] * n_groups + group_shared[pair_unit],
                                           leaf_year * n_groups + leaf_group)
    row_item = item_shared[item_codes]
    leaf_at = pd.Index(leaf_yg * n_items + leaf_item).get_indexer(pair_yg[pair_codes] * n_items + row_item)
    mx = np.append(leaves["max_points"].to_numpy(float), np.nan)[leaf_at]  # −1 (no such leaf) takes the NaN
    known_unit = ~unknown_unit[unit_codes]
    for pos in _first(np.flatnonzero(np.isnan(mx) & known_unit), loc, "item_id", problems):
        problems.append(loc.problem(pos, "item_id",
                                    f"tiêu chí '{df['item_id'].iloc[pos]}' không có trong bộ tiêu chí năm {df['year'].iloc[pos]} ({df['group'].iloc[pos]})",
                                    f"item '{df['item_id'].iloc[pos]}' is not a leaf of the {df['year'].iloc[pos]} methodology ({df['group'].iloc[pos]})"))
    for col in ("score", "self_score"):
        v = df[col].to_numpy()
        with np.errstate(invalid="ignore"):
            bad = (v < -POINT_TOL) | (v > mx + POINT_TOL)
        for pos in _first(np.flatnonzero(bad), loc, col, problems):
            problems.append(loc.problem(pos, col, f"điểm {v[pos]:g} nằm ngoài [0, {mx[pos]:g}]",
                                        f"score {v[pos]:g} is outside [0, {mx[pos]:g}]"))

    # Every leaf of the methodology must be present for a unit scored in that year. A pair
    # lacks a leaf exactly when it has fewer distinct leaf rows than its (year, group) has
    # leaves: only the pairs that fall short are listed leaf by leaf.
    rows_found = np.bincount(pair_codes[(leaf_at >= 0) & ~dup], minlength=len(pair_keys))
    rows_due = np.bincount(leaf_yg, minlength=n_yg)[pair_yg]
    short = np.flatnonzero(~unknown_unit[pair_unit] & (rows_found < rows_due))
    missing = _missing_leaves(short, pair_yg, leaf_yg, leaf_item, pair_codes, row_item, n_items)
    for pair, leaf in missing.to_numpy()[_first(np.arange(len(missing)), loc, "item_id", problems)]:
        unit, year, item = unit_values[pair_unit[pair]], year_values[pair_year[pair]], leaves["item_id"].iloc[leaf]
        problems.append(Problem(loc.source, None, "item_id",
                                f"đơn vị '{unit}' năm {year} thiếu dòng điểm cho tiêu chí '{item}'",
                                f"unit '{unit}' in {year} has no score row for item '{item}'", loc.sheet))
    return df


def normalise_bands(df: pd.DataFrame, loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Band schemes per (scheme, year, group): thresholds checked by :class:`BandScheme`."""
    from .bands import BandScheme  # bands depends on model for errors; import late

    start = len(problems)
    df = df.reset_index(drop=True).copy()
    if df.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    if not _require_columns(df, ["year", "group", "label", "min_index"], loc, problems):
        return df
    if "scheme" not in df.columns:
        df["scheme"] = "default"
    df["year"] = _integer(df, "year", loc, problems, True)
    df["min_index"] = _numeric(df, "min_index", loc, problems, False)
    for c in ("scheme", "group", "label"):
        df[c] = _text(df[c])
    if "order" in df.columns:
        df["order"] = _integer(df, "order", loc, problems, False)  # from CSV it is text: "10" < "2"
    else:
        df["order"] = df.groupby(["scheme", "year", "group"]).cumcount() + 1
    if len(problems) > start:
        return df
    for _, part in df.groupby(["scheme", "year", "group"], sort=False):
        try:
            BandScheme.from_frame(part)
        except ValidationError as exc:
            first = int(part.index[0])
            for p in exc.problems:
                problems.append(loc.problem(first, "min_index", p.message_vi, p.message_en))
    return df[BAND_COLUMNS]


def _empty(cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})


@dataclass
class Dataset:
    """All the frames of one province's data (DESIGN §2), validated on construction.

    Build it with frames; construction normalises (NFC names, numeric types) and raises
    :class:`ValidationError` listing every problem. ``sources`` maps a frame name to a
    :class:`Located` so that problems name the file, sheet and row it came from.
    """

    methodology: pd.DataFrame
    units: pd.DataFrame
    scores: pd.DataFrame
    bands: pd.DataFrame = field(default_factory=lambda: _empty(BAND_COLUMNS))
    sipas_questions: pd.DataFrame = field(default_factory=lambda: _empty(SIPAS_QUESTION_COLUMNS))
    sipas_answers: pd.DataFrame = field(default_factory=lambda: _empty(SIPAS_ANSWER_COLUMNS))
    reference: pd.DataFrame = field(default_factory=pd.DataFrame)
    name: str = "dataset"
    synthetic: bool = False
    sources: dict[str, Located] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        loc = {k: self.sources.get(k, Located(k)) for k in ("methodology", "units", "scores", "bands")}
        self.methodology = normalise_methodology(self.methodology, loc["methodology"], problems)
        self.units = normalise_units(self.units, loc["units"], problems)
        # Scores are checked even when the tree or the unit list has problems: the user
        # should see every problem at once, not one layer per attempt.
        self.scores = normalise_scores(self.scores, self.methodology, self.units, loc["scores"], problems)
        self.bands = normalise_bands(self.bands, loc["bands"], problems)
        if problems:
            raise ValidationError(problems)
        self.scores = self.scores[SCORE_COLUMNS + ["group"]]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.scores["year"].dropna().unique())

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(self.units["group"]))

    def leaves(self) -> pd.DataFrame:
        """Leaf items with their area id, one row per (year, group, item_id)."""
        return leaves_with_area(self.methodology)


def leaves_with_area(methodology: pd.DataFrame) -> pd.DataFrame:
    """Each leaf item with the id and name of the area (top of the tree) it belongs to."""
    m = methodology
    parent = dict(zip(zip(m["year"], m["group"], m["item_id"]), m["parent_id"]))
    names = dict(zip(zip(m["year"], m["group"], m["item_id"]), m["name_vi"]))

    def area_of(year: int, group: str, item: str) -> str:
        seen = 0
        while (p := parent.get((year, group, item))) is not None and seen < 20:
            item, seen = p, seen + 1
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
