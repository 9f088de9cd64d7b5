"""Reliability tests: the real CLI and the real core against the sandbox, on real disks."""

from __future__ import annotations

from tests.backup.conftest import archive_root

__all__ = ["archive_root"]
