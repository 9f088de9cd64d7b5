"""`import-export FILE`: Pinterest's own data export into the archive, with no login and
no network but the pictures' CDN (and that is optional: --no-media)."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.data_export.importer import ImportResult
from creator_backup.data_export.labels import NAME_WIDTH, SHOWN, listing
from creator_backup.data_export.service import AccountUnknown, Destination
from creator_backup.errors import ExitCode, UsageError
from creator_backup.progress import CancelToken
from creator_backup.words import and_more, one_line, plural, when_text

SKIPPED_SHOWN = 20  # skipped blocks named in the summary; the rest are counted


def run(context: CommandContext, args: argparse.Namespace) -> int:
    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    try:
        with cancel_on_interrupt(token):
            result, destination = context.app.files.import_data_export(
                Path(args.file),
                media=not args.no_media,
                pictures_from=args.cdn,
                account=context.account_name,
                progress=view,
                cancel=token,
            )
    except AccountUnknown as exc:
        raise UsageError(f"{AccountUnknown.UNNAMED}; name it with --account.") from exc
    finally:
        view.close()
    code = ExitCode.OK if result.complete else ExitCode.PARTIAL
    if args.json:
        emit_json({**result.to_json(), "archive": str(destination.root)})
        return code
    _report(result, destination)
    return code


def _report(result: ImportResult, destination: Destination) -> None:
    if result.already_imported:
        say(f"This export was already imported (snapshot {result.snapshot_id}); nothing "
            "was added twice.")  # fmt: skip
    else:
        say(f"Imported {result.username}'s data export into {destination.how}:")
    say(f"  Archive: {destination.root}")
    say(
        f"  Snapshot {result.snapshot_id}, dated {when_text(result.exported_at)} (from {result.dated_by})"
    )
    boards = (f"on {plural(result.boards, 'board', 'boards')}" if result.boards_known
              else "(their boards are unknown)")  # fmt: skip
    say(f"  {plural(result.pins, 'pin', 'pins')} {boards}; {result.merged:,} "
        f"{'was' if result.merged == 1 else 'were'} already in your backups")  # fmt: skip
    if result.alive_false:
        say(f"  {plural(result.alive_false, 'pin is', 'pins are')} marked as no longer "
            "alive: see `creator-backup diff` and `creator-backup appeal`.")  # fmt: skip
    for note in result.notes():
        say(f"  {note}")
    if result.sections:
        titles = [one_line(title, NAME_WIDTH) for title in result.sections[:SHOWN]]
        say(f"  Other sections kept as text: {listing(titles, more=len(result.sections) - SHOWN)}")
    if result.media_skipped:
        say("  Pictures were not downloaded (--no-media).")
    else:
        say(f"  Pictures downloaded: {result.media_downloaded:,}"
            + (f"; {len(result.media_failed):,} could not be fetched (run the import again "
               "later to retry)" if result.media_failed else ""))  # fmt: skip
    for skipped in result.skipped[:SKIPPED_SHOWN]:
        say(f"  Skipped {one_line(skipped.where, NAME_WIDTH)}: {skipped.reason}.")
    more = and_more(result.skipped_count, SKIPPED_SHOWN, "skipped block")
    if more:
        say(f"  {more}.")
