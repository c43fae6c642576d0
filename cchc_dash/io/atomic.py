"""Writing files so that nothing the user had is lost: a temporary file beside the target,
renamed over it only once it is complete.

A process killed half-way leaves the old file as it was (and at worst a ``.tmp`` file
beside it); a target that exists is replaced only when the caller says so. A disk that is full,
read-only or over quota is reported as a :class:`ValidationError` naming the file and the cause,
never as a traceback, and the old file is kept. A target that is a symbolic link is followed: the
file it points to is written (beside it, then renamed over it) and the link stays a link.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..core.errors import Problem, ValidationError


def _refuse(path: Path, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(str(path), None, None, vi, en)])


#: What a failed write says, by the operating system's error number (others: its own words).
_DISK_ERRORS = {
    errno.ENOSPC: ("ổ đĩa đã đầy", "the disk is full"),
    errno.EDQUOT: ("đã dùng hết hạn mức dung lượng", "the disk quota is used up"),
    errno.EROFS: ("ổ đĩa chỉ cho phép đọc", "the file system is read-only"),
    errno.EACCES: ("không có quyền ghi", "no permission to write"),
    errno.EPERM: ("không có quyền ghi", "no permission to write"),
    errno.EFBIG: ("tệp vượt quá kích thước ổ đĩa cho phép", "the file is larger than the file system allows"),
    errno.EIO: ("lỗi đọc/ghi của ổ đĩa", "an input/output error of the disk"),
}


def _os_error(exc: BaseException | None) -> OSError | None:
    """The operating-system error behind ``exc``, following the chain of exceptions raised while
    handling others (a full disk under openpyxl surfaces as "seek of closed file", a
    ``ValueError`` raised while the zip file closes after the ``OSError``)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _not_written(path: Path, exc: OSError) -> ValidationError:
    vi, en = _DISK_ERRORS.get(exc.errno or 0, (f"lỗi hệ thống: {exc.strerror}", f"system error: {exc.strerror}"))
    return _refuse(path, f"không ghi được tệp: {vi}; tệp cũ (nếu có) được giữ nguyên",
                   f"the file could not be written: {en}; the old file (if any) is kept")


def _mode(path: Path) -> int:
    """The target's current permissions, or those a new file gets under the process umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, write: Callable[[BinaryIO], None], overwrite: bool = False) -> Path:
    """Write ``path`` through ``write(file)`` on a temporary file in the same folder, then rename.

    ``overwrite=False`` refuses a target that exists (checked again at the rename, so a file
    created meanwhile is not clobbered either). A missing folder, a folder given as the
    target, or a folder we may not write are refused with a :class:`ValidationError`; so is a
    write the disk fails (full, read-only, over quota), the old file kept. A symbolic link is
    followed, the link kept.
    """
    path = Path(path)
    if path.is_symlink():  # write the file the link points to, keep the link
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise _refuse(path, "đây là một thư mục, cần tên tệp", "this is a folder; a file name is needed")
    if not folder.is_dir():
        raise _refuse(path, f"thư mục '{folder}' không tồn tại", f"the folder '{folder}' does not exist")
    if path.exists() and not overwrite:
        raise _refuse(path, "tệp đã tồn tại; chọn tên khác hoặc cho phép ghi đè",
                      "the file exists; choose another name or allow overwriting")
    if path.exists() and not path.stat().st_mode & 0o222:
        raise _refuse(path, "tệp chỉ đọc; bỏ thuộc tính chỉ đọc hoặc chọn tên khác",
                      "the file is read-only; clear the read-only flag or choose another name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise _refuse(path, "không có quyền ghi vào thư mục", "no permission to write in the folder") from exc
    except OSError as exc:
        raise _not_written(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(path))  # mkstemp makes 0600; the file gets the permissions a plain write would
        if overwrite:
            try:
                os.replace(tmp, path)
            except PermissionError as exc:  # Windows: the target is open in Excel
                raise _refuse(path, "không thay được tệp (đang mở trong chương trình khác?); đóng tệp rồi thử lại, "
                                    "tệp cũ được giữ nguyên",
                              "the file cannot be replaced (open in another program?); close it and try again, "
                              "the old file is kept") from exc
        else:
            try:
                os.link(tmp, path)  # fails if the target appeared meanwhile: never clobbered
            except FileExistsError as exc:
                raise _refuse(path, "tệp đã tồn tại; chọn tên khác hoặc cho phép ghi đè",
                              "the file exists; choose another name or allow overwriting") from exc
            os.unlink(tmp)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        cause = None if isinstance(exc, ValidationError) else _os_error(exc)
        if cause is not None:
            raise _not_written(path, cause) from exc
        raise
    return path


#: First characters that make a spreadsheet read a text cell as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula ("=HYPERLINK(…)"), prefixed with an
    apostrophe so it is shown as text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
