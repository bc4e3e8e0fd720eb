"""`claim`: figures stated in prose, recomputed (statcheck for annual reports).

`kind` picks the check: one handler each (HANDLERS, at the end), each saying what it checks in
its docstring (`granska rules CODE` shows it beside the rule's doc). The stated developments
(`row_change`, `indicator_levels`) live in claim_changes.py and the counts of goals in
claim_goals.py; the helpers they share are here. Hedged figures ("cirka", "drygt", "ett 50-tal") are not exact claims and are never flagged.
"""
from __future__ import annotations

import json
import re

from granska.checks.engine.findings import figure_key, slug
from granska.checks.engine.forms.common import compile_selector, require_keys
from granska.checks.engine.forms.relation import roles_of
from granska.checks.engine.intervals import Interval, gap, meets, sum_of
from granska.checks.numbers import decimals_of, find_numbers, format_number

WORD_MAX = 60
KINDS = ("total_of_parts", "table_value", "change", "indicator_quote", "verdict", "decision_points", "share",
         "row_change", "goal_counts",
         "indicator_levels", "budget_share")
UNIT_SCALE = {("mnkr", "mnkr"): 1.0, ("mnkr", "tkr"): 1000.0, ("mnkr", "kr"): 1e6, ("mdkr", "mnkr"): 1000.0,
              ("mnkr", "mdkr"): 0.001, ("tkr", "tkr"): 1.0, ("tkr", "mnkr"): 0.001}


# A qualifier after the subject narrows it ("Kostnaderna för placeringar", "Nettoinvesteringarna
# inom VA"): the sentence is about a part, not the row or total the subject's word names. Time
# phrases ("för året", "under perioden") do not narrow it.
_QUALIFIER = re.compile(r"\b(?:för|inom|till|av|på|i|hos|vid|avseende|gällande)\s+(?!(?:hela\s+)?(?:året|perioden|helåret|"
                        r"räkenskapsåret|år|jämfört|samma|motsvarande|föregående|kommunen|\d))[a-zåäöé]")


# What an uncertain finding of these forms guesses (context.finding appends it to the message).
ROW_GUESS = {"sv": " (bygger på en gissning: raden vars utfall är textens belopp)",
             "en": " (rests on a guess: the row whose outcome is the text's amount)"}
TABLE_GUESS = {"sv": " (bygger på en gissning: posten står i flera tabeller som inte stämmer med varandra)",
               "en": " (rests on a guess: the item is printed in several tables that disagree)"}


def compile(spec):
    spec = require_keys(spec, {"kind"}, {"kind", "keywords", "subject_words", "unit", "table", "row", "column", "sign",
                                         "total_words", "part_words", "increase", "decrease", "target_words",
                                         "reached", "not_reached", "partly", "subject_min_length",
                                         "forecast_words", "except_words", "closing", "numerator",
                                         "denominator"}, "claim")
    if spec["kind"] not in KINDS:
        raise ValueError(f"claim.kind: en av {', '.join(KINDS)}")
    out = dict(spec)
    if "closing" in spec and not isinstance(spec["closing"], bool):
        raise ValueError("claim.closing: true eller false")
    if spec["kind"] == "share":
        for key in ("numerator", "denominator", "column"):
            if key not in spec:
                raise ValueError(f"claim share: saknar {key!r}")
        for key in ("numerator", "denominator"):
            part = require_keys(spec[key], {"words", "rows"}, {"words", "rows"}, f"claim.{key}")
            words = part["words"]
            if not (isinstance(words, list) and words and all(isinstance(w, str) and w.strip()
                                                              and len(w) <= WORD_MAX for w in words)):
                raise ValueError(f"claim.{key}.words: en lista med ord")
            if not isinstance(part["rows"], list) or not part["rows"]:
                raise ValueError(f"claim.{key}.rows: en lista med väljare")
            out[key] = {"words": [w.lower() for w in words],
                        "rows": [compile_selector("budget", r, f"claim.{key}.rows") for r in part["rows"]]}
    if spec["kind"] == "table_value":
        for key in ("keywords", "table", "row", "column"):
            if key not in spec:
                raise ValueError(f"claim table_value: saknar {key!r}")
        # row: a selector, or "result": the net of the table that has both Kostnader and Intäkter
        out["row"] = "result" if spec["row"] == "result" else compile_selector(spec["table"], spec["row"], "claim.row")
    for key in ("keywords", "subject_words", "total_words", "part_words", "increase", "decrease", "target_words", "reached",
                "not_reached", "partly", "forecast_words", "except_words"):
        if key in spec and not (isinstance(spec[key], list) and all(isinstance(x, str) for x in spec[key])):
            raise ValueError(f"claim.{key}: en lista med ord")
        # Words, matched as written (escaped where they go into a pattern): never regex syntax.
        for word in spec.get(key) or []:
            if not word.strip() or len(word) > WORD_MAX or any(ch in word for ch in "\n\r\t"):
                raise ValueError(f"claim.{key}: {word[:40]!r} är inget ord (a word: not empty, one line, "
                                 f"at most {WORD_MAX} characters)")
    return out


def figures(claim: dict) -> list[dict]:
    # a sentence that counts goals in words has no figure ("[]"; "" after a round trip through CSV)
    return json.loads(claim["figures"]) if isinstance(claim.get("figures"), str) and claim["figures"] else []


def iv(fig: dict) -> Interval:
    return Interval.from_printed(fig["value"], fig["decimals"])


