"""app/serving.py, what a page fetches besides itself (issue 26): the chart library served once as a file named
after its content, Voilà's scripts under a versioned address, the extensions' and template's files named after
their content, the page's preload tag, the `Server` header, the content security policies and the Voilà pages
that are not served. Fast: real Tornado applications on a local port, no Voilà server, no browser.

Expected values are written out: the library's name is the first 16 hex digits of the SHA-256 of the bytes
below (`sha256sum`), the fingerprint of Voilà's static folders is worked from its definition in
`test_the_static_fingerprint_covers_every_file_its_folder_and_path`, the policies are the ones docs/deploy.md
lists."""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jinja2
import pytest
from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.base.handlers import FileFindHandler
from tornado import httpclient, httpserver, testing, web
from voila.app import Voila
from voila.configuration import VoilaConfiguration
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from cchc_dash.app import serving
from cchc_dash.ui import offline

#: A stand-in for the chart library (the real one is 0.9 MB), and its name: `printf … | sha256sum`, 16 digits.
SOURCE = b'export default function render() { return "cchc"; }\n'
NAME = "cchc/jupyterchart-936f9ef500fe9272.js"
IMMUTABLE = "public, max-age=31536000, immutable"
#: What a Jupyter handler (the extensions' files) needs of its application to answer a request.
JUPYTER_SETTINGS = {"cookie_secret": b"test", "identity_provider": IdentityProvider()}


def _fetch(app: web.Application, path: str, headers: dict[str, str] | None = None) -> httpclient.HTTPResponse:
    """GET ``path`` from ``app`` served on a free local port, the body as sent (not decompressed); on a loop and
    thread of their own (after the browser tests Playwright's loop still runs in the main thread)."""

    async def get() -> httpclient.HTTPResponse:
        sock, port = testing.bind_unused_port()
        server = httpserver.HTTPServer(app)
        server.add_sockets([sock])
        client = httpclient.AsyncHTTPClient(force_instance=True)
        try:
            return await client.fetch(f"http://127.0.0.1:{port}{path}", headers=headers or {},
                                      decompress_response=False, raise_error=False)
        finally:
            client.close()
            server.stop()
            await server.close_all_connections()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, get()).result()


def _library_app(library: serving.ChartLibrary, *, compress: bool) -> web.Application:
    transforms = [web.GZipContentEncoding] if compress else []
    return web.Application([(r"/voila/" + re.escape(library.name), serving.ChartLibraryHandler,
                             {"library": library})], transforms=transforms)


# --- the chart library: one file, named after its content ----------------------------------------


def test_the_library_is_named_after_its_content_and_compressed_once():
    library = serving.ChartLibrary(SOURCE)
    assert library.source == SOURCE and library.name == NAME
    assert serving.ChartLibrary(SOURCE + b"// 2\n").name == "cchc/jupyterchart-4d88c43c6a5408a3.js"
    assert gzip.decompress(library.gzipped) == SOURCE
    # the gzip header (RFC 1952): no modification time (bytes 4–7), "maximum compression" (XFL 2) at level 9
    assert library.gzipped[:4] == b"\x1f\x8b\x08\x00" and library.gzipped[4:8] == b"\0\0\0\0"
    assert library.gzipped[8] == 2
    assert serving.ChartLibrary(SOURCE).gzipped == library.gzipped  # the same bytes every start


@pytest.mark.parametrize("compress", [False, True])
def test_the_library_is_served_for_a_year_and_compressed_when_the_browser_accepts_gzip(compress):
    """With or without the server's own gzip (`compress_response`): the same headers, `Vary` said once,
    and the body compressed once, by the handler, only for a browser that accepts gzip."""
    app = _library_app(serving.ChartLibrary(SOURCE), compress=compress)
    for accept in ("gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8"):
        zipped = _fetch(app, f"/voila/{NAME}", {"Accept-Encoding": accept})
        assert zipped.code == 200
        assert zipped.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert zipped.headers["Cache-Control"] == IMMUTABLE
        assert zipped.headers.get_list("Vary") == ["Accept-Encoding"]
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.body) == SOURCE
    for accept in (None, "identity", "br, deflate"):
        plain = _fetch(app, f"/voila/{NAME}", {"Accept-Encoding": accept} if accept else {})
        assert plain.code == 200 and plain.body == SOURCE
        assert "Content-Encoding" not in plain.headers
        assert plain.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert plain.headers["Cache-Control"] == IMMUTABLE
        assert plain.headers.get_list("Vary") == ["Accept-Encoding"]


