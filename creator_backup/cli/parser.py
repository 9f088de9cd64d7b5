"""The command line's grammar: `creator-backup [global options] COMMAND [options]`."""

from __future__ import annotations

import argparse

from creator_backup.api.base_url import API_BASE_ENV, PINTEREST_API_BASE
from creator_backup.appinfo import APP_NAME, VERSION
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS, MAX_WORKERS
from creator_backup.cases.routes import ROUTES as CASE_ROUTES
from creator_backup.cases.store import STATUSES as CASE_STATUSES

DESCRIPTION = (
    "Back up your Pinterest boards and pins, see what was lost, build appeal packets and "
    "restore after reinstatement. Run `creator-backup-gui` for the window."
)
EPILOG = (
    "exit codes: 0 success, 1 unexpected error, 2 usage error, 3 not logged in or "
    "authentication failed, 4 account unavailable, 5 finished but some items failed, "
    "6 archive integrity problem, 130 interrupted"
)


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """The global options, accepted before the command (with defaults) and after it
    (without, so a value given before is not overwritten)."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default(None),
        help="keep every file of the app under DIR (also: env CREATOR_BACKUP_HOME)",
    )
    parser.add_argument(
        "--api-base",
        metavar="URL",
        default=default(None),
        help=f"Pinterest API base (also: env {API_BASE_ENV}; default {PINTEREST_API_BASE})",
    )
    parser.add_argument(
        "--account",
        metavar="USERNAME",
        default=default(None),
        help="the connected account to act on",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default(False),
        help="also print the log to stderr",
    )


def _key_file_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store-key-in-file",
        action="store_true",
        help="when the signing key is made, keep it in a file only your user can read (no keyring)",
    )


def _readable_flag(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--readable-by-others",
        action="store_true",
        help=f"let other users of this computer read {what} (by default only you can)",
    )


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def _app_secret_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--app-secret-stdin",
        action="store_true",
        help="read your Pinterest app's secret from standard input (also: env "
        "CREATOR_BACKUP_APP_SECRET; else the one saved at your last login)",
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _worker_count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_WORKERS}")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _add_sandbox(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = commands.add_parser(
        "sandbox",
        parents=[common],
        help="run the local Pinterest API sandbox",
        description="Serve a local stand-in for Pinterest API v5 with a generated account, "
        "on loopback only, until Ctrl+C.",
    )
    p.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    p.add_argument("--port", type=_positive_int, default=0, help="0 picks a free port")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--boards", type=_positive_int, default=10)
    p.add_argument("--pins", type=_positive_int, default=250)
    p.add_argument("--latency-ms", type=_positive_int, default=0)
    p.add_argument("--bandwidth-mbps", type=float, default=0.0, help="0 means unlimited")
    p.add_argument(
        "--media-cache-mb",
        type=_positive_int,
        default=64,
        help="rendered media kept in memory (benchmarks raise it)",
    )
    p.add_argument("--fault-rate", type=_rate, default=0.0)
    p.add_argument("--rate-limit-per-min", type=_positive_int, default=1000)
    p.add_argument("--trial", action="store_true", help="model Trial access")
    p.add_argument("--realism", action="store_true", help="serve shapes of recorded real responses")
    p.add_argument(
        "--hostile",
        action="store_true",
        help="put hostile text into the account (markup, formulas, paths, device names, "
        "titles at Pinterest's length limits) to test that every output shows it literally",
    )
    p.add_argument(
        "--auto-approve", action="store_true", help="approve OAuth requests without a click"
    )
    p.add_argument(
        "--access-token-ttl",
        type=_positive_int,
        default=None,
        metavar="SECONDS",
        help="lifetime of issued access tokens (short ones test expiry)",
    )
    p.add_argument(
        "--redirect-uri",
        action="append",
        default=None,
        metavar="URI",
        help="register only these redirect URIs (repeatable; default: http://localhost:8085/ "
        "and http://127.0.0.1:8085/ to :8089/)",
    )
    p.add_argument(
        "--legacy-app",
        action="store_true",
        help="model an app created before 2025-09-25: legacy one-year refresh tokens unless "
        "the login asks for continuous refresh",
    )
    _json_flag(p)


def _case_number(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("a case's number, as `creator-backup cases` lists it")
    return value


def _add_cases(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """`notice import`, `cases` and `case ...`: Pinterest's decisions as cases."""
    p = commands.add_parser(
        "notice", parents=[common], help="read a decision notice from Pinterest into a case"
    )
    actions = p.add_subparsers(dest="notice_action", metavar="ACTION")
    actions.required = True
    q = actions.add_parser(
        "import",
        parents=[common],
        help="read a notice (.eml, .html, .txt or .pdf) into its case",
        description="Reads a decision notice as Pinterest sent it and opens or updates the "
        "case of its decision (by its Enforcement ID), matching its pins in the archive.",
    )
    q.add_argument("file", metavar="FILE")
    _json_flag(q)

    p = commands.add_parser("cases", parents=[common], help="list cases and their next deadline")
    _json_flag(p)

    p = commands.add_parser("case", parents=[common], help="one case: show, status, letters")
    actions = p.add_subparsers(dest="case_action", metavar="ACTION")
    actions.required = True
    q = actions.add_parser("show", parents=[common], help="a case's facts, pins and deadlines")
    q.add_argument("case", type=_case_number, metavar="CASE")
    _json_flag(q)
    q = actions.add_parser(
        "status", parents=[common], help="set a case's status (logged in its custody log)"
    )
    q.add_argument("case", type=_case_number, metavar="CASE")
    q.add_argument("status", choices=CASE_STATUSES)
    q.add_argument("--packet", metavar="FILE.zip", help="the appeal packet sent with it")
    _json_flag(q)
    q = actions.add_parser(
        "letter",
        parents=[common],
        help="write a route's letter (.txt, .html or .pdf) with its deadline",
        description="Writes the letter of one route of redress, filled from the case and "
        "the archive: pinterest (Pinterest's own appeal), dsa-complaint (EU DSA Art. 20), "
        "out-of-court (EU DSA Art. 21), gdpr (access and portability, GDPR Art. 15 and "
        "20) or ftc (US Federal Trade Commission).",
    )
    q.add_argument("case", type=_case_number, metavar="CASE")
    q.add_argument("--route", required=True, choices=CASE_ROUTES)
    q.add_argument("--out", required=True, metavar="FILE", help="FILE.txt, FILE.html or FILE.pdf")
    q.add_argument("--name", help="your name, to sign the letter")
    q.add_argument("--email", help="the e-mail address to answer to")
    q.add_argument(
        "--statement",
        metavar="FILE",
        help="your own words on why the decision is wrong (a text file), in the letter",
    )
    _json_flag(q)
    q = actions.add_parser(
        "ics", parents=[common], help="the case's deadlines as a calendar file with reminders"
    )
    q.add_argument("case", type=_case_number, metavar="CASE")
    q.add_argument("--out", required=True, metavar="FILE.ics")
    _json_flag(q)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="creator-backup",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}")
    _global_options(parser, defaults=True)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    _add_sandbox(commands, common)

    p = commands.add_parser("login", parents=[common], help="connect a Pinterest account")
    p.add_argument(
        "--access-token-stdin",
        action="store_true",
        help="read an access token from standard input instead of the browser",
    )
    p.add_argument("--app-id", help="your Pinterest app's id (browser login)")
    p.add_argument(
        "--client-credentials",
        action="store_true",
        help="log in with your app's own login, without a browser: connects the account "
        "that owns the app (yours, if you made it)",
    )
    _app_secret_flag(p)
    p.add_argument(
        "--write", action="store_true", help="also ask for the write permissions that restore needs"
    )
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="print the address to open instead of opening a browser",
    )
    p.add_argument(
        "--store-token-in-file",
        action="store_true",
        help="keep the login in a file only your user can read (no keyring)",
    )
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the browser")
    _json_flag(p)

    p = commands.add_parser(
        "check-app",
        parents=[common],
        help="check a Pinterest app: its secret, permissions, access and redirect URIs",
    )
    p.add_argument("--app-id", help="your Pinterest app's id")
    _app_secret_flag(p)
    _json_flag(p)

    p = commands.add_parser("logout", parents=[common], help="forget a connected account")
    _json_flag(p)
    p = commands.add_parser("accounts", parents=[common], help="list connected accounts")
    _json_flag(p)
    p = commands.add_parser("whoami", parents=[common], help="show the connected account")
    _json_flag(p)

    p = commands.add_parser("backup", parents=[common], help="take a snapshot of the account")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument(
        "--quick",
        action="store_true",
        help="fewer requests (for Trial access): leave out boards whose counts did not "
        "change; they are reported as not checked",
    )
    kind.add_argument(
        "--full",
        action="store_true",
        help="list every board (the default; only new files are downloaded)",
    )
    p.add_argument("--no-media", action="store_true", help="metadata only")
    p.add_argument(
        "--no-timestamp",
        action="store_true",
        help="do not ask time-stamp authorities to stamp this snapshot (the setting "
        "turns them off for good; CREATOR_BACKUP_TSA_URLS names the authorities)",
    )
    p.add_argument(
        "--workers",
        type=_worker_count,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"media downloads at once, 1 to {MAX_WORKERS} (default {DEFAULT_WORKERS}; fewer "
        "on a slow or shared connection)",
    )
    p.add_argument(
        "--all-accounts",
        action="store_true",
        help="back up every connected account, one after another (scheduled backups)",
    )
    p.add_argument(
        "--skip-if-busy",
        action="store_true",
        help="if another backup is writing the archive, skip it quietly instead of failing",
    )
    p.add_argument(
        "--within-budget",
        action="store_true",
        help="with Trial access, skip quietly when today's requests left cannot pay for "
        "the backup and one already ran today (scheduled backups)",
    )
    _json_flag(p)

    p = commands.add_parser(
        "budget",
        parents=[common],
        help="the day's requests Pinterest allows the app, and the next backup's estimate",
    )
    _json_flag(p)

    p = commands.add_parser("snapshots", parents=[common], help="list snapshots")
    _json_flag(p)

    p = commands.add_parser("diff", parents=[common], help="what was lost between snapshots")
    p.add_argument("from_snapshot", nargs="?", metavar="FROM")
    p.add_argument("to_snapshot", nargs="?", metavar="TO")
    p.add_argument("--live", action="store_true", help="compare with the live account")
    _json_flag(p)

    p = commands.add_parser("verify", parents=[common], help="check the archive's integrity")
    depth = p.add_mutually_exclusive_group()
    depth.add_argument("--read-data", action="store_true", help="re-hash every media file")
    depth.add_argument("--subset", metavar="N/M", help="re-hash a rotating part")
    _json_flag(p)

    p = commands.add_parser("appeal", parents=[common], help="build an appeal packet")
    p.add_argument("--out", required=True, metavar="FILE.zip")
    p.add_argument("--from", dest="from_snapshot", metavar="SNAP")
    p.add_argument("--to", dest="to_snapshot", metavar="SNAP")
    p.add_argument("--all", action="store_true", help="everything in the baseline snapshot")
    p.add_argument("--statement", metavar="FILE")
    p.add_argument("--contact-name")
    p.add_argument("--contact-email")
    p.add_argument("--case-ref")
    p.add_argument("--max-size", type=float, metavar="MB")
    p.add_argument(
        "--no-timestamp",
        action="store_true",
        help="do not ask time-stamp authorities to stamp this packet (the snapshots' own "
        "stamps are still included; the setting turns stamping off for good)",
    )
    p.add_argument(
        "--sign",
        action="store_true",
        help="sign the packet with your own key (made on first use; see signing-key)",
    )
    _key_file_flag(p)
    _readable_flag(p, "the packet")
    _json_flag(p)

    p = commands.add_parser(
        "verify-packet",
        parents=[common],
        help="check an appeal packet: the bag, and what each time stamp proves",
    )
    p.add_argument("packet", metavar="FILE.zip")
    _json_flag(p)

    p = commands.add_parser(
        "signing-key",
        parents=[common],
        help="your key for signing appeal packets: show it, make it, or forget it",
    )
    p.add_argument("action", choices=("show", "make", "forget"))
    _key_file_flag(p)
    _json_flag(p)

    p = commands.add_parser(
        "match-originals",
        parents=[common],
        help="find which archived pins your own picture files are (proof of authorship)",
        description="Compare the pictures in FOLDER (JPEG, PNG, WebP; HEIC where Qt reads "
        "it) with the archived ones by perceptual hash; the matches go into appeal packets.",
    )
    p.add_argument("folder", metavar="FOLDER", help="the folder holding your originals")
    _json_flag(p)

    p = commands.add_parser("restore", parents=[common], help="put back what is missing")
    p.add_argument("--dry-run", action="store_true", help="only show the plan")
    p.add_argument("--from", dest="from_snapshot", metavar="SNAP")
    p.add_argument(
        "--board", action="append", metavar="ID", default=[], help="only this board (repeatable)"
    )
    p.add_argument(
        "--yes",
        action="store_true",
        help="go on with Trial access, although restored content is then visible only to you",
    )
    _json_flag(p)

    p = commands.add_parser(
        "import-export", parents=[common], help="import Pinterest's own data export"
    )
    p.add_argument("file", metavar="FILE", help="the export's ZIP file, or its HTML page")
    p.add_argument("--no-media", action="store_true", help="do not download the pictures")
    p.add_argument(
        "--cdn", metavar="URL", help="where the pictures are fetched from (default Pinterest's)"
    )
    _json_flag(p)

    p = commands.add_parser("export-html", parents=[common], help="write an offline site")
    p.add_argument("--out", required=True, metavar="DIR")
    _readable_flag(p, "the site")
    _json_flag(p)

    p = commands.add_parser("demo", parents=[common], help="run the demo story headless")
    _json_flag(p)

    p = commands.add_parser("schedule", parents=[common], help="scheduled backups")
    p.add_argument("action", choices=["install", "remove", "status"])
    p.add_argument(
        "--every",
        type=int,
        choices=[6, 12, 24, 168],
        default=24,
        metavar="HOURS",
        help="hours between backups: 6, 12, 24 or 168 (default 24)",
    )
    _json_flag(p)

    _add_cases(commands, common)

    p = commands.add_parser(
        "report-problem", parents=[common], help="gather the logs and versions into a zip"
    )
    p.add_argument("--out", required=True, metavar="FILE.zip")
    _json_flag(p)

    p = commands.add_parser(
        "check-updates",
        parents=[common],
        help="whether a newer version is out (reads only the latest version number from "
        "the project's releases; sends nothing about you, installs nothing)",
    )
    _json_flag(p)
    return parser
