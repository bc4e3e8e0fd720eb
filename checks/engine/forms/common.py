"""Helpers shared by forms: table/column checks, selectors, expression compilation."""
from __future__ import annotations

from typing import Any

from granska.checks.engine.expr import ExprError, parse
from granska.checks.model import COLUMN_ROLES, COLUMNS

BUDGET_ROLES = tuple(r for r in COLUMN_ROLES if r != "other")  # value columns named by role in budget rules
# cost_sign: -1 on a revenue row (Intäkter, Summa intäkter), 1 elsewhere. Tables that print every
# figure positive count a deviation as favourable: actual − budget for revenues, budget − actual
# for costs, i.e. deviation == (budget - actual) * cost_sign.
BUDGET_DERIVED = ("cost_sign",)
CONTEXT_NAMES = ("report_year", "report_kind")


def known_columns(table: str) -> set[str]:
    if table not in COLUMNS:
        raise ValueError(f"okänd tabell {table!r} (kända: {', '.join(sorted(COLUMNS))})")
    cols = set(COLUMNS[table])
    if table == "budget":
        cols |= set(BUDGET_ROLES) | set(BUDGET_DERIVED)
    return cols


def check_columns(table: str, columns: list[str], what: str) -> None:
    known = known_columns(table)
    for c in columns:
        if c not in known:
            raise ValueError(f"{what}: okänd kolumn {c!r} i tabellen {table}")


def compile_expr(text: Any, table: str, what: str):
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what}: ett uttryck (text) krävs")
    try:
        return parse(text, known_columns(table) | set(CONTEXT_NAMES))
    except ExprError as exc:
        raise ValueError(f"{what}: {exc}") from None


def compile_selector(table: str, sel: Any, what: str) -> dict[str, list[str]]:
    if not isinstance(sel, dict) or not sel:
        raise ValueError(f"{what}: en väljare är en mappning kolumn -> värde(n)")
    check_columns(table, list(sel), what)
    return {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in sel.items()}


def matches(row: dict, selector: dict[str, list[str]]) -> bool:
    return all(str(row.get(k)) in vals for k, vals in selector.items())


def require_keys(spec: Any, required: set[str], allowed: set[str], what: str) -> dict:
    if not isinstance(spec, dict):
        raise ValueError(f"{what}: ska vara en mappning")
    unknown = set(spec) - allowed - {"__line__"}
    if unknown:
        raise ValueError(f"{what}: okänd nyckel {sorted(unknown)[0]!r}")
    lacking = required - set(spec)
    if lacking:
        raise ValueError(f"{what}: saknar {sorted(lacking)[0]!r}")
    return spec


def group_rows(rows: list[dict], keys: list[str]) -> list[list[dict]]:
    """Rows grouped by the values of keys, groups and rows in their original order."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(tuple(str(r.get(k)) for k in keys), []).append(r)
    return list(groups.values())
