"""`schedule install|remove|status`: backups that run while the app is closed."""

from __future__ import annotations

import argparse

from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say


def run(context: CommandContext, args: argparse.Namespace) -> int:
    schedules = context.app.schedules
    if args.action == "install":
        report = schedules.install(args.every)
    elif args.action == "remove":
        report = schedules.remove()
    else:
        report = schedules.status()
    if args.json:
        emit_json({**report.to_json(), "platform": schedules.platform_name})
    elif report.install_helps:
        say(f"{report.sentence} `creator-backup schedule install` turns them on.")
    else:
        say(report.sentence)
    return 0
