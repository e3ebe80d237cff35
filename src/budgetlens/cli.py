"""The command line: a thin layer over the library API (pipeline, check, rules).

Exit status, like a linter: 0 clean, 1 an error-severity finding, 2 a file could not be read.
A batch always goes on with the other files when one cannot be read.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import ReadError

FORMAT_HELP = "Output format: 'text' for a person, 'json' for a program."


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _report_read_error(e: ReadError) -> None:
    from .report.plain import read_error_text

    _console(stderr=True).print(read_error_text(e))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetlens")
def cli() -> None:
    """Read and check Chinese department budget and final-account disclosures
    (部门预算公开 / 部门决算公开).

    \b
    Example:
      budgetlens extract report.pdf --format json
      budgetlens check samples/*.md
      budgetlens rules A001
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=FORMAT_HELP)
def extract(files: tuple[str, ...], fmt: str) -> None:
    """Turn documents into structured data: metadata, tables, claims and facts.

    \b
    Example:
      budgetlens extract samples/demo-county-office-2024-budget.md --format json > out.json
    """
    from .pipeline import extract as run_extract
    from .serialize import dumps, extraction_dict

    results, failed = [], False
    for path in files:
        try:
            results.append(run_extract(path))
        except ReadError as e:
            _report_read_error(e)
            failed = True
    if fmt == "json":
        click.echo(dumps({"documents": [extraction_dict(x) for x in results]}))
    else:
        from .report.extract_text import render_extraction

        console = _console()
        for x in results:
            render_extraction(x, console)
    sys.exit(2 if failed else 0)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=FORMAT_HELP)
@click.option("--select", default="", help="Only these rule codes or prefixes, comma-separated (e.g. A,P001).")
@click.option("--ignore", default="", help="Skip these rule codes or prefixes, comma-separated.")
def check(files: tuple[str, ...], fmt: str, select: str, ignore: str) -> None:
    """Check every figure and every required part; report what is wrong and where.

    Exit status: 0 no error-severity finding, 1 at least one, 2 a file could not be read.

    \b
    Example:
      budgetlens check samples/demo-county-office-2024-budget.md
      budgetlens check report.pdf --select A,X --format json
    """
    from .check import check_path
    from .report import json as json_report

    sel = [s.strip() for s in select.split(",") if s.strip()] or None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] or None
    results, failed = [], False
    for path in files:
        try:
            results.append(check_path(path, select=sel, ignore=ign))
        except ReadError as e:
            _report_read_error(e)
            failed = True
    if fmt == "json":
        from .serialize import dumps

        click.echo(dumps(json_report.render(results)))
    else:
        from .report import text as text_report  # rich: only for a person's report

        text_report.render(results, _console())
    has_error = any(f.severity == "error" for r in results for f in r.findings)
    sys.exit(2 if failed else (1 if has_error else 0))


@cli.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or explain one rule by its code.

    \b
    Example:
      budgetlens rules
      budgetlens rules P001
    """
    from .rules import explain, rules_catalogue

    if code:
        try:
            click.echo(explain(code))
        except KeyError:
            raise click.ClickException(f"unknown rule code: {code}") from None
        return
    for rule in rules_catalogue():
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.name:<36} {rule.title}")


def main() -> None:
    cli(prog_name="budgetlens")


if __name__ == "__main__":  # pragma: no cover
    main()
