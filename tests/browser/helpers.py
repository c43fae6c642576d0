"""Small Playwright helpers shared by the dashboard browser tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from playwright.sync_api import Page

CHART_READY = """sel => {
  const svg = document.querySelector(sel + ' svg.marks');
  if (!svg) return false;
  const box = svg.getBoundingClientRect();
  return box.width > 50 && box.height > 50 && svg.querySelectorAll('path').length > 3;
}"""


def open_dashboard(page: Page, base: str, notebook: str) -> None:
    """Load a dashboard and wait until Voilà has rendered its widgets."""
    page.goto(f"{base}/voila/render/{notebook}", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".cchc-app", state="visible", timeout=90_000)


def wait_chart(page: Page, container: str) -> str:
    """Wait for a chart to be drawn (an SVG with a size and marks); return its markup."""
    page.wait_for_function(CHART_READY, arg=container)
    return page.inner_html(f"{container} svg.marks")


def wait_changed(page: Page, selector: str, before: str, inner: bool = True) -> str:
    """Wait until the text (or markup) of ``selector`` differs from ``before``; return it."""
    prop = "innerHTML" if inner else "innerText"
    page.wait_for_function(
        "([sel, prop, before]) => { const el = document.querySelector(sel); return el && el[prop] !== before; }",
        arg=[selector, prop, before])
    return page.eval_on_selector(selector, f"el => el.{prop}")


def assert_no_code(page: Page) -> None:
    """Voilà must show neither the notebook's source nor a traceback."""
    text = page.inner_text("body")
    content = page.content()
    for needle in ("Traceback", "import cchc_dash", "cd.load(", "Error:"):
        assert needle not in text, f"page shows {needle!r}"
    assert "import cchc_dash" not in content


OPTION_TEXTS = "el => Array.from(el.options).map(o => o.textContent.replace(/\\u00a0/g, ' '))"


def option_texts(page: Page, select: str) -> list[str]:
    """Option labels of a <select> (ipywidgets writes spaces as no-break spaces)."""
    return page.eval_on_selector(select, OPTION_TEXTS)


def select_labels(page: Page, select: str, labels: list[str]) -> None:
    """Select the options with these labels (and only those) in a <select>."""
    texts = option_texts(page, select)
    page.select_option(select, index=[texts.index(label) for label in labels])


UNIT_LABELS = ("el => Array.from(el.querySelectorAll('.cchc-unit-box .widget-label-basic span'))"
               ".map(s => s.textContent.replace(/\\u00a0/g, ' '))")


def unit_labels(page: Page) -> list[str]:
    """Names of the units listed in the unit picker (one checkbox each)."""
    return page.eval_on_selector(".cchc-units", UNIT_LABELS)


def click_unit(page: Page, name: str) -> None:
    """A plain click on the unit listed as ``name`` in the unit picker."""
    page.locator(".cchc-units .cchc-unit-box .widget-label-basic").nth(unit_labels(page).index(name)).click()


# --- expectations worked out with plain pandas from a data folder's CSV files -----------------
# Never through cchc_dash: a bug in its scoring, ranking or band rule must show as a mismatch.

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SO = "Sở, ban, ngành"


def hand_slice(
    year: int, group: str = SO, folder: Path = SAMPLE, changes: dict[tuple[str, str], float] | None = None
) -> pd.DataFrame:
    """Every unit of (year, group), best first, by hand: index = points scored on the leaves
    that apply over those leaves' maxima × 100; competition rank (equal indices share the
    better one) out of the units ranked; band = the best band of bands.csv whose floor the
    index reaches (the floor band has no minimum). Columns unit_id, unit_name, index, rank,
    rank_of, band; ordered by rank, then name (as the ranking table). ``changes`` replaces
    scores first: {(unit_id, item_id): new score} (a what-if scenario)."""
    meth = pd.read_csv(folder / "methodology.csv", dtype={"item_id": str})
    scores = pd.read_csv(folder / "scores.csv", dtype={"item_id": str})
    units = pd.read_csv(folder / "units.csv")
    bands = pd.read_csv(folder / "bands.csv")
    leaves = meth[(meth["year"] == year) & (meth["group"] == group) & (meth["level"] == "item")]
    names = units.loc[units["group"] == group, ["unit_id", "unit_name"]]
    mine = scores[(scores["year"] == year) & scores["unit_id"].isin(names["unit_id"])].copy()
    for (unit, item), score in (changes or {}).items():
        mine.loc[(mine["unit_id"] == unit) & (mine["item_id"] == item), "score"] = score
    mine = mine.merge(leaves[["item_id", "max_points"]], on="item_id")
    applies = mine["applicable"].astype(str).str.lower().isin(["true", "1"])
    per = mine[applies].groupby("unit_id")[["score", "max_points"]].sum()
    out = (per["score"] / per["max_points"] * 100).rename("index").reset_index().merge(names, on="unit_id")
    out["rank"] = out["index"].round(9).rank(ascending=False, method="min").astype(int)
    out["rank_of"] = len(out)
    scheme = bands[(bands["year"] == year) & (bands["group"] == group)].sort_values("order")

    def band(index: float) -> str:
        for label, floor in zip(scheme["label"], scheme["min_index"]):
            if pd.isna(floor) or index + 1e-9 >= floor:
                return label
        return "Chưa xếp loại"

    out["band"] = out["index"].map(band)
    return out.sort_values(["rank", "unit_name"], kind="stable").reset_index(drop=True)


