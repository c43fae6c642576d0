"""Standalone Voilà with bounded kernels: what ``cchc-dash serve`` runs.

Every ``GET /voila/render/…`` (even from curl, with no browser to connect) gives a page a
~215 MiB kernel. These additions keep a server from being exhausted that way:

- :class:`GuardedKernelManager` refuses to start a kernel past ``max_kernels``, shuts down a
  kernel whose page has not connected within ``connect_timeout`` seconds (preheated pool kernels
  are exempt: Voilà's pool skips them before asking us) and one whose page has been disconnected
  for ``disconnect_grace`` seconds (a killed browser, a lost network: no unload, no beacon), and
  gives every kernel process a memory ceiling, ``kernel_memory_limit`` MiB
  (:class:`LimitedKernelManager`), so that one viewer's kernel cannot take the machine: past it an
  allocation fails with ``MemoryError``, which the dashboards' callback guard turns into a message;
- :class:`BusyAwareVoila` answers a page request past the cap, when no preheated kernel is
  waiting for that dashboard, with a plain "máy chủ đang bận" page (HTTP 503) instead of
  starting a kernel, and a client already holding ``max_kernels_per_client`` kernels (or an
  address holding ``max_kernels_per_address``) with a "too many pages open" page (HTTP 429), so
  that one client cannot take the whole cap; it also puts a Vietnamese home page listing the
  dashboards at ``/``, each with a picture of its main chart drawn on the served data (once, on
  the first visit).

A client is a browser, known by a random cookie (:data:`CLIENT_COOKIE`) set on the home page and
on every dashboard page: viewers in one office behind one NAT address are counted apart. A request
without the cookie (a first visit, curl, a crawler) is counted under its address until its page
connects with the cookie it was given; every kernel also counts toward its address's ceiling,
which bounds a flood of made-up cookies. The address is the request's ``remote_ip``: behind a
proxy, set ``BusyAwareVoila.trust_xheaders`` so that it is the viewer's address (``X-Real-Ip``),
not the proxy's (docs/deploy.md).

Bytes, for a phone on 4G or a slow office link: every chart used to carry its own ~0.9 MB copy of
Vega, Vega-Lite and vega-embed in its widget message, on every visit (a websocket message is
never cached). The server now serves that bundle (``ui/offline.py``) once per browser, as a static
file named after its content (:class:`ChartLibraryHandler`), and its kernels give each chart a
module that imports it; every response is gzip-compressed and so is every websocket message where
the browser accepts it (``compress_response``, ``websocket_compression_options``), and static
files are kept by the browser for a year where their address changes with their content.

All are set in the committed ``voila.json`` (``VoilaConfiguration.multi_kernel_manager_class``
and the ``GuardedKernelManager`` section).
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import html
import inspect
import logging
import multiprocessing
import os
import platform
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from jupyter_server.base.handlers import FileFindHandler, JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from jupyter_server.utils import url_path_join
from tornado import httputil, web
from tornado.ioloop import IOLoop
from traitlets import Bool, Float, Integer, default
from voila.app import Voila
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from ..ui import offline

try:  # Unix only; elsewhere kernels run without a memory ceiling (a warning says so)
    import resource
except ImportError:  # pragma: no cover — Windows
    resource = None  # type: ignore[assignment]

if TYPE_CHECKING:  # the server imports the package's data stack only when the home page draws its pictures
    import altair as alt
    import pandas as pd

    from ..core.dataset import Dataset

#: The pages' icon (a blue square), inline so that a page makes no request for it.
_FAVICON = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
            "%3Crect width='16' height='16' rx='3' fill='%231f4e79'/%3E%3C/svg%3E")
#: The page a refused request gets: both languages, the favicon, and a reload after ``retry`` seconds.
_REFUSAL_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="{favicon}">
<meta http-equiv="refresh" content="{{retry}}">
<title>{title_vi} / {title_en}</title>
<style>body{{{{font-family:system-ui,sans-serif;max-width:560px;margin:12vh auto;padding:0 16px;color:#222}}}}
h1{{{{font-size:22px}}}} p{{{{line-height:1.5}}}} a{{{{color:#1f4e79}}}}</style></head><body>
<h1>{title_vi}</h1>
<p>{text_vi} Trang sẽ tự tải lại sau {{retry}} giây, hoặc <a href="">bấm vào đây</a> để thử lại.</p>
<h1 lang="en">{title_en}</h1>
<p lang="en">{text_en} This page reloads by itself in {{retry}} seconds, or <a href="">click here</a> to try again.</p>
</body></html>"""

#: The whole server is at its kernel cap (HTTP 503); ``.format(count=, cap=, retry=)``.
BUSY_PAGE = _REFUSAL_PAGE.format(
    favicon=_FAVICON,
    title_vi="Máy chủ đang bận",
    title_en="Server busy",
    text_vi="Đang có nhiều người xem cùng lúc ({count}/{cap} phiên).",
    text_en="Too many people are viewing at once ({count}/{cap} sessions).",
)

#: One client holds its share of kernels (HTTP 429); ``.format(count=, cap=, retry=)``.
TOO_MANY_PAGE = _REFUSAL_PAGE.format(
    favicon=_FAVICON,
    title_vi="Quá nhiều trang đang mở",
    title_en="Too many pages open",
    text_vi="Trình duyệt của bạn đang mở {count} trang bảng điều khiển (tối đa {cap}). Hãy đóng bớt một trang.",
    text_en="Your browser has {count} dashboard pages open (at most {cap}). Close one.",
)

