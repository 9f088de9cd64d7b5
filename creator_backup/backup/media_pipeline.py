"""Downloads a run's media in a bounded pool while the listing goes on.

Workers fetch each file, fsync it and link it into the archive's media store (so those
run in parallel); the run's own thread records the results, since the archive has one
writer. Just before it commits a batch of rows it fsyncs the batch's folders together:
one journal commit for the batch instead of one per file on every worker's clock.
Too many queued downloads hold the listing back, so memory stays bounded.

Each URL is a pin's file (its image, a slide, a cover, a video). When Pinterest refuses it
for good (403, 404, 410), the pin's stored JSON says what else the same picture may be
fetched from: the next size is kept under the same URL, with `source_url` naming where its
bytes came from. An HLS video is joined into one file (hls.py). A file
Pinterest no longer serves is recorded `unavailable` and never asked for again; one that
failed for now (5xx, timeouts) is `failed`, and the next run tries it again.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from creator_backup.api.addresses import is_loopback_base
from creator_backup.api.models import Pin
from creator_backup.archive.store import Archive
from creator_backup.backup.downloader import (
    Downloaded,
    MediaDownloader,
    MediaFailed,
)
from creator_backup.backup.hls import fetch_media
from creator_backup.errors import Cancelled
from creator_backup.progress import Progress, ProgressSink, RateMeter

log = logging.getLogger(__name__)

# Media downloads at once, for a backup and an export's import alike. Each file waits out
# the CDN's latency, so 8 connections could not get a big account's pictures much faster
# than 8 files per round trip; the media CDN is not under the API rate limit (browsers
# fetch it over multiplexed HTTP/2), and the API calls still follow the limiter.
DEFAULT_WORKERS = 16
MAX_WORKERS = 32  # what the command line lets a user ask for


Refusals = tuple[tuple[str, str], ...]  # (address, why it was refused for good)


@dataclass(frozen=True)
class Stored:
    file: Downloaded
    path: str  # relative to the archive root
    folders: tuple[str, ...]  # to fsync before the row is committed
    source_url: str | None = None  # where the bytes came from, when not the URL itself
    refused: Refusals = ()  # the larger sizes refused before it


@dataclass
class MediaTally:
    files: int = 0
    bytes: int = 0
    # Each newly failed file: kind, url, reason, and permanent "yes" (Pinterest no longer
    # serves it: no run asks again) or "no" (the next run tries again).
    failed: list[dict[str, str]] = field(default_factory=list)
    # Each file kept from a smaller size: url, source_url, reason (why the larger failed).
    fallbacks: list[dict[str, str]] = field(default_factory=list)


class MediaPipeline:
    def __init__(
        self,
        archive: Archive,
        snapshot_id: int,
        workers: int,
        progress: ProgressSink,
        cancelled: Callable[[], bool],
        source_base: str,
    ) -> None:
        """`source_base`: where the run was told its addresses come from (the API, or the
        data export's picture server); media may come from loopback only when that does
        (the sandbox, a test's picture server)."""
        self.archive = archive
        self.snapshot_id = snapshot_id
        self.workers = max(1, workers)
        self.progress = progress
        self.tally = MediaTally()
        self.downloader = MediaDownloader(
            archive.media.tmp,
            cancelled=cancelled,
            connections=self.workers,
            loopback_ok=is_loopback_base(source_base),
        )
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="media")
        self._pending: dict[Future[Stored], str] = {}
        # Finished futures arrive here, so recording costs the same however many are queued
        # (scanning or waiting on every pending future costs more the more there are).
        self._finished: queue.SimpleQueue[Future[Stored]] = queue.SimpleQueue()
        self._queued: set[str] = set()
        self._fallen_back: set[str] = set()  # URLs whose smaller sizes were queued
        self._meter = RateMeter()

    def enqueue(self, urls: list[str]) -> None:
        """Fetches these files (the primary URLs of pins' media, as recorded), except
        those stored or known to be no longer served."""
        fresh = [u for u in dict.fromkeys(urls) if u not in self._queued]
        settled = self.archive.settled_urls(fresh)
        for url in fresh:
            if url in settled:
                continue
            self._queued.add(url)
            self._submit(url, (url,), ())

    def _submit(self, url: str, candidates: tuple[str, ...], refused: Refusals) -> None:
        future = self._pool.submit(self._fetch_and_store, url, candidates, refused)
        self._pending[future] = url
        future.add_done_callback(self._finished.put)

    def _fetch_and_store(self, url: str, candidates: tuple[str, ...], refused: Refusals) -> Stored:
        """On a worker: the file's bytes are durable and it is in place; its folders are
        made durable by `_commit` before its row is. The candidates (the URL itself, or
        after its refusal the smaller sizes) are tried in turn while each is refused for
        good; a failure worth retrying ends the try (the larger size may answer next
        time)."""
        tried = list(refused)
        for candidate in candidates:
            try:
                got = fetch_media(self.downloader, candidate)
            except MediaFailed as exc:
                if not exc.permanent:
                    if tried:
                        raise MediaFailed(f"{exc} (the larger size: {tried[0][1]})") from exc
                    raise
                tried.append((candidate, str(exc)))
                continue
            placed = self.archive.media.place(got.temp, got.sha256, got.content_type)
            source = got.source_url or (candidate if candidate != url else None)
            return Stored(got, placed.relative, placed.folders, source, tuple(tried))
        raise MediaFailed(_refusals(tried), permanent=True)

    def _try_smaller(self, url: str, reason: str) -> bool:
        """After `url` was refused for good: queues its smaller sizes, when the pin that
        lists it has any (asked only now: most files never need it). True when the URL is
        still in hand (its fate recorded later, or by the next run)."""
        self._fallen_back.add(url)
        smaller = self._smaller_sizes(url)
        if not smaller:
            return False
        try:
            self._submit(url, smaller, ((url, reason),))
        except RuntimeError:  # the run is stopping: the next one starts over
            log.info("not trying the smaller sizes of %s: the run is stopping", url)
        return True

    def _smaller_sizes(self, url: str) -> tuple[str, ...]:
        """The addresses after `url` in its slot (an image's smaller sizes), from the
        JSON of the latest pin that lists it (staged or stored)."""
        # A pin of the listing under way is staged, not yet recorded.
        raw = self.archive.staged_pin_naming(url) or self.archive.pins_naming([url]).get(url)
        if raw is None:
            return ()
        try:
            slots = Pin.from_api(json.loads(raw)).media_slots()
        except (ValueError, TypeError, AttributeError, KeyError):
            return ()  # not a pin's API JSON (a data export's, say): the URL alone
        return next((slot.candidates[1:] for slot in slots if slot.primary == url), ())

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
                        "Downloading pictures and videos",
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
        except Cancelled:
            return  # not a failure of the file: the next run fetches it (or resumes it)
        except MediaFailed as exc:
            if exc.permanent and url not in self._fallen_back and self._try_smaller(url, str(exc)):
                return
            reason = str(exc)
            self.archive.record_media_failure(
                tx, self.snapshot_id, url, reason, permanent=exc.permanent
            )
            self.tally.failed.append(_failure(url, reason, exc.permanent))
            if exc.permanent:
                log.info("Pinterest no longer serves %s: %s", url, reason)
            return
        except Exception as exc:  # a worker's bug must not lose the run's other work
            log.exception("media download crashed")
            self.tally.failed.append(_failure(url, type(exc).__name__, permanent=False))
            return
        file = got.file
        self.archive.record_media(
            tx, self.snapshot_id, url, file.sha256, file.size, file.content_type, got.path,
            file.etag, source_url=got.source_url,
        )  # fmt: skip
        if got.refused:
            why = got.refused[0][1]
            log.info(
                "Pinterest refused the largest size of %s (%s); kept the next size, %s",
                url, why, got.source_url,
            )  # fmt: skip
            self.tally.fallbacks.append(
                {"url": url, "source_url": got.source_url or url, "reason": why}
            )
        self.tally.files += 1
        self.tally.bytes += file.size


def _failure(url: str, reason: str, permanent: bool) -> dict[str, str]:
    return {
        "kind": "media",
        "url": url,
        "reason": reason,
        "permanent": "yes" if permanent else "no",
    }


def _refusals(refused: list[tuple[str, str]]) -> str:
    """Why no address of a file gave it: the first's reason, and the smaller sizes'."""
    first = refused[0][1] if refused else "no address to fetch"
    others = list(dict.fromkeys(reason for _, reason in refused[1:]))
    if not others:
        return first
    count = len(refused) - 1
    sizes = "size" if count == 1 else f"{count} sizes"
    return f"{first} (the smaller {sizes}: {', '.join(others)})"
