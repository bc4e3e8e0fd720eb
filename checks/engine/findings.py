"""Findings are plain data: what rule, about what, which numbers, where it was read.

The fingerprint is built from the rule and what the finding is about (goal id, indicator name,
table/section/item, the figures) — never from line numbers — so inserting a paragraph above
does not change it, and a finding present in both copies of the report is one finding with two
locations.
"""
from __future__ import annotations

import hashlib
import math
import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from granska.checks.numbers import PLAIN, format_number, format_year

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
CATEGORIES = ("budget", "indicator", "goal", "narrative", "copy", "extraction", "completeness", "input")


def slug(text: str, limit: int = 60) -> str:
    """"Antal färdigställda studentbostäder" -> "antal-fardigstallda-studentbostader"."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9.]+", "-", t).strip("-")
    return t[:limit].rstrip("-")


def figure_key(value: Any) -> str:
    """A figure in a finding's subject ("text/63,2"): the report's plain style, so that
    fingerprints do not change when the report's display format does."""
    return format_number(value, **PLAIN)


class _SafeFormatter(string.Formatter):
    """Message templates come from user YAML: only plain {name} fields, no attribute access,
    no indexing, no format specs that could be abused."""

    def get_field(self, field_name, args, kwargs):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", field_name):
            raise KeyError(field_name)
        # A field the finding does not carry is an empty cell of this row (an outcome printed
        # without a unit): it reads as nothing, not as a raw "{unit}" in the auditor's report.
        return kwargs.get(field_name, ""), field_name

    def format_field(self, value, format_spec):  # a spec is refused at load; never applied
        return format(value, "")

    def convert_field(self, value, conversion):
        return value


_FORMATTER = _SafeFormatter()


def template_fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


MESSAGE_TEXT_LIMIT = 160  # a message names what it is about; the full text is in values
# ... except a field that gives the reasoning the message exists to state (why a value was read
# as a target: checks.readers.indicators.reading_of), which is short by construction.
_REASONING = re.compile(r"(^|_)reading(_[a-z]{2})?$")
# Fields that hold a year or a line number: printed as digits, never grouped ("2017", not "2 017").
PLAIN_INTEGER = re.compile(r"(^|_)(year|line|entry|copy|page)$")
# A field quoted in a template, 'x' or "x": Swedish quotes ”x” in the Swedish report, “x” in English.
_QUOTED_FIELD = re.compile(r"""(?<![\w])['"](\{[A-Za-z_][A-Za-z0-9_]*\})['"](?![\w])""")
QUOTES = {"sv": ("\u201d", "\u201d"), "en": ("\u201c", "\u201d")}


def shown_value(key: str, value: Any, lang: str = "sv", decimals: int | None = None) -> Any:
    """A value as a message shows it: numbers in the one format (checks.numbers.format_number),
    years and line numbers as digits, long texts cut."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if PLAIN_INTEGER.search(key) and float(value).is_integer():
            return format_year(value)
        return format_number(value, decimals, lang)
    if isinstance(value, str) and len(value) > MESSAGE_TEXT_LIMIT and not _REASONING.search(key):
        return value[: MESSAGE_TEXT_LIMIT - 1].rstrip() + "…"
    return value


def quote_fields(template: str, lang: str) -> str:
    """'{status_text}' -> ”{status_text}” (sv): the report's quotes, whatever the pack wrote."""
    left, right = QUOTES.get(lang, QUOTES["en"])
    return _QUOTED_FIELD.sub(lambda m: left + m.group(1) + right, template)


def render_message(template: str, values: dict[str, Any], lang: str = "sv",
                   decimals: dict[str, int] | None = None) -> str:
    """The template with the values in lang's number format; decimals: per field, the number of
    decimals the report printed ("509,0", not "509")."""
    decimals = decimals or {}
    if lang != "sv":  # a field with a variant in this language ("parts_text_en") uses it
        values = {**values, **{k[: -len(lang) - 1]: v for k, v in values.items() if k.endswith("_" + lang)}}
    empty = [k for k, v in values.items() if v is None or v == ""]
    if empty:  # "(mål {goal})" with no goal: the parenthesis says nothing
        template = re.sub(r" ?\([^(){}]*\{(?:%s)\}\)" % "|".join(map(re.escape, empty)), "", template)
    try:
        text = _FORMATTER.vformat(quote_fields(template, lang), (),
                                  {k: shown_value(k, v, lang, decimals.get(k)) for k, v in values.items()})
    except (KeyError, ValueError, IndexError):
        text = template
    # An empty unit leaves "80  mot" or "(76,9 )", an empty section a leading ", Summa: …": tidy
    # what the empty field leaves behind.
    text = text.replace("””", "").replace("“”", "")  # a quoted field that is empty
    # (Linear: "\s*\(" tried at every space of a long run would be quadratic.)
    text = re.sub(r" ([),.:;])", r"\1", re.sub(r" {2,}", " ", re.sub(r"\(\s*\)", "", text))).strip()
    return re.sub(r"^[,;:]\s*", "", text)


