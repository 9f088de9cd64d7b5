"""The core's sentences are the window's too, so none tells the user to run a command or
pass a flag: where the command line has one that helps, it adds it itself (cli/hints.py).
The scan reads every string of the package outside the command line and the sandbox (a
test and demo server with its own command line), docstrings and argparse help left out,
and looks for `creator-backup <command>` or one of the command line's own flags (it found
22 such sentences before cli/hints.py)."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

from creator_backup.cli.parser import build_parser

PACKAGE = Path(__file__).resolve().parents[1] / "creator_backup"
OUTSIDE_THE_CORE = ("cli", "sandbox")
COMMAND = re.compile(r"creator-backup [a-z]")
# Strings that name a command or flag and are no message of the app's.
NOT_MESSAGES = {
    # Printed on the terminal when no display is found: there, no window can open.
    ("gui/app.py", "use the command line (`creator-backup --help`)"),
    # The comments of the systemd unit files, for whoever opens them.
    ("schedule/systemd.py", "# Written by creator-backup (`creator-backup schedule install`)"),
    ("schedule/systemd.py", "# `creator-backup schedule remove`."),
}


def cli_flags() -> set[str]:
    flags: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            flags.update(s for s in action.option_strings if s.startswith("--"))
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    return flags - {"--help"}


def _skipped(tree: ast.AST) -> set[int]:
    """Docstrings and the arguments of argparse calls: help, not messages."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("add_argument", "add_parser", "ArgumentParser")
        ):
            skipped.update(id(n) for n in ast.walk(node))
    return skipped


def strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skipped = _skipped(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            # An f-string's parts, joined: a flag may sit next to a placeholder.
            text = "".join(
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                for v in node.values
            )
            if id(node) not in skipped:
                yield node.lineno, text
            skipped.update(id(v) for v in node.values)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
        ):
            yield node.lineno, node.value


def command_hints(package: Path, flags: set[str]) -> list[str]:
    flag = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, flags)) + r")(?![\w-])")
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.split("/")[0] in OUTSIDE_THE_CORE or path.name == "__main__.py":
            continue
        for line, text in strings(path):
            if not re.search(r"\s", text):
                continue  # one word: an argument of a command line the app runs, no sentence
            if any(relative == where and part in text for where, part in NOT_MESSAGES):
                continue
            hit = COMMAND.search(text) or flag.search(text)
            if hit:
                found.append(f"{relative}:{line} {hit.group(0)!r} in {text[:70]!r}")
    return found


def test_the_flags_are_the_command_line_s() -> None:
    assert {"--account", "--all", "--json", "--yes", "--store-token-in-file"} <= cli_flags()


def test_no_core_sentence_names_a_command_or_a_flag() -> None:
    assert command_hints(PACKAGE, cli_flags()) == [], (
        "say it in plain words; the command line adds its command (creator_backup/cli/hints.py)"
    )


def test_the_scan_finds_a_command_and_a_flag(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(
        '"""Run `creator-backup login` (a docstring: not a message)."""\n'
        'A = "No account is connected; run `creator-backup login`."\n'
        "def pick(names):\n"
        '    return f"Several accounts are connected ({names}); choose one with --account."\n'
        'ARGS = ["--quick", "--all-accounts"]\n'
    )
    found = command_hints(tmp_path, cli_flags())
    assert [f.split(" ")[0] for f in found] == ["old.py:2", "old.py:4"]
    assert "'--account'" in found[1]
