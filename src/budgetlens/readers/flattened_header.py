"""Rebuild the header of a flattened table: its width, merged header cells and column kinds.

The conversion writes a header row's cells one per line and keeps an empty line for a slot
that a merged cell above covers ("科目编码 / 科目名称 / ∅ / ∅ …"). The widest header row
therefore shows every column; each row above it is laid over the row below by three rules,
tried in order: one cell per slot; one cell per run of filled slots or per single empty
slot (a cell above a run of sub-headers, or one that reaches down past an empty slot); one
cell per repetition of the first label (two-sided tables: "项目 决算数 | 项目 决算数").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .flattened_rows import RawCell, RawRow

ColumnKind = Literal["code", "label", "lineno", "amount"]

_TOTAL_RE = re.compile(r"合计|小计|总计")
_SPACES_RE = re.compile(r"[\s\u3000\xa0]+")


def squash(text: str) -> str:
    """Text without the spaces publishers put inside short labels ("项    目")."""
    return _SPACES_RE.sub("", text)


@dataclass(slots=True)
class HeaderCell:
    """A header cell laid over the columns it covers."""

    raw: RawCell
    row: int  # index of the region row it was written in
    col: int
    colspan: int
    rowspan: int = 1
    placement: Literal["exact", "ambiguous"] = "exact"  # ambiguous: laid out by a guess

    @property
    def end(self) -> int:
        return self.col + self.colspan

    @property
    def text(self) -> str:
        return self.raw.text


@dataclass(slots=True)
class Side:
    """One half of a two-sided table (收入 | 支出), or the whole table."""

    start: int
    end: int
    code_col: int | None = None
    label_col: int | None = None
    lineno_col: int | None = None
    amount_cols: list[int] = field(default_factory=list)

    def __contains__(self, col: int) -> bool:
        return self.start <= col < self.end


@dataclass(slots=True)
class RowIdentity:
    """Within every data row: value(total) = Σ value(parts) (minus ``minus``)."""

    total: int
    parts: list[int]
    minus: list[int]
    description: str


@dataclass(slots=True)
class Layout:
    n_cols: int
    header_rows: list[int]  # region row indexes of header text rows (repeats included)
    colnum_row: int | None  # the 栏次 / "1 2 3 …" row, when there is one
    cells: list[HeaderCell]
    paths: list[tuple[str, ...]]
    kinds: list[ColumnKind]
    sides: list[Side]
    row_identities: list[RowIdentity]
    colnum_rows: list[int] = field(default_factory=list)  # every 栏次 row, repeats included

    def column_name(self, col: int) -> str:
        return "/".join(squash(p) for p in self.paths[col]) or f"第{col + 1}列"


# ---------------------------------------------------------------------------------------
# Which rows are header rows
# ---------------------------------------------------------------------------------------


def is_colnum_row(row: RawRow) -> bool:
    """A 栏次 row ("栏次 1 2 3", or bare "1 2 … 12"): column numbers, not amounts."""
    filled = row.filled()
    labelled = [c for c in filled if squash(c.text) == "栏次"]
    numbers = [c for c in filled if squash(c.text) != "栏次"]
    if not numbers or any(c.kind != "int" for c in numbers):
        return False
    values = [int(squash(c.text)) for c in numbers]
    if values != list(range(values[0], values[0] + len(values))) or values[0] not in (0, 1):
        return False
    return bool(labelled) or len(values) >= 2


def split_header(rows: list[RawRow]) -> tuple[list[int], int | None]:
    """Leading rows without figures are header rows; a 栏次 row closes the header."""
    header: list[int] = []
    for i, row in enumerate(rows):
        if is_colnum_row(row):
            return header, i
        if any(c.kind in ("int", "number") for c in row.cells):
            break
        header.append(i)
    return header, None


# ---------------------------------------------------------------------------------------
# Laying each header row over the one below
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    filled: bool
    text: str


def _map_parent(parent: list[RawCell], units: list[_Unit]) -> list[tuple[int, int]] | None:
    """Column ranges of the parent row's cells over the child row's units, or None."""
    if len(parent) == len(units):
        return [(u.start, u.end) for u in units]
    runs: list[list] = []
    for u in units:
        if u.filled and runs and runs[-1][2]:
            runs[-1][1] = u.end
        else:
            runs.append([u.start, u.end, u.filled])
    if len(runs) == len(parent):
        return [(a, b) for a, b, _ in runs]
    first = squash(units[0].text) if units and units[0].filled else ""
    if first:
        starts = [i for i, u in enumerate(units) if squash(u.text) == first]
        if len(starts) == len(parent):
            bounds = starts + [len(units)]
            return [
                (units[bounds[k]].start, units[bounds[k + 1] - 1].end) for k in range(len(parent))
            ]
    return None


def _fallback(parent: list[RawCell], units: list[_Unit]) -> list[tuple[int, int]]:
    """Left to right, the last parent cell taking what is left: a guess, marked as such."""
    ranges = []
    for i, _ in enumerate(parent):
        if i < len(units):
            ranges.append((units[i].start, units[i].end))
        else:
            ranges.append((units[-1].end - 1, units[-1].end))
    if len(parent) < len(units):
        a, _ = ranges[-1]
        ranges[-1] = (a, units[-1].end)
    return ranges


def build_layout(rows: list[RawRow]) -> Layout:
    header, colnum = split_header(rows)
    n_cols = max((len(r.cells) for r in rows), default=0)
    text_rows = [i for i in header]
    cells: list[HeaderCell] = []
    ranges: dict[int, list[tuple[int, int]]] = {}
    guessed: set[int] = set()

    if text_rows:
        leaf = max(
            text_rows,
            key=lambda i: (len(rows[i].cells), bool(rows[i].filled()), i),
        )
        leaf_cells = rows[leaf].cells
        widths = [1] * len(leaf_cells)
        extra = n_cols - len(leaf_cells)
        below = [i for i in text_rows if i > leaf and rows[i].filled()]
        if extra > 0 and below and len(rows[below[0]].cells) == extra + 1 and widths:
            widths[0] = extra + 1  # "项目" over 科目编码 / 科目名称 whose empty slots were lost
        starts = [sum(widths[:k]) for k in range(len(widths))]
        ranges[leaf] = [(s, s + w) for s, w in zip(starts, widths, strict=True)]
        units = [
            _Unit(s, s + w, not c.is_blank, c.text)
            for s, w, c in zip(starts, widths, leaf_cells, strict=True)
        ]
        for i in reversed([r for r in text_rows if r < leaf]):
            parent = rows[i].cells
            mapped = _map_parent(parent, units)
            if mapped is None:
                mapped = _fallback(parent, units)
                guessed.add(i)
            ranges[i] = mapped
            units = [
                _Unit(a, b, not c.is_blank, c.text)
                for (a, b), c in zip(mapped, parent, strict=True)
            ]
        for i in [r for r in text_rows if r > leaf]:
            row_cells = rows[i].cells
            if len(row_cells) == len(leaf_cells):
                ranges[i] = list(ranges[leaf])
            elif widths[0] > 1 and len(row_cells) == widths[0]:
                ranges[i] = [(k, k + 1) for k in range(len(row_cells))]
            else:
                ranges[i] = [
                    (min(k, n_cols - 1), min(k, n_cols - 1) + 1) for k in range(len(row_cells))
                ]
                guessed.add(i)

    for i in text_rows:
        for raw, (a, b) in zip(rows[i].cells, ranges[i], strict=True):
            if raw.is_blank:
                continue
            cell = HeaderCell(raw, i, a, b - a, placement="ambiguous" if i in guessed else "exact")
            for j in text_rows:
                if j <= i:
                    continue
                hit = any(
                    not c.is_blank and ca < b and cb > a
                    for c, (ca, cb) in zip(rows[j].cells, ranges[j], strict=True)
                )
                if hit:
                    break
                cell.rowspan += 1
            cells.append(cell)

    repeated = _repeated_header_rows(rows, header, colnum, ranges, cells)
    paths = _paths(cells, n_cols, text_rows)
    kinds = [_kind(p) for p in paths]
    _kinds_from_data(kinds, paths, rows, set(header) | {colnum})
    sides = _sides(cells, kinds, n_cols, text_rows)
    identities = _row_identities(cells, kinds, paths, text_rows)
    colnums = [i for i, row in enumerate(rows) if is_colnum_row(row)]
    return Layout(
        n_cols, header + repeated, colnum, cells, paths, kinds, sides, identities, colnums
    )


def _repeated_header_rows(
    rows: list[RawRow],
    header: list[int],
    colnum: int | None,
    ranges: dict[int, list[tuple[int, int]]],
    cells: list[HeaderCell],
) -> list[int]:
    """Header rows written again further down (a page break in the original) get the same
    cells as the first time."""
    signatures = {
        tuple(squash(c.text) for c in rows[i].cells): i for i in header if rows[i].filled()
    }
    repeated: list[int] = []
    for j in range(len(rows)):
        if j in header or j == colnum:
            continue
        first = signatures.get(tuple(squash(c.text) for c in rows[j].cells))
        if first is None:
            continue
        repeated.append(j)
        for hc in [c for c in cells if c.row == first]:
            index = next(k for k, c in enumerate(rows[first].cells) if c is hc.raw)
            cells.append(
                HeaderCell(rows[j].cells[index], j, hc.col, hc.colspan, hc.rowspan, hc.placement)
            )
        ranges[j] = ranges[first]
    return repeated


def _paths(cells: list[HeaderCell], n_cols: int, order: list[int]) -> list[tuple[str, ...]]:
    paths: list[list[str]] = [[] for _ in range(n_cols)]
    for i in order:
        for c in cells:
            if c.row != i:
                continue
            for col in range(c.col, min(c.end, n_cols)):
                if not paths[col] or paths[col][-1] != c.text:
                    paths[col].append(c.text)
    return [tuple(p) for p in paths]


def _kind(path: tuple[str, ...]) -> ColumnKind:
    if not path:
        return "amount"
    last = squash(path[-1])
    if "编码" in last or "代码" in last:
        return "code"
    if last in ("类", "款", "项"):
        return "code"
    if last in ("项目", "科目", "名称") or last.endswith("名称"):
        return "label"
    if last == "行次":
        return "lineno"
    return "amount"


def _kinds_from_data(
    kinds: list[ColumnKind], paths: list[tuple[str, ...]], rows: list[RawRow], skip: set
) -> None:
    """Columns no header names take their kind from the rows written at full width."""
    full = [r for i, r in enumerate(rows) if i not in skip and len(r.cells) == len(kinds)]
    for col, path in enumerate(paths):
        if path or not full:
            continue
        seen = {r.cells[col].kind for r in full} - {"empty", "filler"}
        if seen == {"text"}:
            kinds[col] = "label"
        elif seen == {"int"} and col + 1 < len(kinds) and not paths[col + 1]:
            if {r.cells[col + 1].kind for r in full} - {"empty", "filler"} == {"text"}:
                kinds[col] = "code"


def _top_cells(cells: list[HeaderCell], order: list[int]) -> list[HeaderCell]:
    for i in order:
        top = [c for c in cells if c.row == i]
        if top:
            return top
    return []


def _sides(
    cells: list[HeaderCell], kinds: list[ColumnKind], n_cols: int, order: list[int]
) -> list[Side]:
    top = _top_cells(cells, order)
    starts = [
        c.col
        for c in top
        if any(kinds[k] in ("label", "code") for k in range(c.col, min(c.end, n_cols)))
    ]
    if len(starts) < 2:
        starts = [0]
    starts[0] = 0
    bounds = starts + [n_cols]
    sides = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        side = Side(a, b)
        for k in range(a, b):
            kind = kinds[k]
            if kind == "code" and side.code_col is None:
                side.code_col = k
            elif kind == "label" and side.label_col is None:
                side.label_col = k
            elif kind == "lineno" and side.lineno_col is None:
                side.lineno_col = k
            elif kind == "amount":
                side.amount_cols.append(k)
        sides.append(side)
    return sides


def _children(
    parent: HeaderCell | None, cells: list[HeaderCell], order: list[int]
) -> list[HeaderCell]:
    """Header cells directly under ``parent`` (under the root: the top header row)."""
    if parent is None:
        return _top_cells(cells, order)
    for i in order:
        if i <= parent.row:
            continue
        below = [c for c in cells if c.row == i and c.col >= parent.col and c.end <= parent.end]
        if below:
            return below
    return []


def _value_col(cell: HeaderCell, cells: list[HeaderCell], order: list[int]) -> int | None:
    """The column carrying a header cell's own total: itself, or its 小计 sub-column."""
    if cell.colspan == 1:
        return cell.col
    kids = _children(cell, cells, order)
    if kids and kids[0].colspan == 1 and _TOTAL_RE.search(squash(kids[0].text)):
        return kids[0].col
    return None


