"""Rule families stand alone, and a rule pack from another package registers through the
entry point group ``budgetlens.rules`` (as a province's own checks would)."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

import budgetlens.rules as rules
from budgetlens.check import check_extraction
from budgetlens.rules import REGISTRY, load_plugins, missing_doc_sections
from rule_kit import col, extraction, table, trow

CORE = {"base", "common", "context"}


@pytest.mark.parametrize("family", rules.FAMILY_MODULES)
def test_a_family_depends_only_on_the_core(family):
    """A family module imports from the rules package only base, common and context."""
    path = Path(rules.__file__).parent / f"{family}.py"
    tree = ast.parse(path.read_text("utf-8"))
    siblings = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }
    assert siblings <= CORE, f"{family} imports {sorted(siblings - CORE)}"


# A province's rule pack, as its own installed package would ship it: a module of rules and
# a dist-info whose entry_points.txt names that module under budgetlens.rules.
PACK = '''
"""广西: a 部门预算 publishes its 政府购买服务预算表."""

from budgetlens.model import Location
from budgetlens.rules.base import CheckResult, Rule, register


@register
class PurchaseOfServicesTable(Rule):
    """未公开政府购买服务预算表.

    What it checks: a 部门预算 contains a 政府购买服务预算表.
    Why it matters: the province asks for it beside the national tables.
    Example: fails on a budget with no such table; passes when one is printed.
    References: the province's disclosure notice.
    """

    code = "Z901"
    name = "province.purchase-of-services-table"
    title = "未公开政府购买服务预算表"
    severity = "warning"
    kinds = frozenset({"budget"})

    def check(self, ctx):
        if any(t.kind == "purchase_of_services" for t in ctx.tables):
            yield CheckResult.passed("政府购买服务预算表")
            return
        where = Location(path=ctx.document.path)
        yield CheckResult.failed(self.finding("未公开政府购买服务预算表", where), "政府购买服务预算表")
'''


def install(site: Path, monkeypatch, dist_name: str, entry_point: str) -> None:
    """A distribution's dist-info in ``site``, put on sys.path as an installed package."""
    dist = site / f"{dist_name}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[budgetlens.rules]\n{entry_point}\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()


@pytest.fixture
def installed_pack(tmp_path, monkeypatch):
    package = tmp_path / "province_rules"
    package.mkdir()
    (package / "__init__.py").write_text("", "utf-8")
    (package / "checks.py").write_text(PACK, "utf-8")
    install(tmp_path, monkeypatch, "province_rules", "guangxi = province_rules.checks")
    yield
    REGISTRY.pop("Z901", None)
    rules.PLUGINS.pop("guangxi", None)
    for name in ("province_rules.checks", "province_rules"):
        sys.modules.pop(name, None)


def test_a_rule_pack_registers_through_its_entry_point(installed_pack):
    assert "Z901" not in REGISTRY
    load_plugins()
    assert rules.PLUGINS["guangxi"] == "province_rules.checks"
    assert missing_doc_sections(REGISTRY["Z901"]) == []
    load_plugins()  # loading again changes nothing
    without = extraction([table("expenditure", [col("合计")], [trow("合计", {"合计": "4,555.35"})])])
    found = check_extraction(without, select=["Z901"]).findings
    assert [(f.rule, f.severity, f.message) for f in found] == [
        ("Z901", "warning", "未公开政府购买服务预算表")
    ]
    with_table = extraction([table("purchase_of_services", [col("合计")], [trow("合计", {"合计": "20.00"})])])
    result = check_extraction(with_table, select=["Z901"])
    assert result.findings == [] and result.outcomes["Z901"].counts["pass"] == 1


def test_a_pack_that_fails_to_load_is_named(tmp_path, monkeypatch):
    install(tmp_path, monkeypatch, "broken_rules", "broken = broken_rules_absent.checks")
    with pytest.raises(ImportError, match="rule pack 'broken'"):
        load_plugins()
