"""A unit profile as a Word document: the paragraph, the headline figures, the charts as
images drawn offline (vl-convert, no browser, no network) and the profile's lists.

:func:`profile_docx` returns the document's bytes (a dashboard offers them for download);
:func:`write_profile_docx` writes them to a file atomically. The page set-up, tables and charts
are shared with the annual report (:mod:`cchc_dash.io.annual_report`), so that every document
the package writes looks alike.
"""

from __future__ import annotations

import io
from pathlib import Path

import altair as alt
import docx
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from docx.table import Table

from ..analyses.profile import Profile
from ..render.charts import for_display
from ..render.html_tables import PROFILE_LISTS
from ..render.labels import fmt_num, t
from .atomic import write_atomic

#: The media type of a Word document, for a download link.
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """A chart drawn to PNG offline (vl-convert's bundled Vega; imported only when needed: it is large)."""
    import vl_convert

    return vl_convert.vegalite_to_png(for_display(chart), scale=scale)


def a4_document() -> docx.document.Document:
    """An empty document on A4 portrait with 2 cm side margins and 11 pt body text."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(11)
    return document


def add_table(document: docx.document.Document, rows: list[list[str]]) -> Table:
    """``rows`` (the first one the header) as a Word table in the named style "Table Grid": a real
    table, which a clerk can restyle in Word, not a picture."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    return table


def docx_bytes(document: docx.document.Document) -> bytes:
    """The document as the bytes of a .docx file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _list(document: docx.document.Document, frame: pd.DataFrame, kind: str, title: str, lang: str) -> None:
    document.add_heading(title, level=2)
    if frame.empty:
        document.add_paragraph(t("profile_none", lang))
        return
    cols = PROFILE_LISTS[kind]
    head = [t(key, lang) for _, key, _ in cols]
    body = [[fmt_num(r[col], d, lang) if d is not None else str(r[col]) for col, _, d in cols]
            for _, r in frame.iterrows()]
    add_table(document, [head, *body])


def profile_docx(p: Profile, paragraph: str, charts: list[alt.TopLevelMixin], source: str, lang: str = "vi") -> bytes:
    """The profile as a .docx document (A4 portrait): title, paragraph, figures, charts, lists, source."""
    document = a4_document()
    document.add_heading(f"{t('app_profile', lang)}: {p.unit_name} — {p.year}", level=1)
    document.add_paragraph(paragraph)
    labels = [t("index", lang), t("rank", lang), t("band", lang), t("group_mean_index", lang)]
    values = [fmt_num(p.index, 2, lang), "–" if p.rank is None else f"{p.rank}/{p.rank_of}",
              p.band if isinstance(p.band, str) else t("unbanded", lang), fmt_num(p.group_mean, 2, lang)]
    add_table(document, [labels, values])
    for chart in charts:
        document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    _list(document, p.weaknesses, "weak", t("profile_weak", lang), lang)
    _list(document, p.cuts, "cuts", t("profile_cuts", lang), lang)
    _list(document, p.headroom, "room", t("profile_room", lang), lang)
    document.add_paragraph(f"{t('data_source', lang)}: {source}").runs[0].font.size = Pt(8)
    return docx_bytes(document)


def write_profile_docx(path: str | Path, p: Profile, paragraph: str, charts: list[alt.TopLevelMixin], source: str,
                       lang: str = "vi", overwrite: bool = False) -> Path:
    """:func:`profile_docx` written to ``path`` atomically (an existing file is kept unless ``overwrite``)."""
    data = profile_docx(p, paragraph, charts, source, lang)
    return write_atomic(path, lambda f: f.write(data), overwrite=overwrite)
