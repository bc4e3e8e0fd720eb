"""Tables of figures (driftredovisning, investeringar, ekonomi, resultat- och balansräkning,
kassaflödesanalys, noter) as rows of the budget table, from their grids.

What a column means comes from its header words (rules/vocabulary.yaml `columns`): budget,
utfall, avvikelse, prognos, projektbudget, ack. utfall, återstår, avvikelse %, förbrukat %, not,
antal; the spanning header names the entity (Kommunen / Koncernen). What a row is comes from its
label (`rows`: Summa, Totalt, Netto, varav), and in a financial statement which line of the
statement it is (`statements`: verksamhetens nettokostnader, årets resultat …), so that the
statement rules can name it. A Not column is a reference, never an amount; a % column is a ratio,
never summed.
"""
from __future__ import annotations

import json
import re

from granska.checks.model import RATIO_ROLES
from granska.checks.numbers import label_unit
from granska.checks.readers.budget import place_row
from granska.checks.readers.grid import GridTable

# Återstår is the table's deviation where it has no Avvikelse of its own (BUD002 then checks it);
# beside an Avvikelse it keeps its own role (what remains of a project: TAB001).
NOT_AMOUNTS = set(RATIO_ROLES) | {"note"}
STATEMENT_KINDS = ("resultaträkning", "balansräkning", "kassaflödesanalys", "driftredovisning")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


# Label-column headers that name the column, not the table ("Projekt (tkr)", "Belopp i mnkr").
GENERIC_LABEL_WORDS = {"belopp", "i", "projekt", "projektnamn", "verksamhet", "verksamheter", "nämnd", "nämnder", "post",
                       "poster", "område", "enhet", "ansvar", "text", "benämning", "investering", "investeringar",
                       "objekt", "namn", "avdelning", "resultatenhet", "kostnadsställe", "styrelse", "och", "per",
                       "beskrivning", "aktivitet", "not", "kommunen", "koncernen", "kommun", "koncern",
                       "medlem", "medlemmar", "medlemskommun", "medlemskommuner"}


def table_name(grid: GridTable, vocab) -> str:
    """The table's name: the label column's header where it names the table (Stockholm prints the
    unit's name there: "Socialförvaltningen / mnkr"), else the title above the table."""
    label = grid.label_header or ""
    unit_free = " ".join(w for w in re.sub(r"[()]", " ", label).split()
                         if not vocab.unit(w) and w.lower().strip(":,") not in GENERIC_LABEL_WORDS)
    unit_free = unit_free.strip(" ,;:")  # "Nettokostnad, mnkr": the comma went with the unit
    if unit_free and any(ch.isalpha() for ch in unit_free):
        return unit_free
    return grid.title or label or "Tabell"


def table_kind(grid: GridTable, vocab) -> str:
    """drift | investering | ekonomi | resultaträkning | balansräkning | kassaflödesanalys | not |
    budget: from the title, then the label column's header, then the rows themselves."""
    for text in (grid.title, grid.label_header):
        kind = vocab.table_kind(text or "")
        if kind:
            return kind
    labels = [r.label for r in grid.rows]
    for statement in ("resultaträkning", "balansräkning", "kassaflödesanalys"):
        keys = {vocab.statement_key(statement, lab) for lab in labels} - {""}
        if len(keys) >= 3:
            return statement
    return _kind_by_rows(grid, labels, vocab)


def _kind_by_rows(grid: GridTable, labels: list[str], vocab) -> str:
    """A table whose title the page does not print right above it, told by its own rows: the
    nämnder's Summa and the Finansförvaltning (a driftredovisning); Budget, a net and Avvikelse as
    rows (an Ekonomi summary, its years as columns); a closing Totalt that names investeringar
    in a table without Kostnader, Intäkter and Netto rows (an investeringsredovisning)."""
    drift = {vocab.statement_key("driftredovisning", lab) for lab in labels}
    if {"summa_namnder", "finansforvaltning"} <= drift:
        return "drift"
    as_columns = {vocab.column_role(lab) for lab in labels}
    roles = [vocab.row_role(lab) for lab in labels]
    if {"budget", "deviation"} <= as_columns and any(r in ("netto", "summa_netto") or "nettokostnad" in lab.lower()
                                                     for r, lab in zip(roles, labels)):
        return "ekonomi"
    totals = [lab for r, lab in zip(roles, labels) if r in ("summa_netto", "totalt")]
    if totals and vocab.table_kind(totals[-1]) == "investering" and not {"kostnader", "intakter", "netto"} & set(roles):
        return "investering"
    return "budget"


def column_roles_of(grid: GridTable, names: list[str], vocab, report_year: int | None) -> list[str]:
    """Each column's role. A bare year under an entity is that year's utfall; where several
    columns claim one of the rule roles, the report year's keeps it (budget.column_roles)."""
    roles = []
    for col, name in zip(grid.columns, names):
        role = vocab.column_role(col.header) if col.header else vocab.column_role(name)
        if role == "other" and col.parent:
            role = vocab.column_role(col.parent)
        roles.append(role)
    kinds = set(roles)
    if "remaining" in kinds and "deviation" not in kinds:
        roles = ["deviation" if r == "remaining" else r for r in roles]
    if "budget" not in kinds and "project_budget" in kinds:
        roles = ["budget" if r == "project_budget" else r for r in roles]
    if "actual" not in kinds and "acc_actual" in kinds and "project_budget" in kinds:
        roles = ["actual" if r == "acc_actual" else r for r in roles]
    # one column per rule role, the report year's (or the first entity's) first
    ruled = ["budget", "actual", "deviation", "forecast"]
    masked = [r if r in ruled else "other" for r in roles]
    kept = _one_per_role(masked, names, grid, report_year)
    return [k if r in ruled else r for k, r in zip(kept, roles)]


