"""`ties`: a financial statement's lines and the tables that print them again.

kind:
- `notes`: a statement line with a Not (note) number against that note's table: the note's
  closing Summa (or its last line) is the line's figure, year by year, Kommunen against Kommunen;
- `labels`: a line printed with the same name in a statement and in another table (a
  flerårsöversikt, an ekonomisk sammanställning, a vinstdisposition in kronor): the same year's
  figure is the same;
- `subtotals`: a row of a summary by year (a key-figure box: "Nettoinvesteringar", "varav
  taxefinansierat") and the follow-up table of the same kind whose Summa row it names ("Totalt
  investeringar", "Summa taxefinansierad verksamhet"): the year's utfall is the same. Names are
  compared by their words' stems, less the words that only say it is a total;
- `ratio`: a key ratio printed in an overview (Soliditet, %) recomputed from a statement's lines
  where the statement prints them for that year: 100 × Σ `alternatives` terms / `denominator`;
  the printed figure holds when one of the alternatives (the definitions in use) gives it within
  the rounding of every figure. `row_words` find the row, `skip_words` leave out the ratios of
  another definition ("inklusive pensionsförpliktelser"); a term's `share_from_year` is its
  weight from a year on (obeskattade reserver less their deferred tax: 1 − the corporate tax).

Figures are compared as intervals in kronor (± half the last printed digit, in each table's own
unit) and by magnitude: a note may print a cost without its minus sign.
"""
from __future__ import annotations

import re

from granska.checks.engine.arithmetic import FOLLOW_UP, TableView, _decimals, is_rate
from granska.checks.engine.findings import slug
from granska.checks.engine.forms.agree import TO_KR
from granska.checks.engine.forms.arithmetic import views
from granska.checks.engine.forms.common import require_keys
from granska.checks.engine.intervals import gap, meets
from granska.checks.numbers import format_number, without_label_unit

STATEMENTS = ("resultaträkning", "balansräkning", "kassaflödesanalys")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_NOTE = re.compile(r"^\s*not\s+(\d{1,3})\b", re.IGNORECASE)
_SUM = ("summa_netto", "summa_kostnader", "summa_intakter", "totalt")
_GENERIC = {"summa", "totalt", "netto", "kostnader", "intäkter", "övrigt", "övriga", "varav"}


def compile(spec):
    if isinstance(spec, dict) and spec.get("kind") == "ratio":
        return _compile_ratio(spec)
    spec = require_keys(spec, {"kind"}, {"kind", "year_of_single_column"}, "ties")
    if spec["kind"] not in HANDLERS:
        raise ValueError(f"ties.kind: en av {', '.join(HANDLERS)}")
    words = spec.get("year_of_single_column") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError("ties.year_of_single_column: en lista av ord i tabellens namn")
    return {"kind": spec["kind"], "single_column_words": [w.lower() for w in words]}


def _compile_ratio(spec) -> dict:
    keys = {"kind", "row_words", "skip_words", "statement", "denominator", "alternatives"}
    spec = require_keys(spec, keys - {"skip_words"}, keys, "ties")
    if spec["statement"] not in STATEMENTS:
        raise ValueError(f"ties.statement: en av {', '.join(STATEMENTS)}")
    alternatives = []
    for k, alt in enumerate(spec["alternatives"] if isinstance(spec["alternatives"], list) else []):
        if not isinstance(alt, list) or not alt:
            raise ValueError(f"ties.alternatives[{k}]: en lista av termer {{key, share_from_year}}")
        terms = []
        for term in alt:
            term = require_keys(term, {"key"}, {"key", "share_from_year"}, f"ties.alternatives[{k}]")
            shares = term.get("share_from_year") or {}
            if not isinstance(shares, dict) or not all(isinstance(y, int) and isinstance(v, (int, float))
                                                       for y, v in shares.items()):
                raise ValueError(f"ties.alternatives[{k}].share_from_year: år -> andel")
            terms.append({"key": str(term["key"]), "shares": sorted((int(y), float(v)) for y, v in shares.items())})
        alternatives.append(terms)
    if not alternatives:
        raise ValueError("ties.alternatives: minst en definition")
    return {"kind": "ratio", "row_words": [str(w).lower() for w in spec["row_words"]],
            "skip_words": [str(w).lower() for w in spec.get("skip_words") or []],
            "statement": spec["statement"], "denominator": str(spec["denominator"]), "alternatives": alternatives}


