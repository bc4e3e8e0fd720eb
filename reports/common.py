"""Small helpers shared by the renderers: severities, finding iteration, the rule list."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
CATEGORIES = ("budget", "indicator", "goal", "narrative", "copy", "extraction", "completeness", "input")
STATES = ("new", "unchanged", "waived")
FAIL_ON = ("error", "warning", "info", "never")

# Rules the reports package itself emits (not part of any rule pack).
BUILTIN_RULES: dict[str, dict[str, Any]] = {
    "WAI001": {
        "code": "WAI001",
        "name": "undantag-utan-traff",
        "severity": "info",
        "category": "input",
        "pack": "granska",
        "doc": (
            "Ett undantag i undantagsfilen matchar inget fynd i körningen.\n"
            "Why: an exception that no longer matches anything is dead weight; it may hide a "
            "future finding that happens to match it, so remove it once the problem is fixed.\n"
            "Example: {rule: GOL001, goal: \"1.4\"} when goal 1.4 no longer has a GOL001 finding."
        ),
        "message": {
            "sv": "Undantaget matchar inget fynd.",
            "en": "The waiver matches no finding.",
        },
    },
}


def documents(run: dict[str, Any]) -> list[dict[str, Any]]:
    return list(run.get("documents") or [])


def doc_findings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc.get("findings") or [])


def all_findings(run: dict[str, Any]) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """(document, finding) for every current finding; document is None for run-level findings."""
    for doc in documents(run):
        for finding in doc_findings(doc):
            yield doc, finding
    for finding in run.get("findings") or []:
        yield None, finding


def state_of(finding: dict[str, Any]) -> str:
    return str(finding.get("state") or "new")


def severity_of(finding: dict[str, Any]) -> str:
    sev = str(finding.get("severity") or "info")
    return sev if sev in SEVERITY_RANK else "info"


def counts_by_severity(findings) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[severity_of(f)] += 1
    return out


def is_counted(finding: dict[str, Any], fail_on: str) -> bool:
    """True when the finding makes the gate fail: state new and severity at/above fail_on."""
    if fail_on == "never" or fail_on not in SEVERITY_RANK:
        return False
    return state_of(finding) == "new" and SEVERITY_RANK[severity_of(finding)] >= SEVERITY_RANK[fail_on]


def rule_list(run: dict[str, Any], tally: "Tally | None" = None) -> list[dict[str, Any]]:
    """The rule catalogue plus an entry for every rule code a finding uses that is not in it.

    Catalogue order is kept; extra codes (built-in ones such as WAI001, or codes from an older
    baseline) follow, sorted by code. tally: the run's findings were counted there (a streamed
    batch, whose documents are not in the run); its first finding of each rule stands in for them.
    """
    catalogue = list(((run.get("rules") or {}).get("catalogue")) or [])
    known = {str(r.get("code")) for r in catalogue}
    extra: dict[str, dict[str, Any]] = {}
    found = [f for _, f in all_findings(run)] if tally is None else list(tally.first_of_rule.values())
    seen = found + list(run.get("resolved") or [])
    for f in seen:
        code = str(f.get("rule") or "")
        if not code or code in known or code in extra:
            continue
        extra[code] = dict(BUILTIN_RULES.get(code) or {
            "code": code,
            "name": str(f.get("name") or ""),
            "severity": severity_of(f),
            "category": str(f.get("category") or ""),
            "pack": "",
            "doc": "",
            "message": {},
        })
    return catalogue + [extra[k] for k in sorted(extra)]


def rule_label(rule: dict[str, Any]) -> str:
    name = str(rule.get("name") or "")
    return f"{rule.get('code')} {name}".strip()


def message_for(finding: dict[str, Any], lang: str) -> str:
    if lang == "en" and finding.get("message_en"):
        return str(finding["message_en"])
    return str(finding.get("message") or finding.get("message_en") or finding.get("rule") or "")


def finding_indicator(finding: dict[str, Any]) -> Any:
    """The indicator a finding is about: values.indicator, or values.name for indicator findings
    (indicator rules carry the row's own fields, where the indicator's name is "name")."""
    values = finding.get("values") or {}
    if not isinstance(values, dict):
        return None
    if values.get("indicator") is not None:
        return values["indicator"]
    return values.get("name") if finding.get("category") == "indicator" else None


def finding_lines(finding: dict[str, Any]) -> tuple[int | None, int | None]:
    """First and last source line of the finding's evidence (falls back to its line)."""
    ev = finding.get("evidence") or {}
    lines = [x for x in (ev.get("lines") or []) if isinstance(x, int) and x > 0]
    line = finding.get("line")
    first = lines[0] if lines else (line if isinstance(line, int) and line > 0 else None)
    last = lines[-1] if lines else first
    if first is not None and last is not None and last < first:
        first, last = last, first
    return first, last


