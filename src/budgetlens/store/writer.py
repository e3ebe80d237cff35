"""Writing to the store: one transaction per document, in the one process that owns it.

A document and all of its rows are committed together or not at all, so a crash or a
``kill -9`` between two documents (or in the middle of one) leaves every stored document whole,
and no row of a document is ever stored without its ``documents`` row: nothing is left over
to clear before a document is written.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from .bulk import insert_lines
from .db import now
from .records import DocumentRecord
from .schema import DOCUMENT_PARTS, documents, failures, finding_places, findings

_BY_NAME = {t.name: t for t in DOCUMENT_PARTS}


def stored_hashes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(documents.c.hash)).scalars())


def write_record(engine: Engine, record: DocumentRecord) -> bool:
    """Store one document unless its content is already stored; True when written."""
    with engine.begin() as conn:
        if conn.execute(select(documents.c.hash).where(documents.c.hash == record.hash)).first():
            return False
        conn.execute(documents.insert(), [{**record.document, "ingested_at": now()}])
        for name, lines in record.parts.items():
            insert_lines(conn, _BY_NAME[name], lines)
        conn.execute(delete(failures).where(failures.c.path == record.path))
    return True


def write_failure(engine: Engine, path: str, digest: str | None, kind: str, problem: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(failures).where(failures.c.path == path))
        conn.execute(failures.insert(), [{"path": path, "hash": digest, "kind": kind,
                                          "problem": problem, "failed_at": now()}])


def replace_findings(conn: Connection, digest: str, lines: list[dict], places: list[dict],
                     counts: dict) -> None:
    conn.execute(delete(finding_places).where(finding_places.c.document == digest))
    conn.execute(delete(findings).where(findings.c.document == digest))
    insert_lines(conn, findings, lines)
    insert_lines(conn, finding_places, places)
    conn.execute(documents.update().where(documents.c.hash == digest).values(**counts))
