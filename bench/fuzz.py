"""Mutation fuzzer: damaged copies of every corpus file through `budgetlens check`, each in
the isolated worker under its limits; prints crashes, signals, time-outs and peak memory.

    python bench/fuzz.py --files 2000 --seed 7           # a long run by hand, any seed
    python bench/fuzz.py --files 200 --seed 7 --save found.json
    python bench/fuzz.py --replay tests/fuzz_regressions/recipes.json

Seeds: the converted-text corpus, the originals (PDF, HTML, XLS), and a DOCX and an XLSX
written from each text document (tests/builders.py), so that ZIP members and headers are
damaged too. Mutations (bench/mutations.py): byte flips, truncation, chunk duplication,
extreme numbers, ZIP member content and header damage, PDF cross-reference damage. A case is
(seed, index) -> (seed file, recipe): nothing but the recipe is needed to build it again.

Outcomes: ok; error (a one-line read error); wrapped (a reader exception turned into a read
error by readers.read: a clean line for the person, still a reader bug); crash (a Python
exception escaped the pipeline); signal (the worker died: native abort or fault); timeout;
memory (out of memory under the limit).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _corpus import CORPUS  # noqa: E402
from mutations import apply, random_recipe  # noqa: E402

from budgetlens.batch import CheckJob, preload  # noqa: E402
from budgetlens.isolate import Limits, Outcome, imap_isolated  # noqa: E402

WRAPPED = re.compile(r"^could not read \w+ file: (\w+(?:Error|Exception|Warning)?)\b")
BAD = ("crash", "signal", "timeout", "memory")


def corpus_seeds() -> dict[str, Path]:
    """Every corpus file by name: converted text and originals."""
    files = [p for p in CORPUS.glob("*") if p.is_file() and p.name != "README.md"]
    files += [p for p in (CORPUS / "original").glob("*") if p.is_file()]
    return {p.name: p for p in sorted(files)}


def derived_seed(name: str, text_doc: Path, out_dir: Path) -> Path:
    """A DOCX or XLSX written from a corpus text document, byte for byte the same every run."""
    from budgetlens.readers import read
    from builders import write_docx, write_xlsx

    target = out_dir / name
    if not target.exists():
        doc = read(str(text_doc))
        (write_docx if name.endswith(".docx") else write_xlsx)(doc, target)
        target.write_bytes(_fixed_zip(target.read_bytes()))
    return target


def _fixed_zip(data: bytes) -> bytes:
    """The ZIP with its time stamps fixed, so that recorded byte positions stay valid."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2020-01-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, (2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


class Seeds:
    """Seed files by name; derived ones are written on first use into ``work``."""

    def __init__(self, work: Path):
        self.work = work
        self.corpus = corpus_seeds()
        texts = [n for n, p in self.corpus.items() if p.suffix in (".txt", ".md")]
        self.derived = {f"{Path(n).stem}{ext}": self.corpus[n] for n in texts
                        for ext in (".docx", ".xlsx")}
        self.names = sorted(self.corpus) + sorted(self.derived)
        self._bytes: dict[str, bytes] = {}

    def data(self, name: str) -> bytes:
        if name not in self._bytes:
            if name in self.corpus:
                path = self.corpus[name]
            else:
                path = derived_seed(name, self.derived[name], self.work)
            self._bytes[name] = path.read_bytes()
        return self._bytes[name]


def make_case(seeds: Seeds, seed: int, index: int) -> dict:
    rng = random.Random(f"{seed}:{index}")
    name = rng.choice(seeds.names)
    kind, steps = random_recipe(seeds.data(name), rng)
    return {"seed": seed, "index": index, "file": name, "kind": kind, "recipe": steps}


def write_case(seeds: Seeds, case: dict, work: Path) -> Path:
    path = work / f"{case['index']:05d}-{case['file']}"
    path.write_bytes(apply(seeds.data(case["file"]), case["recipe"]))
    return path


def classify(o: Outcome) -> tuple[str, str]:
    """(outcome, signature): the signature groups findings with one cause."""
    if o.ok:
        return "ok", ""
    f = o.failure
    if f.kind == "error":
        m = WRAPPED.match(f.problem)
        return ("wrapped", m.group(1)) if m else ("error", "")
    if f.kind == "crash":
        return "crash", _crash_site(f.detail) or f.problem[:120]
    return f.kind, re.sub(r"\d+", "N", f.problem)[:120]


