"""Run history in SQLite (`granska check --history DB`, `granska history DB`).

Tables:
  runs(id, started_at, finished_at, tool_version, rules_version, status)
  documents(run_id, source, sha256, error, finding_count)
  findings(run_id, source, fingerprint, rule, severity, category, message, line)

A run is written in ONE transaction after all its documents were checked: a run that is killed
leaves the database exactly as it was, and readers never see half a run. WAL mode lets readers
go on while a run is written; two runs that finish at the same time serialise on the busy
timeout (BEGIN IMMEDIATE). The file is marked with PRAGMA application_id so that another
program's SQLite file is refused instead of being written into.

History of a document (by its `source`) is relative to the previous completed run in which the
same source was read (error IS NULL): `new` = fingerprints now and not then, `resolved` = then and
not now, `trend` = finding counts of this source over its last <= 20 readable runs, this one last.
Only the standard library is imported here.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from granska.checks.errors import EXIT_OK, InputError

APPLICATION_ID = 0x6772616E  # "gran"
SCHEMA_VERSION = 1
TREND_RUNS = 20
BUSY_TIMEOUT_S = 600.0  # a nightly run may wait this long for another run's write to finish
COMPLETED = "completed"
SEVERITIES = ("error", "warning", "info")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    tool_version  TEXT,
    rules_version TEXT,
    status        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source        TEXT NOT NULL,
    sha256        TEXT,
    error         TEXT,
    finding_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source, run_id);
CREATE INDEX IF NOT EXISTS documents_run ON documents(run_id);
CREATE TABLE IF NOT EXISTS findings (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rule        TEXT,
    severity    TEXT,
    category    TEXT,
    message     TEXT,
    line        INTEGER
);
CREATE INDEX IF NOT EXISTS findings_run_source ON findings(run_id, source);
"""
_TABLES = {"runs", "documents", "findings"}


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise InputError(path, f"historikdatabasen kan inte öppnas ({exc})") from None
    conn.row_factory = sqlite3.Row
    return conn


def _not_granska(path: Path, why: str) -> InputError:
    return InputError(path, f"inte en granska-historikdatabas ({why})")


def _inspect(conn: sqlite3.Connection) -> tuple[int, int, set[str]]:
    """(application_id, user_version, table names), read in one snapshot."""
    conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
    return app_id, version, tables


def _check_or_create(conn: sqlite3.Connection, path: Path, create: bool) -> None:
    """Refuse corrupt or foreign files; create the schema in an empty (new) file."""
    try:
        app_id, version, tables = _inspect(conn)
        if app_id == 0 and not tables:
            if not create:
                raise _not_granska(path, "tom databas")
            _retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("PRAGMA application_id").fetchone()[0] == 0:  # nobody created it meanwhile
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            app_id, version, tables = _inspect(conn)
        if app_id != APPLICATION_ID:
            raise _not_granska(path, "annan SQLite-fil")
        if version > SCHEMA_VERSION:
            raise InputError(path, f"historikdatabasen har schemaversion {version}; "
                                   f"den här granska läser till och med {SCHEMA_VERSION} (uppgradera granska)")
        if not _TABLES <= tables:
            raise _not_granska(path, "tabeller saknas: " + ", ".join(sorted(_TABLES - tables)))
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"inte en läsbar SQLite-databas ({exc})") from None


def _retry_busy(fn, attempts: int = 50):
    for i in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or i == attempts - 1:
                raise
            time.sleep(0.1)