def _exact(fig: dict) -> bool:
    return not fig.get("hedge")


def evaluate(rule, ctx):
    handler = HANDLERS[rule.compiled["kind"]]
    claims = ctx.records("claims")
    if not claims:
        return []
    return handler(rule, ctx, rule.compiled, claims)


class _Paragraphs(dict):
    """(copy, paragraph) -> its claim sentences in reading order, and each sentence's place in
    its paragraph (so that the sentences around one are found in constant time: a paragraph of
    thousands of sentences would otherwise be searched once per sentence)."""

    def __init__(self, claims: list[dict]):
        super().__init__()
        for c in claims:
            self.setdefault((c["copy"], c["paragraph"]), []).append(c)
        self.place = {id(c): k for sentences in self.values() for k, c in enumerate(sentences)}


def _paragraphs(claims: list[dict]) -> _Paragraphs:
    return _Paragraphs(claims)


def _before(paras: _Paragraphs, cl: dict, n: int = 1) -> list[dict]:
    """The n sentences before cl in its paragraph (several sentences can share a line)."""
    sentences = paras.get((cl["copy"], cl["paragraph"]), [])
    k = paras.place[id(cl)]
    return sentences[max(0, k - n):k]


def _after(paras: _Paragraphs, cl: dict, n: int = 1) -> list[dict]:
    sentences = paras.get((cl["copy"], cl["paragraph"]), [])
    k = paras.place[id(cl)]
    return sentences[k + 1:k + 1 + n]


def _body_copy(ctx, claim_copy: int) -> int:
    return claim_copy if claim_copy in ctx.body_copies else ctx.body_copies[0]


# --- total_of_parts -----------------------------------------------------------------------

TOTAL_WINDOW = 2 * WORD_MAX + 40  # the total word and at most two words before the figure

def total_of_parts(rule, ctx, c, claims):
    """total_of_parts: "totalt 64,8 … varav 63,2 … 1,6" — stated parts add up to the stated total."""
    total_words = c.get("total_words", ["totalt", "sammanlagt", "sammantaget"])
    part_words = c.get("part_words", ["varav"])
    total_re = re.compile(r"(" + "|".join(map(re.escape, total_words)) + r")\W+(\w+\W+){0,2}$")
    paras = _paragraphs(claims)
    out = []
    for cl in claims:
        s = cl["sentence"].lower()
        figs = figures(cl)
        total = next((f for f in figs if _exact(f) and total_re.search(s[max(0, f["at"] - TOTAL_WINDOW):f["at"]])), None)
        if total is None:
            continue
        part_at = min((s.find(w, total["at"]) for w in part_words if s.find(w, total["at"]) >= 0), default=-1)
        if part_at < 0:
            continue
        parts = [f for f in figs if f["at"] > part_at and f["unit"] == total["unit"]]
        following = _after(paras, cl)
        more = [f for n in following for f in figures(n) if f["unit"] == total["unit"]]
        if any(not _exact(f) for f in parts + more):
            continue
        ctx.checked(rule, cl["copy"])
        t = iv(total)
        candidates = [parts, parts + more] if more else [parts]
        if any(meets(sum_of(iv(f) for f in p), t) for p in candidates if p):
            continue
        chosen = parts + more
        if len(chosen) < 2 and not (chosen and sum_of(iv(f) for f in chosen).lo > t.hi):
            continue  # one part smaller than the total is just a partial breakdown
        s_iv = sum_of(iv(f) for f in chosen)
        values = {"total": total["value"], "parts_text": " + ".join(f["raw"] for f in chosen),
                  "expected": round(s_iv.mid, max(f["decimals"] for f in chosen)), "unit": total["unit"],
                  "beyond": round(gap(s_iv, t), 6), "sentence": cl["sentence"]}
        end = following[0]["end_line"] if following and more else cl["end_line"]
        out.append(ctx.finding(rule, values, f"{slug(cl['context'] or 'text')}/{figure_key(total['value'])}",
                               cl["line"], cl["copy"], end, key=values["parts_text"]))
    return out


# --- table_value --------------------------------------------------------------------------

