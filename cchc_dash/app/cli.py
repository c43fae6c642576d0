"""``cchc-dash``: serve the dashboards, compute a ranking (Excel report or CSV), write the year's
annual report (Word) or static site, check a published table against its own figures, validate
input, write the Excel template, run the benchmarks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..core.dataset import Dataset

ROOT = Path(__file__).resolve().parents[2]  # the repository: notebooks/, share/, voila.json


def serve(port: int | None, host: str | None, data: str | None = None, lang: str | None = None,
          max_kernels: int | None = None, connect_timeout: float | None = None,
          max_kernels_per_client: int | None = None, pool_size: int | None = None, *,
          max_kernels_per_address: int | None = None, disconnect_grace: float | None = None,
          kernel_memory: int | None = None) -> int:
    """Standalone Voilà on ``notebooks/`` with the committed ``voila.json`` (read from ROOT).

    ``data`` (a CSV folder or an .xlsx workbook) is loaded and validated once, here: if it has
    problems they are printed to stderr and the exit status is 2, before any page is served.
    Otherwise its absolute path goes to every dashboard kernel as ``CCHC_DATA`` (kernels inherit
    this environment). Without ``data`` the bundled demo is served, whatever ``CCHC_DATA`` said.
    ``max_kernels``, ``connect_timeout``, ``max_kernels_per_client``, ``pool_size``,
    ``max_kernels_per_address``, ``disconnect_grace`` and ``kernel_memory`` (MiB) override
    ``voila.json``'s kernel settings (:mod:`cchc_dash.app.serving`). Never a JupyterLab/Jupyter
    server extension: those accept code execution requests.
    """
    from ..io.loader import ENV_VAR

    if data is None:
        os.environ.pop(ENV_VAR, None)
    else:
        from ..core.errors import ValidationError
        from ..io.loader import load

        try:
            load(data)
        except ValidationError as exc:
            head = {"vi": "dữ liệu không dùng được", "en": "the data cannot be served"}.get(
                lang, "dữ liệu không dùng được / the data cannot be served"
            )
            print(f"cchc-dash serve --data {data}: {head}\n{exc.text(lang) if lang else exc}", file=sys.stderr)
            return 2
        os.environ[ENV_VAR] = str(Path(data).expanduser().resolve())
    args = [sys.executable, "-m", "cchc_dash.app.serving", str(ROOT / "notebooks"), "--no-browser"]
    if port is not None:
        args.append(f"--port={port}")
    if host is not None:
        args.append(f"--Voila.ip={host}")
    if max_kernels is not None:
        args.append(f"--GuardedKernelManager.max_kernels={max_kernels}")
    if connect_timeout is not None:
        args.append(f"--GuardedKernelManager.connect_timeout={connect_timeout}")
    if max_kernels_per_client is not None:
        args.append(f"--GuardedKernelManager.max_kernels_per_client={max_kernels_per_client}")
    if pool_size is not None:
        args.append(f"--GuardedKernelManager.pool_size={pool_size}")
    if max_kernels_per_address is not None:
        args.append(f"--GuardedKernelManager.max_kernels_per_address={max_kernels_per_address}")
    if disconnect_grace is not None:
        args.append(f"--GuardedKernelManager.disconnect_grace={disconnect_grace}")
    if kernel_memory is not None:
        args.append(f"--GuardedKernelManager.kernel_memory_limit={kernel_memory}")
    from ..ui.offline import prepare

    prepare()  # the chart JavaScript bundle, built once here rather than in a kernel (ui/offline.py)
    os.chdir(ROOT)  # voila.json is looked up in the working directory
    # Our "cchc" Voilà template (offline, kernel shutdown on tab close) lives in share/jupyter.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")])
    )
    os.execv(sys.executable, args)
    return 0  # not reached


def _template(a: argparse.Namespace) -> None:
    """``cchc-dash template``: the example template, or with ``--data`` that dataset's entry workbook
    (``--year``: next year's empty forms; ``--unit``: one department's)."""
    from ..core.errors import Problem, ValidationError
    from ..core.parsing import did_you_mean
    from ..io.excel import write_template, write_workbook

    if a.data is None:
        if a.year is not None or a.unit:
            raise ValidationError([Problem("template", None, "--data", "--year và --unit cần --data (dữ liệu nguồn)",
                                           "--year and --unit need --data (the source data)")])
        write_template(a.out, layout=a.layout or "long")
        return
    ds = _load(a.data)
    known = list(ds.units["unit_id"])
    unknown = [u for u in a.unit or () if u not in set(known)]
    if unknown:
        raise ValidationError([Problem("template", None, "--unit", f"không có đơn vị '{u}' trong dữ liệu{vi}",
                                       f"there is no unit '{u}' in the data{en}")
                               for u in unknown for vi, en in [did_you_mean(u, known)]])
    write_workbook(ds, a.out, layout=a.layout or "form", year=a.year, units=a.unit)


def _load(path: str) -> Dataset:
    """The data a command works on: 'sample' is the bundled demo, anything else goes to the loader."""
    from ..io.csv_folder import load_sample
    from ..io.loader import load

    return load_sample() if path == "sample" else load(path)


def _write_results(ds: Dataset, res: pd.DataFrame, out: str, bands: str | None, year: int | None) -> None:
    """``res`` to ``out``: the ranking annex of ``year`` (default: the latest) for .xlsx, the
    results table for .csv (both atomic)."""
    from ..analyses.standings import not_assessed_in
    from ..core.errors import Problem, ValidationError
    from ..core.methodology import area_names
    from ..io.annex import write_report, write_results_csv

    suffix = Path(out).suffix.lower()
    if suffix == ".xlsx":
        shown = year if year is not None else max(ds.years, default=None)  # none: write_report says so
        names = {k: v for g in ds.groups for k, v in area_names(ds.methodology, shown, g).items()}
        left_out = not_assessed_in(ds.not_assessed, ds.units, shown) if shown is not None else None
        write_report(res, out, year=year, scheme=bands, source=ds.source or ds.name, area_names=names,
                     not_assessed=left_out)
    elif suffix == ".csv" or Path(out).is_dir():  # a folder is refused by the atomic writer, in its words
        write_results_csv(res, out)
    else:
        raise ValidationError(
            [
                Problem(
                    out,
                    None,
                    None,
                    "chỉ ghi được tệp .xlsx (báo cáo) hoặc .csv (bảng kết quả)",
                    "only .xlsx (the report) or .csv (the results table) can be written",
                )
            ]
        )


def _years_text(years: list[int]) -> str:
    """Years as a reader says them: "2025", "2019–2025" when they follow each other, else "2019, 2021"."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _of_year(res: pd.DataFrame, year: int | None, source: str) -> pd.DataFrame:
    """The rows of ``year`` (all rows when None); a year the data do not have is a user error that
    says which years they have, rather than an empty table or report."""
    from ..core.errors import Problem, ValidationError

    if year is None:
        return res
    part = res[res["year"] == year]
    if part.empty:
        have = _years_text(sorted(int(y) for y in res["year"].unique()))
        raise ValidationError([Problem(source, None, None, f"không có kết quả năm {year} (dữ liệu có: {have})",
                                       f"there are no results for {year} (the data have: {have})")])
    return part


