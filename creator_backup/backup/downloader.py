"""Media downloads: streamed to disk with sha256 on the way, a size cap, the real type
checked from the first bytes, and partial files resumed with Range. `fetch_to` reads a
whole small answer (an HLS playlist, a segment) into a caller's sink under the same rules.

A failure says whether it is permanent (403, 404 or 410, not media, over the cap, not a web
address, an address not on the public internet: asking again gets the same answer) or worth trying again later (5xx, timeouts,
resets: `gave up after ...`).

The media session never carries the API token: media hosts are a different origin, and
this module has no access to tokens at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from creator_backup.api.addresses import AddressRefused
from creator_backup.api.media_http import SILENCE_S, Answer, TransportFailed
from creator_backup.api.sessions import MediaConnections
from creator_backup.api.watchdog import CANCEL, DEADLINE, Guard, watch
from creator_backup.archive.media_types import SNIFF_BYTES, is_playlist, sniff
from creator_backup.atomic import replace_file
from creator_backup.errors import Cancelled

log = logging.getLogger(__name__)

MAX_MEDIA_BYTES = 512 * 1024 * 1024  # a long video; nothing legitimate is larger
ATTEMPTS = 4
# The most one read hands over. A read returns as soon as anything has arrived, so this
# bounds memory (one chunk per connection) and syscalls, not how soon a cancel or a
# deadline is noticed. A read rarely brings more than the socket holds (about 64 KiB
# here), so 1 MiB saved no reads, and its buffers cost a full backup more CPU in paired
# runs (issue 22).
CHUNK = 256 * 1024
READ_BACK = 1024 * 1024  # reading an interrupted download's bytes back to hash them
# One attempt at a file gets this long, plus a second per 100 KB that has arrived (not
# per byte announced: a trickle announcing 512 MiB earns nothing by it), and never more
# than it takes to bring the largest file allowed at MIN_BYTES_PER_S. A slower file is
# not lost: the next attempt resumes where this one stopped. The attempt's clock starts
# before the request: headers that trickle in count against it too. Within it, a server
# silent for SILENCE_S is given up on at once.
DEADLINE_S = 120.0
DEADLINE_BYTES_PER_S = 100_000
MIN_BYTES_PER_S = 1024 * 1024
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
# Pinterest's CDN no longer serves the file (403 with an XML AccessDenied body for a key it
# does not have, 404, 410): asking again gets the same answer.
PERMANENT_STATUSES = frozenset({403, 404, 410})
TOO_SLOWLY = "the file arrived too slowly"
# A file announced larger than this keeps its validator on disk from its first byte, so
# even a killed run resumes it. Smaller files save that write (about a millisecond of
# system time each, as much as the file itself) and keep a validator only when a download
# stops partway while the process still runs; killed mid-way, they start over.
EARLY_VALIDATOR_BYTES = 1024 * 1024


class MediaFailed(Exception):
    """The file could not be fetched or is not media; the message says why, and
    `permanent` whether asking again could ever help."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class PlaylistServed(MediaFailed):
    """The address serves an HLS playlist, not a file: `hls.fetch_media` assembles it."""

    def __init__(self) -> None:
        super().__init__("an HLS playlist, not a file", permanent=True)


class Sink(Protocol):
    """Where `fetch_to` puts a body. `restart` forgets what an attempt wrote; it is called
    before every attempt, the first too."""

    def restart(self) -> None: ...

    def write(self, chunk: bytes | memoryview) -> None: ...


