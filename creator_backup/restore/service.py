"""A restore as the CLI and the window both run it: find the account's archive, open it
(taking its lock: the journal lives beside it), then plan (a dry run: only reads) or run.
The `restore` command calls the client-level steps; the window calls the workspace-level
ones, from a background job. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ApiError, Cancelled
from creator_backup.api.models import Account
from creator_backup.archive.locate import DB_NAME, archive_root
from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import WRITE_SCOPES
from creator_backup.auth.secrets import SecretStoreError
from creator_backup.auth.tokens import RefreshingTokens
from creator_backup.errors import AppError, UsageError
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.restore.execute import RestoreOptions, RestoreRun
from creator_backup.restore.report import RestoreResult
from creator_backup.workspace import Workspace

NO_WRITE_PERMISSION = (
    "This login may only read your account, not create boards and pins: turn on "
    "\u201cAllow restore\u201d in Settings and connect again with restore permission."
)
TRIAL_TEXT = "Trial access"


class RestoreCancelled(AppError):
    """Cancelled while the plan was being made: nothing was sent."""

    def __init__(self) -> None:
        super().__init__("Cancelled before anything was sent to Pinterest.")


class NoWritePermission(AppError):
    """The login was granted read permission only."""

    def __init__(self) -> None:
        super().__init__(NO_WRITE_PERMISSION)


# -- the steps, as the CLI takes them ------------------------------------------------------


@dataclass(frozen=True)
class RestoreTarget:
    """The live account a restore writes to, and the archive it restores from."""

    account: Account
    root: Path
    api_base: str

    @property
    def identity(self) -> dict[str, str]:
        return {
            "account_id": self.account.id,
            "username": self.account.username,
            "api_base": self.api_base,
        }


def find_target(client: PinterestClient, archives_dir: Path, api_base: str) -> RestoreTarget:
    """Who the login is, and that account's archive; a sentence if it has none yet."""
    account = client.get_account()
    root = archive_root(archives_dir, api_base, account.id)
    if not (root / DB_NAME).exists():
        raise UsageError(
            f"There is no archive of {account.username} to restore from; run a backup first."
        )
    return RestoreTarget(account, root, api_base)


@contextmanager
def open_archive(target: RestoreTarget) -> Iterator[Archive]:
    """The archive opened for writing: its lock covers the restore journal beside it."""
    with Archive.open(target.root, write=True, identity=target.identity) as archive:
        yield archive


def execute(
    client: PinterestClient,
    archive: Archive,
    options: RestoreOptions,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """One run: the plan alone with `options.dry_run`, else the plan carried out."""
    return RestoreRun(client, archive, options, progress, cancel).run()


# -- the window's calls: one account of the workspace ----------------------------------------


@dataclass(frozen=True)
class RestoreSources:
    """What the archive offers to restore from, read with no network."""

    snapshots: list[Snapshot] = field(default_factory=list)  # complete ones, newest first
    default: Snapshot | None = None  # the evidence baseline, else the last complete one
    baseline: Snapshot | None = None  # the last complete one before the account was lost


@dataclass(frozen=True)
class BoardChoice:
    id: str  # as in the snapshot
    name: str  # Pinterest text: shown as plain text


def restore_sources(workspace: Workspace, record: AccountRecord) -> RestoreSources:
    if not (workspace.root(record) / DB_NAME).exists():
        return RestoreSources()
    with workspace.reading(record) as archive:
        # An imported data export is not a backup: nothing can be restored from it.
        complete = [s for s in archive.snapshots() if s.complete and not s.is_export]
        baseline = archive.evidence_baseline()
        if baseline is not None and not baseline.complete:
            baseline = None
        last = archive.last_complete()
    return RestoreSources(list(reversed(complete)), baseline or last, baseline)


def snapshot_boards(
    workspace: Workspace, record: AccountRecord, snapshot_id: int
) -> list[BoardChoice]:
    """The boards of one snapshot, by name."""
    with workspace.reading(record) as archive:
        versions = archive.objects_in(snapshot_id, "board")
    boards = [
        BoardChoice(board_id, str(v.raw.get("name") or "")) for board_id, v in versions.items()
    ]
    return sorted(boards, key=lambda b: (b.name.casefold(), b.id))


def write_permission(scopes: tuple[str, ...]) -> bool | None:
    """Whether a login with these scopes may restore; None when it does not say (a pasted
    token: Pinterest then answers the first write)."""
    if not scopes:
        return None
    return set(WRITE_SCOPES) <= set(scopes)


def login_can_write(workspace: Workspace, record: AccountRecord) -> bool | None:
    """The saved login's write permission, as Pinterest granted it (no network)."""
    try:
        scopes = workspace.accounts.tokens_for(record).scopes
    except (AppError, ApiError, SecretStoreError):
        return None  # the run itself says what is wrong with the login
    return write_permission(scopes)


def _client_can_write(client: PinterestClient) -> bool | None:
    tokens = client.transport.tokens
    return write_permission(tokens.scopes) if isinstance(tokens, RefreshingTokens) else None


def _restore(
    workspace: Workspace,
    record: AccountRecord,
    options: RestoreOptions,
    progress: ProgressSink,
    cancel: CancelToken | None,
) -> RestoreResult:
    token = cancel or CancelToken()
    client = workspace.client(record)
    # Cancel reaches the requests too: a long listing or wait ends at once.
    client.transport.cancel = token
    try:
        if not options.dry_run and _client_can_write(client) is False:
            raise NoWritePermission()
        target = find_target(client, workspace.paths.archives_dir, workspace.api_base)
        with open_archive(target) as archive:
            return execute(client, archive, options, progress, token)
    except Cancelled:  # while planning: the run itself reports a cancel after that
        raise RestoreCancelled() from None
    finally:
        client.close()


def plan_restore(
    workspace: Workspace,
    record: AccountRecord,
    snapshot_id: int | None = None,
    boards: tuple[str, ...] = (),
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """The dry run: what is missing and how it would come back. Sends nothing."""
    options = RestoreOptions(snapshot_id=snapshot_id, board_ids=boards, dry_run=True)
    return _restore(workspace, record, options, progress, cancel)


def run_restore(
    workspace: Workspace,
    record: AccountRecord,
    snapshot_id: int | None = None,
    boards: tuple[str, ...] = (),
    confirm_trial: bool = False,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """The restore itself: planned again from the live account, then carried out,
    journaled and idempotent. `confirm_trial`: the user accepted that with Trial access
    what is restored is visible only to them."""
    options = RestoreOptions(snapshot_id=snapshot_id, board_ids=boards, confirm_trial=confirm_trial)
    return _restore(workspace, record, options, progress, cancel)


def trial_refused(result: RestoreResult) -> bool:
    """Whether Pinterest refused writes because the app has Trial access."""
    if result.stopped and TRIAL_TEXT in result.stopped:
        return True
    return any(TRIAL_TEXT in str(failure.get("reason", "")) for failure in result.failed)