class History:
    """An open, checked granska history database."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True, busy_timeout: float = BUSY_TIMEOUT_S):
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError(self.path, "är en katalog, inte en historikdatabas")
        if not create and not self.path.exists():
            raise InputError(self.path, "historikdatabasen finns inte")
        self.conn = _connect(self.path, busy_timeout)
        try:
            _check_or_create(self.conn, self.path, create)
            _retry_busy(lambda: self.conn.execute("PRAGMA journal_mode=WAL"))
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------

    def record(self, run: dict[str, Any], started_at: str | None = None) -> int:
        """Store the run (one transaction) and set each document's "history"; return the run id.

        Nothing is written unless the whole run is: any exception inside rolls back.
        """
        docs = [d for d in (run.get("documents") or [])]
        run_id, histories = self.record_documents(run, lambda: iter(docs), started_at)
        for doc, hist in zip(docs, histories):
            doc["history"] = hist
        return run_id

    def record_documents(self, run: dict[str, Any], documents: Callable[[], Iterable[dict[str, Any]]],
                         started_at: str | None = None) -> tuple[int, list[dict[str, Any]]]:
        """record() for documents that are not in the run (a streamed batch): ``documents`` gives
        them afresh on each call (they are read twice: stored, then compared). Returns the run id
        and each document's "history", in the documents' order; the documents are not changed."""
        tool = (run.get("tool") or {}).get("version")
        rules = (run.get("rules") or {}).get("version")
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, f"historiken kunde inte skrivas ({exc})") from None
        try:
            cur = conn.execute(
                "INSERT INTO runs (started_at, finished_at, tool_version, rules_version, status) VALUES (?, ?, ?, ?, ?)",
                (started_at or run.get("checked_at") or _now(), _now(), tool, rules, "running"))
            run_id = int(cur.lastrowid)
            for doc in documents():
                source = str(doc.get("source") or "")
                findings = list(doc.get("findings") or [])
                conn.execute("INSERT INTO documents (run_id, source, sha256, error, finding_count) VALUES (?, ?, ?, ?, ?)",
                             (run_id, source, doc.get("sha256"), doc.get("error"), len(findings)))
                conn.executemany(
                    "INSERT INTO findings (run_id, source, fingerprint, rule, severity, category, message, line)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, source, str(f.get("fingerprint") or ""), f.get("rule"), f.get("severity"),
                      f.get("category"), f.get("message"), _int(f.get("line"))) for f in findings])
            histories = [self._document_history(run_id, doc) for doc in documents()]
            conn.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (COMPLETED, _now(), run_id))
            conn.execute("COMMIT")
        except BaseException as exc:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise InputError(self.path, f"historiken kunde inte skrivas ({exc})") from None
            raise
        return run_id, histories

    def _document_history(self, run_id: int, doc: dict[str, Any]) -> dict[str, Any]:
        source = str(doc.get("source") or "")
        rows = self.conn.execute(
            "SELECT d.run_id, d.finding_count FROM documents d JOIN runs r ON r.id = d.run_id"
            " WHERE d.source = ? AND d.error IS NULL AND d.run_id <= ? AND (r.status = ? OR r.id = ?)"
            " ORDER BY d.run_id DESC LIMIT ?",
            (source, run_id, COMPLETED, run_id, TREND_RUNS + 1)).fetchall()
        trend = [int(r["finding_count"]) for r in rows if r["run_id"] != run_id][: TREND_RUNS - 1][::-1]
        if doc.get("error"):
            return {"trend": trend}  # unreadable now: nothing new or resolved to say
        trend.append(len(doc.get("findings") or []))
        previous = next((int(r["run_id"]) for r in rows if r["run_id"] != run_id), None)
        now = {str(f.get("fingerprint") or "") for f in doc.get("findings") or []}
        if previous is None:
            return {"new": len(now), "resolved": 0, "trend": trend, "previous_run": None}
        before = self._fingerprints(previous, source)
        return {"new": len(now - before), "resolved": len(before - now), "trend": trend, "previous_run": previous}

    def _fingerprints(self, run_id: int, source: str) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT fingerprint FROM findings WHERE run_id = ? AND source = ?", (run_id, source))}

    # --- reading ------------------------------------------------------------------------

    def runs(self) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT * FROM runs WHERE status = ? ORDER BY id", (COMPLETED,)).fetchall():
            docs = self.conn.execute(
                "SELECT COUNT(*), SUM(error IS NOT NULL) FROM documents WHERE run_id = ?", (r["id"],)).fetchone()
            sev = {s: 0 for s in SEVERITIES}
            for s, n in self.conn.execute(
                    "SELECT severity, COUNT(*) FROM findings WHERE run_id = ? GROUP BY severity", (r["id"],)):
                sev[str(s)] = n
            out.append({"id": r["id"], "started_at": r["started_at"], "finished_at": r["finished_at"],
                        "tool_version": r["tool_version"], "rules_version": r["rules_version"],
                        "status": r["status"], "documents": docs[0], "unreadable": docs[1] or 0,
                        "findings": sum(sev.values()), "by_severity": sev})
        return out

    def _run_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM runs WHERE status = ? ORDER BY id", (COMPLETED,))]

    def diff(self, a: int | None = None, b: int | None = None) -> dict[str, Any]:
        """Findings new in run b and resolved since run a (default: the last two runs).

        New: (source, fingerprint) in b and not in a. Resolved: in a and not in b, for sources
        that b read (a document left out of b, or unreadable in b, resolves nothing).
        """
        ids = self._run_ids()
        if b is None:
            b = ids[-1] if ids else None
        if a is None:
            older = [i for i in ids if b is not None and i < b]
            a = older[-1] if older else None
        for rid in (a, b):
            if rid is not None and rid not in ids:
                raise InputError(self.path, f"ingen avslutad körning med id {rid}")
        if b is None:
            raise InputError(self.path, "historiken innehåller inga körningar")

        def findings(rid: int | None) -> dict[tuple[str, str], dict[str, Any]]:
            if rid is None:
                return {}
            out = {}
            for r in self.conn.execute(
                    "SELECT source, fingerprint, rule, severity, category, message, line FROM findings"
                    " WHERE run_id = ? ORDER BY source, line, fingerprint", (rid,)):
                out.setdefault((r["source"], r["fingerprint"]), dict(r))
            return out

        read_in_b = {r[0] for r in self.conn.execute(
            "SELECT source FROM documents WHERE run_id = ? AND error IS NULL", (b,))}
        fa, fb = findings(a), findings(b)
        new = [f for k, f in fb.items() if k not in fa]
        resolved = [f for k, f in fa.items() if k not in fb and k[0] in read_in_b]
        key = lambda f: (f["source"], f["line"] if f["line"] is not None else -1, f["fingerprint"])  # noqa: E731
        return {"from": a, "to": b, "new": sorted(new, key=key), "resolved": sorted(resolved, key=key)}


def _int(v: Any) -> int | None:
    try:
        return None if v is None else int(v)
    except (TypeError, ValueError):
        return None


def check_history_file(path: str | os.PathLike[str]) -> None:
    """Fail fast, before a long run, on a history file that cannot be used. A missing file is
    fine (it is created when the run is recorded, so a killed first run leaves no file)."""
    p = Path(path)
    if p.is_dir():
        raise InputError(p, "är en katalog, inte en historikdatabas")
    if not p.exists() or p.stat().st_size == 0:
        if not p.parent.resolve().is_dir():
            raise InputError(p, "katalogen för historikdatabasen finns inte")
        return
    History(p, create=False).close()


def record_run(path: str | os.PathLike[str], run: dict[str, Any], started_at: str | None = None) -> int:
    """Store the run and set each document's "history" (see History.record); return the run id."""
    with closing(History(path)) as h:
        return h.record(run, started_at)


