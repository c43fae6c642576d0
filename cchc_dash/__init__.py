"""cchc_dash — Chỉ số cải cách hành chính (PAR INDEX) and SIPAS: scoring, analysis, dashboards.

The public API (README.md, "For analysts")::

    import cchc_dash as cd
    ds = cd.load()                              # $CCHC_DATA or the bundled demo; cd.load("folder/" or "file.xlsx")
    ds = cd.read_workbook("tinh.xlsx")          # the Excel template (cd.write_template), located errors
    cd.write_report(cd.compute(ds), "bao_cao.xlsx")   # the ranking annex
    res = cd.compute(ds)
    engine = cd.prepare(ds)                         # scoring prepared once …
    ev = engine.update(engine.evaluate(), rows, scores)  # … evaluated many times (what-if)
    res = cd.rank_totals(frame, cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"))
    sip = cd.sipas_index(ds)                    # SIPAS: question, component, index rates with Wilson intervals
"""

from .analyses.distribution import (
    band_counts,
    band_migration,
    compare_schemes,
    index_histogram,
    reclassify,
    scheme_shift,
)
from .analyses.profile import Profile, profile
from .analyses.published_check import check_published
from .analyses.sipas import index_ranks, likert_shares, par_vs_sipas, sipas_index, versus_group
from .analyses.standings import group_ranking
from .analyses.trends import area_change, area_profile, trends
from .analyses.whatif import MaxChange, Scenario, ScoreChange, Simulation, gap, headroom, robustness, simulate, suggest
from .core.bands import PRESETS, BandScheme
from .core.dataset import Dataset
from .core.errors import Problem, ValidationError
from .core.scoring import Engine, Evaluation, compute, prepare, rank_totals, scheme_for
from .core.years import YearRange
from .io.annex import write_report
from .io.annual_report import annual_report, annual_report_docx
from .io.csv_folder import load_reference, load_sample, read_csv_folder
from .io.excel import read_workbook, read_workbook_folder, write_template, write_workbook
from .io.loader import load
from .io.publish import publish
from .io.published import read_published
from .io.scenario_files import load_scenario, save_scenario
from .io.wide_tables import read_wide
from .render.highlights import highlights, unit_paragraph
from .render.labels import DATA_TERMS
from .render.published_report import describe_disagreements

__all__ = [
    "BandScheme",
    "PRESETS",
    "Dataset",
    "Problem",
    "ValidationError",
    "compute",
    "rank_totals",
    "prepare",
    "Engine",
    "Evaluation",
    "load",
    "load_sample",
    "read_workbook",
    "read_workbook_folder",
    "write_template",
    "write_workbook",
    "write_report",
    "load_reference",
    "read_csv_folder",
    "read_wide",
    "read_published",
    "check_published",
    "describe_disagreements",
    "annual_report",
    "annual_report_docx",
    "publish",
    "trends",
    "area_profile",
    "area_change",
    "band_counts",
    "band_migration",
    "compare_schemes",
    "index_histogram",
    "reclassify",
    "scheme_shift",
    "YearRange",
    "Scenario",
    "ScoreChange",
    "MaxChange",
    "Simulation",
    "simulate",
    "gap",
    "headroom",
    "suggest",
    "robustness",
    "save_scenario",
    "load_scenario",
    "profile",
    "Profile",
    "highlights",
    "unit_paragraph",
    "scheme_for",
    "group_ranking",
    "DATA_TERMS",
    "charts",
    "sipas_index",
    "versus_group",
    "index_ranks",
    "par_vs_sipas",
    "likert_shares",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``cd.charts`` (the chart specifications) is imported on first use: Altair is not needed to score."""
    if name == "charts":
        from .render import charts

        return charts
    raise AttributeError(f"module 'cchc_dash' has no attribute {name!r}")
