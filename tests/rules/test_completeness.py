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
