"""`backup`, `snapshots` and `verify`."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType

from creator_backup.application.backups import SKIPPED_FOR_BUDGET
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import ArchiveBusy
from creator_backup.archive.verify import parse_subset
from creator_backup.backup.engine import BackupOptions, BackupResult
from creator_backup.backup.summary import lacks_secret_scopes, summary_lines
from creator_backup.cli.context import CommandContext
from creator_backup.cli.hints import with_hint
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.errors import AppError, ExitCode, UsageError, exit_code_for, sentence_for
from creator_backup.logsetup import redact
from creator_backup.progress import CancelToken
from creator_backup.words import and_more, one_line, plural, when_text

log = logging.getLogger(__name__)

SKIPPED_BUSY = "skipped_busy"
FAILURES_SHOWN = 10  # files not saved that a summary names; --json has them all
BROWSER_LOGIN_HINT = (
    "From the command line: `creator-backup login --app-id YOUR_APP_ID` logs in through "
    "the browser."
)


@contextmanager
def cancel_on_interrupt(token: CancelToken) -> Iterator[None]:
    """The first Ctrl+C asks the run to stop cleanly (a partial snapshot is recorded);
    a second one interrupts at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if token.is_set():
            raise KeyboardInterrupt
        token.cancel()
        print("\nStopping after the current step (Ctrl+C again to quit now)…", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, handler)
    term = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, term)


def exit_code_of(result: BackupResult) -> int:
    """0 only when the run did all it set out to: a board Pinterest refused, or a file
    that failed this time, is 5; a file Pinterest no longer serves is 5 only in the run
    that found it (later runs do not ask again)."""
    if result.complete:
        return ExitCode.PARTIAL if result.failed or result.refused else ExitCode.OK
    return OUTCOME_EXIT.get(result.outcome, ExitCode.PARTIAL)


OUTCOME_EXIT = {
    RunOutcome.CANCELLED: ExitCode.INTERRUPTED,
    RunOutcome.ACCOUNT_UNAVAILABLE: ExitCode.ACCOUNT_UNAVAILABLE,
    RunOutcome.PERMISSION: ExitCode.AUTH,
}


def backup(context: CommandContext, args: argparse.Namespace) -> int:
    if args.all_accounts:
        return backup_every_account(context, args)
    try:
        return _backup_one(context, args)
    except ArchiveBusy as busy:
        if not args.skip_if_busy:
            raise
        # A scheduled run that finds a backup already going (the user's, from the window)
        # has nothing to do: a quiet skip, not a failure in the scheduler's log.
        log.info("backup skipped: the archive is busy")
        if args.json:
            emit_json({"skipped": True, "outcome": SKIPPED_BUSY, "reason": busy.message})
        else:
            say(f"Skipped: {busy.message}")
        return ExitCode.OK


def backup_every_account(context: CommandContext, args: argparse.Namespace) -> int:
    """Backs up each connected account on this API base in turn; one that fails does not
    stop the others. Ends with the worst account's exit code."""
    records = context.app.accounts.connected()
    if not records:
        if args.json:
            emit_json({"accounts": []})
        else:
            say("No Pinterest account is connected, so there is nothing to back up.")
        return ExitCode.OK
    one = argparse.Namespace(**{**vars(args), "all_accounts": False})
    results: list[dict[str, object]] = []
    worst = ExitCode.OK
    for record in records:
        account = replace(context, account_name=record.username, _closers=[])
        printed = io.StringIO()
        entry: dict[str, object] = {"username": record.username}
        if not args.json:
            say(f"== {record.username}")
        try:
            with contextlib.redirect_stdout(printed) if args.json else contextlib.nullcontext():
                code = backup(account, one)
        except Exception as error:  # told like the command would tell it, then the next
            code = exit_code_for(error)
            if isinstance(error, AppError):
                log.info("backup of one account ended: %s", type(error).__name__, exc_info=True)
            else:
                log.exception("unexpected failure in the backup of one account")
            entry["error"] = redact(with_hint(error, sentence_for(error)))
            if not args.json:
                say(f"Error: {entry['error']}")
        finally:
            account.close()
        entry["exit_code"] = int(code)
        if printed.getvalue().strip():
            entry["output"] = json.loads(printed.getvalue().strip().splitlines()[-1])
        results.append(entry)
        worst = max(worst, ExitCode(code), key=_severity)
    if args.json:
        emit_json({"accounts": results})
    return worst