def evaluate(rule, ctx):
    out = []
    for copy in ctx.body_copies:
        out.extend(HANDLERS[rule.compiled["kind"]](rule, ctx, views(ctx, copy)))
    return out


def _kind(view: TableView) -> str:
    kind = view.rows[0].get("kind") if view.rows else ""
    return "" if kind is None or kind != kind else str(kind)


_SKIP_ROLES = ("budget", "forecast", "percent", "deviation_pct", "deviation")


def _keyed(view: TableView) -> dict[tuple[str, str], str]:
    """Each figure column of the view by (year, entity); the entity is the column's own, the
    table's ("Kommunen, mnkr") or '' where none is printed."""
    table_entity = _entity_of(view)
    out: dict[tuple[str, str], str] = {}
    for col in view.columns:
        m = _YEAR.search(col)
        if not m or view.roles.get(col) in _SKIP_ROLES:
            continue
        low = col.lower()
        entity = view.entities.get(col) or ("koncernen" if "koncern" in low else "kommunen" if "kommun" in low
                                            else table_entity)
        out.setdefault((m.group(1), entity), col)
    return out


def _pairs(statement: TableView, other: TableView) -> list[tuple[str, str]]:
    """Columns of the same year and entity in both tables. A column without an entity is matched
    only where the other table prints one entity: '2025' beside a statement of Kommunen and
    Koncernen does not say which it is."""
    left, right = _keyed(statement), _keyed(other)
    left_entities = {e for _, e in left}
    out = []
    for (year, entity), col in right.items():
        match = left.get((year, entity))
        if match is None and len(left_entities) == 1 and (entity == "" or "" in left_entities):
            match = left.get((year, next(iter(left_entities))))
        if match:
            out.append((match, col))
    return out


def _entity_of(view: TableView) -> str:
    text = view.name.lower()
    return "koncernen" if "koncern" in text else "kommunen" if "kommun" in text else ""


def _compare(rule, ctx, left: TableView, lrow: dict, lcol: str, right: TableView, rrow: dict, rcol: str, what: str):
    a, b = left.cell(lrow, lcol), right.cell(rrow, rcol)
    lunit, runit = lrow.get("unit") or "", rrow.get("unit") or ""
    if a is None or b is None or lunit not in TO_KR or runit not in TO_KR:
        return None
    a_kr, b_kr = abs(a * TO_KR[lunit]), abs(b * TO_KR[runit])
    if meets(a_kr, b_kr):
        return None
    ldec = _decimals(left.printed(lrow, lcol)) if left.printed(lrow, lcol) else 0
    rdec = _decimals(right.printed(rrow, rcol)) if right.printed(rrow, rcol) else 0
    values = {"left_table": left.name, "left_item": without_label_unit(lrow["item"]), "left_column": lcol, "left": lrow[lcol],
              "left_unit": lunit, "right_table": right.name, "right_item": rrow["item"], "right_column": rcol,
              "right": rrow[rcol], "right_unit": runit, "right_line": rrow["line"], "right_page": rrow.get("page"),
              "right_item": rrow["item"],
              "beyond": round(gap(a_kr, b_kr) / TO_KR[lunit], max(ldec, rdec) + 2), "what": what}
    subject = f"{slug(left.name)}/{slug(lrow['item'])}/{slug(lcol)}~{slug(right.name)}"
    return ctx.finding(rule, values, subject, lrow["line"], left.copy, lrow.get("end_line"),
                       key=f"{lrow[lcol]}|{rrow[rcol]}", printed={"left": ldec, "right": rdec},
                       compared=[(rrow["line"], rrow.get("end_line"))])


def notes(rule, ctx, tables: list[TableView]) -> list:
    """Each statement line with a note number against the note's total."""
    out = []
    by_number: dict[str, list[TableView]] = {}
    for view in tables:
        m = _NOTE.match(view.name)
        if m:
            by_number.setdefault(m.group(1), []).append(view)
    for statement in [v for v in tables if _kind(v) in STATEMENTS]:
        for row in statement.rows:
            note = str(row.get("note") or "").strip()
            if not note.isdigit() or len(by_number.get(note, [])) != 1:
                continue
            view = by_number[note][0]
            sums = [r for r in view.rows if r.get("role") in _SUM]
            total = sums[-1] if sums else (view.rows[-1] if view.rows else None)
            if total is None:
                continue
            for scol, ncol in _pairs(statement, view):
                ctx.checked(rule, statement.copy)
                found = _compare(rule, ctx, statement, row, scol, view, total, ncol, f"not {note}")
                if found is not None:
                    out.append(found)
    return out


