"""Check documents and assemble the run: plain data (the granska/1 shape) for the renderers.

One document: read -> validate -> rules -> findings as dicts plus the tables the HTML redraws.
Many documents: the same in worker processes (`--jobs`), results streamed back one at a time so
that memory does not grow with the number of documents' tables.
"""
from __future__ import annotations

import contextlib
import errno
import os
import signal
from pathlib import Path
from typing import Any, Iterator

from granska.checks import __version__
from granska.checks.errors import GranskaError, InputError, shown_path

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
    folders of extracted CSV tables. A folder with nothing to check is an error for that folder,
    and so is one that cannot be listed, and a symbolic link that leads back into the folders
    above it (reported, not followed: `entry_problem`). Each real folder is searched once."""
    for p in paths:
        path = Path(p)
        if entry_problem(path) or not path.is_dir():
            yield path  # a file, or an error the reader reports (missing, a loop, unreadable)
            continue
        if _has_tables(path):
            yield path
            continue
        found = False
        for entry in _walk(path, {os.path.realpath(path)}):
            found = True
            yield entry
        if not found:
            yield path  # becomes "no reports in folder"


def _has_tables(folder: Path) -> bool:
    try:
        return TABLE_FILES <= set(os.listdir(folder))
    except OSError:
        return False


def _walk(folder: Path, seen: set[str]) -> Iterator[Path]:
    """Reports and table folders under `folder`, in name order; a sub-folder that cannot be
    listed and a link into a folder above are yielded as entries of their own (their errors)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        sub = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows a link
        except OSError:
            is_dir = False
        if not is_dir:
            if Path(entry.name).suffix.lower() in REPORT_SUFFIXES and not entry.name.startswith("."):
                yield sub
            elif entry.is_symlink() and not os.path.exists(entry.path) and _is_loop(sub):
                yield sub  # a link to itself (ELOOP): reported
            continue
        real = os.path.realpath(entry.path)
        if entry.is_symlink() and _is_loop(sub):
            yield sub
            continue
        if real in seen:
            continue  # reached before by another link: searched once
        seen.add(real)
        if _has_tables(sub):
            yield sub
            continue
        yield from _walk(sub, seen)


def _is_loop(path: Path) -> bool:
    """A link that cannot be resolved (it leads to itself), or one that leads to a folder that
    contains it."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    real = os.path.realpath(path)
    here = os.path.realpath(path.parent)
    return here == real or here.startswith(real.rstrip(os.sep) + os.sep)


def entry_problem(path: Path) -> str | None:
    """Why an entry of a batch cannot be checked before any reader looks at it, or None."""
    if path.is_symlink() and _is_loop(path):
        return "symbolisk länk i en slinga (symlink loop), följs inte"
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as exc:
            return f"katalogen kan inte läsas: {exc.strerror or exc} (cannot list the folder)"
    return None


def load_rule_set(options: dict[str, Any]):
    from granska.checks.engine.rules import load_rules

    return load_rules(options.get("rules") or [], options.get("select"), options.get("ignore"))


def document_result(path: Path, rules, timeout: float | None = None, pictures: str | None = None) -> dict[str, Any]:
    """Everything about one document as plain data; an unreadable document carries `error`.
    pictures: the report's language, to draw a PDF's findings on their pages (checks.pictures)
    for the HTML; None: no pictures."""
    from granska.checks.engine.run import check_document

    source = shown_path(path)
    try:
        problem = entry_problem(path)
        if problem:
            raise InputError(path, problem)
        if path.is_dir() and not _has_tables(path):
            raise InputError(path, "katalogen innehåller inga rapporter (.txt, .pdf, .xlsx eller tabell-CSV)")
        with time_limit(timeout, path):
            doc = _read(path)
            checks: dict = {}
            findings = check_document(doc, rules, checks)
            from granska.checks.coverage import document_coverage

            coverage = document_coverage(doc, rules, checks, findings)
            found = [f.to_dict() for f in findings]
            drawn = _pictures(path, doc, found, pictures) if pictures else None
    except GranskaError as exc:
        return {"source": source, "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": exc.one_line(), "findings": []}
    except RecursionError:
        return {"source": source, "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": f"{source}: dokumentet är för djupt nästlat för att läsas", "findings": []}
    return {
        "source": source, "sha256": doc.meta.get("sha256"), "organisation": doc.meta.get("organisation"),
        **({"tables_sha256": doc.meta["tables_sha256"]} if doc.meta.get("tables_sha256") else {}),
        "kind": doc.meta.get("kind"), "year": doc.meta.get("year"), "copies": doc.meta.get("copies"),
        "error": None, "findings": found, "coverage": coverage, **display_tables(doc),
        **({"pictures": drawn} if drawn else {}),
    }


def _read(path: Path):
    """read_document, or in a worker the end of the reading its Prefetch child began."""
    from granska.checks.readers import read_document
    from granska.checks.workers import prefetched

    prepared = prefetched(path)
    if prepared is not None:
        from granska.checks.readers.geometry import finish_pdf_document

        return finish_pdf_document(prepared)
    return read_document(path)


def _pictures(path: Path, doc, findings: list[dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """The findings' pictures, or None: a page PDFium cannot draw costs the pictures, never the
    document's findings."""
    from granska.checks import pictures

    try:
        return pictures.draw(path, doc, findings, lang)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - pictures are an aid; the findings stand without them
        if os.environ.get("GRANSKA_DEBUG"):
            raise
        return None


