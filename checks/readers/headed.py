"""Goals and indicator tables in layouts other than Stockholm's (ILS) one.

Many municipalities print a goal as a heading ("Mål 1: Fler barn deltar …", "Verksamhetsmål 2.1
…") with a verdict line under it ("Bedömning: Delvis uppfyllt", "Måluppfyllelse: Uppfyllt",
"Målet är uppfyllt"), and an indicator table whose header is one line ("Indikator Utfall 2019
Utfall 2018 Målvärde 2019") with one row per line: the name (possibly begun on the lines above),
then one figure per column, an empty cell printed as "–" or left out.

A heading is a goal only when a verdict follows it within a few lines: a section heading such
as "Mål och måluppfyllelse" never becomes one. Rows whose figures do not fill the columns are
assigned by the same scoring as the Stockholm tables (checks.readers.indicators) and are then
marked uncertain; a table with a column granska does not know is read only where every column
is printed, so that no figure lands in the wrong column.
"""
from __future__ import annotations

import re

from granska.checks.numbers import split_digit_groups
from granska.checks.readers import indicators as ind
from granska.checks.readers.layout import join_fragments, join_prose
from granska.checks.readers.stockholm import ANALYS_RE, STATUS_RE, BodyReader, Goal, assignment_columns, status_of

GOAL_HEAD_RE = re.compile(
    r"^(?:Nämndens\s+|Styrelsens\s+|Bolagets\s+|(?P<kf>Kommunfullmäktiges\s+|Fullmäktiges\s+|KF:s\s+))?"
    r"(?P<word>Inriktningsmål|Verksamhetsmål|Nämndmål|Delmål|Effektmål|Resultatmål|KF-mål|Mål|(?<=\s)mål)"
    r"\s*(?P<num>\d+(?:\.\d+)*)?\s*[:.\u2013-]?\s+(?P<title>\S.{2,200})$")
# A level word alone on its line, the goal's title on the next one: Stratsys' and Hypergene's
# kicker over the title ("NÄMNDMÅL 1.2" / "Biblioteken når fler invånare", "Nämndmål" / "Fler …").
GOAL_KICKER_RE = re.compile(
    r"^(?:Nämndens\s+|Styrelsens\s+|Bolagets\s+)?(?P<word>Inriktningsmål|Verksamhetsmål|Nämndmål|Delmål|Effektmål|"
    r"Resultatmål|Mål)\s*(?P<num>\d+(?:\.\d+)*)?\s*:?$", re.IGNORECASE)
# the level a heading's word names (checks.model.GOAL_LEVELS); other words are goals of their layout
LEVEL_OF_WORD = {"inriktningsmål": "inriktningsmål", "nämndmål": "nämndmål", "kf-mål": "kf-mål"}
# "Måluppfyllelse: Delvis uppfyllt" — the verdict after a label; STATUS_RE reads the rest.
VERDICT_LABEL_RE = re.compile(r"^(?:Bedömd\s+måluppfyllelse|Måluppfyllelse|Status|Samlad\s+bedömning|Bedömning)\s*:\s*",
                              re.IGNORECASE)
TABLE_HEAD_RE = re.compile(r"^(Indikator(?:er)?|Nyckeltal|Mått|Mätetal|Resultatmått)\b\s*(.*)$")
COLUMN_WORD_RE = re.compile(r"^(Utfall|Resultat|Målvärde|Målnivå|Mål|Årsmål|KF:s|Föregående|Fg|Män|Kvinnor|Pojkar|"
                            r"Flickor|Totalt|Total|Samtliga|Period|Prognos|Budget|Trend|Måluppfyllelse|Bedömning|Status)\b", re.IGNORECASE)
# A row's own verdict in a "Måluppfyllelse" column ("… 85 90 Ej uppfyllt"): words after the figures.
ROW_VERDICT_RE = re.compile(r"\s(Helt\s+uppfyllt|Delvis\s+uppfyllt|Ej\s+uppfyllt|Inte\s+uppfyllt|Uppfyllt|Uppnått|"
                            r"Delvis\s+uppnått|Ej\s+uppnått|Inte\s+uppnått|Ej\s+bedömd|Ej\s+mätt)\.?$", re.IGNORECASE)
YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")
_BARE_YEAR = re.compile(r"^(?:19|20)\d\d$")
EMPTY_CELLS = {"–", "-", "—", "..", "n/a", "saknas", "*"}
CELL_UNITS = {"%", "st", "kr", "tkr", "mnkr", "dagar"}
_NUMBER_TOKEN = re.compile(r"^[-\u2212+]?\d[\d,]*$")
VERDICT_WINDOW = 4  # non-blank lines between a goal heading and its verdict
# "Aktivitet Status" / "Åtgärder Status": one activity a row, its status printed last.
ACTIVITY_HEAD_RE = re.compile(r"^(Aktivitet(?:er)?|Åtgärd(?:er)?|Uppdrag)\b.{0,40}\b(Status|Läge|Bedömning)$", re.IGNORECASE)
ACTIVITY_STATUS_RE = re.compile(
    r"\s(Genomförd|Genomfört|Klar|Avslutad|Avslutat|Pågår|Pågående|Påbörjad|Delvis\s+genomförd|Försenad|Försenat|"
    r"Ej\s+påbörjad|Inte\s+påbörjad|Ej\s+genomförd|Inte\s+genomförd|Avbruten|Avbrutet|Uppskjuten)\.?$", re.IGNORECASE)
# The statuses that are a deviation from the plan (GOL003): not done, late, stopped.
DEVIATING_STATUS_RE = re.compile(r"^(delvis|försen|ej|inte|avbrut|uppskjut)", re.IGNORECASE)
# Words whose number belongs to a name: "åk 9", "årskurs 3", "nivå 2", "steg 1", "kvartal 4".
NAME_NUMBER_WORDS = {"åk", "årskurs", "klass", "steg", "nivå", "grupp", "kategori", "fas", "etapp", "område",
                     "zon", "kvartal", "tertial", "vecka", "nr", "nummer", "kap", "lss", "sfi"}


def verdict_of(line: str) -> str | None:
    """The printed verdict of a line, or None: "Bedömning: Delvis uppfyllt", "Uppfyllt"."""
    rest = VERDICT_LABEL_RE.sub("", line, count=1)
    return rest if STATUS_RE.match(rest) else None


def header_columns(header: str) -> list[str]:
    """The value columns of a one-line header: "Utfall aug 2019 Utfall 2018 Mål 2019" ->
    ["Utfall aug 2019", "Utfall 2018", "Mål 2019"]. A column starts at a column word; months,
    years and other words belong to the column before."""
    columns: list[list[str]] = []
    for word in header.split():
        # A bare year is a column of its own ("Nyckeltal 2017 2018 2019 Mål 2019") unless it
        # names the year of the column before ("Utfall 2019").
        year_column = _BARE_YEAR.match(word) and (not columns or YEAR_RE.search(" ".join(columns[-1])))
        if year_column or (COLUMN_WORD_RE.match(word) and not (columns and columns[-1][-1].lower() in ("kf:s", "fg"))):
            columns.append([word])
        elif columns:
            columns[-1].append(word)
    return [" ".join(c) for c in columns]


def table_header(line: str, report_year: int | None) -> str | None:
    """The column part of an indicator table's header line ("Indikator Utfall 2019 …"), or None
    for a sentence that merely starts with the word ("Indikatorerna för 2018 och 2019 visar …")."""
    m = TABLE_HEAD_RE.match(line)
    if not m or len(line) > 120 or line.rstrip().endswith((".", "!", "?", ":")):
        return None
    rest = m.group(2)
    columns = header_columns(rest)
    lead = len(rest.split()) - sum(len(c.split()) for c in columns)  # words before the first column
    return rest if len(column_fields(rest, report_year)) >= 2 and lead <= 2 else None


def _is_outcome_column(column: str) -> bool:
    """"Utfall 2019", "Resultat", "2019": an outcome, this year's or an earlier one."""
    return column.lower().startswith(("utfall", "resultat")) or _BARE_YEAR.match(column) is not None


