"""Small Playwright helpers shared by the dashboard browser tests."""

from __future__ import annotations

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


UNIT_LABELS = "el => Array.from(el.querySelectorAll('.cchc-unit-box .widget-label-basic span')).map(s => s.textContent.replace(/\\u00a0/g, ' '))"


def unit_labels(page: Page) -> list[str]:
    """Names of the units listed in the unit picker (one checkbox each)."""
    return page.eval_on_selector(".cchc-units", UNIT_LABELS)


def click_unit(page: Page, name: str) -> None:
    """A plain click on the unit listed as ``name`` in the unit picker."""
    page.locator(".cchc-units .cchc-unit-box .widget-label-basic").nth(unit_labels(page).index(name)).click()
