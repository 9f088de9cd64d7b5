"""Downloads a run's media in a bounded pool while the listing goes on.

Workers fetch each file, fsync it and link it into the archive's media store (so those
run in parallel); the run's own thread records the results, since the archive has one
writer. Just before it commits a batch of rows it fsyncs the batch's folders together:
one journal commit for the batch instead of one per file on every worker's clock.
Too many queued downloads hold the listing back, so memory stays bounded.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from creator_backup.archive.store import Archive
from creator_backup.backup.downloader import Downloaded, MediaDownloader, MediaFailed
from creator_backup.backup.progress import Progress, ProgressSink, RateMeter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    file: Downloaded
    path: str  # relative to the archive root
    folders: tuple[str, ...]  # to fsync before the row is committed


@dataclass
class MediaTally:
    files: int = 0
    bytes: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)


class MediaPipeline:
    def __init__(
        self,
        archive: Archive,
        snapshot_id: int,
        workers: int,
        progress: ProgressSink,
        cancelled: Callable[[], bool],
    ) -> None:
        self.archive = archive
        self.snapshot_id = snapshot_id
        self.workers = max(1, workers)
        self.progress = progress
        self.tally = MediaTally()
        self.downloader = MediaDownloader(
            archive.media.tmp, cancelled=cancelled, connections=self.workers
        )
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="media")
        self._pending: dict[Future[Stored], str] = {}
        # Finished futures arrive here, so recording costs the same however many are queued
        # (scanning or waiting on every pending future costs more the more there are).
        self._finished: queue.SimpleQueue[Future[Stored]] = queue.SimpleQueue()
        self._queued: set[str] = set()
        self._meter = RateMeter()

    def enqueue(self, urls: list[str]) -> None:
        fresh = [u for u in dict.fromkeys(urls) if u not in self._queued]
        known = self.archive.known_urls(fresh)
        for url in fresh:
            if url in known:
                continue
            self._queued.add(url)
            future = self._pool.submit(self._fetch_and_store, url)
            self._pending[future] = url
            future.add_done_callback(self._finished.put)

    def _fetch_and_store(self, url: str) -> Stored:
        """On a worker: the file's bytes are durable and it is in place; its folders are
        made durable by `_commit` before its row is."""
        got = self.downloader.fetch(url)
        placed = self.archive.media.place(got.temp, got.sha256, got.content_type)
        return Stored(got, placed.relative, placed.folders)

    def drain(self, until_empty: bool = False, quiet: bool = False) -> None:
        """Records finished downloads. Waits for all with `until_empty`; otherwise only
        holds the caller back while too many downloads are queued."""
        limit = 0 if until_empty else max(64, self.workers * 32)
        total = len(self._queued)
        while self._pending:
            finished = self._take_finished()
            if not finished:
                if len(self._pending) <= limit:
                    return
                try:
                    finished = [self._finished.get(timeout=1.0)]
                except queue.Empty:
                    continue
                finished += self._take_finished()
            self._commit(finished)
            if not quiet:
                done = total - len(self._pending)
                self.progress(
                    Progress(
                        "Downloading media",
                        done=done,
                        total=total,
                        bytes=self.tally.bytes,
                        eta_s=self._meter.eta(done, total),
                    )
                )

    def _commit(self, finished: list[Future[Stored]]) -> None:
        stored = [f.result() for f in finished if not f.cancelled() and f.exception() is None]
        # Data before index: no row may name a file whose name is not yet durable.
        self.archive.media.make_durable(folder for got in stored for folder in got.folders)
        with self.archive.transaction() as tx:
            for future in finished:
                self._record(tx, self._pending.pop(future), future)

    def _take_finished(self) -> list[Future[Stored]]:
        taken: list[Future[Stored]] = []
        while True:
            try:
                taken.append(self._finished.get_nowait())
            except queue.Empty:
                return taken

    def close(self) -> None:
        """Stops the workers (queued downloads are dropped; the next run fetches them) and
        records whatever finished."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.drain(until_empty=True, quiet=True)
        self.downloader.close()

    def stop(self) -> None:
        """Stops the workers and records nothing: for when the database cannot take it."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.downloader.close()

    def _record(self, tx: sqlite3.Connection, url: str, future: Future[Stored]) -> None:
        if future.cancelled():
            return
        try:
            got = future.result()
        except MediaFailed as exc:
            if str(exc) != "cancelled":
                self.archive.record_media_failure(tx, self.snapshot_id, url, str(exc))
                self.tally.failed.append({"kind": "media", "url": url, "reason": str(exc)})
            return
        except Exception as exc:  # a worker's bug must not lose the run's other work
            log.exception("media download crashed")
            self.tally.failed.append({"kind": "media", "url": url, "reason": type(exc).__name__})
            return
        file = got.file
        self.archive.record_media(
            tx, self.snapshot_id, url, file.sha256, file.size, file.content_type, got.path,
            file.etag,
        )  # fmt: skip
        self.tally.files += 1
        self.tally.bytes += file.size
