"""Reading cells as typed by people: ids and names as NFC text, numbers with decimal commas,
whole numbers, yes/no, blanks; each problem located, nothing clipped or guessed.

Built for national scale (millions of rows): each distinct cell value is converted once
and rows are handled as integer codes into the distinct values.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import overload

import numpy as np
import pandas as pd

from .errors import Located, Problem, first_hits, number

#: Invisible characters that make two equal-looking labels differ (zero-width space, joiners, BOM, word joiner).
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


#: "1,000" or "12,500": a thousands separator or a decimal comma? Refused rather than guessed.
AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+$|^-?\d+(\.\d{3})+,\d+$|^-?\d+(,\d{3})+\.\d+$")


@overload
def nfc(value: str) -> str: ...
@overload
def nfc(value: object) -> object: ...
def nfc(value: object) -> object:
    """NFC-normalise a string (Vietnamese typed on macOS often arrives as NFD), without invisible
    zero-width characters and surrounding spaces, so that labels that look equal are equal."""
    return unicodedata.normalize("NFC", value).translate(INVISIBLE).strip() if isinstance(value, str) else value


#: The words of the columns of a dataset's frames, as the Excel template heads them (Vietnamese) and
#: as an English reader knows them: a message names the cell a clerk must fill ("ô Năm trống").
COLUMN_WORDS: dict[str, tuple[str, str]] = {
    "year": ("Năm", "year"),
    "group": ("Khối", "group"),
    "item_id": ("Mã tiêu chí", "item id"),
    "parent_id": ("Mã mục cha", "parent id"),
    "level": ("Cấp", "level"),
    "name_vi": ("Nội dung", "name"),
    "max_points": ("Điểm tối đa", "maximum points"),
    "kind": ("Loại", "kind"),
    "unit_id": ("Mã đơn vị", "unit id"),
    "unit_name": ("Tên đơn vị", "unit name"),
    "valid_from": ("Từ năm", "first year"),
    "valid_to": ("Đến năm", "last year"),
    "successor_id": ("Đơn vị kế thừa", "successor"),
    "self_score": ("Điểm tự đánh giá", "self-assessed score"),
    "score": ("Điểm thẩm định", "appraised score"),
    "applicable": ("Áp dụng", "applicable"),
    "scheme": ("Thang xếp loại", "band scheme"),
    "label": ("Xếp loại", "band"),
    "min_index": ("Chỉ số tối thiểu", "minimum index"),
    "order": ("Thứ tự", "order"),
    "respondent_id": ("Mã phiếu", "respondent id"),
    "question_id": ("Mã câu hỏi", "question id"),
    "answer": ("Trả lời", "answer"),
    "component": ("Yếu tố", "component"),
    "text": ("Nội dung", "text"),
    "reason": ("Lý do", "reason"),
}


#: A score as typed: digits with at most one decimal comma or point ("0,75", "0.75", "12").
_NUMBER = re.compile(r"\s*([0-9]{1,6})(?:[.,]([0-9]{1,6}))?\s*")


def parse_points(text: object) -> float | None:
    """A score typed in a box (the what-if page's items) as a number, or None for anything else.
    Vietnamese writes "0,75" and English "0.75": both are read; a sign, a thousands separator, an
    exponent, words or a value that is no string (the browser can send any) are not. Bounds are
    checked by the caller."""
    if not isinstance(text, str) or (found := _NUMBER.fullmatch(text)) is None:
        return None
    whole, decimals = found.groups()
    return float(f"{whole}.{decimals or 0}")


def blank_cell(column: str) -> tuple[str, str]:
    """The message of a blank cell that must be filled (Vietnamese, English), naming its column by
    the template's header: "ô Năm trống" / "the Năm (year) cell is blank"."""
    vi, en = COLUMN_WORDS.get(column, (column, column))
    return f"ô {vi} trống", f"the {vi} ({en}) cell is blank" if vi != en else f"the {vi} cell is blank"


#: Characters typed for one another in codes: the letter O for zero, l and I for one.
LOOK_ALIKE = str.maketrans({"o": "0", "l": "1", "i": "1", ",": ".", " ": ""})


def _code_key(code: str) -> str:
    """A code as compared for a suggestion: case, spaces, a decimal comma and look-alike letters ignored."""
    return code.casefold().translate(LOOK_ALIKE)


#: Values compared by difflib in one call (about 20 ms each against 10,000 codes): a file full of
#: unknown codes gets its look-alike suggestions for all of them and the closest ones for the first few.
CLOSE_LIMIT = 20


def near_codes(values: Iterable[object], known: Iterable[object]) -> dict[str, str]:
    """For each of ``values``, the known code it was most likely meant to be (values with none are left
    out): the one equal to it but for case, spaces or look-alike characters ("s01" → "S01", "S1O" →
    "S10", "1.1.l" → "1.1.1"), else the single closest one by :mod:`difflib` (similarity ≥ 0.8; a tie
    suggests nothing rather than a guess; :data:`CLOSE_LIMIT` values at most). The known codes are
    keyed once for all the values."""
    codes = sorted({c for c in known if isinstance(c, str) and c})
    by_key: dict[str, list[str]] = {}
    for c in codes:
        by_key.setdefault(_code_key(c), []).append(c)
    found: dict[str, str] = {}
    compared = 0
    for value in sorted({v for v in values if isinstance(v, str) and v}):
        key = _code_key(value)
        if len(by_key.get(key, ())) == 1:
            found[value] = by_key[key][0]
            continue
        compared += 1
        if compared > CLOSE_LIMIT:
            continue
        close = difflib.get_close_matches(key, list(by_key), n=2, cutoff=0.8)
        scores = [difflib.SequenceMatcher(None, key, k).ratio() for k in close]
        if close and len(by_key[close[0]]) == 1 and (len(close) == 1 or scores[0] > scores[1]):
            found[value] = by_key[close[0]][0]
    return found


def hint(near: str | None) -> tuple[str, str]:
    """What a message about an unknown code adds (Vietnamese, English): "; có phải là S01?" /
    "; did you mean S01?" for the code :func:`near_codes` found, nothing when it found none."""
    return (f"; có phải là {near}?", f"; did you mean {near}?") if near is not None else ("", "")


def did_you_mean(value: object, known: Iterable[object]) -> tuple[str, str]:
    """:func:`hint` for one unknown ``value`` among ``known`` codes."""
    return hint(near_codes([value], known).get(value) if isinstance(value, str) else None)


def require_columns(df: pd.DataFrame, cols: list[str], loc: Located, problems: list[Problem]) -> bool:
    missing = [c for c in cols if c not in df.columns]
    for c in missing:
        problems.append(loc.problem(None, c, f"thiếu cột '{c}'", f"missing column '{c}'"))
    return not missing


def numeric_and_blank(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem],
                       required: bool) -> tuple[pd.Series, np.ndarray]:
    """:func:`numeric`, plus which cells are blank (empty, whitespace or missing).

    Callers that must tell "blank" from "not a number" get the mask from the cleaning
    already done here, instead of turning millions of numbers into text a second time.
    """
    raw = df[col]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        # Each distinct cell is cleaned and parsed once (a million answers hold a handful of
        # values); code −1 (a missing cell) picks the appended NaN / blank.
        codes, uniques = factorize_column(raw)
        cleaned = pd.Series([v.strip().replace(",", ".") if isinstance(v, str) else v for v in uniques],
                            dtype=object).replace("", np.nan)
        unclear = np.array([isinstance(v, str) and bool(AMBIGUOUS.match(v.strip())) for v in uniques], dtype=bool)
        parsed = np.append(
            np.where(unclear, np.nan, pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)), np.nan
        )
        num = pd.Series(parsed[codes], index=raw.index)
        blank = np.append(cleaned.isna().to_numpy(), True)[codes]
        ambiguous = np.append(unclear, False)[codes]
    else:
        num = pd.to_numeric(raw, errors="coerce").astype(float)
        blank = raw.isna().to_numpy()
        ambiguous = np.zeros(len(raw), dtype=bool)
    for pos in first_hits(np.flatnonzero(ambiguous), loc, col, problems):
        value = str(raw.iloc[pos]).strip()
        problems.append(
            loc.problem(
                pos,
                col,
                f"'{value}' không rõ là số nghìn hay số thập phân: viết không có dấu phân cách "
                f"hàng nghìn (vd. 1000) hoặc với một dấu phẩy thập phân (vd. 86,8)",
                f"'{value}' is ambiguous (thousands separator or decimal comma?): write it without "
                f"a thousands separator (e.g. 1000) or with one decimal comma (e.g. 86,8)",
            )
        )
    for pos in first_hits(np.flatnonzero(num.isna().to_numpy() & ~blank & ~ambiguous), loc, col, problems):
        problems.append(not_a_number(loc, pos, col, str(raw.iloc[pos]).strip()))
    if required:
        vi, en = blank_cell(col) if col in COLUMN_WORDS else ("ô trống, cần một số", "blank cell, a number is required")
        for pos in first_hits(np.flatnonzero(num.isna().to_numpy() & blank), loc, col, problems):
            problems.append(loc.problem(pos, col, vi, en))
    return num, blank


