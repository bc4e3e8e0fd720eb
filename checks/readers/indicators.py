"""Assign an indicator row's printed values to its columns.

Empty cells vanish in extracted text, so "80 % 100 % 100 %" under seven headers does not say
which columns were empty. Every order-preserving assignment of the printed cells to the table's
value columns is scored as a log-likelihood:

- hard constraints (impossible): words or a band outside the target columns;
- evidence: men + women = total for counts, total between men and women for rates;
  årsmål = KF:s årsmål (the usual case); men and women printed together;
- a prior of how often each column is filled in these tables.

The best assignment is kept. Assignments within a factor `NEAR` of the best are "about equally
plausible": a field whose value differs among them is recorded as uncertain, and the whole set
is kept (`alternatives`) so that rules can ask whether a conclusion holds under every reading.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from checks.numbers import MINUS_SIGNS, find_numbers

VALUE_FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")
TARGET_FIELDS = ("target", "kf_target")
# How often a column is filled, read off Swedish municipal indicator tables: outcomes nearly
# always; gender splits rarely; last year's outcome and the targets often but not always.
PRIOR = {"outcome": 0.85, "outcome_men": 0.2, "outcome_women": 0.2, "previous": 0.5,
         "target": 0.8, "kf_target": 0.6}
# log p and log (1 - p), computed once: a score is asked for every assignment of every row.
_LOG_FILLED = {f: math.log(p) for f, p in PRIOR.items()}
_LOG_EMPTY = {f: math.log(1.0 - p) for f, p in PRIOR.items()}
NEAR = math.log(5.0)  # within a factor 5 of the best: the text does not decide between them
LOG_RELATION = math.log(30.0)  # weight of an arithmetic relation that holds / fails
LOG_PAIR = math.log(200.0)  # men without women (or the reverse) is almost never printed
LOG_EQUAL_TARGETS = math.log(2.0)
LOG_SMALLER_KF_COUNT = math.log(4.0)


@dataclass(frozen=True)
class Cell:
    """One printed cell of an indicator row."""

    raw: str
    value: float | None = None  # numeric value; for a band its half-width
    decimals: int = 0
    unit: str = ""
    kind: str = "number"  # number | band | text


@dataclass
class Assignment:
    cells: dict[str, Cell]
    score: float
    alternatives: list[dict[str, Cell]] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return not self.uncertain


PERIOD_RE = re.compile(r"(?:\b(VB|T1|T2|T3|Tertial\s*\d|Bokslut|Helår|Delår|Prognos)\s*)?\b((?:19|20)\d\d)\s*$",
                       re.IGNORECASE)
_BAND_RE = re.compile(r"\+\s*/\s*[-" + MINUS_SIGNS + r"]\s*(\d+(?:,\d+)?)\s*(%|st)?")
_WORD_RE = re.compile(r"[A-Za-zÅÄÖåäöÉé][\wÅÄÖåäöÉé.:/-]*")


# Part of a year: a tertial, a "delår", or an outcome up to a month before December ("aug 2019",
# "jan-aug 2019", "per augusti 2019").
_PARTIAL_RE = re.compile(r"^(T\d|Tertial|Delår|Prognos|(per\s+|jan\w*\s*[-\u2013]\s*)?(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov)\w*\b)",
                         re.IGNORECASE)


def period_kind(period: str | None) -> str:
    """"year" for a whole year ("2017", "VB 2017"), "partial" for part of one ("T2 2017"):
    an annual count target is not yet missed by a tertial's outcome."""
    return "partial" if period and _PARTIAL_RE.match(str(period).strip()) else "year"


def split_period(text: str) -> tuple[str, str, int | None]:
    """"847 st 618 st VB 2017" -> ("847 st 618 st", "VB 2017", 2017)."""
    t = text.rstrip()
    if not (t[-4:-2] in ("19", "20") and t[-2:].isdecimal()):
        return text, "", None  # no year at the end: spare the search (isdecimal is the regex's \d)
    m = PERIOD_RE.search(text)
    if not m:
        return text, "", None
    period = re.sub(r"\s+", " ", m.group(0)).strip()
    return text[: m.start()].strip(), period, int(m.group(2))


