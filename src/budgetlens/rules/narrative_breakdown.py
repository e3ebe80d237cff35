"""N rule on a whole stated in the 说明 and the parts its sentence lists after "其中".

Which parts a whole has is data (``taxonomy/breakdowns.py``: relations.yaml, the
classification hierarchy, the fund scopes); this module finds the lists in the prose and sums them. A list
that names every part the whole has by definition must add up to it; any other list may leave
parts out, so it only proves a sum above the whole wrong, and its changes prove nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..intervals import Interval, interval_sum
from ..model import Claim, Fact, Location
from ..taxonomy.breakdowns import FUND, Dimension, dimensions, fund_parts, has_narrower, narrower
from ..taxonomy.subjects import clean_subject, resolve
from .base import CheckResult, Rule, register
from .common import (
    EQUIVALENT,
    ROW_TOTAL_MEASURES,
    part_interval,
    quote_of,
    scopes_match,
    signed,
    value_interval,
    with_unit,
)
from .context import CheckContext

_OPENS_LIST = ("其中", "包括", "具体为", "分别为")
# a change explained by the changes of its parts: "增加4322.77万元，增长14.98%。主要原因是基本支出
# 增加1447.63万元、项目支出安排减少200万元、单位预留机动经费增加3075.14万元" — a list of some
# parts ("主要"), summed only where the rule knows the list holds every part (by definition or
# by the tables), as any change list
_OPENS_CHANGE_LIST = ("主要原因是", "主要原因为", "主要是", "原因是")


@register
class NarrativeBreakdownRule(Rule):
    """A whole stated in the text and the parts its sentence lists after "其中".

    What it checks:
        "政府采购预算34万元，其中：政府采购货物预算0万元、工程预算0万元、服务预算34万元": the
        parts a sentence lists right after a whole (其中, 包括 …), or the outline below it
        ("1、工资福利支出（类）2,097.51万元" then "（1）基本工资（款）支出…"), — parts the
        relation data gives for that whole (relations.yaml ``breakdowns``: 收入 by source, 支出
        by 基本/项目, 三公 by item), the next level of its classification code (支出 by 功能分类
        类, a 类 by its 款, ``code_breakdowns``), or the same figure of a narrower fund (财政拨款
        = 一般公共预算 + 政府性基金 + 国有资本经营) — may not add up to more than the whole. When
        the list names every part the whole has by definition (货物, 工程, 服务 of 政府采购;
        人员经费 and 公用经费 of 基本支出; the three funds of 财政拨款; the three items of 三公),
        or every part a table of the document gives above zero (from a table whose parts make
        its whole), the parts must add up to it, and for a list complete by definition so must
        the changes stated for the whole and every part. A change broken down by part ("减少
        1,106.89万元，其中：财政拨款收入减少…") is summed the same way; where the list is only
        known to hold every part of this year (the tables', or the parts' amounts make the
        whole), a part left out is zero now and cannot have grown, so the whole's change may not
        exceed the listed changes' sum. A part written "0万元" counts as at least zero. Sums use
        the intervals of the written digits.
    Why it matters:
        A breakdown that does not make its total shows a slip in the total or in one part,
        even where no table states the same figures.
    Example:
        普陀区人民政府办公室 2025: "收入预算9,101.68万元，其中：财政拨款收入9,101.68万元…；
        事业收入0万元；事业单位经营收入0万元；其他收入0万元" passes; with 事业收入 2万元 the
        parts (at least 9,103.175) exceed the whole.
    References:
        disclosure-rules.md §7 B01–B05, B10, B13 (收入 = 各项来源; 三公 = 出国 + 车 + 接待;
        政府采购 = 货物 + 工程 + 服务).
    """

    code = "N005"
    name = "narrative.breakdown-sum"
    title = "说明中总额与其中所列分项之和不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for head, parts in _stated_breakdowns(ctx.claims):
            subject = f"{head.subject} {head.value.text} 其中"
            keys = [p.key for p, _ in parts]
            used = [c for p, c in parts
                    if not details_another(p.key, [k for k in keys if k != p.key], dimensions(head.concept))]
            by_definition = _complete(head, parts)
            by_tables = not by_definition and _complete_in_tables(ctx, head, parts)
            if head.kind == "change":
                yield from self._change_list(ctx, head, used, by_definition, by_tables)
                continue
            complete = by_definition or by_tables
            whole = value_interval(head.value)
            summed = interval_sum(part_interval(c) for c in used)
            if by_definition:
                yield from self._changes(ctx, head, used)
            elif whole.intersects(summed):
                # the parts make the whole this year: whatever the list leaves out is at most
                # the rounding left over now, so its change is at most that too
                yield from self._changes(ctx, head, used, unlisted=max(whole.hi - summed.lo, Decimal(0)))
            if whole.intersects(summed):
                yield CheckResult.passed(subject)
                continue
            items = "、".join(f"{c.subject}{c.value.text}" for c in used[:6])
            short = not complete and summed.hi < whole.lo
            if short and not _enumerates(used):
                yield CheckResult.passed(subject)  # a list of some parts may fall short
                continue
            tail = "" if complete else "，已大于总额"
            if by_tables:
                tail = "（报表所列分项均已列出）"
            if short:
                tail = "，少于总额（所列分项已逐项列至为0的项目或结转结余，似已列全；如另有未列分项请核对）"
            msg = (f"{head.subject}写为{with_unit(head.value)}，其中所列{items}合计"
                   f"{summed.fmt(2)}万元{tail}")
            expected = summed.fmt(4) if complete else (f"≤ {summed.fmt(4)}" if short else f"≥ {summed.fmt(4)}")
            yield CheckResult.failed(self.finding(
                msg, head.location, severity="warning" if short else "error",
                related=[c.location for c in used],
                expected=expected, actual=whole.fmt(4), quote=quote_of(ctx, head.location)), subject)

    def _change_list(self, ctx: CheckContext, head: Claim, parts: list[Claim], by_definition: bool,
                     by_tables: bool) -> Iterator[CheckResult]:
        """A change broken down into the changes of its parts ("减少1,106.89万元，其中：财政拨款
        收入减少6,331.03万元…事业收入增加2,110.3万元…"). Every part by definition: they add up
        to the whole's change. Every part the tables give this year: a part left out is zero
        this year, so its change is at most zero and the listed changes add up to at least the
        whole's. Otherwise nothing can be said."""
        subject = f"{head.subject} {_signed_text(head)} 其中"
        whole = signed(head)
        changes = [signed(c) for c in parts]
        if whole is None or any(ch is None for ch in changes) or not (by_definition or by_tables):
            return
        summed = interval_sum(changes)
        if whole.intersects(summed) or (not by_definition and whole.lo <= summed.hi):
            yield CheckResult.passed(subject)
            return
        items = "、".join(f"{c.subject}{_signed_text(c)}" for c in parts[:6])
        tail = "" if by_definition else "，小于总额增减额（报表所列本年分项均已列出，未列分项本年为0）"
        msg = f"{head.subject}增减额写为{_signed_text(head)}，其中所列{items}合计{summed.fmt(2)}万元{tail}"
        yield CheckResult.failed(self.finding(
            msg, head.location, related=[c.location for c in parts],
            expected=(summed.fmt(4) if by_definition else f"≤ {summed.fmt(4)}"), actual=whole.fmt(4),
            quote=quote_of(ctx, head.location)), subject)

    def _changes(self, ctx: CheckContext, head: Claim, parts: list[Claim],
                 unlisted: Decimal | None = None) -> Iterator[CheckResult]:
        """A breakdown whose whole and every part state their change ("比2024年预算减少2,389.52
        万元", "…持平"). Every part listed: the parts' changes add up to the whole's. Parts left
        out that come to at most ``unlisted`` this year changed by at most that much, so the
        whole's change is at most the listed changes' sum plus ``unlisted``."""
        subject = f"{head.subject} {head.value.text} 其中 增减额"
        whole = _stated_change(ctx, head)
        changes = [_stated_change(ctx, c) for c in parts]
        if whole is None or any(ch is None for ch in changes):
            return
        summed = interval_sum(ch[0] for ch in changes)
        if whole[0].intersects(summed) or (unlisted is not None and whole[0].lo <= summed.hi + unlisted):
            yield CheckResult.passed(subject)
            return
        items = "、".join(f"{c.subject}{ch[1]}" for c, ch in zip(parts[:6], changes, strict=False))
        tail = "" if unlisted is None else "，小于总额增减额（所列分项金额已合计为总额，未列分项本年为0）"
        msg = (f"{head.subject}增减额写为{whole[1]}，其中所列{items}合计{summed.fmt(2)}万元{tail}")
        expected = summed.fmt(4) if unlisted is None else f"≤ {Interval(summed.lo, summed.hi + unlisted).fmt(4)}"
        yield CheckResult.failed(self.finding(
            msg, whole[2], related=[head.location, *(ch[2] for ch in changes)],
            expected=expected, actual=whole[0].fmt(4), quote=quote_of(ctx, whole[2])), subject)


# the items that carry money between years: listed beside this year's parts only to make a 总计
_CARRIED = frozenset({"revenue.carryover", "revenue.non_fiscal_surplus", "expenditure.carryforward"})


def _enumerates(parts: list[Claim]) -> bool:
    """The list goes item by item up to its whole: it writes a part that is 0 ("事业收入0万元",
    "工程类采购预算0.00万元"), or it closes with the money carried between years ("…住房保障支出
    130.74万元，结转1.31万元"), an item no one lists among the larger parts but to reach a 总计.
    Such a list names every part, so a sum short of the whole is worth a look; a list of the
    larger parts only ("其中：教育支出…") is not."""
    return len(parts) >= 3 and any(
        c.kind == "amount" and (c.value.value == 0 or c.concept in _CARRIED) for c in parts)


def _complete(head: Claim, parts: list[tuple[Placement, Claim]]) -> bool:
    """The list names every part the whole has by definition: every fixed part of a complete
    dimension holding all of them (a part given by its own parts counts), or every narrower
    fund of the whole's scope."""
    keys = {c.concept for _, c in parts if c.concept} | {p.key for p, _ in parts}
    if all(p.key.startswith(FUND) for p, _ in parts):
        funds = fund_parts(head.scope)
        return bool(funds) and all(f"{FUND}{s}" in keys for s in funds)
    dims = dimensions(head.concept or "")
    shared = frozenset.intersection(*(p.dims for p, _ in parts))
    for i in shared:
        d = dims[i]
        expanded = keys | {part for part, kids in d.detail.items() if kids and all(k in keys for k in kids)}
        if d.covers(expanded):
            return True
    return False


def _complete_in_tables(ctx: CheckContext, head: Claim, parts: list[tuple[Placement, Claim]]) -> bool:
    """The list names every part a table of the document gives above zero for the whole (a part
    given by its own parts counts when all of them are listed)."""
    if not parts or any(p.key.startswith(FUND) for p, _ in parts):
        return False
    keys = {c.concept for _, c in parts if c.concept}
    dims = dimensions(head.concept or "")
    for i in frozenset.intersection(*(p.dims for p, _ in parts)):
        d = dims[i]
        given = parts_in_tables(ctx, head, d)
        if given is None:
            continue
        covered = keys | {part for part, kids in d.detail.items() if kids and all(k in keys for k in kids)}
        if given <= covered:
            return True
    return False


def _signed_text(c: Claim) -> str:
    if c.kind != "change" or not c.direction:
        return c.value.text
    return ("增加" if c.direction > 0 else "减少") + c.value.text


_LEVEL_WORDS = ("持平", "无变化", "一致", "不变")


def _stated_change(ctx: CheckContext, a: Claim) -> tuple[Interval, str, Location] | None:
    """The change an amount's clause states, signed, as written and where: the change claim of
    the same subject before the next amount, or 0 when the clause says 持平 (no figure)."""
    i = ctx.claim_index.position(a)
    end = len(a.sentence)
    for x in ctx.claims[i + 1:]:
        if x.sentence != a.sentence or x.kind == "amount":
            end = x.offset if x.sentence == a.sentence and x.offset is not None else end
            break
        if x.kind == "change" and x.concept == a.concept and x.scope == a.scope:
            iv = signed(x)
            if iv is None:
                return None
            word = {1: "增加", -1: "减少"}.get(x.direction or 0, "")
            return iv, f"{word}{x.value.text}", x.location
    start = (a.offset or 0) + len(a.value.text)
    clause = re.split(r"[；;。]", a.sentence[start:end], maxsplit=1)[0]
    if any(w in clause for w in _LEVEL_WORDS):
        return Interval.exact(0), "持平", a.location
    return None


def _stated_breakdowns(claims: list[Claim]) -> Iterator[tuple[Claim, list[tuple[Placement, Claim]]]]:
    """(whole, its listed parts) for every breakdown the text states: a whole with 其中 after
    it, or a sentence that names its whole first ("财政拨款支出预算中，一般公共预算拨款支出预算…；
    政府性基金拨款支出预算…") after a sentence that stated it."""
    for i, head in enumerate(claims):
        if head.kind not in ("amount", "change") or head.concept is None:
            continue
        if head.kind == "change" and not head.direction:
            continue
        if not dimensions(head.concept) and not has_narrower(head.scope):
            continue
        parts = _listed(claims, i + 1, head, opened=False)
        if head.kind == "amount":
            if not parts and _heads_outline(head):
                parts = _outlined(claims, i + 1, head)
            elif parts and not any(p.key.startswith(FUND) for p, _ in parts) \
                    and _ends_its_paragraph(claims, parts[-1][1]):
                parts = _outlined(claims, i + 1, head, parts)
        if parts:
            yield head, parts
    for j, x in enumerate(claims):
        if x.kind != "amount":
            continue
        lead = _lead_in(x)
        if lead is None:
            continue
        named = resolve(clean_subject(lead))
        if named.concept is None:
            continue
        scope = named.scope or "all"
        head = next((c for c in reversed(claims[:j]) if c.sentence == x.sentence
                     and c.kind == "amount" and c.period == x.period and c.concept is not None
                     and same_concept(named.concept, c.concept) and c.scope == scope), None)
        if head is None:
            continue
        parts = _listed(claims, j, head, opened=True)
        if parts:
            yield head, parts


_LEAD_IN = re.compile(r"\s*(?P<lead>[^，,。；;：:\d]{2,30}?)中[，,：:]")


def _lead_in(x: Claim) -> str | None:
    """The whole a sentence names before its first figure ("财政拨款支出预算中，…"), else None."""
    start = x.sentence.rfind("。", 0, x.offset or 0) + 1
    pre = x.sentence[start: x.offset or 0]
    m = _LEAD_IN.match(pre)
    return m.group("lead") if m and not re.search(r"\d", pre) else None


def _listed(claims: list[Claim], start: int, head: Claim, opened: bool) -> list[tuple[Placement, Claim]]:
    """The parts listed from ``claims[start]`` on, in order.

    Unless the sentence ``opened`` the list by naming its whole first, the list opens with
    其中 (or 包括 …) right after the whole, with no figure between. It ends at the sentence's
    end, at the first amount that is not a part of the whole, at a part named twice, or at a
    part no dimension shares with the parts before it (a 功能分类 类 after 基本支出).
    """
    end = (head.offset or 0) + len(head.value.text)
    out: list[tuple[Placement, Claim]] = []
    seen: set[str] = set()
    shared: frozenset[int] | None = None
    prev_end = (claims[start].offset or 0) if opened and start < len(claims) else end
    for x in claims[start:]:
        if x.sentence != head.sentence or (x.offset or 0) < end:
            break
        if x.kind != head.kind:
            continue  # a change or rate of the whole or of a part: the list goes on
        gap = head.sentence[prev_end: x.offset or prev_end]
        if not out and not opened:
            if not _opens_list(_after_last_figure(head.sentence, prev_end, x.offset or prev_end),
                               _OPENS_LIST + (_OPENS_CHANGE_LIST if head.kind == "change" else ())):
                return []
        elif "。" in gap:
            break
        place = placement(head, x)
        if place is None or x.period != head.period or x.base != head.base:
            break
        is_fund = place.key.startswith(FUND)
        named = place.key if is_fund else (x.concept or "")
        if named in seen:
            break
        if out and is_fund != out[0][0].key.startswith(FUND):
            break  # parts by concept and parts by fund overlap: one kind per list
        if not is_fund:
            narrowed = place.dims if shared is None else shared & place.dims
            if not narrowed:
                break
            shared = narrowed
        seen.add(named)
        out.append((place, x))
        prev_end = (x.offset or 0) + len(x.value.text)
    if shared is not None:
        out = [(Placement(p.key, shared), c) for p, c in out]
    return out


_OUTLINE_TAIL = re.compile(r"\s*(?:万元|亿元|元)?\s*[，,。]?\s*(?:(?:其中|包括)\s*[：:]?)?\s*[。；;：:]?\s*$")


def _heads_outline(head: Claim) -> bool:
    """The figure ends its paragraph as the heading of an outline: "1、工资福利支出（类）
    2,097.51万元" (a classification code, whose parts are the codes one level down), or any
    whole followed by "其中：" alone ("…“三公”经费支出预算共计3.39万元，其中：")."""
    tail = head.sentence[(head.offset or 0) + len(head.value.text):]
    if not _OUTLINE_TAIL.match(tail):
        return False
    return bool(re.search(r"(?:其中|包括)\s*[：:]?\s*$", tail)) or _is_code(head.concept or "")


def _is_code(concept: str) -> bool:
    return any(d.family for d in dimensions(concept)[-1:]) and concept.rsplit(".", 1)[-1].isdigit()


def _outlined(claims: list[Claim], start: int, head: Claim,
              listed: list[tuple[Placement, Claim]] | None = None) -> list[tuple[Placement, Claim]]:
    """The parts of an outline below its heading: the first amount of each following paragraph
    ("（1）基本工资（款）支出737.94万元。…"), while it is a part of the whole, skipping the detail
    of a part already listed (its 款 below a listed 类, 购置费 below 公务用车购置及运行费). The
    outline ends at the first paragraph that opens with anything else. ``listed``: the parts
    the heading's own paragraph gave ("…3,660.38万元。其中:1.住房公积金(项):支出1,073.77万元。").
    Nothing when a part written 0 has a detail above zero below it (N003 reports that)."""
    out: list[tuple[Placement, Claim]] = list(listed or [])
    shared: frozenset[int] | None = None
    for p, _ in out:
        shared = p.dims if shared is None else shared & p.dims
    seen_sentences = {head.sentence} | {c.sentence for _, c in out}
    for x in claims[start:]:
        if x.kind != "amount":
            continue
        above = [c for _, c in out if _below(x.concept or "", c.concept or "")]
        if above and x.value.value > 0 and any(c.value.value == 0 for c in above):
            return []
        if x.sentence in seen_sentences:
            continue
        seen_sentences.add(x.sentence)
        if x.period != head.period or x.base != head.base or x.concept is None:
            break
        if above:
            continue
        place = placement(head, x)
        if place is None or place.key.startswith(FUND) or any(c.concept == x.concept for _, c in out):
            break
        narrowed = place.dims if shared is None else shared & place.dims
        if not narrowed:
            break
        shared = narrowed
        out.append((place, x))
    if shared is None:
        return []
    return [(Placement(p.key, shared), c) for p, c in out]


def _ends_its_paragraph(claims: list[Claim], last: Claim) -> bool:
    """No amount follows the list's last part in its paragraph: an outline may go on below."""
    i = next((k for k, c in enumerate(claims) if c is last), None)
    if i is None:
        return False
    for x in claims[i + 1:]:
        if x.sentence != last.sentence:
            return True
        if x.kind == "amount":
            return False
    return True


def _below(concept: str, part: str) -> bool:
    """``concept`` details ``part``: a longer code of the same family, or one of the parts
    relations.yaml gives it (公务用车购置费 of 公务用车购置及运行费)."""
    if concept.startswith(part + ".") or (concept.startswith(part) and concept[len(part):].isdigit()
                                             and part.rsplit(".", 1)[-1].isdigit()):
        return True
    return any(concept in kids for d in dimensions(part) for kids in [d.parts] if d.complete)


def _after_last_figure(sentence: str, start: int, end: int) -> str:
    """The text between the last figure before ``end`` (a change or rate stated with the whole:
    "共9万元，同比增4.35万元，同比增长94%。其中：…") and ``end``."""
    gap = sentence[start:end]
    figures = list(re.finditer(r"\d[\d,]*(?:\.\d+)?(?![.、．])\s*(?:万元|亿元|元|%|％)?", gap))
    return gap[figures[-1].end():] if figures else gap


def _opens_list(gap: str, openers: tuple[str, ...] = _OPENS_LIST) -> bool:
    """The text between a whole and its first part opens a list of parts: 其中 (包括 …) with
    no figure before it, in the whole's sentence or opening the next one ("…2247.85万元。
    其中拟购买货物59万元…")."""
    opener = next((w for w in openers if w in gap), None)
    if opener is None:
        return False
    before = gap.split(opener, 1)[0]
    if re.search(r"\d", before):
        return False
    return "。" not in before or not before.rsplit("。", 1)[1].strip()


def same_concept(a: str, b: str) -> bool:
    return b in EQUIVALENT.get(a, (a,))


@dataclass(frozen=True, slots=True)
class Placement:
    """How a claim is a part of a whole: its key and the dimensions that hold it."""

    key: str  # the part's concept, or '@' and its fund
    dims: frozenset[int]  # indices into ``dimensions(whole)``; empty for a fund part


def placement(head: Claim, x: Claim) -> Placement | None:
    """How ``x`` is a part of the whole ``head``: a part of one of its dimensions, or the same
    figure of a narrower fund ('@general'); None when it is neither (the list has ended)."""
    if x.concept is None or head.concept is None:
        return None
    dims = dimensions(head.concept)
    held = frozenset(i for i, d in enumerate(dims) if d.part_of(x.concept) is not None)
    if held:
        return Placement(x.concept, held)
    if same_concept(head.concept, x.concept) and narrower(x.scope, head.scope):
        return Placement(FUND + (x.scope or ""), frozenset())
    return None


def details_another(key: str, listed: Iterable[str], dims: Iterable[Dimension]) -> bool:
    """The part details another listed part (一般公共预算拨款 beside 财政拨款收入, 一般公共预算
    beside 财政拨款): counting both would count it twice."""
    listed = list(listed)
    if key.startswith(FUND):
        return any(narrower(key[1:], other[1:]) for other in listed if other.startswith(FUND))
    return any(key in d.detail.get(other, ()) for d in dims for other in listed)

# ---------------------------------------------------------------------------
# Which parts the document's own tables give: a full list told from a partial one
# ---------------------------------------------------------------------------
# A 说明 that lists "其中：教育支出…，科学技术支出…，住房保障支出…" cannot show by its words that it
# names every 功能分类 类 the department spends on; a table that itemizes the same whole can.
# A table is trusted for this only when its parts add up to its own figure of the whole (so
# no row was lost in reading); the parts it gives above zero are then every part this year.


def parts_in_tables(ctx: CheckContext, head: Claim, dim: Dimension) -> frozenset[str] | None:
    """The parts of ``dim`` a table gives above zero for the whole ``head`` (department level,
    its fund scope and period), from a table whose parts add up to its figure of the whole;
    None when no table itemizes the whole this way."""
    concept = head.concept or ""
    wholes = {f.location.table: f for f in _department(ctx, concept, head) if f.location.table}
    if not wholes:
        return None
    by_table: dict[str, dict[str, Fact]] = defaultdict(dict)
    for name in ctx.facts_by_concept:
        part = dim.part_of(name)
        if part is None or part != name:
            continue  # a part's own detail is counted by the part
        for f in _department(ctx, name, head):
            if f.location.table in wholes:
                by_table[f.location.table].setdefault(name, f)
    for table, parts in by_table.items():
        summed = interval_sum(value_interval(f.value) for f in parts.values())
        if len(parts) >= 2 and summed.intersects(value_interval(wholes[table].value)):
            return frozenset(name for name, f in parts.items() if f.value.value != 0)
    return None


def _department(ctx: CheckContext, concept: str, head: Claim) -> list[Fact]:
    """Certain table figures of the whole department for ``concept`` in the claim's period and
    fund scope, each a row's own total."""
    out = []
    for f in ctx.facts_for(concept, source="table", period=head.period):
        if f.context.unit is not None or f.context.instance is not None:
            continue
        if not getattr(f, "certain", True) or getattr(f, "measure", None) not in ROW_TOTAL_MEASURES:
            continue
        if scopes_match(concept, f.context.scope, head.scope):
            out.append(f)
    return out
