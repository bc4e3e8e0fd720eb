"""`claim` kinds about a stated development, beside forms/claim.py (which dispatches to them and
holds the helpers they share): `row_change`, a stated change of a table row, and
`indicator_levels`, an indicator's levels stated as "från X till Y"."""
from __future__ import annotations

import json
import re

from granska.checks.engine.findings import figure_key, slug
from granska.checks.engine.forms.claim import (EARLIER_WORDS, FORECAST_WORDS, INTERIM_KINDS, TABLE_GUESS, UNIT_SCALE,
                                               _QUALIFIER, _YEAR, _IndicatorIndex, _body_copy, _exact, figures, iv)
from granska.checks.engine.intervals import Interval, gap, meets
from granska.checks.numbers import decimals_of, find_numbers


# --- row_change ---------------------------------------------------------------------------

_SUBJECT_START = re.compile(r".*(?:[,;:]|\s(?:medan|men|samtidigt som|och|där|vilket)\s)", re.S)
_NOT_A_CHANGE = re.compile(r"budget|prognos|avvikelse|plan", re.I)  # a deviation from a plan, not a change
_OTHER_YEAR_COLUMN = re.compile(_NOT_A_CHANGE.pattern + r"|förändring", re.I)  # not a year's level
_CHANGE_COLUMN = re.compile(r"förändr|utveckling|skillnad|\bdiff", re.I)  # a column of changes over time
CHANGE_WINDOW = 80


def _subject(s: str, at: int) -> str:
    """The words before a change keyword in its clause ("…, medan skatteintäkterna ökade"): what
    changed. Bounded: constant work per keyword."""
    window = s[max(0, at - CHANGE_WINDOW):at]
    m = _SUBJECT_START.match(window)
    return window[m.end():] if m else window


def _year_columns(row: dict, year: int, koncern: bool) -> tuple[str, str] | None:
    """(this year's column, the year before's) of a row: two columns named alike but for the
    year ("Kommunen 2025" / "Kommunen 2024", "2025" / "2024"), not a budget or a forecast, the
    koncern's only when the sentence is about the koncern."""
    cols = [k for k in row if isinstance(k, str) and re.search(r"\b(?:19|20)\d\d\b", k)
            and not _OTHER_YEAR_COLUMN.search(k) and ("koncern" in k.lower()) == koncern]
    for col in cols:
        if str(year) in col:
            prev = col.replace(str(year), str(year - 1))
            if prev in cols and row[col] == row[col] and row[prev] == row[prev]:
                return col, prev
    return None


def _change_triple(row: dict, cells: dict, new_value: float | None) -> tuple[str, str, str] | None:
    """(before, after, change) columns of a row that prints its own change (a Förändring column:
    after − before = change, within rounding); after is the stated level when one is given."""
    keys = [k for k in cells if row.get(k) == row.get(k) and isinstance(row.get(k), (int, float))]
    levels = [k for k in keys if not _NOT_A_CHANGE.search(k)]  # "Avvikelse" = Utfall − Budget is no change over time
    for i, a in enumerate(levels):
        for j, b in enumerate(levels):
            if j <= i:
                continue
            for k in (x for x in keys[keys.index(b) + 1:] if _CHANGE_COLUMN.search(x) or not _NOT_A_CHANGE.search(x)):
                ia, ib, ic = (Interval.from_printed(float(row[x]), decimals_of(cells[x])) for x in (a, b, k))
                if new_value is not None and abs(float(row[b]) - new_value) > 1e-9:
                    continue
                if meets(ib - ia, ic) and abs(float(row[k])) > 0:
                    return a, b, k
    return None


def _cells(row: dict) -> dict:
    """A row's cells as printed (column -> text); {} when the row keeps none."""
    raw = row.get("cells")
    return json.loads(raw) if isinstance(raw, str) and raw else {}


NEAREST_ROWS = 4


