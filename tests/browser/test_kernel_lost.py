"""A viewer whose kernel dies gets a clear message with a reload button; another viewer carries on. A
chart drawn once its page is being left, or once its view is removed, writes nothing to its kernel."""

from __future__ import annotations

import os
import signal
import subprocess

from cchc_dash.ui import offline

from .helpers import open_dashboard, wait_changed, wait_chart

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def test_a_killed_kernel_is_announced_and_other_viewers_carry_on(voila_server, browser):
    a, b = browser.new_page(), browser.new_page()
    for page in (a, b):
        page.set_default_timeout(90_000)
        open_dashboard(page, voila_server.url, "01_tong_quan.ipynb")
        wait_chart(page, ".cchc-chart")
    kernel = a.evaluate(KERNEL_ID)
    pids = subprocess.run(["pgrep", "-f", f"kernel-{kernel}.json"], capture_output=True, text=True).stdout.split()
    assert pids, "the first viewer's kernel process was not found"
    for pid in pids:
        os.kill(int(pid), signal.SIGKILL)
    a.wait_for_selector("#cchc-lost", timeout=60_000)
    assert "Mất kết nối với máy chủ" in a.inner_text("#cchc-lost") and "Reload" in a.inner_text("#cchc-lost button")
    before = b.inner_text(".cchc-ranking")
    b.select_option(".cchc-year select", label="2021")
    assert wait_changed(b, ".cchc-ranking", before, inner=False) != before
    assert not b.query_selector("#cchc-lost")
    a.close(), b.close()


#: Draws a chart through a chart module (its source as argument) in the page, with a model that
#: records what the chart writes to its kernel: once live, once with its view removed (an aborted
#: signal), once after the page's ``beforeunload`` (Voilà has then closed the kernel's connection).
DRAW_THREE_WAYS = """async (source) => {
  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
  const chart = (await import(url)).default;
  const spec = {data: {values: [{x: 1, y: 2}, {x: 2, y: 3}]}, mark: "point",
                encoding: {x: {field: "x", type: "quantitative"}, y: {field: "y", type: "quantitative"}}};
  async function draw(signal) {
    const state = {spec, _vl_selections: {}, _params: {}}, writes = [];
    const model = {get: (k) => state[k], set: (k, v) => { state[k] = v; }, on() {}, off() {},
                   save_changes: () => writes.push("save_changes"), send: () => writes.push("send"),
                   widget_manager: null};
    const el = document.createElement("div");
    document.body.prepend(el);
    await chart.render({model, el, signal});
    return {writes: writes.length, drawn: el.querySelectorAll("svg path, canvas").length > 0};
  }
  const removed = new AbortController();
  removed.abort();
  const live = await draw(new AbortController().signal);
  const gone = await draw(removed.signal);
  window.dispatchEvent(new Event("beforeunload"));
  const left = await draw(new AbortController().signal);
  return {live, gone, left};
}"""


def test_a_chart_drawn_while_its_page_is_left_or_after_its_view_is_removed_writes_nothing(voila_url, page):
    """Voilà closes the kernel's connection at ``beforeunload``, and the old page lives on until the
    next one arrives: a chart still waiting to be drawn (below the first screen) then wrote its
    state to a closed connection, and the console said "Could not send widget sync message"."""
    open_dashboard(page, voila_url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    base, library = page.evaluate("document.body.dataset.baseUrl"), page.eval_on_selector(
        "link[rel=modulepreload]", "link => new URL(link.href).pathname")
    assert library.startswith(base)
    drawn = page.evaluate(DRAW_THREE_WAYS, offline.importer(library.removeprefix(base)))
    assert drawn["live"]["drawn"] and drawn["live"]["writes"] >= 1  # the same module, live, draws and writes
    assert drawn["gone"] == {"writes": 0, "drawn": False}
    assert drawn["left"] == {"writes": 0, "drawn": False}
