"""Dashboard 4 (Phân bố xếp loại) in a real browser: edit a scheme, the counts follow."""

from __future__ import annotations

import cchc_dash as cd

from cchc_dash.bands import PRESETS

from .helpers import assert_no_code, open_dashboard, select_labels, wait_changed, wait_chart

NOTEBOOK = "04_xep_loai.ipynb"
GROUP = "Sở, ban, ngành"


def shown_counts(page, scheme: str) -> dict[str, int]:
    """Band → count as displayed in the side-by-side table of scheme A or B."""
    cells = page.query_selector_all(f".cchc-side [data-scheme='{scheme}'] td[data-band]")
    return {c.get_attribute("data-band"): int(c.inner_text()) for c in cells}


def expected_counts(scheme: str, year: int = 2025) -> dict[str, int]:
    res = cd.compute(cd.load_sample())
    counts = cd.band_counts(res[res["year"] == year], scheme, group=GROUP)
    return {b if isinstance(b, str) else "Chưa xếp loại": int(n) for b, n in zip(counts["band"], counts["count"])}


def test_editing_scheme_b_changes_the_counts(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    stack_before = wait_chart(page, ".cchc-stack")
    wait_chart(page, ".cchc-hist")
    wait_chart(page, ".cchc-migration")
    preset = "Tốt>=85; Khá>=75; Trung bình>=60; Yếu"
    assert shown_counts(page, "band_b") == expected_counts(preset)
    side_before = page.inner_html(".cchc-side")

    custom = "Nhóm I>=95; Nhóm II>=85; Nhóm III"
    page.fill(".cchc-scheme-b input[type=text]", custom)
    page.keyboard.press("Enter")
    wait_changed(page, ".cchc-side", side_before)
    assert shown_counts(page, "band_b") == expected_counts(custom)
    assert sum(shown_counts(page, "band_b").values()) == 17

    # An invalid scheme is explained and the previous one stays in force.
    before = page.inner_html(".cchc-side")
    page.fill(".cchc-scheme-b input[type=text]", "Tốt>=80; Khá>=85; Yếu")
    page.keyboard.press("Enter")
    page.wait_for_selector(".cchc-scheme-b .cchc-error")
    assert "giảm dần" in page.inner_text(".cchc-scheme-b .cchc-error")
    assert page.inner_html(".cchc-side") == before

    # Scheme A from the configuration to a preset: the stacked bars are redrawn.
    select_labels(page, ".cchc-scheme-a select", [PRESETS["A>=90; B>=80; C>=70"]])
    assert wait_changed(page, ".cchc-stack svg.marks", stack_before) != stack_before
    wait_changed(page, ".cchc-side", before)  # the side-by-side table is redrawn after the charts
    assert shown_counts(page, "band_a") == expected_counts("A>=90; B>=80; C>=70")
    assert_no_code(page)
    assert not page.errors, page.errors
