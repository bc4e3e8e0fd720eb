"""Interval arithmetic for printed figures (checks.engine.intervals)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from granska.checks.engine.intervals import (FLOAT_SLACK, Interval, as_interval, could_be_less, gap,
                                     max_of, meets, min_of, sum_of)

P = Interval.from_printed


def approx(iv: Interval, lo: float, hi: float) -> bool:
    return iv.lo == pytest.approx(lo, abs=1e-9) and iv.hi == pytest.approx(hi, abs=1e-9)


# -- construction ---------------------------------------------------------------------------
def test_from_printed_one_decimal():
    assert approx(P(586.7, 1), 586.65, 586.75)


def test_from_printed_integer():
    assert approx(P(2460, 0), 2459.5, 2460.5)


def test_from_printed_rounded_to_thousands():
    assert approx(P(12000, -3), 11500, 12500)


def test_mid_and_half_width():
    iv = P(586.7, 1)
    assert iv.mid == pytest.approx(586.7)
    assert iv.half_width == pytest.approx(0.05)


def test_exact_has_zero_width():
    iv = Interval.exact(3)
    assert (iv.lo, iv.hi, iv.half_width) == (3.0, 3.0, 0.0)


def test_empty_interval_rejected():
    with pytest.raises(ValueError):
        Interval(2.0, 1.0)


@pytest.mark.parametrize("lo, hi", [(math.nan, 1.0), (0.0, math.nan), (-math.inf, 1.0), (0.0, math.inf)])
def test_non_finite_bounds_rejected(lo, hi):
    with pytest.raises(ValueError):
        Interval(lo, hi)


def test_overflow_raises_value_error():
    with pytest.raises(ValueError):
        Interval.exact(1e308) * 10


def test_interval_is_frozen():
    with pytest.raises(AttributeError):
        Interval.exact(1).lo = 0.0  # type: ignore[misc]


def test_magnitude_is_not_part_of_equality():
    assert Interval(1.0, 2.0) == Interval(1.0, 2.0, magnitude=1e9)


def test_bool_is_not_a_number():
    with pytest.raises(TypeError):
        as_interval(True)


# -- arithmetic -----------------------------------------------------------------------------
def test_add_widens_by_both_half_widths():
    assert approx(P(685.7, 1) + P(-99.0, 1), 586.6, 586.8)


def test_sub_takes_opposite_ends():
    assert approx(Interval(1, 2) - Interval(10, 20), -19, -8)


def test_mul_with_signs():
    assert Interval(-2, 3) * Interval(4, 5) == Interval(-10, 15)
    assert Interval(-2, -1) * Interval(-3, -2) == Interval(2, 6)


def test_div():
    assert approx(Interval(1, 2) / Interval(4, 5), 0.2, 0.5)


@pytest.mark.parametrize("divisor", [Interval(-1, 1), Interval(0, 2), Interval.exact(0), 0])
def test_div_by_interval_containing_zero_is_unknown(divisor):
    assert Interval(1, 2) / divisor is None


def test_rdiv_by_interval_containing_zero_is_unknown():
    assert 1 / Interval(-0.05, 0.05) is None


def test_mixing_plain_numbers_means_exact():
    assert 1 + Interval(1, 2) == Interval(2, 3)
    assert Interval(1, 2) - 1 == Interval(0, 1)
    assert 10 - Interval(1, 2) == Interval(8, 9)
    assert 2 * Interval(1, 2) == Interval(2, 4)
    assert approx(3 / Interval(1, 2), 1.5, 3)


def test_neg():
    assert -Interval(1, 2) == Interval(-2, -1)


@pytest.mark.parametrize("iv, expected", [
    (Interval(1, 2), Interval(1, 2)),
    (Interval(-2, -1), Interval(1, 2)),
    (Interval(-3, 2), Interval(0, 3)),
])
def test_abs(iv, expected):
    assert abs(iv) == expected


def test_min_max_sum():
    a, b = Interval(1, 5), Interval(2, 3)
    assert min_of(a, b) == Interval(1, 3)
    assert max_of(a, b) == Interval(2, 5)
    assert sum_of([a, b, 1]) == Interval(4, 9)
    assert sum_of([]) == Interval.exact(0)


# -- comparing ------------------------------------------------------------------------------
def test_example_sum_meets_total():
    assert meets(P(685.7, 1) + P(-99.0, 1), P(586.7, 1))


def test_example_sum_misses_total_by_9_85():
    total = P(685.7, 1) + P(-99.0, 1)
    assert not meets(total, P(596.7, 1))
    assert gap(total, P(596.7, 1)) == pytest.approx(9.85)


def test_touching_intervals_meet_despite_float_error():
    # 0.4 - 0.05 and 0.3 + 0.05 differ in the last bit as floats; the figures may be equal.
    assert P(0.4, 1).lo > P(0.3, 1).hi                 # the float error this test is about
    assert meets(P(0.4, 1), P(0.3, 1))
    assert meets(P(2.1, 1), P(2.0, 1))
    assert gap(P(0.4, 1), P(0.3, 1)) == 0.0


def test_one_unit_beyond_touching_does_not_meet():
    assert not meets(P(0.5, 1), P(0.3, 1))
    assert gap(P(0.5, 1), P(0.3, 1)) == pytest.approx(0.1)


def test_float_slack_does_not_swallow_a_krona_in_billions():
    # 1e-9 relative slack would be 10 kr here; the slack must stay far below half a unit.
    assert not meets(P(10_000_000_000, 0), P(10_000_000_002, 0))
    assert FLOAT_SLACK * 1e10 < 0.5


def test_cancellation_keeps_slack_of_large_operands():
    # 1 234 567 890,1 - 1 234 567 000,0 + 0,2 = 890,3; total 890,5 is exactly (3+1)/2 units away.
    parts = [P(1234567890.1, 1), P(-1234567000.0, 1), P(0.2, 1)]
    assert meets(sum_of(parts), P(890.5, 1))
    assert not meets(sum_of(parts), P(890.6, 1))


def test_could_be_less_touching():
    five, four = P(5, 0), P(4, 0)
    assert not could_be_less(five, four)            # 4.5 < 4.5 is false
    assert could_be_less(five, four, or_equal=True)
    # 0.4 and 0.3 touch at 0.35, but as floats 0.4 - 0.05 > 0.3 + 0.05: float error must
    # neither make "0.4 <= 0.3" impossible nor "-0.3 < -0.4" possible.
    assert could_be_less(P(0.4, 1), P(0.3, 1), or_equal=True)
    assert not could_be_less(-P(0.3, 1), -P(0.4, 1))
    assert could_be_less(four, five)


# -- properties -----------------------------------------------------------------------------
decimals = st.integers(min_value=0, max_value=3)
units = st.integers(min_value=-10**9, max_value=10**9)


@st.composite
def printed(draw, d=None):
    d = draw(decimals) if d is None else d
    return P(draw(units) / 10**d, d)


@st.composite
def intervals(draw):
    # figures, not arbitrary floats: a grid of 0.001 keeps 1/x clear of float overflow
    lo = draw(st.integers(-10**9, 10**9)) / 1000
    width = draw(st.integers(0, 10**6)) / 1000
    return Interval(lo, lo + width)


@given(printed(), printed())
def test_meets_is_symmetric(a, b):
    assert meets(a, b) == meets(b, a)
    assert gap(a, b) == gap(b, a)


@given(printed(), printed())
def test_gap_is_zero_exactly_when_meeting(a, b):
    assert (gap(a, b) == 0.0) == meets(a, b)
    assert gap(a, b) >= 0.0


@given(decimals, st.lists(units, min_size=1, max_size=20), st.data())
def test_sum_meets_total_iff_within_half_unit_times_n_plus_one(d, part_units, data):
    """The XBRL Calculations 1.1 identity: |Σ parts − total| ≤ ½·10^−d·(n+1) <=> meet.

    The expected side is computed in integer units, free of float error. Totals are drawn
    mostly near the boundary, where float error would flip the answer without the slack.
    """
    n = len(part_units)
    near = st.integers(-(n + 3), n + 3).map(lambda off: sum(part_units) + off)
    total_units = data.draw(st.one_of(near, units))
    parts = [P(k / 10**d, d) for k in part_units]
    total = P(total_units / 10**d, d)
    within = 2 * abs(sum(part_units) - total_units) <= n + 1
    assert meets(sum_of(parts), total) == within


@given(intervals(), intervals(), st.floats(0, 1), st.floats(0, 1),
       st.sampled_from(["+", "-", "*", "/", "min", "max"]))
def test_arithmetic_contains_every_combination_of_points(a, b, s, t, op):
    """Soundness: for x in a and y in b, x op y lies in a op b (up to float error)."""
    x, y = a.lo + s * (a.hi - a.lo), b.lo + t * (b.hi - b.lo)
    x, y = min(max(x, a.lo), a.hi), min(max(y, b.lo), b.hi)
    fn = {"+": lambda u, v: u + v, "-": lambda u, v: u - v, "*": lambda u, v: u * v,
          "/": lambda u, v: u / v, "min": min_of, "max": max_of}[op]
    result = fn(a, b)
    if op == "/" and b.lo <= 0 <= b.hi:
        assert result is None
        return
    point = {"min": min, "max": max}.get(op, fn)(x, y)
    tol = 1e-9 * max(1.0, abs(point), result.magnitude)
    assert result.lo - tol <= point <= result.hi + tol


@given(intervals(), st.floats(0, 1))
def test_abs_and_neg_contain_points(a, s):
    x = min(max(a.lo + s * (a.hi - a.lo), a.lo), a.hi)
    assert abs(a).lo <= abs(x) <= abs(a).hi
    assert (-a).lo <= -x <= (-a).hi
