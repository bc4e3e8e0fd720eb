"""The rule-expression language: a tiny, closed grammar evaluated over one table row.

Rules are data, never code: the text is read by our own tokenizer and recursive-descent
parser (no eval/exec/compile, no `ast`, no DataFrame.query), and everything outside the
grammar below is rejected at parse time with ExprError(message, position).

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [ ("=="|"!="|"<"|"<="|">"|">=") sum
                      | ["not"] "in" "[" STRING ("," STRING)* "]" ]
    sum        := product (("+"|"-") product)*
    product    := unary (("*"|"/") unary)*
    unary      := ("-"|"+") unary | primary
    primary    := NUMBER | STRING | NAME | FUNC "(" expr ("," expr)* ")" | "(" expr ")"

NUMBER uses dot decimals ("1.5"): commas separate function arguments. STRING is '...' or
"..." without escapes. NAME is letters (å ä ö included), digits and "_", not starting with a
digit or "__". FUNC is one of abs, min, max, sum, present, coalesce, met. Comparisons do not chain
(`a < b < c` is an error: write `a < b and b < c`).

met(outcome, target, direction) asks whether an outcome reached its target, with the same
rounding semantics as the comparisons (target_met): "higher" (at least the target), "lower"
(at most), "band" (|outcome| within the target, a half-width), "point" (equal within rounding:
both over- and undershooting miss), "unknown" (no verdict: None).

Values: Interval (a printed figure), int/float (exact), str, bool, None (missing; float NaN
counts as missing too). Arithmetic yields Interval, or None when an operand is missing or a
divisor may be 0. Comparisons of intervals ask whether the printed figures COULD satisfy the
relation given rounding (`==`: the intervals meet; `<`: a.lo < b.hi; ...), and `!=` is
`not ==`. Strings and bools compare exactly with == and != only. and/or/not are Kleene
three-valued logic with None as unknown. Type errors (e.g. "st" + 1) raise ExprError at
evaluation, with the position of the offending sub-expression.
"""
from __future__ import annotations

import keyword
import math
import numbers
import re
import unicodedata
from typing import Any, Callable, Iterator, Mapping

from granska.checks.model import DIRECTIONS  # which way an outcome must lie from its target: met()

from .intervals import Interval, could_be_less, gap, max_of, meets, min_of, sum_of

MAX_LENGTH = 2000
MAX_DEPTH = 50

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
WORDS = ("and", "or", "not", "in")
# name -> (min args, max args or None for any number)
FUNCTIONS = {"abs": (1, 1), "present": (1, 1), "min": (1, None), "max": (1, None),
             "sum": (1, None), "coalesce": (1, None), "met": (3, 3)}



