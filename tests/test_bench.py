"""bench.py: `cchc-dash bench --quick` prints every figure, on frames of the sizes it says."""

from __future__ import annotations

import pytest

from cchc_dash.app import bench, cli, serving


def test_timed_counts_runs_and_orders_min_median_max():
    calls = []
    out = bench.timed(lambda: calls.append(1), repeat=3)
    assert len(calls) == 3 and out["runs"] == 3 and set(out) == {"median_s", "min_s", "max_s", "runs", "each_s"}
    assert 0 <= out["min_s"] <= out["median_s"] <= out["max_s"] < 0.1


def test_timed_gives_each_run_in_the_order_run():
    """A slow second run (a stall) is the second of ``each_s``: runs can be compared one by one."""
    import time

    pauses = iter([0.0, 0.05, 0.0])
    out = bench.timed(lambda: time.sleep(next(pauses)), repeat=3)
    first, second, third = out["each_s"]
    assert second >= 0.05 > max(first, third) and out["max_s"] == second


def test_national_frames_have_the_sizes_asked_for():
    """3 units × 2 years × 90 leaves; every score within its leaf's maximum, on a quarter-point grid."""
    frames = bench.national_frames(units=3, n_years=2)
    scores, meth = frames["scores"], frames["methodology"]
    assert len(scores) == 3 * 2 * 90 and sorted(scores["year"].unique()) == [2019, 2020]
    assert list(frames["units"]["unit_id"]) == ["U00000", "U00001", "U00002"]
    mx = scores.merge(meth[meth["level"] == "item"], on=["year", "item_id"])["max_points"]
    assert len(mx) == len(scores) and (scores["score"].to_numpy() <= mx.to_numpy()).all()
    assert ((scores["score"] * 4) % 1 == 0).all()


def test_national_sipas_rounds_answers_up_to_whole_respondents():
    """100 answers over 2 units on the 19-question form: ⌈100 / 38⌉ = 3 respondents each, 2 × 3 × 19 = 114 rows."""
    answers, questions = bench.national_sipas(answers=100, units=2)
    assert len(questions) == 19 and len(answers) == 114
    assert answers.groupby("unit_id")["respondent_id"].nunique().tolist() == [3, 3]


def test_scoring_figures_on_a_tiny_nation(monkeypatch):
    """The national part of `bench` on 50 units × 1 year (the full --quick run takes minutes on a shared
    machine, too long for the fast suite; unit U00042 is the one edited): every step runs once, with the
    clock replaced by set runs, so that the ratios are known in advance — ours 1.2 s against the
    numpy floor's 0.5 s is 2.4 (one decimal), against DuckDB's 0.25 s 4.8 (two decimals); run by run,
    ours (1.2, 1.0) against DuckDB's (0.25, 2.0) is 4.8 then 0.5."""
    real = bench.timed_in_turn
    asked: list[int] = []
    together: list[list[str]] = []

    def set_clock(fns, repeat=5):
        real(fns, 1)  # each step runs for real, once
        asked.append(repeat)
        together.append(list(fns))
        out = {}
        for name, fn in fns.items():
            if fn.__qualname__.startswith("numpy_floor."):
                each = [0.5, 0.5]
            elif fn.__qualname__.startswith("duckdb_scoring."):
                each = [0.25, 2.0]
            elif fn.__code__.co_names == ("compute",):  # lambda: compute(big)
                each = [1.2, 1.0]
            else:
                each = [0.01, 0.01]
            out[name] = {"median_s": each[0], "min_s": min(each), "max_s": max(each), "runs": repeat, "each_s": each}
        return out

    monkeypatch.setattr(bench, "timed_in_turn", set_clock)
    out = bench.scoring_figures(units=50, n_years=1, repeat=1)
    assert out["national_score_rows"] == 50 * 1 * 90
    compute = out["national_compute"]
    assert compute["ours"]["median_s"] == 1.2 and compute["numpy_floor"]["median_s"] == 0.5
    assert compute["ratio_ours_vs_floor"] == 2.4
    if isinstance(compute["duckdb_arrow_strings"], dict):
        assert compute["ratio_ours_vs_duckdb"] == 4.8
        assert compute["ours_vs_duckdb_each_run"] == [4.8, 0.5]
        assert ["ours", "floor", "duck"] in together  # run in turn, not one after the other
    else:  # without the bench extra: said, no ratio
        assert compute["duckdb_arrow_strings"].startswith("duckdb/pyarrow not installed")
        assert compute["ratio_ours_vs_duckdb"] is None and compute["ours_vs_duckdb_each_run"] is None
    steps = ("national_validate", "engine_update_one_change_national", "whatif_simulate_one_change_national",
             "engine_update_one_change_province", "whatif_simulate_one_change_province", "whatif_1000_draws_province")
    assert [out[k]["runs"] for k in steps] == [1, 7, 1, 50, 20, 5]
    parts = ("ours", "numpy_floor", "prepare", "evaluate", "results_frame")
    assert [compute[k]["runs"] for k in parts] == [1, 1, 1, 1, 1]
    assert len(asked) == 10 + isinstance(out["national_validate_arrow_strings"], dict)


