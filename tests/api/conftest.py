"""Fixtures for the API client's tests: sandboxes on loopback, fake time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import FakeClock, SandboxFactory


@pytest.fixture
def make_sandbox() -> Iterator[SandboxFactory]:
    factory = SandboxFactory()
    yield factory
    factory.stop_all()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
