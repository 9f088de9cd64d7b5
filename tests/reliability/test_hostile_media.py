"""Hostile media behind real pins: HTML, an executable and an SVG labelled as images, a
gzip body the client never asked for, a file claiming 600 MB, addresses that are not web
addresses, and an image bomb (a small PNG claiming 20,000 x 20,000 pixels). Each is a
recorded failure and nothing of it is stored; the bomb, a real PNG, is kept as evidence
and refused by the thumbnailer when a packet is built, without a memory spike."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import sandbox_state
from tests.cli.helpers import CLI
from tests.render.test_render import png

from .figures import record
from .helpers import only_archive, run_cli, sandbox_env
from .test_malformed_api import malform

BOMB_SIDE = 20_000
RSS_CAP_MB = 512


def bomb() -> bytes:
    row = b"\x00" + b"\x00" * 3 * BOMB_SIDE
    return png(BOMB_SIDE, BOMB_SIDE, rows=row * 50)  # the other rows never come


# path -> (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/html-as-png": (200, {"Content-Type": "image/png"}, b"<!doctype html><h1>Sign in</h1>"),
    "/html": (200, {"Content-Type": "text/html"}, b"<html><body>consent</body></html>"),
    "/exe-as-jpeg": (200, {"Content-Type": "image/jpeg"}, b"MZ\x90\x00\x03" + b"\x00" * 500),
    "/svg": (200, {"Content-Type": "image/svg+xml"}, b'<svg onload="alert(1)"></svg>'),
    "/gzip-as-png": (
        200,
        {"Content-Type": "image/png", "Content-Encoding": "gzip"},
        b"\x1f\x8b\x08\x00" + b"\x00" * 200,
    ),
    "/huge": (200, {"Content-Type": "image/png", "Content-Length": str(600 * 2**20)}, b""),
    "/bomb.png": (200, {"Content-Type": "image/png"}, bomb()),
}
NOT_WEB = ("file:///etc/passwd", "javascript:alert(1)")


class Hostile(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, headers, body = ROUTES[self.path]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)  # /huge: the promised 600 MB never come; the cap stops it first


@pytest.fixture
def hostile_host() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def rss_of(env: dict[str, str], *args: str) -> tuple[int, int]:
    """Runs the CLI; returns its exit code and its own peak memory in MB. The peak is the
    kernel's high-water mark of the process's own memory (VmHWM), read until it exits:
    getrusage would count the pytest process it was forked from."""
    process = subprocess.Popen([sys.executable, "-c", CLI, *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    status = Path(f"/proc/{process.pid}/status")
    peak_kb = 0
    while process.poll() is None:
        try:
            found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
        except OSError:
            break  # gone between the poll and the read
        if found:
            peak_kb = max(peak_kb, int(found.group(1)))
        time.sleep(0.02)
    process.wait(timeout=60)
    assert peak_kb > 0, "the process was never seen running"
    return process.returncode, peak_kb // 1024


def test_hostile_media_is_a_recorded_failure_and_never_stored(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    hostile_host: str,
    tmp_path: Path,
) -> None:
    sandbox = make_sandbox(seed=61, boards=3, pins=30)
    pins = [p["id"] for p in sandbox_state(sandbox)["pins"]]
    urls = [hostile_host + path for path in ROUTES] + list(NOT_WEB)
    malform(
        sandbox,
        [{"ids": [pin], "mangle": "media_url", "url": url} for pin, url in zip(pins, urls, strict=False)],
    )  # fmt: skip
    env = sandbox_env(sandbox, cli_env)
    result = run_cli(env, "backup", "--json", timeout=180)
    assert result.code == 5, result.err  # complete, but some files failed
    body = json.loads(result.out)
    assert body["complete"] is True
    failed = {f["url"]: f["reason"] for f in body["failed"]}
    refused = set(urls) - {hostile_host + "/bomb.png"}
    assert set(failed) == refused
    assert failed[hostile_host + "/huge"] == "larger than the 512 MB cap"
    for url in NOT_WEB:
        assert failed[url] == "not a web address"
    for path in ("/html-as-png", "/html", "/exe-as-jpeg", "/svg", "/gzip-as-png"):
        assert "not an image or video" in failed[hostile_host + path], failed[hostile_host + path]

    root = only_archive(env)
    with Archive.open(root, write=False) as archive:
        assert verify(archive, read_data=True).ok
        stored = {
            str(r[0]): str(r[1])
            for r in archive.conn.execute(
                "SELECT mu.url, m.content_type FROM media_urls mu JOIN media m USING (sha256)"
            )
        }  # fmt: skip
    assert refused.isdisjoint(stored)
    assert set(stored.values()) <= {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "video/mp4",
    }
    assert stored[hostile_host + "/bomb.png"] == "image/png"  # a real PNG: kept as evidence
    for name in ("html", "exe", "svg"):
        assert not list(root.rglob(f"*.{name}"))

    # A packet of everything thumbnails the bomb too: refused, within the memory cap.
    code, peak_mb = rss_of(env, "appeal", "--all", "--out", str(tmp_path / "packet.zip"))
    assert code == 0
    assert peak_mb < RSS_CAP_MB, f"{peak_mb} MB"
    record(hostile_inputs=len(urls), items_lost=0)
