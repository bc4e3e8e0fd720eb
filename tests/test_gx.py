"""Great Expectations export (checks/gx.py): the suites GX runs, translated from the compiled sum and
relation rules, find exactly what granska's rules find — the budget rules BUD001–BUD006 on the
sample, on other layouts, on generated reports and on mutants of all of them; the indicator
relations that translate; and a user's own sum rule.

Skipped as a whole when great_expectations is not installed: it is the optional extra
`granska[ge]`, and CI installs only the `test` extra. The one test that needs no GX (granska
check never imports it) lives here too, and so runs only where GX is installed — that is the
only place the question means anything.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

gx_module = pytest.importorskip("great_expectations")

import pandas as pd  # noqa: E402

from granska.checks import gx  # noqa: E402
from granska.checks.document import Document  # noqa: E402
from granska.checks.engine.rules import load_rules  # noqa: E402
from granska.checks.engine.run import check_document  # noqa: E402
from granska.checks.readers.text import parse_text, read_text_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PATH = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
LAYOUTS = ROOT / "tests" / "data" / "layouts"
CASES = ROOT / "rules" / "cases"
RULES = load_rules(select=["BUD"])
BUD = [f"BUD00{k}" for k in range(1, 7)]


# --- the two sides --------------------------------------------------------------------------

def granska_keys(doc, rules=RULES) -> set[tuple]:
    """(rule, copy, line, subject) of every finding of the exported rules, every copy it is in."""
    exported = gx.translatable(rules)[0]
    out = set()
    for f in check_document(doc, exported):
        for loc in [{"copy": f.copy, "line": f.line}] + f.evidence.get("also_at", []):
            out.add((f.rule, loc["copy"], loc["line"], f.subject))
    return out


def gx_keys(doc, rules=RULES) -> set[tuple]:
    return {(f["rule"], f["copy"], f["line"], f["subject"]) for f in gx.run_suite_detailed(doc, rules)}


def assert_parity(doc, coarse: bool = False, rules=RULES):
    """GX fails exactly where granska finds: per (rule, copy, line, subject); with coarse, also
    run_suite's (rule, subject) against granska's (one more GX run)."""
    ours, theirs = granska_keys(doc, rules), gx_keys(doc, rules)
    assert theirs == ours, {"only_gx": theirs - ours, "only_granska": ours - theirs}
    if coarse:
        got = {(rule, s) for rule, subjects in gx.run_suite(doc, rules).items() for s in subjects}
        assert got == {(k[0], k[3]) for k in ours}
    return ours


# --- the sample and edits to its text ------------------------------------------------------

def test_sample_no_findings_either_side():
    doc = read_text_file(SAMPLE_PATH)
    assert granska_keys(doc) == set()
    assert gx.run_suite(doc, RULES) == {rule: [] for rule in BUD}


def edited(old: str, new: str, copies=(1,), text: str = SAMPLE) -> str:
    """Replace old with new in the given copies of the body (1 = first occurrence, 2 = second)."""
    parts = text.split(old)
    assert len(parts) - 1 >= max(copies), (old, len(parts) - 1)
    out = parts[0]
    for k, rest in enumerate(parts[1:], start=1):
        out += (new if k in copies else old) + rest
    return out


TEXT_MUTANTS = [
    # (old, new, copies, rules granska must report)
    ("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2", (1,), {"BUD001", "BUD002", "BUD003"}),
    ("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2", (1, 2), {"BUD001", "BUD002", "BUD003"}),
    ("Netto 184,8 111,5 73,2", "Netto 184,8 111,5 75,2", (2,), {"BUD001", "BUD002", "BUD003"}),
    ("Summa netto 1 429,3 1 329,2 100,1", "Summa netto 1 439,3 1 329,2 100,1", (1,),
     {"BUD002", "BUD003", "BUD004", "BUD005"}),
    ("Kostnader 685,7 728,2 -42,5", "Kostnader 685,7 728,2 -44,5", (1,), {"BUD001", "BUD002", "BUD003"}),
    ("Summa kostnader 1 950,2 2 121,3 -171,1", "Summa kostnader 1 960,2 2 121,3 -171,1", (1,),
     {"BUD002", "BUD003", "BUD004"}),
    ("Summa intäkter -520,8 -792,1 271,2", "Summa intäkter -520,8 -792,1 271,3", (1,), set()),  # within rounding
    ("Kostnader 2,0 0,5 1,5", "Kostnader 2,0 0,5 1,4", (1,), set()),  # 0,1 off: inside ±0,15
    ("Kostnader 2,0 0,5 1,5", "Kostnader 2,0 0,5 1,7", (1,), {"BUD001", "BUD002"}),  # 0,2: beyond
    ("1 431,3 1 329,7 101,6", "1 431,3 1 329,7 111,6", (1,), {"BUD002", "BUD005"}),
    # 612,0 - 603,5 = 8,5: the printed 8,6 and the edited 8,4 are both within ±0,15 of it (no BUD002), and
    # the section sum moves 0,2 against ±0,65 (no BUD003); only Kostnader + Intäkter = 8,6 != 8,4 breaks
    ("Netto 612,0 603,5 8,6", "Netto 612,0 603,5 8,4", (1,), {"BUD001"}),
]


@pytest.mark.parametrize("old,new,copies,rules", TEXT_MUTANTS, ids=[f"{m[1]}@{m[2]}" for m in TEXT_MUTANTS])
def test_text_mutants(old, new, copies, rules):
    doc = parse_text(edited(old, new, copies), source="mutant.txt")
    found = assert_parity(doc, coarse=True)
    assert {k[0] for k in found} == rules
    assert {k[1] for k in found} <= set(copies)


# --- every cell of the sample's budget table, changed in the extracted table ----------------

DELTAS = (0.1, 0.2, 1.0, -0.3, 12.5)  # 0,1 is within every tolerance; 0,2 beyond ±0,15 only


def with_cell(doc, index, column, delta) -> Document:
    budget = doc.tables["budget"].copy()
    budget.loc[index, column] = round(float(budget.loc[index, column]) + delta, 6)
    return Document(meta=doc.meta, tables={**doc.tables, "budget": budget}, lines=doc.lines, pages=doc.pages)


def cell_mutants(stride: int):
    doc = read_text_file(SAMPLE_PATH)
    budget = doc.tables["budget"]
    cols = list(dict.fromkeys(doc.tables["budget_columns"]["column"]))
    cells = [(i, c) for i in budget.index[budget["copy"] == 1] for c in cols]
    for k, (i, c) in enumerate(cells[::stride]):
        yield doc, i, c, DELTAS[k % len(DELTAS)]


def test_cell_mutants_sampled():
    kinds = set()
    for doc, i, c, delta in cell_mutants(stride=7):
        found = assert_parity(with_cell(doc, i, c, delta))
        kinds |= {k[0] for k in found}
    # the sample of cells reaches every rule but BUD006: the sample has no table that is a list of
    # items with a Summa (that rule's parity is in the conformance cases and the other layouts)
    assert kinds == set(BUD) - {"BUD006"}


@pytest.mark.slow
def test_cell_mutants_every_cell():
    for doc, i, c, delta in cell_mutants(stride=1):
        assert_parity(with_cell(doc, i, c, delta))


def test_convention_vote_and_tie():
    """BUD002 follows the sign convention most rows use; a table turned to the other convention
    gives no BUD002 finding, and the rows still on the old one are the findings."""
    doc = read_text_file(SAMPLE_PATH)
    budget = doc.tables["budget"].copy()
    copy1 = budget.index[budget["copy"] == 1]
    budget.loc[copy1, "Avvikelse"] = -budget.loc[copy1, "Avvikelse"]
    flipped = Document(meta=doc.meta, tables={**doc.tables, "budget": budget}, lines=doc.lines, pages=doc.pages)
    assert not {k for k in assert_parity(flipped) if k[0] == "BUD002"}
    # flip back the Netto rows: they break the majority's convention. (Not the Kostnader rows:
    # costs on budget − actual and revenues on actual − budget is itself a convention, the one of
    # tables printed all positive, and only the Netto rows would then break it.)
    back = budget.index[(budget["copy"] == 1) & (budget["role"] == "netto")]
    budget.loc[back, "Avvikelse"] = -budget.loc[back, "Avvikelse"]
    mixed = Document(meta=doc.meta, tables={**doc.tables, "budget": budget}, lines=doc.lines, pages=doc.pages)
    bud002 = {k for k in assert_parity(mixed) if k[0] == "BUD002"}
    zero = budget.loc[back, "Avvikelse"].abs() < 0.05  # a 0,0 deviation fits both conventions
    assert len(bud002) == int((~zero).sum())


# --- other layouts, the rule conformance cases, generated reports ---------------------------

@pytest.mark.parametrize("name,old,new", [
    ("tkr-aterstar", None, None),
    ("tkr-aterstar", "Netto 108 200 72 200 36 000", "Netto 108 200 72 200 35 000"),
    ("tkr-aterstar", "Summa kostnader 157 400 106 550 50 850", "Summa kostnader 157 400 106 550 51 850"),
    ("tkr-aterstar", "Netto 108 200 72 200 36 000", "Netto 108 200 72 201 36 000"),  # 1 tkr: within ±1,5
    ("tkr-aterstar", "Netto 108 200 72 200 36 000", "Netto 108 200 72 203 36 000"),
    ("utfall-minus-budget", None, None),
    ("utfall-minus-budget", "Netto 87,9 91,5 -3,6", "Netto 87,9 91,5 3,6"),
    ("utfall-minus-budget", "Summa netto 248,1 243,5 4,6", "Summa netto 248,1 243,5 5,6"),
    ("mal-bedomning", None, None),
    ("positiva-belopp", None, None),
    ("prognos", None, None),
    ("prognos", "Netto 265,3 175,2 265,0 0,3", "Netto 265,3 175,2 265,0 2,3"),
    ("prognos", "Kostnader 310,5 205,3 312,0 -1,5", "Kostnader 310,5 205,3 314,0 -1,5"),
    ("positiva-belopp", "Nettokostnad 265,3 263,9 1,4", "Nettokostnad 265,3 273,9 1,4"),
    ("positiva-belopp", "Intäkter 45,2 48,1 2,9", "Intäkter 45,2 48,1 -2,9"),
    ("mal-bedomning", "Summa -265,3 -263,9 1,4", "Summa -265,3 -262,9 1,4"),  # BUD006 and BUD002
    ("mal-bedomning", "Kostnader -310,5 -312,0 -1,5", "Kostnader -310,5 -314,0 -1,5"),
])
def test_other_layouts(name, old, new):
    text = (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")
    if old is not None:
        assert old in text
        text = text.replace(old, new)
    found = assert_parity(parse_text(text, source=name))
    assert bool(found) == (old is not None and "72 201" not in new)


NO_SECTION = """Verksamhetsberättelse 2017 för idrottsnämnden