class Buffer:
    """A sink in memory, for small answers (playlists)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def restart(self) -> None:
        self.data.clear()

    def write(self, chunk: bytes | memoryview) -> None:
        self.data += chunk


@dataclass(frozen=True)
class Piece:
    """What `fetch_to` read: the address it came from after redirects (relative addresses
    in it are resolved against this), its size, first bytes and declared type."""

    url: str
    size: int
    head: bytes
    content_type: str | None


@dataclass(frozen=True)
class Downloaded:
    url: str
    temp: Path  # complete and fsynced, in the store's tmp folder
    sha256: str
    size: int
    content_type: str
    etag: str | None
    resumed_from: int = 0  # bytes kept from an earlier, interrupted download
    # Where the bytes came from when not from `url` itself (an HLS video: its variant
    # playlist, whose segments were joined).
    source_url: str | None = None


def part_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:40] + ".part"


class MediaDownloader:
    def __init__(
        self,
        tmp_dir: Path,
        max_bytes: int = MAX_MEDIA_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        cancelled: Callable[[], bool] = lambda: False,
        connections: int = 8,
        deadline_s: float = DEADLINE_S,
        loopback_ok: bool = False,
    ) -> None:
        self.tmp_dir = tmp_dir
        self._tmp = os.fspath(tmp_dir)  # paths as strings: pathlib costs more than the syscalls
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.cancelled = cancelled
        self.deadline_s = deadline_s
        # Sizes and hashes are of the bytes as stored: no transparent decompression.
        # Media only from public addresses; loopback too when the API is there (sandbox).
        self._connections = MediaConnections(
            {"Accept-Encoding": "identity"}, connections, loopback_ok=loopback_ok
        )

    def close(self) -> None:
        self._connections.close()

    def fetch(self, url: str) -> Downloaded:
        """The file at `url`, complete and verified in the tmp folder. Raises MediaFailed
        (PlaylistServed when the address serves an HLS playlist), or Cancelled: not a
        failure of the file (a partial file is kept for the next run to resume)."""
        _check_address(url)
        part = os.path.join(self._tmp, part_name(url))
        etag_file = part.removesuffix(".part") + ".etag"
        return self._with_retries(lambda: self._attempt(url, part, etag_file))

    def fetch_to(self, url: str, sink: Sink, limit: int) -> Piece:
        """The whole body at `url` written to `sink`, at most `limit` bytes (TooLarge,
        permanent, beyond), with the retries, timeouts and deadline of `fetch`. No resume:
        a failed attempt's bytes are dropped by `sink.restart` and the next starts over."""
        _check_address(url)

        def attempt() -> Piece:
            sink.restart()
            return self._attempt_whole(url, sink, limit)

        return self._with_retries(attempt)

    def _watched_get(self, url: str, headers: dict[str, str], guard: Guard) -> Answer:
        """The answer at `url`, its body to be read, under `guard`. A request the watch
        broke off (waiting for its headers) fails as the cancel or the deadline that broke
        it off."""
        try:
            return self._connections.get(url, headers, guard)
        except AddressRefused as exc:
            # Asking again reaches the same address: a permanent failure, with its reason.
            raise MediaFailed(str(exc), permanent=True) from exc
        except TransportFailed as exc:
            raise (_stopped(guard) or _Retryable(str(exc))) from exc

    def _deadline(self) -> _Deadline:
        most = self.deadline_s + self.max_bytes / MIN_BYTES_PER_S
        return _Deadline(time.monotonic(), self.deadline_s, most)

    def _with_retries(self, attempt: Callable[[], _T]) -> _T:
        last_error = "no attempt made"
        for number in range(ATTEMPTS):
            if self.cancelled():
                raise Cancelled()
            try:
                return attempt()
            except _Retryable as exc:
                last_error = str(exc)
                delay = min(8.0, 0.25 * 2**number) * random.uniform(0.5, 1.0)  # noqa: S311
                log.info("media retry %s in %.2f s: %s", number + 1, delay, last_error)
                self.sleep(delay)
        raise MediaFailed(f"gave up after {ATTEMPTS} attempts ({last_error})")

    def _attempt_whole(self, url: str, sink: Sink, limit: int) -> Piece:
        # The whole exchange under the deadline and the cancel, headers too: the watch
        # shuts the socket of a read blocked past either (api/watchdog.py).
        deadline = self._deadline()
        with watch(deadline.until_quiet(0, deadline.started), self.cancelled) as guard:
            return self._attempt_whole_watched(url, sink, limit, deadline, guard)

    def _attempt_whole_watched(
        self, url: str, sink: Sink, limit: int, deadline: _Deadline, guard: Guard
    ) -> Piece:
        response = self._watched_get(url, {}, guard)
        guard.deadline = deadline.until_quiet(0, time.monotonic())  # silence from the headers
        try:
            status = response.status
            if status in RETRY_STATUSES:
                raise _Retryable(f"HTTP {status}")
            if status != 200:
                raise MediaFailed(f"HTTP {status}", permanent=status in PERMANENT_STATUSES)
            declared = _number(response.headers.get("Content-Length"))
            if declared is not None and declared > limit:
                raise TooLarge(limit)
            size, head = 0, b""
            while True:
                chunk = response.read1(CHUNK)
                if not chunk:
                    # An end the watch caused is a cut, not the body's end.
                    stopped = _stopped(guard)
                    if stopped is not None:
                        raise stopped
                    break
                size += len(chunk)
                if self.cancelled():
                    raise Cancelled()
                if size > limit:
                    raise TooLarge(limit)
                guard.deadline = deadline.next_watch(size)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                sink.write(chunk)
        except TransportFailed as exc:
            raise (_stopped(guard) or _Retryable(str(exc))) from exc
        finally:
            response.finish()  # kept for another exchange only when read whole
        if declared is not None and size != declared:
            raise _Retryable(f"{size} bytes where {declared} were announced")
        content_type = response.headers.get("Content-Type")
        return Piece(response.url, size, head, content_type)

    def _attempt(self, url: str, part: str, etag_file: str) -> Downloaded:
        have = _size_of(part)
        etag = _read_validator(etag_file) if have else None
        kept, kept_head = hashlib.sha256(), b""  # the part's bytes, hashed
        if have and etag:
            # Hashed before the attempt's clock starts: reading a large part back from a
            # slow disk is no wait on the server, and must not count as its silence.
            kept_head = _read_back(part, kept)
        # As in _attempt_whole: one deadline and the cancel over the whole exchange.
        deadline = self._deadline()
        with watch(deadline.until_quiet(0, deadline.started), self.cancelled) as guard:
            return self._attempt_watched(
                url, part, etag_file, deadline, guard, _PartFile(have, etag, kept, kept_head)
            )

    def _attempt_watched(
        self,
        url: str,
        part: str,
        etag_file: str,
        deadline: _Deadline,
        guard: Guard,
        kept_part: _PartFile,
    ) -> Downloaded:
        have, etag = kept_part.size, kept_part.validator
        headers = {}
        if have and etag:
            # If-Range: a changed file is sent whole instead of spliced onto old bytes.
            headers = {"Range": f"bytes={have}-", "If-Range": etag}
        pending_validator: str | None = None  # to keep beside a partial file
        # Whether a validator on disk belongs to the bytes in the part file. Without one,
        # none is looked for (a success then spends no unlink on a file never written).
        validator_kept = etag is not None

        def keep_for_resume() -> None:
            # A partial file can only be resumed with the validator it came with; a
            # leftover validator must not be paired with these bytes.
            if pending_validator is not None and os.path.exists(part):
                _write_validator(etag_file, pending_validator)
            elif not validator_kept:
                _unlink(etag_file)

        response = self._watched_get(url, headers, guard)
        guard.deadline = deadline.until_quiet(0, time.monotonic())  # silence from the headers
        try:
            status = response.status
            if status in RETRY_STATUSES:
                raise _Retryable(f"HTTP {status}")
            if status == 416:
                _discard(part, etag_file)
                raise _Retryable("range not satisfiable; starting over")
            if status not in (200, 206):
                raise MediaFailed(f"HTTP {status}", permanent=status in PERMANENT_STATUSES)
            if is_playlist(response.headers.get("Content-Type")):
                raise PlaylistServed()
            declared = _number(response.headers.get("Content-Length"))
            if declared is not None and declared + (have if status == 206 else 0) > self.max_bytes:
                raise TooLarge(self.max_bytes)
            if status == 200:
                have = 0  # the server sent the whole file: start over
            elif not headers or _range_start(response.headers) != have:
                # A 206 for bytes other than those asked for cannot be spliced on.
                _discard(part, etag_file)
                raise _Retryable("the server sent another part of the file; starting over")
            resumed_from = have
            new_etag = response.headers.get("ETag")
            expected = _expected_total(status, response.headers)
            if status == 200:
                if etag is not None:
                    _unlink(etag_file)  # the old file's validator
                validator_kept = bool(new_etag) and (
                    expected is None or expected > EARLY_VALIDATOR_BYTES
                )
                if validator_kept:
                    _write_validator(etag_file, new_etag)
                else:
                    pending_validator = new_etag  # None: no validator, never resume
            # The first bytes, to check the type without reading back.
            digest, head = (kept_part.digest, kept_part.head) if have else (hashlib.sha256(), b"")
            size = have
            problem: BaseException | None = None
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if have else os.O_TRUNC)
            fd = os.open(part, flags | getattr(os, "O_BINARY", 0), 0o644)
            try:
                while True:
                    # read1 hands over what has arrived (one receive, up to CHUNK), so a
                    # trickle is measured against the deadline as it comes; at the body's
                    # end it returns nothing without a receive.
                    chunk = response.read1(CHUNK)
                    if not chunk:
                        # An end the watch caused is a cut, not the file's end.
                        problem = _stopped(guard)
                        break
                    size += len(chunk)
                    if self.cancelled():
                        problem = Cancelled()
                    elif size > self.max_bytes:
                        problem = TooLarge(self.max_bytes)
                    else:
                        try:
                            guard.deadline = deadline.next_watch(size - resumed_from)
                        except _Retryable as slow:
                            problem = slow
                    if problem is not None:
                        break
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    digest.update(chunk)
                    _write_all(fd, chunk)
                os.fsync(fd)
            finally:
                # Closed before any discard: Windows cannot delete an open file.
                os.close(fd)
            if problem is not None:
                if size > self.max_bytes:
                    _discard(part, etag_file)
                else:
                    keep_for_resume()  # a cancel or a slow file resumes later
                raise problem
        except TransportFailed as exc:
            keep_for_resume()
            raise (_stopped(guard) or _Retryable(str(exc))) from exc
        finally:
            response.finish()  # kept for another exchange only when read whole
        if expected is not None and size > expected:
            _discard(part, etag_file)
            raise _Retryable(f"{size} bytes where {expected} were announced; starting over")
        if expected is not None and size != expected:
            keep_for_resume()
            raise _Retryable(f"cut short at {size} of {expected} bytes")
        content_type = sniff(head)
        if content_type is None:
            _discard(part, etag_file)
            if is_playlist(None, head):
                raise PlaylistServed()
            raise MediaFailed("the file is not an image or video we recognise", permanent=True)
        final_tmp = part.removesuffix(".part") + ".done"
        # The file is fsynced above; its name needs no fsync here, in tmp/: the media
        # store fsyncs the folder it is linked into, many files together.
        replace_file(part, final_tmp, durable=False)
        if validator_kept:
            _unlink(etag_file)
        return Downloaded(
            url,
            Path(final_tmp),
            digest.hexdigest(),
            size,
            content_type,
            new_etag or etag,
            resumed_from,
        )


