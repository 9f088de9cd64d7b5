"""Bookmark pagination that always ends: on a null bookmark; on an empty page, even one
that still carries a bookmark (real Pinterest ends some listings so, and its own
quickstart stops there too); or with a clear error (PaginationError) on a listing that
would go on forever: a repeated bookmark, a page with a bookmark that brings nothing new
(every id on it already seen in this listing), or more items than the account can hold
(what it says it holds, with a margin, when it says; Pinterest's own limits otherwise).
Pages shorter than page_size mean nothing: real listings send them mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from creator_backup.api.errors import PaginationError
from creator_backup.api.transport import Transport

PAGE_SIZE = 250  # Pinterest's maximum; fewer calls for the same listing
# Pinterest holds an account to 200,000 pins and 2,000 boards: no listing of a real account
# is longer than this, whatever its counters say (real responses sometimes omit them).
MOST_ITEMS = 250_000
MOST_PAGES = 10_000  # 200,000 pins in pages as short as 20 (real pages are often short)
# Counters lag the listing (pins saved while it runs): a listing may pass its counter by
# half again, or this many, whichever is more.
COUNT_SLACK = 1_000


def most_items(expected: int | None) -> int:
    """The longest a listing may be: what the account says it holds (`expected`) with a
    margin, never more than Pinterest's own limit."""
    if expected is None or expected < 0:
        return MOST_ITEMS
    return min(MOST_ITEMS, expected + max(expected // 2, COUNT_SLACK))


def _ids(items: list[Any]) -> set[str]:
    return {str(item.get("id")) for item in items if isinstance(item, dict) and "id" in item}


def iter_pages(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
    page_size: int = PAGE_SIZE,
    expected: int | None = None,
) -> Iterator[list[Any]]:
    """The listing's pages; `expected` is how many items the account says it holds
    there (a board's or the account's pin count), when it says."""
    seen: set[str] = set()
    ids: set[str] = set()
    count, pages, most = 0, 0, most_items(expected)
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
        new = _ids(items) - ids
        if items and next_bookmark and not new:
            raise PaginationError(
                f"Pinterest sent a page of {path} with nothing new on it and a bookmark to "
                "another; stopping instead of looping."
            )
        ids |= new
        count, pages = count + len(items), pages + 1
        # Items that are not objects go to the caller too, which records them as skipped.
        yield items
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
        if count >= most or pages >= MOST_PAGES:
            raise PaginationError(
                f"Pinterest kept sending pages of {path}: {count:,} items in {pages:,} pages, "
                f"more than the {most:,} the account can hold there; stopping instead of "
                "going on forever."
            )
        seen.add(next_bookmark)
        bookmark = next_bookmark


def iter_items(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
    expected: int | None = None,
) -> Iterator[Any]:
    for page in iter_pages(transport, path, params, scopes, expected=expected):
        yield from page
