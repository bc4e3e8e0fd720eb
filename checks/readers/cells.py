"""What a printed table cell holds: a figure, a percentage, a cell printed empty, or words.

Swedish reports print the same figure in many ways, and each is read here, once:
- minus as "-", U+2212 or an en dash, glued or followed by a space: "-6 279", "- 6 279", "– 614";
  an en dash between two figures is a range ("13–25"), not a minus;
- a figure in parentheses is negative ("(1 234)"), as financial statements print it; a
  parenthesised number after a label is a reference, which the table finder keeps out of cells;
- thousands grouped by a space, a no-break space or a narrow no-break space, or not at all
  ("1310", "-1947"); a decimal comma;
- "Stängt", "Ej aktuellt", "–" and the like are a cell printed empty (vocabulary: empty_cells).
"""
from __future__ import annotations

import re

from granska.checks.readers.grid import GridCell

MINUS = "-\u2212\u2013\u2014"
SPACES = "\u00a0\u202f\u2009\u2007"
_SPACE_TABLE = str.maketrans({c: " " for c in SPACES})
_FIGURE = re.compile(
    r"^(?P<open>\()?\s*(?P<sign>[" + MINUS + r"+])?\s?(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:,(?P<dec>\d+))?\s*(?P<close>\))?"
    r"\s*(?P<pct>%)?$")
_NOTE_LIST = re.compile(r"^\d{1,3}(?:, \d{1,3})+$")
# A word that may be part of a figure's cell: a sign, digits (a group), parentheses, a percent sign.
VALUE_WORD = re.compile(r"^(\(?[" + MINUS + r"+]?\(?\d[\d ,]*\)?%?|[" + MINUS + r"+]|\(|\)|%)$")


def normalise(text: str) -> str:
    """No-break and thin spaces as spaces, runs of whitespace as one."""
    return " ".join(text.translate(_SPACE_TABLE).split())


def parse_figure(text: str) -> tuple[float, int, bool] | None:
    """(value, decimals, is_percent) of a cell that is exactly one figure, else None."""
    m = _FIGURE.match(normalise(text))
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    digits = m.group("int").replace(" ", "")
    if len(digits) > 1 and digits.startswith("0") and " " in m.group("int"):
        return None  # "0 109": a zero takes no thousands groups
    dec = m.group("dec")
    value = float(f"{digits}.{dec}") if dec else float(digits)
    negative = (m.group("sign") or "") in MINUS and m.group("sign") is not None
    if m.group("open"):
        negative = not negative if value else False
    return (-value if negative else value), len(dec) if dec else 0, m.group("pct") is not None


def read_cell(text: str, empty_words: frozenset[str], box: list | None = None) -> GridCell:
    """The cell as granska reads it."""
    t = normalise(text)
    if not t:
        return GridCell("", "blank", box=box)
    if t.lower() in empty_words or all(ch in MINUS + "." for ch in t):
        return GridCell(t, "empty", box=box)
    if _NOTE_LIST.match(t):
        return GridCell(t, "text", box=box)  # "19, 20": notes, not a figure
    fig = parse_figure(t)
    if fig is not None:
        value, decimals, pct = fig
        return GridCell(t, "percent" if pct else "number", value, decimals, "%" if pct else "", box)
    return GridCell(t, "text", box=box)


def is_value_word(word: str, empty_words: frozenset[str]) -> bool:
    """A word that can belong to a figure or an empty cell ("−2", "000", "(2", "300)", "3,3%", "–")."""
    w = word.translate(_SPACE_TABLE)
    return bool(VALUE_WORD.match(w)) or w.lower() in empty_words
