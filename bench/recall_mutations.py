"""Mutation testing of the checks: inject one known error into a read Document, see if it is found.

A mutation works on the neutral ``Document`` the readers produce, so the same harness measures
recall on text, PDF, HTML and spreadsheet sources alike. Each mutation changes one place (a
table cell, a figure or word of the prose, a classification code or name, a whole table),
re-runs structure, recognition, facts and rules, and is *caught* when a finding that was not
there before points at the changed place.

A mutation is only made where the original passes (no finding already points at that place:
a relation that was failing proves nothing) and only when it is a real error: a changed amount
leaves the rounding slack of every relation of its table (a value written to precision d
stands for ±d/2, a sum of n addends for ±n·d/2), a swapped code or name differs from the
original. Site choice is seeded, so a run is repeatable.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from budgetlens.check import check_extraction
from budgetlens.link import Split, merge_split
from budgetlens.model import Claim, Document, Fact, Finding, Grid, Location, Paragraph, Table
from budgetlens.numbers import BARE_MONEY_FOLLOWERS, parse_number
from budgetlens.pipeline import Extraction, extract_document
from budgetlens.recognize.claims_text import clean_heading, heading_level
from budgetlens.rules.completeness import required_tables
from budgetlens.taxonomy.codes import all_entries

TABLE_KINDS = ("cell_last_digit", "cell_x10", "cell_swap", "code_swap", "class_name_table",
               "table_removed")
NARRATIVE_KINDS = ("text_amount", "text_rate", "text_direction", "text_year", "class_name_text")
KINDS = TABLE_KINDS + NARRATIVE_KINDS

# The rule family each kind of mutation is aimed at.
TARGET_FAMILY = {
    "cell_last_digit": "A", "cell_x10": "A", "cell_swap": "A",
    "code_swap": "K", "class_name_table": "K", "table_removed": "C",
    "text_amount": "N", "text_rate": "P", "text_direction": "P", "text_year": "N",
    "class_name_text": "K",
}

# Prose figures: money and percentages. Counts (人, 辆, 个, 人次 …), dates, years, page and
# table numbers carry no money unit and are not narrative figures here; 万 or 亿 without 元
# is money only where the claims reader takes it so (not "187万平方米", "5万余人").
FIGURE_RE = re.compile(
    r"(?<![\d.,A-Za-z０-９\-－])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|元|(?:万|亿)" + BARE_MONEY_FOLLOWERS + r"|%|％)(?!\s*(?:个百分点|百分点))"
)
_PERCENT = ("%", "％")
# not narrative figures either: a limit ("单价50万元以上") and a chart's data label
# ("基本支出, 55.98%": a paragraph that is only a name and a figure, no sentence)
_THRESHOLD = re.compile(r"\s*(?:[（(]含[)）])?\s*(?:以上|以下|及以上|及以下)")
# Not figures of the budget either: what a department says of itself under its introduction
# ("（一）基本情况": a university's 绿地率40%, 科研经费总量36.9亿元 over five years), and a
# quarterly drawdown plan ("第一季度用款计划25.88万元"), a cash schedule no table states.
_INTRODUCTION = re.compile(r"(?:基本情况|概况|主要职能|职能职责|主要职责|机构设置)$")
_QUARTER_PLAN = re.compile(r"第[一二三四1-4]季度用款计划")
_CHART_LABEL = re.compile(r"[^，。；：:\d]{0,20}[,，]?\s*\d+(?:\.\d+)?\s*(?:%|％|万元)")
FLIPS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于"}
_FLIP_RE = re.compile("(" + "|".join(FLIPS) + r")(?:了|为)?\s*(?=\d)")
_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?=年)")
_SEVERE = ("error", "warning")


# ---------------------------------------------------------------------------
# Edits of a Document (the original is never changed: blocks are copied on write)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellEdit:
    block: int
    row: int
    index: int  # position of the cell in grid.rows[row]
    text: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    block: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RemoveBlocks:
    blocks: tuple[int, ...]


Edit = CellEdit | TextEdit | RemoveBlocks


def apply_edit(doc: Document, edit: Edit) -> Document:
    """A copy of ``doc`` with one edit made; unchanged blocks are shared, not copied."""
    blocks = list(doc.blocks)
    if isinstance(edit, RemoveBlocks):
        drop = set(edit.blocks)
        blocks = [b for i, b in enumerate(blocks) if i not in drop]
    elif isinstance(edit, CellEdit):
        grid = blocks[edit.block]
        assert isinstance(grid, Grid)
        rows = list(grid.rows)
        row = list(rows[edit.row])
        row[edit.index] = replace(row[edit.index], text=edit.text)
        rows[edit.row] = row
        blocks[edit.block] = replace(grid, rows=rows)
    else:
        para = blocks[edit.block]
        assert isinstance(para, Paragraph)
        blocks[edit.block] = replace(
            para, text=para.text[: edit.start] + edit.text + para.text[edit.end:]
        )
    return replace(doc, blocks=blocks, warnings=list(doc.warnings))


# ---------------------------------------------------------------------------
# Places: does a finding point at the changed place?
# ---------------------------------------------------------------------------


def _row_number(cell_ref: str | None) -> str | None:
    m = re.search(r"\d+$", cell_ref or "")
    return m.group(0) if m else None


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """The boxes share an area (adjacent table rows only share an edge)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def same_region(a: Location, b: Location) -> bool:
    """The two locations cover a common part of the source (lines, page box, sheet row)."""
    if a.line is not None and b.line is not None:
        return a.line <= (b.end_line or b.line) and b.line <= (a.end_line or a.line)
    if a.page is not None and b.page is not None:
        return a.page == b.page and a.bbox is not None and b.bbox is not None and _overlap(a.bbox, b.bbox)
    if a.sheet is not None and b.sheet is not None:
        return a.sheet == b.sheet and _row_number(a.cell) == _row_number(b.cell) is not None
    return False


