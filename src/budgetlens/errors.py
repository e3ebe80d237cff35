"""Errors a person sees: each names the file and says what is wrong with it."""

from __future__ import annotations


class ReadError(Exception):
    """A file could not be read as a disclosure document.

    ``problem`` is one short phrase for the person ("encrypted PDF", "zero-byte file",
    "scanned PDF: pages 1-12 have no text layer"); ``str()`` always names the file.
    """

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
