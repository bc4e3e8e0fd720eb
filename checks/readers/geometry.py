"""Documents whose pages have geometry (a PDF, `pdftotext -layout` text) read into tables.

One path for both sources:
1. the page model (checks.readers.pages) in reading order: running headers and footers set
   aside, two-column passages unwoven (checks.readers.flows);
2. tables as grids: header-led tables (indicators, activities) and tables of figures, a table
   that goes on over a page break joined to its start (checks.readers.tables, headed_tables);
3. the page's lines as text for the layout readers (goal headings, verdicts, analyses) and the
   prose reader (claims), with the tables' lines left out: those are read from the grids;
4. the grids as domain rows: budget and financial statements (finance), indicators and
   activities (headed_rows), each attached to the goal printed above it.

Line numbers: a PDF's lines are numbered as granska writes them out (Document.lines, a blank
line at each paragraph break); -layout text keeps the file's own numbering.
"""
from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from granska.checks.errors import InputError
from granska.checks.problems import problem
from granska.checks.readers.cells import normalise
from granska.checks.readers.grid import GridCell, GridRow, GridTable
from granska.checks.readers.pages import Layout, Line


def read_pdf_document(path: str | Path):
    return finish_pdf_document(prepare_pdf_document(path))


def prepare_pdf_document(path: str | Path) -> tuple:
    """The part of reading a PDF before its tables are DataFrames: plain Python objects, no
    pandas, picklable (a worker has it done in a process of its own while it imports pandas:
    checks.workers). finish_pdf_document makes the Document of it."""
    from granska.checks.readers.pdf_source import read_pdf_layout
    from granska.checks.readers.source import read_bytes, sha256_of

    path = Path(path)
    data = read_bytes(path)
    layout = read_pdf_layout(path, data)
    return prepare_layout(layout, str(path), sha256_of(data), None), len(layout.pages)


def finish_pdf_document(prepared: tuple):
    read, pages = prepared
    doc = finish_layout(read)
    doc.meta["source_kind"] = "pdf"
    doc.meta["pdf_pages"] = pages
    return doc


def read_layout_text_document(raw_lines: list[str], source: str, sha256: str):
    from granska.checks.readers.layout_text import read_layout_text

    layout = read_layout_text(raw_lines)
    doc = read_layout(layout, source, sha256, [ln.replace("\f", "") for ln in raw_lines])
    doc.meta["source_kind"] = "layout"
    return doc


# ---------------------------------------------------------------------------------------------
# text of the pages


class Text:
    """The pages' lines as the layout and prose readers see them: `lines` in reading order with
    a blank line at each paragraph break; `number[k]` is the document line of lines[k] (None for
    a blank that granska put in)."""

    def __init__(self):
        self.lines: list[str] = []
        self.number: list[int | None] = []
        self.page: list[int] = []

    def add(self, text: str, number: int | None, page: int) -> None:
        self.lines.append(text)
        self.number.append(number)
        self.page.append(page)

    def blank(self, page: int) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", None, page)


def _paragraph_break(prev: Line | None, line: Line, kind: str, right_edge: float) -> bool:
    from granska.checks.readers.headed_tables import STRUCTURAL_RE

    if prev is None:
        return False
    if prev.page == line.page:
        if kind == "layout":
            if line.number - prev.number > 1 or line.top < prev.top:  # a blank line, or a new column
                return True
        elif line.top - prev.bottom > 0.5 * max(prev.height, 1.0) or line.top < prev.top:
            return True
        # A short line without a sentence's end, then a capital: a heading run into its paragraph.
        return prev.x1 < 0.6 * right_edge and not prev.text.rstrip().endswith(("-", ",", ".", ":", ";")) \
            and line.text[:1].isupper() and len(prev.text.split()) <= 8
    # across a page break the gap is unknown: a heading, or a short last line ending a sentence
    return bool(STRUCTURAL_RE.match(line.text)) or (prev.text.endswith((".", ":", "!", "?")) and prev.x1 < 0.85 * right_edge)


def page_text(layout: Layout) -> Text:
    """Number the lines of a PDF (they are the document's lines) and lay out the reading text."""
    text = Text()
    prev: Line | None = None
    right_edge = 0.0
    for page in layout.pages:
        for line in page.lines:
            if _paragraph_break(prev, line, layout.kind, right_edge):
                text.blank(page.number)
            right_edge = max(right_edge, line.x1)
            if layout.kind == "pdf":
                line.number = len(text.lines) + 1
            text.add(line.text, line.number, page.number)
            prev = line
    return text


