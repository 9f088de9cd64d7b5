"""`demo`: the whole story on a local sandbox account, in the terminal. Back up; lose a
board, some pins and then the account; build an appeal packet; come back without the
lost content; see what is missing, restore it, and check the archive. Each step runs the
real command a user would type.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil

from creator_backup.auth.service import ENV_TOKEN
from creator_backup.cli import appeal_command, archive_commands, diff_command, restore_command
from creator_backup.cli.context import CommandContext
from creator_backup.cli.output import emit_json, say
from creator_backup.cli.parser import build_parser
from creator_backup.demo import start_demo
from creator_backup.errors import AppError, Cancelled, ExitCode, exit_code_for
from creator_backup.paths import AppPaths
from creator_backup.words import plural

PACKET_NAME = "appeal-packet.zip"


def run(context: CommandContext, args: argparse.Namespace) -> int:
    # The demo keeps its files apart from real archives, fresh for every run, and left in
    # place afterwards for a look.
    home = context.paths.cache_dir / "demo-cli"
    shutil.rmtree(home, ignore_errors=True)
    paths = AppPaths.resolve(home)
    paths.ensure()
    quiet = bool(args.json)
    env = start_demo()
    parser = build_parser()
    demo = CommandContext(
        paths=paths,
        api_base=env.api_base,
        account_name=None,
        # The sandbox's token, used for the run and never stored.
        env={ENV_TOKEN: env.sandbox.access_token},
        clock=context.clock,
    )
    steps: list[dict[str, object]] = []

    def step(title: str, command: str, *extra: str) -> int:
        if not quiet:
            say(f"\n== {title}\n$ creator-backup {command} {' '.join(extra)}".rstrip())
        handler = {
            "backup": archive_commands.backup,
            "diff": diff_command.run,
            "appeal": appeal_command.run,
            "restore": restore_command.run,
            "verify": archive_commands.verify_command,
        }[command]
        flags = [*extra, "--json"] if quiet else list(extra)
        printed = io.StringIO()
        entry_error = ""
        try:
            # With --json, each command's own JSON goes into this one's, not beside it.
            with contextlib.redirect_stdout(printed) if quiet else contextlib.nullcontext():
                code = handler(demo, parser.parse_args([command, *flags]))
        except Cancelled:
            raise  # the user stopped the demo: no later step runs
        except AppError as exc:  # told as the command itself would tell it
            if quiet:
                entry_error = exc.message
            else:
                say(f"Error: {exc.message}")
            code = exit_code_for(exc)
        finally:
            demo.close()
        entry: dict[str, object] = {"step": title, "command": command, "exit_code": int(code)}
        if quiet and printed.getvalue().strip():
            entry["output"] = json.loads(printed.getvalue().strip().splitlines()[-1])
        if entry_error:
            entry["error"] = entry_error
        steps.append(entry)
        return int(code)

    def narrate(sentence: str) -> None:
        if not quiet:
            say(f"\n== {sentence}")

    packet = home / PACKET_NAME
    controls = env.controls
    try:
        step("Back up the demo account", "backup")
        removed = controls.remove_some(seed=7)
        controls.suspend()
        narrate(f"Pinterest removes the board \"{removed['board_names'][0]}\" and "
                f"{plural(len(removed['pins']), 'pin')} from other boards, then suspends the "
                "account")  # fmt: skip
        step("Back up while the account is unavailable", "backup")
        step("Build an appeal packet of everything archived", "appeal", "--out", str(packet))
        controls.reinstate()
        narrate("Pinterest reinstates the account, without what it removed")
        step("Back up after the reinstatement", "backup", "--full")
        step("What did not come back", "diff")
        step("Restore what is missing", "restore")
        verified = step("Check the archive", "verify", "--read-data")
    finally:
        env.close()
    archives = sorted(p for p in paths.archives_dir.iterdir() if p.is_dir())
    archive = str(archives[0]) if archives else ""
    if quiet:
        emit_json({"archive": archive, "packet": str(packet), "home": str(home),
                   "steps": steps})  # fmt: skip
    else:
        say(f"\nThe demo's archive: {archive}\nIts appeal packet: {packet}")
        say("Open the window on a demo account with `creator-backup-gui --demo`.")
    return ExitCode.OK if verified == ExitCode.OK else ExitCode.PARTIAL
