"""Write the PDF fixtures of the rule cases (rules/cases/fixtures/*.pdf), for the problems that
only a PDF shows (tests.support.pdfrender draws them; reportlab's invariant mode gives the same bytes
every run). Run from the repository root after changing the drawing or the truth below:

    python tests/make_case_pdfs.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "rules" / "cases" / "fixtures"
META = {"organisation": "kommunstyrelsen", "kind": "verksamhetsberättelse", "year": 2017}


def truth(outcome_cell: str) -> dict:
    return {
        "goals": [
            {"id": "1", "level": "inriktningsmål", "parent": "", "title": "Ett Stockholm som håller samman",
             "status": "saknas", "status_text": "", "analysis": ""},
            {"id": "1.1", "level": "kf-mål", "parent": "1", "title": "Alla barn har goda uppväxtvillkor",
             "status": "delvis", "status_text": "Uppfylls delvis", "analysis": "Arbetet har gått enligt plan."},
        ],
        "indicators": [
            {"goal": "1.1", "name": "Andel avtal med uppföljningsplan", "period": "2017",
             "cells": {"outcome": outcome_cell, "previous": "85 %", "target": "90 %", "kf_target": "80 %"}},
            {"goal": "1.1", "name": "Antal ungdomar som fått sommarjobb", "period": "2017",
             "cells": {"outcome": "35 st", "previous": "8 st", "target": "7 st", "kf_target": "8 500 st"}},
        ],
        "activities": [], "budget": [],
    }


def with_scanned_page(data: bytes, out: Path) -> bytes:
    """The same report with a page after it that has no text: a scanned page (a picture of text
    is drawn as a filled area, as a scanner's image would stand there)."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    scan = out / "scan.pdf"
    c = canvas.Canvas(str(scan), invariant=1)
    c.rect(72, 72, 450, 650, fill=1)
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(data)
    doc.import_pages(pdfium.PdfDocument(str(scan)))
    target = out / "damaged.pdf"
    doc.save(str(target))
    return target.read_bytes()


def build(out: Path) -> dict[str, bytes]:
    from reportlab import rl_config

    sys.path.insert(0, str(ROOT))
    from tests.support.pdfrender import render_pdf

    saved = rl_config.invariant, rl_config.pageCompression
    rl_config.invariant, rl_config.pageCompression = 1, 0  # same bytes every run; operators in plain text
    files = {}
    try:
        for name, cell in (("clean", "90 %"), ("cells", "90 % 88 %")):
            path = out / f"{name}.pdf"
            render_pdf(truth(cell), META, path)
            files[name + ".pdf"] = path.read_bytes()
    finally:
        rl_config.invariant, rl_config.pageCompression = saved
    files["damaged.pdf"] = with_scanned_page(files["clean.pdf"], out)
    return files


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, data in build(Path(tmp)).items():
            (FIXTURES / name).write_bytes(data)
            print(FIXTURES / name, len(data))
