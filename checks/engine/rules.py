"""Load YAML rule packs, check them before anything runs, and list them (the registry).

A pack is `pack: NAME` + `rules: [...]`. Each rule has code, name, severity, category, doc,
message {sv, en} and exactly one form key (sum, relation, required, status, claim, copies,
extraction). Everything is checked at load — unknown keys, tables, columns, bad expressions,
duplicate codes, unsafe message templates — and reported with file, line and reason.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from granska.checks.engine.findings import CATEGORIES, SEVERITIES
from granska.checks.errors import RuleError

RULE_KEYS = {"code", "name", "severity", "category", "doc", "message", "cases", "__line__"}
NAME_RE = re.compile(r"[a-z0-9åäö][a-z0-9åäö-]*\Z")


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    category: str
    doc: str
    message: dict[str, str]
    form: str
    spec: dict[str, Any]
    pack: str
    path: str
    line: int
    compiled: dict[str, Any] = field(default_factory=dict)

    def catalogue_entry(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "severity": self.severity, "category": self.category,
                "pack": self.pack, "doc": self.doc.strip(), "message": dict(self.message), "form": self.form}


def strip_lines(obj: Any) -> Any:
    from granska.checks.safe_yaml import strip_lines as strip

    return strip(obj)


CATALOGUE_KEYS = {"vocabulary", "directions"}  # a user's file with one of these extends a catalogue


def catalogue_of(data: Any) -> str | None:
    """'vocabulary' or 'directions' for a file that extends that catalogue (no `rules:`)."""
    if isinstance(data, dict) and "rules" not in data:
        keys = CATALOGUE_KEYS & set(data)
        if len(keys) == 1:
            return next(iter(keys))
    return None


def load_pack_file(path: Path, data: Any = None) -> list[Rule]:
    from granska.checks.engine.forms import FORMS
    from granska.checks.engine.pack_checks import check_code, check_template, read_pack

    if data is None:
        data = read_pack(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or "pack" not in data:
        raise RuleError(path, "en regelfil behöver 'pack: NAMN' och 'rules: [...]'", 1)
    unknown = set(data) - {"pack", "rules", "__line__", "description"}
    if unknown:
        raise RuleError(path, f"okänd nyckel {sorted(unknown)[0]!r} på packnivå", data.get("__line__"))
    pack = str(data["pack"])
    rules = []
    for raw in data["rules"]:
        line = raw.get("__line__") if isinstance(raw, dict) else None
        if not isinstance(raw, dict):
            raise RuleError(path, "varje regel ska vara en mappning", line)
        forms = [k for k in raw if k in FORMS]
        unknown = set(raw) - RULE_KEYS - set(FORMS)
        if unknown:
            raise RuleError(path, f"okänd nyckel {sorted(unknown)[0]!r} i regel {raw.get('code', '?')}", line)
        for key in ("code", "name", "severity", "category", "doc", "message"):
            if key not in raw:
                raise RuleError(path, f"regel {raw.get('code', '?')} saknar '{key}'", line)
        code = check_code(path, raw["code"], line)
        if not NAME_RE.match(str(raw["name"])):
            raise RuleError(path, f"{code}: namnet ska vara gemener med bindestreck", line)
        if raw["severity"] not in SEVERITIES:
            raise RuleError(path, f"{code}: severity ska vara en av {', '.join(SEVERITIES)}", line)
        if raw["category"] not in CATEGORIES:
            raise RuleError(path, f"{code}: category ska vara en av {', '.join(CATEGORIES)}", line)
        msg = raw["message"]
        if not isinstance(msg, dict) or not {"sv", "en"} <= set(msg):
            raise RuleError(path, f"{code}: message behöver både sv och en", line)
        for lang in ("sv", "en"):
            check_template(path, code, lang, msg[lang], msg.get("__line__") or line)
        if len(forms) != 1:
            raise RuleError(path, f"{code}: exakt en av {', '.join(sorted(FORMS))} krävs", line)
        form = forms[0]
        spec = raw[form]
        rule = Rule(code, str(raw["name"]), raw["severity"], raw["category"], str(raw["doc"]),
                    {"sv": str(msg["sv"]), "en": str(msg["en"])}, form, strip_lines(spec), pack, str(path), line or 0)
        try:
            rule.compiled = FORMS[form].compile(rule.spec)
        except RuleError:
            raise
        except ValueError as exc:
            raise RuleError(path, f"{code}: {exc}", (spec.get("__line__") if isinstance(spec, dict) else None) or line) from None
        rules.append(rule)
    return rules


CATALOGUES = {"directions.yaml", "vocabulary.yaml"}  # what readers consult; not rule packs


def builtin_pack_paths() -> list[Path]:
    from granska.rules import RULES_DIR

    return sorted(p for p in RULES_DIR.glob("*.yaml") if p.name not in CATALOGUES)


def expand_paths(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(x for x in p.glob("*.y*ml") if x.suffix in (".yaml", ".yml")))
        elif p.exists():
            out.append(p)
        else:
            raise RuleError(p, "regelfilen finns inte (no such rules file or folder)")
    return out


def load_rules(extra: list[str | Path] | None = None, select: list[str] | None = None,
               ignore: list[str] | None = None, builtin: bool = True) -> list[Rule]:
    """Built-in packs plus the user's; duplicate codes are an error; select/ignore by code
    or prefix ("BUD", "GOL00", "NAR003")."""
    from granska.checks.engine.pack_checks import read_pack

    paths = (builtin_pack_paths() if builtin else []) + expand_paths(extra or [])
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    catalogues: dict[str, list[Path]] = {key: [] for key in CATALOGUE_KEYS}
    for path in paths:
        data = read_pack(path)
        kind = catalogue_of(data)
        if kind:
            catalogues[kind].append(path)
            continue
        for rule in load_pack_file(path, data):
            if rule.code in seen:
                first = seen[rule.code]
                raise RuleError(path, f"regelkoden {rule.code} finns redan i {first.path}:{first.line}", rule.line)
            seen[rule.code] = rule
            rules.append(rule)
    use_catalogues(catalogues["vocabulary"], catalogues["directions"])
    return select_rules(rules, select, ignore)


def select_rules(rules: list[Rule], select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    """The rules --select names (all without it) less those --ignore names, by code or prefix."""
    if select:
        rules = [r for r in rules if any(r.code.startswith(s.strip().upper()) for s in select if s.strip())]
    if ignore:
        rules = [r for r in rules if not any(r.code.startswith(s.strip().upper()) for s in ignore if s.strip())]
    return rules


def use_catalogues(vocabulary_files: list[Path], direction_files: list[Path]) -> None:
    """The user's catalogue files, read now (an error names the file before any report is read)
    and consulted by the readers of this process: their entries come before the built-in ones."""
    from granska.checks import catalogue
    from granska.checks.readers import vocabulary

    vocabulary.use(vocabulary_files)
    catalogue.use_directions(direction_files)
    if vocabulary_files:
        vocabulary.vocabulary()
    if direction_files:
        catalogue.directions()


def rules_version(rules: list[Rule]) -> str:
    """A hash of the rule packs and the catalogues in use: a user's vocabulary changes what is read."""
    from granska.checks import catalogue
    from granska.checks.readers import vocabulary

    h = hashlib.sha256()
    for path in sorted({r.path for r in rules} | set(vocabulary.extra_files()) | set(catalogue.extra_files())):
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:12]
