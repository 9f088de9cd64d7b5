"""`budget`: the day's requests Pinterest allows the app, and what the next backup needs."""

from __future__ import annotations

import argparse

from creator_backup.api.budget import STANDARD
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.pinterest_limits import TRIAL_DAILY_REQUESTS
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
    elif status.access == STANDARD:
        say("Your app has Standard access: Pinterest sets no daily limit on its requests.")
    else:
        say(
            f"Whether your app has Trial access ({TRIAL_DAILY_REQUESTS:,} requests a day) is "
            "not known yet: Pinterest's answers to the next backup will tell."
        )
    if status.used_today:
        say(f"The app made {plural(status.used_today, 'request')} to Pinterest today.")
    days = backups.days_to_back_up(record, status.limit) if record is not None else None
    say(_estimate_line(estimate, status.limit, days))
    return 0


def _estimate_line(estimate: int | None, limit: int | None, days: int | None) -> str:
    if estimate is None:
        return "No backup yet: what the first one needs is known once it has read the account."
    line = f"The next full backup needs about {plural(estimate, 'request')}"
    if limit and days is not None and days > 1:
        return f"{line}: about {plural(days, 'day')} at {limit:,} a day."
    return line + "."
