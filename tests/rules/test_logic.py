"""L rules on the corpus. Each rule's failing and passing cases are data:
tests/rules/cases/L00N.yaml (negative amounts, parts above their whole, rates from a zero base).
"""

from __future__ import annotations

from budgetlens.check import check_path
from conftest import corpus_file


def test_corpus_2022_vehicle_findings():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["L"])
    assert {(f.rule, f.location.line) for f in r.findings} == {("L002", 104), ("L003", 104)}


def test_zero_base_when_the_subject_is_named_twice_in_one_statement():
    # 021 p.17: "中共上海市普陀区委社会工作部2024年度收入支出总计307.82 万元。与 2023 年度相比，收入支出
    # 总计增加 307.82 万元，增长 100.00%。主要原因：单位于 2024 年成立。" (and 四、 财政拨款收入支出总计):
    # the department's name before the first mention does not make the two another subject
    from budgetlens.check import check_path
    from conftest import corpus_file

    r = check_path(str(corpus_file("021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf")), select=["L003"])
    assert sorted(f.location.page for f in r.findings) == [17, 17, 18, 21]
    assert all(f.severity == "warning" for f in r.findings)
