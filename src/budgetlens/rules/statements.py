"""S rules: checks a reviewer makes on whole statements of the 说明, not on single figures.

An item's sentence gives two figures and a word and a rate that compare them ("2022年当年预算
执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%"; "年初预算为612.00万元，
支出决算为308.08万元…决算数小于预算数"); an item is named with its amount and stated again; a
sentence names the years it compares. The statements come from
``recognize.claims_statements``; every comparison uses the intervals the written digits allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..intervals import Interval, agreement, percent
from ..model import Claim
from ..recognize.claims_statements import ItemComparison, StatedFigure
from ..recognize.claims_wording import (
    asset_note_dates,
    compared_years,
    empty_reasons,
    own_names,
    placeholders,
    subject_years,
)
from ..taxonomy.table_kinds import spec as kind_spec
from .base import CheckResult, Rule, register
from .common import (
    ClaimRule,
    DatedRule,
    YearRule,
    fmt_pct,
    interval_result,
    quote_of,
    value_interval,
    year_results,
)
from .context import CheckContext

_WORD_OF = {1: "增加", -1: "减少", 0: "持平"}
_FINAL_WORD_OF = {1: "大于", -1: "小于", 0: "等于"}
_WHOLE_AT_ONE_PERCENT = Interval(Decimal("99.5"), Decimal("100.5"))  # "100%" written to 1%


def _interval(f: StatedFigure) -> Interval:
    return value_interval(f.amount)


def _bases_for(c: ItemComparison, name: str | None) -> list[tuple[str, StatedFigure]]:
    """The budget figures a word or rate may refer to: the named one, or any when unnamed."""
    if name in c.bases:
        return [(name, c.bases[name])]
    if name in (None, "预算"):
        return list(c.bases.items())
    return []


def _word_fits(direction: int, diff: Interval) -> bool:
    if direction > 0:
        return diff.hi > 0
    if direction < 0:
        return diff.lo < 0
    return diff.contains_zero()


def _word_contradicted(direction: int, diff: Interval) -> bool:
    """True when no reading of the written figures allows the word (an error, not a doubt)."""
    if direction > 0:
        return diff.hi < 0
    if direction < 0:
        return diff.lo > 0
    return not diff.contains_zero()


@register
class ComparisonWordRule(Rule):
    """The word comparing an item's two figures (增加/减少/持平, 大于/小于/等于) fits them.

    What it checks:
        A budget item sentence "2022年当年预算执行数为X万元，2023年预算安排Y万元，比2022年预算执行
        数增加…" says 增加 only when Y > X, 减少 only when Y < X and 持平 only when they are equal;
        a 决算 item "年初预算为X万元，支出决算为Y万元…决算数大于（小于、等于）预算数" likewise.
        When a 决算 sentence gives both 年初预算 and 全年预算 and the word names neither, either
        budget may be meant. Figures are compared as the intervals their digits allow.
    Why it matters:
        The word is what a reader takes away; "决算数大于预算数" over figures that fell reverses
        the meaning of the explanation that follows it.
    Example:
        "年初预算为45.02万元，支出决算为45.03万元…决算数大于预算数" passes (45.03 > 45.02);
        "…比2022年预算执行数增加…" over 2695.80 → 1837.36 would fail (a fall of 858.44万元).
    References:
        disclosure-rules.md §6 item 11 (增减变化及原因), §7 N3; 部门决算 情况说明 template
        ("决算数大于/小于/等于预算数的主要原因").
    """

    code = "S001"
    name = "statement.comparison-word"
    title = "增减、大于小于用词与两项金额不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for c in ctx.statements.comparisons:
            if c.direction is None or c.word is None:
                continue
            subject = f"{c.subject} {c.word}"
            bases = _bases_for(c, c.word_base)
            if not bases:
                yield CheckResult.insufficient(subject)
                continue
            diffs = [(name, b, _interval(c.value) - _interval(b)) for name, b in bases]
            if c.word == "基本持平":
                yield self._roughly_level(ctx, c, diffs, subject)
                continue
            if any(_word_fits(c.direction, d) for _, _, d in diffs):
                if c.direction != 0 and any(b.amount.value == c.value.amount.value for _, b, _ in diffs):
                    yield self._failed(ctx, c, diffs[0], "warning", "（两项金额写法相同）")
                    continue
                yield CheckResult.passed(subject)
                continue
            severity = "error" if all(_word_contradicted(c.direction, d) for _, _, d in diffs) else "warning"
            yield self._failed(ctx, c, diffs[0], severity, "")

    def _roughly_level(self, ctx: CheckContext, c: ItemComparison, diffs: list[tuple],
                       subject: str) -> CheckResult:
        """'决算数与预算数基本持平' allows a difference, but not one that shows as a rate: it fits
        when the 决算 is 100% of a budget at the coarsest precision a rate is written (1%).
        How far "basically level" stretches is the writer's word, so a miss is a warning."""
        for _, b, diff in diffs:
            ratio = percent(_interval(c.value), _interval(b))
            if diff.contains_zero() or (ratio is not None and ratio.intersects(_WHOLE_AT_ONE_PERCENT)):
                return CheckResult.passed(subject)
        _, b, diff = diffs[0]
        ratio = percent(_interval(c.value), _interval(b))
        shown = f"，为预算数的{fmt_pct(ratio, Decimal(1))}%" if ratio is not None else ""
        return self._failed(ctx, c, diffs[0], "warning", f"（相差{diff.fmt(2)}万元{shown}）")

    def _failed(self, ctx: CheckContext, c: ItemComparison, base: tuple, severity: str,
                note: str) -> CheckResult:
        name, b, diff = base
        mid = diff.mid
        words = _FINAL_WORD_OF if c.style == "final" else _WORD_OF
        right = words[0 if diff.contains_zero() else (1 if mid > 0 else -1)]
        value_label = "决算数" if c.style == "final" else (c.value.label or "本年预算")
        msg = (f"{c.subject}：{value_label}{c.value.amount.text}与{b.label or name}{b.amount.text}相比"
               f"应为“{right}”，文中写为“{c.word}”{note}")
        return CheckResult.failed(self.finding(
            msg, c.location, severity=severity, related=[c.value.location, b.location],
            expected=right, actual=c.word, quote=quote_of(ctx, c.location)), f"{c.subject} {c.word}")


