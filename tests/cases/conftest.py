"""A connected sandbox account with one backup, and notices naming its own pins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import sandbox_state
from tests.cli.helpers import run_cli

MakeSandbox = Callable[..., Sandbox]
HOSTILE = ("<img src=x onerror=alert(1)>", "</table><h1>FAKE</h1>")
NOTICES = Path(__file__).parent / "notices"


@dataclass
class Backed:
    env: dict[str, str]
    pins: list[dict[str, Any]]  # the sandbox's pins, hostile titles among them
    boards: dict[str, str]  # board id: name
    folder: Path


@pytest.fixture
def backed(make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path) -> Backed:
    sandbox = make_sandbox(seed=31, boards=4, pins=60)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base)
    login = run_cli(env, "login", "--access-token-stdin", stdin=sandbox.access_token)
    assert login.code == 0, login.err
    backup = run_cli(env, "backup", timeout=120)
    assert backup.code == 0, backup.err
    state = sandbox_state(sandbox)
    boards = {board["id"]: board["name"] for board in state["boards"]}
    return Backed(env, state["pins"], boards, tmp_path)


def write_notice(folder: Path, name: str, pin_ids: list[str], board: str,
                 enforcement_id: str = "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f") -> Path:  # fmt: skip
    """The e-mail fixture with the account's own pins and board in it."""
    text = (NOTICES / "removed.eml").read_text("utf-8")
    pins = "\n".join(f"Pin ID: {pin}" for pin in pin_ids)
    text = text.replace("Pin ID: 1130000000000000001", pins, 1)
    text = text.replace("Saved to: Kitchen ideas", f"Saved to: {board}", 1)
    text = text.replace("3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f", enforcement_id)
    path = folder / name
    path.write_text(text, "utf-8")
    return path
