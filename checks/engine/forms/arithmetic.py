"""`arithmetic`: the relations a table obeys, declared by its headers or found in its rows
(checks.engine.arithmetic), checked cell by cell.

kind:
- `columns`: three columns of amounts, one the sum or difference of the others;
- `ratios`: a % column, 100 · one column / another;
- `sums`: a Summa row, the rows it adds up;
- `shares`: a % column of shares (Andel, %, 100 on its Summa row), each row 100 · its amount / the
  Summa's, in a column of amounts where most rows hold;
- `rows`: a table whose rows are items (Budget, Nettokostnader, Budgetavvikelse) and whose columns
  are years: its rows relate as columns do elsewhere.
basis: `named` (the headers or labels name the relation), `found` (only the rows show it) or
`any`. Relations another rule checks already are left to it: BUD002's budget, actual and
deviation columns; BUD001–BUD006's tables of Kostnader, Intäkter and Netto and flat lists.
"""
from __future__ import annotations

from granska.checks.engine import arithmetic as ar
from granska.checks.engine.findings import slug
from granska.checks.engine.forms.common import require_keys
from granska.checks.engine.intervals import gap
from granska.checks.model import RATIO_ROLES

KINDS = ("columns", "ratios", "sums", "rows", "totals", "shares")
BASES = ("named", "found", "any")
_SUM_ROLES = ("summa_kostnader", "summa_intakter", "summa_netto", "totalt")
_STRUCTURED = {"kostnader", "intakter", "netto", "summa_kostnader", "summa_intakter"}
READINGS = {
    "section": ("raderna i avsnittet", "the rows of its section"),
    "since_sum": ("raderna sedan föregående summa", "the rows since the previous total"),
    "sums": ("delsummorna ovan", "the subtotals above"),
    "sums_rest": ("delsummorna ovan och raderna efter dem", "the subtotals above and the rows after them"),
    "all": ("alla rader ovan", "all rows above"),
}


def compile(spec):
    spec = require_keys(spec, {"kind"}, {"kind", "basis"}, "arithmetic")
    if spec["kind"] not in KINDS:
        raise ValueError(f"arithmetic.kind: en av {', '.join(KINDS)}")
    basis = spec.get("basis", "any")
    if basis not in BASES:
        raise ValueError(f"arithmetic.basis: en av {', '.join(BASES)}")
    return {"kind": spec["kind"], "basis": basis}


def views(ctx, copy: int) -> list[ar.TableView]:
    """Each budget table of the copy as a view: its rows in order, its columns and their roles."""
    roles: dict[str, dict[str, str]] = {}
    entities: dict[str, dict[str, str]] = {}
    for rec in ctx.records("budget_columns", copy):
        roles.setdefault(rec["table"], {})[rec["column"]] = rec["role"]
        entity = rec.get("entity")
        if entity and entity == entity:
            entities.setdefault(rec["table"], {})[rec["column"]] = str(entity)
    tables: dict[str, list[dict]] = {}
    for row in ctx.records("budget", copy):
        tables.setdefault(row["table"], []).append(row)
    out = []
    for name, rows in tables.items():
        if any(r.get("complete") is False for r in rows):
            continue
        cols, table_roles = list(roles.get(name, {})), roles.get(name, {})
        out.append(ar.TableView(name, copy, cols, table_roles, rows, ar.counts_table(name, cols, table_roles, rows),
                                entities.get(name, {})))
    return out


def _wanted(named: bool, basis: str) -> bool:
    return basis == "any" or (basis == "named") == named


def _bud002_deviation(view: ar.TableView) -> str | None:
    """The deviation column BUD002 checks (against budget and utfall or prognos): what it means
    is BUD002's to say, so no other relation is sought for it."""
    first = {}
    for col, role in view.roles.items():
        first.setdefault(role, col)
    if first.get("budget") and first.get("deviation") and (first.get("actual") or first.get("forecast")):
        return first["deviation"]
    return None


