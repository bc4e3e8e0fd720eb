"""A short summary for the terminal: a rich table on a TTY, plain lines otherwise."""
from __future__ import annotations

from typing import Any, Iterable, TextIO

from reports.common import SEVERITIES, Tally, all_findings, counts_by_severity, doc_findings, documents, is_counted
from reports.gate import current_gate
from reports.i18n import count_phrase, label, strings, verdict


def print_summary(run: dict[str, Any], stream: TextIO, quiet: bool = False, color: bool | None = None,
                  lang: str = "sv") -> None:
    """Print the run's counts per document and the verdict.

    quiet: only the verdict line (and unreadable documents). color: None = rich decides from the
    stream (TTY, NO_COLOR), False = never, True = always. A stream that is not a TTY gets plain
    text lines with no escape codes.
    """
    gate = current_gate(run)
    fail_on = str(gate.get("fail_on") or "error")
    docs = documents(run)
    totals = counts_by_severity(f for _, f in all_findings(run))
    counted = sum(1 for _, f in all_findings(run) if is_counted(f, fail_on))
    unreadable = sum(1 for d in docs if d.get("error"))
    _print(docs, totals, counted, unreadable, fail_on, stream, quiet, color, lang)


def print_summary_streamed(run: dict[str, Any], docs: Iterable[dict[str, Any]], tally: Tally, stream: TextIO,
                           quiet: bool = False, color: bool | None = None, lang: str = "sv") -> None:
    """print_summary for a streamed batch: run without its documents, docs (iterated once) counted
    in tally."""
    fail_on = str(current_gate(run).get("fail_on") or "error")
    _print(docs, dict(tally.by_severity), tally.counted, tally.documents_with_errors, fail_on, stream, quiet, color,
           lang)


def _print(docs: Iterable[dict[str, Any]], totals: dict[str, int], counted: int, unreadable: int, fail_on: str,
           stream: TextIO, quiet: bool, color: bool | None, lang: str) -> None:
    s = strings(lang)
    line = verdict(totals, fail_on, counted, lang, unreadable=unreadable, scope="run")
    tty = bool(getattr(stream, "isatty", lambda: False)())

    if quiet or not tty:
        if not quiet:
            for doc in docs:
                text = (f"{s['unreadable']}: {doc['error']}" if doc.get("error")
                        else count_phrase(counts_by_severity(doc_findings(doc)), lang))
                stream.write(f"{doc.get('source')}: {text}\n")
        elif unreadable:
            for doc in docs:
                if doc.get("error"):
                    stream.write(f"{doc.get('source')}: {s['unreadable']}: {doc['error']}\n")
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
    if unreadable:
        table.add_column("")
    for doc in docs:
        extra = [Text(f"{s['unreadable']}: {doc.get('error')}", style="red")] if unreadable and doc.get("error") else []
        if doc.get("error"):
            table.add_row(Text(str(doc.get("source"))), "–", "–", "–", *extra)
            continue
        counts = counts_by_severity(doc_findings(doc))
        table.add_row(Text(str(doc.get("source"))), *(str(counts[sev]) for sev in SEVERITIES), *([""] if unreadable else []))
    console.print(table)
    failed = counted or unreadable
    console.print(("✗ " if failed else "✓ ") + line, style="bold red" if failed else "bold green", markup=False)
