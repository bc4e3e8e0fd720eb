"""The rule-expression language (checks.engine.expr)."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from granska.checks.engine.expr import MAX_DEPTH, MAX_LENGTH, ExprError, parse
from granska.checks.engine.intervals import Interval

P = Interval.from_printed
BUDGET = {"netto", "kostnader", "intakter", "avvikelse", "budget", "bokfort"}


def value(text: str, env: dict | None = None, names: set[str] | None = None):
    return parse(text, names).evaluate(env or {})


def mid(iv: Interval) -> float:
    assert isinstance(iv, Interval)
    return iv.mid


# -- worked examples ------------------------------------------------------------------------
def test_budget_netto_holds_within_rounding():
    e = parse("netto == kostnader + intakter", BUDGET)
    env = {"kostnader": P(685.7, 1), "intakter": P(-99.0, 1), "netto": P(586.7, 1)}
    assert e.evaluate(env) is True
    assert e.explain(env)["gap"] == 0.0


def test_budget_netto_fails_with_gap():
    e = parse("netto == kostnader + intakter", BUDGET)
    env = {"kostnader": P(685.7, 1), "intakter": P(-99.0, 1), "netto": P(596.7, 1)}
    assert e.evaluate(env) is False
    info = e.explain(env)
    assert info["op"] == "=="
    assert info["value"] is False
    assert info["left"] == pytest.approx(596.7)
    assert info["right"] == pytest.approx(586.7)
    assert info["gap"] == pytest.approx(9.85)
    assert info["tolerance"] == pytest.approx(0.15)


def test_deviation_equals_budget_minus_actual():
    e = parse("avvikelse == budget - bokfort", BUDGET)
    assert e.evaluate({"avvikelse": P(-3.2, 1), "budget": P(10.0, 1), "bokfort": P(13.2, 1)})
    assert not e.evaluate({"avvikelse": P(3.2, 1), "budget": P(10.0, 1), "bokfort": P(13.2, 1)})


def test_men_plus_women_equals_total_with_integers():
    e = parse("outcome_men + outcome_women == outcome")
    assert e.evaluate({"outcome_men": P(12, 0), "outcome_women": P(30, 0), "outcome": P(43, 0)})
    assert not e.evaluate({"outcome_men": P(12, 0), "outcome_women": P(30, 0), "outcome": P(44, 0)})


def test_missing_outcome_with_target():
    e = parse("not present(outcome) and present(target)")
    assert e.evaluate({"outcome": None, "target": P(2460, 0)}) is True
    assert e.evaluate({"outcome": P(847, 0), "target": P(2460, 0)}) is False
    assert e.evaluate({"outcome": None, "target": None}) is False


def test_unit_in_list():
    e = parse('unit in ["st"]')
    assert e.evaluate({"unit": "st"}) is True
    assert e.evaluate({"unit": "%"}) is False
    assert e.evaluate({"unit": None}) is None
    assert value("unit in ['st', '%']", {"unit": "%"}) is True
    assert value('unit not in ["st", "%"]', {"unit": "mnkr"}) is True


def test_swedish_identifiers():
    e = parse("intäkter_år + kostnader == 0", {"intäkter_år", "kostnader"})
    assert e.names() == {"intäkter_år", "kostnader"}
    assert e.evaluate({"intäkter_år": -5, "kostnader": 5}) is True


def test_decomposed_swedish_letters_match_composed_names():
    decomposed = "inta\u0308kter"          # a + combining diaeresis
    assert parse(decomposed, {"intäkter"}).evaluate({"intäkter": 1}) == Interval.exact(1)


def test_names_and_source():
    e = parse("max(a, b) - coalesce(c, 0) > report_year")
    assert e.names() == {"a", "b", "c", "report_year"}
    assert e.source == "max(a, b) - coalesce(c, 0) > report_year"


# -- met(): the one definition of a target reached -----------------------------------------
MET = "met(outcome, target, direction)"


@pytest.mark.parametrize("outcome, target, direction, expected", [
    (P(847, 0), Interval.exact(2460), "higher", False),
    (P(2460, 0), Interval.exact(2460), "higher", True),
    (P(31, 0), Interval.exact(32), "higher", False),     # 30,5-31,5 cannot reach an exact 32
    (P(32.4, 1), Interval.exact(32), "lower", False),
    (P(1.0, 1), Interval.exact(1), "lower", True),
    (P(-0.4, 1), Interval.exact(1), "band", True),       # |outcome| within the half-width
    (P(-1.2, 1), Interval.exact(1), "band", False),
    (P(93, 0), Interval.exact(100), "point", False),     # 7 % under budget: a point target missed
    (P(107, 0), Interval.exact(100), "point", False),    # ... and so is 7 % over
    (P(100, 0), Interval.exact(100), "point", True),
    (P(99.6, 1), Interval.exact(100), "point", False),
    (P(99.96, 2), Interval.exact(100), "point", False),  # 99,955-99,965 does not reach 100
    (P(100.0, 1), Interval.exact(100), "point", True),
    (P(93, 0), Interval.exact(100), "unknown", None),    # no direction, no verdict
    (None, Interval.exact(100), "higher", None),
    (P(93, 0), None, "higher", None),
    (P(93, 0), Interval.exact(100), None, None),
])
def test_met_by_direction(outcome, target, direction, expected):
    assert value(MET, {"outcome": outcome, "target": target, "direction": direction}) is expected


def test_met_is_the_goal_verdicts_definition():
    """The status form's verdict and the rules' met() are one function: they agree on a row."""
    from granska.checks.engine.forms.status import verdict
    from granska.checks.numbers import find_numbers

    for o, t, d in [("847 st", "2 460 st", "higher"), ("93 %", "100 %", "point"), ("0,9 %", "1 %", "lower"),
                    ("0 %", "+/- 1 %", "higher"), ("80", "85", "higher"), ("100 %", "100 %", "point")]:
        got, info = verdict({"outcome": o, "target": t}, d)
        fo = find_numbers(o)[0]
        expected = value(MET, {"outcome": P(fo.value, fo.decimals), "target": Interval.exact(info["target"]),
                               "direction": info["direction"]})
        assert (got == "met") is expected, (o, t, d)


@pytest.mark.parametrize("text", ["met(outcome, target, 'up')", "met(outcome, target)",
                                  "met(outcome, target, direction, 1)"])
def test_met_rejects_a_bad_call_at_parse(text):
    with pytest.raises(ExprError):
        parse(text, {"outcome", "target", "direction"})


def test_met_rejects_an_unknown_direction_at_evaluation():
    with pytest.raises(ExprError, match="direction"):
        value(MET, {"outcome": P(1, 0), "target": P(1, 0), "direction": "sideways"})


# -- precedence and associativity -----------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("1 - 2 - 3", -4), ("2 * 3 + 4", 10), ("2 + 3 * 4", 14), ("-2 * 3", -6),
    ("8 / 4 / 2", 1), ("(1 - 2) - 3", -4), ("1 - (2 - 3)", 2), ("- -2", 2), ("+2 - -2", 4),
    ("2 * -3", -6), ("10 - 2 * 3 + 1", 5), ("1.5 + 1.25", 2.75),
])
def test_arithmetic_precedence(text, expected):
    assert mid(value(text)) == pytest.approx(expected)


def test_not_binds_looser_than_comparison():
    assert value("not 1 == 2") is True


def test_and_binds_tighter_than_or():
    assert value("1 == 1 or 1 == 2 and 1 == 2") is True       # or(T, and(F, F))
    assert value("(1 == 1 or 1 == 2) and 1 == 2") is False


def test_functions():
    assert mid(value("abs(-3)")) == 3
    assert mid(value("min(3, 1, 2)")) == 1
    assert mid(value("max(3, 1, 2)")) == 3
    assert mid(value("sum(1, 2, 3)")) == 6
    assert value("coalesce(a, b, 7)", {"a": None, "b": "x"}) == "x"
    assert value("coalesce(a, b)", {"a": None, "b": None}) is None
    assert value("present(a)", {"a": 0}) is True
    assert value("present(a)", {"a": float("nan")}) is False     # pandas' empty cell


# -- comparison semantics -------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("a == b", True), ("a != b", False), ("a < b", True), ("a <= b", True),
    ("a > b", False), ("a >= b", True),
])
def test_touching_figures_could_satisfy(text, expected):
    # 5 and 4 printed as integers touch at 4.5
    env = {"a": P(4, 0), "b": P(5, 0)}
    assert value(text, env) is expected


def test_could_semantics_for_ordering():
    env = {"a": P(5.0, 0), "b": P(5.4, 1)}   # [4.5, 5.5] and [5.35, 5.45]
    assert value("a < b", env) is True       # a could be 4.5
    assert value("a > b", env) is True       # ... or 5.5
    assert value("a == b", env) is True
    assert value("a < 4.5", env) is False


def test_strings_compare_exactly():
    assert value('status == "helt"', {"status": "helt"}) is True
    assert value('status != "helt"', {"status": "Helt"}) is True


def test_plain_numbers_are_exact():
    assert value("a == 3", {"a": 3.0}) is True
    assert value("a == 3", {"a": 3.0001}) is False


def test_division_by_possible_zero_is_unknown():
    assert value("a / b", {"a": 1, "b": P(0.0, 1)}) is None
    assert value("a / b > 1", {"a": 1, "b": 0}) is None


@pytest.mark.parametrize("text, env", [
    ('unit < "st"', {"unit": "kr"}),
    ('unit == 1', {"unit": "kr"}),
    ('unit + 1', {"unit": "kr"}),
    ('not a', {"a": P(1, 0)}),
    ('a and 1 == 1', {"a": "x"}),
    ('-unit', {"unit": "kr"}),
    ('+unit', {"unit": "kr"}),
    ('a in ["x"]', {"a": 1}),
    ('abs(a)', {"a": True}),
    ('a', {"a": object()}),
    ('a', {}),                                 # every name used must be supplied
])
def test_type_errors_raise_expr_error_at_evaluate(text, env):
    e = parse(text)                            # parses fine: types are only known per row
    with pytest.raises(ExprError):
        e.evaluate(env)


def test_overflow_is_expr_error():
    with pytest.raises(ExprError, match="overflow"):
        value("a * a", {"a": 1e200})


# -- three-valued logic ---------------------------------------------------------------------
T, F, U = True, False, None
AND = {(T, T): T, (T, F): F, (T, U): U, (F, T): F, (F, F): F, (F, U): F,
       (U, T): U, (U, F): F, (U, U): U}
OR = {(T, T): T, (T, F): T, (T, U): T, (F, T): T, (F, F): F, (F, U): U,
      (U, T): T, (U, F): U, (U, U): U}


@pytest.mark.parametrize("a, b", list(AND))
def test_kleene_and_or(a, b):
    env = {"a": a, "b": b}
    assert value("a and b", env) is AND[a, b]
    assert value("a or b", env) is OR[a, b]


@pytest.mark.parametrize("a, expected", [(T, F), (F, T), (U, U)])
def test_kleene_not(a, expected):
    assert value("not a", {"a": a}) is expected


@pytest.mark.parametrize("text", [
    "a + 1", "a - b", "a * 2", "a / 2", "-a", "abs(a)", "min(a, b)", "sum(a, b)",
    "a == b", "a != b", "a < b", "a >= b", 'u == "st"', "a + b == 3",
])
def test_missing_operand_gives_unknown(text):
    assert value(text, {"a": None, "b": P(1, 0), "u": None}) is None


def test_missing_is_unknown_not_false_in_findings():
    # a rule "outcome < target" on a row without outcome is neither met nor missed
    assert value("not (a < b)", {"a": None, "b": 1}) is None


# -- explain ---------------------------------------------------------------------------------
def test_explain_ordering_gap():
    info = parse("a <= b").explain({"a": P(10, 0), "b": P(7, 0)})
    assert info["gap"] == pytest.approx(2.0)       # 9.5 - 7.5
    assert info["tolerance"] == pytest.approx(1.0)
    info = parse("a >= b").explain({"a": P(7, 0), "b": P(10, 0)})
    assert info["gap"] == pytest.approx(2.0)


def test_explain_inside_guarded_and():
    info = parse("present(a) and a == b").explain({"a": P(1, 0), "b": P(5, 0)})
    assert info["op"] == "=="
    assert info["gap"] == pytest.approx(3.0)
    assert info["value"] is False


def test_explain_missing_and_strings_and_plain_values():
    info = parse("a == b").explain({"a": None, "b": P(1, 0)})
    assert info["left"] is None and info["gap"] is None and info["value"] is None
    info = parse('u in ["st"]').explain({"u": "kr"})
    assert info == {"op": "in", "value": False, "left": "kr", "right": ["st"],
                    "gap": None, "tolerance": None}
    info = parse("a + 1").explain({"a": 1})
    assert info["op"] is None and info["value"] == Interval.exact(2)


# -- rejections at parse time ---------------------------------------------------------------
@pytest.mark.parametrize("text, position", [
    ('__import__("os")', 0),
    ("a.b", 1),
    ("x[0]", 1),
    ('open("f")', 0),
    ("lambda: 1", 0),
    ("a ** 2", 2),
    ("max(a=1)", 5),
    ("a = 1", 2),
    ("1 < a < 3", 6),
    ("a == b == c", 7),
    ("a in ['x'] in ['y']", 11),
    ("a b", 2),
    ("1 + 2 )", 6),
    ("(1 + 2", 6),
    ("", 0),
    ("1,5", 1),
    ("1.", 0),
    (".5", 0),
    ("2x", 0),
    ("'abc", 0),
    ("a in [b]", 6),
    ("a in 'x'", 5),
    ("[1, 2]", 0),
    ("abs()", 4),
    ("abs(1, 2)", 0),
    ("present(a, b)", 0),
    ("max(1,)", 6),
    ("(a)(b)", 3),
    ("a if b else c", 2),
    ("None", 0),
    ("a; b", 1),
    ("a @ b", 2),
    ("a & b", 2),
    ("f'{a}'", 1),
    ("a\\\nb", 1),
])
def test_rejected_at_parse(text, position):
    with pytest.raises(ExprError) as info:
        parse(text)
    assert info.value.position == position
    assert str(info.value).startswith(f"position {position}: ")


def test_unknown_name_is_named():
    with pytest.raises(ExprError, match="unknown name 'netot'") as info:
        parse("netto == netot", BUDGET)
    assert info.value.position == 9


def test_unknown_function_even_if_a_column():
    with pytest.raises(ExprError, match="unknown function 'netto'"):
        parse("netto(1)", BUDGET)


def test_dunder_names_rejected_even_when_allowed():
    with pytest.raises(ExprError, match="__"):
        parse("__class__", {"__class__"})


def test_very_deep_nesting_is_expr_error():
    start = time.perf_counter()
    for text in ("(" * 999 + "1" + ")" * 999, "(" * 1000 + "1", "-" * 1000 + "1", "not " * 400 + "a",
                 "abs(" * 399 + "1" + ")" * 399):
        with pytest.raises(ExprError, match="nested"):
            parse(text)
    assert time.perf_counter() - start < 1.0


def test_nesting_up_to_the_limit_is_fine():
    text = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert mid(value(text)) == 1
    with pytest.raises(ExprError):
        parse("(" + text + ")")


def test_huge_input_rejected_quickly():
    start = time.perf_counter()
    with pytest.raises(ExprError, match="longer") as info:
        parse("1 + " * 25_000 + "1")          # 100 KB
    assert info.value.position == MAX_LENGTH
    assert time.perf_counter() - start < 0.1


def test_long_flat_sum_parses_and_evaluates():
    # left-associative chains are n-ary nodes, so 500 terms make no deep recursion
    text = " + ".join(["1"] * 500)
    assert len(text) < MAX_LENGTH
    assert mid(value(text)) == 500


def test_error_attributes():
    err = ExprError("boom", 7)
    assert (err.message, err.position, str(err)) == ("boom", 7, "position 7: boom")


# -- fuzzing --------------------------------------------------------------------------------
FAST = settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])


def parse_or_expr_error(text: str) -> None:
    try:
        parse(text)
    except ExprError as err:
        assert isinstance(err.position, int) and 0 <= err.position <= max(len(text), MAX_LENGTH)


@FAST
@given(st.text(max_size=300))
def test_fuzz_arbitrary_text(text):
    parse_or_expr_error(text)


TOKENS = ["a", "b", "unit", "present", "coalesce", "abs", "min", "max", "sum", "open",
          "__x", "lambda", "and", "or", "not", "in", "0", "1", "2.5", "1,5", "'st'", '"%"',
          "+", "-", "*", "/", "**", "==", "!=", "<", "<=", ">", ">=", "=", "(", ")", "[", "]",
          ",", ".", ":", "'", '"', "\\", "å", "ö"]


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=60), st.sampled_from(["", " "]))
def test_fuzz_token_soup(tokens, sep):
    parse_or_expr_error(sep.join(tokens))


@FAST
@given(st.integers(1, 3000), st.sampled_from(["(", "-", "not ", "abs(", "[", "a.", "'"]))
def test_fuzz_repeated_prefixes(n, prefix):
    parse_or_expr_error(prefix * n + "a")


# Well-formed expressions, built with their type so the result type can be checked.
NUMERIC_NAMES = ["a", "b", "zero"]
num_leaf = st.sampled_from(NUMERIC_NAMES + ["0", "1", "2.5", "1000"])
num_expr = st.recursive(num_leaf, lambda c: st.one_of(
    st.tuples(c, st.sampled_from(["+", "-", "*", "/"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    st.tuples(c, st.sampled_from(["+", "-", "*", "/"]), c).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    c.map(lambda x: f"-{x}"),
    c.map(lambda x: f"abs({x})"),
    st.tuples(st.sampled_from(["min", "max", "sum", "coalesce"]), st.lists(c, min_size=1, max_size=3))
      .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
), max_leaves=12)
str_expr = st.sampled_from(["unit", "'st'", '"%"', "coalesce(unit, 'kr')"])
bool_leaf = st.one_of(
    st.tuples(num_expr, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), num_expr)
      .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(str_expr, st.sampled_from(["==", "!="]), str_expr).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    str_expr.map(lambda s: f"{s} in ['st', '%']"),
    st.sampled_from(NUMERIC_NAMES + ["unit", "flag"]).map(lambda n: f"present({n})"),
    st.just("flag"),
)
bool_expr = st.recursive(bool_leaf, lambda c: st.one_of(
    st.tuples(c, st.sampled_from(["and", "or"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    c.map(lambda x: f"not {x}"),
), max_leaves=6)

figure = st.one_of(
    st.none(),
    st.integers(-10**6, 10**6),
    st.tuples(st.integers(-10**7, 10**7), st.integers(0, 2)).map(lambda t: P(t[0] / 10**t[1], t[1])),
    # Values come from printed figures (a few decimals at most): no subnormal floats, whose
    # reciprocal overflows (that is an ExprError("numeric overflow"), tested on its own).
    st.floats(-1e6, 1e6).filter(lambda x: x == 0 or abs(x) >= 1e-9),
    st.just(float("nan")),                    # pandas' empty cell
)
envs = st.fixed_dictionaries({
    "a": figure, "b": figure, "zero": st.sampled_from([0, P(0, 0), None]),
    "unit": st.sampled_from([None, "st", "%", "kr"]), "flag": st.sampled_from([None, True, False]),
})
NAMES = set(NUMERIC_NAMES) | {"unit", "flag"}


def evaluate_well_formed(text: str, env: dict):
    try:
        e = parse(text, NAMES)
    except ExprError as err:                  # only the nesting limit may refuse a well-formed text
        assert "nested" in err.message, (text, err)
        return "skip"
    return e.evaluate(env)


@FAST
@given(num_expr, envs)
def test_well_formed_numeric_expressions_evaluate(text, env):
    result = evaluate_well_formed(text, env)
    assert result is None or result == "skip" or isinstance(result, Interval)


@FAST
@given(bool_expr, envs)
def test_well_formed_boolean_expressions_evaluate(text, env):
    result = evaluate_well_formed(text, env)
    assert result in (None, True, False, "skip")


@given(st.lists(st.integers(-99, 99), min_size=1, max_size=7), st.data())
def test_flat_arithmetic_follows_usual_precedence(numbers, data):
    """Unparenthesised + - * chains: products first, then left to right (checked by hand)."""
    ops = [data.draw(st.sampled_from("+-*")) for _ in numbers[1:]]
    text = str(numbers[0]) + "".join(f" {op} {n}" for op, n in zip(ops, numbers[1:]))
    terms, signs, product = [], [1], numbers[0]
    for op, n in zip(ops, numbers[1:]):
        if op == "*":
            product *= n
        else:
            terms.append(product)
            signs.append(1 if op == "+" else -1)
            product = n
    terms.append(product)
    expected = sum(s * t for s, t in zip(signs, terms))
    assert value(text) == Interval.exact(expected)


@given(st.tuples(st.integers(-10**6, 10**6), st.integers(0, 2)),
       st.tuples(st.integers(-10**6, 10**6), st.integers(0, 2)))
def test_equality_means_intervals_meet(x, y):
    from granska.checks.engine.intervals import meets
    a, b = P(x[0] / 10**x[1], x[1]), P(y[0] / 10**y[1], y[1])
    assert value("a == b", {"a": a, "b": b}) is meets(a, b)
    assert value("a != b", {"a": a, "b": b}) is (not meets(a, b))
    info = parse("a == b").explain({"a": a, "b": b})
    assert (info["gap"] == 0.0) is meets(a, b)
