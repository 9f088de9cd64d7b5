"""Fixtures for the API client's tests: fake time. Their sandboxes come from make_sandbox
(tests/conftest.py), with section conflicts off."""

from __future__ import annotations

import pytest

from .helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
