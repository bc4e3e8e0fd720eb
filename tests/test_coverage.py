"""Coverage: what was read, what was checked, what could not be read — and an honest "Inga fynd".

The counts are compared with what is known independently of the readers: the hand-checked tables
of the sample (datasets/expected) and the generator's truth for generated reports.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from granska.checks.coverage import document_coverage
from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from tests.support.generator import generate
from granska.checks.readers.text import parse_text
from granska.reports.i18n import headline
from granska.reports.jsonout import load_schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
EXPECTED = ROOT / "datasets" / "expected" / "stockholm-ks-vb-2017"
BUDGET = (ROOT / "rules" / "cases" / "fixtures" / "budget.txt").read_text(encoding="utf-8")
RULES = load_rules()


def coverage_of(doc):
    checks: dict = {}
    found = check_document(doc, RULES, checks)
    return document_coverage(doc, RULES, checks, found), found


def expected_rows(name: str) -> list[dict]:
    with open(EXPECTED / f"{name}.csv", encoding="utf-8-sig") as fh:
        return [r for r in csv.DictReader(fh) if r["copy"] == "1"]


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "granska.checks", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_sample_coverage_counts_what_the_hand_checked_tables_hold(sample_doc):
    cov, found = coverage_of(sample_doc)
    goals = expected_rows("goals")
    assessed = [g for g in goals if g["level"] != "inriktningsmål"]
    budget = expected_rows("budget")
    assert cov["status"] == "complete" and cov["percent"] == 100.0
    assert cov["copies"] == 2
    assert cov["goals"] == {"read": len(goals), "with_verdict": sum(g["status"] in ("helt", "delvis", "inte") for g in assessed),
                            "not_assessed": 0, "without_verdict": 0}
    assert cov["indicators"] == len(expected_rows("indicators"))
    assert cov["activities"] == len(expected_rows("activities"))
    assert [(t["title"], t["rows"], t["status"]) for t in cov["tables"]] == [
        (name, sum(r["table"] == name for r in budget), "read") for name in dict.fromkeys(r["table"] for r in budget)]
    assert cov["tables"][0]["columns"] == 3 and cov["unread"] == [] and cov["rows_unread"] == 0
    by_rule = {r["code"]: r for r in cov["rules"]}
    # a rule fails at most the subjects it checked, and every failed subject has a finding
    for r in by_rule.values():
        assert 0 <= r["passed"] <= r["checked"] and r["checked"] - r["passed"] <= r["findings"]
    # GOL001 checks the goals marked "helt" (one copy), and fails the five whose indicators missed
    helt = sum(g["status"] == "helt" for g in goals)
    assert (by_rule["GOL001"]["checked"], by_rule["GOL001"]["findings"]) == (helt, 6)
    assert by_rule["GOL001"]["checked"] - by_rule["GOL001"]["passed"] == len({f.values["goal"] for f in found if f.rule == "GOL001"})
    assert cov["checked"] == sum(r["checked"] for r in cov["rules"] if r["category"] not in ("extraction", "completeness"))


@pytest.mark.parametrize("seed", [1, 7, 23])
def test_generated_reports_coverage_matches_the_generator_truth(seed):
    rep = generate(seed)
    cov, _ = coverage_of(parse_text(rep.text, source=f"gen-{seed}.txt"))
    truth = rep.truth
    goals = [g for g in truth["goals"] if g["copy"] == 1]
    budget = [b for b in truth["budget"] if b["copy"] == 1]
    assert cov["goals"]["read"] == len(goals)
    assert cov["goals"]["with_verdict"] == sum(g["status"] in ("helt", "delvis", "inte") for g in goals)
    assert cov["indicators"] == sum(1 for i in truth["indicators"] if i["copy"] == 1)
    assert cov["activities"] == sum(1 for a in truth["activities"] if a["copy"] == 1)
    assert [(t["title"], t["rows"]) for t in cov["tables"]] == [
        (name, sum(b["table"] == name for b in budget)) for name in dict.fromkeys(b["table"] for b in budget)]
    assert cov["status"] == "complete" and cov["checked"] > 0


def test_the_sample_cut_after_its_first_goal_heading_is_not_clean(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    first_goal = next(i for i, ln in enumerate(lines) if ln.startswith("1.1 Alla barn"))
    cut = tmp_path / "avkortad.txt"
    cut.write_text("\n".join(lines[:first_goal + 1]) + "\n", encoding="utf-8")
    out = run_cli("check", cut, "--no-html", "--json", tmp_path / "r.json")
    assert out.returncode == 1, out.stdout
    assert "Inga fynd" not in out.stdout
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"][0]
    cmp = [f for f in doc["findings"] if f["rule"] == "CMP002"]
    assert len(cmp) == 1 and cmp[0]["severity"] == "error" and cmp[0]["line"] == first_goal + 1
    assert "avkortad" in cmp[0]["message"]
    # what the rules had to check was almost nothing: the HTML and terminal say so
    assert doc["coverage"]["checked"] < 5 and doc["coverage"]["tables"] == []


def broken_tables(n: int) -> str:
    """The budget fixture with n more tables whose header is recognised but whose rows are not
    (two figures under three columns)."""
    extra = "".join(f"\n\nEnhet {k} Budget 2017 Utfall 2017 Avvikelse\nKostnader 12,0 11,0\nIntäkter -2,0 -1,5\n"
                    f"Netto 10,0 9,5\n\nTexten fortsätter här.\n" for k in range(1, n + 1))
    return BUDGET.replace("\nOmbudgeteringar", extra + "\nOmbudgeteringar")


def test_a_report_with_unread_tables_says_so_instead_of_no_findings(tmp_path):
    doc = parse_text(broken_tables(3), source="b.txt")
    cov, found = coverage_of(doc)
    assert [f.rule for f in found] == []
    assert cov["status"] == "partial" and cov["tables_unread"] == 3 and cov["tables_read"] == 1
    assert [u["title"] for u in cov["unread"]] == ["Enhet 1", "Enhet 2", "Enhet 3"]
    assert cov["percent"] == 25.0
    assert headline({}, cov, "sv") == "Inga fynd — men 3 tabeller kunde inte läsas"
    assert headline({}, cov, "en") == "No findings — but 3 tables could not be read"
    path = tmp_path / "b.txt"
    path.write_text(broken_tables(3), encoding="utf-8")
    plain = run_cli("check", path, "--no-html")
    assert plain.returncode == 0 and "Inga fynd — men 3 tabeller kunde inte läsas" in plain.stdout
    assert "Kunde inte läsas: tabellen ”Enhet 1”" in plain.stdout
    from granska.checks.runner import build_run, document_result
    from granska.reports.html import render_html

    html = render_html(build_run([document_result(path, RULES)], RULES))
    assert "Inga fynd — men 3 tabeller kunde inte läsas" in html
    assert re.search(r"Tabeller</th><td class=\"num\">1 av 4</td>", html)
    assert run_cli("check", path, "--no-html", "--fail-on-unread").returncode == 1
    assert run_cli("check", path, "--no-html", "--min-coverage", "20").returncode == 0
    failed = run_cli("check", path, "--no-html", "--min-coverage", "30")
    assert failed.returncode == 1 and "godkänner inte" in failed.stdout


def test_nothing_checked_is_not_no_findings():
    doc = parse_text("Verksamhetsberättelse 2017 för kulturnämnden\n\nMål 1: Fler läser\nBedömning: Ej bedömd\n\n"
                     "Arbetet har pågått under året.\n", source="tom.txt")
    cov, found = coverage_of(doc)
    assert cov["status"] == "nothing" and cov["checked"] == 0
    assert headline({}, cov, "sv") == "Inget kunde kontrolleras"
    assert headline({"warning": 1}, cov, "sv") == "Inget kunde kontrolleras — 1 varning"


def test_a_run_whose_every_document_is_unreadable_checked_nothing(tmp_path):
    """"Inga fynd; 1 dokument kunde inte läsas" read as a clean run: with nothing read, nothing
    was checked, in the terminal and in the batch index alike; beside a read document the run
    still counts what was found."""
    (tmp_path / "in").mkdir()
    empty = tmp_path / "in" / "a.txt"
    empty.write_text("Hej\nDetta är inget.\n", encoding="utf-8")
    alone = run_cli("check", empty, "--no-html")
    assert alone.returncode == 2 and "Inget kunde kontrolleras; 1 dokument kunde inte läsas" in alone.stdout
    assert "Inga fynd" not in alone.stdout
    batch = run_cli("check", tmp_path / "in", "--out", tmp_path / "out", "--quiet")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert batch.returncode == 2 and "Inget kunde kontrolleras" in index and "Inga fynd" not in index
    (tmp_path / "in" / "b.txt").write_text(broken_tables(0), encoding="utf-8")
    mixed = run_cli("check", tmp_path / "in", "--no-html")
    assert mixed.returncode == 2 and "Inga fynd; 1 dokument kunde inte läsas" in mixed.stdout


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_code_is_a_usage_error(option):
    out = run_cli("check", SAMPLE, "--no-html", option, "FOO999")
    assert out.returncode == 2
    assert "FOO999" in out.stderr and "ingen regel" in out.stderr and "Inga fynd" not in out.stdout
    assert run_cli("rules", option, "BUD,XYZ").returncode == 2
    assert run_cli("check", SAMPLE, "--no-html", option, "bud,GOL00", "--fail-on", "never").returncode == 0


def test_coverage_in_json_sarif_and_junit(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(broken_tables(2), encoding="utf-8")
    run_cli("check", path, "--no-html", "--json", tmp_path / "r.json", "--sarif", tmp_path / "r.sarif",
            "--junit", tmp_path / "r.xml", "--fail-on-unread")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["documents"][0]["coverage"]["tables_unread"] == 2
    assert data["summary"]["gate"] == {"fail_on": "error", "counted": 0, "exit_code": 1, "fail_on_unread": True,
                                       "min_coverage": None, "incomplete": 1}
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["granska.coverage"] and notes[0]["level"] == "warning"
    assert "2 tabeller kunde inte läsas" in notes[0]["message"]["text"]
    import xml.etree.ElementTree as ET

    suite = ET.parse(tmp_path / "r.xml").getroot().find("testsuite")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["coverage.status"] == "partial"
    case = next(c for c in suite.findall("testcase") if c.get("name") == "granska.coverage")
    assert case.find("failure") is not None and "Kunde inte läsas" in case.find("failure").text


@pytest.mark.parametrize("layout", ["stratsys-arsbokslut", "arsredovisning", "indesign-ar"])
def test_each_table_of_a_layout_fixture_is_listed_once(layout):
    """The coverage lists a table once, whatever the inventory calls it (drift, ekonomi,
    investering): never again from the budget rows read out of it."""
    from granska.checks.readers import read_document

    manifest = __import__("yaml").safe_load((ROOT / "datasets" / "layouts" / layout / "manifest.yaml").read_text(encoding="utf-8"))
    cov, _ = coverage_of(read_document(ROOT / "datasets" / "layouts" / layout / "clean.pdf"))
    titles = [t["title"] for t in cov["tables"] if t["what"] != "indicator"]
    assert len(titles) == len(set(titles))
    printed = {t["title"] for t in manifest["tables"]}
    assert any(t in printed for t in titles)  # the fixture's own tables are among them


def test_plain_pdftotext_of_a_report_says_its_tables_cannot_be_read(tmp_path):
    """Plain `pdftotext` (no -layout) of the miljo-bygg-vb fixture puts every table cell in a
    paragraph of its own: no table or indicator is guessed from it; the report says what was
    not read and how to read it (the PDF, or -layout text)."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = Path(__file__).resolve().parents[1] / "datasets" / "layouts" / "miljo-bygg-vb" / "clean.pdf"
    plain = tmp_path / "plain.txt"
    subprocess.run(["pdftotext", str(pdf), str(plain)], check=True)
    out = run_cli("check", plain, "--no-html")
    assert out.returncode == 2 and "kör granska på PDF-filen eller på text ur pdftotext -layout" in out.stdout + out.stderr
    assert "Inga fynd" not in out.stdout
    layout = tmp_path / "layout.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(layout)], check=True)
    assert run_cli("check", layout, "--no-html").returncode == 0
