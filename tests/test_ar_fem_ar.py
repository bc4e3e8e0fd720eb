"""A kommun's årsredovisning extract printed by Chromium (tests/data/ar-fem-ar/*.html, PDF by
`chromium --headless --print-to-pdf`, text by `pdftotext -layout`): a "Fem år i sammandrag"
overview of rows in different units (invånare, kr, mnkr, %), a resultaträkning with Not and
Budget columns, a driftredovisning Intäkter / Kostnader / Nettokostnad / Budget / Avvikelse with
Summa nämnder, Finansförvaltningen and Totalt. The errors version changes four figures:
the overview's Årets resultat 2025 (36,8 against the RR's 38,6), Verksamhetens resultat 2025
(37,9 where the lines give 37,0), Barn- och utbildningsnämnden's Avvikelse (−9,8 where
Nettokostnad − Budget is −8,8, and the prose says 8,8) and the prose's share of skatteintäkter."""
from __future__ import annotations

from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.runner import document_result

HERE = Path(__file__).resolve().parent / "data" / "ar-fem-ar"


def alarms(name: str) -> list[tuple[str, str]]:
    out = document_result(HERE / name, tuple(load_rules()))
    return sorted((f["rule"], f["message"].split(":")[0]) for f in out["findings"] if f["severity"] in ("error", "warning"))


@pytest.mark.parametrize("source", ["pdf", "txt"])
def test_an_overview_is_no_resultatrakning_and_the_clean_report_is_clean(source):
    assert alarms(f"clean.{source}") == []


@pytest.mark.parametrize("source", ["pdf", "txt"])
def test_each_changed_figure_is_found_once(source):
    found = alarms(f"errors.{source}")
    rules = [rule for rule, _ in found]
    assert "XRF005" in rules  # the overview's Årets resultat, mnkr against the RR
    assert ("FIN002", "Resultaträkning, Verksamhetens resultat, Utfall 2025") in found
    assert "NAR009" in rules and "TAB002" in rules
    # the wrong row under Summa nämnder is reported at Summa nämnder, not again at Totalt
    # (Totalt is Summa nämnder + Finansförvaltningen as printed)
    assert [m for r, m in found if r == "TAB005"] == ["Driftredovisning, Summa nämnder, Avvikelse"]
    assert not any(r in ("FIN001", "FIN004") for r in rules)
