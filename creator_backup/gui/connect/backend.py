"""What the connect assistant, Overview and the automatic-backups offer ask of the
application layer, in one place. Each runs on a worker thread (the job runner), never on
the window's. The assistant and the pages call these, not the services directly, so what
each call is named in the application layer is known here alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import READ_SCOPES, WRITE_SCOPES
from creator_backup.auth.tokens import app_secret_key
from creator_backup.errors import AppError

NOT_YET = "This way of connecting is not available in this version."


def check_app(app: Application, app_id: str, app_secret: str) -> Any:
    """What Pinterest says of the app: its secret, access, scopes and redirect URIs."""
    raise AppError(NOT_YET)


def login_with_client_credentials(
    app: Application, app_id: str, app_secret: str, storage: str
) -> AccountRecord:
    raise AppError(NOT_YET)


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
    return app.account_service.login_with_browser(
        app_id,
        app_secret,
        open_browser,
        scopes=READ_SCOPES + (WRITE_SCOPES if write else ()),
        storage=storage,
        timeout_s=timeout_s,
        cancelled=cancelled,
        ports=ports,
    )


def login_with_token(app: Application, access_token: str, storage: str) -> AccountRecord:
    return app.account_service.login_with_token(access_token, storage)


def login_health(app: Application, record: AccountRecord) -> Any | None:
    """What the login can see and until when (None: not known)."""
    return None


def saved_secret(app: Application, app_id: str, storage: str) -> str | None:
    return app.account_service.store(storage).get(app_secret_key(app_id))


def default_app(app: Application) -> tuple[str, str] | None:
    return None


def budget_sentence(app: Application, record: AccountRecord) -> str:
    """The app's request budget for today, in a sentence ("" when there is none to tell)."""
    return ""


def health_sentence(app: Application, record: AccountRecord) -> str:
    health = login_health(app, record)
    return str(health.sentence) if health is not None else ""


def install_schedule(app: Application, hours: int) -> str:
    """Turns on backups that run while the app is closed; what happened, in a sentence."""
    raise AppError(NOT_YET)


def schedule_installed(app: Application) -> bool:
    return False