# ---------------------------------------------------------------------------------------------
# tables


def find_grids(layout: Layout) -> list[GridTable]:
    """Every page's tables in reading order, a table continued on the next page joined to its
    start (the last table of a page, and the first of the next)."""
    from granska.checks.readers.headed_tables import find_headed, to_grid
    from granska.checks.readers.tables import Finder
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()
    grids: list[GridTable] = []
    carry = None
    previous_page = None
    previous_rest: list[Line] = []
    last: GridTable | None = None  # the table that ended the page before, if one did
    for page in layout.pages:
        headed, carry_next = find_headed(page.lines, page.rules, carry, text_rows=layout.kind == "layout")
        on_page: list[GridTable] = []
        taken: set[int] = set()
        for start, end, table in headed:
            grid = to_grid(table)
            if table.continued and last is not None and last.hint == grid.hint:
                _join(last, grid)
            else:
                on_page.append(grid)
            taken.update(range(start, end))
        carry = carry_next
        rest = [ln for k, ln in enumerate(page.lines) if k not in taken]
        found = Finder(rest, layout.kind, vocab).find()
        found = _with_orphaned_header(found, rest, previous_rest, last, page, previous_page, layout.kind, vocab)
        for grid in found:
            joined = continues(last, grid, page, previous_page, layout.kind) if last is not None else None
            if joined is not None:
                tail, columns = joined
                _onto_columns(grid, last, columns)
                # a section heading left at the foot of the page before, or printed above the rows
                # at the top of this one
                grid.rows[:0] = [GridRow(ln.text.strip(), [GridCell() for _ in grid.columns], ln.number,
                                         ln.number, ln.page, "section") for ln in tail]
                grid.all_lines.update(ln.number for ln in tail)
                _join(last, grid)
            elif not grid.fragment:
                on_page.append(grid)
        on_page.sort(key=lambda g: g.line)
        grids.extend(on_page)
        ends = [g for g in grids if page.number in (g.pages or [g.page])]
        last = max(ends, key=lambda g: g.end_line) if ends else None
        previous_page, previous_rest = page, rest
    grids.sort(key=lambda g: g.line)
    return grids


def _with_orphaned_header(found: list[GridTable], rest: list[Line], previous_rest: list[Line], last, page,
                          previous_page, kind: str, vocab) -> list[GridTable]:
    """A table whose title and header (and first section headings) stand at the foot of the page
    before and all of whose rows are on this page: read again with those lines in front. The
    first table of the page must be headerless and at the page's top, and not go on with a table
    that ended the page before; the lines read in front must give it a header."""
    from granska.checks.readers.tables import HEADER_LINES, Finder

    if not found or previous_page is None or previous_page.number != page.number - 1:
        return found
    first = found[0]
    if first.title and re.search(r"\bforts", first.title.lower()):
        _repeated_under_orphan(first, previous_rest, last, previous_page)
        return found
    if any(c.name for c in first.columns) or first.title or first.label_header:
        return found
    if last is not None and continues(last, first, page, previous_page, kind) is not None:
        return found
    end = last.end_line if last is not None and previous_page.number in (last.pages or [last.page]) else 0
    orphans = [ln for ln in previous_rest if ln.number > end][-(HEADER_LINES + 3):]
    if not orphans or any(ln.number >= first.line for ln in orphans):
        return found
    again = Finder(orphans + rest, kind, vocab).find()
    lead = next((g for g in again if g.page == previous_page.number and any(c.name for c in g.columns)
                 and any(r.line == first.rows[0].line for r in g.rows)), None) if first.rows else None
    if lead is None or any(g.page == previous_page.number for g in again if g is not lead):
        return found
    if not {r.line for r in first.rows} <= {r.line for r in lead.rows}:
        return found
    lead.pages = sorted({lead.page} | {r.page for r in lead.rows if r.page is not None})
    return [g for g in again if g.page != previous_page.number or g is lead]


