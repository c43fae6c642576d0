"""A widget message sent straight to a dashboard's kernel over its websocket (as a hostile page
could): the year slider's bounds and value set to ±1,000,000. The kernel answers within a second
and draws only the data's years (it used to spend ~40 minutes on a million years)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from tornado.websocket import websocket_connect

from .helpers import open_dashboard, wait_chart

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def message(msg_type: str, content: dict, channel: str = "shell") -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    return msg_id, json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "username": "test", "session": "t",
                                          "version": "5.3", "date": ""}, "parent_header": {}, "metadata": {},
                               "content": content, "channel": channel, "buffers": []})


async def hostile_slider(ws_url: str) -> tuple[float, dict]:
    """Find the year slider's comm, send the out-of-bounds update, time the kernel's answer."""
    ws = await websocket_connect(ws_url)

    async def replies(parent: str, until) -> list[dict]:
        got = []
        while True:
            raw = await asyncio.wait_for(ws.read_message(), 30)
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == parent:
                got.append(msg)
                if until(msg):
                    return got

    msg_id, text = message("comm_info_request", {"target_name": "jupyter.widget"})
    await ws.write_message(text)
    comms = (await replies(msg_id, lambda m: m["msg_type"] == "comm_info_reply"))[-1]["content"]["comms"]
    slider = None
    for comm_id in comms:
        msg_id, text = message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
        await ws.write_message(text)
        got = await replies(msg_id, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
        states = [m["content"]["data"].get("state", {}) for m in got if m["msg_type"] == "comm_msg"]
        if any(s.get("_model_name") == "IntRangeSliderModel" for s in states):
            slider = comm_id
            break
    assert slider, "the year slider's comm was not found"
    hostile = {"method": "update", "state": {"min": -1_000_000, "max": 1_000_000, "value": [-1_000_000, 1_000_000]},
               "buffer_paths": []}
    msg_id, text = message("comm_msg", {"comm_id": slider, "data": hostile})
    start = time.perf_counter()
    await ws.write_message(text)
    await replies(msg_id, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
    took = time.perf_counter() - start
    msg_id, text = message("comm_msg", {"comm_id": slider, "data": {"method": "request_state"}})
    await ws.write_message(text)
    got = await replies(msg_id, lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
    state = next(m["content"]["data"]["state"] for m in got if m["msg_type"] == "comm_msg")
    ws.close()
    return took, state


def test_a_hostile_slider_message_is_answered_at_once_with_the_datas_years(voila_url, page):
    open_dashboard(page, voila_url, "02_so_sanh.ipynb")
    wait_chart(page, ".cchc-trend")
    kernel = page.evaluate(KERNEL_ID)
    ws_url = voila_url.replace("http", "ws") + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        took, _ = pool.submit(asyncio.run, hostile_slider(ws_url)).result()
    assert took < 1.0, f"the kernel took {took:.1f} s"
    page.wait_for_timeout(1500)  # the redrawn chart reaches the page
    axis = page.eval_on_selector(
        ".cchc-trend svg", "el => Array.from(el.querySelectorAll('text')).map(t => t.textContent)"
    )
    assert "2019" in axis and "2025" in axis
    assert not any("1000000" in t.replace(",", "").replace(".", "") for t in axis)
    assert not page.errors, page.errors
