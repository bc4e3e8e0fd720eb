"""How an indicator row's printed cells are read: which column a value fills and what the
reader infers from the row (checks/readers/stockholm.py, indicators.py)."""
from __future__ import annotations

from checks.generator import generate
from checks.readers.text import parse_text


def test_a_name_end_after_a_page_break_is_not_read_as_a_period():
    """"Nämndens prognossäkerhet" / values "… VB 2023" / page break / "T2" / next row: "T2" is the
    name's end, not the start of another period (a generated report found by the round trip)."""
    report = generate(383, copies=2, n_goals=5, budget_style="slk", unit="mnkr", sign="budget_minus_actual",
                      broken_cells=True, page_numbers=True)
    rows = parse_text(report.text).tables["indicators"]
    row = rows[(rows["copy"] == 1) & (rows["line"] == 163)].iloc[0]
    assert row["name"] == "Nämndens prognossäkerhet T2"
    assert row["target_text"] == "+/- 1 %" and row["period"] == "VB 2023"
    assert "Index Bra arbetsgivare" in set(rows["name"])
