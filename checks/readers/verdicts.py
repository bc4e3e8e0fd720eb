"""Verdicts printed as colours: a coloured cell in a goal table's Bedömning column, a coloured
circle before a goal's heading.

A colour is a verdict only by what the report says it means: a legend it prints ("Grön = Målet
är uppfyllt, Gul = Målet är delvis uppfyllt", or coloured marks each followed by its words) or a
mapping the user gives in YAML (rules/vocabulary.yaml `colour_verdicts`, extended with --rules).
Without either the goal is read with its verdict unreadable and listed as such: granska never
guesses what green means. Text without colours (pdftotext) holds no verdict for a coloured cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from granska.checks.readers.grid import GridTable
from granska.checks.readers.pages import Fill, Layout, Line

_COLOURS = r"grön|gul|röd|orange|grå|blå|ljusgrön|mörkgrön"
_LEGEND = re.compile(r"(?P<colour>" + _COLOURS + r")\w*\s*(?:=|:|–|-)\s*(?P<meaning>[^,;=]+?)"
                     r"(?=\s*[,;]|\s*$|\s+(?:" + _COLOURS + r")\w*\s*(?:=|:|–|-))", re.IGNORECASE)
# a numbered goal heading after its coloured mark: "● 1. Gator och cykelvägar är trygga"
_ICON_HEADING = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.?\s+(?P<title>[A-ZÅÄÖ].{3,200})$")
SYMBOLS = set("●○◉⬤■□▲►◆✓✔✗✘★")
# "Ej aktuellt", "Ej mätt", "Utgår": the goal was not judged, not judged unmet
_NOT_JUDGED = re.compile(r"\b(ej|inte)\s+(aktuell|aktuellt|mätt|mätbart|bedöm\w*)|\butgår\b|\bej\s+tillämpligt", re.IGNORECASE)


@dataclass
class Verdict:
    status: str  # helt | delvis | inte | ej bedömd | saknas (unreadable)
    text: str  # what the report says the colour means, or why it could not be read
    colour: str  # the colour's name ("grön"), "" when none


def legend(lines: list[str], layout: Layout | None, vocab) -> dict[str, str]:
    """colour name -> the words the report gives it ("grön" -> "Målet är uppfyllt"); the user's
    mapping (vocabulary colour_verdicts) for colours the report does not explain."""
    found: dict[str, str] = {}
    for line in lines:
        for m in _LEGEND.finditer(line):
            found.setdefault(m.group("colour").lower(), m.group("meaning").strip(" ."))
    if layout is not None:
        for line in layout.lines():
            for k, word in enumerate(line.words[:-1]):
                if word.text[:1] in SYMBOLS and word.color is not None:
                    name = vocab.colour_name(word.color)
                    rest = " ".join(w.text for w in line.words[k + 1:k + 6])
                    if name and not found.get(name) and _is_verdict_phrase(rest):
                        found[name] = rest
    for name, words in vocab.colour_verdicts.items():
        found.setdefault(name, words)
    return found


def _is_verdict_phrase(text: str) -> bool:
    return bool(re.search(r"uppfyll|uppnå|\bnås\b|\bnått|bedöm", text, re.IGNORECASE))


def read_colour(rgb, meanings: dict[str, str], vocab) -> Verdict:
    from granska.checks.readers.stockholm import status_of

    name = vocab.colour_name(rgb) if rgb is not None else ""
    if not name:
        return Verdict("saknas", "", "")
    meaning = meanings.get(name)
    if not meaning:
        return Verdict("saknas", f"{name} (ingen teckenförklaring säger vad färgen betyder)", name)
    return Verdict(status_of(meaning), f"{name}: {meaning}", name)


def cell_colour(fills: list[Fill], box: list | None, x0: float, x1: float):
    """The colour of the fill that covers most of a table cell (row box × column range), named
    colours only: a header's grey or a zebra stripe is no verdict."""
    if box is None:
        return None
    top, bottom = box[2], box[4]
    best, area = None, 0.0
    for f in fills:
        w = min(f.x1, x1) - max(f.x0, x0)
        h = min(f.bottom, bottom + 2) - max(f.top, top - 2)
        if w > 0 and h > 0 and w * h > area:
            best, area = f.color, w * h
    return best


def goal_rows(grid: GridTable, layout: Layout | None, meanings: dict[str, str], vocab) -> list[dict]:
    """A goal table's goals: id, title, the verdict of its Bedömning cell (words, a coloured
    mark, or the cell's colour)."""
    from granska.checks.readers.stockholm import status_of

    fields = grid.fields[1:]
    page = {p.number: p for p in layout.pages} if layout is not None else {}
    out = []
    # verdicts printed as words in the other rows: a blank cell is no verdict, not a colour the text lost
    worded = "verdict" in fields and any(
        (c := dict(zip(fields, r.cells))["verdict"].text) and not all(ch in SYMBOLS or ch.isspace() for ch in c)
        for r in grid.data_rows)
    for row in grid.data_rows:
        cells = dict(zip(fields, row.cells))
        columns = dict(zip(fields, grid.columns))
        first = grid.fields[0]
        title = (cells["title"].text if "title" in cells else "") or (row.label if first == "title" else "")
        ident = (cells["id"].text if "id" in cells else "") or (row.label if first == "id" else "")
        if not title:
            continue
        words = cells["verdict"].text if "verdict" in cells else ""
        if words and not all(ch in SYMBOLS or ch.isspace() for ch in words):
            verdict = Verdict("ej bedömd" if _NOT_JUDGED.search(words) else status_of(words), words, "")
            source = "text"
        else:
            col = columns.get("verdict")
            rgb = None
            if col is not None and row.page in page:
                rgb = _glyph_colour(page[row.page].lines, row, col) or cell_colour(page[row.page].fills, row.box, col.x0, col.x1)
            verdict = read_colour(rgb, meanings, vocab) if rgb is not None else Verdict("saknas", "", "")
            source = "colour" if rgb is not None else \
                ("unreadable" if (layout is None and not worded) or words else "none")
        comment = cells["comment"].text if "comment" in cells else ""
        out.append({"id": ident.rstrip("."), "title": title, "status": verdict.status, "status_text": verdict.text,
                    "source": source, "line": row.line, "page": row.page, "comment": comment})
    return out


def _glyph_colour(lines: list[Line], row, col):
    for line in lines:
        if row.line <= line.number <= row.end_line:
            for w in line.words:
                if w.text[:1] in SYMBOLS and w.color is not None and col.x0 <= w.center <= col.x1:
                    return w.color
    return None


def icon_headings(layout: Layout, meanings: dict[str, str], vocab, skip: set[int]) -> list[dict]:
    """Goal headings led by a coloured mark ("● 1. Gator och cykelvägar …"): id, title, verdict."""
    out = []
    for line in layout.lines():
        if line.number in skip or len(line.words) < 3 or line.words[0].text not in SYMBOLS:
            continue
        rest = " ".join(w.text for w in line.words[1:])
        m = _ICON_HEADING.match(rest)
        if not m:
            continue
        rgb = line.words[0].color
        verdict = read_colour(rgb, meanings, vocab) if rgb is not None else \
            Verdict("saknas", "", "")
        out.append({"id": m.group("num"), "title": m.group("title").strip(), "status": verdict.status,
                    "status_text": verdict.text, "source": "icon" if rgb is not None else "unreadable",
                    "line": line.number, "page": line.page})
    return out
