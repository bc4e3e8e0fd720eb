"""The conformance suite: every rule's passing and failing cases, as YAML beside the rules.

rules/cases/<CODE>.yaml holds cases for one rule (checks.engine.cases describes the format). Each
case lists the findings of that rule it expects, with their line, copy and messages (a snapshot
in Swedish and English). Only the rule under test is compared, so one fixture serves many rules.

After changing a rule's wording, refresh the snapshots with
`python -m pytest tests/test_rule_cases.py --update-snapshots` and read the diff: it rewrites
only the messages, never which findings a case expects.
"""
from __future__ import annotations

import json
import re

import pytest

from granska.checks.engine.cases import case_files, input_key, load_cases, located, observed, run_case
from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document

RULES = load_rules()
CODES = {r.code for r in RULES}


def all_cases():
    for path in case_files():
        data = load_cases(path)
        for case in data["cases"]:
            yield pytest.param(path, data["rule"], case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("path,code,case", list(all_cases()))
def test_rule_case(path, code, case, request):
    found, offset = run_case(code, case, RULES)
    got = sorted(zip(observed(found, offset), found), key=lambda p: order(p[0]))
    want = sorted(case["expect"], key=order)
    assert located([g for g, _ in got]) == located(want), [f.message for f in found]
    if request.config.getoption("--update-snapshots"):
        rewrite_expect(path, case["name"], [dict(w, **g) for w, (g, _) in zip(want, got)])
        return
    for w, (g, f) in zip(want, got):
        assert (w.get("message"), w.get("message_en")) == (g["message"], g["message_en"]), \
            "the message changed: refresh with --update-snapshots if that was meant"
        if "certain" in w:
            assert f.certain == w["certain"]
        if "severity" in w:
            assert f.severity == w["severity"]


def order(entry: dict) -> tuple:
    """Findings and expected entries in one order: copy, line, message."""
    return entry.get("copy", 1), entry["line"], entry.get("message", "")


def rewrite_expect(path, name: str, entries: list[dict]) -> None:
    """Replace the `expect:` block of case `name` in its file, leaving every other line as written."""
    lines = path.read_text(encoding="utf-8").split("\n")
    # the case files are indented either way ("  - name:" under "cases:", or "- name:")
    start, pad = next((i, m.group(1)) for i, ln in enumerate(lines)
                      if (m := re.fullmatch(rf"( *)- name: {re.escape(name)}\s*", ln)))
    key_pad = pad + "  "
    at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(key_pad + "expect:"))
    end = at + 1
    while end < len(lines) and (lines[end].startswith(key_pad + " ") or lines[end].startswith(key_pad + "- ")):
        end += 1
    block = [key_pad + "expect: []"] if not entries else [key_pad + "expect:"] + [
        "\n".join(f"{key_pad + '  - ' if k == 0 else key_pad + '    '}{key}: {json.dumps(e[key], ensure_ascii=False)}"
                  for k, key in enumerate(key for key in ("line", "copy", "certain", "severity", "message", "message_en")
                                          if key in e))
        for e in entries]
    lines[at:end] = block
    path.write_text("\n".join(lines), encoding="utf-8")


def test_every_rule_has_a_passing_and_a_failing_case():
    covered: dict[str, set[str]] = {}
    for path in case_files():
        data = load_cases(path)
        assert path.stem == data["rule"], f"{path.name} should hold cases for {path.stem}"
        kinds = covered.setdefault(data["rule"], set())
        for case in data["cases"]:
            kinds.add("fail" if case["expect"] else "pass")
    missing = {code: {"pass", "fail"} - covered.get(code, set()) for code in CODES}
    assert {c: m for c, m in missing.items() if m} == {}


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_no_two_cases_check_the_same_report(path):
    """A case that repeats another (same report, same edits) tests nothing new: GOL001 once had one."""
    seen: dict[tuple, str] = {}
    for case in load_cases(path)["cases"]:
        key = input_key(case)
        assert key not in seen, f"{path.name}: case {case['name']} checks the same report as {seen[key]}"
        seen[key] = case["name"]


def test_no_message_leaves_a_template_field_unfilled(sample_doc):
    """An empty cell (an outcome printed without a unit) once showed as a raw "{unit}"."""
    findings = check_document(sample_doc, load_rules())
    assert any(f.rule == "IND004" for f in findings)  # the rule whose message has an empty unit
    for f in findings:
        for text in (f.message, f.message_en):
            assert not re.search(r"\{\w+\}", text), text
            assert "( " not in text and " )" not in text, text


def test_an_empty_field_leaves_no_stray_punctuation():
    from granska.checks.engine.findings import render_message

    template = "{section}, {item}: avvikelsen {printed} ({unit})"
    assert render_message(template, {"section": "", "item": "Summa", "printed": 1.4}) == "Summa: avvikelsen 1,4"
    assert render_message("{section}, {item}: x {a} {unit}.", {"item": "Summa", "a": 2}) == "Summa: x 2."
