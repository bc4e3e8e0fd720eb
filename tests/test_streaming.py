"""A streamed batch (documents in a spool file, checks.batch.Spool) writes the same bytes as the
whole run in memory (checks.cli.STREAM_BATCHES = False): JSON, JUnit, SARIF, index.html, every
document's page, the terminal summary, stderr and the history database."""
from __future__ import annotations

import io
import json
import random
import sqlite3
from pathlib import Path

import pytest

from granska.checks import cli
from tests.support.generator import generate, mutate

KINDS = ("budget_cell", "status", "period", "men_women", "outcome", "copy_only")
N = 30


def write_reports(folder: Path, seeds, salt: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for s in seeds:
        report = generate(s)
        rng = random.Random(s + salt)
        try:
            report, _ = mutate(report, rng.choice(KINDS), rng)
        except ValueError:
            pass
        (folder / f"r{s:03d}.txt").write_text(report.text, encoding="utf-8")


@pytest.fixture()
def fixed_clock(monkeypatch):
    monkeypatch.setattr(cli, "_checked_at", lambda: "2026-03-01T02:30:00+00:00")
    monkeypatch.setattr("granska.checks.history._now", lambda: "2026-03-01T02:31:00+00:00")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """30 reports with planted mistakes plus 2 unreadable files; a baseline taken when 10 of them
    read differently and one more file existed; waivers (active, expired, matching nothing)."""
    root = tmp_path_factory.mktemp("streaming")
    folder = root / "in"
    write_reports(folder, range(1, N + 1), salt=1000)  # the baseline's versions
    (folder / "r999.txt").write_text(generate(999).text, encoding="utf-8")  # gone by now
    base = root / "base.json"
    assert cli.main(["check", str(folder), "--no-html", "--json", str(base), "--quiet", "--fail-on", "never"]) == 0
    (folder / "r999.txt").unlink()
    write_reports(folder, range(1, N + 1, 3))  # a third changed since the baseline
    (folder / "broken.pdf").write_bytes(b"no pdf here\x00\x01" * 40)
    (folder / "empty.txt").write_text("", encoding="utf-8")

    data = json.loads(base.read_text(encoding="utf-8"))
    unchanged = [d for d in data["documents"] if d["findings"] and int(Path(d["source"]).stem[1:]) % 3 != 1
                 and Path(d["source"]).stem != "r999"]
    f0, f1, f2 = unchanged[0]["findings"][0], unchanged[1]["findings"][0], unchanged[2]["findings"][-1]
    goal = next(f for d in unchanged[3:] for f in d["findings"] if (f.get("values") or {}).get("goal"))
    waivers = root / "waivers.yaml"
    waivers.write_text(
        f'- fingerprint: "{f0["fingerprint"]}"\n  reason: känt\n  who: revisor\n  until: 2099-12-31\n'
        f'- fingerprint: "{f1["fingerprint"]}"\n  reason: gammalt\n  who: revisor\n  until: 2000-01-01\n'
        f'- rule: {goal["rule"]}\n  goal: "{goal["values"]["goal"]}"\n  reason: mål\n  who: nämnd\n  until: 2099-12-31\n'
        f'- fingerprint: "{f2["fingerprint"]}"\n  source: {Path(unchanged[2]["source"]).name}\n'
        '  reason: bara här\n  who: revisor\n  until: 2099-12-31\n'
        '- fingerprint: "GOL001/finns/inte"\n  reason: borta\n  who: revisor\n  until: 2099-12-31\n',
        encoding="utf-8")
    return {"folder": folder, "baseline": base, "waivers": waivers}


def _run(tmp: Path, corpus: dict[str, Path], options: list[str], stream: bool, capsys, monkeypatch,
         history_runs: int = 1) -> tuple[dict[str, bytes], int]:
    """Run `granska check` (the in-memory or the streamed path) and return every output's bytes."""
    monkeypatch.setattr(cli, "STREAM_BATCHES", stream)
    tmp.mkdir()
    out = tmp / "out"
    argv = ["check", str(corpus["folder"]), "--out", str(out), *options]
    argv = [a.replace("@tmp", str(tmp)) for a in argv]
    capsys.readouterr()
    for _ in range(history_runs):  # a second run has a previous one to compare with
        code = cli.main(argv)
    std = capsys.readouterr()
    files = {"stdout": std.out.encode(), "stderr": std.err.encode()}
    for p in sorted(tmp.rglob("*")):
        if p.is_file() and p.suffix in (".json", ".xml", ".sarif", ".html"):
            files[str(p.relative_to(tmp))] = p.read_bytes()
    db = tmp / "history.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            files["history.db"] = "\n".join(conn.iterdump()).encode()
    return files, code


CASES = {
    "everything": ["--json", "@tmp/r.json", "--junit", "@tmp/r.xml", "--sarif", "@tmp/r.sarif",
                   "--history", "@tmp/history.db", "--jobs", "2", "--fail-on", "warning"],
    "baseline-waivers": ["--baseline", "BASE", "--waivers", "WAIVERS", "--junit", "@tmp/r.xml", "--sarif",
                         "@tmp/r.sarif", "--history", "@tmp/history.db", "--jobs", "2", "--lang", "en"],
    "no-html-quiet": ["--no-html", "--json", "@tmp/r.json", "--sarif", "@tmp/r.sarif", "--baseline", "BASE",
                      "--quiet", "--jobs", "1", "--fail-on", "info"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_streamed_batch_writes_the_same_bytes_as_the_run_in_memory(tmp_path, corpus, case, capsys, monkeypatch,
                                                                   fixed_clock):
    options = [str(corpus["baseline"]) if o == "BASE" else str(corpus["waivers"]) if o == "WAIVERS" else o
               for o in CASES[case]]
    runs = 2 if "--history" in options else 1
    expected, code_a = _run(tmp_path / "memory", corpus, options, False, capsys, monkeypatch, runs)
    got, code_b = _run(tmp_path / "streamed", corpus, options, True, capsys, monkeypatch, runs)
    assert code_a == code_b == 2  # the unreadable files
    assert sorted(got) == sorted(expected)
    assert len([k for k in got if k.endswith(".html")]) in (0, N + 3)  # every page and the index
    for name in expected:
        assert got[name] == expected[name], name
    if "--waivers" in options:  # the case really has waived, expired, unmatched and resolved findings
        data = json.loads(got["out/granska.json"])
        assert data["summary"]["by_state"]["waived"] and data["summary"]["by_state"]["unchanged"]
        assert data["resolved"] and [f["rule"] for f in data["findings"]] == ["WAI001"]
        assert any(f.get("waiver_expired") for d in data["documents"] for f in d["findings"])


def test_terminal_table_of_a_streamed_run_is_the_same(tmp_path, corpus):
    """The rich table on a terminal, from counts and documents read back, as from the whole run."""
    from granska.checks import runner
    from granska.reports.common import Tally
    from granska.reports.gate import apply_gate
    from granska.reports.terminal import print_summary, print_summary_streamed

    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    rules = runner.load_rule_set({})
    paths = sorted(corpus["folder"].iterdir())[:6]
    docs = [runner.safe_document_result(p, rules) for p in paths]
    run = runner.build_run(docs, rules, "2026-03-01T02:30:00+00:00")
    apply_gate(run, fail_on="warning")
    header = {**run, "documents": []}
    for quiet in (False, True):
        a, b = TTY(), TTY()
        print_summary(run, a, quiet=quiet, color=False)
        print_summary_streamed(header, iter(docs), Tally.of(run, "warning"), b, quiet=quiet, color=False)
        assert a.getvalue() == b.getvalue() and a.getvalue()


def test_the_spool_gives_the_documents_back_and_is_gone_when_closed(tmp_path):
    from granska.checks.batch import Spool

    docs = [{"source": f"r{i}.txt", "findings": [{"rule": "GOL001", "values": {"x": 1.5, "t": (1, 2)}}] * i}
            for i in range(5)]
    with Spool(tmp_path) as spool:
        for d in docs[:3]:
            spool.append(d)
        first = iter(spool)
        assert next(first) == docs[0]
        for d in docs[3:]:
            spool.append(d)  # adding while reading
        assert list(first) == docs[1:]
        assert list(spool) == docs and len(spool) == 5
    assert list(tmp_path.iterdir()) == []
