"""A PDF as pages of positioned words, read with PDFium (pypdfium2).

PDFium parses the text of a page in C; what is left to Python is one call per character for its
box (FPDFText_GetLooseCharBox: the font's ascent and descent, so every glyph on a line has the
same height and lines group cleanly) and one call per word for its colour. The page's text comes
in one call. Filled rectangles (coloured cells, verdict markers) and ruling lines come from the
page's path objects.

Unreadable files are InputErrors with a one-line reason: not a PDF, truncated, corrupt,
encrypted, or without a text layer (scanned).
"""
from __future__ import annotations

import ctypes
import re
from pathlib import Path

from granska.checks.errors import InputError
from granska.checks.readers.pages import Fill, Layout, Line, Page, Rule, Word, chunk_words

MAX_PAGES = 2000
# The loose box of a glyph is its font's ascent + descent, about 1.15 font sizes.
BOX_PER_SIZE = 1.15
# A word: a run of characters that are not spaces (any kind: no-break and thin spaces group
# thousands, and the table finder joins such groups again) and not PDFium's line breaks.
_RUN = re.compile(r"[^\s\u00a0\u202f\u2009\u2002\u2003\x00-\x1f]+")
# PDFium marks a hyphen at a line break with U+0002 or U+FFFE: it is a hyphen ("Budget-").
_HYPHEN_MARKS = str.maketrans({"\x02": "-", "\ufffe": "-"})
# Glyphs a verdict may be printed as (their colour is the verdict): circles, squares, triangles, ticks.
_SYMBOL = re.compile(r"^[\u2022\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]+$")


