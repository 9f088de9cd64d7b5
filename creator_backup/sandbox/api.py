"""The /v5 endpoints the app uses, answering as Pinterest does (shapes from openapi.json)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from creator_backup.pinterest_limits import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX
from creator_backup.sandbox import changes
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.generator import FOREIGN_IMAGES, JsonDict
from creator_backup.sandbox.store import SandboxStore, Visibility

FIELD_LIMITS = {"title": 100, "description": 800, "link": 2048, "alt_text": 500}
BOARD_PRIVACY_FILTERS = ("ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET")
BOARD_FORBIDDEN = "Not authorized to access the board."
SECTION_PINS_FORBIDDEN = "Not authorized to access Pins on board section."


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    number: int = 0

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            raise ChangeError(400, 1, "The request body is not valid JSON.") from exc


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    @classmethod
    def of(cls, status: int, payload: Any) -> Response:
        return cls(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def error(cls, status: int, code: int, message: str) -> Response:
        return cls.of(status, {"code": code, "message": message})


Handler = Callable[["ApiContext", Request, dict[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    category: str  # x-ratelimit-category
    scopes: tuple[str, ...]
    handler: Handler


@dataclass
class ApiContext:
    store: SandboxStore
    scopes: frozenset[str]
    media_upload_url: str
    section_conflict: Callable[[int], bool]


ROUTES: list[Route] = []


def route(method: str, template: str, category: str, *scopes: str) -> Callable[[Handler], Handler]:
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>\\d+)", template) + "/?$")

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, template, pattern, category, scopes, handler))
        return handler

    return register


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for candidate in ROUTES:
        if candidate.method == method:
            match = candidate.pattern.match(path)
            if match:
                return candidate, match.groupdict()
    return None


def page_size_of(request: Request) -> int:
    raw = request.query.get("page_size", str(PAGE_SIZE_DEFAULT))
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_SIZE_MAX:
        raise ChangeError(400, 1, f"page_size must be between 1 and {PAGE_SIZE_MAX}.")
    return int(raw)


def paged(items: list[JsonDict], bookmark: str | None) -> Response:
    return Response.of(200, {"items": items, "bookmark": bookmark})


def visibility(ctx: ApiContext, protected: bool = True) -> Visibility:
    return Visibility(
        secret_boards="boards:read_secret" in ctx.scopes,
        secret_pins="pins:read_secret" in ctx.scopes,
        protected_pins=protected,
    )


def require(ctx: ApiContext, *scopes: str) -> None:
    missing = [scope for scope in scopes if scope not in ctx.scopes]
    if missing:
        raise ChangeError(
            403,
            29,
            "You are not permitted to access that resource. Missing scope: "
            + ", ".join(missing)
            + ".",
        )


def visible_board(ctx: ApiContext, board_id: str) -> None:
    store = ctx.store
    if not store.board_alive(board_id):
        raise ChangeError(404, 40, "Board not found.")
    if store.board_privacy(board_id) == "SECRET" and not visibility(ctx).secret_boards:
        raise ChangeError(404, 40, "Board not found.")


def allowed_listing(ctx: ApiContext, board_id: str, listing: str, message: str) -> None:
    """403 when a test control forbade this listing of the board (see controls.py)."""
    if listing in ctx.store.forbidden_boards.get(board_id, ()):
        raise ChangeError(403, 403, message)


# -- reads ------------------------------------------------------------------------------


@route("GET", "/v5/user_account", "org_read", "user_accounts:read")
def get_account(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    if ctx.store.account_forbidden:
        raise ChangeError(403, 403, "Not authorized to access the user account.")
    return Response.of(200, changes.account_json(ctx.store))


@route("GET", "/v5/boards", "org_read", "boards:read")
def list_boards(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    privacy = request.query.get("privacy", "ALL")
    if privacy not in BOARD_PRIVACY_FILTERS:
        raise ChangeError(400, 1, f"privacy must be one of {', '.join(BOARD_PRIVACY_FILTERS)}.")
    if privacy == "SECRET":
        require(ctx, "boards:read_secret")
    allowed = {
        "ALL": {"PUBLIC", "PROTECTED", "SECRET"},
        "PUBLIC_AND_SECRET": {"PUBLIC", "SECRET"},
    }.get(privacy, {privacy})
    if not visibility(ctx).secret_boards:
        allowed.discard("SECRET")
    store = ctx.store
    ids = [bid for bid in store.board_ids() if store.board_privacy(bid) in allowed]
    page, bookmark = store.page_by_offset(
        "boards", ids, request.query.get("bookmark"), page_size_of(request)
    )
    return paged([store.board_json(bid) for bid in page], bookmark)


@route("GET", "/v5/boards/{board_id}", "org_read", "boards:read")
def get_board(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    visible_board(ctx, params["board_id"])
    return Response.of(200, ctx.store.board_json(params["board_id"]))


@route("GET", "/v5/boards/{board_id}/sections", "org_read", "boards:read")
def list_sections(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    board_id = params["board_id"]
    visible_board(ctx, board_id)
    allowed_listing(ctx, board_id, "sections", BOARD_FORBIDDEN)
    sections = [{"id": sid, "name": name} for sid, name in ctx.store.sections_of(board_id)]
    page, bookmark = ctx.store.page_by_offset(
        f"sections:{board_id}", sections, request.query.get("bookmark"), page_size_of(request)
    )
    return paged(page, bookmark)


def _board_pins(
    ctx: ApiContext, request: Request, board_id: str, section_id: str | None
) -> Response:
    visible_board(ctx, board_id)
    if ctx.store.board_privacy(board_id) == "SECRET":
        require(ctx, "pins:read_secret")
    # The spec documents its own 403 message for a section's pins.
    message = BOARD_FORBIDDEN if section_id is None else SECTION_PINS_FORBIDDEN
    allowed_listing(ctx, board_id, "pins", message)
    size = page_size_of(request)
    scope = f"pins:{board_id}:{section_id or ''}"
    items, bookmark = ctx.store.list_pins(
        scope, request.query.get("bookmark"), size, board_id=board_id, section_id=section_id
    )
    return paged(items, bookmark)


@route("GET", "/v5/boards/{board_id}/pins", "org_read", "boards:read", "pins:read")
def list_board_pins(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    return _board_pins(ctx, request, params["board_id"], None)


@route(
    "GET",
    "/v5/boards/{board_id}/sections/{section_id}/pins",
    "org_read",
    "boards:read",
    "pins:read",
)
def list_section_pins(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    board_id, section_id = params["board_id"], params["section_id"]
    if ctx.store.section_board(section_id) != board_id or not ctx.store.section_alive(section_id):
        raise ChangeError(404, 2031, "Board or section not found.")
    return _board_pins(ctx, request, board_id, section_id)


@route("GET", "/v5/pins", "org_read", "boards:read", "pins:read")
def list_own_pins(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    pin_filter = request.query.get("pin_filter")
    if pin_filter not in (None, "exclude_native", "exclude_repins", "has_been_promoted"):
        raise ChangeError(400, 1, "Invalid pin_filter.")
    protected = request.query.get("include_protected_pins", "false").lower() == "true"
    items, bookmark = ctx.store.list_pins(
        "own" + ("+p" if protected else ""),
        request.query.get("bookmark"),
        page_size_of(request),
        own_only=True,
        vis=visibility(ctx, protected=protected),
    )
    if pin_filter == "has_been_promoted":
        items = [pin for pin in items if pin["has_been_promoted"]]
    return paged(items, bookmark)


@route("GET", "/v5/pins/{pin_id}", "org_read", "boards:read", "pins:read")
def get_pin(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    store = ctx.store
    pin_id = params["pin_id"]
    foreign = store.gen.foreign_index(pin_id)
    if foreign is not None and store.gen.foreign_exists(foreign):
        fields = store.gen.foreign_fields(foreign)
        fields["media"] = changes.uploaded_image_media(store, FOREIGN_IMAGES + foreign)
        fields["creative_type"] = "REGULAR"
        return Response.of(200, fields)
    pin = store.pin_json(pin_id, visibility(ctx))
    if pin is None:
        if store.pin_exists_hidden_by_scope(pin_id):
            raise ChangeError(403, 29, "Not authorized to access board or Pin.")
        raise ChangeError(404, 50, "Pin not found.")
    return Response.of(200, pin)


@route("GET", "/v5/media/{media_id}", "org_read", "pins:read")
def get_media(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    upload = ctx.store.media_uploads.get(params["media_id"])
    if upload is None:
        raise ChangeError(404, 404, "Media upload not found.")
    if upload["status"] == "processing":
        upload["status"] = "succeeded"
        return Response.of(200, _media_status(upload, "processing"))
    return Response.of(200, _media_status(upload, upload["status"]))


def _media_status(upload: JsonDict, status: str) -> JsonDict:
    return {"media_id": upload["media_id"], "media_type": "video", "status": status}
