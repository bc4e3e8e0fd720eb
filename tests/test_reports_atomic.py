"""write_atomic: all or nothing."""
from __future__ import annotations

import os
import stat

import pytest

from granska.reports import atomic
from granska.checks.errors import OutputError
from granska.reports.atomic import write_atomic


def test_writes_bytes_and_text(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    write_atomic(target, "åäö\n")
    assert target.read_bytes() == "åäö\n".encode("utf-8")
    assert os.listdir(tmp_path) == ["out.json"]


def test_new_file_gets_the_usual_mode(tmp_path):
    target = tmp_path / "r.html"
    write_atomic(target, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_existing_mode_is_kept(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


class Boom(RuntimeError):
    pass


def test_failure_mid_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_bytes(b"old content")
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        raise Boom("disk full")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(Boom):
        write_atomic(target, b"new content that must never be seen")
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert calls
    assert target.read_bytes() == b"old content"
    assert sorted(os.listdir(tmp_path)) == ["report.json"]


def test_failure_mid_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "new.json"
    written = []
    real_fdopen = os.fdopen

    class Exploding:
        """A file object whose write stores half the data, then fails."""

        def __init__(self, fd, mode):
            self.handle = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            written.append(len(data) // 2)
            raise Boom("interrupted")

    monkeypatch.setattr(atomic.os, "fdopen", Exploding)
    with pytest.raises(Boom):
        write_atomic(target, b"x" * 1000)
    assert written == [500]
    assert os.listdir(tmp_path) == []


def test_failure_in_replace_removes_the_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.sarif"

    def no_replace(src, dst):
        raise PermissionError("read-only")

    monkeypatch.setattr(atomic.os, "replace", no_replace)
    with pytest.raises(OutputError, match="out.sarif: kan inte skrivas: read-only"):
        write_atomic(target, "data")
    assert os.listdir(tmp_path) == []


def test_missing_directory_raises_and_creates_nothing(tmp_path):
    with pytest.raises(OutputError, match=r"dir\.json: kan inte skrivas: No such file or directory"):
        write_atomic(tmp_path / "no" / "such" / "dir.json", "x")
    assert os.listdir(tmp_path) == []
