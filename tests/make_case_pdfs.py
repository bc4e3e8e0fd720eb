"""Write the PDF fixtures of the rule cases (rules/cases/fixtures/*.pdf), for the problems that
only a PDF shows (checks.pdfrender draws them; reportlab's invariant mode gives the same bytes
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


def damaged(data: bytes) -> bytes:
    """The same PDF with one operand of the first page's content made unreadable (same length)."""
    old = b"1 0 0 1 0 0 cm"
    assert old in data, "expected an uncompressed content stream"
    return data.replace(old, b"/ 0 0 1 0 0 cm", 1)


def build(out: Path) -> dict[str, bytes]:
    from reportlab import rl_config

    sys.path.insert(0, str(ROOT))
    from checks.pdfrender import render_pdf

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
    files["damaged.pdf"] = damaged(files["clean.pdf"])
    return files


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, data in build(Path(tmp)).items():
            (FIXTURES / name).write_bytes(data)
            print(FIXTURES / name, len(data))
