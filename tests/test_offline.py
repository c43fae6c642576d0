"""ui/offline.py: the chart JavaScript is read from the cache file when there is one (no V8 in
the kernel) and built, exactly as Altair builds it, and cached when there is not; under the
server, a chart's module only imports the library that the server serves once per browser
(app/serving.py: the library's handler, the caching of static files, the compression settings)."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import altair as alt
import pytest
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPResponse
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port

from cchc_dash.app import serving
from cchc_dash.ui import offline

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh_chart_class(monkeypatch, tmp_path):
    """JupyterChart back to online for the test, a private cache folder, not under the server, and
    the class restored after."""
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setenv("CCHC_CACHE", str(tmp_path))
    monkeypatch.delenv(offline.SERVED_ENV, raising=False)
    return tmp_path


def test_the_cache_file_is_named_after_both_versions(fresh_chart_class):
    path = offline.cache_file()
    assert path.parent == fresh_chart_class
    assert f"altair{alt.__version__}" in path.name and "vlconvert" in path.name and path.suffix == ".js"


def test_a_cached_bundle_is_used_without_vl_convert(fresh_chart_class, monkeypatch):
    offline.cache_file().write_text("/* cached bundle */", encoding="utf-8")

    def no_v8(*args, **kwargs):
        raise AssertionError("vl-convert's V8 must not start when the bundle is cached")
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(no_v8))
    offline.enable()
    assert alt.JupyterChart._is_offline and alt.JupyterChart._esm == "/* cached bundle */"


def test_without_a_cache_the_bundle_is_altairs_own_and_is_kept(fresh_chart_class):
    offline.enable()
    built = alt.JupyterChart._esm
    assert alt.JupyterChart._is_offline and len(built) > 100_000 and "vega" in built
    assert offline.cache_file().read_text(encoding="utf-8") == built
    assert [p.name for p in fresh_chart_class.iterdir()] == [offline.cache_file().name]  # no temporary left


def test_a_read_only_cache_still_gives_offline_charts(fresh_chart_class, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE", "/proc/cchc_dash_cannot_be_here")
    offline.enable()
    assert alt.JupyterChart._is_offline and "vega" in alt.JupyterChart._esm


# --- served: the library once per browser -------------------------------------------------------------


def test_the_served_name_changes_with_the_content_only():
    """16 hex digits of the bundle's SHA-256: the same bundle, the same address (every kernel and the
    server agree); another Altair or vl-convert, another address (no browser keeps the old one)."""
    name = offline.served_name(b"export default {};")
    assert re.fullmatch(r"cchc/jupyterchart-[0-9a-f]{16}\.js", name)
    assert offline.served_name(b"export default {};") == name != offline.served_name(b"export default {render};")


def test_under_the_server_a_chart_only_imports_the_library(fresh_chart_class, monkeypatch):
    """A kernel started by the server (the variable set) gives every chart a module of about a kilobyte
    that imports the served file, absolute from the page's base URL (the module itself is a blob:), and
    hands over its renderer, called once the chart is near the screen or the page is idle; neither the
    cache file nor V8 is touched."""
    def no_bundle(*args, **kwargs):
        raise AssertionError("a served kernel needs no bundle of its own")
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(no_bundle))
    monkeypatch.setattr(offline, "prepare", no_bundle)
    monkeypatch.setenv(offline.SERVED_ENV, "cchc/jupyterchart-0123456789abcdef.js")
    offline.enable()
    esm = alt.JupyterChart._esm
    assert alt.JupyterChart._is_offline and len(esm) < 1300
    assert ('await import(new URL(document.body.dataset.baseUrl + "cchc/jupyterchart-0123456789abcdef.js", '
            "location.href).href)") in esm
    assert "await seen(context.el, signal);" in esm
    assert "return library.default.render({ ...context, model: guarded });" in esm
    assert "new IntersectionObserver(" in esm and "requestIdleCallback" in esm
    assert not any(fresh_chart_class.iterdir())
    chart = alt.JupyterChart(alt.Chart().mark_point())
    assert chart._esm == esm  # what the widget sends to the page


def test_the_address_is_written_as_a_javascript_string():
    """The address goes into the module as a JSON string: a quote in it cannot end the string."""
    esm = offline.importer('x"); alert(1); ("')
    assert 'document.body.dataset.baseUrl + "x\\"); alert(1); (\\"", location.href' in esm


def fetch(app: web.Application, path: str, **headers: str) -> HTTPResponse:
    """GET ``path`` from ``app`` served on a free local port, the body as sent (not decompressed)."""
    async def get() -> HTTPResponse:
        sock, port = bind_unused_port()
        server = HTTPServer(app)
        server.add_sockets([sock])
        try:
            return await AsyncHTTPClient().fetch(f"http://127.0.0.1:{port}{path}", headers=headers,
                                                 decompress_response=False, raise_error=False)
        finally:
            server.stop()

    # On a thread of its own: after the browser tests, Playwright's loop still runs in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, get()).result()


@pytest.mark.parametrize("compress_response", [False, True])
def test_the_library_is_served_for_a_year_and_compressed_when_asked(compress_response):
    """Compressed once, at start, whether or not Tornado compresses the other responses (then its
    compression leaves this one alone), and said to vary with ``Accept-Encoding`` once."""
    source = b"export default {render() {}};\n" * 2000
    library = serving.ChartLibrary(source)
    route = (r"/voila/" + re.escape(library.name), serving.ChartLibraryHandler, {"library": library})
    app = web.Application([route], compress_response=compress_response)
    zipped = fetch(app, "/voila/" + library.name, **{"Accept-Encoding": "gzip, deflate, br"})
    plain = fetch(app, "/voila/" + library.name)
    for response in (zipped, plain):
        assert response.code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert response.headers["Vary"] == "Accept-Encoding"
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.body) == source
    assert len(zipped.body) < len(source) / 10
    assert "Content-Encoding" not in plain.headers and plain.body == source
    assert fetch(app, "/voila/cchc/jupyterchart-0000000000000000.js").code == 404  # only the current one


class Files(serving.ContentNamedFiles):
    """:class:`serving.ContentNamedFiles` over a plain folder."""


def test_files_named_after_their_content_are_kept_for_a_year(tmp_path):
    """webpack's ``<id>.<hash>.js`` and ``remoteEntry.<hash>.js``, the fonts' ``<hash>.woff2``: immutable;
    Voilà's chunks named by a number and plain names: the handler's own caching (none here)."""
    names = ["84.09c61a35dce1705f.js", "remoteEntry.698dcaf7.js", "9834b82ad26e2a37583d.woff2",
             "7155.voila.js", "voila.js", "style.js", "index.css"]
    for name in names:
        (tmp_path / name).write_text("x")
    app = web.Application([(r"/(.*)", Files, {"path": str(tmp_path)})])
    cached = {name: fetch(app, "/" + name).headers.get("Cache-Control") for name in names}
    assert cached == dict.fromkeys(names[:3], serving.IMMUTABLE) | dict.fromkeys(names[3:])


def test_voilas_own_scripts_are_kept_for_a_year_under_a_fingerprint_of_their_folders(tmp_path):
    """Every file under the versioned address is immutable; the fingerprint changes with any file's
    content or name in any folder, and only then."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    (second / "sub").mkdir(parents=True)
    (first / "voila.js").write_text("one")
    (second / "sub" / "7155.voila.js").write_text("chunk")
    folders = [str(first), str(second)]
    fingerprint = serving.static_fingerprint(folders)
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint) and serving.static_fingerprint(folders) == fingerprint
    app = web.Application([(rf"/voila/static/{fingerprint}/(.*)", serving.VersionedStaticFiles, {"paths": folders})])
    for path in ("voila.js", "sub/7155.voila.js"):
        response = fetch(app, f"/voila/static/{fingerprint}/{path}")
        assert response.code == 200 and response.headers["Cache-Control"] == serving.IMMUTABLE
    (second / "sub" / "7155.voila.js").write_text("chunk, new Voilà")
    changed = serving.static_fingerprint(folders)
    (second / "sub" / "7155.voila.js").rename(second / "sub" / "7156.voila.js")
    assert len({fingerprint, changed, serving.static_fingerprint(folders)}) == 3


