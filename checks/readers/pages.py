"""The page model every geometric source produces: pages of lines of words with boxes.

A PDF (word boxes from PDFium) and `pdftotext -layout` text (character columns as x) both become
this model; the table finder and the domain readers read it and nothing else. Coordinates are
top-down: `top` grows down the page. Units are the source's own (PDF points, or characters and
lines of the text), so thresholds are always relative to a line's height or a word's size,
never absolute.

Flattened text (the sample's layout, empty cells gone, no geometry) does not produce this model:
it has no positions to give.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size (PDF) or the width of one character (text)
    color: tuple[int, int, int] | None = None  # fill colour of the glyphs, where the source has it

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Chunk:
    """Words that belong together on a line: a cell, a phrase. A gap wider than a word space
    separates chunks; a thousands gap inside a number ("2 460") does not."""

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


@dataclass(slots=True)
class Line:
    """One printed line: its words left to right, the page it is on and its 1-based number in
    the document's lines (Document.lines), which is what evidence points at."""

    words: list[Word]
    page: int
    number: int = 0
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1e-6)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks) if self.chunks else " ".join(w.text for w in self.words)

    def box(self) -> list:
        return [self.page, round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]


@dataclass(slots=True)
class Fill:
    """A filled rectangle on the page (a coloured table cell, a verdict marker, zebra rows)."""

    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple[int, int, int]


@dataclass(slots=True)
class Rule:
    """A ruling line: horizontal (y0 == y1) or vertical (x0 == x1)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int  # physical page, 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # in reading order once flows are known
    fills: list[Fill] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    printed_number: int | None = None  # the page number printed in its header or footer
    dropped: list[Line] = field(default_factory=list)  # running headers and footers, not content
    has_text: bool = True
    objects: int = -1  # drawing objects on the page (PDF): none at all means nothing could be read


@dataclass
class Layout:
    """A document as pages; `kind` is "pdf" or "layout" (pdftotext -layout text)."""

    kind: str
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)

    def lines(self):
        for page in self.pages:
            yield from page.lines


def chunk_words(words: list[Word], gap_factor: float = 0.5) -> list[Chunk]:
    """Chunks of a line's words: a new chunk where the gap to the previous word is at least
    gap_factor × the font size (PDF: a word space is about a quarter of it, a cell's padding more;
    text: one space is a word space, two or more a cell gap when size is 2.5 characters)."""
    out: list[Chunk] = []
    for w in words:
        if out and w.x0 - out[-1].x1 < gap_factor * max(w.size, out[-1].words[-1].size):
            out[-1].words.append(w)
        else:
            out.append(Chunk([w]))
    return out
