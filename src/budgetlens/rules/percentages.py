"""P rules: stated shares, growth rates, changes and completion rates against stated amounts.

Every relation is evaluated on the intervals the written digits allow (see
``budgetlens.intervals``): "占支出总预算76.56%" stands for [76.555, 76.565] and is compared
with part / whole computed from the intervals of the two amounts. A finding is an error
only when no reading of the written figures satisfies the relation; a rate that is off by
one unit of its last digit because it was truncated (``intervals.agreement``, the policy
the N rules share), or because a split was forced to add
up to exactly 100%, is reported as a warning. A rate from a zero base is not recomputed
here: the logic rule L003 reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..intervals import Interval, agreement, percent
from ..model import Amount, Claim, Fact, Location
from ..taxonomy.subjects import resolve_base
from .base import CheckResult, Rule, register
from .common import (
    EQUIVALENT,
    ROW_TOTAL_MEASURES,
    ClaimRule,
    before,
    claims_with_groups,
    fmt_pct,
    group_key,
    quote_of,
    relations,
    scopes_match,
    sentence_groups,
    signed,
    value_interval,
)
from .context import CheckContext

_HUNDRED = Decimal(100)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Operand:
    """A value a check uses, with where it came from."""

    interval: Interval
    text: str
    location: Location
    from_table: bool = False


def claim_operand(c: Claim) -> Operand:
    return Operand(value_interval(c.value), c.value.text, c.location)


def is_row_total(f: Fact) -> bool:
    return getattr(f, "measure", None) in ROW_TOTAL_MEASURES and getattr(f, "certain", True)


def find_table_facts(ctx: CheckContext, concept: str, period: str, scope: str | None) -> list[Fact]:
    out = []
    for name in EQUIVALENT.get(concept, (concept,)):
        for f in ctx.facts_for(name, source="table", period=period):
            if f.context.unit is not None or f.context.instance is not None or not is_row_total(f):
                continue
            if not getattr(f, "certain", True):
                continue
            if scope is not None and not scopes_match(concept, f.context.scope, scope):
                continue
            out.append(f)
        if out:
            break
    return out


def earlier_claim(ctx: CheckContext, c: Claim, concept: str, period: str, scope: str | None,
                  prefer_scope: str | None = None) -> Claim | None:
    """The nearest amount claim of a concept stated before ``c`` anywhere in the document.

    The concept itself is preferred to an equivalent one (支出总计 for 本年支出合计), and
    ``prefer_scope`` to any other scope; claims about ``c``'s own subject never qualify.
    """
    index = ctx.claim_index

    def scope_ok(s: str | None) -> bool:
        return scope is None or scopes_match(concept, s, scope)

    for name in EQUIVALENT.get(concept, (concept,)):
        preferred = None
        if prefer_scope is not None:
            def preferred(s: str | None, name: str = name) -> bool:
                return scopes_match(name, s, prefer_scope)
        x = index.last_amount_before(c, name, period, scope_ok, preferred)
        if x is not None:
            return x
    return None


def amount_for(ctx: CheckContext, c: Claim, group: list[Claim], period: str = "current") -> Operand | None:
    """The amount a change, growth, share or completion claim refers to."""
    x = before(c, group, "amount", period)
    if x is not None:
        return claim_operand(x)
    if c.concept is None:
        return None
    x = earlier_claim(ctx, c, c.concept, period, c.scope)
    if x is not None:
        return claim_operand(x)
    facts = find_table_facts(ctx, c.concept, period, c.scope)
    if facts:
        f = facts[0]
        return Operand(value_interval(f.value), f.value.text, f.location, from_table=True)
    return None


# ---------------------------------------------------------------------------
# P001 share
# ---------------------------------------------------------------------------


@register
class ShareRule(ClaimRule, kind="share", word="占比"):
    """Stated share (占…%) = part / whole.

    What it checks:
        Every "占X的p%" in the narrative against the amount of its subject divided by the
        amount of the whole X, both as stated in the text (or, for the whole, in the tables
        when the text does not state it), using the intervals of the written digits. A
        share that names no whole ("占63.75%") is checked only against the figure its own
        sentence, or the first item of its list, opens the breakdown with; a whole from
        anywhere else would be a guess, so the check reports insufficient data. When that
        figure opens the breakdown in so many words ("…2940.05万元，主要用于以下方面：…",
        "…合计21,955.35万元，其中：…") the part and the whole are both stated and a
        disagreement is an error; a figure the text does not tie to the parts gives a warning,
        and so does a share off by one last digit in a list whose shares, as read, add up to
        less than 100 (a share the reading lost may make it a split forced to 100). A whole
        that is by definition the sum of its parts (三公 = 因公出国 + 公务用车 + 公务接待) is that
        sum when the list states every part, so its shares are checked even where no sentence
        or table gives the whole.
    Why it matters:
        Shares are the figures readers quote; a share that does not follow from the amounts
        beside it is a slip in the 说明 that reviewers must send back.
    Example:
        柳州市人民政府办公室 2019: "集中采购77.80万元…占政府采购预算的27.5%" with 政府采购预算
        280.09万元 gives [27.77, 27.78]%, not 27.5%.
    References:
        disclosure-rules.md §7 N2 (denominators: 收入 -> 本年收入合计, 支出 -> 本年支出合计, 三公 ->
        三公合计); validation-anchors.md §1 (interval ratios).
    """

    code = "P001"
    name = "percent.share"
    title = "占比与金额不符"

    def check_claim(self, ctx: CheckContext, c: Claim, group: list[Claim],
                    part: Claim | None, subject: str) -> Iterator[CheckResult]:
        if part is None:
            yield CheckResult.insufficient(subject)
            return
        whole, explicit = self._whole(ctx, c, part)
        if whole is None:
            yield CheckResult.insufficient(subject)
            return
        computed = percent(value_interval(part.value), whole.interval)
        if computed is None:
            yield CheckResult.not_applicable(subject)
            return
        how = agreement(c.value, computed)
        if how == "equal":
            yield CheckResult.passed(subject)
            return
        severity = "error" if explicit else "warning"
        note = ""
        if how == "truncated":
            severity, note = "warning", "（与截尾取数相符）"
        elif _forced_to_hundred(c, shares := _list_shares(ctx, c), computed):
            severity, note = "warning", "（各项占比合计凑足100%的尾差调整）"
        elif severity == "error" and _may_be_forced(c, shares, computed):
            severity, note = "warning", "（仅差末位一个单位，所读各项占比合计不足100%，不能排除凑足100%的尾差调整）"
        base = c.base or "总额"
        msg = (f"{c.subject}占{base}比例写为{c.value.text}，按{part.value.text}÷{whole.text}计算"
               f"应为{fmt_pct(computed, c.value.precision)}%{note}")
        if not explicit:
            msg += "；分母按上下文推定"
        yield CheckResult.failed(self.finding(
            msg, c.location, severity=severity, related=[part.location, whole.location],
            expected=fmt_pct(computed, c.value.precision), actual=str(Interval.of(c.value)),
            quote=quote_of(ctx, c.location)), subject)

    @staticmethod
    def _whole(ctx: CheckContext, c: Claim, part: Claim) -> tuple[Operand | None, bool]:
        """The whole of a share and whether its mapping is certain (False: a warning).

        Only a whole the text gives: the one the share names ("占支出总预算…", found in
        the sentence, stated earlier, or as the tables' total of that name); when the share
        names none, the figure the sentence opens its breakdown with, the whole its lead-in
        names ("“三公”经费财政拨款支出决算中，因公出国（境）费…占2.33%", stated earlier), or
        the whole of the list item before it ("…其中：基本支出…，占63.75%；" then "项目支出…，
        占25.38%；"). The breakdown's figure is certain when a breakdown word follows it. A
        whole taken from anywhere else (the parent of the part's concept stated in another
        paragraph) is a guess, and a guess gives insufficient data.
        """
        heads = _sentence_wholes(ctx, c, part)
        if c.base_concept:
            named = EQUIVALENT.get(c.base_concept, (c.base_concept,))
            head = next((h for h in heads if h.concept in named), None)
            if head is not None:
                return claim_operand(head), True
            base_scope = resolve_base(c.base or "").scope
            x = earlier_claim(ctx, c, c.base_concept, "current", base_scope,
                              prefer_scope=None if base_scope else "all")
            # "占本年支出合计" names every fund: a whole stated for one fund only is no match
            if x is not None and (base_scope is not None or scopes_match(c.base_concept, x.scope, "all")):
                return claim_operand(x), True
            facts = find_table_facts(ctx, c.base_concept, "current", base_scope or _whole_scope(c, part))
            table = (Operand(value_interval(facts[0].value), facts[0].value.text, facts[0].location,
                             from_table=True) if facts else None)
            summed = _sum_of_listed_parts(ctx, c, c.base_concept, table)
            if summed is not None:
                return summed, True
            if len(heads) == 1 and heads[0].concept is None:
                return claim_operand(heads[0]), False  # "学校收入总计…，财政拨款收入…占收入总额…"
            if table is not None:  # the text does not state the whole; the table's may include 结转
                return table, False
            return None, True
        if c.base:  # a base that names no known whole ("年初预算")
            return _head_of_scope(c, heads, part), True

        head = _breakdown_head(heads, part)
        if head is not None:  # certain when the text itself opens the breakdown at that figure
            if _opens_breakdown(head, part):
                return claim_operand(head), True
            # or when the parts listed add up to it
            summed = _sum_of_listed_parts(ctx, c, head.concept, claim_operand(head)) if head.concept else None
            return (summed, True) if summed is not None else (claim_operand(head), False)
        named = _whole_named_in_lead(ctx, c, part)
        if named is not None:
            summed = _sum_of_listed_parts(ctx, c, named.concept, claim_operand(named))
            return (summed, True) if summed is not None else (claim_operand(named), False)
        listed = _previous_item_of_list(ctx, c)
        if listed is not None:
            return ShareRule._whole(ctx, *listed)
        return None, False


def _head_of_scope(c: Claim, heads: list[Claim], part: Claim) -> Operand | None:
    """A base that names a fund but no figure ("占本年财政拨款的95.96%") is the figure of that
    fund the sentence opens its breakdown with: "2021年财政拨款支出预算216,552.53万元，其中教育
    支出预算数为207,796.18万元，占本年财政拨款的95.96%"."""
    scope = resolve_base(c.base or "").scope
    head = _breakdown_head(heads, part)
    if scope is None or head is None or head.scope != scope or not _opens_breakdown(head, part):
        return None
    return claim_operand(head)


def _complete_partitions() -> dict[str, frozenset[str]]:
    """Wholes that are, by definition, the sum of every one of their parts: the row sums of the
    templates (三公 = 因公出国 + 公务用车 + 公务接待) and the breakdowns marked complete."""
    out: dict[str, frozenset[str]] = {}
    data = relations()
    for spec in data.get("summations", []):
        items = spec["items"]
        if "@" not in spec["total"] and not any("@" in i for i in items):
            out[spec["total"]] = frozenset(items)
    for spec in data.get("breakdowns", []):
        if spec.get("complete"):
            out.setdefault(spec["whole"], frozenset(spec["parts"]))
    return out


def _sum_of_listed_parts(ctx: CheckContext, c: Claim, whole: str, known: Operand | None) -> Operand | None:
    """The whole of a share as the sum of its list, when that sum is certainly the whole.

    So it is when the list states every part of a whole that is by definition their sum:
    "“三公”经费预算支出中，因公出国（境）费支出70万元，占“三公”经费的13.77%；公务用车购置及运行费
    支出411.20万元，占80.92%；公务接待费支出27万元，占5.31%" gives 三公 = 508.20万元, though no
    sentence states it. So it is too when the parts listed, each a distinct part of the whole
    or of one of its parts, add up to the whole the tables or the text state (``known``):
    "出国170万元…公务用车运行维护费266.8万元…公务接待费183.95万元" = the table's 三公 620.75; the
    two readings then agree, and the narrower interval of both is the whole."""
    parts = _listed_parts(ctx, c, whole)
    if parts is None:
        return None
    total = value_interval(parts[0].value)
    for part in parts[1:]:
        total = total + value_interval(part.value)
    written = "+".join(p.value.text for p in parts)
    if known is not None and known.interval.intersects(total):
        both = Interval(max(known.interval.lo, total.lo), min(known.interval.hi, total.hi))
        where = "表中数" if known.from_table else "文中数"
        return Operand(both, f"{known.text}（{where}，即所列各项{written}之和）", known.location,
                       from_table=known.from_table)
    if {p.concept for p in parts} == _complete_partitions().get(whole):
        return Operand(total, f"{_two_places(total.mid)}万元（{written}）", parts[0].location)
    return None


@cache
def _parts_within(whole: str) -> frozenset[str]:
    """Every concept that is a part of ``whole``, or a part of one of its parts, by the relation
    data (parts that never exceed their whole, and the breakdowns a sentence gives)."""
    data = relations()
    children: dict[str, set[str]] = {}
    for spec in [*data.get("parts", []), *data.get("breakdowns", [])]:
        children.setdefault(spec["whole"], set()).update(spec["parts"])
    out: set[str] = set()
    todo = [whole]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def _listed_parts(ctx: CheckContext, c: Claim, whole: str) -> list[Claim] | None:
    """The parts of ``whole`` the shares of ``c``'s list are shares of, in the order stated;
    None unless each is a distinct part of the whole (or of one of its parts) and none holds
    another."""
    parts: list[Claim] = []
    for share in _list_shares(ctx, c):
        if share.base_concept not in (None, whole):
            return None
        part = _part_of(ctx, share)
        if part is not None and part.concept is None and part.value.value == 0:
            continue  # "经营支出0万元，占0%": whatever it is, it adds nothing
        if part is None or not _is_part(part.concept, whole):
            return None
        parts.append(part)
    concepts = [p.concept for p in parts]
    if len(parts) < 2 or len(set(concepts)) != len(concepts):
        return None
    if any(_holds(a, b) for a in concepts for b in concepts if a != b):
        return None  # one part holds another
    spent = _parts_within("expenditure.current") | {"expenditure.current"}
    if any(k.startswith(_FUNCTION) for k in concepts) and any(k in spent for k in concepts):
        return None  # classes and 基本/项目支出 are two views of one spending
    return sorted(parts, key=lambda p: p.offset or 0)


_FUNCTION = "expenditure.function."


def _is_part(concept: str | None, whole: str) -> bool:
    """A part of ``whole`` by the relation data; a 支出功能分类 class is a part of 本年支出 (and so of
    支出总计), as the tables' 合计 row is the sum of their classes."""
    if concept is None:
        return False
    if concept in _parts_within(whole):
        return True
    return concept.startswith(_FUNCTION) and (
        whole == "expenditure.current" or "expenditure.current" in _parts_within(whole))


def _holds(a: str | None, b: str | None) -> bool:
    """``a`` holds ``b``: a whole of it by the relation data, or a class of its 款 or 项."""
    if a is None or b is None:
        return False
    if a.startswith(_FUNCTION) and b.startswith(_FUNCTION):
        return b.startswith(a)
    return b in _parts_within(a)


def _whole_scope(c: Claim, part: Claim) -> str:
    """The fund scope of a whole its name leaves open: the part's own, when the relation data
    makes the named whole the whole of that part ("公务接待费…占“三公”经费的29.63%": both are
    财政拨款 money), else every fund."""
    return (part.scope or "all") if c.base_concept in _ancestors(part.concept) else "all"


def _ancestors(concept: str | None) -> set[str]:
    """Every whole a part belongs to, through the wholes of its wholes (公务用车运行维护费 ->
    公务用车购置及运行费 -> “三公”经费)."""
    out: set[str] = set()
    todo = [concept]
    while todo:
        for whole in _wholes_of(todo.pop()):
            if whole not in out:
                out.add(whole)
                todo.append(whole)
    return out


def _sentence_wholes(ctx: CheckContext, c: Claim, part: Claim) -> list[Claim]:
    """The amounts a sentence states before the part, other than the shared parts."""
    same = ctx.claim_index.in_sentence(c.sentence)
    with_share = {group_key(x) for x in same if x.kind == "share"}
    return [x for x in same if x.kind == "amount"
            and x.period == "current" and (x.offset or 0) < (part.offset or 0)
            and group_key(x) not in with_share]


def _wholes_of(concept: str | None) -> set[str]:
    """The concepts relations.yaml lists as wholes of a part (三公 items of sangong.total)."""
    out: set[str] = set()
    for spec in relations().get("parts", []):
        if concept in spec["parts"]:
            out.update(EQUIVALENT.get(spec["whole"], (spec["whole"],)))
    return out


_LEAD_SPLIT = re.compile(r"[，,：:；;]")


def _whole_named_in_lead(ctx: CheckContext, c: Claim, part: Claim) -> Claim | None:
    """The whole the sentence names before its first figure, as stated earlier in the text:
    "2017年度“三公”经费财政拨款支出决算中，因公出国（境）费…3.5万元，占2.33%"."""
    wholes = _wholes_of(part.concept)
    if not wholes:
        return None
    first = min((x.offset or 0) for x in ctx.claim_index.in_sentence(c.sentence))
    for segment in _LEAD_SPLIT.split(c.sentence[:first]):
        named = resolve_base(segment).concept if segment.strip() else None
        if named in wholes:
            return earlier_claim(ctx, c, named, "current", None)
    return None


def _previous_item_of_list(ctx: CheckContext, c: Claim) -> tuple[Claim, Claim] | None:
    """The share (and its part) of the list item before ``c``, when ``c``'s clause continues
    that list: the item before ends with "；" and nothing else is stated in between.
    Clauses of one sentence are split at "；" (and a PDF may print each item as its own
    paragraph), so "其中：基本支出…，占63.75%；项目支出…，占25.38%；" is one list."""
    i = ctx.claim_index.position(c)
    for k in range(min(i, len(ctx.claims)) - 1, -1, -1):
        y = ctx.claims[k]
        if y.sentence == c.sentence:
            continue
        if y.kind != "share" or y.base is not None or not y.sentence.rstrip().endswith(("；", ";")):
            return None
        y_part = _part_of(ctx, y)
        return (y, y_part) if y_part is not None else None
    return None


def _list_shares(ctx: CheckContext, c: Claim) -> list[Claim]:
    """The shares of the list ``c`` belongs to: those of its own sentence and of the items
    before and after it that continue the same list over "；" or paragraphs. A sentence that
    states its own whole before its parts opens a new list."""
    first, sentences = c, [c.sentence]
    while not _opens_list(ctx, first) and (previous := _previous_item_of_list(ctx, first)) is not None:
        if previous[0].sentence in sentences:
            break
        first = previous[0]
        sentences.insert(0, first.sentence)
    claims = ctx.claims
    lo = ctx.claim_index.position(first)
    while lo > 0 and claims[lo - 1].sentence == first.sentence:
        lo -= 1
    hi = ctx.claim_index.position(c)
    for k in range(hi + 1, len(claims)):
        y = claims[k]
        if y.sentence not in sentences:
            if y.kind == "amount" and y.base is None:
                continue  # the amount of the next item, before its share
            previous = _previous_item_of_list(ctx, y) if y.kind == "share" else None
            if previous is None or previous[0].sentence != sentences[-1] or _opens_list(ctx, y):
                break
            sentences.append(y.sentence)
        hi = k
    return [x for x in claims[lo:hi + 1] if x.kind == "share" and x.sentence in sentences]


def _opens_list(ctx: CheckContext, share: Claim) -> bool:
    """The share's sentence states a figure before its part: the whole of a list it opens."""
    part = _part_of(ctx, share)
    return part is not None and bool(_sentence_wholes(ctx, share, part))


def _part_of(ctx: CheckContext, share: Claim) -> Claim | None:
    """The amount a share is the share of, as its sentence group states it."""
    key = group_key(share)
    return before(share, [x for x in ctx.claim_index.in_sentence(share.sentence) if group_key(x) == key], "amount")


def _breakdown_head(heads: list[Claim], part: Claim) -> Claim | None:
    """The whole of a share that names none: the one figure stated before the parts (asides
    in brackets aside), or, of several, the last one before the "其中"/"主要用于" that opens
    the breakdown; with several figures and no such word the whole would be a guess (None)."""
    heads = [h for h in heads if not _in_brackets(h)] or heads
    if len(heads) == 1:
        return heads[0]
    opened = [h for h in heads if _opens_breakdown(h, part)]
    return opened[-1] if opened else None


def _in_brackets(c: Claim) -> bool:
    """A figure inside （…）: an aside ("490,808.40万元（本年支出预算415,808.40万元），其中…"),
    not the whole a breakdown opens with."""
    before_it = c.sentence[: c.offset or 0]
    return before_it.count("（") + before_it.count("(") > before_it.count("）") + before_it.count(")")


_BREAKDOWN_WORDS = ("其中", "主要用于", "具体为", "包括")


def _opens_breakdown(head: Claim, part: Claim) -> bool:
    """The text right after a figure opens a breakdown (no other figure before the word)."""
    start = (head.offset or 0) + len(head.value.text)
    between = head.sentence[start: part.offset or start]
    for word in _BREAKDOWN_WORDS:
        if word in between:
            return not re.search(r"\d", between.split(word, 1)[0])
    return False


def _same_base(x: Claim, c: Claim) -> bool:
    """Two shares of one whole: the same concept named ("占“三公” 经费的" and "占“三公”经费的"), else
    the same words."""
    return x.base_concept == c.base_concept if c.base_concept else x.base == c.base


def _forced_to_hundred(c: Claim, shares: list[Claim], computed: Interval) -> bool:
    """A split whose stated shares add up to exactly 100 with this one off by one last digit."""
    sib = [x for x in shares if _same_base(x, c)]
    if len(sib) < 2 or sum(x.value.value for x in sib) != _HUNDRED:
        return False
    return Interval.of(c.value).gap(computed) <= c.value.precision


def _may_be_forced(c: Claim, shares: list[Claim], computed: Interval) -> bool:
    """Off by one last digit in a list of shares that, as read, falls short of 100: a share the
    reading missed (a sentence broken across lines or pages) may complete a split forced to
    100, so the slip is not certain. A list over 100 was not forced."""
    sib = [x for x in shares if _same_base(x, c)]
    return (len(sib) >= 2 and sum(x.value.value for x in sib) < _HUNDRED
            and Interval.of(c.value).gap(computed) <= c.value.precision)


# ---------------------------------------------------------------------------
# P002 growth
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Growth:
    computed: Interval | None
    prior: Interval | None
    explanation: str
    related: list[Location]


def growth_basis(ctx: CheckContext, g: Claim, group: list[Claim], change_as: str | None = None,
                 sign: int | None = None) -> _Growth | None:
    """Growth rate the stated amounts imply: change / (current - change) or current / prior - 1.
    ``sign``: the direction to read a change in whose words leave it open ("增（减）5万元")."""
    change = before(g, group, "change")
    prior_claim = before(g, group, "amount", "prior")
    current = amount_for(ctx, g, group)
    if change is not None and change.base == "预算":
        return None
    if change is not None and current is not None:
        ch = signed(change)
        if ch is None and sign is not None:
            ch = value_interval(change.value).scale(Decimal(sign))
        if ch is None:
            return None
        if change_as is not None:
            ch = Interval.of(Amount(change.value.value, change.value.precision, "", change_as))
            ch = -ch if (change.direction or 0) < 0 else ch
        prior = current.interval - ch
        computed = percent(ch, prior)
        word = "增加额" if (change.direction or 0) > 0 else ("减少额" if (change.direction or 0) < 0 else "增减额")
        expl = (f"按{word}{change.value.text}与上年数"
                f"{_two_places(current.interval.mid - ch.mid)}万元计算")
        return _Growth(computed, prior, expl, [change.location, current.location])
    if prior_claim is not None and current is not None:
        prior = value_interval(prior_claim.value)
        computed = percent(current.interval - prior, prior)
        return _Growth(computed, prior, f"按本年{current.text}与上年{prior_claim.value.text}计算",
                       [current.location, prior_claim.location])
    if prior_claim is not None and change is not None:
        prior = value_interval(prior_claim.value)
        ch = signed(change)
        if ch is None:
            return None
        return _Growth(percent(ch, prior), prior,
                       f"按增减额{change.value.text}与上年{prior_claim.value.text}计算",
                       [change.location, prior_claim.location])
    return None


def _two_places(v: Decimal) -> str:
    return f"{v.quantize(Decimal('0.01'))}"


@register
class GrowthRule(Rule):
    """Stated growth rate (增长/下降 …%) = change / prior-year amount.

    What it checks:
        Every "同比增长p%" / "下降p%" against the change and the amount stated with it: the
        prior-year amount is current − change (interval arithmetic), or is stated itself
        ("比2023年预算33.71万元"); the rate must lie in change / prior. A template line whose
        amount and change are both written 0 ("0万元，增加（减少）0万元，增长（减少）0%") has
        nothing to grow: any rate but 0% is an error.
    Why it matters:
        A growth rate that does not follow from the amounts is the most common slip in 说明
        text; it misleads every reader who compares years.
    Example:
        柳州市人民政府办公室 2019: "印刷费5.85万元，同比增加0.57万元，同比增长1.1%": the prior
        amount is 5.28万元, so the rate is [10.7, 10.9]%, not 1.1%.
    References:
        disclosure-rules.md §7 N3; validation-anchors.md §1 (growth intervals).
    """

    code = "P002"
    name = "percent.growth"
    title = "增长率与增减额不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        failed_figures: set[tuple[str, int | None]] = set()
        for g, group in claims_with_groups(ctx.claims, "growth"):
            subject = f"{g.subject} 增长率 {g.value.text}"
            if (g.sentence, g.offset) in failed_figures:
                # "收、支预算总计各增加…，增长21.95%": one written rate read for two subjects
                yield CheckResult.not_applicable(subject)
                continue
            still = _nothing_changed(g, group)
            if still is not None:
                yield self._rate_of_nothing(ctx, g, still, subject)
                continue
            basis = growth_basis(ctx, g, group) or _either_way(ctx, g, group)
            if basis is None:
                yield CheckResult.insufficient(subject)
                continue
            if basis.computed is None or basis.prior is None or basis.prior.contains_zero():
                yield CheckResult.not_applicable(subject)  # zero base: logic rule L003
                continue
            stated = Interval.of(g.value)
            computed = basis.computed
            magnitude = computed if computed.lo >= 0 else (
                -computed if computed.hi <= 0 else Interval(Decimal(0), max(-computed.lo, computed.hi)))
            how = agreement(g.value, magnitude)
            if how == "equal":
                yield CheckResult.passed(subject)
                continue
            severity, note = "error", ""
            change = before(g, group, "change")
            if change is not None and change.value.unit == "元" and _amount_unit(group) == "万元":
                alt = growth_basis(ctx, g, group, change_as="万元")
                if alt and alt.computed is not None and _abs(alt.computed).intersects(stated):
                    # "同比减少134.6元" where 万元 is meant: a unit slip, reported by the U rules
                    yield CheckResult.not_applicable(subject)
                    continue
            if how == "truncated":
                severity, note = "warning", "（与截尾取数相符）"
            failed_figures.add((g.sentence, g.offset))
            word = "增长" if (g.direction or 1) > 0 else "下降"
            msg = (f"{g.subject}同比{word}率写为{g.value.text}，{basis.explanation}应为"
                   f"{fmt_pct(magnitude, g.value.precision)}%{note}")
            yield CheckResult.failed(self.finding(
                msg, g.location, severity=severity, related=basis.related,
                expected=fmt_pct(magnitude, g.value.precision), actual=str(stated),
                quote=quote_of(ctx, g.location)), subject)

    def _rate_of_nothing(self, ctx: CheckContext, g: Claim, still: tuple[Claim, Claim],
                         subject: str) -> CheckResult:
        """'0万元，增加（减少）0万元，增长（减少）2%': nothing this year and nothing changed, so
        there is nothing to grow; only 0% (or no rate at all) fits."""
        current, change = still
        if g.value.value == 0:
            return CheckResult.passed(subject)
        msg = (f"{g.subject}本年数{current.value.text}、增减额{change.value.text}均为0，"
               f"增长率应为0%，文中写为{g.value.text}")
        return CheckResult.failed(self.finding(
            msg, g.location, related=[current.location, change.location], expected="0",
            actual=str(Interval.of(g.value)), quote=quote_of(ctx, g.location)), subject)


def _either_way(ctx: CheckContext, g: Claim, group: list[Claim]) -> _Growth | None:
    """The basis of a rate whose change leaves its direction open ("同比增（减）2万元，同比增长
    （下降）0%"): read both ways, the one the rate fits, else the first that leaves a prior-year
    amount above zero."""
    change = before(g, group, "change")
    if change is None or change.direction is not None or change.value.value == 0:
        return None
    readings = [b for sign in (1, -1) if (b := growth_basis(ctx, g, group, sign=sign)) is not None
                and b.computed is not None and b.prior is not None and b.prior.lo > 0]
    for b in readings:
        if agreement(g.value, _abs(b.computed)) == "equal":
            return b
    return readings[0] if readings else None


def _nothing_changed(g: Claim, group: list[Claim]) -> tuple[Claim, Claim] | None:
    """The amount and the change stated with a rate when both are written as 0: the item has
    nothing this year and nothing changed (a template line "本部门无此项收入"). A written 0 is
    none at all, not a rounded small figure: the same sentence writes any real figure out."""
    change = before(g, group, "change")
    current = before(g, group, "amount")
    if change is None or current is None or change.base == "预算":
        return None
    if change.value.value != 0 or current.value.value != 0:
        return None
    return current, change


def _abs(iv: Interval) -> Interval:
    if iv.lo >= 0:
        return iv
    if iv.hi <= 0:
        return -iv
    return Interval(Decimal(0), max(-iv.lo, iv.hi))


def _amount_unit(group: list[Claim]) -> str | None:
    for c in group:
        if c.kind == "amount":
            return c.value.unit
    return None


# ---------------------------------------------------------------------------
# P003 change
# ---------------------------------------------------------------------------


@register
class ChangeRule(ClaimRule, kind="change", word="增减额"):
    """Stated change (增加/减少 …万元) = current − prior when both are stated.

    What it checks:
        A change stated together with this year's amount and last year's amount
        ("27.02万元，比2023年预算33.71万元，同比减少6.69万元"), or with the budget it is
        compared to ("比预算有所节约322.65万元"), must equal their difference.
    Why it matters:
        The change is what the 说明 explains; if it does not match the two amounts, either
        amount or the explanation is wrong.
    Example:
        柳州市人民政府办公室 2024 三公: 27.02 − 33.71 = −6.69, as stated (passes).
    References:
        disclosure-rules.md §7 N3.
    """

    code = "P003"
    name = "percent.change"
    title = "增减额与两年金额不符"

    def check_claim(self, ctx: CheckContext, c: Claim, group: list[Claim],
                    current: Claim | None, subject: str) -> Iterator[CheckResult]:
        other = before(c, group, "amount", "budget" if c.base == "预算" else "prior")
        stated = signed(c)
        if current is None or other is None or stated is None:
            yield CheckResult.insufficient(subject)
            return
        expected = value_interval(current.value) - value_interval(other.value)
        if stated.intersects(expected):
            yield CheckResult.passed(subject)
            return
        label = "预算数" if c.base == "预算" else "上年数"
        msg = (f"{c.subject}增减额写为{c.value.text}，按本年{current.value.text}与{label}"
               f"{other.value.text}计算应为{expected.fmt(2)}万元")
        yield CheckResult.failed(self.finding(
            msg, c.location, related=[current.location, other.location],
            expected=expected.fmt(2), actual=str(stated), quote=quote_of(ctx, c.location)), subject)


# ---------------------------------------------------------------------------
# P004 direction
# ---------------------------------------------------------------------------


@register
class DirectionRule(Rule):
    """The direction word (增加/减少/持平) agrees with the figures.

    What it checks:
        A change or growth said to be an increase when the stated amounts fall (or the
        reverse); a change and a growth rate of one subject that point in opposite
        directions; "持平" said of a subject whose stated change or amounts differ.
    Why it matters:
        A reader takes the word, not the arithmetic; a wrong word reverses the meaning.
    Example:
        "…10万元，比上年8万元，同比减少2万元" is wrong: 10 − 8 is an increase.
    References:
        disclosure-rules.md §6 item 11, §7 N3.
    """

    code = "P004"
    name = "percent.direction"
    title = "增减方向用词与数字不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        groups = sentence_groups(ctx.claims)
        for group in groups.values():
            moves = [c for c in group if c.kind in ("change", "growth") and c.direction in (1, -1)
                     and c.value.value != 0 and c.base != "预算"]
            if not moves:
                if any(c.kind == "amount" and c.period == "current" for c in group):
                    yield from self._level(ctx, group)
                continue
            subject = f"{group[0].subject} 增减方向"
            dirs = {c.direction for c in moves}
            if len(dirs) > 1:
                a, b = moves[0], next(c for c in moves if c.direction != moves[0].direction)
                yield CheckResult.failed(self.finding(
                    f"{a.subject}同一句中增减方向矛盾：{a.value.text}为{'增' if a.direction > 0 else '减'}，"
                    f"{b.value.text}为{'增' if b.direction > 0 else '减'}", b.location,
                    related=[a.location], quote=quote_of(ctx, b.location)), subject)
                continue
            current = before(moves[0], group, "amount")
            prior = before(moves[0], group, "amount", "prior")
            if current is None or prior is None:
                yield CheckResult.insufficient(subject)
                continue
            diff = value_interval(current.value) - value_interval(prior.value)
            d = moves[0].direction
            if diff.contains_zero() or (diff.lo > 0) == (d > 0):
                yield CheckResult.passed(subject)
                continue
            word = "增加" if d > 0 else "减少"
            yield CheckResult.failed(self.finding(
                f"{moves[0].subject}写为{word}，但本年{current.value.text}与上年{prior.value.text}相比"
                f"{'增加' if diff.lo > 0 else '减少'}", moves[0].location,
                related=[current.location, prior.location], expected=diff.fmt(2),
                quote=quote_of(ctx, moves[0].location)), subject)

    def _level(self, ctx: CheckContext, group: list[Claim]) -> Iterator[CheckResult]:
        """'…与上年持平' said of a subject whose two stated amounts differ."""
        amount = next(c for c in group if c.kind == "amount" and c.period == "current")
        rest = amount.sentence[(amount.offset or 0):]
        nxt = re.search(r"\d", rest[len(amount.value.text):])
        seg = rest[: len(amount.value.text) + (nxt.start() if nxt else len(rest))]
        if "持平" not in seg:
            return
        subject = f"{amount.subject} 持平"
        current = amount
        prior = before(amount, group, "amount", "prior")
        if prior is None:
            yield CheckResult.insufficient(subject)
            return
        diff = value_interval(current.value) - value_interval(prior.value)
        if diff.contains_zero():
            yield CheckResult.passed(subject)
            return
        yield CheckResult.failed(self.finding(
            f"{amount.subject}写为与上年持平，但本年{current.value.text}与上年{prior.value.text}不同",
            amount.location, related=[prior.location], expected=diff.fmt(2),
            quote=quote_of(ctx, amount.location)), subject)


# ---------------------------------------------------------------------------
# P005 completion
# ---------------------------------------------------------------------------


@register
class CompletionRule(ClaimRule, kind="completion", word="完成率"):
    """Stated completion rate (完成年初预算的…%) = actual / budget.

    What it checks:
        Every completion rate in a 决算 narrative against the 决算 amount divided by the
        年初预算 amount stated with it, or, when the text gives no budget, the 年初预算 the
        tables give for the same subject.
    Why it matters:
        Completion rates are how a 决算 explains execution; a wrong one misstates how far
        the budget was kept.
    Example:
        柳江区人民政府办公室 2017: "年初预算为612.00万元，支出决算为308.08万元，完成年初预算的
        50.33%": 308.08 / 612.00 is [50.338, 50.342]%, so 50.33% was cut, not rounded.
    References:
        disclosure-rules.md §7 F05 (完成率 = 决算/年初预算).
    """

    code = "P005"
    name = "percent.completion"
    title = "完成率与预算数、决算数不符"

    def check_claim(self, ctx: CheckContext, k: Claim, group: list[Claim],
                    actual: Claim | None, subject: str) -> Iterator[CheckResult]:
        budget_claim = before(k, group, "amount", "budget")
        if actual is None:
            yield CheckResult.insufficient(subject)
            return
        if actual.value.value == 0:
            # "因公出国（境）费决算为0.00万元，完成预算的0%": nothing spent is 0% of any budget
            # but a zero one (0 of 0 is the logic rule L003's)
            if budget_claim is not None and budget_claim.value.value == 0:
                yield CheckResult.not_applicable(subject)
            else:
                yield self._nothing_spent(ctx, k, actual, subject)
            return
        severity = "error"
        if budget_claim is not None:
            budget = claim_operand(budget_claim)
        else:
            facts = find_table_facts(ctx, k.concept, "budget", k.scope) if k.concept else []
            if not facts:
                yield CheckResult.insufficient(subject)
                return
            f = facts[0]
            budget = Operand(value_interval(f.value), f.value.text, f.location, from_table=True)
            severity = "warning"  # the text may mean an adjusted budget
        computed = percent(value_interval(actual.value), budget.interval)
        if computed is None:
            yield CheckResult.not_applicable(subject)  # zero budget: logic rule L003
            return
        how = agreement(k.value, computed)
        if how == "equal":
            yield CheckResult.passed(subject)
            return
        note = ""
        if how == "truncated":
            severity, note = "warning", "（与截尾取数相符）"
        src = "表中预算数" if budget.from_table else "预算数"
        msg = (f"{k.subject}完成率写为{k.value.text}，按决算数{actual.value.text}÷{src}{budget.text}"
               f"计算应为{fmt_pct(computed, k.value.precision)}%{note}")
        yield CheckResult.failed(self.finding(
            msg, k.location, severity=severity, related=[actual.location, budget.location],
            expected=fmt_pct(computed, k.value.precision), actual=str(Interval.of(k.value)),
            quote=quote_of(ctx, k.location)), subject)

    def _nothing_spent(self, ctx: CheckContext, k: Claim, actual: Claim, subject: str) -> CheckResult:
        if k.value.value == 0:
            return CheckResult.passed(subject)
        msg = f"{k.subject}决算数为{actual.value.text}，完成率应为0%，文中写为{k.value.text}"
        return CheckResult.failed(self.finding(
            msg, k.location, related=[actual.location], expected="0", actual=str(Interval.of(k.value)),
            quote=quote_of(ctx, k.location)), subject)
