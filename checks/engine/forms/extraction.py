"""`extraction`: problems the readers met (a row that breaks its schema, values without a
period, more values than columns) become findings, so nothing is dropped silently.

A rule of this form reports the problems catalogued under its own code (checks/problems.py):
its message templates are filled with the problem's fields, so `--lang en` is English."""
from __future__ import annotations

from granska.checks.engine.findings import slug
from granska.checks.engine.forms.common import require_keys


def compile(spec):
    spec = require_keys(spec or {"problems": True}, set(), {"problems"}, "extraction")
    if spec.get("problems", True) is not True:
        raise ValueError("extraction: problems ska vara true (regeln rapporterar problemen med sin egen kod)")
    return {}


def evaluate(rule, ctx):
    out = []
    for p in ctx.doc.problems:
        if p.get("code") != rule.code:
            continue
        out.append(ctx.finding(rule, dict(p.get("params") or {}), slug(p["message"], 80), p.get("line"), p.get("copy"),
                               key=p["message"], page=p.get("page")))
    return out
