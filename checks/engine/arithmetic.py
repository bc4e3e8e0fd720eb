"""The arithmetic a table obeys, found from the table itself.

Two sources of a relation:
- declared: what the headers or labels name. An "Avvikelse" column beside "Budget" and "Utfall"
  is their difference (in the sign convention the rows show); a "Summa" row adds up the rows
  above it; an "Avvikelse %" column is the deviation in per cent of the budget; a "Budgetavvikelse"
  row is the "Budget" row against the "Nettokostnader" row.
- found: a relation between columns (c = a + b, c = a − b, p = 100 · c / a) that holds, within
  the printed rounding, on at least MIN_ROWS rows and SHARE of the rows where it can be tested,
  on rows with figures in all its columns (zeros prove nothing). Three rows of four are too few:
  in an investment table, one-year projects make Utfall = Budget − Återstår hold by coincidence.
  Nor is a row of small figures much evidence: 0,5 − 0,2 "is" 0,4 within ± 0,05 each. Each row
  that holds counts by how unlikely it was to hold by chance at its printed precision (the width
  the rounding leaves over the size of the figures); the rows together must weigh as much as
  MIN_ROWS rows that would each hold by chance one time in ten.

A declared relation is kept when it holds on at least as many rows as it breaks (and on one at
least): the headers say it is meant, the rows say which convention. The headers name a
difference (Avvikelse, Återstår), so only a difference is declared; a sum among the same columns
is only what the rows show. Where another relation explains a cell (Återstår = Total
projektbudget − Ack. utfall on every row), a weaker one that breaks there (Återstår against the
year's Budget) does not report it. A relation that breaks
everywhere is not what the table means; it is not reported (the coverage says so). Every
relation carries its support (rows tested and held) so a finding can say how sure it is.

Pure functions over a TableView; checks.engine.forms.arithmetic turns broken cells into findings.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
import math
from itertools import combinations

from granska.checks.engine.intervals import FLOAT_SLACK, Interval, _checked, gap, meets, sum_of

MIN_ROWS = 4  # a relation only the rows show: on at least four rows …
SHARE = 0.8  # … and four in five of those it can be tested on (fewer are found by coincidence)
MAX_COLUMNS = 10  # a wider table is tested on its first columns of amounts only (triples grow cubically)


@dataclass
class TableView:
    """One printed table: its rows (budget records) and columns with their roles."""

    name: str
    copy: int
    columns: list[str]
    roles: dict[str, str]
    rows: list[dict]
    exact: bool = False  # a table of counts (Antal anställda): its figures are exact, not rounded
    entities: dict[str, str] = field(default_factory=dict)  # column -> kommunen / koncernen, where named
    # cell() per (row, column), once: every candidate relation of the table asks for the same cells
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def cell(self, row: dict, col: str) -> Interval | None:
        """A cell as the interval its printed figure stands for, with the cell's own decimals."""
        key = (id(row), col)
        if key in self._memo:
            return self._memo[key]
        value = row.get(col)
        if value is None or value != value:
            found = None
        elif self.exact or self._counts(row):
            found = Interval.exact(float(value))
        else:
            printed = self._cells(row).get(col)
            decimals = _decimals(printed) if printed else int(row.get("decimals") or 0)
            found = Interval.from_printed(float(value), decimals)
        self._memo[key] = found
        return found

    def _counts(self, row: dict) -> bool:
        """A row of counts in a table of other figures ("Antal tillsvidareanställda 31 14 45" over
        "Sjukfrånvaro, % 5,9 3,1 5,0"): no monetary unit, a label that counts, whole numbers only.
        Counts are exact."""
        key = (id(row), None)
        if key not in self._memo:
            self._memo[key] = not row.get("unit") and bool(_COUNTS.search(str(row.get("item") or ""))) and all(
                float(v).is_integer() for c in self.columns if isinstance((v := row.get(c)), (int, float)) and v == v)
        return self._memo[key]

    def printed(self, row: dict, col: str) -> str:
        return self._cells(row).get(col, "")

    @staticmethod
    def _cells(row: dict) -> dict:
        raw = row.get("cells")
        if not raw or raw != raw:
            return {}
        if isinstance(raw, dict):
            return raw
        try:
            return json.loads(raw)
        except (TypeError, ValueError):
            return {}


