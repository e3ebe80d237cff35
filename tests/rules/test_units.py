"""U rules on the corpus. The cases of each rule (a table's unit line off by 10,000; 元
written where 万元 is meant) are data: tests/rules/cases/U00N.yaml."""

from __future__ import annotations

from budgetlens.check import check_path
from conftest import corpus_file


def test_corpus_2022_yuan_slip_found():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["U"])
    assert [(f.rule, f.location.line) for f in r.findings] == [("U002", 52)]
