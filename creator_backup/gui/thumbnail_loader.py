"""Thumbnails for the pin grid: decoded off the UI thread, kept in memory, and on disk.

The grid asks for a thumbnail when it paints a pin, so only the pins on screen are
decoded. Requests are coalesced (two pins saving one image decode it once: the key is
the archive's content-addressed media path), the queue is bounded and newest first (the
pins scrolled past are dropped, the ones just scrolled to come first), and the decoded
pixmaps are kept in a bounded LRU. QImages are made on the decode threads; QPixmaps only
on the UI thread, when a decoded image arrives.

Decoding runs on one pool for the whole app, made once and never torn down while the
app runs: a pool destroyed from Python would wait for its threads while holding the
interpreter lock they need. A cache that goes stops its own work with `shutdown()`
(the page calls it when the app quits); a decode finishing for a cache already gone is
dropped.

A small JPEG of each thumbnail is kept under the cache folder, named by the image's
sha256, so opening the archive again does not decode the originals again. It is only a
cache: anything wrong with it (unwritable, damaged) falls back to the original.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QImageReader, QPixmap

from creator_backup.atomic import atomic_write
from creator_backup.cache_limit import touch
from creator_backup.render.thumbnails import jpeg_bytes, thumbnail_image

log = logging.getLogger(__name__)

THUMB_SIDE = 160
GRID_SIDE = 240  # the Browse grid's thumbnails: this wide (a column is about as wide)
MAX_TALL = 4  # a width-fitted thumbnail is at most this many times as tall as wide
MAX_PIXMAPS = 2_000  # at most 100 KB each at 160 px: 200 MB at the very most
MAX_BYTES = 256 * 1024 * 1024  # and never more pixels than this, whatever their shape
MAX_PENDING = 256  # more than two screens of pins; older requests are dropped
DECODE_THREADS = 2
SHA256 = re.compile(r"[0-9a-f]{64}")

_pool: QThreadPool | None = None


def fitted_side(width: int, height: int, side: int) -> int:
    """The longest side that scales a `width` x `height` picture to `side` wide (never
    more than MAX_TALL times `side`)."""
    if width <= 0 or height <= width:
        return side
    return round(side * min(height / width, MAX_TALL))


def _size_of(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


def decode_pool() -> QThreadPool:
    """The app's thumbnail decoding threads, apart from the job runner's: a screenful of
    thumbnails never holds up reading the next page of pins."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(DECODE_THREADS)
    return _pool


@dataclass(frozen=True)
class _Request:
    key: str
    path: Path
    content_type: str


@dataclass
class _Waiting:
    pins: set[str] = field(default_factory=set)


class _Drain(QRunnable):
    """Decodes queued requests, newest first, until the queue is empty."""

    def __init__(self, cache: ThumbnailCache) -> None:
        super().__init__()
        self.cache = cache

    @Slot()
    def run(self) -> None:
        self.cache._drain()


