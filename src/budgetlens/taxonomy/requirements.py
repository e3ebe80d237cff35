"""What a disclosure must contain, as data: taxonomy/requirements.yaml, read once.

Recognition reads its explanation matchers (where a document explains an item); the C rules
read its items, severities and citations.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

# libyaml's safe loader when PyYAML was built with it: the same data, parsed ~10x faster,
# which is most of a fresh process's first check
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_taxonomy_yaml(name: str) -> dict:
    """A data file of budgetlens.taxonomy, parsed with the safe loader."""
    text = resources.files("budgetlens.taxonomy").joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)


@cache
def requirements() -> dict:
    """taxonomy/requirements.yaml, parsed once."""
    return load_taxonomy_yaml("requirements.yaml")
