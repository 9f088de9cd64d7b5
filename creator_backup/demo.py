"""The demo environment: an embedded sandbox with a generated account, ready to use.

Used by `creator-backup-gui --demo` and the headless `creator-backup demo`, so a new user
can try everything before connecting a real Pinterest account. The account is a creator's:
a potter who also draws and prints, with boards such as "Glaze tests", "Wheel-thrown
mugs" and "Botanical linocuts", each with pins and pictures of its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import requests

from creator_backup.api.client import PinterestClient
from creator_backup.api.factory import make_client
from creator_backup.auth.static import StaticToken
from creator_backup.sandbox import Sandbox, SandboxConfig

DEMO_SEED = 7
DEMO_BOARDS = 12
DEMO_PINS = 300


@dataclass
class DemoEnvironment:
    sandbox: Sandbox

    @property
    def api_base(self) -> str:
        return self.sandbox.api_base

    def client(self) -> PinterestClient:
        return make_client(self.sandbox.api_base, StaticToken(self.sandbox.access_token))

    def close(self) -> None:
        self.sandbox.stop()

    @property
    def controls(self) -> DemoControls:
        return DemoControls(self.sandbox.origin)


@dataclass(frozen=True)
class DemoControls:
    """What only Pinterest can do to an account, done to the demo's sandbox account through
    its test controls: the Demo menu's story of a loss, an appeal and a reinstatement."""

    origin: str

    def _post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = requests.post(f"{self.origin}/_sandbox/{path}", json=body or {}, timeout=30)
        response.raise_for_status()
        body = response.json()
        return body if isinstance(body, dict) else {}

    def _state(self) -> dict[str, Any]:
        response = requests.get(f"{self.origin}/_sandbox/state?media=0", timeout=60)
        response.raise_for_status()
        body = response.json()
        return body if isinstance(body, dict) else {}

    def remove_some(self, pins: int = 6, seed: int | None = None) -> dict[str, list[str]]:
        """Removes a board and a handful of pins from other boards, as a moderation wave
        "due to an internal error" would. Returns the ids removed ("boards", "pins") and
        the removed board's name ("board_names"), for telling the story."""
        state = self._state()
        chooser = random.Random(seed)  # noqa: S311 (a demo's choice, not a secret)
        names = {b["id"]: str(b.get("name") or "") for b in state.get("boards", [])}
        if not names:
            return {"boards": [], "pins": [], "board_names": []}
        board = chooser.choice(list(names))
        others = [p["id"] for p in state.get("pins", []) if p.get("board_id") != board]
        chosen = chooser.sample(others, min(pins, len(others)))
        self._post(f"boards/{board}/remove")
        for pin_id in chosen:
            self._post(f"pins/{pin_id}/remove")
        return {"boards": [board], "pins": chosen, "board_names": [names[board]]}

    def suspend(self) -> None:
        self._post("account/suspend")

    def reinstate(self) -> None:
        """The account comes back, without the content removed while it was away: what
        restore is for."""
        self._post("account/reinstate", {"restore_content": False})


def start_demo(
    seed: int = DEMO_SEED, boards: int = DEMO_BOARDS, pins: int = DEMO_PINS, hostile: bool = False
) -> DemoEnvironment:
    """The demo's account: a believable creator (a potter who draws and prints). Only
    tests ask for `hostile` names, which no creator would show a newcomer."""
    # Section conflicts stay on: the demo shows the app coping with Pinterest as it is.
    config = SandboxConfig(seed=seed, boards=boards, pins=pins, hostile=hostile)
    sandbox = Sandbox(config).start()
    return DemoEnvironment(sandbox)
