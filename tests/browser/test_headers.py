"""What the server says about itself and lets a page do (issue 25, part 5): no file list, no
contents API, a Content-Security-Policy a browser enforces, cookies with SameSite, and a
``Server`` header without Tornado's version."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from .helpers import open_dashboard, wait_chart

#: Written out here, not imported: a weakened policy in the code must fail this test.
DASHBOARD_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "connect-src 'self'",
]
HOME_DIRECTIVES = [
    "default-src 'none'",
    "script-src 'unsafe-hashes' 'sha256-mW3/Dp1Czvttv72mYqmU/FYCSeC8fRbdAI2EXjyCk8A='",
    "base-uri 'none'",
    "form-action 'none'",
]


def head(url: str) -> http.client.HTTPMessage:
    """The headers of a GET (urllib raises on 4xx: those are read from the error)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.headers
    except urllib.error.HTTPError as exc:
        return exc.headers


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("path", ["/voila/tree", "/voila/tree/01_tong_quan.ipynb", "/voila/api/contents",
                                  "/voila/api/contents/01_tong_quan.ipynb"])
def test_the_notebooks_are_not_listed(voila_url, path):
    assert status(voila_url + path) == 404


def test_every_response_names_the_product_not_tornado(voila_url):
    for path in ["/", "/voila/static/voila.js", "/voila/tree", "/voila/templates/cchc/static/cchc.css"]:
        assert head(voila_url + path)["Server"] == "cchc-dash", path


def test_the_home_page_may_run_no_script_but_its_one_handler(voila_url):
    policy = [d.strip() for d in head(voila_url + "/")["Content-Security-Policy"].split(";")]
    assert all(d in policy for d in HOME_DIRECTIVES), policy


def test_cookies_say_samesite(voila_url):
    cookies = head(voila_url + "/").get_all("Set-Cookie")
    host = urlsplit(voila_url).hostname.replace(".", "-")
    user = [c for c in cookies if c.startswith(f"username-{host}-")]
    client = [c for c in cookies if c.startswith("cchc_client=")]
    assert len(user) == 1 and "SameSite=Lax" in user[0] and "HttpOnly" in user[0]
    assert len(client) == 1 and "SameSite=Lax" in client[0] and "HttpOnly" in client[0]


def test_the_dashboard_policy_is_enforced_and_the_charts_still_draw(voila_url, page):
    """The policy comes with the page, the chart draws under it (Vega needs eval, anywidget blob:
    modules; any refusal would be a console error, which fails every browser test), and what it
    forbids is refused: a script from elsewhere, an inline eval-free plugin object, a <base>."""
    responses: list[str] = []
    page.on("response", lambda r: responses.append(r.headers.get("content-security-policy", ""))
            if "/voila/render/" in r.url else None)
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    policy = [d.strip() for d in responses[0].split(";")]
    assert all(d in policy for d in DASHBOARD_DIRECTIVES), policy
    refused = page.evaluate("""() => new Promise(done => {
        const seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
        const s = document.createElement('script');
        s.src = 'http://example.invalid/x.js';
        document.head.append(s);
        const o = document.createElement('object');
        o.data = '/voila/static/voila.js';
        document.body.append(o);
        setTimeout(() => done(seen), 1500);
    })""")
    assert "script-src-elem" in refused and "object-src" in refused
    page.console_errors.clear()  # the refusals just provoked are logged as errors: expected here
