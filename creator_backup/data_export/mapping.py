"""From the export's labels to the API's shape, where a field maps, and the merge with
what backups already hold for the same pin or board.

The export's record always travels whole, verbatim, under "data_export" in the version's
JSON; the mapped fields beside it are a reading of it, each cut (with a mark) to a length
a real pin's field never reaches, so that whatever shows them (the command line, the
site, an appeal packet, a diff) shows a bounded text. When a backup already has the
object, the API's values stand and the export only fills what the API left empty; each
field's source is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from creator_backup.data_export.parse import PinRecord
from creator_backup.words import cut

JsonDict = dict[str, Any]
CDN_ENV = "CREATOR_BACKUP_EXPORT_CDN"
DEFAULT_CDN = "https://i.pinimg.com"
CDN_SIZE = "736x"  # reported to always resolve; "originals" can answer 403
VERBATIM = "data_export"
# A signature goes into a web address: letters and digits only, so it cannot add a path.
SIGNATURE = re.compile(r"^[A-Za-z0-9]{6,128}$")
STORY_IMAGE = re.compile(r"""['"]image['"]\s*:\s*['"]([A-Za-z0-9]{6,128})['"]""")
# Pinterest's own caps are 100 characters for a title and 800 for a description.
TEXT_CHARS = 5_000  # characters of a mapped title, description or alt text
URL_CHARS = 4_096  # a longer "link" is not one: it is not mapped
MAX_STORY_IMAGES = 50  # a story pin has at most 20 pages
TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0"}


def cdn_url(base: str, signature: str) -> str | None:
    """The 736x address of an image signature, or None for one that is not a signature."""
    s = signature.strip()
    if not SIGNATURE.match(s):
        return None
    return f"{base.rstrip('/')}/{CDN_SIZE}/{s[0:2]}/{s[2:4]}/{s[4:6]}/{s}.jpg"


def flag(value: str | None) -> bool | None:
    text = (value or "").strip().casefold()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return None


def export_time(value: str | None) -> str | None:
    """`2017/02/13 15:35:01` as the API writes times (`2017-02-13T15:35:01`)."""
    text = (value or "").strip()
    for shape in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, shape).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            continue
    return None


def _digits(value: str | None) -> str | None:
    text = (value or "").strip()
    return text if text.isdigit() and text.isascii() and len(text) <= 30 else None


def _web(value: str | None) -> str | None:
    text = (value or "").strip()
    if len(text) > URL_CHARS or " " in text:
        return None
    return text if text.lower().startswith(("https://", "http://")) else None


@dataclass
class Mapped:
    raw: JsonDict
    media_urls: list[str] = field(default_factory=list)
    board_id: str | None = None


def pin_from_export(record: PinRecord, cdn_base: str) -> Mapped:
    """A pin in the API's shape, as far as the export's labels say, with its CDN images."""
    raw: JsonDict = {"id": record.pin_id}
    for key, label in (("title", "Title"), ("description", "Details"), ("alt_text", "Alt Text")):
        value = record.get(label)
        if value:
            raw[key] = cut(value, TEXT_CHARS)
    link = _web(record.link_of("Canonical Link")) or _web(record.get("Canonical Link"))
    if link:
        raw["link"] = link
    created = export_time(record.get("Created at"))
    if created:
        raw["created_at"] = created
    board_id = _digits(record.get("Board Id"))
    if board_id:
        raw["board_id"] = board_id
    urls = []
    main = cdn_url(cdn_base, record.get("Image") or "")
    if main:
        urls.append(main)
    for found in STORY_IMAGE.finditer(record.get("Story Pin Media") or ""):
        url = cdn_url(cdn_base, found.group(1))
        if url and url not in urls:
            urls.append(url)
        if len(urls) > MAX_STORY_IMAGES:
            break
    if urls:
        raw["media"] = {"images": {CDN_SIZE: {"url": urls[0]}}}
        is_video = record.get("Is Video")
        if is_video is not None:  # with no Is Video label, the kind is not stated
            raw["media"]["media_type"] = "video" if flag(is_video) else "image"
    raw[VERBATIM] = record.verbatim()
    return Mapped(raw, urls, board_id)


def board_from_export(board_id: str, name: str | None) -> JsonDict:
    """A board as its pins name it; `name` None when they had no Board Name label, so
    the record does not say the export gave an empty one."""
    raw: JsonDict = {"id": board_id}
    if name:
        raw["name"] = name
    raw[VERBATIM] = {"Board Id": board_id}
    if name is not None:
        raw[VERBATIM]["Board Name"] = name
    return raw


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge(exported: JsonDict, api: JsonDict | None) -> tuple[JsonDict, dict[str, str]]:
    """The merged JSON, and where each field came from ("api" or "data_export")."""
    merged = dict(exported)
    sources = {key: "data_export" for key in exported}
    for key, value in (api or {}).items():
        if key == VERBATIM:
            continue
        if not _empty(value) or key not in merged:
            merged[key] = value
            sources[key] = "api"
    return merged, sources