_COUNTS = re.compile(r"\bantal\b|anställda|årsarbetare|elever|barn\b|platser|besök|deltagare|\bst\b", re.IGNORECASE)


def counts_table(name: str, columns: list[str], roles: dict[str, str], rows: list[dict]) -> bool:
    """A table of counts: no monetary unit, whole numbers only, and a title or header that counts
    ("Antal anställda", an "Antal" column). Counts are exact; amounts are rounded."""
    if any(r.get("unit") for r in rows):
        return False
    if not (_COUNTS.search(name) or any(_COUNTS.search(c) for c in columns) or "count" in roles.values()):
        return False
    return all(float(v).is_integer() for r in rows for c in columns
               if isinstance((v := r.get(c)), (int, float)) and v == v)


def _decimals(printed: str) -> int:
    digits = printed.strip().rstrip("%").strip().rstrip(")")
    return len(digits.rsplit(",", 1)[1]) if "," in digits else 0


@dataclass
class Relation:
    """target == Σ sign · term (kind sum), or target == factor · 100 · num / den (kind ratio)."""

    kind: str  # sum | ratio
    target: str
    terms: list[tuple[int, str]]
    named: bool
    tested: int = 0
    held: int = 0
    broken: list[tuple[dict, Interval, Interval]] = field(default_factory=list)  # (row, printed, expected)
    factor: float = 1.0
    evidence: float = 0.0  # Σ over the rows that hold of −log10(the chance they hold by coincidence)
    held_rows: list[dict] = field(default_factory=list)

    def expected(self, view: TableView, row: dict) -> Interval | None:
        if self.kind == "ratio":
            num, den = (view.cell(row, c) for _, c in self.terms)
            if num is None or den is None or den.lo <= 0 <= den.hi:
                return None
            q = num / (abs(den) if self.factor == 0 else den)
            return None if q is None else q * (100.0 * (self.factor or 1.0))
        parts = [view.cell(row, c) for _, c in self.terms]
        if any(p is None for p in parts):
            return None
        return sum_of(p if s > 0 else -p for (s, _), p in zip(self.terms, parts))

    def columns(self) -> set[str]:
        return {self.target} | {c for _, c in self.terms}


def _nonzero(view: TableView, row: dict, cols) -> bool:
    return all(row.get(c) not in (None, 0, 0.0) and row.get(c) == row.get(c) for c in cols)


_RATE = re.compile(r"%|procent|\bandel\b|\bgrad\b|\bper\b|snitt|genomsnitt|\bkvot\b", re.IGNORECASE)


def is_rate(row: dict) -> bool:
    """A row of rates or shares ("Sjukfrånvaro, %", "Andel …", "per invånare"): its columns do
    not add up as amounts do, whatever the other rows show."""
    return _is_rate_item(str(row.get("item") or ""))


@lru_cache(maxsize=4096)
def _is_rate_item(item: str) -> bool:
    return bool(_RATE.search(item))


def chance(printed: Interval, expected: Interval, size: float) -> float:
    """How likely a figure of this size lands, by coincidence, where the relation wants it: the
    width the rounding of all its figures leaves, over the size of the figures (the range an
    unrelated figure would fall in). 0,5 − 0,2 against 0,4 (± 0,05 each): 0,3 / 0,5."""
    width = (printed.hi - printed.lo) + (expected.hi - expected.lo)
    return 1.0 if size <= 0 else min(1.0, width / size)


def _size(view: TableView, row: dict, rel: Relation, printed: Interval, expected: Interval) -> float:
    if rel.kind == "ratio":
        return max(abs(printed.mid), abs(expected.mid))
    return max(abs(float(row[c])) for c in rel.columns())


