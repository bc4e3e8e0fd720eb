"""Great Expectations export (checks/gx.py): the suites GX runs find exactly what granska's
budget rules BUD001–BUD006 find, on the sample, on other layouts, on generated reports and on
mutants of all of them.

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

from checks import gx  # noqa: E402
from checks.document import Document  # noqa: E402
from checks.engine.rules import load_rules  # noqa: E402
from checks.engine.run import check_document  # noqa: E402
from checks.readers.text import parse_text, read_text_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PATH = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
LAYOUTS = ROOT / "tests" / "data" / "layouts"
CASES = ROOT / "rules" / "cases"
RULES = load_rules(select=["BUD"])


# --- the two sides --------------------------------------------------------------------------

def key(rule, copy, table, section, item, column) -> tuple:
    """An empty section ("" in the table) is left out of a finding's values: compare it as None."""
    return tuple(None if x == "" else x for x in (rule, copy, table, section, item, column))


def granska_keys(doc) -> set[tuple]:
    """(rule, copy, table, section, item, column) of every BUD finding, every copy it is in."""
    out = set()
    for f in check_document(doc, RULES):
        v = f.values
        copies = [f.copy] + [a["copy"] for a in f.evidence.get("also_at", [])]
        for c in copies:
            out.add(key(f.rule, c, v.get("table"), v.get("section"), v.get("item"), v.get("column")))
    return out


def gx_keys(doc) -> set[tuple]:
    return {key(f["rule"], f["copy"], f["table"], f["section"], f["item"], f["column"])
            for f in gx.run_suite_detailed(doc)}


def assert_parity(doc, coarse: bool = False):
    """GX fails exactly where granska finds: per (rule, copy, table, section, item, column); with
    coarse, also run_suite's (rule, section, column) against granska's (one more GX run)."""
    ours, theirs = granska_keys(doc), gx_keys(doc)
    assert theirs == ours, {"only_gx": theirs - ours, "only_granska": ours - theirs}
    if coarse:
        got = {(rule, s, c) for rule, pairs in gx.run_suite(doc).items() for s, c in pairs}
        assert {(r, s or None, c) for r, s, c in got} == {(k[0], k[3], k[5]) for k in ours}
    return ours


# --- the sample and edits to its text ------------------------------------------------------

def test_sample_no_findings_either_side():
    doc = read_text_file(SAMPLE_PATH)
    assert granska_keys(doc) == set()
    assert gx.run_suite(doc) == {rule: [] for rule in gx.RULES}


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
    assert kinds == set(gx.RULES) - {"BUD006"}


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
    text = case.get("report") or (CASES / "fixtures" / f"{case['fixture']}.txt").read_text(encoding="utf-8")
    copies = int(case.get("copies", 1))
    body = [text] * copies
    for edit in case.get("replace", []):
        if isinstance(edit, list):
            old, new, copy = edit[0], edit[1], 1
        else:
            old, new, copy = edit["old"], edit["new"], edit.get("copy")
        for k in (range(copies) if copy is None else [copy - 1]):
            body[k] = body[k].replace(old, new, 1)
    assert_parity(parse_text("\n\n".join(body), source="case.txt"))


@pytest.mark.parametrize("style,unit,sign", [
    ("slk", "mnkr", "budget_minus_actual"),
    ("utfall", "tkr", "actual_minus_budget"),
    ("aterstar", "tkr", "budget_minus_actual"),
    ("aterstar", "mnkr", "actual_minus_budget"),
])
def test_generated_reports_and_mutants(style, unit, sign):
    from checks.generator import generate, mutate

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
    assert gx.run_suite(bare) == {rule: [] for rule in gx.RULES}


# --- the exported files ---------------------------------------------------------------------

def test_export_round_trip(tmp_path):
    """The written suites, loaded from JSON and run on the written CSVs, fail where run_suite does."""
    doc = parse_text(edited("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2"), source="mutant.txt")
    paths = gx.export_suite(doc, tmp_path)
    names = sorted(p.name for p in paths)
    assert names == sorted([f for f, _, _ in gx.TABLES.values()] + [f"{s}.json" for _, s, _ in gx.TABLES.values()])
    suites, frames = {}, {}
    for key, (csv_name, suite_name, _) in gx.TABLES.items():
        data = json.loads((tmp_path / f"{suite_name}.json").read_text(encoding="utf-8"))
        assert data["name"] == suite_name and data["meta"]["granska"]["data"] == csv_name
        for e in data["expectations"]:
            assert e["type"] == "expect_column_pair_values_a_to_be_greater_than_b"
            assert e["meta"]["granska_rule"] in gx.RULES
            assert e["kwargs"]["or_equal"] is True
        suites[key] = gx.load_suite(tmp_path / f"{suite_name}.json")
        frames[key] = pd.read_csv(tmp_path / csv_name)
    rules_in_suites = [e["meta"]["granska_rule"] for key in suites for e in suites[key].to_json_dict()["expectations"]]
    assert sorted(rules_in_suites) == list(gx.RULES)
    from_files = {(f["rule"], f["copy"], f["table"], f["section"], f["item"], f["column"])
                  for f in gx.validate(frames, suites)}
    assert from_files == gx_keys(doc) == granska_keys(doc)


def test_cli_command(tmp_path):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    gx.add_parser(sub)
    args = parser.parse_args(["export-ge", str(SAMPLE_PATH), "--out", str(tmp_path / "ge")])
    assert gx.cmd_export_ge(args) == 0
    assert (tmp_path / "ge" / "budget_sections.csv").exists()


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_without_gx_one_line_error_naming_the_extra(tmp_path):
    code = f"""
import sys, argparse
sys.modules["great_expectations"] = None  # as if not installed: import raises ImportError
from checks import gx
from checks.errors import UsageError
parser = argparse.ArgumentParser(); sub = parser.add_subparsers(dest="command"); gx.add_parser(sub)
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
import checks.cli
import checks.gx
assert "great_expectations" not in sys.modules, "import"
rc = checks.cli.main(["check", {str(SAMPLE_PATH)!r}, "--no-html", "--quiet", "--jobs", "1",
                      "--json", {str(tmp_path / "out.json")!r}])
print("RESULT", rc, sorted(m for m in sys.modules if m.split(".")[0] == "great_expectations")[:3])
"""
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last in ("RESULT 0 []", "RESULT 1 []"), proc.stdout  # 1: the sample has findings (not budget)
    assert (tmp_path / "out.json").exists()
