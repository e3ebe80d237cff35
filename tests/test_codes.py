"""The classification catalogue: renames by year, confidence, and "wrong" versus "unknown"."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetlens.taxonomy import codes as cat

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
YEARS = range(2015, 2027)


# --- renames the brief names: 210, 207, 215, 220, 224, 20805, pre-2018 economic codes ------


@pytest.mark.parametrize(
    ("code", "old", "new"),
    [
        ("210", "医疗卫生与计划生育支出", "卫生健康支出"),
        ("207", "文化体育与传媒支出", "文化旅游体育与传媒支出"),
        ("215", "资源勘探信息等支出", "资源勘探工业信息等支出"),
        ("220", "国土海洋气象等支出", "自然资源海洋气象等支出"),
    ],
)
def test_2019_lei_renames(code, old, new):
    assert cat.names_for(code, 2017) == [old]
    assert cat.names_for(code, 2024) == [new]
    assert cat.is_known_invalid(code, old, 2024)
    assert cat.is_known_invalid(code, new, 2017)
    assert not cat.is_known_invalid(code, old, 2017)
    assert not cat.is_known_invalid(code, new, 2024)
    # 2018: documents of that year use either name; neither is called wrong
    assert not cat.is_known_invalid(code, old, 2018)
    assert not cat.is_known_invalid(code, new, 2018)


def test_rename_verdict_names_the_other_period():
    v = cat.check_name("210", "医疗卫生与计划生育支出", 2024)
    assert v.status == "renamed" and v.confidence == "high"
    assert v.expected == ("卫生健康支出",)
    assert [(e.valid_from, e.valid_to) for e in v.other_periods] == [(2015, 2018)]


def test_224_is_new_in_2019():
    assert cat.lookup("224", 2024).name == "灾害防治及应急管理支出"
    assert cat.check_code("224", 2017).status == "other_years"
    assert cat.check_code("224", 2017).entries[0].valid_from == 2019


def test_20805_rename_is_hedged_between_2019_and_2022():
    assert cat.names_for("20805", 2017) == ["行政事业单位离退休"]
    assert cat.names_for("20805", 2024) == ["行政事业单位养老支出"]
    assert set(cat.names_for("20805", 2020)) == {"行政事业单位离退休", "行政事业单位养老支出"}
    assert cat.is_known_invalid("20805", "行政事业单位离退休", 2024)
    assert not cat.is_known_invalid("20805", "行政事业单位离退休", 2020)
    # 2080501 carried its longer name in 2017 (Liujiang 2017 决算 line 233)
    assert cat.lookup("2080501", 2017).name == "归口管理的行政单位离退休"
    assert cat.lookup("2080501", 2024).name == "行政单位离退休"
    assert cat.check_code("2080504", 2024).status == "other_years"


def test_pre_2018_economic_codes():
    assert cat.lookup("30104", 2017).name == "其他社会保障缴费"
    assert cat.check_code("30104", 2024).status == "other_years"
    assert cat.lookup("30311", 2017).name == "住房公积金"
    assert cat.lookup("30312", 2017).name == "提租补贴"
    assert cat.lookup("30113", 2024).name == "住房公积金"
    assert cat.names_for("310", 2017) == ["其他资本性支出"]
    assert cat.names_for("310", 2024) == ["资本性支出"]
    assert cat.is_known_invalid("310", "其他资本性支出", 2024)
    # 30311 was 住房公积金 before 2018; 代缴社会保险费 is printed in a 2024 决算 (corpus 021)
    assert cat.is_known_invalid("30311", "住房公积金", 2024)


def test_government_economic_scheme():
    assert cat.scheme_of("50101") == "econ_gov"
    assert cat.lookup("501", 2024).name == "机关工资福利支出"
    assert cat.check_code("501", 2017).status == "other_years"


# --- "wrong for the year" versus "not in our catalogue" ------------------------------------


def test_unknown_code_is_not_invalid():
    assert cat.check_name("2019999", "任意名称", 2024).status in ("valid", "mismatch")
    v = cat.check_name("2010388", "某项目", 2024)  # a plausible 项 we do not list
    assert v.status == "unknown_code"
    assert not cat.is_known_invalid("2010388", "某项目", 2024)
    assert cat.check_code("2010388", 2024).status == "unknown"


def test_medium_confidence_mismatch_is_not_known_invalid():
    # 20101 人大事务 is keyed from the books without a corpus sighting: medium
    v = cat.check_name("20101", "政协事务", 2024)
    assert v.status == "mismatch" and v.confidence == "medium"
    assert not v.known_invalid


def test_wrong_code_for_a_stable_name_is_known_invalid():
    # Liujiang 2017 决算 表六 line 974-975 prints "30301 生活补助": 30301 is 离休费
    v = cat.check_name("30301", "生活补助", 2017)
    assert v.known_invalid
    assert [e.code for e in v.same_name] == ["30305"]


def test_variants_are_not_mismatches():
    assert cat.check_name("30228", "工会费", 2017).status == "variant"
    assert cat.check_name("31007", "信息网络及软件购置", 2024).status == "variant"  # cut cell
    assert cat.check_name("2080505", "机关事业单位基本养老保险缴费 支出", 2024).status == "valid"
    assert cat.check_name("2010399", "其他政府办公厅(室)及相关机构事务支出", 2024).status == "valid"
    assert not cat.is_name_variant("其他卫生健康支出", "卫生健康支出")
    # 2080504 未归口管理的… and 2080501 归口管理的… are two lines, not one name written twice
    assert not cat.is_name_variant("未归口管理的行政单位离退休", "归口管理的行政单位离退休")
    assert not cat.is_name_variant("未行政单位离退休", "行政单位离退休")
    assert cat.is_name_variant("未归口管理的行政单位", "未归口管理的行政单位离退休")  # cut cell


def test_malformed_and_absent_codes():
    assert cat.check_code("201208", 2017, hint="function").status == "malformed"
    assert cat.check_code("3010", 2024).status == "malformed"
    assert cat.check_code("2180101", 2024).status == "absent"  # 类 218 does not exist
    assert cat.check_code("218", 2024).confidence == "high"
    assert cat.check_code("201", None).status == "no_year"


def test_lookup_is_cached():
    assert cat._catalogue() is cat._catalogue()


# --- coverage -------------------------------------------------------------------------------

LEI_2019 = ["201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213",
            "214", "215", "216", "217", "219", "220", "221", "222", "224", "227", "229", "230"]


@pytest.mark.parametrize("year", YEARS)
def test_every_lei_has_a_name_every_year(year):
    for code in LEI_2019:
        if code == "224" and year < 2018:
            continue
        assert cat.lookup(code, year) is not None, (code, year)
    for code in ("301", "302", "303", "310", "399"):
        assert cat.lookup(code, year) is not None, (code, year)


def test_catalogue_rows_are_well_formed():
    for e in cat.all_entries():
        assert e.code.isdigit() and len(e.code) in (3, 5, 7)
        assert e.level == {3: "类", 5: "款", 7: "项"}[len(e.code)]
        assert e.confidence in ("high", "medium", "low")
        assert e.valid_to is None or e.valid_to >= e.valid_from
        if e.parent:
            assert e.code.startswith(e.parent)
            assert cat.entries(e.parent, None, e.scheme), f"parent of {e.code} missing"


def test_every_observed_corpus_pair_is_valid_in_its_year():
    path = REFERENCE / "observed_codes_corpus.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} not found (the shared reference folder is absent)")
    checked = 0
    for row in csv.DictReader(path.open(encoding="utf-8")):
        scheme = "function" if row["scheme"] == "function" else "econ_dept"
        for year in map(int, row["years_seen"].split(";")):
            v = cat.check_name(row["code"], row["name"], year, scheme)
            allowed = ("valid", "variant") if row["name_possibly_truncated"] else ("valid",)
            assert v.status in allowed, (row["code"], row["name"], year, v.status, v.expected)
            checked += 1
    assert checked > 300
