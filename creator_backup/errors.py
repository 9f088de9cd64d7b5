"""The app's expected failures, the exit codes the CLI ends with, and the one mapping from
any failure to a sentence and a code that the CLI and the window both use.

Every expected failure derives from AppError and carries `message`, one sentence a user
can act on, and `exit_code`. Anything else reaching a face is a bug: it is told as
UNEXPECTED_SENTENCE (or a face's own wording for the task that failed) and its traceback
goes to the log file.

This module imports nothing from the app, so every layer (api and auth included) may
derive its errors from AppError.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    AUTH = 3  # not logged in, or authentication failed
    ACCOUNT_UNAVAILABLE = 4  # deactivated or suspended
    PARTIAL = 5  # finished, but some items failed
    INTEGRITY = 6  # the archive has a problem
    INTERRUPTED = 130


UNEXPECTED_SENTENCE = "Something unexpected went wrong; the details are in the log file."
CANCELLED_SENTENCE = "Cancelled."


class AppError(Exception):
    """A failure the user can understand; `exit_code` tells the CLI how to end."""

    exit_code = ExitCode.UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(AppError):
    exit_code = ExitCode.USAGE


class NotLoggedInError(AppError):
    exit_code = ExitCode.AUTH


class IntegrityError(AppError):
    exit_code = ExitCode.INTEGRITY


class Cancelled(AppError):
    """The user cancelled: not a failure. The one exception every long job (backup,
    restore, packet, site, import, a request, a download) ends with when its CancelToken
    is set; `message` says what was left (nothing written, nothing sent) where a flow
    knows it.

    It is an AppError, so a handler of expected failures catches it too: a handler that
    must let a cancel through names Cancelled in an earlier except clause."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, message: str = CANCELLED_SENTENCE) -> None:
        super().__init__(message)


def exit_code_for(error: BaseException) -> ExitCode:
    """How the CLI ends after `error`: an expected failure's own code, else UNEXPECTED."""
    return error.exit_code if isinstance(error, AppError) else ExitCode.UNEXPECTED


def sentence_for(error: BaseException, unexpected: str = UNEXPECTED_SENTENCE) -> str:
    """The sentence a person is shown for `error`: an expected failure's own; for anything
    else (a bug, logged with its traceback by whoever caught it) `unexpected`, which a
    face may word for the task that failed. Never an exception's name or its raw text."""
    if isinstance(error, AppError) and error.message:
        return error.message
    return unexpected
