"""The annual report as a Word document: what the internal-affairs department writes by hand each
year to go with the decision announcing the index, assembled from what the dashboards already show.

A4 portrait, page numbers in the footer ("Trang 2 / 5", Word fields), the title and the data it
comes from; then for each group ranked that year: a heading, the group's paragraph in the words of
the announcements (:func:`cchc_dash.render.highlights.highlights`, unchanged), the ranking table
(STT, Đơn vị, Điểm, Điểm tối đa, Chỉ số, Xếp hạng, Xếp loại, change since last year, as the
overview shows it), the units not assessed, the index chart, the band counts beside last year's
with the band distribution chart, the biggest rises and falls, and the SIPAS index where the data
have survey answers; last, a short note on method (the index rule, each band scheme worded as a
decision words it, the methodology changes, mergers and groups no longer assessed that year).

Everything a clerk may restyle is a Word style: the title is "Title", sections are "Heading 1" and
"Heading 2", tables are real tables in the named style "Table Grid" (their header row repeated on
each page), charts are PNG pictures drawn offline (:func:`cchc_dash.io.word.chart_png`). Vietnamese
by default, English with ``lang="en"``: every word comes from :mod:`cchc_dash.render.labels`.

:func:`annual_report_docx` returns the bytes (the overview offers them for download);
:func:`annual_report` writes them to a file atomically and keeps an existing file unless ``force``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import numpy as np
import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..analyses import standings
from ..analyses.distribution import band_counts, reclassify
from ..analyses.sipas import INDEX_KEY, index_ranks, sipas_index, versus_group
from ..core.bands import BandScheme
from ..core.dataset import Dataset
from ..core.errors import Problem, ValidationError
from ..core.methodology import leaf_counts
from ..core.scoring import scheme_for
from ..render import charts
from ..render.highlights import highlights
from ..render.html_tables import rank_move
from ..render.labels import fmt_num, t, term
from ..render.theme import UNBANDED_COLOR, band_colors, text_color
from .atomic import write_atomic
from .loader import is_bundled
from .word import a4_document, add_table, chart_png, docx_bytes

if TYPE_CHECKING:
    import altair as alt

#: The columns of :func:`cchc_dash.compute` results the report reads.
NEEDED = ("year", "group", "unit_id", "unit_name", "score", "max_points", "index", "rank", "rank_of", "band",
          "methodology", "successor_id")
#: Widths (cm) of the ranking table's columns: 17 cm in all, the A4 page between its 2 cm margins.
RANKING_WIDTHS = (1.1, 3.9, 1.7, 1.8, 1.7, 1.6, 2.2, 3.0)
#: Widths (cm) of the SIPAS table's columns, 17 cm in all.
SIPAS_WIDTHS = (1.1, 4.4, 1.9, 2.9, 1.3, 1.6, 3.8)
#: Units listed among the biggest rises, and as many among the falls.
MOVERS = 3
#: Years (the report's and those before it) drawn in the band distribution chart.
STACK_YEARS = 5


def _refuse(column: str | None, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem("results", None, column, vi, en)])


def _checked(results: pd.DataFrame, year: int) -> int:
    """``year`` as an int, once ``results`` are :func:`cchc_dash.compute`'s and rank a unit that year."""
    if not isinstance(results, pd.DataFrame) or not set(NEEDED) <= set(results.columns):
        raise _refuse(None, f"cần kết quả của compute() (các cột {list(NEEDED)})",
                      f"compute() results are needed (columns {list(NEEDED)})")
    if not (results["year"] == year).any() or results.loc[results["year"] == year, "index"].isna().all():
        raise _refuse("year", f"không có kết quả năm {year}", f"there are no results for {year}")
    return int(year)


