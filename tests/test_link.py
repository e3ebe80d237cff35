"""Linking documents: splits found and merged, series and pairs by department, year, kind."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from budgetlens.check import check_extraction
from budgetlens.link import find_splits, key_of, link, merge_split, normalise_department
from budgetlens.pipeline import extract
from conftest import corpus_file


def _x(prefix: str):
    names = {p.name for p in corpus_file("002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf").parent.iterdir()}
    name = next(n for n in sorted(names) if n.startswith(prefix))
    return extract(str(corpus_file(name)))


def _names(pairs) -> list[tuple[str, str]]:
    return [(Path(a.path).name[:3], Path(b.path).name[:3]) for a, b in pairs]


def test_department_names_normalised():
    forms = ["中国共产党江苏省委员会办公厅", "中共江苏省委办公厅", "江苏省委办公厅"]
    assert {normalise_department(n) for n in forms} == {"江苏省委办公厅"}
    assert normalise_department("江苏省人民代表大会常务委员会办公厅") == normalise_department("江苏省人大常委会办公厅")
    assert normalise_department(None) is None


def test_split_disclosure_and_its_series_linked():
    d002, d043, d044 = _x("002"), _x("043"), _x("044")
    links = link([d044, d002, d043])
    assert [(Path(s.narrative.path).name[:3], Path(s.tables.path).name[:3]) for s in links.splits] == [("043", "044")]
    assert not links.splits[0].by_figures
    (earlier, later), = links.series
    assert Path(earlier.path).name[:3] == "002"
    assert later.info.year == 2019 and later.tables and later.claims  # the merged 2019 disclosure


def test_zhengxie_series_of_two_splits():
    links = link([_x("047"), _x("048"), _x("049"), _x("050")])
    assert sorted((Path(s.narrative.path).name[:3], Path(s.tables.path).name[:3]) for s in links.splits) == [
        ("047", "048"), ("049", "050")]
    assert [(a.info.year, b.info.year) for a, b in links.series] == [(2017, 2018)]
    assert links.unlinked == []


def test_table_file_naming_no_department_matched_by_figures():
    """051 prints no 部门 in its 部门： fields; with its name removed, its figures still
    find the 2019 人大常委会办公厅 narrative (046) and not the 省委办公厅 one (043)."""
    d043, d046, d051 = _x("043"), _x("046"), _x("051")
    anonymous = replace(d051, info=replace(d051.info, department=None, department_code=None))
    assert key_of(anonymous).department is None
    splits = find_splits([d043, d046, anonymous])
    (s,) = splits
    assert Path(s.narrative.path).name.startswith("046") and s.by_figures
    # 49 of the 67 amounts 046 states in its narrative (with a concept) stand in 051's tables
    # (一般公共预算机关运行经费 1,642.08 in its 公开11表 among them)
    assert (s.matched, s.stated) == (49, 67)


def test_merged_split_checks_the_narrative_against_its_tables():
    d049, d050 = _x("049"), _x("050")
    alone = check_extraction(d049)
    (s,) = find_splits([d049, d050])
    merged = check_extraction(merge_split(s))
    assert alone.outcomes["N001"].counts["pass"] == 0
    assert merged.outcomes["N001"].counts["pass"] > 10
    table_files = {Path(f.location.path).name[:3] for f in merged.findings if f.location.path}
    assert table_files <= {"049", "050"}
