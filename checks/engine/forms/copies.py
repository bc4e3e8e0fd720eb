"""`copies`: where the report body appears twice, the copies must agree.

Rows are matched across copies by key columns (goal id; goal + indicator name; table + section +
item); prose sentences are matched by their wording with the figures blanked out. A row or
figure that differs — or exists in one copy only — is a finding at the second copy's line, with
the first copy's line as evidence.
"""
from __future__ import annotations

import json
import math
import re

from granska.checks.engine.findings import field_word, slug, value_word
from granska.checks.numbers import format_number
from granska.checks.engine.forms.common import check_columns, require_keys


def compile(spec):
    spec = require_keys(spec, {"table"}, {"table", "key", "fields", "missing"}, "copies")
    table = spec["table"]
    if table == "claims":
        return {"table": table, "key": [], "fields": [], "missing": bool(spec.get("missing", False))}
    key = spec.get("key") or []
    fields = spec.get("fields") or []
    if not key or not fields:
        raise ValueError("copies: key och fields krävs för tabeller")
    check_columns(table, key + fields, "copies")
    return {"table": table, "key": key, "fields": fields, "missing": bool(spec.get("missing", False))}


def _same(a, b) -> bool:
    na = a is None or (isinstance(a, float) and math.isnan(a))
    nb = b is None or (isinstance(b, float) and math.isnan(b))
    if na or nb:
        return na and nb
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def evaluate(rule, ctx):
    c = rule.compiled
    if len(ctx.body_copies) < 2:
        return []
    first, *others = ctx.body_copies
    if c["table"] == "claims":
        return _claims(rule, ctx, c, first, others)
    out = []
    base = {tuple(str(r[k]) for k in c["key"]): r for r in ctx.records(c["table"], first)}
    for other in others:
        rows = {tuple(str(r[k]) for k in c["key"]): r for r in ctx.records(c["table"], other)}
        for key, r2 in rows.items():
            r1 = base.get(key)
            ctx.checked(rule, None)
            subject = "/".join(slug(k) for k in key)
            if r1 is None:
                if c["missing"]:
                    out.append(_finding(rule, ctx, c, key, None, r2, other, "saknas i kopia 1", subject))
                continue
            diffs = [f for f in c["fields"] if not _same(r1.get(f), r2.get(f))]
            if diffs:
                out.append(_finding(rule, ctx, c, key, r1, r2, other, diffs, subject))
        if c["missing"]:
            for key, r1 in base.items():
                if key not in rows:
                    ctx.checked(rule, None)
                    out.append(_finding(rule, ctx, c, key, r1, None, first, f"saknas i kopia {other}", "/".join(slug(k) for k in key)))
    return out


def _finding(rule, ctx, c, key, r1, r2, copy, diffs, subject):
    row = r2 or r1
    if isinstance(diffs, str):
        values = {"what": " / ".join(key), "difference": diffs, "field": "", "first": "", "second": ""}
        diff_key = diffs
    else:
        shown = [(f, _show(r1.get(f)), _show(r2.get(f))) for f in diffs]

        def differences(lang: str) -> str:  # "bedömning: uppfylls delvis ≠ uppfylls helt", in words
            return "; ".join(f"{(field_word(f, lang) or f).lower()}: {value_word(f, a, lang)} ≠ {value_word(f, b, lang)}"
                             for f, a, b in shown)

        values = {"what": " / ".join(key), "field": ", ".join((field_word(f) or f).lower() for f, _, _ in shown),
                  "first": "; ".join(a for _, a, _ in shown), "second": "; ".join(b for _, _, b in shown),
                  "difference": differences("sv"), "difference_en": differences("en")}
        diff_key = values["difference"]
    f = ctx.finding(rule, values, subject, row["line"], copy, row.get("end_line"), key=diff_key)
    if r1 is not None and r2 is not None:
        f.evidence["also_at"] = [{"line": int(r1["line"]), "copy": int(r1["copy"]), "page": ctx.doc.pages.get(int(r1["line"]))}]
    return f


def _show(v) -> str:
    if isinstance(v, float):
        return format_number(v)
    return "–" if v is None else str(v)


def _skeleton(sentence: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[-\u2212]?\d[\d\s]*(,\d+)?", "#", sentence.lower())).strip()


def _claims(rule, ctx, c, first, others):
    recs = ctx.records("claims")
    if not recs:
        return []
    base: dict[str, list[dict]] = {}
    for r in recs:
        if r["copy"] == first:
            base.setdefault(_skeleton(r["sentence"]), []).append(r)
    out = []
    for other in others:
        for r2 in (r for r in recs if r["copy"] == other):
            sk = _skeleton(r2["sentence"])
            cands = base.get(sk)
            if not cands:
                continue  # a reworded or added sentence: not a figure disagreement
            ctx.checked(rule, None)
            f2 = [f["raw"] for f in json.loads(r2["figures"] or "[]")]
            if any([f["raw"] for f in json.loads(r1["figures"] or "[]")] == f2 for r1 in cands):
                continue
            r1 = cands[0]
            f1 = [f["raw"] for f in json.loads(r1["figures"] or "[]")]
            changed = [(a, b) for a, b in zip(f1, f2) if a != b]
            values = {"what": r2["sentence"][:80], "field": "text",
                      "first": ", ".join(a for a, _ in changed), "second": ", ".join(b for _, b in changed),
                      "difference": "; ".join(f"{a} ≠ {b}" for a, b in changed), "sentence": r2["sentence"]}
            f = ctx.finding(rule, values, slug(sk, 80), r2["line"], other, r2["end_line"], key=values["difference"])
            f.evidence["also_at"] = [{"line": int(r1["line"]), "copy": int(r1["copy"]), "page": ctx.doc.pages.get(int(r1["line"]))}]
            out.append(f)
    return out
