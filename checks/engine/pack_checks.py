"""What a rule pack must be before any rule is built from it (used by checks.engine.rules).

A pack is read with checks.safe_yaml (no aliases or anchors, no duplicate keys, at most
MAX_RULE_BYTES); a code is three ASCII capitals and three ASCII digits; a message template holds
plain `{name}` fields only — no format spec (`{name:>300000}` padded every finding), no
conversion (`{name!r}`), no attribute or index — and at most TEMPLATE_MAX characters. Every
refusal is a RuleError naming the file, the line and the reason.
"""
from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from granska.checks.errors import RuleError

CODE = re.compile(r"[A-Z]{3}[0-9]{3}")
FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TEMPLATE_MAX = 1000


def read_pack(path: Path) -> Any:
    """The pack file as data with line numbers (safe_yaml.LINE_KEY)."""
    from granska.checks import safe_yaml
    from granska.checks.errors import InputError

    try:
        text = safe_yaml.read_text(path, safe_yaml.MAX_RULE_BYTES)
    except InputError as exc:
        raise RuleError(path, exc.message) from None
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlRefused as exc:
        raise RuleError(path, exc.reason, exc.line) from None


def check_code(path: Path, value: Any, line: int | None) -> str:
    code = value if isinstance(value, str) else str(value)
    if not (isinstance(value, str) and CODE.fullmatch(code)):
        raise RuleError(path, f"regelkoden {code!r} ska vara tre versaler A–Z och tre siffror 0–9 (t.ex. BUD001)", line)
    return code


def check_template(path: Path, code: str, lang: str, template: Any, line: int | None) -> None:
    text = str(template)
    where = f"{code}: message.{lang}"
    if len(text) > TEMPLATE_MAX:
        raise RuleError(path, f"{where} är längre än {TEMPLATE_MAX} tecken (template too long)", line)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:  # "Single '}' encountered", an unclosed "{"
        raise RuleError(path, f"{where}: trasig mall: {exc} (write {{{{ and }}}} for braces)", line) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not FIELD.fullmatch(name):
            raise RuleError(path, f"{where}: meddelandefältet {{{name}}} är inte ett enkelt namn (only {{name}})", line)
        if spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise RuleError(path, f"{where}: {shown} har formatering; bara {{{name}}} är tillåtet "
                                  f"(no format spec or conversion)", line)
