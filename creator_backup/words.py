"""Small helpers for the sentences both faces show: Pinterest text on one safe line, and
counts with their nouns. Core code (no Qt): the window and the command line use these."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from creator_backup.local_time import clock_text, date_text, date_time_text
from creator_backup.settings import parse_time

LINE_WIDTH = 200  # characters of a name or title in a list
CUT_MARK = "…"  # ends text that was cut to its length cap


def cut(text: str, limit: int) -> str:
    """Text at most `limit` characters long, its end replaced by a mark when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + CUT_MARK


def one_line(text: str, limit: int = LINE_WIDTH) -> str:
    """Pinterest text on one line: whitespace and control characters (a terminal's escape
    codes among them) folded to spaces, and long text cut with a mark."""
    head = text[: limit * 4]
    if not head.isprintable():  # (most text is: then there is nothing to fold, and lists
        # of thousands of titles are made without a loop over every character)
        head = "".join(c if c.isprintable() else " " for c in head)
    return cut(" ".join(head.split()), limit)


def escaped(text: str) -> str:
    """Text as a terminal may print it: line breaks kept, every other control character
    (an escape sequence's ESC among them) written as Python writes it in a repr, `\\x1b`,
    so that it is seen and never obeyed."""
    if text.isprintable():
        return text
    return "\n".join(
        "".join(c if c.isprintable() else repr(c)[1:-1] for c in line) for line in text.split("\n")
    )


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 board", "3 boards", "1,204 pins"."""
    noun = one if count == 1 else (many or one + "s")
    return f"{count:,} {noun}"


def and_more(total: int, shown: int, noun: str = "", nouns: str = "") -> str:
    """What a list cut after `shown` of `total` items leaves out, as its last line says it:
    "… and 12 more", "… and 1 more board"; "" when nothing was cut."""
    left = total - shown
    if left <= 0:
        return ""
    what = f" {noun if left == 1 else nouns or noun + 's'}" if noun else ""
    return f"{CUT_MARK} and {left:,} more{what}"


def time_left(eta_s: float) -> str:
    """ "about 16 s left", "about 3 min left": rounded as a person would say it."""
    if eta_s >= 90:
        return f"about {round(eta_s / 60):,} min left"
    return f"about {max(1, round(eta_s))} s left"


def when_text(stamp: str | None) -> str:
    """A snapshot's UTC stamp in the user's own time zone and language: "24 Nov 2026,
    15:11" (local_time)."""
    when = parse_time(stamp)
    if when is None:
        return stamp or "an unknown time"
    return date_time_text(when)


def day_text(day: date | None, unknown: str = "unknown") -> str:
    """A calendar day (a deadline, a decision's date) in the user's language: "14 May
    2027"; `unknown` for a day no one stated."""
    if day is None:
        return unknown
    return date_text(datetime(day.year, day.month, day.day))


def moment_text(at: float, now: float) -> str:
    """A moment (epoch seconds) in the user's own time zone, said as near as words go:
    "today at 15:11", "tomorrow at 03:12", "on 26 Nov 2026 at 09:00"."""
    when = datetime.fromtimestamp(at).astimezone()
    today = datetime.fromtimestamp(now).astimezone().date()
    clock = clock_text(when)
    if when.date() == today:
        return f"today at {clock}"
    if when.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"on {date_text(when)} at {clock}"
