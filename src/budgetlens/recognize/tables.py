"""Raw grids -> typed standard tables.

Column keys are header paths, folded (no spaces, full-width parentheses, no quotes), joined
with '/', with these canonical forms: the total column is '合计'; inner '小计'/'合计' levels
are dropped ('基本支出/小计' -> '基本支出'); a group spanning every figure column but the
leading 合计 is dropped ('本年一般公共预算支出/基本支出/人员经费' -> '基本支出/人员经费'); a
year prefix is dropped ('2017年度预算数' -> '预算数') and 预算数/决算数 lead the path; the only
figure column of a one-column table is '合计'; a 收入 | 支出 side with one figure column
keys it '金额' (with several, its total is '合计').
A repeated key gets '(2)'. ``Column.path`` keeps the labels as written.

=================================  =========================================================
kind                               column keys (side: income / expenditure where two-sided)
=================================  =========================================================
income_expenditure_summary         income: 金额 · expenditure: 金额 (Jiangsu: 功能分类/金额,
                                   支出用途/金额; Shanghai 单位: 合计, 基本支出/人员经费,
                                   基本支出/公用经费, 项目支出)
income                             合计 · 本年收入 · 本年收入/一般公共预算 · 本年收入/政府性基金预算 ·
                                   本年收入/国有资本经营预算 · 本年收入/财政专户管理资金收入 ·
                                   本年收入/单位资金 · 上年结转结余[/…same…] (Guangxi budget);
                                   合计 · 财政拨款收入 · 上级补助收入 · 事业收入 · 经营收入 ·
                                   事业单位经营收入 · 附属单位上缴收入 · 其他收入 (决算, Shanghai)
expenditure                        合计 · 基本支出 · 项目支出 · 结转下年支出 / 上缴上级支出 ·
                                   经营支出 · 对附属单位补助支出 · 单位预留机动经费 · 结转下年资金
fiscal_summary                     income: 金额 · expenditure: 金额, or 合计 · 一般公共预算 ·
                                   政府性基金预算 · 国有资本经营预算 (决算: …财政拨款 suffix)
general_budget_expenditure         合计 · 基本支出 · 基本支出/人员经费 · 基本支出/公用经费 · 项目支出
general_budget_basic_expenditure   合计 · 人员经费 · 公用经费 (决算 left|right panels: 人员经费,
                                   公用经费 on rows of their own)
sangong (预算)                     三公经费 (the 三公 total) · 因公出国（境）费 · 公务接待费 ·
                                   公务用车购置及运行维护费[/公务用车购置费|/公务用车运行维护费]
                                   · 会议费 · 培训费[/本级资金安排|/上级补助资金安排] · 机关运行经费 ·
                                   合计 (only beside 会议费/培训费: all of them) · 资金性质 (text)
sangong (决算)                     预算数 · 决算数, each also /因公出国（境）费, /公务接待费,
                                   /公务用车购置及运行维护费[/公务用车购置费|/公务用车运行维护费]
gov_fund_expenditure,              合计 · 基本支出 · 项目支出; 决算: 年初结转和结余 · 本年收入 ·
state_capital_expenditure          本年支出 · 本年支出/基本支出 · 本年支出/项目支出 · 年末结转和结余
procurement                        项目名称 (text) · 政府采购资金类型[/一般公共预算拨款|/…] ·
                                   政府采购项目类型[/集中采购[/货物类|/服务类]|/分散采购[/…]];
                                   Jiangsu: 采购品目大类 · 经济科目 · 采购组织形式 (texts) · 合计
purchase_of_services               合计 · 一般公共预算拨款 · 政府性基金预算拨款 · 国有资本经营预算拨款 ·
                                   财政专户管理的收入 · 单位资金 · 上年结余收入
performance_targets                项目名称 · 年度绩效目标 (texts); forms (绩效目标填报表): 列N
=================================  =========================================================

Rows: ``code`` is the 科目编码 (类/款/项 columns joined, spaces removed); ``level`` is 类/款/项
(function, 3/5/7 digits) or 类/款 (economic, 3/5), 'unit' for a budget-unit row (its ``unit``
is the unit code, and the coded rows under it carry it), 'department' for the department's own
row (code a prefix of the unit codes; ``unit`` None), 'total' for 合计/总计 rows (``is_total``
also for 小计). Two-sided rows carry ``side``. Template placeholders go to ``texts``, never
to ``values``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import (
    Block,
    Cell,
    Column,
    Document,
    DocumentInfo,
    Grid,
    Location,
    Paragraph,
    Table,
    TableRow,
)
from ..numbers import normalize
from . import titles
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
    split_rows,
)
from .rows import RowContext, build_rows, classification_code
from .table_kinds import kind_from_header, kind_from_title


@dataclass(slots=True)
class _Around:
    """What the paragraphs around a grid say about it."""

    title: str | None = None
    number: str | None = None
    money_unit: str | None = None
    unit_name: str | None = None
    title_block: int | None = None
    breaks: bool = False  # a note or prose between the previous grid and this one


@dataclass(slots=True)
class _Building:
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


def recognize_tables(doc: Document, info: DocumentInfo) -> list[Table]:
    """Every table in the document, in document order, continuations merged."""
    blocks = doc.blocks
    positional = any(isinstance(b, Grid) and b.location.bbox for b in blocks)
    toc = titles.toc_numbers([b.text for b in blocks if isinstance(b, Paragraph)])
    built: list[_Building] = []
    used_titles: set[int] = set()
    current: _Building | None = None
    prev_grid = -1
    for i, block in enumerate(blocks):
        if not isinstance(block, Grid) or not block.rows:
            continue
        around = _around_by_position(blocks, i) if positional and block.location.page else _Around()
        if around.title is None:
            gap = _around_in_gap(blocks, prev_grid + 1, i)
            if positional and block.location.page:
                around.breaks = around.breaks or gap.breaks
                around.money_unit = around.money_unit or gap.money_unit
                if gap.title_block is not None and _below_all_grids(blocks, gap.title_block):
                    # the title closed the previous page; its table starts on this one
                    around = gap
            else:
                around = gap
        prev_grid = i
        split = split_rows(block)
        meta = _around_in_rows(split.meta)
        title = around.title or meta.title or _caption_title(block)
        if title is None and current is not None:
            split = _resplit(current, block, split)
        if (
            title is None
            and current is not None
            and not around.breaks
            and not _new_header(current, block, split)
        ):
            if positional:
                _salvage_loose_rows(current, blocks, current.last_block + 1, i)
            _continue(current, block, split, i)
            continue
        if around.title_block is not None:
            used_titles.add(around.title_block)
        current = _start(block, split, i, title, around, meta, toc)
        built.append(current)
    for b in built:
        if b.money_unit is None:
            b.money_unit = _inherited_unit(built, b)
    empties = _title_only_empty_tables(blocks, used_titles, doc)
    order = sorted([(b.first_block, b) for b in built] + empties, key=lambda x: x[0])
    tables: list[Table] = []
    for n, (_, item) in enumerate(order, 1):
        table_id = f"t{n}"
        if isinstance(item, _Building):
            tables.append(_finish(item, doc, info, blocks, table_id))
        else:
            item.id = table_id
            item.location = replace(item.location, table=table_id)
            tables.append(item)
    return tables


# ---------------------------------------------------------------------------
# Context around a grid
# ---------------------------------------------------------------------------


def _around_in_gap(blocks: list[Block], start: int, end: int) -> _Around:
    """Scan back from a grid to the previous one: unit, unit name, title, table number."""
    out = _Around()
    for j in range(end - 1, start - 1, -1):
        b = blocks[j]
        if not isinstance(b, Paragraph):
            continue
        text = b.text
        if out.money_unit is None and (u := titles.money_unit_of(text)):
            out.money_unit = u
        if out.unit_name is None and (n := titles.unit_name_of(text)):
            out.unit_name = n
        if titles.is_number_only(text):
            out.number = out.number or titles.number_of(text)
            if out.title is not None:
                break
            continue
        if out.title is not None:
            break
        if titles.is_table_title(text):
            out.title, number = titles.split_title(text)
            out.number = out.number or number
            out.title_block = j
            # a standalone '表1' just before the title belongs to it
            for k in range(j - 1, max(start - 1, j - 3), -1):
                p = blocks[k]
                if isinstance(p, Paragraph) and titles.is_number_only(p.text):
                    out.number = out.number or titles.number_of(p.text)
                    break
                if isinstance(p, Paragraph) and titles.clean(p.text):
                    break
            break
        if titles.is_meta_line(text):
            continue
        t = titles.clean(text)
        if t and (titles.is_note(t) or len(t) > 60):
            out.breaks = True
    return out


def _around_by_position(blocks: list[Block], i: int) -> _Around:
    """PDF pages: the title is the nearest title line above the grid on its page."""
    grid = blocks[i]
    assert isinstance(grid, Grid)
    page, box = grid.location.page, grid.location.bbox
    out = _Around()
    if box is None:
        return out
    top = box[1]
    grids_above = [
        b.location.bbox
        for b in blocks
        if isinstance(b, Grid)
        and b is not grid
        and b.location.page == page
        and b.location.bbox
        and b.location.bbox[3] <= top + 1
    ]
    best: tuple[float, int] | None = None
    unit_best: tuple[float, str] | None = None
    for j, b in enumerate(blocks):
        if not isinstance(b, Paragraph) or b.location.page != page or not b.location.bbox:
            continue
        bottom = b.location.bbox[3]
        if bottom > top + 2:
            continue
        if any(g[1] >= bottom - 1 for g in grids_above):  # another grid sits between
            continue
        if (u := titles.money_unit_of(b.text)) and (unit_best is None or bottom > unit_best[0]):
            unit_best = (bottom, u)
        if titles.unit_name_of(b.text):
            out.unit_name = titles.unit_name_of(b.text)
        if titles.is_table_title(b.text) and (best is None or bottom > best[0]):
            best = (bottom, j)
    if best is not None:
        p = blocks[best[1]]
        assert isinstance(p, Paragraph)
        out.title, out.number = titles.split_title(p.text)
        out.title_block = best[1]
    if unit_best is not None:
        out.money_unit = unit_best[1]
    return out


def _below_all_grids(blocks: list[Block], j: int) -> bool:
    """A title on an earlier page, under every grid of its page (so it heads none of them)."""
    p = blocks[j]
    grid = next((b for b in blocks[j:] if isinstance(b, Grid)), None)
    if not isinstance(p, Paragraph) or not p.location.bbox or grid is None:
        return False
    page = p.location.page
    if page is None or grid.location.page is None or page >= grid.location.page:
        return False
    top = p.location.bbox[1]
    return all(
        b.location.bbox[3] <= top + 1
        for b in blocks
        if isinstance(b, Grid) and b.location.page == page and b.location.bbox
    )


def _around_in_rows(texts: list[str]) -> _Around:
    """Title and unit written inside the grid's first rows (spreadsheets)."""
    out = _Around()
    for t in texts:
        if out.money_unit is None and (u := titles.money_unit_of(t)):
            out.money_unit = u
        if out.unit_name is None and (n := titles.unit_name_of(t)):
            out.unit_name = n
        if titles.is_number_only(t):
            out.number = titles.number_of(t)
        elif out.title is None and titles.is_table_title(t):
            out.title, number = titles.split_title(t)
            out.number = out.number or number
    return out


