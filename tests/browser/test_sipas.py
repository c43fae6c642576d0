"""Dashboard 5 (SIPAS) in a real browser: pick a unit, its displayed index is the one
``cd.sipas_index`` gives and the one computed here with plain pandas from the bundled CSV.

Screenshots at 1440 px and 390 px wide, in Vietnamese and English, go to out/ (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import cchc_dash as cd

from .helpers import assert_no_code, open_dashboard, select_labels, wait_chart

NOTEBOOK = "05_sipas.ipynb"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
OUT = Path(__file__).resolve().parents[2] / "out"
YEAR, UNIT, NAME = 2024, "S03", "Sở Tư pháp"
CHARTS = (".cchc-sipas-intervals", ".cchc-sipas-heat", ".cchc-likert", ".cchc-par-sipas", ".cchc-sipas-trend")


def hand_index() -> float:
    """Per question: answers 4–5 over non-blank answers × 100; mean per component; mean of components."""
    answers = pd.read_csv(SAMPLE / "sipas_answers.csv")
    questions = pd.read_csv(SAMPLE / "sipas_questions.csv")
    mine = answers[(answers["year"] == YEAR) & (answers["unit_id"] == UNIT)].dropna(subset=["answer"])
    rates = mine.groupby("question_id")["answer"].apply(lambda a: (a >= 4).sum() / len(a) * 100)
    comp = questions[questions["year"] == YEAR].set_index("question_id")["component"]
    return float(rates.groupby(comp.reindex(rates.index)).mean().mean())


def screenshots(page, name: str) -> None:
    """The page at 1440 px, then at 390 px (in 1,300-px slices, each readable on its own)."""
    page.set_viewport_size({"width": 1440, "height": 2600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}_1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 5200})
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}_390.png"), full_page=True)
    for i in range(4):
        page.screenshot(path=str(OUT / f"{name}_390_part{i + 1}.png"), clip={"x": 0, "y": 1300 * i, "width": 390, "height": 1300})


def shown_rate(page) -> str:
    return page.inner_text(".cchc-sipas-unit [data-field=rate]").strip()


def test_pick_a_unit_and_its_rate_is_sipas_index(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    for chart in CHARTS:
        wait_chart(page, chart)
    page.select_option(".cchc-year select", label=str(YEAR))
    page.wait_for_function("() => document.querySelector('.cchc-sipas-intervals').innerText.includes('2024')"
                           " || document.querySelector('.cchc-sipas-intervals svg').outerHTML.includes('2024')")
    select_labels(page, ".cchc-unit select", [NAME])
    page.wait_for_function("n => document.querySelector('.cchc-sipas-unit').innerText.includes(n)", arg=NAME)

    sip = cd.sipas_index(cd.load_sample())
    expected = sip[(sip["year"] == YEAR) & (sip["unit_id"] == UNIT) & (sip["level"] == "index")]["rate"].iloc[0]
    assert shown_rate(page) == f"{expected:.2f}".replace(".", ",")
    assert shown_rate(page) == f"{hand_index():.2f}".replace(".", ",")
    text = page.inner_text(".cchc-app")
    assert "Dữ liệu mô phỏng" in text and "giả định có thể cấu hình" in text and "2022" in text
    assert_no_code(page)
    assert not page.errors, page.errors

    OUT.mkdir(exist_ok=True)
    screenshots(page, "sipas_vi")

    page.click(".cchc-lang button:has-text('English')")
    page.wait_for_function("() => document.querySelector('.cchc-notes').innerText.includes('configurable assumption')")
    assert "SIPAS index" in page.inner_text(".cchc-sipas-unit") and shown_rate(page) == f"{expected:.2f}"
    screenshots(page, "sipas_en")
    assert_no_code(page)
    assert not page.errors, page.errors
