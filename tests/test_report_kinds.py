"""The kind and year of a report from its first lines (checks/readers/metadata.py): the kinds a
kommun publishes, each with the year its title prints, never a print date's."""
from __future__ import annotations

import pytest

from granska.checks import model
from granska.checks.readers.metadata import read_metadata


@pytest.mark.parametrize("title, kind, year", [
    ("Månadsuppföljning april 2025", "månadsrapport", 2025),
    ("Månadsrapport februari 2024", "månadsrapport", 2024),
    ("Tertialrapport 2 2025", "tertialrapport", 2025),
    ("Delårsrapport januari–augusti 2025", "delårsrapport", 2025),
    ("Årsredovisning 2025", "årsredovisning", 2025),
    ("Verksamhetsberättelse 2025", "verksamhetsberättelse", 2025),
])
def test_the_title_names_the_kind_and_the_year(title, kind, year):
    meta = read_metadata([title, "Vård- och omsorgsnämnden, Lövsta kommun", "Utskriftsdatum: 2026-01-29"])
    assert (meta["kind"], meta["year"]) == (kind, year)
    assert meta["kind"] in model.DOCUMENT_KINDS
