"""Read a generated report back and compare every table with its ground truth.

A table comes back in one of three ways:
- exact: the grid granska found has the truth's columns (names), unit, title (loosely: one
  contains the other once units, "forts." and case are set aside) and rows (kind, label,
  reference, every cell's text, and the value of every figure);
- reported: the rows granska could not read are missing and said to be missing (an EXT010
  problem naming the row's line, on its page; in a Document, an inventory entry partial or
  unread), and what it did read is exact;
- wrong: anything else (a figure read wrongly, a row invented or silently lost, a column named
  wrongly, a table not found). `Outcome.wrong` lists why, one line each.

`read_grids(layout)` runs granska's reading steps in order (reading_order, page_text, find_grids),
so a failure can be traced step by step.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from granska.checks.readers.cells import normalise

_UNIT_PARENS = re.compile(r"\((tkr|mnkr|mkr|kr)\)|\bbelopp i (tkr|mnkr)\b|,?\s*forts\.?", re.IGNORECASE)


@dataclass
class Outcome:
    table: dict  # the truth
    how: str  # exact | reported | wrong
    wrong: list[str] = field(default_factory=list)
    unread_rows: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.table['title']!r} (pages {self.table['pages']}): {self.how}"
        return "\n  ".join([head] + self.wrong + [f"reported unread: {r}" for r in self.unread_rows])


def read_pdf(path: Path):
    from granska.checks.readers.pdf_source import read_pdf_layout

    return read_pdf_layout(path, path.read_bytes())


def pdftotext(pdf: Path) -> Path | None:
    """The PDF's `pdftotext -layout` text beside it, or None where poppler is not installed."""
    if not shutil.which("pdftotext"):
        return None
    out = pdf.with_suffix(".txt")
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True, capture_output=True)
    return out


def read_text(path: Path):
    from granska.checks.readers.layout_text import read_layout_text

    return read_layout_text(path.read_text(encoding="utf-8").split("\n"))


def read_grids(layout):
    """granska's steps on a layout (a copy: the steps change it): the grids it finds."""
    from granska.checks.readers.flows import reading_order
    from granska.checks.readers.geometry import find_grids, page_text

    layout = copy.deepcopy(layout)
    reading_order(layout)
    page_text(layout)
    return find_grids(layout)


def _loose(text: str) -> str:
    return " ".join(_UNIT_PARENS.sub(" ", text.lower()).split()).strip(" ,:")


def _title_matches(truth: str, grid) -> bool:
    want = _loose(truth)
    got = [_loose(t) for t in (grid.title, grid.label_header) if t]
    return any(g and (want in g or g in want) for g in got)


def _row_key(kind: str, label: str, ref: str) -> tuple[str, str, str]:
    return kind, normalise(label), ref


_SIGN_SPACE = re.compile(r"^([-\u2212\u2013]) (?=\d)")


def _tight(text: str) -> str:
    return _SIGN_SPACE.sub(r"\1", text).replace(" %", "%")


def same_text(printed: str, read: str) -> bool:
    """The cell's text as printed, whitespace folded; a sign and its figure, and a figure and its
    percent sign, may lose the space between them ("- 6 279" / "-6 279", "0 %" / "0%": pdftotext
    drops a narrow one)."""
    a, b = normalise(printed), normalise(read)
    return a == b or _tight(a) == _tight(b)


def _cell_wrong(want_text: str, want_value, cell, kind: str) -> str | None:
    if not same_text(want_text, cell.text):
        return f"printed {want_text!r}, read {cell.text!r}"
    if kind == "note":
        return None  # a note is a reference: the grid may hold it as a number, the budget reader does not
    if want_value is None:
        if cell.is_figure:
            return f"printed {want_text!r} (no figure), read the figure {cell.value}"
        return None
    if not cell.is_figure or cell.value is None or abs(cell.value - want_value) > 1e-9:
        return f"printed {want_text!r} = {want_value}, read {cell.value} ({cell.kind})"
    return None


def _score(truth: dict, grid) -> int:
    keys = {_row_key(r["kind"], r["label"], r["ref"]) for r in truth["rows"]}
    return sum(1 for r in grid.rows if _row_key(r.kind, r.label, r.ref) in keys)


def _problem_rows(grids, pages: list[int]) -> list[str]:
    return [str(p["params"].get("row", "")) for g in grids for p in g.problems
            if p.get("code") == "EXT010" and p.get("page") in pages]


