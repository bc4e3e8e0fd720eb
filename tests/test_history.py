"""--history DB: what changed between runs, one transaction per run, concurrent runs, bad files."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from granska.checks.cli import main
from tests.support.generator import generate, mutate
from granska.checks.history import History, record_run

ROOT = Path(__file__).resolve().parents[1]


def write_reports(folder: Path, seeds) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for s in seeds:
        p = folder / f"r{s:04d}.txt"
        p.write_text(generate(s).text, encoding="utf-8")
        out.append(p)
    return out


def check(folder: Path, db: Path, json_out: Path, *extra: str) -> int:
    return main(["check", str(folder), "--history", str(db), "--json", str(json_out), "--no-html",
                 "--quiet", "--fail-on", "never", "--jobs", "1", *extra])


def fingerprints(data: dict) -> dict[str, set[str]]:
    return {d["source"]: {f["fingerprint"] for f in d["findings"]} for d in data["documents"]}


def db_state(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("runs", "documents", "findings"))


def mutate_until_findings_change(path: Path, seed: int) -> None:
    """Replace the report by a mutant of it whose findings differ (a planted inconsistency)."""
    from granska.checks import runner

    rules = runner.load_rule_set({})
    before = {f["fingerprint"] for f in runner.document_result(path, rules)["findings"]}
    report = generate(seed)
    for kind in ("status", "budget_cell", "outcome", "men_women", "period", "copy_only"):
        for attempt in range(5):
            try:
                mutant, _ = mutate(report, kind, random.Random(attempt))
            except ValueError:
                break
            path.write_text(mutant.text, encoding="utf-8")
            after = {f["fingerprint"] for f in runner.document_result(path, rules)["findings"]}
            if after != before:
                return
    raise AssertionError("no mutation changed the findings")


@pytest.fixture()
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    write_reports(folder, range(11, 15))
    return folder


def test_two_runs_show_exactly_the_new_and_resolved_findings(tmp_path, reports, capsys):
    db = tmp_path / "h.db"
    assert check(reports, db, tmp_path / "a.json") == 0
    first = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    for d in first["documents"]:  # no earlier run: everything is new
        assert d["history"] == {"new": len(d["findings"]), "resolved": 0, "trend": [len(d["findings"])],
                                "previous_run": None}

    changed = reports / "r0012.txt"
    mutate_until_findings_change(changed, 12)
    assert check(reports, db, tmp_path / "b.json") == 0
    second = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    fa, fb = fingerprints(first), fingerprints(second)
    for d in second["documents"]:
        src = d["source"]
        new, resolved = fb[src] - fa[src], fa[src] - fb[src]
        assert d["history"] == {"new": len(new), "resolved": len(resolved), "previous_run": 1,
                                "trend": [len(fa[src]), len(fb[src])]}
        if src != str(changed):
            assert not new and not resolved
    assert fb[str(changed)] != fa[str(changed)]

    capsys.readouterr()
    assert main(["history", str(db), "--diff", "--json"]) == 0  # default: the last two runs
    diff = json.loads(capsys.readouterr().out)
    assert (diff["from"], diff["to"]) == (1, 2)
    assert {(f["source"], f["fingerprint"]) for f in diff["new"]} == \
        {(str(changed), fp) for fp in fb[str(changed)] - fa[str(changed)]}
    assert {(f["source"], f["fingerprint"]) for f in diff["resolved"]} == \
        {(str(changed), fp) for fp in fa[str(changed)] - fb[str(changed)]}

    assert main(["history", str(db), "--diff", "2", "1"]) == 0  # the other way round, as text
    text = capsys.readouterr().out
    assert text.startswith(f"körning 2 -> 1: {len(diff['resolved'])} nya, {len(diff['new'])} åtgärdade")

    assert main(["history", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[1].split()[0] == "1" and lines[2].split()[0] == "2"
    assert lines[1].split()[2] == "4"  # documents


def test_history_in_the_json_is_valid_granska_1_and_shown_in_the_index(tmp_path, reports):
    import jsonschema

    from granska.reports.jsonout import load_schema

    db = tmp_path / "h.db"
    out = tmp_path / "out"
    (reports / "broken.pdf").write_bytes(b"no pdf")
    for _ in range(2):
        assert main(["check", str(reports), "--history", str(db), "--out", str(out), "--quiet",
                     "--fail-on", "never", "--jobs", "1"]) == 2
    data = json.loads((out / "granska.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    broken = next(d for d in data["documents"] if d["error"])
    assert broken["history"] == {"trend": []}  # unreadable: nothing new, nothing resolved
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<svg class="trend"' in index


def test_an_unreadable_document_resolves_nothing(tmp_path):
    db = tmp_path / "h.db"
    doc = {"source": "a.txt", "sha256": "x", "error": None,
           "findings": [{"fingerprint": "R/1", "rule": "R", "severity": "error", "category": "goal",
                         "message": "m", "line": 3}]}
    run = {"tool": {"version": "t"}, "rules": {"version": "r"}, "documents": [doc]}
    record_run(db, run)
    broken = {"source": "a.txt", "sha256": None, "error": "a.txt: trasig", "findings": []}
    record_run(db, {**run, "documents": [broken]})
    assert broken["history"] == {"trend": [1]}
    with History(db) as h:
        assert h.diff()["resolved"] == []
    again = json.loads(json.dumps(doc))
    record_run(db, {**run, "documents": [again]})
    assert again["history"]["previous_run"] == 1  # compared with the last run that read it
    assert (again["history"]["new"], again["history"]["resolved"]) == (0, 0)


def test_trend_covers_the_last_20_runs(tmp_path):
    db = tmp_path / "h.db"
    with History(db) as h:
        for n in range(25):
            doc = {"source": "a.txt", "sha256": "x", "error": None,
                   "findings": [{"fingerprint": f"R/{i}", "severity": "info"} for i in range(n)]}
            h.record({"tool": {}, "rules": {}, "documents": [doc]})
    assert doc["history"]["trend"] == list(range(5, 25))
    assert (doc["history"]["new"], doc["history"]["resolved"]) == (1, 0)


# --- a run is one transaction -------------------------------------------------------------

def test_an_error_inside_the_transaction_leaves_no_partial_run(tmp_path, reports, monkeypatch):
    db = tmp_path / "h.db"
    assert check(reports, db, tmp_path / "a.json") == 0
    before = db_state(db)

    def fail(self, run_id, doc):
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(History, "_document_history", fail)
    with pytest.raises(RuntimeError):
        main(["--debug", "check", str(reports), "--history", str(db), "--no-html", "--quiet", "--jobs", "1"])
    assert db_state(db) == before
    monkeypatch.undo()
    assert check(reports, db, tmp_path / "b.json") == 0
    assert db_state(db)[0] == before[0] + 1


def _sigkill_inside_transaction(db: Path) -> int:
    """A process that SIGKILLs itself after half the rows of a run are written."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from granska.checks.history import History
        calls = []
        def die(self, run_id, doc):
            calls.append(1)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return {{}}
        History._document_history = die
        docs = [{{"source": f"d{{i}}.txt", "sha256": "x", "error": None,
                  "findings": [{{"fingerprint": f"F/{{j}}", "severity": "info"}} for j in range(500)]}}
                for i in range(20)]
        with History({str(db)!r}) as h:
            h.record({{"tool": {{}}, "rules": {{}}, "documents": docs}})
    """)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode


def test_a_run_killed_while_writing_leaves_the_database_as_before(tmp_path, reports):
    db = tmp_path / "h.db"
    assert check(reports, db, tmp_path / "a.json") == 0
    before = db_state(db)
    assert _sigkill_inside_transaction(db) == -signal.SIGKILL
    assert db_state(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check(reports, db, tmp_path / "b.json") == 0
    assert db_state(db)[0] == before[0] + 1


def test_a_run_killed_while_checking_leaves_the_database_as_before(tmp_path, reports):
    db = tmp_path / "h.db"
    assert check(reports, db, tmp_path / "a.json") == 0
    before = db_state(db)
    slow = tmp_path / "slow"
    write_reports(slow, range(40, 80))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "granska.checks", "check", str(slow), "--history", str(db),
                             "--out", str(out), "--jobs", "1", "--quiet"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.html"))):  # pages appear as documents are checked
            assert proc.poll() is None, "the slow batch finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not (out / "index.html").exists()
    assert db_state(db) == before


# --- concurrent runs ----------------------------------------------------------------------

def test_two_concurrent_runs_both_land(tmp_path):
    a = write_reports(tmp_path / "a", range(21, 24))
    b = write_reports(tmp_path / "b", range(24, 27))
    db = tmp_path / "h.db"  # created by whichever run comes first
    procs = [subprocess.Popen([sys.executable, "-m", "granska.checks", "check", str(folder), "--history", str(db),
                               "--no-html", "--quiet", "--fail-on", "never", "--jobs", "1"], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True)
             for folder in (tmp_path / "a", tmp_path / "b")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with History(db) as h:
        runs = h.runs()
    assert [r["documents"] for r in runs] == [3, 3]
    with sqlite3.connect(db) as conn:
        sources = {r[0] for r in conn.execute("SELECT source FROM documents")}
    assert sources == {str(p) for p in a + b}


def test_concurrent_writers_serialise_on_the_busy_timeout(tmp_path):
    db = tmp_path / "h.db"
    errors = []

    def writer(k: int) -> None:
        try:
            for i in range(5):
                doc = {"source": f"w{k}.txt", "sha256": "x", "error": None,
                       "findings": [{"fingerprint": f"F/{j}", "severity": "info"} for j in range(200)]}
                record_run(db, {"tool": {}, "rules": {}, "documents": [doc]})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert db_state(db) == (20, 20, 4000)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- files that are not a granska history -------------------------------------------------

@pytest.fixture()
def bad_files(tmp_path) -> dict[str, Path]:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    text = tmp_path / "text.db"
    text.write_text("hej\n" * 100, encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE runs (x)")
    truncated = tmp_path / "truncated.db"
    record_run(truncated, {"tool": {}, "rules": {}, "documents": [
        {"source": "a", "error": None, "findings": [{"fingerprint": f"F/{j}", "message": "x" * 200}
                                                    for j in range(300)]}]})
    with sqlite3.connect(truncated) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = truncated.read_bytes()
    truncated.write_bytes(data[:4096] + b"\xff" * 4096 + data[8192:])  # a page of garbage
    return {"garbage": garbage, "text": text, "other": other, "truncated": truncated}


@pytest.mark.parametrize("name", ["garbage", "text", "other"])
def test_a_corrupt_or_foreign_file_is_a_one_line_input_error(tmp_path, bad_files, reports, capsys, name):
    path = bad_files[name]
    before = path.read_bytes()
    assert main(["history", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"granska: {path}:")
    assert main(["check", str(reports), "--history", str(path), "--no-html", "--quiet"]) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and out == ""  # stopped before any document was checked
    assert path.read_bytes() == before


def test_a_damaged_granska_history_is_a_one_line_input_error(bad_files, capsys):
    code = main(["history", str(bad_files["truncated"]), "--diff"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("granska: ")


def test_history_command_errors(tmp_path, capsys):
    assert main(["history", str(tmp_path / "none.db")]) == 2
    assert "finns inte" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    db = tmp_path / "h.db"
    record_run(db, {"tool": {}, "rules": {}, "documents": []})
    assert main(["history", str(db), "--diff", "1", "7"]) == 2
    assert "ingen avslutad körning med id 7" in capsys.readouterr().err
    assert main(["history", str(db), "--diff", "x"]) == 2
    assert main(["history", str(db), "--diff"]) == 0  # one run: everything in it is new
    assert capsys.readouterr().out.startswith("körning 1 (ingen tidigare): 0 nya")