def _row_identities(
    cells: list[HeaderCell], kinds: list[ColumnKind], paths: list[tuple[str, ...]], order: list[int]
) -> list[RowIdentity]:
    """合计 = Σ parts for every header group whose first figure column is a total."""
    out: list[RowIdentity] = []
    for parent in [None, *cells]:
        kids = [
            k
            for k in _children(parent, cells, order)
            if all(kinds[c] == "amount" for c in range(k.col, min(k.end, len(kinds))))
        ]
        if len(kids) < 2 or not _TOTAL_RE.search(squash(kids[0].text)):
            continue
        cols = [_value_col(k, cells, order) for k in kids]
        if any(c is None for c in cols):
            continue
        names = [squash(k.text) for k in kids]
        out.append(
            RowIdentity(
                cols[0],  # type: ignore[arg-type]
                cols[1:],  # type: ignore[arg-type]
                [],
                f"{names[0]} = " + " + ".join(names[1:]),
            )
        )
    carry = _carry_identity(paths, cells, order)
    if carry:
        out.append(carry)
    return out


def _carry_identity(
    paths: list[tuple[str, ...]], cells: list[HeaderCell], order: list[int]
) -> RowIdentity | None:
    """年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出 (政府性基金 决算 tables)."""

    def find(pattern: str) -> int | None:
        for cell in cells:
            if re.search(pattern, squash(cell.text)):
                return _value_col(cell, cells, order)
        return None

    opening, income, spending, closing = (
        find(r"^年初结转"),
        find(r"^本年收入$"),
        find(r"^本年支出$"),
        find(r"^年末结转"),
    )
    if None in (opening, income, spending, closing):
        return None
    return RowIdentity(
        closing,  # type: ignore[arg-type]
        [opening, income],  # type: ignore[list-item]
        [spending],  # type: ignore[list-item]
        "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
    )