def table_value(rule, ctx, c, claims):
    """table_value: a prose figure that restates a table cell ("nettoöverskott på 100,1 mnkr" vs
    the Summa netto deviation), chosen by keywords, table row and column role."""
    out = []
    keywords = [k.lower() for k in c["keywords"]]
    selected: dict = {}

    def candidates(copy) -> tuple[list[dict], list[dict]]:
        """The rows the rule reads in this copy, and the rows of their table that a sentence may
        name: chosen once per copy, not once per sentence (linear in the report's size)."""
        if copy not in selected:
            records = ctx.records(c["table"], copy)
            if c["row"] == "result":
                result = _result_rows(records)
                selected[copy] = (result, [r for r in records if result and r["table"] == result[0]["table"]])
            else:
                chosen = [r for r in records if all(str(r.get(k)) in v for k, v in c["row"].items())]
                if c.get("closing"):
                    # each table's closing row ("Summa nettoinvesteringar", "Totalt"): its last
                    last: dict = {}
                    for r in chosen:
                        last[r["table"]] = r
                    tables = set(last)
                    selected[copy] = (list(last.values()), [r for r in records if r["table"] in tables])
                else:
                    selected[copy] = (chosen, [])
        return selected[copy]

    for cl in claims:
        s = cl["sentence"].lower()
        hits = [(s.find(k), k) for k in keywords if s.find(k) >= 0]
        if not hits:
            continue
        at, word = min(hits)
        copy = _body_copy(ctx, cl["copy"])
        rows, table_rows = candidates(copy)
        figs = [f for f in figures(cl) if f["at"] > at and f["unit"] in (c.get("unit", "mnkr"), "mdkr", "tkr", "mnkr")]
        if c["row"] == "result":
            named = _named_row(table_rows, rows, s[:at])
        elif c.get("closing") and figs:
            named = _named_in(table_rows, s[:figs[0]["at"]])
        else:
            named = None
        if c.get("subject_words") and named is None and not any(w in s[:at] for w in c["subject_words"]):
            continue  # "Visningsenheten redovisar ett överskott": a unit's, not the board's
        if not figs or not _exact(figs[0]):
            continue
        fig = figs[0]
        if any(w in _clause(s, at, fig) for w in c.get("except_words") or ()):
            continue  # "Koncernens nettoinvesteringar …": another entity's figure
        if c.get("closing") and named is None and _QUALIFIER.search(s[at + len(word):fig["at"]]):
            continue  # "Nettoinvesteringarna inom VA …": a part, not the total
        roles = roles_of(ctx, copy)
        if named is not None:
            rows = [named]  # "Vård- och omsorgsnämnden visar ett underskott …": that row's
        if len(rows) != 1 and not (c.get("closing") and rows):
            continue
        role = _figure_role(ctx, c, s, at, fig)
        if role is None:
            continue  # an earlier year's figure, or a forecast where the table has no forecast column
        cells = []
        for row in rows:
            col = roles.get(row["table"], {}).get(role)
            if col is None and role == c["column"]:
                col = c["column"]
            if col is None or col not in row or row[col] != row[col]:
                continue
            scale = UNIT_SCALE.get((fig["unit"], row.get("unit") or fig["unit"]), 1.0)
            cell = Interval.from_printed(float(row[col]), int(row["decimals"])) * (1.0 / scale)
            cells.append((row, col, abs(cell) if c.get("sign") == "abs" else cell))
        if not cells:
            continue
        ctx.checked(rule, cl["copy"])
        stated = iv(fig)
        if any(meets(stated, cell) for _, _, cell in cells):
            continue
        row, col, cell = cells[0]
        table_unit = row.get("unit") or fig["unit"]
        figure = {}
        for lang in ("sv", "en"):  # "2 347 tkr (2,347 mnkr)": as printed, and in the text's unit
            shown = format_number(float(row[col]), int(row["decimals"]), lang)
            if table_unit != fig["unit"]:
                shown = f"{shown} {table_unit} ({format_number(round(cell.mid, 6), None, lang)} {fig['unit']})"
            figure[lang] = shown
        values = {"stated": fig["value"], "unit": fig["unit"], "table_value": round(cell.mid, 6), "table": row["table"],
                  "table_figure": figure["sv"], "table_figure_en": figure["en"],
                  "section": row["section"], "item": row["item"], "column": col, "keyword": word,
                  "beyond": round(gap(stated, cell), 6), "sentence": cl["sentence"]}
        # Several tables close with such a row, they differ, and the figure is none of them:
        # which one the sentence means is a guess.
        certain = all(meets(cell, other) for _, _, other in cells)
        out.append(ctx.finding(rule, values, f"{slug(word)}/{slug(row['item'])}/{slug(col)}", cl["line"], cl["copy"],
                               cl["end_line"], key=f"{fig['value']}|{row[col]}", certain=certain, note=TABLE_GUESS,
                               compared=[(r["line"], r.get("end_line")) for r, _, _ in cells]))
    return out


def _named_in(rows: list[dict], before: str) -> dict | None:
    """The row (not a Summa or Totalt) whose label the text before the figure names, the longest
    such label ("Samhällsbyggnadsnämndens nettoinvesteringar …"); None when it names none."""
    named = [r for r in rows if len(str(r["item"])) > 5 and r.get("role") not in ("summa_netto", "totalt", "netto")
             and not str(r["item"]).lower().startswith(("summa", "totalt", "varav")) and str(r["item"]).lower() in before]
    return max(named, key=lambda r: len(str(r["item"]))) if named else None


FORECAST_WORDS = ("prognos", "beräknas", "bedöms", "förväntas", "väntas", "uppskattas", "beräknat", "bedömt",
                  "förväntat", "kommer att", "ser ut att")
# In a delårsrapport or tertialrapport a figure "för helåret" is a forecast; in an
# årsredovisning it is the year's outcome.
INTERIM_FORECAST_WORDS = ("helår", "årets slut", "vid årsskiftet", "hela året")
INTERIM_KINDS = ("delårsrapport", "tertialrapport", "månadsrapport", "uppföljning")
EARLIER_WORDS = ("föregående år", "förra året", "fjolåret", "i fjol", "motsvarande period", "året innan",
                 "tidigare år")
BUDGET_WORDS = ("budgeter",)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLAUSE_END = re.compile(r"[,;:(\d]|\s(?:vilket|som|men|och|medan|av|mot|jämfört)\s")
CLAUSE_WINDOW = 60


def _clause(s: str, at: int, fig: dict) -> str:
    """The words that say what a figure is: the sentence up to it (from a bounded window before
    its keyword) and the rest of its clause after it, to the next comma, conjunction or figure
    ("7,5 mnkr av budgeterade 15,2 mnkr": the budget is the next figure's). Bounded: constant
    work per sentence."""
    start = max(0, at - CLAUSE_WINDOW)
    end = fig["at"] + len(fig["raw"])
    tail = s[end:end + CLAUSE_WINDOW]
    m = _CLAUSE_END.search(tail)
    return s[start:fig["at"]] + " " + (tail[:m.start()] if m else tail)


