"""The published site (io/publish.py) in Chromium, opened from disk (``file://``) and over HTTP
(python's http.server): every kind of page draws its charts with the one shared chart library, logs no
console error (the autouse ``no_page_errors``) and asks nothing of another host; the home page switches
year and group without a server, showing the figures of ``cd.compute`` for what was picked, and keeps
the choice in its address."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.publish import publish

YEAR, EARLIER = 2025, 2023
SO, HUYEN = "Sở, ban, ngành", "UBND cấp huyện"

#: Every chart container in view holds an SVG drawn by Vega with a size and marks.
DRAWN = """() => {
  const boxes = [...document.querySelectorAll('[data-chart]')].filter(el => !el.closest('[hidden]'));
  return boxes.length > 0 && boxes.every(el => {
    const svg = el.querySelector('svg.marks');
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    return box.width > 50 && box.height > 50 && svg.querySelectorAll('path').length > 3;
  });
}"""

#: The ranking of the group in view: unit id → [index, rank, band].
SHOWN = """() => Object.fromEntries(
  [...document.querySelectorAll('#cchc-view section[data-group]:not([hidden]) tr[data-unit]')].map(tr => [
    tr.dataset.unit, ['index', 'rank', 'band'].map(c => tr.querySelector(`[data-col="${c}"]`).innerText.trim())]))"""

PAGES = ["index.html", "don-vi/S03.html", "don-vi/S21.html", "xep-loai.html", "phuong-phap.html", "en/index.html",
         "en/don-vi/S21.html", "en/xep-loai.html"]


class Quiet(SimpleHTTPRequestHandler):
    """http.server's handler without a line on stderr per request."""

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def demo() -> tuple[cd.Dataset, pd.DataFrame]:
    ds = cd.load_sample()
    return ds, cd.compute(ds)


@pytest.fixture(scope="module")
def site(demo, tmp_path_factory) -> Path:
    ds, res = demo
    return publish(ds, res, YEAR, tmp_path_factory.mktemp("publish") / "site", langs=("vi", "en"))


@pytest.fixture(scope="module")
def http_base(site) -> Iterator[str]:
    """The site served by python's http.server on a free port, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["file", "http"])
def base(request, site) -> str:
    return site.as_uri() if request.param == "file" else request.getfixturevalue("http_base")


def watch(page) -> list[str]:
    """The addresses the page asks for, from now on."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    return asked


@pytest.mark.parametrize("path", PAGES)
def test_each_page_draws_its_charts_from_disk_and_over_http(page, base, path):
    asked = watch(page)
    page.goto(f"{base}/{path}", wait_until="load")
    if page.locator("[data-chart]").count():
        page.wait_for_function(DRAWN)
        # one library for every chart: vega-embed from the shared file, nothing inlined or fetched twice
        assert sum("/assets/vega-" in url for url in asked) == 1
    assert page.title() and page.locator("h1").count() == 1
    assert all(url.startswith(base) or url.startswith("data:") for url in asked), asked


@pytest.mark.parametrize("path", ["index.html", "don-vi/S21.html", "xep-loai.html", "en/phuong-phap.html"])
def test_on_a_phone_nothing_is_wider_than_the_screen(phone_page, site, path):
    """390 CSS pixels: charts drawn for a phone (their ``@phone`` spec), tables scrolling in their box."""
    phone_page.goto(f"{site.as_uri()}/{path}", wait_until="load")
    if phone_page.locator("[data-chart]").count():
        phone_page.wait_for_function(DRAWN)
        widths = phone_page.evaluate("[...document.querySelectorAll('[data-chart] svg.marks')]"
                                     ".map(s => s.getBoundingClientRect().right)")
        assert max(widths) <= 390, widths
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def expected(res: pd.DataFrame, year: int, group: str) -> dict[str, list[str]]:
    """The ranking of (year, group) from ``compute``, written as the page writes it (by hand)."""
    part = res[(res["year"] == year) & (res["group"] == group)]
    return {r.unit_id: [f"{r.index:.2f}".replace(".", ","), f"{int(r.rank)}/{int(r.rank_of)}", r.band]
            for r in part.itertuples(index=False)}


def year_shown(page, year: int) -> None:
    page.wait_for_function(f"() => document.getElementById('cchc-view').dataset.year === '{year}'")
    page.wait_for_function(DRAWN)


def test_the_home_page_switches_year_and_group_without_a_server(page, base, demo):
    _, res = demo
    asked = watch(page)
    page.goto(f"{base}/index.html", wait_until="load")
    page.wait_for_function(DRAWN)
    assert page.evaluate(SHOWN) == expected(res, YEAR, SO)

    page.select_option("#cchc-year", str(EARLIER))
    year_shown(page, EARLIER)
    assert page.evaluate(SHOWN) == expected(res, EARLIER, SO)
    assert page.inner_text("#cchc-view section:not([hidden]) h2") == f"{SO} — năm {EARLIER}"
    assert any(url.endswith(f"/data/nam-{EARLIER}.js") for url in asked)

    page.click(f"#cchc-view button[data-group='{HUYEN}']")
    page.wait_for_function(DRAWN)
    assert page.evaluate(SHOWN) == expected(res, EARLIER, HUYEN)
    assert page.get_attribute(f"button[data-group='{HUYEN}']", "aria-pressed") == "true"
    assert f"year={EARLIER}" in page.url and "group=UBND" in page.url

    page.reload(wait_until="load")  # the address opens the same view
    year_shown(page, EARLIER)
    assert page.evaluate(SHOWN) == expected(res, EARLIER, HUYEN)

    page.select_option("#cchc-year", str(YEAR))  # back to the year announced: no group of districts in it
    year_shown(page, YEAR)
    assert page.evaluate(SHOWN) == expected(res, YEAR, SO)
    assert all(url.startswith(base) or url.startswith("data:") for url in asked), asked


@pytest.mark.parametrize("hash_", ["#year=10000000000&group=%3Cscript%3E", "#year=2023&group=%E0%A4%A", "#year=<b>"])
def test_an_address_with_a_bad_year_or_group_opens_what_it_can(page, site, demo, hash_):
    """An unknown year opens the year announced, an unknown or undecodable group the first one."""
    _, res = demo
    page.goto(f"{site.as_uri()}/index.html{hash_}", wait_until="load")
    page.wait_for_function(DRAWN)
    year = EARLIER if "year=2023" in hash_ else YEAR
    year_shown(page, year)
    assert page.evaluate(SHOWN) == expected(res, year, SO)
