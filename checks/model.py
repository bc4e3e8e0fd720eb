"""The table model: every table granska extracts, its columns, their types and meaning, in one place.

From TABLES come the column lists (COLUMNS), the pandera schemas (`schemas()`, validated lazily: all
failures at once) and the table section of docs/DESIGN.md (`python -m granska.checks.model --write`
regenerates it; tests/test_model.py checks it is in step). A row that breaks its schema becomes an
`extraction` finding pointing at its source line; the document is still checked. pandera is
imported only when the schemas are first built (`granska extract` / `check`), never by
`granska --version`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GOAL_LEVELS = ["inriktningsmål", "kf-mål", "nämndmål", "mål"]  # "mål": a goal heading of another layout
GOAL_STATUSES = ["helt", "delvis", "inte", "ej bedömd", "saknas"]
DIRECTIONS = ["higher", "lower", "band", "point", "unknown"]
BUDGET_ROLES = ["kostnader", "intakter", "netto", "summa_kostnader", "summa_intakter", "summa_netto",
                "totalt", "varav", "other"]
REVENUE_ROLES = ("intakter", "summa_intakter")  # rows whose favourable deviation is actual − budget
# A budget value column's role, from its header words (rules/vocabulary.yaml `columns`); rules name
# value columns by these. Återstår is a deviation; a Not column is a reference, kept in `note`.
COLUMN_ROLES = ["budget", "actual", "deviation", "forecast", "project_budget", "acc_actual", "remaining", "percent",
                "deviation_pct", "count", "other"]
RATIO_ROLES = ("percent", "deviation_pct")  # budget columns of ratios: never summed
DOCUMENT_KINDS = ["verksamhetsberättelse", "delårsrapport", "tertialrapport", "månadsrapport", "årsredovisning", "okänd"]
COPIES = [0, 1, 2, 3, 4]


@dataclass(frozen=True)
class Col:
    """One column. kind: `text` (nullable, coerced to str), `str` (a value required), `num`
    (float, empty = NaN), `int`, `Int64` (nullable int), `bool`, `date` (ISO text or empty) or
    None (any type: the schema only requires the column). values/pattern/range/min_length are
    the schema's checks; doc is its line in DESIGN.md."""
    name: str
    kind: str | None = None
    doc: str = ""
    values: tuple = ()
    pattern: str | None = None
    range: tuple | None = None  # (low, high); None on a side: unbounded
    min_length: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    heading: str = ""           # after the file name in DESIGN.md: "(one row)"
    notes: tuple[str, ...] = ()  # DESIGN.md lines before the columns' own
    doc: str = ""               # DESIGN.md text after them
    frame: bool = True          # a DataFrame in Document.tables (document and problems are files only)
    value_columns_at: int | None = None  # budget: one column per printed value header goes here

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _where(*, line_doc: str = "") -> tuple[Col, ...]:
    """line, page, copy: every row says where it was read."""
    return (Col("line", "int", line_doc, range=(1, None)), Col("page", "Int64", range=(1, None)),
            Col("copy", "int", values=tuple(COPIES)))