#: What Excel writes for a formula that failed (#DIV/0!, #VALUE!, #N/A, …), as saved in a CSV.
EXCEL_ERROR = re.compile(r"^#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!)$", re.IGNORECASE)


def not_a_number(loc: Located, pos: int, col: str, value: str) -> Problem:
    """The problem for text where a number belongs, saying what the text is when we can tell:
    a formula (a CSV keeps values, not formulas), or an Excel error from a formula that failed."""
    if value.startswith("="):
        return loc.problem(
            pos,
            col,
            f"'{value}' là công thức, không phải giá trị: tệp CSV chỉ giữ giá trị — trong Excel, "
            f"sao chép rồi dán đặc biệt 'chỉ giá trị' trước khi lưu CSV",
            f"'{value}' is a formula, not a value: a CSV keeps values only — in Excel, copy and "
            f"paste as values before saving as CSV",
        )
    if EXCEL_ERROR.match(value):
        return loc.problem(
            pos,
            col,
            f"'{value}' là lỗi của một công thức Excel: sửa công thức trong tệp gốc rồi xuất lại",
            f"'{value}' is the error of an Excel formula: fix the formula in the source workbook and export again",
        )
    return loc.problem(pos, col, f"'{value}' không phải là số", f"'{value}' is not a number")


def numeric(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """Coerce a column to float, reporting text where a number belongs (and blanks if required)."""
    return numeric_and_blank(df, col, loc, problems, required)[0]


def integer(df: pd.DataFrame, col: str, loc: Located, problems: list[Problem], required: bool) -> pd.Series:
    """A whole-number column (years, orders) as nullable Int64; 2024.5 or "năm" is a problem."""
    if df[col].dtype.kind == "i" and not df[col].hasnans:  # integers, none blank: nothing to check
        return df[col].astype("Int64")
    num = numeric(df, col, loc, problems, required)
    fraction = (num.notna() & (num % 1 != 0)).to_numpy()
    for pos in first_hits(np.flatnonzero(fraction), loc, col, problems):
        problems.append(
            loc.problem(pos, col, f"{number(num.iloc[pos], 'vi')} không phải số nguyên",
                        f"{number(num.iloc[pos], 'en')} is not a whole number")
        )
    return num.where(~fraction).astype("Int64")


def factorize_column(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` (blanks → −1), twice as fast for pandas' Python-backed string dtype.

    That dtype hashes its strings more slowly than the same strings in an object array,
    so it is factorized as one; the uniques keep the column's dtype. Arrow-backed strings
    are factorized by Arrow itself, which is faster still, so they are left as they are.
    """
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "python":
        codes, uniques = pd.factorize(column.to_numpy(dtype=object))
        return codes, pd.Index(uniques, dtype=column.dtype)
    return pd.factorize(column)


def text_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
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

    codes, uniques = factorize_column(series)
    converted = [None] + [conv(v) for v in uniques]  # slot 0 is the blank (code −1)
    code_of: dict[object, int] = {}
    merged = np.array([code_of.setdefault(v, len(code_of)) for v in converted], dtype=np.int64)
    return merged[codes + 1], np.array(list(code_of), dtype=object)


def from_codes(codes: np.ndarray, values: np.ndarray, index: pd.Index) -> pd.Series:
    """The object column ``values[codes]`` (a numpy take: pandas' string dtype would turn None into NaN)."""
    return pd.Series(values[codes], index=index, dtype=object)


def category_from_codes(codes: np.ndarray, values: np.ndarray, index: pd.Index) -> pd.Series:
    """The column ``values[codes]`` of :func:`text_codes` as a pandas categorical (blank → NaN).

    For columns where a few hundred ids repeat over a million rows (survey answers): one small
    integer per row instead of a Python string — the demo's 493,000 answers take 6 MiB instead
    of 93 MiB in every dashboard kernel.
    """
    return pd.Series(pd.Categorical.from_codes(codes - 1, categories=values[1:]), index=index)


def text_cells(series: pd.Series) -> pd.Series:
    """Identifiers and names as NFC strings (blank → None); see :func:`text_codes`."""
    return from_codes(*text_codes(series), series.index)


def report_duplicates(
    df: pd.DataFrame,
    dup: np.ndarray,
    keys: list[str],
    loc: Located,
    problems: list[Problem],
    what_vi: str,
    what_en: str,
) -> None:
    """One problem per row flagged in ``dup`` (a repeat of an earlier row's ``keys``), quoting the key.

    A row with a blank key is left out: its blank cell is its problem, reported where it is read.
    """
    dup = dup & df[keys].notna().all(axis=1).to_numpy()
    for pos in first_hits(np.flatnonzero(dup), loc, keys[-1], problems):
        key = ", ".join(f"{k}={df[k].iloc[pos]}" for k in keys)
        problems.append(loc.problem(pos, keys[-1], f"{what_vi} bị trùng ({key})", f"duplicate {what_en} ({key})"))


def duplicates(
    df: pd.DataFrame, keys: list[str], loc: Located, problems: list[Problem], what_vi: str, what_en: str
) -> None:
    """Report every row that repeats the ``keys`` of an earlier row (the first one is kept as valid)."""
    report_duplicates(df, df.duplicated(keys, keep="first").to_numpy(), keys, loc, problems, what_vi, what_en)


def shared_codes(
    left: pd.Index | pd.Series | np.ndarray, right: pd.Series | np.ndarray
) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer codes for two short arrays in one code space: equal values get equal codes.

    All blanks (None, NaN, NA) share one code, as ``DataFrame.merge`` and ``duplicated``
    match them. Returns the codes of ``left``, those of ``right``, and the number of codes.
    """
    both = pd.concat([pd.Series(left), pd.Series(right)], ignore_index=True)
    codes, uniques = pd.factorize(both)
    codes = np.where(codes < 0, len(uniques), codes)
    return codes[: len(left)], codes[len(left) :], len(uniques) + 1


def bool_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Yes/no cells as codes into True/False/None (blank = applicable; unreadable → None).

    Like :func:`text_codes`: ``values[codes]`` is the column, each distinct cell read once.
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


def bool_cells(series: pd.Series) -> pd.Series:
    """Yes/no cells as bool (blank = applicable); unreadable values → None (reported by the caller)."""
    return from_codes(*bool_codes(series), series.index)