def tokenize_cells(text: str) -> list[Cell]:
    """Cells of a value text: bands, numbers with units, and targets in words."""
    cells: list[Cell] = []
    pos = 0
    numbers = {f.start: f for f in find_numbers(text)}
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        band = _BAND_RE.match(text, pos)
        if band:
            value = float(band.group(1).replace(",", "."))
            dec = len(band.group(1).split(",")[1]) if "," in band.group(1) else 0
            # One way of writing a band, whichever spacing the extraction left ("+/-1 %").
            shown = f"+/- {band.group(1)}" + (f" {band.group(2)}" if band.group(2) else "")
            cells.append(Cell(shown, value, dec, band.group(2) or "", "band"))
            pos = band.end()
            continue
        fig = numbers.get(pos)
        if fig is not None:
            if cells and cells[-1].kind == "text" and fig.unit == "" and fig.decimals == 0 and 1900 <= fig.value <= 2100:
                # "fastställs 2017": the year belongs to the words before it.
                last = cells.pop()
                cells.append(Cell(f"{last.raw} {fig.raw}", None, 0, "", "text"))
            else:
                cells.append(Cell(fig.raw, fig.value, fig.decimals, fig.unit, "number"))
            pos = fig.end
            continue
        word = _WORD_RE.match(text, pos)
        if word:
            if cells and cells[-1].kind == "text":
                last = cells.pop()
                cells.append(Cell(f"{last.raw} {word.group(0)}", None, 0, "", "text"))
            else:
                cells.append(Cell(word.group(0), None, 0, "", "text"))
            pos = word.end()
            continue
        pos += 1  # stray punctuation
    return cells


def _meets(a: Cell, b: Cell, c: Cell) -> bool:
    """a + b == c within the rounding of the printed figures; counts ("st") are exact."""
    exact = "st" in (a.unit, b.unit, c.unit)
    tol = 0.0 if exact else 0.5 * (10 ** -a.decimals + 10 ** -b.decimals + 10 ** -c.decimals)
    return abs(a.value + b.value - c.value) <= tol + 1e-9


def score(assign: dict[str, Cell], fields: tuple[str, ...]) -> float:
    for f, cell in assign.items():
        if cell.kind != "number" and f not in TARGET_FIELDS:
            return -math.inf
    s = 0.0
    for f in fields:
        if f in PRIOR:
            s += _LOG_FILLED[f] if f in assign else _LOG_EMPTY[f]
        else:
            s += math.log(0.5)
    men, women, total = assign.get("outcome_men"), assign.get("outcome_women"), assign.get("outcome")
    if (men is None) != (women is None):
        s -= LOG_PAIR
    if men is not None and women is not None and total is not None:
        if total.unit == "%" or men.unit == "%":
            ok = min(men.value, women.value) - 1e-9 <= total.value <= max(men.value, women.value) + 1e-9
        elif total.unit in ("st", "kr", "tkr", "mnkr"):
            ok = _meets(men, women, total)
        else:  # a bare number: either relation is evidence
            ok = _meets(men, women, total) or min(men.value, women.value) <= total.value <= max(men.value, women.value)
        s += LOG_RELATION if ok else -LOG_RELATION
    elif men is not None and total is None:
        s -= LOG_RELATION
    t, kf = assign.get("target"), assign.get("kf_target")
    if t is not None and kf is not None and t.kind == kf.kind == "number":
        if t.value == kf.value:
            s += LOG_EQUAL_TARGETS
        elif "st" in (t.unit, kf.unit) and kf.value < t.value:
            # A KF count target is city-wide: smaller than the board's own is unlikely.
            s -= LOG_SMALLER_KF_COUNT
    return s


def _identity(cell: Cell | None) -> object:
    """What makes two readings of a field the same: the value, not how it was printed."""
    if cell is None:
        return None
    return (cell.kind, cell.value, cell.unit) if cell.kind != "text" else (cell.kind, cell.raw)


def placeholders(fields: list[str]) -> tuple[str, ...]:
    """The table's value columns for assignment: a column granska does not read ("Prognos helår")
    keeps its place as "other_1", "other_2" …, so that the figure printed in it is not taken for
    the next column's (a forecast read as the target)."""
    out, k = [], 0
    for f in fields:
        if f in VALUE_FIELDS:
            out.append(f)
        else:
            k += 1
            out.append(f"other_{k}")
    return tuple(out)


def assign_cells(cells: list[Cell], fields: tuple[str, ...] = VALUE_FIELDS) -> Assignment:
    """The most plausible assignment of cells to fields, with its equally plausible rivals."""
    if not cells:
        return Assignment({}, 0.0)
    if len(cells) > len(fields):
        # More cells than columns: keep the first ones; the caller reports the surplus.
        cells = cells[: len(fields)]
    scored = []
    for combo in itertools.combinations(range(len(fields)), len(cells)):
        assign = {fields[i]: cell for i, cell in zip(combo, cells)}
        scored.append((score(assign, fields), assign))
    scored.sort(key=lambda x: -x[0])
    best_score, best = scored[0]
    near = [a for s, a in scored if s > -math.inf and best_score - s < NEAR]
    uncertain = []
    for f in fields:
        values = {_identity(a.get(f)) for a in near}
        if len(values) > 1:
            uncertain.append(f)
    return Assignment(best, best_score, near if len(near) > 1 else [], uncertain)
