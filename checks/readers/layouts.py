"""The body layouts granska reads goals, indicators and activities in: registered here, in one place.

A layout is one module with a reader class built on `stockholm.BodyReader` (constructed with the
document's lines, the copy's start and end, its copy number, the line → page map, the page-marker
lines, the lines to skip, the report's year and the stripped lines; `parse()` fills goals,
indicators, activities, problems and `consumed`). For each copy of the body the layouts are tried
in this order and the first that finds a goal or an indicator reads it. A new layout is its module,
its line here and its test data (a fixture in rules/cases/fixtures/ or datasets/layouts/).
"""
from __future__ import annotations

from importlib import import_module

# (module, class, what the layout looks like): the more specific layouts first
LAYOUTS: tuple[tuple[str, str, str], ...] = (
    ("granska.checks.readers.stockholm", "RegionParser",
     "Stockholms stads VB: 'KF:s mål för verksamhetsområdet', verdict lines, indicator rows with KF:s årsmål"),
    ("granska.checks.readers.headed", "HeadedParser",
     "goal headings with a verdict ('Mål 1: …', 'Bedömning: Uppfyllt'), tables with a one-line header"),
)


def read_copy(lines: list[str], start: int, end: int, copy: int, pages: dict[int, int], markers: set[int],
              skip: set[int], year: int | None, stripped: list[str], kind: str):
    """The reader of the first layout that finds goals or indicators in this copy (else the last tried)."""
    reader = None
    for module, name, _ in LAYOUTS:
        cls = getattr(import_module(module), name)
        reader = cls(lines, start, end, copy, pages, markers, skip, year, stripped)
        reader.kind = kind
        reader.parse()
        if reader.goals or reader.indicators:
            return reader
    return reader