def _repeated_under_orphan(grid: GridTable, previous_rest: list[Line], last, previous_page) -> None:
    """"<title>, forts." and its header at a page's top, where the page before ends with the same
    title, header and section headings but no row: the table starts there, and those headings
    are its first (section) rows."""
    end = last.end_line if last is not None and previous_page.number in (last.pages or [last.page]) else 0
    orphans = [ln for ln in previous_rest if ln.number > end][-12:]
    bare = _bare_title(grid.title)
    k = next((k for k in range(len(orphans) - 1, -1, -1) if bare and _bare_title(orphans[k].text) == bare
              and not re.search(r"\bforts", orphans[k].text.lower())), None)
    if k is None or not grid.columns:
        return
    edge = min(c.x0 for c in grid.columns)
    header, sections = [], []
    for ln in orphans[k + 1:]:
        if any(ch.isdigit() for ch in ln.text) and ln.x1 < edge:
            return  # a figure in the label column: not a heading
        if ln.x1 >= edge:
            if sections:
                return  # words over the columns below the headings: no bare header and headings
            header.append(ln)
        elif len(ln.text) <= 60:
            sections.append(ln)
        else:
            return
    if not header or not sections:
        return
    title = orphans[k]
    grid.rows[:0] = [GridRow(ln.text.strip(), [GridCell() for _ in grid.columns], ln.number, ln.number, ln.page,
                             "section") for ln in sections]
    grid.all_lines.update(ln.number for ln in header + sections)
    grid.title, grid.page, grid.line = normalise(title.text), title.page, title.number
    grid.pages = sorted({title.page} | set(grid.pages or [grid.page]))


def continues(previous: GridTable, grid: GridTable, page, previous_page,
              kind: str = "pdf") -> tuple[list[Line], list[int]] | None:
    """A table at the very top of a page goes on with the table that ended the page before: its
    header repeats the previous one's, or it has none and its columns line up with it. Returns
    the short label lines left below the previous part (a section heading that the page break
    separated from its rows) and the previous part's column under each of its columns, or None
    when the table does not go on."""
    if previous_page is None or previous.hint or grid.hint or not previous.pages \
            or grid.page != previous.pages[-1] + 1 or previous_page.number != grid.page - 1:
        return None
    if not page.lines:
        return None
    top = min([grid.line] + grid.header_lines)
    before = [ln for ln in page.lines if ln.number < top]
    # nothing above it on the page but, at most, its title again ("Investeringar …, forts.") and
    # a section heading over its first rows ("Omsättningstillgångar")
    if before and _repeats_title(before[0].text, previous.title):
        before = before[1:]
    tail = [ln for ln in previous_page.lines if ln.number > previous.end_line]
    headerless = not any(c.name for c in grid.columns) and not grid.title
    first = min((c.x0 for c in grid.columns), default=0.0)
    if len(tail) + len(before) > 2 or any(len(ln.text) > 60 or any(ch.isdigit() for ch in ln.text) for ln in tail + before) \
            or any(ln.x1 >= first for ln in before) or (before and not headerless):
        return None
    tail = tail + before
    # a title of its own ("Not 11 Inventarier" over the same dates) starts another table
    if grid.title and not _repeats_title(grid.title, previous.title):
        return None
    same = list(range(len(previous.columns)))
    if [c.name for c in grid.columns] == [c.name for c in previous.columns]:
        return tail, same
    named = _named_map([c.name for c in grid.columns], [c.name for c in previous.columns])
    if named is not None:
        return tail, named  # the header repeated, less a column none of its rows fill ("Not")
    if not headerless:
        return None
    if len(grid.columns) == len(previous.columns) and grid.fragment:
        return tail, same
    columns = column_map(grid, previous, kind)
    return (tail, columns) if columns is not None else None


def _named_map(names: list[str], previous: list[str]) -> list[int] | None:
    """Where each of a repeated header's columns stands in the previous part's, when its names are
    the previous part's in order, less some (every name there once)."""
    if not names or not all(names) or len(set(previous)) != len(previous) or len(names) >= len(previous):
        return None
    out, j = [], 0
    for name in names:
        while j < len(previous) and previous[j] != name:
            j += 1
        if j == len(previous):
            return None
        out.append(j)
        j += 1
    return out


