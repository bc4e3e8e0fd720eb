"""Rule forms: the few declarative shapes a YAML rule can take.

Each form module offers `compile(spec) -> dict` (check the spec at load time, raise ValueError
with the reason) and `evaluate(rule, ctx) -> list[Finding]`.
"""
from __future__ import annotations

from granska.checks.engine.forms import agree, arithmetic, chain, claim, completeness, consistency, copies, extraction, relation, required, status, sums, ties

FORMS = {
    "sum": sums,
    "relation": relation,
    "required": required,
    "status": status,
    "claim": claim,
    "copies": copies,
    "extraction": extraction,
    "completeness": completeness,
    "arithmetic": arithmetic,
    "chain": chain,
    "agree": agree,
    "consistency": consistency,
    "ties": ties,
}