def decision_words(scheme: BandScheme, lang: str) -> str:
    """A band scheme as a decision words it: "Xuất sắc: từ 90% trở lên; Tốt: từ 80% đến dưới 90%; …;
    Yếu: dưới 50%" ("Excellent: 90% and above; …" in English). A scheme without a floor band
    ends with what is not banded ("dưới 70%: không xếp loại")."""
    def pct(m: float) -> str:
        return fmt_num(m, 0 if float(m).is_integer() else 2, lang)

    parts, upper = [], None
    for label, low in zip(scheme.labels, scheme.minima):
        band = term(label, lang)
        if low is None:
            parts.append(t("report_band_all", lang, band=band) if upper is None
                         else t("report_band_low", lang, band=band, high=pct(upper)))
        elif upper is None:
            parts.append(t("report_band_top", lang, band=band, low=pct(low)))
        else:
            parts.append(t("report_band_mid", lang, band=band, low=pct(low), high=pct(upper)))
        upper = low
    if scheme.minima[-1] is not None:
        parts.append(t("report_band_none", lang, high=pct(scheme.minima[-1])))
    return "; ".join(parts)


def _since_last_year(prev_rank: object, rank: object, change: object, lang: str) -> str:
    """ "▲ 3 bậc · +1,25" as the overview writes it; "–" for a unit not ranked the year before."""
    if pd.isna(prev_rank) or pd.isna(rank):
        return "–"
    moved = rank_move(f"{int(prev_rank)}/0", f"{int(rank)}/0", lang)
    return f"{moved} · {fmt_num(change, 2, lang, sign=True)}" if pd.notna(change) else moved


def _band(band: object, lang: str) -> str:
    return term(band, lang) if isinstance(band, str) else t("unbanded", lang)


def _source(ds: Dataset, lang: str) -> str:
    """ "Dữ liệu: Tỉnh Minh An — dữ liệu mẫu đi kèm": the data's name and where it was read from."""
    where = t("bundled_data", lang) if is_bundled(ds.source) else ds.source or t("memory_data", lang)
    return f"{t('data_source', lang)}: {ds.name} — {where}"


# -- Word details ------------------------------------------------------------------------------

def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) at the end of ``paragraph``, shown as 1 until Word updates it."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("result", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "result":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_numbers(document: docx.document.Document, lang: str) -> None:
    """ "Trang 2 / 5" centred in the footer of every page."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{t('report_page', lang)} ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _proofing_language(document: docx.document.Document, lang: str) -> None:
    """Word's spelling check in the report's language (Vietnamese, or British English)."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), "en-GB" if lang == "en" else "vi-VN")
    rpr.append(tag)


