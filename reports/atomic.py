"""Write an output so that readers see the old content or the new one, never a half-written file.

Where the output goes:
- ``-`` (or /dev/stdout): standard output.
- a regular file (or a new one): written to a temporary file beside it, fsync'ed, renamed over it.
- a symbolic link: the same, beside the link's target and over the target; the link stays.
- a FIFO or a character device (``/dev/null``, ``/dev/stdout``, a terminal), and anything under
  /dev or /proc: written to plainly, never replaced. A FIFO nobody reads is refused at once
  rather than waited on.
- a directory, a block device, a socket: refused.
Every failure of the system (a full disk, a read-only or missing folder, no permission) is an
OutputError naming the path and the reason (exit 2); other exceptions pass through unchanged.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from typing import BinaryIO, Iterator

from granska.checks.errors import OutputError

STDOUT = "-"
STDOUT_NAMES = (STDOUT, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")  # all written through our fd 1
_PLAIN_PREFIXES = ("/dev/", "/proc/")


def _default_mode() -> int:
    # The mode a plain open() would give a new file: 0o666 minus the umask.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(exc: OSError) -> str:
    return f"kan inte skrivas: {exc.strerror or exc} (cannot write)"


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` (see the module doc).

    For a regular file: the data goes to a temporary file in the same directory, is flushed and
    fsync'ed, and then replaces the file with ``os.replace``. If anything fails, the temporary
    file is removed, an existing file is left untouched and the exception propagates (an
    OSError as OutputError).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    with open_atomic(path) as handle:
        handle.write(payload)


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write in pieces; ``path`` gets its content when the block ends without
    an exception (the same guarantees as write_atomic: for a regular file a failure anywhere,
    also in the block, removes the temporary file and leaves an existing file untouched)."""
    path = os.fspath(path)
    if path in STDOUT_NAMES:
        with _plain(path, None) as handle:
            yield handle
        return
    if os.path.abspath(path).startswith(_PLAIN_PREFIXES):  # /dev/stdout is a link into /proc: not resolved
        with _plain(path, path) as handle:
            yield handle
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(path, "är en katalog, inte en fil (is a directory)")
        if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            raise OutputError(path, "är varken en vanlig fil, en FIFO eller en teckenenhet; skriver inte dit "
                                    "(not a regular file, FIFO or character device)")
        with _plain(path, target) as handle:
            yield handle
        return
    with _replacing(path, target, st) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(path: str, target: str, st: os.stat_result | None) -> Iterator[BinaryIO]:
    directory = os.path.dirname(os.path.abspath(target))
    mode = stat.S_IMODE(st.st_mode) if st is not None else _default_mode()
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(target) + ".", suffix=".tmp")
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(path, _reason(exc)) from None
        raise
    _fsync_directory(directory)


@contextlib.contextmanager
def _plain(path: str, target: str | None) -> Iterator[BinaryIO]:
    """Write straight into standard output (target None), a FIFO or a device."""
    try:
        if target is None:
            sys.stdout.flush()
            handle = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        else:
            try:  # a FIFO without a reader: ENXIO at once instead of waiting forever
                fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno == errno.ENXIO:
                    raise OutputError(path, "FIFO:n har ingen läsare; skriver inte (FIFO has no reader)") from None
                raise
            os.set_blocking(fd, True)
            handle = os.fdopen(fd, "wb")
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    try:
        with handle:
            yield handle
            handle.flush()
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        if exc.errno == errno.EPIPE:
            raise OutputError(path, "läsaren stängde (broken pipe)") from None
        raise OutputError(path, _reason(exc)) from None


def ensure_folder(path: str | os.PathLike[str]) -> None:
    """mkdir -p for an output folder, an OutputError naming it when it cannot be made."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, f"katalogen kan inte skapas: {exc.strerror or exc} (cannot create the folder)") from None


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