def test_the_library_is_read_from_the_cache_file_or_left_out_with_a_warning(monkeypatch, tmp_path, caplog):
    bundle = tmp_path / "jupyterchart.js"
    monkeypatch.setattr(offline, "cache_file", lambda: bundle)
    log = logging.getLogger("test.serving")
    with caplog.at_level(logging.WARNING, "test.serving"):
        assert serving.chart_library(log) is None
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert caplog.records[0].getMessage() == (
        f"No chart library to serve ([Errno 2] No such file or directory: '{bundle}'): every chart will carry its "
        "own copy (~0.9 MB). `cchc-dash serve` builds it before starting.")
    bundle.write_bytes(SOURCE)
    library = serving.chart_library(log)
    assert library is not None and library.name == NAME and library.source == SOURCE


# --- BusyAwareVoila: the routes ---------------------------------------------------------------------


class _Voilas:
    """Routes of the kinds Voilà builds, under /base/ (simplified: each handler init_handlers replaces or drops,
    and a static route it keeps as it is)."""

    options = {"notebook_path": "x"}

    def __init__(self, static: str, labext: str):
        self.routes: list = [
            ("/base/", TornadoVoilaTreeHandler),
            ("/base/voila/tree(.*)", TornadoVoilaTreeHandler),
            ("/base/voila/render/(.*)", TornadoVoilaHandler, self.options),
            ("/base/api/kernels/(.*)/channels", VoilaKernelWebsocketHandler),
            ("/base/voila/api/contents(.*)", VoilaContentsHandler),
            ("/base/voila/labextensions/(.*)", FileFindHandler, {"path": [labext], "no_cache_paths": ["/"]}),
            ("/base/voila/templates/(.*)", TemplateStaticFileHandler),
            ("/base/voila/static/(.*)", web.StaticFileHandler, {"path": static}),
        ]


def _server(monkeypatch, tmp_path: Path, library: serving.ChartLibrary | None) -> tuple[serving.BusyAwareVoila,
                                                                                           list, Path, Path]:
    """A BusyAwareVoila at /base/ whose Voilà routes are :class:`_Voilas`'s, its static folders two under
    ``tmp_path`` (``voila.js`` in the first, ``voila.js`` and ``extra.js`` in the second), its chart library
    ``library``: (app, the routes it serves, the first static folder, the extensions' folder)."""
    first, second, labext = tmp_path / "static1", tmp_path / "static2", tmp_path / "labext"
    for folder in (first, second, labext / "anywidget" / "static"):
        folder.mkdir(parents=True)
    (first / "voila.js").write_text("first voila")
    (second / "voila.js").write_text("second voila")
    (second / "extra.js").write_text("extra")
    voilas = _Voilas(str(first), str(labext))
    monkeypatch.setattr(Voila, "init_handlers", lambda self: list(voilas.routes))
    app = serving.BusyAwareVoila(base_url="/base/", static_paths=[str(first), str(second)])
    app.server_url = "/base/"
    app.static_version = "0123456789abcdef"
    app.library = library
    return app, app.init_handlers(), first, labext


def test_the_routes_ours_first_then_voilas_without_its_file_list(monkeypatch, tmp_path):
    library = serving.ChartLibrary(SOURCE)
    app, served, first, labext = _server(monkeypatch, tmp_path, library)
    assert served == [
        ("/base/", serving.HomeHandler),
        ("/base/cchc/thumbnails/(vi|en)/([0-9A-Za-z_]+)\\.svg", serving.ThumbnailHandler),
        ("/base/voila/static/0123456789abcdef/(.*)", serving.VersionedStaticFiles,
         {"paths": [str(first), str(tmp_path / "static2")], "default_filename": "index.html"}),
        ("/base/voila/cchc/jupyterchart\\-936f9ef500fe9272\\.js", serving.ChartLibraryHandler, {"library": library}),
        ("/base/voila/render/(.*)", serving.BusyAwareHandler, _Voilas.options),
        ("/base/api/kernels/(.*)/channels", serving.ClientAwareKernelWebsocketHandler),
        ("/base/voila/labextensions/(.*)", serving.LabExtensionFiles, {"path": [str(labext)], "no_cache_paths": ["/"]}),
        ("/base/voila/templates/(.*)", serving.TemplateFiles),
        ("/base/voila/static/(.*)", web.StaticFileHandler, {"path": str(first)}),
    ]
    assert serving.BusyAwareVoila.UNSERVED == (TornadoVoilaTreeHandler, VoilaContentsHandler)
    _, without, _, _ = _server(monkeypatch, tmp_path / "none", None)
    assert [spec[1] for spec in without] == [
        serving.HomeHandler, serving.ThumbnailHandler, serving.VersionedStaticFiles, serving.BusyAwareHandler,
        serving.ClientAwareKernelWebsocketHandler, serving.LabExtensionFiles, serving.TemplateFiles,
        web.StaticFileHandler]