@dataclass(frozen=True)
class _PartFile:
    """An interrupted download's part file as an attempt found it: its size, the validator
    kept beside it, and (when both are there, so it may be resumed) its bytes hashed and
    its first bytes."""

    size: int
    validator: str | None
    digest: hashlib._Hash
    head: bytes


@dataclass(frozen=True)
class _Deadline:
    """When one attempt at a file must end: `base_s` after it started plus a second per
    DEADLINE_BYTES_PER_S bytes received in it, never later than `most_s`."""

    started: float
    base_s: float
    most_s: float

    def until(self, received: int) -> float:
        """The monotonic time the attempt ends at, with `received` bytes in."""
        return self.started + min(self.most_s, self.base_s + received / DEADLINE_BYTES_PER_S)

    def until_quiet(self, received: int, now: float) -> float:
        """When the watch ends the attempt, bytes arriving or not: at `until`, or after
        SILENCE_S from `now` without a byte, whichever comes first."""
        return min(self.until(received), now + SILENCE_S)

    def next_watch(self, received: int) -> float:
        """`until_quiet` from now, as bytes have just arrived; raises _Retryable
        (TOO_SLOWLY) if the attempt's time is up already."""
        now = time.monotonic()
        if now > self.until(received):
            raise _Retryable(TOO_SLOWLY)
        return self.until_quiet(received, now)


