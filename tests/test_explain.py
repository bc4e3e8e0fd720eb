"""`granska rules CODE` leads to everything about a rule: its doc, the Python that decides it (found
from the form, never typed), its cases and an example finding computed from a failing case."""
from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from granska.checks.engine.explain import ROOT, explain, implementation
from granska.checks.engine.rules import load_rules

RULES = load_rules()
BY_CODE = {r.code: r for r in RULES}


def granska(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "granska.checks", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def test_gol001_leads_from_the_rule_to_the_function_that_decides_and_its_cases():
    out = granska("rules", "GOL001")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "rules/goals.yaml:" in text and "Why:" in text
    # FORMS -> status -> HANDLERS["indicators"] -> against_indicators -> row_verdict -> verdict
    assert "checks/engine/forms/status.py:" in text and "against_indicators()" in text
    assert "row_verdict()" in text and "verdict()" in text
    from granska.checks.engine.forms import status

    assert inspect.getdoc(status.against_indicators).splitlines()[0] in text  # the handler's doc beside the rule's
    cases = yaml.safe_load((ROOT / "rules" / "cases" / "GOL001.yaml").read_text(encoding="utf-8"))["cases"]
    assert "rules/cases/GOL001.yaml" in text and all(f"- {c['name']} " in text for c in cases)
    # the example is computed: the message its case's snapshot records
    first_failing = next(c for c in cases if c["expect"])
    assert f"helt-men-indikator-missad, rules/cases/fixtures/{first_failing['fixture']}.txt" in text
    assert first_failing["expect"][0]["message"] in text


def test_english_labels_and_message():
    text = granska("rules", "EXT002", "--lang", "en").stdout
    assert "Implemented by: checks/engine/forms/extraction.py:" in text and "evaluate()" in text
    assert "The indicator row has no period: 90 % 88 % 92 % 85 % 90 % 80 %" in text


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_every_rule_is_explained_with_real_places(code):
    rule = BY_CODE[code]
    functions = implementation(rule)
    handler = functions[0]
    assert handler.doc, f"{code}: its handler {handler.name} has no docstring to show beside the rule's doc"
    for fn in functions:
        source = (ROOT / fn.path).read_text(encoding="utf-8").splitlines()
        assert source[fn.line - 1].lstrip().startswith(f"def {fn.name}("), (code, fn.where)
    text = explain(rule)
    assert f"rules/cases/{code}.yaml" in text and "Exempel (från fallet" in text


def test_a_users_own_rule_is_explained_without_cases(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("""pack: mine
rules:
  - code: MYR001
    name: netto-mot-summa
    severity: warning
    category: budget
    doc: Netto ska stämma.
    message: {sv: "{section}: fel", en: "{section}: wrong"}
    relation:
      table: budget
      holds: "deviation == budget - actual"
""", encoding="utf-8")
    out = granska("rules", "MYR001", "--rules", str(pack))
    assert out.returncode == 0, out.stderr
    assert str(pack) in out.stdout and "checks/engine/forms/relation.py:" in out.stdout
    assert "rules/cases/MYR001.yaml (inga fall)" in out.stdout
