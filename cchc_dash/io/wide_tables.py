"""Wide score tables, one file per year, as provinces often keep them.

Each file (CSV or the first sheet of an xlsx) has a header line, one row per unit and one
column per item; its year is the four-digit number in the file name (``2019.csv``,
``cchc_2020.xlsx``). A codebook says what each item column is: ``item_id``, ``area_id``,
``area_name``, ``max_points``, optionally ``item_name`` and ``blank_means_na``.

Files are read as people save them (:func:`cchc_dash.io.published.read_cells`): CSV in UTF-8,
UTF-16 or Windows-1258, separated by commas, semicolons or tabs; titles above the header (the
header is the first of the first 20 rows naming the unit column; the codebook's, the first naming
``item_id``). Beside the unit and item columns a file may have

- a TT / STT column (row numbers): ignored;
- a total column (Tổng điểm, Tổng, Tổng cộng, total…): each row's total must be the sum of its
  items, up to the rounding of the printed columns
  (:func:`cchc_dash.analyses.published_check.rounding`);
- a group column (Khối, Nhóm, group…), or section rows that put the rows under them in a group:
  a title merged across the row, a Roman numeral or capital letter in the TT column beside the
  group's name, or a unit cell numbered that way ("I. KHỐI SỞ, BAN, NGÀNH"), with no number in
  the item cells. Rows no section or group column places are in ``group``. A unit that two
  years' files put in different groups is refused (a unit has one group).

Summary rows ("Tổng cộng", "Giá trị trung bình", with no TT) are not units.

The methodology of a year is the codebook items whose columns that year's file has, under
their areas; an area's maximum is the sum of its items present that year. So a column
that appears in later years is a methodology change, which :func:`cchc_dash.analyses.trends.trends`
flags as a break.

Blanks are never read as 0:

- a unit whose item cells are all blank was not assessed that year: it is left out (no
  score rows, so no result row and no rank) with a warning, and listed in the dataset's
  ``not_assessed`` with the reason, as is a unit absent from a year's file between two years
  that name it (a unit exists from the first to the last year a file names it);
- a single blank cell is an error, unless the codebook marks the item ``blank_means_na``,
  where it means "không áp dụng" (the item leaves the unit's denominator).

Every problem names the file, sheet (xlsx), row (as the file shows it) and column, and all
of them are raised together as one :class:`ValidationError`; a missing or unreadable file is
one of them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.published_check import rounding
from ..core.dataset import Dataset
from ..core.errors import Located, Problem, ValidationError, interval, number
from ..core.parsing import bool_cells, nfc, numeric, text_cells
from ..core.scoring import TOTALS_HEADERS, header_key
from ..core.validation import POINT_TOL
from .published import DEFAULT_GROUP, HEADER_SEARCH, HEADERS, SUMMARY, is_number, read_cells, section_name

CODEBOOK_COLUMNS = ["item_id", "area_id", "area_name", "max_points"]
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
#: Columns beside the unit and the items, by their headers (compared by ``header_key``).
ORDER_HEADERS = HEADERS["order"]
TOTAL_HEADERS = ("total", *TOTALS_HEADERS["score"], "tổng", "tổng cộng")
GROUP_HEADERS = HEADERS["group"]


def _read_table(path: Path) -> tuple[pd.DataFrame, str | None]:
    """All cells of a CSV or of an xlsx's first sheet (:func:`read_cells`), header line and titles
    included, and the sheet's name. Blank lines are kept: a frame position is the file's row − 1."""
    sheet, rows = read_cells(path)[0]
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows], dtype=object), sheet


def _header_at(raw: pd.DataFrame, key: str) -> int | None:
    """The first of the first :data:`HEADER_SEARCH` rows with a cell whose header key is ``key``."""
    for i in range(min(HEADER_SEARCH, len(raw))):
        if any(header_key(v) == key for v in raw.iloc[i] if isinstance(v, str)):
            return i
    return None


def _blank(frame: pd.DataFrame) -> np.ndarray:
    """Cells that are empty or hold only spaces (a space typed in Excel is still a blank)."""
    spaces = frame.apply(lambda col: col.map(lambda v: isinstance(v, str) and not v.strip()))
    return frame.isna().to_numpy() | spaces.to_numpy(dtype=bool)


def _read_codebook(codebook: pd.DataFrame | str | Path, problems: list[Problem]) -> pd.DataFrame | None:
    """The codebook as a clean frame: text ids, numeric maxima, a boolean ``blank_means_na``.

    Problems (blank or duplicate ids, bad maxima, an area with two names, an item id equal
    to an area id) are appended to ``problems``; with required columns missing the result
    is None, since the files cannot be checked against it. Blank lines are ignored.
    """
    if isinstance(codebook, pd.DataFrame):
        book, loc = codebook.reset_index(drop=True).copy(), Located("codebook")
    else:
        try:
            raw, sheet = _read_table(Path(codebook))
        except ValidationError as exc:
            problems += exc.problems
            return None
        at = _header_at(raw, "item_id") or 0
        book = raw.iloc[at + 1 :].reset_index(drop=True)
        book.columns = list(text_cells(raw.iloc[at]))
        loc = Located(Path(codebook).name, sheet=sheet, first_row=at + 2)
    missing = [c for c in CODEBOOK_COLUMNS if c not in book.columns]
    for c in missing:
        problems.append(loc.problem(None, c, f"thiếu cột '{c}'", f"missing column '{c}'"))
    if missing:
        return None
    used = ~_blank(book).all(axis=1)
    for c in ("item_id", "area_id", "area_name"):
        book[c] = text_cells(book[c])
        for pos in np.flatnonzero(book[c].isna().to_numpy() & used):
            problems.append(loc.problem(pos, c, "ô trống", "blank cell"))
    book["item_name"] = (text_cells(book["item_name"]) if "item_name" in book.columns else book["item_id"]).fillna(
        book["item_id"]
    )
    blank_max = _blank(book[["max_points"]])[:, 0]  # before the numbers replace the cells ("x" is no blank)
    book["max_points"] = numeric(book, "max_points", loc, problems, False)
    for pos in np.flatnonzero(book["max_points"].isna().to_numpy() & blank_max & used):
        problems.append(loc.problem(pos, "max_points", "ô trống, cần một số", "blank cell, a number is required"))
    for pos in np.flatnonzero((book["max_points"] < 0).to_numpy()):
        problems.append(loc.problem(pos, "max_points", "điểm tối đa âm", "negative maximum points"))
    if "blank_means_na" in book.columns:
        flag = bool_cells(book["blank_means_na"]).where(~_blank(book[["blank_means_na"]])[:, 0], False)
        for pos in np.flatnonzero(flag.isna().to_numpy()):
            value = book["blank_means_na"].iloc[pos]
            problems.append(
                loc.problem(pos, "blank_means_na", f"'{value}' không phải đúng/sai", f"'{value}' is not true/false")
            )
        book["blank_means_na"] = flag.fillna(False).astype(bool)
    else:
        book["blank_means_na"] = False
    ids = book["item_id"]
    for pos in np.flatnonzero((ids.duplicated() & ids.notna()).to_numpy()):
        problems.append(
            loc.problem(
                pos, "item_id", f"mã tiêu chí '{ids.iloc[pos]}' bị trùng", f"duplicate item id '{ids.iloc[pos]}'"
            )
        )
    names = book[["area_id", "area_name"]].dropna().drop_duplicates()
    for pos in np.flatnonzero(names.duplicated("area_id").to_numpy()):
        area = names["area_id"].iloc[pos]
        problems.append(
            loc.problem(
                names.index[pos],
                "area_name",
                f"lĩnh vực '{area}' có hai tên khác nhau",
                f"area '{area}' has two different names",
            )
        )
    for pos in np.flatnonzero((ids.isin(set(book["area_id"].dropna())) & ids.notna()).to_numpy()):
        problems.append(
            loc.problem(
                pos,
                "item_id",
                f"mã tiêu chí '{ids.iloc[pos]}' trùng với một mã lĩnh vực",
                f"item id '{ids.iloc[pos]}' is also an area id",
            )
        )
    return book[used].drop_duplicates("item_id").dropna(subset=["item_id"]).set_index("item_id", drop=False)


def _year_of(path: Path, seen: dict[int, str], problems: list[Problem]) -> int | None:
    """The year in the file name; a file without one, or a second file of a year, is a problem."""
    found = _YEAR.findall(path.stem)
    if len(found) != 1:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                "tên tệp phải chứa đúng một năm (vd. 2019.csv)",
                "the file name must contain exactly one year (e.g. 2019.csv)",
            )
        )
        return None
    year = int(found[0])
    if year in seen:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"năm {year} đã có trong tệp {seen[year]}",
                f"year {year} is already given by {seen[year]}",
            )
        )
        return None
    seen[year] = path.name
    return year


def _read_year(
    path: Path, year: int, book: pd.DataFrame, unit_column: str, group: str, problems: list[Problem]
) -> tuple[pd.DataFrame, list[str], list[str], dict[str, str]]:
    """One year's file → long score rows (year, unit_id, item_id, score, applicable), its items, the
    units named on a row whose item cells are all blank (not assessed that year), and each named
    unit's group (its section's, its group cell's, else ``group``).

    ``book`` is the codebook indexed by item_id. Blank lines, section rows and summary rows are
    ignored; a row whose unit is named but whose item cells are all blank is left out with a warning.
    """
    empty = pd.DataFrame(columns=["year", "unit_id", "item_id", "score", "applicable"])
    try:
        raw, sheet = _read_table(path)
    except ValidationError as exc:
        problems += exc.problems
        return empty, [], [], {}
    at = _header_at(raw, header_key(unit_column))
    if at is None:
        problems.append(Problem(path.name, 1, unit_column,
                                f"thiếu cột đơn vị '{unit_column}' (trong {HEADER_SEARCH} dòng đầu)",
                                f"missing unit column '{unit_column}' (in the first {HEADER_SEARCH} rows)", sheet))
        return empty, [], [], {}
    loc = Located(path.name, sheet=sheet, first_row=at + 2)

    def header_problem(column: str | None, vi: str, en: str) -> Problem:
        return Problem(loc.source, at + 1, column, vi, en, loc.sheet)

    header = list(text_cells(raw.iloc[at]))
    body = raw.iloc[at + 1 :].reset_index(drop=True)
    body.columns = range(body.shape[1])
    for name in {h for h in header if h is not None and header.count(h) > 1}:
        problems.append(header_problem(name, f"cột '{name}' xuất hiện hai lần", f"column '{name}' appears twice"))
    keys = [header_key(h) for h in header]
    unit_j = keys.index(header_key(unit_column))
    special = {}
    for role, spellings in (("order", ORDER_HEADERS), ("total", TOTAL_HEADERS), ("group", GROUP_HEADERS)):
        found = next((j for s in spellings for j, k in enumerate(keys)
                      if k == s and j != unit_j and header[j] not in book.index and j not in special.values()), None)
        if found is not None:
            special[role] = found
    item_cols: list[tuple[int, str]] = []
    for j, name in enumerate(header):
        if j == unit_j or j in special.values():
            continue
        if name is None:
            if not _blank(body[[j]]).all():
                problems.append(header_problem(f"#{j + 1}", f"cột thứ {j + 1} có dữ liệu nhưng không có tiêu đề",
                                               f"column {j + 1} has data but no header"))
        elif name not in book.index:
            problems.append(header_problem(name, f"cột '{name}' không có trong bảng mã tiêu chí",
                                           f"column '{name}' is not in the codebook"))
        elif header.count(name) == 1:
            item_cols.append((j, name))
    if not item_cols:
        problems.append(header_problem(None, "không có cột tiêu chí nào", "no item columns"))
        return empty, [], [], {}

    items = [name for _, name in item_cols]
    units = text_cells(body[unit_j])
    skip, groups = _sections(body, unit_j, special, [j for j, _ in item_cols], group)
    cells = pd.DataFrame({name: body[j].where(~skip, None) for j, name in item_cols})
    scores = np.column_stack([numeric(cells, name, loc, problems, False).to_numpy() for name in items])
    blank = _blank(cells)
    no_unit = units.isna().to_numpy() & ~skip
    all_blank = blank.all(axis=1)
    for pos in np.flatnonzero(no_unit & ~_blank(body).all(axis=1)):
        problems.append(loc.problem(pos, unit_column, "thiếu tên đơn vị", "the unit is blank"))
    named = units.notna().to_numpy() & ~skip
    for pos in np.flatnonzero(units.where(named).duplicated().to_numpy() & named):
        problems.append(
            loc.problem(pos, unit_column, f"đơn vị '{units.iloc[pos]}' bị trùng", f"duplicate unit '{units.iloc[pos]}'")
        )
    skipped = np.flatnonzero(all_blank & named)
    if len(skipped):
        listed = ", ".join(f"'{units.iloc[p]}' ({p + loc.first_row})" for p in skipped)
        warnings.warn(
            f"{loc.source}: không có điểm, không xếp hạng năm {year} / no scores, left out of the "
            f"{year} ranking — đơn vị (dòng) / unit (row): {listed}",
            stacklevel=3,
        )
    keep = named & ~all_blank
    maxima = book.loc[items, "max_points"].to_numpy(dtype=float)
    na_ok = book.loc[items, "blank_means_na"].to_numpy(dtype=bool)
    for pos, k in zip(*np.nonzero(blank & keep[:, None] & ~na_ok[None, :])):
        problems.append(
            loc.problem(
                pos,
                items[k],
                "ô trống, cần một số (hoặc đánh dấu blank_means_na trong bảng mã)",
                "blank cell, a number is required (or mark the item blank_means_na)",
            )
        )
    with np.errstate(invalid="ignore"):
        out_of_range = (scores < -POINT_TOL) | (scores > maxima[None, :] + POINT_TOL)
    for pos, k in zip(*np.nonzero(out_of_range & keep[:, None])):
        problems.append(
            loc.problem(
                pos,
                items[k],
                f"điểm {number(scores[pos, k], 'vi')} nằm ngoài {interval(0, maxima[k], 'vi')}",
                f"score {scores[pos, k]:g} is outside [0, {maxima[k]:g}]",
            )
        )
    if "total" in special:
        _check_totals(body[special["total"]].where(keep, None), scores, keep, str(header[special["total"]]), loc,
                      problems)
    rows = np.flatnonzero(keep)
    long = pd.DataFrame(
        {
            "year": year,
            "unit_id": np.repeat(units.to_numpy(dtype=object)[rows], len(items)),
            "item_id": np.tile(np.array(items, dtype=object), len(rows)),
            "score": scores[rows].ravel(),
        }
    )
    long["applicable"] = long["score"].notna()
    group_of = {str(units.iloc[p]): groups[p] for p in np.flatnonzero(named)}
    return long, items, [str(units.iloc[p]) for p in skipped], group_of


def _sections(body: pd.DataFrame, unit_j: int, special: dict[str, int], item_js: list[int],
              group: str) -> tuple[np.ndarray, list[str]]:
    """Which body rows are not units (section rows, summary rows), and each row's group: its group
    cell's, else the section above it's (:func:`section_name`, without a number in an item cell),
    else ``group``."""
    skip = np.zeros(len(body), dtype=bool)
    groups: list[str] = []
    section = group
    order_j, group_j = special.get("order"), special.get("group")
    for pos, row in enumerate(body.itertuples(index=False)):
        cells = list(row)
        name = None if group_j is not None else section_name(cells, unit_j, order_j, lone_text=False)
        if name is not None and not any(is_number(cells[j]) for j in item_js):
            section, skip[pos] = name, True
        unit = nfc(cells[unit_j]) if isinstance(cells[unit_j], str) else None
        if unit and SUMMARY.fullmatch(unit) and (order_j is None or pd.isna(cells[order_j])):
            skip[pos] = True
        own = nfc(cells[group_j]) if group_j is not None and isinstance(cells[group_j], str) else None
        groups.append(own or section)
    return skip, groups


def _check_totals(totals: pd.Series, scores: np.ndarray, keep: np.ndarray, column: str, loc: Located,
                  problems: list[Problem]) -> None:
    """A problem for each kept row whose total is not the sum of its items, up to the rounding of
    the printed columns (:func:`rounding`) and ``POINT_TOL``."""
    total = numeric(pd.DataFrame({column: totals}), column, loc, problems, False).to_numpy(dtype=float)
    sums = np.where(np.isnan(scores), 0.0, scores).sum(axis=1)
    kept = keep & ~np.isnan(total)
    slack = rounding(total[kept]) + sum(rounding(scores[kept, k]) for k in range(scores.shape[1])) + POINT_TOL
    for pos in np.flatnonzero(kept & (np.abs(total - sums) > slack)):
        problems.append(loc.problem(pos, column, f"tổng {total[pos]:g} khác tổng điểm các tiêu chí ({sums[pos]:g})",
                                    f"total {total[pos]:g} differs from the sum of the items ({sums[pos]:g})"))


def _methodology(year: int, items: list[str], book: pd.DataFrame, group: str) -> list[dict]:
    """The (year, group) tree: each area with items present that year, then those items."""
    present = book[book.index.isin(items)]
    rows = []
    for area, part in present.groupby("area_id", sort=False):
        rows.append(
            dict(
                year=year,
                group=group,
                item_id=area,
                parent_id=None,
                level="area",
                name_vi=part["area_name"].iloc[0],
                max_points=part["max_points"].sum(),
                kind="assessed",
            )
        )
        rows += [
            dict(
                year=year,
                group=group,
                item_id=i,
                parent_id=area,
                level="item",
                name_vi=n,
                max_points=m,
                kind="assessed",
            )
            for i, n, m in zip(part["item_id"], part["item_name"], part["max_points"])
        ]
    return rows


def read_wide(
    files: Iterable[str | Path],
    codebook: pd.DataFrame | str | Path,
    *,
    unit_column: str = "unit",
    group: str = DEFAULT_GROUP,
    name: str | None = None,
) -> Dataset:
    """A :class:`Dataset` from one wide file per year and a codebook (see the module docstring).

    ``unit_column`` names the column holding the units (compared without case, spacing or a
    note in brackets); its values serve as both ``unit_id`` and ``unit_name``. Units go to the
    group their section row or group column gives, else to ``group`` (one ranking per group).
    Raises :class:`ValidationError` listing every problem (a missing file among them); warns
    (``UserWarning``) for each file with units left out because their row is entirely blank.
    """
    unit_column = nfc(unit_column)
    problems: list[Problem] = []
    book = _read_codebook(codebook, problems)
    if book is None:
        raise ValidationError(problems)
    paths = [Path(f) for f in files]
    seen: dict[int, str] = {}
    scores, methodology = [], []
    blank_rows: dict[int, tuple[str, list[str]]] = {}  # year → its file and the units whose row is blank
    unit_groups: dict[str, tuple[str, int]] = {}  # unit → its group and the first year that says so
    for path in paths:
        year = _year_of(path, seen, problems)
        if year is None:
            continue
        long, items, blank, groups = _read_year(path, year, book, unit_column, group, problems)
        scores.append(long)
        blank_rows[year] = (path.name, blank)
        for unit, unit_group in groups.items():
            first, since = unit_groups.setdefault(unit, (unit_group, year))
            if first != unit_group:
                problems.append(Problem(path.name, None, unit_column,
                                        f"đơn vị '{unit}' thuộc khối '{unit_group}' năm {year} nhưng khối '{first}' "
                                        f"năm {since}: mỗi đơn vị thuộc một khối",
                                        f"unit '{unit}' is in group '{unit_group}' in {year} but in '{first}' in "
                                        f"{since}: a unit has one group"))
        for scored_group in dict.fromkeys(groups[u] for u in long["unit_id"].unique()):
            methodology += _methodology(year, items, book, scored_group)
    if not paths:
        problems.append(Problem("files", None, None, "không có tệp nào", "no files were given"))
    if problems:
        raise ValidationError(problems)
    scores = pd.concat(scores, ignore_index=True)
    units, not_assessed = _units_and_gaps(scores, blank_rows, {u: g for u, (g, _) in unit_groups.items()})
    return Dataset(methodology=pd.DataFrame(methodology), units=units, scores=scores, not_assessed=not_assessed,
                   name=name or paths[0].parent.name or "wide")


def _units_and_gaps(scores: pd.DataFrame, blank_rows: dict[int, tuple[str, list[str]]],
                    groups: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units of a panel, each existing from the first to the last year a file names it, and the
    years in between where it has no scores, as not assessed with the reason (its row blank, or
    the unit absent from that year's file): a unit is never left out of a year's ranking unsaid."""
    scored = scores.groupby("unit_id", sort=False)["year"].agg(set).to_dict()
    named = {u: set(years) for u, years in scored.items()}
    for year, (_, blank) in blank_rows.items():
        for unit in blank:
            if unit in named:
                named[unit].add(year)
    ids = list(scored)
    first = [min(named[u]) for u in ids]
    last = [max(named[u]) for u in ids]
    units = pd.DataFrame({"unit_id": ids, "unit_name": ids, "group": [groups[u] for u in ids], "successor_id": None,
                          "valid_from": first, "valid_to": last})
    gaps = []
    for unit, start, end in zip(ids, first, last):
        for year in sorted(y for y in blank_rows if start <= y <= end and y not in scored[unit]):
            file, blank = blank_rows[year]
            why = f"dòng trống trong {file}" if unit in blank else f"không có trong {file}"
            gaps.append({"year": year, "unit_id": unit, "reason": why})
    return units, pd.DataFrame(gaps, columns=["year", "unit_id", "reason"])