def _figure_role(ctx, c: dict, s: str, at: int, fig: dict) -> str | None:
    """The column role a sentence's figure is to be compared with: the rule's column, the
    forecast column when the sentence states a forecast ("beräknas bli", "prognosen för
    helåret"), the budget column when it states the budget ("det budgeterade resultatet");
    None when it states another year's figure (or a forecast the rule cannot read). Only a rule
    that reads the outcome (`column: actual`) is redirected: a deviation is the forecast's in a
    delårsrapport anyway."""
    if c["column"] != "actual":
        return c["column"]
    words = _clause(s, at, fig)
    forecast = list(c.get("forecast_words") or FORECAST_WORDS)
    if str(ctx.kind or "").lower() in INTERIM_KINDS:
        forecast += INTERIM_FORECAST_WORDS
    if any(w in words for w in EARLIER_WORDS):
        return None
    years = {int(y) for y in _YEAR.findall(words)}
    if years and ctx.year and int(ctx.year) not in years:
        return None
    if any(w in words for w in forecast):
        return "forecast"
    if any(w in words for w in BUDGET_WORDS):
        return "budget"
    return c["column"]


def _named_row(rows: list[dict], result: list[dict], before: str) -> dict | None:
    """The row of the result's table that the sentence names before its keyword (a nämnd, a
    verksamhet): the longest such label; None when it names none."""
    if len(result) != 1:
        return None
    table = result[0]["table"]
    named = [r for r in rows if r["table"] == table and r is not result[0] and len(str(r["item"])) > 5
             and not str(r["item"]).lower().startswith(("summa", "totalt")) and str(r["item"]).lower() in before]
    return max(named, key=lambda r: len(str(r["item"]))) if named else None


def _result_rows(rows: list[dict]) -> list[dict]:
    """The board's net result: in the one table with both Kostnader and Intäkter rows, its Summa
    netto row, or its Netto row when it has no Summa; without such a table, the closing Summa of
    the one driftredovisning. Empty when no table, or several, qualify."""
    tables: dict[str, list[dict]] = {}
    for r in rows:
        tables.setdefault(r["table"], []).append(r)
    # The one driftredovisning (a list of verksamheter) and the Summa that closes it, first: an
    # "Ekonomi" summary of Intäkter and Kostnader beside it has no deviation column of its own.
    drift = [rs for rs in tables.values() if rs[0].get("kind") == "drift"]
    if len(drift) == 1:
        closing = [r for r in drift[0] if r["role"] in ("summa_netto", "totalt")]
        if closing:
            return closing[-1:]
    statements = [rs for rs in tables.values()
                  if {"kostnader", "intakter"} <= {r["role"] for r in rs}
                  or {"summa_kostnader", "summa_intakter"} <= {r["role"] for r in rs}]
    if len(statements) == 1:
        rs = statements[0]
        sums = [r for r in rs if r["role"] == "summa_netto"]
        return sums if sums else [r for r in rs if r["role"] == "netto"]
    return []


# --- share --------------------------------------------------------------------------------

SHARE_WINDOW = 120
_TARGET_WORDS = re.compile(r"\b(?:mål|målet|målsättning|minst|högst|bör|ska|skulle|krav|kravet|riktmärke)\b")


def share(rule, ctx, c, claims):
    """share: a percentage stated as a share of table rows ("Årets resultat motsvarar 2,3 procent
    av skatteintäkter och generella statsbidrag") recomputed from those rows: the numerator's rows
    over the sum of the denominator's, the same column (the year's outcome; the forecast or the
    budget when the sentence states one). A target ("ett finansiellt mål om 2 procent av …") and
    another year's share are not recomputed."""
    num_words, den_words = c["numerator"]["words"], c["denominator"]["words"]
    found: dict = {}

    def rows_of(copy):
        """The one table that holds every row of the numerator and the denominator (the first
        such, in reading order), and those rows: chosen once per copy."""
        if copy not in found:
            by_table: dict = {}
            for r in ctx.records("budget", copy):
                by_table.setdefault(r["table"], []).append(r)
            found[copy] = None
            for table_rows in by_table.values():
                picked = []
                for sel in c["numerator"]["rows"] + c["denominator"]["rows"]:
                    hit = next((r for r in table_rows if all(str(r.get(k)) in v for k, v in sel.items())), None)
                    if hit is None:
                        break
                    picked.append(hit)
                else:
                    n = len(c["numerator"]["rows"])
                    found[copy] = (picked[:n], picked[n:])
                    break
        return found[copy]

    out = []
    for cl in claims:
        s = cl["sentence"].lower()
        if " av " not in s:
            continue
        for f in figures(cl):
            if f["unit"] != "%" or not _exact(f):
                continue
            end = f["at"] + len(f["raw"])
            after = s[end:end + SHARE_WINDOW]
            if not after.startswith(" av ") or not any(after[4:].startswith(w) for w in den_words):
                continue
            before = s[max(0, f["at"] - SHARE_WINDOW):f["at"]]
            at = max((before.rfind(w) for w in num_words), default=-1)
            if at < 0 or _TARGET_WORDS.search(before):
                continue  # "målet om ett resultat på 2 procent av …": a target, not a share
            picked = rows_of(_body_copy(ctx, cl["copy"]))
            if picked is None:
                continue
            role = _figure_role(ctx, c, s, max(0, f["at"] - SHARE_WINDOW) + at, f)
            if role is None:
                continue
            roles = roles_of(ctx, _body_copy(ctx, cl["copy"]))
            col = roles.get(picked[0][0]["table"], {}).get(role)
            rows = picked[0] + picked[1]
            if col is None or any(col not in r or r[col] != r[col] for r in rows):
                continue
            cell = {id(r): Interval.from_printed(float(r[col]), int(r["decimals"])) for r in rows}
            num = abs(sum_of(cell[id(r)] for r in picked[0]))
            den = abs(sum_of(cell[id(r)] for r in picked[1]))
            ratio = num / den
            if ratio is None:
                continue
            ctx.checked(rule, cl["copy"])
            computed = ratio * 100.0
            stated = iv(f)
            if meets(stated, computed):
                continue
            values = {"stated": f["value"], "printed": f["raw"], "computed": round(computed.mid, 2),
                      "numerator": " + ".join(str(r["item"]) for r in picked[0]),
                      "denominator": " + ".join(str(r["item"]) for r in picked[1]),
                      "numerator_value": round(num.mid, 6), "denominator_value": round(den.mid, 6),
                      "column": col, "table": picked[0][0]["table"], "beyond": round(gap(stated, computed), 4),
                      "sentence": cl["sentence"]}
            out.append(ctx.finding(rule, values, f"{slug(values['numerator'])}/{slug(col)}", cl["line"], cl["copy"],
                                   cl["end_line"], key=f"{f['value']}|{round(computed.mid, 4)}",
                                   compared=[(r["line"], r.get("end_line")) for r in rows]))
    return out


