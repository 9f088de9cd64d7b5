"""`report-problem --out FILE.zip`: the logs and versions, without secrets, in one zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.support.problem_report import build_report


def run(context: CommandContext, args: argparse.Namespace) -> int:
    summary = build_report(Path(args.out), context.paths)
    if args.json:
        emit_json(summary.to_json())
    else:
        say(
            f"Wrote {summary.path} ({summary.bytes:,} bytes): {summary.log_files} log files, "
            f"the versions, the settings without secrets and the list of {summary.archives} "
            "archives, with none of their content. Look inside before sending it, if you like."
        )
    return 0
