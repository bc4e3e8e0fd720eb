"""Render a report's truth tables to a PDF in the report's own layout (reportlab).

Used to test the PDF reader against known tables: `render_pdf(truth, meta, path)` draws

- a title ("Verksamhetsberättelse <year>" / "för <organisation>") and a short introduction,
- per goal: "KF:s inriktningsmål:" / "1. <title>", "KF:s mål för verksamhetsområdet:" /
  "1.4 <title>", "Nämndmål:" / <title>, then the status (" Uppfylls helt"), "Analys" and the
  analysis paragraphs,
- the goal's indicator table: eight real columns (Indikator, Periodens utfall, Utfall
  män/pojkar, Utfall kvinnor/flickor, Periodens utfall VB <year-1>, Årsmål, KF:s årsmål, Period)
  with the name column narrow so names wrap, and EMPTY CELLS LEFT EMPTY,
- the goal's activity table (Aktivitet, Startdatum, Slutdatum, Avvikelse); a deviating activity
  is followed by a row spanning the table: "Avvikelse" / "Analys" / its paragraph,
- "Uppföljning av ekonomi" and the budget table: a header row (title and unit in the first
  cell, the value headers beside it), per section a section row and Kostnader / Intäkter /
  Netto, then Summa drift, Investeringar and "Totalt netto inkl investeringar",
- the page number at the foot of every page.

Numbers are printed Swedish style ("2 460 st", "-62 049", "35,71 %"). The minus sign U+2212 is
printed as "-" (the standard Helvetica font has no glyph for it).

Input: the generator's truth (`tests.support.generator`): {"goals": [...], "indicators": [...],
"activities": [...], "budget": [...]}, rows as in docs/DESIGN.md. An indicator row's `cells`
(field -> printed text) is printed verbatim when present; otherwise the cell text is formatted
from the value, unit and *_text columns. A budget row's values are read from `values`
({header: value}) or from its value columns. Only copy 1 is drawn (rows without `copy` count
as copy 1).

`render_pdf` returns a `Rendered` record: for every drawn indicator, activity and budget row the
physical page (1-based) it was drawn on, so tests can check the reader's pages.

reportlab is imported inside the functions: the CLI must start fast.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from granska.checks.numbers import PLAIN, format_number

VALUE_FIELDS = ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target")
BUDGET_BASE = ("table", "section", "item", "role", "block", "unit", "decimals", "raw", "line",
               "end_line", "page", "copy", "headers", "values", "_q")


@dataclass
class Rendered:
    path: Path
    pages: int = 0
    # ("indicator", goal, name) / ("activity", goal, text) / ("budget", section, item) -> page
    row_pages: dict[tuple, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# number formatting




def fmt_number(value: float, decimals: int | None = None) -> str:
    """A report's own style: fmt_number(-62049) == "-62 049", fmt_number(35.71) == "35,71"
    (checks.numbers.format_number with hyphen-minus and plain spaces, as reports print).

    decimals None: as few as the value needs (up to 4)."""
    return format_number(value, decimals, **PLAIN)


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


def _cell_text(row: dict, f: str) -> str:
    """The printed text of an indicator cell, from `cells` or from the columns."""
    cells = row.get("cells")
    if isinstance(cells, str):
        try:
            cells = json.loads(cells) if cells else {}
        except ValueError:
            cells = {}
    if isinstance(cells, dict) and cells:
        return str(cells.get(f) or "")
    if f in ("target", "kf_target"):
        text = row.get(f"{f}_text")
        if not _is_missing(text):
            return str(text)
    v = row.get(f)
    if _is_missing(v):
        return ""
    if f == "outcome" or f in ("outcome_men", "outcome_women", "previous"):
        unit = row.get("unit") or ""
    else:
        unit = row.get(f"{f}_unit") or ""
    s = fmt_number(float(v))
    return f"{s} {unit}" if unit else s


def _plain(text: str) -> str:
    """Text as Helvetica (WinAnsi) can print it."""
    return str(text).replace("\u2212", "-").replace("\u2013", "-").replace("\u00a0", " ")


def _esc(text: str) -> str:
    return _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------------------------
# rendering


def render_pdf(truth: dict, meta: dict | None, path: str | Path, *, grid: bool = False,
               repeat_header: bool = True) -> Rendered:
    """Draw the report to `path`; returns where each row landed.

    grid: draw cell borders (default: only a rule under each table header, as in the sample).
    repeat_header: repeat a table's header row on the next page when the table is split.
    """
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    meta = dict(meta or {})
    path = Path(path)
    rendered = Rendered(path)
    year = meta.get("year")
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceBefore=7)
    label = ParagraphStyle("label", parent=body, spaceBefore=12)
    title_style = ParagraphStyle("title", parent=body, spaceBefore=0)
    status_style = ParagraphStyle("status", parent=body, spaceBefore=9)
    analys_style = ParagraphStyle("analys", parent=body, fontName="Helvetica-Bold", spaceBefore=9)
    big = ParagraphStyle("big", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=20)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10, splitLongWords=0)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold", splitLongWords=1)
    cell_r = ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT)
    head_r = ParagraphStyle("headr", parent=head, alignment=TA_RIGHT)

    class Marked(Paragraph):
        """A paragraph that records the page it is drawn on."""

        def __init__(self, text, style, key=None):
            super().__init__(text, style)
            self._key = key

        def draw(self):
            if self._key is not None:
                rendered.row_pages.setdefault(self._key, self.canv.getPageNumber())
            super().draw()

    def P(text, style=body, key=None):
        return Marked(_esc(text), style, key) if key is not None else Paragraph(_esc(text), style)

    def first_copy(rows):
        return [r for r in rows or [] if r.get("copy") in (None, 1, "1")]

    goals = first_copy(truth.get("goals"))
    indicators = first_copy(truth.get("indicators"))
    activities = first_copy(truth.get("activities"))
    budget = first_copy(truth.get("budget"))

    story: list = []
    kind = str(meta.get("kind") or "verksamhetsberättelse")
    org = str(meta.get("organisation") or "nämnden")
    story.append(P(f"{kind[:1].upper()}{kind[1:]} {year or ''}".strip(), big))
    story.append(P(f"för {org}", big))
    story.append(Spacer(1, 12))
    for para in meta.get("intro") or [
            f"Detta är {org}s {kind} för {year}. Den redovisar hur kommunfullmäktiges mål har "
            f"uppfyllts och hur budgeten har följts."]:
        story.append(P(para))

    table_width = A4[0] - 4 * cm
    base_style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
    ]
    if grid:
        base_style.append(("GRID", (0, 0), (-1, -1), 0.3, colors.grey))

    def indicator_table(rows):
        prev_year = (int(year) - 1) if year else ""
        headers = ["Indikator", "Periodens utfall", "Utfall män/pojkar", "Utfall kvinnor/flickor",
                   f"Periodens utfall VB {prev_year}".strip(), "Årsmål", "KF:s årsmål", "Period"]
        data = [[P(h, head) for h in headers]]
        for r in rows:
            key = ("indicator", r.get("goal"), r.get("name"))
            line = [P(r.get("name") or "", cell, key)]
            line += [P(_cell_text(r, f), cell) for f in VALUE_FIELDS]
            line.append(P(str(r.get("period") or ""), cell))
            data.append(line)
        # narrow, so that names wrap, but never narrower than the longest word (+ padding)
        longest = max((stringWidth(_plain(w), "Helvetica", 8) for r in rows
                       for w in str(r.get("name") or "").split()), default=0.0)
        name_w = max(88.0, longest + 10)
        other = (table_width - name_w) / 7
        t = Table(data, colWidths=[name_w] + [other] * 7, repeatRows=1 if repeat_header else 0,
                  hAlign="LEFT")
        t.setStyle(TableStyle(base_style))
        return t

    def activity_table(rows):
        data = [[P(h, head) for h in ("Aktivitet", "Startdatum", "Slutdatum", "Avvikelse")]]
        spans = []
        for r in rows:
            key = ("activity", r.get("goal"), r.get("text"))
            data.append([P(r.get("text") or "", cell, key), P(r.get("start") or "", cell),
                         P(r.get("end") or "", cell), P("", cell)])
            if r.get("deviation") in (True, "true", "True", 1):
                n = len(data)
                data.append([[P("Avvikelse", head), P("Analys", head),
                              P(r.get("deviation_text") or "", cell)], "", "", ""])
                spans.append(("SPAN", (0, n), (-1, n)))
        t = Table(data, colWidths=[table_width - 3 * 70, 70, 70, 70],
                  repeatRows=1 if repeat_header else 0, hAlign="LEFT")
        t.setStyle(TableStyle(base_style + spans))
        return t

    def budget_table(title, rows):
        headers = _budget_headers(rows)
        unit = next((r.get("unit") for r in rows if r.get("unit")), "")
        first = f"<b>{_esc(title)}</b>" + (f"<br/>{_esc(unit)}" if unit else "")
        data = [[Paragraph(first, head)] + [P(h, head_r) for h in headers]]
        styles = list(base_style)
        section = None
        for r in rows:
            sec = r.get("section") or ""
            role = r.get("role") or ""
            if sec != section and role != "totalt":
                data.append([P(sec, head)] + [""] * len(headers))
                section = sec
            values = _budget_values(r, headers)
            dec = r.get("decimals")
            dec = int(dec) if not _is_missing(dec) else None
            key = ("budget", sec, r.get("item"))
            data.append([P(r.get("item") or "", cell, key)] +
                        [P("" if _is_missing(v) else fmt_number(float(v), dec), cell_r) for v in values])
        t = Table(data, colWidths=[table_width - 3 * 85] + [85] * len(headers),
                  repeatRows=1 if repeat_header else 0, hAlign="LEFT")
        t.setStyle(TableStyle(styles))
        return t

    def goal_block(g):
        level = g.get("level")
        gid = str(g.get("id") or "")
        if level == "inriktningsmål":
            story.append(P("KF:s inriktningsmål:", label))
            story.append(P(f"{gid}. {g.get('title') or ''}", title_style))
        elif level == "kf-mål":
            story.append(P("KF:s mål för verksamhetsområdet:", label))
            story.append(P(f"{gid} {g.get('title') or ''}", title_style))
        else:
            story.append(P("Nämndmål:", label))
            story.append(P(g.get("title") or "", title_style))
        status_text = g.get("status_text") or {
            "helt": "Uppfylls helt", "delvis": "Uppfylls delvis", "inte": "Uppfylls inte",
            "ej bedömd": "Ej bedömd"}.get(g.get("status") or "", "")
        if status_text:
            story.append(P(" " + status_text, status_style))
        analysis = g.get("analysis") or ""
        if analysis:
            story.append(P("Analys", analys_style))
            for para in re.split(r"\n\s*\n", str(analysis)):
                if para.strip():
                    story.append(P(" ".join(para.split())))
        ind = [r for r in indicators if str(r.get("goal")) == gid]
        if ind:
            story.append(Spacer(1, 12))
            story.append(indicator_table(ind))
            story.append(Spacer(1, 6))
        act = [r for r in activities if str(r.get("goal")) == gid]
        if act:
            story.append(Spacer(1, 12))
            story.append(activity_table(act))
            story.append(Spacer(1, 6))

    for g in goals:
        goal_block(g)

    if budget:
        story.append(P("Uppföljning av ekonomi", label))
        for para in meta.get("economy_prose") or []:
            story.append(P(para))
        tables: dict[str, list] = {}
        for r in budget:
            tables.setdefault(str(r.get("table") or "Budget"), []).append(r)
        for title, rows in tables.items():
            story.append(Spacer(1, 12))
            story.append(budget_table(title, rows))
            story.append(Spacer(1, 6))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, str(canvas.getPageNumber()))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2.2 * cm,
                            title=f"{kind} {year or ''}".strip(), author=org, invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    rendered.pages = doc.page
    return rendered


def _budget_headers(rows: list[dict]) -> list[str]:
    for r in rows:
        if r.get("headers"):
            return [str(h) for h in r["headers"]]
    for r in rows:
        if isinstance(r.get("values"), dict):
            return [str(h) for h in r["values"]]
    heads: list[str] = []
    for r in rows:
        for k in r:
            if k not in BUDGET_BASE and not k.startswith("_") and k not in heads:
                heads.append(k)
    return heads


def _budget_values(row: dict, headers: list[str]) -> list:
    values = row.get("values")
    if isinstance(values, dict):
        return [values.get(h) for h in headers]
    return [row.get(h) for h in headers]


def main(argv: list[str] | None = None) -> int:
    """python -m tests.support.pdfrender TRUTH.json OUT.pdf  (TRUTH.json: {"meta": ..., "truth": ...},
    as tests.support.generator.truth_json writes it), or --seed N OUT.pdf to render generate(N)."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[0] == "--seed":
        from tests.support.generator import generate

        rep = generate(int(args[1]))
        truth, meta, out = rep.truth, rep.meta, args[2]
    elif len(args) == 2:
        data = json.loads(Path(args[0]).read_text(encoding="utf-8"))
        truth, meta, out = data["truth"], data.get("meta", {}), args[1]
    else:
        print("usage: python -m tests.support.pdfrender TRUTH.json OUT.pdf | --seed N OUT.pdf", file=sys.stderr)
        return 2
    r = render_pdf(truth, meta, out)
    print(f"{out}: {r.pages} sidor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
