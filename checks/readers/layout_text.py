"""`pdftotext -layout` text as pages of positioned words.

The text keeps the page's geometry in characters: a character's column is its x, a line's index
its y, a form feed ends a page. So the same table finder reads it as reads a PDF. A word space is
one space; a cell gap is two or more (pdftotext compresses wide gaps, but never to fewer than
one space, so a table may still print two cells one space apart: the table finder decides those
by the columns' alignment, not by the gap).

Line numbers are the file's own, as an editor counts them; a form feed does not add a line.
"""
from __future__ import annotations

import re

from granska.checks.readers.pages import Layout, Line, Page, Word, chunk_words

CHAR_SIZE = 2.5  # gap_factor 0.5 × 2.5 = 1.25 characters: one space joins, two split
_TOKEN = re.compile(r"\S+")
# Share of content lines that must hold a wide gap between two words for text to be -layout text.
WIDE_GAP_SHARE = 0.12
_WIDE_GAP = re.compile(r"\S {3,}\S")
_WIDE_GAPS = re.compile(r"\S {3,}(?=\S)")


def looks_like_layout_text(lines: list[str]) -> bool:
    """Text from `pdftotext -layout` (or any tool that keeps columns) rather than flattened text:
    many lines hold words three or more spaces apart (cells side by side, indented values)."""
    content = [ln for ln in lines if ln.strip()]
    if len(content) < 5:
        return False
    wide = sum(1 for ln in content if _WIDE_GAP.search(ln.strip()))
    if wide >= WIDE_GAP_SHARE * len(content):
        return True
    # pages of prose around one small table: pdftotext's form feeds, and rows of three or more
    # cells side by side (flattened text has neither)
    rows = sum(1 for ln in content if len(_WIDE_GAPS.findall(ln.strip())) >= 2)
    return any("\f" in ln for ln in lines) and rows >= 4


def split_pages(lines: list[str]) -> list[tuple[int, list[tuple[int, str]]]]:
    """(page number, [(1-based line number, text without form feeds)]) per form-feed page."""
    pages: list[tuple[int, list[tuple[int, str]]]] = [(1, [])]
    for n, raw in enumerate(lines, start=1):
        if "\f" in raw:
            head, *rest = raw.split("\f")
            if head.strip():
                pages[-1][1].append((n, head))
            for piece in rest:
                pages.append((len(pages) + 1, []))
                if piece.strip():
                    pages[-1][1].append((n, piece))
            continue
        pages[-1][1].append((n, raw))
    if len(pages) > 1 and not any(t.strip() for _, t in pages[-1][1]):
        pages.pop()  # the form feed after the last page
    return pages


def read_layout_text(lines: list[str]) -> Layout:
    """The text's lines as a Layout. `lines` are the file's lines (split on newlines, form feeds
    kept); each Line keeps its 1-based number in that list."""
    pages: list[Page] = []
    for number, page_lines in split_pages(lines):
        page = Page(number, width=0.0, height=float(len(page_lines)))
        for y, (n, text) in enumerate(page_lines):
            text = text.expandtabs(8).replace("\u00a0", " ").replace("\u202f", " ") if ("\t" in text or "\u00a0" in text
                                                                                        or "\u202f" in text) else text
            words = [Word(m.group(), float(m.start()), float(m.end()), float(y), float(y) + 1.0, CHAR_SIZE)
                     for m in _TOKEN.finditer(text)]
            if not words:
                continue
            line = Line(words, number, n)
            line.chunks = chunk_words(words)
            page.lines.append(line)
            page.width = max(page.width, words[-1].x1)
        pages.append(page)
    return Layout("layout", pages)
