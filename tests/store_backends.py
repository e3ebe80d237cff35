"""Store backends for the store tests (imported by them): a DuckDB file, and a private
PostgreSQL server.

The server is started from Debian's postgresql binaries (scripts/system-deps.sh installs them)
in a temporary directory on a free localhost port, as the ``postgres`` user when the tests
run as root (initdb refuses root), and stopped at the end of the session.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid

import pytest


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresMissing(Exception):
    """Why no private server can be started here."""


@contextlib.contextmanager
def private_postgres():
    """Start a PostgreSQL server in a temporary directory; yields postgresql://budgetlens@host:port."""
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise PostgresMissing("PostgreSQL server binaries (initdb, pg_ctl) not found: install "
                              "Debian's postgresql (scripts/system-deps.sh does so as root)")
    run_as: list[str] = []
    base = tempfile.mkdtemp(prefix="budgetlens-pg-")
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresMissing("running as root and no 'postgres' user to run the server "
                                  "as") from None
        os.chown(base, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = os.path.join(base, "data"), os.path.join(base, "server.log")
    port = _free_port()
    try:
        subprocess.run([*run_as, initdb, "-D", data, "-A", "trust", "-U", "budgetlens",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        subprocess.run([*run_as, pg_ctl, "-D", data, "-l", log, "-w", "-o",
                        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start"], check=True, capture_output=True)
        yield f"postgresql://budgetlens@127.0.0.1:{port}"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run([*run_as, pg_ctl, "-D", data, "-m", "immediate", "stop"],
                           capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """URL prefix of a running private PostgreSQL server, for the whole session."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the postgres extra)")
    try:
        with private_postgres() as server:
            yield server
    except PostgresMissing as e:
        pytest.skip(str(e))


def new_postgres_db(server: str) -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(params=["duckdb", "postgres"])
def store_db(request, tmp_path):
    """A fresh, empty store of each kind, as a --db value."""
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return new_postgres_db(request.getfixturevalue("postgres_server"))


def migrated_from(engine, store_db: str, version: int):
    """Close ``engine`` on a store its test has set back to schema ``version``, check that the
    store says so, migrate it to this version of budgetlens, and reopen it."""
    from sqlalchemy import create_engine

    from budgetlens.store import schema
    from budgetlens.store.db import now, open_store, url_of

    engine.dispose()
    raw = create_engine(url_of(store_db))
    with raw.connect() as conn:
        assert schema.current_version(conn) == version
        assert schema.migrate(conn, now()) == schema.SCHEMA_VERSION
    raw.dispose()
    return open_store(store_db)
