"""serving.py: the home page (a card per dashboard with a picture of its main chart) and the pictures."""

from __future__ import annotations

import re

import pytest

import cchc_dash as cd
from cchc_dash.app.serving import THUMBNAIL_PATH, home_html, thumbnail_charts
from cchc_dash.ui.shell import dashboards


def test_home_has_a_card_with_link_title_and_picture_per_dashboard():
    page = home_html("vi", "/base/", "Dữ liệu: dữ liệu mẫu đi kèm")
    cards = re.findall(
        r'<a class="card" href="([^"]+)" data-notebook="([^"]+)"><b>([^<]+)</b>.*?<img src="([^"]+)"', page
    )
    assert [c[1] for c in cards] == [p.notebook for p in dashboards()]
    assert cards[0] == (
        "/base/voila/render/01_tong_quan.ipynb",
        "01_tong_quan.ipynb",
        "Tổng quan Chỉ số CCHC",
        f"/base/{THUMBNAIL_PATH}/vi/01_tong_quan.svg",
    )
    english = home_html("en", "/", "Data")
    assert (
        'href="/voila/render/02_so_sanh.ipynb?lang=en"' in english and f"/{THUMBNAIL_PATH}/en/02_so_sanh.svg" in english
    )
    assert "PAR INDEX overview" in english and 'lang="en"' in english


@pytest.fixture(scope="module")
def ds() -> cd.Dataset:
    return cd.load_sample()


def test_each_dashboard_has_a_picture_of_its_first_view(ds):
    """On the demo: the overview's picture is the 2025 department ranking (17 departments after
    the mergers, as the dashboard opens), in the language asked for."""
    shown = thumbnail_charts(ds, cd.compute(ds), "en")
    assert set(shown) == {p.notebook for p in dashboards()}
    spec = shown["01_tong_quan.ipynb"].to_dict()
    rows = [r for layer in spec["layer"] for r in spec["datasets"][layer["data"]["name"]]] if "datasets" in spec else []
    units = {r["unit_name"] for r in rows if "unit_name" in r}
    assert len(units) == 17
    assert "PAR INDEX" in str(spec["title"]) or "PAR INDEX" in str(spec)


def test_no_survey_answers_no_sipas_picture(ds):
    bare = cd.Dataset(
        methodology=ds.methodology,
        units=ds.units,
        scores=ds.scores,
        bands=ds.bands,
        reference=ds.reference,
        name="Không có phiếu",
    )
    shown = thumbnail_charts(bare, cd.compute(bare), "vi")
    assert "05_sipas.ipynb" not in shown and "01_tong_quan.ipynb" in shown


@pytest.fixture
def seventh():
    """A throwaway seventh dashboard registered the way every dashboard is (ui.shell.dashboard),
    with a picture of its own; unregistered afterwards."""
    import altair as alt
    import ipywidgets as widgets
    import pandas as pd

    from cchc_dash.ui import shell

    def picture(ds, results, lang):
        return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").properties(title=f"thu-{lang}")

    register = shell.dashboard("07_thu_nghiem.ipynb", "app_overview", picture)
    build = register(lambda sh, ds, res: sh.app([], widgets.HTML()))
    yield build
    del shell._REGISTRY["07_thu_nghiem.ipynb"]


def test_a_new_dashboard_registers_its_card_link_and_picture(seventh, ds):
    """Nothing but its decorator: the home page has its card after the six, the navigation links
    it, and the home page's pictures include its own."""
    from cchc_dash.ui.shell import navigation_html, page_of

    page = home_html("vi", "/", "Dữ liệu")
    notebooks = re.findall(r'data-notebook="([^"]+)"', page)
    assert notebooks == ["01_tong_quan.ipynb", "02_so_sanh.ipynb", "03_mo_phong.ipynb", "04_xep_loai.ipynb",
                         "05_sipas.ipynb", "06_ho_so_don_vi.ipynb", "07_thu_nghiem.ipynb"]
    assert f'src="/{THUMBNAIL_PATH}/vi/07_thu_nghiem.svg"' in page
    assert 'href="07_thu_nghiem.ipynb"' in navigation_html(page_of("01_tong_quan.ipynb"), "vi")
    shown = thumbnail_charts(ds, cd.compute(ds), "en")
    assert shown["07_thu_nghiem.ipynb"].to_dict()["title"] == "thu-en"
    assert seventh.page.notebook == "07_thu_nghiem.ipynb"


def test_the_home_page_links_its_stylesheet_from_the_template():
    """The home page's look is a static file of the cchc template, linked under the base URL."""
    from pathlib import Path

    assert '<link rel="stylesheet" href="/base/voila/templates/cchc/static/home.css">' in home_html("vi", "/base/", "x")
    css = Path(__file__).resolve().parents[1] / "share/jupyter/voila/templates/cchc/static/home.css"
    assert "a.card" in css.read_text() and "<style>" not in css.read_text()
