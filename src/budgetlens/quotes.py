"""The words a finding quotes, taken from the Document's own blocks by the finding's location.

A quote shows the reviewer the text the finding is about: the paragraph a claim was read
from, or the table row a figure sits in (its cells joined by " | "). It comes from what the
reader produced — never from re-reading the file — so it works alike for text, HTML, PDF,
spreadsheets and Word files, and it is bounded: one HTML source line may hold a whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .model import Cell, Document, Grid, ImageBlock, Location, Paragraph

MAX_QUOTE_CHARS = 160
MAX_QUOTED_LINES = 12  # a location spanning more lines is a block, quoted by its first line


def bounded(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(slots=True)
class _Piece:
    """A quotable unit: a paragraph, or one row of a grid (whose text is joined from its
    ``cells`` when first quoted: most rows never are)."""

    _text: str | None
    locations: list[Location]
    grid: Grid | None = None
    cells: list[Cell] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _row_text(self.cells or [])
        return self._text


def _row_text(cells: list[Cell]) -> str:
    texts: list[str] = []
    last = None
    for c in cells:
        t = c.text.strip()
        if t and t != last:  # a merged cell is repeated in each column
            texts.append(t)
            last = t
    return " | ".join(texts)


def _pieces(doc: Document) -> list[_Piece]:
    out: list[_Piece] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append(_Piece(b.text, [b.location, *(loc for _, loc in b.continued)]))
        elif isinstance(b, Grid):
            for row in b.rows:
                locs = [c.location for c in row if c.location is not None]
                if locs and any(c.text.strip() for c in row):  # a row that has some text
                    out.append(_Piece(None, locs, b, row))
        elif isinstance(b, ImageBlock):
            out.append(_Piece(b.description, [b.location]))
    return out


def _centre_inside(inner: tuple, outer: tuple) -> bool:
    x, y = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] - 0.5 <= x <= outer[2] + 0.5 and outer[1] - 0.5 <= y <= outer[3] + 0.5


def _same_place(a: Location, b: Location) -> bool:
    """The very location a block was read at (paths aside)."""
    return (a.line, a.end_line, a.page, a.bbox, a.sheet, a.cell) == (
        b.line, b.end_line, b.page, b.bbox, b.sheet, b.cell)


def _same_cell(a: Location, b: Location) -> bool:
    """The same spreadsheet cell, or the same numbered cell/paragraph of a Word file."""
    if a.cell is None or a.cell != b.cell:
        return False
    if a.sheet is not None or b.sheet is not None:
        return a.sheet == b.sheet
    return a.table == b.table and a.line is None and a.page is None


def _on_box(piece: Location, loc: Location) -> bool:
    return (piece.page == loc.page and piece.bbox is not None and loc.bbox is not None
            and (_centre_inside(piece.bbox, loc.bbox) or _centre_inside(loc.bbox, piece.bbox)))


def _on_line(piece: Location, loc: Location) -> bool:
    if piece.line is None or loc.line is None:
        return False
    last = loc.end_line or loc.line
    if last - loc.line >= MAX_QUOTED_LINES:
        last = loc.line
    return piece.line <= last and loc.line <= (piece.end_line or piece.line)


_INDEXED_SPAN = 64  # a block over more source lines is kept in a short list instead


def _place_key(loc: Location) -> tuple:
    return (loc.line, loc.end_line, loc.page, loc.bbox, loc.sheet, loc.cell)


def _cell_key(loc: Location) -> tuple | None:
    """What ``_same_cell`` compares, as a key: (cell, sheet) or, with no sheet and no line or
    page, (cell, None, table)."""
    if loc.cell is None:
        return None
    if loc.sheet is not None:
        return (loc.cell, loc.sheet)
    if loc.line is None and loc.page is None:
        return (loc.cell, None, loc.table)
    return None


class Quotes:
    """Quotes of one Document, indexed once: every finding's quote is a few lookups, never a
    scan of the whole document (a rule run quotes each of its findings)."""

    def __init__(self, doc: Document):
        # a grid row's piece is made only when the row has text (its text itself waits)
        self._pieces = [p for p in _pieces(doc) if p._text is None or p._text]
        self._by_place: dict[tuple, int] = {}
        self._by_cell: dict[tuple, int] = {}
        by_place, by_cell = self._by_place, self._by_cell
        for i, piece in enumerate(self._pieces):
            for x in piece.locations:  # every cell of every table: the keys written out
                # _place_key(x)
                by_place.setdefault((x.line, x.end_line, x.page, x.bbox, x.sheet, x.cell), i)
                cell = x.cell
                if cell is None:
                    continue
                # _cell_key(x)
                if x.sheet is not None:
                    by_cell.setdefault((cell, x.sheet), i)
                elif x.line is None and x.page is None:
                    by_cell.setdefault((cell, None, x.table), i)

    @cached_property
    def _by_page(self) -> dict[int, list[tuple[int, Location]]]:
        """Pieces with a box, per page, in document order (built when a quote first needs it)."""
        out: dict[int, list[tuple[int, Location]]] = {}
        for i, piece in enumerate(self._pieces):
            for x in piece.locations:
                if x.page is not None and x.bbox is not None:
                    out.setdefault(x.page, []).append((i, x))
        return out

    @cached_property
    def _by_line(self) -> tuple[dict[int, list[int]], list[tuple[int, Location]]]:
        """Pieces per source line, and the pieces spanning many lines (scanned, not indexed)."""
        lines: dict[int, list[int]] = {}
        long: list[tuple[int, Location]] = []
        for i, piece in enumerate(self._pieces):
            done = None  # the lines of the last location: a table row's cells share them
            for x in piece.locations:
                if x.line is None:
                    continue
                span = (x.line, x.end_line)
                if span == done:
                    continue  # indexing the same lines again for this piece adds nothing
                done = span
                if (x.end_line or x.line) - x.line >= _INDEXED_SPAN:
                    long.append((i, x))
                    continue
                for line in range(x.line, (x.end_line or x.line) + 1):
                    on = lines.setdefault(line, [])
                    if not on or on[-1] != i:
                        on.append(i)
        return lines, long

    def _first_on_box(self, loc: Location) -> int | None:
        for i, x in self._by_page.get(loc.page, ()):
            if _on_box(x, loc):
                return i
        return None

    def at(self, loc: Location) -> str | None:
        """The bounded text at ``loc``: the block read at exactly that place, else the matching
        cell's row, else the block on its page box, else the blocks on its source lines (the
        first of them); None when the location names no text."""
        if loc.line is None and loc.page is None and loc.cell is None:
            return None  # the whole document
        found = self._by_place.get(_place_key(loc))
        if found is None:
            key = _cell_key(loc) if loc.sheet is not None else (
                (loc.cell, None, loc.table) if loc.cell is not None else None)
            found = self._by_cell.get(key) if key is not None else None
        if found is None and loc.bbox is not None:
            found = self._first_on_box(loc)
        if found is not None:
            return bounded(self._pieces[found].text)
        if loc.line is None:
            return None
        last = loc.end_line or loc.line
        if last - loc.line >= MAX_QUOTED_LINES:
            last = loc.line
        by_line, long = self._by_line
        indices = {i for line in range(loc.line, last + 1) for i in by_line.get(line, ())}
        indices.update(i for i, x in long if _on_line(x, loc))
        indices = sorted(indices)
        on_lines = [self._pieces[i] for i in indices]
        if not on_lines:
            return None
        if loc.cell is not None:  # several table rows on one HTML source line: the named cell's
            named = [p for p in on_lines if any(x.cell == loc.cell for x in p.locations)]
            on_lines = named or on_lines
        return bounded(" | ".join(dict.fromkeys(p.text for p in on_lines[:MAX_QUOTED_LINES])))