# --- budget_share -------------------------------------------------------------------------

_OF_BUDGET = re.compile(r"\s+av\s+(?:den\s+|hela\s+|årets\s+|den\s+totala\s+|total\w*\s+)?budget(?:en)?\b")
MONEY = ("mnkr", "tkr", "kr", "mdkr")


def budget_share(rule, ctx, c, claims):
    """budget_share: an amount stated as a percentage of the budget ("Utfallet blev 264,1 mnkr,
    vilket motsvarar 78 procent av budget") recomputed: with the budget the sentence states
    ("av budgeten på 336,5 mnkr"), or with the budget of the table rows whose outcome is the
    stated amount (which row the sentence means is then a guess: a warning). A target, a forecast
    or a sentence with no amount before the percentage is not recomputed."""
    out = []
    indexes: dict = {}
    for cl in claims:
        low = cl["sentence"].lower()
        if "budget" not in low or " av " not in low:
            continue
        figs = figures(cl)
        for n, f in enumerate(figs):
            if f["unit"] != "%" or not _exact(f):
                continue
            end = f["at"] + len(f["raw"])
            m = _OF_BUDGET.match(low, end)
            if not m:
                continue
            before = low[max(0, f["at"] - SHARE_WINDOW):f["at"]]
            if _TARGET_WORDS.search(before) or any(w in low for w in FORECAST_WORDS):
                continue  # "målet är att använda 90 procent av budgeten", a forecast
            amounts = [g for g in figs[:n] if g["unit"] in MONEY]
            if not amounts or not _exact(amounts[-1]):
                continue
            amount = amounts[-1]
            stated_budget = next((g for g in figs[n + 1:] if g["unit"] in MONEY and g["at"] - m.end() < 12), None)
            pairs = []  # (numerator, denominator, where, row)
            if stated_budget is not None:
                if not _exact(stated_budget):
                    continue
                scale = UNIT_SCALE.get((amount["unit"], stated_budget["unit"]))
                if scale is None:
                    continue
                pairs.append((abs(iv(amount)), abs(iv(stated_budget)) * (1.0 / scale), "texten", None))
            else:
                stated = iv(amount)
                for r, act, bud, scale in _budget_rows(ctx, indexes, _body_copy(ctx, cl["copy"]), amount["unit"],
                                                       abs(amount["value"])):
                    a = Interval.from_printed(float(r[act]), int(r["decimals"])) * (1.0 / scale)
                    if not meets(abs(a), abs(stated)):
                        continue
                    b = Interval.from_printed(float(r[bud]), int(r["decimals"])) * (1.0 / scale)
                    pairs.append((abs(a), abs(b), f"{r['item']}, {bud}", r))
            results = []
            for num, den, where, r in pairs:
                ratio = num / den
                if ratio is not None:
                    results.append((ratio * 100.0, num, den, where, r))
            if not results:
                continue
            ctx.checked(rule, cl["copy"])
            stated_pct = iv(f)
            if any(meets(stated_pct, x[0]) for x in results):
                continue
            computed, num, den, where, r = results[0]
            certain = stated_budget is not None
            values = {"stated": f["value"], "printed": f["raw"], "amount": amount["raw"], "computed": round(computed.mid, 2),
                      "budget": round(den.mid, 6), "where": where, "unit": amount["unit"],
                      "sentence": cl["sentence"]}
            out.append(ctx.finding(rule, values, f"{slug(where)}/{figure_key(f['value'])}", cl["line"], cl["copy"],
                                   cl["end_line"], certain=certain, key=f"{amount['value']}|{round(den.mid, 6)}",
                                   note=ROW_GUESS,
                                   compared=[(x[4]["line"], x[4].get("end_line")) for x in results if x[4] is not None]))
    return out


