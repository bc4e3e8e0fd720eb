"""Pictures of the evidence: for a PDF, each finding's region of its page, drawn by PDFium.

A finding rests on lines (its evidence) and, in a table, on cells: the cell that breaks the rule
(outlined red, the value the rule expects written beside its row) and the cells it was computed
from (the parts of a sum, outlined blue). The region is those rows with the table's header
above them when it is near, and a small margin, rendered at REGION_DPI; every page that holds
such a region is also rendered whole at PAGE_DPI (with its pages' cells outlined), which a click
on the region opens. The outlines and labels are PDF objects added to the page in memory (never
saved), so they are drawn as sharply as the page itself.

Runs in the worker that read the document (checks.runner.document_result), one page at a time:
memory is one page's bitmap. Images are WebP (lossless) where Pillow is installed, else PNG
written with zlib. What the reader knows of the places: Document.meta["line_boxes"] (document
line -> [page, x0, top, x1, bottom], PDF points from the top) and meta["row_boxes"] (a table
row's cells, checks.readers.geometry.row_boxes).
"""
from __future__ import annotations

import base64
import bisect
import ctypes
import json
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REGION_DPI = 110
PAGE_DPI = 80
MARGIN = 6.0  # points around a region
MAX_LINES = 40  # evidence lines drawn around a finding (a long passage: its start)
MAX_HEIGHT = 360.0  # points: a table's header further above its rows is left out
MAX_PICTURES = 200  # per document: a report with more findings shows the first (most severe) ones
FAIL = (192, 28, 28)
PART = (43, 90, 160)
INDICATOR_FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")
EXPECTED = {"sv": "väntat", "en": "expected"}
_TERMS = re.compile(r"\s+[-+−×*/=]\s+|^\s*\d+\s*[×*]\s*")


@dataclass
class Mark:
    box: list  # [page, x0, top, x1, bottom]
    kind: str  # fail | part
    label: str = ""
    row: int | None = None  # first line of the table row the cell is in


@dataclass
class Place:
    """What a finding's picture shows: a page, the boxes its region must hold, the marks."""
    page: int
    boxes: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    whole: bool = False  # the whole page (a page without text)
    page_lines: list = field(default_factory=list)  # every line box of the page


