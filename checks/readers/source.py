"""Turn a file's bytes into report text, refusing what is not a report with a clear reason."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from granska.checks.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a municipal report as text is < 1 MB; refuse what cannot be one


def _open(path: Path):
    # Non-blocking, so that a FIFO that slipped past the checks cannot make the open wait.
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb")


def read_bytes(path: Path, limit: int = MAX_BYTES, what: str = "filen", allow_empty: bool = False) -> bytes:
    """The file's bytes: a regular file of at most `limit` bytes, else an InputError saying why."""
    try:
        with _open(path) as handle:
            st = os.fstat(handle.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError(path, "är en katalog, inte en rapport (is a directory)")
            if not stat.S_ISREG(st.st_mode):
                raise InputError(path, "är inte en vanlig fil (not a regular file)")
            if st.st_size == 0 and not allow_empty:
                raise InputError(path, f"{what} är tom (empty file)")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, f"{what} finns inte (no such file)") from None
    except IsADirectoryError:
        raise InputError(path, "är en katalog, inte en rapport (is a directory)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "symbolisk länk i en slinga (symlink loop), följs inte") from None
        raise InputError(path, f"kan inte läsas: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(path, f"{what} är för stor ({_size(max(len(data), st.st_size))} > {_size(limit)}; "
                               f"file too large)")
    return data


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def decode_text(data: bytes, path: object) -> str:
    """UTF-8 (with or without BOM) and UTF-16 with BOM; cp1252 is recognised and refused.

    cp1252 is refused rather than guessed: a wrong guess silently changes å/ä/ö in names that
    rules match on. The message says how to convert.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "trasig UTF-16-text (invalid UTF-16)") from None
    else:
        if b"\x00" in data[:4096]:
            raise InputError(path, "binärfil, inte text (binary file; give a .txt or .pdf)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if _looks_cp1252(data):
                raise InputError(
                    path,
                    "texten är inte UTF-8 utan troligen cp1252/Latin-1; konvertera med "
                    "`iconv -f cp1252 -t utf-8`",
                ) from None
            raise InputError(path, f"binärfil eller okänd teckenkodning (byte {exc.start} is not UTF-8)") from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 20:
        raise InputError(path, "binärfil, inte text (control characters)")
    # Form feeds stay: they are page breaks (pdftotext ends each page with one), and an editor
    # counts no line for them.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_cp1252(data: bytes) -> bool:
    sample = data[:200000]
    swedish = sum(sample.count(b) for b in (b"\xe5", b"\xe4", b"\xf6", b"\xc5", b"\xc4", b"\xd6"))
    return swedish > 0 and sample.count(b"\x00") == 0


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
