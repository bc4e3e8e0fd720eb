"""JUnit XML for CI systems: a test suite per document, a test case per rule."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from reports.common import doc_findings, documents, finding_lines, message_for, rule_label, rule_list, state_of
from reports.i18n import label

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: Any) -> str:
    """Text safe for XML 1.0 (control characters dropped; ElementTree escapes the rest)."""
    return _XML_BAD.sub("", "" if text is None else str(text))


def _failure_text(f: dict[str, Any], lang: str) -> str:
    first, last = finding_lines(f)
    where = []
    if first:
        where.append(f"line {first}" + (f"-{last}" if last and last != first else ""))
    if f.get("page") not in (None, ""):
        where.append(f"page {f.get('page')}")
    if f.get("copy") not in (None, ""):
        where.append(f"copy {f.get('copy')}")
    lines = [f"{f.get('rule')} [{f.get('severity')}, {label(lang, 'state', state_of(f))}] {message_for(f, lang)}"]
    if where:
        lines.append("at " + ", ".join(where))
    ev = f.get("evidence") or {}
    for also in ev.get("also_at") or []:
        if isinstance(also, dict) and also.get("line"):
            lines.append(f"also at line {also.get('line')}" + (f", copy {also.get('copy')}" if also.get("copy") is not None else ""))
    if ev.get("excerpt"):
        lines.append("excerpt: " + str(ev["excerpt"]))
    if f.get("certain") is False:
        lines.append("note: rests on an uncertain column reading")
    if f.get("waiver_expired"):
        w = f["waiver_expired"]
        lines.append(f"waiver expired {w.get('until')}: {w.get('reason')} ({w.get('who')})")
    if f.get("fingerprint"):
        lines.append(f"fingerprint: {f['fingerprint']}")
    return "\n".join(lines)


def _suite(parent: ET.Element, name: str, cases: list[ET.Element], properties: dict[str, Any]) -> None:
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.SubElement(parent, "testsuite", {
        "name": _x(name), "tests": str(len(cases)), "failures": str(failures), "errors": str(errors),
        "skipped": "0", "time": "0",
    })
    props = {k: v for k, v in properties.items() if v not in (None, "")}
    if props:
        holder = ET.SubElement(suite, "properties")
        for key, value in props.items():
            ET.SubElement(holder, "property", {"name": key, "value": _x(value)})
    suite.extend(cases)


def _rule_cases(classname: str, rules: list[dict[str, Any]], findings: list[dict[str, Any]], lang: str) -> list[ET.Element]:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        by_rule.setdefault(str(f.get("rule")), []).append(f)
    cases = []
    for rule in rules:
        code = str(rule.get("code"))
        case = ET.Element("testcase", {"classname": _x(classname), "name": _x(rule_label(rule)), "time": "0"})
        waived = []
        for f in by_rule.get(code, []):
            if state_of(f) == "waived":
                waived.append(f)
                continue
            failure = ET.SubElement(case, "failure", {
                "message": _x(message_for(f, lang)), "type": _x(f"{code} {f.get('severity')}"),
            })
            failure.text = _x(_failure_text(f, lang))
        if waived:
            out = ET.SubElement(case, "system-out")
            out.text = _x("\n\n".join(
                _failure_text(f, lang) + f"\nwaived until {(f.get('waiver') or {}).get('until')}: "
                f"{(f.get('waiver') or {}).get('reason')} ({(f.get('waiver') or {}).get('who')})" for f in waived))
        cases.append(case)
    return cases


def to_junit_bytes(run: dict[str, Any], lang: str = "sv") -> bytes:
    """JUnit XML: a <testsuite> per document (name = source) with a <testcase> per rule of the
    catalogue (classname = source, name = "BUD001 netto-ar-..."). Each finding that is not waived
    is a <failure> of its rule's test case (several findings, several <failure> elements);
    waived findings are listed in the test case's <system-out>. A document that could not be
    read is one test case "granska.read" with an <error>. Run-level findings (WAI001) form a
    last suite named "granska"."""
    rules = rule_list(run)
    catalogue = {str(r.get("code")) for r in ((run.get("rules") or {}).get("catalogue") or [])}
    used_in_docs = {str(f.get("rule")) for d in documents(run) for f in doc_findings(d)}
    used_in_run = {str(f.get("rule")) for f in run.get("findings") or []}
    doc_rules = [r for r in rules if str(r.get("code")) in catalogue | used_in_docs]
    root = ET.Element("testsuites", {"name": "granska"})
    for doc in documents(run):
        source = str(doc.get("source") or "")
        props = {"organisation": doc.get("organisation"), "kind": doc.get("kind"), "year": doc.get("year"),
                 "sha256": doc.get("sha256")}
        if doc.get("error"):
            case = ET.Element("testcase", {"classname": _x(source), "name": "granska.read", "time": "0"})
            error = ET.SubElement(case, "error", {"message": _x(doc["error"]), "type": "unreadable"})
            error.text = _x(doc["error"])
            _suite(root, source, [case], props)
            continue
        _suite(root, source, _rule_cases(source, doc_rules, doc_findings(doc), lang), props)
    run_findings = list(run.get("findings") or [])
    if run_findings:
        run_rules = [r for r in rules if str(r.get("code")) in used_in_run]
        _suite(root, "granska", _rule_cases("granska", run_rules, run_findings, lang), {})
    suites = root.findall("testsuite")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
