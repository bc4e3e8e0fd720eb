"""`sum`: the parts of a group add up to a total, in every value column.

Tolerance is the figures' own precision (XBRL Calculations 1.1): each printed figure is an
interval of ± half its last decimal, and the sum holds when the intervals meet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from granska.checks.engine.findings import slug
from granska.checks.numbers import format_number
from granska.checks.engine.forms.common import check_columns, compile_selector, group_rows, matches, require_keys
from granska.checks.engine.intervals import gap, meets, sum_of

from granska.checks.engine.context import cell_interval, missing
from granska.checks.model import RATIO_ROLES


def compile(spec):
    spec = require_keys(spec, {"table"}, {"table", "group_by", "parts", "total", "pairs", "unless", "unsigned_parts",
                                          "flat_only"}, "sum")
    table = spec["table"]
    if table != "budget":
        raise ValueError("sum: stöds för tabellen budget (värdekolumnerna läses ur budget_columns)")
    group_by = spec.get("group_by", ["table"])
    check_columns(table, group_by, "sum.group_by")
    pairs = spec.get("pairs") or [{"parts": spec.get("parts"), "total": spec.get("total")}]
    compiled = []
    for k, pair in enumerate(pairs):
        if not isinstance(pair, dict) or pair.get("parts") is None or pair.get("total") is None:
            raise ValueError(f"sum: par {k + 1} behöver parts och total")
        parts = pair["parts"] if isinstance(pair["parts"], list) else [pair["parts"]]
        compiled.append({"parts": [compile_selector(table, p, "sum.parts") for p in parts],
                         "total": compile_selector(table, pair["total"], "sum.total")})
    # unless: selectors of rows whose presence means the group is of another shape (a table of
    # Kostnader/Intäkter/Netto is summed by its roles, not as a list of items).
    unless = spec.get("unless") or []
    unless = [compile_selector(table, u, "sum.unless") for u in (unless if isinstance(unless, list) else [unless])]
    return {"table": table, "group_by": group_by, "pairs": compiled, "unless": unless,
            "unsigned": bool(spec.get("unsigned_parts", False)), "flat_only": bool(spec.get("flat_only", False))}


def has_subtotal(parts: list[dict], columns: list[str]) -> bool:
    """A part that is the sum of two or more parts right below it ("Kultur" above "Bibliotek" and
    "Kulturskola"): the list is a hierarchy, and its parts do not simply add up to its total."""
    for i, head in enumerate(parts):
        for end in range(i + 3, len(parts) + 1):
            run = parts[i + 1:end]
            checked = [c for c in columns if not missing(head.get(c)) and not any(missing(p.get(c)) for p in run)]
            if checked and all(meets(sum_of(cell_interval(p[c], p["decimals"]) for p in run),
                                     cell_interval(head[c], head["decimals"])) for c in checked):
                return True
    return False


def _readings(part_iv: list, first: list[bool], printed: list[float], unsigned: bool) -> list[tuple]:
    """(interval, sign of each part) for every way the table may mean its parts' sum. With
    unsigned_parts, parts printed without their sign (no two of opposite sign: "Kostnader 310,5 /
    Intäkter 45,2 / Nettokostnad 265,3") may also be the first selector's parts minus the others,
    or the reverse (a result: Intäkter − Kostnader). Parts of opposite signs carry their own, and
    are only summed. (Same-signed parts may still be a sum: favourable deviations of costs and
    revenues, "71,2 + 2,1 = 73,2".)"""
    plain = [1] * len(part_iv)
    out = [(sum_of(part_iv), plain)]
    if not unsigned or len(part_iv) < 2 or (any(v > 0 for v in printed) and any(v < 0 for v in printed)):
        return out
    net = [1 if f else -1 for f in first]
    for signs in (net, [-x for x in net]):
        out.append((sum_of(iv if k > 0 else -iv for iv, k in zip(part_iv, signs)), signs))
    return out


def _terms(values: list[float], signs: list[int], dec: int, lang: str = "sv") -> str:
    """"685,7 + −99,0" or "310,5 − 45,2": the parts as the check combined them."""
    text = ""
    for k, (v, sign) in enumerate(zip(values, signs)):
        shown = format_number(v, dec, lang)
        if k == 0:
            text = shown if sign > 0 else f"−{shown}"
        else:
            text += f" + {shown}" if sign > 0 else f" − {shown}"
    return text


def _selector_of(row: dict, selectors: list) -> int | None:
    """Index of the first selector the row matches."""
    return next((k for k, sel in enumerate(selectors) if matches(row, sel)), None)


def value_columns(ctx, table_name: str, copy: int) -> list[str]:
    """The table's columns of amounts: a ratio (Avvikelse %, Förbrukat %) adds up to nothing."""
    return list(dict.fromkeys(r["column"] for r in ctx.records("budget_columns", copy)
                              if r["table"] == table_name and r["role"] not in RATIO_ROLES))


@dataclass
class SumCheck:
    """One total cell checked against its parts: what the rule decides, and what an export to
    another tool (checks/gx.py) writes down as numbers."""
    copy: int
    total: dict
    parts: list[dict]
    column: str
    readings: list[tuple]  # (interval of the parts' sum, sign of each part): every way the table may mean it
    total_iv: Any
    holds: bool

    @property
    def subject(self) -> str:
        t = self.total
        return f"{slug(t['table'])}/{slug(t['section'])}/{slug(t['item'])}/{slug(self.column)}"

    @property
    def decimals(self) -> int:
        return max(int(self.total["decimals"]), *(int(p["decimals"]) for p in self.parts))


def checks(rule, ctx) -> Iterator[SumCheck]:
    """Every total cell the rule checks, in the document's order: per body copy, group
    (group_by; skipped when it holds an `unless` row), pair and value column — when the pair's
    total row is unique, every part selector matches a row, none of the parts is a subtotal
    (with flat_only) and no figure of the column is missing."""
    c = rule.compiled
    for copy in ctx.body_copies:
        for rows in group_rows(ctx.records("budget", copy), c["group_by"]):
            if any(matches(r, u) for r in rows for u in c["unless"]):
                continue
            if any(r.get("complete") is False for r in rows):
                continue  # a row of the table could not be read: its parts are not all there
            columns = value_columns(ctx, rows[0]["table"], copy)
            for pair in c["pairs"]:
                totals = [r for r in rows if matches(r, pair["total"])]
                if len(totals) != 1:
                    continue
                total = totals[0]
                # each part with the first selector it matches, in selector order ("Kostnader"
                # before "Intäkter"), rows in table order within one selector
                ranked = sorted(((_selector_of(r, pair["parts"]), r) for r in rows if r is not total
                                 and _selector_of(r, pair["parts"]) is not None), key=lambda kr: kr[0])
                parts = [r for _, r in ranked]
                first = [k == 0 for k, _ in ranked]
                if len({k for k, _ in ranked}) < len(pair["parts"]):
                    continue  # a part the rule names is not printed ("Personalkostnader" and "Övriga
                    # kostnader" instead of Kostnader): the table is of another shape, not wrong
                if not parts or (c["flat_only"] and has_subtotal(parts, columns)):
                    continue
                for col in columns:
                    if missing(total.get(col)) or any(missing(p.get(col)) for p in parts):
                        continue
                    part_iv = [cell_interval(p[col], p["decimals"]) for p in parts]
                    total_iv = cell_interval(total[col], total["decimals"])
                    readings = _readings(part_iv, first, [float(p[col]) for p in parts], c["unsigned"])
                    yield SumCheck(copy, total, parts, col, readings, total_iv,
                                   any(meets(r, total_iv) for r, _ in readings))


def evaluate(rule, ctx):
    out = []
    for chk in checks(rule, ctx):
        ctx.checked(rule, chk.copy)
        if chk.holds:
            continue
        total, parts, col, readings, total_iv = chk.total, chk.parts, chk.column, chk.readings, chk.total_iv
        # Shown: the plain sum, unless every part is printed positive (then the closer of the
        # differences: the table's own way of writing its net)
        shown = readings[1:] if all(float(p[col]) > 0 for p in parts) and len(readings) > 1 else readings[:1]
        s, signs = min(shown, key=lambda r: gap(r[0], total_iv))
        dec = chk.decimals
        expected = round(s.mid, dec)
        beyond = gap(s, total_iv)
        labels = [p["item"] if len(parts) <= 3 else (p["section"] or p["item"]) for p in parts]
        values = {
            "table": total["table"], "section": total["section"], "item": total["item"], "column": col,
            "parts": [[lab, p[col]] for lab, p in zip(labels, parts)],
            "parts_text": _terms([p[col] for p in parts], signs, dec) if len(parts) <= 4
            else f"summan av {len(parts)} rader",
            "parts_text_en": _terms([p[col] for p in parts], signs, dec, "en") if len(parts) <= 4
            else f"the sum of {len(parts)} rows",
            "expected": expected, "printed": total[col], "total": total[col], "beyond": round(beyond, 6),
            "tolerance": round(s.half_width + total_iv.half_width, 6), "decimals": dec,
        }
        out.append(ctx.finding(
            rule, values, chk.subject, total["line"], chk.copy, total.get("end_line"), key=f"{expected}|{total[col]}",
            printed={"expected": dec, "printed": int(total["decimals"]), "total": int(total["decimals"])}))
    return out