def _shade(cell: _Cell, color: str) -> None:
    """``cell`` filled with ``color`` (#rrggbb), its text dark or white, whichever reads."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string(text_color(color).lstrip("#"))


def _table(document: docx.document.Document, rows: list[list[str]], numeric: set[int],
           widths: tuple[float, ...] | None = None) -> Table:
    """:func:`~cchc_dash.io.word.add_table` with a bold header row repeated on every page, rows kept
    whole across a page break, 9 pt text, the ``numeric`` columns right-aligned and, when given, the
    column ``widths`` in cm (set on the grid, which LibreOffice reads, and on each cell, which Word reads)."""
    table = add_table(document, rows)
    for r, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader") if r == 0 else ("w:cantSplit",):
            flag = OxmlElement(tag)
            flag.set(qn("w:val"), "true")
            properties.append(flag)
        for c, cell in enumerate(row.cells):
            paragraph = cell.paragraphs[0]
            if c in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(9)
                if r == 0:
                    run.font.bold = True
            if widths is not None:
                cell.width = Cm(widths[c])
    if widths is not None:
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
    return table


def _picture(document: docx.document.Document, chart: alt.TopLevelMixin, width_cm: float) -> None:
    """``chart`` drawn offline as a PNG picture ``width_cm`` wide, in its own paragraph."""
    document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(width_cm))


# -- sections ----------------------------------------------------------------------------------

def _ranking(document: docx.document.Document, results: pd.DataFrame, ds: Dataset, year: int, group: str,
             scheme: BandScheme | None, lang: str) -> None:
    """The ranking table as the overview shows it, the units not assessed, and the index chart."""
    document.add_heading(t("report_ranking", lang, year=year), level=2)
    moved = standings.with_change(results, year, group)
    head = [t(k, lang) for k in ("stt", "unit", "score", "max_points", "index", "rank", "band", "since_last_year")]
    body = [
        [str(i), str(r.unit_name), fmt_num(r.score, 2, lang), fmt_num(r.max_points, 2, lang),
         fmt_num(r.index, 2, lang), f"{int(r.rank)}/{int(r.rank_of)}" if pd.notna(r.rank) else "–",
         _band(r.band, lang), _since_last_year(r.prev_rank, r.rank, r.change, lang)]
        for i, r in enumerate(moved.itertuples(index=False), start=1)
    ]
    table = _table(document, [head, *body], numeric={0, 2, 3, 4, 5, 7}, widths=RANKING_WIDTHS)
    colors = band_colors(scheme)
    for row, band in zip(table.rows[1:], moved["band"]):
        _shade(row.cells[6], colors.get(band, UNBANDED_COLOR) if isinstance(band, str) else UNBANDED_COLOR)
    left_out = standings.not_assessed_in(ds.not_assessed, ds.units, year, group)
    if len(left_out):
        names = "; ".join(f"{n} ({r})" for n, r in zip(left_out["unit_name"], left_out["reason"]))
        document.add_paragraph(f"{t('not_assessed', lang, year=year, n=len(left_out))}: {names}.")
    _picture(document, charts.index_dots(standings.group_ranking(results, year, group), scheme, lang), 16)


def _counts(document: docx.document.Document, ranked: pd.DataFrame, year: int, group: str,
            scheme: BandScheme | None, has_previous: bool, lang: str) -> None:
    """Units per band this year beside last year's (each year's own bands), then the band
    distribution of the last :data:`STACK_YEARS` years as a chart."""
    document.add_heading(t("report_counts", lang), level=2)
    mine = ranked[(ranked["group"] == group) & ranked["year"].between(year - STACK_YEARS + 1, year)]
    counts = band_counts(mine)
    years = [year, year - 1] if has_previous else [year]
    shown = counts[counts["year"].isin(years)].assign(band=lambda c: c["band"].fillna(""))
    table = shown.pivot_table(index="band", columns="year", values="count", aggfunc="sum", fill_value=0)
    present = [b for b in table.index if b]
    order = [*(scheme.labels if scheme else []), *(b for b in present if not scheme or b not in scheme.labels)]
    order += [""] if "" in table.index else []  # units without a band, last
    table = table.reindex(index=order, columns=years, fill_value=0)
    head = [t("band", lang), *(t("report_year", lang, year=y) for y in years)] + (
        [t("change", lang)] if has_previous else [])

    def line(label: str, values: pd.Series) -> list[str]:
        cells = [label, *(str(int(values[y])) for y in years)]
        if has_previous:
            moved = int(values[year] - values[year - 1])
            cells.append(f"+{moved}" if moved > 0 else f"−{-moved}" if moved < 0 else "0")
        return cells

    body = [line(_band(b or None, lang), table.loc[b]) for b in order]
    body.append(line(t("report_total", lang), table.sum()))
    _table(document, [head, *body], numeric=set(range(1, len(head))))
    _picture(document, charts.band_stack(counts, band_colors(scheme), lang), 12)


def _movers(document: docx.document.Document, results: pd.DataFrame, year: int, group: str, lang: str) -> None:
    """The biggest rises and falls of the index since last year (the same unit only)."""
    document.add_heading(t("report_movers", lang, year=year - 1), level=2)
    k = standings.kpis(results, year, group, movers=MOVERS)
    if k.up.empty and k.down.empty:
        document.add_paragraph(t("report_no_movers", lang))
        return
    head = [t("change", lang), t("unit", lang), t("index", lang), t("index_change", lang)]
    body = [[t(key, lang), str(r.unit_name), fmt_num(r.index, 2, lang), fmt_num(r.change, 2, lang, sign=True)]
            for key, frame in (("report_up", k.up), ("report_down", k.down)) for r in frame.itertuples(index=False)]
    _table(document, [head, *body], numeric={2, 3})


def _sipas_table(document: docx.document.Document, surveyed: pd.DataFrame, year: int, lang: str) -> None:
    """One group's SIPAS index: each surveyed unit's rate, 95 % interval, respondents, rank, and whether
    it is distinguishable from the group mean."""
    document.add_heading(t("report_sipas", lang, year=year), level=2)
    document.add_paragraph(f"{t('sipas_group_mean', lang)}: {fmt_num(surveyed['group_mean'].iloc[0], 2, lang)}%.")
    head = [t("stt", lang), t("unit", lang), t("sipas_rate", lang), t("sipas_interval", lang), "n", t("rank", lang),
            t("sipas_vs_mean", lang)]

    sides = np.where(~surveyed["distinguishable"].astype(bool), "sipas_short_same",
                     np.where(surveyed["rate"] > surveyed["group_mean"], "sipas_short_above", "sipas_short_below"))
    body = [
        [str(i), str(r.unit_name), fmt_num(r.rate, 2, lang),
         f"{fmt_num(r.low, 2, lang)}–{fmt_num(r.high, 2, lang)}", str(int(r.n)),
         f"{int(r.sipas_rank)}/{int(r.sipas_rank_of)}" if pd.notna(r.sipas_rank) else "–", t(side, lang)]
        for i, (r, side) in enumerate(zip(surveyed.itertuples(index=False), sides), start=1)
    ]
    _table(document, [head, *body], numeric={0, 2, 3, 4, 5}, widths=SIPAS_WIDTHS)


def _surveyed(ds: Dataset, results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every unit of ``year``'s results with a SIPAS index that year: name, group, rate, interval, n,
    rank in its group, group mean and ``distinguishable``; best first. Empty without survey answers."""
    columns = ["unit_id", "unit_name", "group", "rate", "low", "high", "n", "group_mean", "distinguishable",
               "sipas_rank", "sipas_rank_of", "break"]
    if ds.sipas_answers.empty:
        return pd.DataFrame(columns=columns)
    units = results.loc[results["year"] == year, ["unit_id", "unit_name", "group"]]
    sip = sipas_index(ds)
    idx = sip[(sip["year"] == year) & (sip["level"] == INDEX_KEY) & sip["unit_id"].isin(units["unit_id"])]
    groups = units[["unit_id", "group"]]
    out = (versus_group(idx, groups)
           .merge(index_ranks(idx, groups)[["unit_id", "sipas_rank", "sipas_rank_of"]], on="unit_id")
           .merge(units[["unit_id", "unit_name"]], on="unit_id"))
    return out.sort_values(["sipas_rank", "unit_name"], na_position="last", kind="stable")[columns]


