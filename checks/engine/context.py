"""What a rule form sees while it runs: the document's tables per copy and a finding factory."""
from __future__ import annotations

import json
import math
from typing import Any

from granska.checks.document import Document
from granska.checks.engine.findings import Finding, render_message
from granska.checks.engine.intervals import Interval
from granska.checks.model import records
from granska.checks.numbers import decimals_of, find_numbers

UNCERTAIN_NOTE = {"sv": " (bygger på en osäker kolumntolkning)", "en": " (rests on an uncertain column assignment)"}


def missing(value: Any) -> bool:
    """None, NaN and pandas' NA are all an empty cell."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


class Context:
    def __init__(self, doc: Document):
        self.doc = doc
        self.year = doc.meta.get("year")
        self.kind = doc.meta.get("kind")  # report_kind: verksamhetsberättelse, tertialrapport, årsredovisning …
        self._cache: dict[tuple[str, int | None], Any] = {}
        copies = sorted({int(c) for t in doc.tables.values() if t is not None and "copy" in t for c in t["copy"].unique()})
        self.body_copies = [c for c in copies if c >= 1] or [1]
        # (rule code, copy) -> [subjects checked, subjects that failed]: what the coverage
        # reports. A form calls checked() once per subject it evaluates (a row, a sum, a goal, a
        # sentence); the findings it then makes fail that subject (once, however many).
        self.checks: dict[tuple[str, int | None], list[int]] = {}
        self._open: dict[str, tuple[int | None, bool]] = {}  # rule code -> (copy, failed) of its last subject

    def checked(self, rule, copy: int | None) -> None:
        """The rule is evaluated on one more subject of this copy (None: across copies)."""
        self.checks.setdefault((rule.code, copy), [0, 0])[0] += 1
        self._open[rule.code] = (copy, False)

    def _fail(self, code: str, copy: int | None) -> None:
        """A finding fails the subject last checked (once); a finding of no announced subject
        (the extraction form's problems) is a subject of its own."""
        if code in self._open:
            copy, failed = self._open[code]
            if failed:
                return
            self._open[code] = (copy, True)
        else:
            self.checks.setdefault((code, copy), [0, 0])[0] += 1
        self.checks.setdefault((code, copy), [0, 0])[1] += 1

    def rule_counts(self, code: str) -> tuple[int, int]:
        """(subjects checked, subjects failed) of a rule, counting the report once: the body copy
        with the most checks (the copies repeat the report), plus front matter and the checks
        across copies. Failed: the most of any copy, so a finding in one copy only still counts."""
        own = {copy: n for (c, copy), n in self.checks.items() if c == code}
        once = [n for copy, n in own.items() if not copy]
        body = [n for copy, n in own.items() if copy]
        checked = sum(n[0] for n in once) + max((n[0] for n in body), default=0)
        failed = sum(n[1] for n in once) + max((n[1] for n in body), default=0)
        return checked, min(failed, checked)

    def memo(self, key: tuple, build):
        """A value computed once per document (row environments are shared by many rules).
        Keys hold id() of rows that live in the records cache, so they stay valid."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def records(self, name: str, copy: int | None = None) -> list[dict]:
        """The table (or one copy of it) as a list of row dicts, built once per document: rules
        read rows, and DataFrame.to_dict per goal was the engine's hot spot. A copy's rows are
        the same dicts as the whole table's, so row environments memoised by id() are shared."""
        key = ("records:" + name, copy)
        if key not in self._cache:
            if copy is None:
                df = self.doc.tables.get(name)
                self._cache[key] = records(df) if df is not None else []
            else:
                self._cache[key] = [r for r in self.records(name) if r.get("copy", copy) == copy]
        return self._cache[key]

    def finding(self, rule, values: dict[str, Any], subject: str, line: int | None, copy: int | None,
                end_line: int | None = None, certain: bool = True, key: Any = "", excerpt: str | None = None,
                printed: dict[str, str | int] | None = None, at: int | None = None,
                page: int | None = None, compared: list[tuple[Any, Any]] | None = None,
                note: dict[str, str] | None = None) -> Finding:
        """printed: per figure of the message, its printed text ("6,0", not 6) or the number of
        decimals the report printed it with; the message shows the value with those decimals in
        the one number format. The values keep the numbers. at: the line of the figures the
        finding is about, when not its first line (an indicator's values under its name).
        compared: (first line, last line) of each other place whose figure the finding compares
        (the other table, the note): the reader sees both. note: what an uncertain finding's guess
        is ({"sv": …, "en": …}), when it is not the column assignment."""
        self._fail(rule.code, None if copy is None or missing(copy) else int(copy))
        severity = rule.severity
        if not certain and severity == "error":
            severity = "warning"  # a contradiction resting on a guess is at most a warning
        decimals = {k: (p if isinstance(p, int) else decimals_of(str(p))) for k, p in (printed or {}).items()
                    if p is not None and isinstance(values.get(k), (int, float)) and not isinstance(values.get(k), bool)}
        message = render_message(rule.message["sv"], values, "sv", decimals)
        message_en = render_message(rule.message["en"], values, "en", decimals)
        if not certain:
            message += (note or UNCERTAIN_NOTE)["sv"]
            message_en += (note or UNCERTAIN_NOTE)["en"]
        line = int(line) if line is not None and not missing(line) else None
        end = int(end_line) if end_line is not None and not missing(end_line) else line
        evidence: dict[str, Any] = {"lines": [line, end] if line else []}
        if line and self.doc.lines:
            evidence["excerpt"] = excerpt if excerpt is not None else self.doc.excerpt(line, end)
        elif excerpt:
            evidence["excerpt"] = excerpt
        if at is not None and not missing(at) and int(at) != line:
            evidence["at"] = {"line": int(at), "page": self.doc.pages.get(int(at))}
        for first, last in compared or []:
            if first is None or missing(first):
                continue
            first = int(first)
            last = int(last) if last is not None and not missing(last) else first
            place = {"line": first, "page": self.doc.pages.get(first)}
            if self.doc.lines:
                place["excerpt"] = self.doc.excerpt(first, last)
            evidence.setdefault("compared_at", []).append(place)
        values = {k: v for k, v in values.items() if not k.startswith("_") or k == "_key"}
        values["_key"] = key
        return Finding(rule=rule.code, name=rule.name, severity=severity, category=rule.category,
                       message=message, message_en=message_en, values=values, subject=subject, line=line,
                       page=page if page is not None else (self.doc.pages.get(line) if line else None), copy=copy,
                       certain=certain, evidence=evidence)


def printed_figures(row: dict) -> dict[str, str]:
    """An indicator row's figures as printed ("outcome" -> "6,8", "target" -> "6,0"): a band or
    words are left to the number the row holds."""
    cells = json.loads(row["cells"]) if row.get("cells") else {}
    out = {}
    for field, raw in cells.items():
        figs = find_numbers(str(raw), units=False)
        if len(figs) == 1 and "+/-" not in str(raw) and abs(figs[0].value - float(row.get(field) or 0)) < 1e-9:
            out[field] = figs[0].raw
    return out


def cell_interval(value: Any, decimals: int) -> Interval | None:
    if missing(value):
        return None
    return Interval.from_printed(float(value), int(decimals))


def indicator_env(row: dict, report_year: int | None, cells: dict[str, str] | None = None,
                  report_kind: str | None = None) -> dict[str, Any]:
    """Row values as the expression language sees them: printed figures become intervals."""
    cells = cells if cells is not None else (json.loads(row["cells"]) if row.get("cells") else {})
    env: dict[str, Any] = {}
    for k, v in row.items():
        if k in ("outcome", "outcome_men", "outcome_women", "previous", "target", "kf_target"):
            raw = cells.get(k, "")
            # A count ("35 st") and a target (a decision: "32" means 32) are exact; rounding
            # intervals are for measured amounts and rates (as in the status form's verdicts).
            exact = raw.rstrip().endswith("st") or k in ("target", "kf_target")
            env[k] = (None if missing(v) else Interval.exact(float(v))) if exact else cell_interval(v, decimals_of(raw))
        elif isinstance(v, float) and math.isnan(v):
            env[k] = None
        elif hasattr(v, "item") and not isinstance(v, str):
            env[k] = v.item()
        else:
            env[k] = None if missing(v) else v
    env["report_year"] = report_year
    env["report_kind"] = report_kind
    return env
