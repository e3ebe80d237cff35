"""Hand-built tables for rule tests: rows typed from the corpus documents (lines cited in
the tests), so each rule is tested without table recognition."""

from __future__ import annotations

from budgetlens.check import DocumentCheck, check_extraction
from budgetlens.facts import build_facts
from budgetlens.model import (
    Claim,
    Column,
    Document,
    DocumentInfo,
    Location,
    Table,
    TableRow,
)
from budgetlens.numbers import parse_number
from budgetlens.pipeline import Extraction

PATH = "hand-built.md"


def amt(text: str | None, unit: str | None = None):
    return None if text is None else parse_number(text, unit)


def col(key: str, *path: str, side: str | None = None) -> Column:
    return Column(key=key, path=tuple(path) or (key,), index=0, side=side)


def trow(
    name: str,
    values: dict[str, str | None],
    *,
    code: str | None = None,
    unit: str | None = None,
    level: str | None = None,
    line: int = 1,
    side: str | None = None,
    placements: dict | None = None,
    scheme: str | None = None,
    is_total: bool = False,
) -> TableRow:
    if level is None and code and code.isdigit():
        level = {3: "类", 5: "款", 7: "项"}.get(len(code))
    if scheme is None and code and code.isdigit():
        scheme = "economic" if code[0] == "3" else "function"
    if name.strip() == "合计" and not code and not unit and side is None:
        is_total, level = True, "total"
    return TableRow(
        code=code,
        name=name,
        values={k: amt(v) for k, v in values.items()},
        location=Location(path=PATH, line=line),
        unit=unit,
        level=level,
        is_total=is_total,
        scheme=scheme,
        placements=placements or {},
        side=side,
    )


def table(
    kind: str,
    columns: list[Column],
    rows: list[TableRow],
    *,
    id: str = "t1",
    number: str = "表1",
    title: str = "",
    money_unit: str = "万元",
) -> Table:
    return Table(
        id=id,
        kind=kind,
        title=title or kind,
        columns=columns,
        rows=rows,
        location=Location(path=PATH, line=rows[0].location.line if rows else 1),
        money_unit=money_unit,
        number=number,
    )


def claim(
    kind: str,
    subject: str,
    text: str,
    line: int,
    sentence: str,
    *,
    unit: str | None = "万元",
    period: str = "current",
    concept: str | None = None,
    direction: int | None = None,
    scope: str | None = None,
) -> Claim:
    value = parse_number(text, unit)
    return Claim(
        kind=kind,
        subject=subject,
        value=value,
        location=Location(path=PATH, line=line),
        sentence=sentence,
        period=period,
        concept=concept,
        direction=direction,
        scope=scope,
    )


def extraction(
    tables: list[Table], claims: list[Claim] = (), kind: str = "budget", year: int = 2024
) -> Extraction:
    info = DocumentInfo(year=year, kind=kind, department="测试部门")
    doc = Document(path=PATH, format="markdown", blocks=[])
    claims = list(claims)
    return Extraction(
        document=doc,
        info=info,
        tables=tables,
        claims=claims,
        facts=build_facts(info, tables, claims),
    )


def run(code: str, x: Extraction) -> DocumentCheck:
    return check_extraction(x, select=[code])


def counts(result: DocumentCheck, code: str) -> dict[str, int]:
    return result.outcomes[code].counts