def _methods(document: docx.document.Document, results: pd.DataFrame, ds: Dataset, year: int, groups: list[str],
             schemes: dict[str, BandScheme | None], chosen: bool, sipas_shown: bool, sipas_break: bool,
             lang: str) -> None:
    """The note on method: index rule, band schemes in words, criteria changes, mergers, groups no
    longer assessed, and where the band thresholds and the SIPAS formula come from."""
    document.add_heading(t("report_methods", lang), level=1)
    lines = [t("report_index_rule", lang)]
    prev = year - 1
    before = results[results["year"] == prev]
    for g in groups:
        name = term(g, lang)
        scheme = schemes[g]
        lines.append(t("report_scheme", lang, group=name, scheme=decision_words(scheme, lang)) if scheme
                     else f"{name}: {t('no_scheme', lang)}.")
        then = before.loc[before["group"] == g, "methodology"]
        if then.empty:
            lines.append(t("report_first_year", lang, year=year, group=name))
            continue
        now = results.loc[(results["year"] == year) & (results["group"] == g), "methodology"]
        if now.iloc[0] == then.iloc[0]:
            lines.append(t("report_no_break", lang, group=name, year=year, prev=prev))
            continue
        sizes = leaf_counts(ds.methodology, g, [prev, year])
        detail = "; ".join(t("report_break_detail", lang, year=int(r.year), areas=int(r.areas), items=int(r.items))
                           for r in sizes.itertuples(index=False))
        lines.append(t("report_break", lang, year=year, group=name, prev=prev, detail=detail))
    now_units = results.loc[results["year"] == year].drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    gone = before[before["successor_id"].isin(now_units.index) & ~before["unit_id"].isin(now_units.index)]
    for successor, merged in gone.groupby("successor_id", sort=False):
        names = ", ".join(merged["unit_name"])  # commas, not "và": unit names hold "và" themselves
        lines.append(t("report_merged", lang, names=names, successor=now_units[successor], year=year))
    if len(gone):
        lines.append(t("report_merged_note", lang))
    for g in dict.fromkeys(before.loc[before["index"].notna(), "group"]):
        if g not in groups:
            lines.append(t("report_group_gone", lang, group=term(g, lang), prev=prev, year=year))
    lines.append(t("report_scheme_chosen", lang) if chosen else t("scheme_note", lang) + ".")
    if sipas_shown:
        lines.append(t("sipas_formula_note", lang))
        if sipas_break:
            lines.append(t("sipas_break_note", lang, years=year))
    for line in lines:
        document.add_paragraph(line)


