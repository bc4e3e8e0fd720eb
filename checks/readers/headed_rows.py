"""Indicator and activity rows from header-led grids (checks.readers.headed_tables).

Every cell's column is known from the page, so an indicator row's reading is certain: no
assignment is guessed. A goal owns the rows printed below its heading (`goal_of`).
"""
from __future__ import annotations

import json
import re

from granska.checks.problems import problem
from granska.checks.readers.grid import GridTable
from granska.checks.readers.layout import join_prose

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DEVIATION_HEAD = re.compile(r"^Avvikel", re.IGNORECASE)
_ANALYS = re.compile(r"^Analys:?$")


def stockholm_fields(headers: list[str]) -> list[str]:
    """Fields by the Stockholm header words (checks.readers.stockholm.HEADER_FIELDS); a field
    met twice is "other" the second time."""
    import re as _re

    from granska.checks.readers.stockholm import HEADER_FIELDS

    out, seen = [], set()
    for h in headers:
        f = "other"
        for pattern, name in HEADER_FIELDS:
            if pattern.search(h):
                if name == "previous" and not _re.search(r"utfall", h, _re.I):
                    continue
                f = name
                break
        out.append("other" if f in seen else f)
        seen.add(f)
    return out


INDICATOR_LABEL = re.compile(r"^(indikator(er)?|nyckeltal|mått|mätetal|resultatmått|målindikator)\b", re.IGNORECASE)
TARGET_HEADER = re.compile(r"målvärde|årsmål|^mål\b|målnivå", re.IGNORECASE)


def is_indicator_table(grid: GridTable) -> bool:
    """A table of figures that is an indicator table: its label column says so ("Indikator",
    "Nyckeltal"), or a column is a target ("Målvärde 2025")."""
    return bool(INDICATOR_LABEL.match(grid.label_header or "")) or any(TARGET_HEADER.search(c.name) for c in grid.columns)


_GOAL_REF = re.compile(r"^(mål|mål ?nr\.?|målnummer|nr|mål-?id)$", re.IGNORECASE)


def _goal_reference(grid: GridTable, k: int) -> bool:
    """Column k names the goal each indicator belongs to ("Mål" holding 1, 2, 3 beside an
    "Årsmål 2025"): small whole numbers under a bare "Mål", while another column is the target."""
    if not _GOAL_REF.match(grid.columns[k].name.strip()):
        return False
    if not any(TARGET_HEADER.search(c.name) and j != k for j, c in enumerate(grid.columns)):
        return False
    values = [r.cells[k].text for r in grid.rows if r.kind == "data" and r.cells[k].text]
    return bool(values) and all(re.fullmatch(r"\d{1,2}(\.\d{1,2})?", v) for v in values)


def indicators_of_goal_table(grid: GridTable) -> GridTable | None:
    """A goal table that also prints each goal's indicator ("Mål | Indikator | Utfall 2025 |
    Målvärde | Bedömning"), as an indicator table: the Indikator column the rows' names, the
    figure columns after it their cells."""
    from granska.checks.readers.grid import GridRow

    names = [c.name for c in grid.columns]
    at = next((k for k, n in enumerate(names) if INDICATOR_LABEL.match(n)), None)
    if at is None:
        return None
    keep = [k for k in range(at + 1, len(names)) if grid.fields[k + 1] not in ("verdict", "comment", "title", "id")]
    if not any(TARGET_HEADER.search(names[k]) or re.search(r"(?i)utfall|resultat", names[k]) for k in keep):
        return None
    inner = GridTable(title=grid.title, columns=[grid.columns[k] for k in keep], label_header=names[at], hint="indicator",
                      page=grid.page, line=grid.line, end_line=grid.end_line)
    inner.fields = []
    for row in grid.data_rows:
        label = row.cells[at].text
        if label:
            inner.rows.append(GridRow(label, [row.cells[k] for k in keep], row.line, row.end_line, row.page, "data",
                                      "", row.box, lines=[label], value_line=row.value_line))
    return inner


