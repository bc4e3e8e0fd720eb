"""Export granska's sum and relation rules as Great Expectations (GX Core 1.x) Expectation Suites.

`granska export-ge REPORT [--rules MINE/] --out DIR` writes, for every loaded rule of form `sum` or
`relation` that can be written as numbers GX compares (the built-in rules and the user's own
alike), one derived table `CODE.csv` (the report's checks of that rule) and one suite
`granska_CODE.json` (as `gx.ExpectationSuite(...).to_json_dict()` writes it), plus
`granska_export.json`: what was exported and what was not, and why.

The translation is generic, from the compiled rule; nothing here knows a rule by its code. The
rows are the very checks the rule's form makes (one implementation of each form's semantics):

- sum (checks.engine.forms.sums.checks): one row per total cell checked — the rule's group_by,
  pairs, selectors, `unless`, `flat_only` and `unsigned_parts` decide which — with `parts_sum`
  (the reading of the parts closest to the total), `printed`, `difference` = |parts − total| and
  `tolerance` = the intervals' half-widths;
- relation (checks.engine.forms.relation.rows_checked): one row per row where `when` holds, with
  the `convention` the row's table follows (granska's majority vote, taken at export: a vote is no
  GX expectation) when that convention is one comparison of numbers (== < <= > >=): `left`,
  `right` (the two sides), `difference` (|left − right| for ==, left − right for < and <=, the
  reverse for > and >=) and `tolerance`.

Tolerances are the printed figures' own rounding (½·10^-d each, XBRL Calculations 1.1, via
checks/engine/intervals.py) plus its float slack (1e-12 of the largest magnitude involved, far
below any printed half unit), so GX decides exactly as granska does. Each suite holds one
ExpectColumnPairValuesAToBeGreaterThanB(column_A="tolerance", column_B="difference", or_equal
for all but < and >, ignore_row_if="either_value_is_missing"): a row whose check does not apply (a
missing figure, a side that cannot be computed) has empty cells and is skipped, as granska skips
it. GX Core has no expectation that adds columns within a tolerance on pandas
(ExpectMulticolumnSumToEqual is exact; UnexpectedRowsExpectation runs SQL), so the arithmetic is
done here, in granska's interval terms, and GX checks the comparison row by row.

Not exported (said in granska_export.json and by the command): other forms, and a relation whose
expression is not one comparison (and/or, in, met()), compares with !=, reads a column the table
model (checks/model.py) does not type as a number (text such as `unit`), or mixes strict and
non-strict comparisons among its conventions.

Great Expectations is an optional extra (`pip install 'granska[ge]'`). It is imported only inside
the functions that need it: `granska check` never loads it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from granska.checks.errors import EXIT_OK, UsageError

EXTRA_HINT = "Great Expectations saknas: installera tillägget med pip install 'granska[ge]' (GX Core 1.x)"
FORMS = ("sum", "relation")
INDEX = ["copy", "line", "subject", "column"]  # what GX reports for a failing row
SUM_COLUMNS = ["copy", "line", "subject", "table", "section", "item", "column", "parts_sum", "printed",
               "difference", "tolerance"]
RELATION_COLUMNS = ["copy", "line", "subject", "table", "section", "item", "goal", "name", "column", "convention",
                    "left", "right", "difference", "tolerance"]
NUMERIC_KINDS = ("num", "int", "Int64")
NUMERIC_CONTEXT = ("report_year",)  # of the context names (checks.engine.forms.common); report_kind is text
STRICT = {"<": True, ">": True, "==": False, "<=": False, ">=": False}


# --- which rules translate ------------------------------------------------------------------

def _numeric_names(table: str) -> set[str]:
    """Names an expression on `table` may read as numbers: the model's numeric columns, the
    budget's value roles and cost_sign, report_year."""
    from granska.checks.engine.forms.common import BUDGET_DERIVED, BUDGET_ROLES
    from granska.checks.model import TABLE

    names = {c.name for c in TABLE[table].columns if c.kind in NUMERIC_KINDS} | set(NUMERIC_CONTEXT)
    return names | set(BUDGET_ROLES) | set(BUDGET_DERIVED) if table == "budget" else names


