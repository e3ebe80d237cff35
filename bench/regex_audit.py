"""Print every regular expression of the package whose search time grows faster than the text.

Each pattern (module-level compiled patterns, and every regex string of the taxonomy YAML) is
searched in long runs of one piece of text ("|" × n, spaces, digits, "1,", CJK …) followed by
a character that makes it fail, at n and 4n characters. A linear search takes about 4× as
long; a nested or adjacent quantifier splitting one run takes 16× or more. Printed: the
pattern, the run, both times and the ratio, for the ones over 8× and 5 ms.

Usage: .venv/bin/python bench/regex_audit.py [N]   (default N = 1000)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import yaml

import budgetlens

RUNS = ["|", " ", "\u3000", "\t", "1", "1,", "0.", "一", "、", "（", "表", "。", "x", "-", ".",
        "…", "a1", "1 ", "万元", "附表", "第1部分"]  # fmt: skip
TAILS = ["", "!", "名", "\n"]


def patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(budgetlens.__path__, "budgetlens."):
        if info.name.endswith(("ocr", "pdf_debug")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{info.name}.{name}"] = value
    for path in Path(budgetlens.__path__[0], "taxonomy").rglob("*.yaml"):
        _yaml_patterns(yaml.safe_load(path.read_text("utf-8")), path.name, found)
    return found


def _yaml_patterns(node, where: str, found: dict[str, re.Pattern]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _yaml_patterns(value, f"{where}.{key}", found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _yaml_patterns(value, f"{where}[{i}]", found)
    elif isinstance(node, str) and any(ch in node for ch in "*+?{"):
        try:
            found[where] = re.compile(node)
        except re.error:
            pass


def timed(p: re.Pattern, text: str, repeat: int = 3) -> float:
    """The fastest of a few searches: a busy machine only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        p.search(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    found = patterns()
    print(f"{len(found)} patterns, runs of {n} and {4 * n} characters")
    slow = 0
    for name, p in found.items():
        for run in RUNS:
            for tail in TAILS:
                small = timed(p, run * (n // len(run)) + tail)
                large = timed(p, run * (4 * n // len(run)) + tail)
                if large > 0.002 and large > 8 * max(small, 1e-5):
                    slow += 1
                    print(f"{large / max(small, 1e-5):6.1f}×  {small * 1000:8.2f} ms"
                          f" {large * 1000:9.2f} ms  {run!r}+{tail!r}  {name}: "
                          f"{p.pattern[:90]!a}")
                    break
    print(f"{slow} pattern/run pairs grow faster than linear")


if __name__ == "__main__":
    main()