def _terms_text(rel: ar.Relation) -> str:
    if rel.kind == "ratio":
        num, den = (c for _, c in rel.terms)
        sign = "−" if rel.factor < 0 else ""
        return f"{sign}100 × {num} / {'|' + den + '|' if rel.factor == 0 else den}"
    text = ""
    for k, (s, c) in enumerate(rel.terms):
        if k == 0:
            text = c if s > 0 else f"−{c}"
        else:
            text += f" + {c}" if s > 0 else f" − {c}"
    return text


def _basis(named: bool) -> tuple[str, str]:
    return (("enligt rubrikerna", "as the headers name it") if named else
            ("som tabellens övriga rader visar", "as the table's other rows show"))


def evaluate(rule, ctx):
    c = rule.compiled
    handler = HANDLERS[c["kind"]]
    return [f for copy in ctx.body_copies for view in views(ctx, copy) for f in handler(rule, ctx, view, c["basis"])]


def column_findings(rule, ctx, view: ar.TableView, basis: str) -> list:
    """Three columns of amounts of which one is the sum or difference of the others (Avvikelse =
    Budget − Utfall, Återstår = Projektbudget − Ack. utfall): each row that breaks the relation
    its table keeps. BUD002's columns are left to BUD002."""
    owned = {c for c, _ in ar.total_column_names(view, RATIO_ROLES)} | {_bud002_deviation(view)} - {None}
    relations = ar.column_relations(view, RATIO_ROLES, owned)
    return [f for rel in relations if _wanted(rel.named, basis) for f in _relation_findings(rule, ctx, view, rel, "columns")]


def ratio_findings(rule, ctx, view: ar.TableView, basis: str) -> list:
    """A % column (Avvikelse %, Förbrukat %) as 100 · one column / another: each row whose
    percentage does not follow from its own amounts. A deviation's percentage that does follow
    from the row's budget and utfall is right; the deviation beside it is what BUD002 reports."""
    relations = ar.ratio_relations(view, RATIO_ROLES)
    out = []
    for rel in relations:
        if not _wanted(rel.named, basis):
            continue
        rel.broken = [b for b in rel.broken if not _follows_from_budget(view, rel, b[0], b[1])]
        out.extend(_relation_findings(rule, ctx, view, rel, "ratios"))
    return out


def _follows_from_budget(view: ar.TableView, rel: ar.Relation, row: dict, printed) -> bool:
    from granska.checks.engine.intervals import meets

    first = {}
    for col, role in view.roles.items():
        first.setdefault(role, col)
    num, den = (c for _, c in rel.terms)
    if view.roles.get(num) != "deviation" or not first.get("budget") or not first.get("actual"):
        return False
    budget, actual, base = (view.cell(row, first["budget"]), view.cell(row, first["actual"]), view.cell(row, den))
    if budget is None or actual is None or base is None or base.lo <= 0 <= base.hi:
        return False
    for diff in (budget - actual, actual - budget):
        q = diff / (abs(base) if rel.factor == 0 else base)
        if q is not None and meets(printed, q * (100.0 * (rel.factor or 1.0))):
            return True
    return False


