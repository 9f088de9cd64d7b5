"""`login`, `check-app`, `logout`, `accounts` and `whoami`."""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser
from dataclasses import asdict, replace

from creator_backup.application.connect import AppCheck, LoginApp
from creator_backup.auth.oauth import redirect_uris
from creator_backup.auth.secrets import keyring_status
from creator_backup.auth.service import ENV_TOKEN
from creator_backup.cli.context import CommandContext
from creator_backup.cli.hints import keyring_sentence
from creator_backup.cli.output import emit_json, say, warn
from creator_backup.errors import ExitCode, UsageError
from creator_backup.logsetup import SECRETS

# Gives the app secret to `login` and `check-app` without a prompt (scripts, CI).
APP_SECRET_ENV = "CREATOR_BACKUP_APP_SECRET"  # noqa: S105 (a variable's name, not a secret)
STORAGES = ("keyring", "file")
REGISTERED = {
    True: "registered",
    False: "not registered",
    None: "cannot be told before a browser login",
}


def _read_stdin_secret(what: str) -> str:
    value = sys.stdin.readline().strip()
    if not value:
        raise UsageError(f"No {what} was given on standard input.")
    SECRETS.add(value)
    return value


def _given_secret(context: CommandContext, args: argparse.Namespace) -> str:
    """The secret given to this command: on standard input, else in the environment."""
    if args.app_secret_stdin:
        return _read_stdin_secret("app secret")
    given = context.env.get(APP_SECRET_ENV, "").strip()
    SECRETS.add(given)
    return given


def _asked_secret() -> str:
    """The secret asked for in a terminal (not shown), when none was given or saved."""
    if sys.stdin.isatty():
        secret = getpass.getpass("Your Pinterest app's secret (not shown): ").strip()
        if secret:
            SECRETS.add(secret)
            return secret
    raise UsageError(
        "The app secret is needed once: give it with --app-secret-stdin or in "
        f"{APP_SECRET_ENV}, or run this in a terminal to be asked for it."
    )


def _app(
    context: CommandContext, args: argparse.Namespace, storages: tuple[str, ...]
) -> LoginApp | None:
    """The app named with --app-id, its secret given (standard input, then the
    environment), else saved, else asked for; else the one this build carries; else None.
    Which, and where its secret comes from, is the application's decision
    (Connect.login_app); asking is this face's. Never printed."""
    given = _given_secret(context, args) if args.app_id else ""
    app = context.app.connect.login_app(args.app_id, given, storages)
    if app is not None and not app.app_secret:
        return replace(app, app_secret=_asked_secret())
    return app


def login(context: CommandContext, args: argparse.Namespace) -> int:
    storage = "file" if args.store_token_in_file else "keyring"
    connect = context.app.connect
    if args.store_token_in_file:
        print(
            "Warning: the login will be kept in a plain file readable only by your user "
            f"({context.accounts.config_dir / 'tokens.json'}), not in the system keyring.",
            file=sys.stderr,
        )
    if args.access_token_stdin and args.client_credentials:
        raise UsageError("Give either --access-token-stdin or --client-credentials, not both.")
    if args.access_token_stdin:
        record = connect.login_with_token(_read_stdin_secret("access token"), storage)
    else:
        app = _app(context, args, (storage,))
        if app is None and args.client_credentials:
            raise UsageError("Your app's own login needs your Pinterest app's id (--app-id).")
        if app is None:
            uris = "\n  ".join(redirect_uris())
            raise UsageError(
                "Browser login needs your Pinterest app's id (--app-id). Register these exact "
                f"redirect URIs for the app on Pinterest's developer site:\n  {uris}"
            )
        app_id, secret = app.app_id, app.app_secret
        if args.client_credentials:
            record = connect.login_with_client_credentials(
                app_id, secret, storage, write=args.write
            )
        else:

            def open_browser(url: str) -> None:
                print(f"Open this address to log in to Pinterest:\n  {url}", file=sys.stderr)
                if not args.no_browser:
                    webbrowser.open(url)

            record = connect.login_with_browser(
                app_id,
                secret,
                open_browser,
                write=args.write,
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
                "login_method": record.method,
            }
        )
    else:
        say(f"Connected as {record.username}.")
    return 0


def check_app(context: CommandContext, args: argparse.Namespace) -> int:
    app = _app(context, args, STORAGES)
    if app is None:
        raise UsageError("Checking an app needs your Pinterest app's id (--app-id).")
    check = context.app.connect.check_app(app.app_id, app.app_secret)
    if args.json:
        emit_json(asdict(check))
    else:
        _say_check(check)
    if check.secret_ok is False:
        return ExitCode.AUTH
    return ExitCode.OK if check.secret_ok else ExitCode.UNEXPECTED


def _say_check(check: AppCheck) -> None:
    works = {True: "work", False: "are refused", None: "could not be checked"}[check.secret_ok]
    owner = f" (the app of {check.owner})" if check.owner else ""
    say(f"App {check.app_id}: its id and secret {works}{owner}.")
    if check.secret_ok:
        say(f"Access: {check.access}")
        say(f"Permissions: {', '.join(check.scopes) or 'none'}")
        if check.missing_scopes:
            say(f"Missing: {', '.join(check.missing_scopes)}")
    say("Redirect URIs:")
    for uri, registered in check.redirects.items():
        say(f"  {uri}  {REGISTERED[registered]}")
    say(check.sentence)


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
                        "login_method": r.method,
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
    login = context.login()
    account = context.app.accounts.live_account(login)
    # The saved login's health; a token from the environment is used, never saved, and
    # Pinterest does not say its permissions.
    saved = login.record is not None and not context.env.get(ENV_TOKEN)
    health = context.app.connect.login_health(login.record) if saved and login.record else None
    if args.json:
        emit_json(
            {
                "account": account.raw,
                "scopes": list(health.scopes if health else login.client.granted_scopes),
                "missing_scopes": list(health.missing_scopes if health else ()),
                "secret_content_backed_up": health.secret_content_backed_up if health else None,
                "renewable": health.renewable if health else False,
                "relogin_by": health.relogin_by if health else None,
            }
        )
    else:
        say(account.username)
        if health and health.sentence:
            warn(health.sentence)  # on stderr: stdout stays the name alone, for scripts
    return 0
