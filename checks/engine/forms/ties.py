"""`ties`: a financial statement's lines and the tables that print them again.

kind:
- `notes`: a statement line with a Not (note) number against that note's table: the note's
  closing Summa (or its last line) is the line's figure, year by year, Kommunen against Kommunen;
- `labels`: a line printed with the same name in a statement and in another table (a
  flerårsöversikt, an ekonomisk sammanställning): the same year's figure is the same.

Figures are compared as intervals in kronor (± half the last printed digit, in each table's own
unit) and by magnitude: a note may print a cost without its minus sign.
"""
from __future__ import annotations

import re

from checks.engine.arithmetic import TableView, _decimals
from checks.engine.findings import slug
from checks.engine.forms.agree import TO_KR
from checks.engine.forms.arithmetic import views
from checks.engine.forms.common import require_keys
from checks.engine.intervals import gap, meets

STATEMENTS = ("resultaträkning", "balansräkning", "kassaflödesanalys")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_NOTE = re.compile(r"^\s*not\s+(\d{1,3})\b", re.IGNORECASE)
_SUM = ("summa_netto", "summa_kostnader", "summa_intakter", "totalt")
_GENERIC = {"summa", "totalt", "netto", "kostnader", "intäkter", "övrigt", "övriga", "varav"}


def compile(spec):
    spec = require_keys(spec, {"kind"}, {"kind"}, "ties")
    if spec["kind"] not in HANDLERS:
        raise ValueError(f"ties.kind: en av {', '.join(HANDLERS)}")
    return {"kind": spec["kind"]}


def evaluate(rule, ctx):
    out = []
    for copy in ctx.body_copies:
        out.extend(HANDLERS[rule.compiled["kind"]](rule, ctx, views(ctx, copy)))
    return out


def _kind(view: TableView) -> str:
    kind = view.rows[0].get("kind") if view.rows else ""
    return "" if kind is None or kind != kind else str(kind)


_SKIP_ROLES = ("budget", "forecast", "percent", "deviation_pct", "deviation")


def _keyed(view: TableView) -> dict[tuple[str, str], str]:
    """Each figure column of the view by (year, entity); the entity is the column's own, the
    table's ("Kommunen, mnkr") or '' where none is printed."""
    table_entity = _entity_of(view)
    out: dict[tuple[str, str], str] = {}
    for col in view.columns:
        m = _YEAR.search(col)
        if not m or view.roles.get(col) in _SKIP_ROLES:
            continue
        low = col.lower()
        entity = view.entities.get(col) or ("koncernen" if "koncern" in low else "kommunen" if "kommun" in low
                                            else table_entity)
        out.setdefault((m.group(1), entity), col)
    return out


def _pairs(statement: TableView, other: TableView) -> list[tuple[str, str]]:
    """Columns of the same year and entity in both tables. A column without an entity is matched
    only where the other table prints one entity: '2025' beside a statement of Kommunen and
    Koncernen does not say which it is."""
    left, right = _keyed(statement), _keyed(other)
    left_entities = {e for _, e in left}
    out = []
    for (year, entity), col in right.items():
        match = left.get((year, entity))
        if match is None and len(left_entities) == 1 and (entity == "" or "" in left_entities):
            match = left.get((year, next(iter(left_entities))))
        if match:
            out.append((match, col))
    return out


def _entity_of(view: TableView) -> str:
    text = view.name.lower()
    return "koncernen" if "koncern" in text else "kommunen" if "kommun" in text else ""


def _compare(rule, ctx, left: TableView, lrow: dict, lcol: str, right: TableView, rrow: dict, rcol: str, what: str):
    a, b = left.cell(lrow, lcol), right.cell(rrow, rcol)
    lunit, runit = lrow.get("unit") or "", rrow.get("unit") or ""
    if a is None or b is None or lunit not in TO_KR or runit not in TO_KR:
        return None
    a_kr, b_kr = abs(a * TO_KR[lunit]), abs(b * TO_KR[runit])
    if meets(a_kr, b_kr):
        return None
    ldec = _decimals(left.printed(lrow, lcol)) if left.printed(lrow, lcol) else 0
    rdec = _decimals(right.printed(rrow, rcol)) if right.printed(rrow, rcol) else 0
    values = {"left_table": left.name, "left_item": lrow["item"], "left_column": lcol, "left": lrow[lcol],
              "left_unit": lunit, "right_table": right.name, "right_item": rrow["item"], "right_column": rcol,
              "right": rrow[rcol], "right_unit": runit, "right_line": rrow["line"], "right_page": rrow.get("page"),
              "beyond": round(gap(a_kr, b_kr) / TO_KR[lunit], max(ldec, rdec) + 2), "what": what}
    subject = f"{slug(left.name)}/{slug(lrow['item'])}/{slug(lcol)}~{slug(right.name)}"
    return ctx.finding(rule, values, subject, lrow["line"], left.copy, lrow.get("end_line"),
                       key=f"{lrow[lcol]}|{rrow[rcol]}", printed={"left": ldec, "right": rdec},
                       compared=[(rrow["line"], rrow.get("end_line"))])


def notes(rule, ctx, tables: list[TableView]) -> list:
    """Each statement line with a note number against the note's total."""
    out = []
    by_number: dict[str, list[TableView]] = {}
    for view in tables:
        m = _NOTE.match(view.name)
        if m:
            by_number.setdefault(m.group(1), []).append(view)
    for statement in [v for v in tables if _kind(v) in STATEMENTS]:
        for row in statement.rows:
            note = str(row.get("note") or "").strip()
            if not note.isdigit() or len(by_number.get(note, [])) != 1:
                continue
            view = by_number[note][0]
            sums = [r for r in view.rows if r.get("role") in _SUM]
            total = sums[-1] if sums else (view.rows[-1] if view.rows else None)
            if total is None:
                continue
            for scol, ncol in _pairs(statement, view):
                ctx.checked(rule, statement.copy)
                found = _compare(rule, ctx, statement, row, scol, view, total, ncol, f"not {note}")
                if found is not None:
                    out.append(found)
    return out


def _name(label: str) -> str:
    return " ".join(re.sub(r"[^\wåäö ]", " ", label.lower()).split())


def labels(rule, ctx, tables: list[TableView]) -> list:
    """Each line of a statement printed under the same name in a summary table."""
    out = []
    statements = [v for v in tables if _kind(v) in STATEMENTS]
    others = [v for v in tables if _kind(v) not in STATEMENTS + ("not", "drift", "investering") and not _NOTE.match(v.name)]
    for statement in statements:
        names = {}
        for row in statement.rows:
            name = _name(str(row.get("item") or ""))
            if name and name not in _GENERIC and len(name) > 6:
                names.setdefault(name, row)
        for view in others:
            for row in view.rows:
                srow = names.get(_name(str(row.get("item") or "")))
                if srow is None:
                    continue
                for scol, ocol in _pairs(statement, view):
                    ctx.checked(rule, statement.copy)
                    found = _compare(rule, ctx, view, row, ocol, statement, srow, scol, "samma post")
                    if found is not None:
                        out.append(found)
    return out


HANDLERS = {"notes": notes, "labels": labels}