#: One address (an office behind one NAT, or a flood) holds its share of kernels (HTTP 429).
TOO_MANY_AT_ADDRESS_PAGE = _REFUSAL_PAGE.format(
    favicon=_FAVICON,
    title_vi="Quá nhiều trang đang mở",
    title_en="Too many pages open",
    text_vi="Các máy dùng chung địa chỉ mạng với bạn đang mở {count} trang bảng điều khiển "
    "(tối đa {cap} cho một địa chỉ). Hãy đóng bớt một trang hoặc thử lại sau ít phút.",
    text_en="Computers sharing your network address have {count} dashboard pages open "
    "(at most {cap} per address). Close one or try again in a few minutes.",
)

#: What a dashboard page may run and load (docs/deploy.md explains each source). Everything comes
#: from this server: nothing from elsewhere, no plugins, no <base> or form target elsewhere.
#: ``'unsafe-inline'``: Voilà's page is built with inline scripts that vary with the notebook
#: (``voila_process(i, n)``, its progress and finishing calls, our template's own). ``'unsafe-eval'``:
#: Vega compiles every chart's expressions with ``Function``. ``blob:``: each chart widget
#: (anywidget) imports its module from a blob: URL. Styles inline too (widgets set their layout
#: as style attributes); images and fonts may be data: URLs (icons, the favicon).
DASHBOARD_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
#: The home page runs no script but one inline handler (a card whose picture cannot be drawn drops
#: its frame), allowed by its hash alone.
HOME_CSP = "; ".join([
    "default-src 'none'",
    "script-src 'unsafe-hashes' 'sha256-mW3/Dp1Czvttv72mYqmU/FYCSeC8fRbdAI2EXjyCk8A='",  # this.parentNode.remove()
    "style-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
])
#: What the ``Server`` header says instead of Tornado's name and version.
SERVER_NAME = "cchc-dash"


class ServerName(web.OutputTransform):
    """Every response says ``Server: cchc-dash``, not which Tornado version (and so which
    vulnerabilities) it runs."""

    def transform_first_chunk(self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes,
                              finishing: bool) -> tuple[int, httputil.HTTPHeaders, bytes]:
        headers["Server"] = SERVER_NAME
        return status_code, headers, chunk


#: The cookie that tells browsers apart (random, HttpOnly, SameSite=Lax, for this session of the browser).
CLIENT_COOKIE = "cchc_client"
_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16); anything else is ignored


def client_of(handler: web.RequestHandler, issue: bool = True) -> tuple[str, str]:
    """``(client, address)`` of a request: the client is the browser's :data:`CLIENT_COOKIE`, or,
    for a request without it, its address. With ``issue``, a request without the cookie is given
    one (the response sets it), so that the browser's next requests are counted as its own.

    The cookie is no credential (a client may send any value): it only tells apart the browsers
    sharing one address, whose sum stays bounded by the address's ceiling."""
    address = handler.request.remote_ip or ""
    cookie = handler.get_cookie(CLIENT_COOKIE) or ""
    if _COOKIE_VALUE.fullmatch(cookie):
        return f"browser:{cookie}", address
    if issue:
        handler.set_cookie(
            CLIENT_COOKIE,
            secrets.token_urlsafe(16),
            path=handler.settings.get("base_url", "/"),
            httponly=True,
            samesite="Lax",
            secure=handler.request.protocol == "https",
        )
    return by_address(address), address


def by_address(address: str) -> str:
    """The client key of a request without the cookie: its address."""
    return f"address:{address}"


def memory_rlimit() -> int | None:
    """The resource limit that bounds a kernel's memory, or None where none can be set on another
    process (no ``resource.prlimit``: not Linux).

    ``RLIMIT_DATA`` on Linux ≥ 4.7: the process's private writable memory (heap, anonymous maps:
    what numpy and pandas allocate), 335 MiB for a served dashboard kernel. ``RLIMIT_AS`` counts
    the whole address space instead, 1.2 GiB of reservations that are never written (glibc's
    per-thread arenas, libraries), which grows with the machine's cores: a ceiling on it fails
    kernels that use little memory. Before Linux 4.7 ``RLIMIT_DATA`` ignored mmap, hence AS there.
    """
    if resource is None or not hasattr(resource, "prlimit"):
        return None
    release = tuple(int(x) for x in re.findall(r"\d+", platform.release())[:2])
    return resource.RLIMIT_DATA if release >= (4, 7) else resource.RLIMIT_AS


def limit_memory(pid: int, mib: int) -> str:
    """Give process ``pid`` a memory ceiling of ``mib`` MiB (soft and hard: the kernel cannot raise
    it); returns the limit's name. Raises OSError if the process is gone, RuntimeError where no
    ceiling can be set."""
    kind = memory_rlimit()
    if kind is None or resource is None:
        raise RuntimeError("no resource.prlimit on this system: kernels have no memory ceiling")
    ceiling = mib * 2**20
    resource.prlimit(pid, kind, (ceiling, ceiling))
    return "RLIMIT_DATA" if kind == resource.RLIMIT_DATA else "RLIMIT_AS"


class KernelCapReached(web.HTTPError):
    """Raised when a kernel would exceed the server's cap (HTTP 503)."""

    def __init__(self, count: int, cap: int):
        super().__init__(503, f"{count} kernels running, the cap is {cap}")


