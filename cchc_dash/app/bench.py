"""Benchmarks (``cchc-dash bench [--quick] [--browser]``): figures printed as JSON, never asserted by a test.

Every timing is the median of repeated runs with its min and max, measured in one
process so that ratios are comparable on a shared, noisy machine, and each is printed
beside its reference measured in the same run: national scoring against the same
aggregation and ranking in DuckDB (its best configuration: Arrow-backed strings) and a
numpy floor on integer codes. Kernel-side dashboard figures time a widget change until
every output is recomputed; ``--browser`` also starts Voilà and Chromium and times what a
user sees (page to first chart, selection to redrawn chart), and what a page costs on the
network: bytes over HTTP and over the websocket on a first and on a repeat visit, and the
first chart on the loopback and under Chromium's emulation of a phone on 4G and of a slow
office link, in a browser that keeps its profile on disk as a viewer's does (and under 4G in a
private window too: :func:`network_figures`). ``--quick`` shrinks the national frames (1,000 units ×
3 years) to check that the benchmark runs.

Figures taken beside another busy process are slower, and not by a constant factor (a full test
run beside it tripled hello-world's time): the output gives the machine's load average at the
start and at the end, and a warning, also printed at once on stderr, when the start was busy.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.sipas import aggregate, sipas_index, validated
from ..analyses.trends import trends
from ..analyses.whatif import Scenario, ScoreChange, robustness, simulate
from ..core.dataset import Dataset
from ..core.memory import KEEP_SWITCH
from ..core.ranks import group_ranks
from ..core.scoring import Engine, compute, prepare
from ..io.csv_folder import load_sample
from ..io.synthetic import AREAS_2019, methodology_tree

#: The project folder (notebooks/, voila.json, share/).
ROOT = Path(__file__).resolve().parents[2]  # the repository: notebooks/, share/, voila.json

#: The share of the machine's CPU time that other processes may use while the benchmark waits,
#: idle, for a few seconds before it starts: above it the machine counts as busy. The load
#: average alone lags by minutes (a test run that ended a minute ago still weighs on it).
BUSY_CPU_SHARE = 0.25


def _cpu_busy_share(seconds: float = 3.0, stat: Path = Path("/proc/stat")) -> float | None:
    """The share of all cores' time spent outside idle and I/O wait over ``seconds`` (from
    /proc/stat; None where there is none). The benchmark sleeps meanwhile: the time is others'."""
    def sample() -> tuple[int, int] | None:
        try:
            fields = [int(x) for x in stat.read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields) - idle, sum(fields)

    before = sample()
    time.sleep(seconds)
    after = sample()
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def machine_load(seconds: float = 3.0) -> dict[str, object]:
    """The machine's cores, load average (1, 5 and 15 minutes) and the share of its CPU time other
    processes used over the last ``seconds``, with a warning when that share says another process
    is busy (:data:`BUSY_CPU_SHARE`): figures taken then are slower than on a quiet machine."""
    cores = os.cpu_count() or 1
    load = [round(x, 2) for x in os.getloadavg()]
    busy = _cpu_busy_share(seconds)
    out: dict[str, object] = {"cores": cores, "load_average_1_5_15_min": load,
                              f"cpu_busy_pct_over_{seconds:g}s": None if busy is None else round(100 * busy, 1)}
    if busy is not None and busy > BUSY_CPU_SHARE:
        out["warning"] = (f"busy machine: other processes used {100 * busy:.0f} % of {cores} cores' time over "
                          f"{seconds:g} s before the benchmark; its figures are slower than on a quiet machine "
                          "(run it alone)")
    return out


def timed(fn: Callable[[], object], repeat: int = 5) -> dict[str, object]:
    """Median, min and max seconds of ``repeat`` runs of ``fn``, and each run's in order (``each_s``:
    a stall of the machine shows as one slow run, the first run's warm-up as a slow first)."""
    return timed_in_turn({"fn": fn}, repeat)["fn"]


