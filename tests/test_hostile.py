"""Hostile input: nothing hangs, memory stays bounded, one bad file never takes a batch down.

Each input is generated here (tests/hostile.py). Runs go through a fresh interpreter
(`hostile.measured`) so that wall time and the workers' peak memory (getrusage of the
children) belong to that run alone. Time margins are generous: the assertion is "ends within
its budget", not a speed figure.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import hostile
from granska.checks import cli

SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "stockholm-ks-vb-2017.txt"
START_MARGIN = 20.0  # seconds for interpreters and workers to start on a loaded 2-core machine


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("granska: ")]


@pytest.fixture()
def good(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "c.txt", "e.txt"):
        shutil.copy(SAMPLE, folder / name)
    return folder


# --- the hard deadline --------------------------------------------------------------------------

@pytest.mark.parametrize("make", [hostile.reference_cycle_pdf, hostile.self_drawing_form_pdf])
def test_a_pdf_that_loops_ends_within_its_budget_as_one_line(tmp_path, make):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make())
    code, seconds, _, _, stderr = hostile.measured(["check", str(bad), "--no-html", "--timeout", "3"], tmp_path)
    assert code == 2
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith(f"granska: {bad}: "), stderr
    assert "internt fel" not in stderr and "Traceback" not in stderr
    assert seconds < 3 + 1 + START_MARGIN


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_that_swallows_the_alarm_is_killed_and_the_batch_goes_on(tmp_path, good, jobs):
    shutil.copy(SAMPLE, good / "b-hangs.txt")
    out = tmp_path / "out.json"
    code, seconds, _, _, stderr = hostile.measured(
        ["check", str(good), "--no-html", "--json", str(out), "--jobs", jobs, "--timeout", "2", "--fail-on", "never"],
        tmp_path, sabotage={"b-hangs.txt": "hang"})
    assert code == 2
    assert error_lines(stderr) == [f"granska: {good / 'b-hangs.txt'}: tidsgränsen 2 s för ett dokument överskreds "
                                   "(time budget exceeded)"]
    docs = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [Path(d["source"]).name for d in docs] == ["a.txt", "b-hangs.txt", "c.txt", "e.txt"]
    assert [bool(d["findings"]) for d in docs] == [True, False, True, True]
    assert seconds < 2 + 1 + START_MARGIN


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("how, message", [
    ("kill", "arbetsprocessen dödades (SIGKILL, troligen slut på minne)"),
    ("segfault", "arbetsprocessen kraschade (SIGSEGV)"),
])
def test_a_worker_that_dies_mid_batch_is_that_documents_error(tmp_path, good, jobs, how, message):
    shutil.copy(SAMPLE, good / "b-dies.txt")
    out = tmp_path / "out"
    code, _, _, _, stderr = hostile.measured(
        ["check", str(good), "--out", str(out), "--jobs", jobs, "--fail-on", "never"], tmp_path,
        sabotage={"b-dies.txt": how})
    assert code == 2
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith(f"granska: {good / 'b-dies.txt'}: {message}"), stderr
    docs = json.loads((out / "granska.json").read_text(encoding="utf-8"))["documents"]
    assert [d["error"] is None for d in docs] == [True, False, True, True]
    assert len(list(out.glob("000*.html"))) == 4 and (out / "index.html").exists()


def test_a_document_past_its_memory_budget_is_one_line_and_the_worker_stays_small(tmp_path, good):
    shutil.copy(SAMPLE, good / "b-greedy.txt")
    code, _, worker_mib, _, stderr = hostile.measured(
        ["check", str(good), "--no-html", "--jobs", "2", "--memory-limit", "300", "--fail-on", "never"], tmp_path,
        sabotage={"b-greedy.txt": "memory"})
    assert code == 2
    assert error_lines(stderr) == [f"granska: {good / 'b-greedy.txt'}: minnesgränsen 300 MiB för ett dokument "
                                   "överskreds (memory budget exceeded; se --memory-limit)"]
    assert worker_mib < 300 + 250  # the budget on top of what a worker has after start-up


# --- batches never fall over on one entry ----------------------------------------------------------

def test_file_names_that_are_not_utf8_are_escaped_in_every_output(tmp_path, good):
    raw = os.fsencode(str(good)) + b"/b-r\xe5kning.txt"  # Latin-1 "å" from a shared drive
    with open(raw, "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    with open(os.fsencode(str(good)) + b"/d-tom\xff.txt", "wb"):
        pass  # empty: an error line that names it
    out = tmp_path / "out"
    assert cli.main(["check", str(good), "--out", str(out), "--json", str(tmp_path / "r.json"),
                     "--sarif", str(tmp_path / "r.sarif"), "--junit", str(tmp_path / "r.xml"),
                     "--quiet", "--fail-on", "never"]) == 2
    docs = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    assert f"{good}/b-r\\xe5kning.txt" in [d["source"] for d in docs]
    assert [d["error"] for d in docs if d["error"]] == [f"{good}/d-tom\\xff.txt: filen är tom (empty file)"]
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    for page in [*out.glob("*.html"), tmp_path / "r.xml"]:
        page.read_text(encoding="utf-8")  # valid UTF-8
    assert "b-r\\xe5kning.txt" in (out / "index.html").read_text(encoding="utf-8")


def test_a_newline_in_a_file_name_stays_on_the_error_line(tmp_path, capsys):
    bad = tmp_path / "rapport\nsida 2.txt"
    bad.write_text("", encoding="utf-8")
    assert cli.main(["check", str(bad), "--no-html", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"granska: {tmp_path}/rapport\\nsida 2.txt: filen är tom (empty file)"


def test_symlink_loops_are_reported_not_followed(tmp_path, good, capsys):
    (good / "sub").mkdir()
    (good / "sub" / "up").symlink_to("..")
    (good / "self.txt").symlink_to("self.txt")
    (good / "sub-again").symlink_to("sub")  # the same folder by another name: searched once
    assert cli.main(["check", str(good), "--no-html", "--json", str(tmp_path / "r.json"), "--quiet",
                     "--fail-on", "never"]) == 2
    docs = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    assert [(Path(d["source"]).name, d["error"]) for d in docs if d["error"]] == [
        ("self.txt", f"{good}/self.txt: symbolisk länk i en slinga (symlink loop), följs inte"),
        ("up", f"{good}/sub/up: symbolisk länk i en slinga (symlink loop), följs inte"),
    ]
    assert sum(d["error"] is None for d in docs) == 3


def test_an_unreadable_folder_and_file_are_their_entries_errors(tmp_path, good, monkeypatch):
    locked, secret = good / "locked", good / "secret.txt"
    locked.mkdir()
    shutil.copy(SAMPLE, locked / "r.txt")
    shutil.copy(SAMPLE, secret)
    if os.geteuid() != 0:
        locked.chmod(0)
        secret.chmod(0)
    else:  # root reads everything: the system's refusal is simulated at the calls granska makes
        denied = {str(locked), str(secret)}

        def guard(real):
            def call(path, *args, **kwargs):
                if os.fspath(path) in denied:
                    raise PermissionError(13, "Permission denied", os.fspath(path))
                return real(path, *args, **kwargs)
            return call

        monkeypatch.setattr(os, "scandir", guard(os.scandir))
        monkeypatch.setattr(os, "listdir", guard(os.listdir))
        import granska.checks.readers.source as source

        monkeypatch.setattr(source, "_open", guard(source._open))
    try:
        assert cli.main(["check", str(good), "--no-html", "--json", str(tmp_path / "r.json"), "--quiet",
                         "--fail-on", "never"]) == 2
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
    docs = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    errors = {Path(d["source"]).name: d["error"] for d in docs if d["error"]}
    assert errors == {
        "locked": f"{locked}: katalogen kan inte läsas: Permission denied (cannot list the folder)",
        "secret.txt": f"{secret}: kan inte läsas: Permission denied",
    }
    assert sum(d["error"] is None for d in docs) == 3


def test_a_fifo_among_the_reports_is_refused_not_waited_on(tmp_path, good, capsys):
    os.mkfifo(good / "b-pipe.txt")
    assert cli.main(["check", str(good), "--no-html", "--quiet", "--fail-on", "never"]) == 2
    assert f"granska: {good}/b-pipe.txt: är inte en vanlig fil (not a regular file)" in capsys.readouterr().err


# --- outputs ------------------------------------------------------------------------------------

def check_sample(*args: str) -> int:
    return cli.main(["check", str(SAMPLE), "--no-html", "--quiet", "--fail-on", "never", *args])


def test_an_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real" / "out.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    assert check_sample("--json", str(link)) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "granska/1"


def test_a_fifo_output_is_written_into_not_replaced(tmp_path, capsys):
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    assert check_sample("--json", str(fifo)) == 2  # nobody reads it: refused at once
    assert capsys.readouterr().err.strip() == f"granska: {fifo}: FIFO:n har ingen läsare; skriver inte (FIFO has no reader)"
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    import time

    time.sleep(0.2)  # let the reader open its end first
    assert check_sample("--json", str(fifo)) == 0
    reader.join(30)
    assert json.loads(got[0])["schema"] == "granska/1"
    assert fifo.is_fifo()


def test_dash_is_stdout_and_the_summary_moves_to_stderr(capfd):
    assert cli.main(["check", str(SAMPLE), "--no-html", "--json", "-", "--fail-on", "never"]) == 0
    out, err = capfd.readouterr()
    assert json.loads(out)["schema"] == "granska/1"
    assert "fel" in err


@pytest.mark.parametrize("where, reason", [
    ("/dev/full", "kan inte skrivas: No space left on device (cannot write)"),
    ("{tmp}/no/such/folder/out.json", "kan inte skrivas: No such file or directory (cannot write)"),
    ("{tmp}", "är en katalog, inte en fil (is a directory)"),
])
def test_an_output_that_cannot_be_written_names_the_path_and_why(tmp_path, capsys, where, reason):
    path = where.format(tmp=tmp_path)
    assert check_sample("--json", path) == 2
    assert capsys.readouterr().err.strip() == f"granska: {path}: {reason}"
    assert Path("/dev/full").is_char_device()


# --- rule packs, waivers and baselines are checked completely at load -------------------------------

PACK = """pack: egna
rules:
  - code: {code}
    name: egen-total
    severity: error
    category: narrative
    doc: En egen regel.
    message:
      sv: "{sv}"
      en: "The total {{total}} differs"
    claim:
      kind: total_of_parts
      total_words: {words}
      part_words: [varav]
