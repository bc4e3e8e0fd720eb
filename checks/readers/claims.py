"""Prose sentences that state figures (statcheck's first step: find what the text claims).

Each sentence keeps its figures normalised (value, unit, printed decimals, hedge word such as
"cirka"/"drygt") so that narrative rules can recompute them. Years, dates, goal numbers like
"(4.8)" and list numbering are not figures.
"""
from __future__ import annotations

import bisect
import json
import re

from granska.checks.numbers import find_numbers
from granska.checks.readers.layout import fold_spaces

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "okt", "nov", "dec")
HEDGES = ("cirka", "ca", "ca.", "drygt", "knappt", "över", "nästan", "omkring", "ungefär", "runt",
          "närmare", "uppemot", "minst", "högst", "under", "preliminärt", "uppskattningsvis")
ABBREVIATIONS = ("bl.a.", "t.ex.", "inkl.", "dvs.", "ca.", "kl.", "nr.", "m.m.", "s.k.", "resp.", "jfr.", "exkl.")
# The end mark is matched (not looked behind for): a pattern that starts with a character set
# is scanned for much faster. The break itself is group 1.
_SENTENCE_END = re.compile(r"[.!?](\s+)(?=[\"”'(]?[A-ZÅÄÖ0-9])")
_ORDINAL_END = re.compile(r"\b\d{1,2}\.$")
_GOAL_NUMBER = re.compile(r"^\.\d")
_SUFFIX = re.compile(r"^-(tal|talet|e|a)\b")
_REFERENCE = re.compile(r"(§|kap\.?|nr|kl\.?)\s*$")
_DIGIT_END = re.compile(r"\d")  # matched at the character before a range's "-"
_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d[-–/]")
_LIST_NUMBER = re.compile(r"^\d{1,2}\.?$")
_WORDS = re.compile(r"[\wåäöÅÄÖ.]+")
_NOUN = re.compile(r"\s*([a-zåäöA-ZÅÄÖ][\wåäö-]*)")
_HEADING_MAX = 70
# A numbered heading run into its first paragraph ("1 Sammanfattning" / "Nämnden redovisar …"):
# the chapter's name, not the start of the first sentence.
_TOC_RE = re.compile(r"^(Innehåll|Innehållsförteckning)\s*$", re.IGNORECASE)
_NUMBERED_HEADING_RE = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[\wåäöÅÄÖ-]+){0,5}$")


def _split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their start offsets; no split after a Swedish abbreviation."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        brk = m.start(1)
        before = text[max(0, brk - 6):brk].lower()
        if before.endswith(ABBREVIATIONS) or _ORDINAL_END.search(before):
            continue
        out.append((start, text[start:brk]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


NUMBER_WORDS = {"ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
                "tio": 10, "elva": 11, "tolv": 12, "inget": 0, "inga": 0, "ingen": 0}
# A sentence that counts goals in words ("Av nämndens fem mål bedöms tre som uppfyllda …"): kept
# as a claim although it has no figure in digits.
_GOAL_COUNT = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r"|\d{1,2})\s+(?:\w+\s+){0,2}?\w*mål(?:en)?\b"
                         r"|\bmål(?:en)?\b.{0,60}?\b(?:" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+)?(?:som\s+|är\s+)?"
                         r"(?:\w+\s+)?(?:delvis\s+|inte\s+|ej\s+)?(?:uppfyll|uppnå|nå)", re.IGNORECASE)


def counts_goals(sentence: str) -> bool:
    """Whether a sentence counts goals in words or digits ("tre av fem mål", "fem nämndmål …
    fyra som uppfyllda"). Bounded patterns: linear in the sentence's length."""
    return "mål" in sentence.lower() and _GOAL_COUNT.search(sentence) is not None


def sentence_figures(sentence: str) -> list[dict]:
    """The figures of one sentence. Every test looks at a bounded window around the figure (no
    slice of the rest of the sentence), so that a sentence of any length costs its length."""
    figures = []
    lead = len(sentence) - len(sentence.lstrip())
    for f in find_numbers(sentence):
        after = sentence[f.end:f.end + 12].lower()
        before = sentence[max(0, f.start - 20):f.start].lower()
        if f.unit == "" and f.decimals == 0 and 1900 <= f.value <= 2100:
            continue  # a year
        if (f.decimals == 0 and 1900 <= f.value <= 2100 and f.start >= 5 and sentence[f.start - 1] in "-–/"
                and _YEAR_BEFORE.match(sentence, f.start - 5)):
            continue  # the end of a range of years ("2026–2030 procent": a column of prose run into the next)
        if after.lstrip().startswith(MONTHS) or _GOAL_NUMBER.match(sentence[f.end:f.end + 2]):
            continue  # a date ("7 april") or a goal number ("1.5")
        if _SUFFIX.match(after) or _REFERENCE.search(before):
            if re.match(r"^-tal", after):
                figures.append(_figure(f, sentence, hedge="tal"))
            continue
        if (f.start > 1 and sentence[f.start - 1] in "-/" and f.unit == "" and f.value < 100
                and _DIGIT_END.match(sentence, f.start - 2)):
            continue  # second half of a range "3-5 år" handled by the first number
        if f.start == lead and _LIST_NUMBER.match(sentence[f.start:f.end].rstrip()):
            continue  # list numbering "2." at the start of a decision point
        figures.append(_figure(f, sentence))
    return figures