def open_pdf(path: Path, data: bytes):
    """The pypdfium2 document, or an InputError saying why it cannot be read."""
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise InputError(path, "inte en PDF-fil (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(path, "PDF-filen är avkortad eller trasig (truncated PDF: no %%EOF at the end)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise InputError(path, "PDF:en är krypterad eller lösenordsskyddad (encrypted PDF); spara en olåst kopia") from None
        detail = " ".join(str(exc).split())[:120]
        raise InputError(path, f"trasig PDF som inte kan läsas (corrupt PDF: {detail})") from None


def read_pdf_layout(path: str | Path, data: bytes, max_pages: int = MAX_PAGES) -> Layout:
    """Every page's words, fills and rulings. Pages are read one at a time and closed at once."""
    path = Path(path)
    pdf = open_pdf(path, data)
    try:
        count = len(pdf)
        if count > max_pages:
            raise InputError(path, f"för många sidor: {count}, granska läser högst {max_pages} sidor av en PDF; "
                                   f"dela upp den (too many pages: {count} > {max_pages})")
        pages = []
        for index in range(count):
            page = pdf[index]
            try:
                pages.append(_read_page(page, index + 1))
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(p.has_text for p in pages):
        if _encrypted(data):
            raise InputError(path, "PDF:en är krypterad och ger ingen text (encrypted PDF)")
        if all(p.objects == 0 for p in pages) and b"stream" in data:
            raise InputError(path, "trasig PDF: sidornas innehåll kan inte läsas (corrupt PDF: damaged content streams)")
        raise InputError(path, "PDF:en har inget textlager (no text layer; scanned?); kör OCR först, t.ex. ocrmypdf")
    return Layout("pdf", pages)


def _encrypted(data: bytes) -> bool:
    return re.search(rb"/Encrypt\s", data[-65536:]) is not None or re.search(rb"/Encrypt\s*\d+\s+\d+\s+R", data) is not None


def _read_page(page, number: int) -> Page:
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(textpage, raw, height)
    finally:
        textpage.close()
    out = Page(number, float(width), float(height))
    out.fills, out.rules = _paths(page, raw, height)
    out.objects = raw.FPDFPage_CountObjects(page.raw)
    out.lines = group_lines(words, number)
    out.has_text = bool(words)
    return out


def _words(textpage, raw, height: float) -> list[Word]:
    """The page's words. PDFium puts a space (its own, if the PDF has none) between words and a
    line break between lines, so a word is a run of other characters: its box is its first
    character's left and its last's right. Only a run wider than its characters can be (glyphs
    placed apart without a space) is measured character by character."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: ask PDFium for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    text = text.translate(_HYPHEN_MARKS)
    tp = textpage.raw
    box = raw.FS_RECTF()
    get_box = raw.FPDFText_GetLooseCharBox
    words: list[Word] = []
    for m in _RUN.finditer(text):
        i, j = m.start(), m.end() - 1
        get_box(tp, i, box)
        left, top, bottom = box.left, height - box.top, height - box.bottom
        get_box(tp, j, box)
        right, last_top, last_bottom = box.right, height - box.top, height - box.bottom
        h = bottom - top
        token = m.group()
        if h <= 0 or abs((last_top + last_bottom) / 2 - (top + bottom) / 2) > 0.5 * h or right - left > 0.75 * h * len(token) + h:
            words.extend(_measured(token, i, tp, raw, box, height))
            continue
        words.append(Word(token, left, right, top, bottom, h / BOX_PER_SIZE, _colour(raw, tp, i) if _SYMBOL.match(token) else None))
    return words


def _measured(token: str, start: int, tp, raw, box, height: float) -> list[Word]:
    """A run split where its glyphs stand apart or change line, measured glyph by glyph."""
    out: list[Word] = []
    chars: list[str] = []
    x0 = x1 = top = bottom = 0.0
    for k, ch in enumerate(token):
        raw.FPDFText_GetLooseCharBox(tp, start + k, box)
        c_top, c_bottom = height - box.top, height - box.bottom
        if box.right <= box.left and c_bottom <= c_top:
            continue  # a glyph without extent (an invisible marker)
        if chars:
            h = bottom - top
            same_line = abs((c_top + c_bottom) / 2 - (top + bottom) / 2) < 0.5 * h
            if not same_line or box.left > x1 + 0.25 * h or box.left < x0 - 0.5 * h:
                out.append(Word("".join(chars), x0, x1, top, bottom, (bottom - top) / BOX_PER_SIZE))
                chars = []
        if not chars:
            x0, top, bottom = box.left, c_top, c_bottom
        chars.append(ch)
        x1 = box.right
        top, bottom = min(top, c_top), max(bottom, c_bottom)
    if chars:
        out.append(Word("".join(chars), x0, x1, top, bottom, (bottom - top) / BOX_PER_SIZE))
    return out


def _colour(raw, tp, index: int) -> tuple[int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFText_GetFillColor(tp, index, r, g, b, a):
        return None
    return (r.value, g.value, b.value)


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words whose vertical centres lie within half a line height form a line, left to right;
    lines top to bottom."""
    words = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[Line] = []
    current: list[Word] = []
    centre = height = 0.0
    for w in words:
        c = (w.top + w.bottom) / 2
        if current and abs(c - centre) <= 0.5 * min(height, w.bottom - w.top):
            current.append(w)
            continue
        if current:
            lines.append(_line(current, page))
        current, centre, height = [w], c, w.bottom - w.top
    if current:
        lines.append(_line(current, page))
    return lines


def _line(words: list[Word], page: int) -> Line:
    words.sort(key=lambda w: w.x0)
    line = Line(words, page)
    line.chunks = chunk_words(words)
    return line


def _paths(page, raw, height: float) -> tuple[list[Fill], list[Rule]]:
    """Filled rectangles and thin ruling lines (a border drawn as a thin filled rectangle is a
    rule too). The page's objects are walked with PDFium's own calls (no Python object per
    text object: a page of a table has thousands), into form XObjects three levels deep."""
    fills: list[Fill] = []
    rules: list[Rule] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    path_type, form_type = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    get_type, get_bounds = raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetBounds

    def walk(count: int, get, owner, level: int) -> None:
        for i in range(max(count, 0)):
            obj = get(owner, i)
            if not obj:
                continue
            kind = get_type(obj)
            if kind == form_type and level < 2:
                walk(raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject, obj, level + 1)
                continue
            if kind != path_type or not get_bounds(obj, left, bottom, right, top):
                continue  # a path PDFium cannot measure is no evidence
            w, h = right.value - left.value, top.value - bottom.value
            y_top, y_bottom = height - top.value, height - bottom.value
            raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
            if h <= 2.0 and w > 5.0:
                rules.append(Rule(left.value, (y_top + y_bottom) / 2, right.value, (y_top + y_bottom) / 2))
            elif w <= 2.0 and h > 5.0:
                rules.append(Rule((left.value + right.value) / 2, y_top, (left.value + right.value) / 2, y_bottom))
            elif fill_mode.value and raw.FPDFPageObj_GetFillColor(obj, r, g, b, a) and a.value > 0:
                colour = (r.value, g.value, b.value)
                if colour != (255, 255, 255):
                    fills.append(Fill(left.value, y_top, right.value, y_bottom, colour))

    walk(raw.FPDFPage_CountObjects(page.raw), raw.FPDFPage_GetObject, page.raw, 0)
    return fills, rules