def test_what_the_server_answers_at_each_address(monkeypatch, tmp_path):
    """The library at its name only (another digest, or a name whose dots are not dots, is 404); Voilà's
    scripts under the fingerprint for a year, the first folder holding a name winning; Voilà's file list and
    contents API not served; every response says `Server: cchc-dash`."""
    app, served, _, _ = _server(monkeypatch, tmp_path, serving.ChartLibrary(SOURCE))
    tornado_app = web.Application(served, transforms=[serving.ServerName])
    library = _fetch(tornado_app, f"/base/voila/{NAME}")
    assert library.code == 200 and library.body == SOURCE and library.headers["Cache-Control"] == IMMUTABLE
    for other in ("/base/voila/cchc/jupyterchart-0000000000000000.js",
                  "/base/voila/cchc/jupyterchart-936f9ef500fe9272xjs",
                  "/base/voila/cchc/jupyterchart-936f9ef500fe9272.js.map", f"/voila/{NAME}",
                  "/base/voila/tree", "/base/voila/tree/notebooks", "/base/voila/api/contents",
                  "/base/voila/api/contents/01_tong_quan.ipynb"):
        missing = _fetch(tornado_app, other)
        assert (missing.code, missing.headers["Server"]) == (404, "cchc-dash"), other
    script = _fetch(tornado_app, "/base/voila/static/0123456789abcdef/voila.js")
    assert (script.code, script.body, script.headers["Cache-Control"]) == (200, b"first voila", IMMUTABLE)
    extra = _fetch(tornado_app, "/base/voila/static/0123456789abcdef/extra.js")
    assert (extra.code, extra.body, extra.headers["Cache-Control"]) == (200, b"extra", IMMUTABLE)
    assert library.headers["Server"] == script.headers["Server"] == "cchc-dash"
    assert _fetch(tornado_app, "/base/voila/static/fedcba9876543210/voila.js").code == 404  # Voilà's own, not ours


def test_the_server_adds_gzip_once_and_its_name_to_every_response(monkeypatch):
    """`compress_response` set by voila.json reaches Tornado only through listen(): gzip is added once (not
    again when Tornado has it already), never when not asked for; ServerName always, last."""
    from types import SimpleNamespace

    monkeypatch.setattr(Voila, "listen", lambda self: None)
    cases = [({"compress_response": True}, [], [web.GZipContentEncoding, serving.ServerName]),
             ({"compress_response": True}, [web.GZipContentEncoding], [web.GZipContentEncoding, serving.ServerName]),
             ({"compress_response": False}, [], [serving.ServerName]),
             ({}, [], [serving.ServerName])]
    for settings, transforms, expected in cases:
        app = serving.BusyAwareVoila()
        app.app = SimpleNamespace(settings=settings, transforms=list(transforms), listen=None)
        app.listen()
        assert app.app.transforms == expected, settings


def test_a_compressed_server_says_vary_once_for_every_file(monkeypatch, tmp_path):
    """Through the server's transforms as listen() leaves them: the library and Voilà's scripts compressed
    when asked, `Vary: Accept-Encoding` once, `Server: cchc-dash`."""
    app, served, _, _ = _server(monkeypatch, tmp_path, serving.ChartLibrary(SOURCE * 200))
    tornado_app = web.Application(served, transforms=[web.GZipContentEncoding, serving.ServerName])
    name = serving.ChartLibrary(SOURCE * 200).name
    library = _fetch(tornado_app, f"/base/voila/{name}", {"Accept-Encoding": "gzip"})
    assert gzip.decompress(library.body) == SOURCE * 200 and library.headers.get_list("Vary") == ["Accept-Encoding"]
    assert library.headers["Server"] == "cchc-dash" and library.headers["Content-Encoding"] == "gzip"


