"""Archives of thousands of pins for tests, written through the archive's own write API
(as benchmarks/synthetic.py writes its larger ones): snapshots of pins on one board, the
first ones left out of later snapshots (removed), some retitled."""

from __future__ import annotations

from typing import Any

from creator_backup.archive.listings import OWN_PINS
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive

API = "https://api.pinterest.com/v5"


def pin(n: int, title: str | None = None) -> dict[str, Any]:
    return {
        "id": str(n),
        "title": title or f"Pin {n}: a title",
        "description": f"The description of pin {n}" + (", numéro ü" if n % 97 == 0 else ""),
        "created_at": f"2024-01-{1 + n % 28:02d}T00:00:00",
        "board_id": "1",
    }


def snapshot(
    archive: Archive, pins: int, first: int = 0, titles: dict[str, str] | None = None
) -> int:
    """A complete snapshot of pins `first` to `pins` - 1 (`titles`: pin id -> a new title);
    returns its id."""
    snap = archive.begin_snapshot("full", API, ("pins:read",)).id
    with archive.transaction() as tx:
        for n in range(first, pins):
            raw = pin(n, (titles or {}).get(str(n)))
            archive.record(tx, snap, "pin", raw["id"], raw, board_id="1", media_urls=[])
        archive.listing_done(tx, snap, OWN_PINS, 0, 1)
    archive.finish_snapshot(snap, RunOutcome.COMPLETE, {})
    return snap
