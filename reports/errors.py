"""Errors the reports package raises for input it cannot use."""
from __future__ import annotations

import os


class InputError(Exception):
    """A file given to granska (baseline, waivers) is not usable.

    ``str(err)`` is one line, ``"<path>: <message>"``, fit for the CLI to print before exiting
    with code 2.
    """

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.path = os.fspath(path)
        self.message = " ".join(str(message).split())
        super().__init__(f"{self.path}: {self.message}")
