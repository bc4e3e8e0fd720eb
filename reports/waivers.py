"""Waivers: findings a person has accepted, with a reason and an end date.

The file is YAML, read with checks.safe_yaml (composed into nodes, never into Python objects,
so that values keep the text as written: ``goal: 1.10`` stays "1.10"; anchors, aliases and
foreign tags refused; at most 4 MB). Either a list or
``{waivers: [...]}``; each entry is

    - fingerprint: "GOL001/1.4/antal-fardigstallda-studentbostader/3f2a9c1e"
      reason: "..."  who: "..."  until: 2026-12-31
    - rule: GOL001
      goal: "1.4"            # or indicator: "Antal ..." or section: "SLK" (exactly one)
      source: stockholm-ks-vb-2017.txt   # optional: only this document
      reason: ...  who: ...  until: YYYY-MM-DD
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from granska.reports.common import finding_indicator
from granska.reports.errors import InputError

SELECTORS = ("goal", "indicator", "section")
ALLOWED = ("fingerprint", "rule", *SELECTORS, "source", "reason", "who", "until")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _norm_path(text: str) -> str:
    text = text.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


@dataclass(frozen=True)
class Waiver:
    path: str
    index: int            # 1-based entry number in the file
    line: int | None      # 1-based line where the entry starts
    reason: str
    who: str
    until: date
    fingerprint: str | None = None
    rule: str | None = None
    goal: str | None = None
    indicator: str | None = None
    section: str | None = None
    source: str | None = None
    expired: bool = False  # until < the `today` given to load_waivers

    def describe(self) -> str:
        if self.fingerprint:
            text = f"fingerprint {self.fingerprint}"
        else:
            key = next(k for k in SELECTORS if getattr(self, k) is not None)
            text = f"{self.rule} {key} {getattr(self, key)!r}"
        return text + (f" in {self.source}" if self.source else "")

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "who": self.who, "until": self.until.isoformat()}

    def matches(self, finding: dict[str, Any], source: str | None) -> bool:
        if self.source is not None:
            src = _norm_path(source or "")
            want = _norm_path(self.source)
            if src != want and not src.endswith("/" + want):
                return False
        if self.fingerprint is not None:
            return finding.get("fingerprint") == self.fingerprint
        if finding.get("rule") != self.rule:
            return False
        values = finding.get("values") or {}
        if self.goal is not None:
            return values.get("goal") is not None and str(values.get("goal")).strip() == self.goal
        if self.indicator is not None:
            indicator = finding_indicator(finding)
            return indicator is not None and _norm(indicator) == _norm(self.indicator)
        return values.get("section") is not None and _norm(values["section"]) == _norm(self.section)


def load_waivers(path: str | os.PathLike[str], today: date | None = None) -> list[Waiver]:
    """Read and validate a waiver file. Raises InputError naming the file and the entry."""
    import yaml  # PyYAML, only needed when waivers are used

    from granska.checks import safe_yaml

    path = os.fspath(path)
    today = today or date.today()
    try:
        text = safe_yaml.read_text(path, safe_yaml.MAX_WAIVER_BYTES)
    except InputError as exc:
        raise InputError(path, f"cannot read the waiver file: {exc.message}") from None
    try:  # no aliases or anchors (a 378-byte file once took minutes), no foreign tags
        root = safe_yaml.compose(text)
    except safe_yaml.YamlRefused as exc:
        where = f" at line {exc.line}" if exc.line else ""
        raise InputError(path, f"not valid YAML{where}: {exc.reason}") from None
    if root is None:
        return []
    _check_tags(path, root, yaml)
    if isinstance(root, yaml.MappingNode):
        keys = [k.value for k, _ in root.value]
        if keys != ["waivers"]:
            raise InputError(path, "expected a list of waivers, or a mapping with the single key 'waivers'")
        root = root.value[0][1]
        if isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null"):
            return []
    if not isinstance(root, yaml.SequenceNode):
        raise InputError(path, "expected a list of waivers")
    return [_entry(path, i, node, today, yaml) for i, node in enumerate(root.value, start=1)]


_TAGS = {"map", "seq", "str", "int", "float", "bool", "timestamp", "null"}


def _check_tags(path: str, node: Any, yaml: Any) -> None:
    """Only plain YAML: no application tags such as !!python/object."""
    prefix = "tag:yaml.org,2002:"
    if not (node.tag.startswith(prefix) and node.tag[len(prefix):] in _TAGS):
        raise InputError(path, f"unsupported YAML tag {node.tag!r} at line {node.start_mark.line + 1}")
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_tags(path, child, yaml)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_tags(path, key, yaml)
            _check_tags(path, value, yaml)


def _entry(path: str, index: int, node: Any, today: date, yaml: Any) -> Waiver:
    line = node.start_mark.line + 1

    def fail(message: str) -> InputError:
        return InputError(path, f"waiver {index} (line {line}): {message}")

    if not isinstance(node, yaml.MappingNode):
        raise fail("expected a mapping with reason, who, until and a selector")
    fields: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in ALLOWED:
            raise fail(f"unknown key {key!r} (allowed: {', '.join(ALLOWED)})")
        if key in fields:
            raise fail(f"key {key!r} given twice")
        if not isinstance(value_node, yaml.ScalarNode) or value_node.tag.endswith(":null"):
            raise fail(f"{key!r} must be a single value")
        value = " ".join(value_node.value.split()) if key != "reason" else value_node.value.strip()
        if not value:
            raise fail(f"{key!r} is empty")
        fields[key] = value
    for required in ("reason", "who", "until"):
        if required not in fields:
            raise fail(f"missing {required!r}")
    if not _DATE.fullmatch(fields["until"]):
        raise fail(f"'until' must be a date YYYY-MM-DD, not {fields['until']!r}")
    try:
        until = date.fromisoformat(fields["until"])
    except ValueError:
        raise fail(f"'until' is not a valid date: {fields['until']!r}") from None
    selectors = [k for k in SELECTORS if k in fields]
    if "fingerprint" in fields:
        if "rule" in fields or selectors:
            raise fail("give either 'fingerprint' or 'rule' with one of goal/indicator/section, not both")
    else:
        if "rule" not in fields or len(selectors) != 1:
            raise fail("needs 'fingerprint', or 'rule' with exactly one of goal, indicator, section")
    return Waiver(
        path=path, index=index, line=line, reason=fields["reason"], who=fields["who"], until=until,
        fingerprint=fields.get("fingerprint"), rule=fields.get("rule"), goal=fields.get("goal"),
        indicator=fields.get("indicator"), section=fields.get("section"), source=fields.get("source"),
        expired=until < today,
    )
