"""Benchmarks (``cchc-dash bench``): figures printed as JSON, never asserted by a test.

Medians of repeated runs, measured in one process so that ratios are comparable on a
shared, noisy machine.
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


def main() -> int:
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
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
