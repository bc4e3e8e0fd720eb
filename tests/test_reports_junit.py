"""JUnit XML: suites per document, cases per rule, failures per finding."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from granska.reports.gate import apply_gate
from granska.reports.junit import to_junit_bytes
from granska.reports.waivers import load_waivers

DATA = Path(__file__).parent / "data" / "reports"
SOURCE = "datasets/stockholm-ks-vb-2017.txt"


def make_run() -> dict:
    return json.loads((DATA / "run.json").read_text(encoding="utf-8"))


def parse(run: dict) -> ET.Element:
    data = to_junit_bytes(run)
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)


def test_one_suite_per_document_a_case_per_rule_and_per_finding():
    run = make_run()
    root = parse(run)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [SOURCE]
    cases = suites[0].findall("testcase")
    catalogue = run["rules"]["catalogue"]
    findings = run["documents"][0]["findings"]
    assert len(cases) == len(catalogue) + len(findings) == int(suites[0].get("tests"))
    assert {c.get("classname") for c in cases[:len(catalogue)]} == {SOURCE}
    assert cases[0].get("name") == "BUD001 netto-ar-kostnader-plus-intakter"
    props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
    assert props["organisation"] == "Kommunstyrelsen" and props["year"] == "2017"


def test_only_findings_that_fail_the_gate_are_failures():
    """7 findings, 2 of them errors: 2 failures (notes and warnings do not turn a dashboard red)."""
    root = parse(make_run())
    suite = root.find("testsuite")
    failures = suite.findall("testcase/failure")
    assert len(failures) == 2 == int(suite.get("failures")) == int(root.get("failures"))
    assert {f.get("type") for f in failures} == {"BUD001 error", "GOL001 error"}
    assert suite.get("errors") == "0"
    bud = next(f for f in failures if f.get("type") == "BUD001 error")
    assert bud.get("message").startswith("SLK, Bokfört 171231")
    assert "rad 1521–1523" in bud.text and "Samma text även på: rad 4851, kopia 2" in bud.text
    assert "Utdrag ur källan: Kostnader 685,7" in bud.text
    ext = next(c for c in suite.findall("testcase") if (c.get("classname") or "").endswith(".EXT001"))
    assert ext.find("failure") is None and "osäker kolumntolkning" in ext.find("system-out").text


def test_a_findings_case_is_named_by_its_fingerprint_whatever_its_line():
    run = make_run()
    names = [c.get("name") for c in parse(run).iter("testcase") if "/" in (c.get("name") or "")]
    assert names == [f["fingerprint"] for f in run["documents"][0]["findings"]]
    for f in run["documents"][0]["findings"]:
        f["line"] = (f.get("line") or 0) + 40   # a paragraph inserted above
        f["evidence"]["lines"] = [x + 40 for x in f["evidence"].get("lines") or []]
    assert [c.get("name") for c in parse(run).iter("testcase") if "/" in (c.get("name") or "")] == names


def test_fail_on_warning_makes_warnings_failures():
    run = make_run()
    apply_gate(run, fail_on="warning")
    assert len(parse(run).findall("testsuite/testcase/failure")) == 6


def test_hostile_text_is_escaped_xml():
    data = to_junit_bytes(make_run())
    assert b"<script>" not in data
    root = ET.fromstring(data)
    assert any("<script>" in (c.text or "") for c in root.iter("system-out"))


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
    catalogue, findings = len(run["rules"]["catalogue"]), len(run["documents"][0]["findings"])
    assert root.get("tests") == str(catalogue + findings + 1)


def test_waived_findings_are_not_failures_and_run_findings_get_their_own_suite(tmp_path):
    run = make_run()
    path = tmp_path / "w.yaml"
    path.write_text("- {rule: GOL001, goal: '1.4', reason: Känd, who: Anna, until: 2099-01-01}\n"
                    "- {rule: GOL001, goal: '7.7', reason: Gammal, who: Bo, until: 2099-01-01}\n", encoding="utf-8")
    apply_gate(run, waivers=load_waivers(path, date(2026, 1, 1)), today=date(2026, 1, 1))
    root = parse(run)
    doc_suite, run_suite = root.findall("testsuite")
    gol = next(c for c in doc_suite.findall("testcase") if c.get("name").startswith("GOL001/"))
    assert gol.find("failure") is None
    assert gol.find("skipped").get("message") == "undantaget: Känd"
    assert "Undantag (gäller till 2099-01-01): Känd (Anna)" in gol.find("system-out").text
    assert run_suite.get("name") == "granska"
    names = [c.get("name") for c in run_suite.findall("testcase")]
    assert names[0] == "WAI001 undantag-utan-traff" and names[1].startswith("WAI001/")
    assert run_suite.findall("testcase/failure") == []   # an info finding does not fail the gate


def test_deterministic():
    assert to_junit_bytes(make_run()) == to_junit_bytes(make_run())
