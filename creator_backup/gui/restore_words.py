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
from creator_backup.gui.loss_words import listed
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, human_time
from creator_backup.progress import human_size
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import NO_WRITE_PERMISSION, NoWritePermission


def again() -> str:
    return translate("RestoreWords", "Run it again any time: it never makes duplicates.")


def method_words(method: str, n: int) -> str:
    """How n pins come back, in words for people (the plan's method names are the API's)."""
    if method == "image_base64":
        return translate("RestoreWords", "%Ln pin(s) uploaded again from your backup", None, n)
    if method == "multiple_image_base64":
        return translate(
            "RestoreWords", "%Ln pin(s) uploaded again from your backup, as a carousel", None, n
        )
    if method == "video_upload":
        return translate(
            "RestoreWords", "%Ln video pin(s) uploaded again from your backup", None, n
        )
    if method == "save":
        return translate(
            "RestoreWords", "%Ln pin(s) saved again from the pin it was saved from", None, n
        )
    if method == "create":
        return translate("RestoreWords", "%Ln pin(s) created again", None, n)
    return translate("RestoreWords", "%Ln pin(s): {method}", None, n).format(method=method)


def method_how(method: str) -> str:
    """How a pin comes back, uncounted (the tree's rows)."""
    if method == "image_base64":
        return translate("RestoreWords", "uploaded again from your backup")
    if method == "multiple_image_base64":
        return translate("RestoreWords", "uploaded again from your backup, as a carousel")
    if method == "video_upload":
        return translate("RestoreWords", "video uploaded again from your backup")
    if method == "save":
        return translate("RestoreWords", "saved again from the pin it was saved from")
    if method == "create":
        return translate("RestoreWords", "created again")
    return method


def kind_line(kind: str, title: str) -> str:
    """ "pin: Title", "board: Untitled board": an item of the tree, Pinterest's title plain."""
    if kind == "board":
        return translate("RestoreWords", "board: {title}").format(
            title=title or translate("RestoreWords", "Untitled board")
        )
    if kind == "section":
        return translate("RestoreWords", "section: {title}").format(
            title=title or translate("RestoreWords", "Untitled section")
        )
    if kind == "pin":
        return translate("RestoreWords", "pin: {title}").format(
            title=title or translate("RestoreWords", "Untitled pin")
        )
    return f"{kind}: {title}"  # a kind the report names that the window does not know


def kind_count(kind: str, n: int) -> str:
    """ "1 board", "16 pins", in the language's plural forms."""
    if kind == "board":
        return translate("RestoreWords", "%Ln board(s)", None, n)
    if kind == "section":
        return translate("RestoreWords", "%Ln section(s)", None, n)
    return translate("RestoreWords", "%Ln pin(s)", None, n)


def counted(counts: dict[str, int]) -> str:
    """{"boards": 1, "sections": 0, "pins": 16} -> "1 board and 16 pins"; all 0: "nothing"."""
    parts = [
        kind_count(kind, counts.get(f"{kind}s", 0))
        for kind in ("board", "section", "pin")
        if counts.get(f"{kind}s", 0)
    ]
    return listed(parts) if parts else translate("RestoreWords", "nothing")


def duration(seconds: float) -> str:
    if seconds < 90:
        whole = max(1, round(seconds))
        return translate("RestoreWords", "about %Ln second(s)", None, whole)
    if seconds < 90 * 60:
        minutes = round(seconds / 60)
        return translate("RestoreWords", "about %Ln minute(s)", None, minutes)
    return translate("RestoreWords", "about {hours} hours").format(hours=f"{seconds / 3600:.1f}")


def snapshot_words(snapshot: Snapshot) -> str:
    return translate("RestoreWords", "snapshot {id} (backed up {when})").format(
        id=snapshot.id, when=human_time(snapshot.started_at)
    )


def snapshot_choice(snapshot: Snapshot, sources: RestoreSources) -> str:
    when = human_time(snapshot.started_at)
    if sources.baseline is not None and snapshot.id == sources.baseline.id:
        return translate(
            "RestoreWords", "Snapshot {id}, {when} (before the account was lost)"
        ).format(id=snapshot.id, when=when)
    return translate("RestoreWords", "Snapshot {id}, {when}").format(id=snapshot.id, when=when)


