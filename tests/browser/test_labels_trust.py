"""Issue 21, labels a leader can trust, in a real browser at 1440 px and at 390 px (a phone): the
profile's mean says which mean it is, the overview names the national figure's source and says it is
not comparable, the overview's index chart is a dot plot on the units' spread, and the SIPAS page
gives its questions' texts and names the units on its scatter. Every expected value is worked out
here with plain pandas from the bundled CSV files (tests/browser/helpers.py), never by the package.
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import close, open_page
from .helpers import (
    SAMPLE,
    assert_no_code,
    controls_shown,
    hand_sipas,
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

WIDTHS = ["desktop", "phone"]
SO = "Sở, ban, ngành"


@pytest.fixture
def desktop(browser):
    """A page 1440 CSS pixels wide (the page fixture is 1400)."""
    context, pg = open_page(browser, 1440, 1000)
    yield pg
    close(context, pg)


@pytest.fixture(params=WIDTHS)
def any_page(request):
    """The test once at 1440 px, once at 390 px."""
    return request.getfixturevalue("desktop" if request.param == "desktop" else "phone_page")


SVG_TEXTS = """sel => Array.from(document.querySelectorAll(sel + ' svg.marks g.mark-text.role-mark text')).map(
  t => { const spans = Array.from(t.querySelectorAll('tspan')); return spans.length
         ? spans.map(s => s.textContent).join(' ') : t.textContent; })"""


def svg_texts(page, container: str) -> list[str]:
    """The texts a chart wrote as text marks (a label on several lines joined by spaces)."""
    return page.evaluate(SVG_TEXTS, container)


AXIS_LABELS = ("sel => Array.from(document.querySelectorAll(sel + ' svg.marks .role-axis-label text'))"
               ".map(e => e.textContent)")


def axis_labels(page, container: str) -> list[str]:
    """The texts of a chart's axis labels (ticks and names)."""
    return page.evaluate(AXIS_LABELS, container)


def choose_year(page, year: int, watched: str) -> None:
    """Pick ``year`` (unfolding a phone's controls) and wait until ``watched`` changes."""
    controls_shown(page)
    before = page.inner_text(watched)
    page.select_option(".cchc-year select", label=str(year))
    wait_changed(page, watched, before, inner=False)


# --- 1. Hồ sơ đơn vị: one mean, named ----------------------------------------------------------


def hand_points_mean(year: int, group: str = SO) -> float:
    """The group's mean of points (Σ score over applicable leaves per unit, then the mean): the
    figure the old paragraph called "giá trị trung bình", which the page must no longer show."""
    meth = pd.read_csv(SAMPLE / "methodology.csv", dtype={"item_id": str})
    scores = pd.read_csv(SAMPLE / "scores.csv", dtype={"item_id": str})
    units = pd.read_csv(SAMPLE / "units.csv")
    leaves = meth[(meth["year"] == year) & (meth["group"] == group) & (meth["level"] == "item")]
    mine = scores[(scores["year"] == year) & scores["unit_id"].isin(units.loc[units["group"] == group, "unit_id"])]
    mine = mine[mine["applicable"].astype(str).str.lower().isin(["true", "1"])]
    mine = mine[mine["item_id"].isin(leaves["item_id"])]
    return float(mine.groupby("unit_id")["score"].sum().mean())


def test_profile_gives_one_mean_the_group_mean_index(voila_url, any_page):
    page = any_page
    open_dashboard(page, voila_url, "06_ho_so_don_vi.ipynb")
    page.wait_for_selector(".cchc-profile-headline [data-field=mean]")
    group = hand_slice(2025)
    first = group.iloc[0]  # the page opens on the best department of the last year
    mean = vn(group["index"].mean())
    card = page.inner_text(".cchc-profile-headline .cchc-kpi:has([data-field=mean])")
    assert "Chỉ số bình quân khối (%)" in card and page.inner_text(".cchc-profile-headline [data-field=mean]") == mean
    paragraph = page.inner_text(".cchc-paragraph")
    assert f"{first.unit_name} đạt" in paragraph and f"chỉ số {vn(first['index'])}%" in paragraph
    assert f"(chỉ số bình quân của khối: {mean}%)" in paragraph
    points = vn(hand_points_mean(2025))
    assert points != mean and points not in paragraph and "giá trị trung bình" not in paragraph
    weak = table_cells(page, ".cchc-profile-weak")
    assert weak and all(" › " in row[0] for row in weak)  # "6.2 Tự chủ tài chính › 6.2.1 Ban hành…"
    assert_no_code(page)


