"""A table assembled from its grids: the first one and every continuation after a page break.

A continuation is aligned to the table's columns (by header, by x-position, by width),
repeated header blocks are dropped, and a row the PDF reader left outside both grids at a
page break is put back by its position. Rows stay raw (cells by column) until the table is
finished, so that units and the department's code can be read from all of them first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Block, Cell, Grid, Location, Paragraph
from ..taxonomy.table_kinds import spec as kind_spec
from . import titles
from .around import Around, unit_in_grid
from .continuation import align_by_header, align_by_position, align_by_width, column_centres
from .headers import (
    ColumnSpec,
    HeaderSplit,
    cell_class,
    cell_text,
    column_specs,
    header_signature,
    is_column_number_row,
    label,
)
from .table_kinds import kind_from_header, kind_from_title


@dataclass(slots=True)
class Building:
    """A table being assembled from one grid and its continuations."""

    kind: str
    title: str
    number: str | None
    money_unit: str | None
    unit_name: str | None
    specs: list[ColumnSpec]
    signature: tuple[str, ...]
    first_block: int
    grids: list[Grid] = field(default_factory=list)
    last_block: int = 0
    raw_rows: list[tuple[dict[int, Cell], Location]] = field(default_factory=list)
    centres: dict[int, float] = field(default_factory=dict)
    signatures: set[tuple[str, ...]] = field(default_factory=set)
    row_signatures: set[str] = field(default_factory=set)
    header_starts: set[str] = field(default_factory=set)
    header_labels: set[str] = field(default_factory=set)


def start_table(
    grid: Grid,
    split: HeaderSplit,
    i: int,
    title: str | None,
    around: Around,
    meta: Around,
    toc: dict[str, str],
) -> Building:
    """A new table from its first grid: kind by title (else by header), columns, unit."""
    specs = column_specs(grid, split)
    title = title or ""
    kind = kind_from_title(title) if title else None
    if kind is None:
        labels = [label("/".join(s.path)) for s in specs]
        economic = any("经济分类" in lb for lb in labels)
        kind = kind_from_header(labels, any(s.side for s in specs), economic)
    if kind_spec(kind).form and not any(
        s.role in ("item", "unit_code", "code") for s in specs
    ):
        # A 绩效目标填报表 is a form of label | text cells, not a header over rows.
        split.data_start = split.header[0] if split.header else split.data_start
        split.header, split.column_numbers = [], []
        specs = column_specs(grid, split)
    if kind_spec(kind).columns == "sangong":
        _sangong_keys(specs)
    number = around.number or meta.number or toc.get(label(title))
    b = Building(
        kind=kind,
        title=title,
        number=number,
        money_unit=around.money_unit or meta.money_unit or unit_in_grid(grid),
        unit_name=around.unit_name or meta.unit_name,
        specs=specs,
        signature=header_signature(grid, split),
        first_block=i,
    )
    b.centres = column_centres(grid)
    _add_segment(b, grid, split, i, {s.index: s.index for s in specs})
    return b


def resplit(b: Building, grid: Grid, split: HeaderSplit) -> HeaderSplit:
    """Rows that looked like a header only because their figures are blank ('使用非财政拨款
    结余' at the top of a continuation page) are data when their words sit in the table's
    name columns and they repeat none of its header rows."""
    if not split.header or not b.specs or grid.n_cols > len(b.specs):
        return split
    wordy = {s.index for s in b.specs if s.role != "value"}
    for k, r in enumerate(split.header):
        cells = [c for c in grid.rows[r] if cell_text(c)]
        if _row_signature(cells) in b.row_signatures:
            continue
        if cells and all(c.col in wordy for c in cells):
            header = split.header[:k]
            return HeaderSplit(
                meta=split.meta,
                header=header,
                column_numbers=[c for c in split.column_numbers if c < r],
                data_start=r,
            )
        break
    return split


def is_new_table(b: Building, grid: Grid, split: HeaderSplit) -> bool:
    """An untitled grid whose own header shares few figure columns with the table's is
    another table (its title lost), not a continuation."""
    if not split.header or not b.raw_rows or header_signature(grid, split) in b.signatures:
        return False
    mine = {s.key for s in b.specs if s.role == "value"}
    theirs = {s.key for s in column_specs(grid, split) if s.role == "value"}
    if not mine or not theirs:
        return False
    return len(mine & theirs) * 2 < min(len(mine), len(theirs))


def _sangong_keys(specs: list[ColumnSpec]) -> None:
    """One spelling for the 三公 columns whether or not a “三公”经费 group heads them: the
    三公 total is '三公经费', its parts '因公出国（境）费', '公务接待费',
    '公务用车购置及运行维护费[/公务用车购置费|/公务用车运行维护费]'."""
    keys = {s.key for s in specs}
    for s in specs:
        if s.key.startswith("三公经费/"):
            s.key = s.key.removeprefix("三公经费/")
    if "三公经费" not in keys and "合计" in keys and "会议费" not in keys and "培训费" not in keys:
        for s in specs:
            if s.key == "合计":
                s.key = "三公经费"


def continue_table(b: Building, grid: Grid, split: HeaderSplit, i: int) -> None:
    """Add a grid that continues the table, its columns aligned to the table's."""
    if not b.raw_rows and split.header and grid.n_cols != len(b.specs):
        # The first grid was only the top of a header cut by a page break: the columns are
        # the ones the continuation defines.
        b.specs = column_specs(grid, split)
        b.centres = column_centres(grid)
        _add_segment(b, grid, split, i, {s.index: s.index for s in b.specs})
        return
    seg_specs: list[ColumnSpec] = []
    if (
        split.header
        and grid.n_cols == len(b.specs)
        and header_signature(grid, split) in b.signatures
    ):
        mapping = {c: c for c in range(grid.n_cols)}  # the same header repeated after a break
    elif split.header:
        seg_specs = column_specs(grid, split)
        if kind_spec(b.kind).columns == "sangong":
            _sangong_keys(seg_specs)
        mapping = align_by_header(b.specs, seg_specs)
    elif b.centres and (centres := column_centres(grid)):
        mapping = align_by_position(b.centres, centres)
    else:
        mapping = align_by_width(len(b.specs), grid)
    _extend_columns(b, grid, mapping, seg_specs)
    _add_segment(b, grid, split, i, mapping)


def _extend_columns(
    b: Building, grid: Grid, mapping: dict[int, int], seg_specs: list[ColumnSpec]
) -> None:
    """A continuation column that matches none of the table's gets a column of its own, so
    that no figure is dropped for want of a place."""
    known = {s.index for s in b.specs}
    by_index = {s.index: s for s in seg_specs}
    new_index = max(known, default=-1)  # kept, not recomputed: one pass over the columns
    for col in range(grid.n_cols):
        target = mapping.get(col, col)
        if target in known:
            continue
        new_index += 1
        seg = by_index.get(col)
        spec = ColumnSpec(
            index=new_index,
            path=seg.path if seg else (),
            role=seg.role if seg and seg.role != "code_part" else "value",
            key=(seg.key if seg and seg.key else f"列{new_index + 1}"),
            panel=b.specs[-1].panel if b.specs else 0,
        )
        b.specs.append(spec)
        known.add(new_index)
        mapping[col] = new_index


def salvage_loose_rows(b: Building, blocks: list[Block], start: int, end: int) -> None:
    """A row the PDF reader left outside both grids at a page break ('30108 机关事业单位基本
    养老保险缴费 1,326.81' above the ruled area) is still a row of the table: words on one
    line between two grids of the table, placed by x-position."""
    if not b.centres:
        return
    lines: dict[tuple[int | None, int], list[Paragraph]] = {}
    for blk in blocks[start:end]:
        if not isinstance(blk, Paragraph) or not blk.location.bbox:
            continue
        text = titles.clean(blk.text)
        if not text or titles.is_table_title(text) or titles.is_meta_line(text):
            continue
        if titles.is_note(text) or len(text) > 60:
            return  # prose between the grids: not a broken row
        lines.setdefault((blk.location.page, round(blk.location.bbox[1] / 3)), []).append(blk)
    left = min(b.centres.values()) - 60
    right = max(b.centres.values()) + 60
    for parts in lines.values():
        if len(parts) < 2:
            continue
        centres = [(p.location.bbox[0] + p.location.bbox[2]) / 2 for p in parts]
        if not all(left <= x <= right for x in centres):
            continue
        if not any(cell_class(p.text) == "figure" for p in parts):
            continue
        aligned: dict[int, Cell] = {}
        for p, x in zip(parts, centres, strict=True):
            col = min(b.centres, key=lambda c: abs(b.centres[c] - x))
            if col in aligned:
                break
            aligned[col] = Cell(text=p.text, row=-1, col=col, location=p.location)
        else:
            first = parts[0].location
            b.raw_rows.append((aligned, Location(path=first.path, page=first.page)))


def _add_segment(
    b: Building, grid: Grid, split: HeaderSplit, i: int, mapping: dict[int, int]
) -> None:
    b.grids.append(grid)
    b.last_block = i
    sig = header_signature(grid, split)
    b.signatures.add(sig)
    for r in split.header:
        b.row_signatures.add(_row_signature(grid.rows[r]))
        first = next((cell_text(c) for c in grid.rows[r] if cell_text(c)), "")
        b.header_starts.add(label(first))
        b.header_labels.update(label(cell_text(c)) for c in grid.rows[r] if cell_text(c))
    base = grid.location
    identity = all(k == v for k, v in mapping.items())
    continues = bool(b.raw_rows) and len(b.grids) > 1  # the first rows after a page break
    for r in range(split.data_start, len(grid.rows)):
        cells: list[Cell] = []
        texts: list[str] = []
        for c in grid.rows[r]:
            t = cell_text(c)
            if t:
                cells.append(c)
                texts.append(t)
        if not cells:
            continue
        if is_column_number_row(texts):
            continue
        if label(texts[0]) in b.header_starts and _row_signature(cells) in b.row_signatures:
            # a header repeated inside one grid (page break in a spreadsheet or PDF grid)
            continue
        if _repeated_header(texts, b.header_labels):
            continue
        if continues and _carry_over(b, cells, mapping):
            continues = False
            continue
        continues = False
        if identity:
            aligned = {c.col: c for c in cells}
        else:
            aligned = {}
            for c in cells:
                target = mapping.get(c.col, c.col)
                if target in aligned:  # two cells on one column: the later one gets its own
                    target = max(max(aligned), max(mapping.values(), default=0)) + 1
                aligned[target] = c
        # positional (path, line, end_line, page, bbox, sheet): keywords take twice the time
        fallback = Location(
            base.path, _row_line(base, r, len(grid.rows)), None, base.page, None, base.sheet
        )
        b.raw_rows.append((aligned, fallback))


# A cut cell leaves its last line on the next page: a few characters (置更新, 出, 业支出) under
# a name that filled its cell; a longer word there (事业收入 under 小计, 019's 结余分配) is a
# row of its own whose top rule the page break took away.
_MAX_CARRIED = 3
_MIN_CUT = 6
_NUMBERED = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[、.．）)]|第[一二三四五六七八九十]+)")
_TOTAL_WORDS = re.compile(r"^(?:合计|总计|小计|其中)")


