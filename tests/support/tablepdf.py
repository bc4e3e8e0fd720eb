"""Draw a generated report (tests.support.tablegen) to PDF as whole A4 pages (reportlab).

The page flow: headings, paragraphs, two-column prose and full-width tables, top to bottom; a
table that does not fit goes to the next page whole, except the one the features continue over a
page break (it fills its page to the bottom, and goes on at the top of the next, its header
repeated or not). A running header and a footer ("Utskriftsdatum …", "Sida 3 av 12") on every
page when the features ask for them.

Tables are drawn as report tools draw them: a label column and columns of figures, each column
as wide as its widest header line or figure; figures right-aligned, centred or left-aligned;
multi-line headers aligned at the bottom; an entity ("Kommunen") centred over the columns it
spans, with a rule under it; a rule under the header and over a Summa row; section rows in bold.
A label over two lines prints its figures on the first line, or between the two (a cell centred
vertically).

reportlab's invariant mode gives the same bytes on every run. The font is DejaVu Sans where the
system has it (it has U+2212 and the narrow no-break space), else reportlab's own Vera.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.support.tablegen import Report, Row, Table

PAGE_W, PAGE_H = 595.27, 841.89
LEFT, RIGHT = 56.0, 56.0
TOP, BOTTOM = 74.0, 772.0  # the body's first baseline area and last baseline (from the top)
WIDTH = PAGE_W - LEFT - RIGHT
PROSE_SIZE, PROSE_LEAD = 10.0, 13.5
TABLE_SIZE = 8.5
TITLE_SIZE = 10.5
LEAD_PER_SIZE = 1.4  # a table line's leading per font size
PAD = 5.0  # padding inside a column on each side
GUTTER = 24.0

_FONTS: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once."""
    global _FONTS
    if _FONTS is None:
        import os

        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        dejavu = "/usr/share/fonts/truetype/dejavu"
        if os.path.exists(f"{dejavu}/DejaVuSans.ttf") and os.path.exists(f"{dejavu}/DejaVuSans-Bold.ttf"):
            regular, bold = f"{dejavu}/DejaVuSans.ttf", f"{dejavu}/DejaVuSans-Bold.ttf"
        else:
            base = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
            regular, bold = os.path.join(base, "Vera.ttf"), os.path.join(base, "VeraBd.ttf")
        pdfmetrics.registerFont(TTFont("GenSans", regular))
        pdfmetrics.registerFont(TTFont("GenSans-Bold", bold))
        _FONTS = ("GenSans", "GenSans-Bold")
    return _FONTS


def has_glyph(ch: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(fonts()[0])
    return ord(ch) in font.face.charToGlyph


def width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, fonts()[1 if bold else 0], size)


# ---------------------------------------------------------------------------------------------
# pages as lists of drawing operations (drawn when the page count is known)


@dataclass
class PageOps:
    texts: list[tuple[float, float, str, bool, float]] = field(default_factory=list)  # x, baseline, text, bold, size
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, y, x1


class Flow:
    def __init__(self):
        self.pages: list[PageOps] = [PageOps()]
        self.y = TOP  # the next baseline

    @property
    def page(self) -> PageOps:
        return self.pages[-1]

    @property
    def number(self) -> int:
        return len(self.pages)

    def new_page(self) -> None:
        self.pages.append(PageOps())
        self.y = TOP

    def room(self) -> float:
        return BOTTOM - self.y

    def text(self, x: float, text: str, bold: bool = False, size: float = PROSE_SIZE, y: float | None = None) -> None:
        self.page.texts.append((x, self.y if y is None else y, text, bold, size))