class Places:
    """Where a document's findings rest, from its tables and the reader's boxes."""

    def __init__(self, doc):
        from granska.checks.model import records

        self.lines: dict[int, list] = {int(k): v for k, v in (doc.meta.get("line_boxes") or {}).items()}
        self.rows: dict[int, dict] = {int(k): v for k, v in (doc.meta.get("row_boxes") or {}).items()}
        self.starts = sorted(self.rows)
        self._by_page: dict[int, list] | None = None
        self.budget: dict[str, list[dict]] = {}
        for r in _records(doc, "budget", records):
            self.budget.setdefault(_norm(r.get("table")), []).append(r)
        self.indicators: dict[str, list[dict]] = {}
        for r in _records(doc, "indicators", records):
            self.indicators.setdefault(_norm(r.get("name")), []).append(r)

    def page_lines(self, page: int) -> list:
        if self._by_page is None:
            self._by_page = {}
            for box in self.lines.values():
                self._by_page.setdefault(box[0], []).append(box)
        return self._by_page.get(page, [])

    def row(self, line: int | None) -> tuple[int, dict] | None:
        """The table row printed on this line (its first line and boxes)."""
        if not line:
            return None
        k = bisect.bisect_right(self.starts, int(line)) - 1
        if k >= 0:
            start = self.starts[k]
            if start <= int(line) <= self.rows[start]["end"]:
                return start, self.rows[start]
        return None

    def place(self, finding: dict[str, Any], lang: str) -> Place | None:
        values = finding.get("values") or {}
        ev = finding.get("evidence") or {}
        lines = [x for x in (ev.get("lines") or []) if isinstance(x, int) and x > 0]
        first = lines[0] if lines else finding.get("line")
        last = lines[-1] if lines else first
        at = (ev.get("at") or {}).get("line") if isinstance(ev.get("at"), dict) else None
        if finding.get("rule") == "EXT007" and values.get("page_number"):
            return Place(int(values["page_number"]), whole=True)
        if not first:
            return None
        first, last = min(first, last), max(first, last)
        numbers = list(range(first, min(last, first + MAX_LINES) + 1)) + ([at] if at else [])
        boxes = [self.lines[n] for n in numbers if n in self.lines]
        marks = self._cells(finding, values, first, last, lang)
        # The page the finding is placed on (its figures' line, else its first evidence line);
        # the marked cells only where no evidence line has a box (a table read without text lines)
        anchor = (self.lines.get(at) if at else None) or (boxes[0] if boxes else None) or (marks[0].box if marks else None)
        if anchor is None:
            return None
        page = anchor[0]
        for m in marks:  # the whole rows of the marked cells, with their labels
            hit = self.row(m.row)
            if hit:
                boxes += [self.lines[n] for n in range(hit[0], hit[1]["end"] + 1) if n in self.lines]
        place = Place(page, [b for b in boxes if b[0] == page], [m for m in marks if m.box[0] == page],
                      page_lines=self.page_lines(page))
        self._header(place, marks)
        return place if place.boxes or place.marks else None

    def _header(self, place: Place, marks: list[Mark]) -> None:
        """The header of the marked cells' table, when it is on the page and near."""
        fail = next((m for m in marks if m.kind == "fail" and m.box[0] == place.page), None)
        hit = self.row(fail.row) if fail else None
        if not hit:
            return
        head = [self.lines[n] for n in hit[1]["head"] if n in self.lines and self.lines[n][0] == place.page]
        if head:
            top = min(b[2] for b in head)
            bottom = max(b[4] for b in place.boxes + [m.box for m in place.marks])
            if bottom - top <= MAX_HEIGHT:
                place.boxes += head

    def _cells(self, finding: dict, values: dict, first: int, last: int, lang: str) -> list[Mark]:
        marks: list[Mark] = []
        copy = finding.get("copy")
        if values.get("table") is not None and values.get("item") is not None and values.get("column"):
            target = self._budget_row(values.get("table"), values.get("item"), copy, first, last, values.get("section"))
            if target is not None:
                box = self._cell(target["line"], values["column"])
                if box:
                    marks.append(Mark(box, "fail", _expected(values, box, lang), int(target["line"])))
                marks += self._parts(values, target, copy)
        for side in ("left", "right"):  # the same figure in two tables (XRF, FIN005)
            table, item, column = (values.get(f"{side}_{k}") for k in ("table", "item", "column"))
            if table is None or item is None or not column:
                continue
            near = values.get("right_line") if side == "right" else first
            row = self._budget_row(table, item, copy, near or first, near or last)
            box = self._cell(row["line"], column) if row is not None else None
            if box:
                marks.append(Mark(box, "fail", row=int(row["line"])))
        name = values.get("indicator") or (values.get("name") if values.get("goal") is not None else None)
        if name is not None:
            marks += self._indicator(values, name, first, last, lang)
        return marks

    def _parts(self, values: dict, target: dict, copy) -> list[Mark]:
        """The cells the rule computed the failing one from: the rows of a sum (parts), the
        columns or rows a relation names (terms: "Kvinnor + Män", "Nettokostnader − Budget"), the
        budget and utfall of an Avvikelse."""
        marks: list[Mark] = []
        column, line = values["column"], int(target["line"])
        hit = self.row(line)
        own = hit[1]["cells"] if hit else {}
        items = [p[0] for p in values.get("parts") or [] if isinstance(p, (list, tuple)) and p]
        terms = [t.strip() for t in _TERMS.split(str(values.get("terms") or "")) if t.strip() and not t.strip().isdigit()]
        for term in terms:
            name = next((c for c in own if _norm(c) == _norm(term)), None)
            if name is not None and name != column:
                marks.append(Mark(own[name][0], "part", row=line))
            elif name is None:
                items.append(term)
        for item in items:
            row = self._budget_row(values.get("table"), item, copy, line, line)
            cell = self._cell(row["line"], column) if row is not None and row is not target else None
            if cell:
                marks.append(Mark(cell, "part", row=int(row["line"])))
        for key in ("budget", "actual", "forecast"):  # an Avvikelse: the row's own figures
            value = values.get(key)
            if isinstance(value, (int, float)) and "relation" in values and not terms:
                name = next((c for c in own if c != column and isinstance(target.get(c), (int, float))
                             and abs(target[c] - value) < 1e-9), None)
                if name is not None:
                    marks.append(Mark(own[name][0], "part", row=line))
        return marks

    def _indicator(self, values: dict, name: str, first: int, last: int, lang: str) -> list[Mark]:
        rows = [r for r in self.indicators.get(_norm(name), [])
                if values.get("goal") is None or str(r.get("goal")) == str(values.get("goal"))]
        if not rows:
            return []
        row = min(rows, key=lambda r: (not (first <= int(r.get("line") or 0) <= last or
                                              first <= int(r.get("value_line") or 0) <= last),
                                       abs(int(r.get("line") or 0) - first)))
        hit = self.row(row.get("value_line") or row.get("line")) or self.row(row.get("line"))
        if not hit:
            return []
        try:
            printed = json.loads(row.get("cells") or "{}")
        except (TypeError, ValueError):
            printed = {}
        free = dict(hit[1]["cells"])
        marks = []
        for f in INDICATOR_FIELDS:
            if f not in values or f not in printed:
                continue
            name_ = next((c for c, (box, text) in free.items() if _same_text(text, printed[f])), None)
            if name_ is not None:
                marks.append(Mark(free.pop(name_)[0], "fail", row=hit[0]))
        if marks and values.get("expected") is not None:
            marks[0].label = _expected(values, marks[0].box, lang)
        return marks

    def _budget_row(self, table, item, copy, first: int, last: int, section=None) -> dict | None:
        rows = [r for r in self.budget.get(_norm(table), []) if _norm(r.get("item")) == _norm(item)
                and (copy is None or r.get("copy") in (copy, None))]
        if section and any(_norm(r.get("section")) == _norm(section) for r in rows):
            rows = [r for r in rows if _norm(r.get("section")) == _norm(section)]
        if not rows:
            return None
        return min(rows, key=lambda r: (not first <= int(r["line"]) <= last, abs(int(r["line"]) - first)))

    def _cell(self, line: int, column: str) -> list | None:
        hit = self.row(line)
        cell = hit[1]["cells"].get(column) if hit else None
        return cell[0] if cell else None


