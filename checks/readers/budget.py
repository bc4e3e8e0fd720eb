"""Budget tables in any layout: a header naming value columns, then rows of a label and numbers.

Recognised as a table: a header line (possibly split over two lines) holding at least two
column words such as Budget, Justerad, Bokfört, Utfall, Avvikelse, Återstår, Prognos, followed
by rows whose line ends in exactly as many numbers as there are columns. Section names
("Politisk organisation", broken over lines) stand alone above their rows; Summa and Totalt rows
close the table. Column roles (budget / actual / deviation) come from the header words; the
deviation's sign convention is read off the rows, not assumed.
"""
from __future__ import annotations

import re

from granska.checks.numbers import MINUS_SIGNS, decimals_of, parse_cell_number, split_digit_groups
from granska.checks.readers.layout import join_fragments, lines_containing

# Column words, also in compounds ("Årsbudget", "Budgetavvikelse", "Helårsprognos") and "Avv.".
COLUMN_WORDS = re.compile(
    r"\b(\w*budget|justerad|bokfört|bokfort|utfall|\w*avvikelse\w*|återstår|aterstar|\w*prognos|bokslut|"
    r"differens|förbrukat|ack\.?)\b|\bavv\.", re.IGNORECASE)
UNIT_RE = re.compile(r"\b(mnkr|tkr|mkr|kr|miljoner kronor|tusen kronor)\b", re.IGNORECASE)
ROLE_OF_COLUMN = [
    (re.compile(r"avvikelse|differens|återstår|aterstar|\bavv\b", re.I), "deviation"),
    (re.compile(r"bokfört|bokfort|utfall|bokslut|förbrukat", re.I), "actual"),
    (re.compile(r"prognos", re.I), "forecast"),
    (re.compile(r"budget", re.I), "budget"),
]
_HEADER_HINTS = ("budget", "bokf", "utfall", "avvikel", "avv.", "återst", "aterst", "prognos")  # a cheap first look
_HINT_RE = re.compile("|".join(_HEADER_HINTS))  # the hints as one search of a lowered line
_SENTENCE_END_RE = re.compile(r"[.!?]\s|[.!?]$")
_ABBREVIATION_RE = re.compile(r"(?<=\b[Aa]vv)\.|(?<=\b[Aa]ck)\.")  # "Avv." ends a header, not a sentence
_FITTING_RE = re.compile(r"\d{2,6}|T\d|tkr|mnkr|kr|\(?[a-zåäö]{1,4}\)?")
ADJECTIVES = {"justerad", "ursprunglig", "reviderad", "ack", "ack.", "ackumulerad", "ackumulerat", "helårs"}
# "3 Ekonomi" above "Driftredovisning" / "mnkr Budget …": the chapter, not the table's title
_NUMBERED_HEADING_RE = re.compile(r"^\d+(\.\d+)*\s+[A-ZÅÄÖ]")
_NUM_TOKEN = re.compile(r"^[" + MINUS_SIGNS + r"+(]?\d[\d,]*\)?$")


def item_role(item: str) -> str:
    t = item.lower().lstrip("-–• ")
    if t.startswith(("varav", "därav")):
        return "varav"  # a part of the row above, already in it: never summed again
    if t.startswith("summa"):
        if "netto" in t:  # "Summa nettokostnad" is the net, not the costs
            return "summa_netto"
        if "kostnad" in t or "utgift" in t:
            return "summa_kostnader"
        if "intäkt" in t or "inkomst" in t:
            return "summa_intakter"
        return "summa_netto"
    if t.startswith(("totalt", "total ", "summa totalt")):
        return "totalt"
    if t.startswith(("kostnad", "utgift")):
        return "kostnader"
    if t.startswith(("intäkt", "inkomst")):
        return "intakter"
    if t.startswith("netto"):
        return "netto"
    return "other"


