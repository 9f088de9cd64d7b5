"""What the command line adds to a sentence from the core: the command or flag that does
what the sentence asks. The core says it in plain words, because the window shows the same
sentences and has no commands (tests/test_core_messages.py keeps it so); only here are
`creator-backup` commands and flags named."""

from __future__ import annotations

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.appeal.selection import NothingLost
from creator_backup.application.connect import RedirectsNotRegistered
from creator_backup.auth.accounts import NotConnected, SeveralAccounts
from creator_backup.auth.oauth import AppLoginUnavailable, AppRefused
from creator_backup.auth.secrets import NO_KEYRING_HELP, NoKeyring
from creator_backup.cases.store import CaseNotFound
from creator_backup.diff.compare import UnusableSnapshot
from creator_backup.restore.service import NoWritePermission, TrialNotConfirmed

NO_KEYRING_HINT = (
    "From the command line: log in with --store-token-in-file to keep it in such a file, "
    "or set CREATOR_BACKUP_ACCESS_TOKEN for one run only."
)
# The first kind the error is an instance of gives the hint.
HINTS: tuple[tuple[type[BaseException], str], ...] = (
    (NotConnected, "Run `creator-backup login` to connect one."),
    (SeveralAccounts, "Name it with --account."),
    (AppRefused, "Give them with --app-id and --app-secret-stdin (or CREATOR_BACKUP_APP_SECRET)."),
    (AppLoginUnavailable, "Run `creator-backup login --app-id ID` without --client-credentials."),
    (RedirectsNotRegistered, "Or log in with --client-credentials, which needs no redirect URI."),
    (AuthenticationFailed, "Run `creator-backup login` to log in again."),
    (NoWritePermission, "Run `creator-backup login --write` to connect with restore permission."),
    (TrialNotConfirmed, "To restore anyway, run it again with --yes."),
    (NoKeyring, NO_KEYRING_HINT),
    (UnusableSnapshot, "`creator-backup snapshots` lists them."),
    (NothingLost, "Add --all to document the whole account."),
    (CaseNotFound, "`creator-backup cases` lists them."),
)


def with_hint(error: BaseException, sentence: str) -> str:
    """`sentence` (the error's own), followed by the command that helps, if one does."""
    for kind, hint in HINTS:
        if isinstance(error, kind):
            return f"{sentence} {hint}"
    return sentence


def keyring_sentence(sentence: str) -> str:
    """The keyring's status as `accounts` says it: with the flags when there is none."""
    return f"{sentence} {NO_KEYRING_HINT}" if sentence == NO_KEYRING_HELP else sentence