def _caption_title(grid: Grid) -> str | None:
    if grid.caption and titles.is_table_title(grid.caption):
        return titles.split_title(grid.caption)[0]
    return None


_UNIT_IN_LABEL = re.compile(r"[（(](亿元|万元|千元|元)[)）]")


def _unit_in_grid(grid: Grid) -> str | None:
    """'项目资金（元）' in the grid's own cells, when no '单位：' line says it."""
    for row in grid.rows[:12]:
        for c in row:
            if m := _UNIT_IN_LABEL.search(c.text):
                return m.group(1)
    return None


def _inherited_unit(built: list[_Building], b: _Building) -> str | None:
    """A table without its own '单位' line uses the unit of the nearest table before it."""
    before = [x for x in built if x.first_block < b.first_block and x.money_unit]
    return before[-1].money_unit if before else None


# ---------------------------------------------------------------------------
# Assembling
# ---------------------------------------------------------------------------


def _start(
    grid: Grid,
    split: HeaderSplit,
    i: int,
    title: str | None,
    around: _Around,
    meta: _Around,
    toc: dict[str, str],
) -> _Building:
    specs = column_specs(grid, split)
    title = title or ""
    kind = kind_from_title(title) if title else None
    if kind is None:
        labels = [label("/".join(s.path)) for s in specs]
        economic = any("经济分类" in lb for lb in labels)
        kind = kind_from_header(labels, any(s.side for s in specs), economic)
    if kind == "performance_targets" and not any(
        s.role in ("item", "unit_code", "code") for s in specs
    ):
        # A 绩效目标填报表 is a form of label | text cells, not a header over rows.
        split.data_start = split.header[0] if split.header else split.data_start
        split.header, split.column_numbers = [], []
        specs = column_specs(grid, split)
    if kind == "sangong":
        _sangong_keys(specs)
    number = around.number or meta.number or toc.get(label(title))
    b = _Building(
        kind=kind,
        title=title,
        number=number,
        money_unit=around.money_unit or meta.money_unit or _unit_in_grid(grid),
        unit_name=around.unit_name or meta.unit_name,
        specs=specs,
        signature=header_signature(grid, split),
        first_block=i,
    )
    b.centres = column_centres(grid)
    _add_segment(b, grid, split, i, {s.index: s.index for s in specs})
    return b


