"""Backups of sandbox accounts into archives in the test's own folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.api.factory import make_client
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.sandbox import Sandbox

RunBackup = Callable[..., BackupResult]


def sandbox_state(sandbox: Sandbox) -> dict[str, Any]:
    body = requests.get(sandbox.origin + "/_sandbox/state", timeout=60).json()
    assert isinstance(body, dict)
    return body


def control(sandbox: Sandbox, path: str, body: dict[str, Any] | None = None) -> None:
    response = requests.post(sandbox.origin + "/_sandbox/" + path, json=body or {}, timeout=30)
    assert response.status_code == 200, response.text


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def do_backup(sandbox: Sandbox, root: Path, **options: Any) -> BackupResult:
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    try:
        with Archive.open(root, identity={"api_base": sandbox.api_base}) as archive:
            return BackupRun(client, archive, BackupOptions(**options)).run()
    finally:
        client.close()


def db(root: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(root / "archive.sqlite")
    conn.row_factory = sqlite3.Row
    return conn
