"""Read a report's extracted text into a Document of validated tables."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from checks.document import Document
from checks.errors import InputError
from checks.readers import budget as budget_reader
from checks.readers import claims as claims_reader
from checks.readers.headed import HeadedParser
from checks.readers.layout import find_copies, find_page_markers, page_map
from checks.readers.source import decode_text, read_bytes, sha256_of
from checks.readers.indicators import period_kind
from checks.readers.stockholm import RegionParser
from checks.readers.wordends import restore_word_ends

KIND_WORDS = [
    (re.compile(r"tertialrapport|delårsrapport|\bT[12]\b\s*20\d\d", re.I), "tertialrapport"),
    (re.compile(r"årsredovisning", re.I), "årsredovisning"),
    (re.compile(r"verksamhetsberättelse", re.I), "verksamhetsberättelse"),
]
ORG_RE = re.compile(
    r"\b(?:för|från)\s+((?:[A-ZÅÄÖa-zåäö-]+\s)?[a-zåäö-]*(?:nämnden|styrelsen|nämnd|förvaltningen)|[A-ZÅÄÖ][\wÅÄÖåäö ]{2,40}\sAB)\b")


def read_text_file(path: str | Path) -> Document:
    path = Path(path)
    data = read_bytes(path)
    text = decode_text(data, path)
    return parse_text(text, source=str(path), sha256=sha256_of(data))


def parse_text(text: str, source: str = "<text>", sha256: str | None = None) -> Document:
    import pandas as pd

    from checks import model
    from checks.catalogue import direction_of

    if sha256 is None:
        sha256 = sha256_of(text.encode("utf-8"))
    lines = restore_word_ends(text.split("\n"))
    markers_map = find_page_markers(lines)
    markers = set(markers_map)
    pages = page_map(markers_map, len(lines))
    regions = find_copies(lines, markers_map)
    stripped = [ln.strip() for ln in lines]  # once for the whole document, shared by the readers
    head = "\n".join(lines[:200])
    year = _report_year(head, lines)
    kind = _kind(head)
    goals, indicators, activities, budget, budget_cols, claims, problems = [], [], [], [], [], [], []
    inventory: list[dict] = []  # what the readers recognised but could not read (the coverage)
    consumed_all: set[int] = set()
    goal_starts: list[tuple[int, str]] = []
    for region in regions:
        if region.copy == 0:
            continue
        rows, cols, used = budget_reader.find_budget_tables(lines, region.start, region.end, region.copy, pages, markers,
                                                            year, inventory)
        budget.extend(rows)
        budget_cols.extend(cols)
        parser = RegionParser(lines, region.start, region.end, region.copy, pages, markers,
                              {u - 1 for u in used}, year, stripped)
        parser.kind = kind
        parser.parse()
        if not parser.goals and not parser.indicators:
            # Not the Stockholm layout: goal headings with a verdict line, one-line table headers.
            parser = HeadedParser(lines, region.start, region.end, region.copy, pages, markers,
                                  {u - 1 for u in used}, year, stripped)
            parser.kind = kind
            parser.parse()
        g, ind, act = parser.rows()
        goals.extend(g)
        indicators.extend(ind)
        activities.extend(act)
        problems.extend(parser.problems)
        consumed_all |= used | parser.consumed
        goal_starts.extend((row["line"], row["id"]) for row in g)
    goal_starts.sort()
    figures_memo: dict[str, str] = {}  # the copies repeat their sentences: find their figures once
    for region in regions:
        claims.extend(claims_reader.read_claims(lines, region.start, region.end, region.copy, pages, markers,
                                                consumed_all, goal_starts if region.copy else [], figures_memo))
    if not goals and not indicators and not budget:
        raise InputError(source, "ingen rapport hittades: inga mål, indikatorer, aktiviteter eller budgettabeller "
                                 "(no report structure found)")
    for row in indicators:
        row["direction"] = direction_of(row["name"], row.get("target_text", ""), row.get("kf_target_text", ""))
        row["period_kind"] = period_kind(row.get("period"))
    tables = {
        "goals": pd.DataFrame(goals, columns=model.COLUMNS["goals"]),
        "indicators": pd.DataFrame(indicators, columns=model.COLUMNS["indicators"]),
        "activities": pd.DataFrame(activities, columns=model.COLUMNS["activities"]),
        "budget": model.budget_frame(budget),
        "budget_columns": pd.DataFrame(budget_cols, columns=model.COLUMNS["budget_columns"]).drop_duplicates(),
        "claims": pd.DataFrame(claims, columns=model.COLUMNS["claims"]),
    }
    tables, schema_problems = model.validate(tables)
    problems.extend(schema_problems)
    copies = max((r.copy for r in regions), default=1)
    meta = {"organisation": _organisation(head), "kind": kind, "year": year, "source": source,
            "sha256": sha256, "copies": copies, "lines": len(lines)}
    return Document(meta=meta, tables=tables, lines=lines, pages=pages, problems=problems, inventory=inventory)


def _kind(head: str) -> str:
    for pattern, kind in KIND_WORDS:
        if pattern.search(head):
            return kind
    return "okänd"


def _report_year(head: str, lines: list[str]) -> int | None:
    m = re.search(r"(?:verksamhetsberättelse|årsredovisning|tertialrapport|delårsrapport|delårsbokslut|årsrapport|bokslut)[^\n]{0,40}?\b((?:19|20)\d\d)\b", head, re.I)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"\b(?:VB|T[12])\s+((?:19|20)\d\d)\b", "\n".join(lines)))
    return years.most_common(1)[0][0] if years else None


# The board's name on a line of its own in the title block ("Kultur- och fritidsnämnden").
ORG_LINE_RE = re.compile(r"^([A-ZÅÄÖ][\wÅÄÖåäö ,-]{1,60}(?:nämnden|styrelsen|förvaltningen|nämnd))$")


def _organisation(head: str) -> str:
    m = ORG_RE.search(head)
    if not m:
        m = next((ORG_LINE_RE.match(ln.strip()) for ln in head.split("\n")[:40] if ORG_LINE_RE.match(ln.strip())), None)
    if not m:
        return ""
    org = m.group(1).strip()
    return org[0].upper() + org[1:]
