"""The command line adds its own command or flag to a core sentence that asks for one; the
sentence itself (the window's too) stays plain."""

from __future__ import annotations

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.appeal.selection import NothingLost
from creator_backup.auth.accounts import NotConnected, SeveralAccounts
from creator_backup.auth.secrets import NO_KEYRING_HELP, NoKeyring
from creator_backup.cli.hints import NO_KEYRING_HINT, keyring_sentence, with_hint
from creator_backup.diff.compare import UnusableSnapshot
from creator_backup.errors import UsageError


def told(error: Exception) -> str:
    return with_hint(error, str(getattr(error, "message", error)))


def test_each_sentence_that_asks_for_a_command_gets_the_command() -> None:
    assert told(NotConnected("No Pinterest account is connected.")) == (
        "No Pinterest account is connected. Run `creator-backup login` to connect one."
    )
    assert told(SeveralAccounts("Several accounts are connected (a, b); choose one.")) == (
        "Several accounts are connected (a, b); choose one. Name it with --account."
    )
    assert told(AuthenticationFailed("Pinterest refused the login token.")).endswith(
        "Run `creator-backup login` to log in again."
    )
    assert told(NothingLost("Nothing was lost.")).endswith(
        "Add --all to document the whole account."
    )
    assert told(UnusableSnapshot("Snapshot 3 is partial.")).endswith(
        "`creator-backup snapshots` lists them."
    )
    assert told(NoKeyring()) == f"{NO_KEYRING_HELP} {NO_KEYRING_HINT}"


def test_other_sentences_are_told_as_they_are() -> None:
    assert told(UsageError("The first snapshot must be older than the second.")) == (
        "The first snapshot must be older than the second."
    )
    assert keyring_sentence("Logins are kept in the system keyring.") == (
        "Logins are kept in the system keyring."
    )
    assert keyring_sentence(NO_KEYRING_HELP) == f"{NO_KEYRING_HELP} {NO_KEYRING_HINT}"
