"""Nothing dropped, nothing doubled: every amount printed on a table line of the text corpus
ends up in exactly one extracted cell of exactly one table.

An amount here is a field that parses as a number and is written with a decimal point or a
thousands separator: that leaves out classification and unit codes, years, column-number rows
and 行次, which the recognizer is meant to leave out.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budgetlens.model import DocumentInfo, Grid
from budgetlens.numbers import parse_number
from budgetlens.readers import read
from budgetlens.recognize.tables import recognize_tables
from conftest import corpus_file

TEXT_DOCUMENTS = ["liuzhou-gov-office-2024-budget.md", "liujiang-gov-office-2017-final.txt"]


def _is_amount(field: str) -> bool:
    t = field.strip().replace("\u3000", "")
    return parse_number(t) is not None and ("." in t or "," in t)


def _grid_lines(grids: list[Grid]) -> set[int]:
    lines: set[int] = set()
    for g in grids:
        for row in g.rows:
            for c in row:
                if c.location and c.location.line is not None:
                    lines.add(c.location.line)
        if g.location.line is not None and g.location.end_line is not None:
            lines.update(range(g.location.line, g.location.end_line + 1))
    return lines


def _printed_amounts(path: str, lines: set[int]) -> dict[int, Counter]:
    """Amounts on each grid line of the source file, as written."""
    out: dict[int, Counter] = {}
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            if n in lines:
                found = Counter(
                    x.strip().replace("\u3000", "") for x in text.split("\t") if _is_amount(x)
                )
                if found:
                    out[n] = found
    return out


@pytest.mark.parametrize("name", TEXT_DOCUMENTS)
def test_every_amount_in_exactly_one_cell(name):
    path = str(corpus_file(name))
    doc = read(path)
    tables = recognize_tables(doc, DocumentInfo())
    printed = _printed_amounts(path, _grid_lines(doc.grids()))
    assert printed, "no table lines found"

    # Per row: the amounts printed on the row's source lines are exactly its values.
    # Rows of one line (收入 | 支出 on one line) are compared together.
    extracted: dict[tuple[int, int], Counter] = {}
    for t in tables:
        for r in t.rows:
            span = (r.location.line, r.location.end_line or r.location.line)
            bucket = extracted.setdefault(span, Counter())
            bucket.update(v.text for v in r.values.values() if v is not None and _is_amount(v.text))
    covered: set[int] = set()
    for (first, last), values in extracted.items():
        expected = Counter()
        for n in range(first, last + 1):
            expected.update(printed.get(n, Counter()))
            covered.add(n)
        assert values == expected, f"{name}:{first}-{last}: extracted {values} printed {expected}"

    # Every line with an amount is some row's line: nothing dropped between rows.
    dropped = {n: c for n, c in printed.items() if n not in covered}
    assert not dropped, f"{name}: amounts on lines in no row: {dropped}"
    total_printed = sum(printed.values(), Counter())
    total_extracted = sum(extracted.values(), Counter())
    assert total_extracted == total_printed


@pytest.mark.parametrize("name", TEXT_DOCUMENTS)
def test_whole_number_values_are_printed_on_their_rows(name):
    """Values written without a decimal point ('0' in 表七) come from their row's own lines."""
    path = str(corpus_file(name))
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    tables = recognize_tables(read(path), DocumentInfo())
    for t in tables:
        for r in t.rows:
            first, last = r.location.line, r.location.end_line or r.location.line
            fields = {x.strip() for n in range(first, last + 1) for x in lines[n - 1].split("\t")}
            for v in r.values.values():
                assert v is None or v.text in fields, f"{name}:{first}-{last} {v.text}"


@pytest.mark.parametrize("name", TEXT_DOCUMENTS)
def test_row_spans_do_not_overlap(name):
    """Two rows never claim the same source line unless they are the two sides of one line."""
    tables = recognize_tables(read(str(corpus_file(name))), DocumentInfo())
    owner: dict[int, tuple[int, int]] = {}
    for t in tables:
        for r in t.rows:
            span = (r.location.line, r.location.end_line or r.location.line)
            for n in range(span[0], span[1] + 1):
                assert owner.setdefault(n, span) == span, f"{name}:{n} in {owner[n]} and {span}"


PDF_DOCUMENTS = [
    "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf",
    "006_jiangsu_gaojifayuan_2018_yusuan.pdf",
    "011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf",
    "019_shanghai-putuo_caizhengju_2024_juesuan.pdf",
    "021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf",
    "025_chongqing-beibei_xinandaxue_2023_juesuan.pdf",
]


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_pdf_grid_amounts_in_exactly_one_cell(name):
    """The same property on ruled PDF grids: every amount cell of every grid is one value;
    the only values not from a grid cell are rows the reader left between two grids."""
    doc = read(str(corpus_file(name)))
    tables = recognize_tables(doc, DocumentInfo())
    printed = Counter(
        c.text.strip() for g in doc.grids() for row in g.rows for c in row if _is_amount(c.text)
    )
    extracted = Counter(
        v.text
        for t in tables
        for r in t.rows
        for v in r.values.values()
        if v and _is_amount(v.text)
    )
    assert not printed - extracted, f"{name}: dropped {printed - extracted}"
    loose = {p.text.strip() for p in doc.paragraphs()}
    extra = extracted - printed
    assert all(text in loose for text in extra), f"{name}: values from nowhere {extra}"
