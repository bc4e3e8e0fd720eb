"""`status`: a goal's printed verdict against what the report itself shows.

`against` picks what the verdict is compared with: one handler each (HANDLERS, at the end), each
saying what it compares in its docstring (`granska rules CODE` shows it beside the rule's doc).
"""
from __future__ import annotations

import json
import re
from functools import partial

from granska.checks.engine.context import missing, printed_figures
from granska.checks.engine.expr import target_met
from granska.checks.engine.findings import slug
from granska.checks.engine.forms.common import require_keys
from granska.checks.engine.intervals import Interval
from granska.checks.model import GOAL_STATUSES
from granska.checks.numbers import find_numbers

AGAINST = ("indicators", "children", "activities", "analysis", "all_met", "without_outcome", "deviations")
STATUSES = GOAL_STATUSES  # the goals table's statuses (checks.model), the only list
WEAKER = {"helt": ("delvis", "inte"), "delvis": ("inte",)}


def compile(spec):
    spec = require_keys(spec, {"status", "against"}, {"status", "against", "include_children", "phrases"}, "status")
    statuses = spec["status"] if isinstance(spec["status"], list) else [spec["status"]]
    for s in statuses:
        if s not in STATUSES:
            raise ValueError(f"status: okänd status {s!r} (kända: {', '.join(STATUSES)})")
    if spec["against"] not in AGAINST:
        raise ValueError(f"status.against: en av {', '.join(AGAINST)}")
    phrases = spec.get("phrases") or []
    if spec["against"] == "analysis" and not phrases:
        raise ValueError("status: against analysis behöver phrases")
    patterns = [re.compile(r"(?<![\wåäö])" + re.escape(p.lower()).replace(r"\ ", r"\s+") + r"(?![\wåäö])") for p in phrases]
    # Plain substrings first (fast); the word-boundary pattern only where one occurs.
    plain = [" ".join(p.lower().split()) for p in phrases]
    return {"statuses": statuses, "against": spec["against"], "include_children": bool(spec.get("include_children", False)),
            "phrases": phrases, "patterns": patterns, "plain": plain}


# --- indicator verdicts -------------------------------------------------------------------

def _cell(raw: str | None) -> tuple[str, Interval | None, str]:
    """(kind, interval, text) of a printed cell: number, band or words."""
    if not raw:
        return "none", None, ""
    if "+/-" in raw.replace(" ", ""):
        figs = find_numbers(raw.replace("+/-", " "))
        return ("band", Interval.from_printed(figs[0].value, figs[0].decimals), raw) if figs else ("text", None, raw)
    figs = find_numbers(raw)
    if len(figs) == 1 and not re.search(r"[A-Za-zåäöÅÄÖ]{3,}", raw.replace(figs[0].raw, "")):
        return "number", Interval.from_printed(figs[0].value, figs[0].decimals), figs[0].unit
    return "text", None, raw


def verdict(cells: dict[str, str], direction: str) -> tuple[str | None, dict]:
    """'met' / 'missed' / None (no verdict) for one reading of an indicator row."""
    kind_o, outcome, unit_o = _cell(cells.get("outcome"))
    if kind_o != "number" or direction == "unknown":
        return None, {}
    kind_t, target, extra = _cell(cells.get("target"))
    which = "target"
    if kind_t not in ("number", "band"):
        kind_t, target, extra = _cell(cells.get("kf_target"))
        which = "kf_target"
        if kind_t == "number" and (unit_o == "st" or extra == "st"):
            return None, {}  # a KF count target alone is city-wide: no verdict for the board
        if kind_t not in ("number", "band"):
            return None, {}
    # A target is a decision, not a measurement: it is exact ("32" means 32), while the outcome
    # is a rounded figure (31 means 30,5-31,5). 31 against 32 is a miss, not a tie.
    target = Interval.exact(target.mid)
    direction = "band" if kind_t == "band" else direction
    info = {"outcome": outcome.mid, "target": target.mid, "target_field": which, "direction": direction}
    return ("met" if target_met(outcome, target, direction) else "missed"), info


def _too_early(row: dict) -> bool:
    """A count or amount measured over part of the year (a tertial) is not judged against an
    annual target yet; a rate is (its unit printed in the cells or, once, in the name: "Andel …
    (%)", "Sjukfrånvaro, % (lägre är bättre)")."""
    from granska.checks.readers.indicators import percent_name

    return row.get("period_kind") == "partial" and (row.get("unit") or "") != "%" and not percent_name(row.get("name"))