def _written(out: str, res: pd.DataFrame, year: int | None, lang: str | None) -> str:
    """The line ``compute --out`` prints: what was written, for which year(s), how many groups and units
    ("Đã ghi bao_cao.xlsx: năm 2025, 3 khối, 30 đơn vị"); an annex holds one year, the latest by default."""
    if Path(out).suffix.lower() == ".xlsx" and year is None:
        res = res[res["year"] == res["year"].max()]
    years = _years_text(sorted(int(y) for y in res["year"].unique()))
    groups, units = res["group"].nunique(), res["unit_id"].nunique()
    said = {
        "vi": f"Đã ghi {out}: năm {years}, {groups} khối, {units} đơn vị",
        "en": f"Wrote {out}: {years}, {groups} group{'s' * (groups != 1)}, {units} unit{'s' * (units != 1)}",
    }
    return said.get(lang or "", f"{said['vi']} / {said['en']}")


def _valid(ds: Dataset, lang: str | None) -> str:
    """What ``validate`` says of data without a problem: its units, score rows and years, in the language
    asked (both without one, as it always said)."""
    units, rows, years = len(ds.units), len(ds.scores), _years_text(ds.years)
    said = {"vi": f"OK: {units} đơn vị, {rows} dòng điểm, năm {years}",
            "en": f"OK: {units} unit{'s' * (units != 1)}, {rows} score row{'s' * (rows != 1)}, years {years}"}
    return said.get(lang or "", f"OK: {units} đơn vị/units, {rows} dòng điểm/score rows, năm/years {ds.years}")


