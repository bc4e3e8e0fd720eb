"""The extracted document: metadata, source lines and the tables the rules read.

Kept free of pandas at import time so that `granska --version` and `granska rules` start fast;
the tables are pandas DataFrames created by the readers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LINE_MAX = 400  # characters of one source line an excerpt shows


@dataclass
class Document:
    """One report read into tables.

    meta keys: organisation, kind, year, source, sha256, copies, lines.
    tables: name -> pandas.DataFrame with the columns listed in docs/DESIGN.md.
    lines: the source text split into lines (index 0 is line 1), for evidence excerpts.
    pages: line number -> printed page number, where known.
    problems: extraction problems found while reading (become `extraction` findings).
    inventory: what the readers recognised in the source, one dict per part, whether they could
        read it or not — the ground for the coverage a report states ("3 tabeller kunde inte
        läsas"). Keys: kind (`table` | `goal` | `page`), what (`budget` | `statement` |
        `indicator` | `activity` | `unknown` …), title, page, line, end_line, copy, rows (rows
        read), rows_unread, columns, status (`read` | `partial` | `unread`), reason (why not
        read, in Swedish, or ""), reason_en.
    """

    meta: dict[str, Any]
    tables: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    pages: dict[int, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    inventory: list[dict[str, Any]] = field(default_factory=list)

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    def excerpt(self, first: int, last: int | None = None, max_lines: int = 16) -> str:
        """Lines first..last (1-based) as printed, one per line, for evidence with line numbers;
        a longer span is flattened and cut, since the reader wants the place, not the page, and
        a table row printed as word fragments is joined into the row it is."""
        last = first if last is None else max(first, last)
        raw = self.lines[first - 1:last]
        text = [s for s in raw if s.strip()]
        if len(text) >= 3 and sum(len(s.strip()) for s in text) < 20 * len(text):
            # a table row whose cells were flattened into word fragments, one per line
            # ("Antal" / "färdigställd" / "a" / …): the row as a row, on one line
            return _join_cells(raw)
        chunk = [s.rstrip() for s in raw]
        if len(chunk) <= max_lines:
            # A line is cut too: a paragraph printed as one 512 KB line, quoted by each of its
            # thousands of findings, once took gigabytes.
            return "\n".join(s if len(s) <= LINE_MAX else s[:LINE_MAX - 1] + "…" for s in chunk)
        flat = " ".join(s.strip() for s in chunk if s.strip())
        return flat if len(flat) <= 400 else flat[:399] + "…"


def _join_cells(pieces: list[str]) -> str:
    """Fragments of a flattened table row on one line: a word broken mid-way (no trailing space,
    a letter then a lower-case letter) is glued, every other break is a space — a cell of words
    ends before a cell of figures even where the extraction left no space."""
    out = out_raw = ""
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        glued = out and not out_raw.endswith((" ", "\t", "\u00a0")) and out[-1].isalpha() and piece[0].islower()
        out += piece if glued or not out else " " + piece
        out_raw = raw
    return " ".join(out.split())
