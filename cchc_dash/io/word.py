"""A unit profile as a Word document: the paragraph, the headline figures, the charts as
images drawn offline (vl-convert, no browser, no network) and the profile's lists.

:func:`profile_docx` returns the document's bytes (a dashboard offers them for download);
:func:`write_profile_docx` writes them to a file atomically.
"""

from __future__ import annotations

import io
from pathlib import Path

import altair as alt
import docx
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from ..analyses.profile import Profile
from ..render.charts import for_display
from ..render.html_tables import PROFILE_LISTS
from ..render.labels import fmt_num, t
from .atomic import write_atomic


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """A chart drawn to PNG offline (vl-convert's bundled Vega; imported only when needed: it is large)."""
    import vl_convert

    return vl_convert.vegalite_to_png(for_display(chart), scale=scale)


def _list(document: docx.document.Document, frame: pd.DataFrame, kind: str, title: str, lang: str) -> None:
    document.add_heading(title, level=2)
    if frame.empty:
        document.add_paragraph(t("profile_none", lang))
        return
    cols = PROFILE_LISTS[kind]
    table = document.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, (col, key, _) in zip(table.rows[0].cells, cols):
        cell.text = t(key, lang) if col != "name_vi" else ""
    for _, r in frame.iterrows():
        cells = table.add_row().cells
        for cell, (col, _, d) in zip(cells, cols):
            cell.text = fmt_num(r[col], d, lang) if d is not None else str(r[col])


def profile_docx(p: Profile, paragraph: str, charts: list[alt.TopLevelMixin], source: str, lang: str = "vi") -> bytes:
    """The profile as a .docx document (A4 portrait): title, paragraph, figures, charts, lists, source."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"{t('app_profile', lang)}: {p.unit_name} — {p.year}", level=1)
    document.add_paragraph(paragraph)
    figures = document.add_table(rows=2, cols=4)
    figures.style = "Table Grid"
    labels = (t("index", lang), t("rank", lang), t("band", lang), t("group_mean", lang))
    values = (fmt_num(p.index, 2, lang), "–" if p.rank is None else f"{p.rank}/{p.rank_of}",
              p.band if isinstance(p.band, str) else t("unbanded", lang), fmt_num(p.group_mean, 2, lang))
    for cell, text in zip(figures.rows[0].cells, labels):
        cell.text = text
    for cell, text in zip(figures.rows[1].cells, values):
        cell.text = text
    for chart in charts:
        document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    _list(document, p.weaknesses, "weak", t("profile_weak", lang), lang)
    _list(document, p.cuts, "cuts", t("profile_cuts", lang), lang)
    _list(document, p.headroom, "room", t("profile_room", lang), lang)
    document.add_paragraph(f"{t('data_source', lang)}: {source}").runs[0].font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_profile_docx(path: str | Path, p: Profile, paragraph: str, charts: list[alt.TopLevelMixin], source: str,
                       lang: str = "vi", overwrite: bool = False) -> Path:
    """:func:`profile_docx` written to ``path`` atomically (an existing file is kept unless ``overwrite``)."""
    data = profile_docx(p, paragraph, charts, source, lang)
    return write_atomic(path, lambda f: f.write(data), overwrite=overwrite)