def _stopped(guard: Guard) -> Cancelled | _Retryable | None:
    """Why the watch broke the exchange off, as the attempt's failure; None if it did not."""
    if guard.fired == CANCEL:
        return Cancelled()
    if guard.fired == DEADLINE:
        return _Retryable(TOO_SLOWLY)
    return None


class TooLarge(MediaFailed):
    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than the {_megabytes(limit)} cap", permanent=True)


class _Retryable(Exception):
    pass


_T = TypeVar("_T")


def _megabytes(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} byte"


def _check_address(url: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise MediaFailed("not a web address", permanent=True)


def _discard(part: str, etag_file: str) -> None:
    _unlink(part)
    _unlink(etag_file)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _size_of(part: str) -> int:
    try:
        return os.stat(part).st_size
    except FileNotFoundError:
        return 0


def _read_validator(etag_file: str) -> str | None:
    """The validator kept beside a part file; None if there is none, or if it could not
    stand in a request header (it came from a server, and tmp/ is a folder like any)."""
    try:
        with open(etag_file, encoding="utf-8", errors="replace") as handle:
            validator = handle.read(1024)
    except FileNotFoundError:
        return None
    return validator if validator.isprintable() and validator.isascii() else None


def _read_back(part: str, digest: hashlib._Hash) -> bytes:
    """Hashes an interrupted download's bytes into `digest`; returns its first bytes."""
    head = b""
    with open(part, "rb") as existing:
        for earlier in iter(lambda: existing.read(READ_BACK), b""):
            head = head or earlier[:SNIFF_BYTES]
            digest.update(earlier)
    return head


def _write_validator(etag_file: str, validator: str) -> None:
    with open(etag_file, "w", encoding="utf-8") as handle:
        handle.write(validator)


def _write_all(fd: int, data: bytes | memoryview) -> None:
    """One write per chunk; a regular file takes it whole unless the disk is full."""
    written = os.write(fd, data)
    if written < len(data):
        view = memoryview(data)[written:]
        while view:
            view = view[os.write(fd, view) :]


def _range_start(headers: Mapping[str, str]) -> int | None:
    """The first byte of a 206's Content-Range ("bytes 100-199/1000" -> 100)."""
    content_range = headers.get("Content-Range", "")
    unit, _, span = content_range.partition(" ")
    first = span.partition("-")[0]
    return _number(first) if unit == "bytes" else None


def _expected_total(status: int, headers: Mapping[str, str]) -> int | None:
    if status == 206:
        content_range = headers.get("Content-Range", "")
        total = content_range.rpartition("/")[2]
        return _number(total)
    return _number(headers.get("Content-Length"))


def _number(text: str | None) -> int | None:
    """A header's count of bytes. ASCII digits only: "²" is a digit to Python, and a
    server's (or a proxy's) odd header must not end a download as a ValueError."""
    return int(text) if text and text.isascii() and text.isdigit() else None
