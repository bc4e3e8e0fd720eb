"""Turn a file's bytes into report text, refusing what is not a report with a clear reason."""
from __future__ import annotations

import hashlib
from pathlib import Path

from checks.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a municipal report as text is < 1 MB; refuse what cannot be one


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(path, "filen finns inte (no such file)")
    if path.is_dir():
        raise InputError(path, "är en katalog, inte en rapport (is a directory)")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "filen är tom (empty file)")
    if size > MAX_BYTES:
        raise InputError(path, f"filen är för stor ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"kan inte läsas: {exc.strerror or exc}") from None


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
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _looks_cp1252(data: bytes) -> bool:
    sample = data[:200000]
    swedish = sum(sample.count(b) for b in (b"\xe5", b"\xe4", b"\xf6", b"\xc5", b"\xc4", b"\xd6"))
    return swedish > 0 and sample.count(b"\x00") == 0


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
