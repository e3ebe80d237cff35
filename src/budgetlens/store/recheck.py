"""Run the rules again on stored documents, without reading their files.

Each document's extraction is decoded from the store (JSON, never code: ``codec.py``) and
checked by the current rules; its findings (with their places) and counts are replaced in one
transaction. A document whose stored extraction cannot be read back keeps its findings and is
listed, for its file to be ingested again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ..check import check_extraction
from .codec import DamagedExtraction, decode
from .records import counts, finding_rows, place_rows
from .schema import documents
from .writer import replace_findings


@dataclass(slots=True)
class RecheckResult:
    documents: int = 0
    changed: int = 0
    findings: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why): ingest again


def recheck(engine: Engine, select_rules: list[str] | None = None,
            ignore: list[str] | None = None) -> RecheckResult:
    result = RecheckResult()
    with engine.connect() as conn:
        hashes = list(conn.execute(select(documents.c.hash).order_by(documents.c.path)).scalars())
    for digest in hashes:
        with engine.begin() as conn:
            try:
                found, before = recheck_document(conn, digest, select_rules, ignore)
            except DamagedExtraction as e:  # its findings stay as they are
                path = conn.execute(select(documents.c.path)
                                    .where(documents.c.hash == digest)).scalar()
                result.unreadable.append((path, str(e)))
                continue
        result.documents += 1
        result.findings += found
        result.changed += found != before
    return result


def recheck_document(conn: Connection, digest: str, select_rules: list[str] | None = None,
                     ignore: list[str] | None = None) -> tuple[int, int]:
    """Check one stored document again; returns its findings count after and before."""
    blob, before = conn.execute(select(documents.c.extraction, documents.c.findings_count)
                                .where(documents.c.hash == digest)).one()
    x = decode(blob)
    found = check_extraction(x, select_rules, ignore).findings
    replace_findings(conn, digest, finding_rows(digest, found, x.document),
                     place_rows(digest, found), counts(x, found))
    return len(found), before


def recheck_stored(conn: Connection) -> int:
    """Every stored document checked again on ``conn`` (a migration's step); a document whose
    extraction this version cannot decode keeps its findings. Returns the documents done."""
    done = 0
    for digest in list(conn.execute(select(documents.c.hash)).scalars()):
        try:
            recheck_document(conn, digest)
        except ValueError:  # stored by another codec version: re-ingest to refresh it
            continue
        done += 1
    return done