def _nearest(rows: list[dict], line) -> list[dict]:
    """The statements' rows and the rows printed nearest the sentence, at most NEAREST_ROWS, in
    the given order: a sentence speaks of the table around it, and a long report's many tables
    with the same row are not all compared (which would grow with the square of its size)."""
    if len(rows) <= NEAREST_ROWS:
        return rows
    at = int(line) if line == line and line is not None else 0
    near = sorted(rows, key=lambda r: (r.get("kind") not in ("resultaträkning", "balansräkning"),
                                       abs(int(r.get("line") or 0) - at)))[:NEAREST_ROWS]
    keep = {id(r) for r in near}
    return [r for r in rows if id(r) in keep]


def row_change(rule, ctx, c, claims):
    """row_change: a stated change of a table row ("Nettoomsättningen ökade med 5,0 procent",
    "Antalet besök minskade med 5 522 till 30 646") recomputed from the row the sentence names
    (its label in the words before the change), or the row that prints the level it states:
    this year's column against the year before's, or the row's own before / after / Förändring
    cells. A sentence that names several rows, another year, or a report for part of the year
    (whose columns mix the period and the year) is not recomputed; where several tables hold the
    row and they disagree, the finding is a guess (a warning)."""
    inc = c.get("increase", ["ökade", "ökat", "ökning", "steg", "höjdes"])
    dec = c.get("decrease", ["minskade", "minskat", "minskning", "sjönk", "sänktes"])
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, inc + dec)) + r")\w*\s+(?:med\s+)?$")
    if str(ctx.kind or "").lower() in INTERIM_KINDS or not ctx.year:
        return []
    year = int(ctx.year)
    labelled: dict = {}

    def rows_by_label(copy):
        """The copy's rows by their lower-case label, statements first: built once per copy."""
        if copy not in labelled:
            index: dict = {}
            for r in ctx.records("budget", copy):
                label = str(r.get("item") or "").lower().strip()
                if label.startswith(("summa ", "totalt ")):  # "Summa nettokostnad" is the nettokostnad
                    label = label.split(" ", 1)[1].strip()
                if len(label) >= 6 and not label.startswith(("summa", "totalt", "varav")):
                    index.setdefault(label, []).append(r)
            for rows in index.values():
                rows.sort(key=lambda r: r.get("kind") not in ("resultaträkning", "balansräkning"))
            by_first: dict = {}
            for label in index:
                by_first.setdefault(re.findall(r"[a-zåäöé]+", label)[:1][0] if re.findall(r"[a-zåäöé]+", label) else "",
                                    []).append(label)
            by_value: dict = {}  # a printed value -> the rows that print it (found in constant time)
            for r in ctx.records("budget", copy):
                for k in _cells(r):
                    v = r.get(k)
                    if isinstance(v, (int, float)) and v == v:
                        by_value.setdefault(float(v), []).append(r)
            labelled[copy] = (index, by_first, by_value)
        return labelled[copy]

    out = []
    for cl in claims:
        s = cl["sentence"].lower()
        figs = figures(cl)
        for n, f in enumerate(figs):
            if not _exact(f):
                continue
            m = pattern.search(s[max(0, f["at"] - 30):f["at"]])
            if not m:
                continue
            kw_at = max(0, f["at"] - 30) + m.start()
            subject = _subject(s, kw_at)
            if _YEAR.search(subject) or any(w in subject for w in EARLIER_WORDS):
                continue  # "2024 ökade …": another year's change
            end = f["at"] + len(f["raw"])
            after = s[end:end + 40]
            base_year = year - 1
            since = re.match(r"\s*(?:procent\s+)?jämfört med (?:år\s*)?((?:19|20)\d\d)", after)
            if since:
                base_year = int(since.group(1))
            if base_year != year - 1 or re.search(r"budget|prognos|plan\b|målet", subject + " " + after):
                continue  # against an earlier base year, or against the budget: not the year's change
            level = None
            to = re.match(r"\s*till\s", after)
            if to and n + 1 < len(figs) and figs[n + 1]["at"] <= end + to.end() + 1 and _exact(figs[n + 1]):
                level = figs[n + 1]
            copy = _body_copy(ctx, cl["copy"])
            index, by_first, by_value = rows_by_label(copy)
            words = set(re.findall(r"[a-zåäöé]+", subject))
            named = [label for w in words for label in by_first.get(w[:len(w)], ()) if label in subject]
            # a word of the subject may be the label's first word inflected ("nettoomsättningen")
            named += [label for w in words for first, labels in by_first.items()
                      if first and len(first) >= 6 and w != first and w.startswith(first)
                      for label in labels if label.split()[0] == first and len(label.split()) == 1]
            named = sorted(set(named), key=len, reverse=True)
            if named and _QUALIFIER.search(subject[subject.find(named[0].split()[0][:6]) + len(named[0].split()[0]):]):
                continue  # "Kostnaderna för placeringar ökade …": a part of the row
            named = [x for x in named if not any(x != y and x in y for y in named)]
            koncern = "koncern" in subject
            candidates = []  # (row, before, after, change or None)
            if len(named) == 1:
                for r in _nearest(index[named[0]], cl["line"]):
                    yc = _year_columns(r, year, koncern)
                    if yc:
                        candidates.append((r, yc[1], yc[0], None))
                    else:
                        cells = _cells(r)
                        t = _change_triple(r, cells, None)
                        if t:
                            candidates.append((r, *t))
            elif not named and level is not None and (level["value"] >= 100 or level["decimals"]):
                stems = {w[:7] for w in words if len(w) >= 7}
                for r in {id(r): r for r in by_value.get(float(level["value"]), ())}.values():
                    if not stems or not any(w[:7] in stems for w in re.findall(r"[a-zåäöé]+", (str(r["table"]) + " " + str(r["item"])).lower())):
                        continue
                    cells = _cells(r)
                    t = _change_triple(r, cells, level["value"])
                    if t:
                        candidates.append((r, *t))
            if not candidates:
                continue
            first_kind = candidates[0][0].get("kind")
            preferred = [x for x in candidates if x[0].get("kind") == first_kind]
            sign = -1.0 if m.group(1) in dec else 1.0
            results = []
            for r, a, b, k in preferred:
                cells = _cells(r)
                ia = Interval.from_printed(float(r[a]), decimals_of(cells.get(a, "")) if cells.get(a) else int(r["decimals"]))
                ib = Interval.from_printed(float(r[b]), decimals_of(cells.get(b, "")) if cells.get(b) else int(r["decimals"]))
                if (ia.mid < 0) != (ib.mid < 0):
                    continue  # a sign change: "ökade" of what, its magnitude or its value?
                ia, ib = abs(ia), abs(ib)
                if f["unit"] == "%":
                    ratio = ib / ia
                    if ratio is None:
                        continue
                    computed, shown = (ratio - 1.0) * 100.0, "%"
                else:
                    if k is not None:
                        ic = Interval.from_printed(float(r[k]), decimals_of(cells.get(k, "")) if cells.get(k) else int(r["decimals"]))
                        computed = ic if float(r[b]) >= 0 else -ic
                    else:
                        computed = ib - ia
                    unit = r.get("unit") or ""
                    if f["unit"] in ("mnkr", "tkr", "mdkr", "kr") or unit:
                        if not unit or not f["unit"]:
                            continue
                        scale = UNIT_SCALE.get((f["unit"], unit))
                        if scale is None:
                            continue
                        computed = computed * (1.0 / scale)
                    shown = f["unit"]
                results.append((r, a, b, computed, shown))
            if not results:
                continue
            ctx.checked(rule, cl["copy"])
            stated = iv(f) * sign
            if any(meets(stated, x[3]) for x in results):
                continue
            r, a, b, computed, shown = results[0]
            certain = all(meets(computed, x[3]) for x in results)
            values = {"stated": f["value"] * sign, "printed": f["raw"], "computed": round(computed.mid, 2),
                      "unit": shown, "item": r["item"], "table": r["table"], "before": r[a], "after": r[b],
                      "before_column": a, "after_column": b, "beyond": round(gap(stated, computed), 4),
                      "sentence": cl["sentence"]}
            out.append(ctx.finding(rule, values, f"{slug(str(r['item']))}/{figure_key(f['value'])}", cl["line"],
                                   cl["copy"], cl["end_line"], certain=certain, key=f"{r[a]}|{r[b]}",
                                   note=None if certain else TABLE_GUESS,
                                   compared=[(x[0]["line"], x[0].get("end_line")) for x in results]))
    return out