def _test(rel: Relation, view: TableView) -> Relation:
    for row in view.rows:
        if row.get("role") == "varav" or (rel.kind == "sum" and is_rate(row)):
            continue
        printed = view.cell(row, rel.target)
        expected = rel.expected(view, row)
        if printed is None or expected is None:
            continue
        if not _nonzero(view, row, rel.columns()):
            continue  # zeros on a row fit any sum or difference: no evidence
        rel.tested += 1
        if meets(printed, expected):
            rel.held += 1
            rel.held_rows.append(row)
            rel.evidence -= math.log10(max(chance(printed, expected, _size(view, row, rel, printed, expected)), 1e-300))
        else:
            rel.broken.append((row, printed, expected))
    return rel


def _trio_rows(view: TableView, trio) -> list[tuple]:
    """The rows every sum or difference of the three columns is tested on, as _test chooses
    them (no varav, no rate row, a figure other than zero in each of the three), with the
    three cells and the size of the row's figures: (row, {column: cell}, size)."""
    out = []
    for row in view.rows:
        if row.get("role") == "varav" or is_rate(row) or not _nonzero(view, row, trio):
            continue
        out.append((row, {c: view.cell(row, c) for c in trio}, max(abs(float(row[c])) for c in trio)))
    return out


def _test_trio(rel: Relation, view: TableView, rows: list[tuple]) -> Relation:
    """_test of a relation target = ± a ± b over the rows of _trio_rows: the same sums, in the
    same order of float operations as sum_of, the same comparison as meets and the same
    evidence, without an Interval per partial sum (the rules try twelve arrangements of every
    three columns). A bound that is not finite goes the long way, which says what is wrong."""
    (s1, a), (s2, b) = rel.terms
    log10 = math.log10
    for row, cells, size in rows:
        printed, x, y = cells[rel.target], cells[a], cells[b]
        lo1, hi1 = (0.0 + x.lo, 0.0 + x.hi) if s1 > 0 else (0.0 + -x.hi, 0.0 + -x.lo)
        m1 = max(max(0.0, x.magnitude), abs(lo1), abs(hi1))
        lo, hi = (lo1 + y.lo, hi1 + y.hi) if s2 > 0 else (lo1 + -y.hi, hi1 + -y.lo)
        if not (lo <= hi and math.isfinite(lo) and math.isfinite(hi) and math.isfinite(lo1) and math.isfinite(hi1)):
            rel.expected(view, row)  # raises as _test would
        magnitude = max(max(m1, y.magnitude), abs(lo), abs(hi))
        rel.tested += 1
        slack = FLOAT_SLACK * max(1.0, printed.magnitude, magnitude)
        if printed.lo <= hi + slack and lo <= printed.hi + slack:
            rel.held += 1
            rel.held_rows.append(row)
            width = (printed.hi - printed.lo) + (hi - lo)
            rel.evidence -= log10(max(1.0 if size <= 0 else min(1.0, width / size), 1e-300))
        else:
            rel.broken.append((row, printed, _checked(lo, hi, magnitude)))
    return rel


def kept(rel: Relation) -> bool:
    if rel.named:
        return rel.held >= 1 and rel.held >= len(rel.broken)
    return rel.tested >= MIN_ROWS and rel.held >= SHARE * rel.tested and rel.evidence >= MIN_ROWS


def amount_columns(view: TableView, ratio_roles: tuple[str, ...]) -> list[str]:
    return [c for c in view.columns if view.roles.get(c) not in ratio_roles][:MAX_COLUMNS]


NAMED_TRIPLES = [  # (result, from, minus): the headers name a difference
    ("deviation", "budget", "actual"), ("deviation", "budget", "forecast"),
    ("deviation", "project_budget", "acc_actual"), ("deviation", "project_budget", "actual"),
    ("remaining", "project_budget", "acc_actual"), ("remaining", "budget", "acc_actual"),
]


