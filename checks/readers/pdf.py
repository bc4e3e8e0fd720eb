"""Read a report PDF into a Document, with table columns recovered from word positions.

Why a PDF path: text extraction drops empty table cells, so an indicator row "80 % 100 %" under
seven headers does not say which columns were empty and `indicators.assign_cells` has to guess.
In the PDF every word has a position, so the column of every value is known.

How (per page, pdfplumber words with their boxes):

1. Lines: words with the same top (within 2 pt) form a line, left to right. A lone page number
   at the top or foot of a page is dropped (the page is known anyway).
2. Chunks: words on a line whose gap is smaller than half the font size belong together
   ("2" "460" "st" -> "2 460 st"; "-62" "049" -> "-62 049"). Table cells are separated by their
   padding, which is wider.
3. Tables: a line that starts with "Indikator" and names value columns (utfall, årsmål, period),
   a line "Aktivitet ... Startdatum ...", or a line with two or more budget column words
   (Budget, Bokfört, Utfall, Avvikelse ...) in separate chunks starts a table. The header row is
   that line and the lines right below it (no row gap). Header chunks that overlap in x across
   the header lines are one header cell ("Periodens" / "utfall VB" / "2016"); each header cell is
   one column, classified by the text reader's header words.
4. Body: following lines belong to the table while no chunk spans two header cells (prose does),
   no heading starts, and the vertical gap stays below ~2 row gaps. A vertical gap larger than
   half a line height (or a ruling line) starts a new row; a row's lines are its wrapped cells.
5. Column boundaries: between header cells i and i+1 lies the widest x-interval that no table
   chunk covers (so a value wider than its header still falls in its own column); the boundary
   sits at that gap's right end when column i+1 is left-aligned there, at its left end when
   column i is right-aligned, else in its middle. Each chunk goes to the column holding its
   centre; a chunk crossing a boundary is split there word by word ("-62 049" stays one number
   only inside one column). So an empty cell is KNOWN to be empty.
6. A table split by a page break continues on the next page (header repeated or not); the
   boundaries are then recomputed from both pages' content.

Unreadable files are InputErrors with a one-line reason: not a PDF, truncated (no %%EOF), corrupt
(pdfminer's parse errors), encrypted, no text layer (scanned). Damage pdfminer can read past
(bad operators in a content stream) becomes an extraction problem of the document instead of
log lines on stderr.

Then the pages are written out as text in the layout the text reader walks (prose lines; a blank
line where the vertical gap shows a paragraph break; tables in the cell-per-group layout of the
sample), and `parse_text` reads goals, activities, claims and metadata from it. Its indicator and
budget rows (which had to guess columns) are then REPLACED by rows built from the
column-resolved cells, matched by position: every row of a table region the PDF reader resolved
is dropped from the text reader's result and the PDF rows are put in. Indicator rows get
assignment_certain True, uncertain_fields "" and no alternatives; their goal is the goal heading
in effect above the table. Claims and extraction problems inside resolved table regions are
dropped (table cells are not prose).

Every row's `page` is the physical PDF page (1-based) it is printed on; `line` points into the
reconstructed text (`Document.lines`). `meta["line_boxes"]` maps each text line to
[page, x0, top, x1, bottom] of its words, the evidence of where it is printed.
`meta["source_kind"] = "pdf"`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from checks.errors import InputError
from checks.problems import problem

if TYPE_CHECKING:
    from checks.document import Document

INDICATOR_HEADER_RE = re.compile(r"^Indikator(er)?$")
ACTIVITY_HEADER_RE = re.compile(r"^Aktivitet(er)?\b")
BUDGET_WORDS_RE = re.compile(
    r"\b(budget|justerad|bokfört|bokfort|utfall|avvikelse|återstår|aterstar|prognos|bokslut|"
    r"differens|förbrukat)\b", re.IGNORECASE)
STRUCTURAL_RE = re.compile(  # headings are capitalised: "aktiviteter" in a cell is not one
    r"^((KF:s\s+)?[Ii]nriktningsmål:?|(KF:s\s+)?[Mm]ål\s+för\s+verksamhetsområdet:?|Nämndmål:?|"
    r"Nämndens mål:?|Bolagets mål:?|Analys:?|Uppföljning av ekonomi|Ekonomi|Indikator(er)?|"
    r"Aktivitet(er)?(\s.*)?)$")
PAGE_NUMBER_RE = re.compile(r"^(\d{1,4}|Sida \d{1,4}( av \d{1,4})?|\d{1,4} \(\d{1,4}\))$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_PAGES = 2000


# ---------------------------------------------------------------------------------------------
# geometry


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Chunk:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Line:
    words: list[Word]
    page: int
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def box(self) -> list:
        return [self.page, round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]


@dataclass
class Column:
    header: str
    x0: float  # extent of the header cell's text
    x1: float
    field: str = "other"
    left: float = float("-inf")  # region owned by the column
    right: float = float("inf")


@dataclass
class Cell:
    lines: list[str] = field(default_factory=list)
    boxes: list[list] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.lines)).strip()


@dataclass
class Row:
    cells: list[Cell]
    lines: list[Line]
    page: int
    spanning: bool = False  # a row whose content spans the table (a deviation paragraph)

    def box(self, col: int | None = None) -> list:
        boxes = [b for k, c in enumerate(self.cells) if col is None or k == col for b in c.boxes]
        if not boxes:
            boxes = [ln.box() for ln in self.lines]
        return [self.page, min(b[1] for b in boxes), min(b[2] for b in boxes),
                max(b[3] for b in boxes), max(b[4] for b in boxes)]


@dataclass
class Table:
    kind: str  # indicator | activity | budget
    columns: list[Column]
    header_lines: list[Line]
    rows: list[Row] = field(default_factory=list)
    page: int = 1
    continued: bool = False  # continues the table that ended the previous page
    chunks: list = field(default_factory=list, repr=False)  # what the column boundaries rest on

    @property
    def signature(self) -> tuple:
        return (self.kind, tuple(c.header for c in self.columns))


@dataclass
class PageLayout:
    number: int
    items: list  # Line (prose) or Table, in reading order


# ---------------------------------------------------------------------------------------------
# opening the file


def _open_errors() -> tuple[type, ...]:
    """Exceptions that mean "this file is not a readable PDF" (not bugs of ours)."""
    import struct
    import zlib

    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    return (PdfminerException, MalformedPDFException, PSException, PDFSyntaxError,
            PDFPasswordIncorrect, PDFEncryptionError, struct.error, zlib.error,
            ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError,
            RecursionError, UnicodeDecodeError, EOFError)


def _reason(exc: BaseException) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower() \
            or "encrypt" in str(inner).lower():
        return "PDF:en är krypterad eller lösenordsskyddad (encrypted PDF); spara en olåst kopia"
    detail = " ".join(str(inner).split())[:120]
    return f"trasig PDF som inte kan läsas (corrupt PDF: {type(inner).__name__}{': ' + detail if detail else ''})"


def read_pdf_pages(path: str | Path) -> tuple[list[PageLayout], bytes, list[str]]:
    """The PDF's pages as lines and column-resolved tables, its bytes and pdfminer's warnings
    about damaged content; InputError for unreadable files."""
    from checks.readers.source import read_bytes

    path = Path(path)
    data = read_bytes(path)
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise InputError(path, "inte en PDF-fil (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(path, "PDF-filen är avkortad eller trasig (truncated PDF: no %%EOF at the end)")
    if re.search(rb"/Encrypt\s", data[-65536:]) or re.search(rb"/Encrypt\s*\d+\s+\d+\s+R", data):
        encrypted = True
    else:
        encrypted = False
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - installed with granska
        raise InputError(path, "pdfplumber saknas; installera granska med PDF-stöd") from None
    errors = _open_errors()
    pages: list[PageLayout] = []
    import logging

    class _Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record):
            self.messages.append(" ".join(record.getMessage().split())[:160])

    collect = _Collect()
    logger = logging.getLogger("pdfminer")
    saved = (logger.level, logger.propagate)
    logger.addHandler(collect)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # damaged content streams are reported as problems, not on stderr
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(path, f"för många sidor ({len(pdf.pages)} > {MAX_PAGES})")
            chars = 0
            carry: Table | None = None
            for n, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                                           use_text_flow=False, extra_attrs=["size"])
                chars += sum(len(w["text"]) for w in words)
                rules = _horizontal_rules(page)
                layout = _page_layout(n, words, float(page.height), rules, carry)
                pages.append(layout)
                last = layout.items[-1] if layout.items else None
                carry = last if isinstance(last, Table) else None
    except InputError:
        raise
    except errors as exc:
        raise InputError(path, _reason(exc)) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    if chars == 0:
        if encrypted:
            raise InputError(path, "PDF:en är krypterad och ger ingen text (encrypted PDF)")
        raise InputError(path, "PDF:en har inget textlager (no text layer; scanned?); kör OCR först, "
                               "t.ex. ocrmypdf")
    return pages, data, collect.messages


def _horizontal_rules(page) -> list[tuple[float, float, float]]:
    """Horizontal ruling lines (y, x0, x1) drawn on the page (cell borders), if any."""
    out = []
    try:
        edges = page.horizontal_edges
    except Exception:  # noqa: BLE001 - rulings are a hint only; a page without them is fine
        return out
    for e in edges:
        if e.get("x1", 0) - e.get("x0", 0) > 20:
            out.append((float(e["top"]), float(e["x0"]), float(e["x1"])))
    return out


# ---------------------------------------------------------------------------------------------
# lines and chunks


def _lines(page_no: int, words: list[dict], height: float) -> list[Line]:
    ws = [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
               float(w.get("size") or (float(w["bottom"]) - float(w["top"])))) for w in words]
    ws.sort(key=lambda w: (round(w.top, 1), w.x0))
    lines: list[Line] = []
    for w in ws:
        if lines and abs(w.top - lines[-1].words[0].top) <= 2.0:
            lines[-1].words.append(w)
        else:
            lines.append(Line([w], page_no))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
        ln.chunks = _chunks(ln.words)
    # running page numbers at the top or the foot of the page
    while lines and PAGE_NUMBER_RE.match(lines[-1].text) and lines[-1].top > 0.85 * height:
        lines.pop()
    while lines and PAGE_NUMBER_RE.match(lines[0].text) and lines[0].bottom < 0.12 * height:
        lines.pop(0)
    return lines


def _chunks(words: list[Word]) -> list[Chunk]:
    out: list[Chunk] = []
    for w in words:
        if out and w.x0 - out[-1].x1 < 0.5 * max(w.size, out[-1].words[-1].size):
            out[-1].words.append(w)
        else:
            out.append(Chunk([w]))
    return out


def _gap(a: Line, b: Line) -> float:
    return b.top - a.bottom


def _ruled_between(rules, a: Line, b: Line, x0: float, x1: float) -> bool:
    for y, rx0, rx1 in rules:
        if a.bottom - 0.5 <= y <= b.top + 0.5 and min(rx1, x1) - max(rx0, x0) > 0.5 * (x1 - x0):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# tables


def _header_kind(line: Line) -> str | None:
    chunks = line.chunks
    if len(chunks) < 2:
        return None
    first = chunks[0].text
    rest = " ".join(c.text for c in chunks[1:])
    if INDICATOR_HEADER_RE.match(first) and re.search(r"utfall|årsmål|mål|period", rest, re.I):
        return "indicator"
    if ACTIVITY_HEADER_RE.match(first) and re.search(r"startdat|slutdat", rest, re.I):
        return "activity"
    named = [c for c in chunks if BUDGET_WORDS_RE.search(c.text)]
    numeric = [c for c in chunks if re.fullmatch(r"[-\u2212+]?[\d ,]+", c.text)
               and not re.fullmatch(r"\d{4}|\d{6}", c.text)]
    if len(named) >= 2 and not numeric and not BUDGET_WORDS_RE.search(first):
        return "budget"
    return None


def _header_columns(lines: list[Line]) -> list[Column]:
    """Header cells: chunks that overlap in x over the header lines are one cell."""
    items = [(c, k) for k, ln in enumerate(lines) for c in ln.chunks]
    groups: list[list[tuple[Chunk, int]]] = []
    for item in sorted(items, key=lambda it: it[0].x0):
        c = item[0]
        merged = None
        for g in groups:
            gx0 = min(i[0].x0 for i in g)
            gx1 = max(i[0].x1 for i in g)
            if c.x0 < gx1 - 0.5 and c.x1 > gx0 + 0.5:
                if merged is None:
                    g.append(item)
                    merged = g
                else:  # the chunk bridges two groups: one cell
                    merged.extend(g)
                    g.clear()
        groups = [g for g in groups if g]
        if merged is None:
            groups.append([item])
    cols = []
    for g in sorted(groups, key=lambda g: min(i[0].x0 for i in g)):
        g.sort(key=lambda i: (i[1], i[0].x0))
        text = " ".join(i[0].text for i in g)
        cols.append(Column(re.sub(r"\s+", " ", text).strip(), min(i[0].x0 for i in g), max(i[0].x1 for i in g)))
    return cols


def _classify(kind: str, cols: list[Column]) -> bool:
    from checks.readers.stockholm import HEADER_FIELDS

    if kind == "indicator":
        cols[0].field = "name"
        seen = set()
        for c in cols[1:]:
            h = c.header
            f = "other"
            for pattern, name in HEADER_FIELDS:
                if pattern.search(h):
                    if name == "previous" and not re.search(r"utfall", h, re.I):
                        continue
                    f = name
                    break
            if f in seen:
                f = "other"
            seen.add(f)
            c.field = f
        return sum(1 for c in cols if c.field not in ("name", "other")) >= 2
    if kind == "activity":
        cols[0].field = "text"
        for c in cols[1:]:
            h = c.header.lower().replace(" ", "")
            c.field = "start" if "startdat" in h else "end" if "slutdat" in h else \
                "deviation" if "avvikel" in h else "other"
        return any(c.field == "start" for c in cols)
    cols[0].field = "label"
    for c in cols[1:]:
        c.field = "value"
    return len(cols) >= 3


def _spans_two(chunk: Chunk, cols: list[Column]) -> bool:
    hit = 0
    for c in cols:
        if chunk.x0 < c.x1 - 0.5 and chunk.x1 > c.x0 + 0.5:
            hit += 1
    return hit >= 2


def _set_boundaries(cols: list[Column], chunks: list[Chunk]) -> None:
    """Column regions from the free x-interval between neighbouring header cells.

    Between header cells i and i+1 the widest x-interval that no table chunk covers holds the
    column boundary. Where it lies inside that gap follows the alignment: when two or more
    chunks start exactly at the gap's right end, column i+1 is left-aligned there and the
    boundary is right at that edge (column i may hold wider text than seen so far); when two or
    more chunks end exactly at its left end, column i is right-aligned and the boundary is right
    after it; otherwise the middle.
    """
    for a, b in zip(cols, cols[1:]):
        lo, hi = a.x1, b.x0
        if hi <= lo:
            mid = (a.x1 + b.x0) / 2
        else:
            covered = sorted((max(lo, c.x0), min(hi, c.x1)) for c in chunks if c.x1 > lo and c.x0 < hi)
            free, pos = [], lo
            for s, e in covered:
                if s > pos:
                    free.append((pos, s))
                pos = max(pos, e)
            if pos < hi:
                free.append((pos, hi))
            if free:
                s, e = max(free, key=lambda iv: iv[1] - iv[0])
                left_aligned = sum(1 for c in chunks if abs(c.x0 - e) < 1.0) >= 2
                right_aligned = sum(1 for c in chunks if abs(c.x1 - s) < 1.0) >= 2
                if left_aligned and not right_aligned:
                    mid = max(s, e - 1.0)
                elif right_aligned and not left_aligned:
                    mid = min(e, s + 1.0)
                else:
                    mid = (s + e) / 2
            else:
                mid = (lo + hi) / 2
        a.right = mid
        b.left = mid


def _column_of(x: float, cols: list[Column]) -> int:
    for k, c in enumerate(cols):
        if c.left <= x < c.right:
            return k
    return 0 if x < cols[0].right else len(cols) - 1


def _assign(line: Line, cols: list[Column]) -> list[tuple[int, Chunk]]:
    """Chunks of a line with their column; a chunk crossing a boundary is split word by word."""
    out: list[tuple[int, Chunk]] = []
    for ch in line.chunks:
        parts: list[tuple[int, list[Word]]] = []
        for w in ch.words:
            k = _column_of(w.center, cols)
            if parts and parts[-1][0] == k:
                parts[-1][1].append(w)
            else:
                parts.append((k, [w]))
        out.extend((k, Chunk(ws)) for k, ws in parts)
    return out


def _read_table(lines: list[Line], i: int, kind: str, rules, carry: Table | None = None
                ) -> tuple[Table | None, int]:
    """The table whose header starts at lines[i] (or, with carry, continuing it without a
    header). Returns (table, index after it) or (None, i)."""
    if carry is None:
        h0 = lines[i]
        header = [h0]
        j = i + 1
        while j < len(lines) and _gap(lines[j - 1], lines[j]) <= 0.5 * max(lines[j - 1].height, 1.0) \
                and not _ruled_between(rules, lines[j - 1], lines[j], h0.x0, h0.x1) \
                and not STRUCTURAL_RE.match(lines[j].text):
            header.append(lines[j])
            j += 1
        cols = _header_columns(header)
        if len(cols) < 3 or not _classify(kind, cols):
            return None, i
        table = Table(kind, cols, header, page=h0.page)
        row_gap = None
    else:
        cols = [Column(c.header, c.x0, c.x1, c.field, c.left, c.right) for c in carry.columns]
        table = Table(kind, cols, [], page=lines[i].page, continued=True)
        header = []
        j = i
        row_gap = None
    body: list[Line] = []
    spanning: set[int] = set()
    in_span = False
    prev = header[-1] if header else None
    while j < len(lines):
        ln = lines[j]
        gap = _gap(prev, ln) if prev is not None else 0.0
        h = max(prev.height if prev is not None else ln.height, 1.0)
        new_row = prev is None or gap > 0.5 * h or _ruled_between(rules, prev, ln, cols[0].x0, cols[-1].x1)
        if prev is not None and body and row_gap is not None and gap > max(2.0 * row_gap, 1.6 * h):
            break
        if prev is not None and not body and header and gap > 3.0 * h:
            break
        text = ln.text
        if new_row:
            in_span = False
        starts_span = kind == "activity" and new_row and re.match(r"^Avvikel", ln.chunks[0].text) is not None \
            and not any(DATE_RE.match(c.text) for c in ln.chunks)
        if starts_span:
            in_span = True
        if not in_span:
            if _header_kind(ln) is not None and body:
                break
            if STRUCTURAL_RE.match(text) and not (kind == "activity" and text == "Aktivitet"):
                break
            if any(_spans_two(c, cols) for c in ln.chunks):
                break
        if in_span:
            spanning.add(len(body))
        if new_row and body and prev is not None and row_gap is None:
            row_gap = gap
        elif new_row and not body and prev is not None and header:
            row_gap = gap
        body.append(ln)
        prev = ln
        j += 1
    if carry is not None and not body:
        return None, i
    plain = [c for k, ln in enumerate(body) if k not in spanning for c in ln.chunks]
    plain += [c for ln in header for c in ln.chunks]
    if carry is not None:
        plain += carry.chunks  # the part of the table on the previous page
    _set_boundaries(cols, plain)
    table.chunks = plain
    # rows
    rows: list[Row] = []
    prev = header[-1] if header else None
    for k, ln in enumerate(body):
        gap = _gap(prev, ln) if prev is not None else 1e9
        new_row = prev is None or gap > 0.5 * max(prev.height, 1.0) or \
            _ruled_between(rules, prev, ln, cols[0].x0, cols[-1].x1) or not rows or \
            (k in spanning) != rows[-1].spanning
        if new_row:
            rows.append(Row([Cell() for _ in cols], [], ln.page, spanning=k in spanning))
        row = rows[-1]
        row.lines.append(ln)
        if row.spanning:
            row.cells[0].lines.append(ln.text)
            row.cells[0].boxes.append(ln.box())
        else:
            parts: dict[int, list[Chunk]] = {}
            for col, ch in _assign(ln, cols):
                parts.setdefault(col, []).append(ch)
            for col, chs in parts.items():
                row.cells[col].lines.append(" ".join(c.text for c in chs))
                row.cells[col].boxes.append([ln.page, chs[0].x0, min(w.top for c in chs for w in c.words),
                                             chs[-1].x1, max(w.bottom for c in chs for w in c.words)])
        prev = ln
    if carry is not None:
        # a continuation must look like the table: something in a value column of its first row
        first = rows[0] if rows else None
        if first is None or first.spanning and kind != "activity" or \
                not any(first.cells[k].lines for k in range(1, len(cols))) and not first.spanning:
            return None, i
    table.rows = rows
    return table, j


def _page_layout(page_no: int, words: list[dict], height: float, rules, carry: Table | None) -> PageLayout:
    lines = _lines(page_no, words, height)
    items: list = []
    i = 0
    if carry is not None and lines and _header_kind(lines[0]) is None and not STRUCTURAL_RE.match(lines[0].text):
        table, j = _read_table(lines, 0, carry.kind, rules, carry=carry)
        if table is not None:
            items.append(table)
            i = j
    while i < len(lines):
        kind = _header_kind(lines[i])
        if kind is not None:
            table, j = _read_table(lines, i, kind, rules)
            if table is not None:
                if not items and carry is not None and table.signature == carry.signature:
                    table.continued = True
                items.append(table)
                i = j
                continue
        items.append(lines[i])
        i += 1
    return PageLayout(page_no, items)


# ---------------------------------------------------------------------------------------------
# text for the text reader


class _Out:
    """The reconstructed text: lines with their page and box."""

    def __init__(self):
        self.lines: list[str] = []
        self.pages: dict[int, int] = {}
        self.boxes: dict[int, list] = {}
        self.page = 1

    def add(self, text: str, box: list | None = None, page: int | None = None) -> int:
        self.lines.append(text)
        n = len(self.lines)
        p = page if page is not None else (box[0] if box else self.page)
        self.page = p
        self.pages[n] = p
        if box:
            self.boxes[n] = box
        return n

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("")


def _wrap(lines: list[str], width: int = 70) -> list[str]:
    out = []
    for s in lines:
        while len(s) > width and " " in s[:width]:
            cut = s.rfind(" ", 0, width)
            out.append(s[:cut])
            s = s[cut + 1:]
        out.append(s)
    return out


def _fragments(lines: list[str]) -> list[str]:
    """Cell lines as text fragments: every line but the last ends a word (trailing space)."""
    return [s + " " if k < len(lines) - 1 else s for k, s in enumerate(lines)]


@dataclass
class _Resolved:
    """A resolved table's rows as placed in the reconstructed text."""

    table: Table
    header_line: int
    end_line: int = 0
    rows: list[tuple[Row, int, int]] = field(default_factory=list)  # (row, first line, value line)


