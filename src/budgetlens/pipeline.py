"""The extract pipeline as one call: file -> Document -> info, tables, claims -> facts.

``extract(path)`` is the library API behind ``budgetlens extract``; ``check`` builds on it.
Each stage is a plain function in its own module, so each can be tested and replaced alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gcpause import collector_paused
from .model import Claim, Disclosure, Document, DocumentInfo, Fact, Table


@dataclass(slots=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    info: DocumentInfo
    tables: list[Table] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    disclosure: Disclosure | None = None  # None: not read yet (a hand-built extraction)

    @property
    def path(self) -> str:
        return self.document.path


def extract_document(doc: Document) -> Extraction:
    """Run structure, recognition and fact building on an already-read Document."""
    from .facts import build_facts
    from .recognize.claims import extract_claims
    from .recognize.disclosure import read_disclosure
    from .recognize.tables import recognize_tables
    from .structure import analyze

    with collector_paused():
        info = analyze(doc)
        tables = recognize_tables(doc, info)
        claims = extract_claims(doc, info, tables)
        facts = build_facts(info, tables, claims)
        return Extraction(document=doc, info=info, tables=tables, claims=claims, facts=facts,
                          disclosure=read_disclosure(doc, info, tables))


def extract(path: str, fmt: str | None = None) -> Extraction:
    """Read and extract one file. Raises ``ReadError`` naming the file when it cannot."""
    from .readers import read

    with collector_paused():
        return extract_document(read(path, fmt))
