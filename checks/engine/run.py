"""Run rules on a document: every rule form over every copy, then merge the copies."""
from __future__ import annotations

from checks.document import Document
from checks.engine.context import Context
from checks.engine.findings import Finding, merge_copies
from checks.engine.forms import FORMS


def check_document(doc: Document, rules) -> list[Finding]:
    ctx = Context(doc)
    found: list[Finding] = []
    for rule in rules:
        found.extend(FORMS[rule.form].evaluate(rule, ctx))
    return merge_copies(found)
