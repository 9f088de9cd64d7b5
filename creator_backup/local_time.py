"""Dates and times as the user's own language writes them, in their own time zone: "2 Dec
2026, 06:16" in British English, "Dec 2, 2026, 6:16 AM" in American, "2 déc. 2026, 06:16"
in French. Both faces and every document a person reads use these; machine files (CSV,
JSON, the custody log) keep ISO 8601.

Babel carries the Unicode CLDR's patterns for every locale, so the order of day, month and
year, the month's name and the clock's hours are the locale's, not ours. It is imported on
first use: the window's first page must not wait for its data.
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# When the environment names no locale (C, POSIX) or one CLDR does not know: the words the
# app was written in.
FALLBACK = "en_GB"
LOCALE_ENV = "CREATOR_BACKUP_LOCALE"  # the user's choice over the system's (and tests')


@lru_cache(maxsize=4)
def _locale(name: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name) if name else Locale.parse(FALLBACK)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(FALLBACK)


def user_locale() -> Locale:
    """The locale dates are written in: CREATOR_BACKUP_LOCALE, else the system's for
    times (LC_ALL, then LC_TIME, then LANG, as POSIX reads them), else FALLBACK."""
    chosen = next(
        (os.environ[name] for name in (LOCALE_ENV, "LC_ALL", "LC_TIME", "LANG")
         if os.environ.get(name)),
        "",
    )  # fmt: skip
    name = chosen.split(".")[0].split("@")[0]
    return _locale("" if name in ("C", "POSIX") else name)


def _local(when: datetime) -> datetime:
    return when.astimezone() if when.tzinfo is not None else when


def date_text(when: datetime) -> str:
    """ "2 Dec 2026" in the user's language."""
    from babel.dates import format_skeleton

    local = _local(when)
    return str(format_skeleton("yMMMd", local, tzinfo=local.tzinfo, locale=user_locale()))


def clock_text(when: datetime, seconds: bool = False) -> str:
    """ "06:16", or "6:16 AM" where the locale's clock has twelve hours; with `seconds`,
    "06:16:09"."""
    from babel.dates import format_time

    local = _local(when)
    width = "medium" if seconds else "short"
    return str(format_time(local, width, tzinfo=local.tzinfo, locale=user_locale()))


def date_time_text(when: datetime, seconds: bool = False) -> str:
    """ "2 Dec 2026, 06:16": the date and the clock joined as the locale joins them;
    `seconds` tells apart two moments of the same minute."""
    locale = user_locale()
    joined = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    return joined.replace("{1}", date_text(when)).replace("{0}", clock_text(when, seconds))


def weekday_date_time_text(when: datetime) -> str:
    """ "Wed 2 Dec, 06:16": a moment in the coming days."""
    from babel.dates import format_skeleton

    locale = user_locale()
    local = _local(when)
    day = str(format_skeleton("MMMEd", local, tzinfo=local.tzinfo, locale=locale))
    joined = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    return joined.replace("{1}", day).replace("{0}", clock_text(when))
