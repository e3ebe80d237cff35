"""Each document in its own worker: every way of failing ends as one line for that file,
and the other files of the batch keep their results."""

from __future__ import annotations

import ctypes
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetlens.readers as readers
from budgetlens.batch import JsonlWriter, JsonWriter, error_line, run_batch, safe_text
from budgetlens.cli import cli
from budgetlens.errors import ReadError
from budgetlens.isolate import (
    Limits,
    imap_isolated,
    isolation_available,
    parse_memory,
    run_isolated,
)
from conftest import ORIGINALS, SAMPLES

pytestmark = pytest.mark.skipif(not isolation_available(), reason="needs os.fork")

SAMPLE_MD = str(SAMPLES / "demo-county-office-2024-budget.md")
SAMPLE_TXT = str(SAMPLES / "demo-finance-bureau-2023-final.txt")
FUZZ = ORIGINALS.parents[1] / "fuzz"


def behave(kind: str):
    """A stand-in for a reader that fails in each of the ways a damaged file makes it fail."""
    if kind == "ok":
        return "result"
    if kind == "chatty":  # a library that prints: not into the parent's output
        os.write(1, b"library says hello\n")
        return "result"
    if kind == "unreadable":
        raise ReadError("x.pdf", "zero-byte file: nothing to read")
    if kind == "bug":
        raise ValueError("line one\nline two")
    if kind == "native-abort":  # what calamine does when an allocation fails
        os.write(2, b"memory allocation of 549755813888 bytes failed\n")
        os.abort()
    if kind == "segfault":
        ctypes.string_at(0)
    if kind == "spin":
        while True:
            pass
    if kind == "wait":
        time.sleep(3600)
    if kind == "allocate":
        # bytes(n) maps zeroed pages without touching them: the address space grows to the cap at
        # once, where writing 600 MB of pages (bytearray) can outlast the 2 s processor limit on a
        # loaded machine and end as a time-out instead
        hoard = []
        while True:
            hoard.append(bytes(64 * 1024 * 1024))
    raise AssertionError(kind)


def test_every_way_of_failing_is_one_line_and_the_rest_go_on():
    kinds = ["ok", "unreadable", "bug", "native-abort", "segfault", "spin", "wait", "allocate", "ok"]
    outcomes = sorted(imap_isolated(behave, kinds, Limits(seconds=2, memory_mb=600), workers=2),
                      key=lambda o: o.index)
    got = {o.item: (o.failure.kind if o.failure else "ok") for o in outcomes}
    assert got == {
        "ok": "ok",
        "unreadable": "error",
        "bug": "crash",
        "native-abort": "memory",
        "segfault": "signal",
        "spin": "timeout",
        "wait": "timeout",
        "allocate": "memory",
    }
    assert [o.value for o in outcomes if o.ok] == ["result", "result"]
    for o in outcomes:
        if o.failure:
            assert "\n" not in o.failure.problem, o.failure.problem
    by_kind = {o.item: o.failure.problem for o in outcomes if o.failure}
    assert by_kind["unreadable"] == "zero-byte file: nothing to read"
    assert "ValueError" in by_kind["bug"] and "line one line two" in by_kind["bug"]
    assert "memory allocation of 549755813888 bytes failed" in by_kind["native-abort"]
    assert "SIGSEGV" in by_kind["segfault"]
    assert "time limit 2 s" in by_kind["spin"] and "time limit 2 s" in by_kind["wait"]
    assert "memory limit 600 MB" in by_kind["allocate"]
    allocate = next(o for o in outcomes if o.item == "allocate")
    # RLIMIT_AS held the child's growth under its cap (it starts with the parent's pages)
    assert allocate.peak_rss_mb < 600 + _peak_rss_mb()


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def grow(mb: int) -> int:
    """A document's work that needs ``mb`` MB of its own."""
    block = bytearray(mb * 1024 * 1024)
    return len(block) // (1024 * 1024)


