"""Where a document's blocks are: the blocks of each page and the next grid after each
block, so that the surroundings of a table are looked up, not scanned for, in a document
of a thousand pages."""

from __future__ import annotations

from collections import defaultdict

from ..model import Block, Grid


class PageIndex:
    """Block indices by page (in block order) and the first grid at or after each block."""

    def __init__(self, blocks: list[Block]) -> None:
        self.on_page: dict[int | None, list[int]] = defaultdict(list)
        self.grids_on_page: dict[int | None, list[int]] = defaultdict(list)
        for j, b in enumerate(blocks):
            page = b.location.page
            self.on_page[page].append(j)
            if isinstance(b, Grid):
                self.grids_on_page[page].append(j)
        self._next_grid: list[int | None] = [None] * len(blocks)
        following: int | None = None
        for j in range(len(blocks) - 1, -1, -1):
            if isinstance(blocks[j], Grid):
                following = j
            self._next_grid[j] = following

    def next_grid(self, j: int) -> int | None:
        """The index of the first grid at or after block ``j``."""
        return self._next_grid[j] if 0 <= j < len(self._next_grid) else None