def place_in(block: Paragraph, offset: int) -> Location:
    """Where the text at ``offset`` of a paragraph is: a paragraph broken by a page break keeps
    each later part on its own page, and claims and findings point there."""
    loc = block.location
    for start, place in block.continued:
        if offset >= start:
            loc = place
    return loc


def near(loc: Location, place: Location) -> bool:
    """``loc`` (a finding's) points at ``place``: the same table cell, else the same region."""
    if loc.table and place.table and loc.row and place.row:
        if (loc.table, loc.row) != (place.table, place.row):
            return False
        return loc.column is None or place.column is None or loc.column == place.column
    return same_region(loc, place)


def locations(f: Finding) -> list[Location]:
    return [f.location, *f.related]


def points_at(f: Finding, places: Iterable[Location]) -> bool:
    places = list(places)
    return any(near(loc, p) for loc in locations(f) for p in places)


def finding_id(f: Finding) -> tuple:
    return (f.rule, f.message)


# ---------------------------------------------------------------------------
# Numbers written back in the style they were read
# ---------------------------------------------------------------------------


def write_like(original: str, value: Decimal) -> str:
    """``value`` in the style of ``original``: same decimals, thousands separators, sign."""
    decimals = len(original.split(".", 1)[1]) if "." in original else 0
    spec = f"{',' if ',' in original else ''}.{decimals}f"
    return format(value, spec)


