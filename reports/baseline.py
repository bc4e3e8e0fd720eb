"""Read the findings of an earlier granska/1 JSON report, to compare a new run against."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reports.errors import InputError

FORMAT = "granska/1"
_CODE = re.compile(r"^[A-Z]{3}[0-9]{3}(/|$)")


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
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise InputError(path, f"cannot read the baseline: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not a granska JSON report (not JSON: {exc})") from None
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
            by_fp.setdefault(fp, []).append({**finding, "source": source})

    for d, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise InputError(path, f"documents[{d}] is not an object")
        source = str(doc.get("source") or "")
        sources.add(source)
        take(doc.get("findings"), source, f"documents[{d}]")
    take(data.get("findings"), None, "run")
    return Baseline(path=path, by_fingerprint=by_fp, sources=frozenset(sources))
