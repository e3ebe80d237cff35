"""Reading the version 1 stored extraction (a compressed pickle) once, to convert it.

Stores written before schema version 4 keep each document's extraction as a pickle. Their
migration reads those blobs with an unpickler that resolves no name but the model's own
dataclasses (every class ``codec`` can store) and ``decimal.Decimal``: a payload naming
anything else (``os.system``, ``builtins.eval`` …) is refused before it can run, and that
document's extraction is cleared (``recheck`` then asks for its file to be ingested again).
Nothing else in budgetlens reads a pickle from a store.
"""

from __future__ import annotations

import io
import pickle
import zlib
from decimal import Decimal
from functools import cache

from ..pipeline import Extraction
from .codec import MAX_DECODED_BYTES, model_classes

LEGACY_VERSION = 1


@cache
def _allowed() -> dict[tuple[str, str], type]:
    allowed = {(c.__module__, c.__qualname__): c for c in model_classes()}
    allowed[("decimal", "Decimal")] = Decimal
    return allowed


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = _allowed().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a stored extraction")
        return found

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("a stored extraction refers to nothing outside itself")


def read_legacy(blob: bytes) -> Extraction:
    """A version 1 blob's Extraction; ValueError when it is not one."""
    if not blob or blob[0] != LEGACY_VERSION:
        raise ValueError("not a version 1 stored extraction")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(bytes(blob[1:]), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("stored extraction too large to read back")
        x = _ModelUnpickler(io.BytesIO(raw)).load()
    except (pickle.UnpicklingError, zlib.error, EOFError, TypeError, AttributeError,
            IndexError, KeyError, RecursionError) as e:
        raise ValueError(f"not a stored extraction: {e}") from None
    if not isinstance(x, Extraction):
        raise ValueError(f"not a stored extraction: a {type(x).__name__}")
    return x