def row_verdict(row: dict) -> tuple[str | None, bool, dict]:
    """Verdict under the best reading, whether every plausible reading agrees, and figures.
    A count or amount measured over part of the year (a tertial) has no verdict against an
    annual target yet."""
    if _too_early(row):
        return None, True, {}
    cells = json.loads(row["cells"]) if row.get("cells") else {}
    best, info = verdict(cells, row.get("direction") or "higher")
    alts = json.loads(row["alternatives"]) if row.get("alternatives") else []
    agree = all(verdict(a, row.get("direction") or "higher")[0] == best for a in alts)
    return best, agree, info


# --- evaluation ---------------------------------------------------------------------------

def evaluate(rule, ctx):
    c = rule.compiled
    out = []
    for copy in ctx.body_copies:
        grecs = ctx.records("goals", copy)
        if not grecs:
            continue
        children = {}
        for g in grecs:
            children.setdefault(g["parent"], []).append(g)
        for g in grecs:
            if g["status"] not in c["statuses"]:
                continue
            handler = HANDLERS[c["against"]]
            ctx.checked(rule, copy)  # the goal's verdict is a subject the rule checks
            out.extend(handler(rule, ctx, c, g, children.get(g["id"], []), copy))
    return out


def _goal_values(g: dict) -> dict:
    return {"goal": g["id"], "title": g["title"], "status": g["status"], "status_text": g["status_text"]}


def _by_goal(ctx, table: str, copy: int) -> dict[str, list[dict]]:
    """A copy's rows of `table` by goal id, built once per document: every goal marked helt
    asks for its rows, and scanning the whole table for each was O(goals × rows)."""
    def build():
        out: dict[str, list[dict]] = {}
        for r in ctx.records(table, copy):
            out.setdefault(r["goal"], []).append(r)
        return out
    return ctx.memo(("by_goal", table, copy), build)


def _rows_of(ctx, table, c, g, kids, copy):
    """The goal's own rows, then (include_children) its child goals', in document order."""
    index = _by_goal(ctx, table, copy)
    ids = [g["id"]] + ([k["id"] for k in kids] if c["include_children"] else [])
    rows = [r for i in dict.fromkeys(ids) for r in index.get(i, ())]
    return sorted(rows, key=lambda r: (int(r["line"]), ids.index(r["goal"]))) if len(ids) > 1 else rows


def _indicators_of(ctx, c, g, kids, copy):
    return _rows_of(ctx, "indicators", c, g, kids, copy)


def against_indicators(rule, ctx, c, g, kids, copy):
    """indicators: a goal marked (e.g.) 'helt' whose own indicators — or its nämndmål's — missed
    their targets (row_verdict). The board's own årsmål is compared first; a KF count target
    alone is usually city-wide and is not compared. The verdict is evaluated under every equally
    plausible column assignment of the row: a contradiction that holds under all of them is
    certain."""
    out = []
    for r in _indicators_of(ctx, c, g, kids, copy):
        # once per row and document: a row is asked by its goal and by the goal's parent
        best, agree, info = ctx.memo(("verdict", id(r)), partial(row_verdict, r))
        if best != "missed" or info.get("direction") == "point":
            continue  # a point target missed either way is weighed by its own rule, not as a contradiction
        own = "eget" if r["goal"] == g["id"] else f"nämndmålet {r['goal']}"
        values = {**_goal_values(g), "indicator": r["name"], "outcome": info["outcome"],
                  "target": info["target"], "unit": r.get("unit") or "",
                  "target_kind": "årsmålet" if info["target_field"] == "target" else "KF:s årsmål",
                  "target_kind_en": "target" if info["target_field"] == "target" else "the council's target",
                  "direction": r.get("direction"), "owner": own}
        end = max(int(r["end_line"]), int(r["line"]))
        excerpt = ctx.doc.excerpt(int(r["line"]), end) if ctx.doc.lines else None
        shown = printed_figures(r)
        printed = {"outcome": shown.get("outcome"), "target": shown.get(info["target_field"])}
        out.append(ctx.finding(rule, values, f"{g['id']}/{slug(r['name'])}", g["line"], copy, None,
                               certain=agree, key=f"{info['outcome']}|{info['target']}", excerpt=excerpt,
                               printed={k: v for k, v in printed.items() if v}, at=r.get("value_line")))
        out[-1].evidence["lines"] = [int(r["line"]), end]
    return out


def against_children(rule, ctx, c, g, kids, copy):
    """children: a child goal with a weaker status (WEAKER)."""
    out = []
    for k in kids:
        if k["status"] in WEAKER.get(g["status"], ()):
            values = {**_goal_values(g), "child": k["id"], "child_title": k["title"], "child_status": k["status"],
                      "child_status_text": k["status_text"]}
            f = ctx.finding(rule, values, f"{g['id']}/{k['id']}", g["line"], copy, key=k["status"])
            f.evidence["lines"] = [int(k["line"]), int(k["line"])]
            out.append(f)
    return out


