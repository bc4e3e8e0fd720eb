"""The catalogue of extraction problems (checks/problems.py, rules/extraction.yaml): every problem a
reader reports has a code with Swedish and English templates, and keeps it through extract -> check."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
from granska.checks.problems import UNCODED, catalogue, problem
from granska.checks.readers.tabular import read_folder, write_tables
from granska.checks.readers.text import parse_text

ROOT = Path(__file__).resolve().parents[1]
GOALS = (ROOT / "rules" / "cases" / "fixtures" / "goals.txt").read_text(encoding="utf-8")
NO_PERIOD = GOALS.replace("90 % 88 % 92 % 85 % 90 % 80 % 2017", "90 % 88 % 92 % 85 % 90 % 80 %")


def codes_in_readers() -> set[str]:
    """The codes the package's source passes to problem() / a reader's _problem()."""
    found = set()
    for path in (ROOT / "checks").rglob("*.py"):
        found |= set(re.findall(r"problem\((?:[^()]*?,\s*)?\"(EXT\d{3})\"", path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_readers_use_is_catalogued_and_every_entry_is_used():
    used = codes_in_readers()
    assert used, "the scan found no call: its pattern no longer matches the readers"
    assert used <= set(catalogue())
    assert set(catalogue()) - used == {UNCODED}  # UNCODED is given by problems.stored()


def test_a_problem_is_plain_data_with_both_languages_filled():
    p = problem("EXT003", line=42, page=7, copy=1, values=8, columns=6, row="90 % 88 %")
    assert p == {"code": "EXT003", "line": 42, "page": 7, "copy": 1,
                 "message": "Fler värden (8) än kolumner (6): 90 % 88 %",
                 "params": {"values": 8, "columns": 6, "row": "90 % 88 %"}}


def test_unknown_codes_and_wrong_fields_are_refused():
    with pytest.raises(KeyError):
        problem("EXT999", line=1)
    with pytest.raises(TypeError):
        problem("EXT002", line=1)  # its template needs {row}
    with pytest.raises(TypeError):
        problem("EXT002", line=1, row="x", extra=1)


def test_the_english_report_is_english():
    doc = parse_text(NO_PERIOD, source="t.txt")
    [f] = [f for f in check_document(doc, load_rules()) if f.category == "extraction"]
    assert (f.rule, f.line) == ("EXT002", 42)
    assert f.message_en == "The indicator row has no period: 90 % 88 % 92 % 85 % 90 % 80 %"
    assert f.values == {"row": "90 % 88 % 92 % 85 % 90 % 80 %"}


def test_problems_csv_keeps_the_code_through_extract_and_check(tmp_path):
    doc = parse_text(NO_PERIOD, source="t.txt")
    write_tables(doc, tmp_path)
    header = (tmp_path / "problems.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "line,page,copy,code,message,params"
    back = read_folder(tmp_path)
    assert back.problems == doc.problems
    rules = load_rules()
    assert ([(f.rule, f.line, f.message_en) for f in check_document(back, rules) if f.category == "extraction"]
            == [(f.rule, f.line, f.message_en) for f in check_document(doc, rules) if f.category == "extraction"])


def test_a_problem_without_a_known_code_keeps_its_text(tmp_path):
    from granska.checks.problems import stored

    p = stored(12, None, 1, "EXT777", "något gick fel", "{}")
    assert (p["code"], p["message"]) == (UNCODED, "Kunde inte läsas säkert: något gick fel")
    p = stored(12, None, 1, "EXT002", "saknar period", '{"row": "45 %"}')
    assert (p["code"], p["params"]) == ("EXT002", {"row": "45 %"})
    assert stored(12, None, 1, "EXT002", "saknar period", "not json")["code"] == UNCODED
