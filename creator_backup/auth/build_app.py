"""A Pinterest app a build may carry, for people who have no app of their own (as rclone
ships its own client id): `build_app.json` next to this package's modules, absent from
the source, added by a packager (packaging/README.md). A build that keeps it elsewhere
names the file in CREATOR_BACKUP_BUILD_APP.

Its secret is not secret from anyone who has the build: whoever unpacks it can read it,
and with it Pinterest's client_credentials grant gives a token for the account that owns
the app. So the app is used for browser logins only, where each person approves their
own account (application/connect.py refuses its own login), and a packager owns it from
an empty account made for it alone."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from creator_backup.logsetup import SECRETS

log = logging.getLogger(__name__)

BUILD_APP_FILE = "build_app.json"
BUILD_APP_ENV = "CREATOR_BACKUP_BUILD_APP"


@dataclass(frozen=True)
class BuildApp:
    app_id: str
    app_secret: str = field(repr=False)


def _text(env: Mapping[str, str]) -> str | None:
    named = env.get(BUILD_APP_ENV)
    try:
        if named:
            return Path(named).read_text("utf-8")
        resource = resources.files("creator_backup").joinpath(BUILD_APP_FILE)
        return resource.read_text("utf-8") if resource.is_file() else None
    except OSError as exc:
        log.warning("the build's Pinterest app could not be read: %s", type(exc).__name__)
        return None


def load_build_app(env: Mapping[str, str]) -> BuildApp | None:
    """The build's app, or None when there is none or it cannot be read (a broken file
    must not stop the app: people can still give their own)."""
    text = _text(env)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        log.warning("the build's Pinterest app file is not JSON; it is not used")
        return None
    app_id = data.get("app_id") if isinstance(data, dict) else None
    secret = data.get("app_secret") if isinstance(data, dict) else None
    if not (isinstance(app_id, str) and app_id.isdigit() and isinstance(secret, str) and secret):
        log.warning("the build's Pinterest app file lacks an app_id or app_secret; not used")
        return None
    SECRETS.add(secret)
    return BuildApp(app_id, secret)
