"""Recall of the checks, measured by mutation: one known error at a time, on every corpus document.

For each document the harness reads the file once, then injects one error at a time into the
read Document (a table cell changed so that a sum breaks, a narrative amount or rate changed,
a comparison word flipped, a year changed, a classification code or name altered, a required
table removed), re-runs extraction and rules, and records whether a new finding points at the
changed place. It prints recall per target rule family, per kind of mutation, per document and
per document type, the share of narrative figures bound to a concept (and caught when
changed), and every mutation no rule caught with the reason.

    PYTHONPATH=src .venv/bin/python bench/mutate.py [--per-kind 12] [--seed 7] [--only NAME] [--misses]

A split disclosure (a narrative file and its table file, paired by link.find_splits) is checked
as ``budgetlens compare`` checks it: the narrative merged with its tables; its own prose is
mutated, the table file's tables are measured on that file. ``--alone`` checks every file by
itself.

Narrative figures are money amounts and percentages in the prose; excluded are counts (人, 名,
人次, 辆, 个, 批次, 团组), years and dates, page and table numbers ("第3页", "表1"), rate
differences ("2个百分点"), limits ("单价50万元以上") and chart data labels (a paragraph that
is only "基本支出, 55.98%").
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from _corpus import CORPUS
from recall_mutations import (
    KINDS,
    NARRATIVE_KINDS,
    TABLE_KINDS,
    Baseline,
    Result,
    TextEdit,
    all_sites,
    narrative_figures,
    run,
)

from budgetlens.errors import ReadError
from budgetlens.link import find_splits
from budgetlens.pipeline import Extraction, extract_document
from budgetlens.readers import read

TARGETS = {"table": 0.95, "narrative": 0.85, "bound": 0.90}


def doc_type(path: Path) -> str:
    ext = path.suffix.lower()
    return {".txt": "text", ".md": "text", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML",
            ".xls": "XLS", ".xlsx": "XLS"}.get(ext, ext)


def pct(k: int, n: int) -> str:
    return f"{k / n:6.1%}" if n else "     -"


def line(label: str, results: list[Result], width: int = 34) -> str:
    n = len(results)
    c = sum(r.caught for r in results)
    e = sum(r.caught_error for r in results)
    own = sum(r.caught and r.site.family in {x[0] for x in r.rules} for r in results)
    return f"{label[:width]:<{width}} {n:>5} {c:>6} {pct(c, n)} {e:>6} {pct(e, n)} {pct(own, n)}"


HEADER_COLS = f"{'n':>5} {'caught':>6} {'recall':>6} {'error':>6} {'err.rc':>6} {'own':>6}"


def _around(doc, edit: TextEdit, width: int = 70) -> str:
    """The text around a text mutation, the changed span in brackets."""
    text = doc.blocks[edit.block].text
    before = text[max(0, edit.start - width): edit.start]
    after = text[edit.end: edit.end + width // 2]
    return f"{before}[{text[edit.start:edit.end]}→{edit.text}]{after}".replace("\n", " ")


def read_all(paths: list[Path]) -> dict[str, Extraction]:
    """Every readable file, read and extracted once (an unreadable one is named and left out)."""
    out = {}
    for p in paths:
        try:
            out[p.name] = extract_document(read(str(p)))
        except ReadError as e:
            print(f"{p.name}: unreadable: {e}")
    return out


def split_partners(extracted: dict[str, Extraction]) -> dict[str, Extraction]:
    """Narrative file name -> the extraction of its table file, for every split disclosure of
    the corpus (link.find_splits: same department, year and kind, or the figures)."""
    return {Path(s.narrative.path).name: s.tables for s in find_splits(list(extracted.values()))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-kind", type=int, default=12, help="sites per kind and document (0: all)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", default=None, help="only documents whose name contains this")
    ap.add_argument("--misses", action="store_true", help="list every mutation no rule caught")
    ap.add_argument("--alone", action="store_true",
                    help="check a split narrative alone, not merged with its table file")
    ap.add_argument("--context", action="store_true",
                    help="with --misses: print the sentence around each missed text mutation")
    args = ap.parse_args()
    per_kind = args.per_kind or None
    docs = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")
    if not docs:
        print(f"no corpus at {CORPUS}")
        return 1
    t0 = time.perf_counter()
    # every file is read once; without --alone all are, to pair split disclosures
    chosen = [p for p in docs if not args.only or args.only in p.name]
    extracted = read_all(chosen if args.alone else docs)
    partners = {} if args.alone else split_partners(extracted)
    docs = chosen
    if not docs:
        print(f"no corpus document's name contains {args.only!r}")
        return 1
    results: dict[str, list[Result]] = {}
    binding: dict[str, tuple[int, int, Counter]] = {}
    types: dict[str, str] = {}
    documents: dict[str, object] = {}
    for p in docs:
        if p.name not in extracted:
            continue
        own = extracted[p.name]
        doc = own.document
        partner = partners.get(p.name)
        base = Baseline.of(doc, partner, own)
        figures = narrative_figures(base)
        reasons = Counter(f.binding() or "bound" for f in figures)
        binding[p.name] = (len(figures), reasons["bound"], reasons)
        results[p.name] = [run(base, s) for s in all_sites(base, p.name, args.seed, per_kind, figures)]
        types[p.name] = doc_type(p)
        documents[p.name] = doc
    elapsed = time.perf_counter() - t0
    everything = [r for rs in results.values() for r in rs]
    n_runs = len(everything)
    print(f"{len(results)} documents, {n_runs} mutations, seed {args.seed}, "
          f"{per_kind or 'all'} sites per kind, {elapsed:.0f} s")
    print("recall = caught by a new warning or error finding pointing at the changed place; "
          "err.rc = by an error; own = by the target family")
    for name, partner in sorted(partners.items()):
        if name in results:
            print(f"split disclosure: {name} checked with its tables {Path(partner.path).name} "
                  "(as budgetlens compare does; --alone: without)")
    print()

    print(f"{'target family':<34} {HEADER_COLS}")
    by_family = defaultdict(list)
    for r in everything:
        by_family[r.site.family].append(r)
    for fam in sorted(by_family):
        print(line(fam, by_family[fam]))
    caught_by = Counter(rule[0] for r in everything for rule in set(x[0] for x in r.rules))
    print("families that caught: " + ", ".join(f"{k} {v}" for k, v in sorted(caught_by.items())))

    print(f"\n{'mutation kind':<34} {HEADER_COLS}")
    for kind in KINDS:
        rs = [r for r in everything if r.site.kind == kind]
        if rs:
            print(line(kind, rs))
    for group, kinds in (("table", TABLE_KINDS), ("narrative", NARRATIVE_KINDS)):
        rs = [r for r in everything if r.site.kind in kinds]
        print(line(f"ALL {group} (target {TARGETS[group]:.0%})", rs))

    print(f"\n{'document type':<34} {HEADER_COLS}")
    for t in sorted(set(types.values())):
        for group, kinds in (("table", TABLE_KINDS), ("narrative", NARRATIVE_KINDS)):
            rs = [r for name, rr in results.items() if types[name] == t for r in rr
                  if r.site.kind in kinds]
            if rs:
                print(line(f"{t} {group}", rs))

    print(f"\n{'document':<44} {'table':>13} {'narrative':>13} {'figures':>7} {'bound':>6} {'checked':>7}")
    total_fig = total_bound = 0
    for name, rs in results.items():
        tab = [r for r in rs if r.site.group == "table"]
        nar = [r for r in rs if r.site.group == "narrative"]
        figs = [r for r in rs if r.site.kind in ("text_amount", "text_rate")]
        n_fig, n_bound, _ = binding[name]
        total_fig += n_fig
        total_bound += n_bound
        tc = sum(r.caught for r in tab)
        nc = sum(r.caught for r in nar)
        fc = sum(r.caught for r in figs)
        print(f"{name[:44]:<44} {tc:>4}/{len(tab):<3}{pct(tc, len(tab))} {nc:>4}/{len(nar):<3}"
              f"{pct(nc, len(nar))} {n_fig:>7} {pct(n_bound, n_fig)} {pct(fc, len(figs))}")
    print(f"narrative figures bound to a concept: {total_bound}/{total_fig} "
          f"{pct(total_bound, total_fig).strip()} (target {TARGETS['bound']:.0%}); 'checked' = "
          "share of the sampled changed figures that a finding caught")
    unbound = Counter()
    for _, _, reasons in binding.values():
        for k, v in reasons.items():
            if k != "bound":
                unbound[k] += v
    print("unbound figures: " + ", ".join(f"{k} {v}" for k, v in unbound.most_common()))

    missed = [(name, r) for name, rs in results.items() for r in rs if not r.caught_error]
    reasons = Counter(r.reason for _, r in missed)
    print(f"\nnot caught as error: {len(missed)} — " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    by_kind_reason = Counter((r.site.kind, r.reason) for _, r in missed)
    for (kind, reason), n in sorted(by_kind_reason.items()):
        print(f"  {kind:<18} {reason:<22} {n}")
    if args.misses:
        print()
        for name, r in missed:
            caught = f" (caught as warning by {','.join(r.rules)})" if r.caught else ""
            print(f"MISS {name[:40]:<40} {r.site.kind:<17} {r.reason:<20} {r.site.detail}{caught}")
            if args.context and isinstance(r.site.edit, TextEdit):
                print("     | " + _around(documents[name], r.site.edit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