def place_row(role: str, block: str, section: str) -> tuple[str, str, str]:
    """(block of this row, block for the rows after it, its section): rows before the first Summa
    row are "drift", the Summa rows "summa", sections after them "efter" (e.g. Investeringar),
    and a Totalt row closes the table in its own section."""
    if role.startswith("summa"):
        return "summa", "summa", section
    if role == "totalt":
        return "totalt", "totalt", "Totalt"
    if block in ("summa", "efter"):
        return "efter", "efter", section
    return block, block, section


def column_role(header: str) -> str:
    for pattern, role in ROLE_OF_COLUMN:
        if pattern.search(header):
            return role
    return "other"


def column_roles(headers: list[str], report_year: int | None = None) -> list[str]:
    """Each value column's role. Where two columns claim one role ("Bokslut 2018" beside "Utfall
    2019"), the report year's keeps it — else the latest year's, else the last — and the others
    are "other": last year's actual is not the actual a deviation is measured from."""
    roles = [column_role(h) for h in headers]
    for role in set(roles) - {"other"}:
        idx = [i for i, r in enumerate(roles) if r == role]
        if len(idx) < 2:
            continue
        years = {i: int(m.group(1)) for i in idx if (m := re.search(r"\b((?:19|20)\d\d)", headers[i]))}
        if report_year in years.values():
            keep = next(i for i in idx if years.get(i) == report_year)
        elif years:
            keep = max(years, key=lambda i: (years[i], i))
        else:
            keep = idx[-1]
        for i in idx:
            if i != keep:
                roles[i] = "other"
    return roles


def _trailing_numbers(line: str) -> tuple[str, list[str]]:
    """Split "Kostnader 685,7 728,2 -42,5" into the label and the numeric tokens at its end."""
    tokens = line.split()
    k = len(tokens)
    while k > 0 and _NUM_TOKEN.match(tokens[k - 1]):
        k -= 1
    return " ".join(tokens[:k]), tokens[k:]


def _headers(first: str, second: str | None) -> tuple[str, list[str], str]:
    """Title, value-column headers and unit from one or two header lines.

    "Stadsledningskon toret Justerad Bokfört Avvikelse" + "mnkr budget 2017 171231" ->
    ("Stadsledningskontoret", ["Justerad budget 2017", "Bokfört 171231", "Avvikelse"], "mnkr").
    """
    words = first.split()
    k = next(i for i, w in enumerate(words) if COLUMN_WORDS.fullmatch(w.strip(":")))
    title = " ".join(words[:k])
    # A column starts at each column word; other words ("2019", "T2", "171231") belong to the
    # column before them, and an adjective ("Justerad") waits for its noun ("budget").
    cols: list[str] = []
    for w in words[k:]:
        starts = COLUMN_WORDS.fullmatch(w.strip(":")) is not None
        waits = cols and cols[-1].lower() in ADJECTIVES and column_role(w) in ("budget", "forecast")
        # "Avvikelse mot budget": what a deviation is measured against is part of its column
        against = cols and cols[-1].lower().endswith(" mot")
        if starts and not waits and not against:
            cols.append(w)
        elif cols:
            cols[-1] = f"{cols[-1]} {w}"
    unit = ""
    um = UNIT_RE.search(title)
    if um:
        unit = um.group(1).lower()
        title = (title[: um.start()] + title[um.end():]).strip(" ,")
    if second:
        rest = second.split()
        if rest and UNIT_RE.fullmatch(rest[0]):
            unit = unit or rest[0].lower()
            rest = rest[1:]
        # Words continue the column that needs them (an adjective like "Justerad" wants its
        # noun); a four-digit year goes with a budget column, a date (yymmdd) with an actual.
        extra: list[list[str]] = [[] for _ in cols]
        for tok in rest:
            if re.fullmatch(r"\d{6}", tok):
                idx = next((i for i, c in enumerate(cols) if column_role(c) == "actual"), None)
            elif re.fullmatch(r"\d{4}", tok):
                idx = next((i for i, c in enumerate(cols) if column_role(c + " " + " ".join(extra[i])) == "budget"), None)
            else:
                idx = next((i for i, c in enumerate(cols) if column_role(c) == "other" and not extra[i]), None)
                if idx is None:
                    idx = next((i for i, c in enumerate(cols) if column_role(c) == "budget" and not extra[i]), None)
            if idx is None:
                idx = len(cols) - 1
            extra[idx].append(tok)
        cols = [" ".join([c] + e) for c, e in zip(cols, extra)]
    return title, cols, unit


