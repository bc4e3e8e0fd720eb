"""Rule time against report size: the sample's tables replicated k = 1, 2, 4, 8, 16 times.

Each replica is the sample's report body again with its own goal ids (inriktningsmål n becomes
n + 10·r, so 1.4 of the third replica is 21.4), its own budget table titles and its own lines, as
a report k times as long would be; concatenating the text itself would repeat the goal ids and
make every goal's rows k times as many, which is not a longer report but a stranger one.

For every rule (and all rules together) it prints the time on the sample once and the ratio
time(k) / (k · time(1)), measured in one run: about 1 for a rule linear in the report's size, k
for one that is quadratic. Run: python benchmarks/rules_scaling.py [--sizes 1,2,4,8,16]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _timing import best_of  # noqa: E402

SAMPLE = ROOT / "datasets" / "stockholm-ks-vb-2017.txt"
LINE_COLUMNS = ("line", "end_line", "value_line", "analysis_line", "analysis_end", "deviation_line")
GOAL_COLUMNS = {"goals": ("id", "parent"), "indicators": ("goal",), "activities": ("goal",), "claims": ("goal",)}


def _shift_goal(value, r: int):
    """Goal id of replica r: the inriktningsmål's number moved by 10·r ("1.4-N2" -> "21.4-N2")."""
    if not isinstance(value, str) or not value:
        return value
    m = re.match(r"^(\d+)(.*)$", value)
    return f"{int(m.group(1)) + 10 * r}{m.group(2)}" if m else value


def replicate(doc, k: int):
    """The document's body k times over, each replica with its own goal ids, tables and lines."""
    import pandas as pd

    from granska.checks.document import Document

    n = len(doc.lines)
    tables = {}
    for name, df in doc.tables.items():
        parts = []
        for r in range(k):
            part = df.copy()
            for col in LINE_COLUMNS:
                if col in part:
                    part[col] = part[col] + r * n
            for col in GOAL_COLUMNS.get(name, ()):
                part[col] = [_shift_goal(v, r) for v in part[col]]
            if name in ("budget", "budget_columns"):
                part["table"] = [f"{t} ({r + 1})" for t in part["table"]]
            parts.append(part)
        tables[name] = pd.concat(parts, ignore_index=True)
    return Document(meta={**doc.meta, "lines": n * k}, tables=tables, lines=doc.lines * k, pages={},
                    problems=[], inventory=[])


def main() -> None:
    import gc

    from granska.checks.engine.context import Context
    from granska.checks.engine.forms import FORMS
    from granska.checks.engine.rules import load_rules
    from granska.checks.engine.run import check_document
    from granska.checks.readers.text import read_text_file

    sizes = [1, 2, 4, 8, 16]
    if "--sizes" in sys.argv:
        sizes = [int(x) for x in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    rules = load_rules()
    base = read_text_file(SAMPLE)
    docs = {k: replicate(base, k) for k in sizes}

    def one_rule(rule, doc):
        ctx = Context(doc)  # fresh: the rule also builds the rows it reads
        return FORMS[rule.form].evaluate(rule, ctx)

    times: dict[str, dict[int, float]] = {}
    gc.collect()
    gc.disable()  # as timeit does: a collection of the larger heap would be charged to whichever rule ran
    for rule in rules:
        times[rule.code] = {k: best_of(lambda: one_rule(rule, docs[k]), 5) for k in sizes}
    times["all rules"] = {k: best_of(lambda: check_document(docs[k], rules), 5) for k in sizes}
    gc.enable()

    head = "".join(f"   ×{k:<3}" for k in sizes[1:])
    print(f"time(k) / (k · time(1)) for the sample's tables replicated k times (1 = linear, k = quadratic)")
    print(f"{'rule':<10} {'time(1)':>9}  {head}")
    worst = ("", 0.0)
    for code, t in times.items():
        ratios = [t[k] / (k * t[sizes[0]]) for k in sizes[1:]]
        print(f"{code:<10} {t[sizes[0]] * 1000:7.2f} ms " + "".join(f"  {x:6.2f}" for x in ratios))
        if code != "all rules" and t[sizes[0]] > 0.0005 and ratios[-1] > worst[1]:
            worst = (code, ratios[-1])
    print(f"largest ratio at ×{sizes[-1]} among rules taking > 0.5 ms: {worst[0]} {worst[1]:.2f}")


if __name__ == "__main__":
    main()
