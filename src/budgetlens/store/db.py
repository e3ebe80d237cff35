"""Open a store from ``--db``: a file path (DuckDB) or a database URL (PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from . import DEFAULT_DB
from .schema import migrate


def url_of(db: str) -> str:
    """'store.duckdb' -> duckdb:///store.duckdb; 'postgresql://…' -> the psycopg 3 driver."""
    if "://" not in db:
        return f"duckdb:///{db}"
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_store(db: str = DEFAULT_DB) -> Engine:
    """An engine on the store, its schema migrated to this version of budgetlens."""
    url = url_of(db)
    # A server connection is opened per transaction and closed after it: worker processes are
    # forked between transactions and must not inherit a live libpq connection (a forked copy
    # of one crashes the child or breaks the parent's session).
    options = {} if url.startswith("duckdb:") else {"poolclass": NullPool}
    engine = create_engine(url, **options)
    with engine.connect() as conn:
        migrate(conn, now())
    return engine


def is_duckdb(engine: Engine) -> bool:
    return engine.dialect.name == "duckdb"