def timed_in_turn(fns: dict[str, Callable[[], object]], repeat: int = 5) -> dict[str, dict[str, object]]:
    """``timed`` for several functions run in turn (a, b, a, b, …): run i of each falls in the same
    stretch of time, so a stall of a shared machine slows both sides of a comparison, and run i of one
    can be set against run i of another ("faster in each of three runs")."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {name: {"median_s": round(statistics.median(ts), 4), "min_s": round(min(ts), 4),
                   "max_s": round(max(ts), 4), "runs": repeat, "each_s": [round(x, 4) for x in ts]}
            for name, ts in times.items()}


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    return float(timed(fn, repeat)["median_s"])


def national_frames(units: int = 10_000, n_years: int = 7, seed: int = 1) -> dict[str, pd.DataFrame]:
    """``units`` units × ~90 leaves × ``n_years`` years of random scores (national scale)."""
    rng = np.random.default_rng(seed)
    tree = pd.DataFrame(methodology_tree(AREAS_2019))
    # Split the 2–3-leaf criteria once more to reach ~90 leaves per unit-year.
    leaves = tree[tree["level"] == "item"]
    extra = leaves[leaves["max_points"] >= 1.0].head(14)
    split = extra.assign(item_id=extra["item_id"] + "b", max_points=extra["max_points"] / 2)
    tree.loc[extra.index, "max_points"] = extra["max_points"] / 2
    tree = pd.concat([tree, split], ignore_index=True)
    year_list = list(range(2019, 2019 + n_years))
    methodology = pd.concat([tree.assign(year=y, group="G") for y in year_list], ignore_index=True)
    leaf = tree[tree["level"] == "item"]
    ids = np.array([f"U{i:05d}" for i in range(units)])
    n_leaf = len(leaf)
    unit_col = np.tile(np.repeat(ids, n_leaf), n_years)
    year_col = np.repeat(year_list, units * n_leaf)
    item_col = np.tile(leaf["item_id"].to_numpy(), units * n_years)
    mx = np.tile(leaf["max_points"].to_numpy(), units * n_years)
    score = np.round(mx * rng.uniform(0.5, 1.0, len(mx)) * 4) / 4
    scores = pd.DataFrame({"year": year_col, "unit_id": unit_col, "item_id": item_col,
                           "self_score": score, "score": score, "applicable": True})
    unit_frame = pd.DataFrame({"unit_id": ids, "unit_name": ids, "group": "G"})
    return {"methodology": methodology, "units": unit_frame, "scores": scores}


def national_results(units: int = 10_000, n_years: int = 7, seed: int = 1) -> pd.DataFrame:
    """A ``compute``-shaped results frame at national scale: two groups, a methodology
    break in 2022, and 5 % of the units merged into others in the last year (lineage)."""
    rng = np.random.default_rng(seed)
    year_list = list(range(2019, 2019 + n_years))
    ids = np.array([f"U{i:05d}" for i in range(units)], dtype=object)
    group = np.where(np.arange(units) < units // 2, "Sở, ban, ngành", "UBND cấp xã")
    successor = np.full(units, None, dtype=object)
    gone = rng.choice(units - 100, size=units // 20, replace=False) + 100
    successor[gone] = ids[rng.integers(0, 100, size=len(gone))]
    frames = []
    for year in year_list:
        present = np.ones(units, dtype=bool) if year < year_list[-1] else pd.isna(successor)
        part = pd.DataFrame({"year": year, "group": group[present], "unit_id": ids[present], "unit_name": ids[present],
                             "index": np.clip(rng.normal(82, 6, units), 0, 100)[present],
                             "methodology": "m2019" if year < 2022 else "m2022", "successor_id": successor[present]})
        part["rank"] = part.groupby("group")["index"].rank(ascending=False, method="min").astype("Int64")
        part["rank_of"] = part.groupby("group")["index"].transform("size")
        part["band"] = np.where(part["index"] >= 90, "Xuất sắc", np.where(part["index"] >= 80, "Tốt", "Khá"))
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _arrow_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text columns as Arrow-backed strings (needs pyarrow)."""
    text = [c for c in frame.columns if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype({c: "string[pyarrow]" for c in text})


def _object_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text columns as Python objects (pandas without pyarrow)."""
    text = [c for c in frame.columns if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype({c: object for c in text})


def duckdb_scoring(ds: Dataset) -> Callable[[], pd.DataFrame] | None:
    """The same aggregation and ranking as :func:`compute`, as one DuckDB query on the same
    frames (scores joined to the leaves' maxima and areas; totals, index, area indices, rank,
    rank_of), with Arrow-backed strings, DuckDB's fastest input. None without duckdb/pyarrow."""
    try:
        import duckdb
        import pyarrow  # noqa: F401 — Arrow-backed strings
    except ImportError:
        return None
    scores = _arrow_strings(ds.scores[["year", "group", "unit_id", "item_id", "score", "applicable"]]
                            .astype({"year": "int64"}))
    leaves = _arrow_strings(ds.leaves()[["year", "group", "item_id", "max_points", "area_id"]]
                            .astype({"year": "int64"}))
    areas = sorted(leaves["area_id"].unique(), key=lambda a: tuple(int(p) if p.isdigit() else p for p in a.split(".")))
    area_cols = ", ".join(
        f"sum(pts) FILTER (WHERE area_id = '{a}') / nullif(sum(mx) FILTER (WHERE area_id = '{a}'), 0) * 100"
        f' AS "area_{a}"'
        for a in areas
    )
    query = f"""
        WITH j AS (
            SELECT s.year, s."group", s.unit_id, l.area_id,
                   CASE WHEN s.applicable THEN s.score ELSE 0 END AS pts,
                   CASE WHEN s.applicable THEN l.max_points ELSE 0 END AS mx
            FROM scores s JOIN leaves l ON s.year = l.year AND s."group" = l."group" AND s.item_id = l.item_id),
        u AS (
            SELECT year, "group", unit_id, sum(pts) AS score, sum(mx) AS max_points,
                   sum(pts) / nullif(sum(mx), 0) * 100 AS "index", {area_cols}
            FROM j GROUP BY year, "group", unit_id)
        SELECT *, rank() OVER (PARTITION BY year, "group" ORDER BY "index" DESC) AS rank,
               count("index") OVER (PARTITION BY year, "group") AS rank_of
        FROM u ORDER BY year, "group", rank, unit_id"""
    con = duckdb.connect()
    con.register("scores", scores)
    con.register("leaves", leaves)
    return lambda: con.execute(query).df()


def numpy_floor(engine: Engine) -> Callable[[], None]:
    """The least any implementation must do, on integer codes already made: sum points and
    maxima per unit-year and per area with ``np.bincount``, divide, rank in one sort."""
    slot, area, n, na = engine.row_slot, engine.row_area, len(engine.slots), len(engine.areas)
    points = np.where(engine.applicable, engine.score, 0.0)
    maxima = np.where(engine.applicable, engine.row_max, 0.0)

    def run() -> None:
        total, top = np.bincount(slot, points, n), np.bincount(slot, maxima, n)
        key = slot * na + area
        np.bincount(key, points, n * na) / np.maximum(np.bincount(key, maxima, n * na), 1e-12)
        group_ranks(total / top * 100, engine.slot_group)

    return run


def scoring_figures(units: int, n_years: int, repeat: int) -> dict[str, object]:
    """National validation and scoring (ours / DuckDB / numpy floor) and what-if latencies."""
    out: dict[str, object] = {}
    frames = national_frames(units, n_years)
    out["national_score_rows"] = int(len(frames["scores"]))
    objects = {k: _object_strings(v) for k, v in frames.items()}
    out["national_validate"] = timed(lambda: Dataset(**objects), repeat)
    try:
        arrow = {k: _arrow_strings(v) for k, v in frames.items()}
        out["national_validate_arrow_strings"] = timed(lambda: Dataset(**arrow), repeat)
    except ImportError:
        out["national_validate_arrow_strings"] = "pyarrow not installed"
    big = Dataset(**objects)
    engine = prepare(big)
    evaluated = engine.evaluate()
    query = duckdb_scoring(big)
    # ours, DuckDB and the floor in turn, so that run i of each shares the machine's state at the time
    rivals = {"ours": lambda: compute(big), "floor": numpy_floor(engine)} | ({"duck": query} if query else {})
    runs = timed_in_turn(rivals, repeat)
    ours, floor = runs["ours"], runs["floor"]
    duck = runs.get("duck", "duckdb/pyarrow not installed: pip install -e '.[bench]'")
    out["national_compute"] = {
        "ours": ours,
        "duckdb_arrow_strings": duck,
        "ours_vs_duckdb_each_run": each_run_ratios(ours, duck),
        "numpy_floor": floor,
        "prepare": timed(lambda: prepare(big), repeat),
        "evaluate": timed(engine.evaluate, repeat),
        "results_frame": timed(lambda: engine.results(evaluated), repeat),
        "ratio_ours_vs_duckdb": round(ours["median_s"] / duck["median_s"], 2) if isinstance(duck, dict) else None,
        "ratio_ours_vs_floor": round(ours["median_s"] / floor["median_s"], 1),
    }
    base = engine.evaluate()
    row = engine.row_of(2019, "U00042", "1.1.1")
    out["engine_update_one_change_national"] = timed(lambda: engine.update(base, [row], [0.0]), 7 * repeat)
    one = Scenario("bench", [ScoreChange(2019, "U00042", "1.1.1", 0.0)])
    out["whatif_simulate_one_change_national"] = timed(lambda: simulate(engine, one, base), repeat)

    ds = load_sample()
    small = prepare(ds)
    small_base = small.evaluate()
    small_row = small.row_of(2024, "S03", "1.1.1")
    out["engine_update_one_change_province"] = timed(lambda: small.update(small_base, [small_row], [0.0]), 50)
    out["whatif_simulate_one_change_province"] = timed(
        lambda: simulate(small, Scenario("bench", [ScoreChange(2024, "S03", "1.1.1", 0.0)]), small_base), 20
    )
    out["whatif_1000_draws_province"] = timed(
        lambda: robustness(small, 2024, "Sở, ban, ngành", draws=1000, points=0.25, area_spread=0.1, ev=small_base), 5
    )
    return out


def each_run_ratios(ours: dict[str, object], duck: dict[str, object] | str) -> list[float] | None:
    """Ours over DuckDB, run by run (runs taken in turn by :func:`timed_in_turn`); None without DuckDB."""
    if not isinstance(duck, dict):
        return None
    return [round(a / b, 2) for a, b in zip(ours["each_s"], duck["each_s"])]


def national_in_turn(units: int, n_years: int, repeat: int) -> dict[str, object]:
    """National ``compute`` and the DuckDB query in turn on :func:`national_frames` (as in
    :func:`scoring_figures`), with the value of ``CCHC_KEEP_FREED_MEMORY`` this process started with."""
    big = Dataset(**{k: _object_strings(v) for k, v in national_frames(units, n_years).items()})
    query = duckdb_scoring(big)
    runs = timed_in_turn({"ours": lambda: compute(big)} | ({"duck": query} if query else {}), repeat)
    return {"switch": os.environ.get(KEEP_SWITCH), **runs}


def kept_memory_figures(units: int, n_years: int, repeat: int) -> dict[str, object]:
    """:func:`national_in_turn` in a fresh process started with ``CCHC_KEEP_FREED_MEMORY=1`` (glibc keeps
    freed memory: ``cchc_dash/core/memory.py``), the setting a national analyst's process may choose."""
    code = ("import json, sys\nfrom cchc_dash.app import bench\n"
            "print(json.dumps(bench.national_in_turn(*map(int, sys.argv[1:]))))")
    done = subprocess.run([sys.executable, "-c", code, str(units), str(n_years), str(repeat)],
                          env={**os.environ, KEEP_SWITCH: "1"}, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out | {"ours_vs_duckdb_each_run": each_run_ratios(out["ours"], out.get("duck", ""))}


def national_sipas(answers: int = 1_000_000, units: int = 2_000, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About ``answers`` SIPAS answers (national survey scale): ``units`` units in one year,
    the 19-question 2022 form, ~3 % blanks. Returns (answers, questions)."""
    rng = np.random.default_rng(seed)
    comps = ["tiếp cận"] * 4 + ["TTHC"] * 4 + ["công chức"] * 5 + ["kết quả"] * 3 + ["góp ý"] * 3
    qids = np.array([f"Q{15 + i}" for i in range(len(comps))], dtype=object)
    questions = pd.DataFrame({"year": 2024, "question_id": qids, "component": comps, "text": ""})
    per_unit = -(-answers // (units * len(qids)))  # rounded up: at least ``answers``
    n = units * per_unit * len(qids)
    answer = pd.array(rng.choice([1, 2, 3, 4, 5], n, p=[0.01, 0.03, 0.11, 0.4, 0.45]), dtype="Int64")
    answer[rng.random(n) < 0.03] = pd.NA
    frame = pd.DataFrame(
        {
            "year": np.full(n, 2024),
            "unit_id": np.repeat([f"U{i:05d}" for i in range(units)], per_unit * len(qids)),
            "respondent_id": np.tile(np.repeat([f"R{i}" for i in range(per_unit)], len(qids)), units),
            "question_id": np.tile(qids, units * per_unit),
            "answer": answer,
        }
    )
    return frame, questions


def duckdb_sipas(answers: pd.DataFrame, questions: pd.DataFrame) -> Callable[[], pd.DataFrame] | None:
    """Question rates and their mean per (year, unit, component) as one DuckDB query on the
    same frames (Arrow-backed strings); the reference for :func:`sipas_index`'s unit × component
    figures. None without duckdb/pyarrow."""
    try:
        import duckdb
        import pyarrow  # noqa: F401 — Arrow-backed strings
    except ImportError:
        return None
    con = duckdb.connect()
    con.register("a", _arrow_strings(answers.astype({"answer": "float64"})))
    con.register("q", _arrow_strings(questions))
    query = """
        WITH r AS (SELECT a.year, a.unit_id, q.component, a.question_id,
                          avg(CASE WHEN answer >= 4 THEN 100.0 ELSE 0 END) FILTER (WHERE answer IS NOT NULL) AS rate
                   FROM a JOIN q ON a.year = q.year AND a.question_id = q.question_id
                   GROUP BY ALL)
        SELECT year, unit_id, component, avg(rate) AS rate FROM r GROUP BY ALL"""
    return lambda: con.execute(query).df()


def sipas_figures(answers: int, repeat: int) -> dict[str, object]:
    """SIPAS aggregation of ``answers`` answers to unit × component (and questions, index,
    respondent counts, intervals), ours against the same rates in DuckDB."""
    frame, questions = national_sipas(answers)
    ours = timed(lambda: sipas_index(frame, questions), repeat)
    checked = validated(frame, questions)
    prepared = timed(lambda: aggregate(*checked), repeat)
    query = duckdb_sipas(frame, questions)
    duck = timed(query, repeat) if query is not None else "duckdb/pyarrow not installed: pip install -e '.[bench]'"
    return {
        "sipas_answers": int(len(frame)),
        "sipas_index": {
            "ours_aggregation_of_validated_frames": prepared,
            "ours_with_validation_of_bare_frames": ours,
            "duckdb_arrow_strings_rates_only": duck,
            "ratio_ours_vs_duckdb": round(prepared["median_s"] / duck["median_s"], 2)
            if isinstance(duck, dict)
            else None,
        },
    }


def workbook_figures(units: int = 100, n_years: int = 7, repeat: int = 3) -> dict[str, object]:
    """Reading a province's workbook (``units`` × ~90 items × ``n_years`` years of score rows),
    written by the benchmark in the template's layout: :func:`read_workbook` (calamine, then
    the Dataset checks) beside the plain cell iteration of openpyxl's read-only mode, the
    reader it replaced, on the same file."""
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    from ..io.excel import read_workbook, write_workbook

    ds = Dataset(**national_frames(units, n_years), name="bench")

    def openpyxl_cells(path: Path) -> None:
        book = load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        book.close()

    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(ds, Path(folder) / "tinh.xlsx", spare_rows=0, layout="long")
        return {
            "workbook_score_rows": int(len(ds.scores)),
            "workbook_read": timed(lambda: read_workbook(path), repeat),
            "workbook_openpyxl_cells_only": timed(lambda: openpyxl_cells(path), 1),
        }


def dashboard_redraws(repeat: int = 5) -> dict[str, float]:
    """Kernel-side seconds from a widget change to every output recomputed, per dashboard."""
    from ..ui import distribution as d4
    from ..ui import ranking as d1
    from ..ui import trends as d2
    from ..ui import whatif as d3
    from ..ui.shell import find_widget as find

    ds = load_sample()
    res = compute(ds)
    out = {}

    def toggle(widget, a, b):
        def flip():
            widget.value = a if widget.value == b else b

        return flip

    app = d1.build(ds, res)
    out["d1_year_change_s"] = median_seconds(toggle(find(app, "cchc-year"), 2020, 2021), repeat)
    app = d2.build(ds, res)
    out["d2_units_change_s"] = median_seconds(
        toggle(find(app, "cchc-units"), ("S03", "S12"), ("S03", "S12", "S18")), repeat
    )
    out["d2_years_change_s"] = median_seconds(toggle(find(app, "cchc-years"), (2019, 2025), (2021, 2024)), repeat)
    app = d4.build(ds, res)
    text = find(find(app, "cchc-scheme-b"), "cchc-scheme-text")
    out["d4_scheme_change_s"] = median_seconds(
        toggle(text, "Tốt>=85; Khá>=75; Trung bình>=60; Yếu", "A>=90; B>=80; C>=70"), repeat
    )
    app = d3.build(ds, res)
    find(app, "cchc-unit").value = "S03"
    out["d3_item_edit_s"] = median_seconds(toggle(find(app, "cchc-item-1-1-1"), "0,00", "0,25"), repeat)  # as typed
    return {k: round(v, 3) for k, v in out.items()}


def kernel_memory(notebooks: list[Path]) -> dict[str, object]:
    """Resident memory (MiB, ``VmRSS``) of a real kernel after running each dashboard notebook,
    beside a bare kernel that imported pandas and altair (same kernel spec, same environment).

    Each kernel is started by nbclient, runs every cell, waits half a second, and is read from
    ``/proc/<pid>/status`` before it is shut down: what a preheated Voilà kernel holds.
    """
    import nbformat
    from nbclient import NotebookClient

    def resident(nb: nbformat.NotebookNode, cwd: Path) -> float:
        client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            time.sleep(0.5)
            status = Path(f"/proc/{client.km.provisioner.process.pid}/status").read_text()
        return round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1)

    from ..ui.offline import prepare

    prepare()  # as `cchc-dash serve` does before Voilà starts
    bare = resident(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, altair")]), ROOT)
    out: dict[str, object] = {"kernel_rss_mib_bare_pandas_altair": bare}
    for path in notebooks:
        mib = resident(nbformat.read(path, as_version=4), path.parent)
        out[f"kernel_rss_mib_{path.stem}"] = {"mib": mib, "ratio_vs_bare": round(mib / bare, 2)}
    return out


#: The floor notebooks served beside the dashboards: Voilà's own cost, with nothing of ours.
FLOOR_NOTEBOOKS = {
    "hello.ipynb": "import ipywidgets as w\nw.HTML('<b class=\"bench-ready\">xin chào</b>')",
    "one_chart.ipynb": (
        "import altair as alt, pandas as pd\nalt.JupyterChart.enable_offline()\n"
        "c = alt.JupyterChart(alt.Chart(pd.DataFrame({'x': list('abc'), 'y': [1, 3, 2]})).mark_bar()"
        ".encode(x='x', y='y'), embed_options={'actions': False, 'renderer': 'svg'})\nc.add_class('bench-chart')\nc"
    ),
}
#: When a page counts as shown: its first chart drawn (the floor: its widget or chart).
READY = """() => {
  if (document.querySelector('.bench-ready')) return true;
  const svg = document.querySelector('.vega-embed svg.marks');
  return !!svg && svg.getBoundingClientRect().width > 50 && svg.querySelectorAll('path').length > 2;
}"""


def _floor_folder() -> Path:
    """A temporary folder with every dashboard notebook and the two floor notebooks."""
    import shutil
    import tempfile

    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="cchc_bench_"))
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    for name, source in FLOOR_NOTEBOOKS.items():
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), folder / name)
    return folder


AFTER = ".cchc-headline .cchc-after [data-field=index]"


def _item_edit(browser: object, url: str, edits: int = 5) -> dict[str, float]:
    """Seconds from a sub-criterion's new score (typed, Enter) to the new index, rank and band on
    the page of dashboard 3, over ``edits`` edits of its first input (0 and 0.25 in turn)."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url, timeout=180_000)
    page.wait_for_selector(AFTER, timeout=180_000)
    box = page.query_selector(".cchc-item-input input")
    times = []
    for _ in range(edits):
        before = page.inner_text(AFTER)
        shown = float((box.input_value() or "0").replace(",", "."))  # "0,00" on the Vietnamese page
        box.fill("0,25" if shown == 0 else "0")  # always a different score
        t = time.perf_counter()
        box.press("Enter")
        page.wait_for_function("([sel, b]) => document.querySelector(sel).innerText !== b", arg=[AFTER, before])
        times.append(time.perf_counter() - t)
    page.close()
    return {
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "runs": edits,
    }


def _kernels_cpu_seconds(server_pid: int) -> dict[int, float]:
    """CPU seconds used so far by each of the server's child processes (its kernels), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in subprocess.run(
        ["ps", "--ppid", str(server_pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        used[int(pid)] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def refill_pause(config: Path = ROOT / "voila.json") -> float:
    """Seconds the server holds a pool's refill after a page took a preheated kernel
    (``GuardedKernelManager.refill_pause`` in ``voila.json``; ``cchc_dash/app/serving.py``)."""
    from .serving import GuardedKernelManager

    settings = json.loads(config.read_text(encoding="utf-8")).get("GuardedKernelManager", {})
    return float(settings.get("refill_pause", GuardedKernelManager.class_traits()["refill_pause"].default_value))


def _wait_until_idle(
    server_pid: int, window: float = 3.0, quiet: float = 0.3, limit: float = 600.0, visited: float | None = None
) -> None:
    """Wait until the server's kernels used less than ``quiet`` CPU seconds over ``window`` seconds:
    preheated kernels have run their notebooks, so a visit measures a preheated page. Counted per
    kernel: one shut down meanwhile (a closed page's) takes its CPU time away, not the others'.
    ``visited``: when the last visit began (``time.monotonic``); the refill it caused is held for
    :func:`refill_pause` seconds, so the waiting starts once that has passed."""
    if visited is not None:
        time.sleep(max(0.0, visited + refill_pause() - time.monotonic()))
    deadline = time.monotonic() + limit
    before = _kernels_cpu_seconds(server_pid)
    while time.monotonic() < deadline:
        time.sleep(window)
        now = _kernels_cpu_seconds(server_pid)
        if sum(cpu - before.get(pid, 0.0) for pid, cpu in now.items()) < quiet:
            return
        before = now


#: Chromium's network emulation (DevTools ``Network.emulateNetworkConditions``) for the visits of
#: :func:`network_figures`: (down, up in Mbit/s, latency added to every request in ms); None is
#: the loopback, as fast as this machine.
NETWORKS: dict[str, tuple[float, float, float] | None] = {
    "loopback": None,
    "4g": (10, 5, 40),  # a phone on 4G
    "office": (2, 1, 100),  # a slow provincial office link
}


class CountingRelay:
    """A TCP relay between Chromium and the server counting the bytes the server sends, apart on
    websockets (a connection whose first request asks to upgrade) and on plain HTTP: what crossed
    the network, compressed as it was sent (Chromium reports a websocket message's size only once
    decompressed). Runs its own event loop in a thread; :meth:`take` reads and resets the counts."""

    def __init__(self, server_port: int):
        self.server_port = server_port
        self.received = {"http": 0, "websocket": 0}
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.server = asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result()
        self.port: int = self.server.sockets[0].getsockname()[1]

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._relay, "127.0.0.1", 0)

    async def _relay(self, client: asyncio.StreamReader, to_client: asyncio.StreamWriter) -> None:
        try:
            server, to_server = await asyncio.open_connection("127.0.0.1", self.server_port)
        except OSError:
            to_client.close()
            return
        first = await client.read(65536)
        kind = "websocket" if b"upgrade: websocket" in first.lower() else "http"

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, counted: bool) -> None:
            try:
                while data := await src.read(65536):
                    if counted:
                        self.received[kind] += len(data)
                    dst.write(data)
                    await dst.drain()
            except OSError:
                pass  # either side hung up: the other is closed below
            finally:
                dst.close()

        to_server.write(first)  # the request that told the kind apart
        try:
            await asyncio.gather(pipe(client, to_server, False), pipe(server, to_client, True))
        except asyncio.CancelledError:
            pass  # :meth:`close`: the pipes closed their ends; ending normally, not cancelled, keeps asyncio quiet

    def total(self) -> int:
        """Bytes received since the last :meth:`take`, both kinds."""
        return sum(self.received.values())

    def take(self) -> dict[str, int]:
        """The bytes received by kind since the last call, counting afresh from now."""
        async def swap() -> dict[str, int]:
            taken, self.received = self.received, {"http": 0, "websocket": 0}
            return taken

        return asyncio.run_coroutine_threadsafe(swap(), self.loop).result()

    def close(self) -> None:
        """Stop listening, end the relayed connections, stop the loop."""
        async def shut() -> None:
            self.server.close()
            relays = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in relays:
                task.cancel()
            await asyncio.gather(*relays, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)


def _settled(relay: CountingRelay, quiet: float = 1.0, limit: float = 60.0) -> None:
    """Wait until nothing more arrives for ``quiet`` seconds: the page has every chart and message."""
    deadline = time.monotonic() + limit
    before = relay.total()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = relay.total()
        if now == before:
            return
        before = now


def _message_size(frame: dict) -> int:
    """A websocket message's size as Chromium reports it (binary ones in base64), decompressed."""
    payload = frame["payloadData"]
    return len(payload) * 3 // 4 - payload[-2:].count("=") if frame["opcode"] == 2 else len(payload.encode())


def _network_visit(context: object, url: str, label: str, relay: CountingRelay) -> dict[str, object]:
    """One visit of ``url`` in ``context`` (whose cache holds what earlier visits left), the browser
    ``label`` of :data:`BROWSERS` on its network: seconds to the first chart (keyed by ``label``) and,
    on the loopback, the bytes received until the page is settled (HTTP and websocket apart, the
    largest websocket message decompressed); the page's errors, if any."""
    network = NETWORKS[BROWSERS[label][0]]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if network is not None:
        down, up, latency = network
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                      "downloadThroughput": down * 1e6 / 8,
                                                      "uploadThroughput": up * 1e6 / 8})
    messages: list[int] = []
    cdp.on("Network.webSocketFrameReceived", lambda e: messages.append(_message_size(e["response"])))
    errors: list[str] = []  # e.g. anywidget's "Failed to initialize model." when the library came late
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    relay.take()
    t = time.perf_counter()
    page.goto(url, timeout=600_000)
    page.wait_for_function(READY, timeout=600_000)
    out: dict[str, object] = {f"{label}_first_chart_s": round(time.perf_counter() - t, 2)}
    if network is None:
        _settled(relay)
        received = relay.take()
        out.update(http_bytes=received["http"], websocket_bytes=received["websocket"],
                   largest_websocket_message=max(messages, default=0))
    if errors:
        out[f"{label}_errors"] = errors
    page.close(run_before_unload=True)  # as a viewer closes the tab: its kernel is shut down
    return out


#: Visits per notebook, in fresh browsers (:func:`browser_figures`), and repeat visits per notebook and
#: network (:func:`network_figures`): their median is reported (one visit varies by ±0.3 s, and up
#: to 2 s in a fresh browser: d2's three took 1.86 / 3.22 / 3.84 s in one run; a median of three
#: moved by 0.3 s between two runs of the same code).
REPEAT_VISITS = 5


#: The browsers of :func:`network_figures`, by the name their figures carry: a network of
#: :data:`NETWORKS`, and whether the browser keeps its profile on disk. A phone's or an office PC's
#: browser does: its HTTP cache and V8's code cache (the scripts it compiled) outlive the visit, so a
#: repeat visit runs Voilà's ~90 scripts without compiling them again (under 4G, 0.3–0.5 s less to the
#: first chart than in a private window, measured on d1–d3). A private window keeps its cache in memory
#: and compiles every script again: ``4g_private``, the only kind of browser measured until 7 December
#: 2026, is kept beside it. A first visit starts from an empty profile either way.
BROWSERS: dict[str, tuple[str, bool]] = {
    "loopback": ("loopback", True),
    "4g": ("4g", True),
    "office": ("office", True),
    "4g_private": ("4g", False),
}

#: How the benchmark starts Chromium: Debian's, headless, without the background requests of a new profile.
CHROMIUM: dict[str, object] = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}
VIEWPORT = {"width": 1440, "height": 900}