def _name(label: str) -> str:
    """The label without its case, punctuation and a unit of its own ("Årets resultat, mnkr")."""
    words = re.sub(r"[^\wåäö ]", " ", label.lower()).split()
    while words and words[-1] in ("mdkr", "mnkr", "tkr", "kr"):
        words.pop()
    return " ".join(words)


def labels(rule, ctx, tables: list[TableView]) -> list:
    """Each line of a statement printed under the same name in a summary table (once: the first
    statement that prints it)."""
    out = []
    statements = [v for v in tables if _kind(v) in STATEMENTS]
    others = [v for v in tables if _kind(v) not in STATEMENTS + ("not", "drift", "investering") and not _NOTE.match(v.name)]
    compared: set[tuple[int, str]] = set()
    for statement in statements:
        names = {}
        for row in statement.rows:
            name = _name(str(row.get("item") or ""))
            if name and name not in _GENERIC and len(name) > 6:
                names.setdefault(name, row)
        for view in others:
            pairs = _pairs(statement, view) or _one_column(statement, view, ctx.year, rule.compiled["single_column_words"])
            for row in view.rows:
                srow = names.get(_name(str(row.get("item") or "")))
                if srow is None:
                    continue
                for scol, ocol in pairs:
                    if (id(row), ocol) in compared:
                        continue
                    compared.add((id(row), ocol))
                    ctx.checked(rule, statement.copy)
                    found = _compare(rule, ctx, view, row, ocol, statement, srow, scol, "samma post")
                    if found is not None:
                        out.append(found)
    return out


def _one_column(statement: TableView, other: TableView, year, words: list[str]) -> list[tuple[str, str]]:
    """A table of one column of amounts and no year whose name says it is the year's (a
    vinstdisposition in kronor; `year_of_single_column` words) is the report year's: paired with
    the statement's column of that year, where the statement prints one entity. Another table of
    one column (a bridge from budget to forecast, whose Skatteintäkter is a deviation) is not."""
    amounts = [c for c in other.columns if other.roles.get(c) not in _SKIP_ROLES + ("note",)]
    if not any(w in other.name.lower() for w in words) or len(amounts) != 1 or _YEAR.search(amounts[0]) or not year:
        return []
    this_year = [(col, e) for (y, e), col in _keyed(statement).items() if y == str(year)]
    return [(this_year[0][0], amounts[0])] if len(this_year) == 1 else []


# Words that only say a row is a total or a part, or name the unit: not what the row is about.
_TOTAL_WORDS = {"summa", "totalt", "total", "delsumma", "varav", "därav", "verksamhet", "verksamheten",
                "verksamheter", "och", "inkl", "exkl", "i", "av", "för", "till", "mnkr", "tkr", "kr"}
_ENDINGS = ("erna", "arna", "orna", "ande", "ade", "ad", "at", "ar", "er", "or", "en", "et", "na", "a", "e")


def stems(label: str) -> frozenset[str]:
    """The words a label is about, each cut to its stem: "varav taxefinansierat" and "Summa
    taxefinansierad verksamhet" are both {taxefinansier}; "Nettoinvesteringar" and "Totalt
    investeringar" both {investering}."""
    out = set()
    for word in re.findall(r"[a-zåäöé]+", label.lower()):
        if word in _TOTAL_WORDS:
            continue
        if word.startswith("netto") and len(word) > 9:
            word = word[5:]
        for end in _ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                word = word[: -len(end)]
                break
        out.add(word)
    return frozenset(out)


def _year_of(col: str) -> str:
    m = _YEAR.search(col)
    return m.group(1) if m else ""


def _is_summary(view: TableView) -> bool:
    """A table by year: every column of amounts a year's, none of a budget follow-up."""
    cols = [c for c in view.columns if view.roles.get(c) not in ("percent", "deviation_pct", "note")]
    return len(cols) >= 2 and all(_year_of(c) and view.roles.get(c) not in FOLLOW_UP for c in cols)


def _is_sum_row(row: dict) -> bool:
    return row.get("role") in _SUM or str(row.get("key") or "").startswith("summa_")


