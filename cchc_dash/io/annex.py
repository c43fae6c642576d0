"""The ranking annex of the decision as an Excel workbook, and the results as CSV.

:func:`write_report` writes one sheet per group (STT, unit, self-assessed and appraised points,
maximum, index, rank, band), a sheet of unit counts per band and a sheet of area indices, ready
for A4 printing, through a temporary file renamed at the end; :func:`write_results_csv` writes
:func:`~cchc_dash.core.scoring.compute`'s table for other tools.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

import pandas as pd

from ..core.errors import Problem, ValidationError
from ..core.validation import POINT_TOL
from .atomic import formula_safe, write_atomic
from .excel import HEADER_FILL, _cell_value, _letter, _text_cell, saved

if TYPE_CHECKING:
    from openpyxl.styles import Border
    from openpyxl.worksheet.worksheet import Worksheet

    from ..core.bands import BandScheme

REPORT_COLUMNS = (
    "STT", "Đơn vị", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm tối đa", "Chỉ số", "Xếp hạng", "Xếp loại",
)
REPORT_WIDTHS = (6, 42, 12, 12, 10, 10, 9, 14)
AREA_SHEET = "Lĩnh vực"
COUNT_SHEET = "Số lượng theo xếp loại"
NUMBER_FORMAT = "0.00"
#: Under a group's table when a unit's maximum is below 100: why its index is not its points.
MAX_NOTE = (
    "Đơn vị có điểm tối đa dưới 100 do có tiêu chí không áp dụng; chỉ số = điểm thẩm định / điểm tối đa × 100"
)
#: The band-count column of the units without a band (no index, or below a scheme without a floor band).
NO_BAND = "Chưa xếp loại"
#: Points of height per printed line of 11 pt text, and the padding of a wrapped cell.
LINE_HEIGHT, CELL_PADDING = 15.0, 4.0


def _sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'")[:31] or "Khối"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def _footer_text(text: str) -> str:
    """Header/footer text with '&' doubled (Excel reads '&' as a code)."""
    return text.replace("&", "&&")


def _source_name(source: str) -> str:
    """What the footer prints of the data ``source``: the file or folder name of an absolute path
    (Windows or POSIX), so that a printed annex does not show the clerk's local folders; any other
    text ("tinh_b.xlsx", "Sở Nội vụ, 123/QĐ-UBND") as it is."""
    if PurePosixPath(source).is_absolute() or PureWindowsPath(source).is_absolute():
        return PureWindowsPath(source).name  # splits on both "/" and "\"
    return source


def _lines(text: str, width: float) -> int:
    """Printed lines of ``text`` wrapped word by word in a column ``width`` characters wide (about one
    character less fits, bold, than the width counts)."""
    room = max(int(width) - 1, 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, 0
        if used:
            used += 1 + len(word)
        else:
            lines += (len(word) - 1) // room
            used = (len(word) - 1) % room + 1
    return lines


def _fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
    """Row ``row`` tall enough for each (text, column width) wrapped: Excel does not size a row for
    wrapped headers it has not measured, nor for merged cells at all, and a cut header prints cut."""
    ws.row_dimensions[row].height = LINE_HEIGHT * max(_lines(t, w) for t, w in texts) + CELL_PADDING


def _header(ws: Worksheet, row: int, headers: list[str], widths: list[float]) -> None:
    """A table's header row: bold, on pale blue, wrapped and centred, bordered, its columns ``widths``
    wide and the row as tall as its longest header needs."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for j, (text, width) in enumerate(zip(headers, widths)):
        _text_cell(ws, row, j + 1, text)
        cell = ws.cell(row=row, column=j + 1)
        cell.font, cell.fill, cell.border = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL), _thin()
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[_letter(j)].width = width
    _fit_height(ws, row, list(zip(headers, widths)))


def _thin() -> Border:
    """A thin border on the four sides of a cell, as tables print in a decision."""
    from openpyxl.styles import Border, Side

    side = Side(style="thin")
    return Border(left=side, right=side, top=side, bottom=side)


def _title(ws: Worksheet, text: str, columns: int) -> None:
    """Row 1: ``text`` in 13 pt bold, centred and merged across the table's ``columns``."""
    from openpyxl.styles import Alignment, Font

    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    _text_cell(ws, 1, 1, text)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")


def _note(ws: Worksheet, row: int, text: str, widths: tuple[float, ...]) -> None:
    """A note under a table: merged across it, wrapped from the top, its row tall enough for it."""
    from openpyxl.styles import Alignment

    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
    _text_cell(ws, row, 1, text)
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    _fit_height(ws, row, [(text, sum(widths))])


def _page_setup(ws: Worksheet, source: str, scheme_text: str, header_rows: int) -> None:
    """Frozen header, A4 landscape fitted to the page width, header rows repeated, the source's name
    and the scheme in the footer."""
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.left.text = _footer_text(f"Nguồn dữ liệu: {_source_name(source)}")
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.right.text = _footer_text(f"Thang xếp loại: {scheme_text}")


