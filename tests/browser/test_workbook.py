"""Workbooks in a real browser: ``serve --data tinh.xlsx`` shows the workbook, and a viewer can
upload another one to dashboard 1 (good: the page redraws with it; bad: its problems, located,
and the page keeps what it showed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cchc_dash as cd

from .conftest import Server, serve
from .helpers import assert_no_code, open_dashboard, wait_changed, wait_chart


def _template(path: Path, renames: dict[str, str]) -> Path:
    """The template with units renamed (sheet Đơn vị, column B)."""
    cd.write_template(path)
    wb = load_workbook(path)
    for row in wb["Đơn vị"].iter_rows(min_row=3):
        row[1].value = renames.get(row[0].value, row[1].value)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def workbook_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = tmp_path_factory.mktemp("workbook")
    book = _template(folder / "tinh_mau.xlsx", {"S01": "Sở Tư pháp (từ tệp phục vụ)"})
    yield from ((server, book) for server in serve(folder / "voila.log", "--data", str(book)))


def _upload(page, path: Path) -> None:
    """Pick ``path`` in the upload button (ipywidgets' FileUpload keeps its file input off the page)."""
    with page.expect_file_chooser() as chooser:
        page.click(".cchc-workbook")
    chooser.value.set_files(str(path))


def test_served_workbook_then_uploads(workbook_server, page, tmp_path):
    server, book = workbook_server
    open_dashboard(page, server.url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    assert "Sở Tư pháp (từ tệp phục vụ)" in page.inner_text(".cchc-ranking")
    assert str(book) in page.inner_text(".cchc-source") and page.query_selector(".cchc-badge") is None

    good = _template(tmp_path / "tinh_tai_len.xlsx", {"S02": "Sở Nội vụ (tải lên)"})
    before = page.inner_html(".cchc-ranking")
    _upload(page, good)
    ranking = wait_changed(page, ".cchc-ranking", before)
    assert "Sở Nội vụ (tải lên)" in ranking and "Sở Tư pháp (từ tệp phục vụ)" not in ranking
    assert "tinh_tai_len.xlsx" in page.inner_text(".cchc-source")

    bad = tmp_path / "hong.xlsx"
    wb = load_workbook(good)
    wb["Điểm"]["E4"] = "hai"
    wb.save(bad)
    _upload(page, bad)
    page.wait_for_selector(".cchc-workbook-errors", timeout=60_000)
    errors = page.inner_text(".cchc-workbook-errors")
    assert "hong.xlsx" in errors and "trang tính 'Điểm', dòng 4, cột 'Điểm thẩm định (E)'" in errors
    assert "'hai' không phải là số" in errors
    assert "Sở Nội vụ (tải lên)" in page.inner_text(".cchc-ranking")  # the page keeps what it showed
    assert_no_code(page)
