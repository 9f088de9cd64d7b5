"""Fixtures for the sandbox's behaviour tests: real `Sandbox` instances on loopback, started
by the shared make_sandbox (tests/conftest.py) with the sandbox's own defaults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.sandbox_fixture import MakeSandbox

from .helpers import Client

__all__ = ["MakeSandbox"]


@pytest.fixture
def sandbox_defaults() -> dict[str, Any]:
    """The sandbox's own defaults, section conflicts included: these tests are about them.
    The account carries hostile text, as every test account does (tests/sandbox_fixture.py)."""
    return {"hostile": True}


@pytest.fixture
def make_client() -> Iterator[Callable[[Sandbox], Client]]:
    clients: list[Client] = []

    def make(sandbox: Sandbox) -> Client:
        client = Client(sandbox)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def sandbox(make_sandbox: MakeSandbox) -> Sandbox:
    """A default account with extras; section conflicts off so writes are predictable."""
    return make_sandbox(seed=3, boards=10, pins=300, section_conflict_rate=0.0)


@pytest.fixture
def client(sandbox: Sandbox, make_client: Callable[[Sandbox], Client]) -> Client:
    return make_client(sandbox)


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[Sandbox]:
    """One read-only account per module, for tests that only look."""
    with Sandbox(SandboxConfig(hostile=True, seed=11, boards=10, pins=300)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def shared_client(shared_sandbox: Sandbox) -> Iterator[Client]:
    client = Client(shared_sandbox)
    yield client
    client.close()
