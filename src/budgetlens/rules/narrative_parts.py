"""N rule on a whole and all its parts stated in one paragraph of the 说明.

Documents that publish no tables (a narrative-only 说明, an HTML page) can still be checked
where a sentence gives a whole and every part of it: "一般公共预算财政拨款支出324970.32万元，
比2017年减少145261.52万元。其中：基本支出61042.17万元，比2017年增加4824.58万元…；项目支出
263928.15万元，比2017年减少150086.1万元" — the parts add up to the whole, and the changes to
the change. Which wholes split into which parts is data (relations.yaml, narrative_partitions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from ..intervals import interval_sum
from ..model import Claim, Location
from .base import CheckResult, Rule, register
from .common import quote_of, relations, stated_interval, value_interval
from .context import CheckContext


@cache
def _partitions() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Whole -> (its parts, whether they are all its parts)."""
    return {spec["whole"]: (tuple(spec["parts"]), bool(spec.get("exhaustive", True)))
            for spec in relations().get("narrative_partitions", [])}


@cache
def _other_parts(whole: str | None, parts: tuple[str, ...]) -> frozenset[str]:
    """Parts relations.yaml ``breakdowns`` gives the whole beyond the listed ones (单位预留机动经费
    beside 基本支出 and 项目支出): a list naming one of them is not the list this rule sums."""
    out: set[str] = set()
    for spec in relations().get("breakdowns", []):
        if spec["whole"] == whole:
            out.update(spec["parts"])
    return frozenset(out - set(parts))


def _paragraph(loc: Location) -> tuple:
    """The paragraph a claim was read from: its lines in text, its page and box in a PDF."""
    return (loc.path, loc.page, loc.bbox) if loc.page is not None else (loc.path, loc.line, loc.sheet)



def _parts_after(claims: list[Claim], i: int, parts: tuple[str, ...]) -> dict[str, Claim] | None:
    """The first figure of each part stated after the whole ``claims[i]`` in its paragraph (or
    in the paragraphs after it when the whole opens a breakdown, "其中："), of the same kind
    and period. A part of the whole's fund scope, or of none named ('all': the
    part of a whole just stated), counts; the run ends at another figure of the whole's
    concept and kind, at a figure of a concept that is no part (the text has moved on), or,
    once every part is found, at the end of the sentence that lists them.
    None when a figure of unknown subject stands among the parts: it may be a part this list
    does not know ("单位预留机动经费2938.21万元" after 基本支出 and 项目支出)."""
    head = claims[i]
    place = _paragraph(head.location)
    opens = _opens_breakdown(head)
    found: dict[str, Claim] = {}
    tail: str | None = None  # once every part is found: the sentence the list has reached
    for x in claims[i + 1:]:
        if _paragraph(x.location) != place and not opens:
            break
        if tail is not None:
            if x.sentence != tail and not tail.rstrip().endswith(("；", ";")):
                break  # the list ended with its sentence
            tail = x.sentence  # "…项目支出13025.38万元，占47.08%；单位预留机动经费…": it goes on
        if x.kind == head.kind and (x.concept is None or x.concept in _other_parts(head.concept, parts)):
            return None
        if x.concept is None or x.kind not in ("amount", "change"):
            continue
        if x.concept == head.concept and x.kind != head.kind:
            continue  # the whole's change after its amount ("…支出X万元，比上年减少Y万元")
        if x.concept == head.concept or x.concept not in parts:
            break
        if x.kind != head.kind or x.period != head.period or x.base != head.base:
            continue
        if x.scope not in (head.scope, "all"):
            break
        found.setdefault(x.concept, x)
        if tail is None and len(found) == len(parts):
            tail = x.sentence
    return found


_BREAKDOWN_AFTER = re.compile(r"\s*[，,]?\s*(?:其中|包括)\s*[：:]")


