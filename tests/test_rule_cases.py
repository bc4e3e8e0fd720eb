"""The conformance suite: every rule's passing and failing cases, as YAML beside the rules.

rules/cases/<CODE>.yaml holds cases for one rule (like sqlfluff's rule fixtures). A case names a
fixture report under rules/cases/fixtures/ (or gives `report:` inline), applies `replace`
edits ([old, new] or {old, new, copy}), optionally doubles the body (`copies: 2`) and lists the
findings of that rule it expects (`line`, and `copy` when not 1). Only the rule under test is
compared, so one fixture serves many rules.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checks.engine.rules import load_rules
from checks.engine.run import check_document
from checks.readers.text import parse_text

CASES = Path(__file__).resolve().parents[1] / "rules" / "cases"
RULES = load_rules()
CODES = {r.code for r in RULES}


def case_files():
    return sorted(CASES.glob("*.yaml"))


def build_report(case: dict) -> tuple[str, int]:
    text = case.get("report") or (CASES / "fixtures" / f"{case['fixture']}.txt").read_text(encoding="utf-8")
    copies = int(case.get("copies", 1))
    offset = len(text.split("\n")) + 1 if copies == 2 else 0
    body = [text] * copies
    for edit in case.get("replace", []):
        old, new, copy = (edit[0], edit[1], 1) if isinstance(edit, list) else (edit["old"], edit["new"], edit.get("copy"))
        targets = range(copies) if copy is None else [copy - 1]
        for k in targets:
            assert old in body[k], f"{case['name']}: {old!r} not in the fixture"
            body[k] = body[k].replace(old, new, 1)
    return "\n\n".join(body), offset


def all_cases():
    for path in case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("code,case", list(all_cases()))
def test_rule_case(code, case):
    text, offset = build_report(case)
    doc = parse_text(text, source=f"{code}.txt")
    found = [f for f in check_document(doc, RULES) if f.rule == code]
    got = sorted((f.line, f.copy) for f in found)
    want = sorted((e["line"] + (offset if e.get("copy", 1) == 2 else 0), e.get("copy", 1)) for e in case["expect"])
    assert got == want, [f.message for f in found]
    for e, f in zip(sorted(case["expect"], key=lambda e: e["line"]), sorted(found, key=lambda f: f.line or 0)):
        if "certain" in e:
            assert f.certain == e["certain"]
        if "severity" in e:
            assert f.severity == e["severity"]


def test_every_rule_has_a_passing_and_a_failing_case():
    covered: dict[str, set[str]] = {}
    for path in case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["rule"], f"{path.name} should hold cases for {path.stem}"
        kinds = covered.setdefault(data["rule"], set())
        for case in data["cases"]:
            kinds.add("fail" if case["expect"] else "pass")
    missing = {code: {"pass", "fail"} - covered.get(code, set()) for code in CODES}
    assert {c: m for c, m in missing.items() if m} == {}


def test_no_message_leaves_a_template_field_unfilled(sample_doc):
    """An empty cell (an outcome printed without a unit) once showed as a raw "{unit}"."""
    findings = check_document(sample_doc, load_rules())
    assert any(f.rule == "IND004" for f in findings)  # the rule whose message has an empty unit
    for f in findings:
        for text in (f.message, f.message_en):
            assert not re.search(r"\{\w+\}", text), text
            assert "( " not in text and " )" not in text, text


def test_an_empty_field_leaves_no_stray_punctuation():
    from checks.engine.findings import render_message

    template = "{section}, {item}: avvikelsen {printed} ({unit})"
    assert render_message(template, {"section": "", "item": "Summa", "printed": 1.4}) == "Summa: avvikelsen 1,4"
    assert render_message("{section}, {item}: x {a} {unit}.", {"item": "Summa", "a": 2}) == "Summa: x 2."
