"""Batch runs: broken files among good ones, pages drawn as results arrive, progress bar, memory."""
from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

from granska.checks import runner
from granska.checks.batch import DISPLAY_TABLES, Pages, collect, progress_bar, report_name, show_progress
from granska.checks.cli import main
from tests.support.generator import generate, mutate

KINDS = ("budget_cell", "status", "period", "men_women", "outcome", "copy_only")


def write_batch(folder: Path, n: int, seed: int = 1, mutated: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(seed, seed + n):
        report = generate(s)
        if mutated:
            rng = random.Random(s)
            try:
                report, _ = mutate(report, rng.choice(KINDS), rng)
            except ValueError:
                pass
        path = folder / f"r{s:04d}.txt"
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


def add_broken(folder: Path) -> dict[str, str]:
    """Files that cannot be read, and a word from the error each must give."""
    (folder / "broken.pdf").write_bytes(b"this is no pdf\x00\x01" * 50)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "notes.txt").write_text("Inget här liknar en rapport.\n", encoding="utf-8")
    return {"broken.pdf": "PDF", "empty.txt": "tom", "notes.txt": "ingen rapport"}


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    write_batch(folder, 6)
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_broken_files_are_listed_and_the_others_checked(tmp_path, batch_dir, capsys, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in batch_dir.glob("*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    broken = add_broken(folder)
    out = tmp_path / "out"
    code = main(["check", str(folder), "--out", str(out), "--json", str(tmp_path / "r.json"),
                 "--jobs", str(jobs), "--fail-on", "never"])
    assert code == 2  # an unreadable document is an input error, whatever the findings say
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    docs = {Path(d["source"]).name: d for d in data["documents"]}
    assert len(docs) == 6 + len(broken)
    for name, word in broken.items():
        assert docs[name]["error"] and word.lower() in docs[name]["error"].lower()
        assert docs[name]["findings"] == []
    good = [d for n, d in docs.items() if n not in broken]
    assert all(d["error"] is None and d["sha256"] for d in good)
    assert sum(len(d["findings"]) for d in good) > 0
    assert data["summary"]["documents_with_errors"] == len(broken)
    assert data["summary"]["gate"]["exit_code"] == 2
    err = capsys.readouterr().err
    for name in broken:
        assert any(name in line for line in err.splitlines())
    # every document has its page, the unreadable ones too, and the index links them
    index = (out / "index.html").read_text(encoding="utf-8")
    for d in data["documents"]:
        assert (out / d["report"]).is_file()
        assert d["report"] in index


def test_findings_and_unreadable_documents_both_give_exit_2(tmp_path, batch_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(batch_dir.glob("*.txt"))[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "x.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["check", str(folder), "--no-html", "--jobs", "2", "--fail-on", "info", "--quiet"]) == 2


def test_an_unexpected_reader_failure_is_that_documents_error(tmp_path, batch_dir, monkeypatch):
    paths = sorted(batch_dir.glob("*.txt"))[:3]
    real = runner.document_result

    def flaky(path, rules, timeout=None, pictures=None):
        if path == paths[1]:
            raise ZeroDivisionError("boom")
        return real(path, rules, timeout, pictures)

    monkeypatch.setattr(runner, "document_result", flaky)
    docs = list(runner.check_paths(paths, {}, jobs=1))
    assert [d["error"] is None for d in docs] == [True, False, True]
    assert "internt fel: ZeroDivisionError: boom" in docs[1]["error"]


def _pages_by_old_rendering(docs, rules, checked_at, baseline=None):
    """What write_outputs drew before batches streamed: the whole run, gated, one page each."""
    from granska.reports.gate import apply_gate
    from granska.reports.html import render_html

    run = runner.build_run(docs, rules, checked_at)
    apply_gate(run, baseline=baseline, fail_on="error")
    return [render_html(run, lang="sv", document=i) for i in range(len(docs))]


@pytest.mark.parametrize("with_baseline", [False, True])
def test_pages_drawn_as_results_arrive_equal_the_pages_of_the_whole_run(tmp_path, batch_dir, with_baseline):
    from granska.reports.baseline import Baseline
    from granska.reports.gate import apply_gate

    paths = sorted(batch_dir.glob("*.txt"))[:4] + [tmp_path / "missing.txt"]
    rules = runner.load_rule_set({})
    checked_at = "2026-01-01T00:00:00+00:00"
    full = [runner.document_result(p, rules) for p in paths]
    baseline = None
    if with_baseline:  # half of the first document's findings are known: states differ per finding
        known = [f["fingerprint"] for f in full[0]["findings"][::2]] + ["GOL001/gone/00000000"]
        baseline = Baseline.from_fingerprints(known)
    expected = _pages_by_old_rendering([json.loads(json.dumps(d)) for d in full], rules, checked_at, baseline)

    out = tmp_path / "out"
    pages = Pages(out, runner.build_run([], rules, checked_at), deferred=with_baseline)
    docs = collect(iter(full), pages)
    for d in docs:  # the run keeps the findings, not the tables
        assert not set(DISPLAY_TABLES) & set(d)
        assert "findings" in d
    run = runner.build_run(docs, rules, checked_at)
    apply_gate(run, baseline=baseline, fail_on="error")
    pages.finish(run)
    assert [d["report"] for d in docs] == [report_name(i, str(p)) for i, p in enumerate(paths)]
    for d, html in zip(docs, expected):
        assert (out / d["report"]).read_text(encoding="utf-8") == html


def test_batch_json_keeps_findings_but_not_tables(tmp_path, batch_dir):
    out = tmp_path / "out"
    assert main(["check", str(batch_dir), "--out", str(out), "--jobs", "2", "--quiet", "--fail-on", "never"]) == 0
    data = json.loads((out / "granska.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 6
    for d in data["documents"]:
        assert not set(DISPLAY_TABLES) & set(d)
        assert d["report"] and (out / d["report"]).is_file()
    assert sum(len(d["findings"]) for d in data["documents"]) == data["summary"]["findings"] > 0
    # the page still draws the tables: it was rendered while they were there
    page = (out / data["documents"][0]["report"]).read_text(encoding="utf-8")
    assert "Uppfylls" in page or "uppfylls" in page


def test_single_document_json_is_unchanged_by_batch_mode(tmp_path, batch_dir):
    one = sorted(batch_dir.glob("*.txt"))[0]
    main(["check", str(one), "--json", str(tmp_path / "a.json"), "--html", str(tmp_path / "a.html"), "--quiet"])
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert set(DISPLAY_TABLES) <= set(data["documents"][0])


# --- progress bar -------------------------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_a_person_at_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert show_progress(False, _Tty())
    assert not show_progress(True, _Tty())           # --quiet
    assert not show_progress(False, io.StringIO())   # not a terminal
    monkeypatch.setenv("CI", "true")
    assert not show_progress(False, _Tty())          # CI


def test_progress_bar_draws_on_its_stream(monkeypatch):
    stream = _Tty()
    with progress_bar(3, True, stream) as advance:
        assert advance is not None
        for _ in range(3):
            advance()
    assert stream.getvalue()  # drawn (and cleared: transient)
    with progress_bar(3, False, stream) as advance:
        assert advance is None


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path, batch_dir, capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    main(["check", str(batch_dir), "--no-html", "--jobs", "2", "--fail-on", "never"])
    err = capsys.readouterr().err
    assert "granskar" not in err and not re.search(r"\x1b\[", err)