@register
class ComparisonRateRule(Rule):
    """The rate in an item sentence follows from the two figures it compares.

    What it checks:
        "2022年当年预算执行数为X万元，2023年预算安排Y万元，比2022年预算执行数增加p%": p must lie in
        (Y − X) / X, computed on the intervals of the written digits (a rate from a zero 执行数
        is not recomputed); an amount instead of a rate ("增加C万元") must be Y − X. In a 决算 item that states both 年初预算 and 全年预算, "完成年初预算
        的p%" must be the 决算 over the budget it names: a rate that fits only the other budget
        is reported as a warning (the wrong budget named). Other completion rates are P005's.
    Why it matters:
        These rates are read item by item; a rate copied from the item above, or worked out on
        another budget than the one named, misstates how the item changed.
    Example:
        普陀区万里街道 2023: "2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年
        预算执行数增加60.54%": 441.25 / 132.59 − 1 is [232.78, 232.81]%, not 60.54%.
    References:
        disclosure-rules.md §7 N3 (growth = change / prior), §7 F05 (完成率 = 决算/年初预算);
        validation-anchors.md §1 (interval ratios).
    """

    code = "S002"
    name = "statement.comparison-rate"
    title = "项目增减率、完成率与两项金额不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for c in ctx.statements.comparisons:
            if c.style == "year" and c.change is not None:
                yield from self._change(ctx, c)
            if c.rate is None:
                continue
            if c.style == "year":
                yield from self._growth(ctx, c)
            elif len(c.bases) > 1:
                yield from self._completion_basis(ctx, c)

    def _growth(self, ctx: CheckContext, c: ItemComparison) -> Iterator[CheckResult]:
        subject = f"{c.subject} 增减率 {c.rate.amount.text}"
        base = next(iter(c.bases.values()))
        prior = _interval(base)
        if prior.contains_zero():
            yield CheckResult.not_applicable(subject)  # a rate from a zero base: L003
            return
        computed = percent(_interval(c.value) - prior, prior)
        if computed is None:
            yield CheckResult.not_applicable(subject)
            return
        magnitude = computed if computed.lo >= 0 else (
            -computed if computed.hi <= 0 else Interval(Decimal(0), max(-computed.lo, computed.hi)))
        stated = Interval.of(c.rate.amount)
        how = agreement(c.rate.amount, magnitude)
        if how == "equal":
            yield CheckResult.passed(subject)
            return
        severity, note = "error", ""
        if how == "truncated":
            severity, note = "warning", "（与截尾取数相符）"
        expected = fmt_pct(magnitude, c.rate.amount.precision)
        msg = (f"{c.subject}：{c.word}率写为{c.rate.amount.text}，按{c.value.label}{c.value.amount.text}"
               f"与{base.label}{base.amount.text}计算应为{expected}%{note}")
        yield CheckResult.failed(self.finding(
            msg, c.rate.location, severity=severity, related=[c.value.location, base.location],
            expected=expected, actual=str(stated), quote=quote_of(ctx, c.rate.location)), subject)

    def _change(self, ctx: CheckContext, c: ItemComparison) -> Iterator[CheckResult]:
        """'…比2022年预算执行数增加12.50万元': the amount is the difference of the two figures."""
        subject = f"{c.subject} 增减额 {c.change.amount.text}"
        base = next(iter(c.bases.values()))
        diff = _interval(c.value) - _interval(base)
        stated = _interval(c.change)
        if (c.direction or 0) < 0:
            stated = -stated
        msg = (f"{c.subject}：{c.word}额写为{c.change.amount.text}，按{c.value.label}{c.value.amount.text}"
               f"与{base.label}{base.amount.text}计算应为{diff.fmt(2)}万元")
        yield interval_result(self, subject, stated, diff, msg, c.change.location,
                              related=[c.value.location, base.location], actual=str(stated),
                              quote=quote_of(ctx, c.change.location))

    def _completion_basis(self, ctx: CheckContext, c: ItemComparison) -> Iterator[CheckResult]:
        subject = f"{c.subject} 完成率 {c.rate.amount.text}"
        stated = Interval.of(c.rate.amount)
        fits = {}
        for name, b in c.bases.items():
            computed = percent(_interval(c.value), _interval(b))
            fits[name] = computed is not None and stated.intersects(computed)
        named = c.rate_base if c.rate_base in c.bases else None
        if named is None or fits[named]:
            yield CheckResult.passed(subject) if any(fits.values()) else CheckResult.not_applicable(subject)
            return
        other = next((n for n, ok in fits.items() if ok), None)
        if other is None:
            yield CheckResult.not_applicable(subject)  # wrong on every budget: P005 reports it
            return
        named_figure, other_figure = c.bases[named], c.bases[other]
        msg = (f"{c.subject}：完成率写为“完成{named}的{c.rate.amount.text}”，但{named}为"
               f"{named_figure.amount.text}，该比率是决算数{c.value.amount.text}÷{other}"
               f"{other_figure.amount.text}，应写“完成{other}的…”")
        yield CheckResult.failed(self.finding(
            msg, c.rate.location, severity="warning",
            related=[c.value.location, named_figure.location, other_figure.location],
            expected=other, actual=named, quote=quote_of(ctx, c.rate.location)), subject)


