"""A progress bar on stderr for long batches, only where a person watches a terminal.

Shown when more than a few files are checked, stderr is a terminal and the report does not go
to that same terminal as it is written (it would tear the bar): never in a pipe, a log or CI.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

MIN_FILES = 4


class _NoProgress:
    def wrap(self, writer):
        return writer


class _Counting:
    """A writer proxy that advances the bar as each document or failure is written."""

    def __init__(self, writer, advance):
        self._writer, self._advance = writer, advance
        self.ordered = writer.ordered

    def begin(self):
        self._writer.begin()

    def document(self, path, body):
        self._writer.document(path, body)
        self._advance()

    def failure(self, path, problem):
        self._writer.failure(path, problem)
        self._advance()

    def end(self):
        self._writer.end()


class _Bar:
    def __init__(self, progress, task):
        self.progress, self.task = progress, task

    def wrap(self, writer):
        return _Counting(writer, lambda: self.progress.advance(self.task))


def wanted(n_files: int, fmt: str) -> bool:
    if n_files < MIN_FILES or not sys.stderr.isatty():
        return False
    return fmt != "text" or not sys.stdout.isatty()


@contextmanager
def progress_for(files, fmt: str):
    if not wanted(len(files), fmt):
        yield _NoProgress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        yield _Bar(progress, progress.add_task("budgetlens", total=len(files)))
