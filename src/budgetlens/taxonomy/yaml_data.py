"""The data files of budgetlens.taxonomy, parsed with the safe loader."""

from __future__ import annotations

from importlib import resources

import yaml

# libyaml's safe loader when PyYAML was built with it: the same data, parsed ~10x faster,
# which is most of a fresh process's first check
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_taxonomy_yaml(name: str) -> dict:
    """A data file of budgetlens.taxonomy, parsed with the safe loader."""
    text = resources.files("budgetlens.taxonomy").joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)
