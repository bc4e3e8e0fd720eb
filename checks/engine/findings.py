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

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
CATEGORIES = ("budget", "indicator", "goal", "narrative", "copy", "extraction", "input")


def slug(text: str, limit: int = 60) -> str:
    """"Antal färdigställda studentbostäder" -> "antal-fardigstallda-studentbostader"."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9.]+", "-", t).strip("-")
    return t[:limit].rstrip("-")


def fmt_number(value: Any, decimals: int | None = None) -> str:
    """Swedish printing: 1950.2 -> "1 950,2", -42.5 -> "-42,5" (ASCII minus, so it can be searched)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if not isinstance(value, (int, float)):
        return str(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(4, len(repr(float(value)).split(".")[1].rstrip("0")) or 1)
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    return ("-" if value < 0 and text.strip("0, ") else "") + text


class _SafeFormatter(string.Formatter):
    """Message templates come from user YAML: only plain {name} fields, no attribute access,
    no indexing, no format specs that could be abused."""

    def get_field(self, field_name, args, kwargs):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", field_name):
            raise KeyError(field_name)
        # A field the finding does not carry is an empty cell of this row (an outcome printed
        # without a unit): it reads as nothing, not as a raw "{unit}" in the auditor's report.
        return kwargs.get(field_name, ""), field_name


_FORMATTER = _SafeFormatter()


def template_fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


MESSAGE_TEXT_LIMIT = 160  # a message names what it is about; the full text is in values


def _shown(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_number(value)
    if isinstance(value, str) and len(value) > MESSAGE_TEXT_LIMIT:
        return value[: MESSAGE_TEXT_LIMIT - 1].rstrip() + "…"
    return value


def render_message(template: str, values: dict[str, Any]) -> str:
    try:
        text = _FORMATTER.vformat(template, (), {k: _shown(v) for k, v in values.items()})
    except (KeyError, ValueError, IndexError):
        text = template
    # An empty unit leaves "80  mot" or "(76,9 )", an empty section a leading ", Summa: …": tidy
    # what the empty field leaves behind.
    text = re.sub(r" +([),.:;])", r"\1", re.sub(r" {2,}", " ", re.sub(r"\s*\(\s*\)", "", text))).strip()
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