@register
class RestatedItemRule(Rule):
    """An item stated twice in one paragraph gives one amount.

    What it checks:
        A paragraph that opens with an item and its amount ("“…机关事业单位职业年金缴费支出
        （项）”220.63万元，主要用于…") and states this year's amount again ("2023年预算安排
        441.25万元") must give the same figure both times.
    Why it matters:
        Two amounts for one item leave the reader unable to tell which is budgeted; it is the
        mark of a paragraph copied from the item above and only partly edited.
    Example:
        普陀区万里街道 2023 第16项: heading 220.63万元, "2023年预算安排441.25万元" (the figure of
        item 15).
    References:
        disclosure-rules.md §7 N1 (a figure stated twice must agree).
    """

    code = "S003"
    name = "statement.restated-item"
    title = "同一项目在一段中两次金额不同"
    kinds = frozenset({"budget"})

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        year = ctx.info.year
        for r in ctx.statements.restated:
            subject = f"{r.subject} {r.head.amount.text}/{r.again.amount.text}"
            if year is not None and r.year != year:
                yield CheckResult.not_applicable(subject)  # another year's figure
                continue
            if _interval(r.head).intersects(_interval(r.again)):
                yield CheckResult.passed(subject)
                continue
            msg = (f"{r.subject}：段首金额{r.head.amount.text}，同段“{r.again.label}”"
                   f"{r.again.amount.text}，同一项目两处金额不同")
            yield CheckResult.failed(self.finding(
                msg, r.again.location, related=[r.head.location], expected=r.head.amount.text,
                actual=r.again.amount.text, quote=quote_of(ctx, r.again.location)), subject)