def _one_per_role(roles: list[str], names: list[str], grid: GridTable, report_year: int | None) -> list[str]:
    out = list(roles)
    for role in ("budget", "actual", "forecast", "deviation"):  # deviation last: it is chosen by the others
        idx = [i for i, r in enumerate(out) if r == role]
        if len(idx) < 2:
            continue
        if role == "deviation":
            best = _deviation_by_rows(grid, out, idx)
            if best is not None:
                for i in idx:
                    if i != best:
                        out[i] = "other"
                continue
        years = {i: int(m.group(1)) for i in idx if (m := _YEAR.search(names[i]))}
        entity_first = [i for i in idx if not grid.columns[i].parent or grid.columns[i].parent == grid.columns[idx[0]].parent]
        if report_year in years.values():
            keep = next(i for i in entity_first + idx if years.get(i) == report_year)
        elif years:
            keep = max(years, key=lambda i: (years[i], -i))
        else:
            keep = idx[-1]
        for i in idx:
            if i != keep:
                out[i] = "other"
    return out


def _deviation_by_rows(grid: GridTable, roles: list[str], candidates: list[int]) -> int | None:
    """Of two deviation columns ("Avvikelse" and "Avvikelse per april"), the one the rows show to
    be budget against utfall or prognos (either sign, within the printed rounding)."""
    budget = next((i for i, r in enumerate(roles) if r == "budget"), None)
    others = [i for i, r in enumerate(roles) if r in ("forecast", "actual")]
    if budget is None or not others:
        return None
    score = {}
    for d in candidates:
        held = 0
        for row in grid.data_rows:
            dev, bud = row.cells[d], row.cells[budget]
            if not (dev.is_figure and bud.is_figure):
                continue
            tol = 0.5 * 10 ** -dev.decimals + 0.5 * 10 ** -bud.decimals
            for o in others:
                cell = row.cells[o]
                if cell.is_figure and abs(abs(dev.value) - abs(bud.value - cell.value)) <= tol + 0.5 * 10 ** -cell.decimals + 1e-9:
                    held += 1
                    break
        score[d] = held
    best = max(candidates, key=lambda d: (score[d], -d))
    return best if score[best] > 0 else None


def _unlabelled(row, section: str, statement: str) -> str:
    """A name for a line of figures printed without a label. In a financial statement it is the
    subtotal of the lines above it ("214 595" under the revenues of an ÅRL resultaträkning),
    named after its section; elsewhere it is only a row without a label."""
    if not any(c.is_figure for c in row.cells):
        return ""
    if statement in ("resultaträkning", "balansräkning", "kassaflödesanalys"):
        return f"Summa {section[:1].lower()}{section[1:]} (utan rubrik)" if section else "Delsumma (utan rubrik)"
    return "(rad utan rubrik)"


def rows_of(grid: GridTable, table_name: str, copy_of, vocab, report_year: int | None) -> tuple[list[dict], list[dict]]:
    """The grid's data rows as budget rows, and its columns with their roles."""
    names = grid.column_names()
    roles = column_roles_of(grid, names, vocab, report_year)
    kind = table_kind(grid, vocab)
    statement = kind if kind in ("resultaträkning", "balansräkning", "kassaflödesanalys") else \
        ("driftredovisning" if kind == "drift" else "")
    unit = grid.unit
    rows: list[dict] = []
    section, block = "", "drift"
    for row in grid.rows:
        if row.kind == "section":
            section = row.label
            if vocab.row_role(row.label).startswith("summa"):
                block = "summa"
            continue
        if row.kind != "data":
            continue
        label = row.label or _unlabelled(row, section, statement)
        role = vocab.row_role(label)
        row_block, block, sec = place_row(role, block, section)
        amounts = [c for c, r in zip(row.cells, roles) if r not in NOT_AMOUNTS and c.is_figure]
        note = next((c.text for c, r in zip(row.cells, roles) if r == "note" and c.text), "")
        rec = {"table": table_name, "section": sec, "item": label, "role": role, "block": row_block,
               "kind": kind, "key": vocab.statement_key(statement, label) if statement else "",
               "ref": row.ref, "note": note, "unit": label_unit(label) or unit,
               "decimals": max([c.decimals for c in amounts] or [0]),
               "raw": " ".join(c.text for c in row.cells if c.text),
               "cells": json.dumps({n: c.text for n, c, r in zip(names, row.cells, roles) if c.text and r != "note"},
                                   ensure_ascii=False),
               "complete": not grid.problems,  # a row of it unread: its sums cannot be checked
               "line": row.line, "end_line": row.end_line, "page": row.page, "copy": copy_of(row.line)}
        for name, cell, r in zip(names, row.cells, roles):
            if r == "note":
                continue
            rec[name] = cell.value if cell.is_figure else None
        rows.append(rec)
    copy = copy_of(grid.line)
    # an entity named by the label column's header ("Kommunen, mnkr") is every column's
    table_entity = next((e for w in re.split(r"[\s,]+", grid.label_header or "") if (e := vocab.entity(w))), "")
    columns = [{"table": table_name, "column": n, "role": r,
                "entity": (vocab.entity(c.parent) if c.parent else "") or table_entity,
                "copy": copy} for n, r, c in zip(names, roles, grid.columns) if r != "note"]
    return rows, columns