def swap_digits(text: str, rng: random.Random | None) -> list[str]:
    """Texts with two adjacent different digits swapped (no new leading zero); seeded order."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    out = []
    for a, b in zip(digits, digits[1:], strict=False):
        if b != a + 1 or text[a] == text[b]:
            continue
        t = text[:a] + text[b] + text[a] + text[b + 1:]
        int_part = t.split(".")[0].lstrip("-").replace(",", "")
        if len(int_part) > 1 and int_part.startswith("0"):
            continue
        out.append(t)
    if rng is not None:
        rng.shuffle(out)
    return out


# ---------------------------------------------------------------------------
# What a run records
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Site:
    """One mutation, before it is run."""

    kind: str
    edit: Edit
    detail: str  # what was changed, as a person reads it: "表3 201 合计: 682.64 → 683.64"
    places: list[Location]  # where a finding must point (empty: anywhere, e.g. a removed table)
    place_of: Callable[[Extraction], list[Location]] | None = None  # more places, after the run
    unbound: str | None = None  # why no rule can see it, known before the run ("no claim" …)
    # table removal: the rules one of which must fire (C001 missing table, or C002 when an
    # image in the file may be that table) and the table's required title they must name
    expect_rules: tuple[str, ...] = ()
    expect_text: str | None = None

    @property
    def group(self) -> str:
        return "table" if self.kind in TABLE_KINDS else "narrative"

    @property
    def family(self) -> str:
        return TARGET_FAMILY[self.kind]


@dataclass(slots=True)
class Result:
    site: Site
    caught: bool  # a new finding of severity warning or error points at the place
    caught_error: bool  # … of severity error
    rules: list[str] = field(default_factory=list)  # the rules of the findings that caught it
    reason: str | None = None  # for a miss: no claim, no concept, insufficient data …


# ---------------------------------------------------------------------------
# The baseline: one document read, extracted and checked once
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Baseline:
    doc: Document
    x: Extraction
    findings: list[Finding]
    # the table file of a split disclosure: the narrative is checked merged with it, as
    # ``budgetlens compare`` checks a split disclosure (its blocks come after the narrative's,
    # so a narrative edit's block index is the same in both)
    partner: Extraction | None = None

    @classmethod
    def of(cls, doc: Document, partner: Extraction | None = None,
           extracted: Extraction | None = None) -> Baseline:
        """``extracted``: the document's own extraction when the caller already has it."""
        x = extract_as_checked(doc, partner, extracted)
        return cls(doc, x, check_extraction(x).findings, partner)

    @property
    def ids(self) -> set[tuple]:
        return {finding_id(f) for f in self.findings}

    def flagged(self, places: list[Location], text: str | None = None) -> bool:
        """A finding (warning or error) already points at the place (and names ``text``)."""
        return any(
            f.severity in _SEVERE and points_at(f, places) and (text is None or text in f.message)
            for f in self.findings
        )


def extract_as_checked(doc: Document, partner: Extraction | None,
                       extracted: Extraction | None = None) -> Extraction:
    """The extraction the rules see: the document alone, or merged with its split partner."""
    x = extracted if extracted is not None else extract_document(doc)
    return x if partner is None else merge_split(Split(x, partner))


def run(base: Baseline, site: Site) -> Result:
    """Apply one mutation, re-extract and re-check, and judge whether it was caught."""
    x = extract_as_checked(apply_edit(base.doc, site.edit), base.partner)
    findings = check_extraction(x).findings
    old = base.ids
    extra = site.place_of(x) if site.place_of else []
    places = list(site.places) + extra
    new = [f for f in findings if f.severity in _SEVERE and finding_id(f) not in old]
    if site.expect_rules:
        hits = [f for f in new if f.rule in site.expect_rules
                and (site.expect_text is None or site.expect_text in f.message)]
    else:
        hits = [f for f in new if points_at(f, places)] if places else []
    caught = bool(hits)
    caught_error = any(f.severity == "error" for f in hits)
    reason = None
    if not caught:
        reason = site.unbound or "insufficient data"
        if site.place_of is not None and not extra and reason == "insufficient data":
            reason = "not read as a fact"
    elif not caught_error:
        reason = "warning only"
    return Result(site, caught, caught_error, sorted({f.rule for f in hits}), reason)


# ---------------------------------------------------------------------------
# Sites: where each kind of mutation can be made
# ---------------------------------------------------------------------------


def _seeded(name: str, kind: str, seed: int) -> random.Random:
    return random.Random(zlib.crc32(f"{seed}:{name}:{kind}".encode()))


def _sample(items: list, n: int | None, rng: random.Random) -> list:
    if n is None or len(items) <= n:
        return items
    return rng.sample(items, n)


def _fact_cell_index(base: Baseline) -> dict[tuple[int, int, int], Fact]:
    """Grid cell (block, row, index) -> the table fact read from it (same place, same text)."""
    by_text: dict[str, list[Fact]] = defaultdict(list)
    for f in base.x.facts:
        if f.source == "table":
            by_text[f.value.text.strip()].append(f)
    out: dict[tuple[int, int, int], Fact] = {}
    for bi, block in enumerate(base.doc.blocks):
        if not isinstance(block, Grid):
            continue
        for ri, row in enumerate(block.rows):
            for ci, cell in enumerate(row):
                cands = by_text.get(cell.text.strip())
                if not cands or cell.location is None:
                    continue
                for f in cands:
                    if same_region(cell.location, f.location):
                        out[bi, ri, ci] = f
                        break
    return out