def vn(x: float, digits: int = 2) -> str:
    """A number as the Vietnamese page writes it (decimal comma)."""
    return f"{x:.{digits}f}".replace(".", ",")


TABLE_CELLS = """sel => Array.from(document.querySelectorAll(sel + ' tbody tr')).map(
  tr => Array.from(tr.querySelectorAll('td')).map(td => td.innerText.replace(/\\u00a0/g, ' ').trim()))"""


def table_cells(page: Page, selector: str) -> list[list[str]]:
    """The body cells of the table under ``selector``, row by row, as shown."""
    return page.evaluate(TABLE_CELLS, selector)


MARK_LABELS = """sel => Array.from(document.querySelectorAll(sel + ' svg.marks [role=graphics-symbol][aria-label]'))
  .map(e => [e.getAttribute('aria-roledescription'), e.getAttribute('aria-label')])"""


def mark_labels(page: Page, container: str, kind: str | None = None) -> list[str]:
    """The text Vega writes on every drawn mark of a chart (its ``aria-label``: the fields and
    values the mark encodes, e.g. "Đơn vị: Sở Tư pháp; Chỉ số (%): 85,23"), optionally only
    the marks of one kind ("bar", "rect", "circle", "line" …): the values the chart drew."""
    return [label for role, label in page.evaluate(MARK_LABELS, container) if kind is None or role == kind]


def settled(page: Page, read, expected, timeout_ms: int = 120_000):
    """``read()`` once it equals ``expected``, or its last value when ``timeout_ms`` has passed
    (the caller's assert then shows the difference): charts are redrawn after the tables."""
    waited = 0
    value = read()
    while value != expected and waited < timeout_ms:
        page.wait_for_timeout(500)
        waited += 500
        value = read()
    return value


def mark_fields(page: Page, container: str, kind: str | None = None) -> list[dict[str, str]]:
    """:func:`mark_labels` split into {field title: value shown} per mark ("Đơn vị: A; Năm: 2024"
    → {"Đơn vị": "A", "Năm": "2024"})."""
    return [
        dict(part.split(": ", 1) for part in label.split("; ") if ": " in part)
        for label in mark_labels(page, container, kind)
    ]


def hand_areas(year: int, unit: str, group: str = SO, folder: Path = SAMPLE) -> dict[str, float]:
    """ "<area id>. <area name>" → the unit's index in that area, by hand: the points scored on
    the area's leaves that apply over those leaves' maxima × 100 (a leaf's area is found by
    following parent_id up to the row of level "area")."""
    meth = pd.read_csv(folder / "methodology.csv", dtype={"item_id": str, "parent_id": str})
    meth = meth[(meth["year"] == year) & (meth["group"] == group)].set_index("item_id")
    scores = pd.read_csv(folder / "scores.csv", dtype={"item_id": str})
    mine = scores[(scores["year"] == year) & (scores["unit_id"] == unit)]
    mine = mine[mine["applicable"].astype(str).str.lower().isin(["true", "1"])]

    def area_of(item: str) -> str:
        while meth.loc[item, "level"] != "area":
            item = meth.loc[item, "parent_id"]
        return item

    points: dict[str, list[float]] = {}
    for item, score in zip(mine["item_id"], mine["score"]):
        total = points.setdefault(area_of(item), [0.0, 0.0])
        total[0] += score
        total[1] += meth.loc[item, "max_points"]
    return {f"{a}. {meth.loc[a, 'name_vi']}": p / m * 100 for a, (p, m) in points.items()}


def hand_sipas(year: int, folder: Path = SAMPLE) -> pd.Series:
    """SIPAS index of every unit surveyed in ``year`` by hand (unit_id → %): per question the
    answers 4–5 over the non-blank answers × 100, the mean per component, the mean of components."""
    answers = pd.read_csv(folder / "sipas_answers.csv")
    questions = pd.read_csv(folder / "sipas_questions.csv")
    part = answers[answers["year"] == year].dropna(subset=["answer"])
    comp = questions[questions["year"] == year].set_index("question_id")["component"]
    rates = (
        part.groupby(["unit_id", "question_id"])["answer"].apply(lambda a: (a >= 4).sum() / len(a) * 100).reset_index()
    )
    rates["component"] = rates["question_id"].map(comp)
    return rates.groupby(["unit_id", "component"])["answer"].mean().groupby("unit_id").mean()


def shown_number(text: str) -> float:
    """A number read from a mark's aria-label, rounded to 2 decimals: Vega writes an encoded
    field raw ("99.1836734694") and a tooltip text as the page formats it ("99,18")."""
    return round(float(text.replace(",", ".")), 2)


def controls_shown(page: Page) -> None:
    """Unfold the controls where a phone folds them behind "Bộ lọc" (ui/shell.py); elsewhere they are shown."""
    if page.is_visible(".cchc-filters") and not page.is_visible(".cchc-controls"):
        page.click(".cchc-filters")
        page.wait_for_selector(".cchc-controls", state="visible")


def press_language(page: Page, label: str) -> None:
    """Click the language toggle's ``label`` button ("English", "Tiếng Việt"), on a phone too."""
    controls_shown(page)
    page.click(f".cchc-lang button:has-text('{label}')")
