"""K rules: classification codes and names valid for the document's year.

The catalogue (``taxonomy.codes``) is incomplete below the 类 level, so every rule here
separates "known wrong for that year" (error) from "not in our catalogue" (no finding, or
at most a hint): a false alarm costs a reviewer as much as a miss.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from ..model import Location, Table, TableRow
from ..recognize.claims_statements import where
from ..taxonomy import codes as cat
from ..taxonomy.table_kinds import kind_name
from .base import CheckResult, Rule, register
from .context import CheckContext

_SEVERITY_BY_CONFIDENCE = {"high": "error", "medium": "warning", "low": "info"}
_LEVEL_MARK = re.compile(r"[（(]\s*[类款项]\s*[）)]")
_LEADING_CODE = re.compile(r"^\s*\d{3,7}\s*[类款项]?\s*")
_ORDINAL = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百零〇]+[）)、.．]|\d+[、.．)）])\s*")


def _absence_severity(completeness: str | None) -> str:
    """"Not in the catalogue for that year" is an error where the catalogue surely lists every
    code of the level (under the code's parent) for the year; anywhere else it is a note: a
    list we are not sure is complete cannot say that a code does not exist."""
    return "error" if completeness == "high" else "info"


def _year(ctx: CheckContext) -> int | None:
    return ctx.info.year


def _hint(row: TableRow) -> str | None:
    return row.scheme


def _classified_rows(tables: Iterable[Table]) -> Iterator[tuple[Table, TableRow]]:
    """Rows that carry a classification code (not unit rows, not totals)."""
    for t in tables:
        for r in t.rows:
            if r.code and not r.is_total and r.level not in ("unit", "department", "total"):
                yield t, r


def _clean(name: str) -> str:
    return _ORDINAL.sub("", _LEVEL_MARK.sub("", name or "")).strip()


def _periods(entries: Iterable[cat.CodeEntry]) -> str:
    return "、".join(f"{e.name}（{e.period()}）" for e in entries)


def _same_name_hint(verdict: cat.NameVerdict) -> str:
    codes = sorted({e.code for e in verdict.same_name})
    if not codes or len(codes) > 2:
        return ""
    return f"；“{verdict.name}”在{verdict.year}年是科目{'、'.join(codes)}的名称"


@dataclass(slots=True)
class _Occurrence:
    code: str
    name: str
    hint: str | None
    location: Location


def _group(occurrences: Iterable[_Occurrence]) -> dict[tuple[str, str], list[_Occurrence]]:
    """One check per distinct (code, name) pair: a pair repeated for six units is one issue."""
    out: dict[tuple[str, str], list[_Occurrence]] = {}
    for o in occurrences:
        out.setdefault((o.code, cat.catalogue_name_key(o.name)), []).append(o)
    return out


def name_verdict_finding(rule: Rule, ctx: CheckContext, v: cat.NameVerdict,
                         occ: list[_Occurrence], where: str) -> CheckResult:
    """Turn a name verdict into a CheckResult (shared by the table and narrative rules)."""
    first = occ[0].location
    related = [o.location for o in occ[1:]]
    subject = f"{v.code} {v.name}"
    expected = "、".join(v.expected)
    if v.status == "valid":
        return CheckResult.passed(subject)
    if v.status in ("unknown_code", "no_year"):
        return CheckResult.insufficient(subject)
    if v.status == "variant":
        msg = (f"{where}科目{v.code}的名称“{v.name}”与{v.year}年{cat.SCHEME_LABEL[v.scheme]}的"
               f"“{expected}”写法不同（可能是简写或换行截断）")
        sev = "info"
    elif v.status == "renamed":
        msg = (f"{where}科目{v.code}使用了“{v.name}”，这是该科目{_periods(v.other_periods)}的名称；"
               f"{v.year}年应为“{expected}”")
        sev = _SEVERITY_BY_CONFIDENCE[v.confidence or "low"]
    elif not v.expected:  # a code we do not list, printed with another code's name
        msg = f"{where}科目{v.code}的名称“{v.name}”与编码不符{_same_name_hint(v)}"
        sev = "error"
    else:
        msg = (f"{where}科目{v.code}的名称“{v.name}”与{v.year}年{cat.SCHEME_LABEL[v.scheme]}中的"
               f"“{expected}”不符{_same_name_hint(v)}")
        sev = _SEVERITY_BY_CONFIDENCE[v.confidence or "low"]
        if not v.same_name and sev == "error":
            # A name no code carries in our catalogue may be a rename the catalogue lacks
            # (042: 2040405 printed with the name later books use): only a name that belongs
            # to another code proves the code or the name wrong.
            sev = "warning"
            msg += "（该名称不在目录中，可能是目录未收录的科目更名，请人工核对）"
    if v.names_another_code:
        sev = "error"  # economic names are unique in a year: the name is another code's
    elif v.status != "variant" and v.confidence != "high":
        msg += "（目录对该年份此科目名称把握不足，请人工核对）"
    finding = rule.finding(msg, first, severity=sev, related=related,
                           expected=expected, actual=v.name, quote=ctx.quote(first))
    return CheckResult.failed(finding, subject)


@register
class CodeNameForYear(Rule):
    """What it checks: every table row's classification code (支出功能分类 类/款/项,
    部门预算/政府预算支出经济分类 类/款) is printed with a name the catalogue accepts for that
    code in the document's year.

    Why it matters: a name from another year's 《政府收支分类科目》 (医疗卫生与计划生育支出 in a
    2024 document; 行政事业单位离退休 after it became 行政事业单位养老支出) or a name that belongs
    to another code (30301 生活补助, where 30301 is 离休费) means the table was compiled from an
    outdated template or the codes were typed wrongly, so the figures may be booked to the
    wrong line. Only a pair the catalogue is confident about is an error; a medium-confidence
    entry gives a warning, a writing variant (工会费 / 工会经费, a cell cut by a line wrap) an
    info, and a code the catalogue does not list no finding at all.

    Example: 2024 一般公共预算支出表 row "210 医疗卫生与计划生育支出" → error: 2019 起为
    “卫生健康支出”. Liujiang 2017 决算 表六 "30302 住房公积金" → error: 30302 is 退休费
    (住房公积金 was 30311 before 2018).

    References: 财政部《政府收支分类科目》 of each year and its 修订通知; 支出经济分类科目改革
    (财预〔2017〕98号, unverified number); disclosure-rules.md §5 and checklist item C21.
    """

    code = "K001"
    name = "codes.name-for-year"
    title = "科目编码与科目名称不符（按文件年度的政府收支分类科目）"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        year = _year(ctx)
        occ: list[_Occurrence] = []
        for table in ctx.tables:
            rows = [r for _, r in _classified_rows([table]) if _clean(r.name)]
            split = _split_code_columns(rows)
            for r in rows:
                if (r.unit, r.code) in split and not _names_peer(r.code or "", _clean(r.name), year, r.scheme):
                    continue  # one code, many names: 类/款/项 printed in separate columns
                occ.append(_Occurrence(r.code or "", _clean(r.name), _hint(r), r.location))
        for (code, _), group in _group(occ).items():
            scheme = cat.scheme_of(code, group[0].hint)
            if scheme is None:
                yield CheckResult.insufficient(code)
                continue
            v = cat.check_name(code, group[0].name, year, scheme)
            if v.status in ("renamed", "mismatch") and _descendant_named(code, group[0].name, scheme):
                # "201 行政运行": the name of 2010301 next to its 类 part only — a cut code
                yield CheckResult.insufficient(f"{code} {group[0].name} (code looks cut)")
                continue
            yield name_verdict_finding(self, ctx, v, group, "")


def _split_code_columns(rows: list[TableRow]) -> set[tuple[str | None, str | None]]:
    """(unit, code) pairs printed with several different names in one table.

    A table whose 科目编码 is printed as 类 | 款 | 项 in three columns, read as the 类 column
    only, yields "201 一般公共服务支出", "201 财政事务", "201 行政运行" …: no single name can be
    judged against the code.
    """
    names: dict[tuple[str | None, str | None], set[str]] = {}
    for r in rows:
        names.setdefault((r.unit, r.code), set()).add(cat.catalogue_name_key(_clean(r.name)))
    return {k for k, v in names.items() if len(v) > 1}


def _names_peer(code: str, name: str, year: int | None, hint: str | None) -> bool:
    """The name is that year's name of another code of the same level ("310 工资福利支出", the
    name of 301): a code printed with it is mistyped, split code columns or not (there a code
    repeats with the names of the 款 and 项 under it, never with a peer's)."""
    scheme = cat.scheme_of(code, hint)
    if year is None or scheme is None:
        return False
    return any(e.code != code and len(e.code) == len(code) for e in cat.codes_named(name, year, scheme))


@cache
def _codes_by_name() -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for e in cat.all_entries():
        out.setdefault((e.scheme, cat.catalogue_name_key(e.name)), set()).add(e.code)
    return {k: frozenset(v) for k, v in out.items()}


def _descendant_named(code: str, name: str, scheme: str) -> bool:
    """True when the printed name is the name of a longer code under this one."""
    codes = _codes_by_name().get((scheme, cat.catalogue_name_key(name)), frozenset())
    return any(c.startswith(code) and len(c) > len(code) for c in codes)


@register
class CodeNesting(Rule):
    """What it checks: inside one table (and one budget unit's block of it), each 项 (7 digits)
    follows the 款 (5 digits) it belongs to and each 款 follows its 类 (3 digits), whenever
    the table prints 款/类 rows at all. For economic tables, whose rows may be laid out in
    two side-by-side panels, it checks only that a 款's 类 is printed somewhere in the table.

    Why it matters: a 项 under a foreign 款 is either a wrong code or a row pasted into the
    wrong block; either way the 类 = Σ款 = Σ项 sums and the narrative's "（类）（款）（项）"
    descriptions no longer match the table.

    Example: rows "21208 …", "2120804 …", then "2010306 政务公开审批" → error: 2010306 belongs
    to 款 20103, printed under 款 21208. Tables that print only 项 rows (Guangxi 2024) are
    not applicable.

    References: 《政府收支分类科目》 structure (类/款/项); disclosure-rules.md §7 T4.
    """

    code = "K002"
    name = "codes.nesting"
    title = "项/款科目未列在其所属款/类之下"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        any_checked = False
        for table in ctx.tables:
            blocks: dict[str | None, list[TableRow]] = {}
            for _, r in _classified_rows([table]):
                if r.code and r.code.isdigit() and len(r.code) in (3, 5, 7):
                    blocks.setdefault(r.unit, []).append(r)
            for rows in blocks.values():
                economic = any(r.scheme == "economic" or (r.code or "")[0] in "35" for r in rows)
                results = (self._check_set(ctx, table, rows) if economic
                           else self._check_order(ctx, table, rows))
                for res in results:
                    any_checked = True
                    yield res
        if not any_checked:
            yield CheckResult.not_applicable("no table prints parent rows")

    def _check_order(self, ctx: CheckContext, table: Table, rows: list[TableRow]) -> Iterator[CheckResult]:
        printed = {n: {r.code for r in rows if len(r.code or "") == n} for n in (3, 5)}
        last3: TableRow | None = None
        last5: TableRow | None = None
        for r in rows:
            code = r.code or ""
            if len(code) == 3:
                last3, last5 = r, None
                continue
            if len(code) == 5:
                parent, above_row = code[:3], (last3 if printed[3] else None)
                last5 = r
            elif printed[5] and last5 is not None:
                parent, above_row = code[:5], last5
            elif printed[3]:
                parent, above_row = code[:3], last3
            else:
                continue
            above = above_row.code if above_row is not None else None
            subject = f"{table.id} {code}"
            if above is None or above == parent:
                yield CheckResult.passed(subject)
                continue
            where = "在表中另有列示" if parent in printed[len(parent)] else "未在表中列示"
            level = "款" if len(parent) == 5 else "类"
            msg = (f"{table.title or kind_name(table.kind)}：科目{code} {_clean(r.name)}列在{above}之下，"
                   f"但它属于{level}{parent}（{parent}{where}）")
            # the row it is listed under is the other half of the evidence: its code may be the
            # one mistyped ("201" printed for 210 above 21007, 21011)
            related = [above_row.location] if above_row and above_row.location else []
            f = self.finding(msg, r.location, related=related, expected=parent, actual=above,
                             quote=ctx.quote(r.location))
            yield CheckResult.failed(f, subject)

    def _check_set(self, ctx: CheckContext, table: Table, rows: list[TableRow]) -> Iterator[CheckResult]:
        lei = {r.code for r in rows if len(r.code or "") == 3}
        if not lei:
            return
        for r in rows:
            code = r.code or ""
            if len(code) != 5:
                continue
            subject = f"{table.id} {code}"
            if code[:3] in lei:
                yield CheckResult.passed(subject)
                continue
            msg = (f"{table.title or kind_name(table.kind)}：经济分类科目{code} {r.name}所属的类{code[:3]}"
                   f"未在表中列示（表中列示的类：{'、'.join(sorted(lei))}）")
            f = self.finding(msg, r.location, expected=code[:3], quote=ctx.quote(r.location))
            yield CheckResult.failed(f, subject)


@register
class CodeCannotExist(Rule):
    """What it checks: every classification code printed in a table can exist in the
    document's year: the right number of digits (功能分类 3/5/7, 经济分类 3/5), the right
    leading digit (功能 2, 部门预算经济 3, 政府预算经济 5), and, where the catalogue lists every
    code of that level for the year (all 功能分类 类; 经济分类 类), presence in that list.
    A code the catalogue lacks for the year (or has only for other years) is an error only
    where the catalogue surely lists every code of that level under the code's parent for
    the year (``complete_levels.csv``: high), else info; a code the catalogue simply lacks
    where it is incomplete is not reported, unless the printed name belongs to another code
    (info).

    Why it matters: a six-digit "201208" or a 类 that did not exist that year cannot be
    booked to; the row's amount is unaccounted for in the 类/款/项 structure.

    Example: Liujiang 2017 决算 表八 "201208 国有土地使用权出让收入及对应专项债务收入安排的支出"
    → error (6 digits; the name is 款 21208). "224 灾害防治及应急管理支出" in a 2017 document →
    error (224 exists from 2019). "30105 伙食补助费" in 2017 → warning: 30105 is not in the
    catalogue and 伙食补助费 is 30106.

    References: 《政府收支分类科目》 of each year; 支出经济分类科目改革 (财预〔2017〕98号,
    unverified number); disclosure-rules.md §5, §7 T4.
    """

    code = "K003"
    name = "codes.cannot-exist"
    title = "科目编码在该年度不存在或位数错误"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        year = _year(ctx)
        seen: set[str] = set()
        for table, r in _classified_rows(ctx.tables):
            code = r.code or ""
            if code in seen:
                continue
            seen.add(code)
            yield self._judge(ctx, table, r, code, year)
        yield from self._misfiled_units(ctx, year, seen)

    def _judge(self, ctx: CheckContext, table: Table, r: TableRow, code: str,
               year: int | None) -> CheckResult:
        v = cat.check_code(code, year, hint=r.scheme)
        subject = f"{code} {r.name}"
        loc = r.location
        name = _clean(r.name)
        if v.status == "known":
            return CheckResult.passed(subject)
        if v.status in ("no_year",):
            return CheckResult.insufficient(subject)
        if v.status == "malformed" and _padded_parent(code, name, year):
            return CheckResult.insufficient(subject)  # "2010000 一般公共服务支出": 类 201 padded
        if v.status == "malformed":
            hint = _name_owner_hint(name, year)
            msg = f"{table.title or kind_name(table.kind)}：科目编码“{code}”{v.reason}{hint}"
            return CheckResult.failed(self.finding(msg, loc, actual=code, quote=ctx.quote(loc)), subject)
        if v.status == "absent":
            sev = _absence_severity(v.confidence)
            msg = f"{table.title or kind_name(table.kind)}：科目编码{code} {name}不存在：{v.reason}"
            if sev != "error":
                msg = (f"{table.title or kind_name(table.kind)}：科目编码{code} {name}不在{year}年目录中"
                       f"（目录在此层级并不完整，请人工核对）")
            return CheckResult.failed(self.finding(msg, loc, severity=sev, actual=code,
                                                   quote=ctx.quote(loc)), subject)
        if v.status == "other_years":
            # "not in that year's catalogue" is only as strong as the catalogue is complete
            # for the code's level under its parent; elsewhere it is a note, never an alarm
            sev = _absence_severity(v.confidence)
            hint = _name_owner_hint(name, year, exclude=code)
            msg = (f"{table.title or kind_name(table.kind)}：科目编码{code}在目录中只见于其他年度"
                   f"（{_periods(v.entries)}），{year}年的目录中没有此科目{hint}")
            if sev != "error":
                msg += "（目录在此层级并不完整，请人工核对）"
            return CheckResult.failed(self.finding(msg, loc, severity=sev, actual=code,
                                                   quote=ctx.quote(loc)), subject)
        # unknown: not in our catalogue; only a name that belongs elsewhere is worth a word
        sibling = _sibling_named(code, name, year, r.scheme)
        if sibling is not None:
            msg = (f"{table.title or kind_name(table.kind)}：科目编码{code}不在{year}年目录中，"
                   f"而“{name}”是同一{'款' if len(code) == 7 else '类'}下科目{sibling.code}的名称"
                   f"（同一上级科目下名称不重复），编码应为{sibling.code}")
            sev = "error" if sibling.confidence == "high" else "warning"
            return CheckResult.failed(self.finding(msg, loc, severity=sev, expected=sibling.code,
                                                   actual=code, quote=ctx.quote(loc)), subject)
        hint = _name_owner_hint(name, year, exclude=code, level_len=len(code))
        if hint and year is not None:
            msg = (f"{table.title or kind_name(table.kind)}：科目编码{code}不在{year}年目录中{hint}，"
                   f"请核对编码（目录在此层级并不完整）")
            return CheckResult.failed(self.finding(msg, loc, severity="info", actual=code,
                                                   quote=ctx.quote(loc)), subject)
        return CheckResult.insufficient(subject)

    def _misfiled_units(self, ctx: CheckContext, year: int | None, seen: set[str]) -> Iterator[CheckResult]:
        """A digits-only 'unit' whose name is a catalogue 科目 name is a mistyped code."""
        if year is None:
            return
        for table in ctx.tables:
            for r in table.rows:
                token = r.unit if r.level == "unit" else None
                if not token or not token.isdigit() or token in seen or len(token) in (3, 5, 7):
                    continue
                name = _clean(r.name)
                owners = cat.codes_named(name, year) if name else []
                if not owners:
                    continue
                seen.add(token)
                hint = _name_owner_hint(name, year)
                msg = (f"{table.title or kind_name(table.kind)}：“{token} {name}”的编码不是有效的科目编码"
                       f"（{len(token)}位）{hint}")
                f = self.finding(msg, r.location, actual=token, quote=ctx.quote(r.location))
                yield CheckResult.failed(f, f"{token} {name}")


def _padded_parent(code: str, name: str, year: int | None) -> bool:
    """A 类 or 款 code padded with 00 to the length of a 项 and printed with its own name."""
    short = code
    while len(short) > 3 and short.endswith("00"):
        short = short[:-2]
    return (short != code and year is not None
            and cat.check_name(short, name, year).status in ("valid", "variant"))


def _sibling_named(code: str, name: str, year: int | None, hint: str | None) -> cat.CodeEntry | None:
    """The 功能分类 code under the same parent that carries ``name`` that year (2210201 for a
    "2210210 住房公积金"): names are unique among the children of one 款 or 类. (An economic
    code printed with another code's name is K001's: economic names are unique in a year.)"""
    scheme = cat.scheme_of(code, hint)
    if year is None or scheme != "function" or len(code) < 5 or not name:
        return None
    return next((e for e in cat.codes_named(name, year, scheme)
                 if e.code != code and len(e.code) == len(code) and e.code[:-2] == code[:-2]), None)


def _name_owner_hint(name: str, year: int | None, exclude: str | None = None,
                     level_len: int | None = None) -> str:
    if not name or year is None:
        return ""
    owners = sorted({e.code for e in cat.codes_named(name, year)
                     if e.code != exclude and (level_len is None or len(e.code) == level_len)})
    if not owners or len(owners) > 2:
        return ""
    return f"；“{name}”在{year}年目录中为科目{'、'.join(owners)}"


# ---------------------------------------------------------------------------
# Narrative
# ---------------------------------------------------------------------------


def _claim_verdict(code: str, subject: str, year: int) -> cat.NameVerdict:
    """Like ``check_name``, but an abbreviated subject ("医疗卫生与计划生育") that matches a
    name of this code in another period, and none of this year's, counts as that old name."""
    v = cat.check_name(code, subject, year, "function")
    if v.status not in ("variant", "mismatch"):
        return v
    if any(cat.is_name_variant(subject, n) for n in v.expected):
        return replace(v, status="variant")
    old = tuple(e for e in cat.entries(code, None, "function")
                if not e.valid_in(year) and cat.is_name_variant(subject, e.name))
    return replace(v, status="renamed", other_periods=old) if old else v


_CODE_THEN_NAME = re.compile(
    r"(?<![\d.,，])([23]\d{2}(?:\d{2}(?:\d{2})?)?)(?![\d.,%％])\s*(?:[（(]?[类款项][）)]?)?\s*"
    r"([\u4e00-\u9fff（）()“”]{2,40})"
)
# "公共安全支出（204类）": a code in brackets right after a name labels that name
_BRACKETED_CODE = re.compile(r"[（(]\s*$")
_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff“”]{2,40}$")


