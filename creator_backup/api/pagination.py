"""Bookmark pagination that always ends: on a null bookmark; on an empty page, even one
that still carries a bookmark (real Pinterest ends some listings so, and its own
quickstart stops there too); or with a clear error (PaginationError) on a listing that
would go on forever: a repeated bookmark, a page with a bookmark that brings nothing new
(every id on it already seen in this listing), or more items than the account can hold
(what it says it holds, with a margin, when it says; Pinterest's own limits otherwise).
A run's listings share a budget too (RunBudget): many listings, each within its bound,
cannot add up to more than the account can hold.
Pages shorter than page_size mean nothing: real listings send them mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from creator_backup.api.errors import PaginationError
from creator_backup.api.models import usable_id
from creator_backup.api.transport import Transport
from creator_backup.pinterest_limits import (
    ACCOUNT_MAX_BOARDS,
    ACCOUNT_MAX_PINS,
    BOARD_MAX_SECTIONS,
    PAGE_SIZE_MAX,
    with_margin,
)

PAGE_SIZE = PAGE_SIZE_MAX  # fewer calls for the same listing
# No listing of a real account is longer than Pinterest lets the account be, whatever its
# counters say (real responses sometimes omit them): each kind of listing has its ceiling.
MOST_PINS = with_margin(ACCOUNT_MAX_PINS)
MOST_BOARDS = with_margin(ACCOUNT_MAX_BOARDS)
MOST_SECTIONS = with_margin(BOARD_MAX_SECTIONS)
MOST_PAGES = 10_000  # 200,000 pins in pages as short as 20 (real pages are often short)
# Counters lag the listing (pins saved while it runs): a listing may pass its counter by
# half again, or this many, whichever is more.
COUNT_SLACK = 1_000


def most_items(expected: int | None, ceiling: int = MOST_PINS) -> int:
    """The longest a listing may be: what the account says it holds (`expected`) with a
    margin, never more than the `ceiling` Pinterest's own limits set for its kind."""
    if expected is None or expected < 0:
        return ceiling
    return min(ceiling, expected + max(expected // 2, COUNT_SLACK))


class RunBudget:
    """Items several listings of one run share. Each listing has its own bound, but a
    server could keep every one of many listings just under it (2,500 boards without a
    pin count, each listing 250,000 pins); the run's listings together stay within what
    the account can hold."""

    def __init__(self, most: int, what: str) -> None:
        self.most = most
        self.what = what  # what is counted, in words: "pins on boards"
        self.used = 0

    def spend(self, items: int) -> None:
        self.used += items
        if self.used > self.most:
            raise PaginationError(
                f"Pinterest sent {self.used:,} {self.what} in this run, more than the "
                f"{self.most:,} the account can hold; stopping instead of going on."
            )


def _ids(items: list[Any]) -> set[str]:
    """The ids of the page's readable objects; the others (recorded as skipped by the
    caller) have none to compare."""
    return {found for item in items if (found := usable_id(item)) is not None}


def iter_pages(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
    page_size: int = PAGE_SIZE,
    expected: int | None = None,
    ceiling: int = MOST_PINS,
    budget: RunBudget | None = None,
) -> Iterator[list[Any]]:
    """The listing's pages; `expected` is how many items the account says it holds
    there (a board's or the account's pin count), when it says; `ceiling` the most its
    kind can be; `budget` what the run's listings of this kind share, if they do."""
    seen: set[str] = set()
    ids: set[str] = set()
    count, pages, most = 0, 0, most_items(expected, ceiling)
    bookmark: str | None = None
    while True:
        query = dict(params or {}, page_size=page_size)
        if bookmark:
            query["bookmark"] = bookmark
        body = transport.get(path, query, scopes=scopes)
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise PaginationError(f"Pinterest's answer for {path} had no list of items.")
        next_bookmark = body.get("bookmark")
        on_page = _ids(items)
        new = on_page - ids
        # Only a page with ids can be judged to repeat: one of unreadable objects only
        # ([5, true], objects without an id) is skipped object by object and never stops
        # the listing; such pages still count toward the bounds on items and pages.
        if on_page and next_bookmark and not new:
            raise PaginationError(
                f"Pinterest sent a page of {path} with nothing new on it and a bookmark to "
                "another; stopping instead of looping."
            )
        ids |= new
        count, pages = count + len(items), pages + 1
        # Items that are not objects go to the caller too, which records them as skipped.
        yield items
        if budget is not None:
            budget.spend(len(items))  # over the run's budget: stops even a listing's last page
        if not next_bookmark:
            return
        if not isinstance(next_bookmark, str):
            raise PaginationError(f"Pinterest's bookmark for {path} is not text.")
        if not items:
            return  # the listing's end, bookmark or not
        if next_bookmark in seen:
            raise PaginationError(
                f"Pinterest repeated a bookmark while listing {path}; stopping instead of looping."
            )
        # Past the bound, not at it: a listing of exactly `most` items may still end with the
        # empty page that carries a bookmark (as real Pinterest ends some).
        if count > most or pages > MOST_PAGES:
            # Pages of unreadable objects only end here: the page bound names itself.
            past = (
                f"more than the {most:,} the account can hold there"
                if count > most
                else f"more pages than the {MOST_PAGES:,} a listing of the account needs"
            )
            raise PaginationError(
                f"Pinterest kept sending pages of {path}: {count:,} items in {pages:,} pages, "
                f"{past}; stopping instead of going on forever."
            )
        seen.add(next_bookmark)
        bookmark = next_bookmark


def iter_items(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
    expected: int | None = None,
    ceiling: int = MOST_PINS,
    budget: RunBudget | None = None,
) -> Iterator[Any]:
    pages = iter_pages(transport, path, params, scopes, PAGE_SIZE, expected, ceiling, budget)
    for page in pages:
        yield from page
