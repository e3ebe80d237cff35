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
fiscal_expenditure                 合计 (Jiangsu: one 金额 column) · 基本支出 · 项目支出[/其中：…]
fiscal_basic_expenditure           合计 (Jiangsu: one 金额 column by 经济分类)
admin_operating                    合计 (机关运行经费支出, by 经济分类)
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

from dataclasses import replace

from ..model import (
    Block,
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
from ..taxonomy.table_kinds import OTHER
from ..taxonomy.table_kinds import spec as kind_spec
from . import titles
from .around import (
    Around,
    around_by_position,
    around_in_gap,
    around_in_rows,
    below_all_grids,
    caption_title,
    notes_after,
)
from .assembly import (
    Building,
    continue_table,
    cover_stray_columns,
    is_new_table,
    resplit,
    salvage_loose_rows,
    start_table,
)
from .headers import cell_text, label, split_rows
from .page_index import PageIndex
from .rows import RowContext, build_rows, classification_code
from .table_kinds import kind_from_title


def recognize_tables(doc: Document, info: DocumentInfo) -> list[Table]:
    """Every table in the document, in document order, continuations merged."""
    blocks = doc.blocks
    positional = any(isinstance(b, Grid) and b.location.bbox for b in blocks)
    pages = PageIndex(blocks) if positional else None
    toc = titles.toc_numbers([b.text for b in blocks if isinstance(b, Paragraph)])
    built: list[Building] = []
    used_titles: set[int] = set()
    current: Building | None = None
    prev_grid = -1
    for i, block in enumerate(blocks):
        if not isinstance(block, Grid) or not block.rows:
            continue
        around = (
            around_by_position(blocks, i, pages) if positional and block.location.page else Around()
        )
        if around.title is None:
            gap = around_in_gap(blocks, prev_grid + 1, i)
            if positional and block.location.page:
                around.breaks = around.breaks or gap.breaks
                around.money_unit = around.money_unit or gap.money_unit
                if gap.title_block is not None and below_all_grids(blocks, gap.title_block, pages):
                    # the title closed the previous page; its table starts on this one
                    around = gap
            else:
                around = gap
        prev_grid = i
        split = split_rows(block)
        meta = around_in_rows(split.meta)
        title = around.title or meta.title or caption_title(block)
        if title is None and current is not None:
            split = resplit(current, block, split)
        if (
            title is None
            and current is not None
            and not around.breaks
            and not is_new_table(current, block, split)
        ):
            if positional:
                salvage_loose_rows(current, blocks, current.last_block + 1, i)
            continue_table(current, block, split, i)
            continue
        if around.title_block is not None:
            used_titles.add(around.title_block)
        current = start_table(block, split, i, title, around, meta, toc)
        built.append(current)
    _inherit_units(built)
    empties = _title_only_empty_tables(blocks, used_titles, doc)
    order = sorted([(b.first_block, b) for b in built] + empties, key=lambda x: x[0])
    tables: list[Table] = []
    for n, (_, item) in enumerate(order, 1):
        table_id = f"t{n}"
        if isinstance(item, Building):
            tables.append(_finish(item, doc, info, blocks, table_id))
        else:
            item.id = table_id
            item.location = replace(item.location, table=table_id)
            tables.append(item)
    return tables


def _inherit_units(built: list[Building]) -> None:
    """A table without its own '单位' line uses the unit of the nearest table before it
    (``built`` is in document order)."""
    last: str | None = None
    for b in built:
        if b.money_unit is None:
            b.money_unit = last
        if b.money_unit:
            last = b.money_unit


def _department_codes(b: Building, info: DocumentInfo) -> set[str]:
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
    b: Building, doc: Document, info: DocumentInfo, blocks: list[Block], table_id: str
) -> Table:
    labels = "|".join(label("/".join(s.path)) for s in b.specs)
    scheme = (
        "economic" if kind_spec(b.kind).class_scheme == "economic" or "经济分类" in labels else None
    )
    ctx = RowContext(
        path=doc.path,
        table_id=table_id,
        money_unit=b.money_unit,
        scheme=scheme,
        department_codes=_department_codes(b, info),
    )
    cover_stray_columns(b)
    rows: list[TableRow] = []
    for aligned, fallback in b.raw_rows:
        rows.extend(build_rows(aligned, b.specs, ctx, fallback))
    notes, empty_note = notes_after(blocks, b.last_block)
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
        if kind in (None, OTHER):
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
