"""YAML for rule packs, waivers and catalogues: plain data only, refused as it is read.

Rule packs and waiver files are written by people and have no use for YAML's object graph, so
what could make a small file expensive is refused with the line and the reason:
- anchors and aliases (`&a` / `*a`: a "billion laughs" of 400 bytes expands to gigabytes);
- a key given twice in one mapping (YAML would silently keep the last one);
- explicit tags other than the core ones (`!!python/object`, `!custom`);
- a file larger than its cap, or not UTF-8.
libyaml parses when it is installed; composing and constructing stay in Python, where the checks
are (4 ms for all the built-in packs, against 3 ms without them).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

LINE_KEY = "__line__"
CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
# Caps on the files people write: the built-in packs are 38 KB together.
MAX_RULE_BYTES = 1024 * 1024
MAX_WAIVER_BYTES = 4 * 1024 * 1024


class YamlRefused(ValueError):
    """Why the text is refused, and the 1-based line."""

    def __init__(self, reason: str, line: int | None):
        self.reason, self.line = reason, line
        super().__init__(f"line {line}: {reason}" if line else reason)


def read_text(path: Path, limit: int) -> str:
    """A YAML file's text (UTF-8, BOM allowed; empty is allowed); InputError naming the file."""
    from granska.checks.errors import InputError
    from granska.checks.readers.source import read_bytes

    data = read_bytes(Path(path), limit=limit, allow_empty=True)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"inte UTF-8 (byte {exc.start}; not UTF-8)") from None


_LOADERS: dict[bool, type] = {}


def _loader(line_numbers: bool) -> type:
    if line_numbers in _LOADERS:
        return _LOADERS[line_numbers]
    import yaml
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    try:
        from yaml.cyaml import CParser as Parser  # libyaml: the events, fast

        def init_parser(self, stream):
            Parser.__init__(self, stream)
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
            pass

        def init_parser(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

    class StrictLoader(Composer, Parser, SafeConstructor, Resolver):
        """Python's composer over the parser's events: refuses anchors, aliases and foreign tags
        before any node exists; the constructor refuses duplicate keys."""

        def __init__(self, stream):
            init_parser(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def compose_node(self, parent, index):
            event = self.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                raise YamlRefused(f"YAML-alias *{event.anchor} är inte tillåtet (YAML aliases are refused)", line)
            if getattr(event, "anchor", None):
                raise YamlRefused(f"YAML-ankare &{event.anchor} är inte tillåtet (YAML anchors are refused)", line)
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in CORE_TAGS:
                raise YamlRefused(f"YAML-taggen {tag} är inte tillåten (unsupported YAML tag)", line)
            return Composer.compose_node(self, parent, index)

    def construct_mapping(loader, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise YamlRefused("en mappning väntades (expected a mapping)", node.start_mark.line + 1)
        loader.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlRefused("en nyckel som inte är ett enkelt värde (unhashable key)",
                                  key_node.start_mark.line + 1) from None
            if key in mapping:
                raise YamlRefused(f"nyckeln {key!r} står två gånger (duplicate key)", key_node.start_mark.line + 1)
            mapping[key] = loader.construct_object(value_node, deep=deep)
        if line_numbers:
            mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping

    StrictLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    _LOADERS[line_numbers] = StrictLoader
    return StrictLoader


def _refusal(exc: Exception) -> YamlRefused:
    import yaml

    if isinstance(exc, YamlRefused):
        return exc
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return YamlRefused(f"inte giltig YAML: {' '.join(str(problem).split())}" if isinstance(exc, yaml.YAMLError)
                       else str(exc), mark.line + 1 if mark is not None else None)


def load(text: str, line_numbers: bool = True) -> Any:
    """The document as plain data (mappings carry LINE_KEY when line_numbers); YamlRefused."""
    return _run(text, line_numbers, lambda loader: loader.get_single_data())


def compose(text: str):
    """The document as YAML nodes (values keep their text as written), with the same refusals."""
    return _run(text, False, lambda loader: loader.get_single_node())


def _run(text: str, line_numbers: bool, read):
    import yaml

    loader = _loader(line_numbers)(text)
    try:
        return read(loader)
    except RecursionError:
        raise YamlRefused("för djupt nästlad (nested too deeply)", None) from None
    except (yaml.YAMLError, YamlRefused) as exc:
        raise _refusal(exc) from None
    finally:
        loader.dispose()


def strip_lines(obj: Any) -> Any:
    """The data without the LINE_KEY entries."""
    if isinstance(obj, dict):
        return {k: strip_lines(v) for k, v in obj.items() if k != LINE_KEY}
    if isinstance(obj, list):
        return [strip_lines(v) for v in obj]
    return obj