TABLES: tuple[Table, ...] = (
    Table("document", heading="(one row)", frame=False, columns=(
        Col("organisation"), Col("kind", doc="", values=tuple(DOCUMENT_KINDS)), Col("year"), Col("source"),
        Col("sha256"), Col("copies"), Col("lines"))),
    Table("goals", columns=(
        Col("id", "str", "inriktningsmål `1`; KF-mål `1.3`; nämndmål under it `1.3-N1`, `1.3-N2` (numbered in "
            "order of appearance under their KF-mål), or as printed (`1.3.2`, at most four levels).",
            pattern=r"^\d+(\.\d+){0,3}(-N\d+)?$|^N\d+$"),
        Col("level", "str", "(`mål`: a goal heading of another layout, \"Mål 2: …\" with a verdict line under "
            "it; id as printed, or `N1`, `N2` … when the printed number does not fit)", values=tuple(GOAL_LEVELS)),
        Col("parent", "text", "id of the parent goal (empty for inriktningsmål)"),
        Col("title", "str", min_length=1),
        Col("status", "str", "(`saknas`: no status printed)", values=tuple(GOAL_STATUSES)),
        Col("status_text", "text", "as printed (`Uppfylls helt`, `Bedöms uppfyllas delvis` …)"),
        Col("analysis", "text", "the goal's own \"Analys\" text, lines joined with single spaces (hyphenated "
            "line breaks are kept as printed)"),
        Col("indicator_analysis", doc="an \"Analys\" printed right after the goal's indicator table, about "
            "those indicators"),
        Col("analysis_line", doc="the analysis' first line; analysis_end: its last"), Col("analysis_end"),
        Col("verdict_source", doc="how the verdict is printed: `text`, `colour` (a coloured cell), `icon` (a coloured "
            "mark before the heading), `unreadable` (a colour the text does not carry); empty for the layouts of words"),
        Col("other_verdicts", doc="JSON list of the goal's verdict where the report prints it again (an overview "
            "table beside the heading's mark): `{status, status_text, source, line, page}`"),
        *_where())),
    Table("indicators", notes=(
        "values (outcome … kf_target) are floats, empty when the cell is empty.",
        "band targets \"+/- 1 %\": target = 1.0 (half-width), target_unit `%`, target_text `+/- 1 %`, "
        "direction `band` (met when |outcome| <= width)."), columns=(
        Col("goal", "text"), Col("name", "str", min_length=1),
        Col("outcome", "num"), Col("outcome_men", "num"), Col("outcome_women", "num"), Col("previous", "num"),
        Col("target", "num"), Col("kf_target", "num"),
        Col("unit", "text", "the outcome's unit (`%`, `st`, `mnkr`, `tkr`, `kr`, `dagar`, or empty for a bare "
            "number/index); without an outcome, the unit printed with the row's values"),
        Col("target_unit"), Col("kf_target_unit"),
        Col("target_text", doc="the cell as printed when it is words (\"fastställs 2017\", \"tas fram av "
            "nämnden\") or a band; the numeric column is then empty (words) or the band width. Likewise "
            "kf_target_text."), Col("kf_target_text"),
        Col("period", doc="as printed (\"2017\", \"VB 2017\", \"T2 2017\")"),
        Col("period_year", "Int64", range=(1990, 2100)),
        Col("period_kind", doc="`year` or `partial` (T1, T2, Tertial, Delår: a count so far is not judged "
            "against an annual target)"),
        Col("previous_year", "Int64", "the year in the \"Periodens utfall VB <year>\" header"),
        Col("direction", "str", "(a target printed as a band \"+/-\" -> band; else catalogue "
            "`rules/directions.yaml`: \"(max)\" -> lower, \"(lägst)\" -> higher, budgetföljsamhet -> point, met "
            "only at the target itself; else higher)", values=tuple(DIRECTIONS)),
        Col("assignment_certain", "bool", "whether the row's values fit its columns in one way only"),
        Col("uncertain_fields", doc="`;`-joined field names whose value differs between equally plausible "
            "column assignments"),
        Col("cells", doc="JSON object field -> printed cell text, e.g. `{\"outcome\": \"847 st\", "
            "\"previous\": \"618 st\"}`"),
        Col("alternatives", doc="JSON list of the other readings (field -> printed cell) that are about as "
            "plausible as the one kept; empty when the assignment is certain"),
        Col("scope", "text", "`stad` for a city-wide indicator (\"Stadens …\", \"Kommunkoncernens …\": the "
            "city's or its group's, not the board's own), else `nämnd`"),
        Col("reading", doc="why a row without an outcome was read so, in the words of a finding (\"värdet 0,1 "
            "mnkr läses som KF:s årsmål (eller nämndens årsmål), inte som utfall: en stadsövergripande "
            "indikator, vars utfall redovisas i stadens årsredovisning efter nämndens rapport; ”(lägst)” i "
            "namnet anger ett mål; 0,1 mnkr är inte rimligt som stadens resultat för ett år, men som golv\"); "
            "reading_en in English; empty otherwise. A city-wide row that prints one value in a board's "
            "verksamhetsberättelse or tertialrapport is weighed as KF's target (the city's accounts close "
            "later), with \"(max)\"/\"(lägst)\" and an amount of one unit of its last digit as corroboration"),
        Col("reading_en"),
        Col("status", doc="the indicator's own verdict where the table prints one (a \"Måluppfyllelse\" "
            "column: `helt` / `delvis` / `inte`, with status_text as printed); empty otherwise"),
        Col("status_text"),
        Col("raw", doc="the row's value text as printed (flattened to one line; a band as \"+/- 1 %\")"),
        Col("line", "int", "the row's first line (its name); value_line: where its values start; end_line: "
            "its last line", range=(1, None)),
        Col("value_line"), Col("end_line"), *_where()[1:])),
    Table("activities", columns=(
        Col("goal", "text"), Col("text", "str", min_length=1),
        Col("start", "date", "ISO date `2017-01-01` (likewise end)", pattern=r"^\d{4}-\d{2}-\d{2}$"),
        Col("end", "date", pattern=r"^\d{4}-\d{2}-\d{2}$"),
        Col("deviation", "bool", "true only when an \"Avvikelse / Analys\" paragraph follows the activity"),
        Col("deviation_text", doc="that paragraph; deviation_line: its line"), Col("deviation_line"),
        Col("status", doc="the activity's status as printed in a Status column (`Avslutad`, `Pågår`, `Försenad`)"),
        Col("progress", "num", "its Färdiggrad in per cent, where printed"),
        Col("goal_ref", doc="the goal the table says the activity belongs to (a Mål column), as printed"),
        *_where()[:1], Col("end_line"), *_where()[1:])),
    Table("budget", value_columns_at=4, notes=(
        "value columns keep their printed headers (`Justerad budget 2017`, `Bokfört 171231`, `Avvikelse`); "
        "budget_columns.csv says which is which.",), columns=(
        Col("table", "str", "the table's title as printed, words re-joined (\"Stadsledningskontoret\")"),
        Col("section", doc="e.g. `SLK`, `Politisk organisation`, `Summa drift`, `Investeringar`, `Totalt`"),
        Col("item", "str", "as printed (`Kostnader`, `Intäkter`, `Netto`, `Summa kostnader`, `Totalt netto inkl "
            "investeringar`)", min_length=1),
        Col("role", "str", "(`varav`: a part of the row above, \"varav datorer\", never summed)",
            values=tuple(BUDGET_ROLES)),
        Col("block", doc="`drift` (sections before the Summa rows), `summa`, `efter` (sections after them, e.g. "
            "Investeringar), `totalt`"),
        Col("kind", doc="what the table is, from its title or rows: `drift`, `investering`, `ekonomi`, "
            "`resultaträkning`, `balansräkning`, `kassaflödesanalys`, `not`, `översikt` (a multi-year overview or key "
            "figures: rows of different units, never a statement), `budget` (anything else); empty for flattened text"),
        Col("key", doc="in a financial statement, which of its lines the row is (`verksamhetens_nettokostnader`, "
            "`arets_resultat` …: rules/vocabulary.yaml `statements`)"),
        Col("ref", doc="a reference printed with the label, never a figure: a project number `(6011)`"),
        Col("note", doc="the row's Not (a note number), never a figure"),
        Col("unit"),
        Col("decimals", "int", "the largest number of decimals shown in the row's amounts (a % column not "
            "counted)", range=(0, 6)),
        Col("raw", doc="the row's numbers as printed"),
        Col("cells", doc="JSON object column -> cell as printed (each cell's own decimals)"),
        Col("complete", "bool", "false when a row of the same table could not be read: its sums are not checked"),
        *_where()[:1], Col("end_line"), *_where()[1:])),
    Table("budget_columns", columns=(
        Col("table"), Col("column", doc="a value header of the table as printed (with its spanning header: "
            "`Kommunen 2025`)"),
        Col("role", "str", "(rules name the value columns by these roles; `percent`, `deviation_pct`: ratios, "
            "never summed)", values=tuple(COLUMN_ROLES)),
        Col("entity", doc="`kommunen` / `koncernen` where a spanning header names it"),
        _where()[2])),
    Table("claims", columns=(
        Col("sentence", "str", min_length=1),
        Col("figures", "str", "JSON list of `{\"value\": 63.2, \"unit\": \"mnkr\", \"raw\": \"63,2 miljoner "
            "kronor\", \"decimals\": 1, \"hedge\": null}`; units normalised: `mnkr` (miljoner kronor), `tkr`, "
            "`kr`, `%` (procent), `st`, `år`, `dagar`; hedge is `cirka`/`drygt`/`över`/`knappt`/... or null"),
        Col("context", doc="the nearest heading above the sentence (\"Ombudgeteringar\", \"Analys\"…)"),
        Col("goal"), Col("line", "int", "the sentence's first line; end_line its last; paragraph: which "
                         "paragraph of its copy", range=(1, None)),
        Col("end_line"), Col("paragraph"), *_where()[1:])),
    Table("problems", heading="(written only when the reader met a problem)", frame=False, columns=(
        Col("line"), Col("page"), Col("copy"),
        Col("code", doc="the problem's entry in the catalogue (`rules/extraction.yaml`, one rule per code: "
            "EXT001 a row the text does not decide, EXT002 a row without a period, … `granska rules EXT002` "
            "explains one)"),
        Col("message", doc="the Swedish text"),
        Col("params", doc="the template's fields as JSON (`{\"row\": \"90 % 88 %\"}`), from which the "
            "English is made")),
        doc="Read back by `granska check tables/`, so the finding survives extract → edit → check; a row\n"
            "without a known code (an older file, one added by hand) keeps its text as EXT009.\n\n"
            "Readers build problems with `checks.problems.problem(code, line=…, page=…, copy=…, **fields)`, which\n"
            "returns the plain dict `Document.problems` holds: `{code, line, page, copy, message, params}`. A new\n"
            "kind of problem is a new rule in `rules/extraction.yaml` (form `extraction`) with its cases."),
)
TABLE = {t.name: t for t in TABLES}
# The tables a Document holds (the rules read these), in order; their columns.
FRAME_TABLES = tuple(t.name for t in TABLES if t.frame)
COLUMNS = {t.name: t.names for t in TABLES if t.frame}
DOCUMENT_COLUMNS = TABLE["document"].names
PROBLEM_COLUMNS = TABLE["problems"].names


