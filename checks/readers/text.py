"""Read a report's extracted text into a Document of validated tables."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from granska.checks.document import Document
from granska.checks.errors import InputError
from granska.checks.numbers import parse_cell_number
from granska.checks.problems import problem
from granska.checks.readers import budget as budget_reader
from granska.checks.readers import claims as claims_reader
from granska.checks.readers.layout import find_copies, find_page_markers, page_map
from granska.checks.readers.layouts import read_copy
from granska.checks.readers.metadata import read_metadata
from granska.checks.readers.source import decode_text, read_bytes, sha256_of
from granska.checks.readers.indicators import period_kind
from granska.checks.readers.wordends import restore_word_ends



def read_text_file(path: str | Path) -> Document:
    path = Path(path)
    data = read_bytes(path)
    text = decode_text(data, path)
    return parse_text(text, source=str(path), sha256=sha256_of(data))


def parse_text(text: str, source: str = "<text>", sha256: str | None = None) -> Document:
    """Flattened text (the sample's layout) or text that keeps the page's columns (`pdftotext
    -layout`), told apart by the text itself."""
    if sha256 is None:
        sha256 = sha256_of(text.encode("utf-8"))
    raw_lines = text.split("\n")
    from granska.checks.readers.layout_text import looks_like_layout_text

    if looks_like_layout_text(raw_lines):
        from granska.checks.readers.geometry import read_layout_text_document

        return read_layout_text_document(raw_lines, source, sha256)
    return parse_flat_text(raw_lines, source, sha256)


# Text whose every table cell is a paragraph of its own (plain `pdftotext`, most PDF-to-text
# tools): figures stand alone between blank lines, far more than in the sample's flattened cells
# (6 %). Rows cannot be told apart there, so such tables are not read, and the report says so.
CELL_PARAGRAPHS_SHARE = 0.8
CELL_PARAGRAPHS_MIN = 30
INDICATOR_ROW_PROBLEMS = {"EXT001", "EXT002", "EXT003", "EXT004", "EXT005", "EXT006"}


def cell_paragraphs(lines: list[str]) -> tuple[int, int]:
    """(figure lines standing alone between blank lines, figure lines)."""
    alone = figures = 0
    for i, line in enumerate(lines):
        if not line.strip() or parse_cell_number(line) is None:
            continue
        figures += 1
        if (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip()):
            alone += 1
    return alone, figures


def parse_flat_text(raw_lines: list[str], source: str, sha256: str) -> Document:
    lines = restore_word_ends([ln.replace("\f", "") for ln in raw_lines])
    markers_map = find_page_markers(lines)
    markers = set(markers_map)
    # Form feeds give every line its physical page; without them only printed page numbers can.
    pages = form_feed_pages(raw_lines) or page_map(markers_map, len(lines))
    regions = find_copies(lines, markers_map)
    meta = read_metadata(lines)
    year, kind = meta["year"], meta["kind"]
    alone, figures = cell_paragraphs(lines)
    cells_apart = figures >= CELL_PARAGRAPHS_MIN and alone >= CELL_PARAGRAPHS_SHARE * figures
    body = read_body(lines, regions, pages, markers, year, kind=kind, text_tables=not cells_apart)
    if cells_apart:
        _tables_not_read(body, alone)
    if not body.goals and not body.indicators and not body.budget:
        if cells_apart:
            raise InputError(source, "tabellernas celler står i stycken för sig (text ur pdftotext utan -layout?) "
                                     "och kan inte läsas; kör granska på PDF-filen eller på text ur pdftotext -layout")
        raise InputError(source, "ingen rapport hittades: inga mål, indikatorer, aktiviteter eller budgettabeller "
                                 "(no report structure found)")
    copies = max((r.copy for r in regions), default=1)
    meta.update({"source": source, "sha256": sha256, "copies": copies, "lines": len(lines)})
    return assemble(body, meta, lines, pages)


def _tables_not_read(body: "Body", cells: int) -> None:
    """Text with its table cells in paragraphs of their own: the goals and the prose are read, the
    indicator rows are dropped (their figures cannot be put in columns), and the report says so."""
    body.indicators = []
    body.problems = [p for p in body.problems if p["code"] not in INDICATOR_ROW_PROBLEMS]  # rows no longer read
    body.problems.append(problem("EXT011", None, None, 0, cells=cells))
    body.inventory.append({
        "kind": "text", "what": "tables", "title": "tabellerna", "page": None, "line": None, "end_line": None,
        "copy": 0, "rows": 0, "rows_unread": 0, "columns": 0, "status": "unread",
        "reason": "tabellernas celler står i stycken för sig; kör granska på PDF-filen",
        "reason_en": "the tables' cells are paragraphs of their own; run granska on the PDF"})


class Body:
    """What the body readers found in a document's lines (1-based line numbers)."""

    def __init__(self):
        self.goals: list[dict] = []
        self.indicators: list[dict] = []
        self.activities: list[dict] = []
        self.budget: list[dict] = []
        self.budget_cols: list[dict] = []
        self.claims: list[dict] = []
        self.problems: list[dict] = []
        self.inventory: list[dict] = []
        self.consumed: set[int] = set()


def read_body(lines: list[str], regions, pages: dict[int, int], markers: set[int], year: int | None,
              skip: set[int] | frozenset = frozenset(), text_tables: bool = True, kind: str = "okänd") -> Body:
    """Goals, indicators and activities (the layout readers), budget tables read from the text
    (flattened text only: other sources bring their tables as grids) and prose claims, copy by
    copy. `skip`: 0-based lines that belong to tables read otherwise."""
    body = Body()
    stripped = [ln.strip() for ln in lines]  # once for the whole document, shared by the readers
    goal_starts: list[tuple[int, str]] = []
    for region in regions:
        if region.copy == 0:
            continue
        used: set[int] = set()
        if text_tables:
            rows, cols, used = budget_reader.find_budget_tables(lines, region.start, region.end, region.copy, pages,
                                                                markers, year, body.inventory)
            body.budget.extend(rows)
            body.budget_cols.extend(cols)
        skipped = {u - 1 for u in used} | set(skip)
        parser = read_copy(lines, region.start, region.end, region.copy, pages, markers, skipped, year, stripped, kind)
        g, ind, act = parser.rows()
        body.goals.extend(g)
        body.indicators.extend(ind)
        body.activities.extend(act)
        body.problems.extend(parser.problems)
        body.consumed |= used | parser.consumed
        goal_starts.extend((row["line"], row["id"]) for row in g)
    goal_starts.sort()
    consumed = body.consumed | {k + 1 for k in skip}
    figures_memo: dict[str, str] = {}  # the copies repeat their sentences: find their figures once
    for region in regions:
        body.claims.extend(claims_reader.read_claims(lines, region.start, region.end, region.copy, pages, markers,
                                                     consumed, goal_starts if region.copy else [], figures_memo))
    return body


def assemble(body: Body, meta: dict, lines: list[str], pages: dict[int, int]) -> Document:
    """The body's rows as validated tables in a Document."""
    import pandas as pd

    from granska.checks import model
    from granska.checks.catalogue import direction_of

    for row in body.indicators:
        row["direction"] = direction_of(row["name"], row.get("target_text", ""), row.get("kf_target_text", ""))
        row["period_kind"] = period_kind(row.get("period"))
    tables = {
        "goals": pd.DataFrame(body.goals, columns=model.COLUMNS["goals"]),
        "indicators": pd.DataFrame(body.indicators, columns=model.COLUMNS["indicators"]),
        "activities": pd.DataFrame(body.activities, columns=model.COLUMNS["activities"]),
        "budget": model.budget_frame(body.budget),
        "budget_columns": pd.DataFrame(body.budget_cols, columns=model.COLUMNS["budget_columns"]).drop_duplicates(),
        "claims": pd.DataFrame(body.claims, columns=model.COLUMNS["claims"]),
    }
    tables, schema_problems = model.validate(tables)
    problems = body.problems + schema_problems
    return Document(meta=meta, tables=tables, lines=lines, pages=pages, problems=problems, inventory=body.inventory)


def form_feed_pages(raw_lines: list[str]) -> dict[int, int]:
    """Physical pages counted from form feeds (pdftotext starts every page after the first with
    one): line -> page, every line; empty when the text has none."""
    if not any("\f" in ln for ln in raw_lines):
        return {}
    out, page = {}, 1
    for n, ln in enumerate(raw_lines, start=1):
        page += ln.count("\f")
        out[n] = page
    return out