def wrap(text: str, size: float, limit: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and width(trial, size) > limit:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def paragraph(flow: Flow, text: str, max_lines: int | None = None) -> None:
    lines = wrap(text, PROSE_SIZE, WIDTH)[:max_lines]
    for line in lines:
        if flow.room() < 0:
            flow.new_page()
        flow.text(LEFT, line)
        flow.y += PROSE_LEAD
    flow.y += PROSE_LEAD * 0.6


def heading(flow: Flow, text: str) -> None:
    if flow.room() < 4 * PROSE_LEAD:
        flow.new_page()
    flow.y += 4
    flow.text(LEFT, text, bold=True, size=12)
    flow.y += PROSE_LEAD * 1.4


def two_columns(flow: Flow, left: str, right: str) -> None:
    col = (WIDTH - GUTTER) / 2
    a, b = wrap(left, PROSE_SIZE, col), wrap(right, PROSE_SIZE, col)
    for k in range(max(len(a), len(b))):
        if flow.room() < 0:
            flow.new_page()
        if k < len(a):
            flow.text(LEFT, a[k])
        if k < len(b):
            flow.text(LEFT + col + GUTTER, b[k])
        flow.y += PROSE_LEAD
    flow.y += PROSE_LEAD * 0.6


# ---------------------------------------------------------------------------------------------
# tables


@dataclass
class Geometry:
    label_w: float
    xs: list[tuple[float, float]]  # each column's extent
    header_lines: int
    spans: list[tuple[str, float, float]]  # entity, x0, x1
    size: float = TABLE_SIZE
    row_gap: float = 0.0
    title_size: float = TITLE_SIZE  # padding between rows (a wrapped cell's own lines are closer)

    @property
    def lead(self) -> float:
        return self.size * LEAD_PER_SIZE


def geometry(t: Table) -> Geometry:
    """The columns' extents at the largest font size (8.5 down to 6.5 pt) at which the table fits."""
    size = TABLE_SIZE
    while True:
        widths = []
        for k, col in enumerate(t.columns):
            texts = [(h, False) for h in col.header] + [(r.cells[k].text, r.role == "summa") for r in t.rows]
            widths.append(max(width(s, size, b) for s, b in texts) + 2 * PAD + 4)
        label_w = max([width(s, size, r.kind == "section" or r.role == "summa") for r in t.rows for s in r.label_lines]
                      + [width(s, size) for s in t.label_header] + [0]) + 2 * PAD
        spare = WIDTH - label_w - sum(widths)
        if spare >= 0:
            break
        if size <= 5.5:
            raise ValueError(f"table {t.title!r} is {-spare:.0f} pt too wide")
        size -= 0.5
    # the spare width goes to the label column and, a little, to the columns of figures; a title
    # keeps to the label column unless the table may have a wide one
    title_w = max(width(t.title, TITLE_SIZE, True), width(f"{t.title}, forts.", TITLE_SIZE, True)) + PAD
    to_label = spare * 0.6 if t.wide_title else min(spare, max(spare * 0.6, title_w - label_w))
    label_w += to_label
    extra = (spare - to_label) / max(len(widths), 1)
    title_size = TITLE_SIZE
    while not t.wide_title and title_size > 7 and \
            width(f"{t.title}, forts.", title_size, True) + PAD > label_w:
        title_size -= 0.5
    xs, x = [], LEFT + label_w
    for w in widths:
        xs.append((x, x + w + extra))
        x += w + extra
    spans: list[tuple[str, float, float]] = []
    for k, col in enumerate(t.columns):
        if col.parent and (not spans or spans[-1][0] != col.parent or k == 0 or t.columns[k - 1].parent != col.parent):
            spans.append((col.parent, xs[k][0], xs[k][1]))
        elif col.parent:
            spans[-1] = (col.parent, spans[-1][1], xs[k][1])
    lines = max([len(c.header) for c in t.columns] + [len(t.label_header)])
    return Geometry(label_w, xs, lines, spans, size, t.row_gap, title_size)


def _place(text: str, x0: float, x1: float, align: str, size: float, bold: bool = False) -> float:
    w = width(text, size, bold)
    if align == "right":
        return x1 - PAD - w
    if align == "centre":
        return (x0 + x1 - w) / 2
    return x0 + PAD


def header_height(g: Geometry) -> float:
    return (g.header_lines + (1.3 if g.spans else 0)) * g.lead + 4


def row_height(g: Geometry, row: Row) -> float:
    return g.lead * max(1, len(row.label_lines)) + g.row_gap


def draw_header(flow: Flow, t: Table, g: Geometry) -> None:
    if g.spans:
        for name, x0, x1 in g.spans:
            flow.text(_place(name, x0, x1, "centre", g.size), name, size=g.size)
            flow.page.rules.append((x0 + PAD, flow.y + 3, x1 - PAD))
        flow.y += g.lead * 1.3
    top = flow.y
    for k, col in enumerate(t.columns):
        x0, x1 = g.xs[k]
        first = g.header_lines - len(col.header)  # bottom-aligned
        for n, line in enumerate(col.header):
            flow.text(_place(line, x0, x1, col.align, g.size), line, size=g.size, y=top + (first + n) * g.lead)
    first = g.header_lines - len(t.label_header)
    for n, line in enumerate(t.label_header):
        flow.text(LEFT, line, size=g.size, y=top + (first + n) * g.lead)
    flow.y = top + g.header_lines * g.lead
    flow.page.rules.append((LEFT, flow.y - g.lead + 4, LEFT + WIDTH))
    flow.y += 4


def draw_row(flow: Flow, t: Table, g: Geometry, row: Row) -> None:
    bold = row.kind == "section" or row.role == "summa"
    if row.role == "summa":
        flow.page.rules.append((LEFT, flow.y - g.lead + 3, LEFT + WIDTH))
    for n, line in enumerate(row.label_lines):
        flow.text(LEFT + (PAD if row.role == "varav" else 0), line, bold=bold, size=g.size,
                  y=flow.y + n * g.lead)
    y = flow.y + (g.lead / 2 if row.centred and len(row.label_lines) == 2 else 0)
    for k, cell in enumerate(row.cells):
        if cell.text:
            x0, x1 = g.xs[k]
            flow.text(_place(cell.text, x0, x1, t.columns[k].align, g.size, bold), cell.text, bold=bold, size=g.size, y=y)
    row.page = flow.number
    flow.y += row_height(g, row)


def draw_table(flow: Flow, t: Table, tight: bool = False) -> None:
    g = geometry(t)
    title_h = PROSE_LEAD * 1.3
    rows = t.rows
    first_part = rows[: t.split_at] if t.split_at else rows
    need = title_h + (0 if tight else PROSE_LEAD * 1.2) + header_height(g) + sum(row_height(g, r) for r in first_part) + g.lead
    if need > flow.room():
        flow.new_page()
    if t.split_at:
        # fill the page so that the first part ends at its foot: the table goes on over the break
        spare = flow.room() - need
        filler = int(spare // PROSE_LEAD) - 1
        if filler >= 1:
            from tests.support.tablegen import PROSE

            paragraph(flow, " ".join(PROSE[i % len(PROSE)] for i in range(2 * filler)), max_lines=filler)
    t.pages = [flow.number]
    if not tight:
        flow.y += PROSE_LEAD * 1.2  # a blank line between the prose and the table's title
    flow.text(LEFT, t.title, bold=True, size=g.title_size)
    flow.y += title_h
    draw_header(flow, t, g)
    for row in first_part:
        draw_row(flow, t, g, row)
    if t.split_at:
        flow.new_page()
        t.pages.append(flow.number)
        if t.repeat_header:
            flow.text(LEFT, f"{t.title}, forts.", bold=True, size=g.title_size)
            flow.y += title_h
            draw_header(flow, t, g)
        for row in rows[t.split_at:]:
            draw_row(flow, t, g, row)
    flow.y += PROSE_LEAD


# ---------------------------------------------------------------------------------------------
# the document


def layout(report: Report) -> list[PageOps]:
    flow = Flow()
    for block in report.blocks:
        if block.kind == "heading":
            heading(flow, block.text)
        elif block.kind == "para":
            paragraph(flow, block.text)
        elif block.kind == "twocol":
            two_columns(flow, block.text, block.right)
        elif block.kind == "table":
            draw_table(flow, block.table, report.spec.features.tight_spacing)
    return flow.pages


def render(report: Report, path: str | Path) -> Path:
    """Draw the report to `path`; sets each table's pages and each row's page, and report.pages."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    regular, bold = fonts()
    pages = layout(report)
    report.pages = len(pages)
    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        c.setTitle(report.title)
        for n, ops in enumerate(pages, start=1):
            if report.spec.features.furniture:
                c.setFont(regular, 8)
                c.drawString(LEFT, PAGE_H - 36, f"{report.organisation} · {report.title}")
                c.drawString(LEFT, 36, f"Utskriftsdatum: {report.printed}")
                label = f"Sida {n} av {len(pages)}"
                c.drawString(PAGE_W - RIGHT - width(label, 8), 36, label)
            for x, y, text, is_bold, size in ops.texts:
                c.setFont(bold if is_bold else regular, size)
                c.drawString(x, PAGE_H - y, text)
            c.setLineWidth(0.5)
            for x0, y, x1 in ops.rules:
                c.line(x0, PAGE_H - y, x1, PAGE_H - y)
            c.showPage()
        c.save()
    finally:
        rl_config.invariant = saved
    return Path(path)

