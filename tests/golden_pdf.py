"""The golden snapshot of the PDF path: every PDF in the repository read and checked, its tables
and findings written compactly to tests/data/golden/pdf.txt (tests/test_pdf_golden.py compares).

A change to the PDF reader that alters any table cell or finding shows as a failing test with
the lines that differ. When the change is meant, refresh the snapshot and commit it with the
change, so the diff of the snapshot shows what the change did:

    python tests/golden_pdf.py --write      # rewrite tests/data/golden/pdf.txt
    python tests/golden_pdf.py              # print the differences, exit 1 if any

Format, per PDF: `## path`, the document's metadata, then one block per table (`# name: n
rows`; per budget table: `= {…}` the columns equal in every row, a header of the others that
hold a value, one JSON array per row), the reader's problems and `# findings: n` (one JSON array
per finding: rule, severity, line, page, copy, evidence lines, fingerprint, Swedish message).
Floats are printed with repr (what the reader produced, not a rounding of it); a text longer
than 100 characters as its start, a digest and its length.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "golden" / "pdf.txt"
PATTERNS = ("datasets/pdf/*.pdf", "datasets/layouts/*/*.pdf", "rules/cases/fixtures/*.pdf")
LONG_TEXT = 100
META = ("organisation", "kind", "year", "copies", "lines", "pages")
TABLES = ("goals", "indicators", "activities", "budget", "budget_columns", "claims")


def pdf_paths() -> list[Path]:
    return sorted(p for pattern in PATTERNS for p in ROOT.glob(pattern))


def _cell(value):
    """A cell as written: a long text by its start and a digest (any change to it still shows)."""
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return f"{value[:48]}…#{hashlib.sha256(value.encode()).hexdigest()[:10]}/{len(value)}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return value  # json prints 12.0, kept distinct from the int 12
    return value


def snapshot_of(path: Path, rules) -> list[str]:
    """The lines of one PDF's snapshot (an unreadable PDF: its error)."""
    from granska.checks.engine.run import check_document
    from granska.checks.errors import GranskaError
    from granska.checks.model import records
    from granska.checks.readers import read_document

    rel = path.relative_to(ROOT).as_posix()
    out = [f"## {rel}"]
    try:
        doc = read_document(path)
    except GranskaError as exc:
        return out + [f"# error: {exc.one_line().replace(str(path), rel)}"]
    out.append(json.dumps({k: doc.meta.get(k) for k in META}, ensure_ascii=False))
    for name in TABLES:
        df = doc.tables.get(name)
        if df is None:
            continue
        columns = list(df.columns)
        rows = records(df) if not df.empty else []
        out.append(f"# {name}: {len(rows)} rows")
        groups: dict = {}  # a budget row has the value columns of its own table only: one header per table
        for row in rows:
            groups.setdefault(row.get("table") if name == "budget" else "", []).append(row)
        for group in groups.values():
            cells = [[_cell(row.get(c)) for c in columns] for row in group]
            used = [k for k in range(len(columns)) if any(r[k] not in (None, "") for r in cells)]
            same = [k for k in used if len(cells) > 1 and all(r[k] == cells[0][k] for r in cells)]
            if same:
                out.append("= " + json.dumps({columns[k]: cells[0][k] for k in same}, ensure_ascii=False))
            used = [k for k in used if k not in same]
            out.append(json.dumps([columns[k] for k in used], ensure_ascii=False))
            out.extend(json.dumps([r[k] for k in used], ensure_ascii=False) for r in cells)
    out.append(f"# problems: {len(doc.problems)}")
    for p in doc.problems:
        out.append(json.dumps([p.get("code"), p.get("line"), p.get("page"), p.get("copy"), p.get("message")],
                              ensure_ascii=False))
    findings = [f.to_dict() for f in check_document(doc, rules)]
    out.append(f"# findings: {len(findings)}")
    for f in findings:
        ev = f.get("evidence") or {}
        out.append(json.dumps([f["rule"], f["severity"], f["line"], f["page"], f["copy"], ev.get("lines"),
                               f["fingerprint"], f["message"]], ensure_ascii=False))
    return out


def snapshot() -> str:
    from granska.checks.engine.rules import load_rules

    rules = load_rules([])
    lines: list[str] = []
    for path in pdf_paths():
        lines.extend(snapshot_of(path, rules))
    return "\n".join(lines) + "\n"


def differences(expected: str, actual: str, limit: int = 60) -> list[str]:
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "snapshot", "now", n=0, lineterm=""))
    return diff[:limit] + ([f"… {len(diff) - limit} more lines"] if len(diff) > limit else [])


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    now = snapshot()
    if "--write" in argv:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(now, encoding="utf-8")
        print(f"{SNAPSHOT.relative_to(ROOT)}: {len(pdf_paths())} PDFs, {len(now.encode()) // 1024} KiB")
        return 0
    diff = differences(SNAPSHOT.read_text(encoding="utf-8"), now)
    print("\n".join(diff) if diff else "no difference")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