def budget_frame(rows: list[dict]):
    """The budget table: fixed columns around one column per printed value header, in the
    order the headers were first met."""
    import pandas as pd

    base = COLUMNS["budget"]
    at = TABLE["budget"].value_columns_at
    value_cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in base and k not in value_cols:
                value_cols.append(k)
    return pd.DataFrame(rows, columns=base[:at] + value_cols + base[at:])


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


def _schema_column(col: Col):
    import pandera.pandas as pa

    checks = []
    if col.values:
        checks.append(pa.Check.isin(list(col.values)))
    if col.pattern:
        checks.append(pa.Check.str_matches(col.pattern))
    if col.min_length is not None:
        checks.append(pa.Check.str_length(min_value=col.min_length))
    if col.range is not None:
        low, high = col.range
        checks.append(pa.Check.ge(low) if high is None else pa.Check.in_range(low, high))
    dtype, options = {
        "text": (str, {"nullable": True, "coerce": True}), "str": (str, {}), "num": (float, {"nullable": True, "coerce": True}),
        "int": (int, {"coerce": True}), "Int64": ("Int64", {"nullable": True, "coerce": True}),
        "bool": (bool, {"coerce": True}), "date": (str, {"nullable": True}), None: (None, {"nullable": True}),
    }[col.kind]
    return pa.Column(dtype, checks or None, **options)


