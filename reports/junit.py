"""JUnit XML for CI systems: a test suite per document, a test case per rule."""
from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from typing import Any, Iterable

from reports.common import Tally, doc_findings, documents, finding_lines, message_for, rule_label, rule_list, state_of
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


def _suite(name: str, cases: list[ET.Element], properties: dict[str, Any]) -> ET.Element:
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.Element("testsuite", {
        "name": _x(name), "tests": str(len(cases)), "failures": str(failures), "errors": str(errors),
        "skipped": "0", "time": "0",
    })
    props = {k: v for k, v in properties.items() if v not in (None, "")}
    if props:
        holder = ET.SubElement(suite, "properties")
        for key, value in props.items():
            ET.SubElement(holder, "property", {"name": key, "value": _x(value)})
    suite.extend(cases)
    return suite


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


def _document_rules(run: dict[str, Any], rules: list[dict[str, Any]], used_in_docs: set[str]) -> list[dict[str, Any]]:
    """The rules every document's suite has a test case for: the catalogue and any rule a
    document's finding uses."""
    catalogue = {str(r.get("code")) for r in ((run.get("rules") or {}).get("catalogue") or [])}
    return [r for r in rules if str(r.get("code")) in catalogue | used_in_docs]


def _document_suite(doc: dict[str, Any], doc_rules: list[dict[str, Any]], lang: str) -> ET.Element:
    source = str(doc.get("source") or "")
    props = {"organisation": doc.get("organisation"), "kind": doc.get("kind"), "year": doc.get("year"),
             "sha256": doc.get("sha256")}
    if doc.get("error"):
        case = ET.Element("testcase", {"classname": _x(source), "name": "granska.read", "time": "0"})
        error = ET.SubElement(case, "error", {"message": _x(doc["error"]), "type": "unreadable"})
        error.text = _x(doc["error"])
        return _suite(source, [case], props)
    return _suite(source, _rule_cases(source, doc_rules, doc_findings(doc), lang), props)


def _run_suite(run: dict[str, Any], rules: list[dict[str, Any]], lang: str) -> ET.Element | None:
    """The last suite, "granska": run-level findings (WAI001), if any."""
    run_findings = list(run.get("findings") or [])
    if not run_findings:
        return None
    used_in_run = {str(f.get("rule")) for f in run_findings}
    run_rules = [r for r in rules if str(r.get("code")) in used_in_run]
    return _suite("granska", _rule_cases("granska", run_rules, run_findings, lang), {})


_TOTALS = ("tests", "failures", "errors")


def to_junit_bytes(run: dict[str, Any], lang: str = "sv") -> bytes:
    """JUnit XML: a <testsuite> per document (name = source) with a <testcase> per rule of the
    catalogue (classname = source, name = "BUD001 netto-ar-..."). Each finding that is not waived
    is a <failure> of its rule's test case (several findings, several <failure> elements);
    waived findings are listed in the test case's <system-out>. A document that could not be
    read is one test case "granska.read" with an <error>. Run-level findings (WAI001) form a
    last suite named "granska"."""
    rules = rule_list(run)
    used_in_docs = {str(f.get("rule")) for d in documents(run) for f in doc_findings(d)}
    doc_rules = _document_rules(run, rules, used_in_docs)
    root = ET.Element("testsuites", {"name": "granska"})
    for doc in documents(run):
        root.append(_document_suite(doc, doc_rules, lang))
    last = _run_suite(run, rules, lang)
    if last is not None:
        root.append(last)
    suites = root.findall("testsuite")
    for key in _TOTALS:
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_junit(path: str | os.PathLike[str], run: dict[str, Any], docs: Iterable[dict[str, Any]], tally: Tally,
                lang: str = "sv") -> None:
    """to_junit_bytes for a streamed batch, written atomically to ``path`` one suite at a time.

    run: the gated run without its documents; docs: the documents (iterated once), counted in
    ``tally``. The suites go to a temporary file first: the root element's totals come first."""
    import tempfile

    from reports.atomic import open_atomic

    rules = rule_list(run, tally)
    doc_rules = _document_rules(run, rules, tally.document_rules)
    totals = dict.fromkeys(_TOTALS, 0)
    with tempfile.TemporaryFile() as body:
        def add(suite: ET.Element) -> None:
            for key in _TOTALS:
                totals[key] += int(suite.get(key, "0"))
            ET.indent(suite, space=" ", level=1)  # as inside the root
            body.write(b"\n " + ET.tostring(suite, encoding="utf-8"))

        for doc in docs:
            add(_document_suite(doc, doc_rules, lang))
        last = _run_suite(run, rules, lang)
        if last is not None:
            add(last)
        root = ET.Element("testsuites", {"name": "granska"})
        for key in _TOTALS:
            root.set(key, str(totals[key]))
        with open_atomic(path) as out:
            if not body.tell():  # no suite at all: an empty root
                out.write(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
                return
            ET.SubElement(root, "testsuite")
            head = ET.tostring(root, encoding="utf-8", xml_declaration=True)
            out.write(head[: head.index(b"><testsuite />") + 1])
            body.seek(0)
            shutil.copyfileobj(body, out)
            out.write(b"\n</testsuites>\n")