# --- indicator_levels -----------------------------------------------------------------------

_FROM_TO = re.compile(r"\bfrån\s+(\d[\d\s\u00a0\u202f]*(?:,\d+)?)\s*(procent|%)?\s+(?:\S+\s+){0,2}?"
                      r"till\s+(\d[\d\s\u00a0\u202f]*(?:,\d+)?)\s*(procent|%)?")


def indicator_levels(rule, ctx, c, claims):
    """indicator_levels: an indicator's development stated as levels ("Sjukfrånvaron har minskat
    från 9,8 procent till 9,1 procent jämfört med samma period 2024") agrees with the indicator
    the sentence names: the first level with its previous outcome, the second with its outcome.
    A sentence that names several indicators, other years than the indicator's, a target or a
    forecast is not compared."""
    min_len = int(c.get("subject_min_length", 10))
    indexes: dict = {}
    out = []
    for cl in claims:
        low = cl["sentence"].lower()
        if "från" not in low or "till" not in low:
            continue
        m = _FROM_TO.search(low)
        if not m:
            continue
        head = low[:m.start()]
        if re.search(r"\bmål|målvärde", head) or any(w in head for w in FORECAST_WORDS):
            continue  # a target or a forecast, not the outcome
        a, b = find_numbers(m.group(1) + (" %" if m.group(2) else "")), find_numbers(m.group(3) + (" %" if m.group(4) else ""))
        if not a or not b:
            continue
        copy = _body_copy(ctx, cl["copy"])
        if copy not in indexes:
            indexes[copy] = _IndicatorIndex(ctx.records("indicators", copy), min_len)
        named = [r for r in indexes[copy].named_in(head) if r["outcome"] == r["outcome"] and r["outcome"] is not None]
        if len({str(r["name"]) for r in named}) != 1:
            continue
        r = named[0]
        years = {int(y) for y in _YEAR.findall(low)}
        own = {int(y) for y in (r.get("previous_year"), r.get("period_year")) if y == y and y is not None}
        if years - own:
            continue  # another year's figures
        unit = str(r.get("unit") or "")
        if (a[0].unit == "%" or b[0].unit == "%") != ("%" in unit or "%" in str(r["name"])):
            continue  # a percentage against a count, or the other way round
        cells = json.loads(r["cells"]) if isinstance(r.get("cells"), str) and r["cells"] else {}
        doubtful = set(filter(None, str(r.get("uncertain_fields") or "").split(";")))
        for fig, field in ((a[0], "previous"), (b[0], "outcome")):
            value = r.get(field)
            if value is None or value != value:
                continue
            ctx.checked(rule, cl["copy"])
            table = Interval.from_printed(float(value), decimals_of(cells.get(field, "")))
            stated = Interval.from_printed(fig.value, fig.decimals)
            if meets(stated, table):
                continue
            values = {"stated": fig.value, "indicator": r["name"], "goal": r.get("goal"),
                      "field": "föregående utfall" if field == "previous" else "utfallet",
                      "field_en": "previous outcome" if field == "previous" else "outcome",
                      "table_value": float(value), "from": a[0].value, "to": b[0].value,
                      "table_from": r.get("previous"), "table_to": r.get("outcome"), "sentence": cl["sentence"]}
            out.append(ctx.finding(rule, values, f"{r.get('goal')}/{slug(str(r['name']))}/{field}", cl["line"],
                                   cl["copy"], cl["end_line"], certain=field not in doubtful,
                                   key=f"{fig.value}|{value}", compared=[(r.get("line"), r.get("end_line"))]))
    return out
