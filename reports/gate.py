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

from granska.checks.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from granska.reports.baseline import Baseline, same_place
from granska.reports.common import BUILTIN_RULES, FAIL_ON, Tally, doc_findings, documents
from granska.reports.waivers import Waiver


@dataclass(frozen=True)
class GateResult:
    exit_code: int
    fail_on: str
    counted: int                 # findings that make the gate fail
    documents_with_errors: int   # unreadable documents (they make exit_code 2)
    by_state: dict[str, int] = field(default_factory=dict)
    resolved: int = 0            # baseline findings no longer present
    unmatched_waivers: int = 0   # waivers that matched nothing (each is a WAI001 finding)
    incomplete: int = 0          # documents failed by --fail-on-unread / --min-coverage

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_OK


def gate_summary(run: dict[str, Any], fail_on: str = "error") -> dict[str, Any]:
    """{fail_on, counted, exit_code} for the run's findings as they stand (no state changes)."""
    _check_fail_on(fail_on)
    return _gate_entry(Tally.of(run, fail_on))


def _gate_entry(tally: Tally) -> dict[str, Any]:
    failed = tally.counted or tally.incomplete
    code = EXIT_INPUT if tally.documents_with_errors else (EXIT_FINDINGS if failed else EXIT_OK)
    entry = {"fail_on": tally.fail_on, "counted": tally.counted, "exit_code": code}
    if tally.fail_on_unread or tally.min_coverage is not None:
        entry.update({"fail_on_unread": tally.fail_on_unread, "min_coverage": tally.min_coverage,
                      "incomplete": tally.incomplete})
    return entry


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
    fail_on_unread: bool = False,
    min_coverage: float | None = None,
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
    - fail_on_unread / min_coverage: a document whose coverage says something recognised was
      not read (or nothing could be checked), or whose coverage percent is below min_coverage,
      fails the gate as a counted finding does (summary gate entry: incomplete).
    - exit_code: 2 if any document has an "error", else 1 if anything counted or a document is
      incomplete, else 0.

    The same as a `Gate` fed the run's documents one by one, then finished with the run.
    """
    docs = documents(run)
    gate = Gate(baseline, waivers, fail_on, today, sources=(str(d.get("source") or "") for d in docs),
                fail_on_unread=fail_on_unread, min_coverage=min_coverage)
    for doc in docs:
        gate.document(doc)
    return gate.finish(run)


class Gate:
    """apply_gate one document at a time, for a batch whose documents are not kept in memory.

    A finding's state depends only on the finding, its document's source and the sources of the
    whole run (``sources``: known before the first document is checked). `document` gates a
    document's findings in place and counts them (``tally``); `finish` gates the run-level
    findings, adds WAI001 for the waivers nothing matched and the baseline findings that were
    not seen (run["resolved"]), and stores the gate entry in run["summary"]. Besides the counts
    only the matched waivers and the sources of the baseline fingerprints that were seen are kept.
    """

    def __init__(self, baseline: Baseline | Iterable[str] | None = None, waivers: Iterable[Waiver] | None = None,
                 fail_on: str = "error", today: date | None = None, sources: Iterable[str] = (),
                 fail_on_unread: bool = False, min_coverage: float | None = None):
        _check_fail_on(fail_on)
        if baseline is not None and not isinstance(baseline, Baseline):
            baseline = Baseline.from_fingerprints(baseline)
        self.baseline = baseline
        self.waivers = list(waivers or [])
        self.fail_on = fail_on
        self.today = today
        self.current = frozenset(sources)
        self.tally = Tally(fail_on, fail_on_unread, min_coverage)
        self._matched: set[int] = set()
        self._present: dict[str, set[str | None]] = {}  # baseline fingerprints seen -> their sources

    def _active(self, w: Waiver) -> bool:
        return not (w.until < self.today) if self.today is not None else not w.expired

    def _seen(self, finding: dict[str, Any], source: str | None) -> None:
        fp = finding.get("fingerprint")
        if fp and self.baseline is not None and fp in self.baseline:
            self._present.setdefault(fp, set()).add(source)

    def _finding(self, finding: dict[str, Any], source: str | None) -> None:
        finding.pop("waiver", None)
        finding.pop("waiver_expired", None)
        self._seen(finding, source)
        waivers = self.waivers
        hits = [i for i, w in enumerate(waivers) if w.matches(finding, source)]
        self._matched.update(hits)
        live = [waivers[i] for i in hits if self._active(waivers[i])]
        if live:
            finding["state"] = "waived"
            finding["waiver"] = live[0].as_dict()
            return
        if hits:
            finding["waiver_expired"] = waivers[hits[0]].as_dict()
        baseline = self.baseline
        known = baseline is not None and bool(finding.get("fingerprint")) and baseline.matches(finding["fingerprint"], source, self.current)
        finding["state"] = "unchanged" if known else "new"

    def document(self, doc: dict[str, Any]) -> None:
        """Gate one document's findings (in place) and count the document."""
        source = doc.get("source")
        for finding in doc_findings(doc):
            self._finding(finding, source)
        self.tally.add_document(doc)

    def finish(self, run: dict[str, Any]) -> GateResult:
        """Gate the run-level findings after the last document; see apply_gate."""
        baseline = self.baseline
        run["findings"] = [f for f in (run.get("findings") or []) if f.get("rule") not in BUILTIN_RULES]
        for finding in run["findings"]:
            self._finding(finding, None)
        unmatched = [w for i, w in enumerate(self.waivers) if i not in self._matched]
        for w in unmatched:
            finding = _unmatched_waiver_finding(w)
            known = baseline is not None and baseline.matches(finding["fingerprint"], None, self.current)
            finding["state"] = "unchanged" if known else "new"
            self._seen(finding, None)
            run["findings"].append(finding)
        for finding in run["findings"]:
            self.tally.add_finding(finding)
        if not run["findings"]:
            run.pop("findings")

        if baseline is not None:
            run["resolved"] = _resolved(self._present, baseline, self.current)
        else:
            run.setdefault("resolved", [])

        summary = _gate_entry(self.tally)
        run.setdefault("summary", {})["gate"] = summary
        return GateResult(
            exit_code=summary["exit_code"], fail_on=self.fail_on, counted=summary["counted"],
            documents_with_errors=self.tally.documents_with_errors,
            by_state=dict(self.tally.by_state),
            resolved=len(run["resolved"]), unmatched_waivers=len(unmatched), incomplete=self.tally.incomplete,
        )


def _resolved(present: dict[str, set[str | None]], baseline: Baseline, current: frozenset[str]) -> list[dict[str, Any]]:
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
