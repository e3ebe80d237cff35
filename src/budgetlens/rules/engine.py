"""Run the registered rules over one document, like a linter runs its checks.

Each rule yields one ``CheckResult`` per relation instance; the engine counts outcomes per
rule, turns failures into findings, records a rule that yielded nothing as insufficient
data (never as "no findings"), and contains a rule that crashes: its exception becomes one
finding of code ``E000`` naming the rule, and the other rules still run.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Finding, Location
from .base import REGISTRY, Rule
from .context import CheckContext

OUTCOMES = ("pass", "fail", "not_applicable", "insufficient_data")
RULE_ERROR_CODE = "E000"
RULE_ERROR_TITLE = "规则执行出错，未能完成检查"
RULE_ERROR_DOC = """E000 rule.crashed [error]  applies to: 预算、决算
规则执行出错，未能完成检查

A rule raised an exception on this document, so its check was not done. The finding names the
rule and the exception; every other rule still ran and reported. It is a fault of budgetlens,
not a slip in the document: report it with the file. It is reported whatever ``--select``
or ``--ignore`` say (a check that did not run must not look like one that passed); a
baseline can accept it like any finding.
"""


@dataclass(slots=True)
class RuleOutcome:
    """How one rule fared on one document."""

    code: str
    title: str
    severity: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    error: str | None = None  # the exception text when the rule crashed

    @property
    def status(self) -> str:
        """One word for the rule: 'error', 'fail', 'pass', 'not_applicable', 'insufficient_data'."""
        if self.error:
            return "error"
        for outcome in ("fail", "pass", "insufficient_data", "not_applicable"):
            if self.counts.get(outcome):
                return outcome
        return "insufficient_data"

    def to_dict(self) -> dict:
        d = {
            "code": self.code,
            "title": self.title,
            "severity": self.severity,
            "status": self.status,
            "checks": dict(self.counts),
        }
        if self.error:
            d["error"] = self.error
        return d


def _matches(code: str, name: str, patterns: list[str]) -> bool:
    return any(code.upper().startswith(p.upper()) or name == p for p in patterns)


def selected_rules(
    select: list[str] | None = None, ignore: list[str] | None = None
) -> list[type[Rule]]:
    """Registered rules after ``select`` (codes or prefixes, empty = all) and ``ignore``."""
    out = []
    for code in sorted(REGISTRY):
        cls = REGISTRY[code]
        if select and not _matches(code, cls.name, select):
            continue
        if ignore and _matches(code, cls.name, ignore):
            continue
        out.append(cls)
    return out


def location_key(loc: Location) -> tuple:
    """Document order: text line, else page, else table and row."""
    table_no = loc.table or ""
    digits = "".join(ch for ch in table_no if ch.isdigit())
    return (
        loc.path or "",
        loc.line is None,
        loc.line or 0,
        loc.page is None,
        loc.page or 0,
        loc.bbox[1] if loc.bbox else 0,
        int(digits) if digits else 0,
        loc.sheet or "",
        loc.cell or "",
        loc.row or "",
        loc.column or "",
    )


def run_rules(
    ctx: CheckContext,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> tuple[list[Finding], dict[str, RuleOutcome]]:
    """All findings of one document, sorted by location, and the outcome of each rule."""
    info = ctx.info
    findings: list[Finding] = []
    outcomes: dict[str, RuleOutcome] = {}
    doc_location = Location(path=ctx.document.path)
    for cls in selected_rules(select, ignore):
        rule = cls()
        outcome = RuleOutcome(cls.code, cls.title, cls.severity)
        outcomes[cls.code] = outcome
        if not rule.applies(info.kind, info.year):
            outcome.counts["not_applicable"] += 1
            continue
        try:
            tally, failed = _run_streaming(rule, ctx)
        except Exception as e:  # one broken rule must not hide the others' findings
            outcome.error = f"{type(e).__name__}: {e}"
            findings.append(
                Finding(
                    rule=RULE_ERROR_CODE,
                    severity="error",
                    message=f"规则 {cls.code} 执行出错，未能完成检查 (rule {cls.code} crashed: "
                    f"{type(e).__name__}: {e})",
                    location=doc_location,
                    actual=traceback.format_exception_only(type(e), e)[-1].strip(),
                )
            )
            continue
        for key, n in tally.items():
            outcome.counts[key] = outcome.counts.get(key, 0) + n
        if not tally:
            outcome.counts["insufficient_data"] += 1
        for f in failed:
            if f.location.path is None:
                f.location = _with_path(f.location, ctx.document.path)
                f.related = [_with_path(x, ctx.document.path) for x in f.related]
            if f.quote is None:
                f.quote = ctx.quote(f.location)
            findings.append(f)
    findings.sort(key=lambda f: (location_key(f.location), f.rule))
    return _one_per_stated_figure(_without_repeats(findings)), outcomes


def _run_streaming(rule: Rule, ctx: CheckContext) -> tuple[dict[str, int], list[Finding]]:
    """Count a rule's results as they come and keep only its failures' findings.

    A document with many tables of one kind yields millions of passed checks; holding them
    all before counting made memory and garbage-collection time grow with their square.
    A rule that raises part-way contributes nothing (its exception propagates).
    """
    tally: dict[str, int] = {}
    failed: list[Finding] = []
    for r in rule.check(ctx):
        outcome = r.outcome
        tally[outcome] = tally.get(outcome, 0) + 1
        if outcome == "fail" and r.finding is not None:
            failed.append(r.finding)
    return tally, failed


def _without_repeats(findings: list[Finding]) -> list[Finding]:
    """One finding per failed comparison and one per table cell.

    Two rules that reach the same cell with the same intervals (a numbered 合计 row that is
    also a summation in the relation data) report it once, under the lower code. Different
    comparisons that fail on one table cell (a unit row that matches neither its columns nor
    its rows) become one finding whose message carries each reason, so that one wrong
    figure reads as one problem.
    """
    seen: set[tuple] = set()
    by_cell: dict[tuple, Finding] = {}
    out = []
    for f in findings:
        if f.location.table is not None and f.expected is not None and f.actual is not None:
            key = (location_key(f.location), f.expected, f.actual)
            if key in seen:
                continue
            seen.add(key)
        loc = f.location
        if loc.table is not None and loc.column is not None:
            cell = location_key(loc)
            first = by_cell.get(cell)
            if first is not None and first.severity == f.severity:
                first.message += f"；另（{f.rule}）：{f.message}"
                first.related.extend(r for r in f.related if r not in first.related)
                continue
            by_cell[cell] = f
        out.append(f)
    return out


# Families that read a narrative statement whole (an item sentence, a restated item) before
# those that check one figure of it: of two findings on one written figure, the first kept.
_SPECIFIC_FIRST = "SNPLU"
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def stated_value(actual: str | None) -> Decimal | None:
    """The figure a finding says was written: '441.25万元' -> 441.25, '[441.245, 441.255]'
    (the interval of a written 441.25) -> 441.25; None when it names no single figure."""
    if not actual:
        return None
    nums = [Decimal(n.replace(",", "")) for n in _FIGURE.findall(actual)]
    if actual.lstrip().startswith("[") and len(nums) == 2:
        return ((nums[0] + nums[1]) / 2).normalize()
    return nums[0].normalize() if len(nums) == 1 else None


def _one_per_stated_figure(findings: list[Finding]) -> list[Finding]:
    """One finding per written figure of the prose, whichever families it fails.

    "比2022年预算执行数增加314.82%" fails as a growth rate (P002) and as the rate of an item
    sentence (S002); "2023年预算安排441.25万元" disagrees with the table (N001) and with the
    item's own heading (S003). A reviewer reads one slip: the finding of the family that read
    the statement whole is kept (the higher severity first), and the others' messages follow
    it as also-fired ("；另（P002）：…"). Table findings are merged per cell by
    ``_without_repeats``.
    """
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        value = stated_value(f.actual)
        if f.location.table is None and value is not None and f.rule[0] in _SPECIFIC_FIRST:
            groups.setdefault((location_key(f.location), value), []).append(f)
    dropped: set[int] = set()
    for group in groups.values():
        if len({f.rule for f in group}) < 2:
            continue
        group.sort(key=lambda f: (_SEVERITY_RANK.get(f.severity, 3), _SPECIFIC_FIRST.index(f.rule[0]), f.rule))
        keep = group[0]
        for other in group[1:]:
            if other.rule == keep.rule:
                continue
            keep.message += f"；另（{other.rule}）：{other.message}"
            keep.related.extend(r for r in other.related if r not in keep.related)
            dropped.add(id(other))
    return [f for f in findings if id(f) not in dropped]


def _with_path(loc: Location, path: str) -> Location:
    from dataclasses import replace

    return loc if loc.path else replace(loc, path=path)


def total_counts(outcomes: dict[str, RuleOutcome]) -> dict[str, int]:
    """Checks per outcome over every rule of a document."""
    total = dict.fromkeys(OUTCOMES, 0)
    for o in outcomes.values():
        for k, n in o.counts.items():
            total[k] = total.get(k, 0) + n
    return total
