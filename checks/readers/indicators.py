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

A row that prints a single value is weighed with what its name says (`RowEvidence`): a city-wide
indicator ("Stadens soliditet …", "Kommunkoncernens …") in a board's report has no outcome yet —
the city's own accounts close after the board's verksamhetsberättelse — so its one value is KF's
target; "(max)" / "(lägst)" qualify a target; and an amount of one unit of its last digit ("0,1
mnkr") is a threshold ("a positive result"), not the city's result for a year. The evidence that
made a value a target is kept as the row's `reading`, for the findings to say.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from granska.checks.numbers import MINUS_SIGNS, find_numbers

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
    reasons: list[str] = field(default_factory=list)  # RowEvidence codes behind a target-only reading

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


# A name that says its figures are percentages: "Andel … (%)", "Sjukfrånvaro, % (lägre är bättre)",
# "… i procent". The unit printed once, in the name, not in the cells.
PERCENT_NAME_RE = re.compile(r"(?:^|[\s,(])%(?=$|[\s,);])|\bprocent\b", re.IGNORECASE)


def percent_name(name: str | None) -> bool:
    return bool(name) and PERCENT_NAME_RE.search(str(name)) is not None


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


# --- what a single-value row's name says -------------------------------------------------

TARGET_MARKER_RE = re.compile(r"\((max|min|lägst|högst|minst)\)", re.IGNORECASE)
# An indicator of the whole city or its group of companies, not of the board: "Stadens …".
CITY_WIDE_RE = re.compile(r"^(stadens|kommunkoncernens|kommunens|koncernens|stockholms\s+stads|regionens|"
                          r"landstingets)\s", re.IGNORECASE)
AMOUNT_UNITS = ("mnkr", "mdkr", "tkr", "kr")
# A city-wide indicator's outcome is the city's, from accounts that close after the board's
# report: in a verksamhetsberättelse or tertialrapport its outcome column is mostly empty, and a
# value it prints fills KF's target (the council sets the city's targets).
CITY_WIDE_PRIOR = {"outcome": 0.15, "target": 0.5, "kf_target": 0.8}
# "(max)" qualifies a target. It is a property of the indicator, not of what the row prints, so
# alone it does not make a board's single value a target; for a city-wide row it corroborates.
LOG_MARKER = math.log(2.0)
LOG_IMPLAUSIBLE = math.log(20.0)  # "0,1 mnkr" as the city's result for a year


@dataclass(frozen=True)
class RowEvidence:
    """What an indicator's name (and the report) say about a row that prints one value."""

    marker: str = ""             # "(max)", "(lägst)" … as printed in the name
    city_wide: bool = False      # the city's or the group's indicator, not the board's own
    outcome_later: bool = False  # ... in a report drawn up before the city's accounts close

    @property
    def any(self) -> bool:
        return bool(self.marker or self.city_wide)


def evidence_for(name: str, kind: str | None = None) -> RowEvidence:
    """kind: the document's kind; in an årsredovisning the city's own outcomes are known."""
    marker = TARGET_MARKER_RE.search(name or "")
    city_wide = CITY_WIDE_RE.match(name or "") is not None
    return RowEvidence(marker.group(0) if marker else "", city_wide, city_wide and kind != "årsredovisning")


def threshold_amount(cell: Cell) -> bool:
    """An amount of one unit of its last printed digit ("0,1 mnkr", "1 tkr"): the smallest
    positive figure the table can print, i.e. "more than zero" — a floor, not a measured result."""
    return cell.kind == "number" and cell.unit in AMOUNT_UNITS and cell.value is not None and \
        abs(cell.value - 10.0 ** -cell.decimals) < 1e-12


def _evidence_score(assign: dict[str, Cell], fields: tuple[str, ...], ev: RowEvidence) -> float:
    """Log-likelihood the evidence adds to an assignment of a single printed value."""
    s = 0.0
    if ev.outcome_later:
        for f, p in CITY_WIDE_PRIOR.items():
            if f in fields:  # replace the usual prior of this column by the city-wide one
                s += (math.log(p) - _LOG_FILLED[f]) if f in assign else (math.log(1 - p) - _LOG_EMPTY[f])
        if "outcome" in assign and threshold_amount(assign["outcome"]):
            s -= LOG_IMPLAUSIBLE
        if ev.marker and any(f in assign for f in TARGET_FIELDS):
            s += LOG_MARKER
    return s


def _reasons(best: dict[str, Cell], ev: RowEvidence) -> list[str]:
    """Why a row without an outcome is read so: only a city-wide row's missing outcome is
    explained (a board's own indicator without one is simply missing it)."""
    if "outcome" in best or not any(f in best for f in TARGET_FIELDS) or not ev.outcome_later:
        return []
    out = ["city-wide"] + (["marker"] if ev.marker else [])
    if len(best) == 1 and threshold_amount(next(iter(best.values()))):
        out.append("threshold")
    return out


def assign_cells(cells: list[Cell], fields: tuple[str, ...] = VALUE_FIELDS,
                 evidence: RowEvidence | None = None) -> Assignment:
    """The most plausible assignment of cells to fields, with its equally plausible rivals.
    evidence: what the row's name says; weighed for a row that prints a single value."""
    if not cells:
        return Assignment({}, 0.0)
    if len(cells) > len(fields):
        # More cells than columns: keep the first ones; the caller reports the surplus.
        cells = cells[: len(fields)]
    weigh = evidence is not None and evidence.any and len(cells) == 1
    scored = []
    for combo in itertools.combinations(range(len(fields)), len(cells)):
        assign = {fields[i]: cell for i, cell in zip(combo, cells)}
        value = score(assign, fields)
        if weigh and value > -math.inf:
            value += _evidence_score(assign, fields, evidence)
        scored.append((value, assign))
    scored.sort(key=lambda x: -x[0])
    best_score, best = scored[0]
    near = [a for s, a in scored if s > -math.inf and best_score - s < NEAR]
    uncertain = []
    for f in fields:
        values = {_identity(a.get(f)) for a in near}
        if len(values) > 1:
            uncertain.append(f)
    return Assignment(best, best_score, near if len(near) > 1 else [], uncertain,
                      _reasons(best, evidence) if evidence is not None else [])


# Why a single printed value was read as a target, in the words of a finding (sv, en).
REASONS = {
    "city-wide": ("en stadsövergripande indikator, vars utfall redovisas i stadens årsredovisning efter "
                  "nämndens rapport",
                  "a city-wide indicator, whose outcome the city's annual report gives after the board's report"),
    "marker": ("”{marker}” i namnet anger ett mål", "“{marker}” in the name qualifies a target"),
    "threshold": ("{value} är inte rimligt som stadens resultat för ett år, men som golv",
                  "{value} is not plausible as the city's result for a year, but is as a floor"),
}
FIELD_WORDS = {"target": ("nämndens årsmål", "the board's target"), "kf_target": ("KF:s årsmål", "the council's target")}


def reading_of(assignment: Assignment, evidence: RowEvidence | None) -> tuple[str, str]:
    """("värdet 30 % läses som KF:s årsmål, inte som utfall: …", English): why a row without an
    outcome is read so, or ("", "") when nothing but the usual column weights decided."""
    if not assignment.reasons or evidence is None:
        return "", ""
    targets = [f for f in TARGET_FIELDS if f in assignment.cells]
    shown = " och ".join(assignment.cells[f].raw for f in targets)
    sv_field = " och ".join(FIELD_WORDS[f][0] for f in targets)
    en_field = " and ".join(FIELD_WORDS[f][1] for f in targets)
    also = [f for f in TARGET_FIELDS if f not in targets and f in assignment.uncertain]
    if also:
        sv_field += f" (eller {FIELD_WORDS[also[0]][0]})"
        en_field += f" (or {FIELD_WORDS[also[0]][1]})"
    fill = {"marker": evidence.marker, "value": shown}
    sv = "; ".join(REASONS[r][0].format(**fill) for r in assignment.reasons)
    en = "; ".join(REASONS[r][1].format(**fill) for r in assignment.reasons)
    one = len(targets) == 1
    return (f"{'värdet' if one else 'värdena'} {shown} läses som {sv_field}, inte som utfall: {sv}",
            f"the value{'' if one else 's'} {shown.replace(' och ', ' and ')} {'is' if one else 'are'} read as "
            f"{en_field}, not as an outcome: {en}")
