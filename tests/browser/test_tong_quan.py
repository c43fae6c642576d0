"""Dashboard 1 (Tổng quan) in a real browser: Voilà served for real, Chromium via Playwright."""

from __future__ import annotations

from pathlib import Path

from .helpers import (
    SO,
    assert_no_code,
    hand_slice,
    mark_fields,
    open_dashboard,
    press_language,
    settled,
    shown_number,
    table_cells,
    vn,
    wait_changed,
    wait_chart,
)

NOTEBOOK = "01_tong_quan.ipynb"
HUYEN = "UBND cấp huyện"


def test_overview_renders_and_follows_the_year(voila_url, page):
    """2025 then 2020: every ranking cell, the mean of the KPI cards and every dot drawn are the
    ones worked out with plain pandas from the bundled CSV files (tests/browser/helpers.py)."""
    open_dashboard(page, voila_url, NOTEBOOK)
    table_before = page.inner_text(".cchc-ranking table")
    wait_chart(page, ".cchc-chart")
    assert "Dữ liệu mô phỏng" in page.inner_text(".cchc-app")
    assert "dữ liệu mẫu đi kèm" in page.inner_text(".cchc-source")  # which data: the bundled demo
    assert_ranking_and_chart(page, 2025)  # 17 departments after the mergers

    page.select_option(".cchc-year select", label="2020")
    wait_changed(page, ".cchc-ranking table", table_before, inner=False)
    assert_ranking_and_chart(page, 2020)  # 20 departments
    assert_no_code(page)


def assert_ranking_and_chart(page, year: int, group: str = SO) -> None:
    """The ranking table, the mean index card and the dots of ``year``'s ``group`` are the hand-worked ones."""
    hand = hand_slice(year, group)
    expected = [[str(i), r.unit_name, vn(r.index), f"{r.rank}/{r.rank_of}", r.band]
                for i, r in enumerate(hand.itertuples(), start=1)]
    shown = [[c[0], c[1], c[3], c[4], c[5]] for c in table_cells(page, ".cchc-ranking")]
    assert shown == expected
    kpis = " ".join(page.inner_text(".cchc-kpis-box").split())
    assert f"Chỉ số bình quân {vn(hand['index'].mean())} {len(hand)} đơn vị được xếp hạng" in kpis
    expected_bars = sorted((r.unit_name, round(r.index, 2), f"{r.rank}/{r.rank_of}", r.band) for r in hand.itertuples())

    def bars() -> list[tuple[str, float, str, str]]:
        return sorted((m["Đơn vị"], shown_number(m["Chỉ số (%)"]), m["Xếp hạng"], m["Xếp loại"])
                      for m in mark_fields(page, ".cchc-chart", "circle"))  # a dot per unit

    assert settled(page, bars, expected_bars) == expected_bars


def test_group_and_language_switch(voila_url, page):
    open_dashboard(page, voila_url, NOTEBOOK)
    wait_chart(page, ".cchc-chart")
    before = page.inner_text(".cchc-ranking")
    page.select_option(".cchc-year select", label="2024")
    before = wait_changed(page, ".cchc-ranking", before, inner=False)
    page.click(".cchc-group button:has-text('UBND cấp huyện')")
    wait_changed(page, ".cchc-ranking", before, inner=False)
    assert_ranking_and_chart(page, 2024, HUYEN)  # ten districts

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
    first = hand_slice(2025).iloc[0]
    assert (rank, band.strip()) == (f"1/{first['rank_of']}", first["band"])
    assert rank_right <= 390 and band_right <= 390, (rank_right, band_right)
    assert page.evaluate("() => window.scrollX") == 0
    press_language(page, "English")
    page.wait_for_function("() => document.querySelector('.cchc-ranking').innerText.includes('Rank')")
    rank_right, band_right, _, band = page.evaluate(FIRST_ROW_RIGHT)
    page.screenshot(path=str(SHOTS / "d1_390_en.png"), full_page=True)
    page.locator(".cchc-ranking").screenshot(path=str(SHOTS / "d1_390_en_ranking.png"))
    assert rank_right <= 390 and band_right <= 390, (rank_right, band_right)
