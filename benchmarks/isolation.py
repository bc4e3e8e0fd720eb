"""What reading every document in a killable worker process costs (checks.workers).

`granska check` on one small generated report and on the sample, each in a fresh interpreter
(best of 7), as granska runs it (the document in a worker process with a deadline and a memory
limit) and with the document read in the granska process itself (runner.document_result, no
isolation: what it did before). Also a batch of 40 small reports with --jobs 1 both ways.
Prints milliseconds and the overhead of isolation, absolute and as a ratio, measured in one run.
Run: python benchmarks/isolation.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"

IN_PROCESS = """
import sys
from granska.checks import cli, runner
def check_paths(paths, options, jobs=1, timeout=None, progress=None, memory_mb=None):
    rules = runner.rules_for(options)
    for p in paths:
        yield runner.safe_document_result(p, rules, timeout)
runner.check_paths = check_paths
sys.exit(cli.main(sys.argv[1:]))
"""


def cold(argv: list[str], isolated: bool, repeat: int = 7) -> float:
    from startup import cold as best_cold  # benchmarks/startup.py: a fresh interpreter, best of N

    cmd = [sys.executable, "-m", "granska.checks", *argv] if isolated else [sys.executable, "-c", IN_PROCESS, *argv]
    return best_cold(cmd, repeat)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from tests.support.generator import generate

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(generate(7).text, encoding="utf-8")
        batch = Path(tmp) / "batch"
        batch.mkdir()
        for s in range(40):
            (batch / f"r{s:03d}.txt").write_text(generate(100 + s).text, encoding="utf-8")
        cases = {
            f"one small report ({small.stat().st_size // 1024} KB)": ["check", str(small), "--no-html"],
            f"the sample ({SAMPLE.stat().st_size // 1024} KB)": ["check", str(SAMPLE), "--no-html"],
            "40 small reports, --jobs 1": ["check", str(batch), "--no-html", "--jobs", "1"],
        }
        print(f"{'case':<32} {'in-process':>11} {'worker':>9} {'overhead':>10}")
        for name, argv in cases.items():
            argv = [*argv, "--quiet", "--fail-on", "never"]
            repeat = 3 if "40" in name else 7
            plain, isolated = cold(argv, False, repeat), cold(argv, True, repeat)
            print(f"{name:<32} {plain * 1000:9.0f} ms {isolated * 1000:6.0f} ms "
                  f"{(isolated - plain) * 1000:+7.0f} ms ({isolated / plain:.2f}x)")


if __name__ == "__main__":
    main()