def _code_name_pairs(text: str, index: _NameIndex) -> Iterator[tuple[str, str]]:
    """(code, catalogue name) pairs as the text writes them.

    A code follows its name in brackets ("公共安全支出（204类）司法（06款）…") or precedes it
    ("209类卫生健康支出"): a bracketed code belongs to the name that ends right before the
    bracket, never to the words after it; a bracketed code with no name before it
    ("（201）一般公共服务支出") keeps the name after it.
    """
    for m in _CODE_THEN_NAME.finditer(text):
        ahead = text[: m.start(1)]
        bracket = _BRACKETED_CODE.search(ahead)
        if bracket:
            before = _NAME_BEFORE.search(ahead[: bracket.start()])
            name = _trailing_catalogue_name(before.group(0), index) if before else None
            if name:
                yield m.group(1), name
                continue
        name = _leading_catalogue_name(m.group(2), index)
        if name:
            yield m.group(1), name


@dataclass(frozen=True, slots=True)
class _NameIndex:
    """Catalogue names of 类 level and of every code, for scanning prose."""

    any_names: frozenset[str]  # normalized names of every code, any year
    lei_names: dict[str, tuple[cat.CodeEntry, ...]]  # normalized 类 name -> its entries
    # per 类 name: "<stem>类" (stem: the name without 支出, 4+ characters) or None, and the
    # longer 类 names that contain it
    lei_probes: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ()
    # any probe's name or stem: text it does not match names no 类 (most paragraphs)
    any_probe: re.Pattern[str] | None = None
    # normalized 功能分类 款 name (any period) -> the 款 codes that carried it; names an
    # economic code also carries are left out (a "住房公积金（款）" of 经济分类 is not a 功能 款)
    kuan_names: dict[str, frozenset[str]] = field(default_factory=dict)