class ExprError(Exception):
    """A rule expression that cannot be parsed or evaluated. position: 0-based offset."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message, position)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return f"position {self.position}: {self.message}"


# -- tokens -------------------------------------------------------------------------------
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")   # ASCII digits only: "²".isdigit() is True
_DIGITS = "0123456789"


def _is_name_char(ch: str) -> bool:
    return ch.isalpha() or ch == "_" or ch in _DIGITS


def _tokenize(text: str) -> list[tuple[str, Any, int]]:
    """(kind, value, position) with kind in num, str, name, op, end."""
    tokens: list[tuple[str, Any, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _DIGITS:
            m = _NUMBER.match(text, i)
            end = m.end()
            if end < n and (_is_name_char(text[end]) or text[end] == "."):
                raise ExprError("malformed number (decimals use '.', e.g. 1.5)", i)
            value = float(m.group())
            if not math.isfinite(value):
                raise ExprError("number too large", i)
            tokens.append(("num", value, i))
            i = end
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and _is_name_char(text[j]):
                j += 1
            word = text[i:j]
            if word.startswith("__"):
                raise ExprError(f"names starting with '__' are not allowed: {word!r}", i)
            if word in WORDS:
                tokens.append(("op", word, i))
            elif keyword.iskeyword(word):   # lambda, import, None ...: a clearer message
                raise ExprError(f"{word!r} is not part of the rule language", i)
            else:
                tokens.append(("name", word, i))
            i = j
        elif ch in "\"'":
            j = text.find(ch, i + 1)
            if j < 0 or "\n" in text[i:j]:
                raise ExprError("unterminated string", i)
            tokens.append(("str", text[i + 1:j], i))
            i = j + 1
        elif text.startswith("**", i):
            raise ExprError("'**' is not supported", i)
        elif text[i:i + 2] in COMPARISONS:
            tokens.append(("op", text[i:i + 2], i))
            i += 2
        elif ch in "+-*/<>()[],":
            tokens.append(("op", ch, i))
            i += 1
        elif ch == "=":
            raise ExprError("use '==' to compare "
                            "(assignment and keyword arguments are not allowed)", i)
        elif ch == ".":
            last = tokens[-1] if tokens else ("end", None, 0)
            after_value = last[0] in ("name", "str") or last[1] in (")", "]")
            raise ExprError("attribute access is not allowed" if after_value
                            else "numbers need digits before '.'", i)
        else:
            raise ExprError(f"unexpected character {ch!r}", i)
    tokens.append(("end", None, n))
    return tokens


# -- syntax tree --------------------------------------------------------------------------
# Each node knows its source position (for error messages) and how to evaluate itself.
# Chains of + - and * / and of and/or are n-ary nodes evaluated in a loop, so a long flat
# sum does not make a deep tree: tree depth is bounded by MAX_DEPTH nesting levels.

Env = Mapping[str, object]


class Node:
    pos: int

    def compute(self, env: Env) -> object:
        raise NotImplementedError

    def children(self) -> Iterator[Node]:
        return iter(())


class Const(Node):
    def __init__(self, value: object, pos: int):
        self.value, self.pos = value, pos

    def compute(self, env: Env) -> object:
        return self.value


class Name(Node):
    def __init__(self, name: str, pos: int):
        self.name, self.pos = name, pos

    def compute(self, env: Env) -> object:
        if self.name not in env:
            raise ExprError(f"no value for {self.name!r}", self.pos)
        return _normalise(env[self.name], self)


class Arith(Node):
    """first (op operand)*, left-associative: 1 - 2 - 3 == (1 - 2) - 3."""

    def __init__(self, first: Node, rest: list[tuple[str, Node]], pos: int):
        self.first, self.rest, self.pos = first, rest, pos

    def children(self) -> Iterator[Node]:
        yield self.first
        yield from (node for _, node in self.rest)

    def compute(self, env: Env) -> object:
        acc = _number(self.first.compute(env), self.first)
        for op, node in self.rest:
            # evaluated even when acc is already None, so that type errors still surface
            value = _number(node.compute(env), node)
            if acc is None or value is None:
                acc = None
                continue
            acc = _no_overflow(node, lambda: _OPS[op](acc, value))
        return acc


_OPS: dict[str, Callable[[Interval, Interval], Interval | None]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b,
    "*": lambda a, b: a * b, "/": lambda a, b: a / b}   # / gives None for a divisor that may be 0


class Sign(Node):
    """Unary minus or plus; plus still insists on a number: +"st" is as wrong as -"st"."""

    def __init__(self, op: str, operand: Node, pos: int):
        self.op, self.operand, self.pos = op, operand, pos

    def children(self) -> Iterator[Node]:
        yield self.operand

    def compute(self, env: Env) -> object:
        value = _number(self.operand.compute(env), self.operand)
        if value is None:
            return None
        return -value if self.op == "-" else value


class Not(Node):
    def __init__(self, operand: Node, pos: int):
        self.operand, self.pos = operand, pos

    def children(self) -> Iterator[Node]:
        yield self.operand

    def compute(self, env: Env) -> object:
        value = _truth(self.operand.compute(env), self.operand)
        return None if value is None else not value


class Logic(Node):
    """Kleene and/or: a decisive operand (False for and, True for or) wins over unknown."""

    def __init__(self, op: str, operands: list[Node], pos: int):
        self.op, self.operands, self.pos = op, operands, pos

    def children(self) -> Iterator[Node]:
        yield from self.operands

    def compute(self, env: Env) -> object:
        decisive = self.op == "or"          # True decides `or`, False decides `and`
        unknown = False
        for node in self.operands:
            value = _truth(node.compute(env), node)
            if value is None:
                unknown = True
            elif value is decisive:
                return decisive              # short-circuit is sound in Kleene logic
        return None if unknown else not decisive


class Compare(Node):
    def __init__(self, op: str, left: Node, right: Node, pos: int):
        self.op, self.left, self.right, self.pos = op, left, right, pos

    def children(self) -> Iterator[Node]:
        yield self.left
        yield self.right

    def compute(self, env: Env) -> object:
        return self.decide(self.left.compute(env), self.right.compute(env))

    def decide(self, a: object, b: object) -> bool | None:
        if a is None or b is None:
            return None
        if isinstance(a, Interval) and isinstance(b, Interval):
            return {"==": lambda: meets(a, b), "!=": lambda: not meets(a, b),
                    "<": lambda: could_be_less(a, b), "<=": lambda: could_be_less(a, b, True),
                    ">": lambda: could_be_less(b, a), ">=": lambda: could_be_less(b, a, True),
                    }[self.op]()
        if type(a) is type(b) and isinstance(a, (str, bool)):
            if self.op not in ("==", "!="):
                raise ExprError(f"{_kind(a)} values can only be compared with == and !=", self.pos)
            return (a == b) == (self.op == "==")
        raise ExprError(f"cannot compare {_kind(a)} with {_kind(b)}", self.pos)


class In(Node):
    def __init__(self, left: Node, options: list[str], negate: bool, pos: int):
        self.left, self.options, self.negate, self.pos = left, options, negate, pos

    def children(self) -> Iterator[Node]:
        yield self.left

    def compute(self, env: Env) -> object:
        value = self.left.compute(env)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ExprError(f"'in' needs a text value, got {_kind(value)}", self.pos)
        return (value in self.options) != self.negate


class Call(Node):
    def __init__(self, fn: str, args: list[Node], pos: int):
        self.fn, self.args, self.pos = fn, args, pos

    def children(self) -> Iterator[Node]:
        yield from self.args

    def compute(self, env: Env) -> object:
        values = [node.compute(env) for node in self.args]
        if self.fn == "present":
            return values[0] is not None
        if self.fn == "coalesce":
            return next((v for v in values if v is not None), None)
        if self.fn == "met":
            direction = values[2]
            if direction is not None and direction not in DIRECTIONS:
                raise ExprError(f"met(): direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}",
                                self.args[2].pos)
            outcome, target = _number(values[0], self.args[0]), _number(values[1], self.args[1])
            return target_met(outcome, target, direction)
        numbers_ = [_number(v, node) for v, node in zip(values, self.args)]
        if any(v is None for v in numbers_):
            return None
        fn = {"abs": lambda: abs(numbers_[0]), "min": lambda: min_of(*numbers_),
              "max": lambda: max_of(*numbers_), "sum": lambda: sum_of(numbers_)}[self.fn]
        return _no_overflow(self, fn)


def target_met(outcome: Interval | None, target: Interval | None, direction: str | None) -> bool | None:
    """Did the outcome reach the target, given rounding? The one definition of "met", shared by
    the rules' met() and the goal verdicts (checks.engine.forms.status).

    As everywhere in the grammar a printed figure is an interval, and the question is whether
    the true values COULD satisfy the relation: "higher" outcome >= target, "lower" outcome <=
    target, "band" |outcome| <= target (the band's half-width), "point" outcome == target (the
    intervals meet; a point target is missed by a deviation either way). "unknown" direction,
    or a missing figure, gives None: no verdict.
    """
    if outcome is None or target is None or direction in (None, "unknown"):
        return None
    if direction == "higher":
        return could_be_less(target, outcome, True)
    if direction == "lower":
        return could_be_less(outcome, target, True)
    if direction == "band":
        return could_be_less(abs(outcome), target, True)
    if direction == "point":
        return meets(outcome, target)
    raise ValueError(f"unknown direction {direction!r}")


# -- value helpers ------------------------------------------------------------------------
def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a truth value"
    if isinstance(value, Interval):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _normalise(value: object, node: Node) -> object:
    """Env value -> Interval | str | bool | None. Plain numbers are exact; NaN is missing."""
    if value is None or isinstance(value, (Interval, str, bool)):
        return value
    if isinstance(value, numbers.Real):       # int, float, numpy numbers
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise ExprError(f"infinite value for {getattr(node, 'name', '?')!r}", node.pos)
        return Interval.exact(number)
    raise ExprError(f"unsupported value {value!r} for {getattr(node, 'name', '?')!r}", node.pos)


def _number(value: object, node: Node) -> Interval | None:
    if value is None or isinstance(value, Interval):
        return value
    raise ExprError(f"expected a number, got {_kind(value)}", node.pos)


def _truth(value: object, node: Node) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ExprError(f"expected a truth value, got {_kind(value)}", node.pos)


def _no_overflow(node: Node, fn: Callable[[], Interval | None]) -> Interval | None:
    try:
        return fn()
    except ValueError:                        # Interval refuses non-finite bounds (overflow)
        raise ExprError("numeric overflow", node.pos) from None


# -- parser -------------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str, names: set[str] | None):
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0
        self.names = names

    def peek(self, ahead: int = 0) -> tuple[str, Any, int]:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def at(self, *ops: str) -> bool:
        kind, value, _ = self.peek()
        return kind == "op" and value in ops

    def advance(self) -> tuple[str, Any, int]:
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, op: str) -> None:
        if not self.at(op):
            self.fail(f"expected {op!r}")
        self.advance()

    def fail(self, message: str) -> None:
        kind, value, pos = self.peek()
        found = "end of expression" if kind == "end" else repr(value)
        raise ExprError(f"{message}, found {found}", pos)

    def nest(self, pos: int) -> None:
        """Enter one nesting level; the caller leaves it with `self.depth -= 1`."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", pos)

    def parse(self) -> Node:
        node = self.disjunction()
        if self.at(","):
            raise ExprError("',' only separates function arguments (decimals use '.', e.g. 1.5)",
                            self.peek()[2])
        if self.peek()[0] != "end":
            self.fail("unexpected text after the expression")
        return node

    def disjunction(self) -> Node:
        pos = self.peek()[2]
        operands = [self.conjunction()]
        while self.at("or"):
            self.advance()
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else Logic("or", operands, pos)

    def conjunction(self) -> Node:
        pos = self.peek()[2]
        operands = [self.negation()]
        while self.at("and"):
            self.advance()
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else Logic("and", operands, pos)

    def negation(self) -> Node:
        if self.at("not"):
            pos = self.advance()[2]
            self.nest(pos)
            node = Not(self.negation(), pos)
            self.depth -= 1
            return node
        return self.comparison()

    def _at_comparison(self) -> bool:
        return self.at(*COMPARISONS, "in") or (self.at("not") and self.peek(1)[:2] == ("op", "in"))

    def comparison(self) -> Node:
        left = self.arith(("+", "-"), self.product)
        if not self._at_comparison():
            return left
        pos = self.peek()[2]
        op = self.advance()[1]
        if op in COMPARISONS:
            node: Node = Compare(op, left, self.arith(("+", "-"), self.product), pos)
        else:
            negate = op == "not"
            if negate:
                self.advance()                 # the "in" of "not in"
            node = In(left, self.string_list(), negate, pos)
        if self._at_comparison():
            raise ExprError("comparisons cannot be chained; combine them with 'and'",
                            self.peek()[2])
        return node

    def string_list(self) -> list[str]:
        self.expect("[")
        options = []
        while True:
            kind, value, _ = self.peek()
            if kind != "str":
                self.fail("'in' takes a list of quoted strings")
            options.append(value)
            self.advance()
            if self.at("]"):
                self.advance()
                return options
            self.expect(",")

    def product(self) -> Node:
        return self.arith(("*", "/"), self.unary)

    def arith(self, ops: tuple[str, ...], sub: Callable[[], Node]) -> Node:
        pos = self.peek()[2]
        first, rest = sub(), []
        while self.at(*ops):
            op = self.advance()[1]
            rest.append((op, sub()))
        return Arith(first, rest, pos) if rest else first

    def unary(self) -> Node:
        if self.at("-", "+"):
            _, op, pos = self.advance()
            self.nest(pos)
            operand = self.unary()
            self.depth -= 1
            return Sign(op, operand, pos)
        node = self.primary()
        if self.at("["):
            raise ExprError("subscripts are not allowed", self.peek()[2])
        if self.at("("):
            raise ExprError(f"only the functions {', '.join(FUNCTIONS)} can be called",
                            self.peek()[2])
        return node

    def primary(self) -> Node:
        kind, value, pos = self.peek()
        if kind == "num":
            self.advance()
            return Const(Interval.exact(value), pos)
        if kind == "str":
            self.advance()
            return Const(value, pos)
        if kind == "name":
            self.advance()
            if self.at("("):
                return self.call(value, pos)
            if self.names is not None and value not in self.names:
                raise ExprError(f"unknown name {value!r}", pos)
            return Name(value, pos)
        if self.at("("):
            self.advance()
            self.nest(pos)
            node = self.disjunction()
            self.depth -= 1
            self.expect(")")
            return node
        if self.at("["):
            raise ExprError("list literals are only allowed after 'in'", pos)
        self.fail("expected a value")
        raise AssertionError("unreachable")

    def call(self, fn: str, pos: int) -> Node:
        if fn not in FUNCTIONS:
            raise ExprError(f"unknown function {fn!r} (allowed: {', '.join(FUNCTIONS)})", pos)
        self.advance()                          # "("
        self.nest(pos)
        args = [self.disjunction()]
        while self.at(","):
            self.advance()
            args.append(self.disjunction())
        self.expect(")")
        self.depth -= 1
        least, most = FUNCTIONS[fn]
        if len(args) < least or (most is not None and len(args) > most):
            raise ExprError(f"{fn}() takes {least if most == least else f'at least {least}'} "
                            f"argument{'s' if least != 1 else ''}, got {len(args)}", pos)
        if fn == "met" and isinstance(args[2], Const) and args[2].value not in DIRECTIONS:
            raise ExprError(f"met(): direction must be one of {', '.join(DIRECTIONS)}, got {args[2].value!r}",
                            args[2].pos)
        return Call(fn, args, pos)


