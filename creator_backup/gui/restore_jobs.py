"""What the Restore page's two long jobs do on a worker thread: the check (the dry run, which
only reads) and the restore itself. Each function here returns the job's work, bound to the
account, snapshot and boards the user chose; none touches a widget."""

from __future__ import annotations

from collections.abc import Callable

from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.restore.execute import RestoreOptions
from creator_backup.restore.report import RestoreResult

Checked = tuple[RestoreResult, bool | None]  # the dry run, and whether the login may write


def check_work(
    app: Application, record: AccountRecord, snapshot_id: int, boards: tuple[str, ...]
) -> Callable[[ProgressSink, CancelToken], Checked]:
    """The check: what is missing from the account, and the saved login's write permission."""
    options = RestoreOptions(snapshot_id=snapshot_id, board_ids=boards, dry_run=True)

    def work(progress: ProgressSink, cancel: CancelToken) -> Checked:
        can_write = app.restores.can_write(record)
        with app.accounts.login(record) as login:
            return app.restores.run(login, options, progress, cancel), can_write

    return work


def restore_work(
    app: Application, record: AccountRecord, snapshot_id: int, boards: tuple[str, ...]
) -> Callable[[ProgressSink, CancelToken], RestoreResult]:
    """The restore, once the user has confirmed the plan they saw."""
    # The user accepted the Trial warning with the plan (the CLI's --yes).
    options = RestoreOptions(snapshot_id=snapshot_id, board_ids=boards, confirm_trial=True)

    def work(progress: ProgressSink, cancel: CancelToken) -> RestoreResult:
        with app.accounts.login(record) as login:
            return app.restores.run(login, options, progress, cancel)

    return work
