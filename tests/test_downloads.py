"""downloads.py: a shown table read back from its HTML, written as .xlsx / .csv bytes with
formula-like cells neutralised; and the shell's table widget that offers them."""

from __future__ import annotations

import base64
import io
import re

import openpyxl
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.downloads import csv_bytes, file_stem, neutralise, parse_number, tables_of_html, xlsx_bytes
from cchc_dash.ui import ranking
from cchc_dash.ui.shell import downloads_html, find_widget

TABLE = ('<h3>Bảng</h3><table class="cchc-table"><thead><tr><th>Đơn vị</th><th>Chỉ số</th><th>Xếp hạng</th>\n'
         '<th>Chỉ số</th><th>Thay đổi</th></tr></thead><tbody>\n'
         '<tr><td>Sở Tư pháp<br><small>← Sở Nội vụ</small></td><td class="num">85,53</td><td>10/17</td>'
         '<td>1.234,5</td><td>+1,20</td></tr>\n'
         '<tr><td>=HYPERLINK("http://x","y")</td><td class="num">-3</td><td><span class="cchc-pill">Tốt</span></td>'
         '<td>7</td><td>−0,5</td></tr>\n'
         '</tbody></table>')


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("85,53", "vi", 85.53),
        ("1.234,5", "vi", 1234.5),
        ("+1,20", "vi", 1.2),
        ("−0,5", "vi", -0.5),
        ("2025", "vi", 2025),
        ("85.53", "en", 85.53),
        ("1,234.5", "en", 1234.5),
        ("-3", "en", -3),
        ("1/17", "vi", None),
        ("Tốt", "vi", None),
        ("85.53", "vi", None),
        ("1,2,3", "en", None),
        ("", "vi", None),
    ],
)
def test_numbers_are_read_in_the_page_language(text, lang, expected):
    assert parse_number(text, lang) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Sở Y tế", "Sở Y tế"),
        (-3, -3),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_formula_like_text_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_shown_table_reads_back_as_shown():
    [frame] = tables_of_html(TABLE, "vi")
    assert list(frame.columns) == ["Đơn vị", "Chỉ số", "Xếp hạng", "Chỉ số (2)", "Thay đổi"]
    assert frame.iloc[0].tolist() == ["Sở Tư pháp ← Sở Nội vụ", 85.53, "10/17", 1234.5, 1.2]
    assert frame.iloc[1].tolist() == ['=HYPERLINK("http://x","y")', -3, "Tốt", 7, -0.5]


def test_a_table_without_header_row_gets_numbered_columns_and_every_table_is_read():
    markup = TABLE + "<table><tbody><tr><td>Tốt</td><td>4</td></tr><tr><td>Khá</td><td>2</td></tr></tbody></table>"
    first, second = tables_of_html(markup, "vi")
    assert len(first) == 2 and list(second.columns) == ["1", "2"] and second.values.tolist() == [["Tốt", 4], ["Khá", 2]]


def test_xlsx_opens_with_the_cells_shown_and_no_formula():
    [frame] = tables_of_html(TABLE, "vi")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "Xếp hạng: 2025/khối")))
    ws = book.active
    assert ws.title == "Xếp hạng  2025 khối"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Đơn vị", "Chỉ số", "Xếp hạng", "Chỉ số (2)", "Thay đổi")
    assert rows[1] == ("Sở Tư pháp ← Sở Nội vụ", 85.53, "10/17", 1234.5, 1.2)
    assert rows[2][0] == '\'=HYPERLINK("http://x","y")' and rows[2][1] == -3
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_csv_opens_in_pandas_with_the_cells_shown():
    [frame] = tables_of_html(TABLE, "vi")
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Vietnamese letters right
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["Đơn vị", "Chỉ số", "Xếp hạng", "Chỉ số (2)", "Thay đổi"]
    assert back.loc[0, "Chỉ số"] == 85.53 and back.loc[0, "Xếp hạng"] == "10/17"
    assert back.loc[1, "Đơn vị"].startswith("'=") and back.loc[1, "Thay đổi"] == -0.5


def test_file_names_are_plain_ascii():
    assert file_stem("01_tong_quan", "Xếp hạng Đơn vị") == "01_tong_quan_xep_hang_don_vi"
    assert file_stem("///") == "bang"


def test_download_links_carry_both_files_named_after_the_table():
    markup = downloads_html(TABLE, "vi", "01_tong_quan_ranking")
    names = re.findall(r'download="([^"]+)"', markup)
    assert names == ["01_tong_quan_ranking.xlsx", "01_tong_quan_ranking.csv"]
    assert "Tải Excel" in markup and "Tải CSV" in markup
    assert "Download Excel" in downloads_html(TABLE, "en", "x")
    assert downloads_html("<p>Không có</p>", "vi", "x") == ""


