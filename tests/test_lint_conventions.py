"""check as a linter: configuration files, baselines, --fail-on, unknown codes, directories,
--statistics and -q."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from budgetlens.cli import cli
from budgetlens.lint_config import ConfigError, config_from_dict
from budgetlens.paths import expand
from conftest import SAMPLES

SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rules_of(result) -> list[str]:
    return [f["rule"] for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


def test_unknown_code_in_select_is_an_error_not_an_empty_run():
    r = run("check", SAMPLE_MD, "--select", "A,ZZ9")
    assert r.exit_code == 2
    assert "unknown rule code or family: ZZ9" in r.stderr


def test_known_families_codes_names_and_e000_are_accepted():
    r = run("check", SAMPLE_MD, "--select", "A,P002,E000", "--format", "json")
    assert r.exit_code == 1, r.stderr
    assert set(rules_of(r)) == {"A001", "A004", "P002"}  # the sample's slips in these families


def test_baseline_accepts_known_findings_and_shows_only_new_ones(tmp_path):
    base = tmp_path / "accepted.json"
    r = run("check", SAMPLE_MD, "--select", "A", "--write-baseline", str(base), "-q")
    assert r.exit_code == 1 and r.stdout == ""
    data = json.loads(base.read_text(encoding="utf-8"))
    (keys,) = data["documents"].values()
    assert all(k.startswith("A00") for k in keys) and len(keys) == 3
    r = run("check", SAMPLE_MD, "--select", "A,P", "--baseline", str(base), "--format", "json")
    assert r.exit_code == 1  # P002 is new: it was not in the baseline
    assert rules_of(r) == ["P002"]
    r = run("check", SAMPLE_MD, "--select", "A", "--baseline", str(base), "--format", "json")
    assert r.exit_code == 0 and rules_of(r) == []


def test_fail_on_warning(tmp_path):
    config = tmp_path / "budgetlens.toml"
    config.write_text('select = ["A001"]\n[severity]\nA001 = "warning"\n', encoding="utf-8")
    r = run("check", SAMPLE_MD, "--config", str(config), "--format", "json")
    assert r.exit_code == 0  # one finding, a warning by the bureau's choice
    assert [f["severity"] for d in json.loads(r.stdout)["documents"] for f in d["findings"]] \
        == ["warning"]
    r = run("check", SAMPLE_MD, "--config", str(config), "-q", "--fail-on", "warning")
    assert r.exit_code == 1


def test_pyproject_configuration(tmp_path, monkeypatch):
    doc = tmp_path / "demo-2024.md"
    shutil.copy(SAMPLE_MD, doc)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.budgetlens]\nselect = ["A", "P"]\nignore = ["A004"]\n'
        '[tool.budgetlens.per-file-ignores]\n"demo-*.md" = ["P002"]\n'
        '[tool.budgetlens.severity]\nA001 = "warning"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("check", "demo-2024.md", "--format", "json")
    findings = [f for d in json.loads(r.stdout)["documents"] for f in d["findings"]]
    assert [(f["rule"], f["severity"]) for f in findings] == [("A001", "warning")]
    assert r.exit_code == 0  # the only finding left is a warning


def test_budgetlens_toml_with_an_unknown_code_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "budgetlens.toml").write_text('ignore = ["A", "XYZ"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("check", SAMPLE_MD)
    assert r.exit_code == 2 and "XYZ" in r.stderr and "budgetlens.toml" in r.stderr


def test_configuration_keys_and_values_are_checked():
    with pytest.raises(ConfigError, match="unknown key"):
        config_from_dict({"selekt": ["A"]})
    with pytest.raises(ConfigError, match="severity"):
        config_from_dict({"severity": {"A001": "fatal"}})
    with pytest.raises(ConfigError, match="fail-on"):
        config_from_dict({"fail-on": "info"})


def test_directory_is_walked_for_documents(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.pdf", "sub/a.XLS", "notes.json", ".hidden/c.pdf", "sub/d.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    got = [p.replace(str(tmp_path), "") for p in expand([str(tmp_path)])]
    assert got == ["/b.pdf", "/sub/a.XLS", "/sub/d.md"]
    got = [p.replace(str(tmp_path), "") for p in expand([str(tmp_path)], ("md",))]
    assert got == ["/sub/d.md"]


def test_check_a_directory(tmp_path):
    shutil.copy(SAMPLE_MD, tmp_path / "a.md")
    (tmp_path / "ignored.json").write_text("{}", encoding="utf-8")
    r = run("check", str(tmp_path), "--format", "json", "--select", "A")
    docs = json.loads(r.stdout)["documents"]
    assert [d["path"] for d in docs] == [str(tmp_path / "a.md")]


def test_statistics_counts_per_rule():
    r = run("check", SAMPLE_MD, "--select", "A", "--statistics", "-q")
    lines = r.stderr.splitlines()
    assert lines[0].split()[:2] == ["2", "A004"]
    assert lines[1].split()[:2] == ["1", "A001"]
    assert lines[-1].split()[0] == "3"


def test_rules_documents_e000():
    r = run("rules", "E000")
    assert r.exit_code == 0 and "E000" in r.stdout


def test_help_in_chinese_then_english_again():
    r = run("--lang", "zh", "check", "--help")
    assert r.exit_code == 0
    assert "核对每一个数字" in r.stdout and "只报告基线文件中未确认的发现" in r.stdout
    r = run("check", "--help")  # the Chinese text lasts for its own invocation only
    assert "Check every figure" in r.stdout and "核对" not in r.stdout


def test_progress_bar_only_for_a_watching_terminal(monkeypatch):
    from budgetlens import progress

    class Tty:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    monkeypatch.setattr(progress.sys, "stderr", Tty(True))
    monkeypatch.setattr(progress.sys, "stdout", Tty(False))
    assert progress.wanted(10, "text") and not progress.wanted(3, "json")
    monkeypatch.setattr(progress.sys, "stdout", Tty(True))
    assert not progress.wanted(10, "text") and progress.wanted(10, "xlsx")
    monkeypatch.setattr(progress.sys, "stderr", Tty(False))
    assert not progress.wanted(10, "xlsx")