def untranslatable(rule) -> str | None:
    """Why a sum or relation rule cannot be written as a GX suite, or None when it can."""
    if rule.form == "sum":
        return None
    c = rule.compiled
    numeric = _numeric_names(c["table"])
    for expr in c["exprs"]:
        op = expr.comparison()
        if op is None:
            return f"{expr.source!r} är inte en enda jämförelse (and/or, in, en funktion)"
        if op not in STRICT:
            return f"{expr.source!r}: {op} har inget avstånd att pröva"
        other = sorted(expr.names() - numeric)
        if other:
            return f"{expr.source!r} läser {', '.join(other)}, som inte är tal i tabellmodellen"
    if len({STRICT[e.comparison()] for e in c["exprs"]}) > 1:
        return "konventionerna blandar < och <= (en förväntan per regel)"
    return None


def translatable(rules) -> tuple[list, dict[str, str]]:
    """(the sum and relation rules that export, {code: why not} for the other sum/relation rules).
    Rules of other forms (status, claim, copies …) are no candidates."""
    out, skipped = [], {}
    for r in rules:
        if r.form not in FORMS:
            continue
        why = untranslatable(r)
        if why is None:
            out.append(r)
        else:
            skipped[r.code] = why
    return out, skipped


def _strict(rule) -> bool:
    return rule.form == "relation" and STRICT[rule.compiled["exprs"][0].comparison()]


# --- deriving the tables (pandas only) ------------------------------------------------------

def _distance(op: str, a, b) -> tuple[float, float]:
    """(difference, tolerance) such that the comparison holds, as granska decides it on the
    intervals a and b, exactly when tolerance >= difference (> for the strict < and >)."""
    from granska.checks.engine.intervals import slack

    if op in (">", ">="):
        a, b = b, a
    s = slack(a, b)
    rounding = a.half_width + b.half_width
    if op == "==":
        return abs(a.mid - b.mid), rounding + s
    if op in ("<", ">"):
        return a.mid - b.mid, rounding - s
    return a.mid - b.mid, rounding + s


def _sum_rows(rule, ctx) -> list[dict]:
    from granska.checks.engine.forms.sums import checks
    from granska.checks.engine.intervals import slack

    out = []
    for chk in checks(rule, ctx):
        t = chk.total
        # the reading closest to holding: the one the table most plausibly means
        best = min(((abs(r.mid - chk.total_iv.mid), r.half_width + chk.total_iv.half_width + slack(r, chk.total_iv), r)
                    for r, _ in chk.readings), key=lambda x: x[0] - x[1])
        out.append({"copy": chk.copy, "line": int(t["line"]), "subject": chk.subject, "table": t["table"],
                    "section": t["section"], "item": t["item"], "column": chk.column,
                    "parts_sum": round(best[2].mid, chk.decimals), "printed": float(t[chk.column]),
                    "difference": best[0], "tolerance": best[1]})
    return out


def _relation_rows(rule, ctx) -> list[dict]:
    from granska.checks.engine.expr import ExprError
    from granska.checks.engine.forms.relation import rows_checked, subject_of
    from granska.checks.engine.intervals import Interval

    c = rule.compiled
    table = c["table"]
    out = []
    for copy, row, env, pick, roles in rows_checked(rule, ctx):
        expr = c["exprs"][pick]
        try:
            a, b = expr.sides(env)
        except ExprError:
            a = b = None
        rec = {"copy": copy, "line": int(row["line"]), "subject": subject_of(table, row),
               "table": row.get("table"), "section": row.get("section"), "item": row.get("item"),
               "goal": row.get("goal"), "name": row.get("name"),
               "column": roles.get(row.get("table"), {}).get("deviation") if table == "budget" else None,
               "convention": expr.source, "left": None, "right": None, "difference": None, "tolerance": None}
        if isinstance(a, Interval) and isinstance(b, Interval):
            rec["left"], rec["right"] = a.mid, b.mid
            rec["difference"], rec["tolerance"] = _distance(expr.comparison(), a, b)
        out.append(rec)
    return out


