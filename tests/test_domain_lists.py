"""One list per fact of the domain: the 类 names are read from the catalogue
(function_codes.csv) by the summary tables and the narrative alike."""

from __future__ import annotations

from budgetlens.taxonomy import codes as cat
from budgetlens.taxonomy.semantics import function_class_code
from budgetlens.taxonomy.subjects import FunctionIndex, resolve


def test_class_names_come_from_the_catalogue():
    names = cat.function_class_codes()
    lei = {e.code for e in cat.all_entries("function") if e.level == "类"}
    assert set(names.values()) == lei  # every 类 code, by each name it carried
    # a name is never given to two 类 codes in different years
    for e in cat.all_entries("function"):
        if e.level == "类":
            assert names[e.name.removesuffix("支出")] == e.code, e
    # both names of a 2019 rename bind
    assert names["医疗卫生与计划生育"] == names["卫生健康"] == "210"
    assert names["预备费"] == "227"


def test_summary_rows_and_narrative_share_the_class_names():
    assert function_class_code("十四、资源勘探信息等支出") == "215"
    assert function_class_code("二十、灾害防治及应急管理支出") == "224"
    assert function_class_code("卫生健康支出（类）") == "210"
    # a 类 name the document's own tables do not print still resolves from the catalogue
    assert resolve("卫生健康类", FunctionIndex()).concept == "expenditure.function.210"


def test_subject_patterns_schema():
    """subject_patterns.yaml: three ordered lists of [pattern, concept]; every pattern
    compiles and every concept is one the taxonomy names."""
    import re

    from budgetlens.taxonomy.concepts import CONCEPTS
    from budgetlens.taxonomy.yaml_data import load_taxonomy_yaml

    data = load_taxonomy_yaml("subject_patterns.yaml")
    assert set(data) == {"concepts", "funds", "totals"}
    for name, entries in data.items():
        for entry in entries:
            assert isinstance(entry, list) and len(entry) == 2, (name, entry)
            pattern, concept = entry
            re.compile(pattern)
            assert concept in CONCEPTS, (name, entry)
    # order matters: the vehicle total before its purchase part
    concepts = [c for _, c in data["concepts"]]
    assert concepts.index("sangong.vehicle") < concepts.index("sangong.vehicle.purchase")
    assert resolve("公务用车购置及运行费", FunctionIndex()).concept == "sangong.vehicle"
