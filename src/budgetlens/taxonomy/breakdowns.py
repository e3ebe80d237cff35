"""What a whole stated in a disclosure breaks down into, from data and never from wording.

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
from functools import cache

from .concepts import CLASSIFICATION_PREFIXES
from .yaml_data import load_taxonomy_yaml

FUND = "@"  # the key prefix of a part that is the same figure of a narrower fund


@cache
def _relations() -> dict:
    return load_taxonomy_yaml("relations.yaml")


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
    for spec in _relations().get("breakdowns", []):
        if spec["whole"] == whole:
            detail = {k: tuple(v) for k, v in (spec.get("detail") or {}).items()}
            out.append(Dimension(whole, tuple(spec["parts"]), detail, bool(spec.get("complete"))))
    for spec in _relations().get("code_breakdowns", []):
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
    deepest = max(_relations().get("code_levels", {}).get(family, [0]))
    if not code.isdigit() or len(code) + 2 > deepest:
        return None
    return Dimension(whole, family=family, digits=len(code) + 2, under=code)


def fund_parts(scope: str | None) -> tuple[str, ...]:
    """The narrower funds a figure of ``scope`` is the sum of (财政拨款 → the three funds)."""
    return tuple((_relations().get("fund_breakdown") or {}).get(scope or "", ()))


def narrower(scope: str | None, whole_scope: str | None) -> bool:
    """``scope`` is a fund inside ``whole_scope`` (一般公共预算 inside 财政拨款)."""
    return whole_scope in _relations().get("scope_subsets", {}).get(scope or "", [])


def has_narrower(scope: str | None) -> bool:
    return any(scope in wides for wides in _relations().get("scope_subsets", {}).values())
