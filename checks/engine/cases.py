"""Rule cases: small pass/fail reports per rule, beside the rules (like sqlfluff's rule fixtures).

rules/cases/<CODE>.yaml holds the cases of one rule. A case is a report and the findings of that
rule it gives:

- the report: `fixture: NAME` (rules/cases/fixtures/NAME.txt, or a .pdf read as a PDF) or
  `report: |` inline; `replace` edits ([old, new] or {old, new, copy}); `copies: 2` doubles the
  body; `tables:` extracts the report to CSV first (as `granska extract` does), edits those files
  (file -> [[old, new], …], or file -> its whole new text) and checks the folder.
- `expect`: one entry per finding: `line` (in the fixture; `copy` when not 1), its `message` and
  `message_en` (a snapshot), and optionally `certain` / `severity`.

The test suite runs every case (tests/test_rule_cases.py); `granska rules CODE` shows the first
failing case's finding as the rule's example. `python -m pytest tests/test_rule_cases.py
--update-snapshots` rewrites the messages after a wording change (never which findings a case
expects).
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from granska.rules import RULES_DIR

CASES_DIR = RULES_DIR / "cases"
FIXTURES = CASES_DIR / "fixtures"
EXPECT_KEYS = ("line", "copy", "certain", "severity", "message", "message_en")


def case_file(code: str) -> Path:
    return CASES_DIR / f"{code}.yaml"


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def load_cases(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_text(case: dict) -> tuple[str, int]:
    """The case's report text and the line offset of its second copy (0 with one copy)."""
    text = case.get("report") or (FIXTURES / f"{case['fixture']}.txt").read_text(encoding="utf-8")
    copies = int(case.get("copies", 1))
    offset = len(text.split("\n")) + 1 if copies == 2 else 0
    body = [text] * copies
    for edit in case.get("replace", []):
        old, new, copy = (edit[0], edit[1], 1) if isinstance(edit, list) else (edit["old"], edit["new"], edit.get("copy"))
        for k in range(copies) if copy is None else [copy - 1]:
            if old not in body[k]:
                raise ValueError(f"{case['name']}: {old!r} is not in the report")
            body[k] = body[k].replace(old, new, 1)
    return "\n\n".join(body), offset


def input_key(case: dict) -> tuple:
    """What a case checks, for finding duplicates: the report as built and its table edits."""
    if str(case.get("fixture", "")).endswith(".pdf"):
        return ("pdf", case["fixture"])
    return (build_text(case)[0], repr(sorted((case.get("tables") or {}).items())))


def read_case(case: dict, source: str):
    """(Document, offset of copy 2) for a case."""
    fixture = str(case.get("fixture", ""))
    if fixture.endswith(".pdf"):
        from granska.checks.readers.geometry import read_pdf_document as read_pdf

        return read_pdf(FIXTURES / fixture), 0
    from granska.checks.readers.text import parse_text

    text, offset = build_text(case)
    doc = parse_text(text, source=source)
    if "tables" not in case:
        return doc, offset
    from granska.checks.readers.tabular import read_folder, write_tables

    with tempfile.TemporaryDirectory() as tmp:
        write_tables(doc, tmp)
        for name, edits in case["tables"].items():
            path = Path(tmp) / name
            if isinstance(edits, str):
                content = edits
            else:
                content = path.read_text(encoding="utf-8-sig")
                for old, new in edits:
                    if old not in content:
                        raise ValueError(f"{case['name']}: {old!r} is not in {name}")
                    content = content.replace(old, new, 1)
            path.write_text(content, encoding="utf-8")
        return read_folder(tmp), offset


def run_case(code: str, case: dict, rules) -> tuple[list, int]:
    """The findings of rule `code` for the case (and the offset of its second copy)."""
    from granska.checks.engine.run import check_document

    doc, offset = read_case(case, f"{code}.txt")
    found = [f for f in check_document(doc, rules) if f.rule == code]
    return found, offset


def observed(findings, offset: int) -> list[dict[str, Any]]:
    """The findings as `expect` entries: line in the fixture, copy when not 1, the messages."""
    out = []
    for f in findings:
        e: dict[str, Any] = {"line": (f.line or 0) - (offset if f.copy == 2 else 0)}
        if f.copy is not None and f.copy != 1:
            e["copy"] = f.copy
        e["message"], e["message_en"] = f.message, f.message_en
        out.append(e)
    return out


def located(entries: list[dict]) -> list[tuple]:
    return sorted((e["line"], e.get("copy", 1)) for e in entries)


def example(code: str, rules) -> dict[str, Any] | None:
    """The rule's first failing case and what it finds: {case, file, finding} (None without one)."""
    path = case_file(code)
    if not path.exists() or not FIXTURES.is_dir():  # an install without the fixtures
        return None
    for case in load_cases(path)["cases"]:
        if case.get("expect"):
            found, _ = run_case(code, case, rules)
            if found:
                fixture = str(case.get("fixture", ""))
                report = (FIXTURES / (fixture if "." in fixture else fixture + ".txt")) if fixture else path
                return {"case": case["name"], "file": path, "report": report,
                        "finding": min(found, key=lambda f: (f.line or 0, f.message))}
    return None
