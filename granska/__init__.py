"""granska in a checkout: the namespace the installed wheel makes of `checks/`, `reports/` and
`rules/` (pyproject.toml maps them to granska.checks, granska.reports, granska.rules). Here the
three folders stay at the repository's root, where the design puts them, and this file makes
`import granska.checks` find them when Python runs from the root (tests, `python -m
granska.checks`, a PYTHONPATH of the checkout) without an install. It is not in the wheel."""
import os

__path__ = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
