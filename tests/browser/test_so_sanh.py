"""Dashboard 2 (So sánh qua các năm) in a real browser: pick units and years, charts change."""

from __future__ import annotations

from .helpers import assert_no_code, click_unit, open_dashboard, unit_labels, wait_changed, wait_chart

UNITS = "document.querySelectorAll('.cchc-units .cchc-unit-box').length"
TICKED = "Array.from(document.querySelectorAll('.cchc-units .cchc-unit-box input')).filter(i => i.checked).length"

NOTEBOOK = "02_so_sanh.ipynb"


def test_search_pick_units_and_years(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    trend_before = wait_chart(page, ".cchc-trend")
    bump_before = wait_chart(page, ".cchc-bump")

    # The search ignores accents and case.
    page.fill(".cchc-search input", "so tu phap")
    page.wait_for_function(f"() => {UNITS} < 8")
    assert "Sở Tư pháp" in unit_labels(page)
    page.fill(".cchc-search input", "")
    page.wait_for_function(f"() => {UNITS} > 10")

    # Plain clicks: untick the units picked at start, then tick two.
    for _ in range(page.evaluate(f"() => {TICKED}")):
        ticked = page.locator(".cchc-units .cchc-unit-box:has(input:checked) .widget-label-basic").first
        ticked.click()
    page.wait_for_function(f"() => {TICKED} === 0")
    page.wait_for_function("() => document.querySelector('.cchc-notes').innerText.includes('Chọn ít nhất')")
    click_unit(page, "Sở Tư pháp")
    click_unit(page, "Sở Y tế")
    page.wait_for_function("() => document.querySelector('.cchc-changes').innerText.includes('Sở Y tế')")
    table = page.inner_text(".cchc-changes")
    assert "Sở Tư pháp" in table and "Sở Y tế" in table and "Ban Dân tộc" not in table
    click_unit(page, "Sở Y tế")  # a second click removes it
    page.wait_for_function("() => !document.querySelector('.cchc-changes').innerText.includes('Sở Y tế')")
    click_unit(page, "Sở Y tế")
    page.wait_for_function("() => document.querySelector('.cchc-changes').innerText.includes('Sở Y tế')")
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


def test_search_without_match_says_so(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    wait_chart(page, ".cchc-trend")
    page.fill(".cchc-search input", "khong co don vi nay")
    page.wait_for_function("() => document.querySelector('.cchc-units').innerText.includes('Không tìm thấy đơn vị nào')")
    page.fill(".cchc-search input", "so y")
    page.wait_for_function("() => !document.querySelector('.cchc-units').innerText.includes('Không tìm thấy')")
    assert "Sở Y tế" in unit_labels(page)
    page.fill(".cchc-search input", "")
    page.wait_for_function(f"() => {UNITS} > 10")
    assert not page.errors, page.errors
    assert not page.console_errors, page.console_errors  # narrowing the list logs nothing


def test_breaks_and_predecessors_are_marked(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    svg = wait_chart(page, ".cchc-trend")
    assert "Thay đổi phương pháp" in svg  # the 2022 methodology break is drawn
    notes = page.inner_text(".cchc-notes")
    assert "2022" in notes and "tiền thân" in notes  # break note and predecessor (merger) note
    assert "Không có số liệu công bố" in notes  # reference gaps are said, not interpolated
