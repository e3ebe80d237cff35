"""The command line: a thin layer over the library API (pipeline, check, rules).

Exit status, like a linter: 0 clean, 1 an error-severity finding, 2 a file had no result.
``extract`` and ``check`` run each file in its own worker process under time and memory limits
(``batch.py``), so a file that cannot be read, crashes or hangs costs only its own result.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .paths import DOCUMENT_SUFFIXES
from .progress import progress_for

FORMAT_HELP = (
    "Output format: 'text' for a person, 'json' for a program (one object), "
    "'jsonl' (one JSON object per line, each as its document finishes), "
    "'html' (check only: one self-contained page to hand on, best with -o)."
)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _memory(ctx, param, value):
    from .isolate import parse_memory

    try:
        return parse_memory(str(value))
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


REPORT_HELP = (
    " Reports of the whole batch: 'csv' and 'xlsx' (a finance bureau's checklist columns), "
    "'sarif' (SARIF 2.1.0 for code-scanning viewers), 'github' (workflow annotations); "
    "'xlsx' needs -o FILE."
)


def batch_options(f=None, *, reports: bool = False):
    """Output format, workers and the per-document limits, shared by extract and check
    (``reports``: the file report formats too, for check)."""
    if f is None:
        return lambda g: batch_options(g, reports=reports)
    from .batch import FORMATS, REPORT_FORMATS

    f = limit_options(f)
    formats = FORMATS + (REPORT_FORMATS if reports else ())
    return click.option("--format", "fmt", type=click.Choice(formats), default="text",
                        help=FORMAT_HELP + (REPORT_HELP if reports else ""))(f)


def limit_options(f):
    """Workers and the per-document limits: every command that reads files reads them so."""
    from .isolate import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

    options = [
        click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
                     envvar="BUDGETLENS_WORKERS",
                     help="Documents worked on at once, each in its own process "
                          "(0: all in this process, without limits; for debugging)."),
        click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_SECONDS,
                     show_default=True, envvar="BUDGETLENS_TIMEOUT",
                     help="Seconds of processing allowed per document (0: no limit). A "
                          "document that waits instead of working is stopped once that time "
                          "has passed, any document at ten times it."),
        click.option("--memory", default=str(DEFAULT_MEMORY_MB), show_default=True,
                     callback=_memory, envvar="BUDGETLENS_MEMORY",
                     help="Memory allowed per document, in MB or with a unit (1500M, 2G; 0: no limit)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _run(job, files, workers: float, timeout: float, memory: int, out=None, writer=None) -> int:
    """Run a job over every file in isolated workers; the exit status."""
    return _run_result(job, files, workers, timeout, memory, out, writer).exit_code


def _run_result(job, files, workers: float, timeout: float, memory: int, out=None, writer=None):
    """Run a job over every file in isolated workers and write the output as it comes."""
    from .batch import WRITERS, run_batch, write_stdout
    from .isolate import Limits

    writer = writer or WRITERS[job.fmt](out or write_stdout)
    stderr = _console(stderr=True)

    def report_failure(path: str, problem: str) -> None:
        from .errors import ReadError
        from .report.plain import read_error_text

        stderr.print(read_error_text(ReadError(path, problem)))

    try:
        with progress_for(files, job.fmt) as progress:
            return run_batch(job, files, progress.wrap(writer), Limits(timeout, memory),
                             workers, report_failure=report_failure)
    except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
        sys.stderr.close()
        from .batch import BatchResult

        return BatchResult(failures=1)


def _style():
    from .batch import Style

    console = _console()
    return Style(console.color_system, console.width)


def _language(ctx: click.Context, param, value: str) -> None:
    """``--lang zh``: the help of every command in Chinese (eager: before ``--help``)."""
    if value == "zh":
        from .cli_zh import use_chinese

        use_chinese(ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetlens")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", envvar="BUDGETLENS_LANG",
              is_eager=True, expose_value=False, callback=_language,
              help="Language of the help: en or zh (budgetlens --lang zh check --help).")
def cli() -> None:
    """Read and check Chinese department budget and final-account disclosures
    (部门预算公开 / 部门决算公开).

    \b
    Example:
      budgetlens extract report.pdf --format json
      budgetlens check samples/*.md
      budgetlens rules A001
      budgetlens --lang zh check --help
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@batch_options
def extract(files: tuple[str, ...], fmt: str, workers: int, timeout: float, memory: int) -> None:
    """Turn documents into structured data: metadata, tables, claims and facts.

    Each document is read in its own process under the time and memory limits; a file that
    cannot be read gets one line on stderr (FILE: problem) and the others go on.

    \b
    Example:
      budgetlens extract samples/demo-county-office-2024-budget.md --format json > out.json
      budgetlens extract reports/*.pdf --format jsonl --workers 2
    """
    from .batch import ExtractJob
    from .paths import expand

    if fmt == "html":
        raise click.UsageError("--format html is a report of findings: use it with check")
    job = ExtractJob(fmt, _style())
    sys.exit(_run(job, expand(files), workers, timeout, memory))


def _report_writer(fmt: str, output: str | None):
    """The writer of a whole-batch report: to ``output``, else stdout (not for xlsx)."""
    from .batch import ReportWriter, write_stdout

    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a binary file: give it with -o FILE")

    def finish(documents: list[dict]) -> None:
        if fmt == "xlsx":
            from .report.sheets import write_xlsx

            write_xlsx(documents, output)
            return
        if fmt == "csv":
            from .report.sheets import render_csv

            text = render_csv(documents)
        elif fmt == "sarif":
            import json

            from .report.sarif import render

            text = json.dumps(render(documents), ensure_ascii=False, indent=2) + "\n"
        else:
            from .report.github import render

            text = render(documents)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            write_stdout(text)

    return ReportWriter(finish)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@batch_options(reports=True)
@click.option("--select", default="", help="Only these rule codes or prefixes, comma-separated (e.g. A,P001).")
@click.option("--ignore", default="", help="Skip these rule codes or prefixes, comma-separated.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout (required for xlsx).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Configuration file (default: budgetlens.toml, or [tool.budgetlens] in "
                   "pyproject.toml, nearest the working directory).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Report only findings not accepted in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write every finding of this run to FILE as the accepted baseline.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="Lowest severity that makes the exit status 1 (default: error).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule on stderr.")
@click.option("--extensions", default=",".join(DOCUMENT_SUFFIXES), show_default=True,
              help="File types read from a directory argument (walked recursively).")
@click.option("-q", "--quiet", is_flag=True, help="No report; only the exit status and problems.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also say on stderr which configuration and baseline were used.")
def check(files: tuple[str, ...], fmt: str, workers: int, timeout: float, memory: int,
          select: str, ignore: str, output: str | None, config_file: str | None,
          baseline: str | None, write_baseline: str | None, fail_on: str | None,
          statistics: bool, extensions: str, quiet: bool, verbose: bool) -> None:
    """Check every figure and every required part; report what is wrong and where.

    Exit status: 0 no error-severity finding, 1 at least one, 2 a file had no result (it
    could not be read, crashed, or ran past its time or memory limit).

    \b
    Example:
      budgetlens check samples/demo-county-office-2024-budget.md
      budgetlens check report.pdf --select A,X --format json
      budgetlens check reports/ --format xlsx -o findings.xlsx
      budgetlens check reports/*.pdf --workers 2 --timeout 60 --memory 1500M
      budgetlens check report.pdf --format html -o report.html
      budgetlens check reports/ --write-baseline accepted.json
      budgetlens check reports/ --baseline accepted.json --fail-on warning
    """
    from .batch import REPORT_FORMATS, CheckJob, Writer
    from .lint_config import Baseline, ConfigError, find_config, load_config, rule_patterns_problem
    from .paths import expand, parse_suffixes

    sel = tuple(s.strip() for s in select.split(",") if s.strip())
    ign = tuple(s.strip() for s in ignore.split(",") if s.strip())
    problem = rule_patterns_problem(sel + ign)
    if problem:
        raise click.UsageError(problem)
    try:
        source = Path(config_file) if config_file else find_config()
        config = load_config(source).with_options(fail_on=fail_on, baseline=baseline)
        accepted = Baseline.load(config.baseline) if config.baseline else None
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    stderr = _console(stderr=True)
    if verbose:
        stderr.print(f"configuration: {config.source or '(none)'}", markup=False)
        if config.baseline:
            stderr.print(f"baseline: {config.baseline}", markup=False)

    writer = None
    if quiet:
        writer = Writer(lambda _text: None)
    elif fmt in REPORT_FORMATS:
        writer = _report_writer(fmt, output)
    job = CheckJob("jsonl" if fmt in REPORT_FORMATS else fmt, sel or config.select or None,
                   ign or None, _style(), config, accepted)
    paths = expand(files, parse_suffixes(extensions))
    if output and writer is None:
        with open(output, "w", encoding="utf-8") as fh:
            result = _run_result(job, paths, workers, timeout, memory, fh.write)
    else:
        result = _run_result(job, paths, workers, timeout, memory, writer=writer)
    if write_baseline:
        fresh = Baseline()
        for path, keys in result.keys.items():
            fresh.add(path, keys)
        Path(write_baseline).write_text(fresh.dump(), encoding="utf-8")
    if statistics:
        from .report.statistics import statistics_text

        stderr.print(statistics_text(result.rules))
    sys.exit(result.exit_code)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=FORMAT_HELP)
@click.option("--versions", is_flag=True, help="The files are versions of one disclosure: list what changed.")
@limit_options
def compare(files: tuple[str, ...], fmt: str, versions: bool, workers: int, timeout: float,
            memory: int) -> None:
    """Check documents together: link them (department, year, 预算/决算, 部门/单位), check each
    split disclosure (说明 + 附表) as one, and run the cross-document rules (D).

    Each file is read like ``check`` reads it (its own process, the same limits); a file with
    no result is reported and left out, the others are still checked together.
    Exit status: 0 no error-severity finding, 1 at least one, 2 a file had no result.

    \b
    Example:
      budgetlens compare 043_narrative.pdf 044_tables.pdf 002_2017_tables.pdf
      budgetlens compare --versions old.pdf new.pdf
    """
    from .batch import preflight
    from .errors import ReadError
    from .isolate import Limits, imap_isolated
    from .pipeline import extract as run_extract
    from .report.plain import read_error_text

    stderr = _console(stderr=True)
    readable = []
    for path in files:
        problem = preflight(path)
        if problem:
            stderr.print(read_error_text(ReadError(path, problem)))
        else:
            readable.append(path)
    failed = len(readable) < len(files)
    extracted = {}
    for o in imap_isolated(run_extract, readable, Limits(timeout, memory), workers):
        if o.ok:
            extracted[o.index] = o.value
        else:
            stderr.print(read_error_text(ReadError(readable[o.index], o.failure.problem)))
            failed = True
    docs = [extracted[i] for i in sorted(extracted)]  # in the order given (versions: oldest first)
    if versions:
        from .report.together import render_versions

        render_versions(docs, fmt, click.echo)
        sys.exit(2 if failed else 0)
    from .report.together import check_together, render_together

    result = check_together(docs)
    render_together(result, fmt, click.echo)
    sys.exit(2 if failed else (1 if result.has_error else 0))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--finding", "number", type=click.IntRange(min=1),
              help="The finding to show, numbered as listed without this option.")
@click.option("--page", type=click.IntRange(min=1), help="Every finding on this PDF page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="PNG to write; without it, text documents are shown in the terminal.")
@click.option("--select", default="", help="Only these rule codes or prefixes, comma-separated.")
def show(file: str, number: int | None, page: int | None, output: str | None,
         select: str) -> None:
    """See findings where they stand: the PDF page with every involved cell and sentence
    boxed and labelled with its rule code; for other documents the flagged lines with context.

    Without --finding or --page, lists the findings with their numbers.

    \b
    Example:
      budgetlens show report.pdf
      budgetlens show report.pdf --finding 1 -o finding1.png
      budgetlens show report.pdf --page 13 -o page13.png
      budgetlens show report.md --finding 2
    """
    from .errors import ReadError
    from .show import ShowError, show_findings

    if number is not None and page is not None:
        raise click.UsageError("give --finding or --page, not both")
    sel = [s.strip() for s in select.split(",") if s.strip()] or None
    try:
        code = show_findings(file, number, page, output, sel, _console())
    except (ShowError, ReadError) as e:
        raise click.ClickException(str(e)) from None
    sys.exit(code)


@cli.command("debug-page")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("page", type=click.IntRange(min=1))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="PNG to write.")
def debug_page(file: str, page: int, output: str) -> None:
    """What the PDF reader saw on one page: ruling edges (red), table cells (blue, with their
    row,column), paragraphs (green) and images (orange) over the rendered page.

    \b
    Example:
      budgetlens debug-page report.pdf 13 -o page13.png
    """
    from .errors import ReadError
    from .render import PillowMissing

    try:
        from .readers.pdf_debug import draw_page

        click.echo(draw_page(file, page, output))
    except (PillowMissing, ReadError, ValueError) as e:
        raise click.ClickException(str(e)) from None


@cli.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or explain one rule by its code.

    \b
    Example:
      budgetlens rules
      budgetlens rules P001
      budgetlens rules E000   (a rule that crashed on a document)
    """
    from .rules import explain, rules_catalogue

    if code:
        try:
            click.echo(explain(code))
        except KeyError:
            raise click.ClickException(f"unknown rule code: {code}") from None
        return
    from .rules.engine import RULE_ERROR_CODE, RULE_ERROR_TITLE

    for rule in rules_catalogue():
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.name:<36} {rule.title}")
    click.echo(f"{RULE_ERROR_CODE}  {'error':<7}  {'rule.crashed':<36} {RULE_ERROR_TITLE}")
    from .rules.crossdoc import CROSS_REGISTRY

    for code in sorted(CROSS_REGISTRY):  # over two documents: `budgetlens compare`
        rule = CROSS_REGISTRY[code]
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.name:<36} {rule.title}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the --format json output of extract and check.

    \b
    Example:
      budgetlens schema > budgetlens.schema.json
    """
    import json

    from .schema import output_schema

    click.echo(json.dumps(output_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--db", default=None, help="Store: a DuckDB file (default budgetlens.duckdb) or a postgresql:// URL.")
@click.option("--uploads", "upload_dir", default="budgetlens-uploads", show_default=True,
              type=click.Path(file_okay=False), help="Folder where uploaded files are kept.")
@click.option("--token", envvar="BUDGETLENS_TOKEN", default=None,
              help="Access token for write operations (upload, verdicts); required beyond localhost.")
def serve(host: str, port: int, db: str | None, upload_dir: str, token: str | None) -> None:
    """Serve the reviewer's web app: upload documents, see findings on the page, browse the corpus.

    \b
    Example:
      budgetlens serve --port 8000
      BUDGETLENS_TOKEN=secret budgetlens serve --host 0.0.0.0
    """
    from .store import DEFAULT_DB

    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        raise click.ClickException(
            f"listening on {host} needs an access token for write operations: --token or BUDGETLENS_TOKEN")
    try:
        import uvicorn

        from .web.app import Settings, create_app
    except ImportError as e:
        raise click.ClickException(
            f"the web app needs its extra: pip install 'budgetlens[web]' ({e.name} is missing)") from None
    app = create_app(Settings(db=db or DEFAULT_DB, upload_dir=Path(upload_dir), token=token))
    uvicorn.run(app, host=host, port=port, log_level="info")


def _add_store_commands() -> None:
    from .store.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_store_commands()


def main() -> None:
    cli(prog_name="budgetlens")


if __name__ == "__main__":  # pragma: no cover
    main()
