"""L rules on the corpus. Each rule's failing and passing cases are data:
tests/rules/cases/L00N.yaml (negative amounts, parts above their whole, rates from a zero base).
"""

from __future__ import annotations

from budgetlens.check import check_path
from conftest import corpus_file


def test_corpus_2022_vehicle_findings():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["L"])
    assert {(f.rule, f.location.line) for f in r.findings} == {("L002", 104), ("L003", 104)}
