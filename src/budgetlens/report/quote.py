"""What is around a finding's places, read from the Document's own blocks (paragraphs and grid
cells) for every format, never by re-reading the file: the lines before and after a flagged
line for ``show``, and the text of a related place, which has no quote of its own (the finding's
own quote is ``quotes.py``'s). Where several blocks share one place (a sheet cell holding a
whole note, an HTML body on one source line) the one the finding's message names is taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from ..model import Cell, Document, Grid, Location, Paragraph

MAX_QUOTE = 300
MAX_FLAGGED = 5  # flagged blocks shown of one place
MIN_SHARED = 12  # characters a block must share with the message to be taken as the one meant


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The area two boxes share, as a share of the smaller one."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1.0
    return w * h / smaller


def _paragraph_places(p: Paragraph) -> Iterator[Location]:
    yield p.location
    for _, loc in p.continued:
        yield loc


def _cells(doc: Document) -> Iterator[tuple[Grid, list[Cell], Cell]]:
    for b in doc.blocks:
        if isinstance(b, Grid):
            for row in b.rows:
                for c in row:
                    if c.location is not None:
                        yield b, row, c


def row_text(row: list[Cell]) -> str:
    return "  ".join(c.text.strip() for c in row if c.text.strip())


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def quote_for(doc: Document, loc: Location, hint: str = "") -> str | None:
    """The text at ``loc``: the sentence's paragraph, or the row of the cell, shortened. When
    several blocks share the place (a sheet cell holding a whole note, an HTML body on one
    source line), the one sharing most with ``hint`` (the finding's message) is quoted."""
    if loc.page is not None and loc.bbox is not None:
        return _quote_by_box(doc, loc)
    if loc.sheet is not None and loc.cell is not None:
        texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)
                 and b.location.sheet == loc.sheet and b.location.cell == loc.cell]
        texts += [row_text(row) for _, row, c in _cells(doc)
                  if c.location.sheet == loc.sheet and c.location.cell == loc.cell]
        return _one_of(texts, hint)
    if loc.line is not None:
        return _one_of([t for _, t in line_texts(doc, loc.line, loc.end_line or loc.line)], hint)
    return None


def _one_of(texts: list[str], hint: str) -> str | None:
    if not texts:
        return None
    best = best_match(texts, hint)
    return _short(texts[best] if best is not None else " ".join(texts))


def best_match(texts: list[str], hint: str) -> int | None:
    """Index of the text sharing the longest run of characters with ``hint`` (at least
    MIN_SHARED), or None when there is one text only or none shares enough."""
    if len(texts) < 2 or not hint:
        return None
    scores = [SequenceMatcher(None, t, hint, autojunk=False)
              .find_longest_match(0, len(t), 0, len(hint)).size for t in texts]
    top = max(scores)
    return scores.index(top) if top >= MIN_SHARED else None


def _quote_by_box(doc: Document, loc: Location) -> str | None:
    best, best_score = None, 0.0
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            for place in _paragraph_places(b):
                if place.page == loc.page and place.bbox is not None:
                    score = _overlap(place.bbox, loc.bbox)
                    if score > best_score:
                        best, best_score = b.text, score
    if loc.cell is None and best is not None and best_score >= 0.5:
        return _short(best)
    cells = [(row, c) for _, row, c in _cells(doc)
             if c.location.page == loc.page and c.location.bbox is not None
             and _overlap(c.location.bbox, loc.bbox) >= 0.5 and c.text.strip()]
    if cells:
        return _short(row_text(cells[0][0]))
    return _short(best) if best is not None else None


def line_texts(doc: Document, first: int, last: int) -> list[tuple[int, str]]:
    """(line, text) of every block read from source lines ``first``..``last``: a paragraph's
    text, a grid row's cells side by side. Several blocks of one line (HTML) are kept apart."""
    out: list[tuple[int, str]] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            start = b.location.line
            if start is None:
                continue
            end = b.location.end_line or start
            if start <= last and end >= first:
                out.append((start, b.text))
        elif isinstance(b, Grid):
            for row in b.rows:
                lines = [c.location.line for c in row if c.location and c.location.line]
                if lines and first <= min(lines) <= last:
                    out.append((min(lines), row_text(row)))
    out.sort(key=lambda x: x[0])
    return out


def context_lines(doc: Document, loc: Location, around: int = 2,
                  hint: str = "") -> list[tuple[int, str, bool]]:
    """The flagged lines of a text-like document and ``around`` blocks of context on each
    side: (line, text, flagged). Of many blocks on the flagged lines (an HTML body on one
    source line), the one matching ``hint`` is flagged, else the first few."""
    if loc.line is None:
        return []
    first, last = loc.line, loc.end_line or loc.line
    every = line_texts(doc, 1, 1 << 62)
    flagged = [i for i, (n, _) in enumerate(every) if first <= n <= last]
    if not flagged:
        return []
    if len(flagged) > MAX_FLAGGED:
        best = best_match([every[i][1] for i in flagged], hint)
        flagged = [flagged[best]] if best is not None else flagged[:MAX_FLAGGED]
    lo, hi = max(0, flagged[0] - around), flagged[-1] + around + 1
    keep = set(flagged)
    return [(n, t, i in keep) for i, (n, t) in enumerate(every[lo:hi], lo)]