def _resplit(b: _Building, grid: Grid, split: HeaderSplit) -> HeaderSplit:
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


def _new_header(b: _Building, grid: Grid, split: HeaderSplit) -> bool:
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


def _continue(b: _Building, grid: Grid, split: HeaderSplit, i: int) -> None:
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
        if b.kind == "sangong":
            _sangong_keys(seg_specs)
        mapping = align_by_header(b.specs, seg_specs)
    elif b.centres and column_centres(grid):
        mapping = align_by_position(b.centres, grid)
    else:
        mapping = align_by_width(len(b.specs), grid)
    _extend_columns(b, grid, mapping, seg_specs)
    _add_segment(b, grid, split, i, mapping)


def _extend_columns(
    b: _Building, grid: Grid, mapping: dict[int, int], seg_specs: list[ColumnSpec]
) -> None:
    """A continuation column that matches none of the table's gets a column of its own, so
    that no figure is dropped for want of a place."""
    known = {s.index for s in b.specs}
    by_index = {s.index: s for s in seg_specs}
    for col in range(grid.n_cols):
        target = mapping.get(col, col)
        if target in known:
            continue
        new_index = max(known) + 1 if known else 0
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


def _salvage_loose_rows(b: _Building, blocks: list[Block], start: int, end: int) -> None:
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
    b: _Building, grid: Grid, split: HeaderSplit, i: int, mapping: dict[int, int]
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
    for r in range(split.data_start, len(grid.rows)):
        cells = [c for c in grid.rows[r] if cell_text(c)]
        if not cells:
            continue
        texts = [cell_text(c) for c in cells]
        if is_column_number_row(texts):
            continue
        if label(texts[0]) in b.header_starts and _row_signature(cells) in b.row_signatures:
            # a header repeated inside one grid (page break in a spreadsheet or PDF grid)
            continue
        if _repeated_header(texts, b.header_labels):
            continue
        if identity:
            aligned = {c.col: c for c in cells}
        else:
            aligned = {}
            for c in cells:
                target = mapping.get(c.col, c.col)
                if target in aligned:  # two cells on one column: the later one gets its own
                    target = max(max(aligned), max(mapping.values(), default=0)) + 1
                aligned[target] = c
        fallback = Location(
            path=base.path,
            line=_row_line(base, r, len(grid.rows)),
            page=base.page,
            sheet=base.sheet,
        )
        b.raw_rows.append((aligned, fallback))


