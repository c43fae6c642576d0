"""Refuse an .xlsx "zip bomb" before anything reads it.

An .xlsx is a zip of XML parts, and a reader expands each part it reads in memory: a
1.15 MB workbook whose ``xl/sharedStrings.xml`` held one 1.1 GiB run of a single character
took a dashboard kernel from 201 MB to 6.2 GiB when calamine read it (every uploaded file is
untrusted). :func:`check_xlsx` looks only at the zip's central directory, which says how large
each part is before and after compression, and refuses the file, with one located
:class:`~cchc_dash.core.errors.ValidationError`, when

- all its parts together expand to more than :data:`MAX_EXPANDED` bytes, or
- a part larger than :data:`RATIO_FLOOR` bytes expands more than :data:`MAX_RATIO` times its
  compressed size (XML compresses 5–20 times; a bomb about 1,000 times).

The sizes are the ones the file declares. A file that lies about them gains nothing: calamine
and openpyxl both stop a part at the size its central-directory entry declares (a part that
would expand further is read as damaged, checked in ``tests/test_xlsx_guard.py``), so no reader
expands more than what was checked here. Nothing is decompressed: the check costs the reading of
the directory, milliseconds even for the demo workbook (10.3 MB, expanding to 125 MB).
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

from ..core.errors import Problem, ValidationError

#: One megabyte, as the messages count them (the upload limits are in the same unit).
MB = 1_000_000
#: The most all the parts of a workbook may expand to. The largest upload (50 MB,
#: :data:`cchc_dash.io.excel.MAX_UPLOAD`) at 20 times, more than a spreadsheet's XML compresses
#: (the demo workbook: 10.3 MB expanding 12 times to 125 MB; read with 420 MB of memory at peak).
MAX_EXPANDED = 1_000 * MB
#: The most a large part may expand relative to its compressed size.
MAX_RATIO = 100
#: Parts up to this size are not held to :data:`MAX_RATIO` (a small part of repeated markup may
#: compress very well and is harmless).
RATIO_FLOOR = 50 * MB
#: Part names are shown up to this many characters (they come from the file, whatever it is).
NAME_SHOWN = 80


def _mb(size: float, lang: str) -> str:
    """``size`` bytes in MB with one decimal, rounded up (what exceeds a bound never reads as
    equal to it), without a trailing ",0"; decimal comma in Vietnamese."""
    text = f"{math.ceil(size / (MB / 10)) / 10:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "vi" else text


def _refuse(source: str, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(source, None, None, vi, en)])


def check_xlsx(path: str | Path) -> None:
    """Raise :class:`ValidationError` naming the file if the workbook at ``path`` would expand
    to more than the bounds above (every part at fault is named), or if it cannot be opened as
    a zip (its size cannot be known, so it is not read); return None for a file within them."""
    path = Path(path)
    source = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except FileNotFoundError as exc:
        raise _refuse(source, "không tìm thấy tệp", "the file does not exist") from exc
    except OSError as exc:
        raise _refuse(
            source, f"không đọc được tệp ({exc.strerror})", f"the file cannot be read ({exc.strerror})"
        ) from exc
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise _refuse(
            source,
            f"tệp .xlsx bị hỏng, không đọc được ({type(exc).__name__})",
            f"the .xlsx file is damaged and cannot be read ({type(exc).__name__})",
        ) from exc
    problems: list[Problem] = []
    for part in parts:
        expanded, packed = part.file_size, part.compress_size
        if expanded <= RATIO_FLOOR or expanded <= MAX_RATIO * packed:
            continue
        name = part.filename if len(part.filename) <= NAME_SHOWN else part.filename[: NAME_SHOWN - 1] + "…"
        times = f"{expanded // packed}" if packed else "∞"
        problems.append(
            Problem(
                source,
                None,
                None,
                f"tệp nén bất thường: phần '{name}' giải nén ra {_mb(expanded, 'vi')} MB, gấp {times} lần "
                f"kích thước nén ({_mb(packed, 'vi')} MB), quá {MAX_RATIO} lần",
                f"unusual compressed file: its part '{name}' expands to {_mb(expanded, 'en')} MB, {times} times "
                f"its compressed size ({_mb(packed, 'en')} MB), more than {MAX_RATIO} times",
            )
        )
    total = sum(part.file_size for part in parts)
    if total > MAX_EXPANDED:
        problems.append(
            Problem(
                source,
                None,
                None,
                f"tệp nén bất thường: tệp giải nén ra {_mb(total, 'vi')} MB, quá mức {_mb(MAX_EXPANDED, 'vi')} MB",
                f"unusual compressed file: the file expands to {_mb(total, 'en')} MB, more than "
                f"{_mb(MAX_EXPANDED, 'en')} MB",
            )
        )
    if problems:
        raise ValidationError(problems)
