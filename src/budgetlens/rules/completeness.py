"""C rules: the tables and explanations a 部门预算/决算公开 must contain for its kind and year.

The requirements are data (``taxonomy/requirements.yaml``, each with its citation), and the
document's profile (``taxonomy/profiles.py``: 地方 department, 中央部门, 中央部门所属高等学校)
says which of the cited sources bind it. Findings
are about the document *as given*: a table the text refers to ("详见附表") but that is not in
the file may well be published as a separate attachment, so it is a warning worded that way;
tables published as images are reported as such, because they cannot be checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import ImageBlock, Location, Table, TableReference
from ..taxonomy.profiles import Profile, profile_for
from ..taxonomy.requirements import requirements
from ..taxonomy.table_kinds import registry
from .base import CheckResult, Rule, register
from .common import DatedRule
from .context import CheckContext

# ---------------------------------------------------------------------------
# Requirements as data
# ---------------------------------------------------------------------------


def _union(groups: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(s for g in groups for s in g))


def cite(source_ids: list[str]) -> str:
    """'《预算法》第十四条（条文未核实）；…' for a finding's explanation."""
    srcs = requirements()["sources"]
    parts = []
    for sid in source_ids:
        s = srcs[sid]
        parts.append(s["cite"] + ("" if s.get("verified") else "（条款/文号未经原文核实）"))
    return "；".join(parts)


@dataclass(frozen=True, slots=True)
class TableRequirement:
    kind: str
    title: str
    start: int
    firm_from: int | None
    may_be_empty: bool
    sources: tuple[str, ...]
    bound: bool = True  # False: the profile's sources do not establish it (a warning at most)

    def firm(self, year: int) -> bool:
        return self.bound and self.firm_from is not None and year >= self.firm_from


def required_tables(doc_kind: str, year: int, profile: Profile | None = None) -> list[TableRequirement]:
    """The standard tables a document of this kind and year must publish; with a profile,
    those its binding sources establish (and, when the profile says so, the others marked
    unbound)."""
    out = []
    for kind in registry().kinds.values():
        req = kind.required.get(doc_kind)
        if req is None or year < req.start:
            continue
        sources = tuple(profile.binding(kind.sources)) if profile else kind.sources
        bound = bool(sources) or not kind.sources
        if not bound and not profile.warn_unbound:  # type: ignore[union-attr]
            continue
        out.append(TableRequirement(kind.id, req.title, req.start, req.firm_from,
                                    kind.may_be_empty, sources or kind.sources, bound))
    return out


def _required_tables(ctx: CheckContext, kind: str, year: int) -> list[TableRequirement]:
    return required_tables(kind, year, profile_for(ctx.info))


# ---------------------------------------------------------------------------
# What the document is (read once: recognize/disclosure.py)
# ---------------------------------------------------------------------------

def _doc_location(ctx: CheckContext) -> Location:
    return Location(path=ctx.document.path, line=1 if ctx.document.format in ("text", "markdown") else None)


def _kind_label(kind: str | None) -> str:
    return {"budget": "预算", "final": "决算"}.get(kind or "", "")


def _images(ctx: CheckContext) -> list[ImageBlock]:
    return [b for b in ctx.document.blocks if isinstance(b, ImageBlock)]


