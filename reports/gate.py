"""The CI gate: mark findings new / unchanged / waived and decide the exit code.

Exit-code contract (never changes meaning between versions; see reports/FORMAT.md):
  0  clean: no counted finding and every document was read
  1  at least one counted finding: state "new" and severity at or above fail_on
  2  usage or input error, including any document that could not be read
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from reports.baseline import Baseline, same_place
from reports.common import BUILTIN_RULES, FAIL_ON, STATES, all_findings, documents, is_counted, state_of
from reports.waivers import Waiver

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@dataclass(frozen=True)
class GateResult:
    exit_code: int
    fail_on: str
    counted: int                 # findings that make the gate fail
    documents_with_errors: int   # unreadable documents (they make exit_code 2)
    by_state: dict[str, int] = field(default_factory=dict)
    resolved: int = 0            # baseline findings no longer present
    unmatched_waivers: int = 0   # waivers that matched nothing (each is a WAI001 finding)

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_CLEAN


def gate_summary(run: dict[str, Any], fail_on: str = "error") -> dict[str, Any]:
    """{fail_on, counted, exit_code} for the run's findings as they stand (no state changes)."""
    _check_fail_on(fail_on)
    counted = sum(1 for _, f in all_findings(run) if is_counted(f, fail_on))
    unreadable = sum(1 for d in documents(run) if d.get("error"))
    code = EXIT_INPUT if unreadable else (EXIT_FINDINGS if counted else EXIT_CLEAN)
    return {"fail_on": fail_on, "counted": counted, "exit_code": code}


def current_gate(run: dict[str, Any]) -> dict[str, Any]:
    """The gate entry apply_gate stored in the run, else the fail-on-error gate of the run as is."""
    return ((run.get("summary") or {}).get("gate")) or gate_summary(run, "error")


def _check_fail_on(fail_on: str) -> None:
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")


def apply_gate(
    run: dict[str, Any],
    baseline: Baseline | Iterable[str] | None = None,
    waivers: Iterable[Waiver] | None = None,
    fail_on: str = "error",
    today: date | None = None,
) -> GateResult:
    """Set every finding's state, fill run["resolved"], add WAI001 findings, decide the exit code.

    Mutates ``run`` in place (it is the CLI's own dict) and may be called again: earlier states,
    waiver marks and WAI001 findings are replaced.

    - state "waived": an active waiver matches (finding["waiver"] = {reason, who, until});
      a matching waiver whose ``until`` is before ``today`` does not waive, it is recorded as
      finding["waiver_expired"]. ``today`` defaults to each waiver's own ``expired`` flag
      (computed by load_waivers) when None.
    - state "unchanged": the fingerprint was in the baseline (for the same document source when
      the baseline covered that source); otherwise "new".
    - a waiver matching no finding at all becomes an info finding WAI001 (category "input") in
      the run-level list run["findings"] (it belongs to the waiver file, not to a document).
    - with a baseline, run["resolved"] lists its findings (with their "source") that are gone.
    - counted: state "new" and severity >= fail_on (never: nothing counts).
    - exit_code: 2 if any document has an "error", else 1 if anything counted, else 0.
    """
    _check_fail_on(fail_on)
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = Baseline.from_fingerprints(baseline)
    waivers = list(waivers or [])

    def active(w: Waiver) -> bool:
        return not (w.until < today) if today is not None else not w.expired

    run["findings"] = [f for f in (run.get("findings") or []) if f.get("rule") not in BUILTIN_RULES]
    current = frozenset(str(d.get("source") or "") for d in documents(run))
    matched: set[int] = set()
    for doc, finding in all_findings(run):
        source = doc.get("source") if doc is not None else None
        finding.pop("waiver", None)
        finding.pop("waiver_expired", None)
        hits = [i for i, w in enumerate(waivers) if w.matches(finding, source)]
        matched.update(hits)
        live = [waivers[i] for i in hits if active(waivers[i])]
        if live:
            finding["state"] = "waived"
            finding["waiver"] = live[0].as_dict()
            continue
        if hits:
            finding["waiver_expired"] = waivers[hits[0]].as_dict()
        known = baseline is not None and bool(finding.get("fingerprint")) and baseline.matches(finding["fingerprint"], source, current)
        finding["state"] = "unchanged" if known else "new"

    unmatched = [w for i, w in enumerate(waivers) if i not in matched]
    for w in unmatched:
        finding = _unmatched_waiver_finding(w)
        known = baseline is not None and baseline.matches(finding["fingerprint"], None, current)
        finding["state"] = "unchanged" if known else "new"
        run["findings"].append(finding)
    if not run["findings"]:
        run.pop("findings")

    if baseline is not None:
        run["resolved"] = _resolved(run, baseline, current)
    else:
        run.setdefault("resolved", [])

    summary = gate_summary(run, fail_on)
    run.setdefault("summary", {})["gate"] = summary
    by_state = {s: 0 for s in STATES}
    for _, f in all_findings(run):
        by_state[state_of(f)] = by_state.get(state_of(f), 0) + 1
    return GateResult(
        exit_code=summary["exit_code"], fail_on=fail_on, counted=summary["counted"],
        documents_with_errors=sum(1 for d in documents(run) if d.get("error")),
        by_state=by_state, resolved=len(run["resolved"]), unmatched_waivers=len(unmatched),
    )


def _resolved(run: dict[str, Any], baseline: Baseline, current: frozenset[str]) -> list[dict[str, Any]]:
    present: dict[str, set[str | None]] = {}
    for doc, f in all_findings(run):
        if f.get("fingerprint"):
            present.setdefault(f["fingerprint"], set()).add(doc.get("source") if doc is not None else None)
    gone = []
    for old in baseline.findings():
        where = present.get(old.get("fingerprint"), set())
        if any(same_place(s, old.get("source"), baseline.sources, current) for s in where):
            continue
        entry = {k: v for k, v in old.items() if k not in ("waiver", "waiver_expired")}
        entry["state"] = "resolved"
        gone.append(entry)
    return gone


def _unmatched_waiver_finding(w: Waiver) -> dict[str, Any]:
    rule = BUILTIN_RULES["WAI001"]
    what = w.describe()
    digest = hashlib.sha256(what.encode("utf-8")).hexdigest()[:8]
    values: dict[str, Any] = {"file": w.path, "entry": w.index, "until": w.until.isoformat()}
    for key in ("fingerprint", "rule", "goal", "indicator", "section", "source"):
        if getattr(w, key) is not None:
            values[key] = getattr(w, key)
    return {
        "rule": "WAI001",
        "name": rule["name"],
        "severity": rule["severity"],
        "category": rule["category"],
        "message": f"Undantag {w.index} i {w.path} (rad {w.line}) matchar inget fynd: {what}.",
        "message_en": f"Waiver {w.index} in {w.path} (line {w.line}) matches no finding: {what}.",
        "values": values,
        "subject": f"waiver/{what}",
        "line": w.line,
        "page": None,
        "copy": None,
        "certain": True,
        "evidence": {"lines": [w.line, w.line], "excerpt": f"{what} — {w.reason} ({w.who}, {w.until.isoformat()})", "also_at": []},
        "fingerprint": f"WAI001/{digest}",
        "source": w.path,
    }
