"""Dashboard 5 (SIPAS) in a real browser: pick a unit; its displayed index and every unit's
rate drawn in the intervals chart are the ones computed here with plain pandas from the bundled
CSV files (tests/browser/helpers.py hand_sipas), never by the package.

Screenshots at 1440 px and 390 px wide, in Vietnamese and English, go to out/ (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .helpers import (
    SAMPLE,
    assert_no_code,
    hand_sipas,
    mark_fields,
    open_dashboard,
    press_language,
    select_labels,
    settled,
    shown_number,
    vn,
    wait_chart,
)

NOTEBOOK = "05_sipas.ipynb"
OUT = Path(__file__).resolve().parents[2] / "out"
YEAR, UNIT, NAME = 2024, "S03", "Sở Tư pháp"
CHARTS = (".cchc-sipas-intervals", ".cchc-sipas-heat", ".cchc-likert", ".cchc-par-sipas", ".cchc-sipas-trend")


def screenshots(page, name: str) -> None:
    """The page at 1440 px, then at 390 px (in 1,300-px slices, each readable on its own)."""
    page.set_viewport_size({"width": 1440, "height": 2600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}_1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 5200})
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}_390.png"), full_page=True)
    for i in range(4):
        page.screenshot(
            path=str(OUT / f"{name}_390_part{i + 1}.png"), clip={"x": 0, "y": 1300 * i, "width": 390, "height": 1300}
        )


def intervals_drawn(page) -> dict[str, float]:
    """Unit → the rate written on its dot in the intervals chart (the aria-label of each point
    mark; its field "rate" is the dot's position)."""
    return {m["Đơn vị"]: shown_number(m["rate"]) for m in mark_fields(page, ".cchc-sipas-intervals", "point")}


def shown_rate(page) -> str:
    return page.inner_text(".cchc-sipas-unit [data-field=rate]").strip()


def test_pick_a_unit_and_its_rate_is_sipas_index(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    for chart in CHARTS:
        wait_chart(page, chart)
    page.select_option(".cchc-year select", label=str(YEAR))
    page.wait_for_function(
        "() => document.querySelector('.cchc-sipas-intervals').innerText.includes('2024')"
        " || document.querySelector('.cchc-sipas-intervals svg').outerHTML.includes('2024')"
    )
    select_labels(page, ".cchc-unit select", [NAME])
    page.wait_for_function("n => document.querySelector('.cchc-sipas-unit').innerText.includes(n)", arg=NAME)

    rates = hand_sipas(YEAR)
    expected = rates[UNIT]
    assert shown_rate(page) == vn(expected)
    units = pd.read_csv(SAMPLE / "units.csv")
    departments = units.loc[units["group"] == "Sở, ban, ngành", ["unit_id", "unit_name"]]
    drawn = {
        n: round(rates[u], 2) for u, n in zip(departments["unit_id"], departments["unit_name"]) if u in rates.index
    }
    assert settled(page, lambda: intervals_drawn(page), drawn) == drawn
    text = page.inner_text(".cchc-app")
    assert "Dữ liệu mô phỏng" in text and "giả định có thể cấu hình" in text and "2022" in text
    assert_no_code(page)

    OUT.mkdir(exist_ok=True)
    screenshots(page, "sipas_vi")

    press_language(page, "English")  # the screenshots left the page at a phone's width: the controls are folded
    page.wait_for_function("() => document.querySelector('.cchc-notes').innerText.includes('configurable assumption')")
    assert "SIPAS index" in page.inner_text(".cchc-sipas-unit") and shown_rate(page) == f"{expected:.2f}"
    screenshots(page, "sipas_en")
    assert_no_code(page)
