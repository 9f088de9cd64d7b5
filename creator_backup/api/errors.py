"""Failures of Pinterest calls, classified into the few kinds the rest of the app acts on.

Every message is safe to show and to log: none carries a token, a secret or a code.
Each is an AppError (creator_backup.errors), so the CLI and the window tell it by the one
mapping there; the kinds the user must act on end the CLI with their own exit code.
"""

from __future__ import annotations

from creator_backup.errors import AppError, ExitCode


class ApiError(AppError):
    """A Pinterest call failed; `message` says how, for a person. Unless a kind says
    otherwise the CLI ends with UNEXPECTED (1), the code such a run has always ended
    with: no exit code is set aside for Pinterest or the network failing."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        code: int | None = None,
        request_id: str | None = None,
        said: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.request_id = request_id
        # Pinterest's own words (its `message`), kept for the record: what a refused
        # board is marked with, and what an appeal quotes. Bounded and plain text.
        self.said = said


class ConnectionFailed(ApiError):
    """Pinterest could not be reached, or the connection broke, after every retry.

    `outcome_unknown`: a write was sent and its answer lost, so it may have taken effect;
    only listing can settle it (sending it again could make a duplicate)."""

    def __init__(self, message: str, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


class ServerError(ApiError):
    """Pinterest kept answering 5xx after every retry."""


class AuthenticationFailed(ApiError):
    """The token was refused and could not be renewed: the user must log in again."""

    exit_code = ExitCode.AUTH


class AccountUnavailable(ApiError):
    """The account is deactivated or suspended: calls keep failing after a fresh token."""

    exit_code = ExitCode.ACCOUNT_UNAVAILABLE


class MissingScope(ApiError):
    """The login lacks a permission the call needs: the user must log in again with it."""

    exit_code = ExitCode.AUTH

    def __init__(self, message: str, scopes: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.scopes = scopes


class NotFound(ApiError):
    pass


class RateLimited(ApiError):
    """Over a rate limit for longer than the app will wait; `resume_at` says when to retry."""

    def __init__(self, message: str, resume_at: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.resume_at = resume_at


class SpamBlocked(ApiError):
    """A 429 whose message mentions spam: stop writing, do not hammer."""


class TrialAccessLimit(ApiError):
    """The app has Trial access: writes are refused (code 29) or the day's budget is spent."""


class Conflict(ApiError):
    """409: Pinterest could not get exclusive access; retry later."""


class BadRequest(ApiError):
    pass


class UnreadableAnswer(ApiError):
    """Pinterest answered, but not with anything the app can read: JSON nested too deeply,
    text that is not JSON, a redirect instead of data. The message says which."""


class PaginationError(ApiError):
    """A listing that would loop: a repeated bookmark, or an empty page with a bookmark."""
