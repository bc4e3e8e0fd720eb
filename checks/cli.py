"""The `granska` command line.

Exit codes (a contract; see reports/FORMAT.md): 0 clean, 1 findings at or above --fail-on,
2 usage or input error (any document, rule, baseline or waiver file that cannot be read).
Heavy libraries (pandas, pandera, jinja2, rich) are imported inside the commands that need them:
`granska --version` and `granska rules` stay fast.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from granska.checks import __version__
from granska.checks.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, GranskaError, UsageError


# Where `check` writes without --html / --out (.gitignore lists both).
SINGLE_OUT = "granska-report.html"
BATCH_OUT = "granska-report"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, like every other input error
        raise UsageError(f"{message} (see `granska {self.prog.split()[-1]} --help`)" if " " in self.prog else message)


def rule_options(sp) -> None:
    """--rules, --select, --ignore: for every command that loads the rules."""
    sp.add_argument("--rules", action="append", default=[], metavar="PATH",
                    help="egna regelpaket (fil eller katalog), utöver de inbyggda; kan upprepas")
    sp.add_argument("--select", action="append", default=[], metavar="CODES",
                    help="bara dessa regler (koder eller prefix, kommaseparerade): BUD,GOL001")
    sp.add_argument("--ignore", action="append", default=[], metavar="CODES", help="hoppa över dessa regler")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="granska", description="Granskar svenska kommunala årsrapporter: stämmer siffrorna?")
    p.add_argument("--version", action="version", version=f"granska {__version__}")
    p.add_argument("--debug", action="store_true", help="visa fullständiga fel (traceback)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    r = sub.add_parser("rules", help="lista reglerna, eller förklara en")
    r.add_argument("code", nargs="?", help="en regelkod, t.ex. GOL001")
    r.add_argument("--lang", choices=["sv", "en"], default="sv")
    rule_options(r)

    e = sub.add_parser("extract", help="läs en rapport till tabeller (CSV)")
    e.add_argument("report")
    e.add_argument("--out", required=True, help="katalog för CSV-filerna")
    e.add_argument("--xlsx", help="skriv även tabellerna som en Excel-fil")

    c = sub.add_parser("check", help="granska rapporter och skriv rapport")
    c.add_argument("paths", nargs="+", help="rapportfiler (.txt, .pdf, .xlsx), tabellkataloger eller kataloger att söka i")
    c.add_argument("--html", help="HTML-rapportens sökväg (ett dokument; standard granska-report.html)")
    c.add_argument("--out", help="katalog för batchkörning: index.html, en rapport per dokument, granska.json")
    c.add_argument("--json", help="skriv resultatet som JSON (granska/1)")
    c.add_argument("--junit", help="skriv JUnit-XML")
    c.add_argument("--sarif", help="skriv SARIF 2.1.0")
    c.add_argument("--no-html", action="store_true", help="skriv ingen HTML")
    c.add_argument("--no-pictures", action="store_true",
                   help="inga bilder av PDF-sidorna i HTML-rapporten (utsnitt kring varje fynd)")
    c.add_argument("--lang", choices=["sv", "en"], default="sv")
    c.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="error")
    c.add_argument("--fail-on-unread", action="store_true",
                   help="underkänn en rapport där något som känts igen inte kunde läsas (eller inget kunde kontrolleras)")
    c.add_argument("--min-coverage", type=_percent, metavar="PROCENT",
                   help="underkänn en rapport där mindre än PROCENT av tabellerna kunde läsas (0–100)")
    c.add_argument("--baseline", help="en tidigare JSON: bara nya fynd räknas mot grinden")
    c.add_argument("--waivers", help="YAML med undantag (fingerprint eller regel+mål, reason, who, until)")
    c.add_argument("--jobs", type=int, default=None, help="parallella processer (standard: antal kärnor)")
    c.add_argument("--timeout", type=float, default=120.0, help="tidsgräns per dokument i sekunder")
    c.add_argument("--memory-limit", type=int, default=2048, metavar="MIB",
                   help="minnesgräns per dokument (arbetsprocessens adressrymd utöver start, MiB; 0 = ingen)")
    c.add_argument("--quiet", action="store_true", help="bara slutraden")
    c.add_argument("--history", metavar="DB", help="spara körningen i en SQLite-historik och visa vad som ändrats sedan förra")
    c.add_argument("--dask", metavar="ADDRESS", help="kör på ett Dask-kluster: tcp://värd:8786, eller local (kräver granska[dask])")
    rule_options(c)

    h = sub.add_parser("history", help="lista körningarna i en historikdatabas, eller vad som ändrats mellan två")
    h.add_argument("db", help="historikdatabasen (från check --history)")
    h.add_argument("--diff", nargs="*", metavar="RUN",
                   help="fynd nya i körning B och åtgärdade sedan A: --diff A B (standard: de två senaste)")
    h.add_argument("--json", action="store_true", help="skriv som JSON")

    from granska.checks import gx  # light: great_expectations is imported only when the command runs

    gx.add_parser(sub, rule_options)
    return p


def _codes(values: list[str]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _percent(text: str) -> float:
    try:
        value = float(text.replace(",", ".").rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett tal: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"ska vara mellan 0 och 100: {text!r}")
    return value


def _check_codes(args, every_rule=None) -> None:
    """Every code or prefix in --select / --ignore names at least one rule: a typo ("FOO999")
    would otherwise select nothing and report a clean run. every_rule: the rules before
    --select / --ignore, where the caller has loaded them already."""
    from granska.checks.engine.rules import load_rules
    from granska.reports.common import BUILTIN_RULES

    codes = {r.code for r in (load_rules(args.rules) if every_rule is None else every_rule)} | set(BUILTIN_RULES)
    for option in ("select", "ignore"):
        for given in _codes(getattr(args, option)):
            if not any(code.startswith(given.upper()) for code in codes):
                raise UsageError(f"--{option} {given}: ingen regel har den koden eller det prefixet "
                                 f"(se `granska rules`)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    if debug:
        os.environ["GRANSKA_DEBUG"] = "1"  # read by the worker processes (checks.runner)
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_INPUT
        return COMMANDS[args.command](args)
    except GranskaError as exc:
        if debug:
            raise
        print(f"granska: {exc.one_line()}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("granska: avbruten", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `granska rules | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 — the last line of defence: one line, never a traceback
        if debug:
            raise
        print(f"granska: internt fel: {type(exc).__name__}: {exc} (kör med --debug för detaljer)", file=sys.stderr)
        return EXIT_INPUT


# --- rules --------------------------------------------------------------------------------

def cmd_rules(args) -> int:
    from granska.checks.engine.rules import load_rules

    _check_codes(args)
    rules = load_rules(args.rules, _codes(args.select), _codes(args.ignore))
    if args.code:
        match = [r for r in rules if r.code == args.code.upper()]
        if not match:
            raise UsageError(f"ingen regel med koden {args.code}")
        from granska.checks.engine.explain import explain  # runs the rule's example case: may import pandas

        print(explain(match[0], lang=args.lang), end="")
        return EXIT_OK
    width = max(len(r.name) for r in rules) if rules else 10
    for r in rules:
        first = r.doc.strip().splitlines()[0] if r.doc.strip() else ""
        print(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {first}")
    return EXIT_OK


# --- extract ------------------------------------------------------------------------------

def cmd_extract(args) -> int:
    from granska.checks.readers import read_document
    from granska.checks.readers.tabular import write_tables, write_xlsx

    doc = read_document(args.report)
    written = write_tables(doc, Path(args.out))
    if args.xlsx:
        write_xlsx(doc, Path(args.xlsx))
    counts = ", ".join(f"{name}: {len(df)}" for name, df in doc.tables.items() if name != "budget_columns")
    print(f"{args.report}: {counts} -> {args.out} ({len(written)} filer)")
    if doc.problems:
        from collections import Counter

        codes = Counter(p["code"] for p in doc.problems)
        listed = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in sorted(codes.items()))
        print(f"{len(doc.problems)} rader kunde inte läsas säkert ({listed}; se problems.csv och "
              f"`granska rules {min(codes)}`)")
    return EXIT_OK


# --- check --------------------------------------------------------------------------------

def cmd_check(args) -> int:
    from granska.checks import runner

    summary_stream = _check_outputs(args)
    options = {"rules": args.rules, "select": _codes(args.select), "ignore": _codes(args.ignore),
               "pictures": None if args.no_html or args.no_pictures else args.lang}
    paths = list(runner.find_reports(args.paths))
    jobs = max(1, args.jobs or os.cpu_count() or 1)
    # The workers start now: their imports (pandas, pandera: half a second) run while this
    # process loads the rules and the run's files; they get the rules when they are ready.
    pool = None if args.dask else runner.start_workers(min(jobs, len(paths)), args.timeout, args.memory_limit,
                                                          paths)
    try:
        return _check(args, paths, options, jobs, pool, summary_stream)
    finally:
        if pool is not None:
            pool.close()


def _check(args, paths, options, jobs: int, pool, summary_stream) -> int:
    from granska.checks import runner
    from granska.checks.engine.rules import load_rules, select_rules

    every_rule = load_rules(args.rules)  # rule errors stop the run before any document is read
    rules = select_rules(every_rule, options["select"], options["ignore"])
    _check_codes(args, every_rule)
    baseline = waivers = None
    if args.baseline:
        from granska.reports.baseline import load_baseline

        baseline = load_baseline(args.baseline)
    if args.waivers:
        from granska.reports.waivers import load_waivers

        waivers = load_waivers(args.waivers)
    if args.history:
        from granska.checks.history import check_history_file

        check_history_file(args.history)  # a bad history file stops the run before any document is read
    _import_outputs(args)
    checked_at = _checked_at()
    batch = len(paths) > 1 or bool(args.out)
    if batch and STREAM_BATCHES:
        return _check_streamed(args, paths, options, rules, baseline, waivers, checked_at, jobs, summary_stream, pool)
    from granska.checks.batch import Pages, collect, progress_bar, show_progress

    pages = None
    try:
        with progress_bar(len(paths), show_progress(args.quiet)) as advance:
            results = _results(args, paths, options, jobs, advance, rules, pool)
            if batch:  # each document's page as it arrives; the run keeps findings, not tables
                pages = Pages(None if args.no_html else Path(args.out or BATCH_OUT),
                              runner.build_run([], rules, checked_at), lang=args.lang, fail_on=args.fail_on,
                              deferred=baseline is not None or bool(waivers))
                documents = collect(results, pages)
            else:
                documents = list(results)
        run = runner.build_run(documents, rules, checked_at)
        from granska.reports.gate import apply_gate

        result = apply_gate(run, baseline=baseline, waivers=waivers, fail_on=args.fail_on,
                            fail_on_unread=args.fail_on_unread, min_coverage=args.min_coverage)
        run_id = None
        if args.history:
            from granska.checks.history import record_run

            run_id = record_run(args.history, run, started_at=checked_at)
        if pages is not None:
            pages.finish(run)
    finally:
        if pages is not None:
            pages.close()
    write_outputs(run, args, batch=batch, pages_written=pages is not None)
    from granska.reports.terminal import print_summary

    print_summary(run, summary_stream, quiet=args.quiet, lang=args.lang)
    _print_history(args, run_id, summary_stream)
    for d in run["documents"]:
        if d.get("error"):
            print(f"granska: {d['error']}", file=sys.stderr)
    return result.exit_code


def _print_history(args, run_id: int | None, stream) -> None:
    """check --history: what changed since the last run (new and resolved findings)."""
    if run_id is None or args.quiet:
        return
    from contextlib import closing

    from granska.checks.history import History
    from granska.reports.terminal import print_history

    with closing(History(args.history, create=False)) as h:
        print_history(h.diff(None, run_id), stream, lang=args.lang)


def _check_outputs(args):
    """`-` is standard output, for one of --json, --junit, --sarif, --html; the terminal summary
    then goes to stderr. Returns the stream for the summary."""
    from granska.reports.atomic import STDOUT_NAMES

    to_stdout = [flag for flag, value in (("--json", args.json), ("--junit", args.junit), ("--sarif", args.sarif),
                                          ("--html", args.html)) if value in STDOUT_NAMES]
    if len(to_stdout) > 1:
        raise UsageError(f"bara en utdata kan skrivas till standard ut (-), inte {' och '.join(to_stdout)}")
    if args.out == "-":
        raise UsageError("--out behöver en katalog, inte - (standard ut)")
    if args.timeout < 0 or args.memory_limit < 0:
        raise UsageError("--timeout och --memory-limit är sekunder och MiB, 0 eller mer (0 = ingen gräns)")
    return sys.stderr if to_stdout else sys.stdout


def _import_outputs(args) -> None:
    """The modules that write the run's outputs, imported while the workers start (this process
    waits for them anyway): the last document's result is not kept waiting for them."""
    import granska.checks.batch  # noqa: F401
    import granska.reports.atomic  # noqa: F401
    import granska.reports.gate  # noqa: F401
    import granska.reports.terminal  # noqa: F401

    if args.json:
        import granska.reports.jsonout  # noqa: F401
    if args.junit:
        import granska.reports.junit  # noqa: F401
    if args.sarif:
        import granska.reports.sarif  # noqa: F401
    if not args.no_html:
        from granska.reports import html

        html.prepare()


