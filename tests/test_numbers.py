"""Figures are read exactly as written: value, precision, nothing else."""

from decimal import Decimal as D

import pytest

from budgetlens.numbers import (
    is_empty_mark,
    is_placeholder,
    looks_like_code,
    looks_like_year,
    parse_number,
)


@pytest.mark.parametrize(
    "text, value, precision, unit",
    [
        ("4,555.35", "4555.35", "0.01", None),  # liuzhou 2024 表1, thousands separator
        ("1480.66", "1480.66", "0.01", None),  # liujiang 2017 表一 财政拨款
        ("0.00", "0", "0.01", None),
        ("18", "18", "1", None),
        ("10.8%", "10.8", "0.1", "%"),
        ("４，５５５．３５", "4555.35", "0.01", None),  # full-width digits and comma
        ("-12.50", "-12.50", "0.01", None),
        ("(3.00)", "-3.00", "0.01", None),
        ("4,668,000", "4668000", "1", None),  # Shanghai tables in 元
        (" 163.26 ", "163.26", "0.01", None),
    ],
)
def test_parse_number_keeps_written_precision(text, value, precision, unit):
    a = parse_number(text)
    assert a is not None
    assert a.value == D(value)
    assert a.precision == D(precision)
    assert a.unit == unit


@pytest.mark.parametrize("text", ["", "合计", "2010301a", "1,23,4", "12.3.4", "一百", "x,xxx", "4.555,35"])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_unit_passed_through_and_converted():
    a = parse_number("4,668,000", unit="元")
    w = a.in_wanyuan()
    assert w.value == D("466.8000") and w.precision == D("0.0001") and w.unit == "万元"


def test_marks_and_placeholders():
    assert is_empty_mark("　") and is_empty_mark("-") and is_empty_mark("")
    assert not is_empty_mark("0.00")
    for p in ("XX", "x,xxx", "xx.xx", "X,XXX.XX", "待填写"):
        assert is_placeholder(p), p
    for p in ("0.00", "合计", "1,234"):
        assert not is_placeholder(p), p


def test_codes_and_years_are_told_apart():
    assert looks_like_code("2010301") and looks_like_code("301") and looks_like_code("103001")
    assert not looks_like_code("4,555.35") and not looks_like_code("0.00")
    assert looks_like_year("2024") and looks_like_year("2017年")
    assert not looks_like_year("2010301")
