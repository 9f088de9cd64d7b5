"""Injected faults: latency, 5xx, resets, truncation, slow bodies, bandwidth; all seeded."""

from __future__ import annotations

import functools
import hashlib
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, assert_error, get_media

BROKEN = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)


def timed(call: Callable[[], requests.Response]) -> tuple[requests.Response, float]:
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def largest_image_url(pin: dict[str, object]) -> str:
    media = pin["media"]
    assert isinstance(media, dict)
    images = media.get("images") or media["items"][0]["images"]
    return str(images["1200x"]["url"])


# -- latency ------------------------------------------------------------------------------


def test_latency_control_adds_measured_delay(client: Client) -> None:
    _, base = timed(lambda: client.get("/user_account"))
    client.faults(latency_ms=300)
    response, slow = timed(lambda: client.get("/user_account"))
    assert response.status_code == 200
    assert slow >= 0.3
    media, media_time = timed(lambda: get_media(largest_image_url(client.items("/pins")[0])))
    assert media.status_code == 200 and media_time >= 0.3
    client.faults(latency_ms=0)
    _, after = timed(lambda: client.get("/user_account"))
    assert after < 0.3 and after < slow
    assert base < 0.3


def test_configured_latency_applies_to_every_response(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, latency_ms=150))
    for path in ("/user_account", "/boards", "/pins/1"):
        _, elapsed = timed(functools.partial(client.get, path))
        assert elapsed >= 0.15


def test_scripted_latency_hits_only_matching_requests(client: Client) -> None:
    client.faults(script=[{"kind": "latency", "path": "^/v5/boards$", "latency_ms": 300}])
    _, other = timed(lambda: client.get("/user_account"))
    _, hit = timed(lambda: client.get("/boards"))
    _, next_time = timed(lambda: client.get("/boards"))
    assert hit >= 0.3
    assert other < 0.3 and next_time < 0.3


# -- status faults ------------------------------------------------------------------------


def test_scripted_5xx_in_pinterest_shape_with_headers(client: Client) -> None:
    answer = client.faults(
        script=[
            {
                "kind": "status",
                "method": "GET",
                "path": "^/v5/pins$",
                "times": 2,
                "status": 503,
                "headers": {"Retry-After": "7"},
            }
        ]
    )
    assert answer["scripted"] == 2
    assert client.get("/user_account").status_code == 200  # path does not match
    for _ in range(2):
        response = client.get("/pins")
        assert_error(response, 503)
        assert response.headers["Retry-After"] == "7"
        assert response.headers["x-pinterest-rid"]
    assert client.get("/pins").status_code == 200
    assert client.state(pins=False)["faults_injected"] == {"status": 2}


def test_scripted_fault_respects_method(client: Client) -> None:
    client.faults(script=[{"kind": "status", "method": "POST", "path": "^/v5/boards$"}])
    assert client.get("/boards").status_code == 200
    assert_error(client.post("/boards", {"name": "Refused once"}), 503)
    assert client.post("/boards", {"name": "Refused once"}).status_code == 201


def test_scripted_429_carries_code_8(client: Client) -> None:
    client.faults(script=[{"kind": "status", "status": 429, "headers": {"x-ratelimit-reset": "5"}}])
    response = client.get("/boards")
    assert_error(response, 429, 8)
    assert response.headers["x-ratelimit-reset"] == "5"


def test_clear_script_removes_pending_faults(client: Client) -> None:
    client.faults(script=[{"kind": "status", "status": 500, "times": 5}])
    assert client.get("/boards").status_code == 500
    assert client.faults(clear_script=True)["scripted"] == 0
    assert client.get("/boards").status_code == 200


def test_unknown_fault_kind_is_refused(client: Client) -> None:
    response = client.control("POST", "/faults", {"script": [{"kind": "explode"}]})
    assert_error(response, 400)


def test_media_host_faults(client: Client) -> None:
    url = largest_image_url(client.items("/pins")[0])
    good = get_media(url)
    assert good.status_code == 200
    client.faults(script=[{"kind": "status", "path": "/1200x/", "status": 502}])
    assert get_media(url).status_code == 502
    client.faults(script=[{"kind": "truncate", "path": "/1200x/"}])
    with pytest.raises(BROKEN):
        get_media(url)
    again = get_media(url)
    assert again.content == good.content


# -- broken connections ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["reset", "truncate"])
def test_broken_body_raises_in_requests(client: Client, kind: str) -> None:
    client.faults(script=[{"kind": kind, "path": "^/v5/pins$"}])
    with pytest.raises(BROKEN):
        client.get("/pins", page_size=100)
    # The next request gets a whole answer on a new connection.
    assert len(client.ok("/pins", page_size=100)["items"]) == 100


def raw_get(sandbox: Sandbox, path: str) -> tuple[bytes, BaseException | None]:
    """The raw bytes of one response read until the connection ends, and how it ended."""
    address = urlsplit(sandbox.origin)
    assert address.hostname is not None and address.port is not None
    received = b""
    ended: BaseException | None = None
    with socket.create_connection((address.hostname, address.port), timeout=TIMEOUT) as conn:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"Authorization: Bearer {sandbox.access_token}\r\nConnection: close\r\n\r\n"
        )
        conn.sendall(request.encode())
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except OSError as err:
            ended = err
    return received, ended


def declared_and_received(raw: bytes) -> tuple[int, int]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(v) for k, _, v in (ln.partition(": ") for ln in lines) if k.lower() == "content-length"
    )
    return length, len(body)


