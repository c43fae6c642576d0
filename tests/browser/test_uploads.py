"""Uploads at and over their limit in a real browser (Voilà + Chromium): a file at its input's limit
reaches the kernel (voila.json raises Tornado's 10 MiB websocket limit to 64 MiB) and is read; one
byte more is refused by the page's script (template cchc) before anything is sent: the message
beside the widget, nothing sent on the websocket, the page as it was, its kernel alive and the
server's kernel count unchanged. Workbook (50 MB) on Tổng quan in Vietnamese, scenario (2 MB)
on Mô phỏng in English, then Vietnamese. The scenarios are Playwright in-memory buffers; the 50 MB workbooks are files,
which Chromium reads itself (a 50 MB buffer took Playwright 30 s to hand over, through base64 and JSON).
A browser that does not check sends a file over the limit to the kernel, which refuses it in the same words."""

from __future__ import annotations

import io
import json
import subprocess
import time
import zipfile
from pathlib import Path

import pandas as pd
from playwright.sync_api import FilePayload

import cchc_dash as cd
from cchc_dash.io.excel import MAX_UPLOAD
from cchc_dash.io.scenario_files import MAX_FILE_BYTES, scenario_to_json

from .conftest import ROOT, Server
from .helpers import open_dashboard, table_cells, wait_changed, wait_chart

#: The padding sheet: a name read_workbook does not look for (it reads only the sheets it knows).
PAD_SHEET = "Ghi chú"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Characters per padding cell (Excel's limit for a cell: 32,767).
CELL = 30_000


def _pad_sheet(length: int) -> bytes:
    """A worksheet holding ``length`` characters of text, one inline-string cell per row."""
    text = ("0123456789" * (length // 10 + 1))[:length]
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="inlineStr"><is><t>{text[at : at + CELL]}</t></is></c></row>'
        for i, at in enumerate(range(0, len(text), CELL))
    )
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData></worksheet>").encode()


def _with_pad(template: bytes, length: int, comment: int = 0) -> bytes:
    """``template`` plus the padding sheet of ``length`` characters (listed in the workbook, its relations
    and content types as Excel lists a sheet), stored uncompressed: the file is as large as its content;
    then an archive comment of ``comment`` bytes (the last few bytes to the exact size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.comment = b" " * comment
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", f'<sheet xmlns:r="{RELATIONSHIPS}" name="{PAD_SHEET}" sheetId="99" '
                                    f'r:id="rIdPad"/></sheets>'.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/pad.xml" '
                                    b'Id="rIdPad"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/worksheets/pad.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                                    b"</Types>")
            book.writestr(info.filename, data)
        book.writestr("xl/worksheets/pad.xml", _pad_sheet(length), zipfile.ZIP_STORED)
    return out.getvalue()


def big_workbook(template: bytes, size: int) -> bytes:
    """The template workbook made exactly ``size`` bytes long by a padding sheet that read_workbook
    ignores: a valid workbook as large as wanted, built in memory in a fraction of a second."""
    length = size - 200_000
    for _ in range(10):
        missing = size - len(_with_pad(template, length))
        if 0 <= missing < 2**16:
            return _with_pad(template, length, missing)
        length += missing - 2**15
    raise AssertionError(f"no padding gives {size} bytes")


def kernels(server: Server) -> int:
    """The server's kernels: its child processes (standalone Voilà starts each kernel itself)."""
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    return len(found)


def settled_kernels(server: Server) -> int:
    """The kernel count once it has not changed for 6 s: the pool refills after a page takes its kernel,
    and the kernel of a page closed by an earlier test may still be shutting down (Jupyter gives it up to
    5 s, ``shutdown_wait_time``, before it is killed): counted before it, a 9 later read 8."""
    deadline, last, since = time.monotonic() + 90, kernels(server), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < 6:
        time.sleep(0.5)
        now = kernels(server)
        if now != last:
            last, since = now, time.monotonic()
    return last


def record_frames(page) -> list[int]:
    """The size of every websocket frame the page sends from now on (register before the page loads)."""
    sizes: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sizes.append(len(payload))))
    return sizes


def pick(page, selector: str, file: Path | FilePayload) -> None:
    """Choose a file in the upload widget ``selector`` as a viewer does (its button opens the chooser)."""
    with page.expect_file_chooser() as chooser:
        page.click(selector)
    chooser.value.set_files(file)


def refused_in_browser(page, server: Server, frames: list[int], upload: str, kept: str, before: int) -> str:
    """After a file over the limit was picked in ``upload``: the message shown beside the widget, once
    checked that nothing large was sent, ``kept`` (what the page showed) is unchanged, no connection was
    lost and the server holds ``before`` kernels."""
    shown = kept_html = page.inner_html(kept)
    sent = len(frames)
    page.wait_for_selector(f"{upload} + .cchc-too-large", timeout=30_000)
    page.wait_for_timeout(2_000)  # time for a message to the kernel, and an answer, had there been one
    assert max(frames[sent:], default=0) < 10_000, f"frames sent after the pick: {frames[sent:]}"
    assert page.inner_html(kept) == kept_html == shown
    assert page.query_selector("#cchc-lost") is None
    assert settled_kernels(server) == before
    return page.inner_text(f"{upload} + .cchc-too-large")