Idrottsnämnden Budget Utfall Avvikelse
tkr
Kostnader 1 200 1 250 -50
Intäkter -200 -180 -20
Netto 1 000 1 070 -70
Summa drift
Summa kostnader 1 200 1 250 -50
Summa intäkter -200 -180 -20
Summa netto 1 000 1 070 -70
"""


@pytest.mark.parametrize("old,new", [(None, None), ("Netto 1 000 1 070 -70", "Netto 1 000 1 070 -60"),
                                     ("Summa netto 1 000 1 070 -70", "Summa netto 1 010 1 070 -70")])
def test_rows_without_a_section(old, new):
    text = NO_SECTION if old is None else NO_SECTION.replace(old, new)
    doc = parse_text(text, source="no-section.txt")
    assert set(doc.tables["budget"]["section"].head(3)) == {""}
    found = assert_parity(doc, coarse=True)
    assert bool(found) == (old is not None)


def rule_cases():
    import yaml

    for path in sorted(CASES.glob("BUD*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("case", list(rule_cases()))
def test_rule_conformance_cases(case):
    """The cases that define BUD001–BUD006 (rules/cases/BUD*.yaml), built as test_rule_cases does."""
    from granska.checks.engine.cases import build_text

    assert_parity(parse_text(build_text(case)[0], source="case.txt"))


@pytest.mark.parametrize("style,unit,sign", [
    ("slk", "mnkr", "budget_minus_actual"),
    ("utfall", "tkr", "actual_minus_budget"),
    ("aterstar", "tkr", "budget_minus_actual"),
    ("aterstar", "mnkr", "actual_minus_budget"),
])
def test_generated_reports_and_mutants(style, unit, sign):
    from tests.support.generator import generate, mutate

    rng = random.Random(f"{style}{unit}{sign}")
    for seed in range(3):
        report = generate(seed, budget_style=style, unit=unit, sign=sign)
        assert_parity(parse_text(report.text, source="gen.txt"))
        for kind in ("budget_cell", "copy_only"):
            try:
                mutant, _ = mutate(report, kind, rng)
            except ValueError:
                continue
            assert_parity(parse_text(mutant.text, source="gen.txt"))


def test_document_without_budget():
    doc = read_text_file(SAMPLE_PATH)
    empty = {**doc.tables, "budget": doc.tables["budget"].iloc[0:0],
             "budget_columns": doc.tables["budget_columns"].iloc[0:0]}
    bare = Document(meta=doc.meta, tables=empty, lines=doc.lines, pages=doc.pages)
    assert gx.run_suite(bare, RULES) == {rule: [] for rule in BUD}


# --- the exported files ---------------------------------------------------------------------

def test_export_round_trip(tmp_path):
    """The written suites, loaded from JSON and run on the written CSVs, fail where run_suite does."""
    doc = parse_text(edited("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2"), source="mutant.txt")
    paths = gx.export_suite(doc, tmp_path, RULES)
    names = sorted(p.name for p in paths)
    assert names == sorted([f"{c}.csv" for c in BUD] + [f"granska_{c}.json" for c in BUD] + ["granska_export.json"])
    suites, frames = {}, {}
    for code in BUD:
        data = json.loads((tmp_path / f"granska_{code}.json").read_text(encoding="utf-8"))
        assert data["name"] == f"granska_{code}" and data["meta"]["granska"]["data"] == f"{code}.csv"
        [e] = data["expectations"]
        assert e["type"] == "expect_column_pair_values_a_to_be_greater_than_b"
        assert e["meta"]["granska_rule"] == code and e["kwargs"]["or_equal"] is True
        suites[code] = gx.load_suite(tmp_path / f"granska_{code}.json")
        frames[code] = pd.read_csv(tmp_path / f"{code}.csv")
    from_files = {(f["rule"], f["copy"], f["line"], f["subject"]) for f in gx.validate(frames, suites)}
    assert from_files == gx_keys(doc) == granska_keys(doc)
    assert json.loads((tmp_path / "granska_export.json").read_text(encoding="utf-8"))["exported"] == BUD


def test_cli_command(tmp_path):
    from granska.checks.cli import rule_options

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    gx.add_parser(sub, rule_options)
    args = parser.parse_args(["export-ge", str(SAMPLE_PATH), "--out", str(tmp_path / "ge"), "--select", "BUD"])
    assert gx.cmd_export_ge(args) == 0
    assert sorted(p.name for p in (tmp_path / "ge").glob("*.csv")) == [f"{c}.csv" for c in BUD]


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_without_gx_one_line_error_naming_the_extra(tmp_path):
    code = f"""
