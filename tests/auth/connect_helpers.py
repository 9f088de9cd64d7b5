"""Helpers for the connect tests (issue 19): an Application on a sandbox, and what the
sandbox says about the token requests it answered."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import requests

from creator_backup.application.app import Application
from creator_backup.auth.oauth import TokenSet
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox

from .helpers import TIMEOUT

TOKEN_CALLS = "POST /v5/oauth/token"


def application(
    tmp_path: Path,
    sandbox: Sandbox,
    env: dict[str, str] | None = None,
    on_sandbox_time: bool = False,
) -> Application:
    """The application on this sandbox; `on_sandbox_time`: its clock is the sandbox's, so
    moving the sandbox's clock moves the app's too (else only Pinterest's time moves, as
    when the computer's clock is wrong)."""
    clock = sandbox.clock if on_sandbox_time else time.time
    return Application(
        AppPaths.resolve(tmp_path / "home", {}), sandbox.api_base, env or {}, clock=clock
    )


def owner_token_for(sandbox: Sandbox, scopes: str) -> dict[str, Any]:
    """The app owner's token, asked for by the test itself."""
    response = requests.post(
        sandbox.api_base + "/oauth/token",
        data={"grant_type": "client_credentials", "scope": scopes},
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=TIMEOUT,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def generator_token(sandbox: Sandbox) -> str:
    """A token as the developer site's token generator gives it (no secret scopes)."""
    response = requests.post(sandbox.origin + "/_sandbox/tokens/generator", timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def scoped_token(sandbox: Sandbox, scopes: list[str]) -> str:
    response = requests.post(
        sandbox.origin + "/_sandbox/tokens", json={"scopes": scopes}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def tokens_in(app: Application, key: str, storage: str = "keyring") -> TokenSet:
    raw = app.account_service.store(storage).get(f"tokens:{key}")
    assert raw is not None
    return TokenSet.from_json(json.loads(raw))
