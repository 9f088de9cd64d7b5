"""An HTTP client for the sandbox that holds every exchange up against the OpenAPI spec.

Each request is prepared first, so what is checked against the spec's parameters and
request body is exactly what goes on the wire; each answer is then checked against the
response the spec declares for its status (or `default`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from creator_backup.pinterest_limits import PAGE_SIZE_MAX

from .openapi import OpenApi, Operation, Violation, as_json, describe_all

TIMEOUT = 30
PAGE_SIZE = PAGE_SIZE_MAX  # the fewest requests for a whole listing
JsonDict = dict[str, Any]


class CheckedClient:
    def __init__(self, api: OpenApi, origin: str, token: str) -> None:
        self.api = api
        self.origin = origin.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        # (operation name, status) -> how many bodies were validated: the coverage record.
        self.checked: Counter[tuple[str, int]] = Counter()
        self.operations: dict[str, Operation] = {}

    def close(self) -> None:
        self.session.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        expect: int | set[int],
        params: dict[str, Any] | list[tuple[str, str]] | None = None,
        json: Any = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str | None] | None = None,
        auth: tuple[str, str] | None = None,
        spec_request: bool = True,
    ) -> Any:
        """Sends one request; returns the parsed JSON body (None when there is none).

        `path` is the full path (`/v5/boards`). With `spec_request` the request itself
        must conform to the spec; tests that provoke errors on purpose pass False and
        then get the request's violations checked to be non-empty instead.
        """
        prepared = self.session.prepare_request(
            requests.Request(
                method,
                self.origin + path,
                params=params,
                json=json,
                data=form,
                headers=headers,
                auth=auth,
            )
        )
        operation, request_problems = self.check_prepared(prepared)
        endpoint = f"{method} {path}"
        if spec_request:
            assert not request_problems, "request not shaped as the spec says:\n" + describe_all(
                endpoint, request_problems
            )
        else:
            assert request_problems, f"{endpoint}: meant to break the spec, but conforms"
        response = self.session.send(prepared, timeout=TIMEOUT)
        expected = {expect} if isinstance(expect, int) else expect
        assert response.status_code in expected, (
            f"{endpoint}: expected {expect}, got {response.status_code}: {response.text[:500]}"
        )
        problems = self.api.check_response(
            operation, response.status_code, response.headers.get("Content-Type"), response.content
        )
        assert not problems, (
            f"{endpoint} answered {response.status_code} outside the spec's "
            f"{operation.name} response:\n" + describe_all(endpoint, problems)
        )
        self.checked[(operation.name, response.status_code)] += 1
        self.operations[operation.name] = operation
        return as_json(response.content) if response.content else None

    def check_prepared(
        self, prepared: requests.PreparedRequest
    ) -> tuple[Operation, list[Violation]]:
        assert prepared.method is not None and prepared.url is not None
        parts = urlsplit(prepared.url)
        operation = self.api.operation(prepared.method, parts.path)
        body = prepared.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        problems = self.api.check_request(
            operation,
            parse_qsl(parts.query, keep_blank_values=True),
            prepared.headers.get("Content-Type"),
            body,
        )
        return operation, problems

    def listing(self, path: str, **params: Any) -> list[JsonDict]:
        """Every item of a paged listing, each page checked; pages hold up to 250 items."""
        items: list[JsonDict] = []
        bookmark: str | None = None
        for _ in range(10_000):
            query = {**params, "page_size": PAGE_SIZE}
            if bookmark is not None:
                query["bookmark"] = bookmark
            page = self.call("GET", path, params=query, expect=200)
            items += page["items"]
            bookmark = page.get("bookmark")
            if not bookmark:
                return items
        raise AssertionError(f"GET {path}: paging does not end")