def _budget_rows(ctx, indexes: dict, copy: int, unit: str, magnitude: float):
    """(row, outcome column, budget column, scale) of the copy's rows with both an outcome and a
    budget whose outcome, in `unit`, rounds to about `magnitude`: the rows indexed once per copy
    and unit by that rounded magnitude, so that a sentence finds them in constant time."""
    key = (copy, unit)
    if key not in indexes:
        roles = roles_of(ctx, copy)
        index: dict = {}
        for r in ctx.records("budget", copy):
            cols = roles.get(r["table"], {})
            act, bud = cols.get("actual"), cols.get("budget")
            if not act or not bud or r.get(act) is None or r.get(bud) is None or r[act] != r[act] or r[bud] != r[bud]:
                continue
            scale = UNIT_SCALE.get((unit, r.get("unit") or unit))
            if scale is None:
                continue
            index.setdefault(round(abs(float(r[act])) / scale), []).append((r, act, bud, scale))
        indexes[key] = index
    near = round(magnitude)
    return [x for k in (near - 1, near, near + 1) for x in indexes[key].get(k, ())]


# --- change -------------------------------------------------------------------------------

def change(rule, ctx, c, claims):
    """change: a stated change ("en ökning med 36 procent jämfört med 2016") recomputed from the
    figures it compares (in the sentence, or the indicator the sentence quotes)."""
    inc = c.get("increase", ["ökning", "ökade", "ökat", "höjning"])
    dec = c.get("decrease", ["minskning", "minskade", "minskat", "sänkning"])
    # "minskat med 9,8 procent" is a change; "minskat från 9,8 procent till 9,1" states levels
    pattern = re.compile(r"(" + "|".join(map(re.escape, inc + dec)) + r")\w*\s+(?:med\s+)?(?:(?!från\b|till\b)\w+\s+){0,2}?$")
    paras = _paragraphs(claims)
    out = []
    for cl in claims:
        s = cl["sentence"]
        low = s.lower()
        for f in figures(cl):
            if f["unit"] != "%" or not _exact(f):
                continue
            m = pattern.search(low[max(0, f["at"] - 40):f["at"]])
            if not m:
                continue
            sign = -1.0 if m.group(1) in dec else 1.0
            base = _compared(ctx, cl, f, paras, low[:max(0, f["at"] - 40) + m.start()])
            if base is None:
                continue
            old, new, where, certain = base
            if old.lo <= 0 <= old.hi:
                continue
            ratio = new / old
            if ratio is None:
                continue
            ctx.checked(rule, cl["copy"])
            computed = (ratio - 1.0) * 100.0
            stated = iv(f) * sign
            if meets(stated, computed):
                continue
            values = {"stated": f["value"] * sign, "computed": round(computed.mid, 2), "from": old.mid, "to": new.mid,
                      "compared": where, "beyond": round(gap(stated, computed), 4), "sentence": s}
            out.append(ctx.finding(rule, values, f"{slug(where)}/{figure_key(f['value'])}", cl["line"], cl["copy"],
                                   cl["end_line"], certain=certain, key=f"{old.mid}|{new.mid}"))
    return out


_FUNCTION_WORDS = {"detta", "vilket", "vilken", "också", "totalt", "sammantaget", "sammanlagt", "därmed", "antalet",
                   "andelen", "siffran", "värdet", "utfallet", "resultatet", "jämfört", "under", "perioden", "året",
                   "innebär", "innebar", "motsvarar", "motsvarade", "betyder", "visar", "utgör", "blev", "något"}


def _own_subject(before: str, name: str) -> bool:
    """Whether the words before the change keyword name something of their own ("Nettokostnaden
    ökade …") that is not the indicator: such a sentence is not about the indicator whose figure
    the sentence before quotes."""
    stems = {w[:5] for w in re.findall(r"[a-zåäöé]+", name.lower()) if len(w) >= 5}
    words = [w for w in re.findall(r"[a-zåäöé]+", before) if len(w) >= 5 and w not in _FUNCTION_WORDS]
    return bool(words) and not any(w[:5] in stems for w in words)


def _compared(ctx, cl, f, paras, before: str = ""):
    """(old, new, what, certain) the stated change compares: "från X till Y" in the sentence,
    else an indicator whose outcome is stated in the sentence or, when the sentence names no
    subject of its own, the one before."""
    s = cl["sentence"].lower()
    m = re.search(r"från\s+(\S+(?:\s\d{3})*(?:,\d+)?)\s*(?:\S+\s+){0,2}?till\s+(\S+(?:\s\d{3})*(?:,\d+)?)", s)
    if m:
        a, b = find_numbers(m.group(1)), find_numbers(m.group(2))
        if a and b and not (a[0].unit == "%" and f["at"] < m.start()):
            return (Interval.from_printed(a[0].value, a[0].decimals), Interval.from_printed(b[0].value, b[0].decimals),
                    "från–till", True)
    year = re.search(r"jämfört med (?:år\s*)?((?:19|20)\d\d)", s[f["at"]:])
    if not year:
        return None
    here = [g for g in figures(cl) if g["unit"] != "%" and _exact(g)]
    earlier = [g for n in _before(paras, cl) for g in figures(n) if g["unit"] != "%" and _exact(g)]
    for r in ctx.records("indicators", _body_copy(ctx, cl["copy"])):
        if r["previous"] != r["previous"] or r["outcome"] != r["outcome"]:
            continue
        prev_year = r.get("previous_year")
        if prev_year == prev_year and prev_year is not None and int(prev_year) != int(year.group(1)):
            continue
        if not any(abs(g["value"] - r["outcome"]) < 1e-9 for g in here):
            if _own_subject(before, str(r["name"])) or not any(abs(g["value"] - r["outcome"]) < 1e-9 for g in earlier):
                continue
        cells = json.loads(r["cells"]) if r.get("cells") else {}
        doubtful = set(filter(None, str(r.get("uncertain_fields") or "").split(";")))
        return (Interval.from_printed(r["previous"], decimals_of(cells.get("previous", ""))),
                Interval.from_printed(r["outcome"], decimals_of(cells.get("outcome", ""))),
                r["name"], not ({"outcome", "previous"} & doubtful))
    return None