def _records(doc, name: str, records) -> list[dict]:
    df = doc.tables.get(name)
    return records(df) if df is not None and not df.empty else []


def _norm(value) -> str:
    return " ".join(str(value or "").lower().split())


def _same_text(a, b) -> bool:
    return "".join(str(a).split()) == "".join(str(b).split())


def _expected(values: dict, box: list, lang: str) -> str:
    """'väntat −21,4': the value the rule expects, with as many decimals as the printed cell."""
    from granska.checks.numbers import format_number

    expected = values.get("expected")
    if not isinstance(expected, (int, float)) or isinstance(expected, bool):
        return ""
    decimals = values.get("decimals")
    if not isinstance(decimals, int):
        printed = values.get("printed")
        decimals = 0
        if isinstance(printed, float) and not printed.is_integer():
            decimals = len(repr(printed).split(".")[1])
        decimals = min(decimals, 3)
    text = format_number(expected, decimals, lang)
    # The standard PDF fonts have no U+2212 minus nor narrow no-break space: an en dash, a space.
    return f"{EXPECTED.get(lang, EXPECTED['en'])} {text}".replace("\u2212", "\u2013").replace("\u202f", " ")


# --------------------------------------------------------------------------- drawing


def draw(path: str | Path, doc, findings: list[dict[str, Any]], lang: str = "sv") -> dict[str, Any] | None:
    """The pictures of a PDF document's findings: {"regions": {fingerprint: image}, "pages":
    {page number: image}}, each image {src (a data: URI), width, height}, a region's also with
    its page and box ([x0, top, x1, bottom], points); None when the document is not a PDF or
    has no finding with a place."""
    if doc.meta.get("source_kind") != "pdf" or not findings:
        return None
    places = Places(doc)
    wanted: dict[int, list[tuple[str, Place]]] = {}
    for f in findings[:MAX_PICTURES]:
        place = places.place(f, lang)
        if place is not None and f.get("fingerprint"):
            wanted.setdefault(place.page, []).append((str(f["fingerprint"]), place))
    if not wanted:
        return None
    from granska.checks.readers.pdf_source import open_pdf
    from granska.checks.readers.source import read_bytes

    regions: dict[str, dict] = {}
    pages: dict[str, dict] = {}
    pdf = open_pdf(Path(path), read_bytes(Path(path)))
    try:
        for number in sorted(wanted):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                if page.get_rotation():
                    continue  # boxes are read unrotated: outlines would be misplaced
                canvas = _Canvas(pdf, page)
                for fingerprint, place in wanted[number]:
                    regions[fingerprint] = {**canvas.region(place), "page": number}
                marks = [m for _, place in wanted[number] for m in place.marks]
                pages[str(number)] = canvas.whole(marks)
            finally:
                page.close()
    finally:
        pdf.close()
    return {"regions": regions, "pages": pages} if regions else None