def _emit(pages: list[PageLayout]) -> tuple[_Out, list[_Resolved]]:
    out = _Out()
    resolved: list[_Resolved] = []
    prev_line: Line | None = None
    right_edge = 0.0
    for page in pages:
        out.page = page.number
        for item in page.items:
            if isinstance(item, Line):
                if prev_line is not None and prev_line.page == item.page:
                    if _gap(prev_line, item) > 0.5 * max(prev_line.height, 1.0):
                        out.blank()
                elif prev_line is not None:
                    # Across a page break the gap is unknown: a heading, or a short last line
                    # ending a sentence, ends the paragraph.
                    if STRUCTURAL_RE.match(item.text) or (
                            prev_line.text.endswith((".", ":", "!", "?")) and prev_line.x1 < 0.85 * right_edge):
                        out.blank()
                elif out.lines:
                    out.blank()
                right_edge = max(right_edge, item.x1)
                out.add(item.text, item.box())
                prev_line = item
                continue
            prev_line = None
            if item.continued and resolved and resolved[-1].table.kind == item.kind:
                res = resolved[-1]
                res.table.rows.extend(item.rows)
            else:
                out.blank()
                res = _Resolved(item, 0)
                resolved.append(res)
                _emit_header(out, res)
            _emit_rows(out, res, item)
            res.end_line = len(out.lines)
            out.blank()
    return out, resolved


