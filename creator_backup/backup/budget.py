"""What a backup costs in requests: with Trial access Pinterest allows an app 1,000 a day
(all requests), so a big account's first backup takes days, and a run spends a short
day on what matters most and on listings it can finish.

Counted as Pinterest serves listings (shared/notes/pinterest-api.md 5.3): reading the
account is one request, the board list one per page, and each board's listing one page
of sections (more for a board with very many) and one per page of its pins; GET /pins,
the account's own pins, one per page. A listing answers even when empty: a page at least.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from creator_backup.api.pagination import PAGE_SIZE
from creator_backup.archive.store import Archive


def pages(items: int | None) -> int:
    """Requests a listing of `items` takes (one when the count is not known)."""
    if items is None or items <= 0:
        return 1
    return math.ceil(items / PAGE_SIZE)


def account_requests(boards: int | None) -> int:
    """Every run's first requests: the account, then its list of boards."""
    return 1 + pages(boards)


def listing_requests(pins: int | None, sections: int | None) -> int:
    """One board's listing: its sections, then its pins."""
    return pages(sections) + pages(pins)


def counter(raw: dict[str, Any], name: str) -> int | None:
    """A count Pinterest gave (pin_count), or None when absent or not a count."""
    value = raw.get(name)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


@dataclass(frozen=True)
class KnownCounts:
    """What the archive saw of each board in a snapshot: its pins and its sections."""

    pins: dict[str, int]
    sections: dict[str, int]

    @classmethod
    def none(cls) -> KnownCounts:
        return cls({}, {})

    @classmethod
    def of(cls, archive: Archive, snapshot_id: int | None) -> KnownCounts:
        if snapshot_id is None:
            return cls.none()
        pins = Counter(b for _, b, _ in archive.placements_in(snapshot_id, "pin").values() if b)
        sections = Counter(
            b for _, b, _ in archive.placements_in(snapshot_id, "section").values() if b
        )
        return cls(dict(pins), dict(sections))

    def board_cost(self, board_id: str, raw: dict[str, Any]) -> int:
        """A board's listing, from the larger of its pin count (Pinterest's counter, as of
        the board list) and the pins an earlier listing found there."""
        known = [n for n in (counter(raw, "pin_count"), self.pins.get(board_id)) if n is not None]
        return listing_requests(max(known) if known else None, self.sections.get(board_id))


def days_needed(listings: int, limit: int | None, daily_overhead: int) -> int | None:
    """Days of `limit` requests that `listings` requests of listings still take, each
    day's run spending `daily_overhead` (the account, its board list) before it lists
    anything; None when no daily limit is known or a day cannot pay even for that."""
    if limit is None:
        return None
    if listings <= 0:
        return 0
    useful = limit - daily_overhead
    return math.ceil(listings / useful) if useful > 0 else None
