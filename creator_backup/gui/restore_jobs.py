"""What the Restore page's two long jobs do on a worker thread: the check (the dry run, which
only reads) and the restore itself. Each function here returns the job's work, bound to the
account, snapshot and boards the user chose; none touches a widget."""

from __future__ import annotations

from collections.abc import Callable

from creator_backup.auth.accounts import AccountRecord
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import login_can_write, plan_restore, run_restore
from creator_backup.workspace import Workspace

Checked = tuple[RestoreResult, bool | None]  # the dry run, and whether the login may write


def check_work(
    workspace: Workspace, record: AccountRecord, snapshot_id: int, boards: tuple[str, ...]
) -> Callable[[ProgressSink, CancelToken], Checked]:
    """The check: what is missing from the account, and the saved login's write permission."""

    def work(progress: ProgressSink, cancel: CancelToken) -> Checked:
        can_write = login_can_write(workspace, record)
        return plan_restore(workspace, record, snapshot_id, boards, progress, cancel), can_write

    return work


def restore_work(
    workspace: Workspace, record: AccountRecord, snapshot_id: int, boards: tuple[str, ...]
) -> Callable[[ProgressSink, CancelToken], RestoreResult]:
    """The restore, once the user has confirmed the plan they saw."""

    def work(progress: ProgressSink, cancel: CancelToken) -> RestoreResult:
        # The user accepted the Trial warning with the plan (the CLI's --yes).
        return run_restore(workspace, record, snapshot_id, boards, True, progress, cancel)

    return work