def record_documents(path: str | os.PathLike[str], run: dict[str, Any],
                     documents: Callable[[], Iterable[dict[str, Any]]],
                     started_at: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Store a run whose documents are read from ``documents()`` (see History.record_documents);
    return the run id and the documents' histories."""
    with closing(History(path)) as h:
        return h.record_documents(run, documents, started_at)


# --- `granska history` ----------------------------------------------------------------------

def print_runs(runs: Iterable[dict[str, Any]], stream: TextIO) -> None:
    runs = list(runs)
    if not runs:
        stream.write("inga körningar\n")
        return
    stream.write(f"{'id':>5}  {'tid (UTC)':<25}  {'dokument':>8}  {'oläsbara':>8}  {'fel':>5}  {'varningar':>9}  {'noteringar':>10}\n")
    for r in runs:
        s = r["by_severity"]
        stream.write(f"{r['id']:>5}  {r['started_at']:<25}  {r['documents']:>8}  {r['unreadable']:>8}  "
                     f"{s['error']:>5}  {s['warning']:>9}  {s['info']:>10}\n")


def print_diff(diff: dict[str, Any], stream: TextIO) -> None:
    head = f"körning {diff['from']} -> {diff['to']}" if diff["from"] is not None else f"körning {diff['to']} (ingen tidigare)"
    stream.write(f"{head}: {len(diff['new'])} nya, {len(diff['resolved'])} åtgärdade\n")
    for title, items, mark in (("Nya", diff["new"], "+"), ("Åtgärdade", diff["resolved"], "-")):
        if not items:
            continue
        stream.write(f"\n{title}:\n")
        for f in items:
            line = f":{f['line']}" if f.get("line") is not None else ""
            stream.write(f"{mark} {f['source']}{line}  {f['severity']}  {f['rule']}  {f['message']}\n"
                         f"    {f['fingerprint']}\n")


def cmd_history(args, stream: TextIO) -> int:
    try:
        return _cmd_history(args, stream)
    except sqlite3.DatabaseError as exc:
        raise InputError(args.db, f"historikdatabasen kan inte läsas ({exc})") from None


def _cmd_history(args, stream: TextIO) -> int:
    with closing(History(args.db, create=False)) as h:
        if args.diff is None:
            runs = h.runs()
            if args.json:
                stream.write(json.dumps({"runs": runs}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
            else:
                print_runs(runs, stream)
            return EXIT_OK
        ids = []
        for v in args.diff:
            try:
                ids.append(int(v))
            except ValueError:
                raise InputError(None, f"--diff väntar körnings-id (heltal), inte {v!r}") from None
        if len(ids) > 2:
            raise InputError(None, "--diff tar högst två körnings-id: A B")
        a, b = (ids + [None, None])[:2] if len(ids) != 1 else (ids[0], None)
        diff = h.diff(a, b)
        if args.json:
            stream.write(json.dumps(diff, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        else:
            print_diff(diff, stream)
        return EXIT_OK
