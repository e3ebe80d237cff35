"""Put each cell of a flattened data row into its column, by type and then by arithmetic.

A row written with as many cells as the table has columns is placed cell by cell. A shorter
row lost some cells in conversion; a converter drops empty cells, never figures, so every
column the row does not reach is read as empty (zero). Its cells keep their order, so the
candidate placements are the order-preserving ways to put them into columns that accept
them (a code into a 编码 column, text into a 名称/项目 column, a figure into an amount
column). The table's own arithmetic then removes candidates: row identities from the
header (合计 = 基本支出 + 项目支出 …), column identities from the codes (类 = Σ款, 款 = Σ项,
合计 = Σ类) and from the two-sided summary tables (本年收入合计 = Σ一、二、…; 收入总计 = 支出总计).
Every comparison is an interval intersection (``budgetlens.intervals``). An identity that no
candidate can satisfy is a slip in the document, not evidence, and is set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from ..intervals import Interval
from ..numbers import looks_like_code, normalize, parse_number
from .flattened_header import ColumnKind, Layout, Side, squash
from .flattened_rows import RawCell, RawRow

Alignment = tuple[int, ...]  # column of each cell of the row, in writing order

_ZERO = Interval.exact(0)
_ITEM_RE = re.compile(r"^[一二三四五六七八九十]+、")
_CURRENT_TOTAL_RE = re.compile(r"^本年.*合计$")
_GRAND_TOTAL_RE = re.compile(r"总计$|^合计$")
_TOTAL_RE = re.compile(r"合计|总计")
_MAX_COMBINATIONS = 20000
_MAX_ALIGNMENTS = 1000
_MAX_STEPS = 50_000


def fits(cell: RawCell, kind: ColumnKind) -> bool:
    """Whether a cell may sit in a column of this kind."""
    if cell.kind in ("empty", "filler"):
        return True
    if kind == "code":
        digits = normalize(cell.text)
        return cell.kind == "int" and (looks_like_code(digits) or 2 <= len(digits) <= 3)
    if kind == "label":
        return cell.kind == "text"
    if kind == "lineno":
        return cell.kind == "int"
    return cell.kind in ("int", "number")


def candidate_alignments(cells: list[RawCell], kinds: list[ColumnKind]) -> list[Alignment] | None:
    """Order-preserving placements the column kinds allow, left-packed first.

    None when there are too many to weigh (a very wide table with a very short row).
    """
    n, k = len(kinds), len(cells)
    if k >= n:
        return [tuple(range(k))]
    found: list[Alignment] = []
    steps = 0

    def walk(i: int, start: int, acc: list[int]) -> bool:
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS or len(found) > _MAX_ALIGNMENTS:
            return False
        if i == k:
            found.append(tuple(acc))
            return True
        for col in range(start, n - (k - i) + 1):
            if fits(cells[i], kinds[col]):
                acc.append(col)
                ok = walk(i + 1, col + 1, acc)
                acc.pop()
                if not ok and (steps > _MAX_STEPS or len(found) > _MAX_ALIGNMENTS):
                    return False
        return True

    walk(0, 0, [])
    if steps > _MAX_STEPS or len(found) > _MAX_ALIGNMENTS:
        return None
    # A 行次 column is numbered on every row: prefer placements that fill it.
    linenos = [c for c, kind in enumerate(kinds) if kind == "lineno"]
    if linenos and found:

        def filled(a: Alignment) -> int:
            return sum(1 for i, col in enumerate(a) if col in linenos and cells[i].kind == "int")

        best = max(filled(a) for a in found)
        found = [a for a in found if filled(a) == best]
    # Alignments that differ only in where empty cells go are the same reading.
    unique: dict[tuple[int, ...], Alignment] = {}
    for a in found:
        key = tuple(col for i, col in enumerate(a) if not cells[i].is_blank)
        unique.setdefault(key, a)
    return list(unique.values())


Term = tuple[int, int, int, tuple[int, str] | None]  # row, column, sign, condition


@dataclass(slots=True)
class Identity:
    """Σ sign · value(row, col) = 0, as intervals.

    A term with a condition (column, text) counts only in the placements of its row that
    put that text in that column: which side of a two-sided table a short row belongs to
    decides which 类 it adds up to.
    """

    terms: list[Term]
    description: str

    def rows(self) -> list[int]:
        return sorted({t[0] for t in self.terms})


@dataclass(slots=True)
class PlacedCell:
    raw: RawCell
    col: int
    colspan: int = 1
    placement: str = "exact"
    alternatives: tuple[int, ...] = ()


@dataclass(slots=True)
class RowPlacement:
    cells: list[PlacedCell]
    decided_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _RowState:
    row: RawRow
    initial: list[Alignment]
    domain: list[Alignment]
    values: dict[Alignment, dict[int, Interval]]
    numeric: bool  # takes part in the arithmetic (not a header or 栏次 row)
    unplaced: bool = False  # no placement fits, or too many to weigh: written left to right


def _row_values(cells: list[RawCell], a: Alignment, kinds: list[ColumnKind]) -> dict[int, Interval]:
    out: dict[int, Interval] = {}
    for cell, col in zip(cells, a, strict=True):
        if col < len(kinds) and kinds[col] == "amount" and cell.kind in ("int", "number"):
            amount = parse_number(cell.text)
            if amount is not None:
                out[col] = Interval.of(amount)
    return out


class Placer:
    """Places the data rows of one table; ``pruned_by`` and ``disabled`` say why."""

    def __init__(self, rows: list[RawRow], layout: Layout, data_rows: list[int]) -> None:
        self.rows = rows
        self.layout = layout
        self.states: dict[int, _RowState] = {}
        self.disabled: list[str] = []
        self.pruned_by: dict[int, list[str]] = {}
        self.removed = 0  # candidate alignments dropped so far: solve stops when none go
        kinds = layout.kinds
        for r in data_rows:
            cells = rows[r].cells
            found = candidate_alignments(cells, kinds)
            cands = found or [tuple(range(len(cells)))]
            values = {a: _row_values(cells, a, kinds) for a in cands}
            numeric = r not in layout.colnum_rows and bool(found)
            state = _RowState(rows[r], list(cands), list(cands), values, numeric)
            state.unplaced = not found
            self.states[r] = state
        self.identities = self._identities()

    # -- semantics of a row ----------------------------------------------------------------
    def _texts_at(self, r: int, col: int | None) -> set[str]:
        """What the row's candidate placements put in ``col`` (text cells only)."""
        if col is None:
            return set()
        state = self.states[r]
        found: set[str] = set()
        for a in state.domain:
            for cell, c in zip(state.row.cells, a, strict=True):
                if c == col and not cell.is_blank:
                    found.add(squash(cell.text))
        return found

    def _labels(self, r: int, side: Side) -> set[str]:
        """Row labels on a side (a "合计" written across 编码 and 名称 sits in 名称 here)."""
        return self._texts_at(r, side.label_col)

    # -- identities ------------------------------------------------------------------------
    def _identities(self) -> list[Identity]:
        out: list[Identity] = []
        rows = [r for r, s in self.states.items() if s.numeric]
        name = self.layout.column_name
        for ident in self.layout.row_identities:
            for r in rows:
                terms: list[Term] = [(r, ident.total, 1, None)]
                terms += [(r, c, -1, None) for c in ident.parts]
                terms += [(r, c, 1, None) for c in ident.minus]
                out.append(Identity(terms, f"第{self.rows[r].line}行: {ident.description}"))
        for side in self.layout.sides:
            if side.code_col is not None:
                out += self._code_identities(side, rows, name)
            elif side.label_col is not None:
                out += self._summary_identities(side, rows, name)
        out += self._grand_total_identities(rows, name)
        return out

    def _code_identities(self, side: Side, rows: list[int], name) -> list[Identity]:
        out: list[Identity] = []
        codes: dict[str, list[int]] = {}
        totals: list[tuple[int, str]] = []
        for r in rows:
            for code in self._texts_at(r, side.code_col):
                if code.isdigit():
                    codes.setdefault(code, []).append(r)
            for label in self._labels(r, side):
                if _TOTAL_RE.search(label):
                    totals.append((r, label))
        unique = {c: rs[0] for c, rs in codes.items() if len(rs) == 1}
        cc, lc = side.code_col, side.label_col
        for code, r in unique.items():
            kids = [
                (c, q) for c, q in unique.items() if len(c) == len(code) + 2 and c.startswith(code)
            ]
            level = {3: "类 = Σ款", 5: "款 = Σ项"}.get(len(code), "上级 = Σ下级")
            for col in side.amount_cols if kids else []:
                terms: list[Term] = [(r, col, 1, (cc, code))]  # type: ignore[list-item]
                terms += [(q, col, -1, (cc, c)) for c, q in kids]  # type: ignore[misc]
                out.append(Identity(terms, f"{name(col)}: {code} {level}"))
        tops = [(c, q) for c, q in unique.items() if len(c) == 3]
        for r, label in totals:
            for col in side.amount_cols if tops else []:
                terms = [(r, col, 1, (lc, label))]  # type: ignore[list-item]
                terms += [(q, col, -1, (cc, c)) for c, q in tops]  # type: ignore[misc]
                out.append(Identity(terms, f"{name(col)}: 第{self.rows[r].line}行{label} = Σ类"))
        return out

    def _summary_identities(self, side: Side, rows: list[int], name) -> list[Identity]:
        out: list[Identity] = []
        items: list[tuple[int, str]] = []
        lc = side.label_col
        for r in rows:
            for label in self._labels(r, side):
                if _ITEM_RE.match(label):
                    items.append((r, label))
                elif _CURRENT_TOTAL_RE.match(label) and items:
                    for col in side.amount_cols:
                        terms: list[Term] = [(r, col, 1, (lc, label))]  # type: ignore[list-item]
                        terms += [(q, col, -1, (lc, lb)) for q, lb in items]  # type: ignore[misc]
                        out.append(Identity(terms, f"{name(col)}: {label} = Σ一、二、…各项"))
        return out

    def _grand_total_identities(self, rows: list[int], name) -> list[Identity]:
        """收入总计 = 支出总计: the last 总计/合计 row of each side, first amount column."""
        ends: list[tuple[int, int, str, int]] = []
        for side in self.layout.sides:
            if side.code_col is not None or side.label_col is None or not side.amount_cols:
                continue
            hits = [
                (r, label)
                for r in rows
                for label in self._labels(r, side)
                if _GRAND_TOTAL_RE.search(label)
            ]
            if hits:
                r, label = hits[-1]
                ends.append((r, side.amount_cols[0], label, side.label_col))  # type: ignore[arg-type]
        out = []
        for (r1, c1, l1, k1), (r2, c2, l2, k2) in zip(ends, ends[1:], strict=False):
            out.append(
                Identity(
                    [(r1, c1, 1, (k1, l1)), (r2, c2, -1, (k2, l2))],
                    f"{l1}({name(c1)}) = {l2}({name(c2)})",
                )
            )
        return out

    # -- arithmetic ------------------------------------------------------------------------
    def _holds_condition(self, r: int, a: Alignment, cond: tuple[int, str] | None) -> bool:
        if cond is None:
            return True
        col, text = cond
        for cell, c in zip(self.states[r].row.cells, a, strict=True):
            if c == col and not cell.is_blank:
                return squash(cell.text) == text
        return False

    def _contribution(self, ident: Identity, r: int, a: Alignment) -> tuple[Decimal, Decimal]:
        values = self.states[r].values[a]
        total = _ZERO
        for row, col, sign, cond in ident.terms:
            if row != r or not self._holds_condition(r, a, cond):
                continue
            v = values.get(col, _ZERO)
            total = total + (v if sign > 0 else -v)
        return (total.lo, total.hi)

    def _apply(self, ident: Identity) -> str:
        """Narrow the rows of one identity; 'retire' once it can tell nothing more.

        With one undecided row, the candidates the identity refutes are dropped. With
        several, a row is narrowed only when every combination that satisfies the identity
        gives it the same non-zero value.
        """
        rows = [r for r in ident.rows() if r in self.states and self.states[r].numeric]
        options: list[dict[tuple[Decimal, Decimal], list[Alignment]]] = []
        size = 1
        for r in rows:
            by_value: dict[tuple[Decimal, Decimal], list[Alignment]] = {}
            for a in self.states[r].domain:
                by_value.setdefault(self._contribution(ident, r, a), []).append(a)
            options.append(by_value)
            size *= len(by_value)
        if size > _MAX_COMBINATIONS:
            return "wait"
        fitting: list[set[tuple[Decimal, Decimal]]] = [set() for _ in rows]
        for combo in product(*[list(o) for o in options]):
            lo = sum((v[0] for v in combo), Decimal(0))
            hi = sum((v[1] for v in combo), Decimal(0))
            if lo <= 0 <= hi:
                for k, v in enumerate(combo):
                    fitting[k].add(v)
        if not fitting or not fitting[0]:
            self.disabled.append(ident.description)
            return "retire"
        open_rows = [k for k, o in enumerate(options) if len(o) > 1]
        if not open_rows:
            return "retire"
        if len(open_rows) > 1:
            # Several undecided rows: trust only what pins a row to one non-zero value. A
            # "nothing in this column" solution is what a slip elsewhere in the column
            # produces when every row can shift aside, so it is never taken as evidence.
            open_rows = [k for k in open_rows if len(fitting[k]) == 1 and (0, 0) not in fitting[k]]
        for k in open_rows:
            if len(fitting[k]) < len(options[k]):
                keep = [a for v in fitting[k] for a in options[k][v]]
                state = self.states[rows[k]]
                kept = [a for a in state.domain if a in keep]
                self.removed += len(state.domain) - len(kept)
                state.domain = kept
                self.pruned_by.setdefault(rows[k], []).append(ident.description)
        return "narrowed"

    def solve(self) -> None:
        pending = [i for i in self.identities if i.rows()]
        changed = True
        while changed and pending:
            changed = False
            for ident in list(pending):
                before = self.removed
                outcome = self._apply(ident)
                if outcome == "retire":
                    pending.remove(ident)
                if self.removed != before:
                    changed = True

    # -- result ----------------------------------------------------------------------------
    def placements(self) -> dict[int, RowPlacement]:
        out: dict[int, RowPlacement] = {}
        kinds = self.layout.kinds
        for r, state in self.states.items():
            cells = state.row.cells
            chosen = state.domain[0]
            placed: list[PlacedCell] = []
            covered = set(chosen)
            for i, (cell, col) in enumerate(zip(cells, chosen, strict=True)):
                if cell.is_blank:
                    continue
                first_cols = {a[i] for a in state.initial}
                final_cols = {a[i] for a in state.domain}
                pc = PlacedCell(cell, col)
                if state.unplaced:
                    span = range(i, len(kinds) - len(cells) + i + 1)
                    others = [c for c in span if c != col and fits(cell, kinds[c])]
                    pc.placement, pc.alternatives = "ambiguous", tuple(others)
                elif len(first_cols) > 1:
                    if len(final_cols) == 1:
                        pc.placement = "inferred"
                    else:
                        pc.placement = "ambiguous"
                        pc.alternatives = tuple(sorted(final_cols - {col}))
                if (
                    cell.kind == "text"
                    and col > 0
                    and kinds[col] == "label"
                    and kinds[col - 1] == "code"
                    and col - 1 not in covered
                ):
                    pc.col, pc.colspan = col - 1, 2  # "合计" written across 编码 and 名称
                placed.append(pc)
            out[r] = RowPlacement(placed, self.pruned_by.get(r, []))
        return out
