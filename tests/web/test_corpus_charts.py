"""The server-drawn SVG charts and the amount texts they and the API use."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from budgetlens.web.amounts import amount_label, amount_text
from budgetlens.web.charts import Series, bar_chart, line_chart, nice_step

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_amounts_are_exact_decimal_strings_with_cents():
    assert amount_text(D("3797.6400000000")) == "3797.64"
    assert amount_text(D("0E-10")) == "0.00"
    assert amount_text(D("44")) == "44.00"
    assert amount_text(D("0.1234560000")) == "0.123456"  # 1,234.56 元 in 万元 keeps its digits
    assert amount_text(None) is None
    assert amount_label(D("17996.68")) == "17,996.68"
    assert amount_label(D("-1234567.5")) == "-1,234,567.50"
    assert amount_label(None) == "—"


def test_grouped_bars_carry_their_values_and_share_one_scale():
    svg = bar_chart("基本与项目", ["2017 预算", "2018 预算"],
                    [Series("基本支出", [D("12323.48"), D("13994.31")]),
                     Series("项目支出", [D("5533.00"), None])])
    root = _parse(svg)
    bars = root.findall(f"{SVG}rect[@class='bar']")
    assert [(b.get("data-series"), b.get("data-category"), b.get("data-value")) for b in bars] == [
        ("基本支出", "2017 预算", "12323.48"), ("项目支出", "2017 预算", "5533.00"),
        ("基本支出", "2018 预算", "13994.31")]
    heights = [float(b.get("height")) for b in bars]
    assert heights[0] / heights[1] == pytest.approx(12323.48 / 5533.00, rel=1e-2)
    assert bars[0].find(f"{SVG}title").text == "2017 预算 基本支出: 12,323.48 万元"
    ticks = [t.text for t in root.findall(f"{SVG}text[@class='tick']")]
    assert ticks[0] == "0.00" and ticks[-1] == "15,000.00"  # round steps (5,000) up past the largest bar
    assert root.find(f"{SVG}text[@class='unit']").text == "万元"


def test_stacked_bars_stand_on_each_other():
    svg = bar_chart("类", ["2017"], [Series("204", [D("13656.34")]), Series("208", [D("2021.18")]),
                                     Series("221", [D("2319.16")])], stacked=True)
    bars = _parse(svg).findall(f"{SVG}rect[@class='bar']")
    for lower, upper in zip(bars, bars[1:], strict=False):
        assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
            float(lower.get("y")), abs=0.11)
    top = [t.text for t in _parse(svg).findall(f"{SVG}text[@class='tick']")][-1]
    assert top == "20,000.00"  # the whole stack (17,996.68) under the top tick


def test_lines_break_where_a_year_has_no_figure():
    svg = line_chart("三公", ["2017", "2018", "2019"],
                     [Series("公务接待费", [D("156.55"), None, D("116.50")])])
    root = _parse(svg)
    assert len(root.findall(f"{SVG}circle")) == 2
    assert root.findall(f"{SVG}polyline") == []  # no line drawn across the gap


def test_text_from_documents_is_escaped():
    hostile = '<script>alert("x")</script>&'
    svg = bar_chart(hostile, [hostile], [Series(hostile, [D(1)])])
    assert "<script>" not in svg
    root = _parse(svg)
    bar = root.find(f"{SVG}rect[@class='bar']")
    assert bar.get("data-series") == hostile and bar.get("data-category") == hostile
    assert root.get("aria-label") == hostile
    assert not re.search(r"\sstyle=", svg)  # presentation attributes only: the CSP allows no inline style


def test_no_figures_say_so():
    svg = bar_chart("空", ["2017"], [Series("基本支出", [None])])
    assert "无数据" in svg and "rect" not in svg


def test_series_and_categories_must_agree():
    with pytest.raises(ValueError):
        bar_chart("x", ["2017", "2018"], [Series("a", [D(1)])])


@pytest.mark.parametrize(("span", "step"), [(D("17996.68"), D(5000)), (D("584.35"), D(200)),
                                            (D("0.95"), D("0.2")), (D(0), D(1))])
def test_tick_steps_are_round(span, step):
    assert nice_step(span) == step