def _table_present(tables: list[Table], kind: str) -> list[Table]:
    return [t for t in tables if t.kind == kind]


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@register
class RequiredTables(DatedRule):
    """What it checks: the document contains every standard table required for its kind and
    year — 预算: 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 一般公共预算
    基本支出表, 一般公共预算“三公”经费支出表, 政府性基金预算支出表, and from 2019 国有资本经营
    预算支出表; 决算: the same eight 决算 tables, and from 2018年度 the ninth, 国有资本经营预算
    财政拨款支出决算表. A table with no money counts when published empty (see C003).

    Why it matters: 完整性 is one of the five dimensions of the MOF 预决算公开专项检查; a dropped
    table hides a fund (政府性基金, 国资) or the 经济分类 detail of 基本支出.

    Example: a 2024 预算 that lists 11 附表 but contains none → warning: the tables are
    referenced (附表 list, lines 79–90) but not in this file; they may be a separate
    attachment. A 2017 决算 with its eight tables passes; the ninth is not required before
    2018年度. A missing 国有资本经营预算支出表 in a 预算 is only a warning: regional templates
    differ on it.
    Which tables bind depends on the document's requirements profile (its level and sector,
    read from its text): 西南大学 2021 预算 (corpus 022, "是教育部直属", its own four tables) is a
    中央部门所属高等学校, which none of the 地方 template's sources binds → not applicable.

    References: 《地方预决算公开操作规程》（财预〔2016〕143号）; 财政部参考表样; 《预算法》第十四条
    ("部门预算、决算及报表"); disclosure-rules.md §2–4 (C03). Article numbers marked [K] there
    are unverified; findings say so.
    """

    code = "C001"
    name = "completeness.required-tables"
    title = "缺少规定的公开报表"

    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        required = _required_tables(ctx, kind, year)
        if not required:
            yield CheckResult.not_applicable(f"no table required for {profile_for(ctx.info).label}")
            return
        missing = [r for r in required if not _table_present(ctx.tables, r.kind)]
        for r in required:
            if r not in missing:
                yield CheckResult.passed(r.title)
        if not missing:
            return
        if _images(ctx):
            for r in missing:  # C002 reports tables published as images
                yield CheckResult.insufficient(r.title)
            return
        refs = ctx.disclosure.references
        listed = {ref.kind: ref for ref in refs if ref.kind}
        generic = [ref for ref in refs if ref.kind is None]
        has_tables = bool(ctx.tables) or bool(ctx.document.grids())
        if not has_tables:
            yield from self._no_tables(ctx, kind, year, missing, listed, generic)
            return
        unidentified = any(t.kind == "other" for t in ctx.tables)
        for r in missing:
            yield self._one_missing(ctx, kind, year, r, listed.get(r.kind), generic, unidentified)

    def _no_tables(self, ctx: CheckContext, kind: str, year: int, missing: list[TableRequirement],
                   listed: dict[str, TableReference], generic: list[TableReference]) -> Iterator[CheckResult]:
        in_list = [r for r in missing if r.kind in listed]
        not_listed = [r for r in missing if r.kind not in listed]
        if in_list:
            locs = sorted((listed[r.kind].location for r in in_list), key=lambda loc: loc.line or 0)
            lines = [loc.line for loc in locs if loc.line]
            where = f"（第{min(lines)}–{max(lines)}行）" if lines else ""
            msg = (f"本文件未包含报表：文中列出的附表{where}——"
                   f"{'、'.join(r.title for r in in_list)}——不在本文件中；它们可能作为单独的附件发布，"
                   f"请核对附件是否公开。依据：{cite(_union(r.sources for r in in_list))}")
            f = self.finding(msg, locs[0], severity="warning", related=locs[1:],
                             expected="、".join(r.title for r in in_list), actual="本文件无报表")
            yield CheckResult.failed(f, "listed tables not in file")
        rest = not_listed if in_list else missing
        if not rest:
            return
        titles = "、".join(r.title for r in rest)
        skipped = "、".join(ctx.disclosure.skipped_parts)
        if in_list:
            msg = (f"附表清单中也没有列出{titles}（本文件未包含任何报表）；{_kind_label(kind)}"
                   f"{year}年应公开此表，无数据时应以空表公开并注明")
            sev = "warning"
            loc = min((listed[r.kind].location for r in in_list), key=lambda loc: loc.line or 0)
        elif generic:
            msg = (f"本文件未包含报表，文中注明“{generic[0].text[:30]}”：报表可能作为单独的附件发布；"
                   f"本文件中无法核对{titles}")
            sev, loc = "warning", generic[0].location
        else:
            gap = f"（文件的部分编号跳过了{skipped}，报表部分可能在转换或发布时遗漏）" if skipped else ""
            msg = (f"本文件未包含任何公开报表，也未说明报表另行发布{gap}；"
                   f"{_kind_label(kind)}{year}年应公开：{titles}")
            sev, loc = "warning", _doc_location(ctx)
        msg += f"。依据：{cite(_union(r.sources for r in rest))}"
        f = self.finding(msg, loc, severity=sev, expected=titles, actual="本文件无报表")
        yield CheckResult.failed(f, "tables not in file")

    def _one_missing(self, ctx: CheckContext, kind: str, year: int, r: TableRequirement,
                     ref: TableReference | None, generic: list[TableReference], unidentified: bool) -> CheckResult:
        basis = f"依据：{cite(list(r.sources))}"
        if ref is not None:
            msg = (f"“{r.title}”在文中列出（{ref.text[:30]}），但不在本文件中；它可能作为单独的附件发布。"
                   f"{basis}")
            f = self.finding(msg, ref.location, severity="warning", expected=r.title, actual="缺")
            return CheckResult.failed(f, r.title)
        sev = "error" if r.firm(year) and not unidentified and not generic else "warning"
        extra = "" if r.bound else profile_for(ctx.info).unbound_note()
        extra += "（文中另有“详见附表/附件”说明，可能另行发布）" if generic else ""
        if unidentified:
            extra += "（本文件另有未能识别类别的表格，请核对是否即为此表）"
        msg = (f"缺少{_kind_label(kind)}报表“{r.title}”{extra}；无数据时也应以空表公开并注明。{basis}")
        f = self.finding(msg, _doc_location(ctx), severity=sev, expected=r.title, actual="缺")
        return CheckResult.failed(f, r.title)


