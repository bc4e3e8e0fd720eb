"""The catalogue of extraction problems: what a reader could not read, by code (Frictionless-style).

Each problem a reader meets has a code (EXT001 …) and its fields; its Swedish and English texts
are the templates of the rule with that code in rules/extraction.yaml, so a problem's doc, its
wording in both languages, its cases and the rule that reports it are one entry. Readers call
`problem()` and append the plain dict it returns to Document.problems:

    {"code": "EXT002", "line": 42, "page": None, "copy": 1,
     "message": "Indikatorraden saknar period: 90 % 88 %", "params": {"row": "90 % 88 %"}}

`message` is the Swedish text (what problems.csv shows a person editing it); `params` fill the
templates again for `--lang en`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

# A problems.csv written before problems had codes (or a row added by hand) carries only its text.
UNCODED = "EXT009"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """code -> {name, severity, doc, message: {sv, en}, fields}: the rules of the extraction pack."""
    from granska.checks.engine.findings import template_fields
    from granska.checks.engine.rules import load_pack_file
    from granska.rules import RULES_DIR

    out = {}
    for rule in load_pack_file(RULES_DIR / "extraction.yaml"):
        fields = set(template_fields(rule.message["sv"])) | set(template_fields(rule.message["en"]))
        out[rule.code] = {"name": rule.name, "severity": rule.severity, "doc": rule.doc,
                          "message": dict(rule.message), "fields": fields}
    return out


def problem(code: str, line: int | None = None, page: int | None = None, copy: int | None = 0,
            **params: Any) -> dict[str, Any]:
    """A catalogued problem as Document.problems holds it. An unknown code or a field the
    templates do not name (or one they name and the call leaves out) is a programming error."""
    from granska.checks.engine.findings import render_message

    entry = catalogue().get(code)
    if entry is None:
        raise KeyError(f"no extraction problem {code} in rules/extraction.yaml")
    if set(params) != entry["fields"]:
        raise TypeError(f"{code} takes {sorted(entry['fields'])}, got {sorted(params)}")
    return {"code": code, "line": line, "page": page, "copy": copy,
            "message": render_message(entry["message"]["sv"], params), "params": params}


def stored(line: int | None, page: int | None, copy: int | None, code: str | None, message: str,
           params: str | dict | None) -> dict[str, Any]:
    """A problem read back from problems.csv: the code and fields as written by `extract`; a row
    without a (known) code keeps its text under UNCODED."""
    if isinstance(params, str):
        try:
            params = json.loads(params) if params.strip() else {}
        except json.JSONDecodeError:
            params = None
    if code in catalogue() and isinstance(params, dict) and set(params) == catalogue()[code]["fields"]:
        return problem(code, line, page, copy, **params)
    return problem(UNCODED, line, page, copy, problem=message)


def params_json(p: dict[str, Any]) -> str:
    """The fields of a problem as one CSV cell."""
    return json.dumps(p.get("params") or {}, ensure_ascii=False, sort_keys=True)
