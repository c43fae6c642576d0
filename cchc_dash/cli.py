"""``cchc-dash``: serve the dashboards, compute a ranking, validate input, run the benchmarks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Dataset

ROOT = Path(__file__).resolve().parents[1]


def serve(port: int | None, host: str | None, data: str | None = None, max_kernels: int | None = None,
          connect_timeout: float | None = None) -> int:
    """Standalone Voilà on ``notebooks/`` with the committed ``voila.json`` (read from ROOT).

    ``data`` (a CSV folder) is loaded and validated once, here: if it has problems they are
    printed to stderr and the exit status is 2, before any page is served. Otherwise its
    absolute path goes to every dashboard kernel as ``CCHC_DATA`` (kernels inherit this
    environment). Without ``data`` the bundled demo is served, whatever ``CCHC_DATA`` said.
    ``max_kernels`` and ``connect_timeout`` override ``voila.json``'s kernel bounds
    (:mod:`cchc_dash.serving`). Never a JupyterLab/Jupyter server extension: those accept code
    execution requests.
    """
    from .io.loader import ENV_VAR
    if data is None:
        os.environ.pop(ENV_VAR, None)
    else:
        from .errors import ValidationError
        from .io.loader import load
        try:
            load(data)
        except ValidationError as exc:
            print(f"cchc-dash serve --data {data}: dữ liệu không dùng được / the data cannot be served\n{exc}",
                  file=sys.stderr)
            return 2
        os.environ[ENV_VAR] = str(Path(data).expanduser().resolve())
    args = [sys.executable, "-m", "cchc_dash.serving", str(ROOT / "notebooks"), "--no-browser"]
    if port is not None:
        args.append(f"--port={port}")
    if host is not None:
        args.append(f"--Voila.ip={host}")
    if max_kernels is not None:
        args.append(f"--GuardedKernelManager.max_kernels={max_kernels}")
    if connect_timeout is not None:
        args.append(f"--GuardedKernelManager.connect_timeout={connect_timeout}")
    os.chdir(ROOT)  # voila.json is looked up in the working directory
    # Our "cchc" Voilà template (offline, kernel shutdown on tab close) lives in share/jupyter.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")]))
    os.execv(sys.executable, args)
    return 0  # not reached


def _load(path: str) -> Dataset:
    """The data a command works on: 'sample' is the bundled demo, anything else goes to the loader."""
    from .io.loader import load
    from .io.sample import load_sample
    return load_sample() if path == "sample" else load(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cchc-dash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="serve the dashboards with Voilà (http://127.0.0.1:8866 by default)")
    p.add_argument("--port", type=int)
    p.add_argument("--host")
    p.add_argument("--data", help="a CSV folder to show instead of the bundled demo (checked before serving)")
    p.add_argument("--max-kernels", type=int, help="kernels held at once, preheated ones included (voila.json: 16)")
    p.add_argument("--connect-timeout", type=float, help="seconds a page has to connect before its kernel is shut down (60)")
    p = sub.add_parser("compute", help="compute indices, ranks and bands of a CSV folder ('sample' = bundled demo)")
    p.add_argument("source")
    p.add_argument("--bands", help='band scheme, e.g. "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"')
    p.add_argument("--out", help="write the results as CSV here (default: print)")
    p = sub.add_parser("validate", help="check a CSV folder and list every problem")
    p.add_argument("source")
    p = sub.add_parser("bench", help="print benchmark figures as JSON")
    p.add_argument("--browser", action="store_true", help="also time the dashboards in Voilà + Chromium")
    p.add_argument("--quick", action="store_true", help="small national frames (1,000 units × 3 years): checks that it runs")
    a = parser.parse_args(argv)

    if a.command == "serve":
        return serve(a.port, a.host, a.data, a.max_kernels, a.connect_timeout)
    if a.command == "bench":
        from .bench import main as bench
        return bench(["--browser"] * a.browser + ["--quick"] * a.quick)
    from .errors import ValidationError
    from .scoring import compute
    try:
        ds = _load(a.source)
        if a.command == "validate":
            print(f"OK: {len(ds.units)} đơn vị/units, {len(ds.scores)} dòng điểm/score rows, năm/years {ds.years}")
            return 0
        res = compute(ds, a.bands)
    except ValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    if a.out:
        res.to_csv(a.out, index=False, encoding="utf-8")
    else:
        print(res.to_string(max_rows=60))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