def _latest(res: object) -> int:
    """The latest year with a ranked unit (0 when there is none: the writers then say so)."""
    import pandas as pd

    assert isinstance(res, pd.DataFrame)
    ranked = res.loc[res["index"].notna(), "year"]
    return int(ranked.max()) if len(ranked) else 0


def _publish(ds: Dataset, res: object, a: argparse.Namespace) -> int:
    """``cchc-dash publish``: the year's static site written to ``--out`` (kept unless ``--force``)."""
    from ..io.publish import publish

    year = a.year if a.year is not None else _latest(res)
    langs = tuple(x.strip() for x in a.langs.split(","))
    written = publish(ds, res, year, a.out, langs=langs, bands=a.bands, internal=a.internal, force=a.force)
    said = {"vi": f"Đã ghi trang công bố năm {year}", "en": f"Static site for {year} written"}
    print(said.get(a.lang, f"{said['vi']} / {said['en']}") + f": {written}")
    return 0


def _report(ds: Dataset, res: object, a: argparse.Namespace) -> int:
    """``cchc-dash report``: the year's annual report written to ``--out`` (atomic; kept unless ``--force``)."""
    from ..io.annual_report import annual_report

    year = a.year if a.year is not None else _latest(res)
    out = a.out or f"bao_cao_{year}.docx"
    written = annual_report(res, year, out, lang=a.lang or "vi", bands=a.bands, force=a.force, ds=ds)
    said = {"vi": f"Đã ghi báo cáo năm {year}", "en": f"Annual report for {year} written"}
    print(said.get(a.lang, f"{said['vi']} / {said['en']}") + f": {written}")
    return 0


