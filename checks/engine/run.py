"""Run rules on a document: every rule form over every copy, then merge the copies."""
from __future__ import annotations

from granska.checks.document import Document
from granska.checks.engine.context import Context
from granska.checks.engine.findings import Finding, merge_copies
from granska.checks.engine.forms import FORMS


def check_document(doc: Document, rules, checks: dict[str, tuple[int, int]] | None = None) -> list[Finding]:
    """checks: filled with rule code -> (subjects checked, subjects failed), for the coverage."""
    ctx = Context(doc)
    found: list[Finding] = []
    for rule in rules:
        found.extend(FORMS[rule.form].evaluate(rule, ctx))
    if checks is not None:
        checks.update({rule.code: ctx.rule_counts(rule.code) for rule in rules})
    return merge_copies(found)