def _emit_header(out: _Out, res: _Resolved) -> None:
    t = res.table
    box = [t.page, min(ln.x0 for ln in t.header_lines), min(ln.top for ln in t.header_lines),
           max(ln.x1 for ln in t.header_lines), max(ln.bottom for ln in t.header_lines)]
    if t.kind == "indicator":
        res.header_line = out.add("Indikator", box)
        for c in t.columns[1:]:
            out.blank()
            out.add("Period" if c.field == "period" else c.header, box)
    elif t.kind == "activity":
        res.header_line = out.add("Aktivitet Startdatum Slutdatum Avvikelse", box)
    else:
        title, unit = _budget_title(t.columns[0].header)
        heads = [c.header.split() for c in t.columns[1:]]
        res.header_line = out.add(" ".join([title] + [h[0] for h in heads if h]), box)
        second = " ".join(([unit] if unit else []) + [w for h in heads for w in h[1:]])
        if second:
            out.add(second, box)
    out.blank()


def _emit_rows(out: _Out, res: _Resolved, t: Table) -> None:
    for row in t.rows:
        if t.kind == "indicator":
            name = row.cells[0]
            first = None
            for s, b in zip(_fragments(_wrap(name.lines)), name.boxes or [row.box(0)] * len(name.lines)):
                n = out.add(s, b)
                first = first or n
            values = [row.cells[k].text for k in range(1, len(t.columns)) if row.cells[k].lines]
            value_line = 0
            if values:
                if first is not None:
                    out.blank()
                vb = [b for k in range(1, len(t.columns)) for b in row.cells[k].boxes]
                box = [row.page, min(b[1] for b in vb), min(b[2] for b in vb), max(b[3] for b in vb),
                       max(b[4] for b in vb)]
                value_line = out.add(" ".join(values), box)
            res.rows.append((row, first or value_line, value_line or first or 0))
            out.blank()
        elif t.kind == "activity":
            if row.spanning:
                texts = row.cells[0].lines
                n0 = out.add(texts[0], row.cells[0].boxes[0])
                rest = texts[1:]
                if rest and re.match(r"^Analys:?$", rest[0]):
                    out.blank()
                    out.add(rest[0], row.cells[0].boxes[1])
                    rest = rest[1:]
                for s, b in zip(rest, row.cells[0].boxes[len(texts) - len(rest):]):
                    out.add(s, b)
                res.rows.append((row, n0, n0))
                out.blank()
                continue
            cols = {c.field: k for k, c in enumerate(t.columns)}
            text = row.cells[0]
            first = None
            for s, b in zip(_fragments(_wrap(text.lines)), text.boxes + [row.box(0)] * 10):
                n = out.add(s, b)
                first = first or n
            for f in ("start", "end"):
                k = cols.get(f)
                if k is not None and row.cells[k].lines:
                    out.blank()
                    out.add(row.cells[k].text, row.box(k))
            res.rows.append((row, first or 0, first or 0))
            out.blank()
        else:
            label = row.cells[0].text
            values = [row.cells[k].text for k in range(1, len(t.columns)) if row.cells[k].lines]
            n = out.add(" ".join([label] + values).strip(), row.box())
            res.rows.append((row, n, n))


