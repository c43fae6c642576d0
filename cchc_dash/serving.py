"""Standalone Voilà with bounded kernels: what ``cchc-dash serve`` runs.

Every ``GET /voila/render/…`` (even from curl, with no browser to connect) gives a page a
~250 MiB kernel. Two additions keep a server from being exhausted that way:

- :class:`GuardedKernelManager` refuses to start a kernel past ``max_kernels`` and shuts down a
  kernel whose page has not connected within ``connect_timeout`` seconds (preheated pool kernels
  are exempt: Voilà's pool skips them before asking us);
- :class:`BusyAwareVoila` answers a page request past the cap, when no preheated kernel is
  waiting for that dashboard, with a plain "máy chủ đang bận" page (HTTP 503) instead of
  starting a kernel; it also puts a Vietnamese home page listing the dashboards at ``/``.

Both are set in the committed ``voila.json`` (``VoilaConfiguration.multi_kernel_manager_class``
and the ``GuardedKernelManager`` section).
"""

from __future__ import annotations

import html
import inspect
import os
import time
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Float, Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

BUSY_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="{retry}">
<title>Máy chủ đang bận / Server busy</title>
<style>body{{font-family:system-ui,sans-serif;max-width:560px;margin:12vh auto;padding:0 16px;color:#222}}
h1{{font-size:22px}} p{{line-height:1.5}} a{{color:#1f4e79}}</style></head><body>
<h1>Máy chủ đang bận</h1>
<p>Đang có nhiều người xem cùng lúc ({count}/{cap} phiên). Trang sẽ tự tải lại sau {retry} giây,
hoặc <a href="">bấm vào đây</a> để thử lại.</p>
<h1 lang="en">Server busy</h1>
<p lang="en">Too many people are viewing at once ({count}/{cap} sessions). This page reloads by itself in
{retry} seconds, or <a href="">click here</a> to try again.</p></body></html>"""


class KernelCapReached(web.HTTPError):
    """Raised when a kernel would exceed the server's cap (HTTP 503)."""

    def __init__(self, count: int, cap: int):
        super().__init__(503, f"{count} kernels running, the cap is {cap}")


class GuardedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on kernels and a deadline for a page to connect."""

    max_kernels = Integer(12, config=True, help="Kernels the server may hold at once, preheated ones included.")
    connect_timeout = Float(60.0, config=True, help="Seconds a page has to connect to its kernel before it is shut down.")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._handed_out: dict[str, float] = {}  # kernel → when the culler first saw it outside the pool
        self._connected: set[str] = set()

    @property
    def at_cap(self) -> bool:
        """True when no further kernel may start."""
        return len(self.list_kernel_ids()) >= self.max_kernels

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        if self.at_cap:
            raise KernelCapReached(len(self.list_kernel_ids()), self.max_kernels)
        return await super().start_kernel(*args, **kwargs)

    def notify_connect(self, kernel_id: str) -> None:
        self._connected.add(kernel_id)
        super().notify_connect(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Shut down a kernel whose page never connected in time; otherwise Jupyter's idle culling.

        Voilà's pool asks only about kernels it has handed to a page, so the clock starts the
        first time a kernel is seen here: a page always has at least ``connect_timeout`` seconds.
        """
        seen = self._handed_out.setdefault(kernel_id, time.monotonic())
        if kernel_id not in self._connected and time.monotonic() - seen > self.connect_timeout:
            self.log.warning("Reaping kernel %s: its page did not connect within %.0f s", kernel_id, self.connect_timeout)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        self._handed_out.pop(kernel_id, None)
        self._connected.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)


def healthy_pool(km: AsyncMappingKernelManager, notebook: str) -> int:
    """Preheated kernels waiting for ``notebook``, once refills refused at the cap are dropped.

    A refill that failed (the cap) stays in Voilà's pool as a failed task, and the next visit
    would take it and fail; dropping it lets the visit start a kernel normally, or meet the
    busy page. Voilà keeps its pools in ``_pools`` (notebook → list of tasks).
    """
    pool = getattr(km, "_pools", {}).get(notebook, [])
    for task in [t for t in pool if t.done() and (t.cancelled() or t.exception() is not None)]:
        pool.remove(task)
    return len(pool)


class BusyAwareHandler(TornadoVoilaHandler):
    """Voilà's page handler, answering 503 with a friendly page when the server is at its cap."""

    #: Seconds after which the busy page reloads itself.
    retry = 20

    async def prepare(self) -> None:
        ready = super().prepare()
        if inspect.isawaitable(ready):
            await ready
        km = self.kernel_manager
        notebook = (self.path_args[0] if self.path_args else "") or ""
        if getattr(km, "at_cap", False) and not healthy_pool(km, notebook):
            self.set_status(503)
            self.set_header("Retry-After", str(self.retry))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(BUSY_PAGE.format(count=len(km.list_kernel_ids()), cap=html.escape(str(km.max_kernels)),
                                         retry=self.retry))


HOME_PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:920px;margin:0 auto;padding:20px;color:#222}}
h1{{font-size:24px;margin:8px 0}} .lang{{float:right;font-size:14px}} .lang a,.lang span{{margin-left:8px}}
.cards{{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:14px;margin-top:18px}}
a.card{{display:block;border:1px solid #c9d3de;border-radius:8px;padding:14px 16px;color:#1f2d3d;text-decoration:none}}
a.card:hover{{background:#eef3f8}} a.card b{{display:block;font-size:17px;color:#1f4e79;margin-bottom:6px}}
.note{{color:#555;font-size:14px}}</style></head><body>
<div class="lang">{switch}</div><h1>{title}</h1><p class="note">{intro}</p><p class="note">{data}</p>
<nav class="cards">{cards}</nav></body></html>"""


class HomeHandler(JupyterHandler):
    """The home page: every dashboard of the registry with a line on what it shows, in Vietnamese
    (English with ``?lang=en``), instead of Voilà's file list."""

    @web.authenticated
    def get(self) -> None:
        from .i18n import t
        from .io.loader import ENV_VAR
        from .ui.shell import DASHBOARDS

        lang = "en" if self.get_argument("lang", "vi") == "en" else "vi"
        base = url_path_join(self.base_url, "voila/render")
        cards = "".join(f'<a class="card" href="{html.escape(url_path_join(base, p.notebook))}"><b>{html.escape(t(p.title, lang))}</b>'
                        f'{html.escape(t("desc_" + p.title, lang))}</a>' for p in DASHBOARDS)
        folder = os.environ.get(ENV_VAR)
        data = f'{t("data_source", lang)}: {folder or t("bundled_data", lang)}'
        switch = ('<span>Tiếng Việt</span><a href="?lang=en">English</a>' if lang == "vi"
                  else '<a href="?lang=vi">Tiếng Việt</a><span>English</span>')
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(HOME_PAGE.format(lang=lang, title=html.escape(t("home_title", lang)), intro=html.escape(t("home_intro", lang)),
                                     data=html.escape(data), switch=switch, cards=cards))


class BusyAwareVoila(Voila):
    """Voilà with :class:`BusyAwareHandler` rendering the dashboards and :class:`HomeHandler` at ``/``."""

    def init_handlers(self) -> list:
        handlers = [(spec[0], BusyAwareHandler, *spec[2:]) if isinstance(spec, tuple) and spec[1] is TornadoVoilaHandler
                    else spec for spec in super().init_handlers()]
        return [(self.server_url, HomeHandler)] + [spec for spec in handlers
                                                    if not (isinstance(spec, tuple) and spec[0] == self.server_url)]


main = BusyAwareVoila.launch_instance

if __name__ == "__main__":
    main()
