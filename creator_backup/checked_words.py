"""What a backup run observed, in words for every face (History, Browse, the offline site,
appeal packets): how a run ended, a board "not checked since" when and why, and what
Pinterest said when it refused a board.

Never more than the run observed: a snapshot that left boards unchecked is never called
"every board read", and a board it did not list is named with the date of its last
listing. Core code (no Qt): the window hands in its own date format (`human_time`); the
documents read away from this computer (the site, the report) give times in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.local_time import date_text
from creator_backup.settings import parse_time
from creator_backup.words import one_line, plural, when_text

Dates = Callable[[str | None], str]

CARRIED = "carried"
REFUSED = "refused"
MESSAGE_WIDTH = 160  # characters of Pinterest's message kept in a sentence

# How a run ended, in a few words beside its date.
OUTCOME_WORDS = {
    RunOutcome.COMPLETE: "complete",
    RunOutcome.MEDIA_PENDING: "every board read, files still to download",
    RunOutcome.CANCELLED: "cancelled",
    RunOutcome.RUNNING: "unfinished",
    RunOutcome.ACCOUNT_UNAVAILABLE: "stopped: the account was unavailable",
    RunOutcome.PERMISSION: "stopped: a permission is missing",
    RunOutcome.QUOTA_SPENT: "paused by Pinterest's request limit",
    RunOutcome.DISK_FULL: "stopped: the disk was full",
    RunOutcome.FAILED: "stopped by an error",
    RunOutcome.STALE: "set aside: the account changed while it was interrupted",
    RunOutcome.SUPERSEDED: "unfinished, taken over by a later backup",
    RunOutcome.IMPORTED: "imported",
}


def outcome_text(outcome: RunOutcome, unchecked: int = 0) -> str:
    """How a run ended, and how many boards of its snapshot it did not check:
    "complete", "complete, 2 boards not checked", "cancelled, 5 boards not checked"."""
    if outcome == RunOutcome.IMPORTED:
        return OUTCOME_WORDS[outcome]
    if not unchecked:
        return OUTCOME_WORDS.get(outcome, "stopped early")
    if outcome == RunOutcome.MEDIA_PENDING:
        words = "files still to download"  # not "every board read": some were not
    else:
        words = OUTCOME_WORDS.get(outcome, "stopped early")
    return f"{words}, {plural(unchecked, 'board')} not checked"


def utc_text(stamp: str | None) -> str:
    """A UTC stamp in words, in UTC, for documents read elsewhere: "02 Dec 2026, 08:44
    UTC" (the site and the report give every time in UTC)."""
    when = parse_time(stamp) or pinterest_time(stamp)
    if when is None:
        return stamp or "an unknown time"
    return when.strftime("%d %b %Y, %H:%M UTC")


def pinterest_time(stamp: str | None) -> datetime | None:
    """A time as Pinterest writes it ("2019-01-01T12:47:52", UTC without saying so; or
    any ISO 8601 stamp) as a datetime in UTC; None for anything else."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def day_text(stamp: str | None) -> str:
    """The day of a UTC stamp, in the user's own time zone: "02 Dec 2026" (where a list
    has no room for the time; the whole time is said beside it)."""
    when = parse_time(stamp)
    if when is None:
        return stamp or "an unknown day"
    return date_text(when)


def since_text(last_checked: str | None, dates: Dates = when_text) -> str:
    """ "not checked since 02 Dec 2026, 08:44", or "never checked"."""
    return f"not checked since {dates(last_checked)}" if last_checked else "never checked"


def pinterest_said(detail: str | None) -> str | None:
    """What Pinterest answered when it refused a board's listing, as plain text on one
    line: "“Not authorized to access the board.” (HTTP 403)". `detail` is the JSON the
    backup kept (status, code, message, request_id); None when it said nothing usable."""
    if not detail:
        return None
    try:
        said = json.loads(detail)
    except ValueError:
        said = {"message": detail}
    if not isinstance(said, dict):
        return None
    message = said.get("message")
    text = one_line(message, MESSAGE_WIDTH) if isinstance(message, str) else ""
    status = said.get("status")
    code = f"HTTP {status}" if isinstance(status, int) and not isinstance(status, bool) else ""
    if text and code:
        return f"“{text}” ({code})"
    return f"“{text}”" if text else (code or None)


def why_not_checked(state: str | None, detail: str | None) -> str:
    """Why a snapshot did not list a board, as the end of a sentence."""
    if state == CARRIED:
        return "a quick backup left it out, as its counts had not changed"
    if state == REFUSED:
        said = pinterest_said(detail)
        return "Pinterest refused to list it" + (f": {said}" if said else "")
    return "the backup stopped before it got there"


def capitalised(text: str) -> str:
    """The first letter up, the rest as it is (Pinterest's words keep their case)."""
    return text[:1].upper() + text[1:]


def not_checked_sentence(
    state: str | None, detail: str | None, last_checked: str | None, dates: Dates = when_text
) -> str:
    """One board's whole story: "Not checked since 02 Dec 2026, 08:44: Pinterest refused
    to list it: “Not authorized to access the board.” (HTTP 403)." """
    since = capitalised(since_text(last_checked, dates))
    return f"{since}: {why_not_checked(state, detail)}."


def boards_not_checked(count: int) -> str:
    """ "1 board was not checked", "3 boards were not checked"."""
    return f"{plural(count, 'board')} {'was' if count == 1 else 'were'} not checked"
