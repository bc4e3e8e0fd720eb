"""The machine-readable report: JSON in the `granska/1` format (see reports/FORMAT.md)."""
from __future__ import annotations

import json
import math
from typing import Any

from reports.common import CATEGORIES, SEVERITIES, STATES, all_findings, documents, severity_of, state_of
from reports.gate import current_gate

FORMAT = "granska/1"
# Top-level keys in the order they are written; everything below is sorted by key.
_TOP = ("schema", "tool", "rules", "summary", "documents", "findings", "resolved")
_DROP = ("checked_at",)


def build_summary(run: dict[str, Any]) -> dict[str, Any]:
    """Counts over the run. The gate entry is the one apply_gate stored, else fail-on error."""
    docs = documents(run)
    findings = [f for _, f in all_findings(run)]
    by_severity = {s: 0 for s in SEVERITIES}
    by_category = {c: 0 for c in CATEGORIES}
    by_state = {s: 0 for s in STATES}
    for f in findings:
        by_severity[severity_of(f)] += 1
        cat = str(f.get("category") or "")
        by_category[cat] = by_category.get(cat, 0) + 1
        by_state[state_of(f)] = by_state.get(state_of(f), 0) + 1
    gate = current_gate(run)
    return {
        "documents": len(docs),
        "documents_with_errors": sum(1 for d in docs if d.get("error")),
        "findings": len(findings),
        "by_severity": by_severity,
        "by_category": by_category,
        "by_state": by_state,
        "resolved": len(run.get("resolved") or []),
        "gate": dict(gate),
    }


def _plain(value: Any) -> Any:
    """JSON-ready copy: dict keys sorted, tuples as lists, NaN/inf as null, numpy scalars as Python."""
    if isinstance(value, dict):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):            # numpy / pandas scalars
        return _plain(value.item())
    if hasattr(value, "isoformat"):       # date / datetime
        return value.isoformat()
    return str(value)


def to_document(run: dict[str, Any]) -> dict[str, Any]:
    """The dict that to_json_bytes writes (top-level keys in their written order)."""
    body = {k: v for k, v in run.items() if k not in _DROP}
    body["schema"] = FORMAT
    body["summary"] = build_summary(run)
    body.setdefault("resolved", [])
    body["documents"] = [
        {**doc, "findings": [{**f, "state": state_of(f)} for f in (doc.get("findings") or [])]}
        for doc in documents(run)
    ]
    if run.get("findings"):
        body["findings"] = [{**f, "state": state_of(f)} for f in run["findings"]]
    else:
        body.pop("findings", None)
    plain = _plain(body)
    ordered = {k: plain[k] for k in _TOP if k in plain}
    ordered.update({k: plain[k] for k in plain if k not in ordered})
    return ordered


def to_json_bytes(run: dict[str, Any]) -> bytes:
    """Deterministic UTF-8 JSON: same run, same bytes (no timestamps, sorted keys, indent 1)."""
    text = json.dumps(to_document(run), ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the granska/1 format, shipped with the package."""
    from importlib.resources import files

    return json.loads((files("reports") / "schema" / "granska-1.json").read_text(encoding="utf-8"))
