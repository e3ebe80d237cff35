"""Many rows of one table into the store at once, inside the caller's transaction.

A document brings hundreds to thousands of rows, and the one writing process is the ingest's
bottleneck: SQLAlchemy's ``executemany`` runs one statement per row on DuckDB (about half a
millisecond each). So each backend gets its own bulk path, the only place where they differ:

- DuckDB scans an Arrow table built from the rows (``INSERT … SELECT`` from a registered
  view), in the same connection and transaction;
- PostgreSQL takes the rows by ``COPY … FROM STDIN`` through psycopg;
- any other database gets SQLAlchemy's ``executemany``.

The Arrow schema is the store's own column types (``export._arrow_type``), so a Decimal is
written as a decimal and nothing is rounded on the way.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Table
from sqlalchemy.engine import Connection

_VIEW = "budgetlens_bulk_rows"  # the registered Arrow table's name, for one statement


def insert_lines(conn: Connection, table: Table, lines: list[dict]) -> None:
    """Insert ``lines`` (one dict per row, keyed by column name) into ``table``."""
    if not lines:
        return
    dialect = conn.dialect.name
    if dialect == "duckdb":
        _duckdb_arrow(conn, table, lines)
    elif dialect == "postgresql" and conn.dialect.driver == "psycopg":
        _postgres_copy(conn, table, lines)
    else:
        conn.execute(table.insert(), lines)


def _duckdb_arrow(conn: Connection, table: Table, lines: list[dict]) -> None:
    import pyarrow as pa

    data = pa.Table.from_pylist(lines, schema=_arrow_schema(table))
    raw = conn.connection.driver_connection  # the DuckDB connection of this transaction
    raw.register(_VIEW, data)
    try:
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        raw.execute(f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM {_VIEW}')
    finally:
        raw.unregister(_VIEW)


@cache
def _arrow_schema(table: Table):
    import pyarrow as pa

    from .export import _arrow_type

    return pa.schema([pa.field(c.name, _arrow_type(c)) for c in table.columns])


def _postgres_copy(conn: Connection, table: Table, lines: list[dict]) -> None:
    names = [c.name for c in table.columns]
    columns = ", ".join(f'"{n}"' for n in names)
    raw = conn.connection.driver_connection  # the psycopg connection of this transaction
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for line in lines:
            copy.write_row([line.get(n) for n in names])
