"""granska's budget rules (BUD001–BUD006) against the same checks run by Great Expectations.

Both sides work on the same document: granska reads the report and runs its BUD rules; GX gets
the tables granska extracted (checks/gx.py derives one table per rule from the compiled rules),
builds an ephemeral context, the suites, and validates them in-process on pandas. Prints, in milliseconds:

  warm (in one process, after a first run; median and best of --repeat):
    granska  read + BUD rules         the whole budget check
    granska  BUD rules only
    GX       read + derive + context + suites + validation
    GX       derive + context + suites + validation, and each stage alone
  import of great_expectations: the first import in this process (pandas already loaded), and
    cold in fresh interpreters
  cold (fresh interpreter each time, imports included): granska read + BUD vs GX read + derive +
    context + suites + validation

and the ratios GX / granska (target: granska >= 10x faster). No assertions.
Needs the optional extra: pip install 'granska[ge]'.
Run: python benchmarks/gx_vs_granska.py [REPORT] [--repeat N] [--cold N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(ts: list[float]) -> str:
    return f"median {statistics.median(ts) * 1000:9.2f} ms   best {min(ts) * 1000:9.2f} ms"


COLD_GRANSKA = """
import time; t = time.perf_counter()
from granska.checks.readers import read_document
from granska.checks.engine.rules import load_rules
from granska.checks.engine.run import check_document
check_document(read_document({path!r}), load_rules(select=["BUD"]))
print(time.perf_counter() - t)
"""

COLD_GX = """
import time; t = time.perf_counter()
from granska.checks.readers import read_document
from granska.checks.engine.rules import load_rules
from granska.checks import gx
gx.run_suite(read_document({path!r}), load_rules(select=["BUD"]))
print(time.perf_counter() - t)
"""

COLD_IMPORT = """
import time; t = time.perf_counter()
import great_expectations, great_expectations.expectations
print(time.perf_counter() - t)
"""


def cold(code: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", nargs="?", default=str(SAMPLE))
    ap.add_argument("--repeat", type=int, default=15, help="warm repetitions (default 15)")
    ap.add_argument("--cold", type=int, default=3, help="fresh-interpreter repetitions (default 3)")
    args = ap.parse_args()
    path = args.report

    from granska.checks.engine.rules import load_rules
    from granska.checks.engine.run import check_document
    from granska.checks.readers import read_document

    # granska, warm
    rules = load_rules(select=["BUD"])
    doc = read_document(path)
    check_document(doc, rules)
    g_all = timed(lambda: check_document(read_document(path), load_rules(select=["BUD"])), args.repeat)
    g_rules = timed(lambda: check_document(doc, rules), args.repeat)
    g_read = timed(lambda: read_document(path), args.repeat)
    g_load = timed(lambda: load_rules(select=["BUD"]), args.repeat)

    # the first import of GX in this process (pandas is already loaded)
    t = time.perf_counter()
    try:
        import great_expectations  # noqa: F401
        import great_expectations.expectations  # noqa: F401
    except ImportError:
        print("great_expectations saknas: pip install 'granska[ge]'", file=sys.stderr)
        raise SystemExit(2) from None
    gx_import_here = time.perf_counter() - t
    from granska.checks import gx

    gx.run_suite(doc, rules)  # warm: first suite build and validation register GX's metric providers
    frames = gx.derive_tables(doc, rules)
    x_all = timed(lambda: gx.run_suite(read_document(path), rules), args.repeat)
    x_check = timed(lambda: gx.run_suite(doc, rules), args.repeat)
    x_derive = timed(lambda: gx.derive_tables(doc, rules), args.repeat)
    x_context = timed(lambda: gx._context(great_expectations), args.repeat)
    x_suites = timed(lambda: gx.build_suites(rules), args.repeat)
    suites = gx.build_suites(rules)
    x_validate = timed(lambda: gx.validate(frames, suites), args.repeat)  # includes its own context

    import_cold = cold(COLD_IMPORT, args.cold)
    g_cold = cold(COLD_GRANSKA.format(path=path), args.cold)
    x_cold = cold(COLD_GX.format(path=path), args.cold)

    n_rows = {k: len(v) for k, v in frames.items()}
    print(f"report: {path}")
    print(f"budget rows: {len(doc.tables['budget'])}; derived tables: {n_rows}; GX failures: "
          f"{sum(len(v) for v in gx.run_suite(doc, rules).values())}, granska BUD findings: {len(check_document(doc, rules))}")
    print(f"\nwarm, {args.repeat} repetitions")
    print(f"  granska read + load rules + BUD rules       {ms(g_all)}")
    print(f"     read the report                          {ms(g_read)}")
    print(f"     load the BUD rules                       {ms(g_load)}")
    print(f"     BUD rules on the tables                  {ms(g_rules)}")
    print(f"  GX read + derive + context + suites + valid. {ms(x_all)}")
    print(f"  GX derive + context + suites + validation   {ms(x_check)}")
    print(f"     derive tables (pandas, no GX)            {ms(x_derive)}")
    print(f"     ephemeral context                        {ms(x_context)}")
    print(f"     build 6 suites (one expectation each)    {ms(x_suites)}")
    print(f"     validate 6 batches (incl. a context)     {ms(x_validate)}")
    print("\nimport great_expectations")
    print(f"  first import in this process               {gx_import_here * 1000:9.2f} ms")
    print(f"  cold, fresh interpreter ({args.cold}x)            {ms(import_cold)}")
    print(f"\ncold, fresh interpreter each ({args.cold}x), imports included")
    print(f"  granska read + BUD rules                    {ms(g_cold)}")
    print(f"  GX read + derive + context + suites + valid. {ms(x_cold)}")

    med = statistics.median
    gx_import = med(import_cold)
    print("\nratios GX / granska (target >= 10x)")
    print(f"  GX on the tables / granska read + BUD, warm              {med(x_check) / med(g_all):8.1f}x")
    print(f"  GX import (cold) + GX on the tables / granska read + BUD {(gx_import + med(x_check)) / med(g_all):8.1f}x")
    print(f"  GX read + tables / granska read + BUD, warm              {med(x_all) / med(g_all):8.1f}x")
    print(f"  GX on the tables / granska load rules + BUD rules, warm  {med(x_check) / (med(g_load) + med(g_rules)):8.1f}x")
    print(f"  GX on the tables / granska BUD rules on the tables, warm {med(x_check) / med(g_rules):8.1f}x")
    print(f"  cold interpreters, imports included, read included       {med(x_cold) / med(g_cold):8.1f}x")


if __name__ == "__main__":
    main()
