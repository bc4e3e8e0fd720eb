"""Reading order of a page: running headers and footers set aside, two-column text unwoven.

- Page furniture: a line in the top or bottom band of a page that is a page number, "Sida 3 av
  12", a print date (vocabulary: page_furniture), or that recurs on other pages in the same band
  with only its digits changed ("Kultur- och fritidsnämnden · Årsbokslut 2025 · 3"). It is not
  content: a table continues across it, a sentence runs on past it.
- Columns: a run of lines that all leave one vertical strip empty, with prose on both sides of
  it in several lines, is a two-column passage: its left column is read before its right one.
  A line that crosses the strip (a full-width heading or table) ends the passage. Tables are
  not split: both sides must be prose (words, not figures).
"""
from __future__ import annotations

import re
from collections import Counter

from granska.checks.readers.pages import Layout, Line, Page, chunk_words

BAND = 0.09  # top and bottom share of a PDF page where running headers and footers sit
TEXT_BAND_LINES = 2  # lines at the top and bottom of a -layout text page
_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"(?:^|\bsida\s+)(\d{1,4})(?:\s*(?:\(|/|av)\s*\d{1,4}\)?)?$", re.IGNORECASE)
GUTTER_CHARS = 1.5  # a gutter is at least 1.5 font sizes wide
MIN_TWO_SIDED = 3


def _band_lines(page: Page, kind: str) -> tuple[list[Line], list[Line]]:
    if not page.lines:
        return [], []
    if kind == "layout":
        return page.lines[:TEXT_BAND_LINES], page.lines[-TEXT_BAND_LINES:]
    top = [ln for ln in page.lines[:3] if ln.bottom <= BAND * page.height]
    bottom = [ln for ln in page.lines[-3:] if ln.top >= (1 - BAND) * page.height]
    return top, bottom


def _shape(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.lower().split()))


def _set_apart(page: Page, line: Line, kind: str) -> bool:
    """A running header or footer stands apart from the body: a wider gap than between lines
    (a table's header repeated at the top of each page does not)."""
    k = page.lines.index(line)
    neighbours = [page.lines[j] for j in (k - 1, k + 1) if 0 <= j < len(page.lines)]
    for other in neighbours:
        if kind == "layout":
            if abs(other.number - line.number) <= 1:
                return False
        elif max(other.top - line.bottom, line.top - other.bottom) < 0.8 * line.height:
            return False
    return True


