"""HTTP to Pinterest's API: sessions, timeouts, deadlines, retries and error classification.

- One requests.Session per thread (requests promises no thread safety); the bearer token is
  added per request here and nowhere else, so media downloads (another module, another
  session) can never carry it.
- GETs retry on connection errors, 5xx and 429 with exponential backoff and full jitter,
  honouring Retry-After and x-ratelimit-reset. Writes are never retried here: a write whose
  response was lost has an unknown outcome, and only the restore journal may decide.
- A 401 triggers one token refresh; still refused with a fresh token means the account
  itself is unavailable.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
import urllib3

from creator_backup.api.budget import server_wait
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    AuthenticationFailed,
    BadRequest,
    Conflict,
    ConnectionFailed,
    MissingScope,
    NotFound,
    RateLimited,
    ServerError,
    SpamBlocked,
    TrialAccessLimit,
    UnreadableAnswer,
)
from creator_backup.api.ratelimit import RateLimiter
from creator_backup.api.sessions import ThreadSessions, watched_session
from creator_backup.api.watchdog import CANCEL, DEADLINE, watch
from creator_backup.errors import Cancelled

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, and the longest gap between bytes
DEFAULT_DEADLINE_S = 120.0  # a whole response, however it trickles
MAX_BODY_BYTES = 64 * 1024 * 1024
READ_CHUNK = 64 * 1024  # the most one read hands over (it returns whatever has arrived)
TOO_LARGE = "response larger than any API answer should be"
TOO_SLOW = "no complete answer within"  # then the deadline: "… within 120 s"


class TokenProvider(Protocol):
    def current(self) -> str: ...

    def refresh_after(self, rejected: str) -> str:
        """A new access token after `rejected` was refused; raises AuthenticationFailed
        or AccountUnavailable when none can be had."""
        ...


class CancelCheck(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    # A wait longer than this is not slept through: the caller gets RateLimited with the
    # time to resume, and decides (pause the job, tell the user).
    max_wait_s: float = 900.0


@dataclass
class CallStats:
    calls: int = 0
    retries: int = 0
    refreshes: int = 0


@dataclass(frozen=True)
class ResponseRecord:
    """What an appeal packet's chain of custody needs of one API response. The endpoint
    is the path and query only: a token never travels in either."""

    at: float
    method: str
    endpoint: str
    status: int
    request_id: str | None
    ratelimit_remaining: str | None
    # The window the remaining count belongs to: its size and the seconds until it resets
    # (a day's for Trial access, a minute's for Standard; see auth/scopes.access_tier).
    ratelimit_limit: str | None = None
    ratelimit_reset: str | None = None

    def rate_headers(self) -> dict[str, str]:
        """The rate-limit headers of the answer, as it sent them."""
        found = {
            "x-ratelimit-limit": self.ratelimit_limit,
            "x-ratelimit-remaining": self.ratelimit_remaining,
            "x-ratelimit-reset": self.ratelimit_reset,
        }
        return {name: value for name, value in found.items() if value is not None}


ResponseObserver = Callable[[ResponseRecord], None]


class _NetworkError(Exception):
    pass


class _TooSlow(_NetworkError):
    """The whole answer did not arrive within the deadline: not asked again, since a
    server that trickles would hold the run (and the archive's lock) for every retry."""


class _Unreadable(_NetworkError):
    """An answer came whole but cannot be read; `retry` when another try may differ."""

    def __init__(self, reason: str, retry: bool) -> None:
        super().__init__(reason)
        self.retry = retry


class Transport:
    def __init__(
        self,
        api_base: str,
        tokens: TokenProvider,
        limiter: RateLimiter,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        deadline_s: float = DEFAULT_DEADLINE_S,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        cancel: CancelCheck | None = None,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.tokens = tokens
        self.limiter = limiter
        self.timeout = timeout
        self.deadline_s = deadline_s
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 (jitter, not cryptography)
        self.cancel = cancel
        self.stats = CallStats()
        self._local = threading.local()
        # Called (on the calling thread) for every response; the backup keeps them as
        # the chain of custody of its snapshot.
        self.observers: list[ResponseObserver] = []
        self._sessions = ThreadSessions(
            {"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
        )

    # -- sessions --------------------------------------------------------------------------

    def _session(self) -> requests.Session:
        return self._sessions.get()

    def last_request_id(self) -> str | None:
        """Pinterest's x-pinterest-rid of this thread's last response."""
        record: ResponseRecord | None = getattr(self._local, "last", None)
        return record.request_id if record else None

    def _observe(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        status: int,
        headers: dict[str, str],
    ) -> None:
        query = "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
        record = ResponseRecord(
            self.clock(),
            method,
            path + (f"?{query}" if query else ""),
            status,
            headers.get("x-pinterest-rid"),
            headers.get("x-ratelimit-remaining"),
            headers.get("x-ratelimit-limit"),
            headers.get("x-ratelimit-reset"),
        )
        self._local.last = record
        for observer in self.observers:
            observer(record)

    def close(self) -> None:
        self._sessions.close()

    # -- calls -----------------------------------------------------------------------------

    def get(
        self, path: str, params: dict[str, Any] | None = None, scopes: tuple[str, ...] = ()
    ) -> Any:
        return self._call("GET", path, params=params, scopes=scopes, retry=True)

    def write(
        self,
        method: str,
        path: str,
        body: Any | None = None,
        scopes: tuple[str, ...] = (),
    ) -> Any:
        return self._call(method, path, body=body, scopes=scopes, retry=False, category="org_write")

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any | None = None,
        scopes: tuple[str, ...],
        retry: bool,
        category: str = "org_read",
    ) -> Any:
        attempt = 0
        refreshed = False
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled()
            self.limiter.acquire(category)
            token = self.tokens.current()
            self.stats.calls += 1
            try:
                status, headers, payload = self._once(method, path, params, body, token)
            except _NetworkError as exc:
                if not retry:
                    raise ConnectionFailed(
                        f"The connection to Pinterest broke during {method} {path}; "
                        "whether it took effect is unknown.",
                        outcome_unknown=True,
                    ) from exc
                if isinstance(exc, _TooSlow):
                    raise ConnectionFailed(
                        f"Pinterest's answer to {method} {path} was too slow: {exc}."
                    ) from exc
                last = attempt + 1 >= self.retry.attempts
                if isinstance(exc, _Unreadable) and (last or not exc.retry):
                    raise UnreadableAnswer(
                        f"Pinterest's answer to {method} {path} could not be read: {exc}."
                    ) from exc
                if last:
                    raise ConnectionFailed(
                        f"Could not reach Pinterest at {self.api_base} ({exc})."
                    ) from exc
                self._pause(self._backoff(attempt))
                attempt += 1
                continue
            self._observe(method, path, params, status, headers)
            # The day's budget learns what Pinterest says it has left, and from a long 429
            # to a read (one to a write may be for too many writes to one object).
            waited = self._server_wait(headers) if status == 429 and method == "GET" else 0.0
            self.limiter.observe(status, headers, waited)
            if 300 <= status < 400:
                # Redirects are not followed (the token must not travel elsewhere), so
                # one is an answer without the data asked for.
                raise UnreadableAnswer(
                    f"Pinterest's answer to {method} {path} could not be read: a redirect "
                    f"(HTTP {status}) came instead of data.",
                    status=status,
                    request_id=headers.get("x-pinterest-rid"),
                )
            if status < 400:
                return payload
            error = classify(status, headers, payload, method, path, scopes)
            if isinstance(error, AuthenticationFailed) and not refreshed:
                refreshed = True
                self.stats.refreshes += 1
                self.tokens.refresh_after(token)
                continue
            if isinstance(error, AuthenticationFailed):
                raise AccountUnavailable(
                    "Pinterest refuses even a freshly renewed token: the account looks "
                    "deactivated or suspended.",
                    status=status,
                    code=error.code,
                    request_id=error.request_id,
                ) from error
            retryable = isinstance(error, RateLimited | ServerError)
            if retry and retryable and attempt + 1 < self.retry.attempts:
                wait = self._server_wait(headers) or self._backoff(attempt)
                if wait > self.retry.max_wait_s:
                    raise RateLimited(
                        error.message,
                        resume_at=self.clock() + wait,
                        status=status,
                        code=error.code,
                        request_id=error.request_id,
                    )
                self._pause(wait)
                attempt += 1
                continue
            if isinstance(error, RateLimited):
                wait = self._server_wait(headers)
                error.resume_at = self.clock() + wait if wait else None
            raise error

    def _pause(self, seconds: float) -> None:
        self.stats.retries += 1
        log.info("retrying in %.2f s", seconds)
        if self.cancel is None:
            self.sleep(seconds)
            return
        # A long wait (Retry-After can ask for minutes) is slept in slices, so a cancel
        # ends it within a second instead of after it.
        while seconds > 0:
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled()
            step = min(seconds, 1.0)
            self.sleep(step)
            seconds -= step

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.retry.max_delay_s, self.retry.base_delay_s * (2**attempt))
        return self.rng.uniform(ceiling / 2, ceiling)

    def _server_wait(self, headers: dict[str, str]) -> float:
        """Seconds the server asked us to wait (Retry-After, else x-ratelimit-reset); 0
        for none, or for a wait past any of Pinterest's windows (api/budget.server_wait)."""
        return server_wait(headers, self.clock())

    def _once(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        body: Any | None,
        token: str,
    ) -> tuple[int, dict[str, str], Any]:
        url = self.api_base + path
        deadline = time.monotonic() + self.deadline_s
        # The whole exchange, status line and headers too, under the deadline and the
        # cancel: a read blocked on a server that sends a byte just inside the read timeout
        # (or nothing, for up to that timeout) is ended by the watch shutting the socket.
        # A write awaiting its answer is not cut by a cancel: whether it took effect would
        # become unknown for a mere click. Only its deadline ends it (outcome unknown).
        cancelled = self._cancelled if method == "GET" else _never
        with watch(deadline, cancelled) as guard:
            try:
                with self._session().request(
                    method,
                    url,
                    params=params,
                    json=body,
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=self.timeout,
                    stream=True,
                    allow_redirects=False,
                ) as response:
                    status = response.status_code
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    raw = self._read_body(response, deadline, headers)
            except (requests.RequestException, _NetworkError) as exc:
                # A read the watch broke off fails as whatever the broken socket looked
                # like; why it was broken off is the guard's to say.
                self._broken_off(guard.fired)
                if isinstance(exc, _NetworkError):
                    raise
                raise _NetworkError(type(exc).__name__) from exc
        # Or it looked like the end of a body sent without a length: a cut, not an answer.
        self._broken_off(guard.fired)
        return status, headers, _parse(raw, status)

    def _broken_off(self, fired: str | None) -> None:
        """Raises the cancel or the deadline that the watch acted on, if it did."""
        if fired == CANCEL:
            raise Cancelled()
        if fired == DEADLINE:
            raise self._too_slow()

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def _too_slow(self) -> _TooSlow:
        return _TooSlow(f"{TOO_SLOW} {self.deadline_s:g} s")

    def _read_body(
        self, response: requests.Response, deadline: float, headers: dict[str, str]
    ) -> bytes:
        return _read_bounded(
            response, headers, deadline, MAX_BODY_BYTES, self._cancelled, self._too_slow
        )


def _read_bounded(
    response: requests.Response,
    headers: dict[str, str],
    deadline: float,
    limit: int,
    cancelled: Callable[[], bool],
    too_slow: Callable[[], Exception],
) -> bytes:
    """The whole body against one monotonic deadline. The bytes are read as they came
    (compressed) and decompressed here: urllib3's decoding read keeps reading until
    decoded output appears, which a gzip stream of empty blocks never gives, so neither
    the deadline nor a cancel would be looked at again. Each read hands over what has
    arrived (one receive), and both sizes, compressed and decoded, are bounded by `limit`."""
    decoder = _decoder(headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = received = 0
    try:
        while True:
            if cancelled():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise too_slow()
            chunk = response.raw.read1(READ_CHUNK, decode_content=False)
            if not chunk:
                if decoder is not None and received:
                    chunks.extend(_finished(decoder, limit - size))
                return b"".join(chunks)
            received += len(chunk)
            if received > limit:
                raise _NetworkError(TOO_LARGE)
            for piece in _decoded(decoder, chunk, limit - size):
                size += len(piece)
                chunks.append(piece)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise _NetworkError(type(exc).__name__) from exc


# -- one exchange outside the API's transport ---------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes = field(repr=False)  # a token answer's carries the tokens


class ExchangeFailed(ConnectionFailed):
    """No whole answer came: the reason in a few words (never the address or the form,
    which may carry a secret)."""


def exchange(
    method: str,
    url: str,
    *,
    timeout: tuple[float, float],
    deadline_s: float,
    max_bytes: int,
    data: dict[str, str] | None = None,
    auth: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Answer:
    """One request outside the API's transport (Pinterest's OAuth token endpoint and
    authorize page, the project's releases feed), with the transport's bounds: the whole
    exchange, headers included, within `deadline_s` (or until `cancelled` says so, which
    raises Cancelled); the body (decoded too) at most `max_bytes`; redirects not
    followed. `headers` are added to (or replace) the usual ones. Raises ExchangeFailed
    when no whole answer came."""
    deadline = time.monotonic() + deadline_s
    session = watched_session({"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})})
    stop = cancelled or _never

    def too_slow() -> Exception:
        return _NetworkError(f"{TOO_SLOW} {deadline_s:g} s")

    try:
        with watch(deadline, stop) as guard:
            try:
                with session.request(
                    method, url, data=data, auth=auth or _no_netrc, timeout=timeout,
                    stream=True, allow_redirects=False,
                ) as response:  # fmt: skip
                    answered = {k.lower(): v for k, v in response.headers.items()}
                    body = _read_bounded(response, answered, deadline, max_bytes, stop, too_slow)
                    status = response.status_code
            except (requests.RequestException, _NetworkError) as exc:
                if guard.fired == CANCEL:
                    raise Cancelled() from exc
                if guard.fired == DEADLINE:
                    raise ExchangeFailed(str(too_slow())) from exc
                reason = str(exc) if isinstance(exc, _NetworkError) else type(exc).__name__
                raise ExchangeFailed(reason) from exc
        if guard.fired == CANCEL:
            raise Cancelled()
        if guard.fired == DEADLINE:
            raise ExchangeFailed(str(too_slow()))
    finally:
        session.close()
    return Answer(status, answered, body)


def _never() -> bool:
    return False


def _no_netrc(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """No authentication. Given as the request's auth so that requests does not look one
    up in ~/.netrc (it does whenever none is given): nothing of the user's own is sent
    to a host that was not handed it on purpose."""
    return request


# The encodings asked for (and so the only ones decoded): requests would otherwise offer
# Brotli or Zstandard whenever their packages happen to be installed.
ACCEPT_ENCODING = "gzip, deflate"


def _decoder(encoding: str) -> Any:
    """A zlib decompressor for the answer's Content-Encoding, None for none."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    raise _Unreadable(f"it came in an encoding not asked for ({encoding[:40]!r})", retry=False)


def _decoded(decoder: Any, chunk: bytes, room: int) -> list[bytes]:
    """`chunk` decompressed, never more than `room` bytes (a small answer may inflate a
    thousandfold: the bound is on what comes out, not on what went in)."""
    if decoder is None:
        if len(chunk) > room:
            raise _NetworkError(TOO_LARGE)
        return [chunk]
    pieces: list[bytes] = []
    data = chunk
    try:
        while data and not decoder.eof:
            piece = decoder.decompress(data, READ_CHUNK)
            if len(piece) > room:
                raise _NetworkError(TOO_LARGE)
            room -= len(piece)
            pieces.append(piece)
            data = decoder.unconsumed_tail
    except zlib.error as exc:
        raise _Unreadable("its compressed body is damaged", retry=True) from exc
    return pieces


def _finished(decoder: Any, room: int) -> list[bytes]:
    """What the decompressor still holds once the body has ended; a stream that had not
    reached its end was cut short."""
    if not decoder.eof:
        raise _Unreadable("its compressed body was cut short", retry=True)
    rest: bytes = decoder.flush()
    if len(rest) > room:
        raise _NetworkError(TOO_LARGE)
    return [rest]


def _parse(raw: bytes, status: int) -> Any:
    """The body's JSON; None for an empty body, or an error's body that is not JSON."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except RecursionError as exc:
        # JSON nested deeper than the parser recurses: the same answer on every try.
        if status < 400:
            raise _Unreadable("its JSON is nested too deeply to read", retry=False) from exc
        return None
    except ValueError as exc:
        if status < 400:
            raise _Unreadable("it was not JSON (cut short?)", retry=True) from exc
        return None


TRIAL_TEXT = "trial access"
READ_ACCOUNT_SCOPES = ("user_accounts:read",)
SAID_MAX = 300  # characters of Pinterest's message kept: enough for any real one


def plain_words(text: str) -> str:
    """Pinterest's message as plain, bounded text: control characters become spaces."""
    cleaned = "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text[:SAID_MAX])
    return cleaned.strip() + ("…" if len(text) > SAID_MAX else "")


def classify(
    status: int,
    headers: dict[str, str],
    payload: Any,
    method: str,
    path: str,
    scopes: tuple[str, ...],
) -> ApiError:
    """The exception for an error response, after logging its facts for the record."""
    body = payload if isinstance(payload, dict) else {}
    code = body.get("code") if isinstance(body.get("code"), int) else None
    message = str(body.get("message") or "")
    detail = str(body.get("message_detail") or "")
    request_id = headers.get("x-pinterest-rid")
    log.warning(
        "Pinterest %s %s failed: status=%s code=%s request_id=%s message=%s",
        method,
        path,
        status,
        code,
        request_id,
        message,
    )
    said = message or f"HTTP {status}"
    facts: dict[str, Any] = {
        "status": status,
        "code": code,
        "request_id": request_id,
        "said": plain_words(said),
    }
    lowered = f"{message} {detail}".lower()
    if "deactivated" in lowered or "suspended" in lowered:
        return AccountUnavailable(f"Pinterest says the account is unavailable: {said}", **facts)
    if status == 401:
        return AuthenticationFailed("Pinterest refused the login token.", **facts)
    if status == 403 and TRIAL_TEXT in lowered:
        return TrialAccessLimit(
            "This Pinterest app has Trial access, which may not create content that others "
            "can see.",
            **facts,
        )
    if status == 403 and (code == 29 or "scope" in lowered):
        needed = ", ".join(scopes) or "a permission the app asked for"
        return MissingScope(
            f"Pinterest refused: this needs the permission {needed}. Log in again and allow it.",
            scopes,
            **facts,
        )
    if status == 403 and path.rstrip("/").endswith("/user_account"):
        # "Not authorized to access the user account." is a permission the login lacks,
        # not a deactivated account (that answers 401, or says so in words).
        return MissingScope(
            f"Pinterest refused to show the account ({plain_words(said)}): the login may "
            "lack the permission to read it. Connect the account again and allow every "
            "permission the app asks for.",
            READ_ACCOUNT_SCOPES,
            **facts,
        )
    if status == 404:
        return NotFound(f"Not found on Pinterest: {said}", **facts)
    if status == 409:
        return Conflict(f"Pinterest is busy with this object: {said}", **facts)
    if status == 429 and "spam" in lowered:
        return SpamBlocked(f"Pinterest blocked the request as spam: {said}", **facts)
    if status == 429:
        return RateLimited(f"Pinterest's rate limit was reached: {said}", **facts)
    if status >= 500:
        return ServerError(f"Pinterest had a server error: {said}", **facts)
    if status == 400:
        return BadRequest(f"Pinterest refused the request: {said}", **facts)
    return ApiError(f"Pinterest answered {said}", **facts)