def column_fields(header: str, report_year: int | None) -> list[str]:
    """Field of each value column: "Utfall 2019 Utfall 2018 Målvärde 2019" -> outcome, previous, target."""
    columns = header_columns(header)
    years = [int(y) for c in columns for y in YEAR_RE.findall(c) if _is_outcome_column(c)]
    outcome_year = report_year if report_year in years else (max(years) if years else None)
    earlier = max((y for y in years if outcome_year is not None and y < outcome_year), default=None)
    fields, seen_outcome = [], False
    for c in columns:
        text = c.lower()
        year = YEAR_RE.search(text)
        if re.search(r"\bmän\b|pojk", text):
            fields.append("outcome_men")
        elif re.search(r"kvinn|flick", text):
            fields.append("outcome_women")
        elif text.startswith(("måluppfyllelse", "bedömning", "status")):
            fields.append("verdict")  # words, not a figure: taken off the row before its figures
        elif text.startswith("kf"):
            fields.append("kf_target")
        elif text.startswith(("mål", "årsmål")):
            fields.append("target")
        elif text.startswith(("föregående", "fg")):
            fields.append("previous")
        elif _is_outcome_column(c):
            y = int(year.group(1)) if year else None
            if y is not None and outcome_year is not None and y < outcome_year:
                fields.append("previous" if y == earlier else "other")  # older years: history, not read
            elif seen_outcome:
                fields.append("previous" if "previous" not in fields else "other")
            else:
                fields.append("outcome")
                seen_outcome = True
        elif text.startswith(("totalt", "total", "samtliga")) and not seen_outcome:
            fields.append("outcome")
            seen_outcome = True
        else:
            fields.append("other")
    # A second column of one field ("Mål 2019 Mål 2020") is not read: only the first is that field.
    return [f if f == "other" or f not in fields[:k] else "other" for k, f in enumerate(fields)]


def outcome_period(header: str, fields: list[str]) -> tuple[str, int | None]:
    """The outcome column's period as its header prints it: "Utfall aug 2019" -> ("aug 2019", 2019),
    "Utfall T2 2019" -> ("T2 2019", 2019); ("", None) when it names no year."""
    for column, field in zip(header_columns(header), fields):
        if field == "outcome":
            period = column if _BARE_YEAR.match(column) else (column.split(None, 1)[1] if " " in column else "")
            year = YEAR_RE.search(period)
            return (period, int(year.group(1))) if year else ("", None)
    return "", None


def _tail_tokens(line: str) -> tuple[str, list[str]]:
    """Split a row into its name and the value tokens at its end (numbers, units, empty marks)."""
    tokens = line.split()
    k = len(tokens)
    while k > 0 and (_NUMBER_TOKEN.match(tokens[k - 1]) or tokens[k - 1] in CELL_UNITS
                     or tokens[k - 1].lower() in EMPTY_CELLS):
        k -= 1
    while k < len(tokens) and tokens[k] in CELL_UNITS:  # a unit ends a name ("Andel (%)"), not a row
        k += 1
    if 0 < k < len(tokens) and tokens[k - 1].lower().rstrip(".") in NAME_NUMBER_WORDS and tokens[k].isdecimal():
        k += 1  # "Meritvärde åk 9 225 221 230": the 9 is the name's, a school year, not a figure
    return " ".join(tokens[:k]), tokens[k:]


