"""Many files through the isolated worker, each result written out as soon as it is ready.

Each file is a job of its own (``isolate.imap_isolated``): a file that cannot be read, that
crashes a native library, hangs or eats memory ends as one line on stderr (``FILE: problem``)
and an entry in the output, and every other file still gets its result. The worker renders
its document itself (JSON text or the person's report), so only text crosses back and the
rendering runs in parallel too. Output order: ``text`` and ``json`` follow the order of the
arguments, written as soon as every earlier file is done; ``jsonl`` writes each document on
its own line the moment it finishes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from io import StringIO
from typing import TextIO

from .errors import ReadError
from .isolate import Failure, Limits, Outcome, imap_isolated
from .lint_config import Baseline, LintConfig
from .report.plain import one_line, read_error_text, visible

FORMATS = ("text", "json", "jsonl", "html")
#: Reports written by the parent from every document's JSON once all are done.
REPORT_FORMATS = ("csv", "xlsx", "sarif", "github")


@dataclass(slots=True)
class Rendered:
    """What a worker sends back for one document: its output, and whether it has errors."""

    body: str
    has_error: bool = False
    keys: list[str] = field(default_factory=list)  # verdict keys of every finding (baselines)
    rules: dict[str, int] = field(default_factory=dict)  # findings reported, per rule


@dataclass(frozen=True, slots=True)
class Style:
    """How the parent's terminal shows text, so that a worker renders for it."""

    color_system: str | None = None
    width: int = 100

    def console(self, file: TextIO):
        from rich.console import Console

        return Console(file=file, force_terminal=self.color_system is not None,
                       color_system=self.color_system, width=self.width,
                       highlight=False, soft_wrap=True)


@dataclass(frozen=True, slots=True)
class CheckJob:
    """``budgetlens check`` for one file, rendered in ``fmt``."""

    fmt: str = "json"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    style: Style = Style()
    config: LintConfig = LintConfig()
    baseline: Baseline | None = None

    def __call__(self, path: str) -> Rendered:
        from collections import Counter

        from .check import check_extraction
        from .disclosure_gate import extract_disclosure
        from .lint_config import fails, override_severity
        from .verdicts import finding_key

        ignore = (self.ignore or ()) + self.config.ignores_for(path)
        r = check_extraction(extract_disclosure(path), select=_list(self.select),
                             ignore=_list(ignore))
        override_severity(r.findings, self.config.severity)
        keys = [finding_key(f) for f in r.findings]
        if self.baseline is not None:
            listed = self.baseline.accepts(path, r.findings)
            r.findings = [f for f, known in zip(r.findings, listed, strict=True) if not known]
        has_error = fails(r.findings, self.config.fail_on)
        rules = dict(Counter(f.rule for f in r.findings))
        rendered = self._render(r, has_error)
        rendered.keys, rendered.rules = keys, rules
        return rendered

    def _render(self, r, has_error: bool) -> Rendered:
        if self.fmt == "text":
            from .report import text as text_report

            buf = StringIO()
            text_report.render([r], self.style.console(buf))
            return Rendered(safe_text(buf.getvalue()), has_error)
        if self.fmt == "html":
            from .report.html import document_html

            return Rendered(document_html(r), has_error)
        from .report.json import document_dict

        return Rendered(_json_body(document_dict(r), self.fmt), has_error)


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """``budgetlens extract`` for one file, rendered in ``fmt``."""

    fmt: str = "json"
    style: Style = Style()

    def __call__(self, path: str) -> Rendered:
        from .disclosure_gate import extract_disclosure

        x = extract_disclosure(path)
        if self.fmt == "text":
            from .report.extract_text import render_extraction

            buf = StringIO()
            render_extraction(x, self.style.console(buf))
            return Rendered(safe_text(buf.getvalue()))
        from .serialize import extraction_dict

        return Rendered(_json_body(extraction_dict(x), self.fmt))


def _list(codes: tuple[str, ...] | None) -> list[str] | None:
    return list(codes) if codes else None


def _json_body(obj: dict, fmt: str) -> str:
    if fmt == "jsonl":
        return safe_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return safe_text("    " + text.replace("\n", "\n    "))  # nested under "documents"


def safe_text(text: str) -> str:
    """Text that encodes as UTF-8: a lone surrogate becomes U+FFFD, visibly."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return visible(text)


def error_line(path: str, problem: str) -> str:
    """'error: FILE: problem' on one line, as plain text (report/plain.py)."""
    return read_error_text(ReadError(path, problem)).plain


def preflight(path: str) -> str | None:
    """Why an argument cannot be a document, found without opening it in a worker."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot open file ({e.strerror or e})"
    import stat

    if stat.S_ISDIR(st.st_mode):
        return "is a directory, not a document"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if not os.access(path, os.R_OK):
        return "cannot open file (permission denied)"
    return None


# Modules a worker never needs: the command line itself and a drawing tool for debugging.
_NOT_PRELOADED = ("budgetlens.cli", "budgetlens.readers.pdf_debug", "budgetlens.__main__")


def preload() -> None:
    """Import the whole package once in the parent, so that each forked worker starts warm
    (the pipeline imports many of its modules inside functions)."""
    import pkgutil

    import budgetlens

    for module in pkgutil.walk_packages(budgetlens.__path__, "budgetlens."):
        if module.name not in _NOT_PRELOADED:
            try:
                import_module(module.name)
            except ImportError:  # an optional extra that is not installed
                pass


# ---------------------------------------------------------------------------
# Writers: one per output format, fed in finishing order
# ---------------------------------------------------------------------------


