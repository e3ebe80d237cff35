"""Reader for plain text (.txt) and markdown (.md) disclosures.

Converted disclosures carry their tables in two shapes, both handled here in one pass:

* tab-separated rows (one table row per line, one field per tab-separated slot): a contiguous
  run of such lines becomes one ``Grid`` whose cells sit at their exact column index;
* "flattened" tables, one cell per line, each line indented by a single tab, rows separated by
  blank lines: each such region is handed to ``budgetlens.readers.flattened.rebuild``.

Every other non-empty line is one ``Paragraph`` (markdown markup stripped), so that notes such
as "单位：万元" or "注：…" keep their own line number for the reports.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from ..errors import ReadError
from ..model import Block, Cell, Document, Grid, Location, Paragraph
from ..numbers import is_placeholder
from .text_decode import decode_bytes, split_lines

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")

_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_BULLET_RE = re.compile(r"^[-*+]\s+")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_RESIDUE_RE = re.compile(r"\[bookmark:[^\]]*\]")  # Word bookmarks left by converters
_STRIP_CHARS = " \t\r\f\v\u3000\xa0\ufeff"

# A lone line inside a flattened table that is *not* a cell: the table's unit, note or title.
_TABLE_NOTE_RE = re.compile(r"^(?:(?:金额)?单位[：:]|注[：:1-9一]|表[一二三四五六七八九十\d]+)")
# A short unindented line right after a cell line is the rest of that cell ("因公出国" /
# "（境）费"), unless it reads as a note, a title or a numbered heading.
_NOT_CONTINUATION_RE = re.compile(
    r"^(?:注|表[一二三四五六七八九十\d]|(?:金额)?单位[：:]|第[一二三四五六七八九十]+部分|"
    r"[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)
_CONTINUATION_MAX_CHARS = 12
# Characters without which a cell cannot be template residue ("XX", "x,xxx", "待填写"):
# checking them first keeps the placeholder test off the hot path.
_PLACEHOLDER_HINT_RE = re.compile(r"[xX×待填*]")
# _grid builds cells positionally, in this field order
assert [f.name for f in fields(Cell)] == [
    "text", "row", "col", "rowspan", "colspan", "location", "placement", "alternatives",
    "placeholder",
]

# line kinds
_BLANK, _PLAIN, _FLAT, _TABBED = 0, 1, 2, 3


def read(path: str | Path) -> Document:
    """Read a .txt or .md file into a Document of paragraphs and grids, in source order."""
    path = str(path)
    text, encoding = _load(path)
    if not text.strip(_STRIP_CHARS + "\n"):
        raise ReadError(path, "empty file: only whitespace, no text")
    fmt = "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"
    warnings: list[str] = []
    blocks = _blocks(split_lines(text), path, fmt == "markdown", warnings)
    if not blocks:
        raise ReadError(path, "empty file: no readable text")
    return Document(path=path, format=fmt, blocks=blocks, encoding=encoding, warnings=warnings)


def read_text_lines(path: str | Path) -> list[str]:
    """The decoded source lines (index i is line i+1), for quoting a line in a report."""
    text, _ = _load(str(path))
    return split_lines(text)


def _load(path: str) -> tuple[str, str]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ReadError(path, f"cannot open file ({e.strerror or e})") from None
    return decode_bytes(data, path)


# ---------------------------------------------------------------------------
# One pass over the lines
# ---------------------------------------------------------------------------


def _kind(line: str) -> int:
    if "\t" not in line:
        return _PLAIN if line.strip(_STRIP_CHARS) else _BLANK
    if line.startswith("\t") and line.count("\t") == 1:
        return _FLAT
    return _TABBED


def _blocks(lines: list[str], path: str, markdown: bool, warnings: list[str]) -> list[Block]:
    kinds = [_kind(ln) for ln in lines]
    n = len(lines)
    # Lines of a contiguous tab run that has at least one multi-field line form a grid.
    in_grid = [False] * n
    i = 0
    while i < n:
        if kinds[i] in (_FLAT, _TABBED):
            j = i
            while j < n and kinds[j] in (_FLAT, _TABBED):
                j += 1
            if _TABBED in kinds[i:j]:
                in_grid[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    blocks: list[Block] = []
    i = 0
    while i < n:
        k = kinds[i]
        if k == _BLANK:
            i += 1
        elif k == _PLAIN:
            i = _paragraph(lines, i, path, markdown, blocks)
        elif in_grid[i]:
            j = i
            while j < n and in_grid[j]:
                j += 1
            blocks.append(_grid(lines, i, j, path))
            i = j
        else:
            i = _flattened_region(lines, kinds, in_grid, i, path, blocks, warnings)
    return blocks


def _clean(text: str, markdown: bool) -> tuple[str, int | None]:
    """Prose text without markup; the markdown heading level when there is one."""
    level = None
    if "[bookmark:" in text:
        text = _RESIDUE_RE.sub("", text)
    text = text.strip(_STRIP_CHARS)
    if markdown:
        m = _MD_HEADING_RE.match(text)
        if m:
            level, text = len(m.group(1)), m.group(2)
        else:
            text = _MD_BULLET_RE.sub("", text, count=1)
        if "**" in text:
            text = text.replace("**", "")
        if "\\" in text:
            text = _MD_ESCAPE_RE.sub(r"\1", text)
        text = text.strip(_STRIP_CHARS)
    return text, level


def _paragraph(lines: list[str], i: int, path: str, markdown: bool, out: list[Block]) -> int:
    """Emit the paragraph at line i; returns the next line index.

    In markdown a bold span broken over two lines ("**第三部分 …报  " / "表**") is one
    paragraph covering both lines.
    """
    raw = lines[i]
    end = i
    if (
        markdown
        and raw.count("**") % 2 == 1
        and i + 1 < len(lines)
        and lines[i + 1].count("**") % 2 == 1
    ):
        if "\t" not in lines[i + 1] and lines[i + 1].strip(_STRIP_CHARS):
            end = i + 1
            raw = raw.strip(_STRIP_CHARS) + lines[end].strip(_STRIP_CHARS)
    text, level = _clean(raw, markdown)
    if text:
        loc = Location(path=path, line=i + 1, end_line=end + 1)
        out.append(Paragraph(text=text, location=loc, heading_level=level))
    return end + 1


def _grid(lines: list[str], start: int, stop: int, path: str) -> Grid:
    """Lines start..stop-1 (each with a tab) as one grid, fields at their exact column."""
    rows: list[list[Cell]] = []
    n_cols = 0
    for r, idx in enumerate(range(start, stop)):
        fields = lines[idx].rstrip("\r\n").split("\t")
        n_cols = max(n_cols, len(fields))
        loc = Location(path=path, line=idx + 1, end_line=idx + 1)
        row: list[Cell] = []
        for c, field in enumerate(fields):
            t = field.strip(_STRIP_CHARS)
            if t:
                ph = _PLACEHOLDER_HINT_RE.search(t) is not None and is_placeholder(t)
                # positional (field order asserted above): keywords take twice the time
                row.append(Cell(t, r, c, 1, 1, loc, "exact", (), ph))
        rows.append(row)
    return Grid(
        rows=rows, n_cols=n_cols, location=Location(path=path, line=start + 1, end_line=stop)
    )


# ---------------------------------------------------------------------------
# Flattened tables: one cell per tab-indented line
# ---------------------------------------------------------------------------


def _is_continuation(lines: list[str], kinds: list[int], in_grid: list[bool], x: int) -> bool:
    """A short unindented line glued to the cell line before it (a header cell broken in two)."""
    if kinds[x] != _PLAIN or x == 0 or kinds[x - 1] != _FLAT or in_grid[x - 1]:
        return False
    if not lines[x - 1].strip(_STRIP_CHARS):
        return False
    t = lines[x].strip(_STRIP_CHARS)
    return len(t) <= _CONTINUATION_MAX_CHARS and not _NOT_CONTINUATION_RE.match(t)


def _flattened_region(
    lines: list[str],
    kinds: list[int],
    in_grid: list[bool],
    start: int,
    path: str,
    out: list[Block],
    warnings: list[str],
) -> int:
    """Collect the flattened-table region starting at ``start``; returns the next line index.

    The region is maximal: cell lines, the blank lines between them and continuation lines;
    it ends at prose or at a tab-separated grid.
    """
    n = len(lines)
    last = start  # last non-blank line of the region
    x = start
    while x < n:
        k = kinds[x]
        if (k == _FLAT and not in_grid[x]) or _is_continuation(lines, kinds, in_grid, x):
            last = x
        elif k != _BLANK:
            break
        x += 1
    _emit_region(lines, start, last, path, out, warnings)
    return last + 1


def _emit_region(
    lines: list[str], first: int, last: int, path: str, out: list[Block], warnings: list[str]
) -> None:
    """Peel the table's own unit/note/title lines off both ends, rebuild the rest."""
    lead: list[Block] = []
    trail: list[Block] = []
    while first <= last:
        t = lines[first].strip(_STRIP_CHARS)
        if not t and "\t" not in lines[first]:  # a blank line; an empty cell line stays
            first += 1
        elif _TABLE_NOTE_RE.match(t):
            lead.append(
                Paragraph(text=t, location=Location(path=path, line=first + 1, end_line=first + 1))
            )
            first += 1
        else:
            break
    while last >= first:
        t = lines[last].strip(_STRIP_CHARS)
        if not t and "\t" not in lines[last]:
            last -= 1
        elif _TABLE_NOTE_RE.match(t):
            trail.append(
                Paragraph(text=t, location=Location(path=path, line=last + 1, end_line=last + 1))
            )
            last -= 1
        else:
            break
    out.extend(lead)
    if any(lines[idx].strip(_STRIP_CHARS) for idx in range(first, last + 1)):
        region = [(idx + 1, lines[idx]) for idx in range(first, last + 1)]
        out.extend(_rebuild(region, path, warnings))
    out.extend(reversed(trail))


def _rebuild(region: list[tuple[int, str]], path: str, warnings: list[str]) -> list[Block]:
    try:
        from .flattened import rebuild
    except ImportError:
        first, last = region[0][0], region[-1][0]
        warnings.append(f"第{first}-{last}行的表格（每行一格）未能重建，按段落读取")
        return [
            Paragraph(text=t, location=Location(path=path, line=ln, end_line=ln))
            for ln, raw in region
            if (t := raw.strip(_STRIP_CHARS))
        ]
    return rebuild(region, path)