# ---------------------------------------------------------------------------
# Years, scope, placeholders, reasons, notes
# ---------------------------------------------------------------------------


@register
class ComparedYearRule(YearRule):
    """A comparison names the year before the document's year.

    What it checks:
        Every "比2025年预算…", "与2023年度相比", "比2022年预算执行数…" in a disclosure of year Y
        must name Y − 1. Naming Y itself (a 2026 budget "比2026年预算增加…") or a later year is
        an error; naming an earlier year than Y − 1 is a warning (a multi-year comparison is
        possible, a left-over sentence is likelier). In an item sentence "2022年当年预算执行数为…，
        2023年预算安排…" the 执行数 is of Y − 1 and the 预算安排 of Y.
    Why it matters:
        A year copied from last year's text makes every change in the sentence compare the
        wrong budgets; readers cannot tell which figures were meant.
    Example:
        普陀区万里街道 2023 预算: "比2022年预算增加1421.25万元" passes; in a 2026 budget
        "比2026年预算增加（减少）…" fails.
    References:
        disclosure-rules.md §6 item 11 (与上年比较); 部门预算公开 template ("比上年预算…").
    """

    code = "S004"
    name = "statement.compared-year"
    title = "比较年份不是上一年度"

    def check_year(self, ctx: CheckContext, year: int) -> Iterator[CheckResult]:
        yield from year_results(
            self, ctx, compared_years(ctx.statements.units), year - 1,
            lambda y: f"{year}年度文件中写“{y.text}”，比较年份应为上一年度（{year - 1}年）",
            severity=lambda y: "warning" if y.year < year - 1 else "error")
        for c in ctx.statements.comparisons:
            if c.style != "year":
                continue
            for figure, stated, expected in ((c.value, c.current_year, year),
                                             (c.bases["预算执行数"], c.base_year, year - 1)):
                if stated is None or stated == expected:
                    yield CheckResult.passed(figure.label)
                    continue
                msg = f"{year}年度预算中写“{figure.label}{figure.amount.text}”，年份应为{expected}年"
                yield CheckResult.failed(self.finding(
                    msg, figure.location, expected=str(expected), actual=str(stated),
                    quote=quote_of(ctx, figure.location)), figure.label)


