"""The app's own failures and the exit codes the CLI maps them to.

Every message is one sentence a user can act on; details go to the log file.
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
