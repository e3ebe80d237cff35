"""Hostile and damaged files: each ends as a result or as one line naming the file, within
its limits. Reads ../shared/fuzz (the inputs that broke budgetlens, see its README), replays
the damaged files the mutation fuzzer found (tests/fuzz_regressions/recipes.json: seed file
and recipe, never the bytes of a corpus file), and runs a short fuzzing round with a fixed
seed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from budgetlens.batch import CheckJob, preload
from budgetlens.isolate import Limits, imap_isolated, isolation_available
from conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(not isolation_available(), reason="needs os.fork")

FUZZ = CORPUS.parent / "fuzz"
RECIPES = ROOT / "tests" / "fuzz_regressions" / "recipes.json"
LIMITS = Limits(seconds=5, memory_mb=2048)  # short: a hang costs 5 s of processing, not 60
HOSTILE_LIMITS = Limits(seconds=3, memory_mb=1024)  # small files: these limits fit all the good ones
KINDS = {"error", "crash", "signal", "timeout", "memory"}


def fuzz_module():
    sys.path.insert(0, str(ROOT / "bench"))
    import fuzz

    return fuzz


def assert_contained(outcomes) -> None:
    """Every file got a result or a one-line failure: nothing escaped the worker."""
    for o in outcomes:
        if o.failure is None:
            assert o.value.body, o.item
            continue
        assert o.failure.kind in KINDS, (o.item, o.failure)
        assert o.failure.problem and "\n" not in o.failure.problem, (o.item, o.failure.problem)


def shared_fuzz_files() -> list[Path]:
    if not FUZZ.is_dir():
        pytest.skip(f"hostile inputs not found at {FUZZ} (../shared/fuzz beside the checkout)")
    return sorted(p for p in FUZZ.iterdir() if p.is_file() and p.name != "README.md")


def test_every_shared_hostile_file_ends_within_its_limits():
    files = shared_fuzz_files()
    preload()
    outcomes = list(imap_isolated(CheckJob("json"), [str(p) for p in files], HOSTILE_LIMITS,
                                  workers=2))
    assert sorted(o.item for o in outcomes) == [str(p) for p in files]
    assert_contained(outcomes)
    for o in outcomes:
        if o.failure and o.failure.kind == "memory":
            assert "memory limit 1024 MB" in o.failure.problem or "SIGKILL" in o.failure.problem
        if o.failure and o.failure.kind == "timeout":
            assert "time limit 3 s" in o.failure.problem
        assert o.peak_rss_mb < 1024, (o.item, o.peak_rss_mb)


def test_hostile_json_output_is_valid_utf8():
    """The two PDFs whose text carries lone surrogates: output still encodes as UTF-8 JSON."""
    names = ["pdf_lone_surrogate_unicodeencodeerror.pdf", "pdf_surrogateescape_invalid_utf8_json.pdf"]
    files = [p for p in shared_fuzz_files() if p.name in names]
    preload()
    for o in imap_isolated(CheckJob("jsonl"), [str(p) for p in files], LIMITS, workers=2):
        assert o.ok, o.failure
        assert json.loads(o.value.body.encode("utf-8"))["path"] == o.item


def test_recorded_fuzz_findings_replay_within_limits():
    fuzz = fuzz_module()
    cases = json.loads(RECIPES.read_text())
    seeds = fuzz.corpus_seeds()
    if not seeds:
        pytest.skip(f"corpus not found under {CORPUS}")
    assert all({"file", "recipe", "seed", "index"} <= c.keys() for c in cases)
    outcomes = fuzz_outcomes(fuzz, cases)
    assert len(outcomes) == len(cases)
    assert_contained(outcomes)


def test_a_short_fuzzing_round_with_a_fixed_seed():
    fuzz = fuzz_module()
    if not fuzz.corpus_seeds():
        pytest.skip(f"corpus not found under {CORPUS}")
    outcomes = fuzz_outcomes(fuzz, None, files=30, seed=20261206)
    assert len(outcomes) == 30
    assert_contained(outcomes)
    outcome_kinds = {fuzz.classify(o)[0] for o in outcomes}
    assert not outcome_kinds & {"crash", "signal"}, [
        (o.item[0]["index"], o.item[0]["file"], o.failure.problem) for o in outcomes
        if fuzz.classify(o)[0] in ("crash", "signal")
    ]


def fuzz_outcomes(fuzz, cases, files: int = 0, seed: int = 0) -> list:
    """Build each damaged file and run it through the worker, as bench/fuzz.py does."""
    import tempfile

    job = CheckJob("json")
    preload()
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as tmp:
        work = Path(tmp)
        seeds = fuzz.Seeds(work)
        todo = cases if cases is not None else [fuzz.make_case(seeds, seed, i) for i in range(files)]
        items = [(case, fuzz.write_case(seeds, case, work)) for case in todo]
        return list(imap_isolated(lambda cp: job(str(cp[1])), items, LIMITS, workers=2))