@register
class SubjectYearRule(YearRule):
    """The amount a sentence compares with the year before is of the document's year.

    What it checks:
        "2024年部门收入总预算4,555.35万元，同比增长4.17%" in a disclosure of year Y: the year
        that opens the clause of an amount the same sentence compares 同比 (比上年, 较上年, 与上年
        相比) must be Y. Another year is a warning: the comparison with 上年 makes the amount
        this year's, so the year is a left-over or a slip.
    Why it matters:
        A sentence dated with last year's year, copied from last year's file, makes readers take
        this year's budget for last year's (or the reverse).
    Example:
        柳州市人民政府办公室 2024 预算: "2024年部门收支总预算4,555.35万元，同比增加182.38万元"
        passes; "2023年部门收支总预算4,555.35万元，同比增加182.38万元" fails.
    References:
        disclosure-rules.md §6 item 11 (与上年比较).
    """

    code = "S011"
    name = "statement.subject-year"
    title = "与上年比较的金额不是本年度"
    severity = "warning"

    def check_year(self, ctx: CheckContext, year: int) -> Iterator[CheckResult]:
        yield from year_results(
            self, ctx, subject_years(ctx.statements.units), year,
            lambda y: f"{year}年度文件中写“{y.text}”，与上年比较的金额应为{year}年")


@register
class AsOfYearRule(DatedRule):
    """The asset note's date belongs to the document's year.

    What it checks:
        The 国有资产占用情况 note "截至YYYY年12月31日，本部门共有车辆…" of a 决算 of year Y must
        say Y (the year-end of the year accounted for): another year with 12月31日 is an error,
        another date a warning. In a budget of year Y the note is dated in Y − 1 (截至Y−1年8月31日
        or 12月31日); any other year is a warning.
    Why it matters:
        The asset note copied from last year's 决算 reports last year's vehicles and assets as
        this year's.
    Example:
        普陀区财政局 2024 决算: "截至2024年12月31日，上海市普陀区财政局共有车辆0辆" passes;
        "截至2023年12月31日" in that document would fail.
    References:
        disclosure-rules.md §6 (国有资产占用情况 in 决算 and 预算 说明).
    """

    code = "S005"
    name = "statement.as-of-year"
    title = "资产情况截止日期年份与文件年度不符"

    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        for y in asset_note_dates(ctx.statements.units):
            expected = year if kind == "final" else year - 1
            if y.year == expected:
                yield CheckResult.passed(y.text)
                continue
            year_end = y.month == 12 and y.day == 31
            severity = "error" if kind == "final" and year_end else "warning"
            what = "决算" if kind == "final" else "预算"
            msg = f"{year}年度{what}的资产情况写“{y.text}”，截止日期应在{expected}年"
            yield CheckResult.failed(self.finding(
                msg, y.location, severity=severity, expected=str(expected), actual=str(y.year),
                quote=quote_of(ctx, y.location)), y.text)


@register
class OwnNameRule(Rule):
    """The document names itself with its own year and scope.

    What it checks:
        Titles and headings naming the document ("2024年度部门决算情况说明") carry the year of
        the document; a heading naming another year for the same kind (预算/决算) is an error,
        the same in running prose a warning. A 单位预算 (or 单位决算) whose text calls itself
        "YYYY年部门预算" of its own year is a warning: the 部门 template was not adapted.
    Why it matters:
        A heading left from last year's file, or a 单位 disclosure speaking as a 部门, tells a
        reader that the text may describe another document than the tables.
    Example:
        上海市财政局 2025 单位预算: "2025年部门预算安排购置车辆0辆" (warning: scope);
        a 2024 决算 headed "第三部分…2023年度部门决算情况说明" fails (year).
    References:
        disclosure-rules.md §2 (部门预算 vs 单位预算 scope), §6 (title and parts).
    """

    code = "S006"
    name = "statement.own-name"
    title = "文中自称的年度或口径（部门/单位）与文件不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        info = ctx.info
        if info.year is None or info.kind is None:
            return
        kind_word = "决算" if info.kind == "final" else "预算"
        for y in own_names(ctx.document):
            if not y.text.endswith(kind_word):
                continue
            if y.year != info.year:
                severity = "error" if y.role == "heading" else "warning"
                msg = f"{info.year}年度{kind_word}文件中写“{y.text}”，年度不符"
                yield CheckResult.failed(self.finding(
                    msg, y.location, severity=severity, expected=str(info.year), actual=y.text,
                    quote=quote_of(ctx, y.location)), y.text)
                continue
            if info.scope == "unit" and "部门" in y.text:
                msg = f"单位{kind_word}文件自称“{y.text}”（应为单位{kind_word}）"
                yield CheckResult.failed(self.finding(
                    msg, y.location, severity="warning", expected=f"单位{kind_word}", actual=y.text,
                    quote=quote_of(ctx, y.location)), y.text)
                continue
            yield CheckResult.passed(y.text)


