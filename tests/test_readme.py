"""Every Python example of README.md runs, in the order a reader meets them, on the demo data.

The examples name files a reader would have (a CSV folder, a workbook, wide tables per year and their
codebook): small ones are written into a scratch folder first, and the examples run there, so that the
files they write (template, report, scenario) land there too.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.excel import example_dataset

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line of the opening fence, code) of every ```python block."""
    blocks = []
    for match in re.finditer(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        blocks.append((text.count("\n", 0, match.start()) + 1, match.group(1)))
    return blocks


BLOCKS = python_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_its_examples():
    """The examples this file runs include the analysts' tour, Excel, the engine, what-if, profile and SIPAS."""
    firsts = [code.splitlines()[0].split("#")[0].strip() for _, code in BLOCKS]
    for first in ("import cchc_dash as cd", 'cd.write_template("mau.xlsx")', "engine = cd.prepare(ds)",
                  'sc = cd.Scenario("Sở Tư pháp lên Tốt",',
                  'p = cd.profile(res, "S03", 2025, ds, sipas=cd.sipas_index(ds))', "sip = cd.sipas_index(ds)"):
        assert first in firsts


def reader_files(folder: Path) -> None:
    """The files the examples open: my_province/ (CSV folder), tinh.xlsx, 2019.csv, 2020.xlsx, codebook.csv and a
    published annex, phu_luc_2024.csv."""
    example = example_dataset()
    (folder / "my_province").mkdir()
    for frame in ("methodology", "units", "scores", "bands"):
        getattr(example, frame).to_csv(folder / "my_province" / f"{frame}.csv", index=False)
    cd.write_template(folder / "tinh.xlsx")
    pd.DataFrame({"item_id": ["1.1", "1.2"], "area_id": ["1", "1"], "area_name": ["Chỉ đạo, điều hành"] * 2,
                  "max_points": [10, 5]}).to_csv(folder / "codebook.csv", index=False)
    (folder / "2019.csv").write_text("Đơn vị,1.1,1.2\nSở A,8,4\nSở B,6,5\n", encoding="utf-8")
    book = openpyxl.Workbook()
    for row in (["Đơn vị", "1.1", "1.2"], ["Sở A", 9, 5], ["Sở B", 7, 3]):
        book.active.append(row)
    book.save(folder / "2020.xlsx")
    (folder / "phu_luc_2024.csv").write_text(  # a published annex: title with the year, a section row, two units
        "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024\r\nTT,\"Tên cơ quan, đơn vị\",Tổng điểm,Xếp hạng,"
        "Xếp loại\r\n\"I. KHỐI SỞ, BAN, NGÀNH\",,,,\r\n1,Sở Tư pháp,\"91,5\",1,Xuất sắc\r\n"
        "2,Sở Y tế,\"84,25\",2,Tốt\r\n", encoding="utf-8")


def test_every_python_example_of_the_readme_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_DATA", raising=False)  # cd.load() is the demo
    reader_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    for line, code in BLOCKS:
        exec(compile(code, f"README.md (block at line {line})", "exec"), names)  # noqa: S102 — our own examples
    # what the examples left behind, as the README says
    assert isinstance(names["mine"], cd.Dataset) and isinstance(names["wide"], cd.Dataset)
    assert list(names["table"]["rank"]) == [1, 2] and list(names["table"]["band"]) == ["Tốt", "Tốt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".json")) == [
        "2020.xlsx", "bao_cao.xlsx", "kich_ban.json", "mau.xlsx", "tinh.xlsx"]
    assert names["p"].unit_id == "S03" and names["sc"].name == "Sở Tư pháp lên Tốt"
    assert list(names["pub"]["unit"]) == ["Sở Tư pháp", "Sở Y tế"] and (tmp_path / "bao_cao_2025.docx").exists()


@pytest.mark.parametrize("line,code", BLOCKS, ids=[f"line {line}" for line, _ in BLOCKS])
def test_each_example_compiles(line, code):
    """A syntax error (such as `weights={…, ...}` once) is named with its block."""
    compile(code, f"README.md (block at line {line})", "exec")
