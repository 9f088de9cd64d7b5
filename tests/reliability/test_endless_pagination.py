"""A server that never stops handing out bookmarks: a listing ends when its pages bring
nothing new, or when it passes what the account says it holds (with a margin), and the run
is closed as failed (partial) with the reason, never left to run forever."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.api.pagination import COUNT_SLACK
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import sandbox_state

from .figures import record
from .helpers import only_archive, run_cli, sandbox_env


def endless(sandbox: Sandbox, path: str, fresh: bool) -> None:
    body = {"endless": [{"path": path, "fresh": fresh}]}
    answer = requests.post(sandbox.origin + "/_sandbox/malformed", json=body, timeout=30)
    assert answer.status_code == 200, answer.text


def requests_to(sandbox: Sandbox, endpoint: str) -> int:
    state = requests.get(sandbox.origin + "/_sandbox/state?pins=0&media=0", timeout=30).json()
    count: int = state["requests"]["by_endpoint"].get(endpoint, 0)
    return count


@pytest.mark.parametrize(
    ("path", "endpoint", "fresh", "reason"),
    [
        (r"^/v5/boards/\d+/pins$", "GET /v5/boards/{board_id}/pins", False, "nothing new"),
        ("^/v5/pins$", "GET /v5/pins", True, "more than the"),
    ],
)
def test_an_endless_listing_ends_the_run_as_partial_with_its_reason(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    tmp_path: Path,
    path: str,
    endpoint: str,
    fresh: bool,
    reason: str,
) -> None:
    sandbox = make_sandbox(seed=54, boards=2, pins=20)
    state: dict[str, Any] = sandbox_state(sandbox)
    endless(sandbox, path, fresh)
    env = sandbox_env(sandbox, cli_env)

    result = run_cli(env, "backup", "--json", timeout=300)

    assert result.code == 5, (result.code, result.err)
    body = json.loads(result.out)
    assert body["outcome"] == "failed" and reason in body["stopped"], body["stopped"]
    with Archive.open(only_archive(env), write=False) as archive:
        assert [s.status for s in archive.snapshots()] == ["partial"]
    pages = requests_to(sandbox, endpoint)
    if fresh:
        # Own pins: bounded by the account's pin count and the margin, page by page.
        page = len([p for p in state["pins"] if p["is_owner"]])
        bound = state["account"]["pin_count"] + COUNT_SLACK
        assert pages <= math.ceil(bound / max(1, page)) + 1, pages
    else:
        assert pages <= 2 * len(state["boards"]), pages  # a second page of each, at most
    record(hostile_inputs=1, items_lost=0)