def test_every_page_loads_voilas_scripts_from_the_versioned_address():
    """The page-config hook sets ``fullStaticUrl`` (where ``voila.js`` and its chunks are loaded
    from) under the fingerprint, after a hook of the configuration, which it keeps."""
    app = serving.BusyAwareVoila()
    app.static_version = "0123456789abcdef"
    seen = []

    def theirs(page_config: dict, **kwargs) -> dict:
        seen.append(kwargs["notebook_path"])
        return {**page_config, "theirs": True}

    for hook in (None, theirs):
        page = app._versioned_static(hook)({"fullStaticUrl": "/base/voila/static"}, base_url="/base/",
                                           notebook_path="01_tong_quan.ipynb")
        assert page["fullStaticUrl"] == "/base/voila/static/0123456789abcdef"
    assert page["theirs"] and seen == ["01_tong_quan.ipynb"]


def test_no_cache_file_no_served_library(monkeypatch, tmp_path, caplog):
    """Without the bundle (a server not started by ``cchc-dash serve``, which builds it) nothing is
    served and the log says why: kernels then carry the library in every chart, as in JupyterLab."""
    monkeypatch.setenv("CCHC_CACHE", str(tmp_path))
    assert serving.chart_library(logging.getLogger("test")) is None
    assert "every chart will carry its own copy" in caplog.text
    offline.cache_file().write_bytes(b"export default {};")
    assert serving.chart_library(logging.getLogger("test")).name == offline.served_name(b"export default {};")


def test_the_committed_settings_compress_responses_and_websocket_messages():
    tornado = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))["Voila"]["tornado_settings"]
    assert tornado["compress_response"] is True and tornado["websocket_compression_options"] == {}
