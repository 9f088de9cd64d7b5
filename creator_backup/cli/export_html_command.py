"""`export-html --out DIR`: the archive as a site any browser opens offline. It reads the
archive only, so it needs no login and no network."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.auth.accounts import AccountRecord
from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.errors import NotLoggedInError, UsageError
from creator_backup.progress import CancelToken, human_size
from creator_backup.words import plural


def _record(context: CommandContext) -> AccountRecord:
    try:
        return context.record_offline()
    except NotLoggedInError:
        # With no archive at all, "log in" would be the wrong advice to someone who only
        # wants to read theirs.
        if not any(p.is_dir() for p in context.paths.archives_dir.glob("*")):
            raise UsageError(
                f"There is no archive in {context.paths.archives_dir} to export yet; "
                "run `creator-backup backup` first."
            ) from None
        raise


def run(context: CommandContext, args: argparse.Namespace) -> int:
    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    record = _record(context)
    with cancel_on_interrupt(token):
        try:
            result = context.app.files.export_site(
                record, Path(args.out), view, token, private=not args.readable_by_others
            )
        finally:
            view.close()
    if args.json:
        emit_json(result.to_json())
        return 0
    say(
        f"Wrote the offline site to {result.out}: {plural(result.pins, 'pin')} on "
        f"{plural(result.boards, 'board')}, "
        f"{plural(result.media_files, 'picture or video', 'pictures and videos')}, "
        f"{plural(result.pages, 'page')}, {human_size(result.bytes)}."
    )
    if result.lost:
        say(
            f"What Pinterest no longer shows "
            f"({plural(result.lost, 'board, section or pin', 'boards, sections or pins')}) "
            "is on lost.html."
        )
    if result.redacted:
        say(f"Personal data left out of the pages: {', '.join(sorted(result.redacted))}.")
    if result.private:
        say("Like the archive, only you can open it on this computer (--readable-by-others "
            "lets other users read it).")  # fmt: skip
    say(f"Open {result.out / 'index.html'} in any web browser; it works offline.")
    return 0
