"""Requirements profiles: which cited sources bind a document, by its level and sector.

A 中央部门所属高等学校 does not publish the 地方 department template, so the C rules ask the
profile (``requirements.yaml`` ``profiles``) which requirements apply before reporting one as
missing. The profile is chosen from ``DocumentInfo`` (read from the document's own text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..model import DocumentInfo
from .requirements import requirements


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    label: str
    when: tuple[tuple[str, str], ...]
    bound_by: frozenset[str] | None  # None: every source binds
    warn_unbound: bool

    def matches(self, info: DocumentInfo) -> bool:
        return all(getattr(info, field) == value for field, value in self.when)

    def binding(self, sources: Iterable[str]) -> list[str]:
        """The sources of a requirement that bind this profile."""
        return [s for s in sources if self.bound_by is None or s in self.bound_by]

    def binds(self, sources: Iterable[str]) -> bool:
        return bool(self.binding(sources))

    def unbound_note(self) -> str:
        """Why a requirement is only a warning for this profile."""
        return f"（所引依据为地方预决算公开规定，参考资料未确立此项要求适用于{self.label}）"


@cache
def profiles() -> tuple[Profile, ...]:
    out = []
    for raw in requirements()["profiles"]:
        bound = raw["bound_by"]
        out.append(Profile(
            id=raw["id"], label=raw["label"], when=tuple(sorted((raw.get("when") or {}).items())),
            bound_by=None if bound == "all" else frozenset(bound),
            warn_unbound=raw.get("unbound") == "warn"))
    return tuple(out)


def profile_for(info: DocumentInfo) -> Profile:
    """The first profile whose conditions the document meets (the last one has none)."""
    for p in profiles():
        if p.matches(info):
            return p
    raise LookupError("requirements.yaml: no profile without conditions")
