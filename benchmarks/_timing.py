"""Small shared timing helpers for the benchmark scripts (best of N, in one process)."""
from __future__ import annotations

import time
from typing import Callable


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """Best wall time in seconds over `repeat` runs: the least disturbed measurement."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def floor_read_split(path) -> float:
    """The floor every benchmark is compared to: read the file and split its lines."""
    def read() -> None:
        with open(path, encoding="utf-8") as fh:
            fh.read().split("\n")
    return best_of(read, 21)