def against_activities(rule, ctx, c, g, kids, copy):
    """activities: an activity under the goal (or its nämndmål) with a deviation."""
    out = []
    for a in _rows_of(ctx, "activities", c, g, kids, copy):
        if not bool(a["deviation"]):
            continue
        values = {**_goal_values(g), "activity": a["text"], "deviation_text": a["deviation_text"],
                  "deviation_summary": _telling_sentence(a["deviation_text"] or "")}
        line = a.get("deviation_line") if not missing(a.get("deviation_line")) else a["line"]
        f = ctx.finding(rule, values, f"{g['id']}/{slug(a['text'])}", g["line"], copy, key="avvikelse",
                        excerpt=f"{a['text']} — Avvikelse: {a['deviation_text']}")
        f.evidence["lines"] = [int(a["line"]), int(line)]
        out.append(f)
    return out


def against_analysis(rule, ctx, c, g, kids, copy):
    """analysis: the goal's own analysis says a target was not reached (phrases listed in YAML)."""
    text = (g.get("analysis") or "")
    low = text.lower()
    out = []
    flat = " ".join(low.split())
    for phrase, plain, pattern in zip(c["phrases"], c["plain"], c["patterns"]):
        if plain not in flat:
            continue
        m = pattern.search(low)
        if not m:
            continue
        sentence = _sentence_around(text, m.start(), m.end())
        line = _line_of(ctx, g, phrase)
        values = {**_goal_values(g), "phrase": phrase, "sentence": sentence}
        f = ctx.finding(rule, values, f"{g['id']}/{slug(phrase)}", g["line"], copy, key=phrase, excerpt=sentence)
        if line:
            f.evidence["lines"] = [line, line]
        out.append(f)
        break  # one finding per goal: the first phrase tells the story
    return out


def against_all_met(rule, ctx, c, g, kids, copy):
    """all_met: a 'delvis'/'inte' goal whose indicators were all met (info)."""
    rows = _indicators_of(ctx, c, g, kids, copy)
    verdicts = []
    for r in rows:  # a loop, not a comprehension: `granska rules` finds the functions a handler calls
        verdicts.append(ctx.memo(("verdict", id(r)), partial(row_verdict, r)))
    if not verdicts or any(v[0] != "met" or not v[1] for v in verdicts):
        return []
    values = {**_goal_values(g), "count": len(verdicts)}
    return [ctx.finding(rule, values, g["id"], g["line"], copy, key=len(verdicts))]


def _has_target(r: dict) -> bool:
    return any(not missing(r.get(f)) for f in ("target", "kf_target")) or \
        any(not missing(r.get(f)) and r.get(f) != "" for f in ("target_text", "kf_target_text"))


def against_without_outcome(rule, ctx, c, g, kids, copy):
    """without_outcome: a goal marked (e.g.) 'helt' whose indicators — its own and, with
    include_children, its nämndmål's — include rows that print a target but no outcome (the
    reader's reading: city-wide indicators of a board's report print KF's target only). One
    finding per goal: how many of its indicators the verdict can rest on, and why the others are
    read as targets. Uncertain where any of those rows might hold an outcome after all."""
    rows = _indicators_of(ctx, c, g, kids, copy)
    lacking = [r for r in rows if missing(r.get("outcome")) and _has_target(r)]
    if not lacking:
        return []
    city = all(r.get("scope") == "stad" for r in lacking)
    rest = len(rows) - len(lacking)
    values = {**_goal_values(g), "count": len(lacking), "total": len(rows), "with_outcome": rest,
              "indicators": "; ".join(r["name"] for r in lacking),
              "why": (" — stadsövergripande indikatorer, vars utfall redovisas i stadens årsredovisning efter "
                      "nämndens rapport") if city else "",
              "why_en": (" — city-wide indicators, whose outcomes the city's annual report gives after the "
                         "board's report") if city else "",
              "basis": (f"bedömningen kan bara vila på de {rest} indikatorer som har ett utfall" if rest else
                        "ingen av målets indikatorer har ett utfall att bedöma målet på"),
              "basis_en": (f"the verdict can rest only on the {rest} indicators with an outcome" if rest else
                           "none of the goal's indicators has an outcome to judge it by")}
    doubtful = any("outcome" in str(r.get("uncertain_fields") or "").split(";") for r in lacking)
    f = ctx.finding(rule, values, g["id"], g["line"], copy, certain=not doubtful,
                    key=f"{len(lacking)}/{len(rows)}")
    f.evidence["lines"] = [int(lacking[0]["line"]), int(max(int(r["end_line"]) for r in lacking))]
    return [f]


