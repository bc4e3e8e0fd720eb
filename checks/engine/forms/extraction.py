"""`extraction`: problems the readers met (a row that breaks its schema, values without a
period, more values than columns) become findings, so nothing is dropped silently."""
from __future__ import annotations

from checks.engine.findings import slug
from checks.engine.forms.common import require_keys


def compile(spec):
    spec = require_keys(spec or {"problems": True}, set(), {"problems"}, "extraction")
    return {}


def evaluate(rule, ctx):
    out = []
    for p in ctx.doc.problems:
        values = {"problem": p["message"]}
        out.append(ctx.finding(rule, values, slug(p["message"], 80), p.get("line"), p.get("copy"), key=p["message"]))
    return out
