"""Ruled tables of a PDF page into Grids: cell text from the chars inside each cell, and
a ruled caption row (title, 部门, 单位 lines) taken out so it reads as paragraphs."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Cell, Grid, Location
from .pdf_geometry import TableBox, place_cells
from .pdf_page import Char
from .pdf_text import cell_text, cluster_lines

_CAPTION_SIGNAL = re.compile(r"表\s*$|单位[:：]|部门[:：]|^\s*注[:：]", re.MULTILINE)


def detach_caption_rows(table: TableBox, chars: list[Char]) -> TableBox:
    """The table without a ruled caption row: one cell across the whole table, at its top
    or bottom, holding a title, 部门/单位 lines or a note (corpus 002 frames its title).

    Its lines then come out as paragraphs (where the table recognizer looks for the money
    unit), and the column grid is measured on the body alone: the frame would otherwise
    add a spurious narrow first column.
    """
    if table.n_rows < 3 or table.n_cols < 2:
        return table
    detached = []
    for row in (0, table.n_rows - 1):
        in_row = [c for c in table.cells if c.row <= row < c.row + c.rowspan]
        if len(in_row) != 1 or in_row[0].colspan != table.n_cols or in_row[0].rowspan != 1:
            continue
        inside, _ = split_inside(chars, in_row[0].bbox)
        lines = cluster_lines(inside)
        text = "\n".join("".join(c.text for c in line) for line in lines)
        if _CAPTION_SIGNAL.search(text):
            detached.append(in_row[0])
    if not detached:
        return table
    return place_cells([c.bbox for c in table.cells if c not in detached])


def split_inside(chars: list[Char], bbox) -> tuple[list[Char], list[Char]]:
    x0, top, x1, bottom = bbox
    inside, outside = [], []
    for c in chars:
        h, v = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2  # Char.h_mid, Char.v_mid
        (inside if x0 <= h < x1 and top <= v < bottom else outside).append(c)
    return inside, outside


def make_grid(path: str, page_no: int, table: TableBox, chars: list[Char]) -> Grid | None:
    """A Grid with every cell's text taken from the chars whose centre lies in its box.

    A table whose cells are all empty (a ruled row left over at a page break) is dropped.
    """
    slots = _chars_by_slot(table, chars)
    rows: list[list[Cell]] = [[] for _ in range(table.n_rows)]
    any_text = False
    # every cell's box runs between grid boundaries: round each boundary once, not each box
    xs = [round(x, 2) for x in table.xs]
    ys = [round(y, 2) for y in table.ys]
    for box in table.cells:
        if box.rowspan == 1 and box.colspan == 1:
            mine = [c for _, c in slots.get((box.row, box.col), ())]
        else:
            mine = []
            for r in range(box.row, box.row + box.rowspan):
                run = [x for k in range(box.col, box.col + box.colspan) for x in slots.get((r, k), ())]
                if box.colspan > 1:
                    run.sort(key=_first)  # page order inside the row, as one row's chars come
                mine.extend(c for _, c in run)
        text = cell_text(mine)
        any_text = any_text or bool(text)
        # positional (field order of Cell and Location): keywords take twice the time
        r0, c0 = box.row, box.col
        rounded = (xs[c0], ys[r0], xs[c0 + box.colspan], ys[r0 + box.rowspan])  # round_box(box.bbox)
        where = Location(path, None, None, page_no, rounded, None, f"r{r0 + 1}c{c0 + 1}")
        rows[box.row].append(Cell(text, box.row, box.col, box.rowspan, box.colspan, where))
    if not any_text:
        return None
    for row in rows:
        row.sort(key=lambda c: c.col)
    return Grid(
        rows=rows,
        n_cols=table.n_cols,
        location=Location(path=path, page=page_no, bbox=round_box(table.bbox)),
    )


def _chars_by_slot(table: TableBox, chars: list[Char]) -> dict[tuple[int, int], list[tuple[int, Char]]]:
    """The chars whose centre lies in each slot (row band, column band) of the table's
    grid, with their place in ``chars``, in page order. A cell's box is the union of its
    slots, so its chars are those of its slots: each char is placed once, not tested
    against every cell of its row."""
    ys, xs = table.ys, table.xs
    last_row, last_col = len(ys) - 1, len(xs) - 1
    slots: dict[tuple[int, int], list[tuple[int, Char]]] = {}
    for i, c in enumerate(chars):
        r = bisect_right(ys, (c.top + c.bottom) / 2) - 1  # band(ys, c.v_mid)
        if not 0 <= r < last_row:
            continue
        k = bisect_right(xs, (c.x0 + c.x1) / 2) - 1
        if 0 <= k < last_col:
            slots.setdefault((r, k), []).append((i, c))
    return slots


def _first(item: tuple[int, Char]) -> int:
    return item[0]


def band(bounds: list[float], v: float) -> int | None:
    """Index i with bounds[i] <= v < bounds[i + 1], or None outside."""
    i = bisect_right(bounds, v) - 1
    return i if 0 <= i < len(bounds) - 1 else None


def round_box(b) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