def compare(truth: dict, grids) -> Outcome:
    """How one truth table came back among the grids read from its document."""
    pages = truth["pages"]
    near = [g for g in grids if set(g.pages or [g.page]) & set(pages)]
    best = max(near, key=lambda g: _score(truth, g), default=None)
    if best is None or _score(truth, best) == 0:
        problems = _problem_rows(grids, pages)
        unread = [r["label"] for r in truth["rows"] if r["kind"] == "data"]
        if problems and all(any(normalise(lab) in p for p in problems) for lab in unread):
            return Outcome(truth, "reported", unread_rows=unread)
        return Outcome(truth, "wrong", [f"not found (grids on its pages: {[g.title for g in near]})"])
    grid = best
    wrong: list[str] = []
    names = [c.name for c in grid.columns]
    if names != truth["columns"]:
        wrong.append(f"columns {names} != {truth['columns']}")
    if grid.unit != truth["unit"]:
        wrong.append(f"unit {grid.unit!r} != {truth['unit']!r}")
    if not _title_matches(truth["title"], grid):
        wrong.append(f"title {grid.title!r} (label header {grid.label_header!r}) != {truth['title']!r}")
    problems = _problem_rows([grid], pages)
    got = list(grid.rows)
    unread: list[str] = []
    i = 0
    for want in truth["rows"]:
        key = _row_key(want["kind"], want["label"], want["ref"])
        at = next((k for k in range(i, len(got)) if _row_key(got[k].kind, got[k].label, got[k].ref) == key), None)
        if at is None:
            label = normalise(want["label"])
            if want["kind"] == "data" and any(label in p for p in problems):
                unread.append(want["label"])
            else:
                wrong.append(f"row {want['kind']} {want['label']!r} ({want['ref']}) missing, not reported")
            continue
        for extra in got[i:at]:
            wrong.append(f"row {extra.kind} {extra.label!r} ({extra.ref}) read but not printed as such "
                         f"(cells {[c.text for c in extra.cells]})")
        row = got[at]
        i = at + 1
        if len(row.cells) != len(want["cells"]):
            wrong.append(f"row {want['label']!r}: {len(row.cells)} cells, printed {len(want['cells'])}")
            continue
        for name, kind, text, value, cell in zip(truth["columns"], truth["column_kinds"], want["cells"], want["values"],
                                                 row.cells):
            why = _cell_wrong(text, value, cell, kind)
            if why:
                wrong.append(f"row {want['label']!r}, column {name!r}: {why}")
    for extra in got[i:]:
        wrong.append(f"row {extra.kind} {extra.label!r} ({extra.ref}) read but not printed as such "
                     f"(cells {[c.text for c in extra.cells]})")
    if wrong:
        return Outcome(truth, "wrong", wrong, unread)
    return Outcome(truth, "reported" if unread else "exact", [], unread)


def compare_all(truth: dict, grids) -> list[Outcome]:
    return [compare(t, grids) for t in truth["tables"]]


def inventory_reports(doc, outcome: Outcome) -> bool:
    """A Document lists a table that was not read whole as partial or unread."""
    pages = outcome.table["pages"]
    return any(e.get("status") in ("partial", "unread") and e.get("page") in pages for e in doc.inventory)


# ---------------------------------------------------------------------------------------------
# one spec, end to end


@dataclass
class Result:
    spec: object
    truth: dict
    pdf: list[Outcome]
    text: list[Outcome] | None  # None: pdftotext is not installed

    def wrong(self) -> list[tuple[str, Outcome]]:
        return [("pdf", o) for o in self.pdf if o.how == "wrong"] + \
            [("text", o) for o in (self.text or []) if o.how == "wrong"]


def run(spec, folder: Path, text: bool = True) -> Result:
    """Generate, draw, read (PDF, and -layout text where poppler is installed) and compare."""
    from tests.support.tablegen import generate
    from tests.support.tablepdf import render

    report = generate(spec)
    pdf = Path(folder) / f"report-{spec.seed}.pdf"
    render(report, pdf)
    truth = report.truth()
    pdf_out = compare_all(truth, read_grids(read_pdf(pdf)))
    txt = pdftotext(pdf) if text else None
    text_out = compare_all(truth, read_grids(read_text(txt))) if txt else None
    return Result(spec, truth, pdf_out, text_out)


def minimise(spec, fails, limit: int = 200):
    """The plainest spec that still fails (`fails(spec) -> bool`), one feature at a time."""
    from tests.support.tablegen import simpler

    tries = 0
    changed = True
    while changed and tries < limit:
        changed = False
        for smaller in simpler(spec):
            tries += 1
            if fails(smaller):
                spec, changed = smaller, True
                break
    return spec


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def read_document(folder: Path, spec, source: str):
    """The Document granska reads from the report run() drew in `folder` (its PDF or its text)."""
    from granska.checks.readers import read_document as read

    pdf = Path(folder) / f"report-{spec.seed}.pdf"
    return read(pdf if source == "pdf" else pdf.with_suffix(".txt"))


_RULES: list = []


def check(spec, folder: Path, source: str):
    """(truth, findings) of `granska check` on the drawn report, from its PDF or its text."""
    from granska.checks.engine.rules import load_rules
    from granska.checks.engine.run import check_document
    from tests.support.tablegen import generate
    from tests.support.tablepdf import render

    if not _RULES:
        _RULES.extend(load_rules())
    report = generate(spec)
    pdf = Path(folder) / f"report-{spec.seed}.pdf"
    render(report, pdf)
    if source == "text":
        pdftotext(pdf)
    return report.truth(), check_document(read_document(folder, spec, source), _RULES)