def subtotals(rule, ctx, tables: list[TableView]) -> list:
    """Each row of a summary by year against the Summa row of the one follow-up table of its kind
    that it names, in the report year's utfall."""
    out = []
    for summary in [v for v in tables if _is_summary(v) and _kind(v) not in STATEMENTS + ("not", "")]:
        scol = next((c for c in summary.columns if summary.roles.get(c) == "actual"), None)
        details = [v for v in tables if v is not summary and _kind(v) == _kind(summary)
                   and any(v.roles.get(c) == "budget" for c in v.columns)]
        if scol is None or not details:
            continue
        for row in summary.rows:
            name = stems(str(row.get("item") or ""))
            if not name or is_rate(row):
                continue
            found = [(v, r) for v in details for r in v.rows if _is_sum_row(r) and stems(str(r.get("item") or "")) == name]
            if len(found) != 1:
                continue
            view, total = found[0]
            dcol = next((c for c in view.columns if view.roles.get(c) == "actual"), None)
            if dcol is None or (_year_of(dcol) and _year_of(dcol) != _year_of(scol)):
                continue
            ctx.checked(rule, summary.copy)
            finding = _compare(rule, ctx, summary, row, scol, view, total, dcol, "delsumman")
            if finding is not None:
                out.append(finding)
    return out


def _share(term: dict, year: str) -> float | None:
    """A term's weight in the column's year: 1, or its share_from_year for the latest year on or
    before it (None before the first)."""
    if not term["shares"]:
        return 1.0
    if not year:
        return None
    past = [v for y, v in term["shares"] if y <= int(year)]
    return past[-1] if past else None


def _ratio_of(statement: TableView, col: str, alternative: list[dict], denominator: dict, year: str):
    """100 × Σ terms / denominator as an interval, and its terms in words; None when the
    statement lacks a line of it."""
    rows = {str(r.get("key")): r for r in statement.rows if r.get("key") and r.get("key") == r.get("key")}
    den = statement.cell(denominator, col)
    total, terms = None, []
    for term in alternative:
        row, share = rows.get(term["key"]), _share(term, year)
        value = statement.cell(row, col) if row is not None else None
        if value is None or share is None:
            return None
        part = value * share
        total = part if total is None else total + part
        terms.append((share, row["item"]))
    if den is None or total is None:
        return None
    q = total / den
    return None if q is None else (q * 100.0, {lang: _formula(terms, denominator["item"], lang) for lang in ("sv", "en")})


def _formula(terms: list[tuple[float, str]], denominator: str, lang: str) -> str:
    """(Summa eget kapital + 0,794 × Obeskattade reserver) / Summa tillgångar"""
    words = [item if share == 1.0 else f"{format_number(share, 3, lang)} × {item}" for share, item in terms]
    return (words[0] if len(words) == 1 else "(" + " + ".join(words) + ")") + f" / {denominator}"



def ratio(rule, ctx, tables: list[TableView]) -> list:
    """Each overview row of the ratio against what the statement's lines give, year by year."""
    c = rule.compiled
    out = []
    for statement in [v for v in tables if _kind(v) == c["statement"]]:
        denominator = next((r for r in statement.rows if r.get("key") == c["denominator"]), None)
        if denominator is None:
            continue
        for view in [v for v in tables if _kind(v) not in STATEMENTS + ("not",)]:
            for row in view.rows:
                label = str(row.get("item") or "").lower()
                if not any(w in label for w in c["row_words"]) or any(w in label for w in c["skip_words"]):
                    continue
                for scol, ocol in _pairs(statement, view):
                    printed = view.cell(row, ocol)
                    year = _year_of(scol)
                    given = [g for alt in c["alternatives"] if (g := _ratio_of(statement, scol, alt, denominator, year))]
                    if printed is None or not given:
                        continue
                    ctx.checked(rule, view.copy)
                    if any(meets(printed, q) for q, _ in given):
                        continue
                    q, how = min(given, key=lambda g: gap(printed, g[0]))
                    decimals = _decimals(view.printed(row, ocol)) if view.printed(row, ocol) else 0
                    values = {"table": view.name, "item": row["item"], "column": ocol, "printed": row[ocol],
                              "expected": round(q.mid, decimals + 1), "how": how["sv"], "how_en": how["en"],
                              "right_table": statement.name,
                              "right_column": scol, "beyond": round(gap(printed, q), decimals + 2)}
                    out.append(ctx.finding(rule, values, f"{slug(view.name)}/{slug(row['item'])}/{slug(ocol)}",
                                           row["line"], view.copy, row.get("end_line"),
                                           key=f"{row[ocol]}|{values['expected']}",
                                           printed={"printed": decimals, "expected": decimals + 1},
                                           compared=[(denominator["line"], denominator.get("end_line"))]))
    return out


HANDLERS = {"notes": notes, "labels": labels, "subtotals": subtotals, "ratio": ratio}
