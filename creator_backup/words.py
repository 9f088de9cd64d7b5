"""Small helpers for the sentences both faces show: Pinterest text on one safe line, and
counts with their nouns. Core code (no Qt): the window and the command line use these."""

from __future__ import annotations

from creator_backup.settings import parse_time

LINE_WIDTH = 200  # characters of a name or title in a list


def one_line(text: str, limit: int = LINE_WIDTH) -> str:
    """Pinterest text on one line: whitespace and control characters (a terminal's escape
    codes among them) folded to spaces, and long text cut with a mark."""
    folded = " ".join("".join(c if c.isprintable() else " " for c in text[: limit * 4]).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 board", "3 boards", "1,204 pins"."""
    noun = one if count == 1 else (many or one + "s")
    return f"{count:,} {noun}"


def when_text(stamp: str | None) -> str:
    """A snapshot's UTC stamp in the user's own time zone: "24 Nov 2026, 15:11"."""
    when = parse_time(stamp)
    if when is None:
        return stamp or "an unknown time"
    return when.astimezone().strftime("%d %b %Y, %H:%M")