def _addends(base: Baseline, fact: Fact) -> int:
    """An upper bound of the addends of any relation of the fact inside its table."""
    loc = fact.location
    same_col = sum(1 for f in base.x.facts
                   if f.location.table == loc.table and f.location.column == loc.column)
    same_row = sum(1 for f in base.x.facts
                   if f.location.table == loc.table and f.location.row == loc.row)
    return max(same_col, same_row, 1)


def _changed_facts(base: Baseline, fact: Fact) -> Callable[[Extraction], list[Location]]:
    """After the run: the facts of the mutated cell's table row whose value changed (the cell
    was matched to its fact by text, and a row may print the same figure in two columns)."""
    before = {f.location: f.value for f in base.x.facts if f.source == "table"}
    table, row = fact.location.table, fact.location.row

    def places(x: Extraction) -> list[Location]:
        return [f.location for f in x.facts
                if f.source == "table" and f.location.table == table and f.location.row == row
                and before.get(f.location, f.value) != f.value]

    return places


def _table_name(base: Baseline, fact: Fact) -> str:
    t = next((t for t in base.x.tables if t.id == fact.location.table), None)
    return (t.number or t.title or t.id) if t else (fact.location.table or "?")


def cell_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """Table cells changed so that a sum breaks, in three magnitudes."""
    index = _fact_cell_index(base)
    eligible = []
    for key, fact in index.items():
        amount = fact.value
        if amount.value == 0 or base.flagged([fact.location]):
            continue
        eligible.append((key, fact))
    for kind in ("cell_last_digit", "cell_x10", "cell_swap"):
        rng = _seeded(name, kind, seed)
        for (bi, ri, ci), fact in _sample(eligible, per_kind, rng):
            cell = base.doc.blocks[bi].rows[ri][ci]
            original = cell.text.strip()
            a = parse_number(original)
            if a is None:
                continue
            slack = (_addends(base, fact) + 1) * a.precision / 2
            if kind == "cell_last_digit":
                k = max(0, math.ceil(math.log10(float(slack / a.precision) + 1e-9)))
                delta = a.precision * (Decimal(10) ** k)
                if delta <= slack:
                    delta *= 10
                new = write_like(original, a.value + delta)
            elif kind == "cell_x10":
                new = write_like(original, a.value * 10)
            else:
                new = next((t for t in swap_digits(original, rng)
                            if abs(parse_number(t).value - a.value) > slack), None)
                if new is None:
                    continue
            reason = None
            if not fact.certain:
                reason = "ambiguous placement"
            elif fact.concept == "unclassified":
                reason = "no concept"
            yield Site(kind, CellEdit(bi, ri, ci, new),
                       f"{_table_name(base, fact)} {fact.location.row} {fact.location.column}: "
                       f"{original} → {new}",
                       [], _changed_facts(base, fact), reason)


def _code_cells(base: Baseline) -> list[tuple[int, int, int, str]]:
    """Grid cells that hold the classification code of a recognized table row."""
    rows = [(r, t) for t in base.x.tables for r in t.rows if r.code and r.level]
    out = []
    for bi, block in enumerate(base.doc.blocks):
        if not isinstance(block, Grid):
            continue
        for ri, grow in enumerate(block.rows):
            for ci, cell in enumerate(grow):
                text = cell.text.strip()
                if not text.isdigit() or len(text) not in (3, 5, 7) or cell.location is None:
                    continue
                for r, _t in rows:
                    if r.code == text and same_region(cell.location, r.location):
                        out.append((bi, ri, ci, text))
                        break
    return out


def code_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """A classification code with two adjacent digits swapped."""
    rng = _seeded(name, "code_swap", seed)
    cells = [c for c in _code_cells(base)
             if not base.flagged([base.doc.blocks[c[0]].rows[c[1]][c[2]].location])]
    for bi, ri, ci, code in _sample(cells, per_kind, rng):
        swapped = swap_digits(code, rng)
        if not swapped:
            continue
        cell = base.doc.blocks[bi].rows[ri][ci]
        yield Site("code_swap", CellEdit(bi, ri, ci, swapped[0]), f"科目编码 {code} → {swapped[0]}",
                   [cell.location])


