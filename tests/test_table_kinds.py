"""Table kinds as data: the built-in file follows its schema, and a new kind is one entry.

taxonomy/table_kinds.yaml holds every fact about a kind (titles and header signatures with
priorities, fund scope, sidedness, column scheme, requirement by document kind and year);
these tests check the file against the schema and the other data files that name kinds,
and add a kind from a file of its own.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from budgetlens.facts import build_facts
from budgetlens.model import DocumentInfo, Table
from budgetlens.readers import read
from budgetlens.recognize.table_kinds import kind_from_header, kind_from_title
from budgetlens.recognize.tables import recognize_tables
from budgetlens.rules.common import load_taxonomy_yaml, table_name
from budgetlens.taxonomy import table_kinds
from budgetlens.taxonomy.table_kinds import (
    OTHER,
    KindSpecError,
    build_registry,
    load_registry,
    parse_kinds,
    registry,
    use_registry,
)

# ---------------------------------------------------------------------------
# The built-in kinds
# ---------------------------------------------------------------------------


def test_builtin_kinds_load_and_cover_the_standard_tables():
    reg = registry()
    assert OTHER in reg.kinds
    assert set(reg.kinds) == {
        "income_expenditure_summary", "income", "expenditure", "fiscal_summary",
        "general_budget_expenditure", "general_budget_basic_expenditure", "sangong",
        "gov_fund_expenditure", "state_capital_expenditure", "procurement",
        "purchase_of_services", "performance_targets", "fiscal_expenditure",
        "fiscal_basic_expenditure", "admin_operating", OTHER,
    }
    # 财政拨款 covers all three funds: never read as the 一般公共预算 tables
    assert reg.spec("fiscal_expenditure").scope == "fiscal"
    assert reg.spec("fiscal_basic_expenditure").scope == "fiscal"
    assert reg.ids(two_sided=True) == {"income_expenditure_summary", "fiscal_summary"}
    assert reg.spec("sangong").name == "“三公”经费支出表"
    assert reg.ids(per_project=True) == {"performance_targets"}


def test_every_kind_named_elsewhere_exists():
    """relations.yaml names kinds; requirements.yaml holds the sources kinds cite."""
    reg = registry()
    relations = load_taxonomy_yaml("relations.yaml")
    named = {k for group in ("summations", "balances") for r in relations[group] for k in r["kinds"]}
    assert named <= set(reg.kinds)
    sources = load_taxonomy_yaml("requirements.yaml")["sources"]
    for spec in reg.kinds.values():
        assert set(spec.sources) <= set(sources), spec.id
        for req in spec.required.values():
            assert req.firm_from is None or req.firm_from >= req.start, spec.id


def test_titles_do_not_depend_on_file_order():
    """The built-in kinds read in reverse order recognise every title the same way."""
    data = yaml.safe_load(
        (Path(table_kinds.__file__).parent / "table_kinds.yaml").read_text("utf-8")
    )
    reversed_reg = build_registry(parse_kinds({"kinds": data["kinds"][::-1]}, "reversed"), "r")
    titles = [
        "部门收支总体情况表", "财政拨款收支总体情况表", "一般公共预算“三公”经费支出表",
        "一般公共预算基本支出情况表", "财政拨款支出预算表", "项目支出预算表", "部门支出总体情况表",
        "政府性基金预算支出情况表", "机关运行经费预算表", "部门收入总体情况表", "政府采购预算表",
    ]
    previous = use_registry(reversed_reg)
    try:
        reversed_kinds = [kind_from_title(t) for t in titles]
    finally:
        use_registry(previous)
    assert reversed_kinds == [kind_from_title(t) for t in titles]
    assert reversed_kinds[:3] == ["income_expenditure_summary", "fiscal_summary", "sangong"]


def test_header_signatures_by_priority():
    assert kind_from_header(["收入", "财政拨款", "支出"], True, False) == "fiscal_summary"
    assert kind_from_header(["收入", "财政拨款", "单位资金"], True, False) == (
        "income_expenditure_summary"
    )
    assert kind_from_header(["合计", "人员经费", "公用经费"], False, True) == (
        "general_budget_basic_expenditure"
    )
    assert kind_from_header(["合计", "人员经费"], False, False) == OTHER


# ---------------------------------------------------------------------------
# The schema: a broken entry is refused with the file and kind named
# ---------------------------------------------------------------------------

_GOOD = {"id": "x_table", "name": "某表", "scope": "all", "columns": "none"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scope": "province"}, "scope must be one of"),
        ({"columns": "rows"}, "columns must be one of"),
        ({"colour": "red"}, "unknown fields"),
        ({"id": "X Table"}, "snake_case"),
        ({"name": ""}, "name is required"),
        ({"two_sided": True}, "two_sided"),
        ({"titles": [{"pattern": "某表"}]}, "pattern, priority"),
        ({"titles": [{"pattern": "某(表", "priority": 5}]}, "bad pattern"),
        ({"header": [{"any": ["某"]}]}, "integer priority"),
        ({"header": [{"many": ["某"], "priority": 3}]}, "unknown or missing"),
        ({"required": {"budget": {"title": "某表"}}}, "required.budget"),
        # 150 is 绩效目标's: which of the two wins would depend on the file's order
        ({"titles": [{"pattern": "某表", "priority": 150}]}, "used by both"),
    ],
)
def test_schema_errors(tmp_path, change, message):
    path = tmp_path / "kinds.yaml"
    path.write_text(yaml.safe_dump({"kinds": [{**_GOOD, **change}]}, allow_unicode=True), "utf-8")
    with pytest.raises(KindSpecError, match=message) as err:
        load_registry(path)
    assert str(path) in str(err.value)


def test_a_kind_defined_twice_is_refused(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text(yaml.safe_dump({"kinds": [{**_GOOD, "id": "sangong"}]}), "utf-8")
    with pytest.raises(KindSpecError, match="defined twice"):
        load_registry(path)


# ---------------------------------------------------------------------------
# A new kind is one entry: 部门整体支出绩效目标表 from a file of its own
# ---------------------------------------------------------------------------

NEW_KIND = """
kinds:
  - id: department_performance
    name: 部门整体支出绩效目标表
    titles:
      - {pattern: '整体支出绩效目标', priority: 200}
    header:
      - {all: [整体绩效目标], priority: 200}
    scope: all
    columns: performance