@register
class TablesAsImages(Rule):
    """What it checks: whether the document's tables were published as images (pictures in a
    web page or scanned pages) instead of text, so that none of the required tables can be
    read or checked.

    Why it matters: a picture of a table satisfies the letter of 公开 but not its purpose; the
    Tsinghua transparency index scores machine-readability, and no figure in an image can be
    checked against the narrative. The reviewer needs to know that the silence of the other
    rules means "not checkable", not "correct".

    Example: 重庆市交通委员会 2018 预算 web page (corpus 027): narrative only, its tables are
    <img> elements → warning listing the required tables that could not be checked.

    References: 《地方预决算公开操作规程》（财预〔2016〕143号）第四条 (公开及时、准确、规范);
    disclosure-rules.md §6 item 12.
    """

    code = "C002"
    name = "completeness.tables-as-images"
    title = "报表以图片形式公开，无法核对"
    severity = "warning"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        images = _images(ctx)
        kind, year = ctx.info.kind, ctx.info.year
        if not images:
            yield CheckResult.not_applicable("no images")
            return
        required = _required_tables(ctx, kind, year) if kind and year else []
        missing = [r for r in required if not _table_present(ctx.tables, r.kind)]
        if required and not missing:
            yield CheckResult.passed("tables present as text")
            return
        titles = "、".join(r.title for r in missing) or "报表"
        msg = (f"本文件含{len(images)}处图片而没有可读的报表：报表似以图片形式公开"
               f"（{images[0].description[:40]}），{titles}无法读取和核对")
        f = self.finding(msg, images[0].location, related=[i.location for i in images[1:]],
                         expected=titles, actual=f"{len(images)}张图片")
        yield CheckResult.failed(f, "tables as images")


@register
class EmptyTableNoted(DatedRule):
    """What it checks: a required table without money (政府性基金, 国有资本经营 …) is published
    as an empty table with a note ("本表无数据"), not dropped; and a table that is empty says so.

    Why it matters: the MOF inspections count a dropped empty table as incomplete; a reader
    cannot tell "no such spending" from "table left out" unless the empty table is there with
    its note.

    Example: Liuzhou 2024 预算 表8 政府性基金预算支出情况表 with "注：本部门2024年没有政府性基金
    预算支出，故本表无数据" passes. A document whose other tables are present and whose text
    says "本部门无政府性基金预算" but which has no 政府性基金预算支出表 → warning.

    References: 财政部参考表样 (空表注明); MOF 预决算公开专项检查; disclosure-rules.md §4 C04.
    """

    code = "C003"
    name = "completeness.empty-table-noted"
    title = "无数据的报表未以空表形式公开或未注明"
    severity = "warning"

    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        if ctx.document.placeholder_only:
            yield CheckResult.not_applicable("blank template: no table has figures")
            return
        optional = [r for r in _required_tables(ctx, kind, year) if r.may_be_empty]
        has_tables = bool(ctx.tables)
        any_result = False
        for r in optional:
            present = _table_present(ctx.tables, r.kind)
            for t in present:
                any_result = True
                yield self._present(ctx, t, r)
            if present or not has_tables:
                continue
            stated = ctx.disclosure.stated_empty.get(r.kind)
            if stated is None:
                continue  # C001 reports the missing table
            any_result = True
            msg = (f"文中说明“{stated.text.strip()[:40]}”，但未公开空的“{r.title}”：无数据的报表应以空表"
                   f"公开并注明，而不是略去")
            f = self.finding(msg, stated.location, expected=r.title, actual="缺")
            yield CheckResult.failed(f, r.title)
        if not any_result:
            yield CheckResult.not_applicable("no table that may be empty")

    def _present(self, ctx: CheckContext, t: Table, r: TableRequirement) -> CheckResult:
        if t.empty or t.empty_note:
            return CheckResult.passed(r.title)
        amounts = [a for row in t.rows for a in row.values.values() if a is not None]
        if any(a.value != 0 for a in amounts):
            return CheckResult.passed(r.title)
        if t.id in ctx.disclosure.empty_noted_tables or r.kind in ctx.disclosure.stated_empty:
            return CheckResult.passed(r.title)
        msg = f"“{t.title or r.title}”中没有任何金额，但未注明“本表无数据”或无数据的原因"
        f = self.finding(msg, t.location, severity="info", expected="空表说明", actual="无说明")
        return CheckResult.failed(f, r.title)