import sys, argparse
sys.modules["great_expectations"] = None  # as if not installed: import raises ImportError
from granska.checks import gx
from granska.checks.cli import rule_options
from granska.checks.errors import UsageError
parser = argparse.ArgumentParser(); sub = parser.add_subparsers(dest="command"); gx.add_parser(sub, rule_options)
args = parser.parse_args(["export-ge", {str(SAMPLE_PATH)!r}, "--out", {str(tmp_path / "x")!r}])
try:
    gx.cmd_export_ge(args)
except UsageError as exc:
    print(exc.one_line()); sys.exit(2)
sys.exit(0)
"""
    proc = run_python(code)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and "granska[ge]" in lines[0]
    assert not (tmp_path / "x").exists()


def test_check_never_imports_great_expectations(tmp_path):
    code = f"""
import sys
import granska.checks.cli
import granska.checks.gx
assert "great_expectations" not in sys.modules, "import"
rc = granska.checks.cli.main(["check", {str(SAMPLE_PATH)!r}, "--no-html", "--quiet", "--jobs", "1",
                      "--json", {str(tmp_path / "out.json")!r}])
print("RESULT", rc, sorted(m for m in sys.modules if m.split(".")[0] == "great_expectations")[:3])
"""
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last in ("RESULT 0 []", "RESULT 1 []"), proc.stdout  # 1: the sample has findings (not budget)
    assert (tmp_path / "out.json").exists()


# --- a user's own rules and the indicator relations ------------------------------------------

MINE = """pack: mine
description: A user's own budget rules, exported to GX like the built-in ones.
rules:
  - code: MIN001
    name: avsnittens-netto-summerar-till-totalt
    severity: error
    category: budget
    doc: Every section's Netto, operations and investments alike, adds up to Totalt.
    message:
      sv: "{column}: avsnittens netto ger {expected}, men Totalt är {printed}"
      en: "{column}: the sections' net gives {expected}, but the total is {printed}"
    sum:
      table: budget
      group_by: [table]
      parts: [{role: netto}]
      total: {role: totalt}
  - code: MIN002
    name: kostnadsbudget-ar-positiv
    severity: warning
    category: budget
    doc: A cost row's budget is printed positive.
    message: {sv: "{section}: budget {budget}", en: "{section}: budget {budget}"}
    relation:
      table: budget
      when: "role == 'kostnader' and present(budget)"
      holds: "budget > 0"
  - code: MIN003
    name: text-jamfors-inte
    severity: info
    category: budget
    doc: Compares text, which GX is not given.
    message: {sv: "{section}", en: "{section}"}
    relation:
      table: budget
      holds: "section != item"