def column_relations(view: TableView, ratio_roles: tuple[str, ...], owned: set[str] | frozenset = frozenset()) -> list[Relation]:
    """For every three columns of amounts, the one linear relation among them (a + b = c in one
    of its three arrangements, either sign) the rows support best, if any is kept. Where the
    headers name a difference, that difference (either sign) is the declared relation; the other
    arrangements are only what the rows show. `owned`: columns other rules explain already
    (BUD002's deviation, a Totalt column): no relation is sought with them."""
    out: list[Relation] = []
    explained: list[Relation] = []
    cols = amount_columns(view, ratio_roles)
    for trio in combinations(cols, 3):
        if owned & set(trio):
            continue
        named = _named(view, trio)
        best = None
        rows = _trio_rows(view, trio)
        if named:
            for target, terms in _named_arrangements(view, trio):
                rel = _test_trio(Relation("sum", target, terms, True), view, rows)
                if rel.tested and (best is None or (rel.held, -len(rel.broken)) > (best.held, -len(best.broken))):
                    best = rel
            if best is not None and not kept(best):
                best = None
        if best is None:
            for target in _targets(view, trio):
                a, b = [c for c in trio if c != target]
                for terms in ([(1, a), (1, b)], [(1, a), (-1, b)], [(-1, a), (1, b)], [(-1, a), (-1, b)]):
                    rel = _test_trio(Relation("sum", target, terms, False), view, rows)
                    if rel.tested and (best is None or (rel.held, -len(rel.broken)) > (best.held, -len(best.broken))):
                        best = rel
        if best is not None and kept(best):
            explained.append(best)
            if best.broken:
                out.append(best)
    return _unexplained(_not_explained_elsewhere(out, explained))


def _named_arrangements(view: TableView, trio) -> list[tuple[str, list[tuple[int, str]]]]:
    """The difference the headers name, either way round (a − b or b − a), for the derived
    column (the deviation, what remains)."""
    out = []
    for target in _targets(view, trio):
        a, b = [c for c in trio if c != target]
        out += [(target, [(1, a), (-1, b)]), (target, [(-1, a), (1, b)])]
    return out


def _not_explained_elsewhere(broken: list[Relation], explained: list[Relation]) -> list[Relation]:
    """A cell that another kept relation of the same column holds on (with at least as much
    support) is explained: the weaker relation does not report it."""
    for rel in broken:
        others = [o for o in explained if o is not rel and o.target == rel.target
                  and (o.named, o.held) >= (rel.named, rel.held)]
        rel.broken = [b for b in rel.broken if not any(any(h is b[0] for h in o.held_rows) for o in others)]
    return [rel for rel in broken if rel.broken]


def _targets(view: TableView, trio) -> list[str]:
    """The column a relation is written for: the derived one where a header says so (a deviation,
    what remains), else the rightmost (tables print a result after what it comes from)."""
    derived = [c for c in trio if view.roles.get(c) in ("deviation", "remaining")]
    return derived or [max(trio, key=view.columns.index)]


def _named(view: TableView, trio) -> bool:
    roles = sorted(view.roles.get(c, "other") for c in trio)
    return any(sorted(t) == roles for t in NAMED_TRIPLES)


def _unexplained(relations: list[Relation]) -> list[Relation]:
    """A broken cell is reported once: by the relation with the best support."""
    relations.sort(key=lambda r: (not r.named, -(r.held / max(r.tested, 1)), -r.tested))
    seen: set[tuple[int, str]] = set()
    out = []
    for rel in relations:
        fresh = [(row, p, e) for row, p, e in rel.broken if (id(row), rel.target) not in seen]
        for row, _, _ in rel.broken:
            for c in rel.columns():
                seen.add((id(row), c))
        if fresh:
            rel.broken = fresh
            out.append(rel)
    return out


