"""pandera schemas for the extracted tables, validated lazily: all failures at once.

A row that breaks its schema becomes an `extraction` finding pointing at its source line; the
document is still checked. Schemas are objects, built once on first use (pandera is imported
only by `granska extract` / `granska check`, never by `granska --version`).
"""
from __future__ import annotations

from functools import lru_cache

GOAL_LEVELS = ["inriktningsmål", "kf-mål", "nämndmål", "mål"]  # "mål": a goal heading of another layout
GOAL_STATUSES = ["helt", "delvis", "inte", "ej bedömd", "saknas"]
DIRECTIONS = ["higher", "lower", "band", "point", "unknown"]
BUDGET_ROLES = ["kostnader", "intakter", "netto", "summa_kostnader", "summa_intakter", "summa_netto",
                "totalt", "varav", "other"]
REVENUE_ROLES = ("intakter", "summa_intakter")  # rows whose favourable deviation is actual − budget

COLUMNS = {
    "goals": ["id", "level", "parent", "title", "status", "status_text", "analysis", "indicator_analysis", "analysis_line",
              "analysis_end", "line", "page", "copy"],
    "indicators": ["goal", "name", "outcome", "outcome_men", "outcome_women", "previous", "target",
                   "kf_target", "unit", "target_unit", "kf_target_unit", "target_text", "kf_target_text",
                   "period", "period_year", "period_kind", "previous_year", "direction", "assignment_certain", "uncertain_fields", "cells",
                   "alternatives", "status", "status_text", "raw", "line", "value_line", "end_line", "page", "copy"],
    "activities": ["goal", "text", "start", "end", "deviation", "deviation_text", "deviation_line",
                   "line", "end_line", "page", "copy"],
    "budget": ["table", "section", "item", "role", "block", "unit", "decimals", "raw", "line",
               "end_line", "page", "copy"],
    "budget_columns": ["table", "column", "role", "copy"],
    "claims": ["sentence", "figures", "context", "goal", "line", "end_line", "paragraph", "page", "copy"],
}


def budget_frame(rows: list[dict]):
    """The budget table: fixed columns around one column per printed value header, in the
    order the headers were first met."""
    import pandas as pd

    base = COLUMNS["budget"]
    value_cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in base and k not in value_cols:
                value_cols.append(k)
    return pd.DataFrame(rows, columns=base[:4] + value_cols + base[4:])


def records(df) -> list[dict]:
    """The rows as dicts, the values `DataFrame.to_dict("records")` gives (Python scalars, NaN
    for an empty float or text cell, None for an empty Int64 cell) at a fraction of its cost:
    one `tolist()` per column instead of boxing cell by cell. Rules and the HTML read rows."""
    import pandas as pd

    names, columns = [], []
    for name, series in df.items():
        values = series.tolist()
        if getattr(series.dtype, "na_value", None) is pd.NA:  # Int64 and other masked columns
            values = [None if v is pd.NA else v for v in values]
        names.append(name)
        columns.append(values)
    return [dict(zip(names, row)) for row in zip(*columns)]


@lru_cache(maxsize=1)
def schemas() -> dict:
    import pandera.pandas as pa

    line = pa.Column(int, pa.Check.ge(1), coerce=True)
    page = pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True)
    copy = pa.Column(int, pa.Check.isin([0, 1, 2, 3, 4]), coerce=True)
    num = pa.Column(float, nullable=True, coerce=True)
    text = pa.Column(str, nullable=True, coerce=True)
    common = {"line": line, "page": page, "copy": copy}
    return {
        "goals": pa.DataFrameSchema({
            "id": pa.Column(str, pa.Check.str_matches(r"^\d+(\.\d+)?(-N\d+)?$|^N\d+$")),
            "level": pa.Column(str, pa.Check.isin(GOAL_LEVELS)),
            "parent": text, "title": pa.Column(str, pa.Check.str_length(min_value=1)),
            "status": pa.Column(str, pa.Check.isin(GOAL_STATUSES)),
            "status_text": text, "analysis": text, **common,
        }, strict=False, name="goals"),
        "indicators": pa.DataFrameSchema({
            "goal": text, "name": pa.Column(str, pa.Check.str_length(min_value=1)),
            "outcome": num, "outcome_men": num, "outcome_women": num, "previous": num,
            "target": num, "kf_target": num, "unit": text,
            "period_year": pa.Column("Int64", pa.Check.in_range(1990, 2100), nullable=True, coerce=True),
            "direction": pa.Column(str, pa.Check.isin(DIRECTIONS)),
            "assignment_certain": pa.Column(bool, coerce=True), **common,
        }, strict=False, name="indicators"),
        "activities": pa.DataFrameSchema({
            "goal": text, "text": pa.Column(str, pa.Check.str_length(min_value=1)),
            "start": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
            "end": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
            "deviation": pa.Column(bool, coerce=True), **common,
        }, strict=False, name="activities"),
        "budget": pa.DataFrameSchema({
            "table": pa.Column(str), "item": pa.Column(str, pa.Check.str_length(min_value=1)),
            "role": pa.Column(str, pa.Check.isin(BUDGET_ROLES)),
            "decimals": pa.Column(int, pa.Check.in_range(0, 6), coerce=True), **common,
        }, strict=False, name="budget"),
        "claims": pa.DataFrameSchema({
            "sentence": pa.Column(str, pa.Check.str_length(min_value=1)), "figures": pa.Column(str), **common,
        }, strict=False, name="claims"),
    }


def validate(tables: dict) -> tuple[dict, list[dict]]:
    """Validate every table; return (tables, problems). Offending rows are dropped from the
    table and reported as problems with their source line, so rules never see a broken row."""
    import pandera.errors as pe

    from checks.problems import problem

    problems: list[dict] = []
    out = dict(tables)
    for name, schema in schemas().items():
        df = tables.get(name)
        if df is None or df.empty:
            continue
        try:
            out[name] = schema.validate(df, lazy=True)
        except pe.SchemaErrors as err:
            cases = err.failure_cases
            bad = set()
            for _, case in cases.iterrows():
                idx = case.get("index")
                if idx is None or idx != idx:  # a column-level failure (missing column, dtype)
                    problems.append(problem("EXT008", 1, None, 0, table=name, column=str(case.get("column")),
                                            value=repr(case.get("failure_case")), check=str(case.get("check"))))
                    continue
                bad.add(idx)
                row = df.loc[idx]
                problems.append(problem("EXT008", int(row.get("line", 1) or 1), None, int(row.get("copy", 0) or 0),
                                        table=name, column=str(case.get("column")),
                                        value=repr(case.get("failure_case")), check=str(case.get("check"))))
            kept = df.drop(index=[b for b in bad if b in df.index])
            try:
                out[name] = schema.validate(kept, lazy=True)
            except pe.SchemaErrors:
                out[name] = kept.iloc[0:0]
    return out, problems
