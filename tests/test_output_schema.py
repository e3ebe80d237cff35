"""Every corpus document's extract and check JSON validates against ``budgetlens schema``,
and amounts keep the precision they were written with."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from budgetlens.check import check_extraction
from budgetlens.cli import cli
from budgetlens.pipeline import extract
from budgetlens.report.json import document_dict
from budgetlens.schema import output_schema
from budgetlens.serialize import SCHEMA_VERSION, extraction_dict
from conftest import CORPUS, ORIGINALS, SAMPLES

VALIDATOR = jsonschema.Draft202012Validator(output_schema())
DOCUMENTS = sorted(p for base in (CORPUS, ORIGINALS) if base.is_dir() for p in base.iterdir()
                   if p.is_file() and p.name != "README.md")


def validate(obj: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(obj), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(output_schema())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_corpus_json_validates(path):
    x = extract(str(path))
    extracted = json.loads(json.dumps(extraction_dict(x), ensure_ascii=False))
    checked = json.loads(json.dumps(document_dict(check_extraction(x)), ensure_ascii=False))
    validate({"documents": [extracted, checked], "errors": []})
    assert extracted["schema_version"] == checked["schema_version"] == SCHEMA_VERSION


def test_command_output_validates_and_keeps_written_precision():
    sample = str(SAMPLES / "demo-finance-bureau-2023-final.txt")
    for command in ("extract", "check"):
        r = CliRunner().invoke(cli, [command, sample, "--format", "json"])
        validate(json.loads(r.stdout))
    r = CliRunner().invoke(cli, ["extract", sample, "--format", "json"])
    (doc,) = json.loads(r.stdout)["documents"]
    # 三公 table of the sample: 因公出国（境）费 0.00, written with two decimals
    zero = [f for f in doc["facts"] if f["text"] == "0.00"]
    assert zero and all(f["value"] == "0.00" and f["precision"] == "0.01" for f in zero)
    assert all(isinstance(f["certain"], bool) for f in doc["facts"])


def test_schema_command_prints_the_schema():
    r = CliRunner().invoke(cli, ["schema"])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == output_schema()
