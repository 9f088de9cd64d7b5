"""How the app names an account: by the id Pinterest gives it, or, when Pinterest sends
none (the account's shape before API spec 5.10, or a data export read with no login), by
its username under a prefix that no id can have. The key never becomes a path as it is."""

from __future__ import annotations

USERNAME_KEY = "user:"


def username_key(username: str) -> str:
    return USERNAME_KEY + username


def username_of_key(account_key: str) -> str | None:
    """The username a username key names; None for an id."""
    if account_key.startswith(USERNAME_KEY):
        name = account_key[len(USERNAME_KEY) :]
        return name if name.strip() else None
    return None
