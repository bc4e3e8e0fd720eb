"""`agree`: the same figure printed in two tables agrees, in whatever unit each is printed.

A result printed in the resultaträkning and again in the balansräkning, the Nettokostnader of an
"Ekonomi" summary and the Summa of the driftredovisning, Nettoinvesteringar in tkr and a project
table's Summa in mnkr: each side is an interval (± half its last printed digit, in its own unit)
turned into kronor, and the two agree when the intervals meet. 8 214 tkr and 8,211 mnkr are 3 tkr
apart, beyond the ± 0,5 tkr that 8,211 mnkr stands for.

spec:
- `left`, `right`: where each figure is. `where`: budget-table columns and their values (`kind`,
  `key`, `role`); `item_words`: words one of which the row's label contains; `last: true`: the
  last such row of its table (a closing Summa). Exactly one table must hold such a row. A list
  of such places is a list of alternatives, the first the report holds is used (the
  resultaträkning's årets resultat, or where it cannot be read, the kassaflödesanalys', which
  starts from it).
- `column`: `same` (every column the two tables share by name: Kommunen 2025 with Kommunen
  2025), or per side a column role (`{left: actual, right: actual}`) or `only`: the row's one
  figure (a table of one column, as a bridge from budget to forecast is).
- `sign`: `exact`, or `magnitude` when the tables may print one figure with opposite signs
  (a net cost as −50 700 in one, 50 700 in the other).
- `pairs`: instead of one `left`/`right`, a list of them (each with its `column` and `sign`):
  several figures of one table that each agree with another table's (a bridge's budgeted
  result, its nämnder's deviation and its forecast result).
"""
from __future__ import annotations

import re

from granska.checks.engine.arithmetic import TableView, _decimals
from granska.checks.engine.findings import slug
from granska.checks.engine.forms.arithmetic import views
from granska.checks.engine.forms.common import require_keys
from granska.checks.engine.intervals import gap, meets

_NOT_AMOUNTS = ("note", "percent", "deviation_pct")
TO_KR = {"kr": 1.0, "tkr": 1e3, "mnkr": 1e6, "mdkr": 1e9}
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def compile(spec):
    if isinstance(spec, dict) and "pairs" in spec:
        spec = require_keys(spec, {"pairs"}, {"pairs"}, "agree")
        if not isinstance(spec["pairs"], list) or not spec["pairs"]:
            raise ValueError("agree.pairs: en lista av {left, right, column}")
        return {"pairs": [_pair(p, f"agree.pairs[{k}]") for k, p in enumerate(spec["pairs"])]}
    return {"pairs": [_pair(spec, "agree")]}


def _pair(spec, what: str) -> dict:
    spec = require_keys(spec, {"left", "right", "column"}, {"left", "right", "column", "sign"}, what)
    sides = {}
    for side in ("left", "right"):
        places = spec[side] if isinstance(spec[side], list) else [spec[side]]
        if not places:
            raise ValueError(f"{what}.{side}: ange minst ett ställe")
        for place in places:
            place = require_keys(place, set(), {"where", "item_words", "last"}, f"{what}.{side}")
            if not place.get("where") and not place.get("item_words"):
                raise ValueError(f"{what}.{side}: ange where eller item_words")
        sides[side] = [_side(place) for place in places]
    column = spec["column"]
    if column not in ("same", "only") and not (isinstance(column, dict) and set(column) == {"left", "right"}):
        raise ValueError(f"{what}.column: same, only, eller {{left: roll, right: roll}}")
    if spec.get("sign", "exact") not in ("exact", "magnitude"):
        raise ValueError(f"{what}.sign: exact eller magnitude")
    return {"left": sides["left"], "right": sides["right"], "column": column, "sign": spec.get("sign", "exact")}


def _side(s: dict) -> dict:
    where = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in (s.get("where") or {}).items()}
    return {"where": where, "words": [str(w).lower() for w in s.get("item_words") or []], "last": bool(s.get("last"))}


def _find(tables: list[TableView], side: dict) -> tuple[TableView, dict] | None:
    found = []
    for view in tables:
        rows = [r for r in view.rows if all(str(r.get(k)) in v for k, v in side["where"].items())
                and (not side["words"] or any(w in str(r.get("item", "")).lower() for w in side["words"]))]
        if side["last"]:
            rows = rows[-1:]
        if len(rows) == 1:
            found.append((view, rows[0]))
        elif len(rows) > 1:
            return None  # which one is meant the table does not tell
    return found[0] if len(found) == 1 else None


