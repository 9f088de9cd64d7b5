"""Pinterest's write endpoints (boards, sections, pins, save, video uploads), as typed calls.

Every write goes through `Transport.write`, which never retries: a write whose answer was
lost has an unknown outcome (ConnectionFailed with `outcome_unknown`), and only the restore
journal may decide what happens next. A 2xx answer without the new object's id is treated
the same way: something may have been created, and nobody knows its id.

The video file itself goes to the storage address POST /media hands out (S3 on
Pinterest), not to the API: that request is built here with its own plain session and
never carries the bearer token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from creator_backup.api.addresses import is_loopback
from creator_backup.api.errors import ApiError, ConnectionFailed
from creator_backup.api.models import Board, BoardSection, JsonDict, Pin
from creator_backup.api.transport import Transport
from creator_backup.appinfo import VERSION

WRITE_BOARDS = ("boards:read", "boards:write")
WRITE_SECRET_BOARDS = (*WRITE_BOARDS, "boards:write_secret")
WRITE_PINS = ("boards:read", "boards:write", "pins:read", "pins:write")
WRITE_MEDIA = ("pins:read", "pins:write")
READ_MEDIA = ("pins:read",)
UPLOAD_TIMEOUT = (10.0, 300.0)  # connect; the longest gap while the file goes up


def _segment(value: str) -> str:
    # Ids come from Pinterest and from the archive: never let one reshape the path.
    if not value.isdigit():
        raise ValueError(f"not a Pinterest id: {value!r}")
    return quote(value, safe="")


def _unknown(what: str) -> ConnectionFailed:
    return ConnectionFailed(
        f"Pinterest answered {what} without the new object's id; whether it was created is unknown.",
        outcome_unknown=True,
    )


def _created(payload: Any, what: str) -> JsonDict:
    if not isinstance(payload, dict) or not str(payload.get("id") or "").isdigit():
        raise _unknown(what)
    return payload


@dataclass(frozen=True)
class MediaUpload:
    """What POST /media answers: where to send the file, with which form fields."""

    media_id: str
    upload_url: str
    upload_parameters: dict[str, str] = field(repr=False)


class WriteCalls:
    """Mixed into PinterestClient: the calls that change the account."""

    transport: Transport

    def create_board(
        self, name: str, description: str | None, privacy: str, is_ads_only: bool = False
    ) -> Board:
        body: JsonDict = {"name": name, "privacy": privacy}
        if description:
            body["description"] = description
        if is_ads_only:
            body["is_ads_only"] = True
        scopes = WRITE_SECRET_BOARDS if privacy == "SECRET" else WRITE_BOARDS
        payload = self.transport.write("POST", "/boards", body, scopes)
        return Board.from_api(_created(payload, "POST /boards"))

    def create_section(self, board_id: str, name: str) -> BoardSection:
        path = f"/boards/{_segment(board_id)}/sections"
        payload = self.transport.write("POST", path, {"name": name}, WRITE_BOARDS)
        return BoardSection.from_api(_created(payload, f"POST {path}"), board_id)

    def create_pin(self, body: JsonDict) -> Pin:
        """POST /pins with a PinCreate body (board_id and media_source at least)."""
        payload = self.transport.write("POST", "/pins", body, WRITE_PINS)
        return Pin.from_api(_created(payload, "POST /pins"))

    def save_pin(self, pin_id: str, board_id: str, section_id: str | None) -> Pin:
        body: JsonDict = {"board_id": board_id}
        if section_id:
            body["board_section_id"] = section_id
        path = f"/pins/{_segment(pin_id)}/save"
        payload = self.transport.write("POST", path, body, WRITE_PINS)
        return Pin.from_api(_created(payload, f"POST {path}"))

    def create_media_upload(self) -> MediaUpload:
        payload = self.transport.write("POST", "/media", {"media_type": "video"}, WRITE_MEDIA)
        if not isinstance(payload, dict):
            raise _unknown("POST /media")
        media_id = str(payload.get("media_id") or "")
        url = payload.get("upload_url")
        parameters = payload.get("upload_parameters")
        if not media_id.isdigit() or not isinstance(url, str) or not isinstance(parameters, dict):
            raise _unknown("POST /media")
        return MediaUpload(media_id, url, {str(k): str(v) for k, v in parameters.items()})

    def get_media_status(self, media_id: str) -> str:
        """registered, processing, succeeded or failed."""
        payload = self.transport.get(f"/media/{_segment(media_id)}", scopes=READ_MEDIA)
        status = payload.get("status") if isinstance(payload, dict) else None
        return str(status or "unknown")


def _upload_allowed(url: str) -> bool:
    """HTTPS, or plain HTTP to this machine only (the sandbox)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def upload_media_file(upload: MediaUpload, data: bytes, content_type: str) -> None:
    """Sends the file to the storage address as multipart/form-data: every upload
    parameter as a form field, then the file in field `file`. No bearer token."""
    if not _upload_allowed(upload.upload_url):
        raise ApiError("Pinterest gave an upload address that is not HTTPS; nothing was sent.")
    with requests.Session() as session:
        session.headers["User-Agent"] = f"creator_backup/{VERSION}"
        try:
            response = session.post(
                upload.upload_url,
                data=upload.upload_parameters,
                files={"file": ("upload", data, content_type)},
                timeout=UPLOAD_TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise ConnectionFailed(f"The video upload broke off ({type(exc).__name__}).") from exc
        with response:
            if not 200 <= response.status_code < 300:
                raise ApiError(
                    f"The storage host refused the video upload (HTTP {response.status_code}).",
                    status=response.status_code,
                )
