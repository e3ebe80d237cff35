"""The stored form of an Extraction, from which ``recheck`` runs the rules again.

The rules read the whole object graph (blocks, sections, tables with their cells' locations,
claims, facts); the relational tables hold what queries need, and this blob holds the rest.
It is a compressed pickle: it is written and read only by budgetlens itself, so a store must
be trusted like the code (a store from elsewhere is re-ingested, not rechecked).
"""

from __future__ import annotations

import pickle
import zlib

from ..pipeline import Extraction

CODEC_VERSION = 1


def encode(x: Extraction) -> bytes:
    return bytes([CODEC_VERSION]) + zlib.compress(pickle.dumps(x, pickle.HIGHEST_PROTOCOL), 6)


def decode(blob: bytes) -> Extraction:
    if not blob or blob[0] != CODEC_VERSION:
        raise ValueError("stored extraction written by another version of budgetlens: ingest "
                         "the file again")
    return pickle.loads(zlib.decompress(bytes(blob[1:])))
