"""Who the report is by, what kind of report it is, and the year it is about, from its cover.

A report names itself on its first lines ("Verksamhetsberättelse 2025", "Delårsrapport januari–
augusti 2025", "Årsbokslut 2025" / "Organisation: Kultur- och fritidsnämnden" / "Rapportperiod:
2025-12-31", "Socialnämnden · Norrbacka kommun") and often again in a running header or footer
("Sjöstads kommun · Årsredovisning 2025 · 59"), which the page model sets aside but keeps for
this. The year is the year the report is about: a print date ("Utskriftsdatum: 2026-01-29"), a
diarienummer or the date a board signed it in the spring after are not.
"""
from __future__ import annotations

import re
from collections import Counter

# The kinds, by the words that name them; the earliest one printed names the report.
KINDS = [
    (re.compile(r"\bdelårsrapport|\bdelårsbokslut", re.I), "delårsrapport"),
    (re.compile(r"\btertialrapport|\btertialuppföljning|\bT[123]\s+20\d\d\b", re.I), "tertialrapport"),
    (re.compile(r"\bmånadsuppföljning|\bmånadsrapport|\bmånadsbokslut|\bmånadsprognos", re.I), "månadsrapport"),
    (re.compile(r"\bårsredovisning", re.I), "årsredovisning"),
    (re.compile(r"\bverksamhetsberättelse|\bårsbokslut|\bårsuppföljning", re.I), "verksamhetsberättelse"),
]
_TITLE_YEAR = re.compile(
    r"(verksamhetsberättelse|årsredovisning|tertialrapport|delårsrapport|delårsbokslut|årsrapport|årsbokslut|bokslut|"
    r"måluppföljning|årsuppföljning|räkenskapsåret|månadsuppföljning|månadsrapport|månadsbokslut)"
    r"[^\n]{0,40}?\b((?:19|20)\d\d)\b", re.I)
_PERIOD = re.compile(r"^(?:rapportperiod|period|perioden|räkenskapsår)\s*:?\s*.*?((?:19|20)\d\d)(?:-\d\d-\d\d)?\s*$", re.I)
_NOT_THE_YEAR = re.compile(r"utskri|utskrift|skapad|genererad|dnr|diarie|datum|justera|underskri|beslutad|sida\s+\d",
                           re.I)
_ORG_FIELD = re.compile(r"^(?:organisation|nämnd|förvaltning|styrelse|bolag)\s*:\s*(.+)$", re.I)
_BOARD = re.compile(r"^[A-ZÅÄÖ][\wÅÄÖåäö ,-]{1,60}?(?:nämnden|styrelsen|förvaltningen|nämnd|direktionen)$")
_KOMMUN = re.compile(r"^(?:[A-ZÅÄÖ][\wåäö-]+\s+)?[A-ZÅÄÖ][\wåäö-]+(?:s)?\s+(?:kommun|kommunkoncern|stad)$|^Region\s+[A-ZÅÄÖ][\wåäö-]+$")
_COMPANY = re.compile(r"^[A-ZÅÄÖ][\wÅÄÖåäö&. -]{1,50}\sAB$")
_FORBUND = re.compile(r"^(.+?)\s*·?\s*kommunalförbund\b", re.I)
_PARTS = re.compile(r"\s+[·|•–]\s+|\s{3,}|,\s+")
_FOR_BOARD = re.compile(
    r"\b(?:för|från)\s+((?:[A-ZÅÄÖa-zåäö-]+\s)?[a-zåäö-]*(?:nämnden|styrelsen|förvaltningen|nämnd))\b")


def spaced_out(text: str) -> str:
    """Letter-spaced headings ("Å R S R E D OV I S N I N G 2 0 2 5") as words."""
    tokens = text.split()
    if len(tokens) < 6 or sum(len(t) <= 2 for t in tokens) < 0.7 * len(tokens):
        return text
    joined, run = [], ""
    for t in tokens:
        if len(t) <= 2 and t not in ("·", "|", "–"):
            run += t
        else:
            if run:
                joined.append(run)
                run = ""
            joined.append(t)
    if run:
        joined.append(run)
    return re.sub(r"(?<=[^\d\s])(?=\d)|(?<=\d)(?=[^\d\s])", " ", " ".join(joined))


def read_metadata(lines: list[str], furniture: list[str] = ()) -> dict:
    """{organisation, kind, year} from the report's first lines and its running headers/footers."""
    head = [spaced_out(" ".join(s.split())) for s in lines[:60] if s.strip()]
    extra = [spaced_out(" ".join(s.split())) for s in furniture if s.strip()]
    return {"organisation": organisation(head, extra), "kind": kind_of(head + extra),
            "year": year_of(head, extra, lines)}


def kind_of(lines: list[str]) -> str:
    best = None
    for k, line in enumerate(lines):
        for pattern, kind in KINDS:
            m = pattern.search(line)
            if m and (best is None or (k, m.start()) < best[0]):
                best = ((k, m.start()), kind)
    return best[1] if best else "okänd"


def year_of(head: list[str], extra: list[str], lines: list[str]) -> int | None:
    for line in head + extra:
        if _NOT_THE_YEAR.search(line) and not _TITLE_YEAR.search(line.split("Dnr")[0]):
            continue
        m = _TITLE_YEAR.search(line)
        if m:
            return int(m.group(2))
    for line in head:
        m = _PERIOD.match(line)
        if m:
            return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"\b(?:VB|T[123])\s+((?:19|20)\d\d)\b", "\n".join(lines)))
    return years.most_common(1)[0][0] if years else None


def organisation(head: list[str], extra: list[str]) -> str:
    """The board (or company, or förbund) and, where printed beside it, its kommun."""
    for line in head:
        m = _ORG_FIELD.match(line)
        if m:
            board = m.group(1).strip()
            kommun = next((k for k in _kommuner(head[:12]) if k.lower() not in board.lower()), "")
            return f"{board}, {kommun}" if kommun else board
    boards, kommuner = [], []
    for line in head[:15] + extra:
        for part in _PARTS.split(line):
            part = part.strip(" ,·|")
            if not part:
                continue
            forbund = _FORBUND.match(part)
            if forbund and len(forbund.group(1)) > 2:
                continue  # "Kommunalförbund för Åsby …": the förbund's name is the part before
            if _BOARD.match(part) or _COMPANY.match(part):
                boards.append(part)
            elif _KOMMUN.match(_title_case(part)):
                kommuner.append(_title_case(part))
        if not boards:
            m = _FOR_BOARD.search(line)
            if m:
                boards.append(m.group(1)[0].upper() + m.group(1)[1:])
    board = boards[0] if boards else _forbund(head[:8])
    kommun = next((k for k in kommuner if not board or k.lower() not in board.lower()), "")
    if board and kommun and not _COMPANY.match(board):
        return f"{board}, {kommun}"
    return board or kommun


def _forbund(lines: list[str]) -> str:
    for line in lines:
        parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
        for k, part in enumerate(parts[1:], start=1):
            if re.match(r"kommunalförbund\b", part, re.I):
                return parts[k - 1]
    return ""


def _kommuner(lines: list[str]) -> list[str]:
    return [_title_case(p.strip(" ,·|")) for line in lines for p in _PARTS.split(line)
            if _KOMMUN.match(_title_case(p.strip(" ,·|")))]


def _title_case(text: str) -> str:
    """"EKEBY KOMMUN" -> "Ekeby kommun"; other text as printed."""
    if text.isupper() and len(text) > 3:
        words = text.lower().split()
        return " ".join([words[0].capitalize()] + words[1:]) if words else text
    return text
