"""ui/shell.py: the frame every dashboard shares (header, navigation, data line, guard, quiet)."""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from datetime import date
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest

import cchc_dash as cd
from cchc_dash.render.labels import t
from cchc_dash.ui import distribution, ranking, trends, whatif
from cchc_dash.ui.shell import (
    Page,
    Shell,
    _walk,
    dashboards,
    find_widget,
    navigation_html,
    page_of,
    print_title_html,
    shared_plain_models,
    source_html,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def ds() -> cd.Dataset:
    return cd.load_sample()


def test_every_dashboard_module_is_registered():
    """One registry: each ui module's notebook is listed, and each listed notebook exists."""
    assert {ranking.build.page, trends.build.page, distribution.build.page} <= set(dashboards())
    notebooks = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert {p.notebook for p in dashboards()} == notebooks
    with pytest.raises(KeyError):
        page_of("99_khong_co.ipynb")


def test_navigation_links_the_others_and_marks_the_current():
    markup = navigation_html(page_of("02_so_sanh.ipynb"), "vi")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', markup)
    assert ("01_tong_quan.ipynb", "Tổng quan Chỉ số CCHC") in links and (
        "04_xep_loai.ipynb",
        "Phân bố xếp loại",
    ) in links
    assert [href for href, _ in links] == [p.notebook for p in dashboards() if p.notebook != "02_so_sanh.ipynb"]
    assert '<span aria-current="page">So sánh qua các năm</span>' in markup
    en = navigation_html(Page("01_tong_quan.ipynb", "app_overview"), "en")
    assert '<span aria-current="page">PAR INDEX overview</span>' in en and ">Compare across years</a>" in en


def test_data_line_says_which_data(ds):
    assert source_html(ds, "vi") == (
        '<div class="cchc-source">Dữ liệu: <b>Tỉnh Minh An (dữ liệu mô phỏng)</b> — dữ liệu mẫu đi kèm</div>'
    )
    assert "<b>Minh An province (simulated data)</b> — bundled demo data" in source_html(ds, "en")
    other = cd.Dataset(ds.methodology, ds.units, ds.scores, name="Tỉnh <B>", source="/srv/data/tinh_b")
    assert source_html(other, "en") == (
        '<div class="cchc-source">Data: <b>Tỉnh &lt;B&gt;</b> — <code>/srv/data/tinh_b</code></div>'
    )
    memory = cd.Dataset(ds.methodology, ds.units, ds.scores, name="x")
    assert "dữ liệu tạo trong bộ nhớ" in source_html(memory, "vi")


def test_header_follows_the_language(ds):
    s = Shell(ds, "04_xep_loai.ipynb")
    assert "<h1>Phân bố xếp loại</h1>" in s.header.value and html.escape(t("simulated")) in s.header.value
    s.language.value = "en"
    assert "<h1>Band distribution</h1>" in s.header.value and html.escape(t("simulated", "en")) in s.header.value


def test_labels_follow_the_language(ds):
    s = Shell(ds, "01_tong_quan.ipynb")
    box = s.label(s.label(widgets.Text(), "search"), "search_hint", "placeholder")
    assert (box.description, box.placeholder) == (t("search"), t("search_hint"))
    s.language.value = "en"
    assert (box.description, box.placeholder) == ("Find units", t("search_hint", "en"))


def test_guard_shows_a_friendly_message_and_logs(ds, caplog):
    s = Shell(ds, "01_tong_quan.ipynb", "en")

    @s.guard
    def fails() -> None:
        raise RuntimeError("secret detail")

    with caplog.at_level(logging.ERROR, logger="cchc_dash.ui"):
        assert fails() is None
    assert t("error", "en") in s.status.value and "secret detail" not in s.status.value
    assert any("secret detail" in str(r.exc_info[1]) for r in caplog.records)
    s.guard(lambda: None)()
    assert s.status.value == ""  # the next callback that works clears it


def test_quiet_silences_guarded_callbacks_only_inside_the_block(ds):
    s = Shell(ds, "01_tong_quan.ipynb")
    seen: list[int] = []
    control = widgets.IntText()
    s.redraw_on(s.guard(lambda change: seen.append(change["new"])), control)
    with s.quiet():
        control.value = 1
        with s.quiet():
            control.value = 2
        control.value = 3
    control.value = 4
    assert seen == [4]


@pytest.mark.parametrize("module", [ranking, trends, distribution], ids=["d1", "d2", "d4"])
def test_empty_app_for_data_without_ranked_units(module, ds):
    """No unit has an index: the header and the "no results" message, in the chosen language."""
    res = cd.compute(ds).assign(index=np.nan)
    app = module.build(ds, res)
    assert "cchc-app" in app._dom_classes
    note = next(w for w in app.children if "cchc-empty" in w._dom_classes)
    assert t("no_results") in note.value
    assert f"<h1>{t(module.build.page.title)}</h1>" in app.children[0].value
    bar = next(w for w in app.children if "cchc-controls" in w._dom_classes)
    language = next(w for w in bar.children if "cchc-lang" in w._dom_classes)
    language.value = "en"
    assert t("no_results", "en") in note.value
    assert f"<h1>{t(module.build.page.title, 'en')}</h1>" in app.children[0].value


def _send(app: widgets.Widget, name: str, content: bytes) -> None:
    """What the browser does when a viewer picks a file in the page's upload button."""
    import datetime

    from cchc_dash.ui.shell import find_widget

    find_widget(app, "cchc-workbook").value = (
        {
            "name": name,
            "content": memoryview(content),
            "size": len(content),
            "type": "",
            "last_modified": datetime.datetime(2026, 11, 30),
        },
    )


@pytest.mark.parametrize("module", [ranking, trends, whatif, distribution], ids=["d1", "d2", "d3", "d4"])
def test_an_uploaded_workbook_replaces_this_pages_data(module, ds, tmp_path):
    """A good workbook redraws the same page widget with its data (template: 2025, 2 units);
    a bad one lists its problems, located, in the page's language and keeps what was shown."""
    from cchc_dash.ui.shell import find_widget

    app = module.build(ds, cd.compute(ds))
    book = cd.write_template(tmp_path / "mau.xlsx").read_bytes()
    _send(app, "../../tinh x.xlsx", book)
    header = find_widget(app, "cchc-header").value
    assert "Dữ liệu: <b>tinh x</b> — <code>tinh x.xlsx</code>" in header and t("simulated") not in header
    assert find_widget(app, "cchc-status").value == ""
    find_widget(app, "cchc-lang").value = "en"
    _send(app, "hong.xlsx", b"year,unit\n2025,S01\n")
    status = find_widget(app, "cchc-status").value
    assert "The file hong.xlsx cannot be opened: 1 problem(s)" in status
    assert "hong.xlsx: not an Excel .xlsx file" in status
    assert "tinh x.xlsx" in find_widget(app, "cchc-header").value  # the page still shows the uploaded data


def test_an_uploaded_workbook_with_a_bad_cell_names_it(ds, tmp_path):
    from openpyxl import load_workbook

    from cchc_dash.ui.shell import find_widget

    app = ranking.build(ds, cd.compute(ds))
    path = cd.write_template(tmp_path / "mau.xlsx")
    wb = load_workbook(path)
    wb["Điểm"]["E4"] = "hai"
    wb.save(path)
    _send(app, "tinh.xlsx", path.read_bytes())
    status = find_widget(app, "cchc-status").value
    assert (
        "tinh.xlsx, trang tính &#x27;Điểm&#x27;, dòng 4, cột &#x27;Điểm thẩm định (E)&#x27;: "
        "&#x27;hai&#x27; không phải là số" in status
    )
    assert "Minh An" in find_widget(app, "cchc-header").value  # the demo is still shown


def test_an_oversized_upload_is_refused_before_reading(monkeypatch):
    from cchc_dash.io import excel

    monkeypatch.setattr(excel, "MAX_UPLOAD", 10)
    with pytest.raises(cd.ValidationError, match="too large"):
        excel.read_uploaded("a.xlsx", b"x" * 11)


def test_print_title_says_what_the_page_shows(ds):
    """The print-only title block: the dashboard's title, the data, the simulated-data badge, what is shown
    (the controls are not printed), the date printed, in the page's language; set by each render."""
    page, day = page_of("06_ho_so_don_vi.ipynb"), date(2025, 3, 9)
    vi = print_title_html(ds, page, "vi", day, year=2025, group="Sở, ban, ngành", unit="Sở <Tư> pháp")
    assert "<h1>Hồ sơ đơn vị</h1>" in vi and "Tỉnh Minh An (dữ liệu mô phỏng)" in vi
    assert "Dữ liệu mô phỏng" in vi and "In ngày 09/03/2025" in vi
    assert "Năm: <b>2025</b> · Khối: <b>Sở, ban, ngành</b> · Đơn vị: <b>Sở &lt;Tư&gt; pháp</b>" in vi
    en = print_title_html(ds, page, "en", day, group="Sở, ban, ngành", year=2025)
    assert "Year: <b>2025</b> · Group: <b>Departments" in en and "Printed on 2025-03-09" in en and "Đơn vị" not in en
    assert "Simulated data" in en
    real = cd.Dataset(ds.methodology, ds.units, ds.scores, name="Tỉnh B", source="/srv/b")
    assert "cchc-badge" not in print_title_html(real, page, "vi", day, year=2025)
    with pytest.raises(KeyError):
        print_title_html(ds, page, "vi", day, month=3)


def test_every_dashboard_sets_its_print_title(ds):
    """Each dashboard's first render fills the print title with its year (years) and group."""
    for module in (ranking, trends, distribution, whatif):
        app = module.build(ds)
        title = next(w for w in _walk(app) if "cchc-print-title" in w._dom_classes).value
        assert "cchc-printed" in title and "Sở, ban, ngành" in title, module.__name__
        assert ("Năm: <b>2025</b>" in title) or ("Giai đoạn: <b>2019–2025</b>" in title), (module.__name__, title)


def test_the_upload_button_reads_its_label_without_a_file_count(ds):
    """ipywidgets writes "Mở tệp Excel (0)" on a FileUpload; the page hides that text and shows the button's
    tooltip, which holds the label, in each language."""
    from cchc_dash.ui import ranking
    from cchc_dash.ui.shell import UPLOAD_CSS, find_widget

    app = ranking.build(ds, cd.compute(ds))
    upload = find_widget(app, "cchc-workbook")
    assert (upload.tooltip, upload.description) == ("Mở tệp Excel", "Mở tệp Excel")
    assert find_widget(app, "cchc-header").value.startswith(UPLOAD_CSS)
    assert ".cchc-workbook.widget-upload{font-size:0}" in UPLOAD_CSS
    assert ".cchc-workbook.widget-upload::after{content:attr(title);" in UPLOAD_CSS
    find_widget(app, "cchc-lang").value = "en"
    assert upload.tooltip == "Open an Excel file"


def test_a_table_and_its_download_links_reach_the_page_in_one_message(ds, monkeypatch):
    """Table and links were two widgets, so two messages: between them the page showed the new table
    beside the previous table's links, and a browser test that read the table once it changed could
    read it before its links. One message now carries both."""
    table = find_widget(ranking.build(ds, cd.compute(ds)), "cchc-ranking")
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(widgets.Widget, "send_state", lambda self, key=None: sent.append((key, getattr(self, key))))
    markup = "<table><tr><th>Đơn vị</th></tr><tr><td>Sở Tư pháp</td></tr></table>"
    table.value = markup
    assert len(sent) == 1
    key, shown = sent[0]
    assert key == "value" and shown.startswith(markup)
    assert 'download="01_tong_quan_ranking.xlsx"' in shown and 'download="01_tong_quan_ranking.csv"' in shown
    assert table.value == markup  # what is read back is the table, as set


def test_widgets_made_while_a_dashboard_is_built_share_one_default_layout_and_style():
    """A widget made without a layout (or style) of its own gets the one shared model of its class;
    one given its own keeps it; outside the block ipywidgets makes one per widget as usual; and the
    shared model refuses a change, which would change every widget using it."""
    with shared_plain_models():
        a, b, own = widgets.HTML(), widgets.HTML(), widgets.HTML(layout=widgets.Layout(width="10px"))
        button = widgets.Button()
    assert a.layout is b.layout and a.style is b.style and button.layout is a.layout
    assert own.layout is not a.layout and own.layout.width == "10px"
    assert button.style is not a.style  # a ButtonStyle is not an HTMLStyle
    after = widgets.HTML()
    assert after.layout is not a.layout and after.style is not a.style
    with pytest.raises(TypeError, match="shared default Layout"):
        b.layout.width = "20px"


def _default(model: widgets.Widget) -> bool:
    """Every public trait of a layout or style model at its default."""
    return all(getattr(model, k) == model.trait_defaults(k) for k in model.keys if not k.startswith("_"))


def test_a_built_dashboard_sends_one_default_layout_and_one_default_style_of_each_class(ds):
    """Tổng quan's widgets made without a layout or style share one model each (55 models → 34)."""
    app = ranking.build(ds, cd.compute(ds))
    models = [m for w in _walk(app) for m in (getattr(w, "layout", None), getattr(w, "style", None)) if m is not None]
    defaults = {id(m): m for m in models if _default(m)}
    per_class = Counter(type(m) for m in defaults.values())
    assert per_class[widgets.Layout] == 1 and set(per_class.values()) == {1}
    assert len(models) > 3 * len(defaults)  # many widgets, few models
