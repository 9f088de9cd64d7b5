"""What the connect assistant, Overview and the automatic-backups offer ask of the
application layer, in one place. Each runs on a worker thread (the job runner), never on
the window's. The assistant and the pages call these, not the services directly, so what
each call is named in the application layer is known here alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord

if TYPE_CHECKING:
    from creator_backup.application.connect import AppCheck, LoginApp, LoginHealth


def check_app(app: Application, app_id: str, app_secret: str) -> AppCheck:
    """What Pinterest says of the app: its secret, access, scopes and redirect URIs."""
    return app.connect.check_app(app_id, app_secret)


def login_with_client_credentials(
    app: Application, app_id: str, app_secret: str, storage: str, *, write: bool
) -> AccountRecord:
    return app.connect.login_with_client_credentials(app_id, app_secret, storage, write=write)


def login_with_browser(
    app: Application,
    app_id: str,
    app_secret: str,
    open_browser: Callable[[str], object],
    *,
    write: bool,
    storage: str,
    timeout_s: float,
    cancelled: Callable[[], bool],
    ports: tuple[int, ...] | None,
) -> AccountRecord:
    return app.connect.login_with_browser(
        app_id, app_secret, open_browser, write=write, storage=storage, timeout_s=timeout_s,
        cancelled=cancelled, ports=ports,
    )  # fmt: skip


def login_with_token(app: Application, access_token: str, storage: str) -> AccountRecord:
    return app.connect.login_with_token(access_token, storage)


def login_health(app: Application, record: AccountRecord) -> LoginHealth:
    """What the login can see and until when."""
    return app.connect.login_health(record)


def login_app(app: Application, app_id: str, typed_secret: str, storage: str) -> LoginApp | None:
    """The app a login or a check goes through and its secret, chosen as the CLI's are
    (Connect.login_app): the secret typed, else the one kept for the app in `storage`."""
    return app.connect.login_app(app_id, typed_secret, (storage,))


def secret_kept(app: Application, app_id: str, storage: str) -> bool:
    """Whether a secret of this app is kept in `storage` (SecretStoreError if that store
    cannot be read)."""
    return bool(app.connect.saved_secret(app_id, storage))


def forget_secret(app: Application, app_id: str, storage: str) -> None:
    app.connect.forget_secret(app_id, storage)


def build_app_id(app: Application) -> str | None:
    """The id of the Pinterest app this build carries, or None."""
    chosen = app.connect.login_app(None)
    return None if chosen is None else chosen.app_id


def health_sentence(app: Application, record: AccountRecord) -> str:
    return login_health(app, record).sentence


def budget_sentence(app: Application, record: AccountRecord) -> str:
    """The app's request budget for today, in a sentence ("" when there is none to tell)."""
    return app.backups.budget(record).sentence


def install_schedule(app: Application, hours: int) -> str:
    """Turns on backups that run while the app is closed; what happened, in a sentence."""
    return app.schedules.install(hours).sentence


def schedule_installed(app: Application) -> bool:
    return app.schedules.status().installed


def remove_schedule(app: Application) -> str:
    """Turns backups while the app is closed off again; what happened, in a sentence."""
    return app.schedules.remove().sentence
