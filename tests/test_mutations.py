"""Mutation tests on the real sample: one fact changed is caught at the right line; unrelated
edits change no finding and no fingerprint."""
from __future__ import annotations

from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from granska.checks.readers.text import parse_text

SAMPLE = (Path(__file__).resolve().parents[1] / "datasets" / "stockholm-ks-vb-2017.txt").read_text(encoding="utf-8")
RULES = load_rules()


def findings_of(text: str):
    return check_document(parse_text(text, source="mutant.txt"), RULES)


@pytest.fixture(scope="module")
def baseline():
    return findings_of(SAMPLE)


def edit(line: int, old: str, new: str, text: str = SAMPLE) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def new_findings(text: str, baseline):
    before = {f.fingerprint for f in baseline}
    return [f for f in findings_of(text) if f.fingerprint not in before]


def where(findings):
    return {(f.rule, f.line, f.copy) for f in findings}


MUTANTS = [
    # (what, line, old, new, expected (rule, line, copy) among the new findings)
    ("budget cell", 3485, "Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2",
     [("BUD001", 3485, 1), ("BUD002", 3485, 1), ("BUD003", 3542, 1), ("CPY003", 6828, 2)]),
    ("status", 665, "Uppfylls delvis", "Uppfylls helt", [("GOL001", 663, 1), ("CPY001", 4003, 2)]),
    ("period", 878, "2017", "2016", [("IND001", 866, 1), ("CPY002", 4205, 2)]),
    ("men/women", 1849, "35 st 12 st 23 st", "35 st 12 st 25 st", [("IND005", 1844, 1), ("CPY002", 5181, 2)]),
    ("outcome", 1849, "35 st 12 st 23 st", "5 st 2 st 3 st", [("GOL001", 1756, 1), ("CPY002", 5181, 2)]),
    ("prose total", 3624, "totalt 64,8", "totalt 65,8", [("NAR001", 3624, 1), ("CPY004", 6966, 2)]),
    ("figure in one copy only", 6787, "nettoöverskott på 100,1", "nettoöverskott på 101,1",
     [("CPY004", 6787, 2), ("NAR002", 6787, 2)]),
    ("decision point", 12, "får 63,2 miljoner", "får 62,3 miljoner", [("NAR008", 10, 0)]),
    ("stated change", 831, "ökning med 36 procent", "ökning med 35 procent", [("NAR003", 831, 1)]),
]


@pytest.mark.parametrize("what,line,old,new,expected", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_one_changed_fact_is_caught_at_its_line(what, line, old, new, expected, baseline):
    found = new_findings(edit(line, old, new), baseline)
    got = where(found)
    for exp in expected:
        assert exp in got, (what, exp, sorted(got))


def test_correcting_the_stated_change_resolves_the_finding(baseline):
    """The sample says +36 %; 847 against 618 is +37 %. Fixing both copies removes NAR003."""
    fixed = edit(4171, "ökning med 36 procent", "ökning med 37 procent",
                 edit(831, "ökning med 36 procent", "ökning med 37 procent"))
    assert "NAR003" in {f.rule for f in baseline}
    assert "NAR003" not in {f.rule for f in findings_of(fixed)}


def fingerprints(findings):
    return sorted((f.fingerprint, f.message) for f in findings)


def test_blank_lines_inserted_change_nothing(baseline):
    lines = SAMPLE.split("\n")
    text = "\n".join(lines[:500] + [""] * 5 + lines[500:3000] + ["", ""] + lines[3000:])
    assert fingerprints(findings_of(text)) == fingerprints(baseline)


def test_whitespace_inside_prose_changes_nothing(baseline):
    text = edit(29, "Ärendet har initierats", "Ärendet  har   initierats")
    text = edit(3622, "Ombudgeteringar", "Ombudgeteringar   ", text) if "Ombudgeteringar" in text.split("\n")[3621] else text
    assert fingerprints(findings_of(text)) == fingerprints(baseline)


def test_rewording_a_sentence_without_figures_changes_nothing(baseline):
    text = edit(29, "Ärendet har initierats av stadsledningskontoret.", "Stadsledningskontoret initierade ärendet.")
    assert fingerprints(findings_of(text)) == fingerprints(baseline)


def test_findings_in_both_copies_are_reported_once_with_both_places(baseline):
    gol = [f for f in baseline if f.rule == "GOL001" and f.values.get("goal") == "1.4"]
    assert len(gol) == 1
    assert gol[0].copy == 1 and gol[0].evidence["also_at"][0]["copy"] == 2
