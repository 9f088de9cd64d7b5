"""What the next backup will cost in requests, told from the archive alone (no request to
Pinterest): the counts of the last snapshot and the listings an unfinished one already
did. An estimate: boards and pins added since are not known until a run reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from creator_backup.archive.listings import OWN_PINS, board_key
from creator_backup.archive.outcomes import ListingState
from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.backup.budget import KnownCounts, account_requests, counter, pages
from creator_backup.backup.engine import resumes
from creator_backup.backup.kinds import FULL, QUICK


@dataclass(frozen=True)
class Estimate:
    """Requests the next run is expected to need: `overhead` (the account and its board
    list, spent by every run) and `listings` (the boards' and the own pins' listings)."""

    overhead: int
    listings: int

    @property
    def requests(self) -> int:
        return self.overhead + self.listings


def estimate_next_run(archive: Archive, kind: str = FULL) -> Estimate | None:
    """The next run of `kind` (FULL or QUICK); None when the archive holds no snapshot of
    a run to go by. A full run lists every board the last snapshot holds, less those an
    unfinished run it finishes has done. A quick run lists only boards whose counters
    moved, which only the run can tell: counted are the listings it cannot leave out (an
    unfinished run's, boards Pinterest refused), so it is the least it needs."""
    runs = [s for s in archive.snapshots() if not s.is_export]
    if not runs:
        return None
    last = archive.last_complete()
    unfinished = archive.unfinished_snapshot()
    resumed = unfinished if unfinished is not None and resumes(unfinished, kind) else None
    base = _with_boards(archive, [resumed, last, runs[-1]])
    if base is None:
        return Estimate(account_requests(None), 0)
    boards = archive.objects_in(base.id, "board")
    known = KnownCounts.of(archive, last.id if last is not None else base.id)
    costs = {board_id: known.board_cost(board_id, v.raw) for board_id, v in boards.items()}
    own = _own_pins_pages(archive, base)
    if resumed is not None:
        # Listed or carried by the run it finishes: done; refused ones are tried again.
        done = (ListingState.LISTED, ListingState.CARRIED)
        left = [b for b in boards if archive.listing_state(resumed.id, board_key(b)) not in done]
        own_cost = own if archive.listing_state(resumed.id, OWN_PINS) not in done else 0
    elif kind == QUICK:
        unchecked = archive.unchecked_boards(last.id) if last is not None else []
        refused = {u.board_id for u in unchecked if u.state == ListingState.REFUSED}
        left = [b for b in boards if b in refused]
        own_cost = 0
    else:
        left = list(boards)
        own_cost = own
    return Estimate(account_requests(len(boards)), sum(costs[b] for b in left) + own_cost)


def _with_boards(archive: Archive, candidates: list[Snapshot | None]) -> Snapshot | None:
    """The first snapshot of these that recorded the account's boards."""
    for snapshot in candidates:
        if snapshot is not None and archive.count_objects(snapshot.id, "board"):
            return snapshot
    return None


def _own_pins_pages(archive: Archive, snapshot: Snapshot) -> int:
    accounts = archive.objects_in(snapshot.id, "account")
    raw = next(iter(accounts.values())).raw if accounts else {}
    return pages(counter(raw, "pin_count"))
