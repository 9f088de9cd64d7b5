"""A BK-tree over 64-bit hashes: finds every hash within a distance of a query without
comparing it with all of them. Each child of a node sits at its exact distance from the
node, so by the triangle inequality a search within `radius` of the query only descends
into children at node distance d - radius .. d + radius."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from creator_backup.originals.dhash import distance


@dataclass
class _Node:
    value: int
    keys: list[str]  # what carries this hash (archived files' sha256)
    children: dict[int, _Node] = field(default_factory=dict)


class BKTree:
    def __init__(self, items: Iterable[tuple[int, str]] = ()) -> None:
        self._root: _Node | None = None
        self.size = 0
        for value, key in items:
            self.add(value, key)

    def add(self, value: int, key: str) -> None:
        self.size += 1
        if self._root is None:
            self._root = _Node(value, [key])
            return
        node = self._root
        while True:  # iterative: a degenerate tree of 10,000 nodes must not recurse
            d = distance(value, node.value)
            if d == 0:
                node.keys.append(key)
                return
            child = node.children.get(d)
            if child is None:
                node.children[d] = _Node(value, [key])
                return
            node = child

    def within(self, value: int, radius: int) -> Iterator[tuple[int, str]]:
        """(distance, key) of every hash within `radius` of `value`, in no set order."""
        stack = [self._root] if self._root is not None else []
        while stack:
            node = stack.pop()
            d = distance(value, node.value)
            if d <= radius:
                for key in node.keys:
                    yield d, key
            for edge, child in node.children.items():
                if d - radius <= edge <= d + radius:
                    stack.append(child)