def _figure(f, sentence: str, hedge: str | None = None) -> dict:
    words = _WORDS.findall(sentence[max(0, f.start - 24):f.start].lower())
    if hedge is None:
        if words and words[-1] in HEDGES:
            hedge = words[-1].rstrip(".")
        elif len(words) >= 2 and f"{words[-2]} {words[-1]}" in ("mer än", "mindre än", "fler än", "färre än"):
            hedge = f"{words[-2]} {words[-1]}"
    noun = _NOUN.match(sentence, f.end)
    return {"value": f.value, "unit": f.unit, "raw": f.raw, "decimals": f.decimals, "hedge": hedge,
            "noun": noun.group(1).lower() if noun and not f.unit else "", "at": f.start}


def read_claims(lines: list[str], start: int, end: int, copy: int, pages: dict[int, int],
                markers: set[int], consumed: set[int], goal_starts: list[tuple[int, str]],
                memo: dict[str, str] | None = None) -> list[dict]:
    """Claims in lines[start:end] outside the consumed (table) lines. Lines are 1-based in output.

    `memo` (sentence -> its figures as JSON, "" for none) may be shared between the copies of a
    report, whose prose is mostly the same."""
    memo = {} if memo is None else memo
    claims: list[dict] = []
    starts = [ln for ln, _ in goal_starts]
    context = ""
    i = start
    while i < end:
        if (i + 1) in consumed or i in markers or not lines[i].strip():
            i += 1
            continue
        para_idx = []
        while i < end:
            while i < end and lines[i].strip() and i not in markers and (i + 1) not in consumed:
                para_idx.append(i)
                i += 1
            # A blank line inside a sentence (the PDF broke the paragraph): the line before ends
            # without a full stop and the next one starts in lower case — go on.
            nxt = i
            while nxt < end and (not lines[nxt].strip() or nxt in markers) and nxt - i < 4:
                nxt += 1
            if (para_idx and nxt < end and nxt != i and (nxt + 1) not in consumed
                    and not lines[para_idx[-1]].rstrip().endswith((".", ":", "!", "?"))
                    and lines[nxt].strip()[:1].islower()):
                i = nxt
                continue
            break
        if _TOC_RE.match(lines[para_idx[0]].strip()):
            continue  # a table of contents: chapter names and page numbers, nothing it claims
        if len(para_idx) > 1 and _NUMBERED_HEADING_RE.match(lines[para_idx[0]].strip()) \
                and lines[para_idx[1]].strip()[:1].isupper():
            context = fold_spaces(lines[para_idx[0]])
            para_idx = para_idx[1:]
        # Each line folded once: the paragraph is their join (as join_prose would make it), and
        # their lengths map offsets in it back to source lines.
        folded = [fold_spaces(lines[k]) for k in para_idx]
        joined = " ".join(folded)
        if len(para_idx) == 1 and len(joined) <= _HEADING_MAX and not joined.endswith((".", ":", ",")) and not find_numbers(joined):
            context = joined
            continue
        # Map character offsets in the joined paragraph back to source lines.
        offsets, pos = [], 0
        for t in folded:
            offsets.append(pos)
            pos += len(t) + 1
        for off, sentence in _split_sentences(joined):
            figures = memo.get(sentence)
            if figures is None:
                found = sentence_figures(sentence)
                figures = memo[sentence] = (json.dumps(found, ensure_ascii=False) if found
                                            else "[]" if counts_goals(sentence) else "")
            if not figures:
                continue
            li = para_idx[max(0, bisect.bisect_right(offsets, off) - 1)] + 1
            le = para_idx[max(0, bisect.bisect_right(offsets, off + len(sentence) - 1) - 1)] + 1
            g = bisect.bisect_right(starts, li) - 1
            claims.append({"sentence": sentence, "figures": figures,
                           "context": context, "goal": goal_starts[g][1] if g >= 0 else "",
                           "line": li, "end_line": le, "paragraph": para_idx[0] + 1, "page": pages.get(li),
                           "copy": copy})
    return claims
