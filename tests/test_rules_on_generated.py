"""The rules on generated reports: a clean report has no error; each mutation is caught at the
line it changed (the generator's mutate() says which), by the rules that should catch it."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from tests.support.generator import generate, mutate
from granska.checks.readers.text import parse_text

RULES = load_rules()

# Which rules may report each kind of change (the first line of the finding or its evidence).
CATCHERS = {
    "budget_cell": {"BUD001", "BUD002", "BUD003", "BUD004", "BUD005", "CPY003"},
    "status": {"GOL001", "GOL002", "GOL005", "CPY001"},
    "period": {"IND001", "CPY002"},
    "men_women": {"IND005", "IND006", "CPY002"},
    "outcome": {"GOL001", "IND009", "CPY002", "NAR004"},
    "copy_only": {"CPY002", "CPY003", "CPY004"},
}


def findings(text: str):
    return check_document(parse_text(text, source="gen.txt"), RULES)


def lines_of(f) -> set[int]:
    out = {f.line}
    out.update(f.evidence.get("lines") or [])
    out.update(loc["line"] for loc in f.evidence.get("also_at", []))
    return {x for x in out if x}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["slk", "utfall", "aterstar"]),
       st.sampled_from(["mnkr", "tkr"]))
def test_clean_generated_reports_have_no_errors(seed, style, unit):
    rep = generate(seed, budget_style=style, unit=unit)
    errors = [f for f in findings(rep.text) if f.severity == "error"]
    assert errors == [], [f.message for f in errors]


@pytest.mark.parametrize("kind", sorted(CATCHERS))
@pytest.mark.parametrize("seed", [3, 11, 42])
def test_each_mutation_is_caught_at_its_line(kind, seed):
    rep = generate(seed)
    before = {f.fingerprint for f in findings(rep.text)}
    try:
        mutant, change = mutate(rep, kind, random.Random(seed))
    except ValueError:
        pytest.skip(f"seed {seed} has nothing to mutate of kind {kind}")
    new = [f for f in findings(mutant.text) if f.fingerprint not in before]
    hits = [f for f in new if f.rule in CATCHERS[kind]]
    assert hits, (kind, change, [f.rule for f in new])
    assert any(change["line"] in lines_of(f) or abs((f.line or 0) - change["line"]) <= 12 for f in hits), \
        (kind, change["line"], [(f.rule, f.line, f.evidence.get("lines")) for f in hits])
