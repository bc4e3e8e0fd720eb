"""Errors the reports package raises for input it cannot use.

The same class as the rest of granska's input errors, so the CLI prints every unusable file
(report, rule pack, baseline, waiver) the same way: one line, exit code 2.
"""
from __future__ import annotations

from granska.checks.errors import InputError

__all__ = ["InputError"]
