"""Every page at a phone's 390 px, a desktop's 1440 px and a projector's 1920 px: nothing is wider
than the screen outside the areas meant to scroll sideways, and no page logs an error. On a phone
each dashboard's answer (the first unit's rank, the headline figures, the main chart) is in its
first screen, the controls folded behind "Bộ lọc", and chart text is at least 11 px; on a
projector the page uses the width and chart text is at least 14 px. Screenshots of each page go
to out/layout/ (git-ignored).

An intended scroll area is an element marked ``cchc-scroll`` (or the what-if ranking): a wide
heat map or table that scrolls inside its own box; on a phone the dashboards' links are one row that
scrolls too. ipywidgets gives every box ``overflow: auto``,
so "inside some scrolling box" would excuse every element of a dashboard; the marked areas are
the only ones we mean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import close, open_page

SHOTS = Path(__file__).resolve().parents[2] / "out" / "layout"
DASHBOARDS = ["01_tong_quan", "02_so_sanh", "03_mo_phong", "04_xep_loai", "05_sipas", "06_ho_so_don_vi"]
WIDTHS = [390, 1440, 1920]

#: Elements whose box reaches past the viewport's right (or left) edge, outside intended scroll areas.
TOO_WIDE = """() => {
  const W = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= W + 1 && r.left >= -1) continue;
    if (el.closest('.cchc-scroll, .cchc-whatif-ranking, .cchc-nav')) continue;  // the nav: one row, scrolled
    const cls = (typeof el.className === 'string' ? el.className : (el.className.baseVal || '')).slice(0, 60);
    out.push(`${el.tagName}.${cls} left=${Math.round(r.left)} right=${Math.round(r.right)}`);
  }
  return {width: W, page: document.scrollingElement.scrollWidth, wide: out.slice(0, 15)};
}"""

#: Every chart drawn: each chart widget holds an SVG with a size (an empty chart is a bare SVG).
CHARTS_DRAWN = """() => {
  const charts = document.querySelectorAll('.cchc-app .vega-embed');
  return charts.length > 0 && Array.from(charts).every(c => { const s = c.querySelector('svg');
    return s && s.getBoundingClientRect().width > 0; });
}"""

#: anywidget (0.9) rejects a chart's "ready" promise after a fixed 2 s when the chart library (~1 MB)
#: has not loaded yet, which happens on a busy 2-core machine even though the chart then draws
#: (the tests wait for every chart to be drawn). Any other error fails the test.
ANYWIDGET_SLOW = "[anywidget] Failed to initialize model."


def real_errors(messages: list[str]) -> list[str]:
    """``messages`` without anywidget's 2-second initialisation notice (see :data:`ANYWIDGET_SLOW`)."""
    return [m for m in messages if ANYWIDGET_SLOW not in m]


FIRST_ROW = """() => {
  const cells = Array.from(document.querySelectorAll('.cchc-ranking table tbody tr:first-child td'));
  const box = name => { const c = cells.find(x => x.dataset.col === name); const r = c.getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, text: c.innerText.trim()}; };
  return {rank: box('rank'), band: box('band')};
}"""


def screenshot(page, path: Path) -> None:
    """The whole page: Voilà scrolls its cells inside a box, not the document, so the viewport is
    made as tall as the content first (a full-page shot would stop at the first screen)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, "
        "...Array.from(document.querySelectorAll('#rendered_cells, .cchc-app')).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 100, 12_000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(path))


def load(page, url: str, dashboard: bool) -> None:
    """Open ``url``; for a dashboard wait until its app and all its charts are drawn."""
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    if dashboard:
        page.wait_for_selector(
            ".cchc-app", state="visible", timeout=180_000
        )  # the what-if page starts slowly on a busy machine
        page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
        page.wait_for_timeout(1000)  # the last chart's layout settles
    else:
        page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", *DASHBOARDS])
def test_nothing_wider_than_the_screen_and_no_console_error(voila_url, browser, name, width):
    context, page = open_page(browser, width, 900)
    failed: list[str] = []  # the address of each failed request, which the console message does not name
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        dashboard = name != "home"
        load(page, f"{voila_url}/voila/render/{name}.ipynb" if dashboard else f"{voila_url}/", dashboard)
        found = page.evaluate(TOO_WIDE)
        screenshot(page, SHOTS / f"{name}_{width}.png")
        assert found["wide"] == [], f"{name} at {width} px: {found}"
        assert found["page"] <= found["width"], found
        assert not real_errors(page.errors), page.errors
        assert not real_errors(page.console_errors), (page.console_errors, failed)
    finally:
        close(context, page)


def test_phone_first_unit_rank_and_band_in_view(voila_url, phone_page):
    """390 px, Tổng quan: the first row's rank ("1/17") and band pill lie inside the screen."""
    page = phone_page
    load(page, f"{voila_url}/voila/render/01_tong_quan.ipynb", True)
    row = page.evaluate(FIRST_ROW)
    for cell in ("rank", "band"):
        assert row[cell]["width"] > 0 and row[cell]["left"] >= 0 and row[cell]["right"] <= 390, row
    assert row["rank"]["text"] == "1/17" and row["band"]["text"] == "Xuất sắc"  # 2025: Ban Dân tộc, 99,45