def network_figures(
    browser: object, server_port: int, server_pid: int, names: list[str], visited: float | None = None
) -> dict[str, object]:
    """Per notebook, a first visit (an empty browser profile) and :data:`REPEAT_VISITS` repeat visits
    (the same profile: its caches hold what the first visit kept) in each of :data:`BROWSERS`, through
    a :class:`CountingRelay`: bytes received over HTTP and over the websocket (measured on the
    loopback, on the first visit and the first repeat visit; the other networks carry the same bytes)
    and seconds to the first chart: the first visit's, and the repeat visits' median (each in
    ``…_runs``). Every visit starts once the pools have refilled (:func:`_wait_until_idle`; ``visited``:
    when the visit before these began)."""
    relay = CountingRelay(server_port)
    base = f"http://127.0.0.1:{relay.port}/voila/render/"
    out: dict[str, object] = {
        "browser_networks": {
            name: "as fast as this machine" if network is None
            else f"{network[0]:g} Mbit/s down, {network[1]:g} up, {network[2]:g} ms per request (Chromium's emulation)"
            for name, network in NETWORKS.items()
        },
        "browser_profiles": {
            name: "a profile kept on disk (HTTP cache and V8's code cache)" if kept
            else "a private window (cache in memory, no code cache)"
            for name, (_, kept) in BROWSERS.items()
        },
    }
    try:
        for label, (_, kept) in BROWSERS.items():
            for name in names:
                with tempfile.TemporaryDirectory(prefix="cchc_profile_") as profile:
                    context = (
                        browser.browser_type.launch_persistent_context(profile, viewport=VIEWPORT, **CHROMIUM)
                        if kept else browser.new_context(viewport=VIEWPORT)
                    )
                    figures = out.setdefault(f"browser_network_{name.removesuffix('.ipynb')}", {})
                    _wait_until_idle(server_pid, visited=visited)
                    visited = time.monotonic()
                    first = _network_visit(context, base + name, label, relay)
                    figures.setdefault("first_visit", {}).update(first)
                    repeats = []
                    for _ in range(REPEAT_VISITS):
                        _wait_until_idle(server_pid, visited=visited)
                        visited = time.monotonic()
                        repeats.append(_network_visit(context, base + name, label, relay))
                    context.close()
                key = f"{label}_first_chart_s"
                repeat = figures.setdefault("repeat_visit", {})
                repeat.update({k: v for k, v in repeats[0].items() if k != key})
                repeat[key] = round(statistics.median(r[key] for r in repeats), 2)
                repeat[f"{label}_first_chart_runs"] = [r[key] for r in repeats]
    finally:
        relay.close()
    return out


