"""Restore after reinstatement: plan first (what is missing, how it comes back, what
cannot), then journaled, idempotent re-creation. Qt-free.

Modules, one concern each: source (the snapshot to restore from), recipes (how each object
is sent, cut to the API's limits), live (the destination listed, and matching), plan (the
comparison), journal (every write on disk before it is sent), pacing (writes spaced under
the limit), video (media upload), execute (the run), verify (no duplicates after), report.
"""

from creator_backup.restore.execute import RestoreOptions, RestoreRun
from creator_backup.restore.report import RestoreResult

__all__ = ["RestoreOptions", "RestoreResult", "RestoreRun"]
