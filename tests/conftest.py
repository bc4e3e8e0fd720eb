"""Test-wide settings.

In CI (CI set) hypothesis runs derandomized: the same generated examples every run, so a
submission's CI result depends on the code, not on the draw. Locally each run explores new
examples, which is where new bugs are found (and then pinned by a test of their own).
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
