"""The store on DuckDB and on PostgreSQL: the same tests, the same code path."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

import store_backends
from budgetlens.check import check_path
from budgetlens.isolate import Limits
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from budgetlens.store.recheck import recheck
from budgetlens.store.schema import (
    SCHEMA_VERSION,
    documents,
    facts,
    failures,
    findings,
    schema_version,
)
from budgetlens.store.views import VIEWS, run_sql, run_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [str(ROOT / "samples" / n) for n in (
    "demo-county-office-2024-budget.md",
    "demo-finance-bureau-2023-final.txt",
    "demo-transport-2024-budget.html",
)]
LIMITS = Limits(60, 2048)
postgres_server = store_backends.postgres_server  # fixtures
store_db = store_backends.store_db


def _count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_ingest_stores_what_check_finds_and_skips_stored_content(store_db):
    engine = open_store(store_db)
    first = ingest(engine, SAMPLES, LIMITS, workers=2)
    assert (first.stored, first.skipped, first.failed) == (3, 0, 0)
    for path in SAMPLES:
        direct = check_path(path)
        with engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.path == path)).one()
        assert row.findings_count == len(direct.findings)
        assert row.facts_count == len(direct.extraction.facts)
        assert _count(engine, facts, facts.c.document == row.hash) == row.facts_count
        assert _count(engine, findings, findings.c.document == row.hash) == row.findings_count
    again = ingest(engine, SAMPLES, LIMITS, workers=1)
    assert (again.stored, again.skipped) == (0, 3)
    assert _count(engine, documents) == 3
    with engine.connect() as conn:
        assert conn.execute(select(func.max(schema_version.c.version))).scalar() == SCHEMA_VERSION


def test_amounts_are_exact_decimals_in_the_views(store_db):
    engine = open_store(store_db)
    ingest(engine, SAMPLES[:1], LIMITS)
    columns, data = run_view(engine, "department-years", department="示范县")
    row = dict(zip(columns, data[0], strict=True))
    # samples/demo-county-office-2024-budget.md: 本年支出合计 1,185.00 (万元)
    assert row["year"] == 2024 and row["kind"] == "budget"
    assert row["expenditure_wan"] == Decimal("1185.00")
    for name in VIEWS:
        run_view(engine, name)  # every view runs on this backend


def test_a_bad_file_is_a_failure_row_and_the_others_are_stored(store_db, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    engine = open_store(store_db)
    result = ingest(engine, [str(bad), SAMPLES[0]], LIMITS, workers=2)
    assert (result.stored, result.failed) == (1, 1), result.failures
    with engine.connect() as conn:
        row = conn.execute(select(failures)).one()
    assert row.path == str(bad) and row.problem


def test_a_readme_in_a_directory_is_a_failure_row_not_a_document(store_db, tmp_path):
    import shutil

    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports)
    (reports / "README.md").write_text(
        "# Reports\n\nThe department disclosures collected for review, one file each.\n"
        "Run the checks before the meeting and file the findings with the bureau.\n",
        encoding="utf-8")
    engine = open_store(store_db)
    result = ingest(engine, [str(reports)], LIMITS, workers=2)
    assert (result.stored, result.failed) == (1, 1), result.failures
    with engine.connect() as conn:
        paths = list(conn.execute(select(documents.c.path)).scalars())
        failed = conn.execute(select(failures)).one()
    assert paths == [str(reports / Path(SAMPLES[0]).name)]
    assert failed.path == str(reports / "README.md") and failed.kind == "error"
    assert failed.problem.startswith("not a budget or final-account disclosure")


def test_recheck_rebuilds_the_findings_from_the_store(store_db):
    engine = open_store(store_db)
    ingest(engine, SAMPLES, LIMITS)
    before = run_sql(engine, "SELECT document, ordinal, rule, severity, message FROM findings "
                             "ORDER BY document, ordinal")[1]
    with engine.begin() as conn:
        conn.execute(findings.delete())
    result = recheck(engine)
    assert result.documents == 3
    after = run_sql(engine, "SELECT document, ordinal, rule, severity, message FROM findings "
                            "ORDER BY document, ordinal")[1]
    assert after == before and len(after) > 10


def test_recheck_applies_a_rule_selection(store_db):
    engine = open_store(store_db)
    ingest(engine, SAMPLES[:1], LIMITS)
    recheck(engine, select_rules=["A"])
    rules = {r[0] for r in run_sql(engine, "SELECT DISTINCT rule FROM findings")[1]}
    assert rules and all(r.startswith("A") for r in rules)
    with engine.connect() as conn:
        n = conn.execute(select(documents.c.findings_count)).scalar()
    assert n == _count(engine, findings)


def test_export_keeps_decimals_and_writes_a_fiscal_data_package(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from budgetlens.store.export import export

    engine = open_store(str(tmp_path / "s.duckdb"))
    ingest(engine, SAMPLES, LIMITS)
    written = export(engine, str(tmp_path / "out"), "parquet")
    assert {Path(p).name for p in written} >= {"facts.parquet", "findings.parquet",
                                                "tables.parquet", "datapackage.json"}
    fact_table = pq.read_table(tmp_path / "out" / "facts.parquet")
    assert fact_table.schema.field("value").type == pa.decimal128(38, 10)
    values = set(fact_table.column("value").to_pylist())
    assert Decimal("1185.00") in values
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert package["profile"] == "fiscal-data-package"
    assert package["model"]["measures"]["amount"]["source"] == "value_wan"
    leaf = (tmp_path / "out" / "leaf-rows.csv").read_text().splitlines()
    assert len(leaf) > 10
    export(engine, str(tmp_path / "csv"), "csv")
    assert (tmp_path / "csv" / "facts.csv").read_text().count("\n") == fact_table.num_rows + 1


def test_the_store_commands_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    from budgetlens.cli import cli

    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    r = runner.invoke(cli, ["ingest", SAMPLES[0], "--db", db, "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"stored: {SAMPLES[0]}")
    r = runner.invoke(cli, ["query", "department-years", "--db", db, "--format", "json"])
    assert json.loads(r.stdout)[0]["expenditure_wan"] == "1185.0000000000"
    r = runner.invoke(cli, ["query", "--db", db, "--format", "csv", "--sql",
                            "SELECT COUNT(*) AS n FROM documents"])
    assert r.stdout.splitlines() == ["n", "1"]
    r = runner.invoke(cli, ["recheck", "--db", db])
    assert r.exit_code == 0 and r.stdout.startswith("1 documents rechecked")
    r = runner.invoke(cli, ["export", "--db", db, "--format", "csv", "-o", str(tmp_path / "x")])
    assert r.exit_code == 0 and "datapackage.json" in r.stdout
    r = runner.invoke(cli, ["query", "--db", db])
    assert r.exit_code == 2 and "department-years" in r.output


def test_a_version_1_store_is_migrated_and_its_figures_filled(store_db):

    from budgetlens.store import schema

    engine = open_store(store_db)
    ingest(engine, SAMPLES[:1], LIMITS)
    expected = run_sql(engine, "SELECT document, concept, value_wan FROM figures "
                               "ORDER BY document, concept")[1]
    assert ("expenditure.total", Decimal("1185.00")) in {r[1:] for r in expected}
    with engine.begin() as conn:  # back to version 1: no figures table
        schema.figures.drop(conn)
        conn.execute(schema_version.delete().where(schema_version.c.version > 1))
    engine = store_backends.migrated_from(engine, store_db, 1)
    assert run_sql(engine, "SELECT document, concept, value_wan FROM figures "
                           "ORDER BY document, concept")[1] == expected
