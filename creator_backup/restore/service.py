"""What a restore needs to decide and say before it runs: whether a login may write, its
refusals, and whether Pinterest refused writes for Trial access. The restore as both faces
run it is application/restores.py. Qt-free.
"""

from __future__ import annotations

from creator_backup.auth.oauth import WRITE_SCOPES
from creator_backup.errors import AppError, ExitCode
from creator_backup.restore.report import RestoreResult

NO_WRITE_PERMISSION = (
    "This login may only read your account, not create boards and pins: turn on "
    "\u201cAllow restore\u201d in Settings and connect again with restore permission."
)
TRIAL_TEXT = "Trial access"
# Cancelled while the plan was being made: nothing was sent.
CANCELLED_WHILE_PLANNING = "Cancelled before anything was sent to Pinterest."


class TrialNotConfirmed(AppError):
    """The app has Trial access (Pinterest's answers said so, or the creator did) and the
    restore was not confirmed knowing it: refused before anything is sent, because what it
    re-creates would be visible only to the creator."""

    exit_code = ExitCode.PARTIAL

    def __init__(self) -> None:
        super().__init__(
            "Your Pinterest app has Trial access: boards and pins restored with it would be "
            "visible only to you, not to anyone else. Nothing was sent. Restore anyway only "
            "if that is what you want; for content others can see, the app needs Standard "
            "access."
        )


class NoWritePermission(AppError):
    """The login was granted read permission only: refused before anything is sent. The
    window says NO_WRITE_PERMISSION (its own way out); the CLI adds its flag."""

    exit_code = ExitCode.AUTH

    def __init__(self) -> None:
        super().__init__(
            "This login may only read your account, not create boards and pins: connect "
            "the account again with restore permission."
        )


def write_permission(scopes: tuple[str, ...], partial: bool = False) -> bool | None:
    """Whether a login with these scopes may restore; None when it does not say (a token
    from the environment, or a pasted one, whose writes are never tried: `partial`).
    Pinterest then answers the first write."""
    if not scopes:
        return None
    if set(WRITE_SCOPES) <= set(scopes):
        return True
    return None if partial else False


def trial_refused(result: RestoreResult) -> bool:
    """Whether Pinterest refused writes because the app has Trial access."""
    if result.stopped and TRIAL_TEXT in result.stopped:
        return True
    return any(TRIAL_TEXT in str(failure.get("reason", "")) for failure in result.failed)
