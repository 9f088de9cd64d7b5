"""One root for expected failures and one mapping from any failure to the sentence and the
exit code the CLI and the window both use; one exception for every cancel."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import creator_backup
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    MissingScope,
    RateLimited,
    UnreadableAnswer,
)
from creator_backup.archive.schema import SCHEMA_VERSION, ArchiveTooNew
from creator_backup.archive.store import ArchiveBusy, ArchiveDamaged
from creator_backup.auth.oauth import LoginFailed
from creator_backup.auth.secrets import NO_KEYRING_HELP, SecretStoreError
from creator_backup.errors import (
    UNEXPECTED_SENTENCE,
    AppError,
    Cancelled,
    ExitCode,
    IntegrityError,
    NotLoggedInError,
    UsageError,
    exit_code_for,
    sentence_for,
)

CASES = [
    (AppError("The archive cannot be found."), ExitCode.UNEXPECTED),
    (UsageError("Choose a board first."), ExitCode.USAGE),
    (NotLoggedInError("No account is connected; log in first."), ExitCode.AUTH),
    (IntegrityError("A media file is damaged."), ExitCode.INTEGRITY),
    (Cancelled(), ExitCode.INTERRUPTED),
    (Cancelled("The packet was cancelled; nothing was written."), ExitCode.INTERRUPTED),
    (ApiError("Pinterest answered with an error.", status=400), ExitCode.UNEXPECTED),
    (ConnectionFailed("Pinterest could not be reached."), ExitCode.UNEXPECTED),
    (RateLimited("Pinterest asks the app to wait an hour.", resume_at=1.0), ExitCode.UNEXPECTED),
    (UnreadableAnswer("Pinterest's answer was not JSON."), ExitCode.UNEXPECTED),
    (AuthenticationFailed("The login was refused; log in again."), ExitCode.AUTH),
    (MissingScope("The login may not read boards.", scopes=("boards:read",)), ExitCode.AUTH),
    (AccountUnavailable("Pinterest says the account is suspended."), ExitCode.ACCOUNT_UNAVAILABLE),
    (SecretStoreError(NO_KEYRING_HELP), ExitCode.AUTH),
    (LoginFailed("Access was not given on Pinterest's page."), ExitCode.AUTH),
    (ArchiveTooNew(SCHEMA_VERSION + 4, Path("/archives/1")), ExitCode.USAGE),
    (ArchiveBusy("Another backup is already writing to this archive."), ExitCode.USAGE),
    (ArchiveDamaged("The archive database cannot be read."), ExitCode.INTEGRITY),
]


@pytest.mark.parametrize(("error", "code"), CASES, ids=[type(e).__name__ for e, _ in CASES])
def test_each_expected_failure_maps_to_its_code_and_its_own_sentence(
    error: AppError, code: ExitCode
) -> None:
    assert isinstance(error, AppError)
    assert exit_code_for(error) == code
    assert sentence_for(error) == error.message == str(error)
    assert sentence_for(error, unexpected="The login did not work.") == error.message


@pytest.mark.parametrize("error", [ValueError("bad shape"), KeyError("id"), RuntimeError()])
def test_anything_else_is_unexpected_and_never_named(error: Exception) -> None:
    assert exit_code_for(error) == ExitCode.UNEXPECTED
    sentence = sentence_for(error)
    assert sentence == UNEXPECTED_SENTENCE
    assert type(error).__name__ not in sentence and "log file" in sentence
    # A face words the fallback for the task that failed.
    assert sentence_for(error, unexpected="The login did not work.") == "The login did not work."


def test_a_newer_archive_is_refused_in_one_sentence_that_says_what_to_do() -> None:
    sentence = sentence_for(ArchiveTooNew(9, Path("/archives/1")))
    assert sentence == (
        "The archive in /archives/1 was written by a newer version of Creator Backup "
        f"(schema 9; this version reads up to {SCHEMA_VERSION}): update the app to open it."
    )


def test_a_cancel_is_an_expected_failure_ending_interrupted() -> None:
    assert Cancelled().message == "Cancelled."
    assert exit_code_for(Cancelled()) == ExitCode.INTERRUPTED
    assert int(ExitCode.INTERRUPTED) == 130  # what a shell reports for Ctrl-C


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(creator_backup.__path__, "creator_backup.")
        if not info.name.endswith("__main__")  # importing these starts the app
    ]


def test_there_is_one_cancellation_exception() -> None:
    """Every job ends a cancel with errors.Cancelled, so one except clause (and one
    isinstance) recognises a cancel anywhere; no flow keeps a cancel class of its own."""
    found = set()
    for name in core_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, BaseException)
                and value.__module__.startswith("creator_backup.")
                and "cancel" in value.__name__.lower()
            ):
                found.add(f"{value.__module__}.{value.__qualname__}")
    assert found == {"creator_backup.errors.Cancelled"}


def test_every_error_the_core_defines_for_users_is_an_app_error() -> None:
    """The few exceptions that are not AppErrors (and their kinds) stay inside their module
    or flow: a file that could not be fetched is recorded, never the job's failure."""
    internal = (
        "creator_backup.api.addresses.AddressRefused",
        "creator_backup.api.media_http.TransportFailed",
        "creator_backup.api.transport._NetworkError",
        "creator_backup.archive.lock.LockHeld",
        "creator_backup.backup.downloader.MediaFailed",
        "creator_backup.backup.downloader._Retryable",
        "creator_backup.backup.engine.StopRun",
        "creator_backup.restore.execute.StopRestore",
        "creator_backup.restore.recipes.UnreadableMedia",
        "creator_backup.restore.video.VideoFailed",
    )
    bases = tuple(
        getattr(importlib.import_module(path.rpartition(".")[0]), path.rpartition(".")[2])
        for path in internal
    )
    outside = set()
    for name in core_modules():
        if name.startswith("creator_backup.sandbox"):
            continue  # the test server's own errors become HTTP answers, not sentences
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Exception)
                and value.__module__ == name
                and not issubclass(value, (AppError, *bases))
            ):
                outside.add(f"{value.__module__}.{value.__qualname__}")
    assert outside == set()
