"""``cchc-dash serve --data FOLDER`` in a real browser: the pages show that folder's data and say so."""

from __future__ import annotations

from .conftest import RENAMED_FROM, RENAMED_TO
from .helpers import assert_no_code, hand_slice, open_dashboard, table_cells, unit_labels, vn, wait_chart


def test_dashboards_show_the_served_folder(custom_data_server, page):
    server, folder = custom_data_server
    open_dashboard(page, server.url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    hand = hand_slice(2025, folder=folder)  # plain pandas on the served folder's CSV files
    assert RENAMED_TO in set(hand["unit_name"])
    assert [[c[1], c[3], c[4], c[5]] for c in table_cells(page, ".cchc-ranking")] == [
        [r.unit_name, vn(r.index), f"{r.rank}/{r.rank_of}", r.band] for r in hand.itertuples()]
    source = page.inner_text(".cchc-source")
    assert "tinh_thu" in source and str(folder) in source
    assert page.query_selector(".cchc-badge") is None  # a folder given by the user is not marked simulated

    # The navigation's relative link leads to the comparison page, which shows the same data.
    page.click(".cchc-nav a:has-text('So sánh qua các năm')")
    page.wait_for_url("**/voila/render/02_so_sanh.ipynb", timeout=60_000)
    page.wait_for_selector(".cchc-app", state="visible", timeout=90_000)
    assert str(folder) in page.inner_text(".cchc-source")
    assert page.inner_text(".cchc-nav [aria-current=page]") == "So sánh qua các năm"
    page.fill(".cchc-search input", "tu phap")
    page.wait_for_function("() => document.querySelectorAll('.cchc-units .cchc-unit-box').length < 8")
    options = unit_labels(page)
    assert RENAMED_TO in options and RENAMED_FROM not in options
    assert_no_code(page)