def total_findings(rule, ctx, view: ar.TableView, basis: str) -> list:
    """A Totalt column beside its parts (Kvinnor, Män): each row whose total is not their sum, or,
    on a row of rates, not between them."""
    out = []
    for rel in ar.total_columns(view, RATIO_ROLES):
        for row, printed, expected in rel.broken:
            rate = ar.is_rate(row)
            decimals = ar._decimals(view.printed(row, rel.target)) if view.printed(row, rel.target) else int(row["decimals"])
            parts = " + ".join(c for _, c in rel.terms)
            values = {"table": view.name, "item": row["item"], "column": rel.target, "terms": parts,
                      "printed": round(printed.mid, decimals),
                      "expected": round(expected.mid, decimals) if not rate else None,
                      "low": round(expected.lo, decimals + 1) if rate else None,
                      "high": round(expected.hi, decimals + 1) if rate else None,
                      "beyond": round(gap(printed, expected), decimals + 2),
                      "how": (f"ligger inte mellan {' och '.join(c for _, c in rel.terms)}" if rate else f"{parts} ger"),
                      "how_en": (f"is not between {' and '.join(c for _, c in rel.terms)}" if rate else f"{parts} gives")}
            printed_parts = sorted(float(row[c]) for _, c in rel.terms)
            values["shown"] = (f"({_fmt(printed_parts[0], decimals)}–{_fmt(printed_parts[-1], decimals)})" if rate
                               else _fmt(expected.mid, decimals))
            out.append(ctx.finding(rule, {k: v for k, v in values.items() if v is not None},
                                   f"{slug(view.name)}/{slug(row['item'])}/{slug(rel.target)}", row["line"], view.copy,
                                   row.get("end_line"), key=f"{values['printed']}|{values['shown']}",
                                   printed={"printed": decimals}))
    return out


def _fmt(value: float, decimals: int) -> str:
    from granska.checks.numbers import format_number

    return format_number(round(value, decimals), decimals)


def row_findings(rule, ctx, view: ar.TableView, basis: str) -> list:
    """A table whose rows are items and whose columns years: its Budgetavvikelse row against its
    Budget and net rows, year by year, in the convention most years follow."""
    turned = _transposed(view)
    if turned is None:
        return []
    relations = ar.column_relations(turned, ())
    return [f for rel in relations if _wanted(rel.named, basis) for f in _relation_findings(rule, ctx, turned, rel, "rows")]


def _relation_findings(rule, ctx, view: ar.TableView, rel: ar.Relation, kind: str) -> list:
    found = []
    basis_sv, basis_en = _basis(rel.named)
    for row, printed, expected in rel.broken:
        if kind == "rows":
            item, column, source = rel.target, row["_column"], row["_source"]
        else:
            item, column, source = row["item"], rel.target, row
        decimals = ar._decimals(view.printed(row, rel.target)) if view.printed(row, rel.target) else int(source["decimals"])
        values = {
            "table": view.name, "section": source.get("section") or "", "item": item, "column": column,
            "relation": f"{rel.target} = {_terms_text(rel)}", "terms": _terms_text(rel),
            "printed": round(printed.mid, decimals), "expected": round(expected.mid, decimals),
            "beyond": round(gap(printed, expected), decimals + 2), "held": rel.held, "tested": rel.tested,
            "basis": basis_sv, "basis_en": basis_en,
        }
        found.append(ctx.finding(rule, values, f"{slug(view.name)}/{slug(item)}/{slug(column)}", source["line"],
                                 view.copy, source.get("end_line"), key=f"{values['printed']}|{values['expected']}",
                                 printed={"printed": decimals, "expected": decimals}))
    return found


def _is_sum(row: dict) -> bool:
    return row.get("role") in _SUM_ROLES or str(row.get("key") or "").startswith("summa_")