def _crash_site(trace: str) -> str:
    """'ValueError at budgetlens/recognize/headers.py:88 header_paths'."""
    frames = re.findall(r'File "([^"]*budgetlens[^"]*)", line (\d+), in (\w+)', trace)
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    exc = last.split(":", 1)[0]
    if not frames:
        return exc
    path, line, func = frames[-1]
    return f"{exc} at {path.split('budgetlens/', 1)[-1]}:{line} {func}"


def run(cases: list[dict] | None, args: argparse.Namespace) -> list[dict]:
    limits = Limits(args.timeout, args.memory)
    job = CheckJob("json")
    preload()
    counts: Counter[str] = Counter()
    signatures: dict[tuple[str, str], list[dict]] = defaultdict(list)
    peaks: list[float] = []
    slowest = (0.0, "")
    found: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as tmp:
        work = Path(tmp)
        seeds = Seeds(work)
        todo = cases if cases is not None else (
            make_case(seeds, args.seed, i) for i in range(args.files))

        def paths():
            for case in todo:
                try:
                    path = write_case(seeds, case, work)
                except Exception as e:  # a recipe that no longer applies: say so, go on
                    print(f"case {case['index']} ({case['file']}): cannot build: {e}")
                    continue
                yield case, path

        t0 = time.monotonic()
        for o in imap_isolated(lambda cp: job(str(cp[1])), paths(), limits, args.workers):
            case, path = o.item
            path.unlink(missing_ok=True)
            outcome, signature = classify(o)
            counts[outcome] += 1
            peaks.append(o.peak_rss_mb)
            if o.cpu_seconds > slowest[0]:
                slowest = (o.cpu_seconds, f"{case['index']}-{case['file']}")
            if outcome in BAD or outcome == "wrapped":
                entry = {**case, "outcome": outcome, "problem": o.failure.problem,
                         "signature": signature}
                signatures[(outcome, signature)].append(entry)
                if outcome in BAD:
                    found.append(entry)
            done = sum(counts.values())
            if args.progress and done % args.progress == 0:
                print(f"  {done} files, {time.monotonic() - t0:.0f} s: {dict(counts)}", flush=True)
        elapsed = time.monotonic() - t0
    total = sum(counts.values())
    print(f"\n{total} damaged files in {elapsed:.0f} s with {args.workers} workers "
          f"(limits: {limits.describe()})")
    for outcome in ("ok", "error", "wrapped", *BAD):
        print(f"  {outcome:8} {counts.get(outcome, 0)}")
    if peaks:
        peaks.sort()
        print(f"peak memory per document: median {statistics.median(peaks):.0f} MB, "
              f"99th percentile {peaks[int(0.99 * (len(peaks) - 1))]:.0f} MB, max {peaks[-1]:.0f} MB")
        print(f"most processing time: {slowest[0]:.1f} s ({slowest[1]})")
    for (outcome, signature), entries in sorted(signatures.items()):
        e = entries[0]
        print(f"{outcome:8} x{len(entries):<4} {signature}\n"
              f"         e.g. seed {e['seed']} case {e['index']} {e['file']} {e['kind']}: {e['problem'][:160]}")
    return found


def cases_json(cases: list[dict]) -> str:
    """One case per line, so that a regression set reads and diffs case by case."""
    return "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=200, help="damaged files to make")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0, help="processor seconds per file")
    ap.add_argument("--memory", type=int, default=2048, help="MB of address space per file")
    ap.add_argument("--save", type=Path, help="write the crashes, signals, time-outs and "
                    "memory failures found (seed, file, recipe) to this JSON file")
    ap.add_argument("--replay", type=Path, help="run the cases recorded in this JSON file")
    ap.add_argument("--progress", type=int, default=100, help="print counts every N files")
    args = ap.parse_args()
    cases = json.loads(args.replay.read_text()) if args.replay else None
    if not corpus_seeds():
        sys.exit(f"no corpus files under {CORPUS}")
    found = run(cases, args)
    if args.save:
        args.save.write_text(cases_json(found))
        print(f"{len(found)} cases written to {args.save}")


if __name__ == "__main__":
    main()
