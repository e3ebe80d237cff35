"""Indexes over a document's narrative claims, so that a rule asking about one claim's
neighbours (its sentence, its statement, the nearest earlier figure of a concept) does not
scan every claim of the document: a long document states thousands of figures, and many
of its sentences are printed more than once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable

from ..model import Claim
from .common import group_key


class _Run:
    """The amount claims of one (concept, period, scope), in document order, with for each
    the nearest earlier one that belongs to another sentence group."""

    __slots__ = ("positions", "claims", "keys", "other_before")

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.claims: list[Claim] = []
        self.keys: list[tuple] = []
        self.other_before: list[int] = []  # index of the nearest earlier entry of another key

    def add(self, position: int, c: Claim) -> None:
        key = group_key(c)
        n = len(self.keys)
        if n == 0:
            other = -1
        elif self.keys[-1] != key:
            other = n - 1
        else:
            other = self.other_before[-1]
        self.positions.append(position)
        self.claims.append(c)
        self.keys.append(key)
        self.other_before.append(other)

    def last_before(self, position: int, own: tuple) -> tuple[int, Claim] | None:
        """The last claim before ``position`` whose group is not ``own``."""
        i = bisect_left(self.positions, position) - 1
        if i >= 0 and self.keys[i] == own:
            i = self.other_before[i]
        if i < 0:
            return None
        return self.positions[i], self.claims[i]


class ClaimIndex:
    """Claims by position, by sentence, by statement and, for amounts, by concept."""

    def __init__(self, claims: list[Claim]) -> None:
        self._count = len(claims)
        self._position = {id(c): i for i, c in enumerate(claims)}
        self._sentence: dict[str, list[Claim]] = defaultdict(list)
        self._statement: dict[tuple, list[Claim]] = defaultdict(list)
        self._amounts: dict[tuple[str, str], dict[str | None, _Run]] = {}
        for i, c in enumerate(claims):
            self._sentence[c.sentence].append(c)
            self._statement[c.sentence, c.location.line].append(c)
            if c.kind == "amount" and c.concept is not None:
                runs = self._amounts.setdefault((c.concept, c.period), {})
                run = runs.get(c.scope)
                if run is None:
                    run = runs[c.scope] = _Run()
                run.add(i, c)

    def position(self, c: Claim) -> int:
        """Where a claim stands in the document's claims (past the end when it is not one)."""
        return self._position.get(id(c), self._count)

    def in_sentence(self, sentence: str) -> list[Claim]:
        """Every claim whose sentence reads exactly so, in document order (shared list)."""
        return self._sentence.get(sentence, [])

    def in_statement(self, c: Claim) -> list[Claim]:
        """The claims of ``c``'s sentence on ``c``'s line, ``c`` included (shared list)."""
        return self._statement.get((c.sentence, c.location.line), [])

    def last_amount_before(
        self,
        c: Claim,
        concept: str,
        period: str,
        scope_ok: Callable[[str | None], bool],
        preferred: Callable[[str | None], bool] | None = None,
    ) -> Claim | None:
        """The last amount claim of ``concept`` and ``period`` stated before ``c``, outside
        ``c``'s own sentence group, whose scope ``scope_ok`` accepts; the last one whose
        scope is ``preferred`` when there is one."""
        runs = self._amounts.get((concept, period))
        if not runs:
            return None
        position, own = self.position(c), group_key(c)
        best: tuple[int, Claim] | None = None
        best_preferred: tuple[int, Claim] | None = None
        for scope, run in runs.items():
            if not scope_ok(scope):
                continue
            found = run.last_before(position, own)
            if found is None:
                continue
            if best is None or found[0] > best[0]:
                best = found
            if preferred is not None and preferred(scope):
                if best_preferred is None or found[0] > best_preferred[0]:
                    best_preferred = found
        chosen = best_preferred or best
        return chosen[1] if chosen else None
