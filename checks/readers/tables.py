"""Tables found on positioned lines (a PDF or -layout text), as grids.

A table of figures is found by its figures, not by its header words:

1. Each line is split into a label (its words up to the last chunk that is not a figure) and its
   value chunks (the chunks at its end that hold only figures, signs, parentheses, percent signs
   or empty marks). A figure glued to the words before it ("uppgick till 8 214") is prose.
2. A run of value lines, with the short label-only lines between them (sections, labels broken
   over lines), is a table body. The lines right above it that hold no figures but years
   ("Kommunen" / "Belopp i mnkr Not 2024 2025 …") are its header, the short line above that its
   title.
3. Columns are the figures' own x-extents: cells of one column overlap, cells of two do not.
   Lines whose figures read one way only set them; a line whose grouping is ambiguous ("1 200
   1 150" one space apart, as -layout text may print it) takes the reading that fits them. The
   boundary between two columns follows their alignment (right-aligned figures: right after the
   left column).
4. Header chunks name the columns they lie over; a chunk over several columns with their own
   headers below is the spanning header of those ("Kommunen" over 2024 and 2025).
5. Rows: a value line is a row; a label-only line above a value line without a label is that
   row's label (a vertically centred cell), one below it that starts with "(" or in lower case
   continues it ("(6014)"); other label-only lines are section rows.

Tables whose header says they are indicator or activity tables (text cells, dates) are read by
their header's columns instead (`read_headed`), as granska's PDF reader always did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from granska.checks.problems import problem
from granska.checks.readers.cells import MINUS, is_value_word, normalise, read_cell
from granska.checks.readers.grid import GridCell, GridColumn, GridRow, GridTable
from granska.checks.readers.pages import Chunk, Line, Word

# A period column: a year, a yyyymm month ("202412"), a date or a span of years. A six-digit word
# is a month only when it reads as one (year and month); "439154" is an amount in tkr, printed
# without a thousands group as many a kommun's balance sheet does (see parse_line for a line of them).
YEAR = re.compile(r"^(?:19|20)\d\d$|^(?:19|20)\d\d(?:0[1-9]|1[0-2])$|^(?:19|20)\d\d-\d\d(?:-\d\d)?$"
                  r"|^(?:19|20)\d\d[/–-]\d\d(?:\d\d)?$")
_MONTH = re.compile(r"^((?:19|20)\d\d)(0[1-9]|1[0-2])$")
_GROUP = re.compile(r"^\d{3}(?:,\d+)?\)?%?$")
_LEAD = re.compile(r"^\(?[" + MINUS + r"+]?\(?\d{1,3}$")
_SIGN = set(MINUS + "+")
UNIT_WORDS = {"st", "%", "kr", "tkr", "mnkr", "dagar", "år", "h", "tim", "timmar", "procent", "min", "dgr", "pers"}
_REF = re.compile(r"\s*\((?:nr\.?\s*|proj\.?\s*|projekt\s*)?([A-Z]{0,3}\d{2,8}[A-Z]?)\)\s*$")
_SENTENCE = re.compile(r"(?<!\bforts)(?<!\bforts\.)(?<!\bavv)(?<!\bresp)(?<!\bst)(?<!\bkr)[.!?]$", re.IGNORECASE)
_LONE_REF = re.compile(r"^\(\d{2,8}\)$")
MONTHS = {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
MAX_OPTIONS = 64
JOINING_WORDS = {"och", "samt", "inkl", "inkl.", "inklusive", "exkl", "exkl.", "exklusive", "för", "av", "i", "till",
                 "med", "mot", "vid", "på", "från", "om", "eller", "utan", "under", "efter", "per", "via", "&"}
HEADER_LINES = 8  # lines looked at above a body: header lines, and section rows above its first row


# ---------------------------------------------------------------------------------------------
# lines as label + value chunks


@dataclass
class Parsed:
    line: Line
    label: list[Word]
    values: list[list[Word]]  # value chunks, left to right
    figures: int  # words with digits that are not years or dates
    years: int  # year or date words among the values

    @property
    def is_value_line(self) -> bool:
        return self.figures > 0

    @property
    def label_text(self) -> str:
        return normalise(" ".join(w.text for w in self.label))

    @property
    def text(self) -> str:
        return self.line.text


def _value_chunk(chunk: Chunk, empty: frozenset[str]) -> bool:
    words = [w.text for w in chunk.words]
    if normalise(" ".join(words)).lower() in empty:
        return True
    has_digit = any(any(ch.isdigit() for ch in w) for w in words)
    return all(is_value_word(w, empty) or (has_digit and w.lower() in UNIT_WORDS) for w in words)


def parse_line(line: Line, empty: frozenset[str]) -> Parsed:
    chunks = line.chunks
    k = len(chunks)
    while k > 0 and _value_chunk(chunks[k - 1], empty):
        k -= 1
    if k == 0 and chunks and _LONE_REF.match(chunks[0].text):
        k = 1  # "(6014)" under a label: the label's reference, not a figure
    label = [w for c in chunks[:k] for w in c.words]
    values = [c.words for c in chunks[k:]]
    figures = years = 0
    words = [w for chunk in values for w in chunk]
    label_words = [w.text.lower() for w in label]
    # Six-digit months in one header lie a few years apart ("202312 202412"); six-digit words
    # further apart ("201905 … 203911") are amounts that happen to read as months.
    months = [int(m.group(1)) for w in words if (m := _MONTH.match(w.text.rstrip(",;:")))]
    months_are_amounts = bool(months) and max(months) - min(months) > 5
    for k, w in enumerate(words):
        if any(ch.isdigit() for ch in w.text):
            text = w.text.rstrip(",;:")
            if YEAR.match(text) and not (months_are_amounts and _MONTH.match(text)):  # "2025, tkr": a year's column with its unit
                years += 1
            else:
                figures += 1
    # "31 december" in a header: a date, not a figure
    for k, w in enumerate(line.words[:-1]):
        if w.text.isdigit() and len(w.text) <= 2 and line.words[k + 1].text.lower().strip(",.") in MONTHS:
            if w in words:
                figures -= 1
                years += 1
            elif any(ch.isdigit() for ch in w.text) and w.text.lower() in label_words:
                years += 1
    return Parsed(line, label, values, figures, years)


# ---------------------------------------------------------------------------------------------
# value chunks as cells


def cell_options(chunk: list[Word], source: str, empty: frozenset[str]) -> list[list[list[Word]]]:
    """Every way to read a value chunk's words as cells. In a PDF a thousands gap is narrower than
    a chunk gap, so grouping is decided; in -layout text one space may be either."""
    if normalise(" ".join(w.text for w in chunk)).lower() in empty and len(chunk) > 1:
        return [[chunk]]
    out: list[list[list[Word]]] = []

    def walk(i: int, acc: list[list[Word]]) -> None:
        if len(out) >= MAX_OPTIONS:
            return
        if i == len(chunk):
            out.append([list(c) for c in acc])
            return
        w = chunk[i].text
        if acc and _must_join(acc[-1], w):
            acc[-1].append(chunk[i])
            walk(i + 1, acc)
            acc[-1].pop()
            return
        if acc and _may_join(acc[-1], w):
            acc[-1].append(chunk[i])
            walk(i + 1, acc)
            acc[-1].pop()
            if source == "pdf":
                return  # a thousands gap in a PDF: one figure
        acc.append([chunk[i]])
        walk(i + 1, acc)
        acc.pop()

    walk(0, [])
    return out


def _must_join(cell: list[Word], word: str) -> bool:
    last = cell[-1].text
    if last in _SIGN or last == "(":
        return True
    if last.endswith(",") and word[:1].isdigit():
        return True  # "19, 20": a list of notes
    return word in (")", "%") or word.lower() in UNIT_WORDS


def _may_join(cell: list[Word], word: str) -> bool:
    if not _GROUP.match(word):
        return False
    last = cell[-1].text
    if last.endswith((")", "%")) or "," in last:
        return False
    if len(cell) == 1 or (len(cell) == 2 and cell[0].text in _SIGN or cell[0].text == "("):
        digits = last.lstrip(MINUS + "+(")
        return bool(_LEAD.match(last)) and not (digits.startswith("0") and digits != "0") and digits != "0"
    return bool(re.fullmatch(r"\d{3}", last))


def _span(cell: list[Word]) -> tuple[float, float]:
    return cell[0].x0, cell[-1].x1


def _text(cell: list[Word]) -> str:
    return " ".join(w.text for w in cell)


# ---------------------------------------------------------------------------------------------
# columns


@dataclass
class Band:
    x0: float
    x1: float
    left: float = float("-inf")
    right: float = float("inf")
    ends: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)


def _bands(spans: list[tuple[float, float]]) -> list[Band]:
    bands: list[Band] = []
    for x0, x1 in sorted(spans):
        if bands and x0 < bands[-1].x1:
            b = bands[-1]
            b.x1 = max(b.x1, x1)
        else:
            bands.append(Band(x0, x1))
        bands[-1].ends.append(x1)
        bands[-1].starts.append(x0)
    return bands


def _set_boundaries(bands: list[Band], tol: float) -> None:
    """Between two columns: right after the left one when its figures are right-aligned, right
    before the right one when its figures are left-aligned, else in the middle of the gap."""
    for a, b in zip(bands, bands[1:]):
        right_aligned = sum(1 for e in a.ends if abs(e - a.x1) <= tol) >= 2
        left_aligned = sum(1 for s in b.starts if abs(s - b.x0) <= tol) >= 2
        if right_aligned and not left_aligned:
            cut = a.x1 + tol
        elif left_aligned and not right_aligned:
            cut = b.x0 - tol
        else:
            cut = (a.x1 + b.x0) / 2
        a.right = b.left = cut


def _band_of(x: float, bands: list[Band]) -> int | None:
    for k, b in enumerate(bands):
        if b.left <= x < b.right:
            return k
    return None


def _place(options: list[list[list[Word]]], bands: list[Band]) -> tuple[dict[int, list[Word]] | None, bool]:
    """The reading of a line's value cells that fits the columns: (band -> cell words, certain)."""
    fits = []
    for cells in options:
        placed: dict[int, list[Word]] = {}
        ok = True
        misfit = 0.0
        for cell in cells:
            x0, x1 = _span(cell)
            k = _band_of((x0 + x1) / 2, bands)
            if k is None or k in placed:
                ok = False
                break
            placed[k] = cell
            b = bands[k]
            misfit += min(abs(x1 - b.x1), abs(x0 - b.x0))
        if ok:
            fits.append((len(placed), -misfit, placed))
    if not fits:
        return None, False
    fits.sort(key=lambda f: (f[0], f[1]), reverse=True)
    best = fits[0]
    same = [f for f in fits if f[0] == best[0] and abs(f[1] - best[1]) < 1e-6]
    readings = {tuple((k, _text(c)) for k, c in sorted(f[2].items())) for f in same}
    return best[2], len(readings) == 1


