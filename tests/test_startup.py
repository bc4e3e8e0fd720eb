"""Start-up stays light: --version and `rules` never import pandas, pandera or jinja2, and
--version not even the rule forms (a constant imported from them once cost it 40 ms)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import io, sys, contextlib
from granska.checks.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main({argv!r})
    except SystemExit as exc:
        code = exc.code
heavy = sorted(m for m in ("pandas", "pandera", "jinja2", "rich", "numpy", "great_expectations", "dask",
                           "granska.checks.engine.forms") if m in sys.modules)
print(code, ",".join(heavy))
"""


def run_probe(argv):
    out = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    code, heavy = out.stdout.strip().split(" ") if " " in out.stdout.strip() else (out.stdout.strip(), "")
    return code, heavy


def test_version_imports_nothing_heavy():
    code, heavy = run_probe(["--version"])
    assert code == "0" and heavy == ""


def test_rules_listing_imports_nothing_heavy():
    code, heavy = run_probe(["rules"])
    assert code == "0" and heavy == "granska.checks.engine.forms"  # listing the rules compiles them


def test_check_never_imports_great_expectations_or_dask():
    code, heavy = run_probe(["check", str(ROOT / "datasets" / "stockholm-ks-vb-2017.txt"), "--no-html", "--quiet",
                             "--fail-on", "never"])
    assert code == "0"
    assert "great_expectations" not in heavy and "dask" not in heavy and "granska.checks.engine.forms" in heavy
    # the document is read in a worker process (checks.workers): granska itself never loads pandas
    assert "pandas" not in heavy
