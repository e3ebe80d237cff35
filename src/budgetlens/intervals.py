"""Rounding-aware arithmetic: every stated value is the interval its written digits allow.

A value v written to precision d stands for [v - d/2, v + d/2] (XBRL Calculations 1.1,
round-to-nearest). Sums add bounds; products and quotients take the extreme combinations
of the bounds. A relation holds when the intervals of its two sides intersect. There is no
tolerance constant anywhere: the permitted slack grows with the number of addends and
shrinks with the precision actually written, which is what makes a finding trustworthy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .model import Amount

_HALF = Decimal("0.5")
_HUNDRED = Decimal(100)


@dataclass(slots=True, unsafe_hash=True)
class Interval:
    lo: Decimal
    hi: Decimal

    # -- construction --------------------------------------------------------------------
    @classmethod
    def exact(cls, v: Decimal | int) -> Interval:
        d = Decimal(v)
        return cls(d, d)

    @classmethod
    def of(cls, a: Amount) -> Interval:
        """The interval a written amount stands for (in its own unit)."""
        half = a.precision * _HALF
        return cls(a.value - half, a.value + half)

    @classmethod
    def of_wanyuan(cls, a: Amount) -> Interval:
        """The interval in 万元, converting 元/亿元 with the written precision scaled along."""
        return cls.of(a.in_wanyuan())

    # -- arithmetic ----------------------------------------------------------------------
    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval) -> Interval:
        p = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(p), max(p))

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    def __truediv__(self, other: Interval) -> Interval | None:
        """Quotient interval; None when the divisor may be zero (the ratio is unbounded)."""
        if other.contains_zero():
            return None
        q = (self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi)
        return Interval(min(q), max(q))

    # -- relations -----------------------------------------------------------------------
    def intersects(self, other: Interval) -> bool:
        return max(self.lo, other.lo) <= min(self.hi, other.hi)

    def gap(self, other: Interval) -> Decimal:
        """Distance between the intervals (0 when they intersect)."""
        return max(Decimal(0), max(self.lo, other.lo) - min(self.hi, other.hi))

    def contains(self, v: Decimal) -> bool:
        return self.lo <= v <= self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def fmt(self, places: int = 4) -> str:
        q = Decimal(1).scaleb(-places)
        lo = self.lo.quantize(q).normalize()
        hi = self.hi.quantize(q).normalize()
        return f"[{_plain(lo)}, {_plain(hi)}]"

    def __str__(self) -> str:
        return self.fmt()


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    return s


def interval_sum(items: Iterable[Interval]) -> Interval:
    lo = hi = Decimal(0)
    for it in items:
        lo += it.lo
        hi += it.hi
    return Interval(lo, hi)


def amounts_sum(amounts: Iterable[Amount]) -> Interval:
    """The interval of a sum of written amounts (in their own unit): the same bounds as
    ``interval_sum(Interval.of(a) for a in amounts)``, without an Interval per addend."""
    lo = hi = Decimal(0)
    for a in amounts:
        half = a.precision * _HALF
        lo += a.value - half
        hi += a.value + half
    return Interval(lo, hi)


def may_not_exceed(part: Amount, whole: Amount) -> bool:
    """Whether the part can be at most the whole, both in 万元: the same test as
    ``Interval.of_wanyuan(part).lo <= Interval.of_wanyuan(whole).hi``, without the two
    Intervals (asked once per part-whole pair, and nearly always true)."""
    p, w = part.in_wanyuan(), whole.in_wanyuan()
    return p.value - p.precision * _HALF <= w.value + w.precision * _HALF


def percent(part: Interval, whole: Interval) -> Interval | None:
    """part / whole * 100, or None when the whole may be zero."""
    q = part / whole
    return q.scale(_HUNDRED) if q is not None else None


Agreement = Literal["equal", "truncated", "different"]


def agreement(stated: Amount, other: Interval) -> Agreement:
    """How a stated figure meets another (printed or computed), one policy for every rule.

    'equal' when the interval its written digits allow meets the other; 'truncated' when it
    meets it only as a figure cut rather than rounded (v ≤ x < v + d: 123,456元 written
    12.34万元, 10.89% written 10.8%), which a publisher's template does and which is
    reported as a warning, never an error; 'different' otherwise. Money is compared on the
    万元 scale, so ``other`` must be in 万元 for money and in the stated unit otherwise.
    """
    a = stated.in_wanyuan()
    v, d = a.value, a.precision
    half = d * _HALF
    if max(v - half, other.lo) <= min(v + half, other.hi):
        return "equal"
    if max(v, other.lo) < min(v + d, other.hi) or v <= other.lo < v + d:
        return "truncated"
    return "different"