class LimitedKernelManager(ServerKernelManager):
    """Jupyter's manager of one kernel, giving the kernel process its memory ceiling (the parent
    :class:`GuardedKernelManager`'s ``kernel_memory_limit``) as soon as it is launched.

    Every launch goes through here, so the ceiling also holds for preheated pool kernels and for a
    kernel that Jupyter restarts after it died (a restart launches a new process)."""

    async def _async_post_start_kernel(self, **kw: Any) -> None:
        mib = getattr(self.parent, "kernel_memory_limit", 0)
        pid = getattr(self.provisioner, "pid", None)
        if mib > 0 and pid is not None:
            try:
                kind = limit_memory(pid, mib)
                self.log.info("Kernel process %s: memory ceiling %d MiB (%s)", pid, mib, kind)
            except (OSError, RuntimeError) as exc:  # gone already (the restarter sees to it), or not Linux
                self.log.warning("Kernel process %s has no memory ceiling: %s", pid, exc)
        elif mib > 0:
            self.log.warning("Kernel %s has no memory ceiling: its process is not local", self.kernel_id)
        await super()._async_post_start_kernel(**kw)


class GuardedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on kernels, caps per client and per address, a deadline
    for a page to connect, a grace period for a page that disconnected, and a memory ceiling per
    kernel."""

    max_kernels = Integer(12, config=True, help="Kernels the server may hold at once, preheated ones included.")
    connect_timeout = Float(
        60.0, config=True, help="Seconds a page has to connect to its kernel before it is shut down."
    )
    max_kernels_per_client = Integer(
        8,
        config=True,
        help="Kernels one client may hold at once: a browser (its cchc_client cookie), "
        "or an address for requests without the cookie (0: no limit).",
    )
    max_kernels_per_address = Integer(
        16,
        config=True,
        help="Kernels the clients of one address (an office behind one NAT, a flood of made-up "
        "cookies) may hold together (0: no limit).",
    )
    disconnect_grace = Float(
        60.0,
        config=True,
        help="Seconds a kernel whose page has disconnected (a killed browser, a lost network) "
        "is kept for the page to reconnect before it is shut down (0: until the idle cull).",
    )
    kernel_memory_limit = Integer(
        3072,
        config=True,
        help="Memory ceiling of each kernel process in MiB (RLIMIT_DATA on Linux): past it an "
        "allocation fails with MemoryError instead of exhausting the machine (0: none).",
    )
    refill_pause = Float(
        5.0,
        config=True,
        help="Seconds a pool refill waits after a page took a preheated kernel, while every "
        "dashboard still has one ready: the new kernel's start and its notebook's run would "
        "otherwise compete with that page's loading for the server's CPU (0: at once).",
    )
    pool_size = Integer(
        -1,
        config=True,
        help="Preheated kernels per dashboard, replacing voila.json's "
        "kernel_pools_config (-1: keep it); `cchc-dash serve --pool-size`.",
    )

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self) -> str:
        return f"{LimitedKernelManager.__module__}.{LimitedKernelManager.__qualname__}"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._handed_out: dict[str, float] = {}  # kernel → when the culler first saw it outside the pool
        self._connected: set[str] = set()
        self._owner: dict[str, tuple[str, str]] = {}  # kernel → (client, address) of the page it serves
        self._starting = 0  # kernels being started (not listed yet): concurrent starts count too
        self._pending: Counter[tuple[str, str]] = Counter()  # (client, address) → admitted pages waiting
        self._reaping: dict[str, Any] = {}  # kernel → the timeout that shuts it down if its page stays away
        self._last_handout: float | None = None  # when a page last took a kernel (time.monotonic)
        if self.pool_size >= 0 and hasattr(self, "kernel_pools_config"):  # Voilà's pooling subclass
            self.kernel_pools_config = {"default": {"pool_size": self.pool_size}}

    def admit(self, client: str, address: str | None = None) -> bool:
        """Let a page of ``client`` at ``address`` obtain a kernel, unless the client holds (or is
        about to hold) ``max_kernels_per_client`` already, or the address ``max_kernels_per_address``;
        an admitted page is counted until :meth:`hand_to` or :meth:`release`, so that simultaneous
        requests cannot slip past the limits together."""
        address = client if address is None else address
        if self.client_full(client) or self.address_full(address):
            return False
        self._pending[(client, address)] += 1
        return True

    def client_full(self, client: str) -> bool:
        """True when ``client`` may not obtain one more kernel."""
        return bool(self.max_kernels_per_client) and self.kernels_of(client) >= self.max_kernels_per_client

    def address_full(self, address: str) -> bool:
        """True when no client at ``address`` may obtain one more kernel."""
        return bool(self.max_kernels_per_address) and self.kernels_at(address) >= self.max_kernels_per_address

    def release(self, client: str, address: str | None = None) -> None:
        """An admitted page of ``client`` ended without a kernel."""
        key = (client, client if address is None else address)
        self._pending[key] -= 1
        if self._pending[key] <= 0:
            del self._pending[key]

    def hand_to(self, kernel_id: str, client: str, address: str | None = None) -> None:
        """Record that ``kernel_id`` now serves the admitted page of ``client``; the page's time to
        connect starts now. (The culler may have seen a preheated kernel while it was still running
        its notebook, before it sat in the pool for minutes: counted from then, a page that took a
        few seconds to connect on a busy machine was reaped as it connected.)"""
        address = client if address is None else address
        self.release(client, address)
        if kernel_id in self.list_kernel_ids():
            self._owner[kernel_id] = (client, address)
            self._handed_out[kernel_id] = self._last_handout = time.monotonic()

    def adopt(self, kernel_id: str, client: str, address: str) -> None:
        """The page of ``kernel_id`` connected as ``client`` from ``address``: a kernel given to a
        request without the cookie (counted under its address) becomes that browser's, unless the
        browser holds its share already. The first page a browser opens (from a link, before it
        has the cookie) then stops counting against the other browsers at its address."""
        if self._owner.get(kernel_id) == (by_address(address), address) and client != by_address(address):
            if not self.client_full(client):
                self._owner[kernel_id] = (client, address)

    def kernels_of(self, client: str) -> int:
        """Kernels serving pages of ``client`` now, and its admitted pages still waiting for one."""
        return sum(c == client for c, _ in self._owner.values()) + sum(
            n for (c, _), n in self._pending.items() if c == client
        )

    def kernels_at(self, address: str) -> int:
        """Kernels serving pages of every client at ``address``, and their admitted pages waiting."""
        return sum(a == address for _, a in self._owner.values()) + sum(
            n for (_, a), n in self._pending.items() if a == address
        )

    @property
    def at_cap(self) -> bool:
        """True when no further kernel may start."""
        return len(self.list_kernel_ids()) + self._starting >= self.max_kernels

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":  # Voilà filling a pool
            while refill_waits(getattr(self, "_pools", {}), self._last_handout, self.refill_pause):
                await asyncio.sleep(0.1)
        if self.at_cap:
            raise KernelCapReached(len(self.list_kernel_ids()), self.max_kernels)
        self._starting += 1
        try:
            return await super().start_kernel(*args, **{**kwargs, "env": self.kernel_env(kwargs.get("env"))})
        finally:
            self._starting -= 1

    def kernel_env(self, env: dict[str, str] | None) -> dict[str, str]:
        """The environment a kernel starts with (and restarts with): ``env`` as Voilà built it (the
        server's own when None), with two settings that the memory ceiling needs.

        - ``OPENBLAS_NUM_THREADS=1`` unless set: OpenBLAS starts a worker per core, each with 40 MiB
          of private memory (stack and buffer) counted by the ceiling, so that on 32 cores a kernel
          would hold 1.2 GiB before drawing anything. A dashboard does no linear algebra worth
          threads, and 32 kernels × cores threads would only fight over the CPU.
        - ``RUST_BACKTRACE=0`` under a ceiling: a Rust library (the workbook reader, calamine) that
          meets the ceiling panics, and with backtraces on, printing the backtrace needs memory
          too and deadlocks the kernel for good (holding the GIL: it cannot even be shut down
          politely); without them the step fails with ``MemoryError`` like any other.
        """
        env = dict(os.environ if env is None else env)
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        if self.kernel_memory_limit > 0 and env.get("RUST_BACKTRACE", "0") != "0":
            env["RUST_BACKTRACE"] = "0"
        return env

    def notify_connect(self, kernel_id: str) -> None:
        """A websocket of ``kernel_id``'s page opened: it connected, and is no longer away."""
        self._connected.add(kernel_id)
        self._stop_reaping(kernel_id)
        super().notify_connect(kernel_id)

    def notify_disconnect(self, kernel_id: str) -> None:
        """A websocket of ``kernel_id``'s page closed: when it was the last one, the kernel is shut
        down after ``disconnect_grace`` seconds unless the page connects again meanwhile.

        A tab closed normally has its kernel shut down by the page itself (the template's beacon);
        this is for a page that could not say goodbye: a killed or crashed browser, a computer put
        to sleep, a lost network (Jupyter's websocket pings notice it within ~90 s)."""
        super().notify_disconnect(kernel_id)
        if self.disconnect_grace > 0 and self._kernel_connections.get(kernel_id) == 0:
            self._stop_reaping(kernel_id)
            self._reaping[kernel_id] = IOLoop.current().call_later(
                self.disconnect_grace, self._reap_if_away, kernel_id
            )

    def _stop_reaping(self, kernel_id: str) -> None:
        timeout = self._reaping.pop(kernel_id, None)
        if timeout is not None:
            IOLoop.current().remove_timeout(timeout)

    async def _reap_if_away(self, kernel_id: str) -> None:
        """Shut ``kernel_id`` down if its page is still disconnected (the grace period has passed)."""
        self._reaping.pop(kernel_id, None)
        if kernel_id not in self or self._kernel_connections.get(kernel_id, 0) > 0:
            return
        self.log.warning(
            "Reaping kernel %s: its page has been disconnected for %.0f s", kernel_id, self.disconnect_grace
        )
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception:  # noqa: BLE001 — shut down meanwhile by another path; logged, the server carries on
            self.log.exception("Reaping kernel %s failed", kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Shut down a kernel whose page never connected in time; otherwise Jupyter's idle culling.

        The clock starts when the kernel is handed to a page (:meth:`hand_to`), or else the first
        time it is seen here: a page always has at least ``connect_timeout`` seconds. (Voilà's pool
        skips only the kernels that have finished their notebook; one still preheating is asked about.)
        """
        seen = self._handed_out.setdefault(kernel_id, time.monotonic())
        if kernel_id not in self._connected and time.monotonic() - seen > self.connect_timeout:
            self.log.warning(
                "Reaping kernel %s: its page did not connect within %.0f s", kernel_id, self.connect_timeout
            )
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        self._forget(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)

    def remove_kernel(self, kernel_id: str) -> Any:
        """Also when a kernel died and could not be restarted (Jupyter removes it without a
        shutdown): its page no longer counts against its client."""
        self._forget(kernel_id)
        return super().remove_kernel(kernel_id)

    def _forget(self, kernel_id: str) -> None:
        self._handed_out.pop(kernel_id, None)
        self._connected.discard(kernel_id)
        self._owner.pop(kernel_id, None)
        self._stop_reaping(kernel_id)


def _failed(task: asyncio.Future) -> bool:
    """Whether a finished pool task gave no kernel: cancelled, or raised (e.g. refused at the cap)."""
    return task.cancelled() or task.exception() is not None


def refill_waits(pools: dict[str, list[asyncio.Future]], last_handout: float | None, pause: float) -> bool:
    """Whether a pool refill should wait before it starts its kernel: a page took a preheated kernel
    less than ``pause`` seconds ago (``last_handout``, ``time.monotonic``) and every pool in ``pools``
    (Voilà's ``_pools``: notebook → tasks) still holds a ready kernel for the next visitor.

    On 2 cores, a refill started at once ran its kernel's start and its notebook while the visitor's
    page loaded, and the server answered that page later: Hồ sơ đơn vị's first chart came after
    2.44 s instead of 1.83 s, So sánh's after 2.43 s instead of 1.94 s (loopback, fresh browsers,
    median of 5, the two servers side by side). A ready kernel means a task that has its kernel
    (its notebook may still be running: Voilà's page waits for it). Voilà's ``fill_delay`` would
    delay the refill even with no kernel left, and the next viewer would wait out the delay too.
    """
    if last_handout is None or time.monotonic() - last_handout >= pause:
        return False
    return all(any(t.done() and not _failed(t) for t in pool) for pool in pools.values())


def healthy_pool(km: AsyncMappingKernelManager, notebook: str) -> int:
    """Preheated kernels waiting for ``notebook``, once refills refused at the cap are dropped.

    A refill that failed (the cap) stays in Voilà's pool as a failed task, and the next visit
    would take it and fail; dropping it lets the visit start a kernel normally, or meet the
    busy page. Voilà keeps its pools in ``_pools`` (notebook → list of tasks).
    """
    pool = getattr(km, "_pools", {}).get(notebook, [])
    for task in [t for t in pool if t.done() and _failed(t)]:
        pool.remove(task)
    return len(pool)


class ClientKernels:
    """The kernel manager as one page request sees it: every kernel the request obtains (a
    preheated one or a new one) is recorded as the client's (:meth:`GuardedKernelManager.hand_to`).

    Voilà's handler gets its kernel from ``get_rendered_notebook`` (pool) or ``start_kernel``;
    wrapping just those two keeps Voilà's own code untouched.
    """

    def __init__(self, km: Any, client: str, address: str):
        self._km, self._client, self._address = km, client, address
        self.handed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._km, name)

    async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> tuple:
        render_task, cache, kernel_id = await self._km.get_rendered_notebook(*args, **kwargs)
        self._record(kernel_id)
        return render_task, cache, kernel_id

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        started = self._km.start_kernel(*args, **kwargs)
        kernel_id = await started if inspect.isawaitable(started) else started
        self._record(kernel_id)
        return kernel_id

    def _record(self, kernel_id: str) -> None:
        if hasattr(self._km, "hand_to") and not self.handed:
            self._km.hand_to(kernel_id, self._client, self._address)
            self.handed = True


class ClientAwareKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voilà's kernel websocket, telling the kernel manager which browser connected: a kernel
    given to a request without the cookie then counts as that browser's (:meth:`GuardedKernelManager.adopt`)."""

    async def open(self, kernel_id: str) -> None:
        km = self.settings["kernel_manager"]
        if hasattr(km, "adopt"):
            km.adopt(kernel_id, *client_of(self, issue=False))
        await super().open(kernel_id)


class BusyAwareHandler(TornadoVoilaHandler):
    """Voilà's page handler, answering 503 with a friendly page when the server is at its cap
    and 429 when this client (or its address) already holds its share of kernels; every answer
    gives a browser without one its :data:`CLIENT_COOKIE`."""

    #: Seconds after which the busy page reloads itself.
    retry = 20

    async def prepare(self) -> None:
        ready = super().prepare()
        if inspect.isawaitable(ready):
            await ready
        km = self.settings["kernel_manager"]
        if not hasattr(km, "admit"):
            return
        self._client, self._address = client_of(self)
        notebook = (self.path_args[0] if self.path_args else "") or ""
        if km.at_cap and not healthy_pool(km, notebook):
            self._refuse(503, BUSY_PAGE.format(count=len(km.list_kernel_ids()), cap=km.max_kernels, retry=self.retry))
        elif not km.admit(self._client, self._address):  # the browser's own share first: closing a tab helps
            if km.client_full(self._client):
                count, cap, page = km.kernels_of(self._client), km.max_kernels_per_client, TOO_MANY_PAGE
            else:
                count, cap, page = km.kernels_at(self._address), km.max_kernels_per_address, TOO_MANY_AT_ADDRESS_PAGE
            self._refuse(429, page.format(count=count, cap=cap, retry=self.retry))
        else:
            self._kernels = ClientKernels(km, self._client, self._address)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A kernel refused at the cap while this page was starting one (simultaneous requests that
        all passed :meth:`prepare`): the same friendly busy page, not Tornado's bare 503."""
        km = self.settings["kernel_manager"]
        if status_code == 503 and hasattr(km, "admit"):
            self._refuse(503, BUSY_PAGE.format(count=len(km.list_kernel_ids()), cap=km.max_kernels, retry=self.retry))
        else:
            super().write_error(status_code, **kwargs)

    def _refuse(self, status: int, page: str) -> None:
        self.set_status(status)
        self.set_header("Retry-After", str(self.retry))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page)

    @property
    def kernel_manager(self) -> Any:
        """The server's kernel manager; for an admitted page, one that records its kernel as its client's."""
        return getattr(self, "_kernels", None) or self.settings["kernel_manager"]

    def on_finish(self) -> None:
        kernels = getattr(self, "_kernels", None)
        if kernels is not None and not kernels.handed:
            self.settings["kernel_manager"].release(self._client, self._address)  # the page ended without a kernel
        super().on_finish()


HOME_PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="{favicon}">
<title>{title}</title>
<link rel="stylesheet" href="{css}"></head><body>
<div class="lang">{switch}</div><h1>{title}</h1><p class="note">{intro}</p><p class="note">{data}</p>
<nav class="cards">{cards}</nav></body></html>"""


def thumbnail_charts(ds: Dataset, results: pd.DataFrame, lang: str) -> dict[str, alt.TopLevelMixin]:
    """Each dashboard's main chart as it first opens on ``ds``, keyed by notebook: the picture on
    the home page's cards, drawn by the picture each dashboard registered with the shell. A
    dashboard whose chart the data cannot draw (no SIPAS answers) has none."""
    from ..ui.shell import dashboards

    shown = {p.notebook: p.picture(ds, results, lang) for p in dashboards() if p.picture is not None}
    return {notebook: chart for notebook, chart in shown.items() if chart is not None}


def thumbnails(langs: tuple[str, ...] = ("vi", "en")) -> dict[str, dict[str, str]]:
    """The home page's pictures in each language: each dashboard's main chart on the served data
    (``$CCHC_DATA`` or the demo) as an SVG drawn here by vl-convert, offline; lang → notebook → SVG.
    Both languages at once: loading and scoring the data is most of the work."""
    import vl_convert

    from ..core.scoring import compute
    from ..io.loader import load
    from ..render.charts import for_display

    ds = load()
    results = compute(ds)
    return {
        lang: {
            nb: vl_convert.vegalite_to_svg(for_display(chart))
            for nb, chart in thumbnail_charts(ds, results, lang).items()
        }
        for lang in langs
    }


_THUMBNAILS: list[asyncio.Future] = []  # the one drawing of the pictures, once started


async def _drawn_apart() -> dict[str, dict[str, str]]:
    """:func:`thumbnails` run in a short-lived child process: the data, pandas and vl-convert
    (~400 MiB) are freed when it ends instead of staying in the server for its lifetime."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return await IOLoop.current().run_in_executor(pool, thumbnails)


async def cached_thumbnails(lang: str) -> dict[str, str]:
    """:func:`thumbnails` in ``lang``, drawn once, on the first visit of the home page, apart
    from the server (:func:`_drawn_apart`: it keeps answering meanwhile); concurrent first visits
    share the work. A failure is logged and the cards show no picture (the page must still open)."""
    if not _THUMBNAILS:
        _THUMBNAILS.append(asyncio.ensure_future(_drawn_apart()))
    try:
        return (await asyncio.shield(_THUMBNAILS[0]))[lang]
    except Exception:  # noqa: BLE001 — the home page without pictures, the reason in the log
        logging.getLogger("cchc_dash.app.serving").exception("home page thumbnails failed")
        return {}


#: Where the home page's pictures are served, under the server's base URL: ``…/<lang>/<notebook>.svg``.
THUMBNAIL_PATH = "cchc/thumbnails"


def home_html(lang: str, base_url: str, data: str) -> str:
    """The home page: a card per dashboard (a picture of its main chart, its title and what it
    answers) linking to the dashboard, the language switch and the data shown. The pictures come
    from :class:`ThumbnailHandler`, so the page opens at once while they are first drawn; a card
    whose picture cannot be drawn drops its frame."""
    from ..render.labels import t
    from ..ui.shell import dashboards

    suffix = "?lang=en" if lang == "en" else ""

    def card(notebook: str, title: str, desc: str) -> str:
        href = html.escape(url_path_join(base_url, "voila/render", notebook) + suffix)
        src = html.escape(url_path_join(base_url, THUMBNAIL_PATH, lang, notebook.removesuffix(".ipynb") + ".svg"))
        alt_text = html.escape(t("thumbnail_alt", lang, title=title))
        return (
            f'<a class="card" href="{href}" data-notebook="{html.escape(notebook)}"><b>{html.escape(title)}</b>'
            f'<span>{html.escape(desc)}</span><div class="thumb"><img src="{src}" alt="{alt_text}" '
            f'onerror="this.parentNode.remove()"></div></a>'
        )

    cards = "".join(card(p.notebook, t(p.title, lang), t("desc_" + p.title, lang)) for p in dashboards())
    switch = (
        '<span>Tiếng Việt</span><a href="?lang=en">English</a>'
        if lang == "vi"
        else '<a href="?lang=vi">Tiếng Việt</a><span>English</span>'
    )
    return HOME_PAGE.format(
        lang=lang,
        favicon=_FAVICON,
        css=html.escape(url_path_join(base_url, "voila/templates/cchc/static/home.css")),
        title=html.escape(t("home_title", lang)),
        intro=html.escape(t("home_intro", lang)),
        data=html.escape(data),
        switch=switch,
        cards=cards,
    )


class HomeHandler(JupyterHandler):
    """The home page: every dashboard of the registry with a line on what it shows and a picture
    of its main chart, in Vietnamese (English with ``?lang=en``), instead of Voilà's file list."""

    @property
    def content_security_policy(self) -> str:
        return HOME_CSP

    @web.authenticated
    def get(self) -> None:
        from ..io.loader import ENV_VAR
        from ..render.labels import t

        client_of(self)  # the cookie, so that the dashboards opened from here count as this browser's
        lang = "en" if self.get_argument("lang", "vi") == "en" else "vi"
        folder = os.environ.get(ENV_VAR)
        data = f"{t('data_source', lang)}: {folder or t('bundled_data', lang)}"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(home_html(lang, self.base_url, data))


class ThumbnailHandler(JupyterHandler):
    """``…/cchc/thumbnails/<lang>/<notebook>.svg``: a dashboard's picture (:func:`cached_thumbnails`);
    404 for a dashboard without one."""

    @web.authenticated
    async def get(self, lang: str, stem: str) -> None:
        pictures = await cached_thumbnails("en" if lang == "en" else "vi")
        svg = pictures.get(stem + ".ipynb")
        if svg is None:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "image/svg+xml; charset=utf-8")
        self.set_header("Cache-Control", "max-age=600")
        self.finish(svg)


#: What a file named after its content is served with: the browser keeps it for a year (the most
#: RFC 9111 suggests) and never asks for it again, not even on a reload.
IMMUTABLE = "public, max-age=31536000, immutable"


class ChartLibrary:
    """The chart library as the server holds it: the bundle of ``ui/offline.py``, its address
    under ``<base_url>voila/`` (named after its content, :func:`offline.served_name`) and its gzip
    compression, made once at start rather than on every request."""

    def __init__(self, source: bytes):
        self.source = source
        self.name = offline.served_name(source)
        self.gzipped = gzip.compress(source, compresslevel=9, mtime=0)


class ChartLibraryHandler(web.RequestHandler):
    """``<base_url>voila/cchc/jupyterchart-<digest>.js``: the chart library every chart widget of a
    served page imports (``ui/offline.py``'s importer). Named after its content, so kept by the
    browser for a year without asking again (:data:`IMMUTABLE`); gzip-compressed for a browser that
    accepts it (0.9 MB → 0.3 MB). A static file like Voilà's own (a plain Tornado handler, as theirs):
    the code is public (Vega, Altair), no login is asked."""

    def initialize(self, library: ChartLibrary) -> None:
        self.library = library

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", IMMUTABLE)
        if web.GZipContentEncoding not in self.application.transforms:  # else it says so itself
            self.set_header("Vary", "Accept-Encoding")
        if "gzip" in self.request.headers.get("Accept-Encoding", ""):
            self.set_header("Content-Encoding", "gzip")  # tornado's own compression then leaves it alone
            self.finish(self.library.gzipped)
        else:
            self.finish(self.library.source)


class ContentNamedFiles(web.StaticFileHandler):
    """A static file handler whose files named after their content — a part of at least 8 hex digits
    before a dot: webpack's ``remoteEntry.<hash>.js``, ``<id>.<hash>.js``, the fonts' ``<hash>.woff2``
    — are :data:`IMMUTABLE`; other files keep the handler's own caching."""

    HASHED = re.compile(r"(^|\.)[0-9a-f]{8,}\.")

    def set_headers(self) -> None:
        super().set_headers()
        if self.HASHED.search(self.request.path.rsplit("/", 1)[-1]):
            self.set_header("Cache-Control", IMMUTABLE)


class LabExtensionFiles(ContentNamedFiles, FileFindHandler):
    """``<base_url>voila/labextensions/…``: the JupyterLab extensions (the widget managers, anywidget).
    Voilà serves them with ``Cache-Control: no-cache``, so that every visit asked for each of the
    20 again (a round trip each, on a phone); every file a page loads from there is named after its
    content."""


class TemplateFiles(ContentNamedFiles, TemplateStaticFileHandler):
    """``<base_url>voila/templates/…``: the template's stylesheets (already versioned by Voilà with
    ``?v=<hash>``) and the fonts they name (``<hash>.woff2``, left to the browser's guess before)."""


class VersionedStaticFiles(MultiStaticFileHandler):
    """``<base_url>voila/static/<fingerprint>/…``: Voilà's own scripts (``voila.js`` and its 70-odd
    chunks, ``7155.voila.js``…), whose names do not change with their content. Voilà's page loads
    them from its ``fullStaticUrl``, which :func:`static_fingerprint` versions (:meth:`BusyAwareVoila.start`):
    every file of the folder is then :data:`IMMUTABLE`, and a new Voilà is fetched under a new address
    instead of mixing old and new chunks from the browser's cache."""

    def set_headers(self) -> None:
        super().set_headers()
        self.set_header("Cache-Control", IMMUTABLE)


def static_fingerprint(paths: list[str]) -> str:
    """16 hex digits of a SHA-256 over every file under ``paths`` (Voilà's static folders, in their
    order: the first holding a name is the one served), its folder, path and content: any change to
    what ``<base_url>voila/static/`` serves gives another fingerprint. ~260 files, 11 MB: read once,
    at start (~0.1 s)."""
    digest = hashlib.sha256()
    for rank, root in enumerate(paths):
        for folder, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                path = os.path.join(folder, name)
                digest.update(f"{rank}/{os.path.relpath(path, root)}".encode() + b"\0")
                with open(path, "rb") as f:
                    digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()[:16]


def chart_library(log: logging.Logger) -> ChartLibrary | None:
    """The chart library to serve, read from ``ui/offline.py``'s cache file (``cchc-dash serve``
    builds it before the server starts); None, with a warning, when there is none: every chart
    then carries its own copy, as in JupyterLab."""
    path = offline.cache_file()
    try:
        return ChartLibrary(path.read_bytes())
    except OSError as exc:
        log.warning("No chart library to serve (%s): every chart will carry its own copy (~0.9 MB). "
                    "`cchc-dash serve` builds it before starting.", exc)
        return None


class BusyAwareVoila(Voila):
    """Voilà with :class:`BusyAwareHandler` rendering the dashboards, :class:`ClientAwareKernelWebsocketHandler`
    connecting them to their kernels, :class:`HomeHandler` at ``/`` and :class:`ThumbnailHandler`
    serving the home page's pictures. Voilà's file list (``/voila/tree``) and contents API
    (``/voila/api/contents``) are not served: the home page is ours, and nothing need list the
    notebooks. Every response carries :data:`DASHBOARD_CSP` (unless ``voila.json`` sets
    ``Voila.tornado_settings.headers.Content-Security-Policy``) and ``Server: cchc-dash``.

    The chart library is served by :class:`ChartLibraryHandler`; its address goes to the kernels
    (``CCHC_CHART_LIBRARY``, which they inherit from this process) and to the page template
    (``resources.cchc_chart_library``: the page starts fetching it at once). Voilà applies
    ``tornado_settings`` after building its Tornado application, too late for Tornado to see
    ``compress_response``: :meth:`listen` adds the compression itself. Static files are kept by the
    browser, so that a second visit fetches little but the page: Voilà's scripts under a versioned
    address (:class:`VersionedStaticFiles`, through the page config's ``fullStaticUrl``), the
    JupyterLab extensions and the template's files when named after their content
    (:class:`LabExtensionFiles`, :class:`TemplateFiles`)."""

    #: What the server serves of the chart library; None when there is no bundle to serve.
    library: ChartLibrary | None = None
    #: The fingerprint of Voilà's static folders in their address (:func:`static_fingerprint`).
    static_version = ""

    #: Voilà's handlers that :meth:`init_handlers` leaves out.
    UNSERVED = (TornadoVoilaTreeHandler, VoilaContentsHandler)

    trust_xheaders = Bool(
        False,
        config=True,
        help="Take the client address from X-Real-Ip / X-Forwarded-For "
        "(only behind a proxy that sets them): the per-client kernel cap "
        "then counts viewers, not the proxy.",
    )

    def start(self) -> None:
        headers = self.tornado_settings.setdefault("headers", {})
        headers.setdefault("Content-Security-Policy", DASHBOARD_CSP)
        self.library = chart_library(self.log)
        if self.library is None:
            os.environ.pop(offline.SERVED_ENV, None)
        else:  # before any kernel starts: the preheated ones start with the server
            os.environ[offline.SERVED_ENV] = self.library.name
            resources = dict(self.voila_configuration.resources or {})
            self.config.VoilaConfiguration.resources = {**resources, "cchc_chart_library": self.library.name}
        self.static_version = static_fingerprint(self.static_paths)
        self.voila_configuration.page_config_hook = self._versioned_static(self.voila_configuration.page_config_hook)
        super().start()

    def _versioned_static(self, hook: Callable[..., dict] | None) -> Callable[..., dict]:
        """A page-config hook giving every page a ``fullStaticUrl`` under :attr:`static_version`
        (served by :class:`VersionedStaticFiles`), after ``hook``, one set in the configuration."""

        def versioned(page_config: dict, **kwargs: Any) -> dict:
            if hook is not None:
                page_config = hook(page_config, **kwargs)
            page_config["fullStaticUrl"] = url_path_join(kwargs["base_url"], "voila/static", self.static_version)
            return page_config

        return versioned

    def listen(self) -> None:
        if self.app.settings.get("compress_response") and web.GZipContentEncoding not in self.app.transforms:
            self.app.transforms.append(web.GZipContentEncoding)
        self.app.transforms.append(ServerName)
        if self.trust_xheaders:
            self.app.listen = functools.partial(self.app.listen, xheaders=True)
        super().listen()

    def init_handlers(self) -> list:
        ours = {
            TornadoVoilaHandler: BusyAwareHandler,
            VoilaKernelWebsocketHandler: ClientAwareKernelWebsocketHandler,
            FileFindHandler: LabExtensionFiles,
            TemplateStaticFileHandler: TemplateFiles,
        }
        handlers = [
            (spec[0], ours[spec[1]], *spec[2:]) if isinstance(spec, tuple) and spec[1] in ours else spec
            for spec in super().init_handlers()
        ]
        thumbnails_url = url_path_join(self.server_url, THUMBNAIL_PATH, r"(vi|en)/([0-9A-Za-z_]+)\.svg")
        static_url = url_path_join(self.server_url, "voila/static", self.static_version, "(.*)")
        ours_first = [
            (self.server_url, HomeHandler),
            (thumbnails_url, ThumbnailHandler),
            (static_url, VersionedStaticFiles, {"paths": self.static_paths, "default_filename": "index.html"}),
        ]
        if self.library is not None:
            library_url = url_path_join(self.server_url, "voila", re.escape(self.library.name))
            ours_first.append((library_url, ChartLibraryHandler, {"library": self.library}))
        return ours_first + [
            spec for spec in handlers
            if not (isinstance(spec, tuple) and (spec[0] == self.server_url or spec[1] in self.UNSERVED))
        ]


main = BusyAwareVoila.launch_instance

if __name__ == "__main__":
    main()
