"""`claim` kind `goal_counts`, beside forms/claim.py (which dispatches to it): goals counted in
prose against each other and against the goals' verdicts."""
from __future__ import annotations

import re

from granska.checks.engine.findings import slug
from granska.checks.engine.forms.claim import _body_copy
from granska.checks.readers.claims import NUMBER_WORDS


# --- goal_counts --------------------------------------------------------------------------


_COUNT = r"(?:" + "|".join(NUMBER_WORDS) + r"|\d{1,2})"
# "Av nämndens fem mål", "de fem målen", "fem nämndmål", "tre av fem mål"
_TOTAL_RE = re.compile(r"\b(?:av\s+(?:\w+\s+){0,2}?|samtliga\s+|alla\s+|har\s+)(" + _COUNT + r")\s+(?:\w+\s+)?\w*mål(?:en)?\b"
                       r"|\b(" + _COUNT + r")\s+\w*mål(?:en)?\b\s+(?:för|inom|under)\b")
_PART_RE = re.compile(r"\b(" + _COUNT + r")(?!\s*(?:procent|%|kr\b|tkr|mnkr|st\b|personer|dagar|veckor))\s+((?:av\s+\S+\s+)?(?:\w*mål(?:en)?\s+)?(?:som\s+|är\s+|bedöms\s+|har\s+)?"
                      r"(?:\w+\s+){0,2}?(?:helt\s+)?(?:delvis\s+|inte\s+|ej\s+)?(?:uppfyll|uppnå|nått|nåtts|nås|når))")
_CLASS_EN = {"helt": "met", "delvis": "partly met", "inte": "not met"}
_CLASS_SV = {"helt": "uppfyllda", "delvis": "delvis uppfyllda", "inte": "inte uppfyllda"}


class _Count(int):
    """A count of goals and the word it is printed as ("fem")."""

    def __new__(cls, value: int, printed: str):
        out = super().__new__(cls, value)
        out.printed = printed
        return out


def _missing(value) -> bool:
    return value is None or value != value or value == ""


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


_N_OF_M_RE = re.compile(r"\b(" + _COUNT + r")\s+av\s+(?:\w+\s+)?(" + _COUNT + r")\s+\w*mål(?:en)?\s+"
                        r"((?:\w+\s+){0,2}?(?:helt\s+)?(?:delvis\s+|inte\s+|ej\s+)?(?:uppfyll|uppnå|nått|nåtts|nås|når))")


_GOALS_WORD = re.compile(r"\bmål(?:en|et)?\b|\w+mål(?:en|et)?\b")  # "mål", "nämndmålen"; not "målvärdet"


def _verdict_class(words: str) -> str:
    return "delvis" if "delvis" in words else "inte" if re.search(r"\b(?:inte|ej)\b", words) else "helt"


def _stated_counts(low: str) -> tuple[int | None, dict[str, tuple[int, str]]]:
    """(the stated number of goals or None, goals per verdict: (count, as printed)) of one
    sentence."""
    nm = _N_OF_M_RE.search(low)
    if nm:  # "tre av fem mål uppfylls"
        return (_Count(_count(nm.group(2)), nm.group(2)),
                {_verdict_class(nm.group(3)): (_count(nm.group(1)), nm.group(1))})
    total = None
    m = _TOTAL_RE.search(low)
    if m:
        total = _Count(_count(m.group(1) or m.group(2)), m.group(1) or m.group(2))
    parts: dict[str, int] = {}
    # the parts are counted outside the total ("fem mål" is the total, not a part)
    rest = low[:m.start()] + " . " + low[m.end():] if m else low
    for p in _PART_RE.finditer(rest):
        cls = _verdict_class(p.group(2))
        if cls in parts:
            return total, {}  # two counts of one verdict: not a simple list
        parts[cls] = (_count(p.group(1)), p.group(1))
    return total, parts