@register
class RequiredExplanations(DatedRule):
    """What it checks: the narrative (情况说明) explains each item the disclosure rules require
    for the document's kind and year: 部门职责, 机构设置, 收支增减变化及原因, “三公”经费增减原因,
    机关运行经费, 政府采购, 国有资产占用, 绩效目标 (预算) / 绩效评价 (决算), 名词解释. Detection is by
    section headings (a 目录 line without body does not count) and by wording that the
    corpus documents use in their many variants (机关运行经费 / 行政运行经费 / 单位运行经费 …).

    Why it matters: the 2018 MOF inspection found 2,351 units without a 机关运行经费 说明 and
    20,647 without a 国有资产占用 说明; an explanation left out is a completeness defect even when
    every figure is right.

    Example: Liujiang 2022 预算 gives 收入 and 支出 with 同比增减 but never a 原因 → warning
    “收支增减变化及原因”. Liuzhou 2024 预算 explains 机关运行经费 under the heading
    “（一）机关运行经费安排情况说明” → pass.
    For a 中央部门所属高等学校 only the items of the laws (预算法 §14: 机关运行经费, 政府采购) are
    asked; for a 中央部门 the items that cite only 地方 instruments are warnings saying so.

    References: 《预算法》第十四条 (机关运行经费); 《地方预决算公开操作规程》（财预〔2016〕143号）;
    财预〔2014〕36号 (三公增减原因); disclosure-rules.md §2–4 (C11, C13–C19). Article numbers
    marked [K] there are unverified; findings say so.
    """

    code = "C004"
    name = "completeness.required-explanations"
    title = "缺少规定的说明内容"
    severity = "warning"

    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        if not ctx.document.paragraphs():
            yield CheckResult.insufficient("no narrative text")
            return
        profile = profile_for(ctx.info)
        items = [i for i in requirements()["explanations"] if kind in i["kinds"] and year >= i["from"]
                 and (profile.warn_unbound or profile.binds(i["sources"]))]
        if not items:
            yield CheckResult.not_applicable(f"no explanation required for {profile.label}")
            return
        if ctx.tables and ctx.disclosure.prose_paragraphs < 3:
            # a tables-only file (the 情况说明 published separately): one finding, not nine
            labels = "、".join(i["label"] for i in items)
            msg = (f"本文件只有报表，没有{_kind_label(kind)}情况说明；情况说明可能另行发布。"
                   f"本文件中无法核对以下说明：{labels}")
            f = self.finding(msg, _doc_location(ctx), expected=labels, actual="无情况说明")
            yield CheckResult.failed(f, "no narrative")
            return
        institution = ctx.disclosure.institution_like
        for item in items:
            if item["id"] in ctx.disclosure.explained:
                yield CheckResult.passed(item["label"])
                continue
            severity = item["severity"]
            sources = profile.binding(item["sources"])
            note = ""
            if not sources:
                severity, note, sources = "warning", profile.unbound_note(), item["sources"]
            if item["id"] == "admin_operating" and institution:
                severity = "warning"
                note += "（本单位似为事业单位：机关运行经费只适用于行政单位和参公单位，可说明“不涉及”）"
            msg = (f"{_kind_label(kind)}说明中未找到“{item['label']}”的说明{note}。"
                   f"依据：{cite(sources)}")
            place = ctx.disclosure.expected_place.get(item["id"]) or _doc_location(ctx)
            f = self.finding(msg, place, severity=severity,
                             expected=item["label"], actual="未找到")
            yield CheckResult.failed(f, item["label"])