def column_map(grid: GridTable, previous: GridTable, kind: str = "pdf") -> list[int] | None:
    """The previous part's column under each column of a headerless continuation, or None when
    its columns do not line up with the previous part's (or line up in more than one way). The
    columns keep their order; a continuation may fill fewer of them (a balansräkning's last rows
    have no Not). In a PDF a column lies over the same one on the next page. pdftotext -layout
    sets each page on its own character grid: the next page's columns stand where the previous
    page's would after one stretch (a few characters narrower or wider)."""
    cols, prev = grid.columns, previous.columns
    n, m = len(cols), len(prev)
    if not cols or n > m:
        return None
    centre = [(c.x0 + c.x1) / 2 for c in prev]
    spacing = min((b - a for a, b in zip(centre, centre[1:])), default=float("inf"))
    if kind == "layout" and n == m:
        # the same columns in the same order: a header wider than its figures ("Budgetavvikelse")
        # widens its column on the page it is printed on, so the stretch need not be even
        return list(range(m)) if all(0.6 <= c.x1 / max(p.x1, 1.0) <= 1.6 for c, p in zip(cols, prev)) else None
    fits = []
    for chosen in combinations(range(m), n):
        if kind == "layout":
            xs = [(c.x0 + c.x1) / 2 for c in cols]
            ys = [centre[j] for j in chosen]
            scale = _scale_fit(xs, ys)
            if not 0.7 <= scale <= 1.4:
                continue
            worst = max(abs(scale * x - y) for x, y in zip(xs, ys))
            if worst < 0.25 * spacing:
                fits.append((worst, list(chosen)))
        elif all(min(c.x1, prev[j].x1) > max(c.x0, prev[j].x0)
                 or abs(c.x1 - prev[j].x1) <= 0.15 * max(prev[j].x1 - prev[j].x0, 1.0) for c, j in zip(cols, chosen)):
            fits.append((0.0, list(chosen)))
    if len(fits) != 1 and not (len(fits) > 1 and n == m):
        return None  # no way, or more than one way, to put the columns under the previous ones
    return min(fits)[1]


def _scale_fit(xs: list[float], ys: list[float]) -> float:
    """Least-squares y = scale·x: a page's character grid starts at its left margin, the same on
    every page, so the stretch is about it."""
    return sum(x * y for x, y in zip(xs, ys)) / max(sum(x * x for x in xs), 1e-9)


def _onto_columns(grid: GridTable, previous: GridTable, chosen: list[int]) -> None:
    """A continuation's cells under the previous part's columns (it may fill fewer of them)."""
    if chosen == list(range(len(previous.columns))):
        return
    for row in grid.rows:
        cells = [GridCell() for _ in previous.columns]
        for cell, j in zip(row.cells, chosen):
            cells[j] = cell
        row.cells = cells
    grid.columns = list(previous.columns)


def _bare_title(text: str) -> str:
    """A title without its "forts." ("Balansräkning (tkr), forts." → "balansräkning (tkr)")."""
    low = " ".join(text.lower().split())
    return re.sub(r"[,(]?\s*(forts\.?|fortsättning|fortsatt)\)?\s*$", "", low).strip(" ,")


def _repeats_title(text: str, title: str) -> bool:
    low = " ".join(text.lower().split())
    bare = _bare_title(text)
    return bool(re.search(r"\bforts", low)) or (bool(title) and bare == " ".join(title.lower().split()))


def _join(first: GridTable, rest: GridTable) -> None:
    first.rows.extend(rest.rows)
    first.pages = sorted(set(first.pages) | set(rest.pages or [rest.page]))
    first.end_line = max(first.end_line, rest.end_line)
    first.all_lines |= rest.all_lines
    first.problems.extend(rest.problems)
    first.continued = True


# ---------------------------------------------------------------------------------------------
# the document


def read_layout(layout: Layout, source: str, sha256: str, file_lines: list[str] | None):
    return finish_layout(prepare_layout(layout, source, sha256, file_lines))