# --- files named after their content -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path,immutable",
    [
        ("anywidget/static/remoteEntry.0123abcd.js", True),  # webpack's remoteEntry.<hash>.js
        ("anywidget/static/728.5f3e1a9b0c7d2e41.js", True),  # <id>.<hash>.js
        ("anywidget/static/0a1b2c3d4e5f.woff2", True),  # a font named <hash>.woff2
        ("anywidget/static/main.js", False),
        ("anywidget/static/remoteEntry.0123abc.js", False),  # 7 hex digits: not a content hash
        ("anywidget/static/x0123abcdef.js", False),  # hex digits inside a word
        ("anywidget/static/remoteEntry.0123ABCD.js", False),  # capitals: not how the builds name files
        ("anywidget/static/remoteEntry.0123abcd", False),  # no dot after the digits
        ("v.0123abcd.x/main.js", False),  # a folder's name does not count, only the file's
    ],
)
def test_extension_files_named_after_their_content_are_kept_a_year(monkeypatch, tmp_path, path, immutable):
    """The widget extensions: a file whose name carries a content hash is immutable; any other keeps
    Jupyter's `no-cache` (the browser asks again, and gets 304)."""
    monkeypatch.setattr(FileFindHandler, "_static_paths", {})  # Jupyter's cache of where each name was found
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text("x")
    app = web.Application([(r"/voila/labextensions/(.*)", serving.LabExtensionFiles,
                            {"path": [str(tmp_path)], "no_cache_paths": ["/"]})], **JUPYTER_SETTINGS)
    response = _fetch(app, f"/voila/labextensions/{path}")
    assert response.code == 200 and response.body == b"x"
    assert response.headers.get_list("Cache-Control") == ([IMMUTABLE] if immutable else ["no-cache"])


def test_a_plain_static_file_named_after_its_content(tmp_path):
    """ContentNamedFiles on Tornado's own handler: a hashed file is immutable, another gets no cache header."""
    (tmp_path / "1d2e3f4a5b6c.woff2").write_text("font")
    (tmp_path / "style.css").write_text("css")
    app = web.Application([(r"/files/(.*)", serving.ContentNamedFiles, {"path": str(tmp_path)})])
    assert _fetch(app, "/files/1d2e3f4a5b6c.woff2").headers.get_list("Cache-Control") == [IMMUTABLE]
    assert "Cache-Control" not in _fetch(app, "/files/style.css").headers


def test_the_static_fingerprint_covers_every_file_its_folder_and_path(tmp_path):
    """The definition (serving.static_fingerprint): SHA-256 over, for each folder of Voilà's static paths in
    their order (rank 0, 1, …), its sub-folders in sorted order and each one's files by name, the bytes
    ``f"{rank}/{path under the folder}"``, a NUL, and the SHA-256 of the file; 16 hex digits of it. Worked for
    the two folders below by ``hashlib`` in that order: 0/a.js, 0/b.js, 0/y.css, 0/lib/c.js, 0/lib/d.js,
    0/x/e.js, 1/a.js, 1/z.js → 4f88110e878ac557. Any change of a file, its name, its folder or the folders'
    order changes it."""
    first, second = tmp_path / "v0", tmp_path / "v1"
    files = {first / "y.css": "y", first / "b.js": "b", first / "a.js": "a", first / "x" / "e.js": "e",
             first / "lib" / "d.js": "d", first / "lib" / "c.js": "c", second / "z.js": "z", second / "a.js": "other a"}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    roots = [str(first), str(second)]
    assert serving.static_fingerprint(roots) == "4f88110e878ac557"
    seen = {"4f88110e878ac557"}
    changes: list[Callable[[], object]] = [
        lambda: (first / "lib" / "c.js").write_text("c2"),  # content
        lambda: (first / "b.js").rename(first / "bb.js"),  # a name
        lambda: (first / "x" / "e.js").rename(first / "lib" / "e.js"),  # a folder
        lambda: (second / "z.js").rename(first / "z.js"),  # from one static path to the other
        lambda: (first / "empty.js").write_text(""),  # a new empty file
    ]
    for change in changes:
        change()
        fingerprint = serving.static_fingerprint(roots)
        assert re.fullmatch(r"[0-9a-f]{16}", fingerprint) and fingerprint not in seen
        seen.add(fingerprint)
    assert serving.static_fingerprint(roots[::-1]) not in seen  # the folders' order (which one wins)
    assert serving.static_fingerprint([]) == "e3b0c44298fc1c14"  # nothing: SHA-256 of no bytes