#: The unit names on the overview chart's axis, each label's lines joined by a space.
AXIS_NAMES = """() => [...document.querySelectorAll('.cchc-app .vega-embed svg .role-axis-label text')]
  .map(t => { const lines = t.querySelectorAll('tspan');
    return (lines.length ? [...lines].map(l => l.textContent) : [t.textContent]).join(' '); })"""


def test_phone_overview_chart_names_every_unit_whole(voila_url, phone_page):
    """390 px, Tổng quan, 2025, Sở, ban, ngành: every department's name stands whole beside its dot
    (long names wrap onto two lines, none is cut with "…"); the names are read from units.csv."""
    import pandas as pd

    page = phone_page
    load(page, f"{voila_url}/voila/render/01_tong_quan.ipynb", True)
    units = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "sample" / "units.csv")
    scores = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "sample" / "scores.csv")
    shown = set(scores.loc[scores["year"] == 2025, "unit_id"])
    names = set(units.loc[(units["group"] == "Sở, ban, ngành") & units["unit_id"].isin(shown), "unit_name"])
    assert len(names) == 17
    page.wait_for_function(f"() => ({SMALL_TEXT})(11).length === 0", timeout=60_000)  # redrawn for the phone
    labels = page.evaluate(AXIS_NAMES)
    assert names <= set(labels), sorted(names - set(labels))
    assert not [label for label in labels if "…" in label]


#: Each dashboard's answer, which a phone shows in its first screen (844 px), before any control.
ANSWER = {
    "01_tong_quan": ".cchc-ranking table tbody tr:first-child td[data-col=rank]",
    "02_so_sanh": ".cchc-trend svg.marks",
    "03_mo_phong": ".cchc-headline",
    "04_xep_loai": ".cchc-stack svg.marks",
    "05_sipas": ".cchc-sipas-unit",
    "06_ho_so_don_vi": ".cchc-profile-headline [data-field=rank]",
}

#: Chart text drawn smaller than ``min`` CSS pixels (its font size × the SVG's scale × the page's zoom).
SMALL_TEXT = """min => [...document.querySelectorAll('.cchc-app .vega-embed svg text')].map(t => {
  const svg = t.closest('svg'), box = svg.viewBox.baseVal;
  const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
  const zoom = parseFloat(getComputedStyle(document.querySelector('.cchc-app')).zoom || '1');
  return [Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * zoom * 10) / 10, t.textContent.slice(0, 30)];
}).filter(([size, text]) => text.trim() && size < min)"""


@pytest.mark.parametrize("name", DASHBOARDS)
def test_phone_shows_the_answer_first_and_folds_the_controls(voila_url, browser, name):
    context, page = open_page(browser, 390, 844)
    try:
        load(page, f"{voila_url}/voila/render/{name}.ipynb", True)
        box = page.eval_on_selector(ANSWER[name], "e => { const r = e.getBoundingClientRect();"
                                                  " return {top: r.top, bottom: r.bottom, right: r.right}; }")
        assert 0 < box["top"] < 844 - 40 and box["right"] <= 390, (name, box)
        assert not page.is_visible(".cchc-controls")
        # The charts are redrawn for the phone once the page has said its width: wait for that redraw.
        page.wait_for_function(f"() => ({SMALL_TEXT})(11).length === 0", timeout=60_000)
        page.click(".cchc-filters")
        page.wait_for_selector(".cchc-controls .cchc-lang", state="visible")
        assert page.inner_text(".cchc-filters").startswith("Bộ lọc: ")
    finally:
        close(context, page)


@pytest.mark.parametrize("name", ["02_so_sanh", "05_sipas", "06_ho_so_don_vi"])
def test_projector_uses_the_width_with_large_text(voila_url, browser, name):
    context, page = open_page(browser, 1920, 1080)
    try:
        load(page, f"{voila_url}/voila/render/{name}.ipynb", True)
        assert page.eval_on_selector(".cchc-app", "e => e.getBoundingClientRect().width") >= 1700
        page.wait_for_function(f"() => ({SMALL_TEXT})(14).length === 0", timeout=60_000)
        assert not page.is_visible(".cchc-filters") and page.is_visible(".cchc-controls")
    finally:
        close(context, page)