@lru_cache(maxsize=1)
def schemas() -> dict:
    """One pandera schema per table of the Document, every column of the model required (value
    columns of the budget are extra: not strict)."""
    import pandera.pandas as pa

    return {t.name: pa.DataFrameSchema({c.name: _schema_column(c) for c in t.columns}, strict=False, name=t.name)
            for t in TABLES if t.frame}


def validate(tables: dict) -> tuple[dict, list[dict]]:
    """Validate every table; return (tables, problems). Offending rows are dropped from the
    table and reported as problems with their source line, so rules never see a broken row."""
    import pandera.errors as pe

    from granska.checks.problems import problem

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


# --- docs/DESIGN.md's table section ---------------------------------------------------------

DESIGN = Path(__file__).resolve().parents[1] / "docs" / "DESIGN.md"  # in the checkout (an editable install)
BEGIN = "<!-- tables: generated from checks/model.py by `python -m granska.checks.model --write`; edit the model -->"
END = "<!-- tables: end -->"
INTRO = """Every row carries `line` (1-based line of the row's first source line), `page` (printed page
where known, else empty) and `copy` (0 = front matter that appears once, 1 = first copy of the
report body, 2 = second copy ...)."""


def _wrap(text: str, first: str, rest: str = "  ") -> str:
    import textwrap

    return textwrap.fill(text, 100, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False,
                         break_long_words=False)


def design_section() -> str:
    """The tables as docs/DESIGN.md describes them, from TABLES."""
    out = [INTRO]
    for t in TABLES:
        names = t.names if t.value_columns_at is None else (
            t.names[:t.value_columns_at] + ["<one column per printed value header>"] + t.names[t.value_columns_at:])
        lines = [f"### {t.name}.csv" + (f" {t.heading}" if t.heading else ""), _wrap("`" + ", ".join(names) + "`", "", "")]
        lines += [_wrap(note, "- ") for note in t.notes]
        for c in t.columns:
            shown = " | ".join(f"`{v}`" for v in c.values if isinstance(v, str))
            text = " ".join(x for x in (shown, c.doc) if x)
            if text:
                lines.append(_wrap(f"{c.name}: {text}", "- "))
        if t.doc:
            lines += ["", t.doc]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def design_in_step(path: Path = DESIGN) -> tuple[str, str]:
    """(the section as DESIGN.md has it, as the model makes it)."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return "", design_section()
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n"), design_section()


def write_design(path: Path = DESIGN) -> bool:
    """Rewrite the section between the markers; True when it changed."""
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    new = f"{before}{BEGIN}\n\n{design_section()}\n\n{END}{after}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    import sys

    if "--write" in sys.argv[1:]:
        print(f"{DESIGN}: {'rewritten' if write_design() else 'already in step'}")
    else:
        print(design_section())