def ratio_relations(view: TableView, ratio_roles: tuple[str, ...]) -> list[Relation]:
    """A % column as 100 · one column / another (either sign, or over the absolute denominator),
    the pair the rows support best. Named when the % column is a deviation's and the pair is the
    deviation over the budget."""
    out = []
    amounts = amount_columns(view, ratio_roles)
    for pct in [c for c in view.columns if view.roles.get(c) in ratio_roles]:
        best = None
        for num in amounts:
            for den in amounts:
                if num == den:
                    continue
                named = view.roles.get(pct) == "deviation_pct" and view.roles.get(num) == "deviation" \
                    and view.roles.get(den) in ("budget", "project_budget")
                for factor in (1.0, -1.0, 0.0):  # 0: over the absolute denominator
                    rel = _test(Relation("ratio", pct, [(1, num), (1, den)], named, factor=factor), view)
                    if rel.tested and (best is None or (rel.held, rel.named) > (best.held, best.named)):
                        best = rel
        if best is not None and kept(best) and best.broken:
            out.append(best)
    return out


_TOTAL_COLUMN = re.compile(r"^(totalt|total|summa|samtliga|alla|hela)\b", re.IGNORECASE)


def _is_total_column(col: str) -> bool:
    return bool(_TOTAL_COLUMN.match(col.split()[-1] if col.split() else "") or _TOTAL_COLUMN.match(col))


# Columns of a budget follow-up: a Totalt beside them is not their sum (Budget + Utfall means nothing).
FOLLOW_UP = ("budget", "deviation", "forecast", "project_budget", "acc_actual", "remaining")


