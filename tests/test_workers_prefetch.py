"""A worker reads its first PDF up to the tables in a child process while it imports pandas
(checks.workers.Prefetch). That only saves time: the document's result is the same as when the
worker reads it itself, whatever the child does."""
from __future__ import annotations

import os
import pickle
import select
import shutil
from pathlib import Path

import pytest

from golden_pdf import pdf_paths
from granska.checks import runner, workers
from granska.checks.readers import read_document
from granska.checks.readers.geometry import finish_pdf_document, prepare_pdf_document

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "datasets" / "pdf" / "hand-ks-2017.pdf"
OPTIONS = {"rules": [], "select": None, "ignore": None, "pictures": None}


def same_document(a, b) -> None:
    assert a.meta == b.meta
    assert a.lines == b.lines and a.pages == b.pages
    assert a.problems == b.problems and a.inventory == b.inventory
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        assert a.tables[name].dtypes.equals(b.tables[name].dtypes), name
        assert a.tables[name].equals(b.tables[name]), name


@pytest.mark.parametrize("path", pdf_paths(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_two_halves_through_pickle_read_what_read_document_reads(path):
    try:
        whole = read_document(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable fixture: the first half says the same
        with pytest.raises(type(exc), match=None):
            prepare_pdf_document(path)
        return
    halves = finish_pdf_document(pickle.loads(pickle.dumps(prepare_pdf_document(path), protocol=5)))
    same_document(whole, halves)


def plain(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "checked_at"}


def test_a_worker_with_a_prefetch_gives_the_result_read_in_process(tmp_path):
    bogus = tmp_path / "inte-en.pdf"
    bogus.write_bytes(b"hello, not a PDF at all\n")
    paths = [PDF, bogus, ROOT / "datasets" / "pdf" / "gen-0007.pdf"]
    rules = runner.rules_for(OPTIONS)
    pool = workers.Pool(2, timeout=120, hints=[str(p) for p in paths[:2]])
    try:
        got = list(workers.check_paths(paths, OPTIONS, jobs=2, rules=rules, pool=pool))
    finally:
        pool.close()
    want = [runner.safe_document_result(p, rules, 120) for p in paths]
    assert [plain(g) for g in got] == [plain(w) for w in want]
    assert got[1]["error"] and not got[0]["error"]


def test_the_users_vocabulary_is_read_with_not_the_prefetched_reading(tmp_path):
    from granska.checks.engine.rules import load_rules

    vocabulary = tmp_path / "ord.yaml"
    vocabulary.write_text("vocabulary:\n  rows:\n    - {match: '^netto', role: kostnader}\n", encoding="utf-8")
    options = {**OPTIONS, "rules": [str(vocabulary)]}
    plain_rules = runner.rules_for(OPTIONS)
    without = runner.safe_document_result(PDF, plain_rules, 120)
    pool = workers.Pool(1, timeout=120, hints=[str(PDF)])  # as the CLI does: before the rules are loaded
    try:
        rules = load_rules([vocabulary])
        try:
            got = list(workers.check_paths([PDF], options, jobs=1, rules=rules, pool=pool))
        finally:
            pool.close()
        want = runner.safe_document_result(PDF, rules, 120)
    finally:
        load_rules([])
    assert plain(got[0]) == plain(want)
    assert want["budget"] != without["budget"]  # the vocabulary changes what is read


class _Conn:
    def close(self) -> None:
        pass


def test_the_childs_reading_of_an_unchanged_file_is_taken(tmp_path):
    path = tmp_path / "rapport.pdf"
    shutil.copy(PDF, path)
    prefetch = workers.Prefetch.start(str(path), None, _Conn())
    assert prefetch is not None
    try:
        prepared = prefetch.take()
    finally:
        prefetch.close()
    assert prepared is not None
    same_document(finish_pdf_document(prepared), read_document(path))


def test_a_file_changed_after_the_child_read_it_is_read_again(tmp_path):
    path = tmp_path / "rapport.pdf"
    shutil.copy(PDF, path)
    prefetch = workers.Prefetch.start(str(path), None, _Conn())
    try:
        select.select([prefetch.fd], [], [], 60)  # the child has read the file: it writes its reading
        with open(path, "ab") as out:
            out.write(b"\n% appended after the child read it\n")
        assert prefetch.take() is None
    finally:
        prefetch.close()


def test_a_child_that_dies_leaves_the_worker_to_read_the_document(tmp_path):
    path = tmp_path / "rapport.pdf"
    shutil.copy(PDF, path)
    prefetch = workers.Prefetch.start(str(path), None, _Conn())
    os.kill(prefetch.pid, 9)
    try:
        assert prefetch.take() is None
    finally:
        prefetch.close()
