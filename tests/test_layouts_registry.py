"""Body layouts are registered in one place (checks/readers/layouts.py) and each reads its kind."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest

from granska.checks.readers import layouts, read_document
from granska.checks.readers import text as text_reader
from granska.checks.readers.stockholm import BodyReader

ROOT = Path(__file__).resolve().parents[1]
# one document in each registered layout
EXAMPLES = {"RegionParser": ROOT / "datasets" / "stockholm-ks-vb-2017.txt",
            "HeadedParser": ROOT / "rules" / "cases" / "fixtures" / "headed.txt"}


def test_every_layout_is_a_body_reader_with_an_example():
    names = [name for _, name, _ in layouts.LAYOUTS]
    assert len(names) == len(set(names))
    for module, name, what in layouts.LAYOUTS:
        assert issubclass(getattr(import_module(module), name), BodyReader) and what
    assert set(names) == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_layout_reads_its_example(name, monkeypatch):
    used = []

    def spy(*args, **kwargs):
        reader = layouts.read_copy(*args, **kwargs)
        used.append(type(reader).__name__)
        return reader

    monkeypatch.setattr(text_reader, "read_copy", spy)
    doc = read_document(EXAMPLES[name])
    assert used and set(used) == {name}
    assert len(doc.tables["goals"]) > 0
