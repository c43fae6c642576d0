"""Dashboard 2 (So sánh qua các năm) in a real browser: pick units and years; the table of
changes and the points of the trend chart are those worked out with plain pandas from the
bundled CSV files (tests/browser/helpers.py)."""

from __future__ import annotations

from .helpers import (
    assert_no_code,
    click_unit,
    hand_slice,
    mark_fields,
    open_dashboard,
    settled,
    shown_number,
    table_cells,
    unit_labels,
    vn,
    wait_changed,
    wait_chart,
)

PICKED = ("Sở Tư pháp", "Sở Y tế")


def expected_changes(first: int, last: int) -> dict[str, list[str]]:
    """Row of each picked unit in the table of changes from ``first`` to ``last``, by hand: the
    rank change in places ("▲ 3 bậc" up, "▼ 2 bậc" down, "giữ nguyên"), and the 2022 methodology
    change, which lies between 2019 or 2021 and 2025 ("có (1 lần)")."""
    a, b = hand_slice(first).set_index("unit_name"), hand_slice(last).set_index("unit_name")

    def places(n: str) -> str:
        up = int(a.loc[n, "rank"]) - int(b.loc[n, "rank"])
        return "giữ nguyên" if up == 0 else f"▲ {up} bậc" if up > 0 else f"▼ {-up} bậc"
    return {
        n: [
            n,
            str(first),
            vn(a.loc[n, "index"]),
            f"{a.loc[n, 'rank']}/{a.loc[n, 'rank_of']}",
            a.loc[n, "band"],
            str(last),
            vn(b.loc[n, "index"]),
            f"{b.loc[n, 'rank']}/{b.loc[n, 'rank_of']}",
            b.loc[n, "band"],
            f"{b.loc[n, 'index'] - a.loc[n, 'index']:+.2f}".replace(".", ","),
            places(n),
            "có (1 lần)",
        ]
        for n in PICKED
    }


def expected_points(first: int, last: int) -> list[tuple[str, str, float, str]]:
    """(unit, year, index, band) of every point the trend chart must draw for the picked units."""
    return sorted(
        (r.unit_name, str(y), round(r.index, 2), r.band)
        for y in range(first, last + 1)
        for r in hand_slice(y).itertuples()
        if r.unit_name in PICKED
    )


def drawn_points(page) -> list[tuple[str, str, float, str]]:
    """(unit, year, index, band) written on the trend chart's marks (the line's mark repeats its
    first point, hence the set)."""
    return sorted(
        {
            (m["Đơn vị"], m["Năm"], shown_number(m["Chỉ số (%)"]), m["Xếp loại"])
            for m in mark_fields(page, ".cchc-trend")
            if {"Đơn vị", "Năm", "Chỉ số (%)", "Xếp loại"} <= set(m)
        }
    )


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
    assert {r[0]: r for r in table_cells(page, ".cchc-changes")} == expected_changes(2019, 2025)
    click_unit(page, "Sở Y tế")  # a second click removes it
    page.wait_for_function("() => !document.querySelector('.cchc-changes').innerText.includes('Sở Y tế')")
    click_unit(page, "Sở Y tế")
    page.wait_for_function("() => document.querySelector('.cchc-changes').innerText.includes('Sở Y tế')")
    wait_changed(page, ".cchc-trend svg.marks", trend_before)
    assert settled(page, lambda: drawn_points(page), expected_points(2019, 2025)) == expected_points(2019, 2025)
    wait_changed(page, ".cchc-bump svg.marks", bump_before)

    # Narrow the year range with the keyboard on the slider's lower handle: 2019 → 2021.
    page.focus(".cchc-years .noUi-handle-lower")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.cchc-changes').innerText.includes('2021')")
    assert {r[0]: r for r in table_cells(page, ".cchc-changes")} == expected_changes(2021, 2025)
    assert settled(page, lambda: drawn_points(page), expected_points(2021, 2025)) == expected_points(2021, 2025)
    assert_no_code(page)


def test_search_without_match_says_so(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    wait_chart(page, ".cchc-trend")
    page.fill(".cchc-search input", "khong co don vi nay")
    page.wait_for_function(
        "() => document.querySelector('.cchc-units').innerText.includes('Không tìm thấy đơn vị nào')"
    )
    page.fill(".cchc-search input", "so y")
    page.wait_for_function("() => !document.querySelector('.cchc-units').innerText.includes('Không tìm thấy')")
    assert "Sở Y tế" in unit_labels(page)
    page.fill(".cchc-search input", "")
    page.wait_for_function(f"() => {UNITS} > 10")


def test_breaks_and_predecessors_are_marked(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    svg = wait_chart(page, ".cchc-trend")
    assert "Thay đổi phương pháp" in svg  # the 2022 methodology break is drawn
    notes = page.inner_text(".cchc-notes")
    assert "2022" in notes and "tiền thân" in notes  # break note and predecessor (merger) note
    assert "Không có số liệu công bố" in notes  # reference gaps are said, not interpolated