# --- indicator_quote and verdict ----------------------------------------------------------

TARGET_RE = r"(?:års)?mål(?:et)?\s+(?:om|på|för)?\s*"


def _distinctive(name: str, min_length: int) -> list[str]:
    words = re.findall(r"[a-zåäöé-]+", name.lower())
    return sorted({w for w in words if len(w) >= min_length}, key=len, reverse=True)[:2]


def _unit_class(unit: str) -> str:
    return "%" if unit == "%" else ("money" if unit in ("mnkr", "tkr", "kr", "mdkr") else "count")


class _IndicatorIndex:
    """A copy's indicators by the most distinctive word of their name, so that a sentence finds
    the indicators it names in time linear in its length, not in the number of indicators. A
    name's word is named when it stands in the text, also inside a longer word ("förskolebarnen"):
    it is a substring of one of the text's words, since both are runs of the same letters."""

    _WORD = re.compile(r"[a-zåäöé-]+")

    def __init__(self, records: list[dict], min_length: int):
        self.order = {}
        self.by_word: dict[str, list[dict]] = {}
        for k, r in enumerate(records):
            words = _distinctive(r["name"], min_length)
            if words:
                self.by_word.setdefault(words[0], []).append(r)
                self.order[id(r)] = k
        self.lengths = sorted({len(w) for w in self.by_word})

    def named_in(self, text: str) -> list[dict]:
        found: dict[int, dict] = {}
        for token in set(self._WORD.findall(text)):
            for n in self.lengths:
                if n > len(token):
                    break
                for i in range(len(token) - n + 1):
                    for r in self.by_word.get(token[i:i + n], ()):
                        found[id(r)] = r
        return sorted(found.values(), key=lambda r: self.order[id(r)])


def indicator_quote(rule, ctx, c, claims):
    """indicator_quote: an indicator's outcome or target quoted in prose equals the table."""
    min_len = int(c.get("subject_min_length", 10))
    paras = _paragraphs(claims)
    indexes: dict = {}
    out = []
    for cl in claims:
        low = cl["sentence"].lower()
        if not re.search(r"\bmål(et)?\b|årsmål", low):
            continue
        prev = _before(paras, cl)
        window = " ".join([p["sentence"].lower() for p in prev] + [low])
        copy = _body_copy(ctx, cl["copy"])
        if copy not in indexes:
            indexes[copy] = _IndicatorIndex(ctx.records("indicators", copy), min_len)
        for r in indexes[copy].named_in(window):
            cls = _unit_class(r.get("unit") or "")
            figs = [f for f in figures(cl) if _exact(f) and _unit_class(f["unit"]) == cls and f["unit"] != "år"]
            if re.search(r"jämfört med|ökning|minskning", low):
                figs = [f for f in figs if f["unit"] != "%"] if cls != "%" else []
            for f in figs:
                is_target = re.search(TARGET_RE + r"$", low[max(0, f["at"] - 20):f["at"]]) is not None
                fields = ("target", "kf_target") if is_target else ("outcome",)
                table_vals = [(fld, r[fld]) for fld in fields if r[fld] == r[fld] and r[fld] is not None]
                if not table_vals:
                    continue
                ctx.checked(rule, cl["copy"])
                cells = json.loads(r["cells"]) if r.get("cells") else {}
                if any(meets(iv(f), Interval.from_printed(v, decimals_of(cells.get(fld, "")))) for fld, v in table_vals):
                    continue
                doubtful = set(filter(None, str(r.get("uncertain_fields") or "").split(";")))
                values = {"stated": f["value"], "unit": f["unit"], "indicator": r["name"], "goal": r["goal"],
                          "field": "årsmålet" if is_target else "utfallet",
                          "field_en": "target" if is_target else "outcome",
                          "table_value": table_vals[0][1], "sentence": cl["sentence"]}
                out.append(ctx.finding(rule, values, f"{r['goal']}/{slug(r['name'])}/{fields[0]}", cl["line"], cl["copy"],
                                       cl["end_line"], certain=not (set(fields) & doubtful),
                                       key=f"{f['value']}|{table_vals[0][1]}",
                                       compared=[(r.get("line"), r.get("end_line"))]))
    return out


