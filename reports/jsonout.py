"""The machine-readable report: JSON in the `granska/1` format (see reports/FORMAT.md)."""
from __future__ import annotations

import json
import math
import os
from typing import Any, Iterable

from granska.reports.common import Tally, documents, state_of
from granska.reports.gate import current_gate
from granska.reports.streaming import dump_streamed, placeholder

FORMAT = "granska/1"
# Top-level keys in the order they are written; everything below is sorted by key.
_TOP = ("schema", "tool", "rules", "summary", "documents", "findings", "resolved")
_DROP = ("checked_at",)
_HTML_ONLY = ("pictures",)  # a PDF's pictures of its findings: in the HTML, not in the JSON


def build_summary(run: dict[str, Any]) -> dict[str, Any]:
    """Counts over the run. The gate entry is the one apply_gate stored, else fail-on error."""
    return summary_of(Tally.of(run), run)


def summary_of(tally: Tally, run: dict[str, Any]) -> dict[str, Any]:
    """build_summary from counts taken as the documents arrived (run: the gated run, whose
    documents may be elsewhere; its resolved list and gate entry are used)."""
    return {
        "documents": tally.documents,
        "documents_with_errors": tally.documents_with_errors,
        "findings": tally.findings,
        "by_severity": dict(tally.by_severity),
        "by_category": dict(tally.by_category),
        "by_state": dict(tally.by_state),
        "resolved": len(run.get("resolved") or []),
        "gate": dict(current_gate(run)),
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


def document_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """One document as written in "documents" (before _plain): every finding carries its state."""
    return {**{k: v for k, v in doc.items() if k not in _HTML_ONLY},
            "findings": [{**f, "state": state_of(f)} for f in (doc.get("findings") or [])]}


def _body(run: dict[str, Any], summary: dict[str, Any], docs: Any) -> dict[str, Any]:
    body = {k: v for k, v in run.items() if k not in _DROP}
    body["schema"] = FORMAT
    body["summary"] = summary
    body.setdefault("resolved", [])
    body["documents"] = docs
    if run.get("findings"):
        body["findings"] = [{**f, "state": state_of(f)} for f in run["findings"]]
    else:
        body.pop("findings", None)
    plain = _plain(body)
    ordered = {k: plain[k] for k in _TOP if k in plain}
    ordered.update({k: plain[k] for k in plain if k not in ordered})
    return ordered


def to_document(run: dict[str, Any]) -> dict[str, Any]:
    """The dict that to_json_bytes writes (top-level keys in their written order)."""
    return _body(run, build_summary(run), [document_entry(doc) for doc in documents(run)])


def to_json_bytes(run: dict[str, Any]) -> bytes:
    """Deterministic UTF-8 JSON: same run, same bytes (no timestamps, sorted keys, indent 1)."""
    text = json.dumps(to_document(run), ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_json(path: str | os.PathLike[str], run: dict[str, Any], docs: Iterable[dict[str, Any]],
               tally: Tally) -> None:
    """to_json_bytes for a streamed batch, written atomically to ``path`` one document at a time.

    run: the gated run without its documents; docs: the documents (iterated once), counted in
    ``tally``. The file has the bytes to_json_bytes gives for the run with those documents."""
    from granska.reports.atomic import open_atomic

    skeleton = _body(run, summary_of(tally, run), placeholder("documents"))
    entries = (_plain(document_entry(doc)) for doc in docs)
    with open_atomic(path) as handle:
        dump_streamed(handle, skeleton, {"documents": lambda: entries}, indent=1, trailer="\n",
                      ensure_ascii=False, allow_nan=False)


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the granska/1 format, shipped with the package."""
    from importlib.resources import files

    return json.loads((files("granska.reports") / "schema" / "granska-1.json").read_text(encoding="utf-8"))
