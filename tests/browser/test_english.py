"""English mode of every dashboard in a real browser: after the language toggle, no group name,
band label, area, SIPAS component, reference series or chart series name is left in Vietnamese,
neither in the page's visible text nor in its charts' SVG text. The units keep their own
(Vietnamese) names, and so do the province's name, the sub-criteria's names and the SIPAS questions'
wordings, which are data without an English form: they are taken out of the text before it is checked.

The Vietnamese terms checked are those of the demo data (its groups, bands, areas, components,
reference series, each with an English form in DATA_TERMS) and the Vietnamese labels that name
chart series and legend entries. Screenshots go to out/english/ (git-ignored).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import cchc_dash as cd
from cchc_dash.analyses.reference import reference_series
from cchc_dash.core.years import YearRange
from cchc_dash.render.labels import DATA_TERMS, t

from .conftest import close, open_page
from .helpers import press_language
from .test_layout import CHARTS_DRAWN, real_errors, screenshot

SHOTS = Path(__file__).resolve().parents[2] / "out" / "english"
DASHBOARDS = ["01_tong_quan", "02_so_sanh", "03_mo_phong", "04_xep_loai", "05_sipas", "06_ho_so_don_vi"]

#: Labels that name a series, a legend entry or a band in charts and tables.
SERIES_LABELS = ["unbanded", "predecessor", "own_years", "group_mean", "sipas_above", "sipas_below", "sipas_same",
                 "likert_1", "likert_2", "likert_3", "likert_4", "likert_5", "scheme_a", "scheme_b", "sipas_national",
                 "method_break", "sipas_break"]

TEXTS = """() => {
  const app = document.querySelector('.cchc-app');
  const svg = Array.from(app.querySelectorAll('svg text')).map(x => x.textContent);
  const options = Array.from(app.querySelectorAll('option')).map(o => o.textContent);
  return {page: app.innerText.split('\\n').concat(options), svg: svg};
}"""


def demo_terms() -> tuple[list[str], list[str]]:
    """(Vietnamese terms that must not be left, data names that may stay as written)."""
    ds = cd.load_sample()
    method = ds.methodology
    areas = method.loc[method["level"] == "area", "name_vi"]
    published, _ = reference_series(ds.reference, YearRange.span(ds.reference["year"]))
    names = set(ds.groups) | set(ds.bands["label"].dropna()) | set(areas) | set(ds.sipas_questions["component"]) \
        | set(published["series"])
    terms = sorted({n for n in names if n in DATA_TERMS} | {t(k, "vi") for k in SERIES_LABELS}, key=len, reverse=True)
    keep = {ds.name, *ds.units["unit_name"], *method.loc[method["level"] != "area", "name_vi"].dropna(),
            *ds.sipas_questions["text"].dropna()}
    return terms, sorted((k for k in keep if isinstance(k, str) and k), key=len, reverse=True)


def leaks(texts: list[str], terms: list[str], keep: list[str]) -> list[str]:
    """The texts holding a Vietnamese term as a whole word, once the data names that stay are removed."""
    found = []
    for text in texts:
        rest = text.replace("\u00a0", " ")
        for name in keep:
            rest = rest.replace(name, " ")
        hits = [term for term in terms if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", rest)]
        if hits:
            found.append(f"{hits}: {text[:120]}")
    return found


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("name", DASHBOARDS)
def test_english_mode_leaves_no_vietnamese_term(voila_url, browser, name, width):
    terms, keep = demo_terms()
    assert {"Sở, ban, ngành", "Tốt", "Khá", "Chưa xếp loại", "Cải cách thể chế"} <= set(terms)  # the check has teeth
    context, page = open_page(browser, width, 900)
    try:
        page.goto(f"{voila_url}/voila/render/{name}.ipynb", wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(".cchc-app", state="visible", timeout=120_000)
        page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
        vi = page.evaluate(TEXTS)
        assert leaks(vi["page"] + vi["svg"], terms, keep), "the Vietnamese page must show some of the terms"
        press_language(page, "English")
        # Redrawing every chart takes a few seconds on a loaded machine: look until nothing is left.
        deadline, left = time.monotonic() + 120, ["not checked"]
        while left and time.monotonic() < deadline:
            page.wait_for_timeout(1500)
            page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
            texts = page.evaluate(TEXTS)
            left = leaks(texts["page"], terms, keep) + [f"svg {x}" for x in leaks(texts["svg"], terms, keep)]
        screenshot(page, SHOTS / f"{name}_{width}_en.png")
        assert left == [], f"{name} in English still shows: {left}"
        assert not real_errors(page.errors), page.errors
        assert not real_errors(page.console_errors), page.console_errors
    finally:
        close(context, page)
