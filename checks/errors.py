"""granska's own errors. Each carries the file it is about and a one-line message.

The CLI turns them into `granska: FILE: message` and exit code 2; nothing else escapes as a
traceback unless --debug is given.
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


class GranskaError(Exception):
    """Base class: an error about a file (or the command line) that the user can fix."""

    def __init__(self, path: object, message: str):
        self.path = str(path) if path is not None else ""
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


class UsageError(GranskaError):
    """Bad command-line usage."""

    def __init__(self, message: str):
        super().__init__(None, message)