@cache
def _name_index() -> _NameIndex:
    names = frozenset(cat.catalogue_name_key(e.name) for e in cat.all_entries())
    lei: dict[str, list[cat.CodeEntry]] = {}
    for e in cat.all_entries("function"):
        if e.level == "类":
            lei.setdefault(cat.catalogue_name_key(e.name), []).append(e)
    probes = []
    for name in lei:
        stem = name.removesuffix("支出")
        longer = tuple(other for other in lei if name != other and name in other)
        probes.append((name, f"{stem}类" if len(stem) >= 4 else None, longer))
    literals = sorted({p for name, stem, _ in probes for p in (name, stem) if p}, key=len, reverse=True)
    any_probe = re.compile("|".join(map(re.escape, literals))) if literals else None
    economic = {cat.catalogue_name_key(e.name) for s in cat.ECONOMIC_SCHEMES for e in cat.all_entries(s)}
    kuan: dict[str, set[str]] = {}
    for e in cat.all_entries("function"):
        key = cat.catalogue_name_key(e.name)
        if e.level == "款" and key not in economic:
            kuan.setdefault(key, set()).add(e.code)
    return _NameIndex(names, {k: tuple(v) for k, v in lei.items()}, tuple(probes), any_probe,
                      {k: frozenset(v) for k, v in kuan.items()})


