"""The store's commands: ingest, recheck, query, export (registered on the main CLI)."""

from __future__ import annotations

import sys

import click

from . import DEFAULT_DB

DB_HELP = ("The store: a DuckDB file path, or a postgresql://user@host:port/db URL "
           f"(default {DEFAULT_DB}).")


def db_option(f):
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="BUDGETLENS_DB",
                        help=DB_HELP)(f)


def _engine(db: str):
    from .db import open_store

    try:
        return open_store(db)
    except Exception as e:
        raise click.ClickException(f"cannot open the store {db}: {e}") from None


def _progress(total_files: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(TextColumn("files"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[pages]} pages · {task.fields[findings]} findings · "
                               "{task.fields[failures]} failures"),
                    TimeElapsedColumn(), console=console, transient=False,
                    disable=not console.is_terminal)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              envvar="BUDGETLENS_WORKERS",
              help="Documents worked on at once, each in its own process (with --engine dask: "
                   "worker processes of the local cluster).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, envvar="BUDGETLENS_TIMEOUT",
              help="Seconds of processing allowed per document (0: no limit).")
@click.option("--memory", default=None, envvar="BUDGETLENS_MEMORY",
              help="Memory allowed per document, in MB or with a unit (1500M, 2G; 0: no limit).")
@click.option("--engine", "engine_name", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where documents are worked on: local processes, or a "
                                      "Dask cluster (a local one unless --scheduler is given).")
@click.option("--scheduler", default=None, help="A Dask scheduler address (tcp://HOST:PORT); "
                                               "implies --engine dask.")
def ingest(paths, db, workers, timeout, memory, engine_name, scheduler) -> None:
    """Read, check and store documents (files, or directories searched recursively).

    A file whose content is already stored is skipped, so an interrupted run is resumed by
    running it again. Each document is stored whole or not at all; a file that cannot be read
    is a row of the failures table and the others go on. One line per file on stdout.

    \b
    Example:
      budgetlens ingest reports/ --workers 2
      budgetlens ingest reports/ --db postgresql://budget@localhost/budget
      budgetlens ingest /shared/reports --scheduler tcp://10.0.0.5:8786
    """
    from ..isolate import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Limits, parse_memory
    from .ingest import ingest as run_ingest

    try:
        mem = parse_memory(memory) if memory is not None else DEFAULT_MEMORY_MB
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--memory") from None
    limits = Limits(DEFAULT_SECONDS if timeout is None else timeout, mem)
    engine = _engine(db)
    state = {"pages": 0, "findings": 0, "failures": 0}
    progress = _progress(0)
    task = progress.add_task("ingest", total=None, **state)

    def listener(event: str, path: str, detail) -> None:
        from ..report.plain import one_line

        if event == "stored":
            state["pages"] += detail.pages
            state["findings"] += detail.findings
            line = f"stored: {one_line(path)} ({detail.findings} findings)"
        elif event == "failed":
            state["failures"] += 1
            line = f"failed: {one_line(path)}: {one_line(detail.problem)}"
        else:
            line = f"skipped: {one_line(path)} (already stored)"
        progress.update(task, advance=1, **state)
        progress.console.file.flush()
        click.echo(line)
        sys.stdout.flush()

    with progress:
        result = run_ingest(engine, paths, limits, workers, scheduler, engine_name, listener,
                            on_start=lambda n: progress.update(task, total=n))
    click.echo(f"{result.stored} stored, {result.skipped} skipped, {result.failed} failed; "
               f"{result.pages} pages, {result.findings} findings", err=True)
    sys.exit(2 if result.failed else 0)


@click.command()
@db_option
@click.option("--select", "select_", default="", help="Only these rule codes or prefixes.")
@click.option("--ignore", default="", help="Skip these rule codes or prefixes.")
def recheck(db, select_, ignore) -> None:
    """Run the rules again on every stored document, without reading the files.

    A document whose stored extraction cannot be read back (damaged, or not written by
    budgetlens) is named on stderr and keeps its findings (exit 2): ingest its file again.

    \b
    Example:
      budgetlens recheck --db budgetlens.duckdb
    """
    from ..report.plain import one_line
    from .recheck import recheck as run_recheck

    sel = [s.strip() for s in select_.split(",") if s.strip()] or None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] or None
    r = run_recheck(_engine(db), sel, ign)
    for path, why in r.unreadable:
        click.echo(f"not rechecked: {one_line(path)}: {one_line(why)}", err=True)
    click.echo(f"{r.documents} documents rechecked, {r.findings} findings, "
               f"{r.changed} documents with a different number of findings")
    if r.unreadable:
        sys.exit(2)


def _views_help() -> str:
    from .views import VIEWS

    return "\n".join(f"  {v.name:<18} {v.title}" for v in VIEWS.values())


@click.command()
@click.argument("view", required=False)
@db_option
@click.option("--sql", default=None, help="Plain SQL to run instead of a named view.")
@click.option("--department", default=None, help="Only departments whose name contains this.")
@click.option("--concept", default=None, help="peers: the concept to rank on "
                                             "(sangong.total, admin_operating …).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def query(view, db, sql, department, concept, fmt) -> None:
    """Run a named view or plain SQL on the store.

    \b
    Views: department-years, peers, findings-by-rule, completeness.
    Example:
      budgetlens query department-years --department 检察院
      budgetlens query peers --concept admin_operating
      budgetlens query --sql "SELECT rule, COUNT(*) FROM findings GROUP BY rule"
    """
    from .views import VIEWS, run_sql, run_view

    engine = _engine(db)
    if sql:
        columns, data = run_sql(engine, sql)
    elif view in VIEWS:
        columns, data = run_view(engine, view, department, concept)
    else:
        raise click.UsageError(f"name a view or give --sql; views:\n{_views_help()}")
    _print_rows(columns, data, fmt)


def _print_rows(columns: list[str], data: list[tuple], fmt: str) -> None:
    if fmt == "json":
        import json

        click.echo(json.dumps([dict(zip(columns, r, strict=True)) for r in data],
                              ensure_ascii=False, default=str, indent=1))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(columns)
        w.writerows(data)
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(*columns)
        for r in data:
            t.add_row(*(_cell(v) for v in r))
        Console(highlight=False).print(t)


def _cell(v) -> str:
    from decimal import Decimal

    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v.normalize():f}"
    return str(v)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet",
              show_default=True)
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory to write into.")
def export(db, fmt, out_dir) -> None:
    """Export documents, tables, facts and findings (Decimals as decimals), and leaf rows as a
    Fiscal Data Package (leaf-rows.csv + datapackage.json).

    \b
    Example:
      budgetlens export --format parquet -o out/
    """
    from .export import export as run_export

    for path in run_export(_engine(db), out_dir, fmt):
        click.echo(path)


COMMANDS = (ingest, recheck, query, export)