def _band_fills(results: pd.DataFrame, scheme: BandScheme | None) -> dict[str, str]:
    """Band label → RGB fill: the dashboards' colours (render.theme.band_colors), named bands
    when no scheme is given."""
    from ..render.theme import NAMED_BAND_COLORS, UNBANDED_COLOR, band_colors

    colors = band_colors(scheme)
    for label in results["band"].dropna().unique() if "band" in results.columns else []:
        colors.setdefault(label, NAMED_BAND_COLORS.get(label, UNBANDED_COLOR))
    return {k: v.lstrip("#").upper() for k, v in colors.items()}


def write_report(
    results: pd.DataFrame,
    path: str | Path,
    *,
    year: int | None = None,
    scheme: BandScheme | str | None = None,
    source: str = "",
    area_names: dict[str, str] | None = None,
    not_assessed: pd.DataFrame | None = None,
    overwrite: bool = True,
) -> Path:
    """The ranking annex of ``year`` (default: the latest) from :func:`~cchc_dash.core.scoring.compute` results.

    One sheet per group, as a provincial decision prints it: STT, Đơn vị, Điểm tự đánh giá,
    Điểm thẩm định, Điểm tối đa, Chỉ số, Xếp hạng, Xếp loại, in ranked order, the band cell in
    the band's colour. The self-assessed total and the maximum are compute()'s ``self_score``
    and ``max_points`` (blank cells for a frame without them, such as rank_totals' without
    self scores); a group where a unit's maximum is below 100 says under its table why its
    index is not its points. ``not_assessed`` (unit_name, group, reason:
    :func:`~cchc_dash.analyses.standings.not_assessed_in`) lists under each group's table the
    units not assessed that year, with their reasons.

    Then a sheet of unit counts per group and band (:data:`COUNT_SHEET`) and one of area
    indices. Every sheet has bordered cells, wrapped bold headers in rows tall enough to print
    whole, a frozen header, numbers as 0.00 (full precision kept in the cell), A4 landscape,
    and the name of the data ``source`` (never its folders) and the band ``scheme`` in the
    printed footer. Written to a temporary file and renamed: a failure, or a target that cannot
    be replaced, leaves the old file as it was.
    """
    from openpyxl import Workbook

    from ..core.bands import BandScheme

    need = {"year", "group", "unit_name", "score", "index", "rank", "band"}
    if not isinstance(results, pd.DataFrame) or not need <= set(results.columns):
        raise ValidationError(
            [
                Problem(
                    "results",
                    None,
                    None,
                    f"cần kết quả của compute() (các cột {sorted(need)})",
                    f"compute() results are needed (columns {sorted(need)})",
                )
            ]
        )
    if results.empty:
        raise ValidationError(
            [Problem("results", None, None, "không có kết quả nào để ghi", "there are no results to write")]
        )
    year = int(results["year"].max()) if year is None else int(year)
    part = results[results["year"] == year]
    if part.empty:
        raise ValidationError(
            [Problem("results", None, "year", f"không có kết quả năm {year}", f"there are no results for {year}")]
        )
    scheme = BandScheme.coerce(scheme)
    scheme_text = scheme.to_text() if scheme is not None else "theo cấu hình xếp loại của từng năm và khối"
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    fills = _band_fills(part, scheme)
    for group, rows in part.groupby("group", sort=False):
        ws = book.create_sheet(_sheet_title(group, used))
        left_out = not_assessed[not_assessed["group"] == group] if not_assessed is not None else None
        _group_sheet(ws, rows, f"Kết quả xác định Chỉ số CCHC năm {year} — {group}", fills, left_out, year)
    _count_sheet(book.create_sheet(_sheet_title(COUNT_SHEET, used)), part, year, scheme)
    _area_sheet(book.create_sheet(_sheet_title(AREA_SHEET, used)), part, year, area_names or {})
    for ws in book.worksheets:
        _page_setup(ws, source, scheme_text, 2)
    return write_atomic(path, saved(book), overwrite=overwrite)


def _group_sheet(ws: Worksheet, rows: pd.DataFrame, title: str, fills: dict[str, str],
                 left_out: pd.DataFrame | None, year: int) -> None:
    """One group's table (:data:`REPORT_COLUMNS`, ranked order), then its notes: why a maximum is
    below 100 when one is, and the units not assessed with their reasons."""
    from openpyxl.styles import Alignment, PatternFill

    _title(ws, title, len(REPORT_COLUMNS))
    _header(ws, 2, list(REPORT_COLUMNS), list(REPORT_WIDTHS))
    ordered = rows.sort_values(["rank", "unit_name"], na_position="last", kind="stable")
    blank = pd.Series(None, index=ordered.index, dtype=object)
    columns = (ordered["unit_name"], ordered.get("self_score", blank), ordered["score"],
               ordered.get("max_points", blank), ordered["index"], ordered["rank"], ordered["band"])
    formats = (None, NUMBER_FORMAT, NUMBER_FORMAT, NUMBER_FORMAT, NUMBER_FORMAT, "0", None)
    for i, values in enumerate(zip(*columns)):
        at = i + 3
        ws.cell(row=at, column=1, value=i + 1)
        for j, (value, fmt) in enumerate(zip(values, formats)):
            if fmt is None:
                _text_cell(ws, at, j + 2, value)
            else:
                ws.cell(row=at, column=j + 2, value=_cell_value(value)).number_format = fmt
        ws.cell(row=at, column=2).alignment = Alignment(wrap_text=True, vertical="center")
        band = _cell_value(values[-1])
        if band in fills:
            ws.cell(row=at, column=len(REPORT_COLUMNS)).fill = PatternFill("solid", fgColor=fills[band])
        for j in range(len(REPORT_COLUMNS)):
            ws.cell(row=at, column=j + 1).border = _thin()
    at = len(ordered) + 4
    maxima = pd.to_numeric(ordered.get("max_points", blank), errors="coerce")
    if (maxima < 100 - POINT_TOL).any():
        _note(ws, at, MAX_NOTE, REPORT_WIDTHS)
        at += 1
    if left_out is not None and len(left_out):
        names = "; ".join(f"{n} ({why})" for n, why in zip(left_out["unit_name"], left_out["reason"]))
        _note(ws, at, f"Không đánh giá năm {year} ({len(left_out)} đơn vị): {names}", REPORT_WIDTHS)


