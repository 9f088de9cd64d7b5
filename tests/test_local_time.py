"""Dates in the user's own language and order, in their own time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from creator_backup.local_time import LOCALE_ENV, date_time_text, user_locale
from creator_backup.words import when_text

MOMENT = datetime(2026, 12, 2, 6, 16, tzinfo=UTC)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"LANG": "en_GB.UTF-8"}, "2 Dec 2026, 06:16"),
        ({"LANG": "en_US.UTF-8"}, "Dec 2, 2026, 6:16\u202fAM"),
        ({"LANG": "C.UTF-8"}, "2 Dec 2026, 06:16"),  # no locale named: the app's own
        ({"LANG": "fr_FR.UTF-8"}, "2 déc. 2026, 06:16"),
        ({"LANG": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}, "Dec 2, 2026, 6:16\u202fAM"),
        ({"LANG": "en_US.UTF-8", LOCALE_ENV: "de_DE"}, "2. Dez. 2026, 06:16"),
        ({"LANG": "xx_NOWHERE"}, "2 Dec 2026, 06:16"),
    ],
)
def test_a_moment_is_written_as_the_user_s_locale_writes_it(
    monkeypatch: pytest.MonkeyPatch, utc: None, env: dict[str, str], said: str
) -> None:
    for name in ("LC_ALL", "LC_TIME", "LANG", LOCALE_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # CLDR puts a narrow no-break space before AM; a space is what a reader sees.
    assert date_time_text(MOMENT).replace("\u202f", " ") == said.replace("\u202f", " ")
    assert when_text("2026-12-02T06:16:00Z") == date_time_text(MOMENT)
    assert str(user_locale())


def test_the_time_zone_is_the_user_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.delenv(LOCALE_ENV, raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert when_text("2026-12-02T06:16:00Z") == "2 Dec 2026, 15:16"
    finally:
        monkeypatch.undo()
        time.tzset()
