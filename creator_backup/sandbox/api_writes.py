"""The /v5 write endpoints: boards, sections, pins (every media source), save, media upload."""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

from creator_backup.sandbox import changes
from creator_backup.sandbox.api import FIELD_LIMITS, ApiContext, Request, Response, require, route
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.generator import FOREIGN_IMAGES, JsonDict
from creator_backup.sandbox.media import sniff_image_type
from creator_backup.sandbox.store import ALL_VISIBLE, SandboxStore

WRITE_SCOPES = ("boards:read", "boards:write", "pins:read", "pins:write")


def _object(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise ChangeError(400, 1, "The request body must be a JSON object.")
    return body


def _optional_text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise ChangeError(400, 1, f"{key} must be a string.")
    return value


@route("POST", "/v5/boards", "org_write", "boards:read", "boards:write")
def post_board(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    body = _object(request)
    name = body.get("name")
    if not isinstance(name, str):
        raise ChangeError(400, 1, "name is required.")
    privacy = body.get("privacy", "PUBLIC")
    if privacy not in ("PUBLIC", "PROTECTED", "SECRET"):
        raise ChangeError(400, 1, "privacy must be PUBLIC, PROTECTED or SECRET.")
    ads_only = body.get("is_ads_only", False)
    if not isinstance(ads_only, bool):
        raise ChangeError(400, 1, "is_ads_only must be true or false.")
    if ads_only:
        name, privacy = "Ad-only Pins", "PROTECTED"
    if privacy == "SECRET":
        require(ctx, "boards:write_secret")
    description = _optional_text(body, "description")
    # The board says what it was made as: an ad-only board answers is_ads_only true.
    board = changes.create_board(ctx.store, name, description, str(privacy), ads_only)
    return Response.of(201, board)


@route("DELETE", "/v5/boards/{board_id}", "org_write", "boards:read", "boards:write")
def delete_board(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    changes.delete_board(ctx.store, params["board_id"])
    return Response(204)


@route("POST", "/v5/boards/{board_id}/sections", "org_write", "boards:read", "boards:write")
def post_section(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    body = _object(request)
    name = body.get("name")
    if not isinstance(name, str):
        raise ChangeError(400, 1, "Invalid board section parameters.")
    if ctx.section_conflict(request.number):
        raise ChangeError(
            409, 409, "Could not get exclusive access to the board to create a new section."
        )
    return Response.of(201, changes.create_section(ctx.store, params["board_id"], name))


@route(
    "DELETE",
    "/v5/boards/{board_id}/sections/{section_id}",
    "org_write",
    "boards:read",
    "boards:write",
)
def delete_section(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    if ctx.section_conflict(request.number):
        raise ChangeError(409, 409, "Board section conflict.")
    changes.delete_section(ctx.store, params["board_id"], params["section_id"])
    return Response(204)


@route("DELETE", "/v5/pins/{pin_id}", "org_write", *WRITE_SCOPES)
def delete_pin(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    changes.delete_pin(ctx.store, params["pin_id"])
    return Response(204)


@route("POST", "/v5/pins", "org_write", *WRITE_SCOPES)
def post_pin(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    body = _object(request)
    fields: JsonDict = {}
    for key, limit in FIELD_LIMITS.items():
        value = _optional_text(body, key)
        if value is not None and len(value) > limit:
            raise ChangeError(400, 1, f"Invalid parameters: {key} is longer than {limit}.")
        fields[key] = value
    for key in ("board_id", "board_section_id", "dominant_color", "parent_pin_id"):
        fields[key] = _optional_text(body, key)
    if not fields["board_id"]:
        raise ChangeError(400, 1, "board_id is required.")
    source = body.get("media_source")
    if not isinstance(source, dict):
        raise ChangeError(400, 1, "media_source is required.")
    media = _media_from_source(ctx, source)
    pin = changes.create_pin(ctx.store, fields, media, parent_pin_id=fields["parent_pin_id"])
    return Response.of(201, pin)


@route("POST", "/v5/pins/{pin_id}/save", "org_write", *WRITE_SCOPES)
def save_pin(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    body = _object(request)
    store = ctx.store
    source_id = params["pin_id"]
    foreign = store.gen.foreign_index(source_id)
    if foreign is not None:
        if not store.gen.foreign_exists(foreign):
            raise ChangeError(404, 50, "Pin not found.")
        source = store.gen.foreign_fields(foreign)
        media = changes.uploaded_image_media(store, FOREIGN_IMAGES + foreign)
    else:
        pin = store.pin_json(source_id, ALL_VISIBLE)
        if pin is None:
            raise ChangeError(404, 50, "Pin not found.")
        source, media = pin, copy.deepcopy(pin["media"])
    fields = {key: source.get(key) for key in ("title", "description", "link", "alt_text")}
    fields["dominant_color"] = source.get("dominant_color")
    fields["board_id"] = _optional_text(body, "board_id")
    fields["board_section_id"] = _optional_text(body, "board_section_id")
    if not fields["board_id"]:
        raise ChangeError(400, 1, "board_id is required.")
    pin = changes.create_pin(
        store, fields, media, parent_pin_id=source_id, is_owner=foreign is None
    )
    return Response.of(201, pin)


@route("POST", "/v5/media", "org_write", "pins:read", "pins:write")
def post_media(ctx: ApiContext, request: Request, params: dict[str, str]) -> Response:
    body = _object(request)
    if body.get("media_type") != "video":
        raise ChangeError(400, 1, "media_type must be video.")
    store = ctx.store
    with store.lock:
        media_id = store.new_id(900_000_000_000)
        upload = {
            "media_id": media_id,
            "media_type": "video",
            "status": "registered",
            "key": f"uploads/sandbox/video:{media_id}",
            "number": None,
        }
        store.media_uploads[media_id] = upload
    parameters = {
        "Content-Type": "multipart/form-data",
        "key": upload["key"],
        "policy": base64.b64encode(b'{"sandbox": true}').decode(),
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": "SANDBOX/20250101/us-east-1/s3/aws4_request",
        "x-amz-date": "20250101T000000Z",
        "x-amz-security-token": "sandbox-upload-token",
        "x-amz-signature": "0" * 64,
    }
    return Response.of(
        201,
        {
            "media_id": media_id,
            "media_type": "video",
            "upload_url": ctx.media_upload_url,
            "upload_parameters": parameters,
        },
    )


# -- media sources of POST /v5/pins --------------------------------------------------------


def _decode_image(store: SandboxStore, content_type: Any, data: Any) -> int:
    if content_type not in ("image/jpeg", "image/png"):
        raise ChangeError(400, 1, "content_type must be image/jpeg or image/png.")
    if not isinstance(data, str):
        raise ChangeError(400, 1, "data must be a base64 string.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ChangeError(400, 1, "data is not valid base64.") from exc
    if sniff_image_type(raw) is None:
        raise ChangeError(403, 235, "Sorry! The image you uploaded is broken.")
    return store.store_upload(raw)


def _number_from_url(store: SandboxStore, url: Any) -> int:
    if isinstance(url, str) and url.startswith(store.urls.base + "/"):
        parsed = store.urls.parse(url.removeprefix(store.urls.base))
        if parsed and parsed[0] == "image":
            return parsed[1]
    raise ChangeError(400, 1, "Sorry, we could not fetch the image at that URL.")


def _carousel(store: SandboxStore, items: Any, numbers: list[int]) -> JsonDict:
    return {
        "media_type": "multiple_images",
        "items": [
            {
                "item_type": "image",
                "title": item.get("title"),
                "description": item.get("description"),
                "link": item.get("link"),
                "images": store.images_json(number, False),
            }
            for item, number in zip(items, numbers, strict=True)
        ],
    }


def _media_from_source(ctx: ApiContext, source: dict[str, Any]) -> JsonDict:
    store = ctx.store
    kind = source.get("source_type")
    if kind == "image_base64":
        number = _decode_image(store, source.get("content_type"), source.get("data"))
        return changes.uploaded_image_media(store, number)
    if kind == "image_url":
        return changes.uploaded_image_media(store, _number_from_url(store, source.get("url")))
    if kind in ("multiple_image_base64", "multiple_image_urls"):
        items = source.get("items")
        if not isinstance(items, list) or not 2 <= len(items) <= 5:
            raise ChangeError(400, 1, "A carousel needs 2 to 5 items.")
        if not all(isinstance(item, dict) for item in items):
            raise ChangeError(400, 1, "Every carousel item must be an object.")
        if kind == "multiple_image_base64":
            numbers = [_decode_image(store, i.get("content_type"), i.get("data")) for i in items]
        else:
            numbers = [_number_from_url(store, item.get("url")) for item in items]
        return _carousel(store, items, numbers)
    if kind == "video_id":
        return _video_media(ctx, source)
    raise ChangeError(400, 1, "media_source.source_type is missing or not supported.")


def _video_media(ctx: ApiContext, source: dict[str, Any]) -> JsonDict:
    store = ctx.store
    upload = store.media_uploads.get(str(source.get("media_id")))
    if upload is None or upload["status"] != "succeeded" or upload["number"] is None:
        raise ChangeError(400, 1, "The video media_id is unknown or not processed yet.")
    if source.get("cover_image_data") is not None:
        cover = _decode_image(
            store, source.get("cover_image_content_type"), source.get("cover_image_data")
        )
    elif source.get("cover_image_url") is not None:
        cover = _number_from_url(store, source.get("cover_image_url"))
    else:
        cover = int(upload["media_id"]) % max(1, store.gen.n_pins)
    images = store.images_json(cover, False)
    return {
        "media_type": "video",
        "images": images,
        "cover_image_url": images["1200x"]["url"],
        "video_url": store.urls.video(upload["number"]),
        "duration": 15_000,
        "width": 720,
        "height": 1280,
    }
