"""The store's relational schema and its ordered migrations.

Every table is keyed by the document's content hash (sha256), so no sequence or autoincrement
is needed (DuckDB and PostgreSQL differ there) and a document's rows are found and removed
together. Amounts are DECIMAL(38, 10): the figure as written, never a binary float.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Double,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

metadata = MetaData()
AMOUNT = Numeric(38, 10)


def _doc() -> Column:
    return Column("document", String(64), primary_key=True)


schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", String(32), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("hash", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(16)),
    Column("pages", Integer),
    Column("department", Text),
    Column("department_code", String(64)),
    Column("year", Integer),
    Column("kind", String(16)),
    Column("scope", String(16)),
    Column("level", String(16)),
    Column("title", Text),
    Column("tables_count", Integer, nullable=False),
    Column("facts_count", Integer, nullable=False),
    Column("claims_count", Integer, nullable=False),
    Column("findings_count", Integer, nullable=False),
    Column("errors_count", Integer, nullable=False),
    Column("completeness", Float),  # share of the required tables present (None: unknown)
    Column("extraction", LargeBinary, nullable=False),  # what recheck rebuilds (codec.py)
    Column("seconds", Float),
    Column("ingested_at", String(32), nullable=False),
)

tables = Table(
    "tables", metadata,
    _doc(),
    Column("table_id", String(16), primary_key=True),
    Column("ordinal", Integer, nullable=False),
    Column("kind", String(64)),
    Column("title", Text),
    Column("number", String(32)),
    Column("money_unit", String(16)),
    Column("unit_name", Text),
    Column("empty", Boolean),
    Column("page", Integer),
    Column("rows_count", Integer, nullable=False),
)

# One line per figure of a table row (long form); a row without figures has one line of nulls.
rows = Table(
    "rows", metadata,
    _doc(),
    Column("table_id", String(16), primary_key=True),
    Column("row_index", Integer, primary_key=True),
    Column("column_key", String(128), primary_key=True),  # '' when the row has no figure
    Column("code", String(32)),
    Column("name", Text),
    Column("unit", String(64)),
    Column("level", String(16)),
    Column("is_total", Boolean),
    Column("is_leaf", Boolean),
    Column("side", String(16)),
    Column("value", AMOUNT),
    Column("money_unit", String(16)),
    Column("value_wan", AMOUNT),  # in 万元, whatever the table's unit
    Column("page", Integer),
)

facts = Table(
    "facts", metadata,
    _doc(),
    Column("ordinal", Integer, primary_key=True),
    Column("concept", String(128), nullable=False),
    Column("period", String(16)),
    Column("basis", String(16)),
    Column("scope", String(32)),
    Column("unit", String(64)),
    Column("column_key", String(128)),
    Column("instance", Text),
    Column("value", AMOUNT),
    Column("precision", AMOUNT),
    Column("money_unit", String(16)),
    Column("value_wan", AMOUNT),
    Column("text", Text),
    Column("source", String(16)),
    Column("table_kind", String(64)),
    Column("label", Text),
    Column("page", Integer),
    Column("table_id", String(16)),
)

claims = Table(
    "claims", metadata,
    _doc(),
    Column("ordinal", Integer, primary_key=True),
    Column("kind", String(32)),
    Column("subject", Text),
    Column("concept", String(128)),
    Column("period", String(16)),
    Column("year", Integer),
    Column("direction", Integer),
    Column("base", Text),
    Column("value", AMOUNT),
    Column("precision", AMOUNT),
    Column("money_unit", String(16)),
    Column("text", Text),
    Column("sentence", Text),
    Column("page", Integer),
    Column("line", Integer),
)

findings = Table(
    "findings", metadata,
    _doc(),
    Column("ordinal", Integer, primary_key=True),
    Column("rule", String(16), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("message", Text),
    Column("expected", Text),
    Column("actual", Text),
    Column("page", Integer),
    Column("line", Integer),
    Column("table_id", String(16)),
    Column("row_label", Text),
    Column("column_key", String(128)),
    # since version 3: the verdict key, the quoted text, the lines around each place
    # (JSON: [[title, [[label, text, flagged], ...]], ...])
    Column("finding_key", Text),
    Column("quote", Text),
    Column("context", Text),
)

# Every place of a finding (place 0 its own, then the related ones): where ``show`` and the web
# app draw its boxes (page and bbox in PDF points, top-left origin) or mark its lines.
finding_places = Table(
    "finding_places", metadata,
    _doc(),
    Column("finding", Integer, primary_key=True),  # findings.ordinal
    Column("place", Integer, primary_key=True),
    Column("page", Integer),
    Column("x0", Double),
    Column("top", Double),
    Column("x1", Double),
    Column("bottom", Double),
    Column("line", Integer),
    Column("end_line", Integer),
    Column("sheet", Text),
    Column("cell", String(32)),
    Column("table_id", String(16)),
    Column("row_label", Text),
    Column("column_key", String(128)),
)

# A reviewer's verdict on a finding, kept by the finding's verdict key (verdicts.finding_key),
# so that it survives a recheck or a re-ingest of the same content. Every verdict is kept; the
# latest of a finding is its current one.
reviews = Table(
    "reviews", metadata,
    Column("id", String(32), primary_key=True),
    Column("document", String(64), nullable=False),
    Column("finding_key", Text, nullable=False),
    Column("rule", String(16), nullable=False),
    Column("verdict", String(16), nullable=False),  # accepted, false_alarm, fixed
    Column("reviewer", Text),
    Column("note", Text),
    Column("reviewed_at", String(40), nullable=False),
)

# What a file was called when it was uploaded: a label only (the file is kept by its hash).
uploads = Table(
    "uploads", metadata,
    Column("hash", String(64), primary_key=True),
    Column("name", Text),
    Column("size", Integer),
    Column("uploaded_at", String(32), nullable=False),
)

# A document's headline figure per concept: the whole department, this year, in 万元; the
# largest when several tables or fund scopes state it (all funds include 财政拨款). What the
# named views compare across documents, without scanning every fact.
figures = Table(
    "figures", metadata,
    _doc(),
    Column("concept", String(128), primary_key=True),
    Column("value_wan", AMOUNT, nullable=False),
)

FIGURE_FACTS = """
    SELECT document, concept, MAX(value_wan) AS value_wan FROM facts
    WHERE period = 'current' AND unit IS NULL AND instance IS NULL AND value_wan IS NOT NULL
    GROUP BY document, concept