# ---------------------------------------------------------------------------------------------
# the finder


class Finder:
    """Finds the tables of figures in one page's lines (flow order)."""

    def __init__(self, lines: list[Line], source: str, vocab):
        self.lines = lines
        self.source = source
        self.vocab = vocab
        self.empty = vocab.empty_cells
        self.parsed = [parse_line(ln, self.empty) for ln in lines]
        self.tol = 0.6 if source == "layout" else 1.5

    # gaps -------------------------------------------------------------------------------
    def gap(self, a: int, b: int) -> float:
        """Vertical gap between lines a and b in line heights (text: blank lines between)."""
        la, lb = self.lines[a], self.lines[b]
        if self.source == "layout":
            return float(max(0, lb.number - la.number - 1))
        return max(0.0, lb.top - la.bottom) / max(la.height, 1e-6)

    # classification ---------------------------------------------------------------------
    def value_line(self, i: int) -> bool:
        return self.parsed[i].is_value_line

    def header_like(self, i: int) -> bool:
        """A line that can be part of a header: no figures but years and dates, no sentence; a
        long line ("Total projektbudget Ack. utfall Återstår Budget 2025 …", cells one space apart
        as -layout text may print them) only when most of its words are column words or years."""
        p = self.parsed[i]
        if p.figures:
            return False
        text = p.text.strip()
        words = text.split()
        if (_SENTENCE.search(text) and len(words) >= 6) or len(text) > 200:
            return False
        if all(len(c.words) <= 6 for c in p.line.chunks):
            return True
        named = sum(1 for w in words if self.vocab.column_role(w) != "other" or YEAR.match(w) or w in ("%", "Ack.", "Total"))
        return named >= 0.4 * len(words)

    def label_only(self, i: int) -> bool:
        p = self.parsed[i]
        text = p.text.strip()
        return not p.is_value_line and len(text) <= 90 and len(text.split()) <= 12 \
            and not (_SENTENCE.search(text) and len(text.split()) >= 7)

    # regions ----------------------------------------------------------------------------
    def find(self) -> list[GridTable]:
        tables: list[GridTable] = []
        used: set[int] = set()
        i = 0
        n = len(self.lines)
        while i < n:
            if i in used or not self.value_line(i):
                i += 1
                continue
            end = self._body_end(i)
            start = i
            if not self.parsed[i].label:
                # a vertically centred first row: its label is printed on the lines above
                while start > 0 and start - 1 not in used and i - start < 2 and self.label_only(start - 1) \
                        and self.gap(start - 1, start) < 0.6 and not self.header_over_columns(start - 1, i):
                    start -= 1
            table = self._table(start, end, used)
            if table is None:
                i += 1
                continue
            tables.append(table)
            i = end
        return tables

    def header_over_columns(self, k: int, first_value: int) -> bool:
        """Line k has a chunk over the figures of the value line first_value (a header cell)."""
        x0 = min(c[0].x0 for c in self.parsed[first_value].values)
        return any(c.x1 > x0 - self.tol for c in self.lines[k].chunks)

    def _body_end(self, i: int) -> int:
        """Index after the table body that starts with the value line i."""
        n = len(self.lines)
        last_value = i
        k = i + 1
        value_x0 = min(w[0].x0 for w in self.parsed[i].values)
        while k < n:
            g = self.gap(k - 1, k)
            limit = 1.0 if self.source == "layout" else 1.9
            if g > limit and not (self.value_line(k) and g <= limit + 1):
                break
            if self.value_line(k):
                last_value = k
                k += 1
                continue
            if not self.label_only(k):
                break
            chunks = self.lines[k].chunks
            # (a row of empty cells, "Extraordinära poster  –  –", is a row of the table)
            if any(c.x0 >= value_x0 - self.tol and not _value_chunk(c, self.empty) for c in chunks[1:]) \
                    or self._unit_line(k) and chunks[0].x0 >= value_x0 - self.tol:
                break  # words over the columns of figures (a unit alone: "kronor"): the next table's header, or prose
            if self._continues_label(last_value, k):
                last_value = k
                k += 1
                continue
            # other label-only lines belong only if a value line follows soon
            ahead = next((m for m in range(k + 1, min(n, k + 4)) if self.value_line(m)), None)
            if ahead is None:
                break
            if self.header_like(k) and ahead == k + 1 and self._looks_like_new_header(k):
                break
            k += 1
        return last_value + 1

    def _continues_label(self, row: int, k: int) -> bool:
        """A label-only line right below the last row may end its label: a reference, a lower-case
        continuation, or the lower half of a label centred around figures printed without one."""
        text = self.parsed[k].text.strip()
        if k != row + 1 or self.gap(row, k) >= 0.6 or len(text) > 60:
            return False
        centred = not self.parsed[row].label and row > 0 and self.label_only(row - 1)
        return text.startswith("(") or text[:1].islower() or centred

    def _looks_like_new_header(self, k: int) -> bool:
        """A label-only line inside a body that names two or more columns: the next table's header."""
        p = self.parsed[k]
        named = sum(1 for c in p.line.chunks if self.vocab.column_role(c.text) != "other")
        return named >= 2

    def _header(self, start: int, used: set[int], bands: list[Band]) -> list[int]:
        """Header lines right above the body (top to bottom): lines without figures (years
        allowed) with a cell over the columns; a line wholly in the label column belongs only
        between two such lines ("Projekt (tkr)" centred beside a two-line header)."""
        head: list[int] = []
        k = start - 1
        edge = bands[0].x0 - self.tol
        while k >= 0 and len(head) < HEADER_LINES and k not in used:
            below = head[0] if head else start
            # -layout text prints a blank line where the rows or header lines stand apart
            limit = 1.0 if self.source == "layout" else 1.2
            if self.gap(k, below) > limit or not self.header_like(k):
                break
            # above a header, a line wholly in the label column with space around it is a heading
            # ("Flerårsöversikt"), and what stands above it (a cover's title) is no header of this table
            if any(not self._label_column_only(h, edge) for h in head) \
                    and self.gap(k, below) > (0.0 if self.source == "layout" else 0.7) \
                    and (self._label_column_only(k, edge) or self._label_column_only(below, edge)):
                break
            head.insert(0, k)
            k -= 1
        # trim label-column-only lines at the bottom and the top
        over = [k for k in head if any(c.x1 > edge for c in self.lines[k].chunks)]
        if not over:
            return []
        # a unit line right under the header ("tkr", "Belopp i mnkr") is the header's too
        last = over[-1]
        while last + 1 in head and self._unit_line(last + 1):
            last += 1
        return [k for k in head if over[0] <= k <= last]

    def _label_column_only(self, k: int, edge: float) -> bool:
        return all(c.x1 <= edge for c in self.lines[k].chunks)

    def _unit_line(self, k: int) -> bool:
        text = self.lines[k].text.strip()
        return len(text.split()) <= 4 and bool(self.vocab.unit(text))

    # the table --------------------------------------------------------------------------
    def _table(self, start: int, end: int, used: set[int]) -> GridTable | None:
        body = list(range(start, end))
        values = [k for k in body if self.value_line(k)]
        options = {k: [cell_options(c, self.source, self.empty) for c in self.parsed[k].values] for k in values}
        line_options: dict[int, list[list[list[Word]]]] = {}
        for k, per_chunk in options.items():
            combos: list[list[list[Word]]] = [[]]
            for opts in per_chunk:
                combos = [c + o for c in combos for o in opts][:MAX_OPTIONS]
            line_options[k] = combos
        # The columns rest on the lines whose every chunk reads as one figure (a thousands group is
        # far likelier than two columns one space apart), then on the first reading of the rest.
        sure = [_span(c) for k in values if (one := self._one_per_chunk(k)) and not self._pieces_only(k) for c in one]
        if not sure:
            sure = [_span(c) for combos in line_options.values() if combos for c in combos[0]]
        bands = _bands(sure)
        if not bands:
            return None
        _set_boundaries(bands, self.tol)
        bands = self._merge_drifting(bands, values, line_options)
        head = self._header(start, used, bands)
        fragment = not head and len(values) == 1 and start == 0  # a table's last row, alone at a page's top
        # label-only lines between the header and the first value line are the first sections
        below = (head[-1] + 1) if head else start
        if below < start:
            body = list(range(below, start)) + body
        head_set = set(head)
        start = min([start] + [k for k in range(below, start) if k not in head_set])
        if len(values) < 2 and not (head and self.parsed[values[0]].figures >= 2) and not fragment:
            return None
        title, title_line, header = self._title(head, bands)
        columns, label_header = self._columns(header, bands)
        t = GridTable(title=title, columns=columns, label_header=label_header, source="geometry", fragment=fragment)
        top = title_line if title_line is not None else (header[0] if header else body[0])
        t.page = self.lines[top].page
        t.pages = [t.page]
        t.line = self.lines[top].number
        t.header_lines = [self.lines[k].number for k in header]
        t.unit = self._unit(title, label_header, [self.lines[k].text for k in header])
        # The title stays prose too: it is also a heading the layout readers may need.
        t.all_lines = {self.lines[k].number for k in header + body}
        used.update(header + body + ([title_line] if title_line is not None else []))
        self._rows(t, body, bands, line_options)
        t.end_line = max((r.end_line for r in t.rows), default=t.line)
        return t

    def _merge_drifting(self, bands: list[Band], values: list[int], line_options) -> list[Band]:
        """Two neighbouring columns that no row fills both of are one column whose figures drift
        (pdftotext -layout sets each line's characters on its own grid, so a column's figures
        may stand a few characters apart from line to line). Merged until every pair of
        neighbours is filled together on some row."""
        for _ in range(len(bands)):
            together = set()
            filled = [0] * len(bands)
            for k in values:
                cells, _ = _place(line_options.get(k, [[]]), bands)
                if not cells:
                    continue
                for b in cells:
                    filled[b] += 1
                together |= {(b, b + 1) for b in cells if b + 1 in cells}
            pair = next((b for b in range(len(bands) - 1) if (b, b + 1) not in together), None)
            if pair is None:
                return bands
            a, b = bands[pair], bands[pair + 1]
            merged = Band(min(a.x0, b.x0), max(a.x1, b.x1), ends=a.ends + b.ends, starts=a.starts + b.starts)
            bands = bands[:pair] + [merged] + bands[pair + 2:]
            for band in bands:
                band.left, band.right = float("-inf"), float("inf")
            _set_boundaries(bands, self.tol)
        return bands

    def _pieces_only(self, k: int) -> bool:
        """A label-less line of figures' leading digits or trailing groups only ("−2 −2 −2",
        "011,7 104,3"): what a narrow column wraps. Its cells do not set the columns."""
        p = self.parsed[k]
        if p.label:
            return False
        words = [w.text for chunk in p.values for w in chunk]
        return all(_LEAD.match(w) and not re.search(r"\d{4}", w) for w in words) or all(_GROUP.match(w) for w in words)

    def _one_per_chunk(self, k: int) -> list[list[Word]] | None:
        """The line's cells when each value chunk joined whole is one figure or empty mark."""
        cells = []
        for chunk in self.parsed[k].values:
            if read_cell(_text(chunk), self.empty).kind == "text":
                return None
            cells.append(chunk)
        return cells

    def _title(self, head: list[int], bands: list[Band]) -> tuple[str, int | None, list[int]]:
        """The table's title: the short line right above the header (or above the body when there
        is no header), without figures and not a sentence."""
        top = head[0] if head else None
        if top is None:
            return "", None, head
        above = top - 1
        if above < 0:
            return "", None, head
        p = self.parsed[above]
        text = p.text.strip()
        near = self.gap(above, top) <= (1.0 if self.source == "layout" else 2.5)
        if near and not p.figures and len(text) <= 90 and not _SENTENCE.search(text) and len(text.split()) <= 10:
            return normalise(text), above, head
        return "", None, head

    def _columns(self, header: list[int], bands: list[Band]) -> tuple[list[GridColumn], str]:
        """Column headers from the header lines. A chunk lies over the column it overlaps most; a
        chunk over the header cells of two or more columns is their spanning header ("Kommunen"
        over "2024" and "2025"); a chunk stacked over or under one column's header cell ("Total"
        over "projektbudget") is that column's, even where it reaches into the label column."""
        parts: list[list[tuple[int, float, str]]] = [[] for _ in bands]
        parents: list[list[str]] = [[] for _ in bands]
        label_parts: list[tuple[int, Chunk]] = []
        extents: list[list[tuple[float, float]]] = [[] for _ in bands]
        edge = bands[0].x0 - self.tol
        # Bottom line first: a chunk above two or more columns' own header cells spans them.
        for n in range(len(header) - 1, -1, -1):
            k = header[n]
            if self._entity_line(k, bands, parents, parts, extents):
                continue
            for chunk in self.lines[k].chunks:
                if chunk.x1 <= edge and not any(min(chunk.x1, x1) - max(chunk.x0, x0) > 0 for ext in extents for x0, x1 in ext):
                    label_parts.append((n, chunk))
                    continue
                below = [b for b, ext in enumerate(extents) if any(min(chunk.x1, x1) - max(chunk.x0, x0) > 0 for x0, x1 in ext)]
                groups = self._split_by_band(chunk, bands)
                if len(below) >= 2 and not self._each_a_column(groups):
                    for b in below:
                        parents[b].insert(0, chunk.text)
                    continue
                for b, words in groups.items():
                    if b is None:
                        label_parts.append((n, Chunk([w for w in chunk.words if w.text in words])))
                    else:
                        parts[b].append((n, chunk.x0, " ".join(words)))
                        extents[b].append((chunk.x0, chunk.x1))
        label: list[str] = []
        for n, chunk in sorted(label_parts, key=lambda nc: (nc[0], nc[1].x0)):
            over = [b for b, ext in enumerate(extents) if any(min(chunk.x1, x1) - max(chunk.x0, x0) > 0 for x0, x1 in ext)]
            if len(over) == 1:
                parts[over[0]].append((n, chunk.x0, chunk.text))
            elif not over and not parts[0] and self.vocab.column_role(chunk.text) == "note" \
                    and chunk.x1 >= bands[0].x0 - (4.0 if self.source == "layout" else 12.0):
                # "Not" printed just left of its narrow column of note numbers (-layout text)
                parts[0].append((n, chunk.x0, chunk.text))
            else:
                label.append(chunk.text)
        columns = [GridColumn(_join_header([t for _, _, t in sorted(parts[b])]), _join_header(parents[b]),
                              band.x0, band.x1) for b, band in enumerate(bands)]
        return columns, _join_header(label)

    def _entity_line(self, k: int, bands: list[Band], parents: list[list[str]], parts=None, extents=None) -> bool:
        """A header line of entities only ("Kommunen … Koncernen"): each spans a run of
        neighbouring columns, in order; a column may stand under none (a Not before them, a
        Budget after them). An entity is printed centred over what it spans (in -layout text its
        start may stand right of its first column's figures: each line has its own character
        grid), so the runs are those whose middles lie nearest the entities' middles."""
        chunks = self.lines[k].chunks
        if not chunks or not all(self.vocab.entity(c.text) for c in chunks):
            return False
        # a Not column stands under no entity, nor (with header cells below) one without a cell of its own
        parts = parts or []
        notes = {b for b, got in enumerate(parts) if got and self.vocab.column_role(" ".join(t for _, _, t in got)) == "note"}
        if any(parts):
            notes |= {b for b, got in enumerate(parts) if not got}
        # where each column's header cell below is printed (on the entities' own character grid, in
        # -layout text, more nearly than its figures), else its figures
        cells = [(min(x0 for x0, _ in ext), max(x1 for _, x1 in ext)) if ext else (band.x0, band.x1)
                 for ext, band in zip(extents or [[] for _ in bands], bands)]
        runs = _spans(chunks, cells, notes)
        if runs is None:
            # no clear fit: each spans the columns from where it is printed to the next one
            starts = [c.x0 for c in chunks] + [float("inf")]
            runs = [tuple(b for b, band in enumerate(bands) if band.x1 > chunk.x0 and band.x1 <= end) for chunk, end
                    in zip(chunks, starts[1:])]
            runs = [(r[0], r[-1] + 1) if r else (0, 0) for r in runs]
        for chunk, (a, b) in zip(chunks, runs):
            for band in range(a, b):
                parents[band].append(chunk.text)
        return True

    def _split_by_band(self, chunk: Chunk, bands: list[Band]) -> dict[int | None, list[str]]:
        """The chunk's words by the column each overlaps most (a header word is often wider than
        its column's figures), the nearest column when it overlaps none."""
        out: dict[int | None, list[str]] = {}
        edge = bands[0].x0 - self.tol
        reaches = chunk.x1 > edge  # a chunk over the columns: its first words are the first column's
        for w in chunk.words:
            if w.x1 <= edge and not reaches:
                out.setdefault(None, []).append(w.text)
                continue
            best = max(range(len(bands)), key=lambda b: (min(w.x1, bands[b].x1) - max(w.x0, bands[b].x0),
                                                         -abs(w.center - (bands[b].x0 + bands[b].x1) / 2)))
            out.setdefault(best, []).append(w.text)
        return out

    def _each_a_column(self, groups: dict) -> bool:
        if len(groups) < 2:
            return False
        for words in groups.values():
            text = " ".join(words)
            if self.vocab.column_role(text) == "other" and not YEAR.match(words[0]):
                return False
        return True

    def _unit(self, title: str, label_header: str, head_texts: list[str]) -> str:
        for text in [title, label_header] + head_texts:
            unit = self.vocab.unit(text)
            if unit:
                return unit
        return ""

    def _rows(self, t: GridTable, body: list[int], bands: list[Band], line_options) -> None:
        """Rows from the body lines. A value line is a row; its label may be printed on the lines
        around it (a cell centred vertically: "Ny inredning, biblioteket" / figures / "(6014)"),
        and a figure too wide for its column may wrap above and below the row ("−50" / "700").
        Other label-only lines are section rows."""
        placed: dict[int, dict[int, list[Word]]] = {}
        for k in body:
            if self.parsed[k].values:
                cells, certain = _place(line_options.get(k, [[]]), bands)
                if cells is None or not certain:  # catalogued problems: checks.problems / rules/extraction.yaml
                    t.problems.append(problem("EXT010", self.lines[k].number, self.lines[k].page, None,
                                              row=normalise(self.parsed[k].text)))
                    continue
                placed[k] = cells
        body = self._merge_wrapped_figures(body, placed)
        pending: list[int] = []
        centred = False  # the last row's label stood above its figures: the line below may end it
        for k in body:
            p = self.parsed[k]
            if not p.values and k not in placed:
                if t.rows and t.rows[-1].kind == "data" and not pending and self._continues_label_row(t.rows[-1], k, centred):
                    row = t.rows[-1]
                    row.label = _join_label(row.label, p.label_text)
                    row.end_line = max(row.end_line, p.line.number)
                    centred = False
                    continue
                pending.append(k)
                continue
            if k not in placed:
                pending = []
                continue
            label = p.label_text
            first_line = p.line.number
            centred = False
            if (not label or _LONE_REF.match(label)) and pending and self._adjacent(pending[-1], k):
                label = _join_label(" ".join(self.parsed[m].label_text for m in pending), label)
                first_line = self.lines[pending[0]].number
                pending, centred = [], True
            elif pending and label[:1].islower() and len(pending) == 1 and self._adjacent(pending[0], k) \
                    and not self.parsed[pending[0]].text.strip().endswith(":"):
                label = _join_label(self.parsed[pending[0]].text.strip(), label)
                first_line = self.lines[pending[0]].number
                pending = []
            for m in pending:
                self._section(t, m, bands)
            pending = []
            cells = [GridCell() for _ in bands]
            for b, words in placed[k].items():
                cells[b] = read_cell(_text(words), self.empty, [p.line.page, words[0].x0, min(w.top for w in words),
                                                                 words[-1].x1, max(w.bottom for w in words)])
            t.rows.append(GridRow(label, cells, first_line, p.line.number, p.line.page, "data", "", p.line.box()))
        for m in pending:
            if t.rows and self._continues_label_row(t.rows[-1], m, centred):
                t.rows[-1].label = _join_label(t.rows[-1].label, self.parsed[m].label_text)
                t.rows[-1].end_line = max(t.rows[-1].end_line, self.lines[m].number)
        for row in t.rows:
            if row.kind == "data":
                row.label, row.ref = split_ref(row.label)

    def _adjacent(self, a: int, b: int) -> bool:
        """Lines a and b are printed right on top of each other (no row gap between)."""
        return self.gap(min(a, b), max(a, b)) < (0.5 if self.source == "layout" else 0.45)

    def _merge_wrapped_figures(self, body: list[int], placed: dict) -> list[int]:
        """Label-less lines holding parts of figures right above and below a row: figures wrapped
        in their narrow columns ("−2" / "Verksamhetens kostnader" / "011,7" is −2 011,7; "−50"
        over a Summa row's "700" is −50 700). A piece above must be a figure's leading digits
        and the piece after it a group of three: then the lines are joined into the row and are
        no rows of their own."""
        out = list(body)
        for r in body:
            if r not in placed and not self.parsed[r].values and self._fragment_line(r - 1, r, placed) \
                    and self._fragment_line(r + 1, r, placed):
                # "−1" / "Verksamhetens nettokostnader" / "597,5": the label between its pieces
                joined = self._join_pieces(placed[r - 1], {}, placed[r + 1])
                if joined is not None:
                    placed[r] = joined
                    for k in (r - 1, r + 1):
                        out.remove(k)
                        del placed[k]
                continue
            if r not in placed or not self.parsed[r].label:
                continue
            above = r - 1 if self._fragment_line(r - 1, r, placed) else None
            below = r + 1 if self._fragment_line(r + 1, r, placed) else None
            for a, b in ((above, below), (above, None), (None, below)):
                if a is None and b is None:
                    continue
                joined = self._join_pieces(placed.get(a, {}), placed[r], placed.get(b, {}))
                if joined is not None:
                    placed[r] = joined
                    for k in (a, b):
                        if k is not None:
                            out.remove(k)
                            del placed[k]
                    break
        return out

    def _fragment_line(self, k: int, row: int, placed: dict) -> bool:
        return k in placed and not self.parsed[k].label and self._adjacent(k, row)

    def _join_pieces(self, top: dict, middle: dict, bottom: dict) -> dict | None:
        joined = dict(middle)
        for band in set(top) | set(bottom):
            words = top.get(band, []) + middle.get(band, []) + bottom.get(band, [])
            if top.get(band) and not (_LEAD.match(top[band][-1].text) and len(words) > len(top[band])
                                      and _GROUP.match(words[len(top[band])].text)):
                return None
            # the piece below continues a figure's leading digits only: "2 115" over "214 595" are
            # two figures (a line and its unlabelled subtotal), "−50" over "700" is one
            head = top.get(band, []) + middle.get(band, [])
            if bottom.get(band) and not (_GROUP.match(bottom[band][0].text) and len(head) == 1
                                         and _LEAD.match(head[0].text)):
                return None
            if read_cell(_text(words), self.empty).kind not in ("number", "percent"):
                return None
            joined[band] = words
        return joined

    def _continues_label_row(self, row: GridRow, k: int, centred: bool = False) -> bool:
        """A label-only line right below a row goes on with its label: a reference "(6014)", the
        end of a label centred around the row's figures, or text in lower case close below it
        (PDF: the gap of a wrapped cell, not of a new row; text: one that starts with a joining
        word, since the gap is not there to tell)."""
        text = self.parsed[k].text.strip()
        line = self.lines[k]
        if len(text) > 60:
            return False
        if self.source == "layout":
            if line.number - row.end_line > 1:
                return False
        else:
            prev = next((ln for ln in self.lines if ln.number == row.end_line), None)
            if prev is not None and line.top - prev.bottom > 0.45 * prev.height:
                return False
        if text.startswith("(") and not _REF.search(row.label):
            return True
        if centred and (row.label.endswith((",", "-")) or row.label.split()[-1].lower() in JOINING_WORDS
                        or (row.label.isupper() and text.isupper())):
            return True  # "SUMMA EGET KAPITAL," / figures / "AVSÄTTNINGAR OCH SKULDER"
        if not text[:1].islower() or row.label.endswith((".", ":")):
            return False
        if centred:
            return True
        if self.source == "layout":
            first = text.split()[0].lower()
            return first in JOINING_WORDS or row.label.endswith(("-", ",")) or row.label.split()[-1].lower() in JOINING_WORDS
        return True

    def _section(self, t: GridTable, k: int, bands: list[Band]) -> None:
        p = self.parsed[k]
        t.rows.append(GridRow(normalise(p.text), [GridCell() for _ in bands], p.line.number, p.line.number,
                              p.line.page, "section", "", p.line.box()))


