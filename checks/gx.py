"""Export the budget rules BUD001–BUD006 as Great Expectations (GX Core 1.x) Expectation Suites.

`granska export-ge REPORT --out DIR` writes, for the report's budget tables, three derived CSV
tables and one Expectation Suite (JSON, as `gx.ExpectationSuite(...).to_json_dict()` writes it)
per table, so the same arithmetic can be re-checked in a GX pipeline:

  budget_sections.csv  one row per (copy, table, section, value column): kostnader, intakter,
                       netto side by side                                           -> BUD001
  budget_rows.csv      one row per budget row: budget, actual, deviation by role     -> BUD002
  budget_totals.csv    one row per (copy, table, Summa/Totalt row, value column)     -> BUD003-6

GX Core has no expectation that adds up columns within a tolerance on pandas
(ExpectMulticolumnSumToEqual is exact; UnexpectedRowsExpectation runs SQL and is not offered for
pandas), so the arithmetic is done here, once, into derived columns, and GX checks the
comparison row by row. For every check the derived table holds

  budXXX_expected    what the parts add up to (as printed, rounded to the figures' decimals)
  budXXX_difference  |expected - printed|
  budXXX_tolerance   the figures' own rounding: ½·10^-d summed over every figure involved
                     (n parts + the total; XBRL Calculations 1.1, as checks/engine/intervals.py)

and the suite says `budXXX_tolerance >= budXXX_difference` with
ExpectColumnPairValuesAToBeGreaterThanB(or_equal=True, ignore_row_if="either_value_is_missing").
A row whose check does not apply (a missing figure, no unique total row) has empty cells and is
skipped, as granska skips it. Difference and tolerance are rounded to the exact decimals they
have, so a difference exactly at the tolerance compares equal (the intervals touch: no finding).

BUD002's sign convention (budget − actual or actual − budget) is read per table by majority, as
granska does; that vote cannot be written as a GX expectation, so it is taken here and stored in
`bud002_convention`, and GX checks each row against it.

Great Expectations is an optional extra (`pip install 'granska[ge]'`). It is imported only inside
the functions that need it: `granska check` never loads it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checks.model import REVENUE_ROLES
from checks.errors import UsageError

EXTRA_HINT = "Great Expectations saknas: installera tillägget med pip install 'granska[ge]' (GX Core 1.x)"

RULES = ("BUD001", "BUD002", "BUD003", "BUD004", "BUD005", "BUD006")

# table name -> (csv file, suite name, key columns GX reports for a failing row)
TABLES = {
    "sections": ("budget_sections.csv", "granska_budget_sections", ["copy", "table", "section", "item", "column"]),
    "rows": ("budget_rows.csv", "granska_budget_rows", ["copy", "table", "section", "item", "column"]),
    "totals": ("budget_totals.csv", "granska_budget_totals", ["copy", "table", "section", "item", "column"]),
}

# One expectation per rule: (derived table, column prefix, granska rule, what it mirrors).
CHECKS = [
    ("sections", "bud001", "BUD001", "Netto == Kostnader + Intäkter per avsnitt och kolumn"),
    ("rows", "bud002", "BUD002",
     "Avvikelse == Budget − Bokfört (eller Bokfört − Budget, tabellens konvention) per rad"),
    ("totals", "bud003", "BUD003", "Summa kostnader/intäkter/netto == summan av avsnittens rader (drift) per kolumn"),
    ("totals", "bud004", "BUD004", "Summa netto == Summa kostnader + Summa intäkter per kolumn"),
    ("totals", "bud005", "BUD005", "Totalt == Summa netto + investeringarnas Netto per kolumn"),
    ("totals", "bud006", "BUD006", "Summa == summan av posterna (drift) i en tabell utan Kostnader/Intäkter/Netto"),
]

CONVENTIONS = ("budget - actual", "actual - budget", "(budget - actual) * cost_sign",  # BUD002's, in its order
               "budget - forecast", "forecast - budget", "(budget - forecast) * cost_sign")


# --- deriving the tables (pandas only) ------------------------------------------------------

def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)
    except TypeError:  # pandas.NA
        return True


def _check(parts: list[tuple[float, int]], total: tuple[float, int]) -> dict[str, float]:
    """expected / difference / tolerance for parts adding up to total; each figure (value, decimals).

    Exact in decimal terms: the difference has at most d_max decimals, the tolerance d_max + 1,
    and each is rounded to the nearest float of that decimal, so equal decimals give equal floats.
    """
    decs = [d for _, d in parts] + [total[1]]
    dmax = max(decs)
    s = sum(float(v) for v, _ in parts)
    return {"expected": round(s, dmax), "difference": round(abs(s - float(total[0])), dmax),
            "tolerance": round(sum(0.5 * 10.0 ** -d for d in decs), dmax + 1)}


def _value_columns(cols, table: str, copy: int) -> list[str]:
    if cols is None or cols.empty:
        return []
    sel = cols[(cols["table"] == table) & (cols["copy"] == copy)]
    return list(dict.fromkeys(sel["column"]))


def _roles(cols, copy: int) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if cols is None or cols.empty:
        return out
    for rec in cols[cols["copy"] == copy].to_dict("records"):
        out.setdefault(rec["table"], {}).setdefault(rec["role"], rec["column"])
    return out


def _sum_fields(prefix: str, parts: list[dict], total: dict | None, col: str,
                first: int | None = None) -> dict[str, float | None]:
    """budXXX_expected/difference/tolerance for one total cell, or empty cells when not checkable.
    first: the rule's unsigned_parts — when no two parts are printed with opposite signs, the first
    `first` parts minus the rest (or the reverse) is a reading too; the closest reading is checked."""
    empty = {f"{prefix}_expected": None, f"{prefix}_difference": None, f"{prefix}_tolerance": None}
    if total is None or not parts or _missing(total.get(col)) or any(_missing(p.get(col)) for p in parts):
        return empty
    figs = [(float(p[col]), int(p["decimals"])) for p in parts]
    tot = (total[col], int(total["decimals"]))
    readings = [_check(figs, tot)]
    if first is not None and len(figs) >= 2 and not (any(v > 0 for v, _ in figs) and any(v < 0 for v, _ in figs)):
        net = [1 if k < first else -1 for k in range(len(figs))]
        readings += [_check([(sign * v, d) for sign, (v, d) in zip(signs, figs)], tot)
                     for signs in (net, [-x for x in net])]
    c = min(readings, key=lambda r: r["difference"])
    return {f"{prefix}_{k}": v for k, v in c.items()}


SECTION_COLUMNS = ["copy", "table", "section", "item", "column", "kostnader", "intakter", "netto", "line",
                   "bud001_expected", "bud001_difference", "bud001_tolerance"]
ROW_COLUMNS = ["copy", "table", "section", "item", "role", "column", "budget", "actual", "deviation", "decimals",
               "line", "budget_column", "actual_column", "bud002_convention",
               "bud002_expected", "bud002_difference", "bud002_tolerance"]
TOTAL_RULES = (3, 4, 5, 6)  # budXXX of the checks on Summa/Totalt rows
ITEM_LIST_UNLESS = ("kostnader", "intakter", "netto", "summa_kostnader", "summa_intakter")  # BUD006's unless
TOTAL_COLUMNS = ["copy", "table", "section", "item", "role", "column", "printed", "line"] + \
    [f"bud00{k}_{f}" for k in TOTAL_RULES for f in ("expected", "difference", "tolerance")]


def derive_tables(doc) -> dict[str, Any]:
    """The three derived tables (pandas DataFrames) the suites run against.

    Mirrors how checks/engine/forms/sums.py and relation.py read the budget table: body copies
    only (copy >= 1), groups by table (and section for BUD001), a check applies when its total row
    is unique, it has at least one part and no figure in the column is missing.
    """
    import pandas as pd

    budget = doc.tables.get("budget")
    cols = doc.tables.get("budget_columns")
    sections: list[dict] = []
    rows_out: list[dict] = []
    totals: list[dict] = []
    if budget is not None and not budget.empty:
        body = budget[budget["copy"] >= 1]
        for copy in sorted(int(c) for c in body["copy"].unique()):
            df = body[body["copy"] == copy]
            roles = _roles(cols, copy)
            for table, group in df.groupby("table", sort=False):
                recs = group.to_dict("records")
                columns = _value_columns(cols, table, copy)
                sections.extend(_sections(copy, table, recs, columns))
                rows_out.extend(_rows(copy, table, recs, roles.get(table, {})))
                totals.extend(_totals(copy, table, recs, columns))
    frames = {"sections": pd.DataFrame(sections, columns=SECTION_COLUMNS),
              "rows": pd.DataFrame(rows_out, columns=ROW_COLUMNS),
              "totals": pd.DataFrame(totals, columns=TOTAL_COLUMNS)}
    for df in frames.values():  # integers stay integers in the CSV even beside empty cells
        for col in ("copy", "line", "decimals"):
            if col in df:
                df[col] = df[col].astype("Int64")
    return frames


def _sections(copy: int, table: str, recs: list[dict], columns: list[str]) -> list[dict]:
    """BUD001 (sum, group_by [table, section], parts kostnader + intakter, total netto)."""
    out = []
    by_section: dict[str, list[dict]] = {}
    for r in recs:
        by_section.setdefault(r["section"], []).append(r)
    for section, rs in by_section.items():
        kost = [r for r in rs if r["role"] == "kostnader"]
        intk = [r for r in rs if r["role"] == "intakter"]
        nets = [r for r in rs if r["role"] == "netto"]
        if not (kost or intk or nets):
            continue
        total = nets[0] if len(nets) == 1 else None
        for col in columns:
            def added(group):
                return None if not group or any(_missing(r.get(col)) for r in group) else \
                    round(sum(float(r[col]) for r in group), max(int(r["decimals"]) for r in group))
            row = {"copy": copy, "table": table, "section": section, "item": total["item"] if total else None,
                   "column": col, "kostnader": added(kost), "intakter": added(intk),
                   "netto": None if total is None or _missing(total.get(col)) else float(total[col]),
                   "line": int(total["line"]) if total else None}
            row.update(_sum_fields("bud001", kost + intk, total, col, first=len(kost)))
            out.append(row)
    return out


def _rows(copy: int, table: str, recs: list[dict], roles: dict[str, str]) -> list[dict]:
    """BUD002 (relation with conventions deviation == ±(budget − reference), or favourable
    (budget − reference) * cost_sign, the reference being the actual or the forecast column)."""
    b, a, d, fc = roles.get("budget"), roles.get("actual"), roles.get("deviation"), roles.get("forecast")

    def fig(r, col):
        return None if col is None or _missing(r.get(col)) else float(r[col])

    checks = []
    for r in recs:
        budget, deviation = fig(r, b), fig(r, d)
        if budget is None or deviation is None or (fig(r, a) is None and fig(r, fc) is None):
            checks.append(None)
            continue
        dec = int(r["decimals"])
        cost_sign = -1 if r["role"] in REVENUE_ROLES else 1
        per = {}
        for name, sign, ref in zip(CONVENTIONS, (1, -1, cost_sign) * 2, (a,) * 3 + (fc,) * 3):
            # deviation == sign * (budget - reference): parts sign*budget, -sign*reference; total deviation
            value = fig(r, ref)
            per[name] = None if value is None else _check([(sign * budget, dec), (-sign * value, dec)], (deviation, dec))
        checks.append(per)
    tally = [sum(1 for c in checks if c and c[name] and c[name]["difference"] <= c[name]["tolerance"])
             for name in CONVENTIONS]
    chosen = CONVENTIONS[max(range(len(CONVENTIONS)), key=lambda k: (tally[k], -k))]  # ties: the first
    out = []
    for r, c in zip(recs, checks):
        row = {"copy": copy, "table": table, "section": r["section"], "item": r["item"], "role": r["role"],
               "column": d, "budget": fig(r, b), "actual": fig(r, a), "deviation": fig(r, d),
               "decimals": int(r["decimals"]), "line": int(r["line"]), "budget_column": b, "actual_column": a,
               "bud002_convention": chosen if c and c[chosen] else None}
        row.update({f"bud002_{k}": (c[chosen][k] if c and c[chosen] else None) for k in ("expected", "difference", "tolerance")})
        out.append(row)
    return out


def _totals(copy: int, table: str, recs: list[dict], columns: list[str]) -> list[dict]:
    """BUD003 (three pairs), BUD004, BUD005 and BUD006 (sum, group_by [table]; BUD006 unless the
    table has Kostnader/Intäkter/Netto rows)."""
    def role(name, block=None):
        return [r for r in recs if r["role"] == name and (block is None or r.get("block") == block)]

    def unique(name):
        rs = role(name)
        return rs[0] if len(rs) == 1 else None

    def minus(parts, total):
        return [p for p in parts if p is not total]

    checks: list[tuple[dict, str, list[dict], int | None]] = []  # (total row, prefix, parts, unsigned_parts' first)
    for part_role, total_role in (("kostnader", "summa_kostnader"), ("intakter", "summa_intakter"),
                                  ("netto", "summa_netto")):
        t = unique(total_role)
        if t is not None:
            checks.append((t, "bud003", minus(role(part_role, "drift"), t), None))
    t = unique("summa_netto")
    if t is not None:
        costs = minus(role("summa_kostnader"), t)
        checks.append((t, "bud004", costs + minus(role("summa_intakter"), t), len(costs)))
    t = unique("totalt")
    if t is not None:
        checks.append((t, "bud005", minus(role("summa_netto") + role("netto", "efter"), t), None))
    closing = role("summa_netto") + role("totalt")  # "Summa" or "Totalt" closes a list of items
    items = minus(role("other", "drift"), closing[0]) if len(closing) == 1 else []
    if items and not any(r["role"] in ITEM_LIST_UNLESS for r in recs):
        from checks.engine.forms.sums import has_subtotal  # here, not at import: --version stays light

        if not has_subtotal(items, columns):  # BUD006's flat_only
            checks.append((closing[0], "bud006", items, None))
    out = []
    by_total: dict[int, tuple[dict, list[tuple[str, list[dict], int | None]]]] = {}
    for t, prefix, parts, first in checks:
        by_total.setdefault(id(t), (t, []))[1].append((prefix, parts, first))
    for t, pairs in by_total.values():
        for col in columns:
            row = {"copy": copy, "table": table, "section": t["section"], "item": t["item"], "role": t["role"],
                   "column": col, "printed": None if _missing(t.get(col)) else float(t[col]), "line": int(t["line"])}
            for k in TOTAL_RULES:
                row.update({f"bud00{k}_{f}": None for f in ("expected", "difference", "tolerance")})
            for prefix, parts, first in pairs:
                row.update(_sum_fields(prefix, parts, t, col, first))
            out.append(row)
    return out


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


_NAMES: dict[str, str] = {}


def _rule_names() -> dict[str, str]:
    """Code -> name of the mirrored rules, read from the rule pack once per process."""
    if not _NAMES:
        from checks.engine.rules import load_rules

        _NAMES.update({r.code: r.name for r in load_rules(select=list(RULES))})
    return _NAMES


def build_suites(doc=None, context=None) -> dict[str, Any]:
    """One gx.ExpectationSuite per derived table, keyed like TABLES."""
    gx, gxe = _import_gx()
    if context is None:
        context = _context(gx)
    from checks import __version__

    names = _rule_names()
    suites = {}
    for key, (csv_name, suite_name, _) in TABLES.items():
        mine = [c for c in CHECKS if c[0] == key]
        meta = {"granska": {
            "version": __version__, "data": csv_name,
            "rules": {rule: names.get(rule, "") for _, _, rule, _ in mine},
            "tolerance": "budXXX_tolerance = ½·10^-d summed over every printed figure of the check "
                         "(n parts + the total), d = the row's decimals (XBRL Calculations 1.1)",
            "skipped": "rows whose check does not apply (missing figure, no unique total row) have empty "
                       "budXXX_difference/budXXX_tolerance and are ignored",
        }}
        if doc is not None:
            meta["granska"].update({"source": doc.meta.get("source"), "sha256": doc.meta.get("sha256")})
        if key == "rows":
            meta["granska"]["convention"] = ("bud002_convention is the sign convention most rows of the table "
                                             "follow (granska's majority vote, taken at export)")
        suite = gx.ExpectationSuite(name=suite_name, meta=meta)
        for _, prefix, rule, mirrors in mine:
            suite.add_expectation(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=f"{prefix}_tolerance", column_B=f"{prefix}_difference", or_equal=True,
                ignore_row_if="either_value_is_missing",
                meta={"granska_rule": rule, "granska_name": names.get(rule, ""), "mirrors": mirrors,
                      "reads": f"{prefix}_tolerance >= {prefix}_difference"}))
        suites[key] = suite
    return suites


def export_suite(doc, out_dir) -> list[Path]:
    """Write the derived tables (CSV, UTF-8) and their suites (JSON) to out_dir; return the paths."""
    suites = build_suites(doc)
    frames = derive_tables(doc)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for key, (csv_name, suite_name, _) in TABLES.items():
        path = out / csv_name
        frames[key].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
        spath = out / f"{suite_name}.json"
        spath.write_text(json.dumps(suites[key].to_json_dict(), ensure_ascii=False, indent=2, default=str) + "\n",
                         encoding="utf-8")
        written.append(spath)
    return written


def load_suite(path) -> Any:
    """An exported suite JSON back as a gx.ExpectationSuite."""
    gx, _ = _import_gx()
    _context(gx)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return gx.ExpectationSuite(**data)


def validate(frames: dict[str, Any], suites: dict[str, Any] | None = None) -> list[dict]:
    """Run the suites (default: build_suites()) on the frames in an ephemeral GX context; the
    failing rows, one dict each: {rule, copy, table, section, item, column}."""
    gx, _ = _import_gx()
    context = _context(gx)
    if suites is None:
        suites = build_suites(context=context)
    source = context.data_sources.add_pandas("granska")
    failures: list[dict] = []
    for key, (_, _, index_cols) in TABLES.items():
        batch_def = source.add_dataframe_asset(key).add_batch_definition_whole_dataframe("all")
        batch = batch_def.get_batch(batch_parameters={"dataframe": frames[key]})
        result = batch.validate(suites[key], result_format={"result_format": "COMPLETE",
                                                            "unexpected_index_column_names": index_cols})
        for r in result.results:
            if r.success:
                continue
            rule = (r.expectation_config.meta or {}).get("granska_rule")
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX: {rule}: {r.exception_info.get('exception_message')}")
            for idx in r.result.get("unexpected_index_list") or []:
                failures.append({"rule": rule, **{c: _plain(idx.get(c)) for c in index_cols}})
    return failures


def _plain(v: Any) -> Any:
    if _missing(v):
        return None
    return v.item() if hasattr(v, "item") else v


def run_suite_detailed(doc) -> list[dict]:
    """Every failing check: {rule, copy, table, section, item, column}."""
    return validate(derive_tables(doc))


def run_suite(doc) -> dict[str, list[tuple[str, str]]]:
    """rule code -> sorted failing (section, column) pairs, over all copies (GX in-process, pandas)."""
    out: dict[str, set] = {rule: set() for rule in RULES}
    for f in run_suite_detailed(doc):
        out.setdefault(f["rule"], set()).add((f["section"], f["column"]))
    return {rule: sorted(v) for rule, v in out.items()}


# --- command line ---------------------------------------------------------------------------

def add_parser(subparsers):
    p = subparsers.add_parser("export-ge", help="exportera budgetreglerna som Great Expectations-svit (granska[ge])")
    p.add_argument("report", help="rapportfil (.txt, .pdf, .xlsx) eller tabellkatalog")
    p.add_argument("--out", required=True, help="katalog för CSV-tabellerna och sviterna (JSON)")
    return p


def cmd_export_ge(args) -> int:
    _import_gx()  # fail fast, before reading the report, when the extra is missing
    from checks.readers import read_document

    doc = read_document(args.report)
    written = export_suite(doc, Path(args.out))
    frames = {p.name for p in written}
    print(f"{args.report}: {len(written)} filer -> {args.out} ({', '.join(sorted(frames))})")
    return 0