def derive_tables(doc, rules=None) -> dict[str, Any]:
    """code -> the rule's checks on this document as a pandas DataFrame (see the module doc)."""
    import pandas as pd

    from granska.checks.engine.context import Context

    rules, _ = translatable(_default(rules))
    ctx = Context(doc)
    frames = {}
    for rule in rules:
        if rule.form == "sum":
            frames[rule.code] = pd.DataFrame(_sum_rows(rule, ctx), columns=SUM_COLUMNS)
        else:
            frames[rule.code] = pd.DataFrame(_relation_rows(rule, ctx), columns=RELATION_COLUMNS)
        frames[rule.code]["copy"] = frames[rule.code]["copy"].astype("Int64")
        frames[rule.code]["line"] = frames[rule.code]["line"].astype("Int64")
    return frames


def _default(rules):
    if rules is None:
        from granska.checks.engine.rules import load_rules

        return load_rules()
    return rules


# --- the suites (need GX) -------------------------------------------------------------------

def _import_gx():
    try:
        import great_expectations as gx
        import great_expectations.expectations as gxe
    except ImportError:
        raise UsageError(EXTRA_HINT) from None
    return gx, gxe


def _context(gx):
    """A fresh in-memory (ephemeral) GX project, progress bars off. GX needs an active project even
    to build a suite."""
    from great_expectations.data_context.types.base import (DataContextConfig, InMemoryStoreBackendDefaults,
                                                            ProgressBarsConfig)

    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
                               progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
                               analytics_enabled=False)
    return gx.get_context(mode="ephemeral", project_config=config)


def suite_name(code: str) -> str:
    return f"granska_{code}"


def build_suites(rules=None, doc=None, context=None) -> dict[str, Any]:
    """code -> gx.ExpectationSuite for every rule that translates."""
    gx, gxe = _import_gx()
    if context is None:
        context = _context(gx)
    from granska.checks import __version__

    rules, _ = translatable(_default(rules))
    suites = {}
    for rule in rules:
        meta = {"granska": {
            "version": __version__, "rule": rule.code, "name": rule.name, "form": rule.form, "spec": rule.spec,
            "pack": rule.pack, "data": f"{rule.code}.csv", "doc": rule.doc.strip(),
            "tolerance": "the printed figures' rounding (½·10^-d each, XBRL Calculations 1.1) plus float slack "
                         "(1e-12 of the largest magnitude involved)",
            "skipped": "rows whose check does not apply (a missing figure) have empty difference/tolerance "
                       "and are ignored",
        }}
        if rule.form == "relation":
            meta["granska"]["convention"] = ("the convention most checked rows of the table satisfy (granska's "
                                             "majority vote, taken at export)")
        if doc is not None:
            meta["granska"].update({"source": doc.meta.get("source"), "sha256": doc.meta.get("sha256")})
        suite = gx.ExpectationSuite(name=suite_name(rule.code), meta=meta)
        strict = _strict(rule)
        suite.add_expectation(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="tolerance", column_B="difference", or_equal=not strict, ignore_row_if="either_value_is_missing",
            meta={"granska_rule": rule.code, "granska_name": rule.name,
                  "reads": f"tolerance {'>' if strict else '>='} difference"}))
        suites[rule.code] = suite
    return suites


