"""Dashboard 4 (Phân bố xếp loại) in a real browser: edit a scheme, the counts follow.

Expected counts are worked out here from the hand-computed indices (plain pandas on the bundled
CSV files, tests/browser/helpers.py) and the band floors written out below.
"""

from __future__ import annotations

import math

from .helpers import (
    assert_no_code,
    hand_slice,
    mark_fields,
    open_dashboard,
    select_labels,
    settled,
    wait_changed,
    wait_chart,
)

NOTEBOOK = "04_xep_loai.ipynb"
GROUP = "Sở, ban, ngành"


def shown_counts(page, scheme: str) -> dict[str, int]:
    """Band → count as displayed in the side-by-side table of scheme A or B."""
    cells = page.query_selector_all(f".cchc-side [data-scheme='{scheme}'] td[data-band]")
    return {c.get_attribute("data-band"): int(c.inner_text()) for c in cells}


#: The schemes the test uses, best band first: (label, floor); the floor band has none.
PRESET_B = [("Tốt", 85), ("Khá", 75), ("Trung bình", 60), ("Yếu", None)]
CUSTOM = [("Nhóm I", 95), ("Nhóm II", 85), ("Nhóm III", None)]
ABC = [("A", 90), ("B", 80), ("C", 70)]  # no floor band: below 70 is "Chưa xếp loại"
STORED_2025 = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", None)]  # data/sample/bands.csv


def expected_counts(bands: list[tuple[str, float | None]], year: int = 2025) -> dict[str, int]:
    """Departments of ``year`` per band by hand: a band holds the indices from its floor up to the
    next band's floor; units below every floor of a scheme without floor band are unbanded."""
    index = hand_slice(year, GROUP)["index"] + 1e-9
    counts, upper = {}, math.inf
    for label, floor in bands:
        low = -math.inf if floor is None else floor
        counts[label] = int(((index >= low) & (index < upper)).sum())
        upper = low
    if (index < upper).sum():
        counts["Chưa xếp loại"] = int((index < upper).sum())
    return counts


def stack_2025(page) -> dict[str, int]:
    """Band → count of the 2025 stacked bar, read from the marks the chart drew."""
    return {m["Xếp loại"]: int(m["Số đơn vị"]) for m in mark_fields(page, ".cchc-stack", "bar") if m["Năm"] == "2025"}


def test_editing_scheme_b_changes_the_counts(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    stack_before = wait_chart(page, ".cchc-stack")
    wait_chart(page, ".cchc-hist")
    wait_chart(page, ".cchc-migration")
    assert shown_counts(page, "band_b") == expected_counts(PRESET_B)
    stored = expected_counts(STORED_2025)
    assert shown_counts(page, "band_a") == stored
    assert stack_2025(page) == {band: n for band, n in stored.items() if n}
    side_before = page.inner_html(".cchc-side")

    custom = "Nhóm I>=95; Nhóm II>=85; Nhóm III"
    page.fill(".cchc-scheme-b input[type=text]", custom)
    page.keyboard.press("Enter")
    wait_changed(page, ".cchc-side", side_before)
    assert shown_counts(page, "band_b") == expected_counts(CUSTOM)
    assert sum(shown_counts(page, "band_b").values()) == 17

    # An invalid scheme is explained and the previous one stays in force.
    before = page.inner_html(".cchc-side")
    page.fill(".cchc-scheme-b input[type=text]", "Tốt>=80; Khá>=85; Yếu")
    page.keyboard.press("Enter")
    page.wait_for_selector(".cchc-scheme-b .cchc-error")
    assert "giảm dần" in page.inner_text(".cchc-scheme-b .cchc-error")
    assert page.inner_html(".cchc-side") == before

    # Scheme A from the configuration to a preset: the stacked bars are redrawn.
    select_labels(page, ".cchc-scheme-a select", ["Nhóm A/B/C toàn quốc (≥90, 80–<90, 70–<80) (đã xác minh)"])
    assert wait_changed(page, ".cchc-stack svg.marks", stack_before) != stack_before
    wait_changed(page, ".cchc-side", before)  # the side-by-side table is redrawn after the charts
    abc = expected_counts(ABC)
    assert shown_counts(page, "band_a") == abc
    expected = {band: n for band, n in abc.items() if n}
    assert settled(page, lambda: stack_2025(page), expected) == expected
    assert_no_code(page)