def _carry_over(b: Building, cells: list[Cell], mapping: dict[int, int]) -> bool:
    """A row cut by a page break leaves the rest of its words at the top of the next page
    with no figure of its own (040 p.17 "信息网络及软件购" / p.18 "置更新", 606.00 on p.17):
    such a first row is joined to the last row above, cell by cell. Only words that go on a
    cell of that row qualify; a numbered or total row, a code or a figure is a row of its own.
    """
    above, _ = b.raw_rows[-1]
    targets: list[tuple[int, Cell]] = []
    for c in cells:
        t = cell_text(c)
        if cell_class(t) != "word" or _NUMBERED.match(t) or _TOTAL_WORDS.match(t):
            return False
        if len(t) > _MAX_CARRIED:
            return False
        target = mapping.get(c.col, c.col)
        prev = above.get(target)
        if prev is None or cell_class(cell_text(prev)) != "word":
            return False
        if len(cell_text(prev)) < _MIN_CUT or cell_text(prev).endswith(("计", "）", ")")):
            return False
        targets.append((target, c))
    for target, c in targets:
        prev = above[target]
        above[target] = replace(prev, text=prev.text.rstrip() + c.text.strip())
    return True


def cover_stray_columns(b: Building) -> None:
    """Cells that landed beyond the known columns get value columns, never the bin."""
    known = {s.index for s in b.specs}
    stray = sorted({col for aligned, _ in b.raw_rows for col in aligned} - known)
    panel = b.specs[-1].panel if b.specs else 0
    for col in stray:
        b.specs.append(
            ColumnSpec(index=col, path=(), role="value", key=f"列{col + 1}", panel=panel)
        )


def _row_line(base: Location, r: int, n_rows: int) -> int | None:
    """Source line of grid row r when cells carry none: only for one-row-per-line grids."""
    if base.line is None:
        return None
    end = base.end_line if base.end_line is not None else base.line
    return base.line + r if end - base.line + 1 == n_rows else None


def _repeated_header(texts: list[str], header_labels: set[str]) -> bool:
    """A header block repeated with small spelling changes ('部门(单位名称)' for '部门（单位）
    名称'): no figure, three or more labels, most of them the table's own header labels."""
    if len(texts) < 3 or any(cell_class(t) == "figure" for t in texts):
        return False
    known = sum(1 for t in texts if label(t) in header_labels)
    return known * 3 >= len(texts) * 2


def _row_signature(cells: list[Cell]) -> str:
    return "|".join(label(cell_text(c)) for c in cells if cell_text(c))
