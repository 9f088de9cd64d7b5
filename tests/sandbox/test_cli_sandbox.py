"""`creator-backup sandbox` as a process: one JSON line, a working API, clean signal exits."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.platforms import posix_signals

from .helpers import TIMEOUT, JsonDict

ROOT = Path(__file__).resolve().parents[2]
CLI_ARGS = ["sandbox", "--json", "--port", "0", "--pins", "50"]


def has_cli() -> bool:
    return importlib.util.find_spec("creator_backup.cli") is not None


def command(*extra: str) -> list[str]:
    """The real CLI when it exists; until then the runner it wraps, with the same settings."""
    if has_cli():
        code = "from creator_backup.cli import main; raise SystemExit(main())"
        return [sys.executable, "-c", code, *CLI_ARGS, *extra]
    assert not extra, "flags need the CLI"
    code = (
        "from creator_backup.sandbox.config import SandboxConfig\n"
        "from creator_backup.sandbox.runner import serve\n"
        "raise SystemExit(serve(SandboxConfig(port=0, pins=50), json_output=True))\n"
    )
    return [sys.executable, "-c", code]


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"no output within {timeout} s")
    return process.stdout.readline()


@contextlib.contextmanager
def start(*extra: str) -> Iterator[tuple[subprocess.Popen[str], JsonDict]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        command(*extra),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = read_line(process, 20)
        assert line.endswith("\n"), (line, process.poll())
        yield process, json.loads(line)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def running() -> Iterator[tuple[subprocess.Popen[str], JsonDict]]:
    with start() as started:
        yield started


def listening_addresses(port: int) -> set[str]:
    """Local addresses of LISTEN sockets on `port`, from /proc/net/tcp{,6}."""
    found: set[str] = set()
    for name in ("tcp", "tcp6"):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for row in table.read_text().splitlines()[1:]:
            fields = row.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


@posix_signals
def test_prints_one_json_line_and_serves(
    running: tuple[subprocess.Popen[str], JsonDict],
) -> None:
    process, info = running
    assert {"api_base", "access_token", "username"} <= set(info)
    response = requests.get(
        info["api_base"] + "/user_account",
        headers={"Authorization": f"Bearer {info['access_token']}"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.json()["username"] == info["username"]
    assert response.json()["pin_count"] == 50
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    assert process.stdout is not None
    assert process.stdout.read() == ""  # nothing after the one line


@posix_signals
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_it_promptly_with_exit_0(
    running: tuple[subprocess.Popen[str], JsonDict], sig: signal.Signals
) -> None:
    process, info = running
    start = time.monotonic()
    process.send_signal(sig)
    assert process.wait(timeout=10) == 0
    assert time.monotonic() - start < 3
    with pytest.raises(requests.ConnectionError):
        requests.get(info["api_base"] + "/user_account", timeout=2)


def test_binds_to_loopback_only(
    running: tuple[subprocess.Popen[str], JsonDict],
) -> None:
    _, info = running
    ports = [urlsplit(info["api_base"]).port]
    if "media_base" in info:
        ports.append(urlsplit(info["media_base"]).port)
    for port in ports:
        assert port is not None
        assert urlsplit(info["api_base"]).hostname == "127.0.0.1"
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1
        address = outside_address()
        if address is not None:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()


def test_refuses_to_bind_beyond_loopback() -> None:
    for host in ("0.0.0.0", "192.0.2.10", "example.com"):
        with pytest.raises(ValueError):
            Sandbox(SandboxConfig(hostile=True, host=host))


@posix_signals
@pytest.mark.skipif(not has_cli(), reason="creator_backup.cli is not written yet")
def test_latency_and_bandwidth_flags() -> None:
    with start("--latency-ms", "200", "--bandwidth-mbps", "2") as (process, info):
        headers = {"Authorization": f"Bearer {info['access_token']}"}
        began = time.monotonic()
        pins = requests.get(info["api_base"] + "/pins", headers=headers, timeout=TIMEOUT).json()[
            "items"
        ]
        assert time.monotonic() - began >= 0.2
        url = pins[0]["media"]["images"]["1200x"]["url"]
        began = time.monotonic()
        size = len(requests.get(url, timeout=TIMEOUT).content)
        mbps = size * 8 / (time.monotonic() - began) / 1_000_000
        assert mbps <= 2 * 1.25
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