def prepare_layout(layout: Layout, source: str, sha256: str, file_lines: list[str] | None) -> tuple:
    """read_layout up to the tables: the rows, the metadata, the lines and the boxes as plain
    Python objects (no pandas)."""
    from granska.checks.readers.flows import reading_order
    from granska.checks.readers.layout import find_copies
    from granska.checks.readers.metadata import read_metadata
    from granska.checks.readers.text import read_body

    reading_order(layout)
    text = page_text(layout)
    grids = find_grids(layout)
    doc_lines = file_lines if file_lines is not None else text.lines
    # the reading text's index of each document line, and the pages
    index_of = {n: k for k, n in enumerate(text.number) if n is not None}
    vpages = {k + 1: p for k, p in enumerate(text.page)}
    regions = find_copies(text.lines, {})
    furniture = [ln.text for page in layout.pages[:3] for ln in page.dropped]
    meta = read_metadata(text.lines, furniture)
    year = meta["year"]
    skip = {index_of[n] for g in grids for n in g.all_lines if n in index_of}
    body = read_body(text.lines, regions, vpages, set(), year, skip=skip, text_tables=False, kind=meta["kind"])

    def real(v):
        """The document line of the reading text's 1-based line v (a blank: the line above it)."""
        if v is None:
            return None
        k = int(v) - 1
        while k >= 0 and (k >= len(text.number) or text.number[k] is None):
            k -= 1
        return text.number[k] if k >= 0 else 1

    for rows in (body.goals, body.indicators, body.activities, body.claims, body.problems):
        for row in rows:
            for key in ("line", "end_line", "value_line", "analysis_line", "analysis_end", "deviation_line"):
                if row.get(key) is not None:
                    row[key] = real(row[key])
    pages = {n: p for n, p in zip(text.number, text.page) if n is not None}
    copy_of = _copy_of(regions, text, index_of)
    _colour_goals(layout, text, grids, body, copy_of, index_of)
    goal_of = _goal_of(body.goals)
    _grid_rows(grids, body, copy_of, goal_of, year)
    if not body.goals and not body.indicators and not body.budget and not grids:
        raise InputError(source, "ingen rapport hittades: inga mål, indikatorer, aktiviteter eller tabeller "
                                 "(no report structure found)")
    for row in body.goals + body.indicators + body.activities + body.claims + body.problems:
        if row.get("line"):
            row["page"] = pages.get(int(row["line"]), row.get("page"))
    copies = max((r.copy for r in regions), default=1)
    meta.update({"source": source, "sha256": sha256, "copies": copies, "lines": len(doc_lines),
                 "pages": len(layout.pages)})
    for page in layout.pages:
        if not page.has_text:
            why = ("inskannad, tom eller skadad", "scanned, empty or damaged") if page.objects else \
                ("tom eller skadad", "empty or damaged")
            body.problems.append(problem("EXT007", None, page.number, 0, page_number=page.number, why=why[0],
                                         why_en=why[1]))
            body.inventory.append({
                "kind": "page", "what": "page", "title": f"sida {page.number}", "page": page.number, "line": None,
                "end_line": None, "copy": 0, "rows": 0, "rows_unread": 0, "columns": 0, "status": "unread",
                "reason": f"sidan har ingen text som kan läsas ({why[0]})",
                "reason_en": f"the page has no readable text ({why[1]})"})
    return body, meta, doc_lines, pages, {ln.number: ln.box() for ln in layout.lines()}, row_boxes(grids)


def finish_layout(prepared: tuple):
    """The Document of prepare_layout's parts: the rows as validated tables."""
    from granska.checks.readers.text import assemble

    body, meta, doc_lines, pages, line_boxes, boxes = prepared
    doc = assemble(body, meta, doc_lines, pages)
    doc.meta["line_boxes"] = line_boxes
    doc.meta["row_boxes"] = boxes
    return doc


def row_boxes(grids: list[GridTable]) -> dict[int, dict]:
    """Where each table row's cells are printed, for the pictures of the evidence (reports draw
    the cells a finding names): {first line of the row: {"end": its last line, "head": the
    table's title and header lines, "cells": {column name: [box, text]}}}; a box is [page, x0,
    top, x1, bottom] in PDF points from the top."""
    out: dict[int, dict] = {}
    for grid in grids:
        names = grid.column_names()
        head = sorted({grid.line, *grid.header_lines} - {0})
        for row in grid.rows:
            cells = {name: [[cell.box[0], *(round(v, 1) for v in cell.box[1:])], cell.text]
                     for name, cell in zip(names, row.cells) if cell.box}
            if cells:
                out[row.line] = {"end": row.end_line, "head": head, "cells": cells}
    return out