def test_every_page_loads_voilas_scripts_from_the_versioned_address(monkeypatch):
    """The page-config hook: `fullStaticUrl` under the base URL and the fingerprint, after a hook of the
    configuration's own (whose changes are kept)."""
    app = serving.BusyAwareVoila()
    app.static_version = "0123456789abcdef"
    plain = app._versioned_static(None)
    assert plain({"appVersion": "0.5"}, base_url="/base/", settings={}) == {
        "appVersion": "0.5", "fullStaticUrl": "/base/voila/static/0123456789abcdef"}
    calls = []

    def theirs(page_config: dict, **kwargs: object) -> dict:
        calls.append(kwargs)
        return {**page_config, "theirs": True, "fullStaticUrl": "/elsewhere"}

    hooked = app._versioned_static(theirs)
    assert hooked({"a": 1}, base_url="/", notebook_path="x.ipynb") == {
        "a": 1, "theirs": True, "fullStaticUrl": "/voila/static/0123456789abcdef"}
    assert calls == [{"base_url": "/", "notebook_path": "x.ipynb"}]


# --- start(): what the kernels, the page and the policy are told --------------------------------------


@pytest.fixture
def started(monkeypatch, tmp_path):
    """start() of a BusyAwareVoila whose chart library's cache file is ``tmp_path/bundle.js`` (written by the
    test or not), with static paths of one file, a configuration's resources and page hook of its own, and
    Voilà's start stubbed; calls ``run(tornado_settings)`` → the app after start()."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "voila.js").write_text("v")
    monkeypatch.setattr(offline, "cache_file", lambda: tmp_path / "bundle.js")
    monkeypatch.setattr(Voila, "start", lambda self: setattr(self, "voila_started", True))
    monkeypatch.setenv(offline.SERVED_ENV, "cchc/jupyterchart-stale.js")

    def run(tornado_settings: dict) -> serving.BusyAwareVoila:
        app = serving.BusyAwareVoila(static_paths=[str(static)], tornado_settings=tornado_settings)
        app.config.VoilaConfiguration.resources = {"theme": "light"}
        app.voila_configuration = VoilaConfiguration(parent=app)
        app.voila_configuration.page_config_hook = lambda page_config, **kw: {**page_config, "hooked": True}
        app.start()
        return app

    return run, tmp_path / "bundle.js"


def test_start_tells_the_kernels_and_the_page_the_librarys_name(started):
    """With a bundle: the kernels inherit CCHC_CHART_LIBRARY, the page template's resources name the same file
    (beside the configuration's own), the policy header is set, Voilà's scripts are versioned."""
    run, bundle = started
    bundle.write_bytes(SOURCE)
    app = run({})
    assert app.voila_started
    assert app.library is not None and app.library.name == NAME
    assert os.environ[offline.SERVED_ENV] == NAME
    assert app.voila_configuration.config.VoilaConfiguration.resources == {"theme": "light", "cchc_chart_library": NAME}
    assert app.tornado_settings["headers"] == {"Content-Security-Policy": serving.DASHBOARD_CSP}
    fingerprint = app.static_version
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint) and fingerprint == serving.static_fingerprint(app.static_paths)
    assert app.voila_configuration.page_config_hook({}, base_url="/") == {
        "hooked": True, "fullStaticUrl": f"/voila/static/{fingerprint}"}


def test_start_without_a_bundle_keeps_every_chart_whole_and_a_policy_of_the_operators(started):
    """No bundle: no library, no CCHC_CHART_LIBRARY for the kernels (a stale one from the environment is
    removed), the resources untouched; a Content-Security-Policy set in voila.json is kept."""
    run, _ = started
    theirs = {"headers": {"Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY"}}
    app = run(theirs)
    assert app.library is None and offline.SERVED_ENV not in os.environ
    assert run({}).library is None and offline.SERVED_ENV not in os.environ  # and when there was none to remove
    assert app.voila_configuration.config.VoilaConfiguration.resources == {"theme": "light"}
    assert app.tornado_settings["headers"] == {"Content-Security-Policy": "default-src 'none'",
                                               "X-Frame-Options": "DENY"}
    assert app.voila_started and len(app.static_version) == 16


def test_the_pages_preload_tag_and_early_import_name_the_file_the_server_serves(monkeypatch, tmp_path, started):
    """The template's `<link rel="modulepreload">` and its import of the library once the page is loaded
    and idle (run while the page waits for its kernel), rendered with the resources start() gives the
    page, are the address at which the library is served: the charts' own import (the same address)
    then finds the library already run."""
    run, bundle = started
    bundle.write_bytes(SOURCE)
    resources = {**run({}).voila_configuration.config.VoilaConfiguration.resources, "base_url": "/base/"}
    root = Path(__file__).resolve().parents[1]
    root = root.parent if root.name == "mutants" else root  # ./run mutants copies no share/: the project's own
    template = (root / "share/jupyter/voila/templates/cchc/index.html.j2").read_text(encoding="utf-8")
    block = re.search(r"\{%- if resources\.cchc_chart_library %\}.*?\{%- endif %\}", template, re.S)
    assert block is not None
    tags = jinja2.Environment(autoescape=True).from_string(block.group(0)).render(resources=resources).strip()
    assert tags.startswith('<link rel="modulepreload" href="/base/voila/cchc/jupyterchart-936f9ef500fe9272.js">')
    assert 'import("/base/voila/cchc/jupyterchart-936f9ef500fe9272.js")' in tags
    assert 'window.addEventListener("load"' in tags and "requestIdleCallback" in tags
    assert jinja2.Environment().from_string(block.group(0)).render(resources={"base_url": "/"}).strip() == ""
    _, served, _, _ = _server(monkeypatch, tmp_path / "server", serving.ChartLibrary(SOURCE))
    response = _fetch(web.Application(served), "/base/voila/cchc/jupyterchart-936f9ef500fe9272.js")
    assert response.code == 200 and response.body == SOURCE


# --- what every response says ---------------------------------------------------------------------------


def test_the_server_header_is_cchc_dash_on_every_response(tmp_path):
    """A page, a static file and a 404, through a Tornado application with the transform listen() adds."""

    class Page(web.RequestHandler):
        def get(self) -> None:
            self.finish("page")

    (tmp_path / "a.css").write_text("a")
    app = web.Application([("/page", Page), (r"/files/(.*)", web.StaticFileHandler, {"path": str(tmp_path)})],
                          transforms=[serving.ServerName])
    for path, code in (("/page", 200), ("/files/a.css", 200), ("/nowhere", 404)):
        response = _fetch(app, path)
        assert (response.code, response.headers.get_list("Server")) == (code, ["cchc-dash"]), path
    assert serving.SERVER_NAME == "cchc-dash"


def test_the_policies_are_the_documented_ones():
    """docs/deploy.md, "What the server shows and what a page may do": the dashboards' policy directive by
    directive, and the home page's, whose one script hash is that of its one inline handler."""
    assert serving.DASHBOARD_CSP == (
        "default-src 'self'; "
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; "
        "font-src 'self' data:; "
        "connect-src 'self'; "
        "worker-src 'self' blob:; "
        "object-src 'none'; "
        "base-uri 'self'; "
        "form-action 'self'; "
        "frame-ancestors 'self'")
    assert serving.HOME_CSP == (
        "default-src 'none'; "
        "script-src 'unsafe-hashes' 'sha256-mW3/Dp1Czvttv72mYqmU/FYCSeC8fRbdAI2EXjyCk8A='; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "base-uri 'none'; "
        "form-action 'none'; "
        "frame-ancestors 'self'")
    handler = 'onerror="this.parentNode.remove()"'
    assert handler in serving.home_html("vi", "/", "x")
    digest = base64.b64encode(hashlib.sha256(b"this.parentNode.remove()").digest()).decode()
    assert f"'sha256-{digest}'" in serving.HOME_CSP
