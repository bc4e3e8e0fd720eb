"""Everything about one rule, in one place (`granska rules CODE`, like `ruff rule CODE`).

Found, never typed: the Python that implements a rule is looked up from its form (FORMS → the
form module → the handler its spec selects from the module's HANDLERS, else `evaluate`) and the
functions of that module the handler calls; the cases are read from rules/cases/CODE.yaml and
the example is the finding the first failing case gives when it is run.
"""
from __future__ import annotations

import dis
import inspect
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from granska import checks

ROOT = Path(checks.__file__).resolve().parent.parent  # the repository (or site-packages) root
CALL_DEPTH = 2  # the handler, what it calls, and what those call: far enough to reach the decision

LABELS = {
    "sv": {"severity": "allvarlighet", "category": "kategori", "pack": "paket", "defined": "Definierad i",
           "message": "Meddelande", "form": "Form", "implemented": "Implementeras av", "calls": "anropar",
           "cases": "Fall", "no_cases": "inga fall", "finding": "fynd", "findings": "fynd", "none": "inget fynd",
           "line": "rad", "example": "Exempel", "from_case": "från fallet", "run": "Kör fallen",
           "no_example": "inget fall ger ett fynd att visa"},
    "en": {"severity": "severity", "category": "category", "pack": "pack", "defined": "Defined in",
           "message": "Message", "form": "Form", "implemented": "Implemented by", "calls": "calls",
           "cases": "Cases", "no_cases": "no cases", "finding": "finding", "findings": "findings",
           "none": "no finding", "line": "line", "example": "Example", "from_case": "from the case",
           "run": "Run the cases", "no_example": "no case gives a finding to show"},
}


@dataclass
class Function:
    name: str
    path: str  # relative to ROOT
    line: int
    doc: str
    depth: int  # 0: the handler; 1: called by it; …

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def relative(path: str | Path) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _function(fn: FunctionType, depth: int, module: ModuleType) -> Function:
    doc = inspect.getdoc(fn) or (inspect.getdoc(module) if depth == 0 else "") or ""
    return Function(fn.__name__, relative(inspect.getsourcefile(fn)), fn.__code__.co_firstlineno, doc, depth)


def handler_of(form_module: ModuleType, spec: dict[str, Any]) -> FunctionType:
    """The function that runs this spec: the HANDLERS entry one of its values names (status's
    `against`, claim's `kind`), else the form's evaluate."""
    handlers = getattr(form_module, "HANDLERS", {})
    for value in spec.values():
        if isinstance(value, str) and value in handlers:
            return handlers[value]
    return form_module.evaluate


def _called(fn: FunctionType, module: ModuleType) -> list[FunctionType]:
    """Functions of `module` that fn names as globals, in the order it first names them."""
    out: list[FunctionType] = []
    for ins in dis.get_instructions(fn):
        if ins.opname != "LOAD_GLOBAL":
            continue
        target = module.__dict__.get(str(ins.argval))
        if isinstance(target, FunctionType) and target.__module__ == module.__name__ and target not in out:
            out.append(target)
    return out


def implementation(rule) -> list[Function]:
    """The handler of the rule's form and, depth-first, the module's functions it calls."""
    from granska.checks.engine.forms import FORMS

    module = inspect.getmodule(FORMS[rule.form])
    handler = handler_of(module, rule.spec)
    seen = {handler}
    out = [_function(handler, 0, module)]

    def walk(fn: FunctionType, depth: int) -> None:
        if depth > CALL_DEPTH:
            return
        for callee in _called(fn, module):
            if callee in seen:
                continue
            seen.add(callee)
            out.append(_function(callee, depth, module))
            walk(callee, depth + 1)

    walk(handler, 1)
    return out


def summary(doc: str, limit: int = 110) -> str:
    """A docstring's first sentence (its first paragraph, cut at the first full stop)."""
    para = " ".join(doc.strip().split("\n\n")[0].split())
    first = para.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + ln if ln.strip() else prefix.rstrip() for ln in text.strip("\n").splitlines())


def _spec_yaml(spec: dict) -> str:
    import yaml

    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=100).strip()


def explain(rule, lang: str = "sv") -> str:
    """The text `granska rules CODE` prints."""
    from granska.checks.engine.cases import case_file, example, load_cases

    t = LABELS[lang]
    out = [f"{rule.code} {rule.name}",
           f"  {t['severity']}: {rule.severity} · {t['category']}: {rule.category} · {t['pack']}: {rule.pack}",
           f"  {t['defined']} {relative(rule.path)}:{rule.line}", "", rule.doc.strip(), "",
           f"{t['message']}:", f"  sv: {rule.message['sv']}", f"  en: {rule.message['en']}", "",
           f"{t['form']}: {rule.form}", _indent(_spec_yaml(rule.spec), "  "), ""]
    functions = implementation(rule)
    handler = functions[0]
    out += [f"{t['implemented']}: {handler.where}  {handler.name}()", _indent(handler.doc) if handler.doc else ""]
    callees = functions[1:]
    if callees:
        out.append(f"  {t['calls']}:")
        for fn in callees:
            first = summary(fn.doc)
            out.append(f"  {'  ' * fn.depth}{fn.name}()  {fn.where}" + (f"  — {first}" if first else ""))
    out.append("")
    path = case_file(rule.code)
    if not path.exists():
        out.append(f"{t['cases']}: {relative(path)} ({t['no_cases']})")
        return "\n".join(out).rstrip() + "\n"
    cases = load_cases(path)["cases"]
    out.append(f"{t['cases']}: {relative(path)}")
    for case in cases:
        expect = case.get("expect") or []
        lines = ", ".join(str(e["line"]) for e in expect)
        what = f"{len(expect)} {t['finding'] if len(expect) == 1 else t['findings']}, {t['line']} {lines}" if expect \
            else t["none"]
        out.append(f"  - {case['name']} ({what})")
    out.append(f"  {t['run']}: python -m pytest tests/test_rule_cases.py -k {rule.code}")
    out.append("")
    ex = example(rule.code, [rule])
    if ex is None:
        out.append(f"{t['example']}: {t['no_example']}")
    else:
        f = ex["finding"]
        out.append(f"{t['example']} ({t['from_case']} {ex['case']}, {relative(ex['report'])}):")
        out.append(f"  {f.rule} {f.severity}, {t['line']} {f.line}: {f.message if lang == 'sv' else f.message_en}")
        if f.evidence.get("excerpt"):
            out.append(_indent(f.evidence["excerpt"], "    | "))
    return "\n".join(out).rstrip() + "\n"
