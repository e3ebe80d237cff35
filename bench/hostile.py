"""Print time, peak memory and outcome of `extract` and `check` on every hostile file.

Each run is a child process under a 4 GB address-space cap and a time limit, so an abort or
a hang shows as a line here instead of stopping the script. The files are those of
../shared/fuzz (see its README); give other files or directories as arguments.

Usage: .venv/bin/python bench/hostile.py [--timeout S] [PATH ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUZZ = ROOT.parent / "shared" / "fuzz"
CAP = 4_000_000_000


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run(command: str, path: Path, timeout: float) -> tuple[str, float, int]:
    """Outcome, wall seconds and peak resident KB of one child run (from its own rusage)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", "from budgetlens.cli import main; main()", command,
             "--format", "json", str(path)],
            stdout=out, stderr=err, env=env, preexec_fn=_limit,
        )  # fmt: skip
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout and not timed_out:
                child.kill()
                timed_out = True
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        outcome = (
            f"over {timeout:.0f} s" if timed_out
            else _outcome(child.returncode, out.read(), err.read())
        )  # fmt: skip
    return outcome, seconds, usage.ru_maxrss


def _outcome(code: int, out: bytes, err: bytes) -> str:
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    try:
        json.loads(out.decode("utf-8"))
        valid = "valid JSON"
    except (UnicodeDecodeError, ValueError):
        valid = "INVALID JSON"
    lines = err.decode("utf-8", "replace").strip().splitlines()
    if "Traceback" in err.decode("utf-8", "replace"):
        return f"exit {code}, traceback: {lines[-1][:80] if lines else ''}"
    first = lines[0][:100] if lines else ""
    return f"exit {code}, {valid}" + (f", {len(lines)} line(s): {first}" if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    files = []
    for p in args.paths or [FUZZ]:
        files += sorted(x for x in p.iterdir() if x.suffix != ".md") if p.is_dir() else [p]
    print(f"{'file':44} {'command':8} {'seconds':>8} {'peak MB':>8}  outcome")
    for path in files:
        for command in ("extract", "check"):
            outcome, seconds, peak = run(command, path, args.timeout)
            print(f"{path.name[:44]:44} {command:8} {seconds:8.2f} {peak / 1024:8.0f}  {outcome}",
                  flush=True)


if __name__ == "__main__":
    main()
