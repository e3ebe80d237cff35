"""Which parts a whole stated in the 说明 breaks down into, from data and never from wording.

A whole splits along one dimension at a time: the parts relations.yaml ``breakdowns`` gives it
(收入 by source, 支出 by 基本/项目, 政府采购 by 货物/工程/服务, 三公 by item), the children of
its classification code (功能分类 类 → 款 → 项, 经济分类 类 → 款; 本年支出 by 功能分类 类 or
经济分类 类, relations.yaml ``code_breakdowns``), or its fund scopes (财政拨款 = 一般公共预算 +
政府性基金 + 国有资本经营 of the same concept). A list of parts belongs to the dimensions
that hold every part it names; when one of them is complete by definition and the list names
all of its parts, the parts add up to the whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from ..intervals import Interval
from ..model import Claim
from ..taxonomy.concepts import CLASSIFICATION_PREFIXES
from .common import EQUIVALENT, relations, signed, value_interval

FUND = "@"  # the key prefix of a part that is the same figure of a narrower fund


@dataclass(frozen=True, slots=True)
class Dimension:
    """One way a whole splits into disjoint parts."""

    name: str
    parts: tuple[str, ...] = ()  # its fixed parts (empty for a family of codes)
    detail: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a part's own parts
    complete: bool = False  # the fixed parts are every part of the whole
    family: str | None = None  # a classification family: every code of ``digits`` digits
    digits: int = 0
    under: str = ""  # … whose code starts with this one (a 类's 款)

    def part_of(self, concept: str) -> str | None:
        """The part ``concept`` is (or details) in this dimension; None when it is none."""
        if concept in self.parts:
            return concept
        for part, kids in self.detail.items():
            if concept in kids:
                return part
        if self.family and concept.startswith(self.family):
            code = concept[len(self.family):]
            if code.isdigit() and len(code) == self.digits and code.startswith(self.under):
                return concept
        return None

    def covers(self, keys: Iterable[str]) -> bool:
        """The listed keys name every part the whole has by definition."""
        keys = set(keys)
        return self.complete and bool(self.parts) and all(p in keys for p in self.parts)


@cache
def dimensions(whole: str) -> tuple[Dimension, ...]:
    """Every dimension the concept ``whole`` breaks down along (none: it is no whole)."""
    out: list[Dimension] = []
    for spec in relations().get("breakdowns", []):
        if spec["whole"] == whole:
            detail = {k: tuple(v) for k, v in (spec.get("detail") or {}).items()}
            out.append(Dimension(whole, tuple(spec["parts"]), detail, bool(spec.get("complete"))))
    for spec in relations().get("code_breakdowns", []):
        if whole in spec["wholes"]:
            out.append(Dimension(f"{whole} {spec['family']}", tuple(spec.get("beside", [])),
                                 family=spec["family"], digits=int(spec["digits"])))
    children = _code_children(whole)
    if children is not None:
        out.append(children)
    return tuple(out)


def _code_children(whole: str) -> Dimension | None:
    """A classification code's next level (类 201 → 款 20101 → 项 2010101): never known to be
    complete from the text alone."""
    family = next((p for p in CLASSIFICATION_PREFIXES if whole.startswith(p)), None)
    if family is None:
        return None
    code = whole[len(family):]
    deepest = max(relations().get("code_levels", {}).get(family, [0]))
    if not code.isdigit() or len(code) + 2 > deepest:
        return None
    return Dimension(whole, family=family, digits=len(code) + 2, under=code)


def fund_parts(scope: str | None) -> tuple[str, ...]:
    """The narrower funds a figure of ``scope`` is the sum of (财政拨款 → the three funds)."""
    return tuple((relations().get("fund_breakdown") or {}).get(scope or "", ()))


def narrower(scope: str | None, whole_scope: str | None) -> bool:
    """``scope`` is a fund inside ``whole_scope`` (一般公共预算 inside 财政拨款)."""
    return whole_scope in relations().get("scope_subsets", {}).get(scope or "", [])


def has_narrower(scope: str | None) -> bool:
    return any(scope in wides for wides in relations().get("scope_subsets", {}).values())


def same_concept(a: str, b: str) -> bool:
    return b in EQUIVALENT.get(a, (a,))


@dataclass(frozen=True, slots=True)
class Placement:
    """How a claim is a part of a whole: its key and the dimensions that hold it."""

    key: str  # the part's concept, or '@' and its fund
    dims: frozenset[int]  # indices into ``dimensions(whole)``; empty for a fund part


def placement(head: Claim, x: Claim) -> Placement | None:
    """How ``x`` is a part of the whole ``head``: a part of one of its dimensions, or the same
    figure of a narrower fund ('@general'); None when it is neither (the list has ended)."""
    if x.concept is None or head.concept is None:
        return None
    dims = dimensions(head.concept)
    held = frozenset(i for i, d in enumerate(dims) if d.part_of(x.concept) is not None)
    if held:
        return Placement(x.concept, held)
    if same_concept(head.concept, x.concept) and narrower(x.scope, head.scope):
        return Placement(FUND + (x.scope or ""), frozenset())
    return None


def details_another(key: str, listed: Iterable[str], dims: Iterable[Dimension]) -> bool:
    """The part details another listed part (一般公共预算拨款 beside 财政拨款收入, 一般公共预算
    beside 财政拨款): counting both would count it twice."""
    listed = list(listed)
    if key.startswith(FUND):
        return any(narrower(key[1:], other[1:]) for other in listed if other.startswith(FUND))
    return any(key in d.detail.get(other, ()) for d in dims for other in listed)


def may_be_negative() -> frozenset[str]:
    return frozenset(relations().get("may_be_negative", []))


def part_interval(c: Claim) -> Interval | None:
    """The figure of a part: an amount, never below zero unless its concept may be (a written
    "0万元" stands for [0, 0.005] or [0, 0.5], not for a negative sum); a change signed by its
    words (None when they give no direction)."""
    if c.kind != "amount":
        return signed(c)
    iv = value_interval(c.value)
    if iv.lo < 0 <= c.value.value and (c.concept or "") not in may_be_negative():
        return Interval(Decimal(0), iv.hi)
    return iv
