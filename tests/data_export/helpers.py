"""Exports built from what a sandbox account really holds, and table counts to compare."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from creator_backup.archive.store import Archive
from tests.data_export.exports import ExportPin, pin

TABLES = (
    "snapshots", "objects", "versions", "sightings", "version_media", "export_entries",
    "field_sources", "export_sections", "media",
)  # fmt: skip
IP = "198.51.100.23"


def signature(raw: dict[str, Any]) -> str:
    """The sandbox picture's key, as an export would carry it (its CDN "signature")."""
    url = str(raw["media"]["images"]["600x"]["url"])
    return url.rsplit("/", 1)[1].split(".")[0]


def api_pins(root: Path) -> dict[str, dict[str, Any]]:
    with Archive.open(root, write=False) as archive:
        last = archive.last_complete()
        assert last is not None
        return {k: v.raw for k, v in archive.objects_in(last.id, "pin").items()}


def export_of(pins: dict[str, dict[str, Any]], username: str, **alive: str) -> list[ExportPin]:
    """An export naming these archived pins, each with an IP address and `Alive` as given
    by id (default True)."""
    out = []
    for pin_id, raw in sorted(pins.items()):
        out.append(
            pin(
                pin_id,
                title=f"export title {pin_id}",
                details=str(raw.get("description") or ""),
                image=signature(raw) if raw.get("media", {}).get("images") else "",
                board_id=str(raw.get("board_id") or ""),
                board_name="",
                ip=IP,
                username=username,
                alive=alive.get(f"p{pin_id}", "True"),
            )
        )
    return out


def counts(root: Path) -> dict[str, int]:
    conn = sqlite3.connect(root / "archive.sqlite")
    try:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # noqa: S608
    finally:
        conn.close()
