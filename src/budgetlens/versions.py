"""Two versions of one disclosure compared figure by figure: what changed, as a report.

A department republishes a corrected 预算公开; a reviewer wants to see which figures moved,
which appeared and which went, not a list of findings. Figures are matched by what they are
(concept, period, basis, fund scope, unit, column, table instance, measure), never by position.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Fact, Location
from .pipeline import Extraction


@dataclass(slots=True)
class FigureChange:
    """One figure that differs between the versions; ``before``/``after`` None when absent."""

    what: str  # the label as printed, else the concept
    key: tuple
    before: str | None
    after: str | None
    location: Location | None  # in the newer version when present there, else in the older

    @property
    def change(self) -> str:
        if self.before is None:
            return "新增"
        if self.after is None:
            return "删除"
        return "修改"


def _figures(x: Extraction) -> dict[tuple, Fact]:
    out: dict[tuple, Fact] = {}
    for f in x.facts:
        if f.source != "table":
            continue
        key = (f.concept, f.measure, f.table_kind) + f.context.key()
        out.setdefault(key, f)  # the first printing of a figure stands for its repeats
    return out


def compare_versions(old: Extraction, new: Extraction) -> list[FigureChange]:
    """Every table figure that is new, gone or different (in 万元, as written) in ``new``."""
    a, b = _figures(old), _figures(new)
    changes: list[FigureChange] = []
    for key in list(a) + [k for k in b if k not in a]:
        fa, fb = a.get(key), b.get(key)
        if fa is not None and fb is not None and fa.value.in_wanyuan().value == fb.value.in_wanyuan().value:
            continue
        shown = fb or fa
        changes.append(FigureChange(
            what=shown.label or shown.concept, key=key,
            before=fa.value.text if fa else None, after=fb.value.text if fb else None,
            location=shown.location))
    return changes
