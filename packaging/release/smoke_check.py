"""The smoke test every release build passes before it is published, on any system.

    python packaging/release/smoke_check.py --folder build/dist/creator-backup
    python packaging/release/smoke_check.py --folder "build/dist/Creator Backup.app/Contents/MacOS"
    python packaging/release/smoke_check.py --command "flatpak run --filesystem={work} \
        --command={exe} io.github.creatorbackup.CreatorBackup"

Runs the built app as a user gets it, away from the checkout: `--version` of every
executable (the command line, the window and, on Windows, the console-less one that
scheduled backups run), then the whole `demo --json` story on a throwaway data folder.
packaging/smoke.sh does the same and more on Linux (the problem report, the schedule's
unit files); this one needs no shell, so the Windows and macOS jobs run it too.
Standard library only: it runs with the Python that built the bundle, or any other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPINFO = ROOT / "creator_backup" / "appinfo.py"
EXECUTABLES = ("creator-backup", "creator-backup-gui")
WINDOWS_ONLY = ("creator-backup-scheduled",)
# The demo's story: the second backup meets a suspended account (exit 4), all else works.
DEMO_EXIT_CODES = [0, 4, 0, 0, 0, 0, 0]
# A minute on the 2-core development machine; hosted runners are slower, never this slow.
DEMO_TIMEOUT = 900


class SmokeError(Exception):
    """The build does not do what a release must."""


def expected_version_line() -> str:
    """What `--version` prints, read from appinfo.py's text (no import: this script may
    run with a Python that has none of the app's dependencies)."""
    text = APPINFO.read_text("utf-8")
    fields = dict(re.findall(r'^(APP_NAME|VERSION) = "([^"]+)"$', text, re.MULTILINE))
    return f"{fields['APP_NAME']} {fields['VERSION']}"


def clean_env(work: Path) -> dict[str, str]:
    """Only what the system needs to start a program, and a home of its own: the build
    must not lean on the checkout, the venv or the runner's settings."""
    keep = ("PATH", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "TEMP", "TMP", "COMSPEC")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    home = work / "home"
    home.mkdir(exist_ok=True)
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        LANG="C.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        # No keyring on a build machine; the demo keeps its login in its own data folder.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    # Flatpak's run needs the session's runtime folder and D-Bus to start the sandbox.
    for name in ("XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS", "XDG_DATA_DIRS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def folder_commands(folder: Path) -> dict[str, list[str]]:
    suffix = ".exe" if sys.platform == "win32" else ""
    names = EXECUTABLES + (WINDOWS_ONLY if sys.platform == "win32" else ())
    commands = {}
    for name in names:
        exe = folder.resolve() / f"{name}{suffix}"
        if not exe.is_file():
            raise SmokeError(f"the build has no {exe.name} in {folder}")
        commands[name] = [str(exe)]
    return commands


def template_commands(template: str, work: Path) -> dict[str, list[str]]:
    return {
        name: shlex.split(template.format(exe=name, work=shlex.quote(str(work))))
        for name in EXECUTABLES
    }


def run(command: list[str], work: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=work,
        env=clean_env(work),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def check_versions(commands: dict[str, list[str]], work: Path) -> None:
    expected = expected_version_line()
    for name, command in commands.items():
        done = run([*command, "--version"], work, timeout=120)
        got = done.stdout.strip()
        if done.returncode != 0 or got != expected:
            raise SmokeError(
                f"{name} --version printed {got!r} (exit {done.returncode}), expected "
                f"{expected!r}: {done.stderr.strip()[-2000:]}"
            )
        print(f"--version: {name}: {got}", file=sys.stderr)


def check_demo(cli: list[str], work: Path) -> None:
    start = time.monotonic()
    done = run([*cli, "--data-dir", str(work / "data"), "demo", "--json"], work, DEMO_TIMEOUT)
    try:
        body = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise SmokeError(
            f"the demo printed no JSON ({error}), exit {done.returncode}:\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        ) from error
    codes = [step["exit_code"] for step in body["steps"]]
    if codes != DEMO_EXIT_CODES:
        raise SmokeError(f"the demo's steps ended {codes}, expected {DEMO_EXIT_CODES}")
    with zipfile.ZipFile(body["packet"]) as packet:
        names = packet.namelist()
    for report in ("report.pdf", "report.html"):
        if not any(name.endswith(report) for name in names):
            raise SmokeError(f"the demo's appeal packet has no {report}")
    seconds = time.monotonic() - start
    print(f"demo: {len(codes)} steps as expected, a packet of {len(names)} files, "
          f"{seconds:.0f} s", file=sys.stderr)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", type=Path, help="the folder that holds the executables")
    where.add_argument(
        "--command", help="how to start one, with {exe} for its name and {work} for a folder"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="smoke-") as temporary:
        work = Path(temporary).resolve()
        try:
            if args.folder is not None:
                commands = folder_commands(args.folder)
            else:
                commands = template_commands(args.command, work)
            check_versions(commands, work)
            check_demo(commands["creator-backup"], work)
        except (SmokeError, OSError, subprocess.TimeoutExpired, KeyError) as error:
            print(f"smoke test failed: {error}", file=sys.stderr)
            return 1
    print("Smoke test passed.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
