"""One loader for every dashboard and command: a given path, the ``CCHC_DATA`` setting, or the demo.

``cchc-dash serve --data PATH`` checks PATH once at start and passes it to every
dashboard kernel through the ``CCHC_DATA`` environment variable (Voilà's kernels inherit
the server's environment); each notebook then calls ``cd.load()`` with no argument.
What a path may be is decided here, in one place: a folder of CSV files, an Excel workbook, or a
folder of workbooks (one per department, as they arrive by email; see
:func:`~cchc_dash.io.excel.read_workbook_folder`).
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from ..core.dataset import Dataset
from ..core.errors import Problem, ValidationError
from .csv_folder import SAMPLE_DIR, load_sample, read_csv_folder
from .excel import read_workbook, read_workbook_folder, workbooks_in

#: File endings given to the workbook reader (anything else that is not a folder is refused);
#: it reads .xlsx and .xlsm, and says of an old .xls that it must be saved as .xlsx.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")

#: The environment variable naming the data every dashboard shows (unset: the bundled demo).
ENV_VAR = "CCHC_DATA"


def is_bundled(source: str | Path) -> bool:
    """True when ``source`` is the bundled demo folder (however the path is written)."""
    return bool(str(source)) and Path(source).expanduser().resolve() == SAMPLE_DIR.resolve()


def load(path: str | Path | None = None) -> Dataset:
    """The :class:`Dataset` at ``path``; without a path, at ``$CCHC_DATA``; without that, the demo.

    A folder is read with :func:`~cchc_dash.io.csv_folder.read_csv_folder` (methodology.csv,
    units.csv, scores.csv, bands.csv); a folder with no methodology.csv but .xlsx files with
    :func:`~cchc_dash.io.excel.read_workbook_folder` (one workbook holds Phương pháp and Đơn vị, any
    may hold scores: forms, group tables, a Điểm sheet); an .xlsx file with :func:`~cchc_dash.io.excel.read_workbook`
    (so a damaged or misnamed one is refused with its own located problem). The bundled demo folder,
    however it is reached, loads as the demo (its name, marked synthetic). Anything else is refused
    with a :class:`ValidationError` naming the path, in Vietnamese and English; a folder whose files
    have problems raises the folder's ValidationError (file, line, column).
    """
    ds = _read(path)
    release_freed_memory()
    return ds


def release_freed_memory() -> None:
    """Give the memory that reading and checking freed back to the system (glibc's ``malloc_trim``).

    Reading the demo's 493,000 survey answers as text and checking them peaks far above the few MiB
    the checked frames keep: each dashboard kernel would hold 45–55 MiB it no longer uses: glibc
    keeps freed heap in the process, and so does Arrow's allocator (mimalloc/jemalloc) when pandas
    holds text as Arrow strings (pyarrow installed). Both are asked to let go; elsewhere than glibc
    (macOS, musl) the first does nothing.
    """
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _read(path: str | Path | None) -> Dataset:
    """:func:`load` without the memory release."""
    if path is None:
        path = os.environ.get(ENV_VAR) or None
        if path is None:
            return load_sample()
    target = Path(path).expanduser()
    if target.is_dir():
        if is_bundled(target):
            return load_sample()
        if not (target / "methodology.csv").exists() and workbooks_in(target):
            return read_workbook_folder(target)
        return read_csv_folder(target)
    if not target.exists():
        vi, en = "không tìm thấy đường dẫn này", "this path does not exist"
    elif target.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_workbook(target)
    else:
        vi, en = (
            "không phải thư mục dữ liệu hay tệp Excel: cần một thư mục chứa methodology.csv, units.csv, "
            "scores.csv, hoặc một tệp .xlsx theo mẫu (cchc-dash template)",
            "not a data folder nor an Excel workbook: a folder holding methodology.csv, units.csv, scores.csv, "
            "or an .xlsx file laid out as the template (cchc-dash template) is needed",
        )
    raise ValidationError([Problem(str(target), None, None, vi, en)])
