"""The demo environment: an embedded sandbox with a generated account, ready to use.

Used by `creator-backup-gui --demo` and the headless `creator-backup demo`, so a new user
can try everything before connecting a real Pinterest account.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def start_demo(
    seed: int = DEMO_SEED, boards: int = DEMO_BOARDS, pins: int = DEMO_PINS
) -> DemoEnvironment:
    # Section conflicts stay on: the demo shows the app coping with Pinterest as it is.
    sandbox = Sandbox(SandboxConfig(seed=seed, boards=boards, pins=pins)).start()
    return DemoEnvironment(sandbox)
