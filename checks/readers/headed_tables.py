"""Tables led by their header: indicator tables and activity tables (text cells, dates, words).

Their header names the columns ("Indikator | Periodens utfall VB 2016 | Utfall | Män | Kvinnor |
Årsmål | KF:s årsmål | Period", "Aktivitet | Startdatum | Slutdatum"), and the columns' regions
follow from the header cells, not from figures (the cells hold words, bands and dates):

1. The header row is the header line and the lines right below it (no row gap). Header chunks
   that overlap in x across those lines are one header cell ("Periodens" / "utfall VB" / "2016").
2. Body: following lines belong to the table while no chunk spans two header cells (prose does),
   no heading starts, and the vertical gap stays below about two row gaps. A gap larger than half
   a line height (or a ruling line) starts a new row; a row's lines are its wrapped cells.
3. Column boundaries: between header cells i and i+1 lies the widest x-interval that no table
   chunk covers; the boundary sits at its right end when column i+1 is left-aligned there, at
   its left end when column i is right-aligned, else in its middle. Each chunk goes to the
   column holding its centre; a chunk crossing a boundary is split there word by word. So an
   empty cell is KNOWN to be empty.
4. An activity's deviation paragraph ("Avvikelse" / "Analys" / text) spans the table: a row of
   its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from granska.checks.numbers import parse_cell_number
from granska.checks.readers.grid import GridCell, GridColumn, GridRow, GridTable
from granska.checks.readers.pages import Chunk, Line, Rule, Word

INDICATOR_HEADER_RE = re.compile(r"^(Indikator(er)?|Nyckeltal|Mått|Mätetal|Resultatmått)$")
ACTIVITY_HEADER_RE = re.compile(r"^(Aktivitet(er)?|Åtgärd(er)?)\b")
STRUCTURAL_RE = re.compile(  # headings are capitalised: "aktiviteter" in a cell is not one
    r"^((KF:s\s+)?[Ii]nriktningsmål:?|(KF:s\s+)?[Mm]ål\s+för\s+verksamhetsområdet:?|Nämndmål:?|"
    r"Nämndens mål:?|Bolagets mål:?|Analys:?|Uppföljning av ekonomi|Ekonomi|Indikator(er)?|"
    r"Aktivitet(er)?(\s.*)?)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÅÄÖ][\w\-–, ]{1,60}$")
# A table of goals with their verdicts: "Nr | Nämndmål | Bedömning | Kommentar"
GOAL_COLUMN_RE = re.compile(r"^(nr|mål|mål\s*nr|nämndmål|verksamhetsmål|målområde|mål\s+och\s+.*|inriktningsmål|delmål|"
                            r"effektmål|resultatmål|prioriterade\s+mål)$", re.IGNORECASE)
VERDICT_COLUMN_RE = re.compile(r"^(bedömning|måluppfyllelse|status|uppfyllelse|bedömd\s+måluppfyllelse|resultat)$", re.IGNORECASE)


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


@dataclass
class Table:
    kind: str  # indicator | activity
    columns: list[Column]
    header_lines: list[Line]
    rows: list[Row] = field(default_factory=list)
    page: int = 1
    continued: bool = False  # continues the table that ended the previous page
    chunks: list = field(default_factory=list, repr=False)  # what the column boundaries rest on

    @property
    def signature(self) -> tuple:
        return (self.kind, tuple(c.header for c in self.columns))


def _gap(a: Line, b: Line) -> float:
    return b.top - a.bottom


def _ruled_between(rules, a: Line, b: Line, x0: float, x1: float) -> bool:
    for y, rx0, rx1 in rules:
        if a.bottom - 0.5 <= y <= b.top + 0.5 and min(rx1, x1) - max(rx0, x0) > 0.5 * (x1 - x0):
            return True
    return False



def _header_kind(line: Line) -> str | None:
    chunks = line.chunks
    if len(chunks) < 2:
        return None
    first = chunks[0].text
    rest = " ".join(c.text for c in chunks[1:])
    if INDICATOR_HEADER_RE.match(first) and re.search(r"utfall|årsmål|mål|period", rest, re.I):
        return "indicator"
    if ACTIVITY_HEADER_RE.match(first) and re.search(r"startdat|slutdat|\bstatus\b|färdiggrad|\bläge\b", rest, re.I):
        return "activity"
    texts = [c.text for c in chunks]
    if any(GOAL_COLUMN_RE.match(t) for t in texts[:2]) and any(VERDICT_COLUMN_RE.match(t) for t in texts[1:]):
        return "goal"
    return None


def _has_figures(line: Line) -> bool:
    """A line with a figure that is not a year is a row of the table, not a header line: in
    -layout text the rows follow the header with no gap to tell them apart."""
    return any(parse_cell_number(c.text) is not None and not YEAR_RE.match(c.text) for c in line.chunks[1:])


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
    if kind == "indicator":
        from granska.checks.readers.headed_rows import stockholm_fields

        cols[0].field = "name"
        for c, f in zip(cols[1:], stockholm_fields([c.header for c in cols[1:]])):
            c.field = f
        return sum(1 for c in cols if c.field not in ("name", "other")) >= 2
    if kind == "activity":
        cols[0].field = "text"
        for c in cols[1:]:
            h = c.header.lower().replace(" ", "")
            c.field = "start" if "startdat" in h else "end" if "slutdat" in h else \
                "deviation" if "avvikel" in h else "status" if h in ("status", "läge") else \
                "progress" if "färdiggrad" in h or h in ("klart%", "klar%") else \
                "goal_ref" if re.fullmatch(r"mål(nr)?|nr", h) else "comment" if h.startswith(("kommentar", "analys")) else "other"
        return any(c.field in ("start", "status", "progress") for c in cols)
    if kind == "goal":
        for c in cols:
            h = c.header.strip()
            c.field = "verdict" if VERDICT_COLUMN_RE.match(h) else "id" if re.fullmatch(r"(?i)nr|mål\s*nr", h) else \
                "title" if GOAL_COLUMN_RE.match(h) else "comment" if re.match(r"(?i)kommentar|analys|motivering", h) else "other"
        return any(c.field == "title" for c in cols) and any(c.field == "verdict" for c in cols)
    return False


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
        inside = [c.x1 for c in chunks if c.x0 >= lo - 0.5 and c.x1 <= hi + 0.5] if hi > lo else []
        if hi <= lo:
            mid = (a.x1 + b.x0) / 2
        elif inside:
            # a figure wholly between two header cells ends its own cell: right-aligned under a
            # left-aligned or centred header ("Utfall 2024 … 812" before "Utfall 2025"); a
            # figure of the next column would reach under that column's header
            mid = min(hi, max(inside) + 0.5)
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


def _ruled_boundaries(cols: list[Column], verticals, top: float, bottom: float) -> None:
    """Where the header row is ruled between its cells (a Word or Chromium table with borders),
    the rulings are the column boundaries: a right-aligned figure under a left-aligned header
    starts in the gap between the header cells, and only the ruling says whose it is."""
    for a, b in zip(cols, cols[1:]):
        xs = [x for x, y0, y1 in verticals if a.x0 + 1.0 < x < b.x0 + 1.0 and y0 <= bottom and y1 >= top]
        if xs:
            a.right = b.left = max(xs)


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


def _text_row_starts(line: Line, row: Row, cols: list[Column], prev: Line, ahead: list[Line]) -> bool:
    """-layout text has no row gaps to go by: a line starts a row after a blank line, or when its
    name starts in upper case below a row that has its values already and values follow before
    the next blank line (a row has values; a name that gets none goes on with the one above). A
    line without a name (values wrapped in their cells) or whose name goes on in lower case or
    with a parenthesis belongs to the row above."""
    if line.number - prev.number > 1:
        return True
    parts = _assign(line, cols)
    name = " ".join(c.text for k, c in parts if k == 0).strip()
    if not name or name[:1].islower() or name.startswith("("):
        return False
    if not any(row.cells[k].lines for k in range(1, len(cols))):
        return False
    if any(k > 0 for k, _ in parts):
        return True
    last = line.number
    for nxt in ahead:
        if nxt.number - last > 1:
            break
        if any(k > 0 for k, _ in _assign(nxt, cols)):
            return True
        last = nxt.number
    return False


def _verdict_starts(line: Line, row: Row, cols: list[Column], verdict_col: int) -> bool:
    """A goal's row begins on this line: its verdict cell starts here ("Delvis uppfyllt" in
    capitals; "uppfyllt" below "Delvis" goes on) below a row that has its verdict; or, a goal
    with its verdict left blank, its title and its comment both begin here, the comment where the
    row above's ended with a full stop. A title's wrapped last line ("SFI", its comment going on
    in lower case) stays in its row."""
    parts: dict[int, str] = {}
    for n, c in _assign(line, cols):
        parts[n] = (parts.get(n, "") + " " + c.text).strip()
    verdict = parts.get(verdict_col, "")
    if verdict:
        return verdict[:1].isupper() and bool(row.cells[verdict_col].lines)
    title = parts.get(0, "")
    if not title[:1].isupper():
        return False
    others = [n for n in parts if n not in (0, verdict_col)]
    return bool(others) and all(parts[n][:1].isupper() and row.cells[n].lines
                                and row.cells[n].lines[-1].rstrip().endswith((".", "!", "?")) for n in others)


def _read_table(lines: list[Line], i: int, kind: str, rules, carry: Table | None = None,
                text_rows: bool = False, verticals=()) -> tuple[Table | None, int]:
    """The table whose header starts at lines[i] (or, with carry, continuing it without a
    header). Returns (table, index after it) or (None, i)."""
    if carry is None:
        h0 = lines[i]
        header = [h0]
        # a header cell's first line printed above the header line ("Färdiggrad" over "(%)",
        # the cell centred on the line between): words over the columns only, right above
        if i > 0 and _gap(lines[i - 1], h0) <= 0.5 * max(h0.height, 1.0) and h0.chunks \
                and all(c.x0 > h0.chunks[0].x1 for c in lines[i - 1].chunks) and len(lines[i - 1].words) <= 4:
            header.insert(0, lines[i - 1])
        j = i + 1
        # -layout text has no gap under a header: a line whose text starts in the label column is a
        # row (the header's own second line holds words over the value columns only)
        label_end = h0.chunks[1].x0 if len(h0.chunks) > 1 else h0.x1
        while j < len(lines) and _gap(lines[j - 1], lines[j]) <= 0.5 * max(lines[j - 1].height, 1.0) \
                and not _ruled_between(rules, lines[j - 1], lines[j], h0.x0, h0.x1) \
                and not STRUCTURAL_RE.match(lines[j].text) and not _has_figures(lines[j]) \
                and not (text_rows and lines[j].chunks and lines[j].chunks[0].x0 < label_end):
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
            if new_row and body and kind == "indicator" and _is_prose(ln, cols):
                break  # the analysis after the table, set off by a blank line
            if kind != "goal" and _goal_heading_or_verdict(text):
                break  # "Mål 2. …" / "Måluppfyllelse: Uppnått": the next goal begins
            if new_row and body and NUMBERED_HEADING_RE.match(text.strip()) and len(ln.chunks) == 1:
                break  # "4. Personal": the report's next section
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
    if header:
        _ruled_boundaries(cols, verticals, header[0].top, header[-1].bottom)
    table.chunks = plain
    # rows
    rows: list[Row] = []
    prev = header[-1] if header else None
    # rows ruled apart (a Word "Tabellrutnät"): a row starts at a ruling and nowhere else, so a
    # title's last line in capitals ("… efter" / "SFI") stays in its cell
    ruled_rows = any(_ruled_between(rules, a, b, cols[0].x0, cols[-1].x1) for a, b in zip(body, body[1:]))
    # a goal table whose verdicts are words: a goal's row begins on the line of its verdict (a
    # title's wrapped lines carry none); with verdicts as colours, by the title and the values
    verdict_col = next((n for n, c in enumerate(cols) if c.field == "verdict"), None) if kind == "goal" else None
    worded = verdict_col is not None and any(n == verdict_col for ln in body for n, _ in _assign(ln, cols))
    for k, ln in enumerate(body):
        gap = _gap(prev, ln) if prev is not None else 1e9
        if worded and prev is not None and rows and not rows[-1].spanning and k not in spanning:
            new_row = _ruled_between(rules, prev, ln, cols[0].x0, cols[-1].x1) if ruled_rows else \
                _verdict_starts(ln, rows[-1], cols, verdict_col)
        elif text_rows and prev is not None and rows and (k in spanning) == rows[-1].spanning:
            new_row = _text_row_starts(ln, rows[-1], cols, prev, body[k + 1:])
        else:
            new_row = prev is None or gap > 0.5 * max(prev.height, 1.0) or \
                _ruled_between(rules, prev, ln, cols[0].x0, cols[-1].x1) or not rows or \
                (k in spanning) != rows[-1].spanning
            if not new_row and not ruled_rows and not rows[-1].spanning and kind == "goal" \
                    and _text_row_starts(ln, rows[-1], cols, prev, []):
                new_row = True  # rows set close together: a new goal's title below a row that has its verdict
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
        # (in -layout text, of its first line: a title alone over the next table is no row)
        first = rows[0] if rows else None
        if first is None or first.spanning and kind != "activity" or \
                not any(first.cells[k].lines for k in range(1, len(cols))) and not first.spanning:
            return None, i
        if text_rows and not first.spanning and not any(n > 0 for n, _ in _assign(first.lines[0], cols)):
            return None, i
    table.rows = rows
    return table, j




def _goal_heading_or_verdict(text: str) -> bool:
    """A numbered goal heading ("Mål 2. Livsmedelskontrollen …") or a verdict line
    ("Måluppfyllelse: Uppnått"), as the goal-heading layout reads them."""
    from granska.checks.readers.headed import GOAL_HEAD_RE, VERDICT_LABEL_RE

    m = GOAL_HEAD_RE.match(text.strip())
    return bool(m and m.group("num")) or bool(VERDICT_LABEL_RE.match(text.strip()))


def _is_prose(line: Line, cols: list[Column]) -> bool:
    """A sentence in the first column alone ("Besöken ökade men når inte målvärdet."): text, not a
    row of indicators or goals, whose cells are names and figures."""
    text = line.text.strip()
    return text.endswith((".", "!", "?")) and len(text.split()) >= 4 and len(line.chunks) == 1 \
        and _column_of(line.chunks[0].x0, cols) == 0


def _starts_table_of_figures(lines: list[Line]) -> bool:
    """The page opens with another table's title and column header ("Resultaträkning" over
    "Utfall Budget … / tkr Not 2025 2025 …"): the table that ended the page before does not go
    on here."""
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()  # the header words of tables of figures (Utfall, Budget, Not, tkr …)
    return any(len(ln.chunks) >= 2 and not _has_figures(ln)
               and any(vocab.column_role(c.text) != "other" or vocab.unit(c.text) for c in ln.chunks) for ln in lines[1:3])


def _ruled(rules: list[Rule]) -> list[tuple[float, float, float]]:
    """Horizontal rulings as (y, x0, x1), the form the row splitter asks about."""
    # A border drawn cell by cell (Word, Chromium) is a run of segments at one height: one ruling.
    segments = sorted((round(r.y0, 1), r.x0, r.x1) for r in rules if abs(r.y0 - r.y1) < 0.5)
    merged: list[list[float]] = []
    for y, x0, x1 in segments:
        if merged and abs(merged[-1][0] - y) <= 0.5 and x0 <= merged[-1][2] + 1.0:
            merged[-1][2] = max(merged[-1][2], x1)
        else:
            merged.append([y, x0, x1])
    return [(y, x0, x1) for y, x0, x1 in merged if x1 - x0 > 20]


def find_headed(lines: list[Line], rules: list[Rule], carry: Table | None = None,
                text_rows: bool = False) -> tuple[list[tuple[int, int, Table]], Table | None]:
    """Header-led tables in one page's lines: (first index, index after, table) each, and the
    table that ends the page (it may go on on the next one)."""
    horizontal = _ruled(rules)
    vertical = [(r.x0, min(r.y0, r.y1), max(r.y0, r.y1)) for r in rules if abs(r.x0 - r.x1) < 0.5 and abs(r.y1 - r.y0) > 4]
    out: list[tuple[int, int, Table]] = []
    i = 0
    if carry is not None and lines and _header_kind(lines[0]) is None and not STRUCTURAL_RE.match(lines[0].text) \
            and not _starts_table_of_figures(lines):
        table, j = _read_table(lines, 0, carry.kind, horizontal, carry=carry, text_rows=text_rows, verticals=vertical)
        if table is not None:
            out.append((0, j, table))
            i = j
    while i < len(lines):
        kind = _header_kind(lines[i])
        if kind is not None:
            table, j = _read_table(lines, i, kind, horizontal, text_rows=text_rows, verticals=vertical)
            if table is not None:
                if not out and carry is not None and table.signature == carry.signature:
                    table.continued = True
                out.append((i, j, table))
                i = j
                continue
        i += 1
    last = out[-1][2] if out and out[-1][1] >= len(lines) else None
    return out, last


def to_grid(table: Table) -> GridTable:
    """The header-led table as a grid: the first column is the row's label (indicator name,
    activity text), the others its cells; a deviation paragraph is a spanning row."""
    columns = [GridColumn(c.header, "", c.left if c.left != float("-inf") else c.x0,
                          c.right if c.right != float("inf") else c.x1) for c in table.columns[1:]]
    grid = GridTable(title="", columns=columns, label_header=table.columns[0].header, hint=table.kind)
    grid.page = table.page
    grid.pages = sorted({table.page} | {r.page for r in table.rows})
    grid.header_lines = [ln.number for ln in table.header_lines]
    grid.line = grid.header_lines[0] if grid.header_lines else (table.rows[0].lines[0].number if table.rows else 0)
    grid.fields = [c.field for c in table.columns]
    for row in table.rows:
        numbers = [ln.number for ln in row.lines]
        first, last = min(numbers), max(numbers)
        if row.spanning:
            grid.rows.append(GridRow(" ".join(row.cells[0].lines), [GridCell() for _ in columns], first, last, row.page,
                                     "spanning", "", _box(row.cells[0].boxes, row.page), lines=list(row.cells[0].lines),
                                     numbers=numbers))
            continue
        cells = [GridCell(c.text, "text" if c.text else "blank", box=_box(c.boxes, row.page)) for c in row.cells[1:]]
        value_line = next((ln.number for ln in row.lines if any(k > 0 for k, _ in _assign(ln, table.columns))), first)
        grid.rows.append(GridRow(row.cells[0].text, cells, first, last, row.page, "data", "",
                                 [row.page, min(ln.x0 for ln in row.lines), min(ln.top for ln in row.lines),
                                  max(ln.x1 for ln in row.lines), max(ln.bottom for ln in row.lines)],
                                 lines=list(row.cells[0].lines), value_line=value_line))
    grid.end_line = max((r.end_line for r in grid.rows), default=grid.line)
    grid.all_lines = set(grid.header_lines) | {ln.number for row in table.rows for ln in row.lines}
    return grid


def _box(boxes: list[list], page: int) -> list | None:
    if not boxes:
        return None
    return [page, min(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes), max(b[4] for b in boxes)]
