"""JUnit XML for CI systems: a test suite per document, a test case per rule and per finding.

A CI dashboard turns red on <failure>: only a finding that fails the gate is one (new, at or above
--fail-on), so notes and warnings under the default gate are passing test cases that carry their
text. A finding's test case is named by its fingerprint, which does not change from run to run."""
from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from typing import Any, Iterable

from granska.reports.common import (
    Tally, doc_findings, documents, finding_lines, incomplete, is_counted, message_for, rule_label, rule_list, severity_of,
    state_of,
)
from granska.reports.gate import current_gate
from granska.reports.i18n import coverage_lines, headline, label, strings

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: Any) -> str:
    """Text safe for XML 1.0 (control characters dropped; ElementTree escapes the rest)."""
    return _XML_BAD.sub("", "" if text is None else str(text))


def _place_text(f: dict[str, Any], lang: str) -> str:
    s = strings(lang)
    first, last = finding_lines(f)
    where = []
    if first:
        where.append(f"{s['line']} {first}" + (f"–{last}" if last and last != first else ""))
    if f.get("page") not in (None, ""):
        where.append(f"{s['page']} {f.get('page')}")
    if f.get("copy") not in (None, ""):
        where.append(f"{s['copy']} {f.get('copy')}")
    return ", ".join(where)


def _finding_text(f: dict[str, Any], lang: str) -> str:
    s = strings(lang)
    lines = [f"{f.get('rule')} [{label(lang, 'sev', severity_of(f))}, {label(lang, 'state', state_of(f))}] "
             f"{message_for(f, lang)}"]
    where = _place_text(f, lang)
    if where:
        lines.append(f"{s['place']}: {where}")
    ev = f.get("evidence") or {}
    for also in ev.get("also_at") or []:
        if isinstance(also, dict) and also.get("line"):
            lines.append(f"{s['also_at']}: {s['line']} {also.get('line')}"
                         + (f", {s['copy']} {also.get('copy')}" if also.get("copy") is not None else ""))
    if ev.get("excerpt"):
        lines.append(f"{s['excerpt']}: " + str(ev["excerpt"]))
    for other in ev.get("compared_at") or []:
        if isinstance(other, dict) and other.get("line"):
            lines.append(f"{s['compared_at']}: {s['line']} {other.get('line')}"
                         + (f", {s['page']} {other.get('page')}" if other.get("page") not in (None, "") else "")
                         + (f": {other['excerpt']}" if other.get("excerpt") else ""))
    if f.get("certain") is False:
        lines.append(s["certain_false"])
    for key, title in (("waiver", "waiver"), ("waiver_expired", "waiver_expired")):
        w = f.get(key)
        if isinstance(w, dict):
            lines.append(f"{s[title]} ({s['waiver_until']} {w.get('until')}): {w.get('reason')} ({w.get('who')})")
    if f.get("fingerprint"):
        lines.append(f"{s['fingerprint']}: {f['fingerprint']}")
    return "\n".join(lines)


def _suite(name: str, cases: list[ET.Element], properties: dict[str, Any], out: str = "") -> ET.Element:
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    suite = ET.Element("testsuite", {
        "name": _x(name), "tests": str(len(cases)), "failures": str(failures), "errors": str(errors),
        "skipped": str(skipped), "time": "0",
    })
    props = {k: v for k, v in properties.items() if v not in (None, "")}
    if props:
        holder = ET.SubElement(suite, "properties")
        for key, value in props.items():
            ET.SubElement(holder, "property", {"name": key, "value": _x(value)})
    suite.extend(cases)
    if out:
        ET.SubElement(suite, "system-out").text = _x(out)
    return suite


def finding_case_name(f: dict[str, Any]) -> str:
    """A finding's test case name: its fingerprint, which stays the same from run to run while
    the finding is about the same thing (never its line)."""
    return str(f.get("fingerprint") or f"{f.get('rule')}/{f.get('subject') or ''}")


def _finding_case(classname: str, f: dict[str, Any], lang: str, fail_on: str) -> ET.Element:
    """A failure only when the finding makes the gate fail (new, at or above --fail-on): notes,
    warnings under --fail-on error, unchanged and waived findings pass, their text in system-out."""
    code = str(f.get("rule"))
    case = ET.Element("testcase", {"classname": _x(f"{classname}.{code}"), "name": _x(finding_case_name(f)), "time": "0"})
    text = _finding_text(f, lang)
    if is_counted(f, fail_on):
        failure = ET.SubElement(case, "failure", {"message": _x(message_for(f, lang)),
                                                  "type": _x(f"{code} {severity_of(f)}")})
        failure.text = _x(text)
    elif state_of(f) == "waived":
        w = f.get("waiver") or {}
        ET.SubElement(case, "skipped", {"message": _x(f"{strings(lang)['state_waived']}: {w.get('reason')}")})
        ET.SubElement(case, "system-out").text = _x(text)
    else:
        ET.SubElement(case, "system-out").text = _x(text)
    return case


def _rule_cases(classname: str, rules: list[dict[str, Any]], findings: list[dict[str, Any]], lang: str,
                fail_on: str, coverage: dict[str, Any] | None = None) -> list[ET.Element]:
    """A test case per rule (what it checked: its coverage), then one per finding."""
    s = strings(lang)
    counts = {str(r.get("code")): r for r in (coverage or {}).get("rules") or []}
    cases = []
    for rule in rules:
        code = str(rule.get("code"))
        case = ET.Element("testcase", {"classname": _x(classname), "name": _x(rule_label(rule)), "time": "0"})
        entry = counts.get(code)
        if entry is not None:
            if not entry.get("checked") and not entry.get("findings"):
                ET.SubElement(case, "skipped", {"message": _x(s["j_nothing_to_check"])})
            else:
                ET.SubElement(case, "system-out").text = _x(s["j_rule_counts"].format(
                    checked=entry.get("checked", 0), passed=entry.get("passed", 0), findings=entry.get("findings", 0)))
        cases.append(case)
    cases.extend(_finding_case(classname, f, lang, fail_on) for f in findings)
    return cases


