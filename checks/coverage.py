"""What granska read of a document, what it checked, and what it could not read: the coverage.

A revisor reads "Inga fynd" as "checked, and clean". The coverage is what makes that honest: it
says how much of the report was read (pages; tables with their rows and columns; goals with and
without a verdict; indicators; activities; claims), how many subjects each rule was evaluated on
and how many of them passed, and which recognised parts could not be read (a table not
understood, rows dropped, a verdict printed as an icon, a page without a text layer).

Plain data computed once per document from the Document (its tables, problems and inventory)
and the engine's per-rule counts; every renderer shows the same numbers.
"""
from __future__ import annotations

from typing import Any

# Rules about the reading itself, not checks of the report's figures: they do not make a
# report "checked".
META_CATEGORIES = ("extraction", "completeness", "input")
VERDICTS = ("helt", "delvis", "inte")


# Problems of a page or of the whole text, counted as unread parts, not as rows read uncertainly.
NOT_ROW_PROBLEMS = {"EXT007", "EXT011"}

def _rows(doc, name: str) -> list[dict]:
    from granska.checks.model import records

    df = doc.tables.get(name)
    return records(df) if df is not None and len(df) else []


def _once(rows: list[dict], first: int) -> list[dict]:
    """The report counted once: front matter and the first body copy (the copies repeat it)."""
    return [r for r in rows if r.get("copy") in (None, 0, first)]


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


def _budget_tables(doc, first: int) -> list[dict[str, Any]]:
    """The budget/ekonomi tables the readers read, one entry each, in the shape of the inventory."""
    columns: dict[str, set[str]] = {}
    for c in _once(_rows(doc, "budget_columns"), first):
        columns.setdefault(str(c["table"]), set()).add(str(c["column"]))
    tables: dict[str, dict[str, Any]] = {}
    for r in _once(_rows(doc, "budget"), first):
        name = str(r["table"])
        t = tables.setdefault(name, {"kind": "table", "what": "budget", "title": name, "page": _int(r.get("page")),
                                     "line": _int(r.get("line")), "end_line": _int(r.get("line")), "copy": _int(r.get("copy")),
                                     "rows": 0, "rows_unread": 0, "columns": len(columns.get(name, ())),
                                     "status": "read", "reason": "", "reason_en": ""})
        t["rows"] += 1
        t["end_line"] = max(t["end_line"] or 0, _int(r.get("end_line")) or _int(r.get("line")) or 0) or None
    return list(tables.values())


def _part(item: dict[str, Any]) -> dict[str, Any]:
    """An inventory entry with every key present (readers may leave some out)."""
    keys = ("kind", "what", "title", "page", "line", "end_line", "copy", "rows", "rows_unread", "columns", "status",
            "reason", "reason_en")
    out = {k: item.get(k) for k in keys}
    out["status"] = out["status"] if out["status"] in ("read", "partial", "unread") else "unread"
    for k in ("rows", "rows_unread", "columns"):
        out[k] = _int(out[k]) or 0
    for k in ("reason", "reason_en", "title", "what", "kind"):
        out[k] = str(out[k] or "")
    return out


