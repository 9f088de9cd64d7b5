"""What the Restore page says, in sentences: the dry run's plan, the run's report, the
progress line once a run has ended, and why a check or a restore failed.

Pure functions of a RestoreResult (and the page's sources); none touches a widget. Pinterest
text is folded onto one line here and shown by the page only as plain text.
"""

from __future__ import annotations

from creator_backup.api.errors import AccountUnavailable, AuthenticationFailed, MissingScope
from creator_backup.application.restores import RestoreSources
from creator_backup.archive.records import Snapshot
from creator_backup.errors import Cancelled
from creator_backup.gui.widgets import error_sentence, human_time
from creator_backup.progress import human_size
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import NO_WRITE_PERMISSION, NoWritePermission

AGAIN = "Run it again any time: it never makes duplicates."
# How each pin comes back, in words for people (the plan's method names are the API's).
METHOD_WORDS = {
    "image_base64": "uploaded again from your backup",
    "multiple_image_base64": "uploaded again from your backup, as a carousel",
    "video_upload": "video uploaded again from your backup",
    "save": "saved again from the pin it was saved from",
    "create": "created again",
}
KIND_WORDS = {"board": ("board", "boards"), "section": ("section", "sections"),
              "pin": ("pin", "pins")}  # fmt: skip


def counted(counts: dict[str, int]) -> str:
    """{"boards": 1, "sections": 0, "pins": 16} -> "1 board and 16 pins"; all 0: "nothing"."""
    parts = []
    for kind, (one, many) in KIND_WORDS.items():
        n = counts.get(f"{kind}s", 0)
        if n:
            parts.append(f"{n:,} {one if n == 1 else many}")
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {max(1, round(seconds))} seconds"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {seconds / 3600:.1f} hours"


def snapshot_words(snapshot: Snapshot) -> str:
    return f"snapshot {snapshot.id} (backed up {human_time(snapshot.started_at)})"


def snapshot_choice(snapshot: Snapshot, sources: RestoreSources) -> str:
    words = f"Snapshot {snapshot.id}, {human_time(snapshot.started_at)}"
    if sources.baseline is not None and snapshot.id == sources.baseline.id:
        return words + " (before the account was lost)"
    return words


def plan_lines(result: RestoreResult, sources: RestoreSources) -> list[str]:
    """The dry run, in sentences."""
    plan = result.plan
    first = f"From {snapshot_words(plan.snapshot)}"
    if sources.baseline is not None and plan.snapshot.id == sources.baseline.id:
        first += ", the last complete backup before the account became unavailable"
    lines = [first + "."]
    if not plan.items:
        lines.append(
            "Nothing is missing: everything in this snapshot that can come back is on your "
            f"account ({counted(plan.present_counts())} already there)."
        )
    else:
        lines.append(
            f"Missing from your account now: {counted(plan.counts())}. Already there: "
            f"{counted(plan.present_counts())}."
        )
        methods = plan.methods()
        if methods:
            ways = [
                f"{n:,} {METHOD_WORDS.get(m, m)}"
                for m, n in sorted(methods.items(), key=lambda mn: -mn[1])
            ]
            lines.append("How the pins come back: " + "; ".join(ways) + ".")
        lines.append(
            f"To send: {human_size(plan.upload_bytes)} in {plan.writes:,} writes, "
            f"{duration(plan.estimated_seconds)} at Pinterest's limit of "
            f"{plan.writes_per_min:,} writes a minute."
        )
    if plan.cannot:
        lines.append(f"{len(plan.cannot):,} cannot come back (listed below, with the reason).")
    return lines


def report_lines(result: RestoreResult) -> list[str]:
    """The run, in sentences: created, already there, failures, duplicates."""
    if result.cancelled:
        head = "Restore cancelled."
        again = "Run it again any time: it continues where it stopped and never makes duplicates."
    elif result.stopped:
        head = f"Restore stopped: {result.stopped}"
        again = AGAIN
    elif result.failed:
        head = "Restore finished, but some could not be put back."
        again = AGAIN
    else:
        head = "Restore finished: everything that can come back is back."
        again = AGAIN
    lines = [head, f"Created {counted(result.created)}."]
    found = len(result.plan.found)
    if found:
        lines.append(f"{found:,} were already there and were not sent again.")
    if result.failed:
        lines.append(
            f"Could not be put back: {len(result.failed):,} (listed below, with the reason)."
        )
    if result.duplicates:
        lines.append(
            f"Duplicates: {len(result.duplicates):,} pins now show more than once (listed below)."
        )
    else:
        lines.append("Duplicates: none.")
    lines.append(again)
    return lines


def finished_words(result: RestoreResult) -> str:
    """The progress line once a run has ended."""
    if result.cancelled:
        return "Cancelled: nothing more is being sent."
    if result.stopped:
        return "Stopped early: nothing more is being sent."
    return "Done: nothing more is being sent."


def failure_sentence(error: BaseException, what: str) -> str:
    """Why the check or the restore ("The check", "The restore") failed, for people."""
    if isinstance(error, MissingScope | NoWritePermission):
        return NO_WRITE_PERMISSION
    if isinstance(error, Cancelled):
        return error.message
    if isinstance(error, AccountUnavailable):
        return (
            "Pinterest says this account is unavailable, so nothing can be restored "
            "yet. Restore works once Pinterest reinstates the account."
        )
    if isinstance(error, AuthenticationFailed):
        return (
            "Pinterest refused the login: connect the account again in Settings, "
            "with restore permission."
        )
    return f"{what} failed: " + error_sentence(
        error, "an unexpected error (details are in the log file)."
    )
