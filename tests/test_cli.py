"""The command line as users run it: rules, extract -> edit -> check, outputs and exit codes."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from granska.checks.engine.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"


def granska(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "granska.checks", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


def test_rules_lists_every_code_and_explains_one():
    out = granska("rules")
    assert out.returncode == 0
    codes = [line.split()[0] for line in out.stdout.splitlines()]
    assert {"BUD001", "IND005", "GOL001", "NAR003", "CPY004", "EXT001"} <= set(codes)
    one = granska("rules", "GOL001")
    assert one.returncode == 0 and "Why:" in one.stdout and "Example:" in one.stdout and "goals.yaml" in one.stdout
    budget_codes = {r.code for r in load_rules() if r.code.startswith("BUD")}
    listed = granska("rules", "--select", "BUD").stdout.splitlines()
    assert {line.split()[0] for line in listed} == budget_codes and len(listed) == len(budget_codes)


def test_check_writes_every_output_and_the_gate_fails_on_errors(tmp_path):
    out = granska("check", SAMPLE, "--html", tmp_path / "r.html", "--json", tmp_path / "r.json",
                  "--junit", tmp_path / "j.xml", "--sarif", tmp_path / "s.sarif")
    assert out.returncode == 1, out.stderr
    run = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for f in run["documents"][0]["findings"]}
    assert {"GOL001", "NAR003"} <= rules
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "GOL001" in html and "studentbostäder" in html
    assert granska("check", SAMPLE, "--no-html", "--fail-on", "never").returncode == 0


def test_same_input_same_json_bytes(tmp_path):
    for name in ("a.json", "b.json"):
        granska("check", SAMPLE, "--no-html", "--json", tmp_path / name, "--fail-on", "never")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_baseline_makes_the_gate_pass_until_something_new_appears(tmp_path):
    base = tmp_path / "base.json"
    granska("check", SAMPLE, "--no-html", "--json", base, "--fail-on", "never")
    assert granska("check", SAMPLE, "--no-html", "--baseline", base).returncode == 0
    mutant = tmp_path / "mutant.txt"
    mutant.write_text(SAMPLE.read_text(encoding="utf-8").replace("Netto 184,8 111,5 73,2", "Netto 184,8 121,5 73,2", 1),
                      encoding="utf-8")
    assert granska("check", mutant, "--no-html", "--baseline", base).returncode == 1


def test_select_and_ignore(tmp_path):
    out = tmp_path / "r.json"
    granska("check", SAMPLE, "--no-html", "--json", out, "--select", "GOL,NAR003", "--ignore", "GOL003", "--fail-on", "never")
    rules = {f["rule"] for f in json.loads(out.read_text(encoding="utf-8"))["documents"][0]["findings"]}
    assert rules == {"GOL001", "GOL004", "GOL006", "GOL007", "NAR003"}


def test_extract_edit_in_excel_check_round_trip(tmp_path):
    tables = tmp_path / "tables"
    out = granska("extract", SAMPLE, "--out", tables)
    assert out.returncode == 0, out.stderr
    for name in ("document", "goals", "indicators", "activities", "budget", "claims"):
        raw = (tables / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # BOM so Excel shows å/ä/ö
    # An edit as a preparer would make it: the first copy's Politisk organisation Netto.
    path = tables / "budget.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    target = next(r for r in rows if r["section"] == "Politisk organisation" and r["item"] == "Netto" and r["copy"] == "1")
    target["Bokfört 171231"] = "121.5"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    report = tmp_path / "r.json"
    granska("check", tables, "--no-html", "--json", report, "--fail-on", "never")
    findings = json.loads(report.read_text(encoding="utf-8"))["documents"][0]["findings"]
    hits = {(f["rule"], f["values"].get("section")) for f in findings}
    assert ("BUD001", "Politisk organisation") in hits and ("CPY003", None) not in hits


def test_check_needs_no_network(tmp_path, monkeypatch):
    import socket

    from granska.checks.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError("granska tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    code = main(["check", str(SAMPLE), "--html", str(tmp_path / "r.html"), "--json", str(tmp_path / "r.json"),
                 "--fail-on", "never", "--quiet", "--jobs", "1"])
    assert code == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html


def test_same_report_same_html_whatever_the_hash_seed(tmp_path):
    """Finding values were once ordered by a set, so the HTML changed with PYTHONHASHSEED."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "granska.checks", "check", str(SAMPLE), "--html", str(out),
                               "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        # the run's start time is the one thing allowed to differ
        pages.append(re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00|\d{4}-\d\d-\d\d \d\d:\d\d( UTC)?", "T",
                            out.read_text(encoding="utf-8")))
    assert pages[0] == pages[1]