def test_a_workbook_at_the_limit_loads_and_one_byte_more_is_refused_in_the_browser(voila_server, page, tmp_path):
    template = cd.write_template(tmp_path / "mau.xlsx").read_bytes()
    at_limit = tmp_path / "tinh_lon.xlsx"
    at_limit.write_bytes(big_workbook(template, MAX_UPLOAD))
    over = tmp_path / "tinh_qua_lon.xlsx"
    over.write_bytes(at_limit.read_bytes() + b"\0")  # one byte more (never read: the browser refuses it)
    assert (at_limit.stat().st_size, over.stat().st_size) == (MAX_UPLOAD, MAX_UPLOAD + 1) == (50_000_000, 50_000_001)
    frames = record_frames(page)
    open_dashboard(page, voila_server.url, "01_tong_quan.ipynb")
    wait_chart(page, ".cchc-chart")
    before = settled_kernels(voila_server)
    ranking = page.inner_html(".cchc-ranking")

    pick(page, ".cchc-workbook", over)
    message = refused_in_browser(page, voila_server, frames, ".cchc-workbook", ".cchc-ranking", before)
    assert message == "Tệp quá lớn (50,1 MB, tối đa 50 MB)"
    assert page.inner_text(".cchc-status").strip() == ""  # the kernel never heard of it
    assert "Minh An" in page.inner_text(".cchc-source")

    # A browser that does not check (the class taken off) sends it: the kernel refuses it in the same words.
    page.eval_on_selector(".cchc-workbook", "el => el.classList.remove(Array.from(el.classList).find("
                                            "c => c.startsWith('cchc-max-bytes-')))")
    pick(page, ".cchc-workbook", over)
    page.wait_for_function("() => document.querySelector('.cchc-status').innerText.trim() !== ''", timeout=120_000)
    assert page.inner_text(".cchc-status").strip() == "Tệp quá lớn (50,1 MB, tối đa 50 MB)"
    assert page.inner_html(".cchc-ranking") == ranking and page.query_selector("#cchc-lost") is None

    pick(page, ".cchc-workbook", at_limit)  # 50 MB: one websocket message
    wait_changed(page, ".cchc-ranking", ranking)
    assert "tinh_lon.xlsx" in page.inner_text(".cchc-source")  # the template's data: 2025, two units
    assert [row[1] for row in table_cells(page, ".cchc-ranking")] == ["Sở Tư pháp", "Sở Nội vụ"]
    assert page.query_selector(".cchc-too-large") is None and page.query_selector("#cchc-lost") is None
    assert page.inner_text(".cchc-status").strip() == ""
    assert settled_kernels(voila_server) == before


def _scenario(size: int) -> bytes:
    """A valid scenario for the demo (one sub-criterion of Sở Tư pháp in 2025 set to 0), padded with
    trailing spaces (JSON allows them) to exactly ``size`` bytes."""
    scores = pd.read_csv(ROOT / "data" / "sample" / "scores.csv", dtype={"item_id": str})
    row = scores[(scores["year"] == 2025) & (scores["unit_id"] == "S03") & scores["applicable"]].iloc[0]
    sc = cd.Scenario("Kịch bản lớn", changes=[cd.ScoreChange(2025, "S03", str(row["item_id"]), 0.0)])
    text = scenario_to_json(sc).encode()
    return text + b" " * (size - len(text))


def test_a_scenario_at_the_limit_opens_and_one_byte_more_is_refused_in_the_browser(voila_server, page):
    at_limit, over = _scenario(MAX_FILE_BYTES), _scenario(MAX_FILE_BYTES + 1)
    assert (len(at_limit), len(over)) == (2_000_000, 2_000_001)
    frames = record_frames(page)
    open_dashboard(page, voila_server.url, "03_mo_phong.ipynb?lang=en")
    page.wait_for_function("() => document.querySelector('.cchc-lang button.mod-active')?.textContent.trim() "
                           "=== 'English' && document.querySelector('.cchc-headline')?.innerText.includes('Now')",
                           timeout=120_000)
    before = settled_kernels(voila_server)
    headline = page.inner_html(".cchc-headline")

    pick(page, ".cchc-upload", {"name": "kich_ban.json", "mimeType": "application/json", "buffer": over})
    message = refused_in_browser(page, voila_server, frames, ".cchc-upload", ".cchc-headline", before)
    assert message == "File too large (2.1 MB, at most 2 MB)"
    assert page.inner_text(".cchc-message").strip() == "" and page.inner_html(".cchc-headline") == headline
    page.click(".cchc-lang button:has-text('Tiếng Việt')")  # the message follows the page's language
    page.wait_for_function("() => document.querySelector('.cchc-upload + .cchc-too-large').innerText === "
                           "'Tệp quá lớn (2,1 MB, tối đa 2 MB)'", timeout=30_000)

    pick(page, ".cchc-upload", {"name": "kich_ban.json", "mimeType": "application/json", "buffer": at_limit})
    page.wait_for_function("() => document.querySelector('.cchc-message').innerText.includes("
                           "\"Đã mở kịch bản 'Kịch bản lớn' (1 thay đổi)\")", timeout=120_000)
    assert page.query_selector(".cchc-too-large") is None and page.query_selector("#cchc-lost") is None
    assert settled_kernels(voila_server) == before


def test_the_kernel_websocket_takes_the_largest_upload():
    """voila.json raises the limit above the largest upload (50 MB) with room for the message around it."""
    settings = json.loads((ROOT / "voila.json").read_text())["Voila"]["tornado_settings"]
    assert settings["websocket_max_message_size"] == 64 * 2**20 > MAX_UPLOAD + 10 * 2**20
