"""Small YAML catalogues that readers consult (indicator directions)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from granska.checks.errors import RuleError
from granska.checks.model import DIRECTIONS


class UserFiles:
    """A catalogue's files given with --rules, whose entries come before the built-in ones for the
    rest of the process (the directions here, the vocabulary in checks.readers.vocabulary)."""

    def __init__(self, forget):
        self.paths: tuple[str, ...] = ()
        self._forget = forget  # what was read from the files before

    def use(self, paths) -> None:
        self.paths = tuple(str(p) for p in paths)
        self._forget()


_user = UserFiles(lambda: directions.cache_clear())
use_directions = _user.use


def extra_files() -> tuple[str, ...]:
    return _user.paths


@lru_cache(maxsize=4)
def directions(path: str | None = None) -> tuple[list[tuple[str, str]], str]:
    """The catalogue's entries (a user's files first) and its default direction."""
    from granska.rules import RULES_DIR

    if path:
        return _read_directions(Path(path))
    entries: list[tuple[str, str]] = []
    for extra in _user.paths:
        entries += _read_directions(Path(extra))[0]
    builtin, default = _read_directions(RULES_DIR / "directions.yaml")
    return entries + builtin, default


def read_catalogue(path: Path, what: str):
    """A catalogue file as plain data, read as the rule packs are (checks.safe_yaml: libyaml where
    it is installed, size-capped, no anchors, aliases or repeated keys); a file that cannot be read
    is a RuleError naming it ("kan inte läsa {what}: …")."""
    from granska.checks import safe_yaml
    from granska.checks.errors import InputError

    try:
        return safe_yaml.load(safe_yaml.read_text(path, safe_yaml.MAX_RULE_BYTES), line_numbers=False)
    except InputError as exc:
        raise RuleError(path, f"kan inte läsa {what}: {' '.join(exc.message.split())[:160]}") from None
    except safe_yaml.YamlRefused as exc:
        raise RuleError(path, f"kan inte läsa {what}: {exc.reason}", exc.line) from None


def _read_directions(p: Path) -> tuple[list[tuple[str, str]], str]:
    data = read_catalogue(p, "riktningskatalogen")
    entries = []
    for k, entry in enumerate(data.get("directions", []) if isinstance(data, dict) else []):
        if not isinstance(entry, dict) or "match" not in entry or entry.get("direction") not in DIRECTIONS:
            raise RuleError(p, f"post {k + 1}: behöver match och direction ({'/'.join(DIRECTIONS)})")
        entries.append(("".join(str(entry["match"]).lower().split()), entry["direction"]))
    return entries, data.get("default", "higher") if isinstance(data, dict) else "higher"


CEILING_WORDS = {"högst", "max", "max.", "maximalt", "under", "≤", "<", "mindre"}
FLOOR_WORDS = {"minst", "lägst", "min", "min.", "minimum", "över", "≥", ">", "mer"}


def direction_of(name: str, target_text: str = "", kf_target_text: str = "") -> str:
    """A target printed as a band ("+/- 1 %") is a band whatever the name; else the catalogue's
    first match, else its default."""
    if "+/-" in (target_text or "") or "+/-" in (kf_target_text or ""):
        return "band"
    for text in (target_text or "", kf_target_text or ""):  # "högst 10,0", "minst 2 500": the target says
        word = text.strip().split(" ")[0].lower() if text.strip() else ""
        if word in CEILING_WORDS:
            return "lower"
        if word in FLOOR_WORDS:
            return "higher"
    entries, default = directions()
    lower = "".join(name.lower().split())  # spaces ignored: a name broken mid-word still matches
    for match, direction in entries:
        if match in lower:
            return direction
    return default