def _checked_at() -> str:
    """When the run started (UTC, seconds): shown in the HTML, stored in the history."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# A batch keeps its documents in a spool file, not in memory (checks.batch). False: the whole run
# in memory, as for a single document; the outputs are the same bytes (tests/test_streaming.py).
STREAM_BATCHES = True


def _results(args, paths, options, jobs, advance, rules=None, pool=None):
    """The documents' results as they arrive, in input order (worker processes or Dask)."""
    from granska.checks import runner

    if args.dask:
        from granska.checks import dask_backend

        return dask_backend.check_paths(paths, options, args.dask, jobs=jobs, timeout=args.timeout, progress=advance,
                                        memory_mb=args.memory_limit)
    return runner.check_paths(paths, options, jobs=jobs, timeout=args.timeout, progress=advance,
                              memory_mb=args.memory_limit, rules=rules, pool=pool)


def _check_streamed(args, paths, options, rules, baseline, waivers, checked_at: str, jobs: int,
                    summary_stream=None, pool=None) -> int:
    """cmd_check for a batch with memory flat in the number of documents.

    Each result, as it arrives: its page is drawn (checks.batch.Pages), its findings are gated
    (reports.gate.Gate: states, counts) and it goes to a spool file. After the last one the gate
    is finished (WAI001, resolved), the history recorded, deferred pages drawn, and every output
    written by reading the documents back from the spool one at a time. Same bytes as the
    in-memory path (STREAM_BATCHES = False)."""
    from granska.checks import runner
    from granska.checks.batch import Pages, Spool, progress_bar, show_progress
    from granska.reports.common import rule_list
    from granska.reports.gate import Gate

    run = runner.build_run([], rules, checked_at)  # the run without its documents
    gate = Gate(baseline, waivers, fail_on=args.fail_on, sources=[str(p) for p in paths],
                fail_on_unread=args.fail_on_unread, min_coverage=args.min_coverage)
    histories: list | None = None
    run_id = None
    with Spool() as spool:

        def docs():
            for i, doc in enumerate(spool):
                if histories is not None:
                    doc["history"] = histories[i]
                yield doc

        pages = Pages(None if args.no_html else Path(args.out or BATCH_OUT),
                      runner.build_run([], rules, checked_at), lang=args.lang, fail_on=args.fail_on,
                      deferred=baseline is not None or bool(waivers))
        try:
            with progress_bar(len(paths), show_progress(args.quiet)) as advance:
                for i, doc in enumerate(_results(args, paths, options, jobs, advance, rules, pool)):
                    pages.add(i, doc)  # draws the page (or spills its tables), drops the tables
                    gate.document(doc)
                    spool.append(doc)
            result = gate.finish(run)
            if args.history:
                from granska.checks.history import record_documents

                run_id, histories = record_documents(args.history, run, spool.__iter__, started_at=checked_at)
            pages.finish(run, docs(), rule_entries=rule_list(run, gate.tally))
        finally:
            pages.close()
        _write_streamed_outputs(run, docs, gate.tally, args, has_history=histories is not None)
        from granska.reports.terminal import print_summary_streamed

        print_summary_streamed(run, docs(), gate.tally, summary_stream or sys.stdout, quiet=args.quiet, lang=args.lang)
        _print_history(args, run_id, summary_stream or sys.stdout)
    for error in gate.tally.errors:
        print(f"granska: {error}", file=sys.stderr)
    return result.exit_code


