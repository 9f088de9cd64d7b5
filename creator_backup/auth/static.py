"""A token that cannot be renewed: pasted from Pinterest's developer dashboard, or given
in CREATOR_BACKUP_ACCESS_TOKEN for scheduled and headless use."""

from __future__ import annotations

from creator_backup.api.errors import AuthenticationFailed


class StaticToken:
    def __init__(self, access_token: str) -> None:
        self._token = access_token

    def current(self) -> str:
        return self._token

    def refresh_after(self, rejected: str) -> str:
        raise AuthenticationFailed(
            "Pinterest refused the access token, and a pasted token cannot be renewed. "
            "Create a new one, or log in instead."
        )