def _cover_stray_columns(b: _Building) -> None:
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


def _department_codes(b: _Building, info: DocumentInfo) -> set[str]:
    """Unit codes that prefix other unit codes ('103' before '103001') name the department."""
    unit_cols = [s.index for s in b.specs if s.role == "unit_code"]
    code_cols = [] if unit_cols else [s.index for s in b.specs if s.role == "code"]
    codes: set[str] = set()
    for aligned, _ in b.raw_rows:
        for col in unit_cols:
            if (c := aligned.get(col)) is not None and (t := normalize(cell_text(c))).isdigit():
                codes.add(t)
        for col in code_cols:
            if (c := aligned.get(col)) is not None:
                cc = classification_code(cell_text(c))
                if cc and len(cc) not in (3, 5, 7):
                    codes.add(cc)
    # A code that prefixes other unit codes, or a short (3-digit) one, is the department's.
    dept = {c for c in codes if len(c) <= 3 or any(o != c and o.startswith(c) for o in codes)}
    if info.department_code:
        dept.add(info.department_code)
    return dept


def _finish(
    b: _Building, doc: Document, info: DocumentInfo, blocks: list[Block], table_id: str
) -> Table:
    labels = "|".join(label("/".join(s.path)) for s in b.specs)
    scheme = (
        "economic" if b.kind == "general_budget_basic_expenditure" or "经济分类" in labels else None
    )
    ctx = RowContext(
        path=doc.path,
        table_id=table_id,
        money_unit=b.money_unit,
        scheme=scheme,
        department_codes=_department_codes(b, info),
    )
    _cover_stray_columns(b)
    rows: list[TableRow] = []
    for aligned, fallback in b.raw_rows:
        rows.extend(build_rows(aligned, b.specs, ctx, fallback))
    notes, empty_note = _notes_after(blocks, b.last_block)
    has_figures = any(v is not None and v.value != 0 for r in rows for v in r.values.values())
    columns = [
        Column(key=s.key, path=s.path, index=s.index, side=s.side)  # type: ignore[arg-type]
        for s in b.specs
        if s.role in ("value", "text", "item") and s.key
    ]
    lines = [g.location.line for g in b.grids if g.location.line is not None]
    ends = [g.location.end_line or g.location.line for g in b.grids if g.location.line is not None]
    ends += [r.location.end_line or r.location.line for r in rows if r.location.line is not None]
    first = b.grids[0].location
    return Table(
        id=table_id,
        kind=b.kind,
        title=b.title,
        columns=columns,
        rows=rows,
        location=Location(
            path=doc.path,
            line=min(lines) if lines else None,
            end_line=max(e for e in ends if e is not None) if lines else None,
            page=first.page,
            bbox=first.bbox,
            sheet=first.sheet,
            table=table_id,
        ),
        money_unit=b.money_unit,
        number=b.number,
        empty=bool(empty_note) and not has_figures,
        empty_note=empty_note if not has_figures else None,
        notes=notes,
        unit_name=b.unit_name,
    )


