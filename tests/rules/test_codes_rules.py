"""K rules: the cases the case files cannot hold, then the corpus. Each rule's failing and
passing cases are data: tests/rules/cases/K00N.yaml.

Tables are built by hand from rows copied out of the corpus documents (line numbers cited),
so the rules are tested independently of table recognition; the corpus section at the end
runs the real reader, structure and recognition stages.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from budgetlens.model import (
    Amount,
    Claim,
    Document,
    DocumentInfo,
    Location,
    Paragraph,
    Table,
    TableRow,
)
from budgetlens.pipeline import Extraction
from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.context import CheckContext

PATH = "hand-built.txt"


def row(code, name, line, scheme=None, unit=None, level=None):
    if scheme is None and code:
        scheme = "function" if code[0] == "2" and len(code) in (3, 5, 7) else (
            "economic" if code[0] in "35" and len(code) in (3, 5) else None)
    if level is None and code and scheme:
        level = {3: "类", 5: "款", 7: "项"}.get(len(code))
    return TableRow(code=code, name=name, values={}, location=Location(path=PATH, line=line),
                    unit=unit, level=level, scheme=scheme)


def table(kind, rows, title="表"):
    return Table(id="t1", kind=kind, title=title, columns=[], rows=rows,
                 location=Location(path=PATH, line=rows[0].location.line if rows else 1))


def context(tables=(), paragraphs=(), year=2024, kind="budget", claims=()):
    blocks = [Paragraph(text, Location(path=PATH, line=i + 1)) for i, text in enumerate(paragraphs)]
    doc = Document(path=PATH, format="text", blocks=blocks)
    info = DocumentInfo(year=year, kind=kind)
    return CheckContext(Extraction(doc, info, list(tables), list(claims), []))


def run(code, ctx):
    results = list(REGISTRY[code]().check(ctx))
    return results, [r.finding for r in results if r.finding]


def test_k_rules_are_documented():
    for code in ("K001", "K002", "K003", "K004"):
        assert missing_doc_sections(REGISTRY[code]) == []


# --- K001 name for the year -------------------------------------------------------------------


def test_k001_repeated_pair_is_one_check():
    rows = [row("2010301", "行政运行", n, unit=u) for n, u in ((320, "103001"), (329, "103002"))]
    results, findings = run("K001", context([table("expenditure", rows)], year=2024))
    assert findings == [] and len(results) == 1


def test_k001_unknown_code_gives_no_finding():
    t = table("expenditure", [row("2010388", "某专项", 5)])
    results, findings = run("K001", context([t], year=2024))
    assert findings == [] and results[0].outcome == "insufficient_data"


# --- K002 nesting ---------------------------------------------------------------------------


def test_k002_economic_panels_check_only_presence_of_the_lei():
    # 表六 prints 人员经费 and 公用经费 side by side: 301, 302, 30101, 30201 … (lines 904-921)
    ok = table("general_budget_basic_expenditure", [row("301", "工资福利支出", 904), row("302", "商品和服务支出", 907),
                                                    row("30101", "基本工资", 911), row("30201", "办公费", 914)])
    assert run("K002", context([ok], year=2017))[1] == []
    bad = table("general_budget_basic_expenditure", [row("301", "工资福利支出", 904),
                                                     row("30201", "办公费", 914)])
    findings = run("K002", context([bad], year=2017))[1]
    assert len(findings) == 1 and findings[0].expected == "302"


def test_k002_points_at_the_row_it_is_listed_under():
    # 014 p.9 一般公共预算支出功能分类预算表 with its 类 row "210 卫生健康支出" printed as 201: the
    # 款 rows below are reported, and the 类 row whose code may be the mistyped one with them
    t = table("expenditure", [row("201", "卫生健康支出", 40), row("21007", "计划生育事务", 41),
                              row("21011", "行政事业单位医疗", 43)])
    findings = run("K002", context([t], year=2023))[1]
    assert [f.location.line for f in findings] == [41, 43]
    assert all([r.line for r in f.related] == [40] for f in findings)


def test_k002_tables_of_items_only_do_not_apply():
    t = table("expenditure", [row("2010301", "行政运行", 320), row("2080501", "行政单位离退休", 322)])
    results, findings = run("K002", context([t], year=2024))
    assert findings == [] and results[0].outcome == "not_applicable"


# --- K003 codes that cannot exist -------------------------------------------------------------


def test_k003_unknown_code_whose_name_belongs_elsewhere_is_only_a_note():
    # Liujiang 2017 决算 表六 lines 939-940 "30105 伙食补助费" (伙食补助费 is 30106): our
    # catalogue does not list every 款 of 2017, so "not in the catalogue" is info; the wrong
    # name is K001's error
    t = table("general_budget_basic_expenditure", [row("30105", "伙食补助费", 939)])
    _, findings = run("K003", context([t], year=2017, kind="final"))
    assert [f.severity for f in findings] == ["info"] and "30106" in findings[0].message
    _, findings = run("K001", context([t], year=2017, kind="final"))
    assert [f.severity for f in findings] == ["error"] and "30106" in findings[0].message


def test_k003_absent_only_where_the_catalogue_is_complete_under_the_parent():
    # every 款 of 301 is listed from 2018: 30105 does not exist then (an error); the 款 of
    # 302 are not all attested, so a 302 款 we lack is a note at most
    t = table("general_budget_basic_expenditure", [row("30105", "伙食补助费", 939)])
    _, findings = run("K003", context([t], year=2019))
    assert [f.severity for f in findings] == ["error"] and "不存在" in findings[0].message
    t = table("general_budget_basic_expenditure", [row("30250", "某项商品和服务支出", 12)])
    _, findings = run("K003", context([t], year=2019))
    assert [f.severity for f in findings] == ["info"] and "不存在" not in findings[0].message


def test_k003_function_item_of_another_year_is_only_a_note():
    # 项 2010307 法制建设 is listed to 2018 only, from recollection; no list of 项 is complete,
    # so a 2021 document printing it gets a note, not an alarm
    t = table("expenditure", [row("2010307", "法制建设", 40)])
    _, findings = run("K003", context([t], year=2021))
    assert [f.severity for f in findings] == ["info"]


def test_k001_economic_code_with_another_codes_name_is_an_error():
    # 离休费 (30301) printed for 30302, whose name 退休费 is one character away: not a
    # writing variant but another line of the catalogue
    t = table("general_budget_basic_expenditure", [row("30302", "离休费", 980)])
    _, findings = run("K001", context([t], year=2024))
    assert [f.severity for f in findings] == ["error"] and "30301" in findings[0].message
    # a bracketed alternative read one way is the same name: 维修费 for 30213 维修（护）费
    t = table("general_budget_basic_expenditure", [row("30213", "维修费", 950), row("30303", "退役费", 951)])
    results, findings = run("K001", context([t], year=2024))
    assert [f.severity for f in findings] == ["info", "info"]


def test_k003_mistyped_code_read_as_a_unit_row():
    r = TableRow(code=None, name="国有土地使用权出让收入及对应专项债务收入安排的支出", values={},
                 location=Location(path=PATH, line=1133), unit="201208", level="unit")
    _, findings = run("K003", context([table("gov_fund_expenditure", [r])], year=2017, kind="final"))
    assert len(findings) == 1 and findings[0].actual == "201208"


# --- K004 narrative -----------------------------------------------------------------------------


def test_k004_code_in_brackets_belongs_to_the_name_before_it():
    # the style "公共安全支出（204类）司法（06款）行政运行（01项）": each code FOLLOWS its name
    paras = ["1.公共安全支出（204类）司法（06款）行政运行（01项）2018年预算数为1,234.56万元。",
             "2.公共安全支出（204类）检察（04款）一般行政管理事务（02项）2018年预算数为56.00万元。"]
    results, findings = run("K004", context(paragraphs=paras, year=2018))
    assert findings == []
    assert any(r.outcome == "pass" and r.subject.startswith("204 ") for r in results)
    # a wrong code in the same style is still caught: 205 is 教育支出
    wrong = ["公共安全支出（205类）司法（06款）行政运行（01项）2018年预算数为1,234.56万元。"]
    findings = run("K004", context(paragraphs=wrong, year=2018))[1]
    assert len(findings) == 1 and findings[0].actual == "公共安全支出"
    assert "205" in findings[0].message


def test_k004_bracketed_code_on_a_real_page(corpus):
    # 022 p.11: "三是农林水支出（213）减少": 213 is checked against 农林水支出, its own name
    from budgetlens.pipeline import extract

    ctx = CheckContext(extract(str(corpus("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"))))
    results, findings = run("K004", ctx)
    assert not [f for f in findings if f.severity == "error"]
    passed = {r.subject for r in results if r.outcome == "pass"}
    assert "213 农林水支出" in passed
    # the claims of the PDF's other paragraphs are still checked: a coded name in one
    # paragraph (every PDF line is None) does not stand for all of them
    assert {"205 教育支出", "206 科学技术支出", "221 住房保障支出"} <= passed


def test_k004_new_name_in_2017_and_stem_with_lei_marker():
    findings = run("K004", context(paragraphs=["卫生健康类科目支出预算25.05万元"], year=2017))[1]
    assert len(findings) == 1 and "医疗卫生与计划生育支出" in findings[0].message
    # Liujiang 2022 预算 line 56 uses the same words in 2022: right
    assert run("K004", context(paragraphs=["卫生健康类科目支出预算25.05万元"], year=2022))[1] == []


def test_k004_lei_that_did_not_exist_yet():
    text = ["灾害防治及应急管理支出12.00万元"]
    findings = run("K004", context(paragraphs=text, year=2017))[1]
    assert len(findings) == 1 and "不存在" in findings[0].message
    assert run("K004", context(paragraphs=text, year=2020))[1] == []
    assert run("K004", context(paragraphs=text, year=2014))[1] == []  # outside the catalogue's years


def test_k004_codeless_summary_row():
    t = table("income_expenditure_summary", [TableRow(code=None, name="九、医疗卫生与计划生育支出", values={},
                                                      location=Location(path=PATH, line=71))])
    assert run("K004", context([t], year=2017, kind="final"))[1] == []
    assert len(run("K004", context([t], year=2024))[1]) == 1


def test_k004_claim_subject_uses_the_old_name():
    claim = Claim(kind="amount", subject="医疗卫生与计划生育", value=Amount(Decimal("53.71"), Decimal("0.01")),
                  location=Location(path=PATH, line=40), sentence="…", concept="expenditure.function.210")
    findings = run("K004", context(paragraphs=["无关文字"], claims=[claim], year=2024))[1]
    assert len(findings) == 1 and findings[0].location.line == 40
    assert run("K004", context(paragraphs=["无关文字"], claims=[claim], year=2017))[1] == []


def test_k004_amounts_and_years_are_not_codes():
    text = ["2019年部门预算233.88万元，其中300人，12345政务服务热线"]
    results, findings = run("K004", context(paragraphs=text, year=2019))
    assert findings == []


# --- the corpus ---------------------------------------------------------------------------------


def corpus_context(corpus, name):
    from budgetlens.readers import read
    from budgetlens.recognize.tables import recognize_tables
    from budgetlens.structure import analyze

    doc = read(str(corpus(name)))
    info = analyze(doc)
    tables = recognize_tables(doc, info)
    return CheckContext(Extraction(doc, info, tables, [], []))


def k_findings(ctx):
    out = []
    for code in ("K001", "K002", "K003", "K004"):
        out += [(f.rule, f.severity, f.location.line) for f in run(code, ctx)[1]]
    return sorted(out)


def test_corpus_liujiang_2017_final(corpus):
    ctx = corpus_context(corpus, "liujiang-gov-office-2017-final.txt")
    assert k_findings(ctx) == [
        ("K001", "error", 939),  # 30105 伙食补助费: 伙食补助费 is 30106
        ("K001", "error", 974),  # 30301 生活补助: 30301 is 离休费 (生活补助 is 30305)
        ("K001", "error", 981),  # 30302 住房公积金: 30302 is 退休费 (2017: 住房公积金 is 30311)
        ("K001", "info", 949),  # 30228 工会费 for 工会经费
        ("K003", "error", 1133),  # 201208: six digits, the name is 款 21208
        ("K003", "info", 932),  # 30112 其他社会保障缴费: 2018 code; 2017 was 30104
        ("K003", "info", 939),  # 30105 伙食补助费: not in catalogue; 伙食补助费 is 30106
    ]
    # 医疗卫生与计划生育支出 (表一 line 71, 表二 line 253, narrative line 1186) is right for 2017
    health = [r for r in run("K004", ctx)[0] if "医疗卫生与计划生育" in r.subject]
    assert health and all(r.outcome == "pass" for r in health)


def test_corpus_liuzhou_2019_budget(corpus):
    ctx = corpus_context(corpus, "liuzhou-gov-office-2019-budget.txt")
    assert k_findings(ctx) == [("K004", "error", 131), ("K004", "error", 133)]


def test_corpus_liuzhou_2024_budget_is_clean(corpus):
    ctx = corpus_context(corpus, "liuzhou-gov-office-2024-budget.md")
    assert k_findings(ctx) == []
    checks = Counter(r.outcome for r in run("K001", ctx)[0])
    assert checks["pass"] >= 30  # 9 function items + 30 economic 类/款 (lines 320-327, 502-535)


@pytest.mark.parametrize("name", ["liujiang-gov-service-center-2022-budget.txt",
                                  "dianjiang-gov-office-2024-budget.txt"])
def test_corpus_narrative_only_budgets_are_clean(corpus, name):
    assert k_findings(corpus_context(corpus, name)) == []


def test_k001_split_code_columns_are_not_judged():
    # Putuo 2024 决算 (corpus 019) prints 类 | 款 | 项 in three columns; read as the 类 column
    # only, one code carries many names: none of them can be judged
    t = table("income", [row("201", "一般公共服务支出", 1), row("201", "财政事务", 2), row("201", "行政运行", 3)])
    results, findings = run("K001", context([t], year=2024, kind="final"))
    assert findings == [] and all(r.outcome == "insufficient_data" for r in results)


def test_k001_code_cut_to_its_lei_is_not_judged():
    t = table("expenditure", [row("210", "行政事业单位医疗", 7)])
    results, findings = run("K001", context([t], year=2024))
    assert findings == [] and results[0].outcome == "insufficient_data"


def test_corpus_putuo_2024_final_split_code_columns(corpus):
    ctx = corpus_context(corpus, "019_shanghai-putuo_caizhengju_2024_juesuan.pdf")
    assert k_findings(ctx) == []


PDF_ORIGINALS = [
    "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf",  # 2017: 30104, 30311, 310 其他资本性支出
    "004_jiangsu_jianchayuan_2017_yusuan.pdf",
    "006_jiangsu_gaojifayuan_2018_yusuan.pdf",  # 2018: 20805 行政事业单位离退休, 2080504
    "010_shanghai_caizhengju_2025_yusuan-danwei.pdf",
    "011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf",
    "014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf",
    "021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf",  # 2024: 30311 代缴社会保险费
    "022_chongqing-beibei_xinandaxue_2021_yusuan.pdf",
    "025_chongqing-beibei_xinandaxue_2023_juesuan.pdf",  # 2296004 printed cut: 用于教育事业的彩
]


@pytest.mark.parametrize("name", PDF_ORIGINALS)
def test_corpus_pdfs_raise_no_code_findings(corpus, name):
    # every code/name pair these published documents print is right for its year (each pair
    # is in shared/reference/observed_codes_corpus.csv): a K finding here would be a false alarm
    assert k_findings(corpus_context(corpus, name)) == []


def test_k001_name_no_code_carries_is_a_warning_not_an_error():
    # 042 (江苏省人民检察院 2018 部门预算) p.16 公开05表: "2040405 公诉、审判、侦查、执行等检察监督支出".
    # Our catalogue knows 2040405 only as 公诉和审判监督; the printed name belongs to no other
    # code, so it may be a rename the catalogue lacks: a reviewer is asked to look, not told
    # it is wrong.
    t = table("other", [row("2040405", "公诉、审判、侦查、执行等检察监督支出", 16)])
    _, findings = run("K001", context([t], year=2018))
    assert [f.severity for f in findings] == ["warning"]
    assert "目录未收录" in findings[0].message
    # A name that belongs to another code stays an error (liujiang 2017 表六 l.981: 30302 住房公积金).
    t = table("general_budget_basic_expenditure", [row("30302", "住房公积金", 981)])
    _, findings = run("K001", context([t], year=2017))
    assert [f.severity for f in findings] == ["error"]
