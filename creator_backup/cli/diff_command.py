"""`diff`: what was lost between two snapshots, or since the last one (--live)."""

from __future__ import annotations

import argparse

from creator_backup.checked_words import not_checked_sentence
from creator_backup.cli.archive_commands import cancel_on_interrupt
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.progress_view import ProgressView
from creator_backup.diff.compare import KINDS, DiffResult
from creator_backup.errors import UsageError
from creator_backup.progress import CancelToken
from creator_backup.words import and_more, plural, when_text

SHOWN = 20  # items of each list printed; the rest are counted (--json has them all)


def snapshot_id(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit():
        raise UsageError(
            f"A snapshot is given by its number (see `creator-backup snapshots`), not {text!r}."
        )
    return int(text)


def run(context: CommandContext, args: argparse.Namespace) -> int:
    older, newer = snapshot_id(args.from_snapshot), snapshot_id(args.to_snapshot)
    if args.live:
        if newer is not None:
            raise UsageError("--live compares with the account as it is now: give at most FROM.")
        token = CancelToken()
        view = ProgressView(enabled=not args.json)
        with cancel_on_interrupt(token):
            try:
                live = context.app.backups.live_diff(context.login(), older, view, token)
            finally:
                view.close()
        return _report(live.result, args, live.probes)
    record = context.record_offline()
    return _report(context.app.archives.compare_with_export(record, older, newer), args, {})


def _say_more(total: int, kind: str) -> None:
    more = and_more(total, SHOWN, kind)
    if more:
        say(f"    {more} (--json lists them all)")


def _report(result: DiffResult, args: argparse.Namespace, probes: dict[str, str]) -> int:
    if args.json:
        body = result.to_json()
        if probes:
            body["probes"] = probes
        emit_json(body)
        return 0
    if result.older.id == result.newer.id:
        # Fewer than two backups: only what Pinterest's data export says can be shown.
        say(f"Only one snapshot to go by ({result.newer.id}, {when_text(result.newer.started_at)}); "
            "what Pinterest's data export says:")  # fmt: skip
    else:
        say(f"From snapshot {result.older.id} ({when_text(result.older.started_at)}) "
            f"to {result.newer.id} ({when_text(result.newer.started_at)}):")  # fmt: skip
    for label, groups in (("Removed", result.removed), ("Added", result.added)):
        counts = ", ".join(plural(len(groups[k]), k) for k in KINDS)
        say(f"  {label}: {counts}")
        if label == "Removed":
            for kind in KINDS:
                for item in groups[kind][:SHOWN]:
                    probe = f"  [{probes[item.id]}]" if item.id in probes else ""
                    say(f"    - {kind} {item.id} {item.title!r}, last seen "
                        f"{when_text(item.last_seen)}, gone by {when_text(item.missing_since)}"
                        f"{probe}")  # fmt: skip
                _say_more(len(groups[kind]), kind)
    restored = sum(len(v) for v in result.restored.values())
    if restored:
        counts = ", ".join(plural(len(result.restored[k]), k) for k in KINDS if result.restored[k])
        say(f"  Restored: {counts} (put back by a restore; each stands for the one it replaces)")
    if result.removed_by_export:
        count = len(result.removed_by_export)
        say(f"  Removed, according to Pinterest's data export: {plural(count, 'pin')}")
        for item in result.removed_by_export[:SHOWN]:
            say(f"    - pin {item.id} {item.title!r}, marked not alive in the export dated "
                f"{when_text(item.missing_since)} (snapshot {item.evidence_snapshot})")  # fmt: skip
        _say_more(count, "pin")
    say(f"  Changed: {', '.join(plural(len(result.changed[k]), k) for k in KINDS)}")
    say(f"  Moved: {', '.join(plural(len(result.moved[k]), k) for k in KINDS)}")
    for group in result.blast:
        if len(group.pins) > 1:
            say(f"  One image ({group.sha256[:12]}…) took {plural(len(group.pins), 'pin')} "
                f"across {plural(len(group.boards), 'board')}.")  # fmt: skip
    for board in result.not_checked[:SHOWN]:
        story = not_checked_sentence(board.state, board.detail, board.last_checked)
        say(f"  Not checked: board {board.name!r}. {story}")
    if len(result.not_checked) > SHOWN:
        say(
            f"  {and_more(len(result.not_checked), SHOWN, 'board not checked', 'boards not checked')}."
        )
    unseen = result.not_visible_sentence()
    if unseen:
        say(f"  {unseen}")
    if not result.lost_anything:
        if result.not_checked or unseen:
            say("Nothing was removed from the boards that were checked.")
        else:
            say("Nothing was removed.")
    return 0
