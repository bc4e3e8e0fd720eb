"""Read the findings of an earlier granska/1 JSON report, to compare a new run against."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from granska.reports.errors import InputError

FORMAT = "granska/1"
_CODE = re.compile(r"^[A-Z]{3}[0-9]{3}(/|$)")
# A baseline is one earlier run's JSON: ~32 KB per document of the sample's size, so 64 MB holds
# ~2 000 documents. Reading it costs ~5x its size in memory and the HTML lists every resolved
# finding; a nightly batch compares runs with --history instead.
MAX_BYTES = 64 * 1024 * 1024
# The fields the gate and the renderers read from a baseline finding, and the JSON types they
# may have (null is allowed for all but fingerprint); anything else is carried as it is.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "rule": (str,), "name": (str,), "severity": (str,), "category": (str,), "message": (str,),
    "message_en": (str,), "subject": (str,), "values": (dict,), "evidence": (dict,), "line": (int,),
    "page": (int,), "copy": (int,), "certain": (bool,), "state": (str,), "waiver": (dict,),
}
_EVIDENCE_TYPES: dict[str, tuple[type, ...]] = {"lines": (list,), "excerpt": (str,), "also_at": (list,),
                                               "compared_at": (list,)}


@dataclass
class Baseline:
    """Fingerprints of an earlier run, with the findings behind them.

    ``by_fingerprint`` maps a fingerprint to the baseline findings carrying it (each a copy with
    ``"source"`` set to its document's source, or None for run-level findings). ``sources`` are
    the document sources the baseline covered; a current document whose source is among them is
    compared with that document only; any other document (a renamed file) with the baseline
    documents that are absent from the current run.
    """

    path: str = ""
    by_fingerprint: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sources: frozenset[str] = frozenset()

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self.by_fingerprint

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_fingerprint)

    def __len__(self) -> int:
        return len(self.by_fingerprint)

    def findings(self) -> Iterator[dict[str, Any]]:
        for group in self.by_fingerprint.values():
            yield from group

    def matches(self, fingerprint: str, source: str | None, current_sources: frozenset[str] = frozenset()) -> bool:
        """Whether a current finding (fingerprint, document source) was in the baseline.

        Same fingerprint in the same document; or, for a document the baseline did not cover,
        in a baseline document that is absent from the current run (a renamed file).
        """
        return any(same_place(source, b.get("source"), self.sources, current_sources)
                   for b in self.by_fingerprint.get(fingerprint, ()))

    @classmethod
    def from_fingerprints(cls, fingerprints: Iterable[str]) -> "Baseline":
        """A baseline known only by its fingerprints (matches any document)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for fp in map(str, fingerprints):
            entry: dict[str, Any] = {"fingerprint": fp, "source": None}
            if _CODE.match(fp):
                entry["rule"] = fp[:6]
            out[fp] = [entry]
        return cls(by_fingerprint=out)


def same_place(current: str | None, old: str | None, old_sources: frozenset[str],
                current_sources: frozenset[str]) -> bool:
    if current == old:
        return True
    return current not in old_sources and old not in current_sources


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read an earlier ``--json`` output. Raises InputError if it is not a granska/1 report."""
    from granska.checks.readers.source import read_bytes

    path = os.fspath(path)
    try:
        raw = read_bytes(path, limit=MAX_BYTES)
    except InputError as exc:
        raise InputError(path, f"cannot read the baseline: {exc.message}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not a granska JSON report (not JSON: {exc})") from None
    except RecursionError:
        raise InputError(path, "not a granska JSON report (nested too deeply)") from None
    del raw
    if not isinstance(data, dict) or data.get("schema") != FORMAT:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(path, f"not a granska/1 JSON report (schema: {found!r})")
    docs = data.get("documents")
    if not isinstance(docs, list):
        raise InputError(path, "not a granska/1 JSON report: 'documents' is not a list")

    by_fp: dict[str, list[dict[str, Any]]] = {}
    sources: set[str] = set()

    def take(findings: Any, source: str | None, where: str) -> None:
        if findings is None:
            return
        if not isinstance(findings, list):
            raise InputError(path, f"{where}.findings is not a list")
        for i, finding in enumerate(findings):
            fp = finding.get("fingerprint") if isinstance(finding, dict) else None
            if not isinstance(fp, str) or not fp:
                raise InputError(path, f"{where}.findings[{i}] has no fingerprint")
            _check_finding(path, finding, f"{where}.findings[{i}]")
            by_fp.setdefault(fp, []).append({**finding, "source": source})

    for d, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise InputError(path, f"documents[{d}] is not an object")
        if not isinstance(doc.get("source"), (str, type(None))):
            raise InputError(path, f"documents[{d}].source is not a string")
        source = str(doc.get("source") or "")
        sources.add(source)
        take(doc.get("findings"), source, f"documents[{d}]")
    take(data.get("findings"), None, "run")
    return Baseline(path=path, by_fingerprint=by_fp, sources=frozenset(sources))


def _check_finding(path: str, finding: dict[str, Any], where: str) -> None:
    """Each field the gate and the renderers read has its JSON type (so that, say, evidence given
    as a string is refused here, not found by the HTML after the other outputs were written)."""
    def wrong(key: str, want: tuple[type, ...]) -> InputError:
        names = {str: "a string", dict: "an object", list: "a list", int: "an integer", bool: "true or false"}
        return InputError(path, f"{where}.{key} must be {' or '.join(names[t] for t in want)} or null")

    for key, want in _FIELD_TYPES.items():
        value = finding.get(key)
        if value is not None and (not isinstance(value, want) or (int in want and isinstance(value, bool)
                                                                   and bool not in want)):
            raise wrong(key, want)
    for key, want in _EVIDENCE_TYPES.items():
        value = (finding.get("evidence") or {}).get(key)
        if value is not None and not isinstance(value, want):
            raise wrong(f"evidence.{key}", want)
    for k, place in enumerate((finding.get("evidence") or {}).get("also_at") or []):
        if not isinstance(place, dict):
            raise InputError(path, f"{where}.evidence.also_at[{k}] must be an object")