def verdict(rule, ctx, c, claims):
    """verdict: "Årsmålet 7 000 … nåddes" agrees with the figures it is about."""
    reached = [p.lower() for p in c.get("reached", ["nåddes", "uppnåddes", "har uppnåtts", "nåtts"])]
    not_reached = [p.lower() for p in c.get("not_reached", ["nåddes inte", "nådde inte", "har inte uppnåtts", "uppnåddes inte", "nåddes ej"])]
    partly = [p.lower() for p in c.get("partly", ["nåddes delvis", "uppnåddes delvis"])]
    paras = _paragraphs(claims)
    out = []
    for cl in claims:
        low = cl["sentence"].lower()
        kind = None
        for phrases, k in ((not_reached, "inte"), (partly, "delvis"), (reached, "nåddes")):
            if any(re.search(r"\b" + re.escape(p) + r"\b", low) for p in phrases):
                kind = k
                break
        if kind is None:
            continue
        figs = figures(cl)
        target = next((f for f in figs if _exact(f) and f["unit"] != "%" and
                       re.search(TARGET_RE + r"$", low[max(0, f["at"] - 20):f["at"]])), None)
        if target is None:
            continue
        prev = _before(paras, cl)
        cls = _unit_class(target["unit"])
        pool = [f for f in figs if f is not target and _unit_class(f["unit"]) == cls and f["unit"] != "år"]
        pool += [f for n in prev for f in figures(n) if _unit_class(f["unit"]) == cls and f["unit"] != "år"]
        if len(pool) != 1:
            continue  # no single figure the verdict is about
        outcome = pool[0]
        ctx.checked(rule, cl["copy"])
        o, t = iv(outcome), iv(target)
        if outcome.get("hedge") in ("över", "mer än", "fler än", "drygt"):
            o = Interval(o.lo, o.hi + abs(o.mid))  # "drygt 3 000": at least 3 000, the top is open
        elif outcome.get("hedge") in ("cirka", "ca", "omkring", "ungefär", "runt", "nästan", "knappt", "närmare"):
            continue
        reached_fig = o.hi >= t.lo
        missed_fig = o.lo < t.hi
        contradiction = (kind == "nåddes" and not reached_fig) or (kind in ("inte", "delvis") and not missed_fig)
        if not contradiction:
            continue
        values = {"outcome": outcome["value"], "target": target["value"], "verdict": kind, "sentence": cl["sentence"]}
        out.append(ctx.finding(rule, values, f"{slug(cl['context'] or 'text')}/{figure_key(target['value'])}",
                               cl["line"], cl["copy"], cl["end_line"], key=f"{outcome['value']}|{kind}"))
    return out


# --- decision points ----------------------------------------------------------------------

def decision_points(rule, ctx, c, claims):
    """decision_points: amounts in the decision points at the top agree with the body."""
    keywords = [k.lower() for k in c.get("keywords", ["överföras", "ombudget", "förs över", "överförs"])]
    decision = re.compile(r"\bfår\b.*\b(överföras|ombudgeteras|föras över)\b")
    has_front = any(cl["copy"] == 0 for cl in claims)
    # The decision points stand in the front matter; in a report without one, they are the
    # sentences worded as decisions ("får … överföras").
    front = [cl for cl in claims if (cl["copy"] == 0 if has_front else decision.search(cl["sentence"].lower()))
             and any(k in cl["sentence"].lower() for k in keywords)]
    if not front:
        return []
    body_copy = ctx.body_copies[0]
    body = [cl for cl in claims if cl["copy"] == body_copy and not any(cl is f for f in front) and
            (any(k in cl["sentence"].lower() for k in keywords) or "ombudget" in (cl["context"] or "").lower())]
    out = []
    for cl in front:
        low = cl["sentence"].lower()
        for f in figures(cl):
            if f["unit"] not in ("mnkr", "tkr", "mdkr") or not _exact(f):
                continue
            subject = _subject_words(low, f)
            if not subject:
                continue
            matches = [b for b in body if sum(1 for w in subject if w in b["sentence"].lower()) >= 1]
            if not matches:
                continue
            ctx.checked(rule, cl["copy"])
            stated = iv(f)
            if any(meets(stated, iv(g)) for b in matches for g in figures(b) if g["unit"] == f["unit"]):
                continue
            body_figs = [g["raw"] for b in matches for g in figures(b) if g["unit"] == f["unit"]]
            values = {"stated": f["value"], "unit": f["unit"], "subject": " ".join(subject), "body": ", ".join(body_figs),
                      "body_line": matches[0]["line"], "sentence": cl["sentence"]}
            fnd = ctx.finding(rule, values, f"{slug(' '.join(subject))}", cl["line"], cl["copy"], cl["end_line"],
                              key=f"{f['value']}|{values['body']}")
            fnd.evidence["also_at"] = [{"line": int(matches[0]["line"]), "copy": int(matches[0]["copy"]), "page": None}]
            out.append(fnd)
    return out


def _subject_words(sentence: str, fig: dict) -> list[str]:
    """What the amount is for: the long words after "för" following the figure."""
    tail = sentence[fig["at"]:]
    m = re.search(r"\bför\s+(.{3,80}?)(?:\s+överföras|\s+till\s+år|\.|$)", tail)
    if not m:
        return []
    stems = [w[:7] for w in re.findall(r"[a-zåäö]+", m.group(1)) if len(w) >= 7 and w not in ("verksamhet", "verksamheten")]
    return stems[:3]


# The kinds that live in modules of their own (they import this module's helpers, so they come last).
from granska.checks.engine.forms.claim_changes import indicator_levels, row_change  # noqa: E402
from granska.checks.engine.forms.claim_goals import goal_counts  # noqa: E402

HANDLERS = {"total_of_parts": total_of_parts, "table_value": table_value, "change": change,
            "indicator_quote": indicator_quote, "verdict": verdict, "decision_points": decision_points,
            "share": share, "row_change": row_change, "goal_counts": goal_counts,
            "indicator_levels": indicator_levels, "budget_share": budget_share}
