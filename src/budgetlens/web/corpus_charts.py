"""A department's charts, from its figures over the years: expenditure by 功能分类 类, the
三公经费 trend and its parts, 基本支出 beside 项目支出, and each year's budget beside its final
account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from . import corpus_models as m
from .charts import Series, bar_chart, line_chart


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    svg: Markup


def _figure(year: m.DepartmentYear, concept: str) -> Decimal | None:
    value = next((f.value_wan for f in year.figures if f.concept == concept), None)
    return Decimal(value) if value is not None else None


def _series(years: list[m.DepartmentYear], concept: str, name: str) -> Series:
    return Series(name, [_figure(y, concept) for y in years])


def by_function_class(dept: m.DepartmentOut) -> Chart:
    years = [y for y in dept.years if y.function_classes]
    names = {c.code: f"{c.code} {c.name}" for y in years for c in y.function_classes}
    series = [Series(names[code], [next((Decimal(c.value_wan) for c in y.function_classes
                                         if c.code == code), None) for y in years])
              for code in sorted(names)]
    title = "支出功能分类（类） expenditure by function class"
    return Chart("function-classes", title,
                 bar_chart(title, [y.label for y in years], series, stacked=True))


def sangong_trend(dept: m.DepartmentOut) -> Chart:
    years = dept.years
    title = "“三公”经费 trend and its parts"
    series = [_series(years, "sangong.total", "“三公”经费"),
              _series(years, "sangong.overseas", "因公出国（境）费"),
              _series(years, "sangong.vehicle", "公务用车购置及运行费"),
              _series(years, "sangong.reception", "公务接待费")]
    return Chart("sangong", title, line_chart(title, [y.label for y in years], series))


def basic_and_project(dept: m.DepartmentOut) -> Chart:
    years = dept.years
    title = "基本支出与项目支出 basic and project expenditure"
    series = [_series(years, "expenditure.basic", "基本支出"),
              _series(years, "expenditure.project", "项目支出")]
    return Chart("basic-project", title, bar_chart(title, [y.label for y in years], series))


def budget_and_final(dept: m.DepartmentOut) -> Chart:
    rows = dept.budget_vs_final
    title = "预算与决算 支出总计 budget and final account of the same year"

    def amounts(values: list[str | None]) -> list[Decimal | None]:
        return [Decimal(v) if v is not None else None for v in values]

    series = [Series("预算", amounts([r.budget_wan for r in rows])),
              Series("决算", amounts([r.final_wan for r in rows]))]
    return Chart("budget-final", title, bar_chart(title, [str(r.year) for r in rows], series))


def department_charts(dept: m.DepartmentOut) -> list[Chart]:
    return [by_function_class(dept), sangong_trend(dept), basic_and_project(dept),
            budget_and_final(dept)]