def browser_figures(visits: int = REPEAT_VISITS) -> dict[str, object]:
    """What a viewer waits for in Chromium, every dashboard beside Voilà's own floor, one server.

    Navigation → first chart drawn, for each dashboard and for a hello-world and a one-chart
    notebook served by the same preheated server (visits interleaved so each pool refills);
    three simultaneous viewers of dashboard 1; a redraw after a year change; what a page costs on
    the network (:func:`network_figures`). The one-chart notebook enables Altair's own offline mode:
    its chart carries the library in its message, as every chart did before the server served it.
    """
    import signal
    import socket

    from playwright.sync_api import sync_playwright

    from ..ui.offline import prepare

    prepare()  # the chart library the server serves, built as `cchc-dash serve` builds it
    folder = _floor_folder()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter")}
    log_path = folder / "voila.log"
    with open(
        log_path, "w"
    ) as log:  # the server's own log in the benchmark's temporary folder (the child keeps its copy)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cchc_dash.app.serving",
                str(folder),
                "--no-browser",
                f"--port={port}",
                "--GuardedKernelManager.max_kernels=40",
                "--GuardedKernelManager.max_kernels_per_client=0",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/voila/render/"
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    out: dict[str, object] = {}
    try:
        deadline = time.monotonic() + 300
        while not all(f"Kernel pool of {n} is filled" in log_path.read_text(errors="replace") for n in names):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the benchmark server did not preheat:\n{log_path.read_text()[-2000:]}")
            time.sleep(1)
        _wait_until_idle(proc.pid)  # "filled" means started: the kernels are still running their notebooks
        with sync_playwright() as p:
            browser = p.chromium.launch(**CHROMIUM)

            visited: list[float] = []  # when each visit began

            def visit(name: str) -> float:
                # the previous visit's pool refill has run its notebook
                _wait_until_idle(proc.pid, visited=visited[-1] if visited else None)
                visited.append(time.monotonic())
                page = browser.new_page(viewport=VIEWPORT)
                t = time.perf_counter()
                page.goto(base + name, timeout=180_000)
                page.wait_for_function(READY, timeout=180_000)
                took = time.perf_counter() - t
                page.close()
                return took

            times: dict[str, list[float]] = {n: [] for n in names}
            for _ in range(visits):  # one visit per notebook per round: each pool refills meanwhile
                for name in names:
                    times[name].append(visit(name))
            floor = statistics.median(times["hello.ipynb"])
            chart = statistics.median(times["one_chart.ipynb"])
            for name in names:
                m = statistics.median(times[name])
                out[f"browser_first_chart_{name.removesuffix('.ipynb')}"] = {
                    "median_s": round(m, 2),
                    "min_s": round(min(times[name]), 2),
                    "max_s": round(max(times[name]), 2),
                    "runs": visits,
                    "ratio_vs_hello": round(m / floor, 2),
                    "ratio_vs_one_chart": round(m / chart, 2),
                }
            _wait_until_idle(proc.pid, visited=visited[-1])
            pages = [browser.new_page() for _ in range(3)]
            start = time.perf_counter()
            for page in pages:
                page.goto(base + "01_tong_quan.ipynb", wait_until="commit", timeout=180_000)
            together = []
            for page in pages:
                page.wait_for_function(READY, timeout=300_000)
                together.append(time.perf_counter() - start)
            out["browser_three_viewers_at_once_d1_s"] = [round(x, 2) for x in sorted(together)]
            page = pages[0]
            before = page.inner_html(".cchc-chart svg.marks")
            t = time.perf_counter()
            page.select_option(".cchc-year select", label="2020")
            page.wait_for_function("b => document.querySelector('.cchc-chart svg.marks').innerHTML !== b", arg=before)
            out["browser_d1_redraw_s"] = round(time.perf_counter() - t, 3)
            visited.append(time.monotonic())
            out["browser_d3_item_edit_s"] = _item_edit(browser, base + "03_mo_phong.ipynb")
            for page in pages:
                page.close(run_before_unload=True)
            out.update(network_figures(browser, port, proc.pid, names, visited[-1]))
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = argv or []
    quick = "--quick" in argv
    out: dict[str, object] = {"quick": quick, "machine_at_start": machine_load()}
    if "warning" in out["machine_at_start"]:
        print(f"cchc-dash bench: {out['machine_at_start']['warning']}", file=sys.stderr)
    ds = load_sample()
    out["sample_units_years"] = int(len(compute(ds)))
    out["sample_load"] = timed(load_sample)
    out["sample_compute"] = timed(lambda: compute(ds))
    out.update(scoring_figures(1_000 if quick else 10_000, 3 if quick else 7, 3))
    out["national_compute_keeping_freed_memory"] = kept_memory_figures(
        1_000 if quick else 10_000, 3 if quick else 7, 3
    )
    big_results = national_results(1_000 if quick else 10_000, 3 if quick else 7)
    out["national_trends_rows"] = int(len(big_results))
    out["national_trends"] = timed(lambda: trends(big_results), 7)
    out.update(sipas_figures(100_000 if quick else 1_000_000, 3))

    out.update(workbook_figures(20 if quick else 100))
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out.update(dashboard_redraws(2 if quick else 5))
    dashboards = sorted((ROOT / "notebooks").glob("*.ipynb"))
    out.update(kernel_memory(dashboards[:1] if quick else dashboards))
    if "--browser" in argv:
        out.update(browser_figures())
    # Measured while the benchmark's own server, kernels and Chromium shut down: a figure, not a warning.
    out["machine_at_end"] = {k: v for k, v in machine_load().items() if k != "warning"}
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
