"""Does the work grow linearly with the document? Time and peak memory of extract + check
for a text document repeated ×1, ×10, ×100 and for PDFs of 226, 500 and 1,000 pages.

    python bench/scale.py [--cases text,pdf] [--repeat N] [--timeout S] [--text FILE]
                          [--ignore CODES]

The inputs are made at run time under a temporary directory and removed afterwards: the text
document is the corpus markdown budget (or --text) with its whole content repeated, so ×100
holds a hundred copies of every table; the PDFs join the corpus PDFs in name order (cycling
when needed) with pypdfium2's ``import_pages``, so 226 pages are the first ten files.

Every case runs in a fresh child process pinned to one CPU, so that peak memory (the child's
maximum resident set) and CPU time belong to that case alone; with --repeat N each case runs
N times and the medians are printed. "× linear" is the growth of the CPU time from the
previous size divided by the growth of the size: 1.00 is exactly linear.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = CORPUS / "liuzhou-gov-office-2024-budget.md"
TEXT_TIMES = (1, 10, 100)
PDF_PAGES = (226, 500, 1000)
WARM_UP = ROOT / "samples" / "demo-county-office-2024-budget.md"


def peak_rss_mb() -> float:
    """This process's maximum resident set so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(path: str, ignore: list[str] | None) -> dict:
    """Extract and check one file in this (fresh) process; the figures as one JSON object."""
    from budgetlens.check import check_extraction, check_path
    from budgetlens.pipeline import extract

    if WARM_UP.exists():  # imports, taxonomy and catalogue caches: not part of the document
        check_path(str(WARM_UP))
    base_mb = peak_rss_mb()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    x = extract(path)
    cpu1 = time.process_time()
    result = check_extraction(x, ignore=ignore)
    cpu2, wall2 = time.process_time(), time.perf_counter()
    return {
        "extract_s": cpu1 - cpu0,
        "check_s": cpu2 - cpu1,
        "cpu_s": cpu2 - cpu0,
        "wall_s": wall2 - wall0,
        "base_mb": base_mb,
        "peak_mb": peak_rss_mb(),
        "tables": len(x.tables),
        "facts": len(x.facts),
        "findings": len(result.findings),
        "checks": sum(result.counts.values()),
    }


def make_text(source: Path, times: int, out_dir: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    out = out_dir / f"{source.stem}-x{times}{source.suffix}"
    out.write_text(text * times, encoding="utf-8")
    return out


def make_pdf(sources: list[Path], pages: int, out_dir: Path) -> Path:
    """The corpus PDFs joined in order, cycling, cut at exactly ``pages`` pages."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    i = 0
    while len(out) < pages:
        src = pdfium.PdfDocument(str(sources[i % len(sources)]))
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        src.close()
        i += 1
    path = out_dir / f"corpus-{pages}p.pdf"
    out.save(str(path))
    out.close()
    return path


def measure(path: Path, args: argparse.Namespace) -> dict | None:
    """Median figures of ``repeat`` fresh child processes; None when one ran past the timeout
    or failed."""
    runs = []
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    for _ in range(args.repeat):
        cmd = [sys.executable, __file__, "--child", str(path), "--ignore", args.ignore]
        if hasattr(os, "sched_getaffinity"):
            cmd = ["taskset", "-c", str(min(os.sched_getaffinity(0))), *cmd]
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=args.timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired:
            print(f"  {path.name}: over {args.timeout:.0f} s, stopped", flush=True)
            return None
        if done.returncode != 0:
            print(f"  {path.name}: failed\n{done.stderr[-2000:]}", flush=True)
            return None
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def print_series(title: str, unit: str, cases: list[tuple[int, Path]], args) -> None:
    print(f"\n{title}")
    header = (
        f"{unit:>6} {'MB':>6} {'extract s':>9} {'check s':>8} {'cpu s':>7} {'× linear':>8}"
        f" {'peak MB':>8} {'+MB':>6} {'tables':>6} {'facts':>7} {'findings':>8}"
    )
    print(header)
    print("-" * len(header))
    previous: tuple[int, float] | None = None
    for size, path in cases:
        m = measure(path, args)
        if m is None:
            print(f"{size:6d} {path.stat().st_size / 2**20:6.1f}  (no result)")
            previous = None
            continue
        ratio = ""
        if previous is not None and previous[1] > 0:
            ratio = f"{(m['cpu_s'] / previous[1]) / (size / previous[0]):8.2f}"
        print(
            f"{size:6d} {path.stat().st_size / 2**20:6.1f} {m['extract_s']:9.2f}"
            f" {m['check_s']:8.2f} {m['cpu_s']:7.2f} {ratio:>8} {m['peak_mb']:8.0f}"
            f" {m['peak_mb'] - m['base_mb']:6.0f} {m['tables']:6.0f} {m['facts']:7.0f}"
            f" {m['findings']:8.0f}",
            flush=True,
        )
        previous = (size, m["cpu_s"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="text,pdf", help="text, pdf or both (comma)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; medians shown")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT, help="text document to repeat")
    parser.add_argument(
        "--ignore", default="", help="rule codes or prefixes left out of the check (comma)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, [c for c in args.ignore.split(",") if c])))
        return 0
    wanted = set(args.cases.split(","))
    print(f"{args.repeat} run(s) per case, each in a fresh process on one CPU; medians")
    if args.ignore:
        print(f"rules left out: {args.ignore}")
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="budgetlens-scale-") as tmp:
        out_dir = Path(tmp)
        if "text" in wanted:
            if not args.text.exists():
                print(f"text document not found: {args.text}", file=sys.stderr)
                return 1
            cases = [(n, make_text(args.text, n, out_dir)) for n in TEXT_TIMES]
            print_series(f"text: {args.text.name} repeated", "×", cases, args)
        if "pdf" in wanted:
            sources = sorted((CORPUS / "original").glob("*.pdf"))
            if not sources:
                print(f"no corpus PDFs under {CORPUS / 'original'}", file=sys.stderr)
                return 1
            cases = [(n, make_pdf(sources, n, out_dir)) for n in PDF_PAGES]
            print_series("PDF: corpus PDFs joined", "pages", cases, args)
    print(
        "\n× linear = (cpu time ÷ previous cpu time) ÷ (size ÷ previous size); target ≤ 1.30."
        "\npeak MB = the child's maximum resident set; +MB = above the warmed-up interpreter."
    )
    print(f"wall clock for the whole run: {time.perf_counter() - wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
