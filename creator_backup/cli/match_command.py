"""`match-originals FOLDER`: which archived pins the creator's own files are."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.originals.matching import FoundMatch, MatchReport
from creator_backup.originals.taken import taken_words
from creator_backup.progress import CancelToken
from creator_backup.words import and_more, one_line, plural

SHOWN = 50  # matches printed; --json has them all


def run(context: CommandContext, args: argparse.Namespace) -> int:
    # Decoding pictures needs QtGui; only this command pays for importing it.
    from creator_backup.render.phash import picture_hash

    token = CancelToken()
    view = ProgressView(enabled=not args.json)
    with cancel_on_interrupt(token):
        try:
            report = context.app.originals.match(
                context.record_offline(), Path(args.folder), picture_hash, view, token
            )
        finally:
            view.close()
    if args.json:
        emit_json(report.to_json())
    else:
        _say_report(report)
    return 0


def _match_line(found: FoundMatch) -> str:
    pin, match = found.pin, found.match
    gone = " (gone from Pinterest)" if pin.gone else ""
    return (
        f"  {one_line(match.original_name, 120)} = pin {pin.pin_id} "
        f"{one_line(pin.title, 80) or '(no title)'!r} on board "
        f"{one_line(pin.board, 60) or '(no board)'!r}{gone}: "
        f"{plural(match.distance, 'bit')} of 64 differ; "
        f"{taken_words(match.taken_at, match.taken_from)}"
    )


def _say_report(report: MatchReport) -> None:
    say(f"Compared {plural(report.originals, 'original')} with "
        f"{plural(report.pictures, 'archived picture')} "
        f"({report.hashed_now:,} hashed now; a match differs in at most "
        f"{report.threshold} of 64 bits).")  # fmt: skip
    say(f"{plural(report.matched_originals, 'original')} matched "
        f"{plural(len(report.matches), 'pin')}; "
        f"{plural(len(report.unmatched), 'original')} matched none.")  # fmt: skip
    for found in report.matches[:SHOWN]:
        say(_match_line(found))
    more = and_more(len(report.matches), SHOWN, "match", "matches")
    if more:
        say(f"  {more} (--json lists them all)")
    if report.skipped:
        say(f"Skipped {plural(len(report.skipped), 'file')}:")
        for skipped in report.skipped[:SHOWN]:
            say(f"  {one_line(skipped.name, 120)}: {skipped.reason}")
        more = and_more(len(report.skipped), SHOWN, "file")
        if more:
            say(f"  {more}")
    if report.unhashable:
        say(f"{plural(report.unhashable, 'archived picture')} could not be decoded and "
            "were left out.")  # fmt: skip
    for group in report.same_picture[:SHOWN]:
        say(f"Same picture in {plural(len(group), 'pin')}: "
            + ", ".join(p.pin_id for p in group[:10])
            + (f" {and_more(len(group), 10)}" if len(group) > 10 else ""))  # fmt: skip
    if report.matches:
        say("An appeal packet made from now on lists these matches.")
