"""``--statistics``: how many findings each rule reported, most first, like a linter's."""

from __future__ import annotations

from rich.text import Text


def statistics_text(counts: dict[str, int]) -> Text:
    from ..rules import REGISTRY

    t = Text()
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        cls = REGISTRY.get(code)
        t.append(f"{n:>5}  {code:<5} {cls.title if cls else ''}\n")
    t.append(f"{sum(counts.values()):>5}  findings in all")
    return t