def incomplete(coverage: dict[str, Any] | None, fail_on_unread: bool, min_coverage: float | None) -> bool:
    """Whether a document's coverage fails the gate: --fail-on-unread and something recognised
    was not read (or nothing could be checked), or its coverage is below --min-coverage percent."""
    if not coverage:
        return False
    if fail_on_unread and coverage.get("status") != "complete":
        return True
    return min_coverage is not None and float(coverage.get("percent") or 0.0) < min_coverage


class Tally:
    """Counts over a run's findings, taken one document at a time.

    A streamed batch (checks.batch) counts each document as it arrives and keeps only these
    numbers; `Tally.of(run)` counts a run that is in memory. Both give the same numbers.
    """

    def __init__(self, fail_on: str = "error", fail_on_unread: bool = False, min_coverage: float | None = None):
        self.fail_on = fail_on
        self.fail_on_unread = fail_on_unread
        self.min_coverage = min_coverage
        self.incomplete = 0                                # documents the coverage gate fails
        self.by_coverage: dict[str, int] = {}              # coverage status -> documents
        self.documents = 0
        self.documents_with_errors = 0
        self.findings = 0
        self.by_severity = {s: 0 for s in SEVERITIES}
        self.by_category: dict[str, int] = {c: 0 for c in CATEGORIES}
        self.by_state: dict[str, int] = {s: 0 for s in STATES}
        self.counted = 0                                   # is_counted(finding, fail_on)
        self.first_of_rule: dict[str, dict[str, Any]] = {}  # the fields rule_list needs, per rule code
        self.document_rules: set[str] = set()              # rule codes of the documents' findings
        self.errors: list[str] = []                        # the unreadable documents' errors

    @classmethod
    def of(cls, run: dict[str, Any], fail_on: str = "error") -> "Tally":
        tally = cls(fail_on)
        for doc in documents(run):
            tally.add_document(doc)
        for finding in run.get("findings") or []:
            tally.add_finding(finding)
        return tally

    def add_document(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        if doc.get("error"):
            self.documents_with_errors += 1
            self.errors.append(str(doc["error"]))
        for finding in doc_findings(doc):
            self.add_finding(finding)
            self.document_rules.add(str(finding.get("rule")))
        if not doc.get("error") and incomplete(doc.get("coverage"), self.fail_on_unread, self.min_coverage):
            self.incomplete += 1
        status = (doc.get("coverage") or {}).get("status")
        if status and not doc.get("error"):
            self.by_coverage[status] = self.by_coverage.get(status, 0) + 1

    def add_finding(self, finding: dict[str, Any]) -> None:
        self.findings += 1
        self.by_severity[severity_of(finding)] += 1
        cat = str(finding.get("category") or "")
        self.by_category[cat] = self.by_category.get(cat, 0) + 1
        state = state_of(finding)
        self.by_state[state] = self.by_state.get(state, 0) + 1
        if is_counted(finding, self.fail_on):
            self.counted += 1
        code = str(finding.get("rule") or "")
        if code and code not in self.first_of_rule:
            self.first_of_rule[code] = {k: finding.get(k) for k in ("rule", "name", "severity", "category")}