"""

failures = Table(
    "failures", metadata,
    Column("path", Text, primary_key=True),
    Column("hash", String(64)),
    Column("kind", String(16), nullable=False),
    Column("problem", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)

# Tables holding a document's content, in the order they are filled and emptied.
DOCUMENT_PARTS = (tables, rows, facts, claims, findings, finding_places, figures)

# Columns of ``findings`` added by version 3.
FINDING_DETAIL = ("finding_key", "quote", "context")


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[documents, tables, rows, facts, claims, findings, failures])


def _v2_figures(conn: Connection) -> None:
    """Headline figures per document, filled from the facts already stored."""
    metadata.create_all(conn, tables=[figures])
    conn.execute(text(f"INSERT INTO figures (document, concept, value_wan) {FIGURE_FACTS}"))


def _v3_places_and_reviews(conn: Connection) -> None:
    """Places of findings (boxes, lines), their keys and quotes, reviews and upload labels.
    The stored findings of older versions have none of these: each document's findings are
    made again from its stored extraction, as ``recheck`` does."""
    metadata.create_all(conn, tables=[finding_places, reviews, uploads])
    present = set(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'findings'"
    )).scalars())
    for name in FINDING_DETAIL:
        if name not in present:
            conn.execute(text(f"ALTER TABLE findings ADD COLUMN {name} TEXT"))
    from .recheck import recheck_stored

    recheck_stored(conn)


def _v4_extraction_json(conn: Connection) -> None:
    """Stored extractions from pickles to JSON (codec.py), read by the model-only unpickler
    (legacy.py); one that it refuses is cleared, and recheck asks for its file again. Then
    every document is checked again, as version 3 meant to (it could not read the pickles)."""
    from .codec import CODEC_VERSION, encode
    from .legacy import read_legacy

    hashes = list(conn.execute(select(documents.c.hash)).scalars())
    for digest in hashes:
        blob = conn.execute(select(documents.c.extraction)
                            .where(documents.c.hash == digest)).scalar()
        if blob and blob[0] == CODEC_VERSION:
            continue  # already JSON
        try:
            converted = encode(read_legacy(blob))
        except Exception:  # not ours, damaged, or naming code: never run, never kept
            converted = b""
        conn.execute(documents.update().where(documents.c.hash == digest)
                     .values(extraction=converted))
    from .recheck import recheck_stored

    recheck_stored(conn)


# Ordered migration steps: index + 1 is the version a step brings the schema to. A new step
# is appended, never edited once released.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2_figures, _v3_places_and_reviews,
                                                   _v4_extraction_json]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    found = conn.execute(select(schema_version.c.version).order_by(
        schema_version.c.version.desc()).limit(1)).scalar()
    return found or 0


def migrate(conn: Connection, now: str) -> int:
    """Bring the schema to SCHEMA_VERSION, one step per transaction; returns the version."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"the store has schema version {version}, newer than this "
                           f"budgetlens ({SCHEMA_VERSION}); upgrade budgetlens")
    if version == 0:
        metadata.create_all(conn, tables=[schema_version])
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](conn)
        conn.execute(schema_version.insert().values(version=step + 1, applied_at=now))
        conn.commit()
    return SCHEMA_VERSION
