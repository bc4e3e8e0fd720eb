"""One idea, written once: the table model generates the column lists, the schemas and DESIGN.md's
table section; goal statuses and exit codes have one definition each."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from granska.checks import model

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for d in ("checks", "reports") for p in (ROOT / d).rglob("*.py")]


def test_design_md_describes_the_tables_of_the_model():
    have, want = model.design_in_step(ROOT / "docs" / "DESIGN.md")  # the checkout's page, not the installed copy's
    assert have == want, "docs/DESIGN.md's table section is not the model's: run `python -m granska.checks.model --write`"


def test_the_design_section_follows_a_change_of_the_model(tmp_path, monkeypatch):
    page = tmp_path / "DESIGN.md"
    page.write_text(f"# x\n\n{model.BEGIN}\nold\n{model.END}\n\n## after\n", encoding="utf-8")
    assert model.write_design(page) and not model.write_design(page)
    assert model.design_in_step(page)[0] == model.design_section() and page.read_text().endswith("## after\n")
    extra = model.Table("extra", (model.Col("thing", doc="a new column"),), frame=False)
    monkeypatch.setattr(model, "TABLES", model.TABLES + (extra,))
    have, want = model.design_in_step(page)
    assert have != want and "### extra.csv\n`thing`\n- thing: a new column" in want


def test_schemas_have_exactly_the_model_columns():
    for name, schema in model.schemas().items():
        assert list(schema.columns) == model.COLUMNS[name], name
    assert set(model.schemas()) == set(model.COLUMNS) == set(model.FRAME_TABLES)


def test_a_column_the_model_constrains_is_checked_by_its_schema():
    import pandas as pd

    row = {c: None for c in model.COLUMNS["budget_columns"]}
    frame = pd.DataFrame([dict(row, table="T", column="Budget 2017", role="budget", copy=1),
                          dict(row, table="T", column="Avvikelse", role="avvikelse", copy=1)])
    tables, problems = model.validate({"budget_columns": frame})
    assert list(tables["budget_columns"]["role"]) == ["budget"]
    assert [(p["code"], p["params"]["column"]) for p in problems] == [("EXT008", "role")]


def test_goal_statuses_are_listed_once():
    from granska.checks.engine.forms import status

    assert status.STATUSES is model.GOAL_STATUSES
    listed = [p for p in SOURCES if re.search(r'"helt",\s*"delvis",\s*"inte",\s*"ej bedömd"', p.read_text(encoding="utf-8"))]
    assert [p.relative_to(ROOT).as_posix() for p in listed] == ["checks/model.py"]


def test_exit_codes_are_defined_once_and_are_the_readme_contract():
    from granska.checks import errors

    defined = [p.relative_to(ROOT).as_posix() for p in SOURCES
               if re.search(r"^EXIT_\w+\s*(,\s*EXIT_\w+\s*)*=", p.read_text(encoding="utf-8"), re.M)]
    assert defined == ["checks/errors.py"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d) \| (.+) \|$", readme, re.M))
    assert sorted(int(k) for k in table) == [errors.EXIT_OK, errors.EXIT_FINDINGS, errors.EXIT_INPUT]


def test_the_model_command_prints_the_section():
    out = subprocess.run([sys.executable, "-m", "granska.checks.model"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == model.design_section()


def test_gitignore_covers_what_check_writes_by_default(tmp_path):
    """A batch run in the checkout (two documents, no --out) and a single one write only ignored files."""
    import shutil

    sample = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
    for name in ("a.txt", "b.txt"):
        shutil.copy(sample, tmp_path / name)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for args in (["a.txt", "b.txt"], ["a.txt"]):
        out = subprocess.run([sys.executable, "-m", "granska.checks", "check", *args, "--quiet", "--fail-on", "never", "--jobs", "1"],
                             capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
        assert out.returncode == 0, out.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file() and p.name not in ("a.txt", "b.txt"))
    assert "granska-report.html" in written and "granska-report/index.html" in written
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *written], capture_output=True, text=True, cwd=ROOT)
    assert sorted(ignored.stdout.split()) == written
