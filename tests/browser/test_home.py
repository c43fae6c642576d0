"""The home page in a real browser: a card per dashboard with its picture, each link opening its
dashboard, the way back home, at 390 px (phone), 1440 px and 1920 px (projector)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_dash.render.labels import t
from cchc_dash.ui.shell import dashboards

from .conftest import close, open_page

SHOTS = Path(__file__).resolve().parents[2] / "out"

CARDS = ("() => Array.from(document.querySelectorAll('a.card')).map(a => {\n"
         "  const img = a.querySelector('.thumb img');\n"
         "  return {href: a.getAttribute('href'), title: a.querySelector('b').innerText,\n"
         "          picture: img ? [img.naturalWidth, img.getBoundingClientRect().width, "
         "img.getBoundingClientRect().right] : null,\n"
         "          right: a.getBoundingClientRect().right};\n"
         "})")

PICTURES_LOADED = """() => { const imgs = Array.from(document.querySelectorAll('a.card img'));
  return imgs.length > 0 && imgs.every(i => i.complete); }"""


def open_home(page, base: str, lang: str) -> list[dict]:
    """Load the home page, wait for its pictures (drawn on the first visit), return its cards."""
    page.goto(f"{base}/?lang={lang}", wait_until="domcontentloaded")
    page.wait_for_function(PICTURES_LOADED, timeout=240_000)
    return page.evaluate(CARDS)


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900)])
def test_home_links_every_dashboard_with_a_picture(voila_url, browser, width, height):
    context, page = open_page(browser, width, height)
    try:
        cards = open_home(page, voila_url, "vi")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"home_{width}_vi.png"), full_page=True)
        assert [c["title"] for c in cards] == [t(p.title, "vi") for p in dashboards()]
        assert [c["href"] for c in cards] == [f"/voila/render/{p.notebook}" for p in dashboards()]
        for card in cards:
            natural, shown, right = card["picture"]
            assert natural > 100 and shown > 150, card  # an SVG drawn, shown at a readable size
            assert right <= width and card["right"] <= width, card
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert not page.errors, page.errors
        for p in dashboards():  # each link opens its dashboard, titled as its card
            page.goto(f"{voila_url}/", wait_until="domcontentloaded")
            page.click(f"a.card[data-notebook='{p.notebook}']")
            page.wait_for_selector(".cchc-app h1", state="visible", timeout=180_000)
            assert page.inner_text(".cchc-app h1") == t(p.title, "vi")
        page.click(".cchc-nav a.cchc-home")  # and the way back
        page.wait_for_selector("a.card")
        assert page.url.rstrip("/") == voila_url
    finally:
        close(context, page)


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900), (1920, 1080)])
def test_home_in_english_opens_dashboards_in_english(voila_url, browser, width, height):
    context, page = open_page(browser, width, height)
    try:
        cards = open_home(page, voila_url, "en")
        page.screenshot(path=str(SHOTS / f"home_{width}_en.png"), full_page=True)
        assert [c["title"] for c in cards] == [t(p.title, "en") for p in dashboards()]
        assert all(c["picture"] and c["picture"][0] > 100 for c in cards)
        if width == 1920:  # a projector: three columns of cards that use the width
            lefts = page.evaluate(
                "() => Array.from(document.querySelectorAll('a.card')).map(a => a.getBoundingClientRect().left)"
            )
            assert len(set(lefts)) == 3 and max(c["right"] for c in cards) > 1600
            return
        page.click(f"a.card[data-notebook='{dashboards()[0].notebook}']")
        page.wait_for_function(
            "t => document.querySelector('.cchc-app h1')?.innerText === t",
            arg=t(dashboards()[0].title, "en"),
            timeout=180_000,
        )
        page.screenshot(path=str(SHOTS / f"d1_{width}_en_from_home.png"))
        assert page.get_attribute(".cchc-nav a.cchc-home", "href") == "../../?lang=en"
        assert not page.errors, page.errors
    finally:
        close(context, page)


def test_dashboard_on_a_1920_projector_is_larger_and_uses_the_width(voila_url, browser):
    """1920 px: the dashboard is drawn 1.25 × larger (type, tables, charts) and spans most of the screen."""
    context, page = open_page(browser, 1920, 1080)
    try:
        page.goto(f"{voila_url}/voila/render/{dashboards()[0].notebook}", wait_until="domcontentloaded")
        page.wait_for_selector(".cchc-app .cchc-chart svg.marks", timeout=180_000)
        page.wait_for_function("() => document.querySelectorAll('.cchc-chart svg.marks path').length > 3")
        page.screenshot(path=str(SHOTS / "d1_1920_vi.png"))
        size = page.evaluate("() => { const cell = document.querySelector('.cchc-ranking table td');\n"
                             "            return [cell.getBoundingClientRect().height, "
                             "document.querySelector('.cchc-app').getBoundingClientRect().right]; }")
        row_height, right = size
        assert right > 1600 and page.evaluate("() => document.documentElement.scrollWidth") <= 1920
        context_1440, page_1440 = open_page(browser, 1440, 900)
        try:
            page_1440.goto(f"{voila_url}/voila/render/{dashboards()[0].notebook}", wait_until="domcontentloaded")
            page_1440.wait_for_selector(".cchc-ranking table td", timeout=180_000)
            small = page_1440.evaluate(
                "() => document.querySelector('.cchc-ranking table td').getBoundingClientRect().height"
            )
        finally:
            close(context_1440, page_1440)
        assert row_height >= 1.2 * small, (row_height, small)  # the same rows, a quarter taller
    finally:
        close(context, page)