def _renames(year: int | None) -> dict[str, str]:
    """Names valid in ``year`` -> the name the same code carried in another year (high confidence)."""
    if year is None:
        return {}
    by_code: dict[tuple[str, str], list] = defaultdict(list)
    for e in all_entries():
        if e.confidence == "high":
            by_code[e.scheme, e.code].append(e)
    out: dict[str, str] = {}
    for entries in by_code.values():
        now = [e for e in entries if e.valid_in(year)]
        other = [e for e in entries if not e.valid_in(year) and e.name not in {n.name for n in now}]
        for e in now:
            for o in other:
                if len(e.name) >= 4 and e.name not in out:
                    out[e.name] = o.name
    return out


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """The name is the tail of a longer catalogue name written there ("归口管理的行政单位离退休"
    in "未归口管理的行政单位离退休"): replacing it would change another name."""
    names = _catalogue_names()
    return any(text[start - k: end] in names for k in range(1, min(start, 8) + 1))


@cache
def _catalogue_names() -> frozenset[str]:
    return frozenset(e.name for e in all_entries())


def class_name_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """A classification name replaced by the name its code carried in another year."""
    renames = _renames(base.x.info.year)
    if not renames:
        return
    pattern = re.compile("|".join(re.escape(n) for n in sorted(renames, key=len, reverse=True)))
    table_cells, text_spots = [], []
    for bi, block in enumerate(base.doc.blocks):
        if isinstance(block, Grid):
            for ri, grow in enumerate(block.rows):
                for ci, cell in enumerate(grow):
                    if cell.location is not None and cell.text.strip() in renames:
                        table_cells.append((bi, ri, ci, cell.text.strip()))
        elif isinstance(block, Paragraph):
            for m in pattern.finditer(block.text):
                if not _inside_longer_name(block.text, m.start(), m.end()):
                    text_spots.append((bi, m.start(), m.end(), m.group(0)))
    rng = _seeded(name, "class_name_table", seed)
    for bi, ri, ci, old in _sample(table_cells, per_kind, rng):
        cell = base.doc.blocks[bi].rows[ri][ci]
        if base.flagged([cell.location]):
            continue
        yield Site("class_name_table", CellEdit(bi, ri, ci, renames[old]),
                   f"科目名称 {old} → {renames[old]}", [cell.location])
    rng = _seeded(name, "class_name_text", seed)
    for bi, s, e, old in _sample(text_spots, per_kind, rng):
        loc = place_in(base.doc.blocks[bi], s)
        if base.flagged([loc], old):
            continue
        text = base.doc.blocks[bi].text
        yield Site("class_name_text", TextEdit(bi, s, e, renames[old]),
                   f"说明中科目名称 {old} → {renames[old]}", [loc],
                   unbound=None if _classification_place(text, s, e) else "prose only")


# A name stands where a classification name is read: before a level mark ("…（款）") or a code,
# after a code ("209类…"), inside a dashed path ("…支出-行政事业单位养老支出-…"), or as the
# subject of a figure ("住房保障支出1,093.52万元"). Elsewhere ("主要用于缴纳住房公积金") it is
# a word of the prose, which no rule can hold to the catalogue.
_MARK_AFTER = re.compile(r"\s*[”\"]?\s*(?:[（(]\s*(?:[类款项]|\d{3,7})|\d{3,7})")
_CODE_BEFORE = re.compile(r"\d{3,7}\s*[类款项]?\s*[“\"]?\s*$")
_DASH = "-－—–"
_FIGURE_AFTER = re.compile(r"[^，。；：:、]{0,8}?\d[\d,.]*\s*(?:万元|元|亿元|%|％)")


def _classification_place(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 12): start], text[end:]
    return bool(_MARK_AFTER.match(after) or _CODE_BEFORE.search(before)
                or before[-1:] in _DASH or after[:1] in _DASH or _FIGURE_AFTER.match(after))