def drop_furniture(layout: Layout) -> None:
    """Move running headers and footers of every page to page.dropped; note printed page numbers."""
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()
    bands = [_band_lines(p, layout.kind) for p in layout.pages]
    recurring: Counter = Counter()
    for top, bottom in bands:
        recurring.update({("t", _shape(ln)) for ln in top} | {("b", _shape(ln)) for ln in bottom})
    # A running header or footer is on most pages; a heading that happens to open two pages is not.
    need = max(2, (len(layout.pages) + 1) // 2)
    for page, (top, bottom) in zip(layout.pages, bands):
        drop = []
        for where, lines in (("t", top), ("b", bottom)):
            for ln in lines:
                text = ln.text.strip()
                if vocab.is_furniture(text) or (recurring[(where, _shape(ln))] >= need and len(text) < 160
                                                and _set_apart(page, ln, layout.kind)):
                    drop.append(ln)
        # A band line is furniture only from the page's edge inwards: a footer does not jump over content.
        edge_top = [ln for ln in top if ln in drop]
        edge_top = edge_top if top[:len(edge_top)] == edge_top else []
        edge_bottom = [ln for ln in bottom if ln in drop]
        edge_bottom = edge_bottom if bottom[len(bottom) - len(edge_bottom):] == edge_bottom else []
        gone = {id(ln) for ln in edge_top + edge_bottom}
        page.dropped = [ln for ln in page.lines if id(ln) in gone]
        page.lines = [ln for ln in page.lines if id(ln) not in gone]
        for ln in page.dropped:
            for chunk in reversed(ln.chunks):
                m = _PAGE_NO.search(chunk.text.strip())
                if m:
                    page.printed_number = int(m.group(1))
                    break
            if page.printed_number is not None:
                break


def _prose_like(words) -> bool:
    letters = sum(1 for w in words if any(ch.isalpha() for ch in w.text))
    return len(words) >= 2 and letters >= 0.7 * len(words)


def _column_text(words) -> bool:
    """A line of a column of prose: words, enough of them to be running text (a table's header
    cells, "Indikator Periodens Utfall", are words too, but few and short)."""
    return _prose_like(words) and (len(words) >= 4 or sum(len(w.text) for w in words) >= 25)


def _split(line: Line, x: float) -> tuple[Line | None, Line | None]:
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    out = []
    for ws in (left, right):
        if ws:
            part = Line(ws, line.page, line.number)
            part.chunks = chunk_words(ws)
            out.append(part)
        else:
            out.append(None)
    return out[0], out[1]


def _side(line: Line, x: float) -> str:
    """Where a line lies against a gutter at x: "L", "R", "LR" (both, a gutter between) or "X"
    (across it: a full-width heading, a table row)."""
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    if len(left) + len(right) < len(line.words):
        return "X"
    if left and right:
        apart = min(w.x0 for w in right) - max(w.x1 for w in left) >= GUTTER_CHARS * line.size
        # two columns of prose; a label and its figures (a table row) are one line across
        return "LR" if apart and _column_text(left) and _column_text(right) else "X"
    return "L" if left else "R"


def _candidates(lines: list[Line], i: int, width: float) -> list[float]:
    """Gutters to try from lines[i:i+4]: the middle of a wide gap between two chunks, or just left
    of a line that starts well into the page (a right column whose lines do not share the left
    column's baselines)."""
    out = []
    for ln in lines[i:i + 4]:
        for a, b in zip(ln.chunks, ln.chunks[1:]):
            if b.x0 - a.x1 >= GUTTER_CHARS * ln.size:
                out.append((a.x1 + b.x0) / 2)
        if ln.x0 > 0.3 * width:
            out.append(ln.x0 - 0.5 * ln.size)
    return sorted(set(round(x, 1) for x in out))


def unweave(page: Page, kind: str = "pdf") -> None:
    """Reorder the page's two-column passages: left column, then right column."""
    lines = page.lines
    width = page.width or max((ln.x1 for ln in lines), default=0.0)
    out: list[Line] = []
    i = 0
    floor = 0  # lines before this index are read already (a passage ended there)
    while i < len(lines):
        found = _passage(lines, i, width, kind)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        end, x = found
        start = i
        # the passage's first lines: headings over both columns' first goals, a heading's last
        # word beside the other column's text ("trygga" | "Målet bedöms uppfyllas delvis"),
        # starting where the columns start
        edges = _column_starts(lines[i:end], x)
        while start > floor and _heads_columns(lines[start - 1], x, edges):
            start -= 1
            out.pop()
        lefts, rights = [], []
        for ln in lines[start:end]:
            left, right = _split(ln, x)
            if left is not None:
                lefts.append(left)
            if right is not None:
                rights.append(right)
        out.extend(lefts + rights)
        i = floor = end
    page.lines = out


def _column_starts(lines: list[Line], x: float) -> tuple[float, float]:
    """Where the left and the right column of a passage start."""
    lefts = [min(w.x0 for w in ln.words if w.x1 <= x) for ln in lines if any(w.x1 <= x for w in ln.words)]
    rights = [min(w.x0 for w in ln.words if w.x0 >= x) for ln in lines if any(w.x0 >= x for w in ln.words)]
    return (min(lefts) if lefts else x, min(rights) if rights else x)


def _heads_columns(line: Line, x: float, edges: tuple[float, float]) -> bool:
    """A line just above a two-column passage that belongs to it: its words keep to either side
    of the gutter, a gutter apart where both sides hold some, each side starting where its
    column starts, and they are words, not a row of figures."""
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    if len(left) + len(right) < len(line.words):
        return False
    if left and right and min(w.x0 for w in right) - max(w.x1 for w in left) < GUTTER_CHARS * line.size:
        return False
    for side, edge in ((left, edges[0]), (right, edges[1])):
        if side and abs(side[0].x0 - edge) > 0.5 * line.size:
            return False
    return sum(1 for w in line.words if any(ch.isalpha() for ch in w.text)) >= 0.7 * len(line.words)


def _passage(lines: list[Line], i: int, width: float, kind: str = "pdf") -> tuple[int, float] | None:
    """(end, x of the gutter) of a two-column passage starting at lines[i], or None. The lines
    keep to one side of the gutter or the other (or stand on both, a gutter between); both sides
    hold prose in at least MIN_TWO_SIDED lines. A line across the gutter ends it, and so does a
    line set apart from the column above it that the next lines cross the gutter after: the
    title of what follows (a table), not the column's end."""
    best = None
    for x in _candidates(lines, i, width):
        sides: list[str] = []
        j = i
        while j < len(lines):
            side = _side(lines[j], x)
            if side == "X" or (side in ("L", "R") and not _prose_like(lines[j].words) and len(lines[j].words) > 3):
                break
            if side in ("L", "R") and sides and _set_apart_before(lines, j, side, x, kind) and _crossed_soon(lines, j, x):
                break
            sides.append(side)
            j += 1
        left = sum(1 for s, ln in zip(sides, lines[i:j]) if "L" in s and (s == "LR" or _column_text(ln.words)))
        right = sum(1 for s, ln in zip(sides, lines[i:j]) if "R" in s and (s == "LR" or _column_text(ln.words)))
        if left >= MIN_TWO_SIDED and right >= MIN_TWO_SIDED and (best is None or j > best[0]) \
                and not _under_a_header(lines, i, j, x):
            best = (j, x)
    return best


def _under_a_header(lines: list[Line], i: int, j: int, x: float) -> bool:
    """Text columns under a table's header ("Nr | Nämndmål | Bedömning | Kommentar"): a table
    whose cells hold sentences, not two columns of prose. The header is a line of three or more
    cells just above, one of which starts where the right-hand text starts."""
    starts = [min(w.x0 for w in ln.words if w.x0 >= x) for ln in lines[i:j] if any(w.x0 >= x for w in ln.words)]
    if not starts:
        return False
    right = min(starts)
    for k in range(i - 1, max(-1, i - 40), -1):  # up to the first line that runs across the gutter
        ln = lines[k]
        if _figure_row(ln):
            return False  # a row of figures: the table above has ended, its header is not over this text
        if len(ln.chunks) >= 3 and any(abs(c.x0 - right) <= max(2.0, 0.5 * ln.size) for c in ln.chunks):
            return True
        if _crosses(ln, x):
            return False
    return False


def _figure_row(line: Line) -> bool:
    """A table's row of figures: three or more cells, most of them numbers."""
    figures = sum(1 for c in line.chunks if not any(ch.isalpha() for ch in c.text))
    return len(line.chunks) >= 3 and figures > len(line.chunks) / 2


def _crosses(line: Line, x: float) -> bool:
    """Text runs across x: a word over it, or words on both sides closer than a gutter."""
    if any(w.x0 < x < w.x1 for w in line.words):
        return True
    left = [w.x1 for w in line.words if w.x1 <= x]
    right = [w.x0 for w in line.words if w.x0 >= x]
    return bool(left and right) and min(right) - max(left) < GUTTER_CHARS * line.size


def _set_apart_before(lines: list[Line], j: int, side: str, x: float, kind: str = "pdf") -> bool:
    """Line j stands apart from the column line above it: more than a line's spacing between them
    in a PDF, a blank line between them in -layout text (its lines are one unit high)."""
    prev = next((lines[k] for k in range(j - 1, -1, -1) if side in _side(lines[k], x)), None)
    if prev is None:
        return False
    if kind == "layout":
        return lines[j].top - prev.bottom >= 0.99
    return lines[j].top - prev.bottom > 1.2 * max(prev.height, 1e-6)


def _crossed_soon(lines: list[Line], j: int, x: float) -> bool:
    """The passage ends within the next lines: a line across the gutter, or a table's line on
    one side of it (a balansräkning's header "Not 2025 2024 2025 2024" right of the gutter)."""
    return any(_side(ln, x) == "X" or (not _prose_like(ln.words) and len(ln.words) > 3) for ln in lines[j + 1:j + 4])


def reading_order(layout: Layout) -> None:
    drop_furniture(layout)
    for page in layout.pages:
        unweave(page, layout.kind)
