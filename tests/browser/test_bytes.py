"""What a page costs on the network (issue 27): the chart library crosses it once per browser, as a
cached file, never again inside a chart's websocket message; responses and websocket messages are
compressed; a second visit fetches little but the page. Seen through Chromium's own network events
(DevTools protocol), as a viewer's browser receives them."""

from __future__ import annotations

import base64
import gzip
import urllib.request
from dataclasses import dataclass, field

import pytest

from .helpers import open_dashboard, wait_chart

#: A name the chart library (vega-embed and Altair's widget code) exports and a chart's own module
#: (the few lines importing the library) does not: a message holding it carries the library.
LIBRARY_MARK = b"addSignalListener"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass
class Traffic:
    """What one page exchanged, from Chromium's ``Network`` events."""

    responses: dict[str, dict] = field(default_factory=dict)  #: request id → url, headers, from_cache, bytes
    frames: list[bytes] = field(default_factory=list)  #: websocket messages received, as sent (decoded)
    handshakes: list[dict] = field(default_factory=list)  #: websocket handshake responses' headers

    def requests_for(self, url: str) -> list[dict]:
        return [r for r in self.responses.values() if r.get("url") == url]


def watch(page) -> Traffic:
    """Record ``page``'s network traffic from now on."""
    seen = Traffic()
    cdp = page.context.new_cdp_session(page)

    def response(e: dict) -> None:
        r, request = e["response"], seen.responses.setdefault(e["requestId"], {"from_cache": False})
        request.update(url=r["url"], status=r["status"], headers={k.lower(): v for k, v in r["headers"].items()},
                       from_cache=request["from_cache"] or bool(r.get("fromDiskCache") or r.get("fromMemoryCache")))

    def frame(e: dict) -> None:
        r = e["response"]
        seen.frames.append(base64.b64decode(r["payloadData"]) if r["opcode"] == 2 else r["payloadData"].encode())

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.requestServedFromCache", lambda e: seen.responses.setdefault(e["requestId"], {}).update(
        from_cache=True))  # sent before the response
    cdp.on("Network.loadingFinished", lambda e: seen.responses.setdefault(e["requestId"], {"from_cache": False})
           .update(bytes=e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: seen.handshakes.append(
        {k.lower(): v for k, v in e["response"]["headers"].items()}))
    cdp.send("Network.enable")
    return seen


def library_url(page) -> str:
    """The chart library's address, as the page asks for it (its modulepreload link)."""
    return page.eval_on_selector("link[rel=modulepreload]", "link => link.href")


TRENDS = (".cchc-trend", ".cchc-bump", ".cchc-heat", ".cchc-ref")
SIPAS = (".cchc-sipas-intervals", ".cchc-sipas-heat", ".cchc-likert", ".cchc-par-sipas", ".cchc-sipas-trend")


@pytest.mark.parametrize(("notebook", "charts"), [("02_so_sanh.ipynb", TRENDS), ("05_sipas.ipynb", SIPAS)])
def test_no_chart_message_carries_the_chart_library(voila_url, page, notebook, charts):
    """So sánh draws four charts, SIPAS five; each used to receive its own 0.97 MB copy of the
    library over the websocket (3.9 and 4.8 MB a visit). Now the page's whole websocket traffic is
    smaller than one copy, no message holds the library's code, and the library is fetched once for
    all charts, as a file named after its content, compressed and kept by the browser for a year."""
    seen = watch(page)
    open_dashboard(page, voila_url, notebook)
    for chart in charts:
        wait_chart(page, chart)
    url = library_url(page)
    with urllib.request.urlopen(url, timeout=30) as response:  # as sent to a client that asks no compression
        library = response.read()
    assert len(library) > 500_000 and LIBRARY_MARK in library
    assert seen.frames and not [len(f) for f in seen.frames if LIBRARY_MARK in f]
    assert sum(len(f) for f in seen.frames) < len(library), sorted(len(f) for f in seen.frames)[-3:]
    fetched = seen.requests_for(url)
    assert len(fetched) == 1, fetched
    assert fetched[0]["headers"]["cache-control"] == IMMUTABLE
    assert fetched[0]["headers"]["content-encoding"] == "gzip" and fetched[0]["bytes"] < len(library) / 2
    assert page.evaluate("document.querySelectorAll('.vega-embed').length") == len(charts)


def test_responses_and_messages_are_compressed_and_nothing_comes_from_elsewhere(voila_url, page):
    """The page and every script or stylesheet arrive gzip-compressed (Chromium asks for it; Tornado
    leaves alone what is under 1 KB), the websocket negotiates permessage-deflate, and every request
    goes to this server."""
    seen = watch(page)
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    served = [r for r in seen.responses.values() if r.get("url", "").startswith(voila_url)]
    elsewhere = [r["url"] for r in seen.responses.values()
                 if "url" in r and not r["url"].startswith((voila_url, "blob:", "data:"))]
    assert not elsewhere
    text = [r for r in served if r["headers"].get("content-type", "").startswith(("text/", "application/javascript"))
            and r.get("bytes", 0) > 1024]
    assert len(text) > 20 and all(r["headers"].get("content-encoding") == "gzip" for r in text), [
        r["url"] for r in text if r["headers"].get("content-encoding") != "gzip"]
    assert any("/voila/render/01_tong_quan.ipynb" in r["url"] for r in text)
    assert seen.handshakes and all("permessage-deflate" in h.get("sec-websocket-extensions", "")
                                   for h in seen.handshakes)


def test_compression_only_for_a_client_that_asks(voila_url):
    """gzip for a client sending ``Accept-Encoding: gzip``, the plain file otherwise."""
    url = voila_url + "/voila/templates/cchc/static/cchc.css"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=30) as r:
        zipped, encoding = r.read(), r.headers.get("Content-Encoding")
    with urllib.request.urlopen(url, timeout=30) as r:
        plain, no_encoding = r.read(), r.headers.get("Content-Encoding")
    assert encoding == "gzip" and no_encoding is None
    assert gzip.decompress(zipped) == plain and len(zipped) < len(plain) / 2


def test_a_second_visit_fetches_little_but_the_page(voila_url, page):
    """Voilà's scripts, the widget extensions, the stylesheets, the fonts and the chart library all
    come from the browser's cache on a second visit, without asking the server; what crosses the
    network is the page itself and the kernel's address (~15 KB against ~1.8 MB the first time)."""
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    seen = watch(page)
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")  # the same tab: its browser's cache
    wait_chart(page, ".cchc-chart")
    fetched = [r for r in seen.responses.values() if r.get("url", "").startswith(voila_url) and not r["from_cache"]]
    cached = [r for r in seen.responses.values() if r.get("url", "").startswith(voila_url) and r["from_cache"]]
    assert len(cached) > 50 and any("/voila/cchc/jupyterchart-" in r["url"] for r in cached)
    assert sorted({r["url"].split("?")[0].removeprefix(voila_url).rsplit("/", 1)[0] for r in fetched}) == [
        "/api/kernels", "/voila/render"], [r["url"] for r in fetched]
    assert sum(r.get("bytes", 0) for r in fetched) < 50_000
