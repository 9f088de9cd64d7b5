"""Where the app finds Pinterest's API: one home for the address and the way to change it."""

from __future__ import annotations

from collections.abc import Mapping

PINTEREST_API_BASE = "https://api.pinterest.com/v5"
# Points the app at another server with Pinterest's API (the sandbox, in the demo and tests).
API_BASE_ENV = "CREATOR_BACKUP_API_BASE"


def api_base_from(env: Mapping[str, str], given: str | None = None) -> str:
    """The API base a run uses: the one given (a command's option), else the environment's,
    else Pinterest's own."""
    return given or env.get(API_BASE_ENV) or PINTEREST_API_BASE
