"""JUnit XML: suites per document, cases per rule, failures per finding."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from reports.gate import apply_gate
from reports.junit import to_junit_bytes
from reports.waivers import load_waivers

DATA = Path(__file__).parent / "data" / "reports"
SOURCE = "datasets/stockholm-ks-vb-2017.txt"


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


def parse(run: dict) -> ET.Element:
    data = to_junit_bytes(run)
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)


def test_one_suite_per_document_one_case_per_rule():
    run = make_run()
    root = parse(run)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [SOURCE]
    cases = suites[0].findall("testcase")
    catalogue = run["rules"]["catalogue"]
    assert len(cases) == len(catalogue) == int(suites[0].get("tests"))
    assert {c.get("classname") for c in cases} == {SOURCE}
    assert cases[0].get("name") == "BUD001 netto-ar-kostnader-plus-intakter"
    props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
    assert props["organisation"] == "Kommunstyrelsen" and props["year"] == "2017"


def test_a_failure_per_finding():
    root = parse(make_run())
    suite = root.find("testsuite")
    failures = suite.findall("testcase/failure")
    assert len(failures) == 7
    by_case = {c.get("name").split()[0]: c.findall("failure") for c in suite.findall("testcase")}
    assert len(by_case["NAR001"]) == 2 and by_case["BUD002"] == []
    failing_cases = sum(1 for v in by_case.values() if v)
    assert suite.get("failures") == str(failing_cases) == root.get("failures")
    assert suite.get("errors") == "0"
    bud = by_case["BUD001"][0]
    assert bud.get("message").startswith("SLK, Bokfört 171231")
    assert "line 1521-1523" in bud.text and "also at line 4851, copy 2" in bud.text
    assert "excerpt: Kostnader 685,7" in bud.text
    ext = by_case["EXT001"][0]
    assert "uncertain column reading" in ext.text


def test_hostile_text_is_escaped_xml():
    data = to_junit_bytes(make_run())
    assert b"<script>" not in data
    root = ET.fromstring(data)
    assert any("<script>" in (f.get("message") or "") for f in root.iter("failure"))


def test_control_characters_do_not_break_the_xml():
    run = make_run()
    run["documents"][0]["findings"][0]["message"] = "tab\there bell\x07 nul\x00 end"
    ET.fromstring(to_junit_bytes(run))


def test_unreadable_document_is_an_error_case():
    run = make_run()
    run["documents"].append({"source": "datasets/trasig.pdf", "error": "not a text file", "findings": []})
    root = parse(run)
    suite = root.findall("testsuite")[1]
    assert suite.get("name") == "datasets/trasig.pdf"
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("1", "1", "0")
    error = suite.find("testcase/error")
    assert error.get("message") == "not a text file"
    assert root.get("errors") == "1"
    assert root.get("tests") == str(len(run["rules"]["catalogue"]) + 1)


def test_waived_findings_are_not_failures_and_run_findings_get_their_own_suite(tmp_path):
    run = make_run()
    path = tmp_path / "w.yaml"
    path.write_text("- {rule: GOL001, goal: '1.4', reason: Känd, who: Anna, until: 2099-01-01}\n"
                    "- {rule: GOL001, goal: '7.7', reason: Gammal, who: Bo, until: 2099-01-01}\n", encoding="utf-8")
    apply_gate(run, waivers=load_waivers(path, date(2026, 1, 1)), today=date(2026, 1, 1))
    root = parse(run)
    doc_suite, run_suite = root.findall("testsuite")
    gol = next(c for c in doc_suite.findall("testcase") if c.get("name").startswith("GOL001"))
    assert gol.find("failure") is None
    assert "waived until 2099-01-01: Känd (Anna)" in gol.find("system-out").text
    assert run_suite.get("name") == "granska"
    assert [c.get("name") for c in run_suite.findall("testcase")] == ["WAI001 undantag-utan-traff"]
    assert len(run_suite.findall("testcase/failure")) == 1


def test_deterministic():
    assert to_junit_bytes(make_run()) == to_junit_bytes(make_run())
