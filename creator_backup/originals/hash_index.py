"""An index over 64-bit hashes that finds every hash within a distance of a query without
comparing it with all of them (multi-index hashing). The 64 bits are cut into radius + 1
chunks: two hashes at most `radius` bits apart differ in at most `radius` chunks, so they
agree exactly on at least one (the pigeonhole principle). A query looks up each of its
chunks in that chunk's table and measures only the hashes found there."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from creator_backup.originals.dhash import distance

BITS = 64


def _chunks(radius: int) -> list[tuple[int, int]]:
    """(shift, mask) of radius + 1 chunks covering the 64 bits, as even as they come."""
    count = radius + 1
    out, start = [], 0
    for number in range(count):
        width = BITS // count + (1 if number < BITS % count else 0)
        out.append((start, (1 << width) - 1))
        start += width
    return out


class HashIndex:
    def __init__(self, items: Iterable[tuple[int, str]], radius: int) -> None:
        if not 0 <= radius < BITS:
            raise ValueError("the radius must be 0 to 63 bits")
        self.radius = radius
        self._chunks = _chunks(radius)
        self._tables: list[dict[int, list[int]]] = [{} for _ in self._chunks]
        self._values: list[int] = []
        self._keys: list[str] = []
        for value, key in items:
            slot = len(self._values)
            self._values.append(value)
            self._keys.append(key)
            for table, (shift, mask) in zip(self._tables, self._chunks, strict=True):
                table.setdefault((value >> shift) & mask, []).append(slot)

    @property
    def size(self) -> int:
        return len(self._values)

    def within(self, value: int, radius: int | None = None) -> Iterator[tuple[int, str]]:
        """(distance, key) of every hash within `radius` (at most the index's) of `value`,
        each once, in no set order."""
        radius = self.radius if radius is None else radius
        if radius > self.radius:
            raise ValueError("this index finds hashes within its own radius only")
        seen: set[int] = set()
        for table, (shift, mask) in zip(self._tables, self._chunks, strict=True):
            for slot in table.get((value >> shift) & mask, ()):
                if slot in seen:
                    continue
                seen.add(slot)
                d = distance(value, self._values[slot])
                if d <= radius:
                    yield d, self._keys[slot]
