"""Goals, indicator tables and activity tables in the Stockholm (ILS) report layout.

The layout: "KF:s inriktningsmål:" / "1. <title>", "KF:s mål för verksamhetsområdet:" /
"1.3 <title>", "Nämndmål:" / <title>, a status line ("Uppfylls helt", in a tertialrapport
"Bedöms uppfyllas delvis"), "Analys" paragraphs, "Indikator" tables and "Aktivitet" tables whose
cells were flattened onto lines. This module only walks lines; column assignment is in
indicators.py and fragment joining in layout.py.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from granska.checks.problems import problem
from granska.checks.readers import indicators as ind
from granska.checks.readers.layout import join_fragments, join_prose

INRIKTNING_RE = re.compile(r"^(KF:s\s+)?inriktningsmål:?$", re.IGNORECASE)
INRIKTNING_TITLE_RE = re.compile(r"^(\d+)\.\s+(.+)$")
KFMAL_RE = re.compile(r"^(KF:s\s+)?mål\s+för\s+verksamhetsområdet:?$", re.IGNORECASE)
KFMAL_TITLE_RE = re.compile(r"^(\d+\.\d+)\s+(.+)$")
NAMNDMAL_RE = re.compile(r"^(Nämndmål|Nämndens mål|Bolagets mål|Nämndens delmål):?$", re.IGNORECASE)
# A goal's verdict as printed: "Uppfylls helt", "Bedöms uppfyllas delvis" (tertial), "Målet är
# inte uppfyllt", "Bedömning: Uppfyllt", "Målet bedöms som delvis uppfyllt".
_STATUS_LONG = (
    r"^(Bedömning:\s*)?(Målet\s+(är\s+|bedöms\s+(som\s+|vara\s+)?)?(helt\s+|delvis\s+|inte\s+|ej\s+)?)?"
    r"(Uppfylls|Uppfyllt|Uppfylldes|Uppnås|Uppnått|Bedöms\s+(inte\s+)?uppfyllas|Bedöms\s+uppnås|"
    r"Ej\s+uppfyllt|Ej\s+bedömd|Inte\s+uppfyllt|Delvis\s+uppfyllt|Helt\s+uppfyllt)\b.{0,40}$")
# Verbs that also start ordinary sentences ("Målet nås genom …") count only as the whole line:
# "Målet bedöms delvis uppfyllas", "Målet har inte uppnåtts", "Delvis uppnått", "Målet nås.",
# "Målet bedöms (inte) kunna uppnås", "Delmålet bedöms bli delvis uppfyllt under året".
_STATUS_SHORT = (
    r"^(Bedömning:\s*)?((Del)?[Mm]ålet\s+)?(har\s+)?(bedöms\s+)?(kunna\s+|bli\s+)?(helt\s+|delvis\s+|inte\s+|ej\s+)?"
    r"(kunna\s+|bli\s+)?(uppfyllas|uppfyllt|uppnås|uppnått|uppnåtts|uppnåddes|nås|nåtts|nått|nåddes)"
    r"(\s+(helt|delvis|inte|ej))?(\s+(under|för)\s+(året|(19|20)\d\d))?\.?$")
STATUS_RE = re.compile(f"(?:{_STATUS_LONG})|(?:{_STATUS_SHORT})", re.IGNORECASE)
ANALYS_RE = re.compile(r"^(Analys|ANALYS):?$")  # a heading; "analys" in lower case is a broken word
ECON_RE = re.compile(r"^(Uppföljning av ekonomi|Ekonomi|Ekonomisk uppföljning)$", re.IGNORECASE)
# The four headings that start a new part, as one match (asked of nearly every line).
PART_HEADING_RE = re.compile("|".join(f"(?:{p.pattern})" for p in (INRIKTNING_RE, KFMAL_RE, NAMNDMAL_RE, ECON_RE)),
                             re.IGNORECASE)
_BAND_SIGN = re.compile(r"\+/-\s*")
DATE_HEAD_RE = re.compile(r"^(\d{4}-\d{2}-)$")
DATE_TAIL_RE = re.compile(r"^(\d{2})$")
DATE_FULL_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})$")

HEADER_FIELDS = [
    (re.compile(r"män|pojk", re.I), "outcome_men"),
    (re.compile(r"kvinn|flick", re.I), "outcome_women"),
    (re.compile(r"(VB|T\d|föregående|fg\.?)\s*(år\s*)?\d{0,4}$|utfall\s*\d{4}$", re.I), "previous"),
    (re.compile(r"^KF:s\s+årsmål|^KF", re.I), "kf_target"),
    (re.compile(r"årsmål|^mål|målvärde", re.I), "target"),
    (re.compile(r"utfall", re.I), "outcome"),
    (re.compile(r"^period$", re.I), "period"),
]


def status_of(text: str) -> str:
    t = text.lower()
    if "ej bedöm" in t or "inte bedöm" in t:
        return "ej bedömd"
    if "delvis" in t:
        return "delvis"
    if re.search(r"\b(inte|ej)\b", t):
        return "inte"
    if "helt" in t or re.search(r"uppfyll|uppnå|\bnås\b|\bnått|\bnåtts|\bnåddes", t):
        return "helt"
    return "saknas"


@dataclass
class Goal:
    id: str
    level: str
    parent: str
    title: str
    line: int
    status: str = "saknas"
    status_text: str = ""
    analysis: list[str] = field(default_factory=list)
    analysis_lines: list[int] = field(default_factory=list)
    indicator_analysis: list[str] = field(default_factory=list)

    def row(self, copy: int, pages: dict[int, int]) -> dict:
        return {"id": self.id, "level": self.level, "parent": self.parent, "title": self.title,
                "status": self.status, "status_text": self.status_text,
                "analysis": join_prose(self.analysis),
                "indicator_analysis": join_prose(self.indicator_analysis),
                "analysis_line": self.analysis_lines[0] if self.analysis_lines else None,
                "analysis_end": self.analysis_lines[-1] if self.analysis_lines else None,
                "line": self.line, "page": pages.get(self.line), "copy": copy}


class BodyReader:
    """What every layout's reader of one copy of the report body holds and returns: goals,
    indicators, activities, problems, and `consumed`, the 1-based lines that belong to tables and
    headings so that the claims reader sees only prose."""

    def __init__(self, lines: list[str], start: int, end: int, copy: int, pages: dict[int, int],
                 markers: set[int], skip: set[int], report_year: int | None,
                 stripped: list[str] | None = None):
        self.lines, self.start, self.end, self.copy = lines, start, end, copy
        # Every line stripped once (the caller may share one list between regions): text() and
        # blank() are asked of each line many times.
        self.stripped = stripped if stripped is not None else [ln.strip() for ln in lines]
        self.pages, self.markers, self.skip = pages, markers, skip
        self.report_year = report_year
        self.goals: list[Goal] = []
        self.indicators: list[dict] = []
        self.activities: list[dict] = []
        self.problems: list[dict] = []
        self.consumed: set[int] = set()
        self.current: Goal | None = None
        self.kind: str | None = None  # the document's kind, where the caller knows it

    def _problem(self, line: int, code: str, **params) -> dict:
        return problem(code, line, self.pages.get(line), self.copy, **params)

    def rows(self) -> tuple[list[dict], list[dict], list[dict]]:
        goals = [g.row(self.copy, self.pages) for g in self.goals]
        for r in self.indicators:
            r.pop("_name_pieces", None)
            cells, fields = r.pop("_cells", None), r.pop("_fields", None)
            evidence = ind.evidence_for(r["name"], self.kind)
            if cells and evidence.any:
                # The name is whole only now (its end may follow the values): weigh what it says.
                r.update(assignment_columns(ind.assign_cells(cells, fields, evidence), evidence))
            r["scope"] = "stad" if evidence.city_wide else "nämnd"
        for a in self.activities:
            a.pop("_pieces", None)
        return goals, self.indicators, self.activities


class RegionParser(BodyReader):
    """Walks one copy of the report body in the Stockholm layout; fills goals, indicators,
    activities."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kf_goal: Goal | None = None
        self.inriktning: Goal | None = None
        self.namnd_count: dict[str, int] = {}
        self.previous_year: int | None = None
        self.after_table = False  # an "Analys" right after an indicator table is about it
        self._structural: dict[int, bool] = {}
        self._cuts: dict[tuple[int, ...], tuple[int, ...]] = {}  # group -> its lines up to the period
        self._heads: dict[tuple[int, ...], str] = {}  # group -> those lines joined

    # --- line helpers -------------------------------------------------------------------
    def text(self, i: int) -> str:
        """The line stripped; past the region's end there is nothing (a truncated report)."""
        return self.stripped[i] if i < self.end else ""

    def blank(self, i: int) -> bool:
        return i >= self.end or not self.stripped[i] or i in self.markers

    def next_content(self, i: int) -> int:
        while i < self.end and (self.blank(i) or i in self.skip):
            i += 1
        return i

    def structural(self, i: int) -> bool:
        """A line that starts a new part (goal heading, table header, economy section); asked
        many times per line while tables are read, so remembered."""
        known = self._structural.get(i)
        if known is None:
            known = self._structural[i] = self._is_structural(i)
        return known

    def _is_structural(self, i: int) -> bool:
        s = self.text(i)
        return bool(PART_HEADING_RE.match(s)
                    or (s.startswith("Aktivitet") and self.is_activity_header(i))
                    or (s.startswith("Indikato") and self.is_indicator_header(i))
                    or i in self.skip)

    def is_activity_header(self, i: int) -> bool:
        s = self.text(i)
        return s.startswith("Aktivitet") and ("Startdat" in s or s == "Aktivitet" and "Startdat" in self.text(min(i + 1, self.end - 1)))

    def is_indicator_header(self, i: int) -> bool:
        s = self.text(i)
        return s in ("Indikator", "Indikatorer") or (s == "Indikato" and self.text(min(i + 1, self.end - 1)) == "r")

    def mark(self, a: int, b: int) -> None:
        self.consumed.update(range(a + 1, b + 2))  # 0-based a..b -> 1-based lines

    # --- walk ---------------------------------------------------------------------------
    def parse(self) -> None:
        i = self.start
        while i < self.end:
            if self.blank(i) or i in self.skip:
                i += 1
                continue
            s = self.text(i)
            if not ANALYS_RE.match(s):
                self.after_table = False
            if INRIKTNING_RE.match(s):
                i = self.read_goal_heading(i, "inriktningsmål")
            elif KFMAL_RE.match(s):
                i = self.read_goal_heading(i, "kf-mål")
            elif NAMNDMAL_RE.match(s):
                i = self.read_goal_heading(i, "nämndmål")
            elif self.current is not None and STATUS_RE.match(s) and self.current.status == "saknas":
                self.current.status = status_of(s)
                self.current.status_text = re.sub(r"\s+", " ", s)
                self.mark(i, i)
                i += 1
            elif ANALYS_RE.match(s):
                i = self.read_analysis(i)
            elif self.is_indicator_header(i):
                i = self.read_indicator_table(i)
                self.after_table = True
                continue
            elif self.is_activity_header(i):
                i = self.read_activity_table(i)
            elif ECON_RE.match(s):
                self.current = None
                self.kf_goal = None
                i += 1
            else:
                i += 1

    def read_goal_heading(self, i: int, level: str) -> int:
        self.mark(i, i)
        j = self.next_content(i + 1)
        if j >= self.end:
            return j
        if any(x in self.skip for x in range(i + 1, j)):
            return j  # the heading over a table read from the page ("Nämndens mål" over a goal table): no goal
        title_lines, k = [], j
        while k < self.end and not self.blank(k) and not STATUS_RE.match(self.text(k)):
            title_lines.append(self.lines[k])
            k += 1
        title = join_prose(title_lines)
        self.mark(j, k - 1)
        if level == "inriktningsmål":
            m = INRIKTNING_TITLE_RE.match(title)
            gid, title = (m.group(1), m.group(2)) if m else (str(len([g for g in self.goals if g.level == level]) + 1), title)
            goal = Goal(gid, level, "", title, j + 1)
            self.inriktning, self.kf_goal = goal, None
        elif level == "kf-mål":
            m = KFMAL_TITLE_RE.match(title)
            if m:
                gid, title = m.group(1), m.group(2)
            else:
                gid = f"{self.inriktning.id if self.inriktning else 'X'}.{len([g for g in self.goals if g.level == level]) + 1}"
            parent = gid.split(".")[0]
            goal = Goal(gid, level, parent, title, j + 1)
            self.kf_goal = goal
        else:
            parent = self.kf_goal.id if self.kf_goal else (self.inriktning.id if self.inriktning else "")
            n = self.namnd_count.get(parent, 0) + 1
            self.namnd_count[parent] = n
            goal = Goal(f"{parent}-N{n}" if parent else f"N{n}", level, parent, title, j + 1)
        self.goals.append(goal)
        self.current = goal
        return k

    def read_analysis(self, i: int) -> int:
        """Paragraphs after "Analys" until the next structural line: the goal's own analysis, or,
        right after an indicator table, the analysis of its indicators (kept apart)."""
        self.mark(i, i)
        target = self.current.indicator_analysis if (self.current is not None and self.after_table) else None
        k = i + 1
        while k < self.end:
            s = self.stripped[k]
            if not s or k in self.markers:  # blank() inlined: this loop reads most of the prose
                k += 1
                continue
            if self.structural(k) or ANALYS_RE.match(s):
                break
            if self.current is not None:
                if STATUS_RE.match(s) and self.current.status == "saknas":
                    break
                if target is not None:
                    target.append(self.lines[k])
                else:
                    self.current.analysis.append(self.lines[k])
                    self.current.analysis_lines.append(k + 1)
            k += 1
        return k

    # --- indicator tables ---------------------------------------------------------------
    def read_indicator_table(self, i: int) -> int:
        start = i
        self.previous_year = None
        i += 2 if self.text(i) == "Indikato" else 1
        fields: list[str] = []
        while i < self.end:
            i = self.next_content(i)
            group_start = i
            group = []
            while i < self.end and not self.blank(i):
                group.append(self.lines[i])
                i += 1
            header = join_fragments(group)
            fields.append(self._header_field(header))
            if fields[-1] == "previous":
                m = re.search(r"((?:19|20)\d\d)", header)
                self.previous_year = int(m.group(1)) if m else None
            if fields[-1] == "period" or len(fields) > 12:
                break
            if not group or group_start >= self.end:
                break
        self.mark(start, i - 1)
        value_fields = ind.placeholders([f for f in fields if f != "period"])
        if not any(f in ind.VALUE_FIELDS for f in value_fields):
            value_fields = ind.VALUE_FIELDS
        last_row: dict | None = None
        pending: list[tuple[int, list[str]]] = []  # name groups seen before a value group
        while i < self.end:
            j = self.next_content(i)
            if j >= self.end or self.structural(j) or ANALYS_RE.match(self.text(j)):
                if pending and last_row is not None:
                    self._extend_name(last_row, pending)
                pending = []
                i = j
                break
            group_lines, k = [], j
            while k < self.end and not self.blank(k):
                group_lines.append(k)
                k += 1
            if self._is_value_group(group_lines) or (pending and self._ends_with_period(group_lines)):
                # Values may continue over blank lines until the period closes the row; lines
                # after the period in the same group are the rest of the name.
                value_lines, k = self._read_values(group_lines, k)
                if len(pending) > 1 and last_row is not None:
                    self._extend_name(last_row, pending[:-1])
                    pending = pending[-1:]
                name_lines = [ln for _, grp in pending for ln in grp]
                if not name_lines and last_row is not None and ind.split_period(self.value_text(value_lines))[2] is None:
                    # No name and no period: not a row but the previous name's tail, moved past a
                    # page break ("25-" / values / page / "64 år, med eftergymnasial utbildning").
                    self._extend_name(last_row, [(value_lines[0], value_lines)])
                    i = k
                    continue
                if not name_lines:
                    self.problems.append(self._problem(j + 1, "EXT004", row=self.value_text(value_lines)))
                    i = k
                    continue
                last_row = self._indicator_row(name_lines, value_lines, value_fields)
                self.mark(name_lines[0], value_lines[-1])
                pending = []
                # Name fragments glued right after the period (no blank line) continue the name.
                cont, m = [], k
                while m < self.end and not self.blank(m) and not self.structural(m):
                    cont.append(m)
                    m += 1
                if cont:
                    self._extend_name(last_row, [(cont[0], cont)])
                k = m
            else:
                pending.append((j, group_lines))
            i = k
        if pending and last_row is not None:
            self._extend_name(last_row, pending)
        return i

    def _header_field(self, header: str) -> str:
        # Matched without spaces: an extraction that lost the trailing spaces leaves "Årsm ål".
        h = re.sub(r"\s+", "", header)
        for pattern, name in HEADER_FIELDS:
            if pattern.search(h):
                if name == "previous" and not re.search(r"utfall", h, re.I):
                    continue
                return name
        return "other"

    def _is_value_group(self, group: list[int]) -> bool:
        first = self.text(group[0])
        if re.match(r"^[" + "-\u2212\u2013" + r"+]?\d|^\+/-", first):
            # Values use commas only as decimal commas; a comma after a word is a name's
            # ("…befolkningen, 25-" / "64 år, med eftergymnasial utbildning").
            text = self._head_text(group)
            return re.search(r"(?<!\d),|,(?!\d)", text) is None
        # Only the part up to the period counts: a name's tail may follow it in the same group
        # ("VB / 2020 / förskolor med …" — a row whose cells are all empty).
        joined = self._head_text(group)
        rest, period, year = ind.split_period(joined)
        return year is not None and (rest == "" or rest.split()[-1] in ("VB", "T1", "T2", "T3")) or (
            year is not None and re.fullmatch(r"(VB|T\d)?\s*\d{4}", joined) is not None)

    def _cut_at_period(self, group: list[int]) -> list[int]:
        """The group's lines up to the one that closes the row with its period. A group is asked
        this several times while a row is read (is it values, does it go on), so remembered."""
        key = tuple(group)
        cut = self._cuts.get(key)
        if cut is None:
            cut = self._cuts[key] = tuple(self._find_cut(group))
        return list(cut)  # a new list: callers extend it

    def _head_text(self, group: list[int]) -> str:
        """The group's lines up to the period, joined (remembered like the cut itself)."""
        key = tuple(group)
        text = self._heads.get(key)
        if text is None:
            text = self._heads[key] = join_fragments([self.lines[k] for k in self._cut_at_period(group)])
        return text

    def _find_cut(self, group: list[int]) -> list[int]:
        for n in range(1, len(group) + 1):
            joined = join_fragments([self.lines[x] for x in group[:n]])
            if ind.split_period(joined)[2] is not None and n < len(group):
                nxt = join_fragments([self.lines[x] for x in group[: n + 1]])
                # "fastst/älls /2017" ends in a year that is part of a text target: go on while
                # the next line still reads as values.
                if not re.match(r"^[\d+\-\u2212]|^(st|%|mnkr|kr|VB|T\d)\b", self.text(group[n])) or \
                        ind.split_period(nxt)[2] is None:
                    return group[:n]
        return group

    def value_text(self, value_lines: list[int]) -> str:
        """Value lines joined: fragments within a group, groups (blank-separated) with a space."""
        groups, cur, prev = [], [], None
        for x in value_lines:
            if prev is not None and x != prev + 1 and cur:
                groups.append(join_fragments(cur))
                cur = []
            cur.append(self.lines[x])
            prev = x
        if cur:
            groups.append(join_fragments(cur))
        # a band is written one way, whether or not the extraction kept the space in "+/- 1 %"
        return _BAND_SIGN.sub("+/- ", " ".join(groups))

    def _text_target_between(self, group: list[int], after: int) -> bool:
        """A target in words ("tas fram av nämnden") between values: a few words, followed by
        more values or the period."""
        words = join_fragments([self.lines[x] for x in group]).split()
        if not 1 <= len(words) <= 6 or any(ch.isdigit() for w in words for ch in w):
            return False
        nxt = self.next_content(after)
        if nxt >= self.end or self.structural(nxt):
            return False
        following, m = [], nxt
        while m < self.end and not self.blank(m):
            following.append(m)
            m += 1
        return self._value_like(following)

    def _ends_with_period(self, group: list[int]) -> bool:
        """After a name, a group ending in a period is values, even if only words ("tas fram av
        nämnden 2017": a target in words and no outcome)."""
        return ind.split_period(join_fragments([self.lines[x] for x in group]))[2] is not None

    VALUE_START = re.compile(r"^([\d\u2212+-]|\+/-|(st|%|mnkr|tkr|kr|VB|T\d)\b)")

    def _value_like(self, group: list[int]) -> bool:
        text = join_fragments([self.lines[x] for x in group])
        head = self._head_text(group)
        if re.search(r"(?<!\d),|,(?!\d)", head):
            return False  # a comma after a word: a name, not values (see _is_value_group)
        return bool(self.VALUE_START.match(text)) or re.fullmatch(r"(VB|T\d|Tertial \d)?\s*(19|20)\d\d", text) is not None

    def _read_values(self, group: list[int], k: int) -> tuple[list[int], int]:
        """The row's value lines and where reading goes on.

        Values continue over blank-separated groups while the next group still reads as
        values (a number, a unit, a band or a bare period: "2 460 / st", "fastst/älls /2017" then
        "2017"); lines after the period inside a group are the rest of the name.
        """
        value_lines = self._cut_at_period(group)
        if len(value_lines) < len(group):
            return value_lines, group[len(value_lines)]
        for _ in range(8):
            nxt = self.next_content(k)
            nxt_group, m = [], nxt
            while m < self.end and not self.blank(m):
                nxt_group.append(m)
                m += 1
            no_period_yet = ind.split_period(self.value_text(value_lines))[2] is None
            if not no_period_yet and nxt_group and re.fullmatch(r"(VB|T\d)", self._head_text(nxt_group)):
                return value_lines, k  # "T2" after the period: the name's end ("… prognossäkerhet T2")
            if not nxt_group or self.structural(nxt) or not (
                    self._value_like(nxt_group) or (no_period_yet and (
                        self._ends_with_period(nxt_group) or self._text_target_between(nxt_group, m)))):
                return value_lines, k
            cut = self._cut_at_period(nxt_group)
            value_lines.extend(cut)
            if len(cut) < len(nxt_group):
                return value_lines, nxt_group[len(cut)]
            k = m
        return value_lines, k

    def _extend_name(self, row: dict, groups: list[tuple[int, list[str]]]) -> None:
        extra = [self.lines[ln] for _, grp in groups for ln in grp]
        row["_name_pieces"].extend(extra)
        row["name"] = join_fragments(row["_name_pieces"])
        for _, grp in groups:
            self.mark(grp[0], grp[-1])

    def _indicator_row(self, name_lines: list[int], value_lines: list[int], fields: tuple[str, ...]) -> dict:
        pieces = [self.lines[k] for k in name_lines]
        raw = self.value_text(value_lines)
        rest, period, year = ind.split_period(raw)
        cells = ind.tokenize_cells(rest)
        if len(cells) > len(fields):
            self.problems.append(self._problem(value_lines[0] + 1, "EXT003", values=len(cells), columns=len(fields), row=raw))
        assignment = ind.assign_cells(cells, fields)
        row: dict = {"goal": self.current.id if self.current else "", "name": join_fragments(pieces),
                     "_name_pieces": pieces, "_cells": cells, "_fields": fields, "period": period, "period_year": year,
                     "previous_year": self.previous_year,
                     "raw": raw, "line": name_lines[0] + 1, "value_line": value_lines[0] + 1,
                     "end_line": value_lines[-1] + 1, "page": self.pages.get(name_lines[0] + 1), "copy": self.copy}
        row.update(assignment_columns(assignment))
        if year is None:
            self.problems.append(self._problem(value_lines[0] + 1, "EXT002", row=raw))
        self.indicators.append(row)
        return row

    # --- activity tables ----------------------------------------------------------------
    def read_activity_table(self, i: int) -> int:
        start = i
        header: list[str] = []
        while i < self.end:
            if not self.blank(i):
                header.append(self.lines[i])
                if "Avvikelse" in "".join(join_fragments(header).split()) or len(header) > 10:
                    i += 1
                    break
            i += 1
        self.mark(start, i - 1)
        current: dict | None = None
        while i < self.end:
            j = self.next_content(i)
            if j >= self.end or self.structural(j):
                return j
            s = self.text(j)
            if s.startswith("Avvikel") and current is not None:
                i = self.read_deviation(j, current)
                continue
            if len(s) > 75 and current is not None:
                return j  # prose after the table
            group, k = [], j
            while k < self.end and not self.blank(k) and not self._date_at(k) and not (group and self.structural(k)):
                group.append(k)
                k += 1
            if not group:  # dates without text: belong to the current activity, skip
                i = self._skip_dates(k)
                continue
            act = {"goal": self.current.id if self.current else "", "_pieces": [self.lines[x] for x in group],
                   "start": None, "end": None, "deviation": False, "deviation_text": "",
                   "line": group[0] + 1, "page": self.pages.get(group[0] + 1), "copy": self.copy,
                   "end_line": group[-1] + 1}
            self.mark(group[0], group[-1])
            k = self.next_content(k) if k < self.end and self.blank(k) else k
            dates, k = self._read_dates(k)
            if dates:
                act["start"] = dates[0]
                act["end"] = dates[1] if len(dates) > 1 else None
                # Text right after the end date (no blank line) is the rest of the activity,
                # moved below the dates by a page break.
                cont = []
                while k < self.end and not self.blank(k) and not self.structural(k) and not self.text(k).startswith("Avvikel"):
                    cont.append(k)
                    k += 1
                if cont and self._date_at(self.next_content(k)):
                    # It has dates of its own: a new activity that lost its blank line above.
                    k = cont[0]
                    cont = []
                if not cont:
                    k, cont = self._tail_after_break(k)
                if cont:
                    act["_pieces"].extend(self.lines[x] for x in cont)
                    self.mark(cont[0], cont[-1])
                    act["end_line"] = cont[-1] + 1
            elif current is not None and not self._looks_like_activity_start(group):
                current["_pieces"].extend(act["_pieces"])
                current["text"] = join_fragments(current["_pieces"])
                i = k
                continue
            act["text"] = join_fragments(act["_pieces"])
            self.activities.append(act)
            current = act
            i = k
        return i

    def _tail_after_break(self, k: int, width: int = 60) -> tuple[int, list[int]]:
        """A text's end moved past a page break: after blank lines and a page number, lines that
        are not followed by dates of their own (a new activity is). A tail starting in upper case
        must also be cell-narrow, so that prose after the table is not taken for one."""
        nxt = self.next_content(k)
        if nxt >= self.end or nxt == k or not any(x in self.markers for x in range(k, nxt)):
            return k, []
        if self.structural(nxt) or self.text(nxt).startswith("Avvikel"):
            return k, []
        if not self.text(nxt)[:1].islower() and len(self.text(nxt)) > width:
            return k, []
        tail, m = [], nxt
        while m < self.end and not self.blank(m) and not self.structural(m):
            if tail and re.match(r"^\s+[A-ZÅÄÖ]", self.lines[m]):
                break  # a leading space and a capital: the next cell begins here
            tail.append(m)
            m += 1
        if self._date_at(self.next_content(m)):
            return k, []
        return m, tail

    def _looks_like_activity_start(self, group: list[int]) -> bool:
        return self.text(group[0])[:1].isupper()

    def _date_at(self, k: int) -> bool:
        if k >= self.end:
            return False
        s = self.text(k)
        if not s[:1].isdigit():  # a superset of the regexes' \d: no date starts otherwise
            return False
        return bool(DATE_FULL_RE.match(s) or (DATE_HEAD_RE.match(s) and k + 1 < self.end and DATE_TAIL_RE.match(self.text(k + 1))))

    def _read_dates(self, k: int) -> tuple[list[str], int]:
        dates = []
        while k < self.end and len(dates) < 2:
            k2 = self.next_content(k)
            if k2 >= self.end or not self._date_at(k2):
                break
            s = self.text(k2)
            if DATE_FULL_RE.match(s):
                dates.append(s)
                self.mark(k2, k2)
                k = k2 + 1
            else:
                dates.append(s + self.text(k2 + 1))
                self.mark(k2, k2 + 1)
                k = k2 + 2
        return dates, k

    def _skip_dates(self, k: int) -> int:
        _, k = self._read_dates(k)
        return k

    def read_deviation(self, j: int, act: dict) -> int:
        """"Avvikel/se" + "Analys" + paragraph: the activity has a deviation."""
        k = j
        head = []
        while k < self.end and not self.blank(k) and len(head) < 3:
            head.append(self.lines[k])
            k += 1
        self.mark(j, k - 1)
        k = self.next_content(k)
        if k < self.end and ANALYS_RE.match(self.text(k)):
            self.mark(k, k)
            k = self.next_content(k + 1)
        para = []
        while k < self.end and not self.blank(k) and not self.structural(k):
            para.append(k)
            k += 1
        if para:
            k, tail = self._tail_after_break(k, width=90)
            para.extend(tail)
        act["deviation"] = True
        act["deviation_text"] = join_prose([self.lines[x] for x in para])
        act["deviation_line"] = para[0] + 1 if para else j + 1
        if para:
            self.mark(para[0], para[-1])
        return k

