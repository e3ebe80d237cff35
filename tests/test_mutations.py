"""The mutation harness (bench/mutate.py) on one converted-text corpus document.

Each case injects one known error at a place read by hand from liuzhou-gov-office-2024-budget.md
and names the rules that must now point at it; the full corpus run is the benchmark
``bench/mutate.py``.
"""

from __future__ import annotations

from functools import cache

import pytest

from budgetlens.readers import read
from conftest import corpus_file
from mutation_kit import cell_site, harness, text_site

L2024 = "liuzhou-gov-office-2024-budget.md"


@cache
def _baseline():
    return harness().Baseline.of(read(str(corpus_file(L2024))))


def baseline():
    corpus_file(L2024)  # skips when the corpus is absent
    return _baseline()


def run(site):
    return harness().run(baseline(), site)


def test_table_cell_times_ten_breaks_the_row_sum():
    # l.429 一般公共预算基本支出表 2010301 行政运行 (103001): 1,623.71 = 人员经费 1,262.44 + 公用经费 361.27
    r = run(cell_site(baseline(), "cell_x10", 429, "1,262.44", "12,624.40"))
    assert r.caught_error and "A001" in r.rules


def test_narrative_amount_against_table_and_share():
    # l.107 一般公共服务支出3,487.74万元，占支出总预算76.56%: the table's 201 and the share both disagree
    r = run(text_site(baseline(), "text_amount", 107, "3,487.74万元", "3,847.74万元"))
    assert r.caught_error and {"N001", "P001"} <= set(r.rules)


def test_comparison_word_flipped():
    # l.107 同比增加89.97万元，同比增长2.65%: 减少 contradicts the growth rate
    r = run(text_site(baseline(), "text_direction", 107, "同比增加89.97", "同比减少89.97"))
    assert r.caught_error and "P004" in r.rules


def test_share_rate_changed():
    r = run(text_site(baseline(), "text_rate", 107, "76.56%", "67.56%"))
    assert r.caught_error and r.rules == ["P001"]


def test_unchanged_place_is_not_caught():
    # a change within the writing of the same figure is no error: nothing new may point at it
    r = run(text_site(baseline(), "text_amount", 107, "3,487.74万元", "3487.74万元"))
    assert not r.caught and r.reason == "insufficient data"


@pytest.mark.parametrize("kind", ["cell_last_digit", "cell_x10", "cell_swap"])
def test_seeded_sites_are_real_and_repeatable(kind):
    m = harness()
    sites = [s for s in m.all_sites(baseline(), L2024, seed=7, per_kind=5) if s.kind == kind]
    again = [s for s in m.all_sites(baseline(), L2024, seed=7, per_kind=5) if s.kind == kind]
    assert sites and [s.detail for s in sites] == [s.detail for s in again]
    for s in sites:  # every change leaves the rounding slack of its table
        old, new = s.detail.split(": ")[-1].split(" → ")
        assert old != new


def test_class_names_in_classification_places_and_in_prose():
    # l.111 "3. 卫生健康支出297.59万元…基本支出中卫生健康支出增长": the subject of a figure, then a
    # word of the reason; l.137 "…（类）行政事业单位养老支出（款）行政单位离退休（项）": a path;
    # l.153 "主要包括：…、其他对个人和家庭的补助。": a list in the prose
    m = harness()
    sites = [s for s in m.class_name_sites(baseline(), L2024, 7, None) if s.kind == "class_name_text"]
    by_line = {}
    for s in sites:
        by_line.setdefault(s.places[0].line, []).append(s.unbound)
    assert sorted(by_line[111], key=str) == [None, "prose only"]
    assert by_line[137] == [None, None]
    assert by_line[153] == ["prose only"]


def test_a_name_inside_a_longer_name_is_not_replaced():
    # "归口管理的行政单位离退休" is the tail of 2080504 未归口管理的行政单位离退休
    m = harness()
    text = "行政事业单位离退休（款）未归口管理的行政单位离退休（项）"
    start = text.index("归口管理的")
    assert m._inside_longer_name(text, start, start + len("归口管理的行政单位离退休"))
    assert not m._inside_longer_name(text, 0, len("行政事业单位离退休"))