def _same_columns(left: TableView, right: TableView) -> list[tuple[str, str]]:
    """Columns of the two tables that are the same: by name, or by entity and year ("Kommunen
    2025" in the resultaträkning is "Kommunen 2025-12-31" in the balansräkning)."""
    def year_and_entity(col: str) -> tuple[str, str] | None:
        m = _YEAR.search(col)
        if not m:
            return None
        low = col.lower()
        return m.group(1), ("koncern" if "koncern" in low else "kommun" if "kommun" in low else "")

    pairs = [(col, col) for col in left.columns if col in right.columns]
    if pairs:
        return pairs
    # a budget column of the same year ("Kommunen Budget 2025") is not the year's accounts
    keyed = {year_and_entity(c): c for c in reversed(right.columns)
             if year_and_entity(c) and right.roles.get(c) not in ("budget", "forecast")}
    return [(c, keyed[k]) for c in left.columns if (k := year_and_entity(c)) in keyed
            and left.roles.get(c) not in ("budget", "forecast")]


def _column_of(view: TableView, row: dict, role: str) -> str | None:
    """The column of a role, or (`only`) the row's one figure."""
    if role == "only":
        figures = [c for c in view.columns if view.roles.get(c) not in _NOT_AMOUNTS and view.cell(row, c) is not None]
        return figures[0] if len(figures) == 1 else None
    return next((c for c in view.columns if view.roles.get(c) == role), None)


def _first(tables: list[TableView], places: list[dict]) -> tuple[TableView, dict] | None:
    """The first of the places (alternatives) the report holds."""
    for place in places:
        found = _find(tables, place)
        if found is not None:
            return found
    return None


def evaluate(rule, ctx):
    """One figure against the other, converted to kronor."""
    out = []
    for copy in ctx.body_copies:
        tables = views(ctx, copy)
        for pair in rule.compiled["pairs"]:
            out.extend(_agree(rule, ctx, tables, pair, copy))
    return out


def _agree(rule, ctx, tables: list[TableView], c: dict, copy: int) -> list:
    left, right = _first(tables, c["left"]), _first(tables, c["right"])
    if left is None or right is None or left[0] is right[0] and left[1] is right[1]:
        return []
    if c["column"] == "same":
        pairs = _same_columns(left[0], right[0])
    else:
        roles = {"left": c["column"], "right": c["column"]} if c["column"] == "only" else c["column"]
        pairs = [(_column_of(left[0], left[1], roles["left"]), _column_of(right[0], right[1], roles["right"]))]
    out = []
    for lcol, rcol in pairs:
        if lcol is None or rcol is None:
            continue
        ctx.checked(rule, copy)
        finding = _compare(rule, ctx, left, lcol, right, rcol, c["sign"])
        if finding is not None:
            out.append(finding)
    return out


def _compare(rule, ctx, left, lcol, right, rcol, sign):
    (lview, lrow), (rview, rrow) = left, right
    a, b = lview.cell(lrow, lcol), rview.cell(rrow, rcol)
    lunit, runit = (lrow.get("unit") or ""), (rrow.get("unit") or "")
    if a is None or b is None or (lunit or runit) and (lunit not in TO_KR or runit not in TO_KR):
        return None
    a_kr, b_kr = a * TO_KR.get(lunit, 1.0), b * TO_KR.get(runit, 1.0)
    if sign == "magnitude":
        a_kr, b_kr = abs(a_kr), abs(b_kr)
    if meets(a_kr, b_kr):
        return None
    unit = lunit or runit
    scale = TO_KR.get(unit, 1.0)
    ldec = _decimals(lview.printed(lrow, lcol)) if lview.printed(lrow, lcol) else 0
    rdec = _decimals(rview.printed(rrow, rcol)) if rview.printed(rrow, rcol) else 0
    values = {"left_table": lview.name, "left_item": lrow["item"], "left_column": lcol, "left": lrow[lcol],
              "left_unit": lunit, "right_table": rview.name, "right_item": rrow["item"], "right_column": rcol,
              "right": rrow[rcol], "right_unit": runit, "right_line": rrow["line"], "right_page": rrow.get("page"),
              "beyond": round(gap(a_kr, b_kr) / scale, max(ldec, rdec) + 2), "beyond_unit": unit}
    subject = f"{slug(lview.name)}/{slug(lrow['item'])}/{slug(lcol)}~{slug(rview.name)}/{slug(rrow['item'])}"
    return ctx.finding(rule, values, subject, lrow["line"], lview.copy, lrow.get("end_line"),
                       key=f"{lrow[lcol]}|{rrow[rcol]}", printed={"left": ldec, "right": rdec},
                       compared=[(rrow["line"], rrow.get("end_line"))])