def _looks_like_header(s: str) -> bool:
    """Two or more column words, and from the first of them on nothing but column words,
    years, dates, periods and units — a sentence that mentions "budget och utfall" is not one."""
    if len(s) > 120 or not _HINT_RE.search(s.lower()) or len(COLUMN_WORDS.findall(s)) < 2 or _trailing_numbers(s)[1] \
            or _SENTENCE_END_RE.search(_ABBREVIATION_RE.sub("", s)):
        return False
    words = s.split()
    k = next((i for i, w in enumerate(words) if COLUMN_WORDS.fullmatch(w.strip(":"))), None)
    if k is None:
        return False
    tail = words[k:]
    fitting = [w for w in tail if COLUMN_WORDS.fullmatch(w.strip(":")) or _FITTING_RE.fullmatch(w.lower())
               or w.lower() in ADJECTIVES]
    return len(fitting) >= 0.75 * len(tail)


def find_budget_tables(lines: list[str], start: int, end: int, copy: int, pages: dict[int, int],
                       markers: set[int], report_year: int | None = None,
                       inventory: list[dict] | None = None) -> tuple[list[dict], list[dict], set[int]]:
    """All budget tables in lines[start:end]. Returns rows, column roles and consumed lines.
    inventory: a header recognised whose rows could not be read is added to it (Document.inventory)."""
    rows: list[dict] = []
    columns: list[dict] = []
    consumed: set[int] = set()
    # Only a line with a hint word can be a header; they are found for the whole range at once.
    resume = start  # past the last table read
    for i in sorted(lines_containing(lines, start, end, _HEADER_HINTS)):
        if i < resume:
            continue
        if _looks_like_header(lines[i].strip()):
            # A title broken over the lines above ("Norrmalms " / "stadsdelsförvaltni" / "ng Justerad …").
            head_start = i
            while head_start - 1 >= start and i - head_start < 3 and lines[head_start - 1].strip() \
                    and not lines[head_start - 1].rstrip().endswith((".", ":", "!", "?")) \
                    and len(lines[head_start - 1].strip()) < 40 and not _trailing_numbers(lines[head_start - 1].strip())[1] \
                    and not _NUMBERED_HEADING_RE.match(lines[head_start - 1].strip()) \
                    and not COLUMN_WORDS.search(lines[head_start - 1]):
                head_start -= 1
            first = join_fragments(lines[head_start:i + 1])
            second = lines[i + 1].strip() if i + 1 < end else ""
            tail = _trailing_numbers(second)[1]
            use_second = bool(second) and len(second.split()) <= 8 and all(re.fullmatch(r"\d{4}|\d{6}", t) for t in tail) \
                and bool(UNIT_RE.match(second) or COLUMN_WORDS.search(second) or tail)
            try:
                title, headers, unit = _headers(first, second if use_second else None)
            except StopIteration:
                _not_read(inventory, first, head_start + 1, copy, pages, "kolumnrubrikerna kunde inte tolkas",
                          "the column headers could not be interpreted")
                continue
            body_start = i + (2 if use_second else 1)
            table_rows, last = _read_rows(lines, body_start, end, headers, markers)
            if len(table_rows) < 2:
                _not_read(inventory, title or first, head_start + 1, copy, pages,
                          "tabellhuvudet känns igen, men raderna under det kunde inte läsas",
                          "the table header is recognised, but the rows below it could not be read", len(headers))
            if len(table_rows) >= 2:
                table = title or "Budget"
                for r in table_rows:
                    r.update({"table": table, "unit": unit, "copy": copy, "page": pages.get(r["line"])})
                rows.extend(table_rows)
                columns.extend({"table": table, "column": h, "role": role, "copy": copy}
                               for h, role in zip(headers, column_roles(headers, report_year)))
                consumed.update(range(head_start + 1, last + 2))
                resume = last + 1
    return rows, columns, consumed