def indicator_fields(grid: GridTable, report_year: int | None) -> list[str]:
    """Each column's field. A column naming the indicator's goal is `goal_ref`. Then the
    Stockholm header words ("Periodens utfall", "Årsmål", "KF:s årsmål", "Period") first; a header
    they do not read (two "Utfall <year>" columns beside a "Målvärde") by its years, the report
    year's outcome being the outcome."""
    from granska.checks.readers.headed import column_fields

    refs = {k for k in range(len(grid.columns)) if _goal_reference(grid, k)}
    headers = [c.name for k, c in enumerate(grid.columns) if k not in refs]
    given = grid.fields[1:] if grid.fields else []
    fields = [f for k, f in enumerate(given) if k not in refs] if given and not refs else stockholm_fields(headers)
    # two outcome columns of different years ("Utfall aug 2024 | Utfall aug 2025"): the years decide
    outcome_years = {m.group(0) for h in headers if re.match(r"(?i)(utfall|resultat)\b", h)
                     for m in [re.search(r"\b(19|20)\d\d\b", h)] if m}
    if "outcome" not in fields or len(outcome_years) >= 2:
        by_year = column_fields(" ".join(headers), report_year)
        if len(by_year) == len(headers) and "outcome" in by_year:
            fields = by_year
    out = iter(fields)
    return ["goal_ref" if k in refs else next(out, "other") for k in range(len(grid.columns))]


def indicator_rows(grid: GridTable, copy_of, goal_of, report_year: int | None = None,
                   goal_ids: set[str] | frozenset = frozenset()) -> tuple[list[dict], list[dict]]:
    from granska.checks.readers import indicators as ind
    from granska.checks.readers.stockholm import values_of

    fields = indicator_fields(grid, report_year)
    rows, problems = [], []
    # No Period column: the outcome column's header names the period ("Utfall 2025")
    header_period = ("", None)
    if "period" not in fields:
        from granska.checks.readers.headed import outcome_period

        header_period = outcome_period(" ".join(c.name for c, f in zip(grid.columns, fields) if f != "goal_ref"),
                                       [f for f in fields if f != "goal_ref"])
    prev = next((c for c, f in zip(grid.columns, fields) if f == "previous"), None)
    m = re.search(r"((?:19|20)\d\d)", prev.header) if prev is not None else None
    previous_year = int(m.group(1)) if m else None
    for row in grid.rows:
        if row.kind != "data":
            continue
        first = row.line
        name = re.sub(r"\s+", " ", " ".join(row.lines) if row.lines else row.label).strip()
        copy = copy_of(first)
        cells: dict = {}
        bounded: dict[str, str] = {}
        period, year = header_period
        goal = goal_of(first)
        printed = []
        for col, field, cell in zip(grid.columns, fields, row.cells):
            text = cell.text
            if not text:
                continue
            if field == "goal_ref":
                goal = text if text in goal_ids else goal
                continue
            printed.append(text)
            if field == "period":
                _, period, year = ind.split_period(text)
                if year is None:
                    period = text
                continue
            if field not in ind.VALUE_FIELDS:
                continue
            toks = ind.tokenize_cells(text)
            bound = _bounded_target(text) if field in ind.TARGET_FIELDS else None
            if bound is not None:
                cells[field] = bound  # "högst 10,0": the figure is the target, the word its direction
                bounded[field] = text
            elif len(toks) == 1:
                cells[field] = toks[0]
            else:
                problems.append(problem("EXT006", _value_line(row), row.page, copy, column=col.header, cell=text))
                if field in ind.TARGET_FIELDS:
                    cells[field] = ind.Cell(text, None, 0, "", "text")
        if not name:
            problems.append(problem("EXT004", _value_line(row), row.page, copy, row=" ".join(printed)))
            continue
        value_line = _value_line(row)
        rec = {"goal": goal, "name": name, "period": period, "period_year": year,
               "previous_year": previous_year, "raw": " ".join(printed), "line": first, "value_line": value_line,
               "end_line": value_line, "page": row.page, "copy": copy}
        rec.update(values_of(cells))
        rec["assignment_certain"] = True
        rec["uncertain_fields"] = ""
        rec["cells"] = json.dumps({f: c.raw for f, c in cells.items()}, ensure_ascii=False)
        rec["alternatives"] = ""
        for field, printed_target in bounded.items():
            rec[f"{field}_text"] = printed_target
        if year is None:
            problems.append(problem("EXT002", value_line, row.page, copy, row=rec["raw"]))
        rows.append(rec)
    return rows, problems