def _colour_goals(layout: Layout, text: Text, grids: list[GridTable], body, copy_of, index_of) -> None:
    """Goals whose verdicts are colours (checks.readers.verdicts): a goal table's Bedömning
    cells, coloured marks before headings. A goal the layout readers found keeps its words and
    gains a verdict it lacked; a goal they did not find is added. A verdict printed twice and
    differently is kept beside the goal (`other_verdicts`) for GOL008."""
    import json

    from granska.checks.readers import verdicts
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()
    meanings = verdicts.legend(text.lines, layout if layout.kind == "pdf" else None, vocab)
    skip = {n for g in grids for n in g.all_lines}
    found = []
    for grid in grids:
        if grid.hint == "goal":
            level = "nämndmål" if "nämnd" in " ".join(c.name for c in grid.columns).lower() + grid.label_header.lower() \
                else "mål"
            found += [dict(g, level=level) for g in verdicts.goal_rows(grid, layout if layout.kind == "pdf" else None,
                                                                        meanings, vocab)]
    headings = verdicts.icon_headings(layout, meanings, vocab, skip)
    if not found and not headings:
        return
    by_id = {str(g["id"]): g for g in body.goals}
    heading_ids = {h["id"] for h in headings}
    for mention in headings + found:
        ident = mention["id"] if re.fullmatch(r"\d+(\.\d+)?", mention["id"] or "") else ""
        goal = by_id.get(ident) if ident else next((g for g in body.goals if g["title"] == mention["title"]), None)
        if goal is None:
            if not ident and mention in found and any(h["title"] == mention["title"] for h in headings):
                continue
            ident = ident or f"N{len(body.goals) + 1}"
            goal = {"id": ident, "level": mention.get("level", "mål"), "parent": "", "title": mention["title"],
                    "status": mention["status"], "status_text": mention["status_text"],
                    "analysis": mention.get("comment", ""),
                    "indicator_analysis": "", "analysis_line": None, "analysis_end": None,
                    "verdict_source": mention["source"], "other_verdicts": "", "line": mention["line"],
                    "page": mention["page"], "copy": copy_of(mention["line"])}
            if mention in headings:
                _heading_analysis(goal, text, index_of, skip, {h["line"] for h in headings})
            body.goals.append(goal)
            by_id[ident] = goal
        elif goal.get("status") in (None, "", "saknas") and mention["status"] != "saknas":
            goal.update(status=mention["status"], status_text=mention["status_text"], verdict_source=mention["source"])
        elif mention["line"] != goal["line"] and (mention["status"] != "saknas" or mention["source"] == "none"):
            others = json.loads(goal.get("other_verdicts") or "[]")
            others.append({k: mention[k] for k in ("status", "status_text", "source", "line", "page")})
            goal["other_verdicts"] = json.dumps(others, ensure_ascii=False)
        if mention["status"] == "saknas" and mention["source"] in ("colour", "icon", "unreadable") \
                and not (ident in heading_ids and mention in found):
            body.inventory.append({
                "kind": "goal", "what": "verdict", "title": f"mål {goal['id']}", "page": mention["page"],
                "line": mention["line"], "end_line": mention["line"], "copy": copy_of(mention["line"]), "rows": 0,
                "rows_unread": 1, "columns": 0, "status": "unread",
                "reason": "bedömningen är tryckt som en färg " + (mention["status_text"] or "som texten inte återger"),
                "reason_en": "the verdict is printed as a colour " + ("the report's legend does not explain"
                                                                     if mention["status_text"] else "the text does not carry")})
    body.goals.sort(key=lambda g: (int(g["copy"]), int(g["line"])))


def _heading_analysis(goal: dict, text: Text, index_of: dict[int, int], skip: set[int], headings: set[int]) -> None:
    """The prose below a goal's heading, up to the next goal heading: its analysis."""
    from granska.checks.readers.layout import join_prose

    k = index_of.get(goal["line"])
    if k is None:
        return
    lines, numbers = [], []
    for j in range(k + 1, len(text.lines)):
        n = text.number[j]
        if n in headings:
            break
        if n is None or n in skip or not text.lines[j].strip():
            continue
        line = text.lines[j].strip()
        if lines and len(line.split()) <= 5 and not line.endswith((".", ",", ":", ";")) and line[:1].isupper() \
                and (j + 1 >= len(text.lines) or not text.lines[j + 1].strip() or text.lines[j + 1].strip()[:1].isupper()):
            break  # a heading ("Aktiviteter"): another part of the report, not the goal's analysis
        lines.append(text.lines[j])
        numbers.append(n)
    if lines:
        goal.update(analysis=join_prose(lines), analysis_line=numbers[0], analysis_end=numbers[-1])


