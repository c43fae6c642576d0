"""Writing files (cchc_dash/io/atomic.py): what a full or read-only disk and a symbolic link do.

The disk's failures are simulated at the file handle (a full disk cannot be made without root),
after the writer has written for real: openpyxl's xlsx writer meets the full disk half-way.
"""

from __future__ import annotations

import errno
import io
import os

import pytest

from cchc_dash.app import cli
from cchc_dash.core.errors import ValidationError
from cchc_dash.io.atomic import write_atomic


class FullDisk(io.FileIO):
    """A file on a disk with ``room`` bytes left: a write past them fails as Linux says it."""

    room = 4096

    def write(self, data) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


@pytest.fixture
def full_disk(monkeypatch):
    native = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        return FullDisk(fd, "wb") if "w" in mode else native(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def left_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_full_disk_under_the_xlsx_writer_is_a_message_and_the_old_report_is_kept(tmp_path, capsys, full_disk):
    out = tmp_path / "bao_cao.xlsx"
    out.write_bytes(b"the old report")
    # compute refuses an existing report: let it write a new one beside the old
    new = tmp_path / "bao_cao_moi.xlsx"
    assert cli.main(["compute", "sample", "--out", str(new), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{new}: the file could not be written: the disk is full; the old file (if any) is kept" in err
    assert "Traceback" not in err and "seek of closed file" not in err
    assert left_in(tmp_path) == ["bao_cao.xlsx"]  # no half-written report, no temporary file
    assert out.read_bytes() == b"the old report"


def test_a_full_disk_says_so_in_vietnamese(tmp_path, capsys, full_disk):
    assert cli.main(["compute", "sample", "--out", str(tmp_path / "kq.csv"), "--lang", "vi"]) == 2
    err = capsys.readouterr().err
    assert "kq.csv: không ghi được tệp: ổ đĩa đã đầy; tệp cũ (nếu có) được giữ nguyên" in err
    assert left_in(tmp_path) == []


def test_overwriting_on_a_full_disk_keeps_the_old_file(tmp_path, full_disk):
    target = tmp_path / "kq.csv"
    target.write_bytes(b"old")
    with pytest.raises(ValidationError, match="the disk is full") as caught:
        write_atomic(target, lambda f: f.write(b"x" * 10_000), overwrite=True)
    assert caught.value.problems[0].source == str(target)
    assert target.read_bytes() == b"old" and left_in(tmp_path) == ["kq.csv"]


@pytest.mark.parametrize("code, vi, en", [
    (errno.EROFS, "ổ đĩa chỉ cho phép đọc", "the file system is read-only"),
    (errno.EDQUOT, "đã dùng hết hạn mức dung lượng", "the disk quota is used up"),
    (errno.EIO, "lỗi đọc/ghi của ổ đĩa", "an input/output error of the disk"),
])
def test_a_disk_that_refuses_the_temporary_file_is_named_in_both_languages(tmp_path, monkeypatch, capsys,
                                                                           code, vi, en):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    assert cli.main(["compute", "sample", "--out", str(tmp_path / "kq.csv")]) == 2
    err = capsys.readouterr().err
    assert f"không ghi được tệp: {vi}" in err and f"the file could not be written: {en}" in err
    assert "Traceback" not in err


def test_an_unlisted_system_error_is_told_in_the_systems_words(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.ENAMETOOLONG, "File name too long")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(ValidationError, match="system error: File name too long"):
        write_atomic(tmp_path / "kq.csv", lambda f: f.write(b"x"))


def test_a_writer_bug_is_not_disguised_as_a_disk_error(tmp_path):
    def broken(handle) -> None:
        raise ValueError("a bug in the writer")

    with pytest.raises(ValueError, match="a bug in the writer"):
        write_atomic(tmp_path / "kq.csv", broken)
    assert left_in(tmp_path) == []


def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    real = tmp_path / "thuc" / "ket_qua.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "ket_qua.csv"
    link.symlink_to(real)
    written = write_atomic(link, lambda f: f.write(b"new"), overwrite=True)
    assert written == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert left_in(real.parent) == ["ket_qua.csv"]


def test_compute_out_through_a_dangling_link_writes_its_target(tmp_path, capsys):
    real = tmp_path / "thuc" / "kq.csv"
    real.parent.mkdir()
    link = tmp_path / "kq.csv"
    link.symlink_to(real)
    assert cli.main(["compute", "sample", "--out", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("year,")


def test_compute_out_through_a_link_replaces_the_file_it_points_to(tmp_path, capsys):
    real = tmp_path / "kq.csv"
    real.write_bytes(b"old")
    link = tmp_path / "lien_ket.csv"
    link.symlink_to(real)
    assert cli.main(["compute", "sample", "--out", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("year,")


def test_a_link_to_an_existing_file_is_not_overwritten_unless_asked(tmp_path):
    real = tmp_path / "mau.xlsx"
    real.write_bytes(b"a filled template")
    link = tmp_path / "lien_ket.xlsx"
    link.symlink_to(real)
    with pytest.raises(ValidationError, match="the file exists"):
        write_atomic(link, lambda f: f.write(b"new"))
    assert link.is_symlink() and real.read_bytes() == b"a filled template"