def export_suite(doc, out_dir, rules=None) -> list[Path]:
    """Write every translatable rule's derived table (CSV, UTF-8) and suite (JSON), and
    granska_export.json (exported and skipped rules), to out_dir; return the paths."""
    rules = _default(rules)
    suites = build_suites(rules, doc)
    frames = derive_tables(doc, rules)
    _, skipped = translatable(rules)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for code, suite in suites.items():
        path = out / f"{code}.csv"
        frames[code].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        spath = out / f"{suite_name(code)}.json"
        spath.write_text(json.dumps(suite.to_json_dict(), ensure_ascii=False, indent=2, default=str) + "\n",
                         encoding="utf-8")
        written += [path, spath]
    manifest = out / "granska_export.json"
    manifest.write_text(json.dumps({
        "source": doc.meta.get("source"), "exported": sorted(suites), "not_translated": dict(sorted(skipped.items())),
        "other_forms": sorted(r.code for r in rules if r.form not in FORMS)}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    return written + [manifest]


def load_suite(path) -> Any:
    """An exported suite JSON back as a gx.ExpectationSuite."""
    gx, _ = _import_gx()
    _context(gx)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return gx.ExpectationSuite(**data)


def validate(frames: dict[str, Any], suites: dict[str, Any]) -> list[dict]:
    """Run the suites on the frames (same keys) in an ephemeral GX context; the failing rows, one
    dict each: {rule, copy, line, subject, column}."""
    gx, _ = _import_gx()
    context = _context(gx)
    source = context.data_sources.add_pandas("granska")
    failures: list[dict] = []
    for code, suite in suites.items():
        batch_def = source.add_dataframe_asset(code).add_batch_definition_whole_dataframe("all")
        batch = batch_def.get_batch(batch_parameters={"dataframe": frames[code]})
        result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": INDEX})
        for r in result.results:
            if r.success:
                continue
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX: {code}: {r.exception_info.get('exception_message')}")
            for idx in r.result.get("unexpected_index_list") or []:
                failures.append({"rule": code, **{c: _plain(idx.get(c)) for c in INDEX}})
    return failures


def _plain(v: Any) -> Any:
    if v is None:
        return None
    try:
        if v != v:  # NaN
            return None
    except TypeError:  # pandas.NA
        return None
    return v.item() if hasattr(v, "item") else v


def run_suite_detailed(doc, rules=None) -> list[dict]:
    """Every failing check GX finds on the document: {rule, copy, line, subject, column}."""
    rules = _default(rules)
    return validate(derive_tables(doc, rules), build_suites(rules))


def run_suite(doc, rules=None) -> dict[str, list[str]]:
    """code -> sorted subjects of the failing checks, over all copies (GX in-process, pandas)."""
    rules = _default(rules)
    out: dict[str, set] = {r.code: set() for r in translatable(rules)[0]}
    for f in run_suite_detailed(doc, rules):
        out[f["rule"]].add(f["subject"])
    return {code: sorted(v) for code, v in out.items()}


# --- command line ---------------------------------------------------------------------------

def add_parser(subparsers, rule_options):
    p = subparsers.add_parser("export-ge", help="exportera sum- och relationsreglerna som Great Expectations-sviter "
                                                "(granska[ge])")
    p.add_argument("report", help="rapportfil (.txt, .pdf, .xlsx) eller tabellkatalog")
    p.add_argument("--out", required=True, help="katalog för tabellerna (CSV) och sviterna (JSON)")
    rule_options(p)
    return p


def cmd_export_ge(args) -> int:
    _import_gx()  # fail fast, before reading the report, when the extra is missing
    from granska.checks.cli import _codes
    from granska.checks.engine.rules import load_rules
    from granska.checks.readers import read_document

    rules = load_rules(args.rules, _codes(args.select), _codes(args.ignore))  # rule errors stop before the report is read
    doc = read_document(args.report)
    written = export_suite(doc, Path(args.out), rules)
    exported, skipped = translatable(rules)
    print(f"{args.report}: {len(exported)} regler som GX-sviter -> {args.out} ({len(written)} filer)")
    for code, why in sorted(skipped.items()):
        print(f"  inte exporterad: {code}: {why}")
    return EXIT_OK
