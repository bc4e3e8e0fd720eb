"""Terminal summary: rich table on a TTY, plain lines otherwise."""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

from granska.reports.terminal import print_summary

DATA = Path(__file__).parent / "data" / "reports"


def make_run() -> dict:
    run = json.loads((DATA / "run.json").read_text(encoding="utf-8"))
    run["documents"].append({"source": "datasets/[bold]trasig.txt", "error": "not UTF-8", "findings": []})
    return run


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_tty():
    out = io.StringIO()
    print_summary(make_run(), out)
    assert out.getvalue().splitlines() == [
        "datasets/stockholm-ks-vb-2017.txt: 2 fel, 4 varningar och 1 notering",
        "datasets/[bold]trasig.txt: Dokumentet kunde inte läsas: not UTF-8",
        "granska: 2 fel, 4 varningar och 1 notering; 1 dokument kunde inte läsas. "
        "Kontrollen (stoppar vid fel) godkänner inte körningen: 2 nya fynd.",
    ]
    assert "\x1b" not in out.getvalue()


def test_quiet_is_one_verdict_line_plus_unreadable_documents():
    out = TTY()
    print_summary(make_run(), out, quiet=True, lang="en")
    lines = out.getvalue().splitlines()
    assert lines[0] == "datasets/[bold]trasig.txt: The document could not be read: not UTF-8"
    assert lines[1].startswith("granska: 2 errors, 4 warnings and 1 note; 1 document(s) could not be read. "
                               "The check (stops at errors) fails the run")
    assert len(lines) == 2


def test_rich_table_on_a_tty_without_color(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = TTY()
    print_summary(make_run(), out, color=False)
    text = out.getvalue()
    assert not any(code in text for code in ("\x1b[31", "\x1b[33", "\x1b[34", "\x1b[32", "\x1b[38;"))  # no colours
    assert "Fel" in text and "Varning" in text and "Notering" in text
    assert "stockholm-ks-vb-2017.txt" in text
    assert "[bold]trasig.txt" in text                    # markup in names is shown, not interpreted
    assert "godkänner inte körningen" in text


def test_rich_table_with_color():
    out = TTY()
    print_summary(make_run(), out, color=True)
    assert "\x1b[31" in out.getvalue() or "\x1b[1;31" in out.getvalue()


def test_rich_is_imported_lazily():
    import subprocess

    code = "import reports.terminal, reports.jsonout, reports.gate, reports.html, sys; print('rich' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    assert out.stdout.split() == ["False", "False"]


def _checked(path: str, *args: str) -> str:
    import subprocess

    out = subprocess.run([sys.executable, "-m", "granska.checks", "check", path, "--no-html", *args], capture_output=True,
                         text=True, cwd=Path(__file__).parents[1])
    return out.stdout


def test_one_document_says_what_was_read_and_checked(tmp_path):
    text = _checked("datasets/stockholm-ks-vb-2017.txt", "--fail-on", "never", "--json", str(tmp_path / "r.json"))
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"][0]
    cov, counts = doc["coverage"], [f["severity"] for f in doc["findings"]]
    found = (f"{counts.count('error')} fel, {counts.count('warning')} varningar och "
             f"{counts.count('info')} noteringar")
    lines = text.splitlines()
    assert lines[0] == f"datasets/stockholm-ks-vb-2017.txt: {found}"
    assert lines[1].startswith("  Läst: 85 sidor, 1 tabell (43 rader), 64 mål (60 med bedömning), 24 indikatorer")
    assert lines[2].startswith("  Kontrollerat: ")
    assert f"{cov['checked']} kontroller, {cov['passed']} utan anmärkning" in lines[2] and cov["passed"] < cov["checked"]
    assert lines[-1] == f"granska: {found}."  # fail-on never: no word about a gate


def test_check_history_prints_what_changed_since_the_last_run(tmp_path):
    import shutil

    report, db = tmp_path / "vb.txt", tmp_path / "h.db"
    sample = Path(__file__).parents[1] / "datasets" / "stockholm-ks-vb-2017.txt"
    shutil.copy(sample, report)
    first = _checked(str(report), "--history", str(db), "--fail-on", "never")
    assert re.fullmatch(r"Första körningen i historiken \(körning 1\): \d+ fynd\.", first.splitlines()[-1])
    text = sample.read_text(encoding="utf-8")
    # one budget figure changed; the stated change in both copies put right (37 %, not 36 %)
    report.write_text(text.replace("Netto 586,7 508,9 77,8", "Netto 586,7 508,9 78,8", 1)
                      .replace("ökning med 36 procent", "ökning med 37 procent"), encoding="utf-8")
    second = _checked(str(report), "--history", str(db), "--fail-on", "never").splitlines()
    at = next(i for i, ln in enumerate(second) if ln.startswith("Sedan förra körningen"))
    head, changes = second[at], second[at + 1:]
    assert head.startswith("Sedan förra körningen (körning 1 → 2): ")
    added = [ln for ln in changes if ln.startswith("  + ")]
    gone = [ln for ln in changes if ln.startswith("  \u2212 ")]
    assert f"{len(added)} nya fynd, {len(gone)} åtgärdade." in head and added and gone
    assert any("BUD002" in ln or "BUD001" in ln for ln in added)
    assert any("NAR003" in ln for ln in gone)
    assert all(str(report) in ln for ln in added + gone)
