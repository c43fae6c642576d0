"""Benchmarks (``cchc-dash bench [--browser]``): figures printed as JSON, never asserted by a test.

Medians of repeated runs, measured in one process so that ratios are comparable on a
shared, noisy machine. Kernel-side dashboard figures time a widget change until every
output is recomputed; ``--browser`` also starts Voilà and Chromium and times what a
user sees (page to first chart, selection to redrawn chart).
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from .io.sample import load_sample
from .io.synth import AREAS_2019, methodology_tree
from .model import Dataset
from .scoring import compute
from .trends import trends


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def national_frames(units: int = 10_000, years: int = 7, seed: int = 1) -> dict[str, pd.DataFrame]:
    """``units`` units × ~90 leaves × ``years`` years of random scores (national scale)."""
    rng = np.random.default_rng(seed)
    tree = pd.DataFrame(methodology_tree(AREAS_2019))
    # Split the 2–3-leaf criteria once more to reach ~90 leaves per unit-year.
    leaves = tree[tree["level"] == "item"]
    extra = leaves[leaves["max_points"] >= 1.0].head(14)
    split = extra.assign(item_id=extra["item_id"] + "b", max_points=extra["max_points"] / 2)
    tree.loc[extra.index, "max_points"] = extra["max_points"] / 2
    tree = pd.concat([tree, split], ignore_index=True)
    year_list = list(range(2019, 2019 + years))
    methodology = pd.concat([tree.assign(year=y, group="G") for y in year_list], ignore_index=True)
    leaf = tree[tree["level"] == "item"]
    ids = np.array([f"U{i:05d}" for i in range(units)])
    n_leaf = len(leaf)
    unit_col = np.tile(np.repeat(ids, n_leaf), years)
    year_col = np.repeat(year_list, units * n_leaf)
    item_col = np.tile(leaf["item_id"].to_numpy(), units * years)
    mx = np.tile(leaf["max_points"].to_numpy(), units * years)
    score = np.round(mx * rng.uniform(0.5, 1.0, len(mx)) * 4) / 4
    scores = pd.DataFrame({"year": year_col, "unit_id": unit_col, "item_id": item_col,
                           "self_score": score, "score": score, "applicable": True})
    unit_frame = pd.DataFrame({"unit_id": ids, "unit_name": ids, "group": "G"})
    return {"methodology": methodology, "units": unit_frame, "scores": scores}


def national_results(units: int = 10_000, years: int = 7, seed: int = 1) -> pd.DataFrame:
    """A ``compute``-shaped results frame at national scale: two groups, a methodology
    break in 2022, and 5 % of the units merged into others in the last year (lineage)."""
    rng = np.random.default_rng(seed)
    year_list = list(range(2019, 2019 + years))
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


def dashboard_redraws(repeat: int = 5) -> dict[str, float]:
    """Kernel-side seconds from a widget change to every output recomputed, per dashboard."""
    from .ui import so_sanh, tong_quan, xep_loai
    from .ui.common import find_widget as find

    ds = load_sample()
    res = compute(ds)
    out = {}

    def toggle(widget, a, b):
        def flip():
            widget.value = a if widget.value == b else b
        return flip

    app = tong_quan.build(ds, res)
    out["d1_year_change_s"] = median_seconds(toggle(find(app, "cchc-year"), 2020, 2021), repeat)
    app = so_sanh.build(ds, res)
    out["d2_units_change_s"] = median_seconds(toggle(find(app, "cchc-units"), ("S03", "S12"), ("S03", "S12", "S18")), repeat)
    out["d2_years_change_s"] = median_seconds(toggle(find(app, "cchc-years"), (2019, 2025), (2021, 2024)), repeat)
    app = xep_loai.build(ds, res)
    text = find(find(app, "cchc-scheme-b"), "cchc-scheme-text")
    out["d4_scheme_change_s"] = median_seconds(toggle(text, "Tốt>=85; Khá>=75; Trung bình>=60; Yếu", "A>=90; B>=80; C>=70"), repeat)
    return {k: round(v, 3) for k, v in out.items()}


def browser_figures() -> dict[str, float]:
    """Seconds a user waits in Chromium: first chart of dashboard 1 (served from a preheated
    kernel), and the redraw after a year change; medians of 3 visits."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "cchc_dash.cli", "serve", f"--port={port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, float] = {}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        time.sleep(20)  # let the preheated kernel finish executing the notebook
        ready = "() => { const s = document.querySelector('.cchc-chart svg.marks'); return s && s.querySelectorAll('path').length > 3; }"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            first, redraw = [], []
            for i in range(3):
                time.sleep(20 if i else 0)  # let the pool preheat a fresh kernel between visits
                page = browser.new_page()
                t = time.perf_counter()
                page.goto(f"{base}/voila/render/01_tong_quan.ipynb")
                page.wait_for_function(ready, timeout=120_000)
                first.append(time.perf_counter() - t)
                before = page.inner_html(".cchc-chart svg.marks")
                t = time.perf_counter()
                page.select_option(".cchc-year select", label=str(2020 + i))
                page.wait_for_function("b => document.querySelector('.cchc-chart svg.marks').innerHTML !== b", arg=before)
                redraw.append(time.perf_counter() - t)
                page.close()
            browser.close()
        out["browser_d1_first_chart_s"] = round(statistics.median(first), 3)
        out["browser_d1_redraw_s"] = round(statistics.median(redraw), 3)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
    return out


def main(argv: list[str] | None = None) -> int:
    browser = "--browser" in (argv or [])
    out: dict[str, object] = {}
    ds = load_sample()
    out["sample_units_years"] = int(len(compute(ds)))
    out["sample_load_s"] = round(median_seconds(load_sample), 4)
    out["sample_compute_s"] = round(median_seconds(lambda: compute(ds)), 4)

    frames = national_frames()
    out["national_score_rows"] = int(len(frames["scores"]))
    t = time.perf_counter()
    big = Dataset(**frames)
    out["national_validate_s"] = round(time.perf_counter() - t, 3)
    out["national_compute_s"] = round(median_seconds(lambda: compute(big), repeat=3), 3)
    out["ratio_national_vs_sample_compute"] = round(out["national_compute_s"] / out["sample_compute_s"], 1)
    big_results = national_results()
    out["national_trends_rows"] = int(len(big_results))
    out["national_trends_s"] = round(median_seconds(lambda: trends(big_results), repeat=7), 4)
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out.update(dashboard_redraws())
    if browser:
        out.update(browser_figures())
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