"""


def pack(tmp_path, code="XYZ901", sv="Totalen {total} stämmer inte", words="[totalt]") -> Path:
    path = tmp_path / "egna.yaml"
    path.write_text(PACK.format(code=code, sv=sv, words=words), encoding="utf-8")
    return path


def refusal(argv, capsys) -> str:
    assert cli.main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("code", ['"BUD९०१"', '"BUD901\\n"', "XYZ9012", '"xyz901"', "123456"])
def test_rule_codes_are_three_ascii_capitals_and_three_ascii_digits(tmp_path, capsys, code):
    path = pack(tmp_path, code=code)
    line = refusal(["rules", "--rules", str(path)], capsys)
    assert line.startswith(f"granska: {path}:3: regelkoden ") and "tre versaler A–Z och tre siffror 0–9" in line


@pytest.mark.parametrize("sv, shown", [
    ("{total:>300000}", "{total:>300000}"),
    ("{total!r}", "{total!r}"),
])
def test_message_templates_take_plain_fields_only(tmp_path, capsys, sv, shown):
    path = pack(tmp_path, sv=sv)
    line = refusal(["rules", "--rules", str(path)], capsys)
    assert line == (f"granska: {path}:9: XYZ901: message.sv: {shown} har formatering; bara {{total}} är tillåtet "
                    "(no format spec or conversion)")


def test_a_broken_template_is_refused_with_its_line(tmp_path, capsys):
    line = refusal(["rules", "--rules", str(pack(tmp_path, sv="Totalen {total"))], capsys)
    assert ":9: XYZ901: message.sv: trasig mall:" in line


@pytest.mark.parametrize("words", ['["(unclosed"]', '["(\\\\w+\\\\s?)+x"]'])
def test_word_lists_are_words_not_patterns(tmp_path, capsys, words):
    """A regex in a word list once crashed the run ("(unclosed") or backtracked for minutes; as
    words they match only themselves."""
    path = pack(tmp_path, words=words)
    text = SAMPLE.read_text(encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(text + "\nKostnaderna var " + ("ord " * 5000) + "x totalt 5,0 mnkr varav 2,0 mnkr.\n",
                      encoding="utf-8")
    code, seconds, _, _, stderr = hostile.measured(
        ["check", str(report), "--rules", str(path), "--no-html", "--fail-on", "never", "--timeout", "20"], tmp_path)
    assert code == 0, stderr
    assert seconds < 20


def test_an_empty_word_is_refused(tmp_path, capsys):
    line = refusal(["rules", "--rules", str(pack(tmp_path, words='["totalt", " "]'))], capsys)
    assert "claim.total_words: ' ' är inget ord" in line


def test_an_alias_bomb_in_a_rule_pack_is_refused_at_its_line(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text("pack: bomb\n" + hostile.alias_bomb() + "rules: []\n", encoding="utf-8")
    line = refusal(["rules", "--rules", str(path)], capsys)
    assert line == f"granska: {path}:2: YAML-ankare &a0 är inte tillåtet (YAML anchors are refused)"


def test_duplicate_keys_in_a_rule_pack_are_refused(tmp_path, capsys):
    path = tmp_path / "dup.yaml"
    path.write_text(PACK.format(code="XYZ901", sv="x", words="[totalt]").replace(
        "    severity: error\n", "    severity: error\n    severity: info\n"), encoding="utf-8")
    line = refusal(["rules", "--rules", str(path)], capsys)
    assert line == f"granska: {path}:6: nyckeln 'severity' står två gånger (duplicate key)"


def test_an_alias_bomb_in_a_waiver_file_is_refused_at_once(tmp_path, capsys):
    path = tmp_path / "waivers.yaml"
    path.write_text("- &w {fingerprint: x, reason: r, who: w, until: 2099-01-01}\n- *w\n", encoding="utf-8")
    line = refusal(["check", str(SAMPLE), "--no-html", "--waivers", str(path)], capsys)
    assert line == (f"granska: {path}: not valid YAML at line 1: YAML-ankare &w är inte tillåtet "
                    "(YAML anchors are refused)")
    path.write_text(hostile.alias_bomb().replace("a0: ", "- ", 1), encoding="utf-8")
    assert "not valid YAML at line 1" in refusal(["check", str(SAMPLE), "--no-html", "--waivers", str(path)], capsys)


@pytest.mark.parametrize("flag, name, limit", [("--rules", "big.yaml", "1 MB"), ("--waivers", "big.yaml", "4 MB"),
                                               ("--baseline", "big.json", "64 MB")])
def test_rule_waiver_and_baseline_files_have_a_size_cap(tmp_path, capsys, flag, name, limit):
    path = tmp_path / name
    with open(path, "wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    line = refusal(["check", str(SAMPLE), "--no-html", flag, str(path)], capsys)
    assert line.startswith(f"granska: {path}: ") and f"för stor (" in line and f"> {limit}; file too large)" in line


def test_a_baseline_finding_whose_evidence_is_a_string_is_refused_before_any_output(tmp_path, capsys):
    base = tmp_path / "base.json"
    assert check_sample("--json", str(base)) == 0
    data = json.loads(base.read_text(encoding="utf-8"))
    data["documents"][0]["findings"][2]["evidence"] = "rad 12"
    base.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.json"
    line = refusal(["check", str(SAMPLE), "--baseline", str(base), "--json", str(out),
                    "--html", str(tmp_path / "r.html")], capsys)
    assert line == f"granska: {base}: documents[0].findings[2].evidence must be an object or null"
    assert not out.exists()


# --- memory budgets of table input -----------------------------------------------------------------

def test_a_sheet_claiming_the_whole_grid_is_read_row_by_row(tmp_path):
    book = tmp_path / "dimension.xlsx"
    book.write_bytes(hostile.dimension_bomb_xlsx(rows=6000))  # padded to its claim: 98 M cells
    code, _, worker_mib, _, stderr = hostile.measured(["check", str(book), "--no-html", "--fail-on", "never"], tmp_path)
    assert code == 0, stderr
    assert worker_mib < 300


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path):
    book = tmp_path / "bomb.xlsx"
    book.write_bytes(hostile.zip_bomb_xlsx(expanded_mb=400))
    assert book.stat().st_size < 5 * 1024 * 1024
    code, seconds, worker_mib, _, stderr = hostile.measured(["check", str(book), "--no-html"], tmp_path)
    assert code == 2
    assert error_lines(stderr) == [f"granska: {book}: arbetsboken packas upp till 400 MB (> 100 MB; an archive "
                                   "this large is no report's tables)"]
    assert worker_mib < 300


# --- prose of any length costs its length --------------------------------------------------------

def long_paragraph(size: int) -> str:
    """Distinct Swedish sentences with figures, `size` characters, as one paragraph."""
    out, k, n = [], 0, 0
    while n < size:
        s = (f"Nämnden redovisar ett överskott på {k % 97},{k % 10} mnkr jämfört med 2016 och kostnaderna "
             f"ökade med {k % 13} procent, totalt {k % 50} mnkr varav 3-5 år för verksamhet {k}. ")
        out.append(s)
        n += len(s)
        k += 1
    return "".join(out)


@pytest.mark.parametrize("wrapped", [True, False])
def test_claims_of_a_512_kb_paragraph_are_read_within_budget(wrapped):
    import time

    from granska.checks.readers.claims import read_claims

    text = long_paragraph(512 * 1024)
    lines = [text[i:i + 90] for i in range(0, len(text), 90)] if wrapped else [text]
    t = time.monotonic()
    claims = read_claims(lines, 0, len(lines), 1, {}, set(), set(), [])
    assert time.monotonic() - t < 20  # once 192 s; now well under a second on 2 cores
    assert len(claims) > 3000 and all(c["figures"] for c in claims)


def test_a_paragraph_printed_as_one_512_kb_line_stays_within_memory(tmp_path):
    """Each of its thousands of findings quoted the whole line: 2 GB, past the memory budget."""
    report = tmp_path / "lang.txt"
    report.write_text(SAMPLE.read_text(encoding="utf-8") + "\n\nAnalys\n" + long_paragraph(512 * 1024) + "\n",
                      encoding="utf-8")
    code, _, worker_mib, _, stderr = hostile.measured(
        ["check", str(report), "--no-html", "--fail-on", "never", "--json", str(tmp_path / "r.json")], tmp_path)
    assert code == 0, stderr
    assert worker_mib < 500


@pytest.mark.slow
def test_a_dense_pdf_of_many_pages_ends_within_its_time_and_memory_budget(tmp_path):
    dense = tmp_path / "tät.pdf"
    dense.write_bytes(hostile.dense_pdf(pages=60))
    code, seconds, worker_mib, _, stderr = hostile.measured(
        ["check", str(dense), "--no-html", "--timeout", "15", "--memory-limit", "700", "--fail-on", "never"], tmp_path)
    assert code in (0, 2)
    lines = error_lines(stderr)
    assert code == 0 or (len(lines) == 1 and lines[0].startswith(f"granska: {dense}: ")), stderr
    assert "internt fel" not in stderr
    assert seconds < 15 + 2 + START_MARGIN
    assert worker_mib < 700 + 300  # the budget on top of a started worker


# --- the same budgets for a document on a Dask worker ------------------------------------------------

@pytest.mark.parametrize("how, message", [
    ("hang", "tidsgränsen 1 s för ett dokument överskreds (time budget exceeded)"),
    ("kill", "arbetsprocessen dödades (SIGKILL, troligen slut på minne)"),
    ("memory", "minnesgränsen 300 MiB för ett dokument överskreds"),
])
def test_one_document_in_a_forked_child_has_the_same_budgets(good, monkeypatch, how, message):
    """checks.workers.run_isolated: what a Dask task runs (a Dask worker may not have
    multiprocessing children, so it forks)."""
    import signal as signals
    import time

    from granska.checks import runner, workers

    real = runner.document_result

    def sabotaged(path, rules, timeout=None, pictures=None):
        if how == "hang":
            signals.signal(signals.SIGALRM, signals.SIG_IGN)
            while True:
                pass
        if how == "kill":
            os.kill(os.getpid(), signals.SIGKILL)
        if how == "memory":
            bytearray(2048 * 1024 * 1024)
        return real(path, rules, timeout, pictures)

    rules = runner.load_rule_set({})
    path = str(good / "a.txt")
    assert workers.run_isolated(path, rules, 5, 300) == runner.safe_document_result(Path(path), rules, 5)
    monkeypatch.setattr(runner, "document_result", sabotaged)
    t = time.monotonic()
    result = workers.run_isolated(path, rules, 1, 300)
    assert result["error"].startswith(f"{path}: {message}") and result["findings"] == []
    assert time.monotonic() - t < 1 + 1 + START_MARGIN
