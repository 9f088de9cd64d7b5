"""Pinterest's limits on one account: the figures every bound on what Pinterest (or a file
said to come from it) may send derives from, so that the listings and the export's reading
agree on what a real account can hold; the size of its listings' pages, which the client
asks for and the sandbox enforces; and the requests a day an app with Trial access may
make."""

from __future__ import annotations

# Pinterest's help centre: an account holds at most 200,000 pins and 2,000 boards (group
# and archived boards among them).
ACCOUNT_MAX_PINS = 200_000
ACCOUNT_MAX_BOARDS = 2_000
# Not Pinterest's figure: its help centre states no cap on a board's sections, and real
# boards have a few dozen at most. The app's own bound, generous, so that a board's list
# of sections cannot go on forever.
BOARD_MAX_SECTIONS = 2_000
# A listing's page, in Pinterest's API reference (query parameter page_size): 1 to 250
# items, 25 when the request does not say.
PAGE_SIZE_MAX = 250
PAGE_SIZE_DEFAULT = 25
# Pinterest's published Trial access budget: requests a day per app, all of them counted,
# whoever of its users makes them (shared/notes/pinterest-api.md 5.3). The app's own count
# assumes it when Pinterest's answers do not say (x-ratelimit-limit).
TRIAL_DAILY_REQUESTS = 1000


def with_margin(limit: int) -> int:
    """A limit and a quarter more: past it, no real account (counters lag, limits change)
    could be the source, and the reading stops."""
    return limit + limit // 4
