"""granska's own errors. Each carries the file it is about and a one-line message.

The CLI turns them into `granska: FILE: message` and exit code 2; nothing else escapes as a
traceback unless --debug is given.
"""
from __future__ import annotations

import os

# The exit-code contract (README "Exit codes", reports/FORMAT.md), defined here only: the CLI, the
# gate and every command return these names.
EXIT_OK = 0          # no counted finding, every document read
EXIT_FINDINGS = 1    # a finding at or above --fail-on that is new and not waived
EXIT_INPUT = 2       # usage or input error (in a batch: any document that could not be read)
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


def shown_path(path: object) -> str:
    """A file name as one line of valid UTF-8 text: bytes that are not UTF-8 (held by Python as
    surrogate escapes) become \\xNN, control characters such as a newline \\n, \\x1b; the rest
    is kept as it is. Used wherever a path reaches a message or an output."""
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    text = str(path)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1] if ch != "'" else ch)
    return "".join(out)


class GranskaError(Exception):
    """Base class: an error about a file (or the command line) that the user can fix."""

    def __init__(self, path: object, message: str):
        self.path = shown_path(path) if path is not None else ""
        self.message = " ".join(str(message).split())  # always one line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(GranskaError):
    """A document, baseline, waiver or table file that cannot be read."""


class RuleError(GranskaError):
    """A rule pack that cannot be loaded (not YAML, unknown key, bad expression, …)."""

    def __init__(self, path: object, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"{path}:{line}" if line else path, message)


class OutputError(GranskaError):
    """An output (report, JSON, SARIF, JUnit, folder) that cannot be written: names the path and why."""


class UsageError(GranskaError):
    """Bad command-line usage."""

    def __init__(self, message: str):
        super().__init__(None, message)
