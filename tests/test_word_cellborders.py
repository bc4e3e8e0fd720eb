"""A Word-like report printed by Chromium (tests/data/word-cellborders/rapport.html, printed with
`chromium --headless --print-to-pdf`, text by `pdftotext -layout`): table borders drawn cell by
cell, "Mål N." headings each followed by its verdict line and an indicator table, and a
numbered "4. Personal" section after the last goal. Two inconsistencies are printed: Mål 2's
"Uppnått" against its indicator's 86 % for the target 95 % and its own analysis ("når inte
målvärdet"), and "Nettokostnaden ökade med 2,1 procent jämfört med 2024" where the
driftredovisning gives −22 744 → −22 800 tkr, 0,25 %."""
from __future__ import annotations

from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.runner import document_result

HERE = Path(__file__).resolve().parent / "data" / "word-cellborders"


@pytest.mark.parametrize("source", ["rapport.pdf", "rapport.txt"])
def test_each_goal_gets_its_own_indicators_and_only_the_real_contradiction_is_found(source):
    out = document_result(HERE / source, tuple(load_rules()))
    alarms = sorted((f["rule"], f.get("values", {}).get("goal")) for f in out["findings"]
                    if f["severity"] in ("error", "warning"))
    assert alarms == [("GOL001", "2"), ("GOL004", "2"), ("NAR014", None)]
    cov = out["coverage"]
    assert cov["goals"]["read"] == 3 and cov["goals"]["with_verdict"] == 3
    assert cov["indicators"] == 5  # the Personal table is no goal's indicators
