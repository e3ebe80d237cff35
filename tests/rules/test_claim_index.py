"""The claim index answers what a scan of every claim answers: on a real document, and on
the same document printed twice (where one sentence group holds both copies)."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import extract
from budgetlens.rules.common import (
    EQUIVALENT,
    ClaimGroup,
    group_key,
    scopes_match,
    sentence_groups,
)
from budgetlens.rules.context import CheckContext
from budgetlens.rules.percentages import earlier_claim

PERIODS = ("current", "prior", "budget", None)
KINDS = ("amount", "change", "growth", "share")


def scan_before(c, group, kind, period):
    """The definition: the last claim of the kind not after ``c``, else the first."""
    pos = c.offset or 0
    cands = [x for x in group if x.kind == kind and x is not c and (period is None or x.period == period)]
    prior = [x for x in cands if (x.offset or 0) <= pos]
    return prior[-1] if prior else (cands[0] if cands else None)


def scan_earlier(claims, c, concept, period, scope, prefer_scope=None):
    """The definition: the nearest earlier amount of the concept outside c's group."""
    own = group_key(c)
    earlier = []
    for x in claims:
        if x is c:
            break
        if x.kind == "amount" and x.period == period and group_key(x) != own and (
            scope is None or scopes_match(concept, x.scope, scope)
        ):
            earlier.append(x)
    for name in EQUIVALENT.get(concept, (concept,)):
        named = [x for x in earlier if x.concept == name]
        if prefer_scope is not None:
            named = [x for x in named if scopes_match(name, x.scope, prefer_scope)] or named
        if named:
            return named[-1]
    return None


@pytest.fixture(params=[1, 2], ids=["once", "printed twice"])
def ctx(request, corpus, tmp_path):
    # liuzhou 2024: 说明 with 三公, 收支 and 功能分类 sentences, one subject often restated
    text = corpus("liuzhou-gov-office-2024-budget.md").read_text(encoding="utf-8")
    path = tmp_path / "doc.md"
    path.write_text(text * request.param, encoding="utf-8")
    return CheckContext(extract(str(path)))


def test_nearest_in_group_is_the_scan(ctx):
    groups = sentence_groups(ctx.claims)
    assert ctx.claims and all(isinstance(g, ClaimGroup) for g in groups.values())
    for c in ctx.claims:
        group = groups[group_key(c)]
        for kind in KINDS:
            for period in PERIODS:
                assert group.nearest(c, kind, period) is scan_before(c, group, kind, period)


def test_earlier_claim_is_the_scan(ctx):
    concepts = sorted({c.concept for c in ctx.claims if c.concept})
    checked = found = 0
    for c in ctx.claims:
        for concept in concepts:
            for scope, prefer in ((None, None), (c.scope, None), ("all", "all"), (None, "fiscal")):
                want = scan_earlier(ctx.claims, c, concept, "current", scope, prefer)
                got = earlier_claim(ctx, c, concept, "current", scope, prefer_scope=prefer)
                assert got is want
                checked += 1
                found += want is not None
    assert checked > 1000 and found > 100


def test_statement_holds_its_line_only(ctx):
    for c in ctx.claims:
        same = ctx.claim_index.in_statement(c)
        assert c in same
        assert all(x.sentence == c.sentence and x.location.line == c.location.line for x in same)
