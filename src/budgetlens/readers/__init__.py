"""Readers: one module per format, each with ``read(path) -> Document``.

The format is detected from the file's content (magic bytes, markup), falling back to the
name only where content cannot tell (plain text vs markdown). Nothing downstream knows
which reader produced a Document.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module

from ..errors import ReadError
from ..model import Document
from .office_zip import member_names

# format name -> "module:function"; modules are imported lazily so that a missing optional
# dependency only affects the files that need it.
READERS: dict[str, str] = {
    "text": "budgetlens.readers.text:read",
    "markdown": "budgetlens.readers.text:read",
    "pdf": "budgetlens.readers.pdf:read",
    "xlsx": "budgetlens.readers.spreadsheet:read",
    "xls": "budgetlens.readers.spreadsheet:read",
    "ods": "budgetlens.readers.spreadsheet:read",
    "docx": "budgetlens.readers.docx:read",
    "doc": "budgetlens.readers.doc:read",
    "html": "budgetlens.readers.html:read",
}

MAX_FILE_BYTES = 512 * 1024 * 1024


def detect_format(path: str) -> str:
    """Tell the format from the first bytes; the file name only breaks ties."""
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise ReadError(path, f"cannot open file ({e.strerror or e})") from None
    if size == 0:
        raise ReadError(path, "zero-byte file: nothing to read")
    if size > MAX_FILE_BYTES:
        raise ReadError(path, f"file too large ({size // (1024 * 1024)} MB > 512 MB)")
    with open(path, "rb") as f:
        head = f.read(8192)
    name = path.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .xls or .doc
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in _ole_peek(path):
            return "doc"
        return "doc" if name.endswith(".doc") else "xls"
    if head.startswith(b"PK\x03\x04"):
        names = set(member_names(path))
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        raise ReadError(path, "ZIP archive that is neither a Word nor an Excel document")
    sniff = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if (
        sniff.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<body" in sniff
        or b"<table" in sniff
    ):
        return "html"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".md"):
        return "markdown"
    if (
        name.endswith(_BINARY_SUFFIXES)
        and b"\x00" in head
        and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        suffix = name.rsplit(".", 1)[-1]
        raise ReadError(
            path,
            f"named .{suffix} but its content is not a workbook, Word document, PDF or web page",
        )
    return "text"


# Names that promise a binary format: binary content without its signature is not text.
_BINARY_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".docx", ".doc", ".pdf", ".et", ".wps")


def _ole_peek(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(256 * 1024)


def get_reader(fmt: str) -> Callable[[str], Document]:
    target = READERS.get(fmt)
    if target is None:
        raise KeyError(fmt)
    mod, func = target.split(":")
    return getattr(import_module(mod), func)


def read(path: str, fmt: str | None = None) -> Document:
    """Read any supported file into a Document; raises ReadError with a clear message."""
    fmt = fmt or detect_format(path)
    try:
        reader = get_reader(fmt)
    except (KeyError, ImportError) as e:
        raise ReadError(path, f"no reader available for format '{fmt}' ({e})") from None
    try:
        return reader(path)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(path, "file too large to read within memory limits") from None
    except Exception as e:  # a reader bug or a damaged file: never a traceback for the person
        raise ReadError(path, f"could not read {fmt} file: {type(e).__name__}: {e}") from e
    except BaseException as e:
        # A native library's panic (pyo3's PanicException, e.g. calamine on a damaged XLS)
        # derives from BaseException; only an interrupt or an exit may pass.
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise ReadError(path, f"damaged {fmt} file: the {fmt} library failed on it "
                              f"({type(e).__name__}: {e})") from e
