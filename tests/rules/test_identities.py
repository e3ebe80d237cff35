"""X rules on what the case files cannot hold: many tables of one kind (project forms, a
summary typed twice), tables without a unit line, untitled tables, the corpus. Each rule's
failing and passing cases are data: tests/rules/cases/X00N.yaml."""

from __future__ import annotations

from rule_kit import claim, col, counts, extraction, run, table, trow

# liuzhou-gov-office-2024-budget.md line 423 (表5 合计 row) and line 501 (表6 合计 row)
GB_COLS = [
    col("合计"),
    col("基本支出", "本年一般公共预算支出", "基本支出", "小计"),
    col("人员经费", "本年一般公共预算支出", "基本支出", "人员经费"),
    col("公用经费", "本年一般公共预算支出", "基本支出", "公用经费"),
    col("项目支出", "本年一般公共预算支出", "项目支出"),
]
BASIC_COLS = [
    col("合计", "本年一般公共预算基本支出", "合计"),
    col("人员经费", "本年一般公共预算基本支出", "人员经费"),
    col("公用经费", "本年一般公共预算基本支出", "公用经费"),
]


def _tables(basic_total: str):
    t5 = table(
        "general_budget_expenditure",
        GB_COLS,
        [
            trow(
                "合计",
                {
                    "合计": "4,555.35",
                    "基本支出": "3,830.34",
                    "人员经费": "3,367.04",
                    "公用经费": "463.30",
                    "项目支出": "725.01",
                },
                line=423,
            )
        ],
        id="t5",
        number="表5",
    )
    t6 = table(
        "general_budget_basic_expenditure",
        BASIC_COLS,
        [
            trow(
                "合计",
                {"合计": basic_total, "人员经费": "3,367.04", "公用经费": "463.30"},
                line=501,
            )
        ],
        id="t6",
        number="表6",
    )
    return [t5, t6]


def test_x001_table_without_unit_line_is_not_compared_with_one_in_yuan():
    t5, _ = _tables("3,830.34")
    t6 = table("general_budget_basic_expenditure", BASIC_COLS, [
        trow("合计", {"合计": "38,303,400.00", "人员经费": "33,670,400.00",
                     "公用经费": "4,633,000.00"}, line=501)], id="t6", number="表6",
        money_unit=None)
    r = run("X001", extraction([t5, t6]))
    assert r.findings == [] and counts(r, "X001")["insufficient_data"] == 3


# A 项目支出绩效目标表 as university budgets print one per project (dozens of them): the
# project's 年度资金总额 in 万元, then its indicators with their weights (分值) and targets.
PERF_COLS = [
    col("项目名称"),
    col("年度资金总额", "年度资金总额（万元）"),
    col("三级指标"),
    col("分值"),
    col("指标值"),
]


def _project_table(tid: str, name: str, funds: str, weights: list[str]):
    rows = [trow(name, {"年度资金总额": funds, "分值": None}, line=10)]
    rows += [trow("", {"年度资金总额": None, "分值": w}, line=11 + i) for i, w in enumerate(weights)]
    rows.append(trow("合计", {"年度资金总额": funds, "分值": "100"}, line=20))
    return table("performance_targets", PERF_COLS, rows, id=tid, number="", title="项目支出绩效目标表")


def test_x001_does_not_hold_one_project_to_another():
    x = extraction(
        [
            _project_table("t20", "学科建设经费", "500.00", ["20", "10", "5"]),
            _project_table("t21", "实验室运行经费", "320.00", ["30", "10"]),
            _project_table("t22", "学生资助经费", "86.50", ["20", "20"]),
        ]
    )
    r = run("X001", x)
    assert r.findings == []
    instances = {f.location.table: f.context.instance for f in x.facts}
    assert instances == {"t20": "t20", "t21": "t21", "t22": "t22"}


def test_weights_give_no_money_fact():
    x = extraction([_project_table("t20", "学科建设经费", "500.00", ["20", "10", "5"])])
    assert {f.context.column for f in x.facts} == {"年度资金总额"}
    assert sorted(f.value.text for f in x.facts) == ["500.00", "500.00"]


# 042 p.13 公开01表 收支预算总表 (all funds) and p.15 公开04表 财政拨款收支预算总表, as a reader
# that misses the second title types both: two tables of one kind, two statements.
SUMMARY_COLS = [col("收入金额", "收入", "金额", side="income"), col("支出金额", "支出", "金额", side="expenditure")]


def _summary(tid: str, basic: str, title: str = ""):
    rows = [trow("一、基本支出", {"支出金额": basic}, side="expenditure", line=int(tid[1:]) * 10)]
    return table("income_expenditure_summary", SUMMARY_COLS, rows, id=tid, number="", title=title)


def test_x001_second_table_of_a_kind_is_another_statement():
    x = extraction([_summary("t1", "13,994.31", "收支预算总表"), _summary("t3", "13,979.92")])
    assert run("X001", x).findings == []
    assert {f.location.table: f.context.instance for f in x.facts} == {"t1": None, "t3": "t3"}


def test_x001_names_an_untitled_table_by_its_kind_in_chinese():
    t5, t6 = _tables("3,803.34")
    t6.title, t6.number = "", None  # a grid whose title the reader did not keep
    r = run("X001", extraction([t5, t6]))
    assert len(r.findings) == 1
    assert "《一般公共预算基本支出表》" in r.findings[0].message
    assert "general_budget_basic_expenditure" not in r.findings[0].message


def test_each_project_form_is_its_own_statement(corpus):
    # 014 pp.31-35: five 财政项目支出绩效目标填报表, one per project, in 元; p.31 项目资金
    # 4,100,000.00, p.32 6,351,000.00; their indicator rows hold targets, never money.
    from budgetlens.pipeline import extract

    x = extract(str(corpus("014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf")))
    perf = [f for f in x.facts if f.table_kind == "performance_targets"]
    instances = {f.location.table: f.context.instance for f in perf}
    assert len(instances) == 5 and len(set(instances.values())) == 5
    first = [f.value.text for f in perf if f.context.instance == "t10" and f.label == "项目资金（元）"]
    assert first == ["4,100,000.00", "4,100,000.00"]
    assert not [f for f in perf if "指标" in f.label]


def test_narrative_total_is_not_held_to_one_project():
    # "实行绩效目标管理的项目资金906.50万元" is the sum over the projects; no project's own
    # 项目支出绩效目标表 is the department's figure, so N001 has nothing to compare with
    s = "2021年实行绩效目标管理的项目资金906.50万元。"
    c = claim("amount", "实行绩效目标管理的项目资金", "906.50", 30, s, concept="performance.amount", scope="all")
    x = extraction(
        [
            _project_table("t20", "学科建设经费", "500.00", ["20", "10", "5"]),
            _project_table("t21", "实验室运行经费", "320.00", ["30", "10"]),
            _project_table("t22", "学生资助经费", "86.50", ["20", "20"]),
        ],
        [c],
    )
    r = run("N001", x)
    assert r.findings == [] and counts(r, "N001")["insufficient_data"] == 1
