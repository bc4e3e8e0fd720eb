"""A short summary for the terminal: a rich table on a TTY, plain lines otherwise.

For each document: what was found and, for a single document, what was read and checked and what
could not be read (the coverage); then the run's verdict."""
from __future__ import annotations

from typing import Any, Iterable, TextIO

from granska.reports.common import SEVERITIES, Tally, counts_by_severity, doc_findings, documents
from granska.reports.gate import current_gate
from granska.reports.i18n import coverage_lines, headline, label, run_coverage_phrase, strings, verdict


def print_summary(run: dict[str, Any], stream: TextIO, quiet: bool = False, color: bool | None = None,
                  lang: str = "sv") -> None:
    """Print the run's counts per document and the verdict.

    quiet: only the verdict line (and unreadable documents). color: None = rich decides from the
    stream (TTY, NO_COLOR), False = never, True = always. A stream that is not a TTY gets plain
    text lines with no escape codes.
    """
    _print(documents(run), Tally.of(run, str(current_gate(run).get("fail_on") or "error")), current_gate(run),
           stream, quiet, color, lang)


def print_summary_streamed(run: dict[str, Any], docs: Iterable[dict[str, Any]], tally: Tally, stream: TextIO,
                           quiet: bool = False, color: bool | None = None, lang: str = "sv") -> None:
    """print_summary for a streamed batch: run without its documents, docs (iterated once) counted
    in tally."""
    _print(docs, tally, current_gate(run), stream, quiet, color, lang)


def _run_line(tally: Tally, gate: dict[str, Any], single: dict[str, Any] | None, lang: str) -> str:
    fail_on = str(gate.get("fail_on") or "error")
    coverage = single.get("coverage") if single is not None else None
    text = verdict(dict(tally.by_severity), fail_on, tally.counted, lang, unreadable=tally.documents_with_errors,
                   scope="run", coverage=coverage, incomplete=int(gate.get("incomplete") or 0),
                   documents=tally.documents)
    if single is None and run_coverage_phrase(tally.by_coverage, lang):
        text += " " + run_coverage_phrase(tally.by_coverage, lang)
    return text


def _doc_line(doc: dict[str, Any], lang: str) -> str:
    s = strings(lang)
    if doc.get("error"):
        return f"{s['unreadable']}: {doc['error']}"
    return headline(counts_by_severity(doc_findings(doc)), doc.get("coverage"), lang)


def _print(docs: Iterable[dict[str, Any]], tally: Tally, gate: dict[str, Any], stream: TextIO, quiet: bool,
           color: bool | None, lang: str) -> None:
    s = strings(lang)
    tty = bool(getattr(stream, "isatty", lambda: False)())
    single = tally.documents == 1
    docs = list(docs) if single else docs
    line = _run_line(tally, gate, docs[0] if single else None, lang)  # type: ignore[index]
    unreadable = tally.documents_with_errors

    if quiet or not tty:
        for doc in docs:
            if quiet and not doc.get("error"):
                continue
            stream.write(f"{doc.get('source')}: {_doc_line(doc, lang)}\n")
            if single and not quiet:
                for extra in coverage_lines(doc.get("coverage"), lang):
                    stream.write(f"  {extra}\n")
        stream.write(f"granska: {line}\n")
        stream.flush()
        return

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, force_terminal=True if color else None,
                      no_color=color is False, highlight=False, soft_wrap=False)
    styles = {"error": "bold red", "warning": "yellow", "info": "blue"}
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column(s["document"], no_wrap=True)
    for sev in SEVERITIES:
        table.add_column(label(lang, "sev", sev), justify="right", style=styles[sev])
    table.add_column("")
    kept = []
    for doc in docs:
        if doc.get("error"):
            table.add_row(Text(str(doc.get("source"))), "–", "–", "–",
                          Text(f"{s['unreadable']}: {doc.get('error')}", style="red"))
            continue
        counts = counts_by_severity(doc_findings(doc))
        coverage = doc.get("coverage") or {}
        note = "" if coverage.get("status") in (None, "complete") else _doc_line(doc, lang)
        table.add_row(Text(str(doc.get("source"))), *(str(counts[sev]) for sev in SEVERITIES),
                      Text(note, style="yellow"))
        if single:
            kept = coverage_lines(coverage, lang)
    console.print(table)
    for extra in kept:
        console.print(Text(extra), style="dim" if not extra.startswith(s["c_unread"]) else "yellow")
    failed = tally.counted or unreadable or gate.get("incomplete")
    console.print(("✗ " if failed else "✓ ") + line, style="bold red" if failed else "bold green", markup=False)


def print_history(diff: dict[str, Any], stream: TextIO, lang: str = "sv", limit: int = 10) -> None:
    """What changed since the last run in the history (check --history): a line with the counts,
    then the new findings (+) and the resolved ones (−), at most `limit` of each."""
    s = strings(lang)
    new, resolved = list(diff.get("new") or []), list(diff.get("resolved") or [])
    if diff.get("from") is None:
        stream.write(s["h_first"].format(run=diff.get("to"), n=len(new)) + "\n")
        return
    stream.write(s["h_since"].format(a=diff["from"], b=diff["to"], new=len(new), resolved=len(resolved)) + "\n")
    for mark, items in (("+", new), ("\u2212", resolved)):
        for f in items[:limit]:
            where = f" {s['line']} {f['line']}" if f.get("line") is not None else ""
            stream.write(f"  {mark} {f.get('source')}{where}: {f.get('rule')} {f.get('message')}\n")
        if len(items) > limit:
            stream.write("    " + s["h_more"].format(n=len(items) - limit, to=diff["to"]) + "\n")
    stream.flush()
