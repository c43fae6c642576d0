"""Zip bombs are refused before a workbook is read (cchc_dash.io.xlsx_guard), and uploads over their limit
are refused in the kernel with the words the page's script uses in the browser (tests/browser/test_uploads.py
drives the browser's side)."""

from __future__ import annotations

import datetime as dt
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io import excel, scenario_files, xlsx_guard
from cchc_dash.io.excel import MAX_UPLOAD, read_uploaded
from cchc_dash.io.wide_tables import read_wide
from cchc_dash.render.labels import LABELS, t
from cchc_dash.ui import shell as ui_shell
from cchc_dash.ui import whatif as ui_whatif

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "cchc" / "index.html.j2"
SST = "xl/sharedStrings.xml"
SST_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" count="1" uniqueCount="1"><si><t>')
SST_TAIL = b"</t></si></sst>"


def bomb(path: Path, megabytes: int) -> Path:
    """The template workbook plus a shared-strings part (related and typed, as Excel writes one) holding
    one string of ``megabytes`` × 10⁶ times the letter a, deflated: about a thousand times smaller."""
    template = cd.write_template(path.with_name("mau_" + path.name))
    rel = ('<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           'Target="sharedStrings.xml" Id="rIdSst"/></Relationships>')
    typed = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode())
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", typed.encode())
            out.writestr(info.filename, data)
        with out.open(SST, "w") as part:
            part.write(SST_HEAD)
            chunk = b"a" * 1_000_000
            for _ in range(megabytes):
                part.write(chunk)
            part.write(SST_TAIL)
    return path