@dataclass
class Finding:
    rule: str
    name: str
    severity: str
    category: str
    message: str
    message_en: str
    values: dict[str, Any]
    subject: str
    line: int | None
    page: int | None = None
    copy: int | None = None
    certain: bool = True
    evidence: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    state: str = "new"

    def __post_init__(self) -> None:
        if not self.fingerprint:
            self.fingerprint = make_fingerprint(self.rule, self.subject, self.values.get("_key", ""))
        self.values.pop("_key", None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "name": self.name, "severity": self.severity, "category": self.category,
            "message": self.message, "message_en": self.message_en, "values": _plain(self.values),
            "subject": self.subject, "line": self.line, "page": self.page, "copy": self.copy,
            "certain": self.certain, "evidence": _plain(self.evidence), "fingerprint": self.fingerprint,
            "state": self.state,
        }


def make_fingerprint(rule: str, subject: str, key: Any = "") -> str:
    digest = hashlib.sha256(f"{rule}|{subject}|{key}".encode()).hexdigest()[:8]
    return f"{rule}/{subject}/{digest}"


def _plain(obj: Any) -> Any:
    """JSON-safe copies: numpy scalars to Python, NaN to None, tuples to lists."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        try:
            obj = obj.item()
        except (ValueError, TypeError):
            return str(obj)
    if isinstance(obj, float):
        if math.isnan(obj) or math.isinf(obj):
            return None
        return round(obj, 6)
    return obj


def merge_copies(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint: the first copy's, with the other copies under also_at."""
    by_fp: dict[str, Finding] = {}
    order: list[str] = []
    for f in sorted(findings, key=lambda f: ((f.copy or 0) == 0, f.copy or 0, f.line or 0)):
        if f.fingerprint in by_fp:
            keep = by_fp[f.fingerprint]
            also = keep.evidence.setdefault("also_at", [])
            loc = {"line": f.line, "copy": f.copy, "page": f.page}
            if loc not in also and (f.line, f.copy) != (keep.line, keep.copy):
                also.append(loc)
            continue
        by_fp[f.fingerprint] = f
        order.append(f.fingerprint)
    out = [by_fp[k] for k in order]
    out.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.rule, f.line or 0))
    return out


# --- the words a report shows for a finding's fields and values -----------------------------

