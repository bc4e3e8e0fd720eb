"""Interval arithmetic for printed (rounded) figures, in the spirit of XBRL Calculations 1.1.

A figure printed as "586,7" only tells us the true value lies in [586.65, 586.75]; "2 460"
means [2459.5, 2460.5]. Checking `netto == kostnader + intakter` on such figures must not
demand equality of the printed numbers, only that the sum of the parts' intervals and the
total's interval *meet*. For n parts and a total, all shown with d decimals, that is exactly

    |sum(parts) - total| <= 1/2 * 10**-d * (n + 1)

so no hand-tuned tolerance is ever needed: the rounding of the printed figures decides.

Floats cannot represent 586.65 exactly, so endpoints carry float error of about 1e-16
relative. `meets` and the comparisons therefore allow FLOAT_SLACK (1e-12) relative to the
largest magnitude involved in the computation. This is float slack, not a rounding
tolerance: it is many orders of magnitude below half a unit of any printed figure (even
for billions of kronor printed to the krona, 1e-12 * 1e10 = 0.01 < 0.5).

Division by an interval that contains 0 returns None ("unknown"): the quotient is
unbounded, and None is what the rule language uses for unknown values. Results that are not
finite (overflow) raise ValueError.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Union

FLOAT_SLACK = 1e-12

Number = Union[int, float]


@dataclass(frozen=True)
class Interval:
    """The closed interval [lo, hi] of values a printed figure may stand for.

    `magnitude` is the largest absolute value seen while computing the interval (operands and
    partial results). It is not part of equality; it only sizes the float slack, so that
    1 234 567 890 - 1 234 567 000 is compared with a slack that fits the large operands
    whose float error it inherited, not the small result.
    """

    lo: float
    hi: float
    magnitude: float = field(default=0.0, compare=False, repr=False)

    def __post_init__(self) -> None:
        lo, hi = float(self.lo), float(self.hi)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"interval bounds must be finite, got [{lo}, {hi}]")
        if lo > hi:
            raise ValueError(f"empty interval [{lo}, {hi}]")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "magnitude", max(float(self.magnitude), abs(lo), abs(hi)))

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_printed(cls, value: float, decimals: int) -> Interval:
        """The interval of a figure printed with `decimals` decimals: value ± ½·10^-decimals.

        Negative decimals mean rounding to tens, hundreds ... (decimals=-3: to thousands).
        """
        half = 0.5 * 10.0 ** -int(decimals)
        if cls is Interval and type(value) is float:
            return _checked(value - half, value + half, 0.0)
        return cls(value - half, value + half)

    @classmethod
    def exact(cls, value: Number) -> Interval:
        """A value known exactly (a constant in a rule, a count): zero width."""
        return cls(value, value)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    @property
    def half_width(self) -> float:
        return (self.hi - self.lo) / 2

    # -- arithmetic -----------------------------------------------------------------------
    # Every result's bounds are the extremes over the operands' bounds, so the result holds
    # every value the true figures could combine to.
    def _with(self, lo: float, hi: float, other: Interval) -> Interval:
        return _checked(lo, hi, max(self.magnitude, other.magnitude))

    def __add__(self, other: Interval | Number) -> Interval:
        o = other if type(other) is Interval else as_interval(other)
        return _checked(self.lo + o.lo, self.hi + o.hi, max(self.magnitude, o.magnitude))

    __radd__ = __add__

    def __sub__(self, other: Interval | Number) -> Interval:
        o = other if type(other) is Interval else as_interval(other)
        return _checked(self.lo - o.hi, self.hi - o.lo, max(self.magnitude, o.magnitude))

    def __rsub__(self, other: Number) -> Interval:
        return as_interval(other) - self

    def __mul__(self, other: Interval | Number) -> Interval:
        o = as_interval(other)
        products = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return self._with(min(products), max(products), o)

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | Number) -> Interval | None:
        """None when the divisor may be 0 (its interval contains 0): the quotient is unbounded."""
        o = as_interval(other)
        if o.lo <= 0.0 <= o.hi:
            return None
        return self * Interval(1.0 / o.hi, 1.0 / o.lo, o.magnitude)

    def __rtruediv__(self, other: Number) -> Interval | None:
        return as_interval(other) / self

    def __neg__(self) -> Interval:
        return _checked(-self.hi, -self.lo, self.magnitude)

    def __pos__(self) -> Interval:
        return self

    def __abs__(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(0.0, max(-self.lo, self.hi), self.magnitude)


_new = object.__new__
_isfinite = math.isfinite


def _checked(lo: float, hi: float, magnitude: float) -> Interval:
    """Interval(lo, hi, magnitude) of float bounds, without the dataclass's __init__ (the rules
    make tens of thousands): the same checks, the same fields. Anything unusual (a bound that is
    not finite, an empty interval) goes through the constructor, which says what is wrong."""
    if lo <= hi and _isfinite(lo) and _isfinite(hi):
        iv = _new(Interval)
        fields = iv.__dict__
        fields["lo"] = lo
        fields["hi"] = hi
        fields["magnitude"] = max(magnitude, abs(lo), abs(hi))
        return iv
    return Interval(lo, hi, magnitude)


def as_interval(x: Interval | Number) -> Interval:
    """Intervals pass through; plain numbers are exact. bool is rejected (it is not a figure)."""
    if isinstance(x, Interval):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Interval.exact(x)
    raise TypeError(f"not a number: {x!r}")


def min_of(*xs: Interval | Number) -> Interval:
    """Smallest possible value of min(...) to its largest: [min of lo, min of hi]."""
    ivs = [as_interval(x) for x in xs]
    return Interval(min(i.lo for i in ivs), min(i.hi for i in ivs), max(i.magnitude for i in ivs))


def max_of(*xs: Interval | Number) -> Interval:
    ivs = [as_interval(x) for x in xs]
    return Interval(max(i.lo for i in ivs), max(i.hi for i in ivs), max(i.magnitude for i in ivs))


def sum_of(xs: Iterable[Interval | Number]) -> Interval:
    """Sum of intervals; the empty sum is exactly 0."""
    total = _ZERO
    for x in xs:
        total = total + x
    return total


_ZERO = Interval.exact(0)


# -- comparing ----------------------------------------------------------------------------
def slack(a: Interval, b: Interval) -> float:
    """Float slack for comparing a with b (see module docstring): not a rounding tolerance."""
    return FLOAT_SLACK * max(1.0, a.magnitude, b.magnitude)


def meets(a: Interval | Number, b: Interval | Number) -> bool:
    """True when the intervals intersect, i.e. the printed figures may stand for equal values."""
    a, b = as_interval(a), as_interval(b)
    s = slack(a, b)
    return a.lo <= b.hi + s and b.lo <= a.hi + s


def gap(a: Interval | Number, b: Interval | Number) -> float:
    """Distance between the intervals: how far beyond rounding they differ; 0 when they meet."""
    a, b = as_interval(a), as_interval(b)
    if meets(a, b):
        return 0.0
    return max(a.lo - b.hi, b.lo - a.hi)


def could_be_less(a: Interval | Number, b: Interval | Number, or_equal: bool = False) -> bool:
    """Could the true value of a be < b (<= b with or_equal), given rounding? a.lo < b.hi.

    Endpoints within float slack count as equal, so touching intervals satisfy <= but not <.
    """
    a, b = as_interval(a), as_interval(b)
    s = slack(a, b)
    return a.lo <= b.hi + s if or_equal else a.lo < b.hi - s
