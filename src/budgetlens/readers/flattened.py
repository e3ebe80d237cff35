"""Rebuild tables that a conversion flattened to one cell per tab-indented line.

Some published text versions of 决算/预算 tables put every cell on its own line, indented by
one tab, with a blank line after each table row; empty cells are a lone tab or "　", or are
missing altogether; long header texts are broken over two lines. ``rebuild`` turns such a
region back into a ``Grid`` (plus ``Paragraph`` blocks for note lines such as "单位：万元"),
recording for every cell whether its column is certain ('exact'), was worked out from the
table's arithmetic ('inferred') or could be several ('ambiguous', with the alternatives).
"""

from __future__ import annotations

import re

from ..model import Block, Cell, Grid, Location, Paragraph
from .flattened_header import Layout, build_layout
from .flattened_placement import Placer, RowPlacement
from .flattened_rows import RawRow, split_rows

__all__ = ["rebuild", "rebuild_with_notes"]

_NOTE_RE = re.compile(
    r"^(?:(?:金额)?单位[：:]|注[：:1-9一]|说明[：:]|表[一二三四五六七八九十\d]+|第[一二三四五六七八九十]+部分)"
)
_MAX_CELL_CHARS = 40


def rebuild(lines: list[tuple[int, str]], path: str) -> list[Block]:
    """Blocks (Grid and Paragraph) for one flattened region, in source order."""
    return rebuild_with_notes(lines, path)[0]


def rebuild_with_notes(lines: list[tuple[int, str]], path: str) -> tuple[list[Block], list[str]]:
    """Like ``rebuild``, plus notes that say why each non-exact cell went where it did."""
    rows, stray = split_rows(lines)
    multi = [i for i, r in enumerate(rows) if len(r.cells) >= 2]
    paragraphs: list[Paragraph] = [
        Paragraph(text, Location(path=path, line=number)) for number, text in stray if text
    ]
    if not multi:
        for row in rows:
            paragraphs += _as_paragraphs(row, path)
        return sorted(paragraphs, key=lambda p: p.location.line or 0), []
    first, last = multi[0], multi[-1]
    while first > 0 and not _is_note(rows[first - 1]):
        first -= 1  # a one-cell header row ("2017年度决算数") belongs to the table
    while last + 1 < len(rows) and not _is_note(rows[last + 1]):
        last += 1
    for row in rows[:first] + rows[last + 1 :]:
        paragraphs += _as_paragraphs(row, path)
    table_rows = rows[first : last + 1]
    layout = build_layout(table_rows)
    data_rows = [i for i in range(len(table_rows)) if i not in layout.header_rows]
    placer = Placer(table_rows, layout, data_rows)
    placer.solve()
    placed = placer.placements()
    grid = _grid(table_rows, layout, placed, path)
    notes = _notes(table_rows, layout, placed, placer.disabled)
    before = [p for p in paragraphs if (p.location.line or 0) < (grid.location.line or 0)]
    after = [p for p in paragraphs if p not in before]
    blocks: list[Block] = [*before, grid, *after]
    return blocks, notes


def _is_note(row: RawRow) -> bool:
    """A lone line at a table's edge that is the table's unit, note or title, not a cell."""
    filled = row.filled()
    if len(row.cells) != 1 or not filled:
        return len(row.cells) == 1 and not filled
    text = filled[0].text
    return bool(_NOTE_RE.match(text)) or "。" in text or len(text) > _MAX_CELL_CHARS


def _as_paragraphs(row: RawRow, path: str) -> list[Paragraph]:
    return [
        Paragraph(c.text, _location(path, c.line, c.end_line)) for c in row.cells if not c.is_blank
    ]


def _location(path: str, line: int, end_line: int, cell: str | None = None) -> Location:
    return Location(
        path=path, line=line, end_line=end_line if end_line != line else None, cell=cell
    )


def _grid(rows: list[RawRow], layout: Layout, placed: dict[int, RowPlacement], path: str) -> Grid:
    grid_rows: list[list[Cell]] = []
    for i, _ in enumerate(rows):
        out: list[Cell] = []
        if i in placed:
            for pc in placed[i].cells:
                out.append(
                    Cell(
                        text=pc.raw.text,
                        row=i,
                        col=pc.col,
                        colspan=pc.colspan,
                        location=_location(path, pc.raw.line, pc.raw.end_line, f"r{i}c{pc.col}"),
                        placement=pc.placement,  # type: ignore[arg-type]
                        alternatives=pc.alternatives,
                    )
                )
        else:
            for hc in layout.cells:
                if hc.row != i:
                    continue
                out.append(
                    Cell(
                        text=hc.text,
                        row=i,
                        col=hc.col,
                        rowspan=hc.rowspan,
                        colspan=hc.colspan,
                        location=_location(path, hc.raw.line, hc.raw.end_line, f"r{i}c{hc.col}"),
                        placement=hc.placement,
                    )
                )
        grid_rows.append(sorted(out, key=lambda c: c.col))
    return Grid(
        rows=grid_rows,
        n_cols=layout.n_cols,
        location=Location(path=path, line=rows[0].line, end_line=rows[-1].end_line),
    )


def _notes(
    rows: list[RawRow], layout: Layout, placed: dict[int, RowPlacement], disabled: list[str]
) -> list[str]:
    notes: list[str] = []
    name = layout.column_name
    for _, rp in sorted(placed.items()):
        for pc in rp.cells:
            if pc.placement == "inferred":
                why = "; ".join(dict.fromkeys(rp.decided_by)) or "-"
                notes.append(
                    f"第{pc.raw.line}行 {pc.raw.text}: 列 {name(pc.col)}，由算术确定（{why}）"
                )
            elif pc.placement == "ambiguous":
                others = "、".join(name(c) for c in pc.alternatives)
                notes.append(
                    f"第{pc.raw.line}行 {pc.raw.text}: 列 {name(pc.col)} 存疑，也可能在 {others}"
                )
    notes += [f"算术关系不成立，未用于定位：{d}" for d in dict.fromkeys(disabled)]
    return notes
