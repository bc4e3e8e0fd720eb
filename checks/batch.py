"""Batch runs: per-document HTML written as results arrive, a progress bar, flat memory.

A batch run keeps neither the documents' display tables (goals, indicators, budget) nor their
findings in memory. `Pages.add` renders a document's page as soon as its result arrives and
drops the tables from the result; the result, findings and all, then goes to a `Spool`: a
temporary file that every output (JSON, JUnit, SARIF, the index, the history, the terminal
summary) reads the documents back from, one at a time (see checks.cli). What stays in memory are
counts (reports.common.Tally) and the few things the gate needs (reports.gate.Gate).

Without a baseline and waivers a finding's state ("new") depends on nothing but the finding, so
the page is drawn at once, exactly as it would be from the finished run. With a baseline or
waivers every page also shows run-level sections (baseline findings resolved, waivers that
matched nothing) that are known only when the whole run is gated: the tables are then spilled to
a temporary file and each page is drawn by `Pages.finish` after the gate, one document at a time.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

DISPLAY_TABLES = ("goals", "indicators", "budget")
PAGE_ONLY = DISPLAY_TABLES + ("pictures",)  # what only the document's page shows: dropped once it is drawn


def report_name(index: int, source: str) -> str:
    """File name of a document's page in the output folder: 0001-<slug of the file stem>.html."""
    from granska.checks.engine.findings import slug

    return f"{index + 1:04d}-{slug(Path(source).stem, 40) or 'dokument'}.html"


def drop_tables(doc: dict[str, Any]) -> dict[str, Any]:
    """Remove (and return) the document's display tables."""
    return {k: doc.pop(k) for k in PAGE_ONLY if k in doc}


class Pages:
    """Writes each document's HTML page into `out` as its result arrives (see module doc).

    out=None: no pages (--no-html); the tables are only dropped.
    header: the run without documents (build_run([], rules, checked_at)).
    deferred: states depend on the whole run (baseline or waivers): spill and draw in finish().
    """

    def __init__(self, out: Path | None, header: dict[str, Any], lang: str = "sv", fail_on: str = "error",
                 deferred: bool = False):
        self.out, self.header, self.lang, self.fail_on = out, header, lang, fail_on
        self.deferred = deferred and out is not None
        self._spill = tempfile.TemporaryFile(mode="w+b") if self.deferred else None
        self._offsets: dict[int, tuple[int, int]] = {}
        if out is not None:
            from granska.reports.atomic import ensure_folder

            ensure_folder(out)

    def add(self, index: int, doc: dict[str, Any]) -> dict[str, Any]:
        tables = drop_tables(doc)
        if self.out is None:
            return doc
        doc["report"] = report_name(index, str(doc.get("source") or ""))
        if self.deferred:
            data = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
            assert self._spill is not None
            self._spill.seek(0, os.SEEK_END)
            self._offsets[index] = (self._spill.tell(), len(data))
            self._spill.write(data)
            return doc
        from granska.reports.gate import apply_gate
        from granska.reports.html import render_html

        doc.update(tables)
        try:
            mini = {**self.header, "documents": [doc], "resolved": []}
            apply_gate(mini, fail_on=self.fail_on)  # no baseline, no waivers: every state is "new"
            # the page's anchors carry the document's index (d<index>), as render_html(run, document=i)
            mini["documents"] = [doc] * (index + 1)
            self._write(doc["report"], render_html(mini, lang=self.lang, document=index))
        finally:
            drop_tables(doc)
        return doc

    def finish(self, run: dict[str, Any], docs: Iterable[dict[str, Any]] | None = None,
               rule_entries: list[dict[str, Any]] | None = None) -> None:
        """Draw the spilled pages from the gated run (deferred mode); close the spill file.

        docs: the run's documents in order when they are not in the run (a streamed batch; the
        run then holds none), with rule_entries its rule_list(run, tally)."""
        if self._spill is None:
            return
        from granska.reports.html import render_html

        try:
            if docs is None:
                listed = run["documents"]
                pairs: Iterable[tuple[int, dict[str, Any]]] = ((i, listed[i]) for i in sorted(self._offsets))
            else:
                pairs = ((i, d) for i, d in enumerate(docs) if i in self._offsets)
            for index, doc in pairs:
                offset, size = self._offsets[index]
                self._spill.seek(offset)
                tables = pickle.loads(self._spill.read(size))  # our own temporary file
                doc.update(tables)
                try:
                    page = run if docs is None else {**run, "documents": [doc] * (index + 1)}
                    self._write(doc["report"], render_html(page, lang=self.lang, document=index,
                                                           rule_entries=rule_entries))
                finally:
                    drop_tables(doc)
        finally:
            self.close()

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def _write(self, name: str, html: str) -> None:
        from granska.reports.atomic import write_atomic

        assert self.out is not None
        write_atomic(self.out / name, html)


class Spool:
    """The documents of a batch in an anonymous temporary file (deleted when closed, and by the
    system if the process dies), pickled one after another as they arrive.

    Iterating gives the documents back in order, each a fresh copy; it may be done any number
    of times, also while documents are still being added. In memory: one offset per document.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None):
        self.directory = str(directory or tempfile.gettempdir())
        self._file = tempfile.TemporaryFile(mode="w+b", dir=directory)
        self._ends = array("q")

    def append(self, doc: dict[str, Any]) -> None:
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(0, os.SEEK_END)
            self._file.write(data)
            self._ends.append(self._file.tell())
        except OSError as exc:  # a full temporary folder: say which one
            from granska.checks.errors import OutputError

            raise OutputError(self.directory, f"temporärfilen för körningen kan inte skrivas: {exc.strerror or exc} "
                                              f"(TMPDIR; cannot write the run's spool file)") from None

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        start = 0
        for end in self._ends:
            self._file.seek(start)
            data = self._file.read(end - start)
            start = end
            yield pickle.loads(data)  # our own temporary file

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def collect(results: Iterable[dict[str, Any]], pages: Pages) -> list[dict[str, Any]]:
    """The documents of a batch, each handed to `pages` as it arrives (tables dropped)."""
    return [pages.add(i, doc) for i, doc in enumerate(results)]


def show_progress(quiet: bool = False, stream=None) -> bool:
    """A progress bar only for a person watching: stderr is a terminal, not --quiet, not CI."""
    stream = sys.stderr if stream is None else stream
    if quiet or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool, stream=None) -> Iterator[Callable[[], None] | None]:
    """Yields a callback that advances a rich progress bar on stderr by one document, or None."""
    if not enabled or total <= 1:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=sys.stderr if stream is None else stream)
    with Progress(TextColumn("granskar"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("granskar", total=total)
        yield lambda: progress.advance(task)
