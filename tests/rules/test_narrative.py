"""N rules on the five corpus texts: every error the rules raise, each verified by reading the
document. Each rule's failing and passing cases are data: tests/rules/cases/N00N.yaml.
"""

from __future__ import annotations

import pytest

from budgetlens.rules import REGISTRY, missing_doc_sections


@pytest.mark.parametrize("code", ["N001", "N002", "N003", "N004", "N005"])
def test_rule_documented(code):
    assert missing_doc_sections(REGISTRY[code]) == []


# -- the corpus ---------------------------------------------------------------------------

N_CODES = ["N001", "N002", "N003", "N004", "N005"]

# every error-severity N finding on the five texts, each verified by reading the document
EXPECTED_ERRORS = {
    "liuzhou-gov-office-2019-budget.txt": set(),
    "liuzhou-gov-office-2024-budget.md": set(),
    "liujiang-gov-service-center-2022-budget.txt": {("N003", 102)},
    "liujiang-gov-office-2017-final.txt": {("N001", 1186), ("N001", 1190), ("N001", 1216), ("N001", 1224),
                                           ("N002", 1226), ("N003", 1261)},
    "dianjiang-gov-office-2024-budget.txt": set(),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_corpus_errors(name):
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file(name)), select=N_CODES)
    errors = {(f.rule, f.location.line) for f in result.findings if f.severity == "error"}
    assert errors == EXPECTED_ERRORS[name]


def test_corpus_2024_every_narrative_amount_checked_passes():
    # liuzhou 2024: every amount with a table figure agrees (l.91-207 against 表1-表11)
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file("liuzhou-gov-office-2024-budget.md")), select=["N001"])
    assert result.findings == []
    assert result.outcomes["N001"].counts["pass"] >= 40


def test_corpus_breakdown_named_first_is_checked():
    # 011 p.6: "财政拨款支出预算9,101.68万元…。财政拨款支出预算中，一般公共预算拨款支出预算9,101.68万元…；
    # 政府性基金拨款支出预算0万元…；国有资本经营预算拨款支出预算0万元…": the three funds of the
    # whole the sentence names first add up to it (and the 收入 sentence's sources do not exceed it)
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file("011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf")),
                        select=["N005"])
    assert result.findings == []
    assert result.outcomes["N005"].counts["pass"] >= 3


def test_corpus_reserve_funds_compared_with_their_column():
    # 006 p.18: "单位预留机动经费 3258.06 万元"; 表三 支出预算总表 (p.10) has a 单位预留机动经费 column
    # (3,258.06), which was read as 本年支出合计 before it had a concept of its own
    from budgetlens.check import check_path
    from budgetlens.pipeline import extract_document
    from budgetlens.readers import read
    from conftest import corpus_file

    path = str(corpus_file("006_jiangsu_gaojifayuan_2018_yusuan.pdf"))
    x = extract_document(read(path))
    reserve = [f for f in x.facts if f.source == "table" and f.concept == "expenditure.reserve"]
    assert {f.value.text for f in reserve} == {"3,258.06"}
    assert not any(f.concept == "expenditure.current" and f.value.text == "3,258.06" for f in x.facts)
    r = check_path(path, select=["N001"])
    assert not [f for f in r.findings if "预留机动" in f.message]