def _budget_title(header: str) -> tuple[str, str]:
    m = re.search(r"\b(mnkr|tkr|mkr|kr|miljoner kronor|tusen kronor)\b", header, re.I)
    unit = ""
    title = header
    if m:
        unit = m.group(1).lower()
        title = (header[: m.start()] + header[m.end():])
    title = re.sub(r"\s+", " ", title).strip(" ,")
    return title or "Budget", unit


# ---------------------------------------------------------------------------------------------
# rows from resolved tables


def _indicator_rows(res: _Resolved, copy_of, goal_of) -> tuple[list[dict], list[dict]]:
    from checks.readers import indicators as ind
    from checks.readers.stockholm import values_of

    t = res.table
    rows, problems = [], []
    prev_col = next((c for c in t.columns if c.field == "previous"), None)
    m = re.search(r"((?:19|20)\d\d)", prev_col.header) if prev_col is not None else None
    previous_year = int(m.group(1)) if m else None
    for row, first, value_line in res.rows:
        name = re.sub(r"\s+", " ", " ".join(row.cells[0].lines)).strip()
        cells: dict[str, ind.Cell] = {}
        period, year = "", None
        printed = []
        for k, col in enumerate(t.columns[1:], start=1):
            text = row.cells[k].text
            if not text:
                continue
            printed.append(text)
            if col.field == "period":
                rest, period, year = ind.split_period(text)
                if year is None:
                    period = text
                continue
            if col.field not in ind.VALUE_FIELDS:
                continue
            toks = ind.tokenize_cells(text)
            if len(toks) == 1:
                cells[col.field] = toks[0]
            else:
                problems.append(problem("EXT006", value_line or first, row.page, copy_of(first),
                                        column=col.header, cell=text))
                if col.field in ind.TARGET_FIELDS:
                    cells[col.field] = ind.Cell(text, None, 0, "", "text")
        if not name:
            problems.append(problem("EXT004", value_line or first, row.page, copy_of(first), row=" ".join(printed)))
            continue
        rec = {"goal": goal_of(first), "name": name, "period": period, "period_year": year,
               "previous_year": previous_year,
               "raw": " ".join(printed), "line": first, "value_line": value_line or first,
               "end_line": value_line or first, "page": row.page, "copy": copy_of(first)}
        rec.update(values_of(cells))
        rec["assignment_certain"] = True
        rec["uncertain_fields"] = ""
        rec["cells"] = json.dumps({f: c.raw for f, c in cells.items()}, ensure_ascii=False)
        rec["alternatives"] = ""
        if year is None:
            problems.append(problem("EXT002", value_line or first, row.page, copy_of(first), row=rec["raw"]))
        rows.append(rec)
    return rows, problems