def _cells(tokens: list[str], columns: int) -> list[ind.Cell | None] | None:
    """The row's cells in order, None for a cell printed empty ("–"). Thousands are grouped
    with spaces ("312 000 300 000 305 000"), so each run of number tokens is read in every way
    (checks.numbers.split_digit_groups) and the one reading that fills the columns is kept;
    with no such reading, the one reading with the most cells. None when the text does not
    decide: a row granska cannot read for certain is not read."""
    runs: list[tuple[list[str], str | None]] = []  # number tokens, then the unit or empty mark after them
    current: list[str] = []
    for tok in tokens:
        if tok in CELL_UNITS or tok.lower() in EMPTY_CELLS:
            runs.append((current, tok))
            current = []
        else:
            current.append(tok)
    runs.append((current, None))
    readings: list[list[list[str]]] = [[]]
    for numbers, _ in runs:
        options = [o for m in range(1, len(numbers) + 1) for o in split_digit_groups(numbers, m)] if numbers else [[]]
        readings = [r + [o] for r in readings for o in options][:256]
    empties = sum(1 for _, after in runs if after is not None and after.lower() in EMPTY_CELLS)
    sizes = [sum(len(o) for o in r) + empties for r in readings]
    fitting = [r for r, n in zip(readings, sizes) if n == columns]
    if not fitting:
        most = max((n for n in sizes if n < columns), default=None)
        fitting = [r for r, n in zip(readings, sizes) if n == most]
    if len(fitting) != 1:
        return None
    cells: list[ind.Cell | None] = []
    for numbers, (_, after) in zip(fitting[0], runs):
        for pos, raw in enumerate(numbers):
            unit = after if after in CELL_UNITS and pos == len(numbers) - 1 else ""
            parsed = ind.tokenize_cells(f"{raw} {unit}".strip())
            if len(parsed) != 1 or parsed[0].kind != "number":
                return None
            cells.append(parsed[0])
        if after is not None and after.lower() in EMPTY_CELLS:
            cells.append(None)
    return cells


def _title_like(title: str) -> bool:
    """A goal's title begins a sentence: a capital, a digit or a quote ("och nämndmål" does not)."""
    first = title.lstrip("”\"'«")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _section_heading(s: str) -> bool:
    """A numbered heading of the report's next part ("4. Personal", "3 Ekonomi"): short, no
    sentence's end."""
    from granska.checks.readers.headed_tables import NUMBERED_HEADING_RE

    return bool(NUMBERED_HEADING_RE.match(s.strip())) and len(s.split()) <= 6 and not s.rstrip().endswith(".")