def _write_streamed_outputs(run: dict, docs, tally, args, has_history: bool) -> None:
    """write_outputs for a streamed batch (the documents' pages are already written)."""
    from granska.reports.atomic import ensure_folder

    if args.json:
        from granska.reports.jsonout import write_json

        write_json(args.json, run, docs(), tally)
    if args.junit:
        from granska.reports.junit import write_junit

        write_junit(args.junit, run, docs(), tally, lang=args.lang)
    if args.sarif:
        from granska.reports.sarif import write_sarif

        write_sarif(args.sarif, run, docs, tally, lang=args.lang)
    if args.no_html:
        return
    from granska.reports.html import write_index

    html_dir = Path(args.out or BATCH_OUT)
    ensure_folder(html_dir)
    write_index(html_dir / "index.html", run, docs(), tally, lang=args.lang, has_history=has_history)
    if not args.json:
        from granska.reports.jsonout import write_json

        write_json(html_dir / "granska.json", run, docs(), tally)


def write_outputs(run: dict, args, batch: bool, pages_written: bool = False) -> None:
    """pages_written: the documents' own pages are already in the folder (checks.batch.Pages)."""
    from granska.checks.batch import report_name
    from granska.reports.atomic import ensure_folder, write_atomic

    html_dir = None
    if (batch or args.out) and not args.no_html:
        html_dir = Path(args.out or BATCH_OUT)
        for i, doc in enumerate(run["documents"]):
            doc["report"] = report_name(i, str(doc["source"]))  # the name checks.batch.Pages wrote it under
    if args.json:
        from granska.reports.jsonout import to_json_bytes

        write_atomic(args.json, to_json_bytes(run))
    if args.junit:
        from granska.reports.junit import to_junit_bytes

        write_atomic(args.junit, to_junit_bytes(run, lang=args.lang))
    if args.sarif:
        from granska.reports.sarif import to_sarif_bytes

        write_atomic(args.sarif, to_sarif_bytes(run, lang=args.lang))
    if args.no_html:
        return
    from granska.reports.html import render_html, render_index

    if html_dir is None:
        write_atomic(args.html or SINGLE_OUT, render_html(run, lang=args.lang))
        return
    ensure_folder(html_dir)
    for i, doc in enumerate([] if pages_written else run["documents"]):
        write_atomic(html_dir / doc["report"], render_html(run, lang=args.lang, document=i))
    write_atomic(html_dir / "index.html", render_index(run, lang=args.lang))
    if not args.json:
        from granska.reports.jsonout import to_json_bytes

        write_atomic(html_dir / "granska.json", to_json_bytes(run))


# --- history ------------------------------------------------------------------------------

def cmd_history(args) -> int:
    from granska.checks.history import cmd_history as show

    return show(args, sys.stdout)


def cmd_export_ge(args) -> int:
    from granska.checks import gx

    return gx.cmd_export_ge(args)


COMMANDS = {"rules": cmd_rules, "extract": cmd_extract, "check": cmd_check, "history": cmd_history,
            "export-ge": cmd_export_ge}


if __name__ == "__main__":
    sys.exit(main())