def document_coverage(doc, rules, checks: dict[str, tuple[int, int]], findings) -> dict[str, Any]:
    """The coverage of one checked document (see the module doc; reports/FORMAT.md `coverage`).

    rules: the rules that ran; checks: rule code -> (subjects checked, failed) from
    check_document; findings: the document's (merged) findings."""
    copies = sorted({_int(r.get("copy")) or 0 for name in ("goals", "indicators", "budget", "claims")
                     for r in _rows(doc, name)} - {0})
    first = copies[0] if copies else 1
    inventory = [_part(i) for i in doc.inventory]
    tables = [p for p in inventory if p["kind"] == "table" and p["copy"] in (None, 0, first)]
    # a table the inventory lists already (as drift, ekonomi, investering …) is not listed again
    known = {t["title"] for t in tables if t["what"] != "indicator"}
    tables += [t for t in _budget_tables(doc, first) if t["title"] not in known]
    tables.sort(key=lambda t: (t["line"] or 0))
    goals = _once(_rows(doc, "goals"), first)
    # inriktningsmål carry no verdict of their own (the goals under them do)
    verdicts = [str(g.get("status") or "") for g in goals if g.get("level") != "inriktningsmål"]
    pages_without_text = sorted({p["page"] for p in inventory if p["kind"] == "page" and p["status"] != "read"
                                 and p["page"] is not None})
    unread = [p for p in inventory if p["status"] != "read" and (p["kind"] != "table" or p["copy"] in (None, 0, first))]
    found: dict[str, int] = {}
    for f in findings:
        found[f.rule] = found.get(f.rule, 0) + 1
    by_rule = []
    for rule in rules:
        checked, failed = checks.get(rule.code, (0, 0))
        by_rule.append({"code": rule.code, "category": rule.category, "checked": checked, "passed": checked - failed,
                        "findings": found.get(rule.code, 0)})
    data_rules = [r for r in by_rule if r["category"] not in META_CATEGORIES]
    checked = sum(r["checked"] for r in data_rules)
    rows_unread = sum(t["rows_unread"] for t in tables)
    tables_unread = sum(1 for t in tables if t["status"] != "read")
    pages = doc.meta.get("pdf_pages") or (max(doc.pages.values()) if doc.pages else None)
    if checked == 0:
        status = "nothing"
    elif tables_unread or rows_unread or pages_without_text or unread or doc.problems:
        status = "partial"
    else:
        status = "complete"
    return {
        "status": status,
        "pages": _int(pages),
        "pages_without_text": pages_without_text,
        "lines": _int(doc.meta.get("lines")) or len(doc.lines),
        "copies": len(copies) or 1,
        "tables": tables,
        "tables_read": sum(1 for t in tables if t["status"] == "read"),
        "tables_unread": tables_unread,
        "rows_unread": rows_unread,
        "rows_uncertain": sum(1 for p in doc.problems if p.get("code") not in NOT_ROW_PROBLEMS),
        "percent": _percent(tables, checked),
        "goals": {"read": len(goals), "with_verdict": sum(1 for v in verdicts if v in VERDICTS),
                  "not_assessed": sum(1 for v in verdicts if v == "ej bedömd"),
                  "without_verdict": sum(1 for v in verdicts if v not in VERDICTS and v != "ej bedömd")},
        "indicators": len(_once(_rows(doc, "indicators"), first)),
        "activities": len(_once(_rows(doc, "activities"), first)),
        "claims": len(_once(_rows(doc, "claims"), first)),
        "unread": [{k: p[k] for k in ("kind", "what", "title", "page", "line", "copy", "rows_unread", "reason",
                                      "reason_en")} for p in unread],
        "rules": by_rule,
        "rules_run": sum(1 for r in data_rules if r["checked"]),
        "checked": checked,
        "passed": sum(r["passed"] for r in data_rules),
    }


def _percent(tables: list[dict[str, Any]], checked: int) -> float:
    """How much of what was recognised was read, in percent: each table counts as the share of
    its rows that were read (a table not understood at all: nothing). Without tables: all of it
    when rules ran on data, else nothing."""
    if not tables:
        return 100.0 if checked else 0.0
    shares = []
    for t in tables:
        if t["status"] == "read":
            shares.append(1.0)
        elif t["status"] == "partial":
            total = t["rows"] + t["rows_unread"]
            shares.append(t["rows"] / total if total else 0.5)
        else:
            shares.append(0.0)
    return round(100.0 * sum(shares) / len(shares), 1)


def unread_parts(coverage: dict[str, Any] | None) -> dict[str, int]:
    """What could not be read, counted: tables, pages without text, rows dropped, rows read
    uncertainly, other parts (goals, verdicts …). Zero counts are left out."""
    if not coverage:
        return {}
    other = sum(1 for p in coverage.get("unread") or [] if p.get("kind") not in ("table", "page"))
    counts = {"tables": int(coverage.get("tables_unread") or 0), "pages": len(coverage.get("pages_without_text") or []),
              "rows": int(coverage.get("rows_unread") or 0), "uncertain": int(coverage.get("rows_uncertain") or 0),
              "parts": other}
    return {k: n for k, n in counts.items() if n}
