"""The connected Pinterest accounts: who they are and where their login is kept.

Secrets never go in this file: it holds names, ids and the app id only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from creator_backup.atomic import write_text_durably
from creator_backup.errors import NotLoggedInError, UsageError

ARCHIVE_ONLY = "archive"
# How a login was made, which decides how it is renewed.
BY_BROWSER = "browser"  # authorization code: renewed with its refresh token
BY_APP = "client_credentials"  # the app owner's token: renewed by asking again
BY_TOKEN = "token"  # noqa: S105 (a name, not a secret) pasted: never renewed


class NotConnected(NotLoggedInError):
    """No account is connected here, or not the one named."""


class SeveralAccounts(UsageError):
    """Several accounts are connected and none was named."""


@dataclass(frozen=True)
class AccountRecord:
    username: str
    account_id: str
    api_base: str
    app_id: str | None
    storage: str  # "keyring" or "file"; ARCHIVE_ONLY for an archive with no login
    # BY_APP; "" where the app id tells the method, and in accounts saved before it was
    # kept (see method and method_kept).
    login_method: str = ""

    @property
    def method(self) -> str:
        """How the login was made; an older record says by its app id: a browser login
        had one, a pasted token none."""
        if self.login_method:
            return self.login_method
        return BY_BROWSER if self.app_id else BY_TOKEN

    @property
    def key(self) -> str:
        # Accounts on different API bases (Pinterest, the sandbox) never share a login.
        if self.archive_only:
            return f"{self.api_base}|archive:{self.account_id}"
        return f"{self.api_base}|{self.username}"

    @property
    def archive_only(self) -> bool:
        """An archive on this computer with no login: made from Pinterest's data export,
        or kept after its account was disconnected. It can be read, not backed up."""
        return self.storage == ARCHIVE_ONLY


def method_kept(app_id: str | None, method: str) -> str:
    """The login_method a record keeps: "" where its app id tells it (see
    AccountRecord.method), so that it is kept only for the app's own login. A release
    before it was kept loads accounts.json with AccountRecord(**record), which fails on a
    key it does not know: a browser login or a pasted token is written with exactly the
    keys it knew (the same folder may serve an older scheduled install, or the app after a
    downgrade)."""
    return "" if method == (BY_BROWSER if app_id else BY_TOKEN) else method


def _written(record: AccountRecord) -> dict[str, object]:
    body = asdict(record)
    if not method_kept(record.app_id, record.login_method):
        del body["login_method"]
    return body


class AccountRegistry:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[AccountRecord]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return []
        except ValueError as exc:
            raise UsageError(f"The accounts file {self.path} is damaged.") from exc
        records = data.get("accounts", []) if isinstance(data, dict) else []
        # Keys a newer version added are left out: its accounts still load here.
        known = {f.name for f in fields(AccountRecord)}
        return [
            AccountRecord(**{k: v for k, v in record.items() if k in known})
            for record in records
            if isinstance(record, dict)
        ]

    def _save(self, records: list[AccountRecord]) -> None:
        write_text_durably(
            self.path, json.dumps({"accounts": [_written(r) for r in records]}, indent=2)
        )

    def add(self, record: AccountRecord) -> None:
        records = [r for r in self.load() if r.key != record.key]
        records.append(record)
        self._save(records)

    def learn_id(self, api_base: str, username: str, account_id: str) -> None:
        """The id Pinterest now gives an account that a login recorded without one (keyed
        by its username): kept, so the archive is found where the first backup with the id
        moved it."""
        base = api_base.rstrip("/")
        records = self.load()
        changed = [
            replace(r, account_id=account_id)
            if r.api_base == base
            and r.username == username
            and r.account_id != account_id
            and not r.archive_only
            else r
            for r in records
        ]
        if changed != records:
            self._save(changed)

    def remove(self, record: AccountRecord) -> None:
        self._save([r for r in self.load() if r.key != record.key])

    def pick(self, api_base: str, username: str | None) -> AccountRecord:
        """The account to act on: the one named, else the only one on this API base."""
        here = [r for r in self.load() if r.api_base == api_base.rstrip("/")]
        if username is not None:
            for record in here:
                if record.username == username:
                    return record
            raise NotConnected(f"No account named {username!r} is connected.")
        if not here:
            raise NotConnected("No Pinterest account is connected.")
        if len(here) > 1:
            names = ", ".join(sorted(r.username for r in here))
            raise SeveralAccounts(f"Several accounts are connected ({names}); choose one.")
        return here[0]
