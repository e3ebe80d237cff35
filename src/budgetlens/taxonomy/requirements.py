"""What a disclosure must contain, as data: taxonomy/requirements.yaml, read once.

Recognition reads its explanation matchers (where a document explains an item); the C rules
read its items, severities and citations.
"""

from __future__ import annotations

from functools import cache

from .yaml_data import load_taxonomy_yaml


@cache
def requirements() -> dict:
    """taxonomy/requirements.yaml, parsed once."""
    return load_taxonomy_yaml("requirements.yaml")
