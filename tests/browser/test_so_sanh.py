"""Dashboard 2 (So sánh qua các năm) in a real browser: pick units and years, charts change."""

from __future__ import annotations

from .helpers import assert_no_code, open_dashboard, option_texts, select_labels, wait_changed, wait_chart

NOTEBOOK = "02_so_sanh.ipynb"


def test_search_pick_units_and_years(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    trend_before = wait_chart(page, ".cchc-trend")
    bump_before = wait_chart(page, ".cchc-bump")
    table_before = page.inner_text(".cchc-changes")

    # The search ignores accents and case.
    page.fill(".cchc-search input", "so tu phap")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.cchc-units option')).length < 8")
    assert "Sở Tư pháp" in option_texts(page, ".cchc-units select")
    page.fill(".cchc-search input", "")
    page.wait_for_function("() => document.querySelectorAll('.cchc-units option').length > 10")

    select_labels(page, ".cchc-units select", ["Sở Tư pháp", "Sở Y tế"])
    table = wait_changed(page, ".cchc-changes", table_before, inner=False)
    assert "Sở Tư pháp" in table and "Sở Y tế" in table and "Ban Dân tộc" not in table
    trend_two = wait_changed(page, ".cchc-trend svg.marks", trend_before)
    assert wait_changed(page, ".cchc-bump svg.marks", bump_before) != bump_before

    # Narrow the year range with the keyboard on the slider's lower handle: 2019 → 2021.
    page.focus(".cchc-years .noUi-handle-lower")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.cchc-changes').innerText.includes('2021')")
    table_range = page.inner_text(".cchc-changes")
    assert "2019" not in table_range
    assert wait_changed(page, ".cchc-trend svg.marks", trend_two) != trend_two
    assert_no_code(page)
    assert not page.errors, page.errors


def test_breaks_and_predecessors_are_marked(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    svg = wait_chart(page, ".cchc-trend")
    assert "Thay đổi phương pháp" in svg  # the 2022 methodology break is drawn
    notes = page.inner_text(".cchc-notes")
    assert "2022" in notes and "tiền thân" in notes  # break note and predecessor (merger) note
    assert "Không có số liệu công bố" in notes  # reference gaps are said, not interpolated
