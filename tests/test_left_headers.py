"""Indicator and activity tables with left-aligned headers over right-aligned figures
(tests/data/vansterstallda-rubriker/rapport.html: Chromium's default <th>, cells with borders;
PDF by Chromium, text by `pdftotext -layout`): a figure stands between two header cells, and
belongs to the one on its left. The report ends with an activity table. Its one inconsistency:
Nämndmål 1 is "uppfyllt" while its activity "Ungdomsråd för kulturfrågor" was "Avbruten"."""
from __future__ import annotations

from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.readers import read_document
from granska.checks.runner import document_result

HERE = Path(__file__).resolve().parent / "data" / "vansterstallda-rubriker"


@pytest.mark.parametrize("source", ["rapport.pdf", "rapport.txt"])
def test_figures_between_left_aligned_headers_are_read_in_their_own_columns(source):
    ind = read_document(HERE / source).tables["indicators"]
    got = sorted(zip(ind["name"], ind["previous"], ind["outcome"], ind["target"]))
    assert got == [("Antal inskrivna i kulturskolan", 812.0, 868.0, 850.0),
                   ("Bokade timmar i sporthallar", 14210.0, 14980.0, 15500.0)]


@pytest.mark.parametrize("source", ["rapport.pdf", "rapport.txt"])
def test_a_report_that_ends_with_a_table_is_not_truncated(source):
    out = document_result(HERE / source, tuple(load_rules()))
    alarms = sorted(f["rule"] for f in out["findings"] if f["severity"] in ("error", "warning"))
    assert alarms == ["CMP001", "GOL003"]  # no budget table (true), the stopped activity (true)