@register
class PlaceholderRule(Rule):
    """No template placeholder is left in the published text.

    What it checks:
        Template residue in the prose and titles: "XX单位", "XX辆", "x,xxx万元", "×××". In a
        document whose tables carry figures, each line with residue is an error; in a blank
        template (no table figure at all) a warning, since the whole file is the template.
    Why it matters:
        A published disclosure with "XX" where a name or a figure belongs has not been
        finished; the reader is missing the figure it stands for.
    Example:
        普陀区 2026 单位预算 template: "截至2025年8月31日，XX（单位）共有车辆XX辆" (a blank
        template: warning).
    References:
        extraction-and-style.md (template placeholders); disclosure-rules.md §1 (完整公开).
    """

    code = "S007"
    name = "statement.placeholder"
    title = "公开文本中留有模板占位符（XX、x,xxx）"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        filled = any(f.source == "table" and f.value.value != 0 for f in ctx.facts)
        by_line: dict[tuple, list] = {}
        for w in placeholders(ctx.document):
            key = (w.location.page, w.location.line, w.location.sheet, w.location.cell, w.line)
            by_line.setdefault(key, []).append(w)
        if not by_line:
            yield CheckResult.passed("无占位符")
            return
        for found in by_line.values():
            w = found[0]
            phrases = "、".join(dict.fromkeys(x.phrase for x in found))
            note = "" if filled else "（全文为未填写的模板）"
            msg = f"公开文本留有模板占位符或填表说明“{phrases}”：“{w.context}”{note}"
            yield CheckResult.failed(self.finding(
                msg, w.location, severity="error" if filled else "warning",
                actual=_sentence_with(w.line, w.phrase) or w.context,
                quote=quote_of(ctx, w.location)), w.context)


@register
class EmptyReasonRule(Rule):
    """A sentence announcing a reason gives one.

    What it checks:
        "主要原因是。", "原因是：。", or "主要原因：" ending its paragraph with no paragraph of the
        same section after it that could carry the reason, is an error. A reason that follows
        after a full stop ("主要原因是。年初没有办法做预算…") is a warning (punctuation).
    Why it matters:
        The disclosure rules require the reasons for changes and for 决算/预算 differences; an
        empty reason is a missing explanation that reviewers send back.
    Example:
        柳江区人民政府办公室 2017: "决算数大于预算数的主要原因是。年初没有办法做预算…" (warning);
        "…增加的主要原因是。" with nothing after fails.
    References:
        disclosure-rules.md §6 item 11 (说明增减变化的原因), §7 F05 (决算与预算差异原因).
    """

    code = "S008"
    name = "statement.empty-reason"
    title = "原因说明为空"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for r in empty_reasons(ctx.statements.units):
            if r.next_paragraph:
                yield CheckResult.passed(r.phrase)
                continue
            if r.later:
                msg = f"“{r.phrase}”后即以句号断开，原因写在句号之后：“{r.later}…”"
                severity = "warning"
            else:
                msg = f"“{r.phrase}”之后没有写明原因"
                severity = "error"
            yield CheckResult.failed(self.finding(
                msg, r.location, severity=severity, actual=r.phrase,
                quote=quote_of(ctx, r.location)), r.phrase)


_SENTENCE_END = "。；！？!?;"