def test_reset_is_a_tcp_reset_and_truncate_a_clean_close(client: Client) -> None:
    sandbox = client.sandbox
    client.faults(script=[{"kind": "reset", "path": "^/v5/pins$"}])
    raw, ended = raw_get(sandbox, "/v5/pins?page_size=100")
    assert isinstance(ended, ConnectionResetError)
    if raw:  # the reset may even overtake the bytes sent before it
        declared, got = declared_and_received(raw)
        assert got < declared
    client.faults(script=[{"kind": "truncate", "path": "^/v5/pins$"}])
    raw, ended = raw_get(sandbox, "/v5/pins?page_size=100")
    assert ended is None  # a clean end of stream, just too early
    declared, got = declared_and_received(raw)
    assert 0 < got < declared


def test_slow_body_arrives_whole(client: Client) -> None:
    expected = client.ok("/pins", page_size=50)
    client.faults(script=[{"kind": "slow", "path": "^/v5/pins$"}])
    response, elapsed = timed(lambda: client.get("/pins", page_size=50))
    assert response.status_code == 200
    assert response.json() == expected
    assert elapsed >= 0.5


# -- seeded random faults -----------------------------------------------------------------------


def fault_run(sandbox: Sandbox, requests_count: int) -> tuple[list[object], dict[str, int]]:
    """Outcomes of a fixed request sequence (status and body hash, or the error class),
    and the faults the sandbox says it injected."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {sandbox.access_token}"
    api = sandbox.api_base
    urls = [
        f"{api}/user_account",
        f"{api}/boards",
        f"{api}/pins?page_size=5",
        f"{api}/pins/1",
    ]
    media: list[str] = []
    outcomes: list[object] = []
    try:
        for n in range(requests_count):
            url = media[n % len(media)] if media and n % 3 == 2 else urls[n % len(urls)]
            try:
                response = session.get(url, timeout=TIMEOUT)
            except requests.RequestException as err:
                outcomes.append(type(err).__name__)
                continue
            # Bodies carry the sandbox's own ports in media URLs; compare without them.
            body = response.content.replace(sandbox.media_base.encode(), b"MEDIA")
            outcomes.append(
                (
                    response.status_code,
                    hashlib.sha256(body).hexdigest()[:12],
                    response.headers.get("x-pinterest-rid"),
                )
            )
            if not media and url.endswith("page_size=5") and response.status_code == 200:
                media = [largest_image_url(pin) for pin in response.json()["items"]]
        state = session.get(f"{sandbox.origin}/_sandbox/state?pins=0", timeout=TIMEOUT).json()
        injected: dict[str, int] = state["faults_injected"]
    finally:
        session.close()
    return outcomes, injected


def test_same_seed_gives_the_same_fault_sequence(make_sandbox: MakeSandbox) -> None:
    sandboxes = [make_sandbox(seed=seed, pins=40, fault_rate=0.35) for seed in (24, 24, 26)]
    results: dict[int, tuple[list[object], dict[str, int]]] = {}

    def run(index: int) -> None:
        results[index] = fault_run(sandboxes[index], 18)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(results) == {0, 1, 2}
    assert results[0] == results[1]
    injected = results[0][1]
    assert sum(injected.values()) >= 3, "the run should meet several faults"
    assert len(injected) >= 3, "of several kinds"
    assert results[0][0] != results[2][0], "another seed should give another sequence"


def test_fault_rate_zero_means_no_faults(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=20, fault_rate=0.0))
    assert all(client.get("/boards").status_code == 200 for _ in range(30))
    assert client.state(pins=False)["faults_injected"] == {}


def test_fault_rate_can_be_changed_at_run_time(client: Client) -> None:
    assert client.faults(fault_rate=1.0)["fault_rate"] == 1.0
    # Every request now draws a fault; most kinds are visible from the client.
    seen = 0
    for _ in range(6):
        try:
            response = client.get("/user_account")
            seen += response.status_code >= 500
        except requests.RequestException:
            seen += 1
    client.faults(fault_rate=0.0)
    injected = client.state(pins=False)["faults_injected"]
    assert sum(injected.values()) == 6
    assert seen >= 1
    assert client.get("/user_account").status_code == 200


# -- bandwidth ---------------------------------------------------------------------------------


def test_bandwidth_cap_limits_media_throughput(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    mbps = 4.0
    client = make_client(make_sandbox(seed=3, pins=40, bandwidth_mbps=mbps))
    urls = [largest_image_url(pin) for pin in client.ok("/pins", page_size=3)["items"]]
    client.faults(bandwidth_mbps=0)
    fast, fast_time = timed(lambda: get_media(urls[0]))  # also warms the render cache
    client.faults(bandwidth_mbps=mbps)
    capped, capped_time = timed(lambda: get_media(urls[0]))
    assert capped.content == fast.content
    size = len(capped.content)
    assert size > 100_000
    rate_mbps = size * 8 / capped_time / 1_000_000
    assert rate_mbps <= mbps * 1.25
    assert rate_mbps >= mbps * 0.25
    assert capped_time > 3 * fast_time

    # The cap is shared: two downloads at once still stay under it together.
    sizes: list[int] = []

    def fetch(url: str) -> None:
        sizes.append(len(get_media(url).content))

    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls[1:]]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    together = sum(sizes) * 8 / (time.monotonic() - start) / 1_000_000
    assert len(sizes) == 2
    assert together <= mbps * 1.25
