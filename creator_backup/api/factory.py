"""Builds a ready client from its parts; the composition roots (CLI, GUI) call this."""

from __future__ import annotations

import time
from collections.abc import Callable

from creator_backup.api.client import PinterestClient
from creator_backup.api.ratelimit import DayBudget, RateLimiter
from creator_backup.api.transport import CancelCheck, RetryPolicy, TokenProvider, Transport


def make_client(
    api_base: str,
    tokens: TokenProvider,
    *,
    limits: dict[str, int] | None = None,
    trial: DayBudget | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    cancel: CancelCheck | None = None,
) -> PinterestClient:
    limiter = RateLimiter(clock, sleep, limits=limits, trial=trial)
    transport = Transport(
        api_base, tokens, limiter, retry=retry, sleep=sleep, clock=clock, cancel=cancel
    )
    return PinterestClient(transport)
