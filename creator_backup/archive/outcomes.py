"""How a run ended, and what it did with each board: states stored as data.

Nothing in the app decides anything from the wording of a note: a snapshot carries its
`RunOutcome`, and each board of a snapshot its `ListingState`. Sentences for people are
made from these where they are shown.
"""

from __future__ import annotations

from enum import StrEnum


class RunOutcome(StrEnum):
    """How a backup run ended. Only the first two leave a complete snapshot: every board
    was either listed by the run or is named as not checked (see ListingState)."""

    RUNNING = "running"  # under way, or the process ended before it could say
    COMPLETE = "complete"  # every listing finished and every file is kept
    MEDIA_PENDING = "media_pending"  # every listing finished; some files still to fetch
    CANCELLED = "cancelled"  # the user stopped it
    ACCOUNT_UNAVAILABLE = "account_unavailable"  # deactivated or suspended, says Pinterest
    PERMISSION = "permission"  # the login lacks a permission the listing needs
    QUOTA_SPENT = "quota_spent"  # the rate limit or the Trial day's budget ran out
    DISK_FULL = "disk_full"
    FAILED = "failed"  # Pinterest or the network stopped a listing
    STALE = "stale"  # the account changed since the interrupted part: a fresh one follows
    SUPERSEDED = "superseded"  # a later run took over from this unfinished one
    IMPORTED = "imported"  # a data export's snapshot, not a run

    @property
    def complete(self) -> bool:
        return self in COMPLETE_OUTCOMES

    @property
    def resumable(self) -> bool:
        """Whether the next run may finish this one rather than start afresh: what it
        listed is still today's account (not after the account went away, nor after the
        account moved on)."""
        return self in (
            RunOutcome.RUNNING,
            RunOutcome.CANCELLED,
            RunOutcome.PERMISSION,
            RunOutcome.QUOTA_SPENT,
            RunOutcome.DISK_FULL,
            RunOutcome.FAILED,
        )


COMPLETE_OUTCOMES = frozenset({RunOutcome.COMPLETE, RunOutcome.MEDIA_PENDING})


def status_of(outcome: RunOutcome) -> str:
    """The snapshot's coarse status, which every query of complete snapshots reads."""
    if outcome == RunOutcome.RUNNING:
        return "running"
    return "complete" if outcome.complete or outcome == RunOutcome.IMPORTED else "partial"


class ListingState(StrEnum):
    """What a run did with one listing (a board's sections and pins, or the account's own
    pins). Only LISTED is an observation: the others mean "not checked in this run", and
    what the archive holds there is what the last listing saw."""

    LISTED = "listed"
    CARRIED = "carried"  # a quick run left it out: its counters had not moved
    REFUSED = "refused"  # Pinterest refused the listing (403, 404): retried next run


class CarryReason(StrEnum):
    """Why a quick run did not re-list something."""

    COUNTERS_UNCHANGED = "counters_unchanged"  # a board's pin count and modification time
    PIN_COUNT_UNCHANGED = "pin_count_unchanged"  # the account's pin count, for own pins