def total_column_names(view: TableView, ratio_roles: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """(Totalt column, its parts) of the table: a Totalt (Summa) after two or more breakdown
    columns, none of them a budget follow-up's. A part may read as an utfall by its header (the
    Årets resultat column of a förändring av eget kapital beside Aktiekapital and Reservfond)."""
    out = []
    for col in view.columns:
        if not _is_total_column(col):
            continue
        before = view.columns[: view.columns.index(col)]
        since = [k for k, c in enumerate(before) if _is_total_column(c)]
        own = before[since[-1] + 1:] if since else before  # Kvinnor, Män, Totalt 2024, Kvinnor, Män, Totalt 2025
        parts = [c for c in own if view.roles.get(c) in ("other", "actual") and c not in ratio_roles]
        if len(parts) >= 2 and sum(view.roles.get(c) == "actual" for c in parts) <= 1 \
                and not any(view.roles.get(c) in FOLLOW_UP for c in before):
            out.append((col, parts))
    return out


def total_columns(view: TableView, ratio_roles: tuple[str, ...]) -> list[Relation]:
    """A column headed Totalt (Summa, Samtliga) after columns that are its parts (Kvinnor, Män;
    the parts of a breakdown, no budget or utfall columns): on each row it is their sum, and on a
    row of rates (a percentage, a share) it lies between them."""
    out = []
    for col, parts in total_column_names(view, ratio_roles):
        rel = Relation("sum", col, [(1, c) for c in parts], True)
        for row in view.rows:
            printed = view.cell(row, col)
            ivs = [view.cell(row, c) for c in parts]
            if printed is None or any(iv is None for iv in ivs) or row.get("role") == "varav":
                continue
            rel.tested += 1
            if is_rate(row):
                expected = Interval(min(iv.lo for iv in ivs), max(iv.hi for iv in ivs))
            else:
                expected = sum_of(ivs)
            if meets(printed, expected):
                rel.held += 1
            else:
                rel.broken.append((row, printed, expected))
        if kept(rel) and rel.broken:
            out.append(rel)
    return out


@dataclass
class Shares:
    """A % column of shares of a total (Andel, %: the rows' shares, 100 on their Summa row) and
    one column of amounts the shares are of: each row's share is 100 · its amount / the Summa's."""

    pct: str
    column: str
    total: dict
    tested: int = 0
    held: int = 0
    evidence: float = 0.0
    broken: list[tuple[dict, Interval, Interval]] = field(default_factory=list)  # (row, printed %, amount's %)


def share_relations(view: TableView, is_sum, ratio_roles: tuple[str, ...]) -> list[Shares]:
    """For a % column whose last Summa row prints 100 (the table says its rows are shares of
    that Summa), each column of amounts in which the shares hold on most rows that can be tested,
    with as much evidence as a found relation needs (the rows weigh by how unlikely each was to
    hold by chance at its printed precision). The header does not say which column the shares
    are of, and a table may print this year's shares beside last year's amounts: a column where
    they do not hold on most rows is not theirs."""
    out = []
    for pct in [c for c in view.columns if view.roles.get(c) == "percent"]:
        totals = [r for r in view.rows if is_sum(r) and (v := view.cell(r, pct)) is not None and meets(v, Interval.exact(100.0))]
        if not totals:
            continue
        total = totals[-1]
        end = view.rows.index(total)
        start = max([k + 1 for k, r in enumerate(view.rows[:end]) if is_sum(r)] or [0])
        parts = [r for r in view.rows[start:end] if r.get("role") != "varav"]
        for col in amount_columns(view, ratio_roles):
            whole = view.cell(total, col)
            if whole is None or whole.lo <= 0 <= whole.hi:
                continue
            rel = Shares(pct, col, total)
            for row in parts:
                printed, amount = view.cell(row, pct), view.cell(row, col)
                share = None if printed is None or amount is None else amount / whole
                if share is None or amount.lo <= 0 <= amount.hi:
                    continue
                expected = share * 100.0
                rel.tested += 1
                if meets(printed, expected):
                    rel.held += 1
                    rel.evidence -= math.log10(max(chance(printed, expected, max(abs(printed.mid), abs(expected.mid))), 1e-300))
                else:
                    rel.broken.append((row, printed, expected))
            if rel.broken and rel.held > len(rel.broken) and rel.evidence >= MIN_ROWS:
                out.append(rel)
    return out


def sum_rows(view: TableView, is_sum, ratio_roles: tuple[str, ...] = ()) -> list[tuple]:
    """Each Summa row against the rows it may sum: the rows since the previous Summa in its own
    section, since the previous Summa, since the table's start, the Summa rows since the
    previous grand total (a Summa of Summas), or those Summa rows and the rows after them. The reading that holds in the most columns is the
    table's; a Summa is reported where that reading holds in at least as many columns as it
    breaks. Returns (row, reading, parts, held, tested, broken [(column, printed, sum)])."""
    out = []
    rows = [r for r in view.rows if r.get("role") != "varav" and not is_rate(r)]
    cols = amount_columns(view, ratio_roles)
    grand = -1  # index of the last Summa of Summas
    last_sum = -1
    for k, row in enumerate(rows):
        if not is_sum(row):
            continue
        data_since = [r for r in rows[last_sum + 1:k] if not is_sum(r)]
        sums = [r for r in rows[grand + 1:k] if is_sum(r)]
        readings = [
            ("section", [r for r in data_since if row.get("section") and r.get("section") == row.get("section")]),
            ("since_sum", data_since),
            ("sums", sums),
            # "Summa nämnder" + "Finansförvaltningen" = "Totalt": the subtotal as printed and the
            # rows after it (a wrong row under the subtotal is reported there, not again here)
            ("sums_rest", sums + data_since if sums and data_since else []),
            ("all", [r for r in rows[:k] if not is_sum(r)]),
        ]
        best = None
        for reading, parts in readings:
            if not parts:
                continue
            held, broken, tested = 0, [], 0
            for col in cols:
                total = view.cell(row, col)
                ivs = [view.cell(p, col) for p in parts]
                if total is None or any(iv is None for iv in ivs):
                    continue
                tested += 1
                total_sum = sum_of(ivs)
                if meets(total_sum, total):
                    held += 1
                else:
                    broken.append((col, total, total_sum))
            if tested and (best is None or held > best[3]):
                best = (row, reading, parts, held, tested, broken)
        last_sum = k
        if best is None:
            continue
        if best[1] in ("sums", "sums_rest") and best[3]:
            grand = k
        if best[5] and best[3] >= 1 and best[3] >= len(best[5]):
            out.append(best)
    return out


def distance(printed: Interval, expected: Interval) -> float:
    return gap(printed, expected)
