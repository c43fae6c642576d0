"""The ranking annex of the decision as an Excel workbook, and the results as CSV.

:func:`write_report` writes one sheet per group (STT, unit, points, index, rank, band) and a
sheet of area indices, ready for A4 printing, through a temporary file renamed at the end;
:func:`write_results_csv` writes :func:`~cchc_dash.core.scoring.compute`'s table for other tools.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.errors import Problem, ValidationError
from .atomic import formula_safe, write_atomic
from .excel import HEADER_FILL, _cell_value, _letter, _text_cell, saved

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..core.bands import BandScheme

REPORT_COLUMNS = ("STT", "Đơn vị", "Tổng điểm", "Chỉ số", "Xếp hạng", "Xếp loại")
AREA_SHEET = "Lĩnh vực"
NUMBER_FORMAT = "0.00"


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


def _page_setup(ws: Worksheet, source: str, scheme_text: str, header_rows: int) -> None:
    """Frozen header, A4 landscape fitted to the page width, header rows repeated, source and scheme in the footer."""
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.left.text = _footer_text(f"Nguồn dữ liệu: {source}")
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

    ``not_assessed`` (unit_name, group, reason: :func:`~cchc_dash.analyses.standings.not_assessed_in`)
    lists under each group's table the units not assessed that year, with their reasons.

    One sheet per group (STT, Đơn vị, Tổng điểm, Chỉ số, Xếp hạng, Xếp loại; ranked order;
    the band cell in the band's colour) and a sheet of area indices, each with a frozen
    header, numbers as 0.00 (full precision kept in the cell), A4 landscape, and the data
    ``source`` and band ``scheme`` in the printed footer. Written to a temporary file and
    renamed: a failure, or a target that cannot be replaced, leaves the old file as it was.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

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
    fills = _band_fills(part, scheme)
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=HEADER_FILL)
    widths = (6, 42, 12, 12, 10, 14)
    for group, rows in part.groupby("group", sort=False):
        ws = book.create_sheet(_sheet_title(group, used))
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(REPORT_COLUMNS))
        title = ws.cell(row=1, column=1)
        _text_cell(ws, 1, 1, f"Kết quả xác định Chỉ số CCHC năm {year} — {group}")
        title.font = Font(bold=True, size=13)
        title.alignment = Alignment(horizontal="center")
        for j, (text, width) in enumerate(zip(REPORT_COLUMNS, widths)):
            cell = ws.cell(row=2, column=j + 1, value=text)
            cell.font, cell.fill = bold, head_fill
            ws.column_dimensions[_letter(j)].width = width
        ordered = rows.sort_values(["rank", "unit_name"], na_position="last", kind="stable")
        for i, r in enumerate(ordered.itertuples(index=False)):
            at = i + 3
            ws.cell(row=at, column=1, value=i + 1)
            _text_cell(ws, at, 2, r.unit_name)
            for col, value in ((3, r.score), (4, r.index)):
                ws.cell(row=at, column=col, value=_cell_value(value)).number_format = NUMBER_FORMAT
            ws.cell(row=at, column=5, value=_cell_value(r.rank)).number_format = "0"
            _text_cell(ws, at, 6, r.band)
            if _cell_value(r.band) in fills:
                ws.cell(row=at, column=6).fill = PatternFill("solid", fgColor=fills[r.band])
        left_out = not_assessed[not_assessed["group"] == group] if not_assessed is not None else None
        if left_out is not None and len(left_out):
            at = len(ordered) + 4
            ws.merge_cells(start_row=at, start_column=1, end_row=at, end_column=len(REPORT_COLUMNS))
            names = "; ".join(f"{n} ({why})" for n, why in zip(left_out["unit_name"], left_out["reason"]))
            _text_cell(ws, at, 1, f"Không đánh giá năm {year} ({len(left_out)} đơn vị): {names}")
            ws.cell(row=at, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        _page_setup(ws, source, scheme_text, 2)
    _area_sheet(book.create_sheet(_sheet_title(AREA_SHEET, used)), part, year, area_names or {})
    _page_setup(book[book.sheetnames[-1]], source, scheme_text, 2)
    return write_atomic(path, saved(book), overwrite=overwrite)


def _area_sheet(ws: Worksheet, part: pd.DataFrame, year: int, names: dict[str, str]) -> None:
    """Area indices of every unit of ``year``: STT, Khối, Đơn vị, one 0.00 column per area."""
    from openpyxl.styles import Font, PatternFill

    areas = [c for c in part.columns if c.startswith("area_")]
    headers = ["STT", "Khối", "Đơn vị"] + [
        f"{a[5:]}. {names[a[5:]]}" if a[5:] in names else f"Lĩnh vực {a[5:]}" for a in areas
    ]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    _text_cell(ws, 1, 1, f"Chỉ số thành phần theo lĩnh vực năm {year} (%)")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for j, text in enumerate(headers):
        _text_cell(ws, 2, j + 1, text)
        ws.cell(row=2, column=j + 1).font = Font(bold=True)
        ws.cell(row=2, column=j + 1).fill = PatternFill("solid", fgColor=HEADER_FILL)
        ws.column_dimensions[_letter(j)].width = (6, 22, 42)[j] if j < 3 else 14
    ordered = part.assign(_g=pd.factorize(part["group"])[0]).sort_values(
        ["_g", "rank", "unit_name"], na_position="last", kind="stable"
    )
    for i, record in enumerate(ordered.to_dict("records")):
        at = i + 3
        ws.cell(row=at, column=1, value=i + 1)
        _text_cell(ws, at, 2, record["group"])
        _text_cell(ws, at, 3, record["unit_name"])
        for j, a in enumerate(areas):
            ws.cell(row=at, column=4 + j, value=_cell_value(record[a])).number_format = NUMBER_FORMAT


def write_results_csv(results: pd.DataFrame, path: str | Path, overwrite: bool = True) -> Path:
    """``results`` as UTF-8 CSV (with BOM, so Excel shows Vietnamese), atomically, text cells
    that a spreadsheet would run as a formula (=, +, -, @ first) neutralised."""
    safe = results.copy()
    for c in safe.columns:
        if safe[c].dtype == object or isinstance(safe[c].dtype, pd.StringDtype):
            safe[c] = safe[c].map(formula_safe)
    return write_atomic(path, lambda f: f.write(safe.to_csv(index=False).encode("utf-8-sig")), overwrite=overwrite)
