"""The sandbox's two HTTP servers on loopback: the API (with OAuth and test controls), and a
media host standing in for Pinterest's image CDN and upload bucket.

Two origins, as on Pinterest, so a test can prove the bearer token never reaches media.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from creator_backup.api.addresses import is_loopback
from creator_backup.sandbox import api_writes  # noqa: F401  (registers the write routes)
from creator_backup.sandbox.api import ApiContext, Request, Response, find_route
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.config import SandboxConfig
from creator_backup.sandbox.controls import handle_control
from creator_backup.sandbox.hls import content_type as hls_content_type
from creator_backup.sandbox.limits import Bandwidth, Fault, Faults, Limits
from creator_backup.sandbox.malformed import Malformed
from creator_backup.sandbox.media import EXPORT_VARIANT, MediaUrls, mix
from creator_backup.sandbox.oauth import ALL_SCOPES, OAuthError, OAuthServer
from creator_backup.sandbox.realism import with_failure_status
from creator_backup.sandbox.served import ServedLog
from creator_backup.sandbox.store import BadBookmark, SandboxStore

log = logging.getLogger(__name__)
CHUNK = 64 * 1024
SHUTDOWN_POLL_S = 0.05
MEDIA_NUMBERS = 1 << 32


class SandboxClock:
    """Wall time plus an offset the tests can move forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class RequestStats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.total = 0
        self.by_endpoint: dict[str, int] = {}
        self.media_total = 0
        self.media_with_authorization = 0

    def count(self, endpoint: str) -> int:
        with self.lock:
            self.total += 1
            self.by_endpoint[endpoint] = self.by_endpoint.get(endpoint, 0) + 1
            return self.total

    def count_media(self, has_authorization: bool) -> int:
        with self.lock:
            self.media_total += 1
            self.media_with_authorization += int(has_authorization)
            return self.media_total

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "total": self.total,
                "by_endpoint": dict(self.by_endpoint),
                "media": {
                    "total": self.media_total,
                    "with_authorization": self.media_with_authorization,
                },
            }