def test_the_memory_limit_counts_what_the_document_adds_not_what_the_parent_mapped():
    import mmap

    # A parent with 1.5 GB of address space reserved and never touched (a database engine's
    # or Arrow's arenas): a child still has its whole limit for the document.
    reserved = mmap.mmap(-1, 1536 * 1024 * 1024)
    try:
        fits = run_isolated(grow, 300, Limits(seconds=20, memory_mb=600))
        too_much = run_isolated(grow, 900, Limits(seconds=20, memory_mb=600))
    finally:
        reserved.close()
    assert fits.ok and fits.value == 300, fits.failure
    assert too_much.failure is not None and too_much.failure.kind == "memory"


def test_what_a_worker_prints_goes_to_stderr_not_into_the_output():
    out = run_isolated(behave, "chatty")
    assert out.value == "result" and out.stderr == "library says hello\n"


def test_in_process_mode_still_turns_exceptions_into_failures():
    outcomes = list(imap_isolated(behave, ["ok", "unreadable", "bug"], workers=0))
    assert [o.failure.kind if o.failure else "ok" for o in outcomes] == ["ok", "error", "crash"]


def test_memory_sizes():
    assert parse_memory("2048") == 2048
    assert parse_memory("1.5G") == 1536
    assert parse_memory("1500M") == 1500
    assert parse_memory("0") == 0
    with pytest.raises(ValueError):
        parse_memory("lots")


def test_paths_and_text_print_as_plain_one_line_text():
    assert error_line("a\nb.pdf", "no such file") == "error: a\\nb.pdf: no such file"
    assert error_line(os.fsdecode(b"bad\xb3.pdf"), "x") == "error: bad\ufffd.pdf: x"
    assert error_line("[bold red]x.pdf", "x") == "error: [bold red]x.pdf: x"
    assert safe_text("ok \udcb3 text") == "ok \ufffd text"


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_directory_missing_and_good_file_in_one_batch(tmp_path):
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    r = run_cli("check", str(folder), str(tmp_path / "gone.pdf"), SAMPLE_MD, "--format", "json")
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert [d["path"] for d in out["documents"]] == [SAMPLE_MD]
    assert out["errors"] == [
        {"path": str(folder), "error": "is a directory, not a document"},
        {"path": str(tmp_path / "gone.pdf"), "error": "no such file"},
    ]
    assert r.stderr.splitlines() == [
        f"error: {folder}: is a directory, not a document",
        f"error: {tmp_path / 'gone.pdf'}: no such file",
    ]


def test_json_output_is_the_same_in_workers_and_in_process():
    a = run_cli("check", SAMPLE_MD, SAMPLE_TXT, "--format", "json", "--workers", "2")
    b = run_cli("check", SAMPLE_MD, SAMPLE_TXT, "--format", "json", "--workers", "0")
    assert a.exit_code == b.exit_code == 1  # the samples are written with errors in them
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert [d["path"] for d in json.loads(a.stdout)["documents"]] == [SAMPLE_MD, SAMPLE_TXT]


