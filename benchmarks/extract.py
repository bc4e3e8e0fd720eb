"""Time to extract the sample into tables, and its ratio to just reading and splitting lines.

Run: python benchmarks/extract.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _timing import best_of, floor_read_split  # noqa: E402

from granska.checks.readers.text import read_text_file  # noqa: E402

SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"


def main() -> None:
    read_text_file(SAMPLE)  # warm: imports, schema objects
    floor = floor_read_split(SAMPLE)
    extract = best_of(lambda: read_text_file(SAMPLE), 7)
    print(f"floor (read + split lines): {floor * 1000:8.2f} ms")
    print(f"extract (tables + pandera): {extract * 1000:8.2f} ms")
    print(f"ratio extract / floor:      {extract / floor:8.1f}x")


if __name__ == "__main__":
    main()
