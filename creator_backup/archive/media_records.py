"""The archive's records of media: which URL served which stored file, what failed, and
which files still need fetching."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from creator_backup.archive.base import ArchiveConnection
from creator_backup.archive.media_store import DAMAGED_DIR, fsync_file, hash_file
from creator_backup.archive.media_types import EXTENSIONS
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import utc_now
from creator_backup.atomic import replace_file

log = logging.getLogger(__name__)

# Why a stored file is asked for again: kept in its URLs' error, for the log and History.
LOST_FILE = "the stored file was missing from the archive"

TYPES_BY_EXTENSION = {ext: content_type for content_type, ext in EXTENSIONS.items()}
# The files of present pins still to fetch: never fetched, or failed in a way worth trying
# again ('failed'); not 'ok', nor 'unavailable' (Pinterest no longer serves it: 403, 404,
# 410, not media, over the cap), which no run retries.
MISSING_MEDIA = (
    "FROM objects o JOIN sightings s ON s.id = o.current_sighting "
    "JOIN version_media vm ON vm.version_id = s.version_id "
    "LEFT JOIN media_urls mu ON mu.url = vm.url "
    "WHERE o.kind = 'pin' AND o.missing_since IS NULL "
    "AND (mu.status IS NULL OR mu.status = 'failed') "
    # Pictures of pins only a data export knows are fetched by import-export, on its own
    # CDN: a backup neither retries nor reports them.
    "AND (SELECT kind FROM snapshots WHERE id = o.last_seen) != ?"
)


class MediaRecords(ArchiveConnection):
    def primary_media(self, pin_ids: set[str]) -> dict[str, str]:
        """The sha256 of each pin's main image (its first media file), where stored."""
        rows = self.rows_in(
            "SELECT v.object_id, mu.sha256 FROM versions v "
            "JOIN version_media vm ON vm.version_id = v.id AND vm.position = 0 "
            "JOIN media_urls mu ON mu.url = vm.url AND mu.status = 'ok' "
            "WHERE v.kind = 'pin' AND v.object_id IN ({marks}) ORDER BY v.id",
            sorted(pin_ids),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def stored_media(self, shas: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Each stored file's path (relative to the archive) and content type, by sha256."""
        rows = self.rows_in(
            "SELECT sha256, path, content_type FROM media WHERE sha256 IN ({marks})",
            sorted(set(shas)),
        )
        return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The URLs among `urls` whose content is already stored."""
        return self._urls_with_status(urls, ("ok",))

    def settled_urls(self, urls: Iterable[str]) -> set[str]:
        """The URLs among `urls` no run fetches again: stored ('ok'), or no longer served
        by Pinterest ('unavailable')."""
        return self._urls_with_status(urls, ("ok", "unavailable"))

    def _urls_with_status(self, urls: Iterable[str], statuses: tuple[str, ...]) -> set[str]:
        wanted = ",".join("?" for _ in statuses)
        rows = self.rows_in(
            f"SELECT url FROM media_urls WHERE status IN ({wanted}) AND url IN ({{marks}})",  # noqa: S608 (question marks only)
            urls,
            statuses,
        )
        return {str(r[0]) for r in rows}

    def pins_naming(self, urls: Iterable[str]) -> dict[str, str]:
        """For each of `urls` that a pin version lists as a file, the raw JSON (as stored
        text) of the latest such version: it says what else the file may be fetched from
        (the smaller sizes of an image)."""
        rows = self.rows_in(
            "SELECT vm.url, max(vm.version_id) FROM version_media vm "
            "JOIN versions v ON v.id = vm.version_id AND v.kind = 'pin' "
            "WHERE vm.url IN ({marks}) GROUP BY vm.url",
            dict.fromkeys(urls),
        )
        latest = {str(r[0]): int(r[1]) for r in rows}
        found = self.rows_in(
            "SELECT id, raw FROM versions WHERE id IN ({marks})", sorted(set(latest.values()))
        )
        raws = {int(r[0]): str(r[1]) for r in found}
        return {url: raws[version] for url, version in latest.items() if version in raws}

    def record_media(
        self,
        tx: sqlite3.Connection,
        snapshot_id: int,
        url: str,
        sha256: str,
        size: int,
        content_type: str,
        path: str,
        etag: str | None,
        source_url: str | None = None,
    ) -> None:
        """`url` served the stored file `sha256`; `source_url` names where its bytes came
        from when not from `url` itself (a smaller size of a refused image, the variant
        playlist of an HLS video)."""
        tx.execute(
            "INSERT OR IGNORE INTO media (sha256, size, content_type, path, stored_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (sha256, size, content_type, path, utc_now()),
        )
        tx.execute(
            "INSERT OR REPLACE INTO media_urls "
            "(url, sha256, etag, status, error, snapshot, source_url) "
            "VALUES (?, ?, ?, 'ok', NULL, ?, ?)",
            (url, sha256, etag, snapshot_id, source_url),
        )

    def record_media_failure(
        self,
        tx: sqlite3.Connection,
        snapshot_id: int,
        url: str,
        error: str,
        permanent: bool = False,
    ) -> None:
        """Why `url` gave no file: 'unavailable' when Pinterest no longer serves it (no run
        asks again), else 'failed' (the next run does). A stored file ('ok') is never
        forgotten for a later failure."""
        tx.execute(
            "INSERT INTO media_urls (url, status, error, snapshot) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET status = excluded.status, error = excluded.error, "
            "snapshot = excluded.snapshot WHERE media_urls.status != 'ok'",
            (url, "unavailable" if permanent else "failed", error, snapshot_id),
        )

    def missing_media_urls(self) -> list[str]:
        """URLs of present pins whose content is not stored yet: new, or failed before in
        a way worth trying again (not those Pinterest no longer serves: `unavailable`)."""
        rows = self.conn.execute(
            f"SELECT DISTINCT vm.url {MISSING_MEDIA} ORDER BY vm.url",
            (DATA_EXPORT,),
        )
        return [str(r[0]) for r in rows]

    def count_missing_media(self) -> int:
        row = self.conn.execute(
            f"SELECT count(DISTINCT vm.url) {MISSING_MEDIA}",
            (DATA_EXPORT,),
        ).fetchone()
        return int(row[0])

    def lost_media(self, among: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Stored files the disk no longer holds whole (gone, or of another size than was
        stored: deleted by hand, lost in a crash), each with the URLs that gave it. One
        stat per file and no hashing, so every run can afford it; `among` limits it to
        those sha256s."""
        rows: Iterable[sqlite3.Row] = (
            self.conn.execute("SELECT sha256, size, path FROM media")
            if among is None
            else self.rows_in(
                "SELECT sha256, size, path FROM media WHERE sha256 IN ({marks})", among
            )
        )
        root = os.fspath(self.root)  # strings: pathlib costs more than the stat itself
        lost = [str(sha) for sha, size, path in rows if not _whole(os.path.join(root, path), size)]
        urls: dict[str, list[str]] = {sha: [] for sha in lost}
        for sha, url in self.rows_in(
            "SELECT sha256, url FROM media_urls WHERE sha256 IN ({marks}) ORDER BY url", lost
        ):
            urls[str(sha)].append(str(url))
        return urls

    def fetch_lost_again(self, lost: dict[str, list[str]]) -> None:
        """Marks the URLs of lost files to be fetched again (status 'failed', which every
        run retries), and moves what is left of a file cut short into the archive's
        damaged/ folder, so that the file fetched again can take its name (a stored name
        is never overwritten) while those bytes, perhaps the last of a removed pin, stay."""
        with self.transaction() as tx:
            for sha, urls in lost.items():
                for url in urls:
                    tx.execute(
                        "UPDATE media_urls SET status = 'failed', error = ? WHERE url = ?",
                        (LOST_FILE, url),
                    )
                row = tx.execute("SELECT path FROM media WHERE sha256 = ?", (sha,)).fetchone()
                if row is not None:
                    _set_aside(self.root / str(row[0]), self.root / DAMAGED_DIR)

    def adopt_unrecorded_media(self) -> int:
        """Records files in the store that no row refers to (left by a crash between a
        file's storing and its recording) when their content matches their name."""
        known = {str(r[0]) for r in self.conn.execute("SELECT path FROM media")}
        adopted = 0
        folders: list[str] = []
        with self.transaction() as tx:
            for path in self.media.files():
                relative = path.relative_to(self.root).as_posix()
                if relative in known:
                    continue
                sha256, _, ext = path.name.partition(".")
                content_type = TYPES_BY_EXTENSION.get(ext)
                if content_type is None or hash_file(path) != sha256:
                    continue  # not ours to vouch for: verify reports it
                # The crash may have come before the file's folders were made durable:
                # no row may refer to a file a power cut could still take away.
                fsync_file(path)
                folders += [str(path.parent), str(path.parent.parent), str(path.parents[2])]
                tx.execute(
                    "INSERT OR IGNORE INTO media (sha256, size, content_type, path, stored_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (sha256, path.stat().st_size, content_type, relative, utc_now()),
                )
                adopted += 1
            self.media.make_durable(folders)
        return adopted

    def drop_unrecorded_media(self) -> int:
        """Removes files in the store that no row refers to: after a full disk refused
        their rows, to give the space back (the next run fetches them again)."""
        known = {str(r[0]) for r in self.conn.execute("SELECT path FROM media")}
        dropped = 0
        for path in self.media.files():
            if path.relative_to(self.root).as_posix() not in known:
                path.unlink(missing_ok=True)
                dropped += 1
        return dropped

    def media_totals(self) -> tuple[int, int]:
        row = self.conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM media").fetchone()
        return int(row[0]), int(row[1])


def _whole(path: str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def _set_aside(path: Path, damaged: Path) -> None:
    """Moves a damaged stored file out of the store, under a name that is never reused."""
    if not path.exists():
        return
    try:
        damaged.mkdir(mode=0o700, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        # Rare, so made durable at once rather than left to a later fsync of the folder.
        replace_file(path, damaged / f"{stamp}-{path.name}")
    except OSError as exc:  # then the file fetched again cannot replace it: still lost
        log.warning("a damaged stored file could not be set aside (%s)", exc.strerror or exc)