# --- 3 and 4. Tổng quan: the national figure cited and not compared; a dot plot on the spread ----------


def test_overview_cites_the_national_figure_and_draws_dots_on_the_spread(voila_url, any_page):
    page = any_page
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    choose_year(page, 2023, ".cchc-ranking table")
    # data/reference/par_index_provinces.csv, 2023: 86.98 %, published at baomoi.com
    address = "https://baomoi.com/ha-noi-xep-thu-ba-ca-nuoc-ve-chi-so-cchc-c48873038.epi"
    page.wait_for_selector(".cchc-national")
    note = page.inner_text(".cchc-national")
    assert "PAR INDEX bình quân các tỉnh năm 2023 là 86,98%" in note
    assert "(nguồn: baomoi.com, công bố số liệu năm 2023)" in note
    assert "không so sánh được với chỉ số của các đơn vị" in note and "https://" not in note
    assert page.get_attribute(".cchc-national a", "href") == address

    hand = hand_slice(2023)
    expected = sorted((r.unit_name, round(r.index, 2), r.band) for r in hand.itertuples())

    def dots() -> list[tuple[str, float, str]]:
        return sorted((m["Đơn vị"], shown_number(m["Chỉ số (%)"]), m["Xếp loại"])
                      for m in mark_fields(page, ".cchc-chart", "circle"))

    assert settled(page, dots, expected) == expected
    assert mark_fields(page, ".cchc-chart", "bar") == []
    low, high = hand["index"].min() - 3, min(hand["index"].max() + 3, 100)  # the spread, 3 points either side
    ticks = [float(x) for x in axis_labels(page, ".cchc-chart") if x.replace(",", "").isdigit()]
    assert ticks and min(ticks) >= low and max(ticks) <= high and 0.0 not in ticks  # zero is not on the axis
    bands = pd.read_csv(SAMPLE / "bands.csv")
    floors = bands[(bands["year"] == 2023) & (bands["group"] == SO)].dropna(subset=["min_index"])
    inside = floors[(floors["min_index"] > low) & (floors["min_index"] < high)]
    rules = {m["Ngưỡng"] for m in mark_fields(page, ".cchc-chart", "rule mark")}
    assert rules == {f"{r.label} từ {r.min_index:g}" for r in inside.itertuples()}
    labels = svg_texts(page, ".cchc-chart")
    assert all(r.label in labels for r in inside.itertuples())  # each rule named, on one line above the plot
    ys = page.evaluate("""sel => Array.from(document.querySelectorAll(sel + ' svg.marks g.mark-text.role-mark text'))
        .map(t => t.getBoundingClientRect().bottom)""", ".cchc-chart")
    assert max(ys) - min(ys) <= 4  # one line (accents move a glyph's box by a pixel or two)

    upload = page.evaluate("""() => { const b = document.querySelector('.cchc-workbook');
        return [getComputedStyle(b).fontSize, getComputedStyle(b, '::after').content]; }""")
    assert upload == ["0px", '"Mở tệp Excel"']  # the button reads its label, never "(0)"

    press_language(page, "English")
    page.wait_for_function("() => document.querySelector('.cchc-national').innerText.includes('source')")
    english = page.inner_text(".cchc-national")
    assert "(source: baomoi.com, publishing the 2023 figures)" in english and "not comparable" in english
    assert_no_code(page)


# --- 5. SIPAS: questions in words, units named, nothing cut ---------------------------------------------


QUESTIONS_2025 = {  # data/sample/sipas_questions.csv, lines 107–125, typed here
    "Q15": "Biển hiệu, chỉ dẫn rõ ràng", "Q23": "Thái độ lịch sự", "Q27": "Không nhũng nhiễu, gây phiền hà",
    "Q33": "Phản hồi kịp thời, thỏa đáng",
}


