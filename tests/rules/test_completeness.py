"""C rules: the requirement data, the reading of 附表 lists, and the corpus documents read
end to end. The cases of each rule (a failing and a passing one, with sentences copied from
the corpus so that the wording variants are real ones) are data: tests/rules/cases/C00N.yaml.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.model import Document, Location, Paragraph
from budgetlens.pipeline import Extraction
from budgetlens.recognize.disclosure import table_references
from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.completeness import required_tables
from budgetlens.rules.context import CheckContext
from budgetlens.structure import analyze
from budgetlens.taxonomy.profiles import profile_for

PATH = "hand-built.txt"
def context(paragraphs=(), year=2024, kind="budget"):
    blocks = [Paragraph(t, Location(path=PATH, line=i + 1)) for i, t in enumerate(paragraphs)]
    doc = Document(path=PATH, format="text", blocks=blocks)
    info = analyze(doc)
    info.year, info.kind = year, kind
    return CheckContext(Extraction(doc, info, [], [], []))


def run(code, ctx):
    results = list(REGISTRY[code]().check(ctx))
    return results, [r.finding for r in results if r.finding]


def test_c_rules_are_documented():
    for code in ("C001", "C002", "C003", "C004", "C005"):
        assert missing_doc_sections(REGISTRY[code]) == []


def test_required_tables_by_kind_and_year():
    kinds = lambda k, y: [r.kind for r in required_tables(k, y)]  # noqa: E731
    assert len(kinds("final", 2017)) == 8 and "state_capital_expenditure" not in kinds("final", 2017)
    assert len(kinds("final", 2018)) == 9
    assert len(kinds("budget", 2018)) == 8 and len(kinds("budget", 2024)) == 9
    final_2018 = {r.kind: r for r in required_tables("final", 2018)}
    assert not final_2018["state_capital_expenditure"].firm(2018)
    assert final_2018["state_capital_expenditure"].firm(2020)
    budget = {r.kind: r for r in required_tables("budget", 2024)}
    assert not budget["state_capital_expenditure"].firm(2024)  # regional templates differ
    assert budget["sangong"].firm(2024)


def test_c001_a_narrative_heading_ending_in_biao_is_not_a_listing():
    # Liuzhou 2019 预算 lines 194-197
    paras = ["九、国有资本经营预算支出表", "本部门无国有资本经营预算。", "十、政府采购预算表", "2019年政府采购预算280.09万元"]
    assert [r for r in table_references(context(paras).document.paragraphs()) if r.kind] == []


# --- the corpus ---------------------------------------------------------------------------------


def corpus_context(corpus, name):
    from budgetlens.readers import read
    from budgetlens.recognize.tables import recognize_tables

    doc = read(str(corpus(name)))
    info = analyze(doc)
    return CheckContext(Extraction(doc, info, recognize_tables(doc, info), [], []))


def c_findings(ctx):
    out = []
    for code in ("C001", "C002", "C003", "C004", "C005"):
        out += [(f.rule, f.severity, f.expected) for f in run(code, ctx)[1]]
    return sorted(out)


def test_corpus_liuzhou_2024_budget_is_complete(corpus):
    # all 12 tables (表1-表12, lines 250-699); 表8/表9 empty with notes (lines 573, 586)
    ctx = corpus_context(corpus, "liuzhou-gov-office-2024-budget.md")
    assert c_findings(ctx) == []
    assert Counter(r.outcome for r in run("C001", ctx)[0]) == {"pass": 9}


def test_corpus_liujiang_2017_final_is_complete(corpus):
    # 表一-表八 (lines 32-1161); no 国资 table is required for 2017年度
    ctx = corpus_context(corpus, "liujiang-gov-office-2017-final.txt")
    assert c_findings(ctx) == []
    assert Counter(r.outcome for r in run("C001", ctx)[0]) == {"pass": 8}


def test_corpus_dianjiang_2024_budget(corpus):
    ctx = corpus_context(corpus, "dianjiang-gov-office-2024-budget.txt")
    findings = run("C001", ctx)[1]
    assert [(f.severity, f.location.line) for f in findings] == [("warning", 79), ("warning", 79)]
    assert "第79–86行" in findings[0].message  # the 附表 list, lines 79-90
    assert findings[1].expected == "国有资本经营预算支出表"  # neither included nor listed
    assert c_findings(ctx) == sorted(("C001", f.severity, f.expected) for f in findings)


def test_corpus_liujiang_2022_budget(corpus):
    ctx = corpus_context(corpus, "liujiang-gov-service-center-2022-budget.txt")
    assert c_findings(ctx) == [
        ("C001", "warning", "收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                            "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表、"
                            "国有资本经营预算支出表"),  # line 36 "（详见附表）"
        ("C004", "warning", "“三公”经费增减变化原因"),  # lines 98-106: 同比增1.8万元, no 原因
        ("C004", "warning", "收支增减变化及原因"),  # lines 42-75: 同比减少151.08万元, no 原因
    ]
    places = {f.expected: f.location.line for f in run("C004", ctx)[1]}
    assert places == {"“三公”经费增减变化原因": 88, "收支增减变化及原因": 39}


def test_corpus_liuzhou_2019_budget(corpus):
    ctx = corpus_context(corpus, "liuzhou-gov-office-2019-budget.txt")
    findings = c_findings(ctx)
    assert [(r, s) for r, s, _ in findings] == [("C001", "warning")]
    (msg,) = [f.message for f in run("C001", ctx)[1]]
    assert "第二部分" in msg  # lines 1 and 119: 第一部分, then 第三部分


def test_corpus_chongqing_2018_tables_as_images(corpus):
    ctx = corpus_context(corpus, "027_chongqing_jiaotongweiyuanhui_2018_yusuan.html")
    assert c_findings(ctx) == [
        ("C002", "warning", "收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                            "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表"),
        ("C004", "warning", "国有资产占用（占有使用）情况"),  # 四、其他重要事项: 1.-3. only
        ("C005", "warning", "公务接待费"),  # "严控290.5万元": the label is lost in the page text
    ]


def test_corpus_jiangsu_2017_tables_only(corpus):
    ctx = corpus_context(corpus, "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf")
    findings = run("C004", ctx)[1]
    assert len(findings) == 1 and "只有报表" in findings[0].message
    assert run("C001", ctx)[1] == []


def test_listed_attachments_are_read_as_references():
    # Dianjiang 2024 预算 lines 79-86 (C001.yaml: attachments listed but not in the file)
    paras = ["部门预算公开联系人：皮老师",
             "附表：1.垫江县人民政府办公室财政拨款收支总表",
             "2.垫江县人民政府办公室一般公共预算财政拨款支出预算表",
             "3.垫江县人民政府办公室一般公共预算财政拨款基本支出预算表",
             "4.垫江县人民政府办公室一般公共预算“三公”经费支出表",
             "5.垫江县人民政府办公室政府性基金预算支出表",
             "6.垫江县人民政府办公室部门收支总表",
             "7.垫江县人民政府办公室部门收入总表",
             "8.垫江县人民政府办公室部门支出总表"]
    refs = table_references(context(paras).document.paragraphs())
    assert len([r for r in refs if r.kind]) == 8


# --- requirements profiles -----------------------------------------------------------------------

# 022 西南大学 2021 预算, p.2 目录, p.3 学校基本情况, p.6 预算单位构成, p.13 名词解释
UNIVERSITY_BUDGET = (
    "西南大学",
    "2021年度部门预算",
    "一、学校基本情况",
    "（一）基本情况",
    "西南大学（Southwest University）是教育部直属，教育部、农业农村部、重庆市共建的重点综合大学，"
    "是国家首批\"双一流\"建设高校。",
    "（二）预算单位构成",
    "我校2021年度部门预算包括大学、附属中学及附属小学。",
    "二、部门预算报表",
    "三、部门预算情况说明",
    "（一）收支预算情况说明",
    "我校2021年收支总预算490,808.40万元，其中：收入预算390,140.45万元。",
    "（三）支出预算情况说明",
    "我校2021年支出预算490,808.40万元，比上年减少8,219.02万元，主要原因一是按照党中央、国务院过紧日子要求，"
    "压减了公用经费。",
    "四、名词解释",
    "（一）收入科目",
    "1.财政拨款收入：指中央财政当年通过部门预算拨付的资金。",
)


def test_a_central_university_is_read_as_such():
    info = context(UNIVERSITY_BUDGET).info
    assert (info.department, info.level, info.sector) == ("西南大学", "中央", "高等学校")
    assert profile_for(info).id == "central_university"


def test_a_central_university_owes_no_table_of_the_local_template():
    # 022 publishes four tables of its own set (p.6-9); none of the 地方 部门 tables binds it
    ctx = context(UNIVERSITY_BUDGET, year=2021)
    results, findings = run("C001", ctx)
    assert findings == [] and [r.outcome for r in results] == ["not_applicable"]
    assert run("C003", ctx)[1] == [] and run("C005", ctx)[1] == []


def test_a_central_university_is_asked_only_what_the_laws_require():
    # 预算法 §14 binds every 部门: 机关运行经费 (a warning for a 事业单位) and 政府采购 remain;
    # 职责, 三公, 国有资产, 绩效, 名词解释 … cite only 地方 instruments and are not asked
    findings = run("C004", context(UNIVERSITY_BUDGET, year=2021))[1]
    assert [(f.severity, f.expected) for f in findings] == [("warning", "机关运行经费"), ("warning", "政府采购")]
    assert all("地方预决算公开操作规程" not in f.message for f in findings)


def test_the_same_text_without_its_central_affiliation_is_a_local_document():
    local = [p.replace("是教育部直属，", "是").replace("指中央财政", "指本级财政") for p in UNIVERSITY_BUDGET]
    ctx = context(local, year=2021)
    assert (ctx.info.level, ctx.info.sector) == (None, "高等学校")
    assert profile_for(ctx.info).id == "local"
    expected = {f.expected for f in run("C004", ctx)[1]}
    assert {"“三公”经费增减变化原因", "国有资产占用（占有使用）情况", "绩效目标"} <= expected


def test_a_central_department_is_told_which_requirement_the_reference_does_not_establish():
    paras = ["水利部2021年部门预算", "第一部分 部门概况", "一、部门职责", "负责保障水资源的合理开发利用。",
             "第三部分 名词解释", "1.财政拨款收入：指中央财政当年拨付的资金。"]
    ctx = context(paras, year=2021)
    assert (ctx.info.department, ctx.info.level, ctx.info.sector) == ("水利部", "中央", None)
    findings = {f.expected: f for f in run("C004", ctx)[1]}
    assert findings["国有资产占用（占有使用）情况"].severity == "warning"
    assert "参考资料未确立此项要求适用于中央部门" in findings["国有资产占用（占有使用）情况"].message
    assert "参考资料未确立" not in findings["机关运行经费"].message  # 预算法 §14 binds it
    assert findings["机关运行经费"].severity == "error"
    # the MOF templates are the central baseline: the tables are still required
    kinds = [r.kind for r in required_tables("budget", 2021, profile_for(ctx.info))]
    assert "sangong" in kinds and all(r.bound for r in required_tables("budget", 2021, profile_for(ctx.info)))


def test_a_local_unit_directly_under_a_local_bureau_stays_local():
    for text in ("本单位是县委组织部直属事业单位。", "本中心是市教育局直属事业单位。"):
        assert context(["某某中心2024年部门预算", text]).info.level != "中央"
    assert context(["中共柳州市委党校2024年部门预算"]).info.sector is None


def test_corpus_university_documents_report_no_local_template_gap(corpus):
    for name in ("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf", "025_chongqing-beibei_xinandaxue_2023_juesuan.pdf"):
        ctx = corpus_context(corpus, name)
        assert (ctx.info.level, ctx.info.sector) == ("中央", "高等学校")
        assert c_findings(ctx) == [("C004", "warning", "政府采购"), ("C004", "warning", "机关运行经费")]