def lying(path: Path, out: Path, declared: int = 1_000) -> Path:
    """``path`` with its shared-strings part declaring ``declared`` bytes expanded (and the CRC of its first
    ``declared`` bytes), in the local header and the central directory: it passes the guard's look."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SST)
        with z.open(info) as part:
            crc = zlib.crc32(part.read(declared))
    local = info.header_offset
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, declared)
    entry = data.rfind(b"PK\x01\x02")  # the part was written last: its directory entry is the last one
    assert data[entry + 46 : entry + 46 + len(SST)] == SST.encode()
    struct.pack_into("<I", data, entry + 16, crc)
    struct.pack_into("<I", data, entry + 24, declared)
    out.write_bytes(bytes(data))
    return out


def refused(fn) -> list[tuple]:
    with pytest.raises(cd.ValidationError) as exc:
        fn()
    return [(p.source, p.row, p.column, p.message_vi, p.message_en) for p in exc.value.problems]


def test_the_bounds_leave_room_for_the_largest_upload():
    """Every workbook within the upload limit whose parts expand up to 20 times passes (the demo's: 12.4)."""
    assert xlsx_guard.MAX_EXPANDED == 20 * MAX_UPLOAD == 1_000_000_000
    assert (xlsx_guard.MAX_RATIO, xlsx_guard.RATIO_FLOOR) == (100, 50_000_000)


def test_a_bomb_is_refused_with_its_part_named(tmp_path):
    """60 MB of one letter deflate to about 58 KB: a ratio of about a thousand, refused before reading."""
    path = bomb(tmp_path / "bom.xlsx", 60)
    info = zipfile.ZipFile(path).getinfo(SST)
    times, packed = info.file_size // info.compress_size, info.compress_size
    assert 900 < times < 1100 and info.file_size == 60_000_000 + len(SST_HEAD) + len(SST_TAIL)
    packed_vi, packed_en = f"{-(-packed // 100_000) / 10}".replace(".", ","), f"{-(-packed // 100_000) / 10}"
    expected = [
        (
            "bom.xlsx",
            None,
            None,
            f"tệp nén bất thường: phần 'xl/sharedStrings.xml' giải nén ra 60,1 MB, gấp {times} lần kích thước "
            f"nén ({packed_vi} MB), quá 100 lần",
            f"unusual compressed file: its part 'xl/sharedStrings.xml' expands to 60.1 MB, {times} times its "
            f"compressed size ({packed_en} MB), more than 100 times",
        )
    ]
    assert refused(lambda: xlsx_guard.check_xlsx(path)) == expected
    assert refused(lambda: cd.read_workbook(path)) == expected
    assert refused(lambda: read_uploaded("bom.xlsx", path.read_bytes())) == expected
    assert refused(lambda: cd.load(path)) == expected


def test_a_file_expanding_past_the_total_is_refused(tmp_path, monkeypatch):
    """The total bound, lowered to 10 kB for the template (about 50 kB of XML, no part over 11 kB)."""
    path = cd.write_template(tmp_path / "mau.xlsx")
    total = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(xlsx_guard, "MAX_EXPANDED", 10_000)
    shown = f"{-(-total // 100_000) / 10}"
    assert refused(lambda: cd.read_workbook(path)) == [
        ("mau.xlsx", None, None, f"tệp nén bất thường: tệp giải nén ra {shown.replace('.', ',')} MB, quá mức 0,1 MB",
         f"unusual compressed file: the file expands to {shown} MB, more than 0.1 MB"),
    ]


def test_wide_tables_in_xlsx_are_guarded(tmp_path):
    """read_wide reads xlsx with openpyxl: the same refusal, naming the year's file."""
    path = bomb(tmp_path / "cchc_2024.xlsx", 60)
    codebook = pd.DataFrame({"item_id": ["1.1"], "area_id": ["1"], "area_name": ["A"], "max_points": [1.0]})
    (problem,) = refused(lambda: read_wide([path], codebook))
    assert problem[0] == "cchc_2024.xlsx" and problem[4].startswith("unusual compressed file: its part 'xl/sharedS")


def test_what_the_guard_cannot_open_is_damaged(tmp_path):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\0" * 40)
    assert refused(lambda: xlsx_guard.check_xlsx(path)) == [
        ("cut.xlsx", None, None, "tệp .xlsx bị hỏng, không đọc được (BadZipFile)",
         "the .xlsx file is damaged and cannot be read (BadZipFile)")
    ]
    assert refused(lambda: xlsx_guard.check_xlsx(tmp_path / "none.xlsx"))[0][3:] == (
        "không tìm thấy tệp", "the file does not exist")


def test_normal_workbooks_pass_and_read(tmp_path):
    """The template, and the demo province as a workbook: its 63,000 score rows (the 493,000 survey answers
    left out: 27 s to write; with them the demo is 10.3 MB expanding to 125 MB, at most 12.4 times a part)."""
    xlsx_guard.check_xlsx(cd.write_template(tmp_path / "mau.xlsx"))
    sample = cd.load_sample()
    sample = sample.replace(sipas_answers=sample.sipas_answers.iloc[:0])
    path = excel.write_workbook(sample, tmp_path / "minh_an.xlsx")
    xlsx_guard.check_xlsx(path)
    assert len(cd.read_workbook(path).scores) == len(sample.scores)


def test_a_bomb_is_refused_in_little_memory_and_a_lying_one_is_cut_at_its_declared_size(tmp_path):
    """In a fresh process (its peak memory is its own): a 300 MB string would take about 1 GB to read
    (200 MB: 689 MB measured); refused, the process stays near what importing cchc_dash takes. The same
    bomb declaring 1 kB passes the guard's look, but calamine stops at the declared size: damaged, and small."""
    big = bomb(tmp_path / "bom.xlsx", 300)
    liar = lying(big, tmp_path / "noi_doi.xlsx")
    script = """
import json, sys
import cchc_dash as cd
out, peaks = [], []
for path in sys.argv[1:]:
    try:
        cd.read_workbook(path)
        out.append("read")
    except cd.ValidationError as exc:
        out.append(exc.problems[0].message_en)
    # VmHWM, this process's own peak: ru_maxrss is kept across exec, so it would carry pytest's own peak
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    peaks.append(int(hwm.split()[1]) // 1024)
print(json.dumps(out))
print(peaks[0])  # after the bomb the guard refuses (the liar's read by calamine varies from run to run)
"""
    run = subprocess.run([sys.executable, "-c", script, str(big), str(liar)], capture_output=True, text=True,
                         timeout=120, check=True)
    shown, peak_mib = run.stdout.strip().splitlines()
    honest, lie = json.loads(shown)
    assert honest.startswith("unusual compressed file: its part 'xl/sharedStrings.xml' expands to 300.1 MB, 10")
    assert lie == "the .xlsx file is damaged and cannot be read (XmlError)"
    assert int(peak_mib) < 300, f"peak {peak_mib} MiB"


# --- the kernel's own size check, in the words of the page's script ------------------------------------------


def test_the_page_script_says_what_the_kernel_says():
    """The browser's refusal is written in the template with the same words and number format as here."""
    script = TEMPLATE.read_text(encoding="utf-8")
    vi, en = LABELS["too_large"]
    assert f'vi: "{vi}", en: "{en}"' in script
    assert "Math.ceil(size / 100000) / 10).toFixed(1)" in script
    assert ui_shell.megabytes(50_000_000, "vi") == "50" and ui_shell.megabytes(50_000_001, "vi") == "50,1"
    assert ui_shell.megabytes(2_000_001, "en") == "2.1" and ui_shell.megabytes(1_234_567, "en") == "1.3"
    assert t("too_large", "en", size="50.1", limit="50") == "File too large (50.1 MB, at most 50 MB)"


def _sent(name: str, content: bytes) -> tuple[dict, ...]:
    return ({"name": name, "type": "", "size": len(content), "last_modified": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
             "content": memoryview(content)},)


def test_each_upload_carries_its_limit_and_the_kernel_refuses_a_larger_file(five_units):
    from cchc_dash.ui import ranking
    from cchc_dash.ui.shell import find_widget

    app = ranking.build(five_units, cd.compute(five_units))
    upload = find_widget(app, "cchc-workbook")
    assert f"cchc-max-bytes-{MAX_UPLOAD}" in upload._dom_classes and MAX_UPLOAD == 50_000_000
    header = find_widget(app, "cchc-header").value
    upload.value = _sent("to.xlsx", b"PK" + b"\0" * MAX_UPLOAD)
    assert "Tệp quá lớn (50,1 MB, tối đa 50 MB)" in find_widget(app, "cchc-status").value
    assert find_widget(app, "cchc-header").value == header and upload.value == ()


def test_the_scenario_upload_carries_its_limit_and_the_kernel_refuses_a_larger_file(five_units):
    from cchc_dash.ui.shell import find_widget

    app = ui_whatif.build(five_units, cd.compute(five_units), lang="en")
    upload = find_widget(app, "cchc-upload")
    assert f"cchc-max-bytes-{scenario_files.MAX_FILE_BYTES}" in upload._dom_classes
    name = find_widget(app, "cchc-scenario-name").value
    content = json.dumps({"schema": "cchc_dash/scenario", "version": 1, "name": "big"}).encode()
    upload.value = _sent("kb.json", content + b" " * (scenario_files.MAX_FILE_BYTES + 1 - len(content)))
    assert "File too large (2.1 MB, at most 2 MB)" in find_widget(app, "cchc-message").value
    assert find_widget(app, "cchc-scenario-name").value == name and upload.value == ()