class HeadedParser(BodyReader):
    """Walks one copy of the report body for goal headings with verdicts and one-line-header
    indicator tables; the same outputs as the Stockholm reader (stockholm.BodyReader)."""

    def text(self, i: int) -> str:
        return self.stripped[i] if self.start <= i < self.end and i not in self.skip and i not in self.markers else ""

    def parse(self) -> None:
        i = self.start
        while i < self.end:
            s = self.text(i)
            if not s:
                i += 1
            elif self._goal_heading(i) is not None:
                i = self.read_goal(i)
            elif table_header(s, self.report_year) is not None:
                i = self.read_table(i)
            elif ACTIVITY_HEAD_RE.match(s):
                i = self.read_activities(i)
            else:
                i += 1

    # --- goals --------------------------------------------------------------------------
    def _goal_heading(self, i: int) -> tuple[str, str | None, str, int] | None:
        """(level word, printed number, title, index of the title's line) of a goal heading at
        line i: "Mål 2: Fler …" on one line, or a level word with its number over the title
        ("NÄMNDMÅL 1.2" / "Biblioteken når fler invånare")."""
        s = self.text(i)
        m = GOAL_HEAD_RE.match(s)
        if m:
            title = m.group("title")
            # unnumbered, a title starts in capitals: "Verksamhetsmål och nämndmål" is a section heading
            return (m.group("word"), m.group("num"), title, i) if m.group("num") or _title_like(title) else None
        m = GOAL_KICKER_RE.match(s)
        if not m:
            return None
        k = i + 1
        while k < self.end and not self.text(k) and k - i <= 3:
            k += 1
        title = self.text(k) if k < self.end else ""
        if not title or not _title_like(title) or verdict_of(title) is not None or self._ends_part(title):
            return None
        return m.group("word"), m.group("num"), title, k

    def read_goal(self, i: int) -> int:
        """A goal heading and, within VERDICT_WINDOW lines, its verdict; then its analysis up to
        the next heading or table. A heading without a verdict is a section, not a goal."""
        word, num, title, at = self._goal_heading(i)
        if re.match(r"(?i)(kommunfullmäktiges|fullmäktiges|kf:s)\s", self.text(i)):
            word = "kf-mål"  # "Kommunfullmäktiges mål 1.1": the council's goal the nämndmål below serve
        title_lines, k, seen = [title], at + 1, 0
        verdict_at = None
        while k < self.end and seen < VERDICT_WINDOW:
            s = self.text(k)
            if s:
                if verdict_of(s) is not None:
                    verdict_at = k
                    break
                if self._ends_part(s):
                    break
                if len(title_lines) == 1 + seen and s[0].islower() and not title_lines[-1].endswith("."):
                    title_lines.append(s)  # a title broken over lines; a description (a sentence) is not
                seen += 1
            k += 1
        if verdict_at is None:
            self.current = None  # indicators below a section heading belong to no goal
            return i + 1
        verdict = re.sub(r"\s+", " ", verdict_of(self.text(verdict_at)))
        goal = Goal(self._goal_id(num), LEVEL_OF_WORD.get(word.lower(), "mål"), "", join_prose(title_lines), i + 1,
                    status=status_of(verdict), status_text=verdict)
        if "." in goal.id:
            parent = goal.id.rsplit(".", 1)[0]
            goal.parent = parent if any(g.id == parent for g in self.goals) else ""
        self.goals.append(goal)
        self.current = goal
        self.consumed.update(range(i + 1, verdict_at + 2))
        return self.read_analysis(verdict_at + 1, goal)

    def _goal_id(self, printed: str | None) -> str:
        if printed and re.fullmatch(r"\d+(\.\d+){0,3}", printed) and not any(g.id == printed for g in self.goals):
            return printed
        return f"N{len(self.goals) + 1}"

    def read_analysis(self, k: int, goal: Goal) -> int:
        while k < self.end:
            s = self.text(k)
            if s and self._ends_part(s, analysis_heading=False):  # "Analys" opens the analysis
                break
            if s and goal.analysis and self._part_heading(k):
                break
            if s and not ANALYS_RE.match(s):
                goal.analysis.append(self.lines[k])
                goal.analysis_lines.append(k + 1)
            k += 1
        return k

    def _part_heading(self, k: int) -> bool:
        """A short line after a blank one, in capitals and without a full stop ("Personal",
        "4 Framtid"): another part of the report begins, the goal's analysis has ended."""
        s = re.sub(r"^\d+(?:\.\d+)*\.?\s+(?=\D)", "", self.text(k))  # a numbered heading: "4 Personal"
        return bool(k > self.start and not self.text(k - 1) and len(s) <= 40 and len(s.split()) <= 4
                    and s[:1].isupper() and not s.endswith((".", ",", ":", ";", "!", "?"))
                    and not STATUS_RE.match(s) and not ANALYS_RE.match(s))

    # --- indicator tables ---------------------------------------------------------------
    def read_table(self, i: int) -> int:
        header = table_header(self.text(i), self.report_year)
        fields = column_fields(header, self.report_year)
        verdicts = "verdict" in fields
        fields = [f for f in fields if f != "verdict"]
        period, period_year = outcome_period(header, fields)
        self.consumed.add(i + 1)
        pending: list[int] = []  # name lines above a row's figures
        for k, s in self._lines_of_part(i + 1):
            verdict = ROW_VERDICT_RE.search(s) if verdicts else None
            name, tokens = _tail_tokens(s[: verdict.start()] if verdict else s)
            cells = _cells(tokens, len(fields)) if tokens else None
            # A row fills its columns (an empty cell printed "–") or prints at least two figures: a
            # name's own trailing number ("… 7-20 år", "… 2030") does not make its line a row.
            figures = len([c for c in cells if c is not None]) if cells is not None else 0
            if not tokens or (cells is not None and len(cells) < len(fields) and figures < min(2, len(fields))):
                if len(s) > 90 or (s.endswith(".") and len(s.split()) >= 6):
                    return k  # prose: the table has ended
                pending.append(k)
                continue
            name_lines = pending + [k] if (not name or name[0].islower()) else [k]
            full_name = join_fragments([self.lines[x] for x in pending] + [name + " "]) if name_lines[0] != k else name
            pending = []
            if cells is None:
                self.problems.append(self._problem(k + 1, "EXT001", row=s))
            else:
                self._add_row(full_name.strip(), name_lines[0], k, cells, fields, period, period_year, " ".join(tokens),
                              re.sub(r"\s+", " ", verdict.group(1)) if verdict else "")
            self.consumed.update(range(name_lines[0] + 1, k + 2))
        return self._stopped_at

    # --- activity tables ----------------------------------------------------------------
    def read_activities(self, i: int) -> int:
        """Rows of an activity table, each ending in its status ("… Försenad"); a row's text may
        begin on the lines above. A status of not done, late or stopped is a deviation."""
        self.consumed.add(i + 1)
        pending: list[int] = []
        for k, s in self._lines_of_part(i + 1):
            m = ACTIVITY_STATUS_RE.search(" " + s)
            if len(s) > 90 and not m:
                return k  # prose: the table has ended
            if not m:
                pending.append(k)
                continue
            first = pending[0] if pending else k
            text = join_prose([self.lines[x] for x in pending] + [(" " + s)[: m.start()]])
            status = re.sub(r"\s+", " ", m.group(1))
            deviating = DEVIATING_STATUS_RE.match(status) is not None
            if text:
                self.activities.append({
                    "goal": self.current.id if self.current else "", "text": text, "start": None, "end": None,
                    "deviation": deviating, "deviation_text": f"Status: {status}" if deviating else "",
                    "deviation_line": k + 1 if deviating else None, "line": first + 1, "end_line": k + 1,
                    "page": self.pages.get(first + 1), "copy": self.copy})
                self.consumed.update(range(first + 1, k + 2))
            pending = []
        return self._stopped_at

    def _lines_of_part(self, k: int):
        """(index, text) of the non-blank lines from k on, up to the line that starts another
        part; where they stopped is left in _stopped_at for the caller to go on from."""
        self._stopped_at = self.end
        while k < self.end:
            s = self.text(k)
            if s:
                if self._ends_part(s):
                    self._stopped_at = k
                    return
                yield k, s
            k += 1

    def _ends_part(self, s: str, analysis_heading: bool = True) -> bool:
        """A line that starts something else: a goal, a table, a verdict (an analysis)."""
        return bool(GOAL_HEAD_RE.match(s) or GOAL_KICKER_RE.match(s) or table_header(s, self.report_year) is not None
                    or (analysis_heading and ANALYS_RE.match(s)) or verdict_of(s) is not None
                    or ACTIVITY_HEAD_RE.match(s) or _section_heading(s))

    def _add_row(self, name: str, first: int, last: int, cells: list, fields: list[str], period: str,
                 period_year: int | None, raw: str, verdict: str = "") -> None:
        if not name:
            self.problems.append(self._problem(last + 1, "EXT004", row=raw))
            return
        percent_name = re.search(r"\(%\)|,\s*%$|\bi\s+%$|\bprocent\b", name, re.I) is not None
        if percent_name:  # "Andel … (%)": the unit is printed once, in the name
            cells = [c if c is None or c.unit else ind.Cell(c.raw, c.value, c.decimals, "%", c.kind) for c in cells]
        evidence = ind.evidence_for(name, self.kind)
        if len(cells) == len(fields):
            # every column printed (an empty one as "–"): the reading is positional and certain
            assignment = ind.Assignment({f: c for f, c in zip(fields, cells) if c is not None and f != "other"}, 0.0)
        elif "other" in fields:
            self.problems.append(self._problem(last + 1, "EXT005", row=self.text(last)))
            return
        else:
            assignment = ind.assign_cells([c for c in cells if c is not None], tuple(fields), evidence)
        row = {"goal": self.current.id if self.current else "", "name": name, "period": period,
               "scope": "stad" if evidence.city_wide else "nämnd",
               "period_year": period_year, "previous_year": None, "raw": raw,
               "line": first + 1, "value_line": last + 1, "end_line": last + 1, "page": self.pages.get(first + 1),
               "copy": self.copy, "status": status_of(verdict) if verdict else "", "status_text": verdict}
        row.update(assignment_columns(assignment, evidence))
        self.indicators.append(row)
