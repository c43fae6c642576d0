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


def _numeric(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """Coerce a column to float, reporting text where a number belongs (and blanks if required)."""
    raw = df[col]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        cleaned = raw.map(lambda v: v.strip().replace(",", ".") if isinstance(v, str) else v)
        cleaned = cleaned.replace("", np.nan)
    else:
        cleaned = raw
    num = pd.to_numeric(cleaned, errors="coerce").astype(float)
    bad = num.isna() & cleaned.notna()
    for pos in _first(np.flatnonzero(bad.to_numpy()), loc, col, problems):
        problems.append(loc.problem(pos, col, f"'{raw.iloc[pos]}' không phải là số",
                                    f"'{raw.iloc[pos]}' is not a number"))
    if required:
        for pos in _first(np.flatnonzero((num.isna() & cleaned.isna()).to_numpy()), loc, col, problems):
            problems.append(loc.problem(pos, col, "ô trống, cần một số", "blank cell, a number is required"))
    return num


def _integer(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """A whole-number column (years, orders) as nullable Int64; 2024.5 or "năm" is a problem."""
    num = _numeric(df, col, loc, problems, required)
    fraction = (num.notna() & (num % 1 != 0)).to_numpy()
    for pos in _first(np.flatnonzero(fraction), loc, col, problems):
        problems.append(loc.problem(pos, col, f"{num.iloc[pos]:g} không phải số nguyên", f"{num.iloc[pos]:g} is not a whole number"))
    return num.where(~fraction).astype("Int64")


def _text(series: pd.Series) -> pd.Series:
    """Identifiers and names as NFC strings; numbers typed as ids (1, 1.2) become text.

    Converts each distinct value once (ids repeat millions of times at national scale).
    """
    def conv(v: object) -> object:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return nfc(str(v)) or None

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    converted = np.array([None] + [conv(v) for v in uniques], dtype=object)
    # A numpy take, not Series.map: pandas' string dtype would turn None back into NaN.
    return pd.Series(converted[codes + 1], index=series.index, dtype=object)


def _duplicates(df: pd.DataFrame, keys: list[str], loc: Located, problems: list[Problem], what_vi: str, what_en: str) -> None:
    dup = df.duplicated(keys, keep="first").to_numpy()
    for pos in _first(np.flatnonzero(dup), loc, keys[-1], problems):
        key = ", ".join(f"{k}={df[k].iloc[pos]}" for k in keys)
        problems.append(loc.problem(pos, keys[-1], f"{what_vi} bị trùng ({key})", f"duplicate {what_en} ({key})"))


def _bool(series: pd.Series) -> pd.Series:
    """Yes/no cells as bool (blank = applicable); unreadable values → None (reported)."""
    truthy = {"true", "1", "yes", "có", "x", "áp dụng"}
    falsy = {"false", "0", "no", "không", "không áp dụng", "ka", "kad"}

    def conv(v: object) -> object:
        if isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating)):
            return bool(v)
        s = nfc(str(v)).lower()
        return True if s in truthy or s == "" else False if s in falsy else None

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    converted = np.array([True] + [conv(v) for v in uniques], dtype=object)
    return pd.Series(converted[codes + 1], index=series.index, dtype=object)


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


def normalise_scores(df: pd.DataFrame, methodology: pd.DataFrame, units: pd.DataFrame,
                     loc: Located, problems: list[Problem]) -> pd.DataFrame:
    """Scores per leaf: numbers within [0, max], known unit and item, no duplicates, no gaps."""
    df = df.reset_index(drop=True).copy()
    if not _require_columns(df, ["year", "unit_id", "item_id", "score"], loc, problems):
        return df
    df["year"] = _integer(df, "year", loc, problems, True)
    df["unit_id"] = _text(df["unit_id"])
    df["item_id"] = _text(df["item_id"])
    if "applicable" not in df.columns:
        df["applicable"] = True
    app = _bool(df["applicable"])
    for pos in _first(np.flatnonzero(app.isna().to_numpy()), loc, "applicable", problems):
        problems.append(loc.problem(pos, "applicable", f"'{df['applicable'].iloc[pos]}' không phải đúng/sai",
                                    f"'{df['applicable'].iloc[pos]}' is not true/false"))
    df["applicable"] = app.fillna(True).astype(bool)
    raw_blank = df["score"].isna() | (df["score"].astype(str).str.strip() == "")
    df["score"] = _numeric(df, "score", loc, problems, False)
    df["self_score"] = _numeric(df, "self_score", loc, problems, False) if "self_score" in df.columns else np.nan
    blank = (raw_blank & df["applicable"]).to_numpy()
    for pos in _first(np.flatnonzero(blank), loc, "score", problems):
        problems.append(loc.problem(pos, "score", "thiếu điểm thẩm định (ô trống) cho tiêu chí có áp dụng",
                                    "appraised score is blank for an applicable item"))
    _duplicates(df, ["year", "unit_id", "item_id"], loc, problems, "dòng điểm", "score row")

    known_units = units.drop_duplicates("unit_id") if {"unit_id", "group"} <= set(units.columns) else None
    groups = known_units.set_index("unit_id")["group"] if known_units is not None else pd.Series(dtype=object)
    df["group"] = df["unit_id"].map(groups)
    for pos in _first(np.flatnonzero(df["group"].isna().to_numpy()), loc, "unit_id", problems):
        problems.append(loc.problem(pos, "unit_id", f"đơn vị '{df['unit_id'].iloc[pos]}' không có trong danh sách đơn vị",
                                    f"unit '{df['unit_id'].iloc[pos]}' is not in the unit list"))
    if methodology.empty or not set(METHODOLOGY_COLUMNS[:-1]) <= set(methodology.columns):
        return df
    leaves = methodology.loc[methodology["level"] == "item", ["year", "group", "item_id", "max_points"]]
    leaves = leaves.drop_duplicates(["year", "group", "item_id"])  # duplicates are reported with the methodology
    merged = df[["year", "group", "item_id"]].merge(leaves, on=["year", "group", "item_id"], how="left")
    mx = merged["max_points"].to_numpy()
    known_unit = df["group"].notna().to_numpy()
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
    # Every leaf of the methodology must be present for a unit scored in that year.
    present = df.loc[known_unit, ["year", "unit_id", "group"]].drop_duplicates()
    expected = present.merge(leaves[["year", "group", "item_id"]], on=["year", "group"])
    missing = expected.merge(df[["year", "unit_id", "item_id"]], how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"]
    for _, r in missing.iloc[_first(np.arange(len(missing)), loc, "item_id", problems)].iterrows():
        problems.append(Problem(loc.source, None, "item_id",
                                f"đơn vị '{r.unit_id}' năm {r.year} thiếu dòng điểm cho tiêu chí '{r.item_id}'",
                                f"unit '{r.unit_id}' in {r.year} has no score row for item '{r.item_id}'", loc.sheet))
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