def _spans(chunks: list[Chunk], cells: list[tuple[float, float]], notes: set[int] = frozenset()) -> list[tuple[int, int]] | None:
    """The run of columns [a, b) each entity chunk spans (`cells`: each column's header cell, or
    its figures). Entities printed at the start of their first column ("Kommunen" over "2024
    2025", left-aligned) span from there to the next entity; entities centred over what they span
    span the runs whose middles lie nearest theirs (a Budget after the koncern's years is under
    none). A Not column is under no entity. None when no choice fits clearly."""
    n = len(cells)
    free = [b for b in range(n) if b not in notes]
    if not free:
        return None
    spacing = max((cells[free[-1]][1] - cells[free[0]][0]) / max(len(free), 1), 1e-6)
    starts = [min((abs(c.x0 - cells[b][0]), b) for b in free) for c in chunks]
    by_start = None
    if all(d <= 0.35 * spacing for d, _ in starts) and [b for _, b in starts] == sorted({b for _, b in starts}):
        firsts = [b for _, b in starts] + [n]
        by_start = []
        for (a, nxt) in zip(firsts, firsts[1:]):
            end = a
            while end < nxt and end not in notes:
                end += 1
            by_start.append((a, end))
    start_cost = sum(d for d, _ in starts) / spacing
    results: list[tuple[float, list[tuple[int, int]]]] = []

    def walk(e: int, start: int, cost: float, acc: list[tuple[int, int]]) -> None:
        if e == len(chunks):
            results.append((cost - 0.01 * sum(b - a for a, b in acc), list(acc)))
            return
        c = chunks[e]
        mid = (c.x0 + c.x1) / 2
        for a in range(start, n):
            for b in range(a + 1, n + 1):
                if b - 1 in notes:
                    break
                x0, x1 = cells[a][0], cells[b - 1][1]
                if c.x1 < x0 - spacing or c.x0 > x1 + spacing:
                    continue  # the run does not reach under the entity
                acc.append((a, b))
                walk(e + 1, b, cost + abs(mid - (x0 + x1) / 2) / spacing, acc)
                acc.pop()

    walk(0, 0, 0.0, [])
    if by_start is not None and (not results or start_cost <= min(r[0] + 0.01 * sum(b - a for a, b in r[1])
                                                                 for r in results)):
        return by_start  # printed at the start of what they span
    if not results:
        return None
    results.sort(key=lambda r: r[0])
    rival = next((r for r in results[1:] if r[1] != results[0][1]), None)
    if rival is not None and rival[0] - results[0][0] < 0.1:
        return None
    return results[0][1]


def _join_header(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out.endswith("-") and part[:1].isdigit() and out[-2:-1].isdigit():
            out = out + part  # "2024-" / "12-31"
        elif out.endswith("-") and part[:1].islower():
            out = out[:-1] + part  # "Budget-" / "avvikelse"
        else:
            out = f"{out} {part}".strip()
    return out


def _join_label(first: str, rest: str) -> str:
    if first.endswith("-") and rest[:1].islower():
        return first[:-1] + rest
    return f"{first} {rest}".strip()


def split_ref(label: str) -> tuple[str, str]:
    """("Ombyggnad skola", "6011") from "Ombyggnad skola (6011)": a reference, never a figure."""
    m = _REF.search(label)
    if not m or not label[: m.start()].strip():
        return label, ""
    return label[: m.start()].rstrip(" ,"), m.group(1)


def find_tables(lines: list[Line], source: str) -> list[GridTable]:
    from granska.checks.readers.vocabulary import vocabulary

    return Finder(lines, source, vocabulary()).find()
