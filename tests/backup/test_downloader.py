"""Media downloads against the sandbox's media host: resume, caps, and what is refused."""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
import requests

from creator_backup.backup import downloader as downloader_module
from creator_backup.backup.downloader import (
    ATTEMPTS,
    MAX_MEDIA_BYTES,
    Downloaded,
    MediaDownloader,
    MediaFailed,
    part_name,
)
from creator_backup.errors import Cancelled
from creator_backup.sandbox import Sandbox

from .conftest import control, sandbox_state


def first_image(sandbox: Sandbox) -> tuple[str, bytes]:
    pin = next(p for p in sandbox_state(sandbox)["pins"] if "images" in p["media"])
    url = max(pin["media"]["images"].values(), key=lambda v: v["width"])["url"]
    return url, requests.get(url, timeout=30).content


def test_a_whole_download_hashes_as_the_file(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    url, data = first_image(make_sandbox(seed=41, boards=2, pins=5))
    got = MediaDownloader(tmp_path, loopback_ok=True).fetch(url)
    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert got.size == len(data) and got.content_type == "image/png"
    assert got.temp.read_bytes() == data
    assert not list(tmp_path.glob("*.part"))


def test_a_partial_file_is_resumed_with_range(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=42, boards=2, pins=5)
    url, data = first_image(sandbox)
    etag = requests.head(url, timeout=30).headers["ETag"]
    half = len(data) // 2
    (tmp_path / part_name(url)).write_bytes(data[:half])
    (tmp_path / part_name(url)).with_suffix(".etag").write_text(etag)
    got = MediaDownloader(tmp_path, loopback_ok=True).fetch(url)
    assert got.resumed_from == half  # only the second half travelled
    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert got.temp.read_bytes() == data


def test_reading_a_part_back_from_a_slow_disk_is_not_the_servers_silence(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resume hashes the bytes it kept; on a slow disk (USB 2, an SD card) that may take
    longer than the silence allowed a server. It happens before the attempt's clock, so
    the file resumes (scaled down: a silence of 0.3 s, a read-back of 0.6 s)."""
    sandbox = make_sandbox(seed=42, boards=2, pins=5)
    url, data = first_image(sandbox)
    etag = requests.head(url, timeout=30).headers["ETag"]
    half = len(data) // 2
    part = tmp_path / part_name(url)
    part.write_bytes(data[:half])
    part.with_suffix(".etag").write_text(etag)
    monkeypatch.setattr(downloader_module, "SILENCE_S", 0.3)
    real_open = open

    def slow_disk(path: str, *args: Any, **kwargs: Any) -> Any:
        if str(path) == str(part):
            time.sleep(0.6)  # the disk, not the server
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(downloader_module, "open", slow_disk, raising=False)
    got = MediaDownloader(tmp_path, loopback_ok=True, sleep=lambda _: None).fetch(url)
    assert got.resumed_from == half
    assert got.sha256 == hashlib.sha256(data).hexdigest()


def test_a_changed_file_is_fetched_whole_not_spliced(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    url, data = first_image(make_sandbox(seed=43, boards=2, pins=5))
    # Old bytes from another version of the file, under an ETag the server no longer has.
    (tmp_path / part_name(url)).write_bytes(b"\x89PNG\r\n\x1a\n" + b"stale" * 1000)
    (tmp_path / part_name(url)).with_suffix(".etag").write_text('"an-old-etag"')
    got = MediaDownloader(tmp_path, loopback_ok=True).fetch(url)
    assert got.resumed_from == 0
    assert got.sha256 == hashlib.sha256(data).hexdigest()


def test_size_cap_refuses_and_leaves_nothing(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    url, _ = first_image(make_sandbox(seed=44, boards=2, pins=5))
    with pytest.raises(MediaFailed, match="cap"):
        MediaDownloader(tmp_path, loopback_ok=True, max_bytes=10_000).fetch(url)
    assert list(tmp_path.iterdir()) == []


def test_an_error_page_is_not_media(make_sandbox: Callable[..., Sandbox], tmp_path: Path) -> None:
    sandbox = make_sandbox(seed=45, boards=2, pins=5)
    url, _ = first_image(sandbox)
    broken = url.rsplit("/", 1)[0] + "/" + "0" * 32 + ".png"  # the CDN answers 403 XML
    with pytest.raises(MediaFailed, match="HTTP 403"):
        MediaDownloader(tmp_path, loopback_ok=True).fetch(broken)
    with pytest.raises(MediaFailed, match="web address"):
        MediaDownloader(tmp_path, loopback_ok=True).fetch("file:///etc/passwd")
    # A 200 answer that is not an image or video is refused by its first bytes.
    not_media = (  # Pinterest's consent page: HTML, with 200
        f"{sandbox.origin}/oauth/?client_id={sandbox.client_id}&response_type=code"
        f"&redirect_uri={sandbox.config.redirect_uris[0]}&scope=pins:read&state=s"
    )
    with pytest.raises(MediaFailed, match="not an image"):
        MediaDownloader(tmp_path, loopback_ok=True, sleep=lambda _: None).fetch(not_media)


class _WrongRange(http.server.BaseHTTPRequestHandler):
    """A media host that answers every Range request with the file from its first byte."""

    body = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(206 if "Range" in self.headers else 200)
        if "Range" in self.headers:
            self.send_header("Content-Range", f"bytes 0-{len(self.body) - 1}/{len(self.body)}")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


def test_a_206_for_the_wrong_bytes_is_not_spliced(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WrongRange)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/image.png"
        body = _WrongRange.body
        (tmp_path / part_name(url)).write_bytes(body[:1000])
        (tmp_path / part_name(url)).with_suffix(".etag").write_text('"v1"')
        got = MediaDownloader(tmp_path, loopback_ok=True, sleep=lambda _: None).fetch(url)
        assert got.sha256 == hashlib.sha256(body).hexdigest()
        assert got.size == len(body) and got.resumed_from == 0
    finally:
        server.shutdown()
        server.server_close()


class _CutOnce(http.server.BaseHTTPRequestHandler):
    """A media host whose first whole-file answer stops halfway: it waits for `go`, then
    drops the connection. Range requests are answered properly."""

    body = b""
    cut = 0  # a whole number of the downloader's 64 KB reads, so none waits for more
    go = threading.Event()
    ranges: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body, wanted = self.body, self.headers.get("Range")
        first = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted else 0
        if wanted:
            type(self).ranges.append(wanted)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {first}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body) - first))
        self.end_headers()
        if wanted:
            self.wfile.write(body[first:])
            return
        self.wfile.write(body[: self.cut])
        self.wfile.flush()
        self.go.wait(30)
        self.close_connection = True


def _cut_once_server(size: int) -> http.server.ThreadingHTTPServer:
    _CutOnce.body = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (size // 256)
    _CutOnce.cut = size // 2
    _CutOnce.go = threading.Event()
    _CutOnce.ranges = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CutOnce)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _fetch_while_cut(tmp_path: Path, size: int) -> tuple[bool, Downloaded]:
    """Fetches from a host that stalls halfway; returns whether a validator was on disk
    during the stall (what a killed run would find) and the finished download."""
    server = _cut_once_server(size)
    url = f"http://127.0.0.1:{server.server_address[1]}/video.png"
    part = tmp_path / part_name(url)
    result: list[Downloaded] = []
    worker = threading.Thread(
        target=lambda: result.append(
            MediaDownloader(tmp_path, loopback_ok=True, sleep=lambda _: None).fetch(url)
        )
    )
    try:
        worker.start()
        deadline = time.monotonic() + 30
        while not (part.exists() and part.stat().st_size >= _CutOnce.cut):
            assert time.monotonic() < deadline, "the first half never arrived"
            time.sleep(0.01)
        validator_during_stall = part.with_suffix(".etag").exists()
        _CutOnce.go.set()
        worker.join(30)
    finally:
        server.shutdown()
        server.server_close()
    assert result, "the download did not finish"
    return validator_during_stall, result[0]


def test_a_big_file_keeps_its_validator_from_the_first_byte(tmp_path: Path) -> None:
    during, got = _fetch_while_cut(tmp_path, 2 * 1024 * 1024)
    assert during  # a run killed here would resume this file
    assert got.resumed_from == _CutOnce.cut and _CutOnce.ranges == [f"bytes={_CutOnce.cut}-"]
    assert got.sha256 == hashlib.sha256(_CutOnce.body).hexdigest()
    assert not list(tmp_path.glob("*.etag"))


def test_a_small_file_cut_short_still_resumes_within_the_run(tmp_path: Path) -> None:
    during, got = _fetch_while_cut(tmp_path, 256 * 1024)
    # Small files skip the early validator write; the validator is written when the
    # download stops partway, so the retry still asks only for the missing half.
    assert not during
    assert got.resumed_from == _CutOnce.cut
    assert got.sha256 == hashlib.sha256(_CutOnce.body).hexdigest()
    assert got.temp.read_bytes() == _CutOnce.body
    assert not list(tmp_path.glob("*.etag"))


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A media host that announces a picture and then sends it a byte at a time."""

    body = b"\x89PNG\r\n\x1a\n" + bytes(200)
    requests: ClassVar[int] = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            for byte in self.body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
        except ConnectionError:
            pass  # the downloader gave up on this file, as it should


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_trickle_is_stopped_by_the_deadline(tmp_path: Path) -> None:
    # Each byte arrives well within the read timeout, so only the deadline can stop it.
    _Trickle.requests = 0
    server = _serve(_Trickle)
    url = f"http://127.0.0.1:{server.server_address[1]}/slow.png"
    started = time.monotonic()
    try:
        with pytest.raises(MediaFailed, match="too slowly"):
            MediaDownloader(tmp_path, loopback_ok=True, sleep=lambda _: None, deadline_s=0.3).fetch(
                url
            )
    finally:
        server.shutdown()
        server.server_close()
    # Four attempts, each stopped near its 0.3 s deadline, not after the 10 s trickle.
    assert _Trickle.requests == 4
    assert time.monotonic() - started < 5


class _Relay(http.server.BaseHTTPRequestHandler):
    """A forward proxy for plain http: it notes each absolute address it is asked for and
    fetches it."""

    seen: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        direct = requests.Session()
        direct.trust_env = False  # HTTP_PROXY names this relay: not for its own fetch
        upstream = direct.get(self.path, timeout=30)
        self.send_response(upstream.status_code)
        for key in ("ETag", "Content-Type"):
            if key in upstream.headers:
                self.send_header(key, upstream.headers[key])
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)


def test_the_environment_s_proxy_is_used_for_media(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, data = first_image(make_sandbox(seed=46, boards=2, pins=5))
    _Relay.seen = []
    proxy = _serve(_Relay)
    try:
        for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
        got = MediaDownloader(tmp_path, loopback_ok=True).fetch(url)
        assert _Relay.seen == [url]
        assert got.sha256 == hashlib.sha256(data).hexdigest()
        # NO_PROXY naming the host sends the request straight there.
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        MediaDownloader(tmp_path, loopback_ok=True).fetch(url)
        assert _Relay.seen == [url]
    finally:
        proxy.shutdown()
        proxy.server_close()


class _Moved(http.server.BaseHTTPRequestHandler):
    """A CDN edge that sends every request on to the file's real address."""

    target = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_redirect_is_followed(make_sandbox: Callable[..., Sandbox], tmp_path: Path) -> None:
    url, data = first_image(make_sandbox(seed=47, boards=2, pins=5))
    _Moved.target = url
    edge = _serve(_Moved)
    try:
        got = MediaDownloader(tmp_path, loopback_ok=True).fetch(
            f"http://127.0.0.1:{edge.server_address[1]}/a.png"
        )
    finally:
        edge.shutdown()
        edge.server_close()
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.size == len(data)


def test_many_files_travel_over_a_few_kept_connections(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=48, boards=2, pins=30)
    urls = sorted(
        {
            v["url"]
            for p in sandbox_state(sandbox)["pins"]
            for v in p["media"].get("images", {}).values()
        }
    )
    assert len(urls) > 40
    downloader = MediaDownloader(tmp_path, loopback_ok=True, connections=4)
    connections: set[int] = set()
    real_get = downloader._connections.get

    def noting(*args: object, **kwargs: object) -> object:
        response = real_get(*args, **kwargs)  # type: ignore[arg-type]
        connections.add(id(response.connection))
        return response

    downloader._connections.get = noting  # type: ignore[assignment,method-assign]
    try:
        with ThreadPoolExecutor(4) as pool:
            sizes = list(pool.map(lambda u: downloader.fetch(u).size, urls))
    finally:
        downloader.close()
    assert all(sizes)
    assert len(connections) <= 4


def test_byte_counts_in_headers_are_ascii_digits_or_nothing() -> None:
    from creator_backup.backup.downloader import _expected_total, _range_start

    assert _expected_total(200, {"Content-Length": "1234"}) == 1234
    assert _expected_total(200, {"Content-Length": "²"}) is None  # a digit to Python
    assert _expected_total(200, {"Content-Length": "-5"}) is None
    assert _expected_total(206, {"Content-Range": "bytes 100-199/1000"}) == 1000
    assert _expected_total(206, {"Content-Range": "bytes 100-199/١٠٠٠"}) is None
    assert _range_start({"Content-Range": "bytes 100-199/1000"}) == 100
    assert _range_start({"Content-Range": "bytes ³-199/1000"}) is None


def test_a_huge_announced_size_does_not_stretch_a_trickles_deadline(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    """A file that announces the size cap and trickles gets the base deadline per attempt,
    not a second per 100 KB it merely announced (that was 90 minutes an attempt)."""
    sandbox = make_sandbox(seed=48, boards=2, pins=5)
    url, _ = first_image(sandbox)
    path = "^" + re.escape(urlsplit(url).path) + "$"
    fault = {"kind": "trickle", "path": path, "times": 10, "trickle_bytes": 64,
             "trickle_interval_ms": 50, "declared_bytes": MAX_MEDIA_BYTES}  # fmt: skip
    control(sandbox, "faults", {"script": [fault]})
    deadline_s = 0.5
    outcome: list[MediaFailed] = []

    def fetch() -> None:
        try:
            MediaDownloader(
                tmp_path, loopback_ok=True, sleep=lambda _: None, deadline_s=deadline_s
            ).fetch(url)
        except MediaFailed as exc:
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(60)
    took = time.monotonic() - started
    assert not worker.is_alive(), "still fetching a trickle after 60 s"
    assert outcome and "too slowly" in str(outcome[0]), outcome
    assert not outcome[0].permanent  # asked again by the next run, resumed where it stopped
    # ATTEMPTS attempts, each near its deadline: a few seconds in all.
    assert took < ATTEMPTS * (deadline_s + 1.0), took


def media_requests(sandbox: Sandbox) -> int:
    count: int = sandbox_state(sandbox)["requests"]["media"]["total"]
    return count


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_media_on_this_computer_is_refused_when_the_api_is_not(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, host: str
) -> None:
    """With a public API, a media address on this computer (the sandbox's media host here)
    is refused before a connection is made: a permanent failure with its reason."""
    sandbox = make_sandbox(seed=49, boards=2, pins=5)
    url, _ = first_image(sandbox)
    url = url.replace("127.0.0.1", host, 1)
    before = media_requests(sandbox)
    with pytest.raises(MediaFailed, match="on this computer") as refused:
        MediaDownloader(tmp_path, sleep=lambda _: None).fetch(url)
    assert refused.value.permanent
    assert media_requests(sandbox) == before  # nothing reached it
    # The sandbox's own API is on loopback: there its media host is allowed.
    assert MediaDownloader(tmp_path, loopback_ok=True).fetch(url).size > 0


def fetch_in_thread(
    url: str, tmp_path: Path, deadline_s: float, cancelled: Callable[[], bool] = lambda: False
) -> tuple[threading.Thread, list[BaseException]]:
    """`MediaDownloader.fetch` on a thread of its own, so a server that holds it forever
    fails the test instead of hanging it."""
    outcome: list[BaseException] = []

    def fetch() -> None:
        try:
            MediaDownloader(
                tmp_path,
                loopback_ok=True,
                sleep=lambda _: None,
                deadline_s=deadline_s,
                cancelled=cancelled,
            ).fetch(url)
        except BaseException as exc:  # the test judges it
            outcome.append(exc)

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    return worker, outcome


def test_headers_sent_a_byte_at_a_time_are_held_to_the_deadline(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path
) -> None:
    """The deadline covers the status line and headers, not only the body: a byte of them
    every 0.2 s (well inside the read timeout) takes about 40 s an attempt otherwise."""
    sandbox = make_sandbox(seed=50, boards=2, pins=5)
    url, _ = first_image(sandbox)
    path = "^" + re.escape(urlsplit(url).path) + "$"
    fault = {"kind": "slow_headers", "path": path, "times": 10, "trickle_bytes": 1,
             "trickle_interval_ms": 200}  # fmt: skip
    control(sandbox, "faults", {"script": [fault]})
    deadline_s = 0.5
    started = time.monotonic()
    worker, outcome = fetch_in_thread(url, tmp_path, deadline_s)
    worker.join(60)
    took = time.monotonic() - started
    assert not worker.is_alive(), "still waiting for headers after 60 s"
    assert outcome and isinstance(outcome[0], MediaFailed), outcome
    assert "too slowly" in str(outcome[0]) and not outcome[0].permanent, outcome
    # ATTEMPTS attempts, each near its deadline: a few seconds in all.
    assert took < ATTEMPTS * (deadline_s + 1.0), took


@pytest.mark.parametrize(
    "fault",
    [
        # A byte of the headers every 0.2 s.
        {"kind": "slow_headers", "trickle_bytes": 1, "trickle_interval_ms": 200},
        # A byte of the body every 20 s: silent gaps inside the 30 s read timeout.
        {"kind": "trickle", "trickle_bytes": 1, "trickle_interval_ms": 20_000},
    ],
    ids=["slow_headers", "silent_gap"],
)
def test_a_cancel_stops_a_download_wherever_it_waits(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, fault: dict[str, object]
) -> None:
    sandbox = make_sandbox(seed=51, boards=2, pins=5)
    url, _ = first_image(sandbox)
    path = "^" + re.escape(urlsplit(url).path) + "$"
    control(sandbox, "faults", {"script": [{**fault, "path": path, "times": 10}]})
    cancel = threading.Event()
    worker, outcome = fetch_in_thread(url, tmp_path, 120.0, cancel.is_set)  # the real deadline
    waited = time.monotonic()
    while not sandbox_state(sandbox)["faults_injected"] and time.monotonic() - waited < 60:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the wait
    cancelled_at = time.monotonic()
    cancel.set()
    worker.join(60)
    to_stop = time.monotonic() - cancelled_at
    assert not worker.is_alive(), "still fetching 60 s after the cancel"
    assert outcome and isinstance(outcome[0], Cancelled), outcome
    # "Within a second or two" of the cancel, whatever the server's next byte would take.
    assert to_stop < 2.0, to_stop


class _ChunkedWithLength(http.server.BaseHTTPRequestHandler):
    """A media host that sends pictures in chunks and announces their length as well: the
    chunks decide where a body ends (RFC 9112), and the last one comes after every byte
    of the picture."""

    protocol_version = "HTTP/1.1"  # keep-alive: the next file comes on the same connection
    body = b"\x89PNG\r\n\x1a\n" + bytes(5000)
    connections: ClassVar[int] = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        type(self).connections += 1

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        half = len(self.body) // 2
        for piece in (self.body[:half], self.body[half:]):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            time.sleep(0.01)  # the last chunk arrives after the picture's last byte
        self.wfile.write(b"0\r\n\r\n")


def test_a_chunked_body_is_read_to_its_last_chunk_though_its_length_is_announced(
    tmp_path: Path,
) -> None:
    # A body whose announced length is in is finished without a read for its end; a
    # chunked one is not, or its last chunk would stay unread on the connection, which
    # then could not carry the next file.
    _ChunkedWithLength.connections = 0
    server = _serve(_ChunkedWithLength)
    slept: list[float] = []
    downloader = MediaDownloader(tmp_path, loopback_ok=True, connections=1, sleep=slept.append)
    try:
        for number in range(5):
            got = downloader.fetch(f"http://127.0.0.1:{server.server_address[1]}/{number}")
            assert got.temp.read_bytes() == _ChunkedWithLength.body
    finally:
        downloader.close()
        server.shutdown()
        server.server_close()
    assert slept == []
    assert _ChunkedWithLength.connections == 1
