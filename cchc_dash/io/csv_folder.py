"""The bundled data: the synthetic demo province and the real published reference figures."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd

from ..core.dataset import Dataset
from ..core.errors import Located, Problem, ValidationError
from .atomic import write_atomic
from .synthetic import generate

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SAMPLE_DIR = DATA_DIR / "sample"
REFERENCE_DIR = DATA_DIR / "reference"
FRAMES = ("methodology", "units", "scores", "bands", "sipas_questions", "sipas_answers", "not_assessed")
#: Files a folder may leave out: no stored band schemes, no SIPAS survey, no unit left unassessed.
OPTIONAL = ("bands", "sipas_questions", "sipas_answers", "not_assessed")


def csv_encoding(path: Path) -> str | None:
    """The encoding to read a CSV file with: UTF-8 (with or without BOM), or UTF-16 when its BOM
    says so (Excel's "Unicode text"); None for anything else (typically Windows-1258), which is
    named in the problem rather than guessed: a wrong guess would silently garble the names."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        if f.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        f.seek(0)
        try:  # in 1 MiB pieces: a national scores file is hundreds of MB
            for chunk in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8-sig"


def read_csv_folder(folder: str | Path, name: str | None = None, synthetic: bool = False) -> Dataset:
    """A Dataset from ``methodology.csv``, ``units.csv``, ``scores.csv`` (and, when present,
    ``bands.csv``, ``sipas_questions.csv``, ``sipas_answers.csv`` and ``not_assessed.csv``: year, unit_id,
    reason).

    Problems name the file and its line number (the header is line 1). A missing file or
    one that is not readable CSV text is a problem too: every one is listed in a single
    :class:`ValidationError`, never a bare ``FileNotFoundError`` or parser error.
    """
    folder = Path(folder)
    frames, sources, problems = {}, {}, []
    for frame in FRAMES:
        path = folder / f"{frame}.csv"
        if not path.is_file():
            if frame not in OPTIONAL:
                problems.append(Problem(path.name, None, None, f"thiếu tệp trong thư mục {folder}",
                                        f"the file is missing from the folder {folder}"))
            continue
        encoding = csv_encoding(path)
        if encoding is None:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    "tệp không ở bảng mã UTF-8 (có vẻ là Windows-1258/TCVN cũ): hãy lưu lại dưới dạng CSV UTF-8",
                    "the file is not UTF-8 (it looks like Windows-1258, an old Vietnamese code page): "
                    "save it again as CSV UTF-8",
                )
            )
            continue
        try:
            frames[frame] = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"không đọc được tệp CSV (UTF-8): {exc}",
                    f"not a readable CSV file (UTF-8): {exc}",
                )
            )
            continue
        sources[frame] = Located(path.name, first_row=2)
    if problems:
        raise ValidationError(problems)
    return Dataset(
        **frames,
        name=name or folder.name,
        synthetic=synthetic,
        sources=sources,
        reference=load_reference()["national"],
        source=str(folder.resolve()),
    )


#: Sample files too large to commit (8.6 MB of survey answers): written from the seeded generator
#: the first time the sample is read, and git-ignored. The committed files are the small ones.
GENERATED = ("sipas_answers",)


def write_sample_csv(frame: pd.DataFrame, path: Path) -> Path:
    """One sample frame as CSV, written atomically, byte for byte as ``data/make_sample.py`` writes it."""
    data = frame.to_csv(index=False, encoding="utf-8", lineterminator="\n").encode("utf-8")
    return write_atomic(path, lambda f: f.write(data), overwrite=True)


def ensure_sample(folder: Path = SAMPLE_DIR) -> None:
    """Write the generated sample files that are missing (once per checkout; ~0.5 s).

    Two kernels starting at once may both write: each renames a complete, identical file.
    """
    missing = [name for name in GENERATED if not (folder / f"{name}.csv").is_file()]
    if missing:
        frames = generate()
        for name in missing:
            write_sample_csv(frames[name], folder / f"{name}.csv")


def load_sample() -> Dataset:
    """The demo province "Tỉnh Minh An", 2019–2025 (synthetic: ``ds.synthetic`` is True)."""
    ensure_sample()
    return read_csv_folder(SAMPLE_DIR, name="Tỉnh Minh An (dữ liệu mô phỏng)", synthetic=True)


def load_reference() -> dict[str, pd.DataFrame]:
    """Real published figures, each row with its source address (never mixed with the demo).

    Keys: ``par_index`` and ``sipas`` (national values by province and year, as published),
    ``national`` (both in one long frame: year, level, unit_name, measure, value_pct, source),
    ``provincial_rankings`` and ``provincial_band_counts`` (unit-level announcements).
    """
    read = lambda f: pd.read_csv(REFERENCE_DIR / f, encoding="utf-8")  # noqa: E731
    par = read("par_index_provinces.csv")
    sipas = read("sipas_provinces.csv")
    national = pd.concat(
        [
            par.assign(measure="PAR INDEX").rename(columns={"par_index_pct": "value_pct"}),
            sipas,
        ],
        ignore_index=True,
    )[["year", "level", "unit_name", "measure", "value_pct", "rank", "rank_of", "source", "note"]]
    return {
        "par_index": par,
        "sipas": sipas,
        "national": national,
        "provincial_rankings": read("provincial_rankings.csv"),
        "provincial_band_counts": read("provincial_band_counts.csv"),
    }
