"""What a login may see, told honestly: Pinterest's word where it gave one (the scopes of
a token answer), else what a few one-item calls showed (a pasted token), never a guess.
And the app's access tier, read from the rate-limit headers of an answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from creator_backup.api.budget import window_access
from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ApiError, MissingScope
from creator_backup.api.transport import ResponseRecord
from creator_backup.auth.oauth import READ_SCOPES, TokenSet

log = logging.getLogger(__name__)

SECRET_READ_SCOPES = ("boards:read_secret", "pins:read_secret")


@dataclass(frozen=True)
class ScopeFindings:
    """Scopes seen working and scopes seen refused; any other is not known."""

    granted: tuple[str, ...]
    refused: tuple[str, ...]


@dataclass(frozen=True)
class ScopeKnowledge:
    """What is known of a login's read scopes: granted, missing, and neither (unknown)."""

    granted: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def sees_secret(self) -> bool | None:
        """Whether secret boards and pins are seen: False when a secret read scope is
        known missing, True when both are known granted, None otherwise."""
        if set(SECRET_READ_SCOPES) & set(self.missing):
            return False
        if set(SECRET_READ_SCOPES) <= set(self.granted):
            return True
        return None


def knowledge(tokens: TokenSet) -> ScopeKnowledge:
    """A saved login's read scopes. Pinterest's list is the whole truth (what it does not
    list is missing); a probed list is only what was seen, either way; no list at all (a
    token pasted before scopes were probed) says nothing."""
    ordered = tuple(s for s in READ_SCOPES if s in tokens.scopes)
    extra = tuple(s for s in tokens.scopes if s not in READ_SCOPES)
    if tokens.scopes_probed:
        missing = tuple(s for s in READ_SCOPES if s in tokens.refused)
        return ScopeKnowledge(ordered + extra, missing)
    if not tokens.scopes:
        return ScopeKnowledge((), ())
    return ScopeKnowledge(ordered + extra, tuple(s for s in READ_SCOPES if s not in tokens.scopes))


def probe_read_scopes(client: PinterestClient) -> ScopeFindings:
    """The read scopes of a token that was just seen reading its account, found by at most
    four one-item listings. A scope counts as granted only when a call that needs it
    answered (a secret scope: with something secret in the answer), and as refused only when Pinterest refused
    that call for a permission:

    - boards:read by listing boards, pins:read by listing the user's pins;
    - boards:read_secret by listing secret boards: a secret board in the answer shows it,
      a refusal shows its absence, an empty answer shows nothing (there may be none);
    - pins:read_secret by listing the pins of a secret board seen, when there is one: a
      pin in the answer shows it, a refusal shows its absence, an empty answer shows
      nothing (the board may have no pins, or Pinterest may hide them).

    Any other failure (Pinterest busy, the network) ends the probe: what is unseen stays
    unknown, and the login goes on."""
    granted = ["user_accounts:read"]
    refused: list[str] = []

    def tried(
        scope: str,
        call: Callable[[], list[dict[str, Any]]],
        shown_by: Callable[[list[dict[str, Any]]], bool] = lambda items: True,
    ) -> list[dict[str, Any]] | None:
        """The call's items, with `scope` noted as refused (None), or as granted when the
        answer shows it (`shown_by`); an answer that does not show it leaves it unknown."""
        try:
            items = call()
        except MissingScope:
            refused.append(scope)
            return None
        if shown_by(items):
            granted.append(scope)
        return items

    try:
        if tried("boards:read", client.peek_boards) is None:
            return ScopeFindings(tuple(granted), tuple(refused))  # nothing else can be read
        tried("pins:read", client.peek_own_pins)
        listed = tried("boards:read_secret", lambda: client.peek_boards("SECRET"), shows_secret)
        secret = [b for b in listed or () if b.get("privacy") == "SECRET"]
        board_id = str(secret[0].get("id", "")) if secret else ""
        if board_id.isdigit() and "pins:read" in granted:
            tried("pins:read_secret", lambda: client.peek_board_pins(board_id), shows_pins)
    except ApiError as exc:
        log.info("scope probe stopped: %s", type(exc).__name__)
    return ScopeFindings(tuple(granted), tuple(refused))


def shows_secret(boards: list[dict[str, Any]]) -> bool:
    """Whether a listing of secret boards shows the permission: a secret board came back."""
    return any(b.get("privacy") == "SECRET" for b in boards)


def shows_pins(pins: list[dict[str, Any]]) -> bool:
    """Whether a secret board's pin listing shows the permission: a pin came back. An
    empty answer may be a board with no pins, or Pinterest hiding them."""
    return bool(pins)


def access_tier(response: ResponseRecord | None) -> str:
    """ "trial", "standard" or "unknown", from one answer's rate-limit window (read as the
    day's budget reads it: api/budget.window_access)."""
    return window_access(response.ratelimit_reset if response is not None else None)