def test_sipas_gives_question_texts_and_names_the_units(voila_url, any_page):
    page = any_page
    open_dashboard(page, voila_url, "05_sipas.ipynb")
    for chart in (".cchc-sipas-heat", ".cchc-par-sipas", ".cchc-sipas-intervals"):
        wait_chart(page, chart)

    tips = {m["Câu hỏi"] for m in mark_fields(page, ".cchc-sipas-heat", "rect mark")}
    for code, words in QUESTIONS_2025.items():
        assert f"{code} — {words}" in tips
    key = {row[0]: row[1:] for row in table_cells(page, ".cchc-sipas-questions")}
    assert list(key) == [f"Q{i}" for i in range(15, 34)]
    assert key["Q15"] == ["Biển hiệu, chỉ dẫn rõ ràng", "Tiếp cận dịch vụ"]
    assert key["Q33"] == ["Phản hồi kịp thời, thỏa đáng", "Tiếp nhận và xử lý góp ý, phản ánh"]

    # The scatter names the unit shown and the units first or last on either index (by hand).
    par = hand_slice(2025).set_index("unit_id")
    sipas = hand_sipas(2025).reindex(par.index)
    names = dict(zip(par.index, par["unit_name"]))
    ends = {names[u] for u in (par["index"].idxmax(), par["index"].idxmin(), sipas.idxmax(), sipas.idxmin())}
    shown = page.eval_on_selector(  # ipywidgets writes spaces as no-break spaces
        ".cchc-unit select", "s => s.options[s.selectedIndex].textContent.replace(/\\u00a0/g, ' ')")
    rank_p = int(par["index"].rank(ascending=False, method="min")[next(u for u, n in names.items() if n == shown)])
    rank_s = int(sipas.rank(ascending=False, method="min")[next(u for u, n in names.items() if n == shown)])
    labels = [" ".join(x.split()) for x in svg_texts(page, ".cchc-par-sipas")]
    selected = [x for x in labels if x.endswith(f"PAR {rank_p}/{len(par)}, SIPAS {rank_s}/{len(par)}")]
    assert len(selected) == 1 and selected[0].replace(" ", "").startswith(shown.replace(" ", ""))
    for name in ends - {shown}:
        assert any(x.replace(" ", "") == name.replace(" ", "") for x in labels), name

    # Nothing cut: the components' headers are whole in their box, the legend labels end with their words,
    # a long unit name is written whole (on two lines).
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('.cchc-sipas-components th'))
        .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.innerText)""")
    assert cut == []
    legend = [" ".join(x.split()) for x in page.evaluate(
        """() => Array.from(document.querySelectorAll('.cchc-sipas-intervals svg.marks .role-legend-label text'))
        .map(t => Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ') || t.textContent)""")]
    assert "Không phân biệt được với bình quân" in legend and not any(x.endswith("…") for x in legend)
    names_drawn = [" ".join(x.split()) for x in page.evaluate(
        """() => Array.from(document.querySelectorAll('.cchc-sipas-intervals svg.marks .role-axis-label text'))
        .map(t => Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ') || t.textContent)""")]
    assert "Sở Lao động - Thương binh và Xã hội" in names_drawn and not any(x.endswith("…") for x in names_drawn)
    assert_no_code(page)


def test_the_intervals_show_every_unit_of_the_year(voila_url, desktop):
    """The wrapped names still belong to their dots: every unit's rate, by hand, is drawn at its name."""
    page = desktop
    open_dashboard(page, voila_url, "05_sipas.ipynb")
    wait_chart(page, ".cchc-sipas-intervals")
    names = hand_slice(2025).set_index("unit_id")["unit_name"]
    expected = {names[u]: round(r, 2) for u, r in hand_sipas(2025).items() if u in names.index}

    def drawn() -> dict[str, float]:
        return {m["Đơn vị"]: shown_number(m["rate"]) for m in mark_fields(page, ".cchc-sipas-intervals", "point")}

    assert settled(page, drawn, expected) == expected
