"""What the app owner's own token shows about a Pinterest app: whose it is, and its access
tier (from the rate-limit window of the answer). One request, GET /user_account."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from creator_backup.api.budget import UNKNOWN
from creator_backup.api.errors import AccountUnavailable, ApiError
from creator_backup.api.factory import make_client
from creator_backup.api.ratelimit import DayBudget
from creator_backup.api.transport import ResponseRecord, RetryPolicy
from creator_backup.auth.scopes import access_tier
from creator_backup.auth.static import StaticToken

# A check is waited for by a person: one more try, and no long waits.
CHECK_RETRY = RetryPolicy(attempts=2, max_wait_s=10.0)


@dataclass(frozen=True)
class OwnerLook:
    owner: str | None  # the app owner's username; None when the account could not be read
    access: str  # "trial", "standard" or "unknown"
    problem: str = ""  # why the owner is None, in words for a person ("" when read)


def look_as_owner(
    api_base: str,
    access_token: str,
    clock: Callable[[], float] = time.time,
    budget: DayBudget | None = None,
) -> OwnerLook:
    """Reads the account the app owner's token belongs to; the answer's rate-limit
    headers (sent with refusals too) tell the access tier. `budget`: the app's day's
    budget, which the read spends from."""
    seen: list[ResponseRecord] = []
    client = make_client(
        api_base, StaticToken(access_token), clock=clock, retry=CHECK_RETRY, trial=budget
    )
    try:
        with client.observing(seen.append):
            account = client.get_account()
        return OwnerLook(account.username, access_tier(seen[-1] if seen else None))
    except AccountUnavailable as exc:
        return OwnerLook(None, access_tier(seen[-1] if seen else None), exc.message)
    except ApiError as exc:
        return OwnerLook(None, access_tier(seen[-1]) if seen else UNKNOWN, exc.message)
    finally:
        client.close()
