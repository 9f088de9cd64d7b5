"""Fixtures for login, tokens and secrets: fake time. Their sandboxes come from make_sandbox
(tests/conftest.py), with section conflicts off."""

from __future__ import annotations

import pytest

from tests.api.helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