"""


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "mine.yaml"
    path.write_text(MINE, encoding="utf-8")
    return load_rules([path], select=["BUD", "MIN"])


def test_a_users_own_rules_are_exported_or_said_not_to_be(mine):
    exported, skipped = gx.translatable(mine)
    assert [r.code for r in exported] == BUD + ["MIN001", "MIN002"]
    assert list(skipped) == ["MIN003"] and "!=" in skipped["MIN003"]
    suite = gx.build_suites(mine)["MIN002"].to_json_dict()
    assert suite["expectations"][0]["kwargs"]["or_equal"] is False  # budget > 0 is strict
    assert suite["meta"]["granska"]["spec"]["holds"] == "budget > 0"


@pytest.mark.parametrize("old,new,rules", [
    (None, None, set()),
    ("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2", {"BUD001", "BUD002", "BUD003", "MIN001"}),
    ("1 431,3 1 329,7 101,6", "1 431,3 1 329,7 111,6", {"BUD002", "BUD005", "MIN001"}),
    ("Kostnader 685,7 728,2 -42,5", "Kostnader 0,0 728,2 -42,5", {"BUD001", "BUD002", "BUD003"}),  # 0,0 may be > 0
    ("Kostnader 685,7 728,2 -42,5", "Kostnader -0,1 728,2 -42,5", {"BUD001", "BUD002", "BUD003", "MIN002"}),
])
def test_a_users_own_sum_rule_agrees_with_granska(mine, old, new, rules):
    doc = read_text_file(SAMPLE_PATH) if old is None else parse_text(edited(old, new), source="mutant.txt")
    found = assert_parity(doc, coarse=True, rules=mine)
    assert {k[0] for k in found} == rules


def test_export_ge_with_the_users_rules(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "mine.yaml").write_text(MINE, encoding="utf-8")
    report = tmp_path / "mutant.txt"
    report.write_text(edited("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "granska.checks", "export-ge", str(report), "--rules", str(pack), "--select",
                          "BUD,MIN", "--out", str(tmp_path / "gx")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "MIN003" in out.stdout and "inte exporterad" in out.stdout
    frames = {c: pd.read_csv(tmp_path / "gx" / f"{c}.csv") for c in ("MIN001", "MIN002")}
    suites = {c: gx.load_suite(tmp_path / "gx" / f"granska_{c}.json") for c in frames}
    failures = gx.validate(frames, suites)
    rules = load_rules([pack / "mine.yaml"], select=["MIN001", "MIN002"])
    granska = {(f.rule, f.copy, f.line, f.subject) for f in check_document(parse_text(report.read_text(), "m"), rules)}
    assert {(f["rule"], f["copy"], f["line"], f["subject"]) for f in failures} == granska
    assert {f["rule"] for f in failures} == {"MIN001"}


INDICATORS = load_rules(select=["IND"])


@pytest.mark.parametrize("old,new,rules", [
    (None, None, set()),
    ("35 st 12 st 23 st 8 st 7 st 8 500 st 2017", "35 st 12 st 22 st 8 st 7 st 8 500 st 2017", {"IND005"}),
    ("35 st 12 st 23 st 8 st 7 st 8 500 st 2017", "35 st 12 st 23 st 8 st 7 st 8 500 st 2016", {"IND001", "IND002"}),
    ("Periodens utfall VB 2016", "Periodens utfall VB 2015", {"IND002"}),
])
def test_indicator_relations_that_translate_agree_with_granska(old, new, rules):
    text = (CASES / "fixtures" / "goals.txt").read_text(encoding="utf-8")
    found = assert_parity(parse_text(text if old is None else text.replace(old, new), source="goals.txt"),
                          rules=INDICATORS)
    assert {k[0] for k in found} == rules
    assert {r.code for r in gx.translatable(INDICATORS)[0]} == {"IND001", "IND002", "IND005"}
