"""Bookmark pagination that always ends: on a null bookmark; on an empty page, even one
that still carries a bookmark (real Pinterest ends some listings so, and its own
quickstart stops there too); or with a clear error on a repeated bookmark, which would
loop forever. Pages shorter than page_size mean nothing: real listings send them mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from creator_backup.api.errors import PaginationError
from creator_backup.api.transport import Transport

PAGE_SIZE = 250  # Pinterest's maximum; fewer calls for the same listing


def iter_pages(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
    page_size: int = PAGE_SIZE,
) -> Iterator[list[Any]]:
    seen: set[str] = set()
    bookmark: str | None = None
    while True:
        query = dict(params or {}, page_size=page_size)
        if bookmark:
            query["bookmark"] = bookmark
        body = transport.get(path, query, scopes=scopes)
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise PaginationError(f"Pinterest's answer for {path} had no list of items.")
        # Items that are not objects go to the caller too, which records them as skipped.
        yield items
        next_bookmark = body.get("bookmark")
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
        seen.add(next_bookmark)
        bookmark = next_bookmark


def iter_items(
    transport: Transport,
    path: str,
    params: dict[str, Any] | None = None,
    scopes: tuple[str, ...] = (),
) -> Iterator[Any]:
    for page in iter_pages(transport, path, params, scopes):
        yield from page
