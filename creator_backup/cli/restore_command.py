"""`restore`: put back what the live account is missing from a snapshot (`--dry-run`
shows the plan and sends nothing)."""

from __future__ import annotations

import argparse

from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.context import CommandContext
from creator_backup.cli.diff_command import snapshot_id
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.errors import ExitCode, UsageError
from creator_backup.progress import CancelToken
from creator_backup.restore import RestoreOptions, RestoreResult
from creator_backup.restore.recipes import MISSING_OR_DAMAGED
from creator_backup.restore.service import trial_refused


def exit_code_of(result: RestoreResult) -> int:
    if result.cancelled:
        return ExitCode.INTERRUPTED
    return ExitCode.OK if result.ok else ExitCode.PARTIAL


def run(context: CommandContext, args: argparse.Namespace) -> int:
    boards = tuple(args.board)
    bad = [b for b in boards if not (b.isascii() and b.isdigit())]
    if bad:
        raise UsageError(f"A board is given by its id (digits), not {bad[0]!r}.")
    options = RestoreOptions(
        snapshot_id=snapshot_id(args.from_snapshot),
        board_ids=boards,
        dry_run=args.dry_run,
        confirm_trial=args.yes,
    )
    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    with cancel_on_interrupt(token):
        try:
            result = context.app.restores.run(context.login(), options, view, token)
        finally:
            view.close()
    if args.json:
        emit_json(result.to_json())
    else:
        for line in result.lines(whole_list=" (see --json)"):
            say(line)
        # The core's sentences are the window's too: the commands are named here.
        if any(MISSING_OR_DAMAGED in str(f.get("reason", "")) for f in result.failed):
            say("`creator-backup verify` lists every archived file that is missing or damaged.")
        if trial_refused(result) and not args.yes:
            say("To restore anyway, run it again with --yes.")
    return exit_code_of(result)