# -- the document ------------------------------------------------------------------------------

def annual_report_docx(results: pd.DataFrame, year: int, lang: str = "vi", bands: BandScheme | str | None = None,
                       *, ds: Dataset) -> bytes:
    """The annual report of ``year`` (module docstring) as the bytes of a .docx document.

    ``results`` are :func:`cchc_dash.compute`'s on ``ds`` (the data the report names, and where its
    not-assessed units, methodology and survey answers come from). ``bands`` (a scheme or its text)
    bands every group and year as ``compute(ds, bands)`` does; otherwise each (year, group) keeps its
    stored scheme. A year without results, or results of another shape, raise :class:`ValidationError`.
    """
    year = _checked(results, year)
    chosen = BandScheme.coerce(bands)
    if chosen is not None:
        results = reclassify(results, chosen)
    ranked = results[results["index"].notna()]
    order = ds.groups + [g for g in dict.fromkeys(results["group"]) if g not in ds.groups]
    groups = standings.groups_in(ranked, year, order)
    schemes = {g: chosen if chosen is not None else scheme_for(ds, year, g) for g in groups}
    surveyed = _surveyed(ds, results, year)

    document = a4_document()
    _proofing_language(document, lang)
    _page_numbers(document, lang)
    title = t("report_title", lang, year=year)
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(_source(ds, lang))
    if ds.synthetic:
        document.add_paragraph().add_run(f"⚠ {t('simulated', lang)}").bold = True
    for i, g in enumerate(groups):
        heading = document.add_heading(term(g, lang), level=1)
        heading.paragraph_format.page_break_before = i > 0
        document.add_paragraph(highlights(results, year, g, lang=lang, scheme=schemes[g]))
        _ranking(document, results, ds, year, g, schemes[g], lang)
        has_previous = standings.kpis(results, year, g).has_previous
        _counts(document, ranked, year, g, schemes[g], has_previous, lang)
        if has_previous:
            _movers(document, results, year, g, lang)
        mine = surveyed[surveyed["group"] == g]
        if len(mine):
            _sipas_table(document, mine, year, lang)
    _methods(document, results, ds, year, groups, schemes, chosen is not None, len(surveyed) > 0,
             bool(surveyed["break"].any()), lang)
    return docx_bytes(document)


def annual_report(results: pd.DataFrame, year: int, path: str | Path, lang: str = "vi",
                  bands: BandScheme | str | None = None, force: bool = False, *, ds: Dataset) -> Path:
    """:func:`annual_report_docx` written to ``path`` atomically; returns the path.

    An existing file is kept unless ``force`` (checked before the document is built, so a refusal is
    immediate); a missing folder, a folder given as the file or a read-only file are refused too, each
    as a :class:`ValidationError` naming the path, in Vietnamese and English (:func:`write_atomic`).
    """
    return write_atomic(path, lambda f: f.write(annual_report_docx(results, year, lang, bands, ds=ds)),
                        overwrite=force)