def _sentence_with(line: str, phrase: str, longest: int = 80) -> str | None:
    """The sentence of ``line`` that holds ``phrase``: the stated wording of a placeholder
    finding, since one cell or paragraph may hold several sentences with the same "XXX"
    (None when it is not found or runs longer than ``longest``)."""
    at = line.find(phrase)
    if at < 0:
        return None
    start = max((line.rfind(c, 0, at) for c in _SENTENCE_END), default=-1) + 1
    ends = [e for c in _SENTENCE_END if (e := line.find(c, at + len(phrase))) >= 0]
    end = min(ends) + 1 if ends else len(line)
    sentence = line[start:end].strip()
    return sentence if len(sentence) <= longest else None


_FUND_NAMED = re.compile(r"(?:无|没有|未安排)[^，。]{0,12}?(政府性基金|国有资本经营)")


@register
class EmptyTableNoteRule(Rule):
    """The note on an empty fund table names that table's fund.

    What it checks:
        The note under the 政府性基金 or 国有资本经营 预算/决算 table saying why it is empty
        ("注：本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。") must name the fund
        of that table; a note naming the other fund is an error.
    Why it matters:
        A note copied from the table before it leaves the empty table unexplained and says the
        wrong thing about the other fund.
    Example:
        普陀区人民政府办公室 2025 表7 国有资本经营预算支出表: "无国有资本经营预算…空表" passes;
        the same table noted "无政府性基金预算" would fail.
    References:
        disclosure-rules.md §5 (空表须保留并说明).
    """

    code = "S009"
    name = "statement.empty-table-note"
    title = "空表说明写错资金类别"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t in ctx.tables:
            fund = kind_spec(t.kind).empty_topic  # the fund a fund table's empty note names
            if fund is None:
                continue
            for note in t.notes:
                named = set(_FUND_NAMED.findall(note))
                if not named:
                    continue
                subject = f"{t.id} {note[:20]}"
                if fund in named:
                    yield CheckResult.passed(subject)
                    continue
                wrong = "、".join(sorted(named))
                msg = f"{t.title or t.id}的说明写“{note}”，所称{wrong}与本表（{fund}）不符"
                yield CheckResult.failed(self.finding(
                    msg, t.location, expected=fund, actual=wrong), subject)


@register
class IncreaseAboveAmountRule(ClaimRule, kind="change", word="增加"):
    """An increase is no larger than the amount it brought the item to.

    What it checks:
        "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元": an item's amount A and an
        increase C stated of it in one sentence imply last year's amount A − C, which cannot be
        negative for a budget or spending figure. C above A (on the intervals of the digits) is
        an error; the same for a fall larger than last year's amount stated with it.
    Why it matters:
        It is the mark of a clause copied from the line above (the 一般公共预算 line's increase
        left on the 政府性基金 line); the change misstates the fund it is written for.
    Example:
        普陀区万里街道 2023 p.6: "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元" implies
        −1421.25万元 for 2022.
    References:
        disclosure-rules.md §7 N3 (change = current − prior); validation-anchors.md §1.
    """

    code = "S010"
    name = "statement.increase-above-amount"
    title = "增加额大于本年金额（上年数为负）"

    def check_claim(self, ctx: CheckContext, c: Claim, group: list[Claim],
                    current: Claim | None, subject: str) -> Iterator[CheckResult]:
        if c.direction != 1 or c.base == "预算" or not (c.value.unit or "").endswith("元"):
            return
        if current is None or current.value.unit != c.value.unit:
            yield CheckResult.insufficient(subject)
            return
        implied_prior = value_interval(current.value) - value_interval(c.value)
        if implied_prior.hi >= 0:
            yield CheckResult.passed(subject)
            return
        msg = (f"{c.subject}本年{current.value.text}，写为增加{c.value.text}，"
               f"则上年数为{implied_prior.fmt(2)}万元（为负），增加额与金额不符")
        yield CheckResult.failed(self.finding(
            msg, c.location, related=[current.location], expected=f"≤ {current.value.text}",
            actual=c.value.text, quote=quote_of(ctx, c.location)), subject)
