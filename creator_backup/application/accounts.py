"""Connected accounts, archives without a login, and the login a run goes through."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import AccountUnavailable
from creator_backup.api.models import Account
from creator_backup.application.archives import Archives
from creator_backup.application.budget import Budgets
from creator_backup.archive.locate import DB_NAME, recorded_identity
from creator_backup.archive.relocate import archive_folders
from creator_backup.auth.accounts import ARCHIVE_ONLY, AccountRecord
from creator_backup.auth.service import AccountService
from creator_backup.errors import AppError, NotLoggedInError
from creator_backup.logsetup import SECRETS


@dataclass
class Login:
    """A client for one run, and the account this computer knows it by. `record` is None
    for a token given in the environment that matches no connected account."""

    client: PinterestClient
    record: AccountRecord | None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Login:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Accounts:
    """Who can be backed up and read, on one API."""

    def __init__(
        self, service: AccountService, archives: Archives, budgets: Budgets | None = None
    ) -> None:
        self.service = service
        self.api_base = service.api_base.rstrip("/")
        self.archives = archives
        # Every login's client spends from its app's day's budget (Trial access).
        self.budgets = budgets or Budgets(service.config_dir, self.api_base, service.clock)

    def connected(self) -> list[AccountRecord]:
        return [r for r in self.service.registry.load() if r.api_base == self.api_base]

    def shown(self) -> list[AccountRecord]:
        """The connected accounts, then every other archive of this API on this computer
        (an imported data export, a disconnected account), which can still be browsed,
        compared and documented in an appeal packet."""
        connected = self.connected()
        roots = {self.archives.root(r) for r in connected}
        others = self._archives_without_login()
        return connected + [r for r in others if self.archives.root(r) not in roots]

    def shown_at(self, root: Path) -> AccountRecord | None:
        """The shown account whose archive is the folder `root` (where an import wrote),
        or None."""
        return next((r for r in self.shown() if self.archives.root(r) == root), None)

    def _archives_without_login(self, any_api: bool = False) -> Iterator[AccountRecord]:
        for folder in archive_folders(self.archives.archives_dir):
            username, api_base = recorded_identity(folder, DB_NAME)
            if not any_api and api_base is not None and api_base.rstrip("/") != self.api_base:
                continue  # another API's archive (the sandbox's, say): not this one's
            yield AccountRecord(username or folder.name, folder.name, self.api_base, None,
                                ARCHIVE_ONLY)  # fmt: skip

    def choose(self, username: str | None) -> AccountRecord:
        """The connected account named, else the only one connected."""
        return self.service.registry.pick(self.api_base, username)

    def choose_offline(self, username: str | None) -> AccountRecord:
        """The account whose archive to read with no network: the connected one named (or
        the only one), else, with none connected, the only archive there is (reading needs
        no API, so an archive another API made will do)."""
        try:
            return self.choose(username)
        except NotLoggedInError:
            others = [
                r for r in self._archives_without_login(any_api=True)
                if username is None or r.username == username
            ]  # fmt: skip
            if len(others) != 1:
                raise
            return others[0]

    def login(self, record: AccountRecord) -> Login:
        if record.archive_only:
            raise NotLoggedInError(
                f"{record.username}'s archive has no login on this computer: connect the "
                "account in Settings to reach Pinterest."
            )
        client = self.service.client_for(record)
        client.use_budget(self.budgets.for_login(record))
        return Login(client, record)

    def login_with_token(self, access_token: str, username: str | None) -> Login:
        """A token from the environment (headless and scheduled runs): used, never
        stored. Its account is known only once Pinterest answers; until then the archive
        it is believed to belong to (the connected account, else the one archive that
        records this very API) only serves to note an account found unavailable. With no
        such archive nothing is noted: evidence never goes into a guessed archive of
        another API."""
        SECRETS.add(access_token)
        record = self.record_for_token(username)
        client = self.service.client_from_env(access_token)
        client.use_budget(self.budgets.for_login(record))
        return Login(client, record)

    def record_for_token(self, username: str | None) -> AccountRecord | None:
        """The account a token from the environment is believed to belong to, before
        Pinterest says: the connected account (named, or the only one), else the one
        archive that records this very API; None when there is no such one."""
        try:
            return self.choose(username)
        except AppError:
            mine = [
                r for r in self._archives_without_login(any_api=True)
                if self._recorded_api(r) == self.api_base
                and (username is None or r.username == username)
            ]  # fmt: skip
            return mine[0] if len(mine) == 1 else None

    def _recorded_api(self, record: AccountRecord) -> str | None:
        api_base = recorded_identity(self.archives.root(record), DB_NAME)[1]
        return api_base.rstrip("/") if api_base else None

    def live_account(self, login: Login) -> Account:
        """Who the login is on Pinterest now. An account found unavailable is noted in
        its archive (when it has one) before the error goes on: that is evidence."""
        try:
            return login.client.get_account()
        except AccountUnavailable as exc:
            self.archives.remember_unavailable(login.record, exc)
            raise

    def fetch_account(self, record: AccountRecord) -> Account:
        with self.login(record) as login:
            return self.live_account(login)
