"""`chain`: a financial statement's running results, each the one before plus the lines between.

A kommun's resultaträkning is a chain (LKBR, RKR R16): verksamhetens nettokostnader are the lines
above them; verksamhetens resultat is the nettokostnader plus skatteintäkter and generella
statsbidrag; resultat efter finansiella poster adds the financial lines; årets resultat the
extraordinary items. Each link is checked as the previous link plus whatever lines the report
prints between them (a "jämförelsestörande poster" line included), column by column, within
the printed rounding. A statement that prints costs without their minus sign is read that way
too: a line that names a cost subtracts.

spec: `statement` (the table kind), `order` (the chain's keys, rules/vocabulary.yaml
`statements`), `total` (the link, or links, this rule checks), `carry` (default true: a link
adds to the one before; false: a link is the lines between, as a kassaflödesanalys' subtotals).
"""
from __future__ import annotations

import re

from granska.checks.engine.findings import slug
from granska.checks.engine.forms.common import require_keys
from granska.checks.engine.intervals import gap, meets, sum_of
from granska.checks.engine.arithmetic import TableView, _decimals
from granska.checks.engine.forms.arithmetic import views

_COST = re.compile(r"kostnad|avskrivning|nedskrivning|^skatt\b", re.IGNORECASE)


def compile(spec):
    spec = require_keys(spec, {"statement", "order", "total"}, {"statement", "order", "total", "carry"}, "chain")
    totals = spec["total"] if isinstance(spec["total"], list) else [spec["total"]]
    if not isinstance(spec["order"], list) or any(t not in spec["order"] for t in totals):
        raise ValueError("chain: total ska vara en (eller flera) av nycklarna i order")
    return {"statement": str(spec["statement"]), "order": [str(k) for k in spec["order"]],
            "totals": [str(t) for t in totals], "carry": bool(spec.get("carry", True))}


def evaluate(rule, ctx):
    """The link `total` of each statement against the link before it and the lines between."""
    c = rule.compiled
    out = []
    for copy in ctx.body_copies:
        for view in views(ctx, copy):
            if not view.rows or view.rows[0].get("kind") != c["statement"]:
                continue
            for total in c["totals"]:
                out.extend(_check(rule, ctx, view, c, total))
    return out


def _parts(view: TableView, order: list[str], total: str, carry: bool) -> tuple[dict | None, list[dict]]:
    rows = [r for r in view.rows if r.get("role") != "varav" and not str(r.get("item", "")).lower().startswith(("därav", "varav"))]
    at = next((k for k, r in enumerate(rows) if r.get("key") == total), None)
    if at is None:
        return None, []
    earlier = set(order[: order.index(total)])
    start = max((k for k in range(at) if rows[k].get("key") in earlier), default=None)
    if start is None:
        return rows[at], rows[:at]
    return rows[at], rows[start if carry else start + 1:at]


def _sums(view: TableView, parts: list[dict], col: str, ivs: list) -> list:
    """The ways the parts may add up: as printed, or (costs printed without their minus sign) with
    every cost line subtracted."""
    plain = sum_of(ivs)
    signed = sum_of(-iv if _COST.search(p["item"]) and p[col] > 0 else iv for p, iv in zip(parts, ivs))
    return [plain, signed]


def _holds(total, sums) -> bool:
    return any(meets(s, total) or meets(s, -total) for s in sums[1:]) or meets(sums[0], total)


def _holds_any(total, ways) -> bool:
    return any(_holds(total, sums) for sums in ways)


def _link(view: TableView, c, key: str, col: str, depth: int = 0):
    """(total row, parts, printed total, the ways the parts add up) of one link in one column.

    Where the link before it is itself wrong, which figure is wrong is not known: one of its
    lines (the link before is then right as printed, and this link follows from it) or the link
    itself (this link then follows from what its lines make it). Both are tried, so one wrong
    figure is reported once, at its own line, not again at the next."""
    total_row, parts = _parts(view, c["order"], key, c["carry"])
    if total_row is None or not parts:
        return None
    total = view.cell(total_row, col)
    ivs = [view.cell(p, col) for p in parts]
    if total is None or any(iv is None for iv in ivs):
        return None
    readings = [ivs]
    if c["carry"] and parts[0].get("key") in c["order"] and depth < len(c["order"]):
        before = _link(view, c, parts[0]["key"], col, depth + 1)
        if before is not None and not _holds_any(before[2], before[3]):
            readings += [[sums[0]] + ivs[1:] for sums in before[3]]
    ways = [_sums(view, parts, col, r) for r in readings]
    if not _holds_any(total, ways):
        # a subtotal among the lines ("Medel från verksamheten före förändring av rörelsekapital"
        # under the lines it adds up) stands for them: counted once
        kept = [_collapse_subtotals(list(zip(parts, r))) for r in readings]
        if len(kept[0]) < len(parts):
            parts = [p for p, _ in kept[0]]
            ways = [_sums(view, parts, col, [iv for _, iv in k]) for k in kept if len(k) == len(parts)]
    return total_row, parts, total, ways


def _collapse_subtotals(items: list[tuple[dict, object]]) -> list[tuple[dict, object]]:
    """Lines with a line below them that is their sum (two or more, right above it): the sum
    kept, the lines it adds up dropped."""
    kept: list[tuple[dict, object]] = []
    for row, iv in items:
        for k in range(len(kept), 1, -1):
            if meets(sum_of(x for _, x in kept[-k:]), iv):
                del kept[-k:]
                break
        kept.append((row, iv))
    return kept


def _check(rule, ctx, view: TableView, c, total_key: str) -> list:
    out = []
    for col in [k for k in view.columns if view.roles.get(k) not in ("percent", "deviation_pct")]:
        link = _link(view, c, total_key, col)
        if link is None:
            continue
        total_row, parts, total, ways = link
        if _holds_any(total, ways):
            continue
        expected = min(ways[0], key=lambda s: gap(s, total))  # as printed
        decimals = max([_decimals(view.printed(p, col)) for p in parts + [total_row] if view.printed(p, col)] or [0])
        values = {"table": view.name, "item": total_row["item"], "column": col,
                  "parts": [[p["item"], p.get(col)] for p in parts],
                  "parts_text": " + ".join(p["item"] for p in parts) if len(parts) <= 4
                  else f"{parts[0]['item']} + … + {parts[-1]['item']} ({len(parts)} rader)",
                  "expected": round(expected.mid, decimals), "printed": round(total.mid, decimals),
                  "beyond": round(gap(expected, total), decimals + 2)}
        out.append(ctx.finding(rule, values, f"{slug(view.name)}/{slug(total_row['item'])}/{slug(col)}",
                               total_row["line"], view.copy, total_row.get("end_line"),
                               key=f"{values['printed']}|{values['expected']}",
                               printed={"expected": decimals, "printed": decimals}))
    return out
