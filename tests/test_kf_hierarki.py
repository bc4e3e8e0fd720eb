"""Goal headings in three levels (tests/data/kf-hierarki/rapport.html, printed by Chromium; text by
`pdftotext -layout`): "Målområde 1: …" (a section, no verdict), "Kommunfullmäktiges mål 1.1: …"
and "Nämndmål 1.1.1: …", each with "Bedömning: …" under it. KF mål 1.1 is "Uppfyllt" while its
nämndmål 1.1.1 is "Ej uppfyllt" and that nämndmål's indicator missed its target."""
from __future__ import annotations

from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.readers import read_document
from granska.checks.runner import document_result

HERE = Path(__file__).resolve().parent / "data" / "kf-hierarki"


@pytest.mark.parametrize("source", ["rapport.pdf", "rapport.txt"])
def test_the_councils_goals_are_read_with_their_printed_ids_and_children(source):
    goals = read_document(HERE / source).tables["goals"]
    got = list(zip(goals["id"], goals["level"], goals["parent"].fillna("")))
    assert got == [("1.1", "kf-mål", ""), ("1.1.1", "nämndmål", "1.1"), ("1.1.2", "nämndmål", "1.1"),
                   ("1.2", "kf-mål", ""), ("1.2.1", "nämndmål", "1.2")]


@pytest.mark.parametrize("source", ["rapport.pdf", "rapport.txt"])
def test_a_met_council_goal_over_a_missed_nämndmål_is_found(source):
    out = document_result(HERE / source, tuple(load_rules()))
    goal_findings = sorted((f["rule"], f.get("values", {}).get("goal")) for f in out["findings"] if f["rule"].startswith("GOL"))
    assert goal_findings == [("GOL001", "1.1"), ("GOL002", "1.1")]
