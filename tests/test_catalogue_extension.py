"""A user extends the reading vocabulary and the indicator directions with YAML given to --rules.

The kommun prints "Förbrukat hittills" for its utfall column and "Slutsumma" for its total: words
the built-in vocabulary does not know. Without the user's file the column is not an utfall and the
deviations are not checked; with it, the one wrong deviation is found. A bad pattern in the file
is a one-line error naming it (exit 2).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

REPORT = """Verksamhetsberättelse 2025 Kultur- och fritidsnämnden


Driftredovisning (tkr)

 Verksamhet                      Budget 2025     Förbrukat hittills      Avvikelse
 Bibliotek                          18 600                17 750            850
 Kulturskola                         9 400                 9 520           −120
 Fritidsgårdar                       7 300                 6 910            290
 Idrottsanläggningar                12 500                12 470             30
 Slutsumma                          47 800                46 650          1 150

"""

VOCABULARY = """vocabulary:
  columns:
    - {match: '^förbrukat\\s+hittills', role: actual}
  rows:
    - {match: '^slutsumma\\b', role: totalt}
"""


def check(report: Path, *rules: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "granska.checks", "check", str(report), "--no-html", "--fail-on", "never", "--json", "-"]
    for r in rules:
        args += ["--rules", str(r)]
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def findings(out) -> list[dict]:
    assert out.returncode == 0, out.stderr
    return [f for doc in json.loads(out.stdout)["documents"] for f in doc["findings"]]


def test_the_users_vocabulary_makes_a_column_readable(tmp_path):
    report = tmp_path / "vb.txt"
    report.write_text(REPORT, encoding="utf-8")
    vocabulary = tmp_path / "ord.yaml"
    vocabulary.write_text(VOCABULARY, encoding="utf-8")

    without = [f for f in findings(check(report)) if f["rule"].startswith("BUD")]
    assert without == []
    found = [f for f in findings(check(report, vocabulary)) if f["rule"] == "BUD002"]
    assert [f["values"]["item"] for f in found] == ["Fritidsgårdar"]
    assert "390" in found[0]["message"]


def test_the_users_directions_come_first(tmp_path):
    from granska.checks import catalogue
    from granska.checks.engine.rules import load_rules

    directions = tmp_path / "riktning.yaml"
    directions.write_text("directions:\n  - match: andel nöjda\n    direction: lower\n", encoding="utf-8")
    try:
        load_rules([directions])
        assert catalogue.direction_of("Andel nöjda brukare (%)") == "lower"
    finally:
        load_rules([])
    assert catalogue.direction_of("Andel nöjda brukare (%)") == "higher"


def test_a_bad_pattern_is_a_one_line_error_naming_the_file(tmp_path):
    report = tmp_path / "vb.txt"
    report.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "fel.yaml"
    bad.write_text("vocabulary:\n  columns:\n    - {match: '^(oops', role: actual}\n", encoding="utf-8")
    out = check(report, bad)
    assert out.returncode == 2
    assert str(bad) in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_the_built_in_directions_know_what_municipal_indicators_want_lower():
    """Times, absence, complaints, accidents and emissions are better lower, wherever a report
    prints them without "(lägre är bättre)"; an indicator the catalogue does not know keeps the
    default."""
    from granska.checks.catalogue import direction_of

    lower = ["Genomsnittlig handläggningstid bygglov, veckor", "Kötid till förskola, dagar",
             "Antal dagar till beslut om bistånd", "Ogiltig frånvaro grundskola, %", "Personalomsättning, %",
             "Antal klagomål på snöröjningen", "Antal fallskador inom särskilt boende",
             "Utsläpp av växthusgaser från kommunens fordon, ton", "Energianvändning i lokaler, kWh/m²",
             "Matsvinn i skolmåltider, gram per portion"]
    assert {name: direction_of(name) for name in lower} == {name: "lower" for name in lower}
    assert direction_of("Andel hushållsavfall som återvinns, %") == "higher"
    assert direction_of("Handläggningstid, dagar", target_text="minst 5") == "higher"  # the target says
