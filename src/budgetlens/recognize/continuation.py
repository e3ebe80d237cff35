"""Align a grid that continues a table (next page, repeated header) to that table's columns.

By header when the continuation repeats one (labels may differ in bracket width or
spacing), by x-position when the reader gave cell boxes (PDF), by index when the widths
agree, and right-aligned otherwise: figures sit in the rightmost columns, so a narrower
continuation has lost columns on its left (empty leading code cells), not on its right.
"""

from __future__ import annotations

from ..model import Grid
from .headers import ColumnSpec


def column_centres(grid: Grid) -> dict[int, float]:
    """Mean x-centre of each column's cells, for grids whose cells carry a bbox."""
    sums: dict[int, list[float]] = {}
    for row in grid.rows:
        for c in row:
            if c.colspan == 1 and (loc := c.location) and (box := loc.bbox):
                sums.setdefault(c.col, []).append((box[0] + box[2]) / 2)
    return {col: sum(xs) / len(xs) for col, xs in sums.items()}


def align_by_header(table_specs: list[ColumnSpec], seg_specs: list[ColumnSpec]) -> dict[int, int]:
    """Continuation column index -> table column index, matching roles and keys."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    for s in seg_specs:
        match = None
        for t in table_specs:
            if t.index in taken or t.panel != s.panel or t.role != s.role:
                continue
            if s.role in ("value", "text", "item"):
                if t.key == s.key:
                    match = t
                    break
            elif s.role != "code_part" or t.part == s.part:
                match = t
                break
        if match is not None:
            out[s.index] = match.index
            taken.add(match.index)
    for s in seg_specs:  # anything unmatched keeps its index when that slot is free
        if s.index not in out and s.index not in taken and s.index < len(table_specs):
            out[s.index] = s.index
            taken.add(s.index)
    return out


def align_by_position(table_x: dict[int, float], seg_x: dict[int, float]) -> dict[int, int]:
    """Continuation column -> the table column whose centre is nearest to its own centre
    (``seg_x``: the continuation's ``column_centres``)."""
    out: dict[int, int] = {}
    if not table_x:
        return out
    for col, x in seg_x.items():
        out[col] = min(table_x, key=lambda tc: abs(table_x[tc] - x))
    return out


def align_by_width(table_cols: int, grid: Grid) -> dict[int, int]:
    offset = table_cols - grid.n_cols if grid.n_cols < table_cols else 0
    return {c: c + offset for c in range(grid.n_cols)}