def _leading_catalogue_name(run: str, index: _NameIndex) -> str | None:
    """The longest catalogue name the text run starts with."""
    norm = cat.catalogue_name_key(run)
    for end in range(len(norm), 1, -1):
        if norm[:end] in index.any_names:
            return norm[:end]
    return None


def _place(loc: Location) -> tuple:
    """The paragraph a location is in: its line in text, its page and box in a PDF (where
    every line is None, so the line alone would make one paragraph stand for all)."""
    return (loc.line, loc.page, loc.bbox)


def _trailing_catalogue_name(run: str, index: _NameIndex) -> str | None:
    """The longest catalogue name the text run ends with."""
    norm = cat.catalogue_name_key(run)
    for start in range(0, len(norm) - 1):
        if norm[start:] in index.any_names:
            return norm[start:]
    return None


# "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）": a name path
# written with level marks and no codes
_NAME_PATH = re.compile(
    r"(?P<lei>[\u4e00-\u9fff“”\"]{2,40}?)\s*[（(]类[）)]\s*"
    r"(?P<kuan>[^（()）\d，。；]{2,40}?)\s*[（(]款[）)]"
    r"(?:\s*(?P<xiang>[^（()）\d，。；]{2,40}?)\s*[（(]项[）)])?"
)


@cache
def _function_children() -> dict[str, tuple[cat.CodeEntry, ...]]:
    """Parent code -> the function entries under it, any period."""
    out: dict[str, list[cat.CodeEntry]] = {}
    for e in cat.all_entries("function"):
        if e.parent:
            out.setdefault(e.parent, []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def _child_named(parents: set[str], name: str) -> set[str]:
    """Codes under ``parents`` that carry ``name`` in some period (a variant of it when none
    carries it exactly: "归口管理的行政单位离退休" is 2080501, not 未归口管理的… 2080504)."""
    under = [e for p in parents for e in _function_children().get(p, ())]
    key = cat.catalogue_name_key(name)
    exact = {e.code for e in under if cat.catalogue_name_key(e.name) == key}
    return exact or {e.code for e in under if cat.is_name_variant(name, e.name)}


# "行政事业单位离退休（款）未归口管理的行政单位离退休（项）": a path that starts at the 款
_KUAN_PATH = re.compile(
    r"(?P<kuan>[\u4e00-\u9fff“”\"]{2,40}?)\s*[（(]款[）)]"
    r"(?:\s*(?P<xiang>[^（()）\d，。；]{2,40}?)\s*[（(]项[）)])?"
)
# "“社会保障和就业支出-行政事业单位养老支出-行政单位离退休”科目": a path of names joined by dashes
_DASH_PATH = re.compile(
    r"(?P<lei>[\u4e00-\u9fff]{2,40})\s*[-－—–]+\s*(?P<kuan>[\u4e00-\u9fff（）()]{2,40}?)"
    r"(?:\s*[-－—–]+\s*(?P<xiang>[\u4e00-\u9fff（）()]{2,40}?))?(?=[”\"」』]|\s*科目)"
)

_DASH = re.compile(r"[-－—–]")


def _under(parents: set[str], names: Iterable[tuple[str | None, int]]) -> Iterator[tuple[str, str, int]]:
    """Each name of a path resolved among the codes under the one before it (see name_paths)."""
    for name, offset in names:
        if name is None:
            break
        codes = _child_named(parents, name.strip("“”\" "))
        if len(codes) != 1:
            break
        code = next(iter(codes))
        yield code, name.strip("“”\" "), offset
        parents = {code}


def _lei_parents(run: str, index: _NameIndex) -> set[str]:
    """The 类 codes whose name (any period) the run ends with."""
    lei = _trailing_catalogue_name(run, index)
    if lei is None or lei not in index.lei_names:
        return set()
    return {e.code for e in index.lei_names[lei]}


def _trailing_kuan_name(run: str, index: _NameIndex) -> str | None:
    """The longest 款 name (any period) the text run ends with."""
    norm = cat.catalogue_name_key(run)
    for start in range(0, len(norm) - 1):
        if norm[start:] in index.kuan_names:
            return norm[start:]
    return None


def name_paths(text: str, index: _NameIndex) -> Iterator[tuple[str, str, int]]:
    """(code, name as written, offset) for the 款 and 项 of each path of names.

    A path is "A（类）B（款）C（项）", "B（款）C（项）" (or a 款 alone), or "A-B-C" in quotes.
    The 类 is found by its name in any period; the 款 is the code under that 类 whose name, in
    some period, is the one written (with no 类 written, the one 款 that ever carried the
    name); the 项 likewise under that 款. A name no code under its parent carries is left
    alone: it may be an abbreviation.
    """
    # each pattern is tried only where its level mark or dash is written: their lazy name
    # runs are slow to scan over a long paragraph that holds none
    has_kuan = "款" in text
    seen: set[int] = set()
    for m in _NAME_PATH.finditer(text) if has_kuan and "类" in text else ():
        parents = _lei_parents(m.group("lei"), index)
        if not parents:
            continue
        seen.add(m.end("kuan"))
        yield from _under(parents, [(m.group("kuan"), m.start("kuan")),
                                    (m.group("xiang"), m.start("xiang"))])
    for m in _DASH_PATH.finditer(text) if _DASH.search(text) else ():
        parents = _lei_parents(m.group("lei"), index)
        if parents:
            yield from _under(parents, [(m.group("kuan"), m.start("kuan")),
                                        (m.group("xiang"), m.start("xiang"))])
    for m in _KUAN_PATH.finditer(text) if has_kuan else ():
        if m.end("kuan") in seen:
            continue  # the 款 of an "A（类）B（款）" path, resolved under its 类 above
        name = _trailing_kuan_name(m.group("kuan"), index)
        codes = index.kuan_names.get(name or "", frozenset())
        if len(codes) != 1:
            continue
        code = next(iter(codes))
        yield code, name, m.start("kuan")
        yield from _under({code}, [(m.group("xiang"), m.start("xiang"))])


@register
class NarrativeNameForYear(Rule):
    """What it checks: classification names used in the narrative (情况说明) and in code-less
    table rows are valid for the document's year: (1) a code written with a name in the text
    ("209类卫生健康支出") must carry that code's name; (2) a 功能分类 类 name written without a
    code ("医疗卫生与计划生育支出", "卫生健康类", a 收支总表 row "九、卫生健康支出") must be the name
    that 类 has in that year; (3) a narrative claim resolved to a function concept must use
    that code's name for the year.

    Why it matters: the narrative is what readers quote; a 类 named by its pre-2019 title, or
    a wrong code next to a right name, makes the text disagree with the tables and with the
    year's 《政府收支分类科目》.

    Example: Liuzhou 2019 预算 "（三）209类卫生健康支出197.86万元" → error: 209 is 社会保险基金
    支出, 卫生健康支出 is 210. "医疗卫生与计划生育支出" in a 2024 document → error (2019 起为
    卫生健康支出); the same words in a 2017 document pass.

    References: 《政府收支分类科目》 of each year (2019 renames of 207, 210, 215, 220; 224 new);
    disclosure-rules.md §5, §7 N5; GovBudgetChecker BUD-109.
    """

    code = "K004"
    name = "codes.narrative-names"
    title = "说明文字或无编码表行中的科目名称与该年度科目不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        year = _year(ctx)
        if year is None:
            yield CheckResult.insufficient("document year unknown")
            return
        index = _name_index()
        coded: list[_Occurrence] = []
        pathed: list[_Occurrence] = []
        lei_hits: list[tuple[str, Location]] = []
        for u in ctx.statements.units:  # a path may run over a line break ("…行政单位离退休" / "（项）")
            pathed.extend(_Occurrence(code, name, "function", where(u, offset))
                          for code, name, offset in name_paths(u.text, index))
        for p in ctx.document.paragraphs():
            text = _LEVEL_MARK.sub("", p.text)
            for code, name in _code_name_pairs(text, index):
                coded.append(_Occurrence(code, name, None, p.location))
            lei_hits.extend((n, p.location) for n in self._lei_names_in(text, index))
        for t in ctx.tables:  # code-less 类 rows of summary tables ("九、医疗卫生与计划生育支出")
            for r in t.rows:
                if r.code is not None or r.is_total:
                    continue
                norm = cat.catalogue_name_key(_clean(r.name))
                if norm in index.lei_names:
                    lei_hits.append((norm, r.location))
        seen_lines: set[tuple[str, tuple]] = set()
        for (code, _), group in _group(coded).items():
            v = cat.check_name(code, group[0].name, year)
            seen_lines.update((cat.catalogue_name_key(o.name), _place(o.location)) for o in group)
            yield name_verdict_finding(self, ctx, v, group, "说明中")
        yield from self._check_lei_names(ctx, year, lei_hits, index, seen_lines)
        yield from self._check_paths(ctx, year, pathed, seen_lines)
        yield from self._check_claims(ctx, year, seen_lines)

    def _check_paths(self, ctx: CheckContext, year: int, occ: list[_Occurrence],
                     seen: set[tuple[str, tuple]]) -> Iterator[CheckResult]:
        """款 and 项 names of "A（类）B（款）C（项）" paths, resolved through their parents."""
        for (code, _), group in _group(occ).items():
            v = _claim_verdict(code, group[0].name, year)
            seen.update((cat.catalogue_name_key(o.name), _place(o.location)) for o in group)
            if v.status == "variant" or (v.status == "mismatch" and not v.same_name):
                yield CheckResult.passed(f"{code} {v.name}")
                continue
            yield name_verdict_finding(self, ctx, v, group, "说明中")

    @staticmethod
    def _lei_names_in(text: str, index: _NameIndex) -> Iterator[str]:
        norm = cat.catalogue_name_key(text)
        if index.any_probe is None or index.any_probe.search(norm) is None:
            return
        for name, stem_lei, longer in index.lei_probes:
            if name in norm or (stem_lei is not None and stem_lei in norm):
                # skip a name only seen inside a longer 类 name ("文化体育与传媒" never inside
                # "文化旅游体育与传媒", but guard generally)
                if any(other in norm for other in longer):
                    continue
                yield name

    def _check_lei_names(self, ctx: CheckContext, year: int, hits: list[tuple[str, Location]],
                         index: _NameIndex, seen: set[tuple[str, tuple]]) -> Iterator[CheckResult]:
        grouped: dict[str, list[Location]] = {}
        for name, loc in hits:
            if (name, _place(loc)) not in seen:
                grouped.setdefault(name, []).append(loc)
        for name, locs in grouped.items():
            entries = index.lei_names[name]
            valid_now = [e for e in entries if e.valid_in(year)]
            if valid_now:
                yield CheckResult.passed(name)
                continue
            code = entries[0].code
            current = cat.entries(code, year, "function")
            if not current:
                if cat.level_complete("function", "类", year) != "high":
                    yield CheckResult.insufficient(name)
                    continue
                msg = f"使用了“{name}”，但类{code}在{year}年的支出功能分类中不存在（{_periods(entries)}）"
                f = self.finding(msg, locs[0], related=locs[1:], actual=name, quote=ctx.quote(locs[0]))
                yield CheckResult.failed(f, name)
                continue
            expected = "、".join(dict.fromkeys(e.name for e in current))
            sev = _SEVERITY_BY_CONFIDENCE[current[0].confidence]
            msg = (f"使用了“{name}”，这是类{code}{_periods(entries)}的名称；"
                   f"{year}年应为“{expected}”")
            f = self.finding(msg, locs[0], severity=sev, related=locs[1:], expected=expected,
                             actual=name, quote=ctx.quote(locs[0]))
            yield CheckResult.failed(f, name)

    def _check_claims(self, ctx: CheckContext, year: int,
                      seen: set[tuple[str, tuple]]) -> Iterator[CheckResult]:
        occ: list[_Occurrence] = []
        seen_at = {place for _, place in seen}
        for c in ctx.claims or ():
            concept = c.concept or ""
            if not concept.startswith("expenditure.function."):
                continue
            code = concept.rsplit(".", 1)[-1]
            name = _clean(_LEADING_CODE.sub("", c.subject))
            if not code.isdigit() or not name:
                continue
            if _place(c.location) in seen_at:
                continue
            occ.append(_Occurrence(code, name, "function", c.location))
        for (code, _), group in _group(occ).items():
            v = _claim_verdict(code, group[0].name, year)
            # a claim subject is often abbreviated ("一般公共服务"): only a rename or a name that
            # belongs to another code is evidence of a wrong name
            if v.status == "variant" or (v.status == "mismatch" and not v.same_name):
                yield CheckResult.passed(f"{code} {v.name}")
                continue
            yield name_verdict_finding(self, ctx, v, group, "说明中")
