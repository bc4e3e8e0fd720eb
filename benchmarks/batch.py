"""A nightly batch: 500 generated and mutated reports checked with --jobs 1 and --jobs 2.

Prints documents per second, the speed-up of two worker processes over one (target >= 1.7x on
2 cores) and peak resident memory: the main granska process (which draws every document's HTML
page, keeps the run's counts and streams the findings through a spool file) and the largest
worker. Memory should be flat in the number of documents, so the main process's peak is also
measured for batches of 50 and 1 000 documents (--sizes): it should be nearly the same at all
sizes.

Each configuration runs `granska check DIR --out OUT --jobs N` in a fresh Python process, so
peak RSS (getrusage RUSAGE_SELF and RUSAGE_CHILDREN, maxrss) belongs to that run alone.
Run: python benchmarks/batch.py [--n 500] [--sizes 50,500,1000] [--no-html] [--history]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("budget_cell", "status", "period", "men_women", "outcome", "copy_only")


def make_batch(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """n generated reports, each with one mutation (a planted inconsistency) where possible."""
    sys.path.insert(0, str(ROOT))
    from tests.support.generator import generate, mutate

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(seed, seed + n):
        rng = random.Random(s)
        report = generate(s)
        try:
            report, _ = mutate(report, rng.choice(KINDS), rng)
        except ValueError:
            pass  # nothing of that kind in this report: keep it as generated
        path = folder / f"r{s:05d}.txt"
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


def child(argv: list[str]) -> None:
    """Runs in a fresh process: one granska check, then its time and peak RSS as JSON."""
    import resource

    sys.path.insert(0, str(ROOT))
    from granska.checks.cli import main

    t = time.perf_counter()
    code = main(argv)
    elapsed = time.perf_counter() - t
    kib = 1 if sys.platform != "darwin" else 1 / 1024  # ru_maxrss: KiB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    main_cpu = own.ru_utime + own.ru_stime
    cpu = main_cpu + kids.ru_utime + kids.ru_stime
    print(json.dumps({"exit": code, "seconds": elapsed, "cpu_seconds": cpu, "main_cpu_seconds": main_cpu,
                      "main_kib": own.ru_maxrss * kib, "worker_kib": kids.ru_maxrss * kib}))


def run(folder: Path, out: Path, jobs: int, html: bool, history: Path | None) -> dict:
    argv = ["check", str(folder), "--out", str(out), "--jobs", str(jobs), "--quiet", "--fail-on", "never"]
    if not html:
        argv.append("--no-html")
    if history is not None:
        argv += ["--history", str(history)]
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(argv)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"granska failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["exit"] == 2:
        sys.exit(f"granska exited 2 (an unreadable document?):\n{proc.stderr}")
    return result


def mib(kib: float) -> str:
    return f"{kib / 1024:7.1f} MiB"


def subset(folder: Path, paths: list[Path], n: int) -> Path:
    """A folder with the first n reports (hard links, else copies)."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in paths[:n]:
        try:
            os.link(p, folder / p.name)
        except OSError:
            (folder / p.name).write_bytes(p.read_bytes())
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--sizes", default="50,500,1000",
                    help="batch sizes whose main-process peak RSS is compared (--jobs 2)")
    ap.add_argument("--no-html", action="store_true", help="skip the per-document pages")
    ap.add_argument("--history", action="store_true", help="also record each run in a history DB")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    html = not args.no_html
    sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    with tempfile.TemporaryDirectory(prefix="granska-bench-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        everything = make_batch(tmp / "all", max([args.n, *sizes]))
        print(f"generated {len(everything)} mutated reports in {time.perf_counter() - t:.1f} s "
              f"({os.cpu_count()} cores; html {'on' if html else 'off'})")
        reports = subset(tmp / "reports", everything, args.n)
        history = (tmp / "history.db") if args.history else None
        results = {}
        for jobs in (1, 2):
            load = os.getloadavg()[0]
            results[jobs] = r = run(reports, tmp / f"out{jobs}", jobs, html, history)
            print(f"--jobs {jobs}: {r['seconds']:6.1f} s  {args.n / r['seconds']:6.1f} documents/s  "
                  f"CPU {r['cpu_seconds']:6.1f} s (main {r['main_cpu_seconds']:5.1f} s)  peak RSS main {mib(r['main_kib'])}, "
                  f"largest worker {mib(r['worker_kib'])}  (load average before: {load:.2f})")
        speedup = results[1]["seconds"] / results[2]["seconds"]
        print(f"speed-up --jobs 2 / --jobs 1: {speedup:.2f}x   (target >= 1.7x on 2 cores)")
        if max(os.getloadavg()[0], load) > 0.5 + 0.5 * (speedup < 1.7):
            print("  note: other processes were using the CPU; the speed-up is a lower bound. "
                  f"CPU time --jobs 2 / --jobs 1: {results[2]['cpu_seconds'] / results[1]['cpu_seconds']:.2f}x "
                  "(near 1.0 = no parallel overhead)")
            # on an idle machine the run takes at least half the CPU work, or the main process's part
            c2 = results[2]
            bound = results[1]["cpu_seconds"] / max(c2["cpu_seconds"] / 2, c2["main_cpu_seconds"])
            print(f"  speed-up the CPU times allow on 2 idle cores: {bound:.2f}x")
        print("memory flat? peak RSS, --jobs 2:")
        for n in sizes:
            r = results[2] if n == args.n else run(subset(tmp / f"n{n}", everything, n), tmp / f"out-{n}", 2, html, None)
            print(f"  {n:5d} documents: main process {mib(r['main_kib'])}, largest worker {mib(r['worker_kib'])}"
                  f"  ({r['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
