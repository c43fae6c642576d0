"""Benchmark: ``trends`` on 10,000 units × 7 years (target: well under 0.3 s).

The results frame is built directly with numpy/pandas (not via ``compute``), with the
shape ``compute`` returns: two groups, a methodology break in 2022, and 5 % of the
units merged or renamed in 2025 so the lineage code is exercised. Prints JSON.
"""

from __future__ import annotations

import json
import statistics
import time

import numpy as np
import pandas as pd

from cchc_dash.trends import trends

UNITS, YEARS, RUNS = 10_000, list(range(2019, 2026)), 7


def results_frame(seed: int = 1) -> pd.DataFrame:
    """A synthetic ``compute``-shaped results frame; the last year carries the reorganisation."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"U{i:05d}" for i in range(UNITS)], dtype=object)
    group = np.where(np.arange(UNITS) < UNITS // 2, "Sở, ban, ngành", "UBND cấp xã")
    successor = np.full(UNITS, None, dtype=object)
    gone = rng.choice(UNITS - 100, size=UNITS // 20, replace=False) + 100  # 5 % end in 2024 …
    successor[gone] = ids[rng.integers(0, 100, size=len(gone))]          # … into the first 100
    frames = []
    for year in YEARS:
        present = np.ones(UNITS, dtype=bool) if year < YEARS[-1] else successor == None  # noqa: E711
        index = np.clip(rng.normal(82, 6, UNITS), 0, 100)[present]
        g = group[present]
        part = pd.DataFrame({"year": year, "group": g, "unit_id": ids[present], "unit_name": ids[present],
                             "index": index, "methodology": "m2019" if year < 2022 else "m2022",
                             "successor_id": successor[present]})
        part["rank"] = part.groupby("group")["index"].rank(ascending=False, method="min").astype("Int64")
        part["rank_of"] = part.groupby("group")["index"].transform("size")
        part["band"] = np.where(part["index"] >= 90, "Xuất sắc", np.where(part["index"] >= 80, "Tốt", "Khá"))
        frames.append(part)
    res = pd.concat(frames, ignore_index=True)
    res["year"] = res["year"].astype("Int64")
    return res


def main() -> None:
    res = results_frame()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        out = trends(res)
        times.append(time.perf_counter() - start)
    print(json.dumps({"benchmark": "trends", "units": UNITS, "years": len(YEARS), "rows_in": len(res),
                      "rows_out": len(out), "runs": RUNS, "median_s": round(statistics.median(times), 4),
                      "min_s": round(min(times), 4), "target_s": 0.3}))


if __name__ == "__main__":
    main()