def _count_sheet(ws: Worksheet, part: pd.DataFrame, year: int, scheme: BandScheme | None) -> None:
    """Units per group (down) and band (across) with their totals, as a decision announces
    "3 đơn vị Xuất sắc, 6 Tốt": the scheme's bands best first (a band nobody reached shows 0),
    other bands by the best index that reached them, then the units without a band if any."""
    from openpyxl.styles import Font

    from ..analyses.distribution import band_counts

    counts = band_counts(part)
    labels = list(scheme.labels) if scheme is not None else []
    labels += [b for b in counts["band"].dropna().unique() if b not in labels]
    if counts["band"].isna().any():
        labels.append(NO_BAND)
    table = (
        counts.assign(band=counts["band"].fillna(NO_BAND))
        .pivot_table(index="group", columns="band", values="count", aggfunc="sum", fill_value=0)
        .reindex(index=pd.unique(part["group"]), columns=labels, fill_value=0)
    )
    headers = ["STT", "Khối"] + labels + ["Tổng"]
    widths = [6.0, 42.0] + [12.0] * len(labels) + [10.0]
    _title(ws, f"Số lượng đơn vị theo xếp loại năm {year}", len(headers))
    _header(ws, 2, headers, widths)
    body = [[i + 1, group, *map(int, counts_of), int(sum(counts_of))]
            for i, (group, counts_of) in enumerate(zip(table.index, table.to_numpy()))]
    body.append([None, "Tổng cộng", *map(int, table.sum(axis=0)), int(table.to_numpy().sum())])
    for i, values in enumerate(body):
        for j, value in enumerate(values):
            _text_cell(ws, i + 3, j + 1, value)
            ws.cell(row=i + 3, column=j + 1).border = _thin()
            ws.cell(row=i + 3, column=j + 1).font = Font(bold=i == len(body) - 1)  # the totals row bold


def _area_sheet(ws: Worksheet, part: pd.DataFrame, year: int, names: dict[str, str]) -> None:
    """Area indices of every unit of ``year``: STT, Khối, Đơn vị, one 0.00 column per area."""
    from openpyxl.styles import Alignment

    areas = [c for c in part.columns if c.startswith("area_")]
    headers = ["STT", "Khối", "Đơn vị"] + [
        f"{a[5:]}. {names[a[5:]]}" if a[5:] in names else f"Lĩnh vực {a[5:]}" for a in areas
    ]
    _title(ws, f"Chỉ số thành phần theo lĩnh vực năm {year} (%)", len(headers))
    _header(ws, 2, headers, [6.0, 22.0, 42.0] + [14.0] * len(areas))
    ordered = part.assign(_g=pd.factorize(part["group"])[0]).sort_values(
        ["_g", "rank", "unit_name"], na_position="last", kind="stable"
    )
    for i, record in enumerate(ordered.to_dict("records")):
        at = i + 3
        ws.cell(row=at, column=1, value=i + 1)
        _text_cell(ws, at, 2, record["group"])
        _text_cell(ws, at, 3, record["unit_name"])
        for j in (2, 3):
            ws.cell(row=at, column=j).alignment = Alignment(wrap_text=True, vertical="center")
        for j, a in enumerate(areas):
            ws.cell(row=at, column=4 + j, value=_cell_value(record[a])).number_format = NUMBER_FORMAT
        for j in range(len(headers)):
            ws.cell(row=at, column=j + 1).border = _thin()


def write_results_csv(results: pd.DataFrame, path: str | Path, overwrite: bool = True) -> Path:
    """``results`` as UTF-8 CSV (with BOM, so Excel shows Vietnamese), atomically, text cells
    that a spreadsheet would run as a formula (=, +, -, @ first) neutralised."""
    safe = results.copy()
    for c in safe.columns:
        if safe[c].dtype == object or isinstance(safe[c].dtype, pd.StringDtype):
            safe[c] = safe[c].map(formula_safe)
    return write_atomic(path, lambda f: f.write(safe.to_csv(index=False).encode("utf-8-sig")), overwrite=overwrite)
