"""Test tooling (generators, renderers, comparisons): used by the tests, never shipped."""
