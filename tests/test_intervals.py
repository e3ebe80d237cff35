"""Interval arithmetic: rounding never fails a relation, a real slip always does."""

from decimal import Decimal as D

from budgetlens.intervals import Interval, agreement, interval_sum, percent
from budgetlens.numbers import parse_number


def iv(text: str) -> Interval:
    return Interval.of(parse_number(text))


def test_written_value_is_an_interval():
    assert iv("4,555.35") == Interval(D("4555.345"), D("4555.355"))
    assert iv("18%") == Interval(D("17.5"), D("18.5"))


def test_sum_of_rounded_items_may_differ_from_rounded_total():
    # liuzhou-gov-office-2024-budget.md 表6: sixteen 302 items add to 463.33, 公用经费 is 463.30
    items = ["41.02", "6.72", "4.12", "15.73", "32.58", "2.50", "60.61", "8.00", "8.19", "6.79",
             "6.38", "36.60", "8.75", "17.60", "131.94", "75.80"]
    total = interval_sum(iv(x) for x in items)
    assert total.intersects(iv("463.30"))  # 0.03 apart, 17 half-cents of slack


def test_real_slip_is_caught():
    # liujiang-gov-office-2017-final.txt 表四: 163.26 stated over parts 156.26 + 10.00
    parts = iv("156.26") + iv("10.00")
    assert not parts.intersects(iv("163.26"))
    assert parts.gap(iv("163.26")) == D("2.985")  # 166.26 - 163.26 less two half-cents


def test_growth_rate_interval():
    # liuzhou-gov-office-2019-budget.txt: 印刷费 5.85, 增加 0.57 -> prior 5.28, growth 10.8 %, stated 1.1 %
    current, change = iv("5.85"), iv("0.57")
    rate = percent(change, current - change)
    assert rate.contains(D("10.8"))
    assert not rate.intersects(iv("1.1"))


def test_division_by_interval_containing_zero_is_unbounded():
    assert percent(iv("1.00"), iv("0.00")) is None


def test_agreement_is_one_policy_for_rounded_cut_and_different_figures():
    table = Interval.of_wanyuan(parse_number("1,234,567.89", "元"))  # 123.456789万元
    assert agreement(parse_number("123.46", "万元"), table) == "equal"
    assert agreement(parse_number("123.45", "万元"), table) == "truncated"
    assert agreement(parse_number("123.44", "万元"), table) == "different"
    # a rate: 308.08 / 612.00 = 50.3398…% written 50.33% (liujiang 2017 P005 example)
    rate = Interval(D("50.338"), D("50.342"))
    assert agreement(parse_number("50.33%"), rate) == "truncated"
    assert agreement(parse_number("50.34%"), rate) == "equal"
    # liujiang 2017 l.1186: 1089.99万元 against 表五 1089.00 is neither rounded nor cut
    printed = Interval.of(parse_number("1,089.00", "万元"))
    assert agreement(parse_number("1089.99", "万元"), printed) == "different"
