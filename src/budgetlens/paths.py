"""Command-line arguments to document paths: a directory stands for the documents under it.

A directory is walked recursively (sorted, hidden entries skipped) and keeps the files whose
suffix is a document type the readers know; anything else given by name is kept as it is, so
that a missing or unreadable file still gets its own 'FILE: problem' line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

DOCUMENT_SUFFIXES = ("pdf", "xls", "xlsx", "xlsm", "doc", "docx", "html", "htm", "txt", "md")


def parse_suffixes(text: str) -> tuple[str, ...]:
    """'pdf, .XLS' -> ('pdf', 'xls')."""
    return tuple(s.strip().lstrip(".").lower() for s in text.split(",") if s.strip())


def expand(arguments: Iterable[str], suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> list[str]:
    """Each file argument as given; each directory as its documents, in a stable order."""
    out: list[str] = []
    for arg in arguments:
        if not os.path.isdir(arg):
            out.append(arg)
            continue
        found = []
        for root, dirs, files in os.walk(arg):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                if name.rsplit(".", 1)[-1].lower() in suffixes and "." in name:
                    found.append(os.path.join(root, name))
        out.extend(found if found else [arg])  # an empty directory keeps its own error line
    return out
