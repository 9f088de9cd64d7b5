"""`budget`: the day's requests Pinterest allows the app, and what the next backup needs."""

from __future__ import annotations

import argparse
import math

from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.words import plural


def run(context: CommandContext, args: argparse.Namespace) -> int:
    backups = context.app.backups
    record = context.login_record()
    status = backups.budget(record)
    estimate = backups.estimate(record) if record is not None else None
    if args.json:
        emit_json({**status.to_json(), "estimate": estimate})
        return 0
    if status.sentence:
        say(status.sentence)
    elif status.access == "standard":
        say("Your app has Standard access: Pinterest sets no daily limit on its requests.")
    else:
        say(
            "Whether your app has Trial access (1,000 requests a day) is not known yet: "
            "Pinterest's answers to the next backup will tell."
        )
    if status.used_today:
        say(f"The app made {plural(status.used_today, 'request')} to Pinterest today.")
    say(_estimate_line(estimate, status.limit))
    return 0


def _estimate_line(estimate: int | None, limit: int | None) -> str:
    if estimate is None:
        return "No backup yet: what the first one needs is known once it has read the account."
    line = f"The next full backup needs about {plural(estimate, 'request')}"
    if limit and estimate > limit:
        return f"{line}: about {plural(math.ceil(estimate / limit), 'day')} at {limit:,} a day."
    return line + "."
