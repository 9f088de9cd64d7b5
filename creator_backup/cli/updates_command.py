"""`check-updates`: whether a newer version is out, read from the project's releases feed
(only its latest version number; nothing about you is sent, nothing is installed)."""

from __future__ import annotations

import argparse

from creator_backup.application.updates import FAILED
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say, warn
from creator_backup.errors import ExitCode


def run(context: CommandContext, args: argparse.Namespace) -> int:
    found = context.app.updates.check_now()
    if args.json:
        emit_json(found.to_json())
    elif found.outcome == FAILED:
        warn(f"Error: {found.sentence()}")
    else:
        say(found.sentence())
    return ExitCode.UNEXPECTED if found.outcome == FAILED else ExitCode.OK
