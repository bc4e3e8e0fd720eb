"""Test-wide settings.

In CI (CI set) hypothesis runs derandomized: the same generated examples every run, so a
submission's CI result depends on the code, not on the draw. Locally each run explores new
examples, which is where new bugs are found (and then pinned by a test of their own).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite the expected messages in rules/cases/*.yaml from what the rules say now "
                          "(never which findings a case expects)")


SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "stockholm-ks-vb-2017.txt"


@pytest.fixture(scope="session")
def sample_doc():
    """The bundled sample read once for the whole run (tests only read it)."""
    from granska.checks.readers.text import read_text_file

    return read_text_file(SAMPLE)
