"""The data every stage hands to the next: plain dataclasses, no behaviour beyond views.

The flow is ``file -> Document (blocks) -> DocumentInfo + Table + Claim -> Fact -> Finding``.
Readers fill ``Document``; nothing after them may depend on the file format, only on
``Location`` fields that happen to be set (line for text, page/bbox for PDF, sheet/cell for
spreadsheets).

Location, Amount, Context and Fact are hashable values: treat them as immutable (build a
changed copy with ``dataclasses.replace``). They are not declared frozen only because a
frozen dataclass is several times slower to construct, and a document makes thousands.

Amounts are ``Decimal`` together with the precision they were *written* with: "1,234.50"
is 1234.50 stated to 0.01 and stands for the interval [1234.495, 1234.505]. See
``budgetlens.intervals``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# ---------------------------------------------------------------------------
# Where something is
# ---------------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class Location:
    """A place in a source file. Only the fields that make sense for the format are set."""

    path: str | None = None
    line: int | None = None  # 1-based source line (text, markdown, html source)
    end_line: int | None = None
    page: int | None = None  # 1-based page (PDF)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    sheet: str | None = None  # spreadsheet sheet name
    cell: str | None = None  # "B7" (spreadsheet) or "r3c2" (other grids)
    table: str | None = None  # table id within the document ("t3") or its kind
    row: str | None = None  # row label or code inside that table
    column: str | None = None  # canonical column key inside that table

    def to_dict(self) -> dict:
        return {k: v for k in self.__slots__ if (v := getattr(self, k)) is not None}

    def describe(self) -> str:
        """Short human form: 'file.md:253', 'file.pdf p.4', 'file.xls [Sheet1!B7]'."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts[0] += f":{self.line}" + (
                f"-{self.end_line}" if self.end_line and self.end_line != self.line else ""
            )
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.sheet is not None:
            parts.append(f"[{self.sheet}" + (f"!{self.cell}]" if self.cell else "]"))
        return " ".join(parts)


# ---------------------------------------------------------------------------
# Numbers as written
# ---------------------------------------------------------------------------

MoneyUnit = Literal["元", "万元", "亿元"]


@dataclass(slots=True, unsafe_hash=True)
class Amount:
    """A number exactly as stated, with its written precision and unit.

    ``precision`` is the place value of the last written digit: Decimal('0.01') for
    "4,555.35", Decimal('1') for "18", Decimal('0.1') for "10.8%". ``unit`` is '万元',
    '元', '亿元', '%', or a count unit ('人', '辆', '个' …); None when unknown.
    ``scale`` converts to 万元 for money (元 -> 0.0001) so that values from tables printed
    in 元 and text written in 万元 meet on one scale without losing their precision.
    """

    value: Decimal
    precision: Decimal
    text: str = ""
    unit: str | None = None

    def in_wanyuan(self) -> Amount:
        """The same amount in 万元 (precision scaled along), or self if not money."""
        factor = MONEY_FACTORS.get(self.unit or "")
        if factor is None or self.unit == "万元":
            return self
        return Amount(self.value * factor, self.precision * factor, self.text, "万元")

    def __str__(self) -> str:
        return self.text or str(self.value)


MONEY_FACTORS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "万元": Decimal("1"),
    "亿元": Decimal("10000"),
    "千元": Decimal("0.1"),
}


# ---------------------------------------------------------------------------
# What a reader produces
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    """A run of prose: a heading, a sentence group, a note line ("注：…", "单位：万元")."""

    text: str
    location: Location
    heading_level: int | None = None  # from markup (#, <h2>, Word styles) when the format has it
    kind: Literal["paragraph"] = "paragraph"
    # where the text runs on in another place: (offset in text, location) for each later
    # part of a paragraph broken by a page break, so that every part keeps its own page
    continued: tuple[tuple[int, Location], ...] = ()


Placement = Literal["exact", "inferred", "ambiguous"]


