"""SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDE viewers)."""
from __future__ import annotations

import json
import os
import re
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote

from granska.reports.common import (
    Tally, counts_by_severity, doc_findings, documents, finding_lines, message_for, rule_list, state_of,
)
from granska.reports.streaming import dump_streamed, placeholder
from granska.reports.i18n import coverage_lines, headline, strings

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: Any) -> str:
    """A URI reference for a source path: relative paths stay relative (forward slashes,
    percent-encoded); absolute ones become file: URIs."""
    text = str(path or "").replace("\\", "/")
    if _DRIVE.match(text):
        return "file:///" + quote(text, safe="/:")
    if text.startswith("/"):
        return "file://" + quote(text, safe="/")
    while text.startswith("./"):
        text = text[2:]
    return quote(text, safe="/")


def _text(value: Any, fallback: str) -> dict[str, str]:
    text = str(value or "").strip()
    return {"text": text or fallback}


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    code = str(rule.get("code"))
    doc = str(rule.get("doc") or "").strip()
    name = str(rule.get("name") or code)
    severity = str(rule.get("severity") or "info")
    entry: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": _text(doc.split("\n", 1)[0], name),
        "fullDescription": _text(doc, name),
        "help": _text(doc, name),
        "defaultConfiguration": {"level": LEVELS.get(severity, "note")},
        "properties": {"category": str(rule.get("category") or ""), "pack": str(rule.get("pack") or ""),
                       "tags": [t for t in ("granska", str(rule.get("category") or "")) if t]},
    }
    return entry


def _location(uri: str, first: int | None, last: int | None, snippet: str | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if first:
        region: dict[str, Any] = {"startLine": first, "endLine": max(first, last or first)}
        if snippet:
            region["snippet"] = {"text": snippet}
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(f: dict[str, Any], source: str, index: dict[str, int], lang: str) -> dict[str, Any]:
    s = strings(lang)
    code = str(f.get("rule"))
    severity = str(f.get("severity") or "info")
    uri = artifact_uri(f.get("source") or source)
    first, last = finding_lines(f)
    ev = f.get("evidence") or {}
    result: dict[str, Any] = {
        "ruleId": code,
        "ruleIndex": index[code],
        "level": LEVELS.get(severity, "note"),
        "message": _text(message_for(f, lang), code),
        "locations": [_location(uri, first, last, str(ev.get("excerpt") or "") or None)],
    }
    related = []
    for k, also in enumerate(a for a in (ev.get("also_at") or []) if isinstance(a, dict) and a.get("line")):
        loc = _location(uri, int(also["line"]), int(also["line"]), None)
        loc["id"] = k + 1
        where = f"{s['also_at']} {s['line']} {also['line']}"
        if also.get("copy") is not None:
            where += f" ({s['copy']} {also['copy']})"
        loc["message"] = {"text": where}
        related.append(loc)
    for also in (a for a in (ev.get("compared_at") or []) if isinstance(a, dict) and a.get("line")):
        loc = _location(uri, int(also["line"]), int(also["line"]), str(also.get("excerpt") or "") or None)
        loc["id"] = len(related) + 1
        loc["message"] = {"text": f"{s['compared_at']} {s['line']} {also['line']}"}
        related.append(loc)
    if related:
        result["relatedLocations"] = related
    if f.get("fingerprint"):
        result["partialFingerprints"] = {"granska/v1": str(f["fingerprint"])}
    state = state_of(f)
    if state in ("new", "unchanged"):
        result["baselineState"] = state
    if state == "waived" and isinstance(f.get("waiver"), dict):
        w = f["waiver"]
        result["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{w.get('reason')} ({w.get('who')}, until {w.get('until')})",
        }]
    props: dict[str, Any] = {"category": str(f.get("category") or ""), "certain": f.get("certain") is not False,
                             "state": state}
    for key in ("copy", "page", "subject", "values", "waiver_expired"):
        if f.get(key) not in (None, "", {}):
            props[key] = f[key]
    result["properties"] = props
    return result