class Writer:
    """Receives each file's outcome; ``ordered`` writers get them in argument order."""

    ordered = True

    def __init__(self, out: Callable[[str], None]):
        self.out = out

    def begin(self) -> None:
        pass

    def document(self, path: str, body: str) -> None:
        self.out(body)

    def failure(self, path: str, problem: str) -> None:
        pass

    def end(self) -> None:
        pass


class JsonWriter(Writer):
    """One JSON object, written piece by piece: {"documents": [...], "errors": [...]}."""

    def __init__(self, out: Callable[[str], None]):
        super().__init__(out)
        self.count = 0
        self.errors: list[dict] = []

    def begin(self) -> None:
        self.out('{\n  "documents": [')

    def document(self, path: str, body: str) -> None:
        self.out(("," if self.count else "") + "\n" + body)
        self.count += 1

    def failure(self, path: str, problem: str) -> None:
        self.errors.append({"path": visible(path), "error": visible(problem)})

    def end(self) -> None:
        errors = json.dumps(self.errors, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.out(("\n  " if self.count else "") + f'],\n  "errors": {errors}\n}}\n')


class JsonlWriter(Writer):
    """One JSON object per line, each as its document finishes; a failure is
    {"path": ..., "error": ...}."""

    ordered = False

    def document(self, path: str, body: str) -> None:
        self.out(body + "\n")

    def failure(self, path: str, problem: str) -> None:
        self.out(json.dumps({"path": visible(path), "error": visible(problem)},
                            ensure_ascii=False) + "\n")


class HtmlWriter(Writer):
    """One self-contained HTML page: each document's section, then the files that failed."""

    def __init__(self, out: Callable[[str], None]):
        super().__init__(out)
        self.errors: list[tuple[str, str]] = []

    def begin(self) -> None:
        from .report.html import head

        self.out(head())

    def failure(self, path: str, problem: str) -> None:
        self.errors.append((path, problem))

    def end(self) -> None:
        from .report.html import tail

        self.out(tail(self.errors))


WRITERS: dict[str, type[Writer]] = {"text": Writer, "json": JsonWriter, "jsonl": JsonlWriter,
                                    "html": HtmlWriter}


class ReportWriter(Writer):
    """Collects every document's JSON (workers render ``jsonl`` for these formats) and hands
    the list to ``finish`` at the end: a report is one file about the whole batch."""

    def __init__(self, finish: Callable[[list[dict]], None]):
        super().__init__(lambda _text: None)
        self.finish = finish
        self.documents: list[dict] = []

    def document(self, path: str, body: str) -> None:
        self.documents.append(json.loads(body))

    def end(self) -> None:
        self.finish(self.documents)


@dataclass(slots=True)
class BatchResult:
    documents: int = 0
    failures: int = 0
    has_error: bool = False
    keys: dict[str, list[str]] = field(default_factory=dict)  # path -> every finding's key
    rules: dict[str, int] = field(default_factory=dict)  # findings reported, per rule

    @property
    def exit_code(self) -> int:
        """Like a linter: 2 a file had no result, 1 an error-severity finding, 0 clean."""
        return 2 if self.failures else (1 if self.has_error else 0)


def run_batch(
    job: Callable[[str], Rendered],
    paths: Sequence[str],
    writer: Writer,
    limits: Limits | None = None,
    workers: int = 1,
    report_failure: Callable[[str, str], None] | None = None,
    report_stderr: Callable[[str], None] | None = None,
) -> BatchResult:
    """Run ``job`` over ``paths`` in isolated workers, feeding ``writer`` as results come."""
    limits = limits or Limits()
    report_failure = report_failure or _print_stderr
    report_stderr = report_stderr or (lambda s: sys.stderr.write(s))
    result = BatchResult()
    finished: dict[int, tuple[str, Rendered | Failure]] = {}
    next_out = 0

    def deliver(index: int, path: str, value: Rendered | Failure) -> None:
        nonlocal next_out
        if isinstance(value, Failure):
            result.failures += 1
            report_failure(path, value.problem)
        else:
            result.documents += 1
            result.has_error |= value.has_error
            result.keys[path] = value.keys
            for code, n in value.rules.items():
                result.rules[code] = result.rules.get(code, 0) + n
        if not writer.ordered:
            _write(writer, path, value)
            return
        finished[index] = (path, value)
        while next_out in finished:
            _write(writer, *finished.pop(next_out))
            next_out += 1

    writer.begin()
    runnable: list[tuple[int, str]] = []
    for index, path in enumerate(paths):
        problem = preflight(path)
        if problem:
            deliver(index, path, Failure("error", problem))
        else:
            runnable.append((index, path))
    if len(runnable) > 1:  # one file: the worker imports only what it needs
        preload()
    outcomes: Iterable[Outcome] = imap_isolated(job, [p for _, p in runnable], limits, workers)
    for o in outcomes:
        index, path = runnable[o.index]
        if o.stderr:  # what the worker's libraries said, each line naming the file
            name = one_line(path)
            report_stderr("".join(f"{name}: {line}\n" for line in o.stderr.splitlines() if line.strip()))
        deliver(index, path, o.value if o.ok else o.failure)
    writer.end()
    return result


def _write(writer: Writer, path: str, value: Rendered | Failure) -> None:
    if isinstance(value, Failure):
        writer.failure(path, value.problem)
    else:
        writer.document(path, value.body)


def _print_stderr(path: str, problem: str) -> None:
    sys.stderr.write(error_line(path, problem) + "\n")
    sys.stderr.flush()


def write_stdout(text: str) -> None:
    """Write and flush at once, so that a reader of a pipe sees each document as it is done."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.write(text.encode(sys.stdout.encoding or "utf-8", "replace").decode(
            sys.stdout.encoding or "utf-8", "replace"))
    sys.stdout.flush()
