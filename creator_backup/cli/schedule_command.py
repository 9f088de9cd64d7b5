"""`schedule install|remove|status`: backups that run while the app is closed."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.paths import HOME_ENV
from creator_backup.schedule import SchedulePlan, scheduled_command, scheduler_for


def run(context: CommandContext, args: argparse.Namespace) -> int:
    scheduler = scheduler_for(context.paths.config_dir, context.env)
    if args.action == "install":
        # The scheduled run uses the same folder and API as this one, when they are not
        # the defaults it would find by itself.
        override = args.data_dir or context.env.get(HOME_ENV) or None
        data_dir = str(Path(override).expanduser().resolve()) if override else None
        api_base = context.api_base if context.api_base != PINTEREST_API_BASE else None
        plan = SchedulePlan(
            scheduled_command(data_dir, api_base), hours=args.every, log_dir=context.paths.log_dir
        )
        report = scheduler.install(plan)
    elif args.action == "remove":
        report = scheduler.remove()
    else:
        report = scheduler.status()
    if args.json:
        emit_json({**report.to_json(), "platform": scheduler.platform})
    elif report.install_helps:
        say(f"{report.sentence} `creator-backup schedule install` turns them on.")
    else:
        say(report.sentence)
    return 0