def _budget_rows(res: _Resolved, copy_of) -> tuple[list[dict], list[dict]]:
    from checks.numbers import decimals_of, parse_cell_number
    from checks.readers.budget import column_roles, item_role, place_row

    t = res.table
    title, unit = _budget_title(t.columns[0].header)
    headers = [c.header for c in t.columns[1:]]
    rows: list[dict] = []
    section, block = "", "drift"
    for row, line, _ in res.rows:
        label = row.cells[0].text
        values = [row.cells[k].text for k in range(1, len(t.columns))]
        if not any(values):
            if label:
                section = label
                if label.lower().startswith("summa"):
                    block = "summa"
            continue
        role = item_role(label)
        row_block, block, sec = place_row(role, block, section)
        rec = {"table": title, "section": sec, "item": label, "role": role, "block": row_block, "unit": unit,
               "decimals": max([decimals_of(v) for v in values if v] or [0]),
               "raw": " ".join(v for v in values if v), "line": line, "end_line": line,
               "page": row.page, "copy": copy_of(line)}
        for h, v in zip(headers, values):
            rec[h] = parse_cell_number(v) if v else None
        rows.append(rec)
    cols = [{"table": title, "column": h, "role": role, "copy": copy_of(res.header_line)}
            for h, role in zip(headers, column_roles(headers))]
    return rows, cols


