"""Write a file so that readers see the old content or the new one, never a half-written file."""
from __future__ import annotations

import contextlib
import os
import tempfile
from typing import BinaryIO, Iterator


def _default_mode() -> int:
    # The mode a plain open() would give a new file: 0o666 minus the umask.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` atomically.

    The data goes to a temporary file in the same directory, is flushed and fsync'ed, and then
    replaces ``path`` with ``os.replace``. If anything fails, the temporary file is removed, an
    existing ``path`` is left untouched and the exception propagates.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with open_atomic(path) as handle:
        handle.write(payload)


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write in pieces; ``path`` gets its content, atomically, when the block
    ends without an exception (the same guarantees as write_atomic: a failure anywhere, also in
    the block, removes the temporary file and leaves an existing ``path`` untouched)."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
