"""`relation`: an arithmetic relation between the columns of each row.

`holds` is one expression; `conventions` lists alternatives of which a table uses one (e.g.
Avvikelse = Budget − Bokfört or Bokfört − Budget): the convention most rows of a table follow is
taken as that table's, and rows breaking it are findings. Expressions use the project's own
grammar (checks.engine.expr) — never eval.
"""
from __future__ import annotations

import json
from typing import Iterator

from granska.checks.engine.context import cell_interval, indicator_env, missing, printed_figures
from granska.checks.engine.findings import slug
from granska.checks.engine.expr import ExprError
from granska.checks.engine.forms.common import BUDGET_ROLES, compile_expr, group_rows, require_keys
from granska.checks.engine.intervals import Interval
from granska.checks.model import REVENUE_ROLES


# Columns every finding of a table shows, whatever its expression names.
SHOWN = {"indicators": {"outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target", "unit",
                        "target_unit", "kf_target_unit", "period", "previous_year", "direction", "status_text"},
         "goals": {"title", "level", "status_text"}}


def compile(spec):
    spec = require_keys(spec, {"table"}, {"table", "holds", "says", "conventions", "when"}, "relation")
    table = spec["table"]
    if ("holds" in spec) == ("conventions" in spec):
        raise ValueError("relation: ange antingen holds eller conventions")
    # A convention is an expression, or {holds: expression, says: {sv, en}}: how a message names it.
    items = [{"holds": spec["holds"], "says": spec.get("says")}] if "holds" in spec else spec["conventions"]
    if not isinstance(items, list) or not items:
        raise ValueError("relation.conventions: en lista med uttryck")
    items = [i if isinstance(i, dict) else {"holds": i} for i in items]
    for i in items:
        require_keys(i, {"holds"}, {"holds", "says"}, "relation.conventions")
        says = i.get("says")
        if says is not None and not (isinstance(says, dict) and set(says) == {"sv", "en"}):
            raise ValueError("relation: says behöver sv och en")
    return {"table": table, "exprs": [compile_expr(i["holds"], table, "relation") for i in items],
            "says": [i.get("says") for i in items],
            "when": compile_expr(spec["when"], table, "relation.when") if spec.get("when") else None,
            "conventions": "conventions" in spec}



def row_env(ctx, table: str, row: dict, roles: dict[str, str] | None = None) -> dict:
    if table == "indicators":
        return indicator_env(row, ctx.year, report_kind=ctx.kind)
    env = {}
    for k, v in row.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not missing(v) and table == "budget" \
                and k not in ("line", "end_line", "page", "copy", "decimals"):
            env[k] = cell_interval(v, row["decimals"])
        else:
            env[k] = None if missing(v) else (v.item() if hasattr(v, "item") and not isinstance(v, str) else v)
    if table == "budget":
        for role in BUDGET_ROLES:
            col = (roles or {}).get(role)
            env[role] = cell_interval(row.get(col), row["decimals"]) if col in row else None
        env["cost_sign"] = Interval.exact(-1 if row.get("role") in REVENUE_ROLES else 1)
    env["report_year"] = ctx.year
    env["report_kind"] = ctx.kind
    return env


def safe_evaluate(expr, env: dict):
    """Evaluate; a value of the wrong type in this row (text where a number was expected) makes
    the relation unknown for the row rather than stopping the document's check."""
    try:
        return expr.evaluate(env)
    except ExprError:
        return None


def subject_of(table: str, row: dict) -> str:
    if table == "budget":
        return f"{slug(row['table'])}/{slug(row['section'])}/{slug(row['item'])}"
    if table == "indicators":
        return f"{row['goal']}/{slug(row['name'])}"
    if table == "goals":
        return str(row["id"])
    if table == "activities":
        return f"{row['goal']}/{slug(row['text'])}"
    return slug(str(row.get("sentence", "")))[:60]


def uncertain_for(table: str, row: dict, names: set[str]) -> bool:
    if table != "indicators":
        return False
    doubtful = set(filter(None, str(row.get("uncertain_fields") or "").split(";")))
    return bool(doubtful & names)