def _copy_of(regions, text: Text, index_of: dict[int, int]):
    def copy_of(line: int) -> int:
        k = index_of.get(int(line))
        if k is None:
            return 1
        for r in regions:
            if r.start <= k < r.end:
                return r.copy
        return 1
    return copy_of


def _goal_of(goals: list[dict]):
    starts = sorted((int(g["line"]), int(g["copy"]), str(g["id"])) for g in goals)

    def goal_of(line: int) -> str:
        best = ""
        for gl, _, gid in starts:
            if gl <= line:
                best = gid
        return best
    return goal_of


_CONTENTS = re.compile(r"^(innehåll|innehållsförteckning|innehåll och sidor)\b", re.IGNORECASE)


def _contents(grid: GridTable) -> bool:
    """A table of contents: titled so, or one column of ascending page numbers without a header."""
    if _CONTENTS.match(grid.title or "") or _CONTENTS.match(grid.label_header or ""):
        return True
    if len(grid.columns) != 1 or grid.columns[0].name:
        return False
    pages = [r.cells[0].value for r in grid.data_rows if r.cells[0].is_figure]
    return len(pages) >= 2 and all(p is not None and float(p).is_integer() and 0 < p < 1000 for p in pages) \
        and pages == sorted(pages)


def _grid_rows(grids: list[GridTable], body, copy_of, goal_of, year) -> None:
    """Each grid's rows into the body's tables, and what was read of it into the inventory."""
    from granska.checks.readers import finance, headed_rows
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()
    names: dict[tuple[str, int], int] = {}
    for grid in grids:
        entry = {"kind": "table", "title": grid.title or grid.label_header, "page": grid.page, "line": grid.line,
                 "end_line": grid.end_line, "copy": copy_of(grid.line), "columns": len(grid.columns),
                 "rows": 0, "rows_unread": len(grid.problems), "status": "read", "reason": "", "reason_en": ""}
        if _contents(grid):
            continue  # a table of contents: page numbers, not figures
        if grid.hint == "indicator" or (not grid.hint and headed_rows.is_indicator_table(grid)):
            rows, problems = headed_rows.indicator_rows(grid, copy_of, goal_of, year, {g["id"] for g in body.goals})
            body.indicators.extend(rows)
            body.problems.extend(problems)
            entry.update(what="indicator", rows=len(rows))
            goals = list(dict.fromkeys(str(r["goal"]) for r in rows if r.get("goal")))
            if not grid.title and len(goals) == 1:  # "Indikator" says less than whose indicators they are
                entry["title"] = f"Indikatorer, mål {goals[0]}"
        elif grid.hint == "goal":
            entry.update(what="goal", rows=len(grid.data_rows))
            inner = headed_rows.indicators_of_goal_table(grid)
            if inner is not None:  # "Mål | Indikator | Utfall 2025 | Målvärde | Bedömning": each row's indicator
                rows, problems = headed_rows.indicator_rows(inner, copy_of, goal_of, year, set())
                body.indicators.extend(rows)
                body.problems.extend(problems)
        elif grid.hint == "activity":
            rows = headed_rows.activity_rows(grid, copy_of, goal_of, {g["id"] for g in body.goals})
            body.activities.extend(rows)
            entry.update(what="activity", rows=len(rows))
        elif not any(c.name for c in grid.columns):
            entry.update(what="unknown", status="unread", reason="tabellen saknar kolumnrubriker",
                         reason_en="the table has no column headers", rows=0, rows_unread=len(grid.data_rows))
        else:
            name = finance.table_name(grid, vocab)
            copy = copy_of(grid.line)
            seen = names.get((name, copy), 0)
            names[(name, copy)] = seen + 1
            table_name = name if not seen else f"{name} ({seen + 1})"
            rows, cols = finance.rows_of(grid, table_name, copy_of, vocab, year)
            body.budget.extend(rows)
            body.budget_cols.extend(cols)
            entry.update(what=finance.table_kind(grid, vocab), title=table_name, rows=len(rows))
        for p in grid.problems:
            body.problems.append({**p, "copy": copy_of(p["line"])})
        if entry["status"] == "read" and entry["rows_unread"]:
            entry["status"] = "partial"
        body.inventory.append(entry)