def sum_findings(rule, ctx, view: ar.TableView, basis: str = "any") -> list:
    """Each Summa row of a list with sections or subtotals, or of a balance sheet, against the rows
    it adds up (the reading of its rows that holds in most columns); BUD001–BUD006 keep theirs."""
    roles = {r.get("role") for r in view.rows}
    if roles & _STRUCTURED:
        return []  # Kostnader / Intäkter / Netto: BUD001, BUD003, BUD004 and BUD005 sum it
    sums = [r for r in view.rows if _is_sum(r)]
    if len(sums) == 1 and not any(r.get("section") for r in view.rows if not _is_sum(r)):
        return []  # a flat list closed by one Summa: BUD006 sums it
    found = []
    for row, reading, parts, held, tested, broken in ar.sum_rows(view, _is_sum, RATIO_ROLES):
        said_sv, said_en = READINGS[reading]
        for col, printed, total in broken:
            decimals = max([ar._decimals(view.printed(p, col)) for p in parts + [row] if view.printed(p, col)] or [0])
            values = {"table": view.name, "section": row.get("section") or "", "item": row["item"], "column": col,
                      "parts": [[p["item"], p.get(col)] for p in parts], "reading": said_sv, "reading_en": said_en,
                      "printed": round(printed.mid, decimals), "expected": round(total.mid, decimals),
                      "beyond": round(gap(printed, total), decimals + 2), "held": held, "tested": tested}
            found.append(ctx.finding(rule, values, f"{slug(view.name)}/{slug(row['item'])}/{slug(col)}", row["line"],
                                     view.copy, row.get("end_line"), key=f"{values['printed']}|{values['expected']}",
                                     printed={"printed": decimals, "expected": decimals}))
    return found


def _transposed(view: ar.TableView) -> ar.TableView | None:
    """A table of items by year ("Ekonomi (tkr)": Intäkter, Kostnader, Nettokostnader, Budget,
    Budgetavvikelse under Bokslut 2023 … 2025) turned so its rows are columns: its Budget,
    net and Budgetavvikelse rows then relate as a budget table's columns do."""
    from granska.checks.readers.vocabulary import vocabulary

    vocab = vocabulary()
    roles = {}
    for row in view.rows:
        role = vocab.column_role(row["item"])
        if role in ("budget", "deviation"):
            roles[row["item"]] = role
        elif row.get("role") in ("netto", "summa_netto") or "nettokostnad" in row["item"].lower():
            roles[row["item"]] = "actual"
    if not ({"budget", "deviation", "actual"} <= set(roles.values())):
        return None
    rows = []
    for col in view.columns:
        if view.roles.get(col) in RATIO_ROLES:
            continue
        synthetic = {"_column": col, "_source": None, "cells": {}, "decimals": 0}
        for row in view.rows:
            if row["item"] in roles:
                synthetic[row["item"]] = row.get(col)
                synthetic["cells"][row["item"]] = view.printed(row, col)
                synthetic["_source"] = synthetic["_source"] or row
        dev_row = next(r for r in view.rows if roles.get(r["item"]) == "deviation")
        synthetic["_source"] = dev_row
        rows.append(synthetic)
    return ar.TableView(view.name, view.copy, list(roles), roles, rows)


def share_findings(rule, ctx, view: ar.TableView, basis: str) -> list:
    """A row whose share (Andel, %) is not its amount's share of the Summa, in a column where the
    other rows' shares are."""
    out = []
    for rel in ar.share_relations(view, _is_sum, RATIO_ROLES):
        for row, printed, expected in rel.broken:
            decimals = ar._decimals(view.printed(row, rel.pct)) if view.printed(row, rel.pct) else int(row["decimals"])
            values = {"table": view.name, "item": row["item"], "column": rel.pct, "printed": round(printed.mid, decimals),
                      "amount": row[rel.column], "amount_column": rel.column, "total_item": rel.total["item"],
                      "total": rel.total[rel.column], "expected": round(expected.mid, decimals + 1),
                      "beyond": round(gap(printed, expected), decimals + 2), "held": rel.held, "tested": rel.tested}
            out.append(ctx.finding(rule, values, f"{slug(view.name)}/{slug(row['item'])}/{slug(rel.pct)}~{slug(rel.column)}",
                                   row["line"], view.copy, row.get("end_line"), key=f"{values['printed']}|{values['expected']}",
                                   printed={"printed": decimals, "expected": decimals + 1},
                                   compared=[(rel.total["line"], rel.total.get("end_line"))]))
    return out


HANDLERS = {"columns": column_findings, "ratios": ratio_findings, "sums": sum_findings, "rows": row_findings,
            "totals": total_findings, "shares": share_findings}
