"""Data rows of a grid -> TableRows: code, name, budget unit, values by column key, level.

One grid row yields one TableRow per panel that has something in it (a 收支 layout gives an
income row and an expenditure row from the same line). Budget-unit rows ("103001 柳州市人民
政府办公室") set the unit for the function rows that follow them; the department's own row
(its code a prefix of the unit codes) is level 'department' and belongs to no unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Amount, Cell, Location, TableRow
from ..numbers import normalize, parse_number
from .headers import TOTAL_LABELS, ColumnSpec, _stripped, cell_class, cell_text

_CODE_SPACED = re.compile(r"^\d{3}(?:\s+\d{2}){1,2}$")
_CODE_IN_NAME = re.compile(r"^\[?(\d{3}(?:\s?\d{2}){0,2})\]?(?:\s+|[】\]]\s*|[-－—]\s*)(\S.*)$")
# Spaces beside a CJK character. The second branch starts only where a run of spaces starts
# (same matches; from every position of a long run it would be quadratic).
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|(?<!\s)\s+(?=[^\x00-\x7f])")
_TOTAL_NAME = re.compile(r"(?:合计|总计|小计)$")
# Amounts are immutable and tables repeat the same figures ("0.00") hundreds of times.
_parse = lru_cache(maxsize=8192)(parse_number)
_normalize = lru_cache(maxsize=8192)(normalize)

_FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
_ECONOMIC_LEVELS = {3: "类", 5: "款"}


@lru_cache(maxsize=8192)
def clean_name(text: str) -> str:
    """'机关事业单位基本养老保险缴费 支出' -> '机关事业单位基本养老保险缴费支出'."""
    return _CJK_GAP.sub("", text.replace("\u3000", " ")).strip()


@lru_cache(maxsize=8192)
def classification_code(text: str) -> str | None:
    """'2010301', '201 03 01' -> '2010301'; None for anything else."""
    t = normalize(text) if not _CODE_SPACED.match(text.strip()) else text.strip().replace(" ", "")
    t = t.replace(" ", "")
    return t if t.isdigit() and 3 <= len(t) <= 9 else None


@dataclass(slots=True)
class RowContext:
    """What the row builder needs to know about its table."""

    path: str
    table_id: str
    money_unit: str | None
    scheme: str | None  # 'economic' when the table is classified economically
    department_codes: set[str] = field(default_factory=set)
    known_units: set[str] = field(default_factory=set)  # unit codes the document lists
    current_unit: str | None = None
    last_parts: dict[str, str] = field(default_factory=dict)  # 类/款 of the row above
    panels: list[list[ColumnSpec]] = field(default_factory=list)
    key_of_index: dict[int, str] = field(default_factory=dict)
    unit_columns: list[int] = field(default_factory=list)
    has_code_column: bool = False
    name_columns: list[int] = field(default_factory=list)

    def prepare(self, specs: list[ColumnSpec]) -> None:
        """Precompute the per-table lookups every row needs."""
        self.panels = [[s for s in specs if s.panel == p] for p in sorted({s.panel for s in specs})]
        self.key_of_index = {s.index: s.key for s in specs if s.key}
        self.unit_columns = [s.index for s in specs if s.role == "unit_code"]
        self.has_code_column = any(s.role == "code" for s in specs)
        self.name_columns = [s.index for s in specs if s.role == "name"]


def _joined_code(parts: dict[str, str], ctx: RowContext) -> str | None:
    """类 + 款 + 项 columns as one code; a row printing only its 款 or 项 ('   | 03 | 01')
    takes the 类 and 款 of the rows above it."""
    full = dict(parts)
    if "类" not in full and ("款" in full or "项" in full):
        full["类"] = ctx.last_parts.get("类", "")
        if "项" in full and "款" not in full:
            full["款"] = ctx.last_parts.get("款", "")
    if not full.get("类"):
        return None
    ctx.last_parts = {k: full[k] for k in ("类", "款") if full.get(k)}
    if "项" not in full and "款" not in full:
        ctx.last_parts = {"类": full["类"]}
    return classification_code("".join(full.get(k, "") for k in ("类", "款", "项")))


_PART_WIDTH = {"类": 3, "款": 2, "项": 2}


def _padded_part(digits: str, part: str | None) -> str:
    """A 款 or 项 printed without its leading zero ('301 | 2' for 30102, '201 | 3 | 1' for
    2010301) is the two-digit part it stands for; 类 parts are three digits as printed."""
    width = _PART_WIDTH.get(part or "")
    if part in ("款", "项") and width and len(digits) < width:
        return digits.zfill(width)
    return digits


def _is_full_code(digits: str, cell: Cell, spec: ColumnSpec) -> bool:
    """A code in a 类/款/项 column that is longer than its part ('2050202' in one cell merged
    over the three columns, or a continuation page's single code column aligned onto 款) is
    the full code, never a part to be joined with the rows above."""
    width = _PART_WIDTH.get(spec.part or "")
    if width is None:
        return False
    return len(digits) in (3, 5, 7) and (len(digits) > width or cell.colspan > 1)


def _is_unit_code(code: str, ctx: RowContext) -> bool:
    return code in ctx.known_units or any(code.startswith(d) for d in ctx.department_codes)


def scheme_of(code: str, table_scheme: str | None) -> str | None:
    if len(code) == 7:
        return "function"
    if len(code) in (3, 5):
        if table_scheme == "economic":
            return "economic"
        if code[0] == "2":
            return "function"
        if code[0] in "35":
            return "economic"
    return None


def level_of(code: str, scheme: str | None) -> str | None:
    if scheme == "function":
        return _FUNCTION_LEVELS.get(len(code))
    if scheme == "economic":
        return _ECONOMIC_LEVELS.get(len(code))
    return None


def row_location(
    cells: list[Cell], ctx: RowContext, fallback: Location, label: str | None
) -> Location:
    """The source lines (or page and box) the row's cells came from."""
    line = end = page = None
    sheet = cell_ref = None
    x0 = top = x1 = bottom = None
    for c in cells:
        loc = c.location
        if loc is None:
            continue
        at = loc.line
        if at is not None:  # min and max, written out: this runs for every cell of a table
            if line is None:
                line = end = at
            elif at < line:
                line = at
            elif at > end:
                end = at
        if page is None:
            page = loc.page
        sheet = sheet or loc.sheet
        cell_ref = cell_ref or loc.cell
        b = loc.bbox
        if b:
            if x0 is None:
                x0, top, x1, bottom = b
            else:
                x0, top, x1, bottom = (
                    min(x0, b[0]),
                    min(top, b[1]),
                    max(x1, b[2]),
                    max(bottom, b[3]),
                )
    if line is None:
        line, end = fallback.line, fallback.end_line
    # positional, in field order (path, line, end_line, page, bbox, sheet, cell, table, row)
    return Location(
        ctx.path,
        line,
        end if end != line else None,
        page if page is not None else fallback.page,
        (x0, top, x1, bottom) if x0 is not None else None,  # type: ignore[arg-type]
        sheet or fallback.sheet,
        cell_ref,
        ctx.table_id,
        label,
    )


def build_rows(
    cells_by_col: dict[int, Cell],
    specs: list[ColumnSpec],
    ctx: RowContext,
    fallback: Location,
) -> list[TableRow]:
    """TableRows for one grid row whose cells are already aligned to the table's columns."""
    out: list[TableRow] = []
    if not ctx.panels:
        ctx.prepare(specs)
    _shift_spanning_names(cells_by_col, ctx)
    unit_cell = next((cells_by_col[i] for i in ctx.unit_columns if i in cells_by_col), None)
    unit_code = _normalize(cell_text(unit_cell)) if unit_cell and cell_text(unit_cell) else None
    for members in ctx.panels:
        row = _panel_row(cells_by_col, members, ctx, fallback, unit_code)
        if row is not None:
            out.append(row)
    return out


def _shift_spanning_names(cells_by_col: dict[int, Cell], ctx: RowContext) -> None:
    """A name merged across panels ('当年支出小计' over two 支出 panels) names the last one,
    whose figure stands to the right of the merged cell."""
    for col in [c for c in ctx.name_columns if c in cells_by_col]:
        cell = cells_by_col[col]
        if cell.colspan <= 1:
            continue
        end = col + cell.colspan - 1
        later = [n for n in ctx.name_columns if col < n <= end]
        if later and later[-1] not in cells_by_col:
            cells_by_col[later[-1]] = cells_by_col.pop(col)


def _panel_row(
    cells_by_col: dict[int, Cell],
    members: list[ColumnSpec],
    ctx: RowContext,
    fallback: Location,
    unit_code: str | None,
) -> TableRow | None:
    code = None
    name = ""
    parts: dict[str, str] = {}
    texts: dict[str, str] = {}
    values: dict[str, Amount | None] = {}
    placements: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    used: list[Cell] = []
    spilled = ""
    side = None
    for s in members:
        role = s.role
        if side is None and s.side:
            side = s.side
        if role == "lineno":
            continue
        if role == "value":
            values[s.key] = None
        cell = cells_by_col.get(s.index)
        if cell is None:
            continue
        t = _stripped(cell.text)  # cell_text(cell)
        if not t or (role == "code_part" and t == s.part):
            continue  # the 类/款/项 label printed on the 合计 row heads its column
        cls = cell_class(t)
        if cls != "empty":
            used.append(cell)
        if role == "value":
            if cls == "empty":
                continue
            amount = None if cell.placeholder else _parse(t, s.count_unit or ctx.money_unit)
            if amount is None:  # a placeholder ('XX', 'x,xxx') or words: never an amount
                texts[s.key] = t
                continue
            values[s.key] = amount
            if cell.placement != "exact":
                placements[s.key] = cell.placement
                alts = tuple(
                    ctx.key_of_index[i] for i in cell.alternatives if i in ctx.key_of_index
                )
                if alts:
                    alternatives[s.key] = alts
        elif role == "code" or role == "code_part":
            digits = _normalize(t)
            if not digits.isdigit():
                # '合计' merged over the code columns, or words where a code should be
                if cls == "word" and not spilled:
                    spilled = clean_name(t)
                elif cls != "empty":
                    texts[s.key or "编码"] = t
            elif role == "code" or _is_full_code(digits, cell, s):
                code = classification_code(t) or code
                if role == "code_part" and code:
                    ctx.last_parts = {k: v for k, v in (("类", code[:3]), ("款", code[3:5])) if v}
            else:
                parts[s.part or ""] = _padded_part(digits, s.part)
        elif role == "name":
            name = f"{name}/{clean_name(t)}" if name else clean_name(t)
        elif role == "item" or role == "text":
            texts[s.key] = t.strip()
    if parts:
        code = _joined_code(parts, ctx) or code
    if code is None and name:
        m = _CODE_IN_NAME.match(name)
        if m and not ctx.has_code_column:
            code, name = m.group(1).replace(" ", ""), clean_name(m.group(2))
    if not used:
        return None
    if spilled:
        name = f"{spilled}/{name}" if name else spilled
    if not name:
        for k, v in list(texts.items()):
            if clean_name(v) in TOTAL_LABELS or _TOTAL_NAME.search(clean_name(v)):
                name = clean_name(v)
                del texts[k]
                break
    # A code in the 科目 column that extends the department's code (103001 under 103) is a
    # budget unit; any other odd-length code stays a code, for the code checks to see.
    own_unit = unit_code
    if code and len(code) not in (3, 5, 7) and not ctx.unit_columns and _is_unit_code(code, ctx):
        own_unit, code = code, None
    is_total = bool(name) and bool(_TOTAL_NAME.search(name)) and code is None
    has_item = False  # any(s.role == "item" and s.key in texts for s in members), unrolled
    if texts:
        for s in members:
            if s.role == "item" and s.key in texts:
                has_item = True
                break
    level = None
    scheme = None
    unit = None
    if code:
        scheme = scheme_of(code, ctx.scheme)
        level = level_of(code, scheme)
        unit = own_unit or ctx.current_unit
    elif own_unit and not has_item:
        if own_unit in ctx.department_codes:
            level, unit = "department", None
            ctx.current_unit = None
        else:
            level, unit = "unit", own_unit
            ctx.current_unit = own_unit
    elif own_unit:
        unit = own_unit
    elif is_total:
        level = "total" if not name.endswith("小计") else None
        ctx.current_unit = None
    else:
        unit = ctx.current_unit if has_item else None
    label = code or own_unit or name or None
    # positional, in field order: code, name, values, location, unit, level, is_total,
    # scheme, placements, alternatives, texts, side
    return TableRow(
        code,
        name,
        values,
        row_location(used, ctx, fallback, label),
        unit,
        level,
        is_total,
        scheme,  # type: ignore[arg-type]
        placements,  # type: ignore[arg-type]
        alternatives,
        texts,
        side,  # type: ignore[arg-type]
    )