def test_timed_in_turn_runs_each_function_once_per_round():
    """Two functions, three rounds: called a, b, a, b, a, b, each summarised apart."""
    calls: list[str] = []
    out = bench.timed_in_turn({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeat=3)
    assert calls == ["a", "b"] * 3
    assert set(out) == {"a", "b"} and out["a"]["runs"] == 3 and len(out["b"]["each_s"]) == 3


def test_workbook_figures_on_a_tiny_workbook():
    """2 units × 1 year × 90 leaves written as a workbook and read back: both readers timed, once each here."""
    book = bench.workbook_figures(units=2, n_years=1, repeat=1)
    assert set(book) == {"workbook_score_rows", "workbook_read", "workbook_openpyxl_cells_only"}
    assert book["workbook_score_rows"] == 2 * 1 * 90
    for key in ("workbook_read", "workbook_openpyxl_cells_only"):
        timing = book[key]
        assert timing["runs"] == 1 and 0 < timing["min_s"] == timing["median_s"] == timing["max_s"]


def test_trends_rows_of_the_national_results():
    """1,000 units over 3 years, 5 % of them merged away in the last year: 1,000 + 1,000 + 950 rows."""
    res = bench.national_results(units=1000, n_years=3)
    assert len(res) == 2950 and res.groupby("year").size().tolist() == [1000, 1000, 950]
    assert res.loc[res["year"] == 2021, "successor_id"].isna().all()


def test_the_cli_runs_the_benchmark_with_its_flags(monkeypatch):
    seen = []
    monkeypatch.setattr(bench, "main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["bench", "--quick"]) == 0 and cli.main(["bench", "--browser", "--quick"]) == 0
    assert seen == [["--quick"], ["--browser", "--quick"]]


def test_cpu_share_counts_time_outside_idle_and_iowait(tmp_path, monkeypatch):
    # /proc/stat's first line: user nice system idle iowait irq softirq. Between the two readings
    # 300 of 1,000 ticks were busy (user 200 + system 100); idle 600 and iowait 100 are not.
    stat = tmp_path / "stat"
    stat.write_text("cpu  1000 0 500 8000 500 0 0\ncpu0 1 2 3 4\n")
    monkeypatch.setattr(bench.time, "sleep", lambda s: stat.write_text("cpu  1200 0 600 8600 600 0 0\n"))
    assert bench._cpu_busy_share(3.0, stat) == 0.3
    assert bench._cpu_busy_share(3.0, tmp_path / "none") is None


@pytest.mark.parametrize(("share", "warned"), [(0.6, True), (0.25, False), (0.1, False), (None, False)])
def test_machine_load_warns_only_when_others_use_the_cpu(monkeypatch, share, warned):
    monkeypatch.setattr(bench, "_cpu_busy_share", lambda seconds: share)
    out = bench.machine_load(3.0)
    assert out["cpu_busy_pct_over_3s"] == (None if share is None else round(100 * share, 1))
    assert ("warning" in out) is warned
    if warned:
        assert out["warning"].startswith("busy machine: other processes used 60 % of ")


def test_dashboard_redraws_drive_each_dashboards_widgets_as_the_browser_does():
    """Each toggle sets a value the widget accepts (d3's score box takes text as typed, "0,25"): a
    widget that changed kind breaks this test, not a benchmark run an hour later."""
    out = bench.dashboard_redraws(1)
    assert sorted(out) == ["d1_year_change_s", "d2_units_change_s", "d2_years_change_s", "d3_item_edit_s",
                           "d4_scheme_change_s"]
    assert all(isinstance(v, float) and v >= 0 for v in out.values())


def test_the_refill_pause_the_benchmark_waits_out_is_the_servers(tmp_path):
    """The committed voila.json holds refills 5 s; a file without the setting gets the server's default."""
    assert bench.refill_pause() == 5.0
    config = tmp_path / "voila.json"
    config.write_text('{"GuardedKernelManager": {"refill_pause": 2.5}}', encoding="utf-8")
    assert bench.refill_pause(config) == 2.5
    config.write_text("{}", encoding="utf-8")
    assert bench.refill_pause(config) == serving.GuardedKernelManager().refill_pause == 5.0


def test_national_compute_keeping_freed_memory_runs_in_a_process_with_the_switch():
    """The figure for CCHC_KEEP_FREED_MEMORY=1 comes from a fresh process started with it (glibc reads
    the setting only at import), on a tiny nation: one run of ours (and of DuckDB, in turn, when installed)."""
    out = bench.kept_memory_figures(units=50, n_years=1, repeat=1)
    assert out["switch"] == "1" and out["ours"]["runs"] == 1 and len(out["ours"]["each_s"]) == 1
    if "duck" in out:
        assert len(out["ours_vs_duckdb_each_run"]) == 1