"""

DOCUMENT = """# 附件

## 部门整体支出绩效目标表

单位：万元

项目\t金额\t整体绩效目标
合计\t120.00\t
一、履职保障\t100.00\t保障机关正常运转
二、重点工作\t20.00\t完成年度重点任务
"""


@pytest.fixture
def with_new_kind(tmp_path):
    spec = tmp_path / "province_kinds.yaml"
    spec.write_text(NEW_KIND, "utf-8")
    previous = use_registry(load_registry(spec))
    yield
    use_registry(previous)


def _tables(tmp_path: Path, text: str) -> list[Table]:
    path = tmp_path / "doc.md"
    path.write_text(text, "utf-8")
    return recognize_tables(read(str(path)), DocumentInfo())


def test_without_the_entry_the_title_reads_as_project_targets(tmp_path):
    assert [t.kind for t in _tables(tmp_path, DOCUMENT)] == ["performance_targets"]


def test_a_new_kind_from_a_spec_file_is_recognised(tmp_path, with_new_kind):
    (table,) = _tables(tmp_path, DOCUMENT)
    assert (table.kind, table.title) == ("department_performance", "部门整体支出绩效目标表")
    total = next(r for r in table.rows if r.name == "合计")
    assert total.values["合计"].value == Decimal("120.00")  # a lone figure column is 合计
    facts = build_facts(DocumentInfo(), [table], [])
    assert {(f.concept, f.label, f.value.value) for f in facts} == {
        ("performance.amount", "合计", Decimal("120.00")),
        ("performance.amount", "一、履职保障", Decimal("100.00")),
        ("performance.amount", "二、重点工作", Decimal("20.00")),
    }
    # the built-in kinds are all still there
    assert kind_from_title("部门收支总体情况表") == "income_expenditure_summary"


def test_a_new_kind_by_its_header_and_named_in_chinese(tmp_path, with_new_kind):
    untitled = DOCUMENT.replace("## 部门整体支出绩效目标表\n\n", "")
    (table,) = _tables(tmp_path, untitled)
    assert table.kind == "department_performance"
    assert table.title == ""
    assert table_name(table) == "《部门整体支出绩效目标表》"