def against_deviations(rule, ctx, c, g, kids, copy):
    """deviations: a goal marked (e.g.) 'helt' with an indicator whose target is a point
    (direction point: budgetföljsamhet 100 % is met only at 100 %) or whose direction is unknown,
    and whose outcome differs from the target beyond rounding (met(outcome, target, 'point') is
    false) under every plausible reading of the row — else uncertain. Over- or undershooting a
    point may have been accepted, so this is never proof of a wrong verdict."""
    out = []
    for r in _indicators_of(ctx, c, g, kids, copy):
        direction = r.get("direction")
        if direction not in ("point", "unknown") or _too_early(r):
            continue
        cells = json.loads(r["cells"]) if r.get("cells") else {}
        best, info = verdict(cells, "point")
        if best != "missed" or info.get("direction") != "point":
            continue  # met, no figures, or a band printed after all
        alts = json.loads(r["alternatives"]) if r.get("alternatives") else []
        agree = all(verdict(a, "point")[0] == best for a in alts)
        shown = printed_figures(r)
        decimals = max((len(x.split(",")[1]) if "," in x else 0) for x in (shown.get("outcome", "0"),))
        under = info["outcome"] < info["target"]
        values = {**_goal_values(g), "indicator": r["name"], "outcome": info["outcome"], "target": info["target"],
                  "unit": r.get("unit") or "", "difference": round(abs(info["outcome"] - info["target"]), decimals),
                  "difference_unit": "procentenheter" if r.get("unit") == "%" else (r.get("unit") or ""),
                  "difference_unit_en": "percentage points" if r.get("unit") == "%" else (r.get("unit") or ""),
                  "side": "under målet" if under else "över målet", "side_en": "below it" if under else "above it",
                  "target_kind": "årsmålet" if info["target_field"] == "target" else "KF:s årsmål",
                  "target_kind_en": "the target" if info["target_field"] == "target" else "the council's target",
                  "why": ("målet är en punkt: både över- och underskridande är en avvikelse" if direction == "point"
                          else "om högre eller lägre är bättre framgår inte, men utfallet är inte målet"),
                  "why_en": ("the target is a point: over- and undershooting both deviate" if direction == "point"
                             else "whether higher or lower is better is not known, but the outcome is not the target"),
                  "direction": direction}
        end = max(int(r["end_line"]), int(r["line"]))
        f = ctx.finding(rule, values, f"{g['id']}/{slug(r['name'])}", g["line"], copy, certain=agree,
                        key=f"{info['outcome']}|{info['target']}",
                        excerpt=ctx.doc.excerpt(int(r["line"]), end) if ctx.doc.lines else None,
                        printed={k: v for k, v in {"outcome": shown.get("outcome"),
                                                   "target": shown.get(info["target_field"])}.items() if v})
        f.evidence["lines"] = [int(r["line"]), end]
        out.append(f)
    return out


DEVIATION_WORDS = re.compile(r"försen|ej helt klart|inte helt klart|inte genomför|ej genomför|inte avslutat|"
                             r"inte påbörjat|skjutits upp|uppskjut|avbrut|inte klar|ej klar", re.IGNORECASE)


def _telling_sentence(text: str) -> str:
    """The sentence of a deviation paragraph that says what went wrong (else the first one)."""
    sentences = [x.strip() for x in re.split(r"(?<=[.!?])\s+", text) if x.strip()]
    return next((x for x in sentences if DEVIATION_WORDS.search(x)), sentences[0] if sentences else "")


def _sentence_around(text: str, start: int, end: int) -> str:
    stop = text.rfind(". ", 0, start)
    left = stop + 2 if stop >= 0 else 0  # in the first sentence: from the very start
    right = text.find(". ", end)
    return text[left: right + 1 if right >= 0 else len(text)].strip()


def _line_of(ctx, g, phrase: str) -> int | None:
    if missing(g.get("analysis_line")) or not ctx.doc.lines:
        return None
    first, last = int(g["analysis_line"]), int(g["analysis_end"])
    words = phrase.lower().split()
    for ln in range(first, last + 1):
        window = " ".join(ctx.doc.lines[k - 1].strip().lower() for k in range(ln, min(ln + 2, last + 1)))
        if " ".join(words) in " ".join(window.split()) and words[0] in ctx.doc.lines[ln - 1].lower():
            return ln
    return first


HANDLERS = {"indicators": against_indicators, "children": against_children, "activities": against_activities,
            "analysis": against_analysis, "all_met": against_all_met, "without_outcome": against_without_outcome,
            "deviations": against_deviations}
