"""Cold start-up: `granska --version`, `granska rules` and `granska check` on the sample, each
in a fresh interpreter (best of 5), plus the slowest imports of `check` (python -X importtime).

Targets: --version and rules <= 0.3 s without pandas; check on the sample <= 1.5 s.
Run: python benchmarks/startup.py
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "granska --version": [sys.executable, "-m", "granska.checks", "--version"],
    "granska rules": [sys.executable, "-m", "granska.checks", "rules"],
    "granska check sample": [sys.executable, "-m", "granska.checks", "check", str(SAMPLE), "--html", "/tmp/granska-bench.html",
                             "--json", "/tmp/granska-bench.json", "--fail-on", "never", "--quiet"],
}


def cold(cmd: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def import_breakdown(cmd: list[str], top: int = 12) -> list[tuple[float, str]]:
    out = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, capture_output=True, text=True)
    rows = []
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(2)) <= 2:  # top-level and first-level packages
            rows.append((int(m.group(1)) / 1e6, m.group(3)))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    floor = None
    for name, cmd in COMMANDS.items():
        t = cold(cmd)
        floor = floor or t
        print(f"{name:<26} {t * 1000:8.1f} ms   ({t / floor:4.1f}x python start-up)")
    print("\nslowest imports of `granska check` (cumulative):")
    for seconds, module in import_breakdown(COMMANDS["granska check sample"]):
        print(f"  {seconds * 1000:8.1f} ms  {module}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # `python benchmarks/startup.py | head`
        pass
