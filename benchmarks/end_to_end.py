"""The sample checked end to end in-process: extract + all rules + HTML + JSON.

Prints milliseconds per stage, the total and its ratio to the floor of reading and splitting the
file (target: <= 20x). Run: python benchmarks/end_to_end.py [--profile]
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _timing import best_of, floor_read_split  # noqa: E402

SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"


def main() -> None:
    from granska.checks.engine.rules import load_rules
    from granska.checks.engine.run import check_document
    from granska.checks.readers.text import read_text_file
    from granska.checks.runner import build_run, document_result
    from granska.reports.html import render_html
    from granska.reports.jsonout import to_json_bytes

    rules = load_rules()

    def whole() -> None:
        run = build_run([document_result(SAMPLE, rules)], rules, "2026-01-01T00:00:00+00:00")
        render_html(run)
        to_json_bytes(run)

    whole()  # warm
    doc = read_text_file(SAMPLE)
    run = build_run([document_result(SAMPLE, rules)], rules, "2026-01-01T00:00:00+00:00")
    floor = floor_read_split(SAMPLE)
    stages = {
        "extract": best_of(lambda: read_text_file(SAMPLE), 5),
        "rules": best_of(lambda: check_document(doc, rules), 5),
        "html": best_of(lambda: render_html(run), 5),
        "json": best_of(lambda: to_json_bytes(run), 5),
    }
    total = best_of(whole, 5)
    # What the design fixes in the path, measured alone: pandera's lazy validation of the
    # extracted tables (docs: "tables validated by pandera") — a lower bound for any reader.
    from granska.checks import model

    validation = best_of(lambda: model.validate(doc.tables), 5)
    print(f"floor (read + split):   {floor * 1000:8.2f} ms")
    for name, t in stages.items():
        print(f"{name:<22}  {t * 1000:8.2f} ms")
    print(f"end to end:             {total * 1000:8.2f} ms")
    print(f"ratio end-to-end/floor: {total / floor:8.1f}x   (target <= 20x)")
    print(f"pandera validation alone: {validation * 1000:6.2f} ms = {validation / floor:.1f}x the floor "
          f"(the target's whole budget is {20 * floor * 1000:.1f} ms)")
    if "--profile" in sys.argv:
        from pyinstrument import Profiler

        p = Profiler()
        p.start()
        for _ in range(3):
            whole()
        p.stop()
        print(p.output_text(unicode=True, color=False, show_all=False)[:6000])


if __name__ == "__main__":
    main()
