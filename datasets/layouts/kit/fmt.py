"""Swedish number formats as municipal reports print them.

Values are Decimals at (or finer than) their printed precision, so that sums made in code are the
sums a reader can redo from the printed figures.
"""
from decimal import Decimal, ROUND_HALF_UP

D = Decimal

SPACE, NBSP, NNBSP = " ", "\u00a0", "\u202f"
MINUS, ENDASH = "\u2212", "\u2013"

# How a negative amount is written: the number's digits go where {} is.
NEGATIVE = {
    "hyphen": "-{}",          # -1 234
    "minus": MINUS + "{}",    # −1 234 (U+2212)
    "endash": ENDASH + " {}",  # – 614 (en dash and a space, as Word's autoformat leaves it)
    "hyphen_space": "- {}",   # - 6 279 (Stratsys)
    "paren": "({})",          # (1 234)
}


def q(value, dec):
    """Round half away from zero to `dec` decimals (as Excel and the report systems do)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)


def group_digits(digits, sep):
    if not sep:
        return digits
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def number(value, dec=0, group=SPACE, neg="hyphen", plus=False, suffix=""):
    """One printed figure: grouped thousands, decimal comma, the given negative style."""
    v = q(value, dec)
    if v == 0:
        v = abs(v)  # never "-0"
    text = f"{abs(v):.{dec}f}"
    whole, _, frac = text.partition(".")
    body = group_digits(whole, group) + ("," + frac if frac else "")
    if v < 0:
        body = NEGATIVE[neg].format(body)
    elif plus and v > 0:
        body = "+" + body
    return body + suffix


def fmt(dec=0, group=SPACE, neg="hyphen", plus=False, suffix=""):
    """A formatter for a column: value -> printed text."""
    def f(value):
        return number(value, dec=dec, group=group, neg=neg, plus=plus, suffix=suffix)
    f.dec = dec
    return f


def pct(part, whole, dec=1):
    """part / whole in per cent, rounded to the printed decimals."""
    return q(Decimal(part) * 100 / Decimal(whole), dec)


def dsum(values):
    total = Decimal(0)
    for v in values:
        if v is not None:
            total += v
    return total


def row_format(values, **kw):
    """The format of a row whose figures share one unit (an indicator): as many decimals as its most
    precise figure is given with (7 → "7", Decimal("0.0") → "0,0")."""
    dec = max([0] + [-Decimal(v).as_tuple().exponent for v in values if v is not None])
    return fmt(dec, **kw)
