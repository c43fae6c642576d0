"""App tests of the overview's "Tải báo cáo năm" button on tests/handmade.py's two_years data.

2023: A 100 (1/3), B 80 (2/3), E 70.5 (3/3; C and D merged); 2022: A 88, B and C tied 2/4 at 80, D 70.
"""

from __future__ import annotations

import base64
import io
import logging
import re

import docx
import pytest

import cchc_dash as cd
from cchc_dash.ui import ranking as ui_ranking

from .handmade import two_years
from .test_annual_report import groups, tables
from .test_ui import find


@pytest.fixture
def app():
    ds = two_years()
    return ui_ranking.build(ds, cd.compute(ds))


def download(app) -> tuple[str, docx.document.Document]:
    """The offered file's name and the document it holds."""
    link = find(app, "cchc-report-link").value
    name = re.search(r'download="([^"]+)"', link).group(1)
    data = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1))
    return name, docx.Document(io.BytesIO(data))


def test_the_button_offers_the_report_of_the_year_shown(app):
    assert find(app, "cchc-year").value == 2023 and find(app, "cchc-report-link").value == ""
    find(app, "cchc-report").click()
    name, document = download(app)
    assert name == "bao_cao_2023.docx" and "Báo cáo năm 2023 đã sẵn sàng" in find(app, "cchc-report-link").value
    assert document.paragraphs[0].text == "Báo cáo kết quả xác định Chỉ số cải cách hành chính năm 2023"
    ranking = tables(groups(document)["Sở, ban, ngành"])[0]
    assert [(row[1], row[5]) for row in ranking[1:]] == [("Đơn vị A", "1/3"), ("Đơn vị B", "2/3"), ("Đơn vị E", "3/3")]

    find(app, "cchc-year").value = 2022
    assert find(app, "cchc-report-link").value == ""  # the 2023 report is not offered beside 2022
    find(app, "cchc-report").click()
    name, document = download(app)
    ranking = tables(groups(document)["Sở, ban, ngành"])[0]
    assert name == "bao_cao_2022.docx" and [row[5] for row in ranking[1:]] == ["1/4", "2/4", "2/4", "4/4"]


def test_the_page_says_it_is_working_while_the_report_is_built(app, monkeypatch):
    seen = []
    build = ui_ranking.annual_report_docx

    def watched(*args, **kwargs):
        button = find(app, "cchc-report")
        seen.append((button.disabled, button.icon, find(app, "cchc-report-link").value))
        return build(*args, **kwargs)

    monkeypatch.setattr(ui_ranking, "annual_report_docx", watched)
    find(app, "cchc-report").click()
    [(disabled, icon, shown)] = seen
    assert disabled and icon == "hourglass-half"
    assert 'role="status"' in shown and "Đang tạo báo cáo năm 2023…" in shown
    button = find(app, "cchc-report")
    assert (button.disabled, button.icon) == (False, "file-word-o")
    assert "download=" in find(app, "cchc-report-link").value


def test_in_english(app):
    find(app, "cchc-lang").value = "en"
    assert find(app, "cchc-report").description == "Download annual report"
    find(app, "cchc-report").click()
    name, document = download(app)
    assert "The 2023 report is ready" in find(app, "cchc-report-link").value
    assert document.paragraphs[0].text == "Report on the administrative reform index (PAR INDEX), 2023"
    assert list(groups(document)) == ["Departments", "Notes on method"]


def test_a_failed_build_says_so_and_frees_the_button(app, monkeypatch, caplog):
    def boom(*_, **__):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(ui_ranking, "annual_report_docx", boom)
    with caplog.at_level(logging.ERROR, logger="cchc_dash.ui"):
        find(app, "cchc-report").click()
    assert "Đã xảy ra lỗi" in find(app, "cchc-status").value
    assert not find(app, "cchc-report").disabled and find(app, "cchc-report-link").value == ""
