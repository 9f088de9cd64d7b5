"""What a backup run did, in sentences for people: one summary that the window and the
command line both show, made from the run's outcome (data), never from its wording.

A cancelled or failed run is never announced as complete; files still to fetch after a
complete listing are said as such; every board the run did not list is named, with when
it was last checked. A run the day's request budget paused (Trial access) says how far
the snapshot got, when the next run can go on and about how many days the rest takes; a
snapshot finished on a later day than it began says that it was read over those days, each
board as it was when read; and a login that cannot see secret boards and pins is told so
after every run, as is one not known to see them when secret boards went unseen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from creator_backup.archive.outcomes import ListingState, RunOutcome
from creator_backup.backup.engine import BackupResult
from creator_backup.checked_words import pinterest_said, since_text
from creator_backup.evidence.snapshot_stamps import StampState
from creator_backup.progress import human_size
from creator_backup.words import moment_text, one_line, plural, when_text

NAMED_BOARDS = 10  # refused boards named one by one before "and N more"
BOARD_NAME_WIDTH = 80
SECRET_SCOPES = ("boards:read_secret", "pins:read_secret")
HIDDEN_CONTENT_SENTENCE = (
    "Secret boards and pins are not being backed up: this login was not given permission "
    "to see them. To include them, log in again through the browser, which asks Pinterest "
    "for that permission."
)

Dates = Callable[[str | None], str]


def headline(result: BackupResult) -> str:
    """The first sentence: how the run ended."""
    snap = result.snapshot.id
    outcome = result.outcome
    left_out = len(result.unchecked)
    if outcome == RunOutcome.COMPLETE:
        if left_out:
            return f"Backup complete except for {plural(left_out, 'board')}: snapshot {snap}."
        return f"Backup complete: snapshot {snap}."
    if outcome == RunOutcome.MEDIA_PENDING:
        files = plural(result.media_pending, "file")
        read = (
            f"The backup read the account except for {plural(left_out, 'board')}"
            if left_out
            else "Every board was read"
        )
        return (
            f"{read} (snapshot {snap}), but {files} still "
            f"{'has' if result.media_pending == 1 else 'have'} to be downloaded; the next "
            "backup fetches them."
        )
    if outcome == RunOutcome.CANCELLED:
        return (
            f"Backup cancelled: snapshot {snap} is kept as unfinished, and the next backup "
            "continues it."
        )
    if outcome == RunOutcome.ACCOUNT_UNAVAILABLE:
        return (
            "Pinterest says this account is unavailable. Everything archived so far is kept, "
            "unchanged, as evidence."
        )
    if outcome == RunOutcome.QUOTA_SPENT and result.budget is not None:
        return f"Backup paused: {result.stopped}"
    if outcome == RunOutcome.QUOTA_SPENT:
        return (
            f"Backup paused: {result.stopped} Pinterest allows only so many requests at a "
            "time; the next backup continues where this one stopped."
        )
    if outcome == RunOutcome.PERMISSION:
        return f"Backup stopped: {result.stopped}"
    if outcome == RunOutcome.DISK_FULL:
        return (
            "Backup stopped: the disk holding the archive is full. Everything saved is kept; "
            "free some space and back up again."
        )
    if outcome == RunOutcome.STALE:
        return f"Backup stopped: {result.stopped}"
    return f"Backup stopped early ({result.stopped}); the next backup continues it."


def counts(result: BackupResult) -> str:
    return (
        f"{plural(result.boards, 'board')}, {plural(result.sections, 'section')}, "
        f"{plural(result.pins, 'pin')}; {plural(result.media_files, 'new file')} "
        f"({human_size(result.media_bytes)}); "
        f"{plural(result.api_calls, 'request')} to Pinterest."
    )


def unchecked_lines(result: BackupResult, dates: Dates = when_text) -> list[str]:
    """The boards this run did not list, and since when each is unchecked."""
    lines: list[str] = []
    carried = [u for u in result.unchecked if u["state"] == ListingState.CARRIED.value]
    refused = [u for u in result.unchecked if u["state"] == ListingState.REFUSED.value]
    if carried:
        oldest = min((u.get("last_listed_at") or "" for u in carried), default="")
        lines.append(
            f"{plural(len(carried), 'board')} "
            f"{'was' if len(carried) == 1 else 'were'} not read again: a quick backup leaves "
            "out boards whose counts did not change, so a removal there is not seen. What "
            "the archive holds for "
            f"{'it' if len(carried) == 1 else 'them'} dates from "
            f"{'its' if len(carried) == 1 else 'their'} last reading"
            + (f" (the oldest on {dates(oldest)})." if oldest else ".")
        )
    for entry in refused[:NAMED_BOARDS]:
        name = one_line(str(entry.get("name") or ""), BOARD_NAME_WIDTH) or "a board"
        detail = entry.get("detail")
        said = pinterest_said(detail if isinstance(detail, str) else None) or "no reason given"
        since = since_text(entry.get("last_listed_at"), dates)
        lines.append(f"Pinterest refused the board “{name}” ({said}): {since}; the next "
                     "backup tries it again.")  # fmt: skip
    if len(refused) > NAMED_BOARDS:
        lines.append(f"… and {plural(len(refused) - NAMED_BOARDS, 'more board')} refused.")
    return lines


def failure_lines(result: BackupResult) -> list[str]:
    media = [f for f in result.failed if f.get("kind") == "media"]
    permanent = [f for f in media if f.get("permanent") == "yes"]
    transient = len(media) - len(permanent)
    lines = []
    if transient:
        lines.append(
            f"{plural(transient, 'file')} could not be downloaded this time; the next backup "
            "tries again."
        )
    if permanent:
        lines.append(
            f"{plural(len(permanent), 'file')} Pinterest no longer "
            f"{'serves' if len(permanent) == 1 else 'serve'}: recorded, and not asked for "
            "again."
        )
    return lines


def budget_lines(result: BackupResult, now: float | None = None) -> list[str]:
    """A run the day's budget paused: how far the snapshot got, when it goes on, and about
    how many more days it takes. Only what the listings did is called read."""
    budget = result.budget
    if result.outcome != RunOutcome.QUOTA_SPENT or budget is None:
        return []
    lines = []
    if result.boards:
        lines.append(
            f"So far this backup has read {result.boards_read:,} of "
            f"{plural(result.boards, 'board')}."
        )
    when = moment_text(budget.resets_at, now or time.time()) if budget.resets_at else ""
    rest = "The rest continues with the next backup after Pinterest's daily limit resets"
    lines.append(f"{rest}, {when}." if when else f"{rest}.")
    days = result.days_to_finish
    if days and budget.limit:
        lines.append(
            f"At {budget.limit:,} requests a day, it needs about {plural(days, 'more day')}."
        )
    return lines


def lacks_secret_scopes(scopes: tuple[str, ...]) -> bool:
    """Whether a login's scopes, when known, leave out secret boards or pins; unknown
    scopes (a pasted token's) say nothing."""
    return bool(scopes) and not set(SECRET_SCOPES) <= set(scopes)


def secret_lines(result: BackupResult) -> list[str]:
    """Said after every run whose login is known to miss a secret scope."""
    return [HIDDEN_CONTENT_SENTENCE] if lacks_secret_scopes(result.snapshot.scopes) else []


def secret_unseen_lines(result: BackupResult) -> list[str]:
    """Secret boards backed up before that this run did not see, its login not known to
    be allowed to see them (a known lack is HIDDEN_CONTENT_SENTENCE's)."""
    count = result.secret_unseen
    if not count or result.snapshot.sees_secret is not None:
        return []
    one = count == 1
    return [
        f"Secret boards were not checked: {plural(count, 'secret board')} backed up before "
        f"{'was' if one else 'were'} not seen by this backup, whose login was not known to be "
        "allowed to see secret boards and pins, so "
        f"{'it is' if one else 'they are'} not counted as removed. The archive keeps what "
        f"earlier backups saw of {'it' if one else 'them'} and {'its' if one else 'their'} "
        "pins; to check again, log in through the browser, which asks Pinterest for that "
        "permission."
    ]


def read_over_lines(result: BackupResult, dates: Dates = when_text) -> list[str]:
    """A complete snapshot that runs on more than one day read: over how many days, from
    when to when, and that each board is as it was when it was read; and the boards an
    earlier run read that no counter could show unchanged since."""
    days = len(result.read_days)
    if not result.complete or days < 2 or result.read_runs < 2:
        return []
    lines = [
        f"This snapshot was read over {days} days ({plural(result.read_runs, 'run')}), from "
        f"{dates(result.read_from)} to {dates(result.read_until)}: each board is as it was "
        "when it was read, not all as of the end."
    ]
    unproven = result.earlier_unproven
    if unproven:
        one = unproven == 1
        lines.append(
            f"{plural(unproven, 'board')} read by an earlier run "
            f"{'has' if one else 'have'} no counts from Pinterest that show whether "
            f"{'it' if one else 'they'} changed since, so a pin removed from "
            f"{'it' if one else 'them'} after that is still shown; the next backup reads "
            f"{'it' if one else 'them'} again."
        )
    return lines


def timestamp_lines(result: BackupResult) -> list[str]:
    """Whether the snapshot is time-stamped, and earlier snapshots stamped at last."""
    lines = [result.timestamps.sentence()] if result.timestamps is not None else []
    caught_up = [r for r in result.timestamps_caught_up if r.state is StampState.STAMPED]
    if caught_up:
        lines.append(
            f"{plural(len(caught_up), 'earlier snapshot')} waiting for time stamps "
            f"{'is' if len(caught_up) == 1 else 'are'} now stamped."
        )
    return lines


def summary_lines(
    result: BackupResult, dates: Dates = when_text, now: float | None = None
) -> list[str]:
    """Everything a person needs to know about the run, first line first."""
    lines = [headline(result), counts(result)]
    lines += budget_lines(result, now)
    lines += read_over_lines(result, dates)
    lines += secret_lines(result)
    lines += secret_unseen_lines(result)
    lines += unchecked_lines(result, dates)
    lines += failure_lines(result)
    lines += timestamp_lines(result)
    if result.skipped:
        one = len(result.skipped) == 1
        lines.append(
            f"{plural(len(result.skipped), 'object')} Pinterest sent could not be read and "
            f"{'was' if one else 'were'} left out (the log says which)."
        )
    return lines
