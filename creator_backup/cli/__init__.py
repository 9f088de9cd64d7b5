"""`creator-backup`: the command line, for scheduling and power users.

This module is the CLI's composition root: it parses, sets up paths and logging, builds
the services a command needs, runs it, and turns every failure into one sentence and an
exit code. Tracebacks go to the log file only.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Sequence

from creator_backup.cli import (
    account_commands,
    appeal_command,
    archive_commands,
    budget_command,
    cases_command,
    demo_command,
    diff_command,
    export_html_command,
    import_command,
    match_command,
    report_command,
    restore_command,
    sandbox_command,
    schedule_command,
    updates_command,
)
from creator_backup.cli.context import CommandContext
from creator_backup.cli.hints import with_hint
from creator_backup.cli.output import warn
from creator_backup.cli.parser import build_parser
from creator_backup.errors import AppError, Cancelled, ExitCode, exit_code_for, sentence_for
from creator_backup.logsetup import configure_logging, redact
from creator_backup.paths import AppPaths

log = logging.getLogger(__name__)

Command = Callable[[CommandContext, argparse.Namespace], int]

COMMANDS: dict[str, Command] = {
    "sandbox": sandbox_command.run,
    "login": account_commands.login,
    "check-app": account_commands.check_app,
    "logout": account_commands.logout,
    "accounts": account_commands.accounts,
    "whoami": account_commands.whoami,
    "backup": archive_commands.backup,
    "snapshots": archive_commands.snapshots,
    "verify": archive_commands.verify_command,
    "budget": budget_command.run,
    "diff": diff_command.run,
    "demo": demo_command.run,
    "appeal": appeal_command.run,
    "verify-packet": appeal_command.verify_packet,
    "signing-key": appeal_command.signing_key,
    "match-originals": match_command.run,
    "restore": restore_command.run,
    "import-export": import_command.run,
    "export-html": export_html_command.run,
    "schedule": schedule_command.run,
    "notice": cases_command.notice,
    "cases": cases_command.cases_list,
    "case": cases_command.case,
    "report-problem": report_command.run,
    "check-updates": updates_command.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    context: CommandContext | None = None
    try:
        # Logging first: finding the archives may finish an interrupted move, and says so.
        base = AppPaths.resolve(args.data_dir)
        base.ensure()
        configure_logging(base.log_dir, verbose=args.verbose)
        context = CommandContext.from_args(args)
        log.info("command %s", args.command)
        return COMMANDS[args.command](context, args)
    except KeyboardInterrupt:
        warn("Interrupted.")
        return ExitCode.INTERRUPTED
    except Exception as error:  # the one place every failure becomes a sentence
        code = exit_code_for(error)
        if not isinstance(error, AppError):
            log.exception("unexpected failure in %s", args.command)
        else:
            log.info("%s ended: %s", args.command, type(error).__name__, exc_info=True)
        sentence = redact(with_hint(error, sentence_for(error)))
        # A cancel is what the person asked for, not an error.
        warn(sentence if isinstance(error, Cancelled) else f"Error: {sentence}")
        return code
    finally:
        if context is not None:
            context.close()