def _parser() -> argparse.ArgumentParser:
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument(
        "--lang",
        choices=("vi", "en"),
        help="messages in Vietnamese or in English only (default: both, Vietnamese first)",
    )
    parser = argparse.ArgumentParser(prog="cchc-dash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "serve", parents=[lang], help="serve the dashboards with Voilà (http://127.0.0.1:8866 by default)"
    )
    p.add_argument("--port", type=int)
    p.add_argument("--host")
    p.add_argument(
        "--data", help="a CSV folder or an .xlsx workbook to show instead of the bundled demo (checked before serving)"
    )
    p.add_argument("--max-kernels", type=int, help="kernels held at once, preheated ones included (voila.json: 32)")
    p.add_argument(
        "--connect-timeout", type=float, help="seconds a page has to connect before its kernel is shut down (60)"
    )
    p.add_argument(
        "--max-kernels-per-client",
        type=int,
        help="kernels one browser (or, without its cookie, one address) may hold at once (voila.json: 8; 0 = no limit)",
    )
    p.add_argument(
        "--max-kernels-per-address",
        type=int,
        help="kernels all the browsers of one address may hold together (voila.json: 16; 0 = no limit)",
    )
    p.add_argument(
        "--disconnect-grace",
        type=float,
        help="seconds a kernel whose page disconnected without closing (killed browser, lost network) "
        "is kept before it is shut down (voila.json: 60; 0 = until the 15-minute idle cull)",
    )
    p.add_argument(
        "--kernel-memory",
        type=int,
        metavar="MIB",
        help="memory ceiling of each kernel in MiB; past it the page says it needs more memory "
        "(voila.json: 3072; 0 = no ceiling)",
    )
    p.add_argument(
        "--pool-size", type=int, help="preheated kernels per dashboard (voila.json: 2, Tổng quan 3; ~215 MiB each)"
    )
    p = sub.add_parser(
        "compute",
        parents=[lang],
        help="compute indices, ranks and bands of a CSV folder or .xlsx ('sample' = bundled demo)",
    )
    p.add_argument("source")
    p.add_argument("--bands", help='band scheme, e.g. "Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu"')
    p.add_argument("--out", help="write the ranking annex (.xlsx) or the results table (.csv) here (default: print)")
    p.add_argument(
        "--year", type=int, help="the year of the annex, the table or the print (default: the annex of the latest "
        "year; every year in the table and the print)"
    )
    p = sub.add_parser(
        "report", parents=[lang], help="write the annual report of a year as a Word document (English: --lang en)"
    )
    p.add_argument("source", help="a CSV folder or an .xlsx workbook ('sample' = bundled demo)")
    p.add_argument("--year", type=int, help="the year reported (default: the latest year with a ranked unit)")
    p.add_argument("--out", help="the .docx file to write (default: bao_cao_<year>.docx); an existing file is kept")
    p.add_argument("--bands", help="band scheme for every group and year, instead of the stored ones")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = sub.add_parser(
        "publish", parents=[lang],
        help="write the year's results as a folder of static pages (no kernel; opens from any web server or disk)",
    )
    p.add_argument("source", help="a CSV folder or an .xlsx workbook ('sample' = bundled demo)")
    p.add_argument("--year", type=int, help="the year published (default: the latest year with a ranked unit)")
    p.add_argument("--out", required=True, help="the folder to write (an existing site is kept unless --force)")
    p.add_argument("--langs", default="vi", help="languages of the pages: vi, en or vi,en (default: vi)")
    p.add_argument("--bands", help="band scheme for every group and year, instead of the stored ones")
    p.add_argument("--internal", action="store_true", help="also show self-assessed scores and appraisal cuts")
    p.add_argument("--force", action="store_true", help="replace an earlier site in --out")
    p = sub.add_parser(
        "check",
        parents=[lang],
        help="read a published ranking table (annex: .xlsx or .csv) and list where its figures disagree with "
        "themselves (exit 0: consistent, 1: disagreements, 2: unreadable)",
    )
    p.add_argument("file")
    p.add_argument("--year", type=int, help="the table's year, if its title does not say it")
    p.add_argument("--group", help="the table's group, if it has no section rows")
    p.add_argument("--bands", help="band scheme to check the printed bands against (e.g. as the decision words it)")
    p = sub.add_parser("validate", parents=[lang], help="check a CSV folder or .xlsx workbook and list every problem")
    p.add_argument("source")
    p = sub.add_parser("template", parents=[lang],
                       help="write the Excel input template, or a dataset's entry workbook (an existing file is kept)")
    p.add_argument("out")
    p.add_argument("--layout", choices=("form", "group", "long"),
                   help="scores as one form per unit and year (form), group tables (group) or one row per item "
                        "(long); default: long for the example template, form with --data")
    p.add_argument("--data", help="a CSV folder, .xlsx workbook, folder of workbooks, or 'sample': its units, "
                                  "methodology and scores in the workbook")
    p.add_argument("--year", type=int,
                   help="with --data: next year's workbook (its units and methodology, empty scores)")
    p.add_argument("--unit", action="append",
                   help="with --data: only this unit's scores (repeatable), e.g. one department's workbook")
    p = sub.add_parser("bench", help="print benchmark figures as JSON")
    p.add_argument("--browser", action="store_true", help="also time the dashboards in Voilà + Chromium")
    p.add_argument(
        "--quick", action="store_true", help="small national frames (1,000 units × 3 years): checks that it runs"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a user error (bad data, bad path, bad scheme) prints its problems and returns 2."""
    a = _parser().parse_args(argv)
    if a.command == "serve":
        return serve(
            a.port, a.host, a.data, a.lang, a.max_kernels, a.connect_timeout, a.max_kernels_per_client, a.pool_size,
            max_kernels_per_address=a.max_kernels_per_address, disconnect_grace=a.disconnect_grace,
            kernel_memory=a.kernel_memory,
        )
    if a.command == "bench":
        from .bench import main as bench

        return bench(["--browser"] * a.browser + ["--quick"] * a.quick)
    from ..core.errors import ValidationError
    from ..core.scoring import compute

    if a.command == "check":
        from ..io.published import check_file

        status, lines = check_file(a.file, year=a.year, group=a.group, scheme=a.bands, lang=a.lang or "vi")
        print("\n".join(lines), file=sys.stderr if status == 2 else sys.stdout)
        return status
    try:
        if a.command == "template":
            _template(a)
            print(
                {"vi": "Đã ghi mẫu", "en": "Template written"}.get(a.lang, "Đã ghi mẫu / template written")
                + f": {a.out}"
            )
            return 0
        ds = _load(a.source)
        if a.command == "validate":
            print(_valid(ds, a.lang))
            return 0
        res = compute(ds, a.bands)
        if a.command == "report":
            return _report(ds, res, a)
        if a.command == "publish":
            return _publish(ds, res, a)
        res = _of_year(res, a.year, a.source)
        if a.out:
            _write_results(ds, res, a.out, a.bands, a.year)
            print(_written(a.out, res, a.year, a.lang))
        else:
            print(res.to_string(max_rows=60))
    except ValidationError as exc:
        print(exc.text(a.lang) if a.lang else exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