_BOUND = re.compile(r"^(högst|max\.?|maximalt|minst|lägst|min\.?|under|över|≤|≥|<|>)\s*(.+)$", re.IGNORECASE)


def _bounded_target(text: str):
    """"högst 10,0" / "minst 2 500" as the target's figure (the word gives its direction)."""
    from granska.checks.readers import indicators as ind

    m = _BOUND.match(text.strip())
    if not m:
        return None
    toks = ind.tokenize_cells(m.group(2))
    return toks[0] if len(toks) == 1 and toks[0].kind == "number" else None


def _value_line(row) -> int:
    """The line that prints the row's figures, else its first."""
    return row.value_line or row.line


_DONE = re.compile(r"^(avslutad|avslutat|klar|klart|genomförd|genomfört|slutförd|slutfört|färdig)\b", re.IGNORECASE)


def activity_rows(grid: GridTable, copy_of, goal_of, goal_ids: set[str] | frozenset = frozenset()) -> list[dict]:
    """Activities of a header-led table: dates, a Status and a Färdiggrad where printed, the goal
    a Mål column names (else the goal printed above the table). A status of not done, late or
    stopped is a deviation, as is a deviation paragraph below the row."""
    from granska.checks.readers.headed import DEVIATING_STATUS_RE
    from granska.checks.readers.cells import parse_figure

    fields = grid.fields[1:]
    out: list[dict] = []
    for row in grid.rows:
        if row.kind == "spanning":
            if out and _DEVIATION_HEAD.match(row.label):
                act = out[-1]
                para = [s for s in row.lines[1:] if not _ANALYS.match(s.strip())]
                act["deviation"] = True
                act["deviation_text"] = join_prose(para)
                numbers = row.numbers or [row.line] * len(row.lines)
                at = next((n for s, n in zip(row.lines[1:], numbers[1:]) if not _ANALYS.match(s.strip())), row.line)
                act["deviation_line"] = at
            continue
        if row.kind != "data" or not row.label:
            continue
        cells = {f: c.text for f, c in zip(fields, row.cells)}
        dates = {f: v for f, v in cells.items() if f in ("start", "end") and _DATE.match(v)}
        status = re.sub(r"\s+", " ", cells.get("status", "")).strip()
        progress = parse_figure(cells.get("progress", "").replace("%", "").strip() + "%") if cells.get("progress") else None
        goal_ref = cells.get("goal_ref", "").strip().rstrip(".")
        deviating = bool(status) and DEVIATING_STATUS_RE.match(status) is not None
        comment = re.sub(r"\s+", " ", cells.get("comment", "")).strip()
        # a Mål column decides; one naming no goal of the report leaves the activity without one
        out.append({"goal": (goal_ref if goal_ref in goal_ids else "") if goal_ref else goal_of(row.line),
                    "text": re.sub(r"\s+", " ", row.label).strip(),
                    "start": dates.get("start"), "end": dates.get("end"), "deviation": deviating,
                    "deviation_text": (f"Status: {status}" + (f" — {comment}" if comment else "")) if deviating else "",
                    "deviation_line": row.line if deviating else None, "status": status,
                    "progress": progress[0] if progress else None, "goal_ref": goal_ref,
                    "line": row.line, "end_line": row.end_line, "page": row.page, "copy": copy_of(row.line)})
    return out