def display_tables(doc) -> dict[str, Any]:
    """The first copy's goals, indicators and budget rows, for the HTML to redraw."""
    from granska.checks.engine.findings import _plain
    from granska.checks.model import records

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


def safe_document_result(path: Path, rules, timeout: float | None = None, pictures: str | None = None) -> dict[str, Any]:
    """document_result for batches: an unexpected failure of one document (a reader bug) becomes
    that document's error instead of stopping the whole batch."""
    try:
        return document_result(path, rules, timeout, pictures)
    except MemoryError:
        # The worker's address-space limit (checks.workers): this worker retires after telling.
        from granska.checks.workers import MEMORY_LIMIT_MB, error_result, memory_budget_message

        return {**error_result(path, memory_budget_message(MEMORY_LIMIT_MB)), "_retire": True}
    except Exception as exc:  # noqa: BLE001 — one document's failure must not lose the others
        if os.environ.get("GRANSKA_DEBUG"):  # --debug: the traceback too (from the worker)
            import traceback

            traceback.print_exc()
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        return {"source": shown_path(path), "sha256": None, "organisation": None, "kind": None, "year": None,
                "copies": None, "error": f"{shown_path(path)}: internt fel: {message}", "findings": []}


_RULES: tuple[str, Any] | None = None  # (options key, rules) of this process


def rules_for(options: dict[str, Any]):
    """The rule set for these options, loaded once per process (forked workers inherit it)."""
    global _RULES
    key = repr(sorted((k, repr(v)) for k, v in options.items()))
    if _RULES is None or _RULES[0] != key:
        _RULES = (key, load_rule_set(options))
    return _RULES[1]


def start_workers(jobs: int, timeout: float | None = 120.0, memory_mb: int | None = None, paths=None):
    """Worker processes started ahead of the run (checks.workers.Pool), for check_paths(pool=).
    paths: the run's documents; each worker reads one of the first ones while it starts."""
    from granska.checks import workers

    return workers.Pool(jobs, timeout, workers.DEFAULT_MEMORY_MB if memory_mb is None else memory_mb,
                        hints=[str(p) for p in (paths or [])[:jobs]])


def check_paths(paths: list[Path], options: dict[str, Any], jobs: int = 1,
                timeout: float | None = 120.0, progress=None,
                memory_mb: int | None = None, rules=None, pool=None) -> Iterator[dict[str, Any]]:
    """Document results in input order, each document in a worker process that is killed when it
    passes its deadline or dies on its own (checks.workers); one document or many. rules: the
    rule set of these options where the caller has it; pool: workers it started already."""
    from granska.checks import workers

    memory = workers.DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
    return workers.check_paths(paths, options, jobs=jobs, timeout=timeout, memory_mb=memory, progress=progress,
                               rules=rules, pool=pool)


def build_run(documents: list[dict[str, Any]], rules, checked_at: str | None = None) -> dict[str, Any]:
    from granska.checks.engine.rules import rules_version

    return {
        "schema": "granska/1",
        "tool": {"name": "granska", "version": __version__},
        "checked_at": checked_at,
        "rules": {"packs": sorted({r.pack for r in rules}), "version": rules_version(rules),
                  "catalogue": [r.catalogue_entry() for r in rules]},
        "documents": documents,
        "resolved": [],
    }
