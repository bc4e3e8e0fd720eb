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

from checks.readers.pages import Layout, Line, Page, chunk_words

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
    from checks.readers.vocabulary import vocabulary

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
    return len(words) >= 3 and letters >= 0.7 * len(words)


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


def _gutters(line: Line) -> list[tuple[float, float]]:
    size = line.size
    return [(a.x1, b.x0) for a, b in zip(line.chunks, line.chunks[1:]) if b.x0 - a.x1 >= GUTTER_CHARS * size]


def unweave(page: Page) -> None:
    """Reorder the page's two-column passages: left column, then right column."""
    lines = page.lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        region = _passage(lines, i)
        if region is None:
            out.append(lines[i])
            i += 1
            continue
        end, x = region
        # Lines just above that keep to one side belong to the passage too (a column may start
        # a line higher than its neighbour).
        start = i
        while out and start > 0 and _one_sided(out[-1], x):
            out.pop()
            start -= 1
        lefts, rights = [], []
        for ln in lines[start:end]:
            left, right = _split(ln, x)
            if left is not None:
                lefts.append(left)
            if right is not None:
                rights.append(right)
        out.extend(lefts + rights)
        i = end
    page.lines = out


def _one_sided(line: Line, x: float) -> bool:
    return (all(w.x1 <= x for w in line.words) or all(w.x0 >= x for w in line.words)) and _prose_like(line.words)


def _passage(lines: list[Line], i: int) -> tuple[int, float] | None:
    """(end, x of the gutter) of a two-column passage starting at lines[i], or None."""
    first = lines[i]
    for g0, g1 in _gutters(first):
        lo, hi = g0, g1
        two_sided = 0
        j = i
        while j < len(lines):
            ln = lines[j]
            inside = [w for w in ln.words if w.x1 > lo and w.x0 < hi]
            if inside:
                # the line narrows the gutter only if words still leave a strip free
                left_edge = max((w.x1 for w in ln.words if w.x1 <= (lo + hi) / 2), default=lo)
                right_edge = min((w.x0 for w in ln.words if w.x0 >= (lo + hi) / 2), default=hi)
                if any(w.x0 < (lo + hi) / 2 < w.x1 for w in ln.words) or right_edge - left_edge < GUTTER_CHARS * ln.size:
                    break
                lo, hi = max(lo, left_edge), min(hi, right_edge)
            left = [w for w in ln.words if w.x1 <= lo]
            right = [w for w in ln.words if w.x0 >= hi]
            if left and right:
                if not (_prose_like(left) and _prose_like(right)):
                    break
                two_sided += 1
            elif not _prose_like(left or right) and len(left or right) > 2:
                break
            j += 1
        if two_sided >= MIN_TWO_SIDED and j - i >= MIN_TWO_SIDED:
            return j, (lo + hi) / 2
    return None


def reading_order(layout: Layout) -> None:
    drop_furniture(layout)
    for page in layout.pages:
        unweave(page)
