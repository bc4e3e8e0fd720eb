"""Swedish printed numbers: "1 950,2", "-42,5", "−42,5", "8 500 st", "35,71 %", "+/- 1 %".

A printed figure keeps how many decimals it showed, because that is its precision: "586,7"
stands for anything in [586,65; 586,75] (XBRL Calculations 1.1), and every sum check is built on
that interval rather than on a fixed epsilon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash
# One printed number: sign, a first group of 1-3 digits followed by groups of exactly three
# digits (the thousands separator is a space, possibly a no-break space), or a plain digit run,
# then an optional decimal comma.
NUMBER_RE = re.compile(
    r"(?<![\w,.])([" + MINUS_SIGNS + r"+]\s?)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?![\w])"
)

UNIT_ALIASES = {
    "%": "%", "procent": "%", "procentenheter": "procentenheter",
    "st": "st", "st.": "st", "stycken": "st", "styck": "st",
    "mnkr": "mnkr", "mkr": "mnkr", "msek": "mnkr", "miljoner kronor": "mnkr", "miljoner": "mnkr",
    "mdkr": "mdkr", "miljarder kronor": "mdkr", "miljarder": "mdkr",
    "tkr": "tkr", "tusen kronor": "tkr", "kr": "kr", "kronor": "kr", "kr/inv": "kr/inv",
    "år": "år", "dagar": "dagar", "dag": "dagar",
}
# Longest first so that "miljoner kronor" wins over "miljoner".
_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNIT_ALIASES, key=len, reverse=True))
UNIT_RE = re.compile(r"\s?(" + _UNIT_PATTERN + r")(?![\wåäöÅÄÖ])", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")  # the same \d as NUMBER_RE: a text without one holds no number
_NON_DIGITS_RE = re.compile(r"\D")
_DECIMALS_RE = re.compile(r",(\d+)")
_START_RE = re.compile(r"[" + MINUS_SIGNS + r"+(]?(0|[1-9]\d*)(,\d+)?\)?")
_GROUP_RE = re.compile(r"\d{3}(,\d+)?\)?")


@dataclass(frozen=True)
class Figure:
    """A number as printed: its value, how many decimals it showed, its unit and raw text."""

    value: float
    decimals: int
    unit: str = ""
    raw: str = ""
    start: int = 0
    end: int = 0

    @property
    def half_width(self) -> float:
        return 0.5 * 10 ** (-self.decimals)


def parse_number(text: str) -> float | None:
    """"1 950,2" -> 1950.2; "−42,5" -> -42.5; None when text is not exactly one number."""
    figures = find_numbers(text)
    if len(figures) != 1 or text.strip() != figures[0].raw.strip():
        return None
    return figures[0].value


def _to_float(sign: str | None, digits: str, decimals: str | None) -> float:
    integer = _NON_DIGITS_RE.sub("", digits)
    number = float(f"{integer}.{decimals}") if decimals else float(integer)
    if sign and sign.strip() and sign.strip() in MINUS_SIGNS:
        number = -number
    return number


def find_numbers(text: str, units: bool = True) -> list[Figure]:
    """All numbers in text, left to right, with the unit that follows each (if any)."""
    out: list[Figure] = []
    if not _DIGIT_RE.search(text):  # most prose sentences: skip the slower scan for numbers
        return out
    for m in NUMBER_RE.finditer(text):
        sign, digits, decimals = m.group(1), m.group(2), m.group(3)
        # A sign glued to a preceding word ("IT-2017") is a hyphen, not a minus.
        if sign and m.start() > 0 and text[m.start() - 1].isalnum():
            sign = None
        value = _to_float(sign, digits, decimals)
        end = m.end()
        unit = ""
        if units:
            u = UNIT_RE.match(text, end)
            if u:
                unit = UNIT_ALIASES[u.group(1).lower()]
                end = u.end()
        start = m.start() if sign else m.start(2)
        out.append(Figure(value, len(decimals) if decimals else 0, unit, text[start:end], start, end))
    return out


def split_digit_groups(tokens: list[str], count: int) -> list[list[str]]:
    """Every way to read whitespace-separated numeric tokens as exactly `count` numbers.

    "12 345 12 000 345" with count=3 could be 12 345 | 12 000 | 345 or 12 | 345 12 … ; the
    caller picks among the segmentations with what it knows (a table's own arithmetic).
    A token with a decimal comma always ends a number; a continuation group has three digits.
    """
    results: list[list[str]] = []

    def is_start(tok: str) -> bool:
        # A number does not start with a zero unless it is zero ("0", "0,5"): "006" is a group.
        return _START_RE.fullmatch(tok) is not None

    def is_group(tok: str) -> bool:
        return _GROUP_RE.fullmatch(tok) is not None

    def walk(i: int, acc: list[str]) -> None:
        if len(results) > 64:  # pathological input: enough alternatives to know it is ambiguous
            return
        if i == len(tokens):
            if len(acc) == count:
                results.append(list(acc))
            return
        if len(acc) >= count or not is_start(tokens[i]):
            return
        first = tokens[i]
        lead = first.lstrip(MINUS_SIGNS + "+(")
        j = i + 1
        number = first
        walk(j, acc + [number])
        if "," in first or len(_NON_DIGITS_RE.sub("", lead)) > 3 or lead.startswith("0"):
            return  # "0 109" is never one number: a zero takes no thousands groups
        while j < len(tokens) and is_group(tokens[j]):
            number = number + " " + tokens[j]
            j += 1
            walk(j, acc + [number])
            if "," in tokens[j - 1]:
                break

    walk(0, [])
    return results


MINUS = "\u2212"          # the minus sign a printed report and granska's own report use
THIN_SPACE = "\u202f"     # narrow no-break space: Swedish thousands, never broken over a line
# A report's own plain style (hyphen-minus, plain space), for text that mimics what a report
# prints and for stable keys (fingerprints) built from figures.
PLAIN = {"minus": "-", "group": " "}


def group_thousands(digits: int | str, group: str = " ") -> str:
    """"1234567" -> "1 234 567": the Swedish thousands grouping, for printing numbers."""
    s = str(digits)
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return group.join(parts)


def needed_decimals(value: float, limit: int = 4) -> int:
    """As few decimals as the value needs (up to limit): 509.0 -> 0, 35.71 -> 2."""
    decimals = 0
    while decimals < limit and abs(round(value, decimals) - value) > 1e-9:
        decimals += 1
    return decimals


def format_number(value, decimals: int | None = None, lang: str = "sv", minus: str = MINUS,
                  group: str | None = None) -> str:
    """The one number formatter: 1950.2 -> "1 950,2" (sv; U+202F between thousands, U+2212
    minus) or "1,950.2" (en). decimals: as printed ("509,0" keeps its one decimal); None: as few
    as the value needs. A value that rounds to zero has no sign. Anything not a number is shown
    as given ("–" for a missing one).

    minus, group: a report's own printing style (PLAIN), where text mimics a report."""
    if value is None or isinstance(value, bool):
        return "–" if value is None else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number or number in (float("inf"), float("-inf")):
        return "–"
    decimals = needed_decimals(number) if decimals is None else max(0, int(decimals))
    text = f"{abs(number):.{decimals}f}"
    integer, _, fraction = text.partition(".")
    if group is None:
        group = THIN_SPACE if lang == "sv" else ","
    point = "," if lang == "sv" else "."
    out = group_thousands(integer, group) + (point + fraction if fraction else "")
    return (minus if number < 0 and float(text) != 0.0 else "") + out


def format_year(value) -> str:
    """A year or a line number is never grouped: 2017, not "2 017"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else str(value)


def decimals_of(raw: str) -> int:
    m = _DECIMALS_RE.search(raw)
    return len(m.group(1)) if m else 0


def parse_cell_number(raw: str) -> float | None:
    """A table cell's number; parentheses mean negative ("(42,5)")."""
    raw = raw.strip()
    negative = raw.startswith("(") and raw.endswith(")")
    value = parse_number(raw.strip("()"))
    if value is None:
        return None
    return -value if negative else value


# "Årets resultat, mnkr", "Nettoinvesteringar (tkr)": a row of an overview prints its own unit
_LABEL_UNIT = re.compile(r"(?:,\s*|\s\()(mdkr|mnkr|tkr|kr)\)?\s*$", re.IGNORECASE)


def label_unit(label: str) -> str:
    m = _LABEL_UNIT.search(label or "")
    return m.group(1).lower() if m else ""


def without_label_unit(label: str) -> str:
    """"Årets resultat, mnkr" -> "Årets resultat": for a message that prints the unit by the figure."""
    return _LABEL_UNIT.sub("", label or "").rstrip(" ,") or label