def values_of(cells: dict[str, ind.Cell]) -> dict:
    """Columns of an indicator row from an assignment of cells."""
    row: dict = {f: None for f in ind.VALUE_FIELDS}
    row.update({"unit": "", "target_unit": "", "kf_target_unit": "", "target_text": "", "kf_target_text": ""})
    for f, c in cells.items():
        if f not in ind.VALUE_FIELDS:
            continue  # a column granska does not read ("Prognos helår"): it only holds its place
        if c.kind == "text":
            row[f"{f}_text"] = c.raw
            continue
        row[f] = c.value
        if f == "outcome":
            row["unit"] = c.unit
        elif f in ind.TARGET_FIELDS:
            row[f"{f}_unit"] = c.unit
            if c.kind == "band":
                row[f"{f}_text"] = c.raw
    if row["unit"] == "" and cells.get("outcome") is None:
        # No outcome: the row's unit is that of whatever was printed.
        units = [c.unit for c in cells.values() if c.unit]
        row["unit"] = units[0] if units else ""
    return row


def assignment_columns(assignment: ind.Assignment, evidence: ind.RowEvidence | None = None) -> dict:
    """An indicator row's value columns, certainty, printed cells, rival readings and why a
    single value was read as a target (reading, reading_en)."""
    reading, reading_en = ind.reading_of(assignment, evidence)
    return {**values_of(assignment.cells), "assignment_certain": assignment.certain,
            "reading": reading, "reading_en": reading_en,
            "uncertain_fields": ";".join(assignment.uncertain),
            "cells": json.dumps({f: c.raw for f, c in assignment.cells.items()}, ensure_ascii=False),
            "alternatives": json.dumps([{f: c.raw for f, c in alt.items()} for alt in assignment.alternatives],
                                       ensure_ascii=False) if assignment.alternatives else ""}
