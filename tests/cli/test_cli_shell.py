"""The CLI's contract: global options, exit codes, one-sentence errors, --json."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from creator_backup.appinfo import VERSION
from creator_backup.cli import COMMANDS, main
from creator_backup.cli.parser import build_parser
from creator_backup.errors import ExitCode

from .helpers import run_cli


def test_version(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "--version")
    assert result.code == 0
    assert result.out.strip() == f"creator_backup {VERSION}"


def test_help_lists_every_command(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "--help")
    assert result.code == 0
    for command in ["sandbox", "login", "logout", "accounts", "whoami", "backup",
                    "snapshots", "diff", "verify", "appeal", "verify-packet", "restore", "import-export",
                    "export-html", "demo", "schedule"]:  # fmt: skip
        assert command in result.out


def test_every_command_the_parser_offers_is_built() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    offered = set(commands.choices)
    assert offered == set(COMMANDS), offered ^ set(COMMANDS)


def test_usage_error_exits_2(cli_env: dict[str, str]) -> None:
    assert run_cli(cli_env, "no-such-command").code == 2
    assert run_cli(cli_env, "appeal").code == 2  # --out is required
    result = run_cli(cli_env, "sandbox", "--fault-rate", "7")
    assert result.code == 2
    assert "between 0 and 1" in result.err
    result = run_cli(cli_env, "backup", "--workers", "0")
    assert result.code == 2 and "between 1 and 32" in result.err


def test_not_logged_in_exits_3_with_one_sentence(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "whoami", "--json")
    assert result.code == ExitCode.AUTH
    assert result.out == ""
    assert result.err.strip() == (
        "Error: No Pinterest account is connected. Run `creator-backup login` to connect one."
    )


def test_sandbox_refuses_a_public_address_without_a_traceback(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "sandbox", "--host", "0.0.0.0")
    assert result.code == ExitCode.USAGE
    assert "loopback only" in result.err
    assert "Traceback" not in result.err


def test_global_options_work_after_the_command_too(tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    assert main(["accounts", "--json", "--data-dir", str(home)]) == 0
    assert (home / "log" / "creator_backup.log").exists()


def test_data_dir_keeps_every_file_under_it(cli_env: dict[str, str], tmp_path: Path) -> None:
    home = tmp_path / "portable"
    env = dict(cli_env)
    env.pop("CREATOR_BACKUP_HOME")
    env["HOME"] = str(tmp_path / "real-home")  # where platformdirs would otherwise write
    env["XDG_DATA_HOME"] = env["XDG_STATE_HOME"] = env["XDG_CONFIG_HOME"] = ""
    result = run_cli(env, "--data-dir", str(home), "accounts", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["accounts"] == []
    assert (home / "log" / "creator_backup.log").is_file()
    assert not (tmp_path / "real-home").exists()


def test_unexpected_failure_is_one_sentence_and_the_traceback_is_logged(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    # A damaged accounts file is a failure the user can act on (exit 2, named file)...
    config = tmp_path / "app-home" / "config"
    config.mkdir(parents=True)
    (config / "accounts.json").write_text("{not json", "utf-8")
    result = run_cli(cli_env, "accounts")
    assert result.code == ExitCode.USAGE
    assert "accounts file" in result.err and "damaged" in result.err
    # ...while a bug (wrong shape inside) is exit 1, one sentence, traceback in the log.
    (config / "accounts.json").write_text('{"accounts": [{"bogus": 1}]}', "utf-8")
    result = run_cli(cli_env, "accounts")
    assert result.code == ExitCode.UNEXPECTED
    assert "Traceback" not in result.err
    assert "log file" in result.err
    log = (tmp_path / "app-home" / "log" / "creator_backup.log").read_text("utf-8")
    assert "Traceback" in log
