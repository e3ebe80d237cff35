"""What a rule sees of one document: the extraction plus indexes rules share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Claim, Disclosure, Document, DocumentInfo, Fact, Location, Table
from ..pipeline import Extraction
from ..quotes import Quotes
from ..recognize.claims_statements import StatementClaims, read_statements
from ..recognize.disclosure import read_disclosure
from ..taxonomy.semantics import RowRole, row_roles
from .claim_index import ClaimIndex


@dataclass
class CheckContext:
    extraction: Extraction
    _roles: dict[int, list[RowRole]] = field(default_factory=dict, repr=False)
    _selections: dict[tuple, list[Fact]] = field(default_factory=dict, repr=False)

    @property
    def document(self) -> Document:
        return self.extraction.document

    @property
    def info(self) -> DocumentInfo:
        return self.extraction.info

    @property
    def tables(self) -> list[Table]:
        return self.extraction.tables

    @property
    def claims(self) -> list[Claim]:
        return self.extraction.claims

    @property
    def facts(self) -> list[Fact]:
        return self.extraction.facts

    def row_roles(self, table: Table) -> list[RowRole]:
        """``row_roles`` of one of the document's tables, worked out once for every rule."""
        roles = self._roles.get(id(table))
        if roles is None:
            roles = self._roles[id(table)] = row_roles(table)
        return roles

    @cached_property
    def statements(self) -> StatementClaims:
        """Statement-level claims of the prose (item comparisons, restated items), read once."""
        return read_statements(self.document)

    @property
    def disclosure(self) -> Disclosure:
        """What the document says about its own content; read here once for an extraction
        built by hand, whose document may have changed after it was made."""
        x = self.extraction
        if x.disclosure is None:
            x.disclosure = read_disclosure(x.document, x.info, x.tables)
        return x.disclosure

    @cached_property
    def claim_index(self) -> ClaimIndex:
        return ClaimIndex(self.claims)

    @cached_property
    def facts_by_concept(self) -> dict[str, list[Fact]]:
        idx: dict[str, list[Fact]] = defaultdict(list)
        for f in self.facts:
            idx[f.concept].append(f)
        return idx

    def facts_for(self, concept: str, *, source: str | None = None, **context) -> list[Fact]:
        """Facts of a concept whose context matches every given field (period=, scope=, …).

        Each distinct question is answered once per document and the list is shared (read
        it, never change it): rules ask it for every claim, and a long document states the
        same concept many times.
        """
        key = (concept, source, *context.items())
        found = self._selections.get(key)
        if found is None:
            found = self._selections[key] = self._select(concept, source, tuple(context.items()))
        return found

    def _select(self, concept: str, source: str | None, wanted: tuple) -> list[Fact]:
        out = []
        for f in self.facts_by_concept.get(concept, ()):
            if source is not None and f.source != source:
                continue
            fc = f.context
            for k, v in wanted:  # a loop, not all() over a generator: run for every fact
                if not getattr(fc, k) == v:
                    break
            else:
                out.append(f)
        return out

    @cached_property
    def quotes(self) -> Quotes:
        return Quotes(self.document)

    def quote(self, loc: Location) -> str | None:
        """The document's own text at a location (a paragraph, a table row), bounded."""
        return self.quotes.at(loc)