def _artifact(doc: dict[str, Any]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": artifact_uri(doc.get("source"))}}
    if doc.get("sha256"):
        artifact["hashes"] = {"sha-256": str(doc["sha256"])}
    return artifact


def _notification(doc: dict[str, Any], lang: str = "sv") -> dict[str, Any]:
    """An unreadable document (error), or what was read and checked of a document (its coverage:
    a note when everything recognised was read, a warning when not)."""
    location = [_location(artifact_uri(doc.get("source")), None, None, None)]
    if doc.get("error"):
        return {"level": "error", "message": _text(doc["error"], "unreadable"), "locations": location,
                "descriptor": {"id": "granska.read"}}
    coverage = doc.get("coverage") or {}
    text = " ".join([headline(counts_by_severity(doc_findings(doc)), coverage, lang) + "."]
                    + coverage_lines(coverage, lang))
    keep = ("status", "percent", "checked", "passed", "rules_run", "tables_read", "tables_unread", "rows_unread",
            "rows_uncertain", "pages_without_text", "unread")
    return {"level": "note" if coverage.get("status") == "complete" else "warning", "message": {"text": text},
            "locations": location, "descriptor": {"id": "granska.coverage"},
            "properties": {"coverage": {k: coverage[k] for k in keep if k in coverage}}}


def _notifications(docs: Iterable[dict[str, Any]], lang: str) -> Iterator[dict[str, Any]]:
    return (_notification(doc, lang) for doc in docs if doc.get("error") or doc.get("coverage"))


def _document_results(doc: dict[str, Any], index: dict[str, int], lang: str) -> Iterator[dict[str, Any]]:
    source = str(doc.get("source") or "")
    for f in doc_findings(doc):
        yield _result(f, source, index, lang)


def _log(run: dict[str, Any], rules: list[dict[str, Any]], lang: str, artifacts: Any, results: Any,
         notifications: Any, unreadable: bool) -> dict[str, Any]:
    tool = run.get("tool") or {}
    invocation: dict[str, Any] = {"executionSuccessful": not unreadable, "toolExecutionNotifications": notifications}
    rules_info = run.get("rules") or {}
    version = str(tool.get("version") or "")
    driver: dict[str, Any] = {"name": str(tool.get("name") or "granska")}
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    driver["rules"] = [_rule(r) for r in rules]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [invocation],
            "language": "sv-SE" if lang == "sv" else "en-US",
            "artifacts": artifacts,
            "results": results,
            "properties": {"format": "granska/1", "rulesVersion": str(rules_info.get("version") or ""),
                           "packs": [str(p) for p in rules_info.get("packs") or []]},
        }],
    }


_DUMP = {"ensure_ascii": False, "allow_nan": False, "default": str}


def to_sarif_bytes(run: dict[str, Any], lang: str = "sv") -> bytes:
    """SARIF 2.1.0 with one run; every finding is a result, waived ones carry a suppression.

    Unreadable documents are error notifications of the invocation (executionSuccessful false);
    every document that was read has a notification with its coverage (granska.coverage).
    """
    rules = rule_list(run)
    index = {str(r.get("code")): i for i, r in enumerate(rules)}
    docs = documents(run)
    results = [r for doc in docs for r in _document_results(doc, index, lang)]
    results += [_result(f, "", index, lang) for f in run.get("findings") or []]
    notifications = list(_notifications(docs, lang))
    log = _log(run, rules, lang, [_artifact(doc) for doc in docs], results, notifications,
               any(doc.get("error") for doc in docs))
    text = json.dumps(log, indent=1, **_DUMP)
    return (text + "\n").encode("utf-8")


def write_sarif(path: str | os.PathLike[str], run: dict[str, Any], docs: Callable[[], Iterable[dict[str, Any]]],
                tally: Tally, lang: str = "sv") -> None:
    """to_sarif_bytes for a streamed batch, written atomically to ``path`` piece by piece.

    run: the gated run without its documents; docs: a callable giving the documents afresh (they
    are read once for the artifacts, once for the results and, when some document could not be
    read, once for the notifications); tally: their counts."""
    from granska.reports.atomic import open_atomic

    rules = rule_list(run, tally)
    index = {str(r.get("code")): i for i, r in enumerate(rules)}

    def results() -> Iterator[dict[str, Any]]:
        for doc in docs():
            yield from _document_results(doc, index, lang)
        for f in run.get("findings") or []:
            yield _result(f, "", index, lang)

    lists = {
        "notifications": lambda: _notifications(docs(), lang),
        "artifacts": lambda: (_artifact(doc) for doc in docs()),
        "results": results,
    }
    unreadable = bool(tally.documents_with_errors)
    log = _log(run, rules, lang, placeholder("artifacts"), placeholder("results"), placeholder("notifications"),
               unreadable)
    with open_atomic(path) as handle:
        dump_streamed(handle, log, lists, indent=1, trailer="\n", **_DUMP)