def _not_read(inventory: list[dict] | None, title: str, line: int, copy: int, pages: dict[int, int], reason: str,
              reason_en: str, columns: int = 0) -> None:
    if inventory is not None:
        inventory.append({"kind": "table", "what": "budget", "title": " ".join(title.split()), "page": pages.get(line),
                          "line": line, "end_line": line, "copy": copy, "rows": 0, "rows_unread": 0, "columns": columns,
                          "status": "unread", "reason": reason, "reason_en": reason_en})


def _read_rows(lines: list[str], i: int, end: int, headers: list[str], markers: set[int]) -> tuple[list[dict], int]:
    n = len(headers)
    rows: list[dict] = []
    section = ""
    pending: list[str] = []  # label fragments since the last row
    pending_at = i
    last = i - 1
    gap = 0
    block = "drift"
    while i < end:
        raw = lines[i]
        s = raw.strip()
        if not s or i in markers:
            gap += 1 if not s else 0
            i += 1
            continue
        label, nums = _trailing_numbers(s)
        if len(nums) >= n:
            values = _segment(nums, n)
            if values is None:
                break
            row_line = i + 1
            if pending and label and label[0].islower():
                # "Totalt netto inkl " / "investeringar 1 431,3 ...": one label over two lines.
                label = join_fragments(pending + [label])
                row_line = pending_at + 1
                pending = []
            elif pending:
                section = join_fragments(pending)
                pending = []
            role = item_role(label)
            row_block, block, sec = place_row(role, block, section)
            row = {"section": sec, "item": label, "role": role, "block": row_block,
                   "line": row_line,
                   "end_line": i + 1, "decimals": max(decimals_of(v) for v in values),
                   "raw": " ".join(values)}
            for h, v in zip(headers, values):
                row[h] = parse_cell_number(v)
            rows.append(row)
            last = i
            gap = 0
            i += 1
            continue
        if nums:  # a line with some numbers but not a full row: not this table
            break
        if _looks_like_header(s):
            break  # the next table's header (its title lines above it are not this table's)
        if len(s) > 60 or (gap >= 1 and rows and rows[-1]["role"] == "totalt"):
            break
        if s.startswith("Summa") and not nums:
            section = s
            block = "summa"
            pending = []
            i += 1
            continue
        if gap >= 1 and pending:
            pending = []
        if not pending:
            pending_at = i
        pending.append(raw)
        gap = 0
        i += 1
    return rows, last


def _segment(tokens: list[str], n: int) -> list[str] | None:
    """The last n numbers of a row; when digit grouping is ambiguous prefer a reading in which
    the row's own deviation matches its budget and actual."""
    for take in range(len(tokens), n - 1, -1):
        options = split_digit_groups(tokens[len(tokens) - take:], n)
        if not options:
            continue
        if len(options) == 1:
            return options[0]
        best, best_residual = None, None
        for opt in options:
            vals = [parse_cell_number(v) for v in opt]
            if n != 3 or None in vals:
                continue
            # Three printed figures of d decimals: a − b = c holds within ½·10^−d·3.
            tol = 1.5 * 10 ** -max(decimals_of(v) for v in opt) + 1e-9
            residual = min(abs(vals[0] - vals[1] - vals[2]), abs(vals[1] - vals[0] - vals[2]))
            if residual <= tol and (best_residual is None or residual < best_residual):
                best, best_residual = opt, residual
        if best is not None:
            return best
        return options[-1]
    return None