def _opens_breakdown(c: Claim) -> bool:
    """The figure is followed by "，其中：" / "，包括：": its parts follow, in this paragraph or
    in the numbered paragraphs after it ("…基本支出预算11700.63万元，其中：" / "（一）人员经费…")."""
    num = re.match(r"[\d,.]+", c.value.text)
    if num is None:
        return False
    written = re.compile(re.escape(num.group(0)) + r"\s*(?:[万亿]\s*)?元?")  # "11700.63 万元"
    return any(_BREAKDOWN_AFTER.match(c.sentence, m.end()) for m in written.finditer(c.sentence))


@register
class NarrativePartitionRule(Rule):
    """A whole stated in the text equals the sum of all its parts stated after it.

    What it checks:
        In one paragraph, a whole followed by every one of its parts (relations.yaml
        narrative_partitions: 支出 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; 政府
        采购 = 货物 + 工程 + 服务): the parts add up to the whole, on the intervals of the
        written digits. The changes stated for the whole and for every part (比上年增加/减少
        …万元) add up the same way, each with the sign its word gives. A breakdown with a part
        missing is not summed.
    Why it matters:
        Where a 说明 publishes no table (or the tables are in another file), the breakdown in
        the sentence is the only check of its figures; a part or a change word copied wrong
        shows as a sum that does not close.
    Example:
        重庆市交通委员会 2018: 324970.32 = 61042.17 + 263928.15, and −145261.52 = +4824.58 −
        150086.1 (passes); "政府采购预算总额6060.41万元，其中：货物4728.6万元、工程0万元、服务
        1331.81万元" passes.
    References:
        disclosure-rules.md §7 B04 (支出 = 基本 + 项目), B08, B13 (政府采购 = 货物 + 工程 + 服务).
    """

    code = "N004"
    name = "narrative.partition-sum"
    title = "说明中总额与其全部分项之和不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        partitions = _partitions()
        claims = list(ctx.claims)
        for i, head in enumerate(claims):
            parts, exhaustive = partitions.get(head.concept or "", ((), True))
            if not parts or head.kind not in ("amount", "change"):
                continue
            total = stated_interval(head)
            if total is None:
                continue
            subject = f"{head.subject} {head.value.text} 分项"
            found = _parts_after(claims, i, parts)
            if found is None or len(found) != len(parts):
                if found is None or found:
                    yield CheckResult.insufficient(subject)
                continue
            figures = [stated_interval(found[p]) for p in parts]
            if any(f is None for f in figures):
                yield CheckResult.insufficient(subject)
                continue
            summed = interval_sum(figures)
            if total.intersects(summed):
                yield CheckResult.passed(subject)
                continue
            is_change = head.kind == "change"
            # a list that may leave parts out only proves a sum above the whole wrong
            certain = exhaustive or (not is_change and summed.lo > total.hi)
            note = "" if certain else "（其余分项未列明时可能相符，请人工核对）"
            what = "增减额" if is_change else ""
            shown = "、".join(f"{found[p].subject}{_signed_text(found[p])}" for p in parts)
            written = sum(_signed_value(found[p]) for p in parts)
            total_text = (("增加" if written > 0 else "减少") if is_change and written else "") + f"{abs(written):.2f}万元"
            msg = f"{head.subject}{what}写为{_signed_text(head)}，其分项{what}{shown}合计{total_text}{note}"
            yield CheckResult.failed(self.finding(
                msg, head.location, severity="error" if certain else "warning",
                related=[found[p].location for p in parts],
                expected=summed.fmt(4), actual=total.fmt(4), quote=quote_of(ctx, head.location)),
                subject)


def _signed_value(c: Claim) -> Decimal:
    """The written figure in 万元, negative for a fall."""
    v = value_interval(c.value).mid
    return -v if c.kind == "change" and (c.direction or 0) < 0 else v


def _signed_text(c: Claim) -> str:
    if c.kind != "change" or not c.direction:
        return c.value.text
    return ("增加" if c.direction > 0 else "减少") + c.value.text