def test_corpus_change_lists_checked_against_the_tables():
    # 022 p.3: "本年预算收入…减少1,106.89万元，其中：财政拨款收入减少6,331.03万元…事业收入增加2,110.3万元…
    # 其他收入增加3,113.84万元" and "本年支出预算…减少2,219.02万元…其中：教育支出减少1,505.49万元，科学技术
    # 支出增加166.77万元，农林水支出减少1,206万元，住房保障支出增加325.7万元": 表一 (p.6) gives the sources
    # 财政拨款, 事业收入, 其他收入 and the 类 205, 206, 221 (398,593.09 + 1,512.90 + 15,702.41 =
    # 415,808.40), every one listed, so both change lists are summed, and all add up
    from budgetlens.check import check_path
    from budgetlens.pipeline import extract
    from budgetlens.rules.context import CheckContext
    from budgetlens.rules.narrative_breakdown import _complete_in_tables, _stated_breakdowns
    from conftest import corpus_file

    path = str(corpus_file("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"))
    x = extract(path)
    ctx = CheckContext(x)
    lists = {(h.kind, h.value.text): _complete_in_tables(ctx, h, parts) for h, parts in _stated_breakdowns(x.claims)}
    assert lists[("change", "1,106.89万元")] and lists[("change", "2,219.02万元")]
    # "财政拨款支出…减少6,331.03万元。其中教育支出…减少6,505.48万元…科学技术支出…增加166.77万元…
    # 住房保障支出…增加7.68万元": 财政拨款支出预算表 (p.9) gives 205, 206, 221 (207,796.18 +
    # 1,512.90 + 7,243.45 = 216,552.53), every one listed
    assert lists[("change", "6,331.03万元")]
    result = check_path(path, select=["N005"])
    assert result.findings == []
    assert result.outcomes["N005"].counts["pass"] >= 5


def test_corpus_zero_parts_do_not_hide_a_part_written_too_high(tmp_path):
    # dianjiang l.59: 4682.04 + 0 + 0 + 0 + 0 + 0 + 1.31 = 4683.35; with 其他收入 written 2万元 the
    # parts come to at least 4684.84 (a written 0万元 is never below zero), above the whole
    from budgetlens.check import check_path
    from conftest import corpus_file

    text = corpus_file("dianjiang-gov-office-2024-budget.txt").read_text("utf-8")
    assert check_path(str(corpus_file("dianjiang-gov-office-2024-budget.txt")), select=["N005"]).findings == []
    changed = tmp_path / "dianjiang-gov-office-2024-budget.txt"
    changed.write_text(text.replace("其他收入0万元，上年结余1.31万元", "其他收入2万元，上年结余1.31万元", 1), "utf-8")
    found = check_path(str(changed), select=["N005"]).findings
    assert [(f.severity, f.location.line, f.actual) for f in found] == [("error", 59, "[4683.345, 4683.355]")]


def test_corpus_change_explained_by_its_parts_is_summed():
    # 006 p.17: "…收入、支出预算总计33172.15万元，与上年相比收、支预算总计各增加4322.77万元，增长14.98%。主要原因是基本支出增加
    # 1447.63万元、项目支出安排减少200万元、单位预留机动经费增加3075.14万元": 1447.63 − 200 + 3075.14 =
    # 4322.77. The tables give 基本支出, 项目支出 and 单位预留机动经费 and nothing else above zero, so the
    # reason lists every part this year; written 减少400万元 the parts' changes (4122.77) fall short
    from dataclasses import replace

    from budgetlens.check import check_extraction
    from budgetlens.model import Paragraph
    from budgetlens.pipeline import extract_document
    from budgetlens.readers import read
    from conftest import corpus_file

    doc = read(str(corpus_file("006_jiangsu_gaojifayuan_2018_yusuan.pdf")))
    said = "项目支出安排减少 200 万元、单位预留机动经费增加 3075.14 万元"
    at = [i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and said in b.text]
    assert at, "006's reason sentence is read"
    assert not [f for f in check_extraction(extract_document(doc)).findings if f.rule == "N005"]
    blocks = list(doc.blocks)
    blocks[at[0]] = replace(blocks[at[0]], text=blocks[at[0]].text.replace(said, said.replace(" 200 ", " 400 ")))
    found = [f for f in check_extraction(extract_document(replace(doc, blocks=blocks))).findings
             if f.rule == "N005"]
    assert [(f.severity, f.location.page) for f in found] == [("error", 17)]
    assert "[4122.26, 4123.28]" in found[0].message and "小于总额增减额" in found[0].message
