"""HLS videos kept as one file: the best variant's segments fetched over real HTTP on
loopback and joined, what cannot make a plain file refused for good, and, through a real
backup of the sandbox's realism mode, HLS pins stored as the file the sandbox says."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from creator_backup.archive.media_store import MediaStore, relative_path
from creator_backup.archive.media_types import EXTENSIONS, is_transport_stream, sniff
from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.backup.downloader import MediaDownloader, MediaFailed
from creator_backup.backup.hls import MAX_SEGMENTS, fetch_media
from creator_backup.errors import Cancelled
from creator_backup.sandbox import Sandbox, SandboxConfig

from .conftest import db, do_backup, sandbox_state

PLAYLIST = "application/vnd.apple.mpegurl"


def ts_segment(seed: int, packets: int = 20) -> bytes:
    rng = random.Random(seed)
    return b"".join(b"\x47" + rng.randbytes(187) for _ in range(packets))


def box(kind: bytes, payload: bytes) -> bytes:
    return (len(payload) + 8).to_bytes(4, "big") + kind + payload


@dataclass
class Route:
    body: bytes
    content_type: str = "video/mp2t"
    status: int = 200
    failures: int = 0  # answers 503 this many times first
    cut_once: bool = False  # the first answer stops halfway (its length announced whole)
    location: str | None = None  # a redirect


@dataclass
class Host:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(http.server.BaseHTTPRequestHandler):
    host: ClassVar[Host]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = self.host
        host.asked.append(self.path)
        route = host.routes.get(self.path)
        if route is None:
            self._answer(404, "text/plain", b"not found")
            return
        if route.location is not None:
            self.send_response(302)
            self.send_header("Location", route.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route.failures > 0:
            route.failures -= 1
            self._answer(503, "text/plain", b"busy")
            return
        if route.cut_once:
            route.cut_once = False
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body[: len(route.body) // 2])
            self.close_connection = True
            return
        self._answer(route.status, route.content_type, route.body)

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # a client stopping at its cap
            self.wfile.write(body)


@pytest.fixture
def host() -> Iterator[Host]:
    served = Host("")

    class Handler(_Handler):
        host = served

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def downloader(tmp_path: Path, **options: Any) -> MediaDownloader:
    folder = tmp_path / "tmp"
    folder.mkdir(exist_ok=True)
    return MediaDownloader(folder, loopback_ok=True, sleep=lambda _: None, **options)


def playlist(*lines: str) -> Route:
    return Route(("\n".join(lines) + "\n").encode(), PLAYLIST)


def media_playlist(*segments: str, head: tuple[str, ...] = ()) -> Route:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:4", *head]
    for segment in segments:
        lines += ["#EXTINF:4.000,", segment]
    return playlist(*lines, "#EXT-X-ENDLIST")


def serve_video(host: Host, segments: dict[str, bytes]) -> None:
    for path, data in segments.items():
        host.routes[path] = Route(data)


# -- the best variant, joined -----------------------------------------------------------------


def test_the_best_variant_is_joined_from_relative_addresses(host: Host, tmp_path: Path) -> None:
    parts = {
        "/v/hi/seg1.ts": ts_segment(1),
        "/v/shared/seg2.ts": ts_segment(2),
        "/elsewhere/seg3.ts": ts_segment(3),
        "/v/hi/seg4.ts": ts_segment(4, packets=7),
    }
    serve_video(host, parts)
    # Out of order, and two with the best bandwidth: the larger picture wins the tie.
    host.routes["/v/master.m3u8"] = playlist(
        "#EXTM3U",
        "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=360x640",
        "lo/index.m3u8",
        "#EXT-X-STREAM-INF:BANDWIDTH=3200000,RESOLUTION=540x960",
        "mid/index.m3u8",
        '#EXT-X-STREAM-INF:BANDWIDTH=3200000,RESOLUTION=720x1280,CODECS="avc1.4d401f,mp4a.40.2"',
        "hi/index.m3u8",
    )
    host.routes["/v/hi/index.m3u8"] = media_playlist(
        "seg1.ts", "../shared/seg2.ts", "/elsewhere/seg3.ts", host.url("/v/hi/seg4.ts")
    )
    got = fetch_media(downloader(tmp_path), host.url("/v/master.m3u8"))
    joined = b"".join(parts.values())
    assert got.sha256 == hashlib.sha256(joined).hexdigest() and got.size == len(joined)
    assert got.temp.read_bytes() == joined
    assert got.content_type == "video/mp2t" and got.url == host.url("/v/master.m3u8")
    assert got.source_url == host.url("/v/hi/index.m3u8")
    assert not any(p.startswith(("/v/lo", "/v/mid")) for p in host.asked)
    # Stored like any other file, under the sniffed type's extension.
    placed = MediaStore(tmp_path / "archive").place(got.temp, got.sha256, got.content_type)
    assert placed.relative.endswith(f"{got.sha256}.ts")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_init_segment_comes_first_and_makes_an_mp4(host: Host, tmp_path: Path) -> None:
    init = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso6mp41") + box(b"moov", b"\x00" * 40)
    segments = [box(b"moof", bytes([n]) * 30) + box(b"mdat", bytes([n]) * 500) for n in (1, 2)]
    host.routes["/f/init.mp4"] = Route(init, "video/mp4")
    host.routes["/f/1.m4s"] = Route(segments[0], "video/iso.segment")
    host.routes["/f/2.m4s"] = Route(segments[1], "video/iso.segment")
    host.routes["/f/video.m3u8"] = media_playlist(
        "1.m4s", "2.m4s", head=('#EXT-X-MAP:URI="init.mp4"', "#EXT-X-KEY:METHOD=NONE")
    )
    got = fetch_media(downloader(tmp_path), host.url("/f/video.m3u8"))
    assert got.temp.read_bytes() == init + b"".join(segments)
    assert got.content_type == "video/mp4"
    assert got.source_url == host.url("/f/video.m3u8")  # a media playlist from the start
    assert host.asked.index("/f/init.mp4") < host.asked.index("/f/1.m4s")


def test_a_playlist_is_known_by_its_type_or_first_line_at_any_address(
    host: Host, tmp_path: Path
) -> None:
    parts = {"/p/a.ts": ts_segment(5), "/p/b.ts": ts_segment(6)}
    serve_video(host, parts)
    served = media_playlist("a.ts", "b.ts")
    host.routes["/p/watch"] = served
    host.routes["/p/plain"] = Route(served.body, "text/plain")
    for address in ("/p/watch", "/p/plain"):
        got = fetch_media(downloader(tmp_path), host.url(address))
        assert got.sha256 == hashlib.sha256(b"".join(parts.values())).hexdigest()


def test_a_redirected_playlist_resolves_against_where_it_landed(host: Host, tmp_path: Path) -> None:
    serve_video(host, {"/real/place/s.ts": ts_segment(7)})
    host.routes["/short.m3u8"] = Route(b"", location="/real/place/video.m3u8")
    host.routes["/real/place/video.m3u8"] = media_playlist("s.ts")
    got = fetch_media(downloader(tmp_path), host.url("/short.m3u8"))
    assert got.temp.read_bytes() == ts_segment(7)
    assert got.source_url == host.url("/real/place/video.m3u8")


def test_a_segment_cut_short_is_fetched_again_and_joined_once(host: Host, tmp_path: Path) -> None:
    parts = {"/c/1.ts": ts_segment(8, 400), "/c/2.ts": ts_segment(9, 400)}
    serve_video(host, parts)
    host.routes["/c/2.ts"].cut_once = True
    host.routes["/c/1.ts"].failures = 2
    host.routes["/c/v.m3u8"] = media_playlist("1.ts", "2.ts")
    got = fetch_media(downloader(tmp_path), host.url("/c/v.m3u8"))
    joined = b"".join(parts.values())
    assert got.temp.read_bytes() == joined
    assert got.sha256 == hashlib.sha256(joined).hexdigest()


# -- what cannot make a file ------------------------------------------------------------------


def refusal(host: Host, tmp_path: Path, **options: Any) -> MediaFailed:
    with pytest.raises(MediaFailed) as caught:
        fetch_media(downloader(tmp_path, **options), host.url("/r/v.m3u8"))
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing half-joined is left
    return caught.value


@pytest.mark.parametrize(
    ("head", "segment", "words"),
    [
        (('#EXT-X-KEY:METHOD=AES-128,URI="key.bin"',), "s.ts", "encrypted (AES-128)"),
        (('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="k"',), "s.ts", "encrypted (SAMPLE-AES)"),
        ((), "file:///etc/passwd", "not a web address"),
        ((), "ftp://127.0.0.1/s.ts", "not a web address"),
        ((), "missing.ts", "HTTP 404"),
        ((), "page.ts", "not video"),
        (("#EXT-X-BYTERANGE:1000@0",), "s.ts", "byte ranges"),
    ],
)
def test_refused_for_good(
    host: Host, tmp_path: Path, head: tuple[str, ...], segment: str, words: str
) -> None:
    serve_video(host, {"/r/s.ts": ts_segment(10), "/r/ok.ts": ts_segment(11)})
    host.routes["/r/page.ts"] = Route(b"<html>" + b" " * 2000 + b"</html>", "text/html")
    host.routes["/r/v.m3u8"] = media_playlist("ok.ts", segment, head=head)
    failed = refusal(host, tmp_path)
    assert failed.permanent and words in str(failed)
    assert "/r/key.bin" not in host.asked and "/r/k" not in host.asked


def test_the_whole_video_must_fit_the_cap(host: Host, tmp_path: Path) -> None:
    serve_video(host, {f"/r/{n}.ts": ts_segment(n, 50) for n in range(4)})
    host.routes["/r/v.m3u8"] = media_playlist(*(f"{n}.ts" for n in range(4)))
    failed = refusal(host, tmp_path, max_bytes=3 * 50 * 188)  # three of the four fit
    assert failed.permanent and "cap" in str(failed)
    assert "/r/3.ts" in host.asked  # refused as its bytes passed the cap, not before


def test_playlists_and_segment_counts_are_bounded(host: Host, tmp_path: Path) -> None:
    host.routes["/r/v.m3u8"] = media_playlist(*(f"{n}.ts" for n in range(MAX_SEGMENTS + 1)))
    failed = refusal(host, tmp_path)
    assert failed.permanent and f"more than {MAX_SEGMENTS} parts" in str(failed)
    assert host.asked == ["/r/v.m3u8"]
    host.routes["/r/v.m3u8"] = playlist("#EXTM3U", "#" + "x" * (2 * 1024 * 1024))
    failed = refusal(host, tmp_path)
    assert failed.permanent and "playlist is larger" in str(failed)


def test_a_segment_that_keeps_failing_is_tried_again_next_run(host: Host, tmp_path: Path) -> None:
    serve_video(host, {"/r/1.ts": ts_segment(12), "/r/2.ts": ts_segment(13)})
    host.routes["/r/2.ts"].failures = 100
    host.routes["/r/v.m3u8"] = media_playlist("1.ts", "2.ts")
    failed = refusal(host, tmp_path)
    assert not failed.permanent and str(failed).startswith("gave up after")
    # A playlist that does not end yet (live, or still being written) is not refused.
    host.routes["/r/v.m3u8"] = playlist("#EXTM3U", "#EXTINF:4,", "1.ts")
    failed = refusal(host, tmp_path)
    assert not failed.permanent and "does not end" in str(failed)


def test_a_cancel_between_parts_leaves_nothing(host: Host, tmp_path: Path) -> None:
    serve_video(host, {f"/r/{n}.ts": ts_segment(n) for n in range(5)})
    host.routes["/r/v.m3u8"] = media_playlist(*(f"{n}.ts" for n in range(5)))

    def cancelled() -> bool:
        return len(host.asked) >= 3

    # A cancel, not a failure of the file: the run records nothing against it.
    with pytest.raises(Cancelled):
        fetch_media(downloader(tmp_path, cancelled=cancelled), host.url("/r/v.m3u8"))
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing half-joined is left
    assert "/r/4.ts" not in host.asked


def test_sound_kept_apart_is_said(
    host: Host, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    serve_video(host, {"/a/v/1.ts": ts_segment(15)})
    host.routes["/a/master.m3u8"] = playlist(
        "#EXTM3U",
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",URI="audio/index.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO="aac"',
        "v/index.m3u8",
    )
    host.routes["/a/v/index.m3u8"] = media_playlist("1.ts")
    with caplog.at_level("WARNING", logger="creator_backup.backup.hls"):
        got = fetch_media(downloader(tmp_path), host.url("/a/master.m3u8"))
    assert got.temp.read_bytes() == ts_segment(15)
    assert "sound apart" in caplog.text


# -- the type --------------------------------------------------------------------------------


def test_mpeg_ts_is_known_by_its_sync_bytes() -> None:
    segment = ts_segment(14)
    assert sniff(segment) == "video/mp2t" and EXTENSIONS["video/mp2t"] == "ts"
    assert sniff(segment[:376]) == "video/mp2t"  # a whole two-packet file
    assert sniff(segment[:300]) is None  # not a whole number of packets
    broken = bytearray(segment)
    broken[376] = 0x48
    assert not is_transport_stream(bytes(broken)) and sniff(bytes(broken)) is None
    assert sniff(b"G" + b"\x00" * 1000) is None  # one sync byte is not a stream
    assert relative_path("ab" * 32, "video/mp2t").endswith(".ts")


# -- through a real backup ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def realism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, Path, Any]]:
    sandbox = Sandbox(
        SandboxConfig(
            hostile=True, seed=11, boards=3, pins=80, realism=True, section_conflict_rate=0.0
        )
    ).start()
    root = tmp_path_factory.mktemp("hls") / "archive"
    try:
        result = do_backup(sandbox, root)
        yield sandbox, root, result
    finally:
        sandbox.stop()


def test_hls_pins_are_stored_as_one_file_of_the_best_variant(
    realism: tuple[Sandbox, Path, Any],
) -> None:
    sandbox, root, result = realism
    assert result.complete and result.failed == []
    catalogue = requests.get(sandbox.origin + "/_sandbox/realism", timeout=30).json()
    hls_pins = set(catalogue["pins"]["video_hls"])
    assert hls_pins, "the sandbox account has HLS videos"
    pins = {p["id"]: p for p in sandbox_state(sandbox)["pins"] if p["id"] in hls_pins}
    with db(root) as conn:
        for pin_id, pin in pins.items():
            url = pin["media"]["video_url"]
            assert url.endswith(".m3u8")
            row = conn.execute(
                "SELECT mu.status, mu.sha256, mu.source_url, m.content_type, m.path "
                "FROM media_urls mu JOIN media m ON m.sha256 = mu.sha256 WHERE mu.url = ?",
                (url,),
            ).fetchone()
            assert row is not None, pin_id
            assert row["status"] == "ok" and row["sha256"] == pin["video_sha256"]
            assert row["content_type"] == "video/mp2t" and row["path"].endswith(".ts")
            # The source is the best variant's playlist, beside the master.
            master = requests.get(url, timeout=30).text.splitlines()
            best = max(
                (line for line in master if line.startswith("#EXT-X-STREAM-INF")),
                key=lambda line: int(line.split("BANDWIDTH=")[1].split(",")[0]),
            )
            variant = master[master.index(best) + 1]
            assert row["source_url"] == url.rsplit("/", 1)[0] + "/" + variant
            data = (root / row["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row["sha256"]
            # version_media names the playlist, one address per position.
            listed = [
                r[0]
                for r in conn.execute(
                    "SELECT vm.url FROM versions v JOIN version_media vm ON vm.version_id = v.id "
                    "WHERE v.object_id = ? ORDER BY v.id DESC, vm.position",
                    (pin_id,),
                )
            ]
            assert url in listed and row["source_url"] not in listed
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
    assert report.ok, json.dumps(report.problems)