def _document_rules(run: dict[str, Any], rules: list[dict[str, Any]], used_in_docs: set[str]) -> list[dict[str, Any]]:
    """The rules every document's suite has a test case for: the catalogue and any rule a
    document's finding uses."""
    catalogue = {str(r.get("code")) for r in ((run.get("rules") or {}).get("catalogue") or [])}
    return [r for r in rules if str(r.get("code")) in catalogue | used_in_docs]


def _coverage_case(source: str, coverage: dict[str, Any] | None, gate: dict[str, Any], lang: str) -> ET.Element | None:
    """granska.coverage: fails when --fail-on-unread / --min-coverage fail the document."""
    if not coverage:
        return None
    case = ET.Element("testcase", {"classname": _x(source), "name": "granska.coverage", "time": "0"})
    text = "\n".join(coverage_lines(coverage, lang))
    if incomplete(coverage, bool(gate.get("fail_on_unread")), gate.get("min_coverage")):
        failure = ET.SubElement(case, "failure", {"message": _x(headline({}, coverage, lang)), "type": "coverage"})
        failure.text = _x(text)
    else:
        ET.SubElement(case, "system-out").text = _x(text)
    return case


def _document_suite(doc: dict[str, Any], doc_rules: list[dict[str, Any]], lang: str, gate: dict[str, Any]) -> ET.Element:
    source = str(doc.get("source") or "")
    coverage = doc.get("coverage") if isinstance(doc.get("coverage"), dict) else None
    props = {"organisation": doc.get("organisation"), "kind": doc.get("kind"), "year": doc.get("year"),
             "sha256": doc.get("sha256"), "tables_sha256": doc.get("tables_sha256")}
    if coverage:
        props.update({"coverage.status": coverage.get("status"), "coverage.percent": coverage.get("percent"),
                      "coverage.checked": coverage.get("checked"), "coverage.passed": coverage.get("passed")})
    if doc.get("error"):
        case = ET.Element("testcase", {"classname": _x(source), "name": "granska.read", "time": "0"})
        error = ET.SubElement(case, "error", {"message": _x(doc["error"]), "type": "unreadable"})
        error.text = _x(doc["error"])
        return _suite(source, [case], props)
    fail_on = str(gate.get("fail_on") or "error")
    cases = _rule_cases(source, doc_rules, doc_findings(doc), lang, fail_on, coverage)
    cover = _coverage_case(source, coverage, gate, lang)
    return _suite(source, cases + ([cover] if cover is not None else []), props,
                  out="\n".join(coverage_lines(coverage, lang)))


def _run_suite(run: dict[str, Any], rules: list[dict[str, Any]], lang: str) -> ET.Element | None:
    """The last suite, "granska": run-level findings (WAI001), if any."""
    run_findings = list(run.get("findings") or [])
    if not run_findings:
        return None
    used_in_run = {str(f.get("rule")) for f in run_findings}
    run_rules = [r for r in rules if str(r.get("code")) in used_in_run]
    fail_on = str(current_gate(run).get("fail_on") or "error")
    return _suite("granska", _rule_cases("granska", run_rules, run_findings, lang, fail_on), {})


_TOTALS = ("tests", "failures", "errors", "skipped")


def to_junit_bytes(run: dict[str, Any], lang: str = "sv") -> bytes:
    """JUnit XML: a <testsuite> per document (name = source, properties: its hashes and coverage,
    system-out: what was read and checked). In it a <testcase> per rule of the catalogue
    (classname = source, name = "BUD001 netto-ar-..."; system-out: subjects checked and passed,
    <skipped> when it had nothing to check), a <testcase> per finding (classname =
    "source.CODE", name = its fingerprint: a <failure> only when it counts toward the gate,
    <skipped> when waived, else its text in system-out) and "granska.coverage" (a <failure> when
    --fail-on-unread / --min-coverage fail the document). A document that could not be read is
    one test case "granska.read" with an <error>. Run-level findings (WAI001) form a last suite
    named "granska"."""
    rules = rule_list(run)
    used_in_docs = {str(f.get("rule")) for d in documents(run) for f in doc_findings(d)}
    doc_rules = _document_rules(run, rules, used_in_docs)
    root = ET.Element("testsuites", {"name": "granska"})
    gate = current_gate(run)
    for doc in documents(run):
        root.append(_document_suite(doc, doc_rules, lang, gate))
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

    from granska.reports.atomic import open_atomic

    rules = rule_list(run, tally)
    doc_rules = _document_rules(run, rules, tally.document_rules)
    totals = dict.fromkeys(_TOTALS, 0)
    with tempfile.TemporaryFile() as body:
        def add(suite: ET.Element) -> None:
            for key in _TOTALS:
                totals[key] += int(suite.get(key, "0"))
            ET.indent(suite, space=" ", level=1)  # as inside the root
            body.write(b"\n " + ET.tostring(suite, encoding="utf-8"))

        gate = current_gate(run)
        for doc in docs:
            add(_document_suite(doc, doc_rules, lang, gate))
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