# ---------------------------------------------------------------------------------------------
# entry points


def pdf_text(path: str | Path) -> str:
    """The PDF rebuilt as text in the layout the text reader walks (tables flattened, empty cells
    dropped, as a PDF-to-text tool would print them)."""
    pages, _, _ = read_pdf_pages(path)
    out, _ = _emit(pages)
    return "\n".join(out.lines)


def read_pdf(path: str | Path) -> Document:
    import pandas as pd

    from checks import model
    from checks.readers.layout import find_copies, find_page_markers
    from checks.readers.source import sha256_of
    from checks.readers.text import parse_text

    path = Path(path)
    pages, data, warnings = read_pdf_pages(path)
    out, resolved = _emit(pages)
    text = "\n".join(out.lines)
    doc = parse_text(text, source=str(path), sha256=sha256_of(data))
    lines = out.lines
    regions = find_copies(lines, find_page_markers(lines))

    def copy_of(line: int) -> int:
        for r in regions:
            if r.start < line <= r.end:
                return r.copy
        return 1

    goals = doc.tables["goals"]
    goal_lines = sorted((int(g["line"]), int(g["copy"]), str(g["id"])) for _, g in goals.iterrows())

    def goal_of(line: int) -> str:
        c = copy_of(line)
        best = ""
        for gl, gc, gid in goal_lines:
            if gl <= line and gc == c:
                best = gid
        return best

    ranges = {"indicator": [], "activity": [], "budget": []}
    ind_rows, bud_rows, bud_cols, problems = [], [], [], []
    for res in resolved:
        ranges[res.table.kind].append((res.header_line, res.end_line))
        if res.table.kind == "indicator":
            r, p = _indicator_rows(res, copy_of, goal_of)
            ind_rows.extend(r)
            problems.extend(p)
        elif res.table.kind == "budget":
            r, c = _budget_rows(res, copy_of)
            bud_rows.extend(r)
            bud_cols.extend(c)

    def inside(line, kinds) -> bool:
        try:
            line = int(line)
        except (TypeError, ValueError):
            return False
        return any(a <= line <= b for k in kinds for a, b in ranges[k])

    from checks.catalogue import direction_of
    from checks.readers.indicators import period_kind

    for r in ind_rows:
        r["direction"] = direction_of(r["name"], r.get("target_text", ""), r.get("kf_target_text", ""))
        r["period_kind"] = period_kind(r.get("period"))
    tables = dict(doc.tables)
    old = tables["indicators"]
    kept = old[[not inside(x, ["indicator"]) for x in old["line"]]] if len(old) else old
    tables["indicators"] = pd.concat([kept, pd.DataFrame(ind_rows, columns=model.COLUMNS["indicators"])],
                                     ignore_index=True) if ind_rows else kept
    if bud_rows:
        old = tables["budget"]
        kept = old[[not inside(x, ["budget"]) for x in old["line"]]] if len(old) else old
        kept_tables = set(kept["table"]) if len(kept) else set()
        frame = model.budget_frame(bud_rows)
        tables["budget"] = pd.concat([kept, frame], ignore_index=True) if len(kept) else frame
        old_cols = tables["budget_columns"]
        keep_cols = old_cols[old_cols["table"].isin(kept_tables)] if len(old_cols) else old_cols
        tables["budget_columns"] = pd.concat(
            [keep_cols, pd.DataFrame(bud_cols, columns=model.COLUMNS["budget_columns"])],
            ignore_index=True).drop_duplicates()
    claims = tables["claims"]
    if len(claims):
        tables["claims"] = claims[[not inside(x, ["indicator", "budget", "activity"]) for x in claims["line"]]]
    for name, df in tables.items():
        if len(df) and "line" in df.columns and "page" in df.columns:
            df = df.copy()
            df["page"] = [out.pages.get(int(x)) if x == x and x is not None else None for x in df["line"]]
            tables[name] = df
    for name in ("indicators", "budget", "activities", "goals", "claims"):
        df = tables[name]
        if len(df):
            tables[name] = df.sort_values(["copy", "line"], kind="stable").reset_index(drop=True)
    tables, schema_problems = model.validate(tables)
    doc_problems = [p for p in doc.problems if not inside(p.get("line"), ["indicator", "budget"])]
    for p in doc_problems + problems:
        if p.get("line"):
            p["page"] = out.pages.get(int(p["line"]))
    if warnings:
        problems.append(problem("EXT007", 1, None, 0, count=len(warnings), example=warnings[0]))
    doc.tables = tables
    doc.problems = doc_problems + problems + schema_problems
    doc.pages = dict(out.pages)
    doc.meta["source_kind"] = "pdf"
    doc.meta["pdf_pages"] = len(pages)
    doc.meta["line_boxes"] = {n: b for n, b in out.boxes.items()}
    return doc


