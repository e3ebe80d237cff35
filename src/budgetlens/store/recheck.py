"""Run the rules again on stored documents, without reading their files.

Each document's extraction is decoded from the store and checked by the current rules; its
findings and counts are replaced in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..check import check_extraction
from .codec import decode
from .records import counts, finding_rows
from .schema import documents
from .writer import replace_findings


@dataclass(slots=True)
class RecheckResult:
    documents: int = 0
    changed: int = 0
    findings: int = 0


def recheck(engine: Engine, select_rules: list[str] | None = None,
            ignore: list[str] | None = None) -> RecheckResult:
    result = RecheckResult()
    with engine.connect() as conn:
        hashes = list(conn.execute(select(documents.c.hash).order_by(documents.c.path)).scalars())
    for digest in hashes:
        with engine.begin() as conn:
            blob, before = conn.execute(select(documents.c.extraction, documents.c.findings_count)
                                        .where(documents.c.hash == digest)).one()
            x = decode(blob)
            found = check_extraction(x, select_rules, ignore).findings
            replace_findings(conn, digest, finding_rows(digest, found), counts(x, found))
        result.documents += 1
        result.findings += len(found)
        result.changed += len(found) != before
    return result
