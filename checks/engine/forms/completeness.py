"""`completeness`: is the report all there? Parts a report of its kind must have, a text that
stops mid-sentence or mid-table (a truncated file), a table cut off at a page break.

These are findings about the document as a whole, so that a report granska could read only the
start of never passes as "Inga fynd". Kinds:

- `tables_present` (`kinds`, `tables`): a report of one of these kinds has rows in at least one
  of these tables (a verksamhetsberättelse med bokslut has a budget or ekonomi table);
- `ends_complete`: the text does not end in the middle of a sentence, right after a heading or a
  goal's verdict line, or inside a table without its total row;
- `tables_whole`: no table stops at a page break without its total row while the page after it
  goes on with something else; readers that know a table was cut report it in the inventory
  (`cut_at_page`).
"""
from __future__ import annotations

import re

from granska.checks.engine.forms.common import check_columns, require_keys

KINDS = ("tables_present", "ends_complete", "tables_whole")
TOTAL_ROLES = ("netto", "summa_netto", "summa_kostnader", "summa_intakter", "totalt")
# The last line of a text cut mid-sentence: prose (several words) ending in a letter, a comma,
# a hyphen or an opening bracket, not in a full stop, a colon or a closing bracket. A list item
# ("• Utveckla …") ends without a full stop by custom.
_MID_SENTENCE = re.compile(r"[a-zåäöé,;(–-]$")
_LIST_ITEM = re.compile(r"^(?:[•·▪◦*–-]|\d{1,2}[.)])\s")

def compile(spec):
    spec = require_keys(spec, {"kind"}, {"kind", "kinds", "tables"}, "completeness")
    if spec["kind"] not in KINDS:
        raise ValueError(f"completeness.kind: en av {', '.join(KINDS)}")
    tables = spec.get("tables") or []
    if spec["kind"] == "tables_present":
        if not tables or not isinstance(tables, list):
            raise ValueError("completeness.tables: en lista med tabeller")
        for t in tables:
            check_columns(t, ["line"], "completeness.tables")
    kinds = spec.get("kinds") or []
    if not isinstance(kinds, list):
        raise ValueError("completeness.kinds: en lista med rapporttyper")
    return {"kind": spec["kind"], "tables": [str(t) for t in tables], "kinds": [str(k) for k in kinds]}


def evaluate(rule, ctx):
    return HANDLERS[rule.compiled["kind"]](rule, ctx, rule.compiled)


def tables_present(rule, ctx, c):
    kind = str(ctx.doc.meta.get("kind") or "")
    if c["kinds"] and kind not in c["kinds"]:
        return []
    ctx.checked(rule, None)
    if any(ctx.records(t) for t in c["tables"]):
        return []
    values = {"kind": kind, "tables": ", ".join(c["tables"])}
    # about the document as a whole: its first line, in the front matter (copy 0)
    return [ctx.finding(rule, values, f"saknas/{'-'.join(c['tables'])}", 1 if ctx.doc.lines else None, 0,
                        key=kind, excerpt="")]


def _last_lines(lines: list[str]) -> tuple[int, str, int | None]:
    """(1-based line, text) of the last line with text, and the line of the one before it."""
    nonblank = [i for i, s in enumerate(lines, start=1) if s.strip()]
    if not nonblank:
        return 0, "", None
    return nonblank[-1], lines[nonblank[-1] - 1].strip(), (nonblank[-2] if len(nonblank) > 1 else None)


def _tables(ctx) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for r in ctx.records("budget"):
        out.setdefault((str(r["table"]), int(r["copy"])), []).append(r)
    return out


def _has_total(rows: list[dict]) -> bool:
    """The table closes with a total, or is of a kind that has none to close with: an ekonomi
    summary, a financial statement, a table of counts. Only a table of Kostnader / Intäkter, a
    driftredovisning or an investment list is expected to end in its Summa."""
    if any(r.get("role") in TOTAL_ROLES for r in rows):
        return True
    kinds = {"" if r.get("kind") is None or r.get("kind") != r.get("kind") else str(r["kind"]) for r in rows}
    structured = any(r.get("role") in ("kostnader", "intakter") for r in rows)
    return not structured and not kinds & {"drift", "investering", ""}


def _in_a_row(ctx, line: int) -> bool:
    """The line is a row of a table that was read (an activity, an indicator, a budget line): a
    report may end with a table, and a row is no sentence."""
    for name in ("activities", "indicators", "budget"):
        for r in ctx.records(name):
            start = r.get("line")
            end = r.get("end_line") if r.get("end_line") == r.get("end_line") and r.get("end_line") else start
            if start == start and start is not None and int(start) <= line <= int(end):
                return True
    return False


def ends_complete(rule, ctx, c):
    lines = ctx.doc.lines
    if not lines:  # tables read from CSV/XLSX: no text whose end could be seen
        return []
    ctx.checked(rule, None)
    last, text, before = _last_lines(lines)
    if not last:
        return []
    why = why_en = ""
    for (name, _copy), rows in _tables(ctx).items():
        end = max(int(r.get("end_line") or r["line"]) for r in rows)
        if end >= last and not _has_total(rows):
            why, why_en = f"mitt i tabellen ”{name}”, före dess summarad", f"inside the table “{name}”, before its total row"
    goals = [g for g in ctx.records("goals") if int(g["line"]) >= (before or last) - 3]
    if not why and goals and not any(str(g.get("analysis") or "").strip() for g in goals):
        g = max(goals, key=lambda g: int(g["line"]))
        if int(g["line"]) >= last - 3:
            why, why_en = f"direkt efter rubriken till mål {g['id']}", f"right after the heading of goal {g['id']}"
    if not why and text.endswith(":"):
        why, why_en = "efter en rubrik som inte följs av något", "after a heading that nothing follows"
    if not why and len(text.split()) >= 5 and _MID_SENTENCE.search(text) and not _LIST_ITEM.match(text) \
            and not _in_a_row(ctx, last):
        why, why_en = "mitt i en mening", "in the middle of a sentence"
    if not why:
        return []
    values = {"where": why, "where_en": why_en, "last_line": last, "text": text[:120]}
    return [ctx.finding(rule, values, "slut", last, ctx.body_copies[-1], key=why_en, excerpt=text)]


def tables_whole(rule, ctx, c):
    out = []
    pages = ctx.doc.pages
    lines = ctx.doc.lines
    for part in ctx.doc.inventory:
        if part.get("kind") == "table" and part.get("cut_at_page"):
            ctx.checked(rule, part.get("copy"))
            values = {"table": part.get("title") or "", "page": int(part["cut_at_page"])}
            out.append(ctx.finding(rule, values, f"{part.get('title')}/{part['cut_at_page']}", part.get("end_line") or
                                   part.get("line"), part.get("copy"), key=part["cut_at_page"]))
    if not pages or not lines:
        return out
    for (name, copy), rows in _tables(ctx).items():
        ctx.checked(rule, copy)
        end = max(int(r.get("end_line") or r["line"]) for r in rows)
        nxt = next((i for i in range(end + 1, len(lines) + 1) if lines[i - 1].strip() and i in pages), None)
        page = pages.get(end)
        if _has_total(rows) or nxt is None or page is None or pages[nxt] == page:
            continue
        # the table's last row ends its page, and the next page does not go on with its rows
        values = {"table": name, "page": page}
        out.append(ctx.finding(rule, values, f"{name}/{page}", end, copy, key=page))
    return out


HANDLERS = {"tables_present": tables_present, "ends_complete": ends_complete, "tables_whole": tables_whole}
