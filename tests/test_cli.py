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


def test_quick_benchmark_prints_side_by_side_figures(capsys):
    """`cchc-dash bench --quick` runs end to end and prints ours beside the numpy floor (and DuckDB when installed)."""
    import json

    from cchc_dash.cli import main
    assert main(["bench", "--quick"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quick"] is True and out["national_score_rows"] == 1000 * 3 * 90
    compute = out["national_compute"]
    assert compute["ours"]["median_s"] > 0 and compute["numpy_floor"]["median_s"] > 0
    assert compute["ratio_ours_vs_floor"] == round(compute["ours"]["median_s"] / compute["numpy_floor"]["median_s"], 1)
    assert out["whatif_1000_draws_province"]["runs"] == 5 and out["d3_item_edit_s"] > 0
