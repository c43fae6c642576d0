"""Dashboard 1 (Tổng quan) in a real browser: Voilà served for real, Chromium via Playwright."""

from __future__ import annotations

from pathlib import Path

from .helpers import assert_no_code, open_dashboard, wait_changed, wait_chart

NOTEBOOK = "01_tong_quan.ipynb"


def test_overview_renders_and_follows_the_year(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    table_before = page.inner_text(".cchc-ranking table")
    chart_before = wait_chart(page, ".cchc-chart")
    assert "Xếp hạng" in table_before and "1/17" in table_before  # 2025: 17 departments after the mergers
    assert "Dữ liệu mô phỏng" in page.inner_text(".cchc-app")
    assert "dữ liệu mẫu đi kèm" in page.inner_text(".cchc-source")  # which data: the bundled demo
    assert "," in page.inner_text(".cchc-kpis-box")  # decimal commas in Vietnamese

    page.select_option(".cchc-year select", label="2020")
    table_after = wait_changed(page, ".cchc-ranking table", table_before, inner=False)
    assert table_after != table_before and "1/20" in table_after  # 2020: 20 departments
    page.wait_for_function(
        "([sel, before]) => { const s = document.querySelector(sel + ' svg.marks'); return s && s.innerHTML !== before; }",
        arg=[".cchc-chart", chart_before])
    assert wait_chart(page, ".cchc-chart") != chart_before
    assert_no_code(page)
    assert not page.errors, page.errors


def test_group_and_language_switch(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    wait_chart(page, ".cchc-chart")
    before = page.inner_text(".cchc-ranking")
    page.select_option(".cchc-year select", label="2024")
    before = wait_changed(page, ".cchc-ranking", before, inner=False)
    page.click(".cchc-group button:has-text('UBND cấp huyện')")
    districts = wait_changed(page, ".cchc-ranking", before, inner=False)
    assert "UBND huyện" in districts and "/10" in districts

    page.click(".cchc-lang button:has-text('English')")
    page.wait_for_function("() => document.querySelector('.cchc-ranking').innerText.includes('Band')")
    assert "PAR INDEX overview" in page.inner_text(".cchc-app")
    assert_no_code(page)


SHOTS = Path(__file__).resolve().parents[2] / "out"

FIRST_ROW_RIGHT = """() => {
  const cells = document.querySelectorAll('.cchc-ranking table tbody tr:first-child td');
  const rank = Array.from(cells).find(c => c.dataset.col === 'rank');
  const band = Array.from(cells).find(c => c.dataset.col === 'band');
  return [rank.getBoundingClientRect().right, band.getBoundingClientRect().right, rank.innerText, band.innerText];
}"""


def test_phone_shows_rank_and_band_of_the_first_unit(voila_url, phone_page):
    """390 px: the first unit's rank and band are on screen without scrolling sideways."""
    page = phone_page
    open_dashboard(page, voila_url, NOTEBOOK)
    wait_chart(page, ".cchc-chart")
    page.evaluate("() => window.scrollTo(0, 0)")
    rank_right, band_right, rank, band = page.evaluate(FIRST_ROW_RIGHT)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "d1_390_vi.png"), full_page=True)
    page.locator(".cchc-ranking").screenshot(path=str(SHOTS / "d1_390_vi_ranking.png"))
    assert rank == "1/17" and band.strip()
    assert rank_right <= 390 and band_right <= 390, (rank_right, band_right)
    assert page.evaluate("() => window.scrollX") == 0
    page.click(".cchc-lang button:has-text('English')")
    page.wait_for_function("() => document.querySelector('.cchc-ranking').innerText.includes('Rank')")
    rank_right, band_right, _, band = page.evaluate(FIRST_ROW_RIGHT)
    page.screenshot(path=str(SHOTS / "d1_390_en.png"), full_page=True)
    page.locator(".cchc-ranking").screenshot(path=str(SHOTS / "d1_390_en_ranking.png"))
    assert rank_right <= 390 and band_right <= 390, (rank_right, band_right)
    assert not page.errors, page.errors