class Sandbox:
    """A running sandbox: `with Sandbox(config) as sb:` or `start()` / `stop()`."""

    def __init__(self, config: SandboxConfig) -> None:
        if not is_loopback(config.host):
            raise ValueError(f"the sandbox binds to loopback only, not {config.host!r}")
        self.config = config
        self.clock = SandboxClock()
        self.stats = RequestStats()
        self.faults = Faults(
            config.seed, config.fault_rate, config.latency_ms, config.bandwidth_mbps
        )
        self.bandwidth = Bandwidth(self.faults)
        self.malformed = Malformed()
        self.served = ServedLog()
        self.limits = Limits(
            config.rate_limit_per_min,
            config.write_limit_per_min,
            config.trial,
            config.trial_daily_limit,
            config.spam_writes_per_2s,
            self.clock,
        )
        self.oauth = OAuthServer(
            client_id=str(1_400_000 + config.seed % 100_000),
            client_secret="sandbox-secret-" + secrets.token_hex(16),
            redirect_uris=config.redirect_uris,
            access_ttl_s=config.access_token_ttl_s,
            refresh_ttl_s=config.refresh_token_ttl_s,
            clock=self.clock,
            app_scopes=frozenset(config.app_scopes),
            legacy_app=config.legacy_app,
        )
        self.oauth.auto_approve = config.auto_approve
        self._api_server = _make_server(config.host, config.port, ApiHandler, self)
        self._media_server = _make_server(config.host, config.media_port, MediaHandler, self)
        self.origin = _origin(config.host, self._api_server.server_address[1])
        self.media_base = _origin(config.host, self._media_server.server_address[1])
        self.api_base = self.origin + "/v5"
        self.store = SandboxStore(config, MediaUrls(self.media_base, config.seed), self.clock)
        initial = self.oauth.issue(frozenset(ALL_SCOPES), "authorization_code")
        self.access_token = str(initial["access_token"])
        self.refresh_token = str(initial["refresh_token"])
        self._threads: list[threading.Thread] = []
        self._section_rng_seed = mix(config.seed, 13)

    @property
    def username(self) -> str:
        return self.store.gen.username

    @property
    def client_id(self) -> str:
        return self.oauth.client_id

    @property
    def client_secret(self) -> str:
        return self.oauth.client_secret

    def start(self) -> Sandbox:
        for server in (self._api_server, self._media_server):
            # serve_forever notices shutdown() only between polls; the default 0.5 s poll
            # made every stop() take about a second (two servers, one after the other).
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": SHUTDOWN_POLL_S},
                name="sandbox-http",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in (self._api_server, self._media_server):
            server.shutdown()
            server.close_all()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "api_base": self.api_base,
            "access_token": self.access_token,
            "username": self.username,
            "media_base": self.media_base,
            "refresh_token": self.refresh_token,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": list(self.oauth.redirect_uris),
            "authorize_url": self.origin + "/oauth/",
        }
        if self.config.realism:  # absent otherwise: the spec-shaped sandbox says as before
            info["realism"] = True
        return info

    # -- request handling (called from server threads) -------------------------------------

    def section_conflict(self, number: int) -> bool:
        rate = self.config.section_conflict_rate
        return rate > 0 and (mix(self._section_rng_seed, number) % 10_000) < rate * 10_000

    def handle_api(self, request: Request) -> tuple[Response, Fault | None]:
        if request.path.startswith("/_sandbox/"):
            return handle_control(self, request), None
        if request.path in ("/oauth", "/oauth/") and request.method == "GET":
            status, headers, page = self.oauth.authorize(request.query)
            return Response(status, page.encode(), headers, "text/html; charset=utf-8"), None
        if request.path == "/oauth/decision" and request.method == "POST":
            form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
            status, headers, page = self.oauth.decision(form)
            return Response(status, page.encode(), headers, "text/html; charset=utf-8"), None
        self.malformed.rewrite(request)
        found = find_route(request.method, request.path)
        template = found[0].template if found else request.path
        if request.path == "/v5/oauth/token":
            template = "/v5/oauth/token"
        request.number = self.stats.count(f"{request.method} {template}")
        fault = self.faults.pick(request.number, request.method, request.path)
        if fault is not None and fault.kind == "status":
            response = Response.error(fault.status, fault.code, fault.message)
            response.headers.update(fault.headers)
            return self._stamp(self._realistic(response), request, None), fault
        response = self._realistic(self.malformed.apply(request, self._answer(request, found)))
        self.served.note(request.method, request.path, response.status, response.body)
        return self._stamp(response, request, found[0].category if found else None), fault

    def _realistic(self, response: Response) -> Response:
        # Real 401 bodies carried "status": "failure" beside code and message.
        if self.store.realism is not None and response.status == 401:
            response.body = with_failure_status(response.body)
        return response

    def _stamp(self, response: Response, request: Request, category: str | None) -> Response:
        response.headers.setdefault(
            "x-pinterest-rid", f"{mix(self.config.seed, request.number):016x}"
        )
        if category is not None:
            for key, value in self.limits.headers(category).items():
                response.headers.setdefault(key, value)
        return response

    def _answer(self, request: Request, found: Any) -> Response:
        try:
            if request.path == "/v5/oauth/token" and request.method == "POST":
                self.oauth.check_client(request.headers.get("authorization"))
                form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
                return Response.of(200, self.oauth.exchange(form, self.store.suspended))
            if found is None:
                return Response.error(404, 404, "Not found.")
            route, params = found
            token = self.oauth.check_access(request.headers.get("authorization"))
            if self.store.suspended:
                return Response.error(401, 2, "User is deactivated.")
            missing = [scope for scope in route.scopes if scope not in token.scopes]
            if missing:
                return Response.error(
                    403,
                    29,
                    "You are not permitted to access that resource. Missing scope: "
                    + ", ".join(missing)
                    + ".",
                )
            verdict = self.limits.admit(route.category)
            if verdict is not None:
                refused = Response.error(verdict.status, verdict.code, verdict.message)
                refused.headers.update(verdict.headers)
                return refused
            ctx = ApiContext(
                self.store, token.scopes, self.media_base + "/upload/", self.section_conflict
            )
            with self.store.lock:
                response: Response = route.handler(ctx, request, params)
            return response
        except OAuthError as err:
            return Response.error(err.status, err.code, err.message)
        except ChangeError as err:
            return Response.error(err.status, err.code, err.message)
        except BadBookmark as err:
            return Response.error(400, 1, str(err))

    def handle_upload(self, content_type: str, body: bytes) -> int:
        """The upload bucket: multipart form with the upload parameters and `file`."""
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        if not message.is_multipart():
            return 400
        fields: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                fields[name] = payload
        key = fields.get("key", b"").decode("utf-8", "replace")
        data = fields.get("file")
        with self.store.lock:
            upload = next((u for u in self.store.media_uploads.values() if u["key"] == key), None)
            if upload is None or data is None or upload["status"] != "registered":
                return 403
            upload["number"] = self.store.store_upload(data, video=True)
            upload["status"] = "processing"
        return 204


