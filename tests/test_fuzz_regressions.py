"""Every hostile file of ../shared/fuzz ends as a result or one clear line naming the file.

Each test says what the file once did (see the README there) and what it must do now. Files
that aborted the process from inside calamine run in a child process under a memory cap,
never in the test process itself.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from budgetlens.check import check_path
from budgetlens.cli import cli
from budgetlens.errors import ReadError
from budgetlens.pipeline import extract
from budgetlens.readers import read
from budgetlens.report.extract_text import render_extraction
from budgetlens.serialize import dumps, extraction_dict
from conftest import ROOT

FUZZ = Path(os.environ.get("BUDGETLENS_FUZZ", ROOT.parent / "shared" / "fuzz"))


def fuzz_file(name: str) -> str:
    p = FUZZ / name
    if not p.exists():
        pytest.skip(f"hostile file {name} not found under {FUZZ} (the shared fuzz set is absent)")
    return str(p)


def read_error(path: str) -> str:
    with pytest.raises(ReadError) as e:
        read(path)
    assert e.value.path == path
    return e.value.problem


def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _cap_memory() -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_isolated(*args: str) -> subprocess.CompletedProcess:
    """The command line in a child process with 2 GB of address space."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-c", "from budgetlens.cli import main; main()", *args],
        capture_output=True,
        env=env,
        preexec_fn=_cap_memory,
        timeout=300,
    )


# -- ZIP containers: every zipfile exception is a ReadError ---------------------------------


def test_ods_member_name_not_utf8_is_a_read_error():
    path = fuzz_file("ods_zip_name_not_utf8.ods")
    assert read_error(path) == "damaged ZIP container: a member name is not valid UTF-8"


def test_zip_version_not_implemented_is_a_read_error():
    path = fuzz_file("xlsx_zip_version_notimplemented.xlsx")
    problem = read_error(path)
    assert problem == "ZIP container uses a feature that cannot be read (zip file version 14.8)"


def test_member_name_with_markup_is_printed_as_written():
    path = fuzz_file("zip_member_name_markup.docx")
    r = cli_run("extract", path)
    assert r.exit_code == 2
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert (
        f"error: {path}: ZIP member word/[/]bomb.xml compresses 1028:1: "
        "refused as a possible zip bomb" in r.output
    )


# -- calamine aborts, prevented before calamine (child process) ----------------------------


@pytest.mark.parametrize(
    "name, problem",
    [
        (
            "xlsx_sparse_A1_XFD1048576_abort.xlsx",
            "sheet xl/worksheets/sheet1.xml has cells from A1 to XFD1048576",
        ),
        (
            "xlsx_entry_corrupt_abort.xlsx",
            "sheet xl/worksheets/sheet13.xml has cells from A1 to XFD1048576",
        ),
        ("xls_calamine_alloc_abort.xls", "damaged or unsupported workbook (OLE2 container: "),
    ],
)
def test_workbook_that_aborted_calamine_is_one_line(name, problem):
    path = fuzz_file(name)
    r = run_isolated("extract", "--format", "json", path)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err[-2000:]
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {path}: {problem}")
    out = json.loads(r.stdout)
    assert out["documents"] == [] and [e["path"] for e in out["errors"]] == [path]


# -- spans capped at the real grid ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["hang_docx_gridspan_99999999.docx", "memoryerror_docx_gridspan_2e9.docx"]
)
def test_docx_grid_span_is_capped_at_the_table(name):
    doc = read(fuzz_file(name))
    for grid in doc.grids():
        assert grid.n_cols <= 20
        for row in grid.rows:
            for cell in row:
                assert cell.col + cell.colspan <= grid.n_cols


def test_docx_grid_span_99999999_checks():
    result = check_path(fuzz_file("hang_docx_gridspan_99999999.docx"))
    assert len(result.extraction.tables) >= 8


# -- text that cannot be encoded ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, replaced",
    [
        ("pdf_lone_surrogate_unicodeencodeerror.pdf", 2),
        ("pdf_surrogateescape_invalid_utf8_json.pdf", 1),
    ],
)
def test_pdf_lone_surrogates_become_replacement_characters(name, replaced):
    path = fuzz_file(name)
    x = extract(path)
    doc = x.document
    text = "".join(getattr(b, "text", "") for b in doc.blocks) + "".join(
        c.text for g in doc.grids() for row in g.rows for c in row
    )
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    assert text.count("\ufffd") == replaced
    out = dumps({"documents": [extraction_dict(x)]}).encode("utf-8")  # strict: raises if not
    assert json.loads(out)["documents"][0]["path"] == path
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    render_extraction(x, Console(file=stream, width=100))
    stream.flush()


# -- HTML ------------------------------------------------------------------------------------


def test_content_below_the_nesting_limit_is_reported():
    doc = read(fuzz_file("silent_loss_html_nested_300_divs.html"))
    assert "页面标签嵌套超过256层（第1行起），更深处的内容未读取" in doc.warnings
    assert doc.blocks[0].text == "某部门2024年部门预算"


def test_plain_table_of_5000_rows_is_read_whole():
    doc = read(fuzz_file("slow_html_plain_table_5000x10.html"))
    (grid,) = doc.grids()
    assert (len(grid.rows), grid.n_cols) == (5000, 10)
    assert all(len(row) == 10 for row in grid.rows)


@pytest.mark.parametrize(
    "name", ["slow_check_regex_20000_pipes.html", "hang_check_completeness_52kb.html"]
)
def test_runs_of_symbols_do_not_stall_the_completeness_rules(name):
    result = check_path(fuzz_file(name))
    assert "C001" in result.outcomes


# -- one line of tabs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, columns",
    [("slow_tab_line_30000_columns.txt", 30001), ("hang_tab_line_100000_columns.txt", 100001)],
)
def test_tab_line_of_many_columns_is_one_wide_grid(name, columns):
    doc = read(fuzz_file(name))
    widest = max(doc.grids(), key=lambda g: g.n_cols)
    assert widest.n_cols == columns
    assert widest.location.line == 747


def test_tab_line_of_100000_columns_checks():
    result = check_path(fuzz_file("hang_tab_line_100000_columns.txt"))
    assert result.extraction.tables
