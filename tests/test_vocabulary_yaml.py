"""The user's vocabulary file is read as the rule packs are (checks.safe_yaml)."""
from __future__ import annotations

import pytest

from granska.checks.errors import RuleError
from granska.checks.readers import vocabulary


def test_the_built_in_vocabulary_reads_as_plain_yaml_reads_it():
    import yaml

    from granska.rules import RULES_DIR

    path = RULES_DIR / "vocabulary.yaml"
    assert vocabulary._read(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, why", [
    ("vocabulary:\n  empty_cells: &e ['-']\n  units: *e\n", "YAML-ankare"),
    ("vocabulary:\n  empty_cells: ['-']\n  empty_cells: ['x']\n", "två gånger"),
])
def test_anchors_and_repeated_keys_are_refused_with_the_line(tmp_path, text, why):
    path = tmp_path / "ord.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        vocabulary._read(path)
    assert why in str(err.value) and f"{path}:" in str(err.value)