class ThumbnailCache(QObject):
    """Thumbnails by media key (the archive's relative media path). `pixmap(key)` answers
    at once from memory; `request(...)` decodes in the background and emits `ready` with
    each pin id that asked, on the UI thread."""

    ready = Signal(str)  # a pin id whose thumbnail is now in `pixmap` (or known to fail)
    _decoded = Signal(str, object)  # key, QImage | None: from a decode thread

    def __init__(
        self,
        disk_dir: Path | None = None,
        side: int = THUMB_SIDE,
        capacity: int = MAX_PIXMAPS,
        threads: int = DECODE_THREADS,
        parent: QObject | None = None,
        fit_width: bool = False,
    ) -> None:
        """`side`: the thumbnails' longest side; with `fit_width`, their width instead
        (a tall picture stays sharp in a grid column; at most MAX_TALL times as tall)."""
        super().__init__(parent)
        self.side = side
        self.fit_width = fit_width
        self.capacity = capacity
        self._bytes = 0  # of the pixmaps kept
        self.disk_dir = disk_dir
        self._threads = max(1, min(threads, DECODE_THREADS))
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._failed: set[str] = set()
        self._waiting: dict[str, _Waiting] = {}  # UI thread only
        # Shared with the decode threads, under the lock:
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)  # notified when no drain runs
        self._pending: OrderedDict[str, _Request] = OrderedDict()
        self._workers = 0
        self._closed = False
        self.decode_thread_ids: set[int] = set()  # where decoding ran: for the tests
        self.decoded_count = 0
        self._decoded.connect(self._arrived)
        # Gone with its page: what is still queued is no longer wanted.
        lock, pending = self._lock, self._pending

        def forget_queue() -> None:
            with lock:
                pending.clear()

        self.destroyed.connect(forget_queue)

    # -- the UI thread's side ----------------------------------------------------------

    def pixmap(self, key: str) -> QPixmap | None:
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        return pixmap

    def failed(self, key: str) -> bool:
        """True when the file gives no thumbnail (a video, a damaged or too large image)."""
        return key in self._failed

    def request(self, pin_id: str, key: str, path: Path, content_type: str) -> None:
        """Decode `path` in the background unless it is known or already on its way."""
        if key in self._pixmaps or key in self._failed:
            return
        waiting = self._waiting.get(key)
        if waiting is not None:
            waiting.pins.add(pin_id)
            with self._lock:
                if key in self._pending:
                    self._pending.move_to_end(key)  # asked again: it is on screen now
            return
        self._waiting[key] = _Waiting({pin_id})
        dropped: list[str] = []
        with self._lock:
            if self._closed:
                del self._waiting[key]
                return
            self._pending[key] = _Request(key, path, content_type)
            while len(self._pending) > MAX_PENDING:
                old, _ = self._pending.popitem(last=False)
                dropped.append(old)
            start = self._workers < self._threads
            if start:
                self._workers += 1
        for old in dropped:
            # Asked for long ago and scrolled past: painted again, it is asked again.
            self._waiting.pop(old, None)
        if start:
            decode_pool().start(_Drain(self))

    def cancel_pending(self) -> None:
        """Forgets what is queued and not yet decoding: the grid shows other pins now."""
        with self._lock:
            dropped = list(self._pending)
            self._pending.clear()
        for key in dropped:
            self._waiting.pop(key, None)

    def clear(self) -> None:
        """Forgets every thumbnail (the archive changed: a file that failed may be fixed)."""
        self.cancel_pending()
        self._pixmaps.clear()
        self._bytes = 0
        self._failed.clear()

    def forget_failures(self) -> None:
        """Tries again the files that gave no thumbnail (a backup may have replaced them)."""
        self._failed.clear()

    def wait(self, msecs: int = 10_000) -> bool:
        """Until this cache's decodes are done (the queue drained); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._workers == 0, msecs / 1000)

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Stops decoding: the queue is dropped and the running decodes are waited for."""
        with self._lock:
            self._closed = True
            self._pending.clear()
        self._waiting.clear()
        return self.wait(msecs)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def __len__(self) -> int:
        return len(self._pixmaps)

    @Slot(str, object)
    def _arrived(self, key: str, image: object) -> None:
        waiting = self._waiting.pop(key, None)
        if isinstance(image, QImage) and not image.isNull():
            old = self._pixmaps.pop(key, None)
            if old is not None:
                self._bytes -= _size_of(old)
            pixmap = QPixmap.fromImage(image)
            self._pixmaps[key] = pixmap
            self._bytes += _size_of(pixmap)
            while len(self._pixmaps) > 1 and (
                len(self._pixmaps) > self.capacity or self._bytes > MAX_BYTES
            ):
                _, gone = self._pixmaps.popitem(last=False)
                self._bytes -= _size_of(gone)
        else:
            self._failed.add(key)
        for pin_id in sorted(waiting.pins) if waiting else ():
            self.ready.emit(pin_id)

    # -- the decode threads' side ------------------------------------------------------

    def _drain(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._closed or not self._pending:
                        return
                    _, request = self._pending.popitem(last=True)
                    self.decode_thread_ids.add(threading.get_ident())
                    self.decoded_count += 1
                try:
                    image = self._load(request)
                except Exception:  # a bug in decoding must not end the thread's loop
                    log.exception("thumbnail of %s failed", request.key)
                    image = None
                try:
                    self._decoded.emit(request.key, image)
                except RuntimeError:  # the cache's Qt side is gone (its page closed)
                    with self._lock:
                        self._closed = True
                    return
        finally:
            with self._lock:
                self._workers -= 1
                self._idle.notify_all()

    def _disk_path(self, key: str) -> Path | None:
        if self.disk_dir is None:
            return None
        name = PurePosixPath(key).stem
        if not SHA256.fullmatch(name):
            return None  # only the archive's own sha256 names become file names
        folder = f"w{self.side}" if self.fit_width else str(self.side)
        return self.disk_dir / folder / name[:2] / f"{name}.jpg"

    def _load(self, request: _Request) -> QImage | None:
        disk = self._disk_path(request.key)
        if disk is not None and disk.is_file():
            image = thumbnail_image(disk, "image/jpeg", self.side_for(disk))
            if image is not None:
                touch(disk)  # used now: the cache's pruning keeps it
                return image
        side = self.side_for(request.path)
        image = thumbnail_image(request.path, request.content_type, side)
        if image is not None and disk is not None:
            self._keep(disk, image)
        return image

    def side_for(self, path: Path) -> int:
        """The longest side to decode `path` at: `side`, or with `fit_width` whatever
        makes its width `side` (read from the file's header only)."""
        if not self.fit_width:
            return self.side
        size = QImageReader(str(path)).size()
        return fitted_side(size.width(), size.height(), self.side)

    def _keep(self, disk: Path, image: QImage) -> None:
        try:
            disk.parent.mkdir(parents=True, exist_ok=True)
            # A cache: a thumbnail a power cut takes is made again, so no fsync slows
            # the scrolling; the rename still keeps a half-written file from being read.
            with atomic_write(disk, durable=False) as out:
                out.write(jpeg_bytes(image))
        except OSError as exc:
            log.debug("thumbnail not cached at %s: %s", disk, exc)
