"""The composition root of the window: builds the services once and passes them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from creator_backup.api.client import PinterestClient
from creator_backup.api.models import Account
from creator_backup.demo import DemoEnvironment, start_demo
from creator_backup.paths import AppPaths


@dataclass
class Services:
    paths: AppPaths
    mode_label: str
    fetch_account: Callable[[], Account] | None
    # The embedded sandbox's origin in demo mode (its test controls drive the Demo menu).
    sandbox_origin: str | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def build_services(paths: AppPaths, demo: bool) -> Services:
    if not demo:
        # Connecting a real account arrives with the login work; until then the window
        # says so instead of pretending.
        return Services(paths, "Not connected", None)
    env: DemoEnvironment = start_demo()
    client: PinterestClient = env.client()
    services = Services(
        paths,
        "Demo: a local sandbox account (not Pinterest)",
        client.get_account,
        sandbox_origin=env.sandbox.origin,
    )
    services._closers.extend([env.close, client.close])
    return services