@dataclass(slots=True)
class Cell:
    """One cell of a raw grid. Merged cells appear once, at their top-left slot.

    ``placement`` records how sure the reader is of the column: 'exact' when the source
    format says so (a tab, a ruled box, a spreadsheet cell), 'inferred' when it was rebuilt
    from the table's arithmetic, 'ambiguous' when several columns fit; ``alternatives``
    then lists the other column indexes that would also fit.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    location: Location | None = None
    placement: Placement = "exact"
    alternatives: tuple[int, ...] = ()
    placeholder: bool = False  # template residue: "XX", "x,xxx", "待填写"


@dataclass(slots=True)
class Grid:
    """A raw table as found: rows of cells, no meaning attached yet.

    ``rows[i]`` holds the cells whose top-left is in row i, in column order; columns not
    covered are simply absent. ``n_cols`` is the grid width.
    """

    rows: list[list[Cell]]
    n_cols: int
    location: Location
    caption: str | None = None  # text the format itself attaches (HTML <caption>, sheet name)
    kind: Literal["grid"] = "grid"

    def text_matrix(self) -> list[list[str]]:
        """Dense matrix of cell texts, merged cells repeated over their span."""
        m = [["" for _ in range(self.n_cols)] for _ in range(len(self.rows))]
        for r, row in enumerate(self.rows):
            for c in row:
                for rr in range(r, min(r + c.rowspan, len(self.rows))):
                    for cc in range(c.col, min(c.col + c.colspan, self.n_cols)):
                        m[rr][cc] = c.text
        return m


@dataclass(slots=True)
class ImageBlock:
    """A picture where content was expected: a scanned page, a table published as an image."""

    description: str
    location: Location
    kind: Literal["image"] = "image"


Block = Paragraph | Grid | ImageBlock


@dataclass(slots=True)
class Document:
    """The neutral form of any input file: an ordered list of blocks."""

    path: str
    format: str  # 'text', 'markdown', 'pdf', 'xlsx', 'xls', 'docx', 'doc', 'html'
    blocks: list[Block]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)  # reader notes for the person ("第1页为图片")
    encoding: str | None = None  # detected text encoding, for text-like formats
    placeholder_only: bool = False  # a template with XX/x,xxx and no figures

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]


# ---------------------------------------------------------------------------
# Structure and metadata
# ---------------------------------------------------------------------------

DocKind = Literal["budget", "final"]


@dataclass(slots=True)
class Section:
    """A numbered heading (第一部分, 一、, （一）, 1., (1)) and the blocks under it."""

    number: str  # as written: "第二部分", "三、", "（一）"
    title: str
    level: int  # 1 = 部分, 2 = 一、, 3 = （一）, 4 = 1., 5 = (1)
    location: Location
    block_start: int  # index into Document.blocks
    block_end: int  # exclusive
    toc: bool = False  # an entry of the table of contents (目录), not the section itself


@dataclass(slots=True)
class Unit:
    code: str | None
    name: str


@dataclass(slots=True)
class DocumentInfo:
    """What the document is about, read from its content (never from file metadata)."""

    department: str | None = None
    department_code: str | None = None
    year: int | None = None
    kind: DocKind | None = None  # 预算 budget / 决算 final
    scope: Literal["department", "unit"] | None = None  # 部门 / 单位
    level: str | None = None  # 省 / 市 / 县 / 区, or 中央 when the text says so
    sector: str | None = None  # 高等学校; None: an ordinary 部门 (单位)
    units: list[Unit] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: str | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "department": self.department,
            "department_code": self.department_code,
            "year": self.year,
            "kind": self.kind,
            "scope": self.scope,
            "level": self.level,
            "sector": self.sector,
            "units": [{"code": u.code, "name": u.name} for u in self.units],
            "sections": [
                {"number": s.number, "title": s.title, "level": s.level, **s.location.to_dict()}
                for s in self.sections
            ],
        }


@dataclass(frozen=True, slots=True)
class TableReference:
    """A table the text refers to: listed by kind (an 附表 list, a 目录) or generic ("详见附表")."""

    kind: str | None  # None: a generic reference
    text: str
    location: Location


@dataclass(slots=True)
class Disclosure:
    """What a document says about its own content, recognised once for the rules to read:
    the tables it refers to, which required explanations it gives and where, how much prose
    it has, and what it says about its 三公 spending and its empty tables."""

    references: list[TableReference] = field(default_factory=list)
    # requirement id (taxonomy/requirements.yaml) -> where the document explains it
    explained: dict[str, Location] = field(default_factory=dict)
    # requirement id -> the section where a missing explanation belongs
    expected_place: dict[str, Location] = field(default_factory=dict)
    prose_paragraphs: int = 0  # paragraphs of 40+ characters that read as sentences
    institution_like: bool = False  # named like a 事业单位 (大学, 医院 …), never says 行政单位
    skipped_parts: list[str] = field(default_factory=list)  # 第X部分 numbers jumped over
    sangong_text: str = ""  # the 三公 sections, else the paragraphs naming 三公 items
    sangong_location: Location | None = None
    no_sangong: bool = False  # the text says there is no 三公 spending
    vehicle_text: str = ""  # paragraphs on 车辆/公务用车 (保有量 is often under 国有资产占用)
    # table kind -> the paragraph saying that kind's table has no money ("无政府性基金预算")
    stated_empty: dict[str, Paragraph] = field(default_factory=dict)
    empty_noted_tables: set[str] = field(default_factory=set)  # table ids noted as without money


# ---------------------------------------------------------------------------
# Typed tables
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    """A canonical column: its header path flattened with '/', e.g. '基本支出/人员经费'."""

    key: str
    path: tuple[str, ...]
    index: int  # column index in the merged grid
    side: Literal["income", "expenditure"] | None = None  # two-sided summary tables


@dataclass(slots=True)
class TableRow:
    """One data row: classification code, name, budget-unit code, and its values by column.

    ``level`` is '类'/'款'/'项' for 3/5/7-digit function codes, '类'/'款' for 3/5-digit
    economic codes, 'unit' for a budget-unit row, 'total' for 合计/总计 rows, None otherwise.
    ``values`` maps a column key to the Amount written there (None: cell empty).
    """

    code: str | None
    name: str
    values: dict[str, Amount | None]
    location: Location
    unit: str | None = None  # budget-unit code (103001) when the table has one
    level: str | None = None
    is_total: bool = False
    scheme: Literal["function", "economic", None] = None
    placements: dict[str, Placement] = field(default_factory=dict)  # non-exact cells only
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # non-numeric cells (targets, notes)
    side: Literal["income", "expenditure"] | None = None


@dataclass(slots=True)
class Table:
    """A standard table recognized from one or more raw grids (continued over pages)."""

    id: str  # "t1", "t2", … in document order
    kind: str  # a kind id of taxonomy/table_kinds.yaml ('other' for none of them)
    title: str
    columns: list[Column]
    rows: list[TableRow]
    location: Location
    money_unit: str | None = None  # '万元', '元' … as the table states it
    number: str | None = None  # "表1", "表四"
    empty: bool = False  # stated as empty ("本表无数据"), not missing
    empty_note: str | None = None
    notes: list[str] = field(default_factory=list)
    unit_name: str | None = None  # 部门名称/单位名称 printed in the header

    def row_by_code(self, code: str, unit: str | None = None) -> TableRow | None:
        for r in self.rows:
            if r.code == code and (unit is None or r.unit == unit):
                return r
        return None


# ---------------------------------------------------------------------------
# Narrative claims
# ---------------------------------------------------------------------------

ClaimKind = Literal["amount", "share", "change", "growth", "completion", "count"]
Period = Literal["current", "prior", "budget"]


@dataclass(slots=True)
class Claim:
    """One figure stated in prose, with what it is about.

    "一般公共服务支出3,487.74万元，占支出总预算76.56%，同比增加89.97万元，同比增长2.65%"
    yields four claims about subject '一般公共服务支出': amount, share (base '支出总预算'),
    change (+89.97) and growth (+2.65). ``value`` keeps the number as written (always
    non-negative); ``direction`` carries the sign the words give (增加 +1, 减少 -1, 持平 0).
    """

    kind: ClaimKind
    subject: str
    value: Amount
    location: Location
    sentence: str
    period: Period = "current"
    concept: str | None = None  # resolved table concept, when one exists
    base: str | None = None  # denominator subject for a share; comparison basis for growth
    base_concept: str | None = None
    direction: int | None = None  # +1 增加/增长, -1 减少/下降, 0 持平
    year: int | None = None
    scope: str | None = None  # fund scope as in Context.scope, from the wording or the section
    # Position of the figure inside ``sentence``, so that rules can tell which claims of one
    # sentence come before which (a 其中 breakdown, the amount a change refers to).
    offset: int | None = None


# ---------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class Context:
    """Where a number applies: period, basis, fund scope, budget unit, table column, and
    which table of its kind it was printed in.

    ``instance`` is None for "the" table of its kind (the first one a document prints). A
    further table of the same kind is another statement, not a second copy of the first:
    one 项目绩效目标表 per project, a budget unit's own 收支总表 after the department's. It
    gets the unit name it prints when that differs from the first table's, else its own id,
    so that figures are only ever paired with figures of the same statement.
    """

    period: Period = "current"
    basis: Literal["budget", "final"] | None = None
    scope: str = "all"  # 'all' 全部, 'fiscal' 财政拨款, 'general' 一般公共预算, 'gov_fund', 'state_capital'
    unit: str | None = None  # budget-unit code; None = the whole department
    column: str | None = None  # table column key the value came from
    instance: str | None = None  # None: the table of its kind; else what tells this one apart

    def key(self) -> tuple:
        return (self.period, self.basis, self.scope, self.unit, self.column, self.instance)


@dataclass(slots=True, unsafe_hash=True)
class Fact:
    """One number bound to a concept: the unit of every check."""

    concept: str  # 'expenditure.total', 'expenditure.function.2010301', 'sangong.reception' …
    context: Context
    value: Amount
    location: Location
    source: Literal["table", "claim"] = "table"
    table_kind: str | None = None
    label: str = ""  # the row/subject label as written, for messages
    # Which measure of the concept a table column gives, when the row names the concept:
    # row 2010301 x column 基本支出 is concept 'expenditure.function.2010301', measure
    # 'expenditure.basic'. None when the concept alone says what the number is.
    measure: str | None = None
    # False when the reader could not tell which column the figure belongs to (placement
    # 'ambiguous'): checks report such figures as insufficient data, never as errors.
    certain: bool = True


# ---------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------

Severity = Literal["error", "warning", "info"]
Outcome = Literal["pass", "fail", "not_applicable", "insufficient_data"]


@dataclass(slots=True)
class Finding:
    """A failed check, with everything a reviewer needs to see it in the document."""

    rule: str
    severity: Severity
    message: str
    location: Location
    related: list[Location] = field(default_factory=list)
    expected: str | None = None  # e.g. "[4555.33, 4555.37]"
    actual: str | None = None
    quote: str | None = None  # the offending source line, for the terminal report

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_dict(),
            "related": [r.to_dict() for r in self.related],
            "expected": self.expected,
            "actual": self.actual,
        }