def plan_lines(result: RestoreResult, sources: RestoreSources) -> list[str]:
    """The dry run, in sentences."""
    plan = result.plan
    if sources.baseline is not None and plan.snapshot.id == sources.baseline.id:
        first = translate(
            "RestoreWords",
            "From {snapshot}, the last complete backup before the account became unavailable.",
        )
    else:
        first = translate("RestoreWords", "From {snapshot}.")
    lines = [first.format(snapshot=snapshot_words(plan.snapshot))]
    if not plan.items:
        lines.append(
            translate(
                "RestoreWords",
                "Nothing is missing: everything in this snapshot that can come back is on "
                "your account ({present} already there).",
            ).format(present=counted(plan.present_counts()))
        )
    else:
        lines.append(
            translate(
                "RestoreWords",
                "Missing from your account now: {missing}. Already there: {present}.",
            ).format(missing=counted(plan.counts()), present=counted(plan.present_counts()))
        )
        writes = plan.writes
        methods = plan.methods()
        if methods:
            ways = [method_words(m, n) for m, n in sorted(methods.items(), key=lambda mn: -mn[1])]
            lines.append(
                translate("RestoreWords", "How the pins come back: {ways}.").format(
                    ways=translate("RestoreWords", "; ").join(ways)
                )
            )
        lines.append(
            translate(
                "RestoreWords",
                "To send: {size} in %Ln write(s), {time} at Pinterest's limit of {limit} writes "
                "a minute.",
                None,
                writes,
            ).format(
                size=human_size(plan.upload_bytes),
                time=duration(plan.estimated_seconds),
                limit=f"{plan.writes_per_min:,}",
            )
        )
    if plan.cannot:
        cannot = len(plan.cannot)
        lines.append(
            translate(
                "RestoreWords", "%Ln cannot come back (listed below, with the reason).", None,
                cannot,
            )
        )  # fmt: skip
    return lines


def report_lines(result: RestoreResult) -> list[str]:
    """The run, in sentences: created, already there, failures, duplicates."""
    if result.cancelled:
        head = translate("RestoreWords", "Restore cancelled.")
        then = translate(
            "RestoreWords",
            "Run it again any time: it continues where it stopped and never makes duplicates.",
        )
    elif result.stopped:
        head = translate("RestoreWords", "Restore stopped: {why}").format(why=result.stopped)
        then = again()
    elif result.failed:
        head = translate("RestoreWords", "Restore finished, but some could not be put back.")
        then = again()
    else:
        head = translate("RestoreWords", "Restore finished: everything that can come back is back.")
        then = again()
    lines = [
        head,
        translate("RestoreWords", "Created {what}.").format(what=counted(result.created)),
    ]
    found = len(result.plan.found)
    if found:
        lines.append(
            translate(
                "RestoreWords", "%Ln were already there and were not sent again.", None,
                found,
            )
        )  # fmt: skip
    if result.failed:
        failed = len(result.failed)
        lines.append(
            translate(
                "RestoreWords", "Could not be put back: %Ln (listed below, with the reason).",
                None, failed,
            )
        )  # fmt: skip
    if result.duplicates:
        duplicates = len(result.duplicates)
        lines.append(
            translate(
                "RestoreWords", "Duplicates: %Ln pins now show more than once (listed below).",
                None, duplicates,
            )
        )  # fmt: skip
    else:
        lines.append(translate("RestoreWords", "Duplicates: none."))
    lines.append(then)
    return lines


def finished_words(result: RestoreResult) -> str:
    """The progress line once a run has ended."""
    if result.cancelled:
        return translate("RestoreWords", "Cancelled: nothing more is being sent.")
    if result.stopped:
        return translate("RestoreWords", "Stopped early: nothing more is being sent.")
    return translate("RestoreWords", "Done: nothing more is being sent.")


def failure_sentence(error: BaseException, what: str) -> str:
    """Why the check or the restore failed, for people. `what`: "check" or "restore"."""
    if isinstance(error, MissingScope | NoWritePermission):
        return NO_WRITE_PERMISSION
    if isinstance(error, Cancelled):
        return error.message
    if isinstance(error, AccountUnavailable):
        return translate(
            "RestoreWords",
            "Pinterest says this account is unavailable, so nothing can be restored "
            "yet. Restore works once Pinterest reinstates the account.",
        )
    if isinstance(error, AuthenticationFailed):
        return translate(
            "RestoreWords",
            "Pinterest refused the login: connect the account again in Settings, "
            "with restore permission.",
        )
    unexpected = translate("RestoreWords", "an unexpected error (details are in the log file).")
    if what == "check":
        failed = translate("RestoreWords", "The check failed: {why}")
    else:
        failed = translate("RestoreWords", "The restore failed: {why}")
    return failed.format(why=error_sentence(error, unexpected))