def _notes_after(blocks: list[Block], last: int) -> tuple[list[str], str | None]:
    """Notes between a table's last grid and the next title or grid."""
    notes: list[str] = []
    empty: str | None = None
    for b in blocks[last + 1 : last + 8]:
        if isinstance(b, Grid):
            break
        if not isinstance(b, Paragraph):
            continue
        t = titles.clean(b.text)
        if not t:
            continue
        if titles.is_table_title(t) or titles.is_number_only(t):
            break
        if titles.is_note(t) or titles.is_empty_note(t):
            notes.append(t)
            if empty is None and titles.is_empty_note(t):
                empty = t
        elif len(t) > 60:
            break
    return notes, empty


def _title_only_empty_tables(
    blocks: list[Block], used: set[int], doc: Document
) -> list[tuple[int, Table]]:
    """A title followed by '本表无数据' and no grid: an empty table, not a missing one."""
    out: list[tuple[int, Table]] = []
    for j, b in enumerate(blocks):
        if j in used or not isinstance(b, Paragraph) or not titles.is_table_title(b.text):
            continue
        title, number = titles.split_title(b.text)
        kind = kind_from_title(title)
        if kind in (None, "other"):
            continue
        note = None
        for p in blocks[j + 1 : j + 5]:
            if isinstance(p, Grid):
                break
            if not isinstance(p, Paragraph):
                continue
            if titles.is_table_title(p.text):
                break
            if titles.is_empty_note(p.text):
                note = titles.clean(p.text)
                break
        if note is None:
            continue
        money = next(
            (
                u
                for p in blocks[j + 1 : j + 4]
                if isinstance(p, Paragraph) and (u := titles.money_unit_of(p.text))
            ),
            None,
        )
        out.append(
            (
                j,
                Table(
                    id="",
                    kind=kind,
                    title=title,
                    columns=[],
                    rows=[],
                    location=Location(
                        path=doc.path,
                        line=b.location.line,
                        page=b.location.page,
                        bbox=b.location.bbox,
                    ),
                    money_unit=money,
                    number=number,
                    empty=True,
                    empty_note=note,
                    notes=[note],
                ),
            )
        )
    return out
