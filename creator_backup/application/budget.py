"""The day's request budget of each Pinterest app, as both faces read it and as every
login's client spends it: one budget per app (its app id), or per API and account for a
token pasted or given in the environment, kept in the config folder (api/budget.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from creator_backup.api.budget import (
    TRIAL,
    BudgetReading,
    FileBudgetStore,
    RequestBudget,
)
from creator_backup.auth.accounts import AccountRecord
from creator_backup.settings import SettingsStore
from creator_backup.words import moment_text, plural

# The key of a token given in the environment for no connected account.
ENVIRONMENT_KEY = "environment token"


@dataclass(frozen=True)
class BudgetStatus:
    access: str  # "trial" | "standard" | "unknown"
    limit: int | None  # requests per day on Trial, else None
    used_today: int
    left: int | None  # None when there is no daily limit known
    resets_at: float | None  # epoch seconds
    sentence: str  # "" for Standard, or when nothing is known

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def status_sentence(reading: BudgetReading, now: float) -> str:
    """The budget in words: "Pinterest allows your app 640 more requests today (Trial
    access, 1,000 a day)."; with none left, when more are allowed."""
    if reading.access != TRIAL or reading.limit is None or reading.left is None:
        return ""
    tier = f"Trial access, {reading.limit:,} a day"
    if reading.left > 0:
        more = plural(reading.left, "more request")
        return f"Pinterest allows your app {more} today ({tier})."
    when = f"; more are allowed {moment_text(reading.resets_at, now)}" if reading.resets_at else ""
    return f"Pinterest allows your app no more requests today ({tier}){when}."


class Budgets:
    """Each app's budget, under one config folder, for one API."""

    def __init__(
        self, config_dir: Path, api_base: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.config_dir = config_dir
        self.api_base = api_base.rstrip("/")
        self.clock = clock
        self.store = FileBudgetStore(config_dir)

    def key(self, record: AccountRecord | None) -> str:
        """Whose budget a login spends: its app's, when the login came through an app
        (Pinterest counts Trial requests per app, whoever of its users makes them); else
        the account's on this API (a pasted token's app is not known); else, for a token
        in the environment of no connected account, that token's (an archive without a
        login is only a guess at whose it is, one a first backup changes: the day's count
        must not move with it)."""
        if record is None or record.archive_only:
            return f"{self.api_base}|{ENVIRONMENT_KEY}"
        if record.app_id:
            return f"{self.api_base}|app:{record.app_id}"
        return f"{self.api_base}|account:{record.username}"

    def access_setting(self) -> str:
        return SettingsStore(self.config_dir).load().access

    def for_login(self, record: AccountRecord | None) -> RequestBudget:
        """The budget a login's client spends from (read again for each login: the
        setting may have changed in the window meanwhile)."""
        return RequestBudget(self.store, self.key(record), self.access_setting())

    def reading(self, record: AccountRecord | None) -> BudgetReading:
        return self.for_login(record).reading(self.clock())

    def status(self, record: AccountRecord | None) -> BudgetStatus:
        reading = self.reading(record)
        return BudgetStatus(
            access=reading.access,
            limit=reading.limit,
            used_today=reading.used_today,
            left=reading.left,
            resets_at=reading.resets_at,
            sentence=status_sentence(reading, self.clock()),
        )
