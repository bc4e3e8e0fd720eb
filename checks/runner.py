"""Check documents and assemble the run: plain data (the granska/1 shape) for the renderers.

One document: read -> validate -> rules -> findings as dicts plus the tables the HTML redraws.
Many documents: the same in worker processes (`--jobs`), results streamed back one at a time so
that memory does not grow with the number of documents' tables.
"""
from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import Any, Iterator

from checks import __version__
from checks.errors import GranskaError, InputError

REPORT_SUFFIXES = {".txt", ".pdf", ".xlsx", ".xlsm"}
TABLE_FILES = {"goals.csv", "indicators.csv", "budget.csv"}


@contextlib.contextmanager
def time_limit(seconds: float | None, path: object):
    """A hard time budget per document (SIGALRM; main thread of a process only)."""
    if not seconds or not hasattr(signal, "setitimer") or os.name != "posix":
        yield
        return

    def expired(signum, frame):
        raise InputError(path, f"tidsgränsen {seconds:g} s för ett dokument överskreds (time budget exceeded)")

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:  # not the main thread: no budget can be enforced here
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def find_reports(paths: list[str]) -> Iterator[Path]:
    """Files to check: given files as they are; folders searched recursively for reports and for
    folders of extracted CSV tables. A folder with nothing to check is an error for that folder."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield path  # reported as a missing file by the reader
            continue
        if path.is_file():
            yield path
            continue
        if TABLE_FILES <= {c.name for c in path.iterdir()}:
            yield path
            continue
        found = False
        for root, dirs, files in os.walk(path):
            dirs.sort()
            names = set(files)
            if TABLE_FILES <= names and Path(root) != path:
                found = True
                yield Path(root)
                dirs[:] = []
                continue
            for name in sorted(files):
                if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.startswith("."):
                    found = True
                    yield Path(root) / name
        if not found:
            yield path  # becomes "no reports in folder"


def load_rule_set(options: dict[str, Any]):
    from checks.engine.rules import load_rules

    return load_rules(options.get("rules") or [], options.get("select"), options.get("ignore"))


def document_result(path: Path, rules, timeout: float | None = None) -> dict[str, Any]:
    """Everything about one document as plain data; an unreadable document carries `error`."""
    from checks.engine.run import check_document
    from checks.readers import read_document

    source = str(path)
    try:
        if path.is_dir() and not (TABLE_FILES <= {c.name for c in path.iterdir()}):
            raise InputError(path, "katalogen innehåller inga rapporter (.txt, .pdf, .xlsx eller tabell-CSV)")
        with time_limit(timeout, path):
            doc = read_document(path)
            findings = check_document(doc, rules)
    except GranskaError as exc:
        return {"source": source, "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": exc.one_line(), "findings": []}
    except RecursionError:
        return {"source": source, "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": f"{source}: dokumentet är för djupt nästlat för att läsas", "findings": []}
    return {
        "source": source, "sha256": doc.meta.get("sha256"), "organisation": doc.meta.get("organisation"),
        "kind": doc.meta.get("kind"), "year": doc.meta.get("year"), "copies": doc.meta.get("copies"),
        "error": None, "findings": [f.to_dict() for f in findings], **display_tables(doc),
    }


def display_tables(doc) -> dict[str, Any]:
    """The first copy's goals, indicators and budget rows, for the HTML to redraw."""
    from checks.engine.findings import _plain
    from checks.model import records

    def first(name: str) -> list[dict]:
        df = doc.tables.get(name)
        rows = records(df) if df is not None and not df.empty else []
        copies = sorted({r["copy"] for r in rows if "copy" in r and r["copy"] >= 1})
        return [r for r in rows if r["copy"] == copies[0]] if copies else rows

    goals = [{k: g.get(k) for k in ("id", "level", "parent", "title", "status", "status_text", "line", "page", "copy")}
             for g in first("goals")]
    keep = ("goal", "name", "outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target", "unit",
            "target_unit", "target_text", "kf_target_text", "period", "direction", "assignment_certain",
            "uncertain_fields", "line", "page", "copy")
    indicators = [{k: r.get(k) for k in keep} for r in first("indicators")]
    cols = doc.tables.get("budget_columns")
    headers: dict[tuple, list[str]] = {}  # (table, copy) -> value headers in printed order
    for c in (records(cols) if cols is not None else []):
        headers.setdefault((c["table"], c["copy"]), [])
        if c["column"] not in headers[(c["table"], c["copy"])]:
            headers[(c["table"], c["copy"])].append(c["column"])
    budget = []
    for r in first("budget"):
        shown = headers.get((r["table"], r["copy"]), [])
        budget.append({"table": r["table"], "section": r["section"], "item": r["item"], "role": r["role"],
                       "values": {h: r.get(h) for h in shown}, "columns": shown, "unit": r.get("unit"),
                       "decimals": r.get("decimals"), "line": r["line"], "page": r.get("page"), "copy": r["copy"]})
    return _plain({"goals": goals, "indicators": indicators, "budget": budget})


def safe_document_result(path: Path, rules, timeout: float | None = None) -> dict[str, Any]:
    """document_result for batches: an unexpected failure of one document (a reader bug) becomes
    that document's error instead of stopping the whole batch."""
    try:
        return document_result(path, rules, timeout)
    except Exception as exc:  # noqa: BLE001 — one document's failure must not lose the others
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        return {"source": str(path), "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": f"{path}: internt fel: {message}", "findings": []}


def _worker_init() -> None:
    # Workers ignore Ctrl-C: the parent decides; this keeps a killed batch from half-writing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_RULES: tuple[str, Any] | None = None  # (options key, rules) of this process


def _rules_for(options: dict[str, Any]):
    global _RULES
    key = repr(sorted((k, repr(v)) for k, v in options.items()))
    if _RULES is None or _RULES[0] != key:
        _RULES = (key, load_rule_set(options))
    return _RULES[1]


def _worker(args: tuple[str, dict[str, Any], float | None]) -> dict[str, Any]:
    path, options, timeout = args
    return safe_document_result(Path(path), _rules_for(options), timeout)


def check_paths(paths: list[Path], options: dict[str, Any], jobs: int = 1,
                timeout: float | None = 120.0, progress=None) -> Iterator[dict[str, Any]]:
    """Document results in input order, in worker processes when jobs > 1."""
    if jobs <= 1 or len(paths) <= 1:
        rules = load_rule_set(options)
        one = document_result if len(paths) <= 1 else safe_document_result  # one file: errors as before
        for p in paths:
            yield one(p, rules, timeout)
            if progress:
                progress()
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    if ctx.get_start_method() == "fork":
        # Import the readers and engine and load the rules once, here: every forked worker (also
        # one that replaces a retired worker) inherits them instead of importing them again.
        from checks.engine.run import check_document  # noqa: F401
        from checks.readers import read_document  # noqa: F401

        _rules_for(options)
    with ctx.Pool(jobs, initializer=_worker_init, maxtasksperchild=200) as pool:
        for result in pool.imap(_worker, [(str(p), options, timeout) for p in paths], chunksize=4):
            yield result
            if progress:
                progress()


def build_run(documents: list[dict[str, Any]], rules, checked_at: str | None = None) -> dict[str, Any]:
    from checks.engine.rules import rules_version

    return {
        "schema": "granska/1",
        "tool": {"name": "granska", "version": __version__},
        "checked_at": checked_at,
        "rules": {"packs": sorted({r.pack for r in rules}), "version": rules_version(rules),
                  "catalogue": [r.catalogue_entry() for r in rules]},
        "documents": documents,
        "resolved": [],
    }
