"""Document text and file names as plain, printable text for a terminal or a JSON file.

Anything a document or a file name holds is data, never markup: it goes into rich ``Text``
objects (``[/]`` in a cell prints as written). Lone surrogates — left by broken PDF text maps
or by undecodable bytes in a file name — cannot be encoded, so each is shown as U+FFFD.
Line breaks and other control characters in a one-line message are shown escaped.
"""

from __future__ import annotations

import re

from rich.text import Text

from ..errors import ReadError

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def visible(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """``visible(text)`` with line breaks and control characters escaped ("\\n", "\\x1b")."""
    return _CONTROL.sub(_escape, visible(text))


def _escape(m: re.Match) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{ord(ch):02x}")


def read_error_text(e: ReadError) -> Text:
    """'error: FILE: problem' on one line, the file name and problem as plain text."""
    t = Text("error", style="bold red")
    t.append(f": {one_line(e.path)}: {one_line(e.problem)}")
    return t