def goal_counts(rule, ctx, c, claims):
    """goal_counts: goals counted in prose ("Av nämndens fem mål bedöms tre som uppfyllda, ett som
    delvis uppfyllt och ett som inte uppfyllt") agree with each other (the parts of two or more
    verdicts are not more than the stated number; fewer may leave goals unassessed) and with the goals' verdicts as read (when every goal
    of the level counted has one). A verdict read from a colour is a reading of the picture: a
    contradiction with it is a warning."""
    out = []
    by_level: dict = {}
    for cl in claims:
        low = cl["sentence"].lower()
        if not _GOALS_WORD.search(low) or not re.search(r"uppfyll|uppnå|\bnå", low):
            continue  # "… når inte målvärdet": an indicator's target, no count of goals
        total, printed = _stated_counts(low)
        if not printed:
            continue
        parts = {k: n for k, (n, _) in printed.items()}
        parts_sv = " + ".join(f"{printed[k][1]} {_CLASS_SV[k]}" for k in parts)
        parts_en = " + ".join(f"{printed[k][1]} ({n}) {_CLASS_EN[k]}" for k, n in parts.items())
        if total is not None and len(parts) >= 2:
            ctx.checked(rule, cl["copy"])
            # fewer than the goals: the rest may be unassessed ("Ett mål har inte kunnat bedömas")
            if sum(parts.values()) > total:
                values = {"total": int(total), "parts_text": parts_sv,
                          "parts_text_en": parts_en,
                          "sum": sum(parts.values()),
                          "contrast": f"anger att målen är {total.printed} (summan är {sum(parts.values())})",
                          "contrast_en": f"states that there are {total.printed} ({int(total)}) goals (the sum is "
                                         f"{sum(parts.values())})",
                          "counted": int(total), "sentence": cl["sentence"]}
                out.append(ctx.finding(rule, values, f"{slug(cl['context'] or 'text')}/summa", cl["line"], cl["copy"],
                                       cl["end_line"], key=values["parts_text"]))
                continue
        copy = _body_copy(ctx, cl["copy"])
        if copy not in by_level:  # the copy's goals by level: grouped once per copy
            by_level[copy] = {}
            for g in ctx.records("goals", copy):
                by_level[copy].setdefault(str(g.get("level") or ""), []).append(g)
        levels = by_level[copy]
        level = None
        named = {name: gs for name, gs in levels.items() if len(name) > 3 and name in low}
        pool = named or levels  # "nämndmålen": that level's goals
        if total is not None:
            fitting = [gs for gs in pool.values() if len(gs) == total]
            level = fitting[0] if len(fitting) == 1 else None
        elif len(pool) == 1:
            level = next(iter(pool.values()))
        if not level or any(g.get("status") not in ("helt", "delvis", "inte") for g in level):
            continue
        ctx.checked(rule, cl["copy"])
        read = {k: sum(1 for g in level if g["status"] == k) for k in ("helt", "delvis", "inte")}
        wrong = {k: n for k, n in parts.items() if read[k] != n}
        if not wrong:
            continue
        certain = all(_missing(g.get("verdict_source")) or g["verdict_source"] == "text" for g in level)
        values = {"total": len(level),
                  "parts_text": parts_sv,
                  "parts_text_en": parts_en,
                  "contrast": "målens bedömningar ger " + ", ".join(f"{read[k]} {_CLASS_SV[k]}" for k in ("helt", "delvis", "inte")),
                  "contrast_en": "the goals' verdicts give " + ", ".join(f"{read[k]} {_CLASS_EN[k]}" for k in ("helt", "delvis", "inte")),
                  "sum": sum(parts.values()),
                  "counted": len(level), "sentence": cl["sentence"]}
        out.append(ctx.finding(rule, values, f"{slug(cl['context'] or 'text')}/bedomningar", cl["line"], cl["copy"],
                               cl["end_line"], certain=certain, key=values["parts_text"],
                               compared=[(g.get("line"), g.get("end_line")) for g in level if g.get("line") == g.get("line")]))
    return out