def roles_of(ctx, copy: int) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for rec in ctx.records("budget_columns", copy):
        out.setdefault(rec["table"], {}).setdefault(rec["role"], rec["column"])
    return out


def _printed(table: str, row: dict, values: dict) -> dict[str, str] | None:
    """The figures of the message as the report prints them: "0,0", not "0"."""
    if table == "indicators":
        return printed_figures(row)
    if table == "budget":
        return {k: int(row["decimals"]) for k in ("printed", "right") if isinstance(values.get(k), float)}
    return None


def rows_checked(rule, ctx) -> Iterator[tuple[int, dict, dict, int, dict]]:
    """(copy, row, env, convention, roles) for every row the rule checks: the rows where `when`
    holds, each with the convention its table follows (the one most of those rows satisfy; the
    first on a tie) and the budget's column roles. Shared by evaluate and the GX export."""
    c = rule.compiled
    table = c["table"]
    for copy in ctx.body_copies:
        records = ctx.records(table, copy)
        if not records:
            continue
        roles = roles_of(ctx, copy) if table == "budget" else {}
        for rows in (group_rows(records, ["table"]) if table == "budget" else [records]):
            envs = [ctx.memo(("env", table, id(r)), lambda r=r: row_env(ctx, table, r, roles.get(r.get("table"), {})))
                    for r in rows]
            if c["when"] is not None:
                keep = [(r, e) for r, e in zip(rows, envs) if safe_evaluate(c["when"], e) is True]
            else:
                keep = list(zip(rows, envs))
            if not keep:
                continue
            pick = 0
            if c["conventions"]:
                tally = [sum(1 for _, e in keep if safe_evaluate(ex, e) is True) for ex in c["exprs"]]
                pick = max(range(len(tally)), key=lambda k: (tally[k], -k))
            for row, env in keep:
                yield copy, row, env, pick, roles


def evaluate(rule, ctx):
    c = rule.compiled
    table = c["table"]
    out = []
    for copy, row, env, pick, roles in rows_checked(rule, ctx):
        chosen, says = c["exprs"][pick], c["says"][pick]
        result = safe_evaluate(chosen, env)
        if result is not None:  # an unknown relation (a missing value) checked nothing
            ctx.checked(rule, copy)
        if result is not False:
            continue
        info = chosen.explain(env)
        shown_cols = set(chosen.names()) | (SHOWN.get(table, set()))
        # In the row's column order: a set's order changes with the hash seed, and the
        # HTML lists values in this order (same input, same bytes).
        values = {k: v for k, v in row.items() if k in shown_cols and not missing(v)}
        for role in sorted(chosen.names()):
            if isinstance(env.get(role), Interval) and role not in values:
                values[role] = env[role].mid
        values.update({"relation": chosen.source, "left": info.get("left"), "right": info.get("right"),
                       "beyond": info.get("gap"), "tolerance": info.get("tolerance"),
                       "name": row.get("name") or row.get("item") or row.get("id"),
                       "indicator": row.get("name") if table == "indicators" else None,
                       "goal": row.get("goal"), "section": row.get("section"), "item": row.get("item"),
                       "table": row.get("table"), "period": row.get("period"),
                       "report_year": ctx.year})
        if says:
            values.update({"says": says["sv"], "says_en": says["en"]})
        if table == "budget":
            dev = roles.get(row["table"], {}).get("deviation")
            values["column"] = dev
            if isinstance(values.get("right"), float):  # the figure the table's own would be
                values["right"] = round(values["right"], int(row["decimals"]))
            if isinstance(values.get("beyond"), float):  # half-units: two decimals more at most
                values["beyond"] = round(values["beyond"], int(row["decimals"]) + 2)
            values["expected"] = values["right"] if isinstance(values.get("right"), float) else None
            values["printed"] = info.get("left")
        certain = not uncertain_for(table, row, chosen.names())
        key = json.dumps([values.get("left"), values.get("right")], default=str)
        out.append(ctx.finding(rule, {k: v for k, v in values.items() if v is not None and v != ""},
                               subject_of(table, row), row["line"], copy, row.get("end_line"),
                               certain=certain, key=key, printed=_printed(table, row, values),
                               at=row.get("value_line")))
    return out