def _severity(code: ExitCode) -> int:
    # Interrupted outranks everything; then any failure outranks a partial run.
    order = [ExitCode.OK, ExitCode.PARTIAL, ExitCode.ACCOUNT_UNAVAILABLE, ExitCode.AUTH]
    return 99 if code == ExitCode.INTERRUPTED else order.index(code) if code in order else 50


def _backup_one(context: CommandContext, args: argparse.Namespace) -> int:
    kind = "full" if args.full else "quick" if args.quick else None
    options = BackupOptions(kind=kind, media=not args.no_media, workers=args.workers,
                            timestamp=not args.no_timestamp)  # fmt: skip
    backups = context.app.backups
    login = context.login()
    record = login.record
    if args.within_budget and record is not None:
        go, why = backups.should_run_scheduled(record)
        if not go:
            # A distinct, quiet ending: the scheduler's log shows why, and no failure.
            if args.json:
                emit_json({"skipped": True, "outcome": SKIPPED_FOR_BUDGET, "reason": why,
                           "budget": backups.budget(record).to_json()})  # fmt: skip
            else:
                say(why)
            return ExitCode.OK
    estimate = backups.estimate(record) if record is not None else None
    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    with cancel_on_interrupt(token):
        try:
            result = backups.run(login, options, view, token)
        finally:
            view.close()
    budget = backups.budget(record)
    if args.json:
        emit_json({**result.to_json(), "estimate": estimate, "budget": budget.to_json()})
    else:
        for line in summary_lines(result):
            say(line)
        if lacks_secret_scopes(result.snapshot.scopes):
            say(BROWSER_LOGIN_HINT)
        if budget.sentence:
            say(budget.sentence)
        if result.outcome == RunOutcome.ACCOUNT_UNAVAILABLE:
            say("Build an appeal packet with `creator-backup appeal --all --out packet.zip`.")
        for failure in result.failed[:FAILURES_SHOWN]:
            what = one_line(failure.get("id") or failure.get("url") or "", 120)
            say(f"  not saved: {failure['kind']} {what}: {one_line(failure['reason'], 160)}")
        more = and_more(len(result.failed), FAILURES_SHOWN)
        if more:
            say(f"  {more} (see --json)")
    return exit_code_of(result)


def snapshots(context: CommandContext, args: argparse.Namespace) -> int:
    record = context.record_offline()
    rows = context.app.archives.snapshots(record)
    stamps = context.app.archives.stamp_states(record)
    if args.json:
        emit_json({"snapshots": [{**s.to_json(), "timestamps": stamps[s.id].value}
                                 for s in rows]})  # fmt: skip
        return 0
    if not rows:
        say("No snapshots yet; run `creator-backup backup`.")
    for s in rows:
        pins = s.stats.get("pins", "?")
        say(f"{s.id:>4}  {when_text(s.started_at):<19}  {s.kind:<6} {s.status:<9} pins: {pins}"
            f"  {stamps[s.id].value}")  # fmt: skip
    return 0


def verify_command(context: CommandContext, args: argparse.Namespace) -> int:
    subset = None
    if args.subset:
        try:
            subset = parse_subset(args.subset)
        except ValueError as exc:
            raise UsageError(str(exc).capitalize() + ".") from exc
    view = ProgressView(enabled=not args.json)
    record = context.record_offline()
    try:
        report = context.app.archives.verify(record, args.read_data, subset, view)
    finally:
        view.close()
    if args.json:
        emit_json(report.to_json())
    else:
        say(
            f"Checked the database ({report.database}) and {report.media_checked:,} media "
            f"files ({report.media_rehashed:,} re-hashed)."
        )
        for problem in report.problems:
            say(f"  {problem['kind']}: {problem['where']}: {problem['detail']}")
        found = plural(len(report.problems), "problem")
        say("The archive is intact." if report.ok else f"{found} found.")
    return ExitCode.OK if report.ok else ExitCode.INTEGRITY
