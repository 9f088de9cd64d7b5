"""`login`, `logout`, `accounts` and `whoami`."""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser

from creator_backup.auth.oauth import READ_SCOPES, WRITE_SCOPES, redirect_uris
from creator_backup.auth.secrets import keyring_status
from creator_backup.auth.tokens import app_secret_key
from creator_backup.cli.context import CommandContext
from creator_backup.cli.hints import keyring_sentence
from creator_backup.cli.output import emit_json, say
from creator_backup.errors import UsageError
from creator_backup.logsetup import SECRETS


def _read_stdin_secret(what: str) -> str:
    value = sys.stdin.readline().strip()
    if not value:
        raise UsageError(f"No {what} was given on standard input.")
    SECRETS.add(value)
    return value


def _app_secret(
    context: CommandContext, args: argparse.Namespace, app_id: str, storage: str
) -> str:
    if args.app_secret_stdin:
        return _read_stdin_secret("app secret")
    saved = context.accounts.store(storage).get(app_secret_key(app_id))
    if saved:
        SECRETS.add(saved)
        return saved
    if sys.stdin.isatty():
        secret = getpass.getpass("Your Pinterest app's secret (not shown): ").strip()
        if secret:
            SECRETS.add(secret)
            return secret
    raise UsageError(
        "The app secret is needed once: give it with --app-secret-stdin, or run this in a "
        "terminal to be asked for it."
    )


def login(context: CommandContext, args: argparse.Namespace) -> int:
    storage = "file" if args.store_token_in_file else "keyring"
    service = context.accounts
    if args.store_token_in_file:
        print(
            "Warning: the login will be kept in a plain file readable only by your user "
            f"({service.config_dir / 'tokens.json'}), not in the system keyring.",
            file=sys.stderr,
        )
    if args.access_token_stdin:
        record = service.login_with_token(_read_stdin_secret("access token"), storage)
    else:
        if not args.app_id:
            uris = "\n  ".join(redirect_uris())
            raise UsageError(
                "Browser login needs your Pinterest app's id (--app-id). Register these exact "
                f"redirect URIs for the app on Pinterest's developer site:\n  {uris}"
            )
        secret = _app_secret(context, args, args.app_id, storage)
        scopes = READ_SCOPES + (WRITE_SCOPES if args.write else ())

        def open_browser(url: str) -> None:
            print(f"Open this address to log in to Pinterest:\n  {url}", file=sys.stderr)
            if not args.no_browser:
                webbrowser.open(url)

        record = service.login_with_browser(
            args.app_id,
            secret,
            open_browser,
            scopes=scopes,
            storage=storage,
            timeout_s=args.timeout,
        )
    if args.json:
        emit_json(
            {
                "username": record.username,
                "account_id": record.account_id,
                "api_base": record.api_base,
                "storage": record.storage,
            }
        )
    else:
        say(f"Connected as {record.username}.")
    return 0


def logout(context: CommandContext, args: argparse.Namespace) -> int:
    service = context.accounts
    record = service.registry.pick(context.api_base, context.account_name)
    service.logout(record)
    if args.json:
        emit_json({"logged_out": record.username, "api_base": record.api_base})
    else:
        say(f"Logged out {record.username}; its archive stays where it is.")
    return 0


def accounts(context: CommandContext, args: argparse.Namespace) -> int:
    records = context.accounts.registry.load()
    usable, sentence = keyring_status()
    if args.json:
        emit_json(
            {
                "accounts": [
                    {
                        "username": r.username,
                        "account_id": r.account_id,
                        "api_base": r.api_base,
                        "storage": r.storage,
                    }
                    for r in records
                ],
                "keyring": {"usable": usable, "status": sentence},
            }
        )
        return 0
    if not records:
        say("No account is connected yet; run `creator-backup login`.")
    for r in records:
        where = "" if r.api_base == context.api_base else f"  ({r.api_base})"
        say(f"{r.username}{where}")
    say(keyring_sentence(sentence))
    return 0


def whoami(context: CommandContext, args: argparse.Namespace) -> int:
    account = context.app.accounts.live_account(context.login())
    if args.json:
        emit_json({"account": account.raw})
    else:
        say(account.username)
    return 0