def test_jsonl_is_one_object_per_line(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    r = run_cli("extract", SAMPLE_MD, str(empty), "--format", "jsonl", "--workers", "2")
    assert r.exit_code == 2
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 2
    doc = next(x for x in lines if "error" not in x)
    assert doc["path"] == SAMPLE_MD and doc["document"]["year"] == 2024
    err = next(x for x in lines if "error" in x)
    assert err["path"] == str(empty) and "zero-byte" in err["error"]


def test_a_document_with_a_surrogate_still_gives_valid_utf8_json():
    out = run_isolated(lambda p: safe_text(f'    {{"path": "{p}", "text": "\udcb3"}}'), "a.pdf")
    assert out.ok
    written: list[str] = []
    w = JsonWriter(written.append)
    w.begin()
    w.document("a.pdf", out.value)
    w.end()
    text = "".join(written)
    assert json.loads(text.encode("utf-8"))["documents"][0]["text"] == "\ufffd"


def spin_reader(path: str):
    """A reader that never returns, as a backtracking pattern on a hostile file does."""
    while True:
        pass


def test_corpus_batch_with_hostile_files_gives_every_good_result(tmp_path, monkeypatch):
    """The 26 corpus originals with a calamine abort, a hang and a directory mixed in:
    26 results, 3 one-line errors, exit 2."""
    originals = sorted(str(p) for p in ORIGINALS.glob("*") if p.is_file())
    abort = FUZZ / "xlsx_sparse_A1_XFD1048576_abort.xlsx"
    if len(originals) < 26 or not abort.exists():
        pytest.skip(f"corpus originals or {abort.name} not found beside the checkout")
    hang = tmp_path / "hang.html"
    hang.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    real_detect = readers.detect_format
    monkeypatch.setattr(readers, "detect_format",
                        lambda p: "spin" if p == str(hang) else real_detect(p))
    monkeypatch.setitem(readers.READERS, "spin", f"{__name__}:spin_reader")
    files = originals[:10] + [str(abort)] + originals[10:20] + [str(hang), str(folder)] + originals[20:]

    r = run_cli("check", *files, "--format", "json", "--workers", "2", "--timeout", "5")

    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert [d["path"] for d in out["documents"]] == originals
    assert [e["path"] for e in out["errors"]] == [str(abort), str(hang), str(folder)]
    lines = r.stderr.splitlines()  # in finishing order
    assert len(lines) == 3
    said = dict(line.removeprefix("error: ").split(": ", 1) for line in lines)
    assert said.keys() == {str(abort), str(hang), str(folder)}
    assert said[str(abort)]  # SIGABRT from calamine, or a read error once it is checked first
    assert said[str(hang)].startswith("stopped") and "time limit 5 s" in said[str(hang)]
    assert said[str(folder)] == "is a directory, not a document"


def test_writers_keep_the_order_of_the_arguments(tmp_path):
    from budgetlens.batch import Rendered

    def job(path):
        name = os.path.basename(path)
        if name == "slow":
            time.sleep(0.5)
        if name == "bad":
            raise ReadError(path, "cannot open file")
        return Rendered(json.dumps({"path": name}))

    slow, bad, fast = (tmp_path / n for n in ("slow", "bad", "fast"))
    for p in (slow, bad, fast):
        p.write_text("x")
    written: list[str] = []
    failures: list[tuple[str, str]] = []
    result = run_batch(job, [str(slow), str(bad), str(fast)], JsonWriter(written.append),
                       workers=2, report_failure=lambda *f: failures.append(f))
    assert result.exit_code == 2 and result.documents == 2
    out = json.loads("".join(written))
    assert [d["path"] for d in out["documents"]] == ["slow", "fast"]
    assert out["errors"] == [{"path": str(bad), "error": "cannot open file"}]
    assert failures == [(str(bad), "cannot open file")]
    lines: list[str] = []
    run_batch(job, [str(slow), str(fast)], JsonlWriter(lines.append), workers=2)
    assert [json.loads(x)["path"] for x in lines] == ["fast", "slow"]  # as each finishes


@pytest.mark.parametrize("name", ["line\nbreak.md", "[bold red]x.md", "bad\udcb3name.md"])
def test_odd_file_names_print_on_one_line_as_written(tmp_path, name):
    """A newline, markup or undecodable bytes in a name: the error line and JSON stay intact."""
    try:
        odd = tmp_path / name
        odd.write_bytes(b"")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system does not take this name")
    r = run_cli("check", str(odd), SAMPLE_MD, "--format", "json")
    assert r.exit_code == 2
    (line,) = r.stderr.splitlines()
    assert line == error_line(str(odd), "zero-byte file: nothing to read")
    out = json.loads(r.stdout_bytes.decode("utf-8"))
    assert len(out["documents"]) == 1 and len(out["errors"]) == 1


def _children() -> set[int]:
    """This process's live children (servers other tests started stay out of the comparison)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_stopping_early_leaves_no_worker_behind():
    before = _children()
    outcomes = imap_isolated(behave, ["ok", "wait", "wait"], Limits(seconds=60), workers=3)
    first = next(outcomes)
    assert first.value == "result"
    outcomes.close()  # the consumer goes away: both waiting workers are killed and reaped
    assert _children() - before == set()
