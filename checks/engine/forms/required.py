"""`required`: when a condition holds, these columns must have a value (e.g. a target
without an outcome)."""
from __future__ import annotations

from granska.checks.engine.context import printed_figures
from granska.checks.engine.forms.common import check_columns, compile_expr, require_keys
from granska.checks.engine.forms.relation import row_env, safe_evaluate, subject_of, uncertain_for


INDICATOR_SHOWN = ("target_unit", "kf_target_unit", "target_text", "kf_target_text", "period", "scope", "reading",
                   "reading_en")


def compile(spec):
    spec = require_keys(spec, {"table", "present"}, {"table", "when", "present"}, "required")
    present = spec["present"] if isinstance(spec["present"], list) else [spec["present"]]
    check_columns(spec["table"], present, "required.present")
    return {"table": spec["table"], "present": present,
            "when": compile_expr(spec["when"], spec["table"], "required.when") if spec.get("when") else None}


def evaluate(rule, ctx):
    c = rule.compiled
    out = []
    for copy in ctx.body_copies:
        for row in ctx.records(c["table"], copy):
            env = ctx.memo(("env", c["table"], id(row)), lambda row=row: row_env(ctx, c["table"], row))
            if c["when"] is not None and safe_evaluate(c["when"], env) is not True:
                continue
            ctx.checked(rule, copy)
            lacking = [col for col in c["present"] if env.get(col) in (None, "")]
            if not lacking:
                continue
            names = set(c["present"])  # whether a value is absent is what must be certain
            values = {"name": row.get("name") or row.get("item") or row.get("id"), "goal": row.get("goal"),
                      "indicator": row.get("name") if c["table"] == "indicators" else None,
                      "missing": ", ".join(lacking), "target": row.get("target"), "kf_target": row.get("kf_target"),
                      "unit": row.get("unit")}
            if c["table"] == "indicators":  # what was printed instead, and why the reader read it so
                values.update({k: row.get(k) for k in INDICATOR_SHOWN})
            out.append(ctx.finding(rule, {k: v for k, v in values.items() if v is not None and v == v},
                                   subject_of(c["table"], row), row["line"], copy, row.get("end_line"),
                                   certain=not uncertain_for(c["table"], row, names), key=",".join(lacking),
                                   printed=printed_figures(row) if c["table"] == "indicators" else None,
                                   at=row.get("value_line")))
    return out