def _sangong_columns(t: Table) -> str:
    return "|".join("/".join(c.path) + "|" + c.key for c in t.columns)


@register
class SangongSplit(Rule):
    """What it checks: “三公”经费 is disclosed by item — 因公出国（境）费, 公务用车购置及运行（维护）费
    split into 公务用车购置费 and 公务用车运行（维护）费, and 公务接待费 — in the 三公 table's
    columns or, when the table is not in the file, in the narrative; for a 决算 also the
    physical facts: 团组数/人数, 车辆购置数/保有量, 接待批次/人数.

    Why it matters: the split is the oldest national requirement on 三公 disclosure (2014) and
    a standing item of every MOF inspection; a lump sum hides which of the three grew.

    Example: Liujiang 2022 预算 text gives 因公出国（境） 0, 公务接待费 1.59, 公务用车购置费 0 and
    运行维护费 1.8 万元 → pass. A 三公 table with only 合计 and 公务用车购置及运行费 → error
    (购置费/运行费 not split); the same gap in prose only (no table in the file) → warning,
    because prose may be garbled (corpus 027 prints "严控290.5万元" where 公务接待费 was lost).

    References: 财预〔2014〕36号 (number unverified); 《地方预决算公开操作规程》（财预〔2016〕143号）;
    disclosure-rules.md §4 C09, C10, C12.
    """

    code = "C005"
    name = "completeness.sangong-split"
    title = "“三公”经费未按规定分项公开"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        kind, year = ctx.info.kind, ctx.info.year
        spec = requirements()["sangong"]
        if kind is None or year is None or year < spec["from"]:
            yield CheckResult.insufficient("document kind or year unknown")
            return
        profile = profile_for(ctx.info)
        if not profile.binds(spec["sources"]) and not profile.warn_unbound:
            yield CheckResult.not_applicable(f"the “三公” split is not required for {profile.label}")
            return
        unbound = "" if profile.binds(spec["sources"]) else profile.unbound_note()
        tables = _table_present(ctx.tables, "sangong")
        text = ctx.disclosure.sangong_text
        if tables:
            source, where, loc = _sangong_columns(tables[0]), "“三公”经费表的栏目", tables[0].location
        elif text:
            loc = ctx.disclosure.sangong_location or _doc_location(ctx)
            source, where = text, "“三公”经费说明"
        else:
            yield CheckResult.insufficient("no 三公 table or text")
            return
        basis = unbound + "依据：" + cite(profile.binding(spec["sources"]) or spec["sources"])
        for item in spec["items"]:
            if re.search(item["pattern"], source) or (tables and re.search(item["pattern"], text)):
                yield CheckResult.passed(item["label"])
                continue
            # the table's columns are certain; prose can be garbled or phrased unexpectedly
            sev = "error" if tables and not unbound else "warning"
            f = self.finding(f"{where}中未单列“{item['label']}”。{basis}", loc,
                             severity=sev, expected=item["label"], actual="未单列")
            yield CheckResult.failed(f, item["label"])
        if kind != "final":
            return
        if ctx.disclosure.no_sangong:
            yield CheckResult.not_applicable("no 三公 spending")
            return
        # 保有量 is often stated under 国有资产占用 rather than under 三公
        facts_text = text + "\n" + ctx.disclosure.vehicle_text
        for item in spec["final_facts"]:
            if re.search(item["pattern"], facts_text):
                yield CheckResult.passed(item["label"])
                continue
            f = self.finding(f"“三公”经费决算说明中未说明{item['label']}。{basis}", loc,
                             severity="warning", expected=item["label"], actual="未说明")
            yield CheckResult.failed(f, item["label"])


__all__ = ["required_tables"]