@dataclass(slots=True)
class Figure:
    """A money or percentage figure of the prose, with the claim read from it (if any)."""

    block: int
    start: int
    end: int
    num_start: int
    num_end: int
    text: str  # "3,487.74万元"
    num: str
    unit: str
    claim: Claim | None

    @property
    def is_rate(self) -> bool:
        return self.unit in _PERCENT

    def binding(self) -> str | None:
        """Why no rule can check this figure, or None when it is bound to a concept."""
        c = self.claim
        if c is None:
            return "no claim"
        return None if c.concept else "no concept"


def introduction_blocks(doc: Document) -> set[int]:
    """Paragraphs under a heading that introduces the department (基本情况, 主要职能 …)."""
    out: set[int] = set()
    headings: dict[int, str] = {}
    for bi, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        level = heading_level(block)
        if level is not None:
            for lv in [k for k in headings if k >= level]:
                del headings[lv]
            headings[level] = clean_heading(block.text)
            continue
        if headings and _INTRODUCTION.search(headings[max(headings)]):
            out.add(bi)
    return out


def narrative_figures(base: Baseline) -> list[Figure]:
    """Every money and percentage figure of the prose, matched to its claim."""
    claims = [c for c in base.x.claims]
    introduction = introduction_blocks(base.doc)
    out = []
    for bi, block in enumerate(base.doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        if bi in introduction or _CHART_LABEL.fullmatch(block.text.strip()):
            continue
        for m in FIGURE_RE.finditer(block.text):
            before = block.text[max(0, m.start() - 1): m.start()]
            if before == "第" or _THRESHOLD.match(block.text, m.end()):
                continue
            if _QUARTER_PLAN.search(block.text, max(0, m.start() - 12), m.start()):
                continue
            text = m.group("num") + m.group("unit")
            claim = next((c for c in claims if c.value.text.replace(" ", "") == text.replace(" ", "")
                          and same_region(c.location, place_in(block, m.start()))), None)
            out.append(Figure(bi, m.start(), m.end(), m.start("num"), m.end("num"), text,
                              m.group("num"), m.group("unit"), claim))
    return out


def _figure_mutation(num: str) -> str | None:
    """The figure with its two leading different digits swapped, else its leading digit +2."""
    for t in swap_digits(num, None):
        return t
    digits = [i for i, ch in enumerate(num) if ch.isdigit()]
    if not digits:
        return None
    i = digits[0]
    d = int(num[i])
    new = d + 2 if d <= 7 else d - 2
    if new == 0 and len([ch for ch in num.split(".")[0] if ch.isdigit()]) > 1:
        new = d - 1
    return num[:i] + str(new) + num[i + 1:]


def figure_sites(base: Baseline, name: str, seed: int, per_kind: int | None,
                 figures: list[Figure] | None = None) -> Iterator[Site]:
    """A narrative amount or rate changed far beyond its rounding."""
    figures = narrative_figures(base) if figures is None else figures
    for kind, want_rate in (("text_amount", False), ("text_rate", True)):
        rng = _seeded(name, kind, seed)
        cands = [f for f in figures if f.is_rate == want_rate]
        for fig in _sample(cands, per_kind, rng):
            loc = place_in(base.doc.blocks[fig.block], fig.start)
            if base.flagged([loc], fig.num):
                continue
            new = _figure_mutation(fig.num)
            a, b = parse_number(fig.num), parse_number(new or "")
            if a is None or b is None or abs(a.value - b.value) < 2 * a.precision:
                continue
            yield Site(kind, TextEdit(fig.block, fig.num_start, fig.num_end, new),
                       f"{fig.text} → {new}{fig.unit}", [loc], unbound=fig.binding())


def direction_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """增加↔减少, 增长↔下降, 大于↔小于 flipped before a non-zero figure."""
    spots = []
    for bi, block in enumerate(base.doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        for m in _FLIP_RE.finditer(block.text):
            fig = FIGURE_RE.match(block.text, m.end())
            if fig is None:
                continue
            a = parse_number(fig.group("num"))
            if a is None or a.value == 0:
                continue
            spots.append((bi, m.start(1), m.end(1), m.group(1), fig.group(0)))
    rng = _seeded(name, "text_direction", seed)
    for bi, s, e, word, figure in _sample(spots, per_kind, rng):
        loc = place_in(base.doc.blocks[bi], s)
        if base.flagged([loc], figure.split("万")[0].rstrip("%％元亿")):
            continue
        claim = next((c for c in base.x.claims if same_region(c.location, loc)
                      and c.value.text.replace(" ", "") == figure.replace(" ", "")), None)
        yield Site("text_direction", TextEdit(bi, s, e, FLIPS[word]),
                   f"{word}{figure} → {FLIPS[word]}{figure}", [loc],
                   unbound=None if claim and claim.concept else ("no claim" if claim is None else "no concept"))


def year_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """The document's year in a sentence with figures changed to the year before (and back)."""
    year = base.x.info.year
    if year is None:
        return
    spots = []
    for bi, block in enumerate(base.doc.blocks):
        if not isinstance(block, Paragraph) or not FIGURE_RE.search(block.text):
            continue
        for m in _YEAR_RE.finditer(block.text):
            y = int(m.group(1))
            tail = block.text[m.end(): m.end() + 40]
            if y in (year, year - 1) and FIGURE_RE.search(tail):
                spots.append((bi, m.start(1), m.end(1), y))
    rng = _seeded(name, "text_year", seed)
    for bi, s, e, y in _sample(spots, per_kind, rng):
        loc = place_in(base.doc.blocks[bi], s)
        new = year - 1 if y == year else year
        yield Site("text_year", TextEdit(bi, s, e, str(new)), f"{y}年 → {new}年", [loc])


def _required_kinds(base: Baseline) -> dict[str, str]:
    """Table kind -> the title the disclosure rules give it, for this kind and year."""
    kind, year = base.x.info.kind or "budget", base.x.info.year
    if year is None:
        return {}
    return {req.kind: req.title for req in required_tables(kind, year)}


def _blocks_of_table(base: Baseline, table: Table) -> list[int]:
    """The grids a table was read from (and the title paragraph just before the first)."""
    rows = [r.location for r in table.rows]
    grids = []
    for bi, block in enumerate(base.doc.blocks):
        if isinstance(block, Grid) and any(
            c.location is not None and any(same_region(c.location, r) for r in rows)
            for row in block.rows for c in row
        ):
            grids.append(bi)
    if grids:
        first = grids[0]
        for bi in range(first - 1, max(first - 4, -1), -1):
            b = base.doc.blocks[bi]
            if isinstance(b, Paragraph) and table.title and table.title in b.text:
                grids.insert(0, bi)
                break
    return grids


def table_sites(base: Baseline, name: str, seed: int, per_kind: int | None) -> Iterator[Site]:
    """A required table taken out of the document."""
    required = _required_kinds(base)
    present = [t for t in base.x.tables if t.kind in required]
    if any(f.rule == "C001" and f.severity in _SEVERE for f in base.findings):
        pass  # other tables missing already: the removed one must add its own finding
    seen = set()
    rng = _seeded(name, "table_removed", seed)
    for t in _sample(present, per_kind, rng):
        if t.kind in seen or sum(1 for o in present if o.kind == t.kind) > 1:
            continue
        seen.add(t.kind)
        blocks = _blocks_of_table(base, t)
        if not blocks:
            continue
        yield Site("table_removed", RemoveBlocks(tuple(blocks)),
                   f"删除{t.number or ''}《{t.title}》({required[t.kind]})", [],
                   expect_rules=("C001", "C002"), expect_text=required[t.kind])


def all_sites(base: Baseline, name: str, seed: int = 7, per_kind: int | None = 12,
              figures: list[Figure] | None = None) -> list[Site]:
    """Every mutation of one document, in a fixed order."""
    out: list[Site] = []
    out += cell_sites(base, name, seed, per_kind)
    out += code_sites(base, name, seed, per_kind)
    out += class_name_sites(base, name, seed, per_kind)
    out += table_sites(base, name, seed, None)
    out += figure_sites(base, name, seed, None if per_kind is None else 3 * per_kind, figures)
    out += direction_sites(base, name, seed, per_kind)
    out += year_sites(base, name, seed, per_kind)
    if base.partner is not None:
        # a split narrative: its own prose only; the tables are the partner file's, whose
        # mutations are measured on that file
        out = [s for s in out if isinstance(s.edit, TextEdit) and s.edit.block < len(base.doc.blocks)]
    return out