def test_the_overview_ranking_downloads_what_it_shows():
    """The first row of the 2025 department ranking in the downloaded CSV is the unit ranked 1/17
    with the index the results give it (rounded to the 2 decimals shown)."""
    ds = cd.load_sample()
    res = cd.compute(ds)
    table = find_widget(ranking.build(ds, res), "cchc-ranking")
    first = res[(res["year"] == 2025) & (res["rank"] == 1) & (res["rank_of"] == 17)].iloc[0]
    href = re.search(
        r'download="01_tong_quan_ranking.csv" href="data:text/csv;base64,([^"]+)"', table._html.value
    ).group(1)
    back = pd.read_csv(io.BytesIO(base64.b64decode(href)), encoding="utf-8-sig")
    assert back.loc[0, "Xếp hạng"] == "1/17"
    assert back.loc[0, "Đơn vị"] == first["unit_name"]
    assert back.loc[0, "Chỉ số (%)"] == round(first["index"], 2)
    assert len(back) == 17


def test_charts_offer_png_and_svg_in_the_page_language():
    """Every chart of a dashboard gets vega-embed's export menu only (no source/editor), labelled
    in the page's language and named after the dashboard and the chart."""
    import altair as alt

    from cchc_dash.ui import distribution
    from cchc_dash.ui.shell import _walk

    ds = cd.load_sample()
    app = distribution.build(ds, cd.compute(ds))
    charts = [w for w in _walk(app) if isinstance(w, alt.JupyterChart)]
    assert len(charts) == 3
    options = charts[0].embed_options
    assert options["actions"] == {"export": True, "source": False, "compiled": False, "editor": False}
    assert options["i18n"]["PNG_ACTION"] == "Tải ảnh PNG" and options["i18n"]["SVG_ACTION"] == "Tải ảnh SVG"
    assert options["downloadFileName"] == "04_xep_loai_stack"
    find_widget(app, "cchc-lang").value = "en"
    assert charts[2].embed_options["i18n"]["PNG_ACTION"] == "Save as PNG"
    assert charts[2].embed_options["downloadFileName"] == "04_xep_loai_migration"


def test_navigation_leads_home_in_the_page_language():
    from cchc_dash.ui.shell import navigation_html, page_of

    assert '<a class="cchc-home" href="../../">⌂ Trang chủ</a>' in navigation_html(page_of("05_sipas.ipynb"), "vi")
    assert '<a class="cchc-home" href="../../?lang=en">⌂ Home</a>' in navigation_html(page_of("05_sipas.ipynb"), "en")


def test_numbers_keep_their_kind():
    """A whole number stays an int (2025, not 2025.0), a decimal a float."""
    assert [type(parse_number(t, lang)) for t, lang in (("2025", "vi"), ("1.234", "vi"), ("85,5", "vi"),
                                                        ("1,234", "en"), ("85.5", "en"))] == [int, int, float, int,
                                                                                                float]


def test_tables_read_in_english_ragged_and_without_a_header():
    """English numbers; a header shorter than the rows (the missing names numbered), rows of other lengths (the
    missing cells None); entities and inline markup read as the text shows (no space inside a word); a first
    table without <thead> is all rows."""
    markup = ("<table><thead><tr><th>Unit</th></tr></thead><tbody>"
              "<tr><td>A &amp; B</td><td>1,234.5</td><td>Tố<b>t</b></td></tr><tr><td>C</td></tr></tbody></table>")
    [frame] = tables_of_html(markup, "en")
    assert list(frame.columns) == ["Unit", "2", "3"]
    assert frame.values.tolist() == [["A & B", 1234.5, "Tốt"], ["C", None, None]]
    assert list(frame.dtypes) == [object, object, object]  # cells as shown: text and numbers side by side
    [plain] = tables_of_html("<table><tr><td>7</td><td>x</td></tr></table>", "vi")
    assert list(plain.columns) == ["1", "2"] and plain.values.tolist() == [[7, "x"]]


def test_csv_rows_end_with_crlf():
    data = csv_bytes(pd.DataFrame({"a": [1, 2]}))
    assert data == "\ufeffa\r\n1\r\n2\r\n".encode()


def test_xlsx_sheet_names_blank_cells_and_widths():
    """A sheet name of nothing usable is "Sheet1"; one of 40 characters is cut to 31; NaN and None are empty
    cells; a column is as wide as its longest text + 2, at most 60."""
    frame = pd.DataFrame({"Đơn vị": ["Sở A", None], "x": [1.5, float("nan")], "Ghi chú": ["n" * 70, "ngắn"]},
                         dtype=object)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "///"))).active
    assert ws.title == "Sheet1"
    assert list(ws.iter_rows(values_only=True)) == [("Đơn vị", "x", "Ghi chú"), ("Sở A", 1.5, "n" * 70),
                                                     (None, None, "ngắn")]
    assert [ws.column_dimensions[c].width for c in "ABC"] == [8, 5, 60]
    assert openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "B" * 40))).active.title == "B" * 31


def test_file_names_drop_every_accent_and_the_edges():
    assert file_stem("Xã đội", "Đồng X") == "xa_doi_dong_x"
    assert file_stem("_x_") == "x"