# A finding's values keep the rules' field names (code, English); a report shows them in words.
FIELD_WORDS: dict[str, tuple[str, str]] = {  # field -> (Swedish, English)
    "raw": ("Raden som tryckt", "The row as printed"),
    "start": ("Startdatum", "Start date"),
    "end": ("Slutdatum", "End date"),
    "target_text": ("Årsmål i ord", "Target in words"),
    "kf_target_text": ("KF:s årsmål i ord", "Council target in words"),
    "activity": ("Aktivitet", "Activity"),
    "actual": ("Utfall", "Actual"),
    "beyond": ("Skillnad utöver avrundning", "Difference beyond rounding"),
    "body": ("I rapporten", "In the report"),
    "body_line": ("Rad i rapporten", "Line in the report"),
    "budget": ("Budget", "Budget"),
    "cell": ("Cell", "Cell"),
    "check": ("Kontroll", "Check"),
    "child": ("Underliggande mål", "Child goal"),
    "child_status": ("Underliggande måls bedömning", "Child goal's verdict"),
    "child_status_text": ("Underliggande måls bedömning som tryckt", "Child goal's verdict as printed"),
    "child_title": ("Underliggande måls rubrik", "Child goal's title"),
    "claimed": ("I texten", "In the text"),
    "column": ("Kolumn", "Column"),
    "columns": ("Kolumner", "Columns"),
    "compared": ("Jämfört", "Compared"),
    "computed": ("Beräknat", "Computed"),
    "copy": ("Kopia", "Copy"),
    "copy_1": ("Kopia 1", "Copy 1"),
    "copy_2": ("Kopia 2", "Copy 2"),
    "cost_sign": ("Tecken (kostnad/intäkt)", "Sign (cost/revenue)"),
    "count": ("Antal", "Count"),
    "decimals": ("Decimaler", "Decimals"),
    "deviation": ("Avvikelse", "Deviation"),
    "deviation_summary": ("Avvikelsen i korthet", "The deviation in brief"),
    "deviation_text": ("Avvikelsetext", "Deviation text"),
    "difference": ("Skillnad", "Difference"),
    "direction": ("Riktning", "Direction"),
    "entry": ("Post", "Entry"),
    "example": ("Exempel", "Example"),
    "expected": ("Väntat", "Expected"),
    "field": ("Uppgift", "Item"),
    "file": ("Fil", "File"),
    "fingerprint": ("Fingeravtryck", "Fingerprint"),
    "first": ("I kopia 1", "In copy 1"),
    "from": ("Från", "From"),
    "goal": ("Mål", "Goal"),
    "hedge": ("Reservation", "Hedge"),
    "indicator": ("Indikator", "Indicator"),
    "item": ("Rad", "Row"),
    "keyword": ("Nyckelord", "Keyword"),
    "kf_target": ("KF:s årsmål", "Council target"),
    "kf_target_unit": ("KF-målets enhet", "Council target unit"),
    "kind": ("Rapporttyp", "Report kind"),
    "last_line": ("Sista raden", "Last line"),
    "left": ("Villkorets vänstra led", "Left side of the condition"),
    "level": ("Nivå", "Level"),
    "line": ("Rad", "Line"),
    "missing": ("Saknas", "Missing"),
    "name": ("Namn", "Name"),
    "outcome": ("Utfall", "Outcome"),
    "outcome_men": ("Utfall män", "Outcome men"),
    "outcome_women": ("Utfall kvinnor", "Outcome women"),
    "owner": ("Indikatorn hör till", "The indicator belongs to"),
    "page": ("Sida", "Page"),
    "parts": ("Delar", "Parts"),
    "parts_text": ("Delarna", "The parts"),
    "period": ("Period", "Period"),
    "period_year": ("Periodens år", "Period year"),
    "phrase": ("Fras", "Phrase"),
    "previous": ("Föregående", "Previous"),
    "previous_year": ("Föregående år", "Previous year"),
    "printed": ("Tryckt", "Printed"),
    "problem": ("Problem", "Problem"),
    "relation": ("Regelns villkor", "The rule's condition"),
    "report_year": ("Rapportår", "Report year"),
    "right": ("Villkorets högra led", "Right side of the condition"),
    "role": ("Roll", "Role"),
    "row": ("Rad", "Row"),
    "rule": ("Regel", "Rule"),
    "says": ("Villkoret i ord", "The condition in words"),
    "second": ("I den andra kopian", "In the other copy"),
    "section": ("Avsnitt", "Section"),
    "sentence": ("Mening", "Sentence"),
    "source": ("Källa", "Source"),
    "stated": ("Angivet", "Stated"),
    "status": ("Bedömning", "Verdict"),
    "status_text": ("Bedömning som tryckt", "Verdict as printed"),
    "subject": ("Avser", "Concerns"),
    "table": ("Tabell", "Table"),
    "table_value": ("I tabellen", "In the table"),
    "tables": ("Tabeller", "Tables"),
    "target": ("Årsmål", "Annual target"),
    "target_kind": ("Jämförs med", "Compared with"),
    "target_unit": ("Årsmålets enhet", "Target unit"),
    "text": ("Text", "Text"),
    "title": ("Titel", "Title"),
    "to": ("Till", "To"),
    "tolerance": ("Avrundningsmarginal", "Rounding allowance"),
    "total": ("Summa", "Total"),
    "uncertain_fields": ("Osäkra fält", "Uncertain fields"),
    "unit": ("Enhet", "Unit"),
    "until": ("Gäller till", "Valid until"),
    "value": ("Värde", "Value"),
    "values": ("Värden", "Values"),
    "verdict": ("Texten säger", "The text says"),
    "what": ("Avser", "Concerns"),
    "where": ("Var texten slutar", "Where the text ends"),
}
# Coded values shown in words: (field, value) -> (Swedish, English).
VALUE_WORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("direction", "higher"): ("högre är bättre", "higher is better"),
    ("direction", "lower"): ("lägre är bättre", "lower is better"),
    ("direction", "band"): ("inom ett intervall", "within a band"),
    ("direction", "unknown"): ("okänd", "unknown"),
    ("owner", "eget"): ("målet självt", "the goal itself"),
    ("verdict", "nåddes"): ("målet nåddes", "the target was reached"),
    ("verdict", "inte"): ("målet nåddes inte", "the target was not reached"),
    ("verdict", "delvis"): ("målet nåddes delvis", "the target was partly reached"),
}
for _f in ("status", "child_status"):
    VALUE_WORDS.update({
        (_f, "helt"): ("uppfylls helt", "fully met"), (_f, "delvis"): ("uppfylls delvis", "partly met"),
        (_f, "inte"): ("uppfylls inte", "not met"), (_f, "ej bedömd"): ("ej bedömd", "not assessed"),
        (_f, "saknas"): ("ingen bedömning", "no verdict"),
    })
VALUE_WORDS.update({("level", k): v for k, v in {
    "inriktningsmål": ("inriktningsmål", "direction goal"), "kf-mål": ("KF:s mål", "council goal"),
    "nämndmål": ("nämndmål", "board goal"), "mål": ("mål", "goal")}.items()})


def field_word(key: str, lang: str = "sv") -> str | None:
    """A field's name in words ("Årsmål", "Target"); None for a field without words."""
    words = FIELD_WORDS.get(key)
    return None if words is None else words[0 if lang == "sv" else 1]


def value_word(key: str, value: Any, lang: str = "sv") -> Any:
    """A coded value in words ("higher" -> "högre är bättre"); other values as they are. An
    owner "nämndmålet 1.4-N1" is already words (Swedish)."""
    words = VALUE_WORDS.get((key, str(value))) if isinstance(value, str) else None
    if words is not None:
        return words[0 if lang == "sv" else 1]
    if key == "owner" and lang != "sv" and isinstance(value, str) and value.startswith("nämndmålet "):
        return "board goal " + value.split(" ", 1)[1]
    return value
