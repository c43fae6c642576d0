"""cli.py: ``cchc-dash serve --data`` checks the data before serving anything."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc_dash import cli
from cchc_dash.io.loader import ENV_VAR

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def no_exec(monkeypatch):
    """Record what ``serve`` would exec instead of replacing the test process with Voilà;
    the environment and working directory that ``serve`` changes are restored afterwards."""
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append(list(args)))
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.chdir(os.getcwd())
    return calls


def test_serve_refuses_a_bad_folder_with_every_problem(tmp_path, no_exec, capsys):
    folder = tmp_path / "hong"
    shutil.copytree(SAMPLE_DIR, folder)
    scores = folder / "scores.csv"
    lines = scores.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("2019,S01,1.1.2,", "2019,S01,1.1.2,abc")  # line 3: self_score "abc…"
    lines[3] = lines[3].replace("2019,S01,", "2019,S99,")                 # line 4: an unknown unit
    scores.write_text("".join(lines), encoding="utf-8")
    assert cli.main(["serve", "--data", str(folder)]) == 2
    assert no_exec == []  # Voilà never started
    err = capsys.readouterr().err
    assert "scores.csv, dòng/row 3, cột/column 'self_score'" in err
    assert "scores.csv, dòng/row 4, cột/column 'unit_id'" in err
    assert ENV_VAR not in os.environ


def test_serve_refuses_a_missing_path(tmp_path, no_exec, capsys):
    assert cli.main(["serve", "--data", str(tmp_path / "khong_co")]) == 2
    assert no_exec == [] and "this path does not exist" in capsys.readouterr().err


def test_serve_passes_a_good_folder_to_the_kernels(tmp_path, no_exec, monkeypatch):
    folder = tmp_path / "tot"
    shutil.copytree(SAMPLE_DIR, folder)
    monkeypatch.chdir(tmp_path)
    cli.main(["serve", "--data", "tot", "--port", "8899"])  # a relative path, made absolute
    (args,) = no_exec
    assert os.environ[ENV_VAR] == str(folder.resolve())
    assert args[1:4] == ["-m", "cchc_dash.serving", str(cli.ROOT / "notebooks")] and "--port=8899" in args


def test_serve_without_data_serves_the_demo(no_exec, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "/somewhere/else")
    cli.main(["serve"])
    assert len(no_exec) == 1 and ENV_VAR not in os.environ


def _bad_workbook(tmp_path: Path) -> Path:
    """The template with one appraised score typed as text (sheet Điểm, row 4, column E)."""
    from openpyxl import load_workbook
    path = tmp_path / "tinh.xlsx"
    assert cli.main(["template", str(path)]) == 0
    wb = load_workbook(path)
    wb["Điểm"]["E4"] = "một"
    wb.save(path)
    return path


def test_template_compute_to_report_and_csv(tmp_path, capsys):
    from openpyxl import load_workbook
    book = tmp_path / "mau.xlsx"
    assert cli.main(["template", str(book)]) == 0
    assert cli.main(["validate", str(book)]) == 0
    assert "OK: 2 đơn vị/units, 6 dòng điểm/score rows" in capsys.readouterr().out
    assert cli.main(["compute", str(book), "--bands", "Tốt>=85; Khá>=70; Yếu", "--out", str(tmp_path / "bc.xlsx")]) == 0
    ws = load_workbook(tmp_path / "bc.xlsx")["Sở, ban, ngành"]
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3)] == [[1, "Sở Tư pháp", 4.3, 86.0, 1, "Tốt"],
                                                                       [2, "Sở Nội vụ", 2.1, 70.0, 2, "Khá"]]
    assert ws.oddFooter.right.text == "Thang xếp loại: Tốt>=85; Khá>=70; Yếu"
    assert cli.main(["compute", str(book), "--out", str(tmp_path / "kq.csv")]) == 0
    assert (tmp_path / "kq.csv").read_text(encoding="utf-8-sig").startswith("year,group,unit_id,unit_name")


def test_user_errors_exit_2_with_located_words_and_no_traceback(tmp_path, capsys):
    bad = _bad_workbook(tmp_path)
    for args in (["validate", str(bad)], ["compute", str(bad), "--out", str(tmp_path / "r.xlsx")]):
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        assert "tinh.xlsx, sheet 'Điểm', dòng/row 4, cột/column 'Điểm thẩm định (E)'" in err and "Traceback" not in err
        assert "'một' không phải là số / 'một' is not a number" in err
    assert not (tmp_path / "r.xlsx").exists()
    assert cli.main(["validate", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "tinh.xlsx, sheet 'Điểm', row 4, column 'Điểm thẩm định (E)': 'một' is not a number" in err
    assert "không phải" not in err
    assert cli.main(["validate", str(bad), "--lang", "vi"]) == 2
    assert "'một' không phải là số" in (err := capsys.readouterr().err) and "is not a number" not in err


@pytest.mark.parametrize("out, message", [
    ("khong_co/r.csv", "does not exist"), (".", "this is a folder"), ("r.txt", "only .xlsx (the report) or .csv")])
def test_compute_refuses_a_bad_out(tmp_path, capsys, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["compute", "sample", "--out", out, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_existing_template_and_files_that_are_not_workbooks(tmp_path, capsys):
    book = tmp_path / "mau.xlsx"
    book.write_bytes(b"")
    assert cli.main(["validate", str(book), "--lang", "en"]) == 2
    assert "mau.xlsx: the file is empty (0 bytes)" in capsys.readouterr().err
    assert cli.main(["template", str(book)]) == 2
    assert "the file exists" in capsys.readouterr().err and book.read_bytes() == b""


def test_a_subprocess_run_shows_no_traceback(tmp_path):
    import subprocess
    import sys
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    run = subprocess.run([sys.executable, "-m", "cchc_dash.cli", "validate", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "the .xlsx file is damaged" in run.stderr


def test_serve_checks_and_passes_a_workbook(tmp_path, no_exec, capsys):
    bad = _bad_workbook(tmp_path)
    assert cli.main(["serve", "--data", str(bad)]) == 2 and no_exec == []
    assert "sheet 'Điểm', dòng/row 4" in capsys.readouterr().err
    good = tmp_path / "tot.xlsx"
    assert cli.main(["template", str(good)]) == 0
    cli.main(["serve", "--data", str(good)])
    assert len(no_exec) == 1 and os.environ[ENV_VAR] == str(good.resolve())


def test_a_workbook_without_score_rows_has_no_report(tmp_path, capsys):
    from openpyxl import load_workbook
    book = tmp_path / "trong.xlsx"
    assert cli.main(["template", str(book)]) == 0
    wb = load_workbook(book)
    wb["Điểm"].delete_rows(3, 10)
    wb["SIPAS"].delete_rows(3, 10)
    wb.save(book)
    assert cli.main(["compute", str(book), "--out", str(tmp_path / "r.xlsx"), "--lang", "en"]) == 2
    assert "trong.xlsx, sheet 'Điểm': there are no score rows (only the header)" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()