# -- public API ---------------------------------------------------------------------------
class Expr:
    """A parsed rule expression. Build with parse(); evaluate against one row at a time."""

    def __init__(self, source: str, root: Node):
        self.source = source
        self._root = root

    def __repr__(self) -> str:
        return f"Expr({self.source!r})"

    def names(self) -> set[str]:
        """The identifiers (columns, context names) the expression reads; not function names."""
        found, stack = set(), [self._root]
        while stack:
            node = stack.pop()
            if isinstance(node, Name):
                found.add(node.name)
            stack.extend(node.children())
        return found

    def comparison(self) -> str | None:
        """The operator when the whole expression is one comparison (`deviation == budget -
        actual`), else None: what an export to another tool can translate (checks/gx.py)."""
        return self._root.op if isinstance(self._root, Compare) else None

    def sides(self, env: Env) -> tuple[object, object]:
        """The two values the top-level comparison compares, for one row (intervals, text or None).
        Raises ExprError as evaluate() does; ValueError when the expression is no comparison."""
        if not isinstance(self._root, Compare):
            raise ValueError(f"{self.source!r} is not one comparison")
        return self._root.left.compute(env), self._root.right.compute(env)

    def evaluate(self, env: Env) -> object:
        """Value of the expression for one row: Interval | str | bool | None (unknown/missing).

        Every name used must be a key of env (missing values are None, not absent keys).
        Raises ExprError on type errors, e.g. comparing text with a number.
        """
        try:
            return self._root.compute(env)
        except RecursionError:  # safety net, as in parse()
            raise ExprError("expression too deeply nested", 0) from None

    def explain(self, env: Env) -> dict[str, object]:
        """How far a comparison is from holding, for a finding's message.

        Returns {"op", "value", "left", "right", "gap", "tolerance"}:
          op        the comparison operator explained ("==", "<", "in" ...), or None when the
                    expression has no comparison at the top (then only "value" is filled);
          value     evaluate(env) of the whole expression;
          left/right the compared values: the mid-point (float) of an interval, else the
                    value itself (str, bool, None; the list of options for "in");
          gap       for numbers, the distance beyond rounding by which the relation fails,
                    0.0 when it holds (and for "!=", which has no distance); None otherwise;
          tolerance for numbers, the sum of the two half-widths (the rounding allowed).
        The comparison explained is the top-level one, or when the top is and/or, the first
        operand that is a comparison (e.g. `present(a) and a == b` explains `a == b`).
        """
        root = self._root
        if isinstance(root, Logic):
            root = next((n for n in root.operands if isinstance(n, (Compare, In))), root)
        result: dict[str, object] = {"op": None, "value": self.evaluate(env), "left": None,
                                     "right": None, "gap": None, "tolerance": None}
        if isinstance(root, In):
            left = root.left.compute(env)
            result.update(op="not in" if root.negate else "in", left=left, right=list(root.options))
        elif isinstance(root, Compare):
            a, b = root.left.compute(env), root.right.compute(env)
            result.update(op=root.op, left=_mid(a), right=_mid(b))
            if isinstance(a, Interval) and isinstance(b, Interval):
                result["tolerance"] = a.half_width + b.half_width
                holds = root.decide(a, b)
                if holds or root.op == "!=":
                    result["gap"] = 0.0
                elif root.op == "==":
                    result["gap"] = gap(a, b)
                elif root.op in ("<", "<="):
                    result["gap"] = max(0.0, a.lo - b.hi)
                else:
                    result["gap"] = max(0.0, b.lo - a.hi)
        return result


def _mid(value: object) -> object:
    return value.mid if isinstance(value, Interval) else value


def parse(text: str, names: set[str] | None = None) -> Expr:
    """Parse rule text into an Expr; `names` (when given) is the set of allowed identifiers.

    Raises ExprError(message, position) for anything outside the grammar, for unknown names
    or functions, for text longer than MAX_LENGTH and for nesting deeper than MAX_DEPTH.
    Text and names are NFC-normalised, so "å" typed as a + combining ring still matches.
    """
    if not isinstance(text, str):
        raise ExprError(f"expression must be text, got {type(text).__name__}", 0)
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    normal = unicodedata.normalize("NFC", text)
    allowed = None if names is None else {unicodedata.normalize("NFC", n) for n in names}
    try:
        return Expr(text, _Parser(normal, allowed).parse())
    except RecursionError:    # safety net only: MAX_DEPTH keeps the parser far from the limit
        raise ExprError("expression too deeply nested", 0) from None
