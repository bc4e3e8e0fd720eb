"""The reading vocabulary (rules/vocabulary.yaml), compiled once, extensible by the user.

Every reader asks this module what a header, a row label, a unit, an empty cell or a colour
means; none keeps a word list of its own. A user's file with the top key `vocabulary:` adds
entries in front of the built-in ones (`use()`; the CLI passes such files from --rules).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from granska.checks.catalogue import UserFiles
from granska.checks.errors import RuleError


@dataclass(frozen=True)
class Vocabulary:
    columns: tuple[tuple[re.Pattern, str], ...]
    entities: tuple[tuple[re.Pattern, str], ...]
    units: tuple[tuple[re.Pattern, str], ...]
    rows: tuple[tuple[re.Pattern, str], ...]
    empty_cells: frozenset[str]
    furniture: tuple[re.Pattern, ...]
    table_kinds: tuple[tuple[re.Pattern, str], ...]
    statements: dict  # statement -> tuple[(pattern, key)]
    colours: dict  # name -> tuple[rgb]
    colour_verdicts: dict  # colour name -> verdict words

    def column_role(self, header: str) -> str:
        return _first(self.columns, header) or "other"

    def entity(self, header: str) -> str:
        return _first(self.entities, header) or ""

    def unit(self, text: str) -> str:
        return _first(self.units, text) or ""

    def row_role(self, label: str) -> str:
        return _first(self.rows, label.lower().lstrip("-–•·* ").strip()) or "other"

    def table_kind(self, title: str) -> str:
        return _first(self.table_kinds, title) or ""

    def statement_key(self, statement: str, label: str) -> str:
        return _first(self.statements.get(statement, ()), label.lower().lstrip("-–•·* ").strip()) or ""

    def is_furniture(self, text: str) -> bool:
        t = " ".join(text.lower().split())
        return any(p.search(t) for p in self.furniture)

    def colour_name(self, rgb: tuple[int, int, int]) -> str:
        """The nearest named colour, or "" when nothing is near (a grey rule, a photo)."""
        best, dist = "", 1e9
        for name, shades in self.colours.items():
            for shade in shades:
                d = sum((a - b) ** 2 for a, b in zip(rgb, shade)) ** 0.5
                if d < dist:
                    best, dist = name, d
        return best if dist <= 90 else ""


def _first(entries, text: str) -> str | None:
    low = " ".join(text.lower().split())
    for pattern, value in entries:
        if pattern.search(low):
            return value
    return None


_user = UserFiles(lambda: _load.cache_clear())
use = _user.use  # extend the vocabulary with these files (their entries first)


def extra_files() -> tuple[str, ...]:
    return _user.paths


def vocabulary() -> Vocabulary:
    return _load(_user.paths)


def _read(path: Path) -> dict:
    """The file as plain data, read as the rule packs are (checks.safe_yaml: libyaml where it is
    installed, no anchors, aliases or repeated keys)."""
    from granska.checks.catalogue import read_catalogue

    data = read_catalogue(path, "vokabulären")
    if isinstance(data, dict) and "vocabulary" in data:
        data = data["vocabulary"]
    if not isinstance(data, dict):
        raise RuleError(path, "vokabulären ska vara en mappning")
    return data


def _patterns(path, entries, value_key: str) -> list[tuple[re.Pattern, str]]:
    out = []
    for k, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or "match" not in entry or value_key not in entry:
            raise RuleError(path, f"post {k + 1}: behöver match och {value_key}")
        try:
            out.append((re.compile(str(entry["match"])), str(entry[value_key])))
        except re.error as exc:
            raise RuleError(path, f"post {k + 1}: ogiltigt mönster {entry['match']!r}: {exc}") from None
    return out


@lru_cache(maxsize=4)
def _load(extra: tuple[str, ...]) -> Vocabulary:
    from granska.rules import RULES_DIR

    sources = [(Path(p), _read(Path(p))) for p in extra] + [(RULES_DIR / "vocabulary.yaml", _read(RULES_DIR / "vocabulary.yaml"))]
    columns, entities, units, rows, kinds, furniture = [], [], [], [], [], []
    empty: set[str] = set()
    statements: dict[str, list] = {}
    colours: dict[str, list] = {}
    colour_verdicts: dict[str, str] = {}
    for path, data in sources:
        columns += _patterns(path, data.get("columns"), "role")
        entities += _patterns(path, data.get("entities"), "entity")
        units += _patterns(path, data.get("units"), "unit")
        rows += _patterns(path, data.get("rows"), "role")
        kinds += _patterns(path, data.get("table_kinds"), "kind")
        empty |= {str(w).lower() for w in data.get("empty_cells") or []}
        for pattern in data.get("page_furniture") or []:
            furniture.append(re.compile(str(pattern)))
        for name, entries in (data.get("statements") or {}).items():
            statements.setdefault(str(name), []).extend(_patterns(path, entries, "key"))
        for name, shades in (data.get("colours") or {}).items():
            colours.setdefault(str(name), []).extend(tuple(int(c) for c in s) for s in shades)
        for name, verdict in (data.get("colour_verdicts") or {}).items():
            colour_verdicts.setdefault(str(name).lower(), str(verdict))
    return Vocabulary(tuple(columns), tuple(entities), tuple(units), tuple(rows), frozenset(empty), tuple(furniture),
                      tuple(kinds), {k: tuple(v) for k, v in statements.items()},
                      {k: tuple(v) for k, v in colours.items()}, colour_verdicts)