def _origin(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sandbox: Sandbox

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._resets: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.date_header: tuple[int, str] = (0, "")  # (second, Date header of that second)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-response (a cancelled or killed backup) is normal
        # here; socketserver would print a traceback to stderr for each one.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def reset_on_close(self, connection: socket.socket) -> None:
        """Makes the end of this connection an RST: no FIN (shutdown) goes out first."""
        with self._connections_lock:
            self._resets.add(connection)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
            reset = request in self._resets
            self._resets.discard(request)
        if reset:
            # socketserver's shutdown_request would send FIN (shutdown(SHUT_WR)) before
            # closing, and the client would see a clean end of stream, not a reset.
            self.close_request(request)
            return
        super().shutdown_request(request)

    def close_all(self) -> None:
        """Ends idle keep-alive connections, so no handler thread outlives the sandbox."""
        with self._connections_lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


def _make_server(
    host: str, port: int, handler: type[BaseHTTPRequestHandler], sandbox: Sandbox
) -> SandboxHTTPServer:
    server_class: type[SandboxHTTPServer] = SandboxHTTPServer
    if ":" in host:
        server_class = type(
            "SandboxHTTPServer6", (SandboxHTTPServer,), {"address_family": socket.AF_INET6}
        )
    server = server_class((host, port), handler)
    server.sandbox = sandbox
    return server


class BaseHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SandboxHTTPServer
    timeout = 60
    # Headers and body go out as separate writes; with Nagle's algorithm on, the body
    # waited for the client's delayed ACK, adding about 40 ms to every response.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        # The default access log prints the request line, which for the OAuth redirect
        # would carry the state; keep only the method and path, at debug level.
        if log.isEnabledFor(logging.DEBUG):
            log.debug("sandbox %s %s", self.command, urlsplit(self.path).path)

    def date_time_string(self, timestamp: float | None = None) -> str:
        # Formatting the Date header anew was a fifth of the sandbox's work per media
        # request; it changes once a second.
        if timestamp is not None:
            return super().date_time_string(timestamp)
        second = int(time.time())
        cached = self.server.date_header
        if cached[0] != second:
            cached = (second, super().date_time_string(second))
            self.server.date_header = cached
        return cached[1]

    def _request(self) -> Request:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        return Request(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=body,
        )

    def _write(
        self,
        response: Response,
        fault: Fault | None,
        paced: Callable[[int], None] | None = None,
        head_only: bool = False,
    ) -> None:
        sandbox = self.server.sandbox
        delay = sandbox.faults.latency_ms / 1000
        if fault is not None and fault.kind == "latency":
            delay += fault.latency_ms / 1000
        if delay > 0:
            time.sleep(delay)
        self.send_response(response.status)
        # A 204 has no content (the spec declares none for Pinterest's deletes): there is
        # nothing to give a type to, and RFC 9110 forbids Content-Length on a 204.
        no_content = response.status == 204
        if not no_content:
            self.send_header("Content-Type", response.content_type)
        for key, value in response.headers.items():
            self.send_header(key, value)
        kind = fault.kind if fault is not None else None
        length = len(response.body)
        if fault is not None and kind == "trickle" and response.status == 200:
            length = max(length, fault.declared_bytes)  # a part (206) says its true length
        if fault is not None and kind == "gzip_trickle":
            self.send_header("Content-Encoding", "gzip")
            length = fault.declared_bytes
        if not no_content:
            self.send_header("Content-Length", str(length))
        if fault is not None and kind == "slow_headers":
            self._slow_headers(fault)
        else:
            self.end_headers()
        if head_only:
            return
        body = response.body
        if fault is not None and kind == "trickle":
            self._trickle(body, fault, length)
            return
        if fault is not None and kind == "gzip_trickle":
            self._gzip_trickle(fault, length)
            return
        if kind in ("reset", "truncate"):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            if kind == "reset":
                # SO_LINGER with a zero timeout makes close() send RST, not FIN.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.server.reset_on_close(self.connection)
            return
        if kind != "slow" and paced is None:
            self.wfile.write(body)
            return
        step = max(1, len(body) // 8) if kind == "slow" else CHUNK
        view = memoryview(body)
        for start in range(0, len(body), step):
            piece = view[start : start + step]
            if paced is not None:
                paced(len(piece))
            self.wfile.write(piece)
            if kind == "slow":
                self.wfile.flush()
                time.sleep(0.15)

    def _trickle(self, body: bytes, fault: Fault, length: int) -> None:
        """The body, then spaces up to the declared length (JSON may end in white space),
        a few bytes at a time; made as it goes, so a declared 512 MiB costs no memory.
        Ends when the client hangs up (the write fails) or the declared length is sent."""
        step, pause = fault.trickle_bytes, fault.trickle_interval_ms / 1000
        for start in range(0, length, step):
            piece = body[start : start + step]
            piece += b" " * (min(step, length - start) - len(piece))
            self.wfile.write(piece)
            self.wfile.flush()
            time.sleep(pause)

    def _slow_headers(self, fault: Fault) -> None:
        """The status line and headers (as end_headers would send them at once), a few
        bytes at a time; the body then follows as usual."""
        # BaseHTTPRequestHandler keeps the lines in _headers_buffer until end_headers.
        pending: list[bytes] = getattr(self, "_headers_buffer", [])
        head = b"".join(pending) + b"\r\n"
        pending.clear()
        step, pause = fault.trickle_bytes, fault.trickle_interval_ms / 1000
        for start in range(0, len(head), step):
            self.wfile.write(head[start : start + step])
            self.wfile.flush()
            time.sleep(pause)

    def _gzip_trickle(self, fault: Fault, length: int) -> None:
        """A gzip header, then empty deflate blocks (what a sync flush with no input makes)
        one per interval: valid compressed bytes that never decode to anything."""
        self.wfile.write(GZIP_HEADER)
        self.wfile.flush()
        for _ in range(len(GZIP_HEADER), length, len(EMPTY_DEFLATE_BLOCK)):
            time.sleep(fault.trickle_interval_ms / 1000)
            self.wfile.write(EMPTY_DEFLATE_BLOCK)
            self.wfile.flush()


# A gzip member's header (deflate, no name, no time) and a non-final stored block of no
# bytes, byte-aligned: the empty blocks of a hostile gzip_trickle.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
EMPTY_DEFLATE_BLOCK = b"\x00\x00\x00\xff\xff"


class ApiHandler(BaseHandler):
    def _dispatch(self) -> None:
        request = self._request()
        response, fault = self.server.sandbox.handle_api(request)
        self._write(response, fault)

    do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _dispatch


class MediaHandler(BaseHandler):
    def do_HEAD(self) -> None:
        self._serve(head_only=True)

    def do_GET(self) -> None:
        self._serve(head_only=False)

    def do_POST(self) -> None:
        request = self._request()
        sandbox = self.server.sandbox
        sandbox.stats.count_media("authorization" in request.headers)
        if request.path.rstrip("/") != "/upload":
            self._write(Response(404, b"not found", content_type="text/plain"), None)
            return
        status = sandbox.handle_upload(request.headers.get("content-type", ""), request.body)
        self._write(Response(status, b"", content_type="text/plain"), None)

    def _serve(self, head_only: bool) -> None:
        request = self._request()
        sandbox = self.server.sandbox
        number = sandbox.stats.count_media("authorization" in request.headers)
        parsed = sandbox.store.urls.parse(request.path)
        realism = sandbox.store.realism
        refusal = realism.refusal(parsed[0], parsed[1]) if realism and parsed else None
        if refusal is not None:
            # A size the CDN refuses while the next one down is served (realism).
            status, body = refusal
            self._write(Response(status, body, content_type="application/xml"), None)
            return
        data = sandbox.store.media_bytes(*parsed) if parsed else None
        if parsed is None or data is None:
            if request.path.startswith(f"/{EXPORT_VARIANT}/"):
                # An export's signature the sandbox does not know: a plain 404.
                self._write(Response(404, b"not found", content_type="text/plain"), None)
                return
            # Pinterest's CDN answers 403 with an XML body for unknown keys.
            self._write(
                Response(403, b"<Error>AccessDenied</Error>", content_type="application/xml"), None
            )
            return
        # Media requests draw faults from their own numbering, apart from the API's.
        fault = sandbox.faults.pick(MEDIA_NUMBERS + number, request.method, request.path)
        if fault is not None and fault.kind == "status":
            self._write(Response(fault.status, b"error", content_type="text/plain"), None)
            return
        # Media never changes under its address, so its hash is worked out once.
        etag = '"' + sandbox.store.media_sha256(parsed[1], parsed[2], parsed[0], data)[:32] + '"'
        content_type = {"video": "video/mp4", "hls": hls_content_type(parsed[2])}.get(
            parsed[0], "image/png"
        )
        headers = {"ETag": etag, "Accept-Ranges": "bytes", "Cache-Control": "max-age=31536000"}
        status, body = 200, data
        wanted = request.headers.get("range")
        if_range = request.headers.get("if-range")
        if wanted and (if_range is None or if_range == etag):
            span = _parse_range(wanted, len(data))
            if span is None:
                headers["Content-Range"] = f"bytes */{len(data)}"
                self._write(Response(416, b"", headers, content_type), None, head_only=head_only)
                return
            first, last = span
            status, body = 206, data[first : last + 1]
            headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
        self._write(
            Response(status, body, headers, content_type),
            fault,
            paced=sandbox.bandwidth.wait_for,
            head_only=head_only,
        )


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The one byte range of `bytes=a-b`, `bytes=a-` or `bytes=-n`; None if unsatisfiable."""
    unit, _, spec = header.partition("=")
    if unit.strip() != "bytes" or "," in spec:
        return None
    first_text, _, last_text = spec.strip().partition("-")
    try:
        if first_text == "":
            length = int(last_text)
            if length <= 0:
                return None
            return max(0, size - length), size - 1
        first = int(first_text)
        last = int(last_text) if last_text else size - 1
    except ValueError:
        return None
    if first >= size or last < first:
        return None
    return first, min(last, size - 1)
