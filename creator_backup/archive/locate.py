"""Where an account's archive lives. Only ids are used to build the path: Pinterest text
(names, titles) never becomes part of a file path."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.identity import username_of_key

DB_NAME = "archive.sqlite"  # the archive's database, in its folder


def username_archive_name(api_base: str, username: str) -> str:
    """The folder of an archive known only by its username: a hash, never the name. The
    first backup that learns the account's id adopts it (data_export.service)."""
    tag = hashlib.sha256(f"{api_base.rstrip('/')}|{username.casefold()}".encode()).hexdigest()
    return f"export-{tag[:12]}"


def archive_root(archives_dir: Path, api_base: str, account_id: str) -> Path:
    username = username_of_key(account_id)
    if username is not None:
        return archives_dir / username_archive_name(api_base, username)
    if not account_id.isdigit() or not account_id.isascii():
        raise ValueError(f"not a Pinterest account id: {account_id!r}")
    base = api_base.rstrip("/")
    if base == PINTEREST_API_BASE:
        return archives_dir / account_id
    # Another API (the sandbox, a test server): its own folder, never mixed with the real one.
    tag = hashlib.sha256(base.encode("utf-8")).hexdigest()[:10]
    return archives_dir / f"{account_id}-{tag}"


def recorded_identity(root: Path, db_name: str = DB_NAME) -> tuple[str | None, str | None]:
    """(username, api_base) an archive records about its account, read without taking its
    lock or changing it; (None, None) when there is no readable archive there."""
    path = root / db_name
    if not path.is_file():
        return None, None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None, None
    try:
        rows = dict(
            conn.execute(
                "SELECT key, value FROM meta WHERE key IN ('username', 'api_base')"
            ).fetchall()
        )
    except sqlite3.Error:
        return None, None
    finally:
        conn.close()
    return rows.get("username"), rows.get("api_base")