class _Canvas:
    """One page, with outlines and labels added and taken away again around each rendering."""

    def __init__(self, pdf, page):
        import pypdfium2.raw as raw

        self.raw, self.pdf, self.page = raw, pdf, page
        self.width, self.height = page.get_size()
        self.mediabox, self.cropbox = page.get_mediabox(), page.get_cropbox()

    def region(self, place: Place) -> dict:
        if place.whole:
            return self.whole([])
        boxes = place.boxes + [m.box for m in place.marks]
        x0 = min(b[1] for b in boxes) - MARGIN
        x1 = max(b[3] for b in boxes) + MARGIN
        top = min(b[2] for b in boxes) - MARGIN
        bottom = max(b[4] for b in boxes) + MARGIN
        inside_top, inside_bottom = top + MARGIN, bottom - MARGIN
        for b in place.page_lines:  # a line the margin would cut in half is left out whole
            if b[3] > x0 and b[1] < x1:
                if inside_bottom < b[2] < bottom:
                    bottom = b[2] - 0.5
                if top < b[4] < inside_top:
                    top = b[4] + 0.5
        objects = []
        try:
            for mark in place.marks:
                objects.append(self._outline(mark))
                if mark.label:
                    label, width = self._label(mark, max(b[3] for b in boxes) + 2 * MARGIN)
                    objects.append(label)
                    x1 = max(x1, max(b[3] for b in boxes) + 2 * MARGIN + width + MARGIN)
            x0, top, bottom = max(x0, 0.0), max(top, 0.0), min(bottom, self.height)
            return {**self._render(x0, top, x1, bottom, REGION_DPI), "box": [round(v, 1) for v in (x0, top, x1, bottom)]}
        finally:
            self._remove(objects)

    def whole(self, marks: list[Mark]) -> dict:
        objects = []
        try:
            objects = [self._outline(m) for m in marks]
            return self._render(0.0, 0.0, self.width, self.height, PAGE_DPI)
        finally:
            self._remove(objects)

    def _render(self, x0: float, top: float, x1: float, bottom: float, dpi: int) -> dict:
        """The page between these points (reader coordinates), as an image; the page is widened
        on its right for a label that does not fit on it."""
        extra = max(0.0, x1 - self.width)
        if extra:
            left, low, right, high = self.mediabox
            self.page.set_mediabox(left, low, right + extra, high)
            left, low, right, high = self.cropbox
            self.page.set_cropbox(left, low, right + extra, high)
        try:
            # Reader boxes: x as on the page, top = page height - y. Crop: what is cut off each side.
            left, low, right, high = self.page.get_cropbox()
            crop = (max(0.0, x0 - left), max(0.0, self.height - bottom - low), max(0.0, right - x1),
                    max(0.0, high - (self.height - top)))
            bitmap = self.page.render(scale=dpi / 72, crop=crop, rev_byteorder=True)
            try:
                return encode(bitmap)
            finally:
                bitmap.close()
        finally:
            if extra:
                self.page.set_mediabox(*self.mediabox)
                self.page.set_cropbox(*self.cropbox)

    def _pdf_y(self, top: float) -> float:
        return self.height - top

    def _outline(self, mark: Mark):
        raw = self.raw
        _, x0, top, x1, bottom = mark.box
        pad = 1.5
        colour = FAIL if mark.kind == "fail" else PART
        obj = raw.FPDFPageObj_CreateNewRect(x0 - pad, self._pdf_y(bottom) - pad,
                                            x1 - x0 + 2 * pad, bottom - top + 2 * pad)
        raw.FPDFPageObj_SetStrokeColor(obj, *colour, 255)
        raw.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(1.4 if mark.kind == "fail" else 1.0))
        raw.FPDFPageObj_SetFillColor(obj, *colour, 38 if mark.kind == "fail" else 24)
        raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_ALTERNATE, True)
        raw.FPDFPage_InsertObject(self.page.raw, obj)
        return obj

    def _label(self, mark: Mark, x: float):
        """The expected value in red, at x on the marked cell's baseline; returns it and its width."""
        raw = self.raw
        _, x0, top, x1, bottom = mark.box
        size = max(6.0, min(11.0, 0.8 * (bottom - top)))
        obj = raw.FPDFPageObj_NewTextObj(self.pdf.raw, b"Helvetica-Bold", ctypes.c_float(size))
        utf16 = (mark.label + "\0").encode("utf-16-le")  # FPDF_WIDESTRING: UTF-16, whatever wchar_t is
        buffer = ctypes.create_string_buffer(utf16, len(utf16))
        raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_SetFillColor(obj, *FAIL, 255)
        baseline = self._pdf_y(bottom) + 0.22 * (bottom - top)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, baseline)
        raw.FPDFPage_InsertObject(self.page.raw, obj)
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        width = (r.value - l.value) if raw.FPDFPageObj_GetBounds(obj, l, b, r, t) else 0.55 * size * len(mark.label)
        return obj, width

    def _remove(self, objects) -> None:
        for obj in objects:
            if self.raw.FPDFPage_RemoveObject(self.page.raw, obj):
                self.raw.FPDFPageObj_Destroy(obj)


# --------------------------------------------------------------------------- encoding


def encode(bitmap) -> dict:
    """A rendered bitmap (RGB) as {src: data URI, width, height}: WebP (lossless) with Pillow,
    else PNG."""
    try:
        image = bitmap.to_pil()
    except ImportError:
        image = None
    if image is not None:
        import io

        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", lossless=True, method=2)
        kind, data = "webp", out.getvalue()
    else:
        kind, data = "png", png_bytes(bitmap)
    return {"src": f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}",
            "width": bitmap.width, "height": bitmap.height}


def png_bytes(bitmap) -> bytes:
    """A PNG of an RGB(x) bitmap with the standard library only (zlib, one filter byte a row)."""
    width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    buffer = bytes(bitmap.buffer)
    rows = []
    for y in range(height):
        row = buffer[y * stride: y * stride + width * channels]
        if channels == 4:  # RGBX: drop the padding byte
            row = b"".join(row[k:k + 3] for k in range(0, len(row), 4))
        elif channels == 1:
            row = bytes(v for v in row for _ in range(3))
        rows.append(b"\x00" + row)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) \
        + chunk(b"IEND", b"")
