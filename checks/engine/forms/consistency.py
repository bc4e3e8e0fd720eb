"""`consistency`: what a report says twice about one goal or activity agrees with itself.

kind:
- `goal_verdicts`: a goal's verdict printed in two places (an overview table and the mark at
  its heading) is the same;
- `goal_verdict_blank`: a goal judged at one place has its verdict left blank at another (an
  overview's empty or uncoloured Bedömning cell);
- `activity_status`: an activity's Status and its Färdiggrad agree (an Avslutad activity is
  100 % done; one not begun has done nothing);
- `activity_goal`: an activity's Mål column names a goal the report has.
"""
from __future__ import annotations

import json
import re

from granska.checks.engine.context import missing
from granska.checks.engine.findings import slug
from granska.checks.engine.forms.common import require_keys

_DONE = re.compile(r"^(avslutad|avslutat|klar|klart|genomförd|genomfört|slutförd|slutfört|färdig)\b", re.IGNORECASE)
_NOT_BEGUN = re.compile(r"^(ej|inte)\s+(påbörjad|påbörjat|startad|startat)\b", re.IGNORECASE)


def compile(spec):
    spec = require_keys(spec, {"kind"}, {"kind"}, "consistency")
    if spec["kind"] not in HANDLERS:
        raise ValueError(f"consistency.kind: en av {', '.join(HANDLERS)}")
    return {"kind": spec["kind"]}


def evaluate(rule, ctx):
    return HANDLERS[rule.compiled["kind"]](rule, ctx)


def _blank(other: dict) -> bool:
    """A verdict cell printed empty (no words, no colour): no verdict at that place."""
    return other["status"] == "saknas" and other.get("source") == "none"


def _printed_twice(rule, ctx):
    """(goal, its verdict at another place) for each goal whose verdict is printed again; each
    such goal counts as checked."""
    for goal in ctx.records("goals"):
        others = goal.get("other_verdicts")
        if missing(others) or not others:
            continue
        ctx.checked(rule, goal["copy"])
        for other in json.loads(others):
            yield goal, other


def goal_verdicts(rule, ctx):
    """Each goal whose verdict is printed again (other_verdicts) against that other verdict; the
    finding shows both places. A verdict left blank at one place is goal_verdict_blank's."""
    out = []
    for goal, other in _printed_twice(rule, ctx):
        if goal["status"] == "saknas" or other["status"] == goal["status"] or other["status"] == "saknas":
            continue
        values = {"goal": goal["id"], "title": goal["title"], "status_text": goal["status_text"],
                  "other_text": other["status_text"], "other_line": other["line"], "other_page": other.get("page"),
                  "status": goal["status"], "other_status": other["status"]}
        out.append(ctx.finding(rule, values, f"{goal['id']}/{slug(other['status'])}", goal["line"], goal["copy"],
                               key=f"{goal['status']}|{other['status']}", compared=[(other["line"], other["line"])]))
    return out


def goal_verdict_blank(rule, ctx):
    """Each place where a goal's verdict is left blank (an empty or white Bedömning cell) while
    the goal is judged at another place: reported at the blank, the verdict shown beside it."""
    out = []
    for goal, other in _printed_twice(rule, ctx):
        if not _blank(other) or goal["status"] == "saknas":
            continue
        values = {"goal": goal["id"], "title": goal["title"], "status_text": goal["status_text"],
                  "line": goal["line"], "page": goal.get("page"), "status": goal["status"]}
        out.append(ctx.finding(rule, values, f"{goal['id']}/tom", other["line"], goal["copy"],
                               key=f"{goal['status']}", compared=[(goal["line"], goal["line"])]))
    return out


def activity_status(rule, ctx):
    """Each activity with both a Status and a Färdiggrad: done but not at 100 %, or not begun but
    under way."""
    out = []
    for act in ctx.records("activities"):
        status, progress = act.get("status"), act.get("progress")
        if missing(status) or not status or missing(progress):
            continue
        ctx.checked(rule, act["copy"])
        if _DONE.match(status) and progress < 100:
            why, why_en = "avslutad men inte färdig", "finished but not done"
        elif _NOT_BEGUN.match(status) and progress > 0:
            why, why_en = "inte påbörjad men delvis gjord", "not begun but partly done"
        else:
            continue
        values = {"activity": act["text"], "goal": act["goal"], "status": status, "progress": progress,
                  "why": why, "why_en": why_en}
        out.append(ctx.finding(rule, values, f"{act['goal']}/{slug(act['text'])}", act["line"], act["copy"],
                               act.get("end_line"), key=f"{status}|{progress}"))
    return out


def activity_goal(rule, ctx):
    """Each activity whose Mål column names no goal of the report."""
    out = []
    goals = {str(g["id"]) for g in ctx.records("goals")}
    if not goals:
        return out
    for act in ctx.records("activities"):
        ref = act.get("goal_ref")
        if missing(ref) or not ref:
            continue
        ctx.checked(rule, act["copy"])
        if str(ref) in goals:
            continue
        values = {"activity": act["text"], "goal_ref": ref, "goals": ", ".join(sorted(goals, key=_natural))}
        out.append(ctx.finding(rule, values, f"{slug(str(ref))}/{slug(act['text'])}", act["line"], act["copy"],
                               act.get("end_line"), key=str(ref)))
    return out


def _natural(text: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


HANDLERS = {"goal_verdicts": goal_verdicts, "goal_verdict_blank": goal_verdict_blank, "activity_status": activity_status, "activity_goal": activity_goal}
