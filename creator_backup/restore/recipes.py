"""How each archived object comes back: the fields it is sent with (cut to the API's
limits) and, for a pin, the way its media is sent, or why it cannot come back.

- Own image pins: the archived image as `image_base64`.
- Carousels: the archived slides as `multiple_image_base64` (2 to 5 slides).
- Videos: the archived file through POST /media and the upload address, then POST /pins
  with `video_id` and the archived cover image as `cover_image_data`.
- Pins saved from other users: POST /pins/{source}/save, when the source still exists.
  POST /pins is "intended solely for publishing new content created by the user", so
  someone else's pin is never re-published as the creator's own.

Limits: the spec's (title 100, description 800, link 2048, alt text 500, section name
1 to 180). The spec gives board names and descriptions none; Pinterest refuses board names
over 180 characters (the sandbox does too) and its board editor stops descriptions at 500.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from enum import StrEnum

from creator_backup.api.models import JsonDict, largest
from creator_backup.restore.source import MediaFile, SourceBoard, SourcePin, SourceSection
from creator_backup.words import plural

PIN_TEXT_LIMITS = {"title": 100, "description": 800, "link": 2048, "alt_text": 500}
BOARD_NAME_MAX = 180
BOARD_DESCRIPTION_MAX = 500
SECTION_NAME_MAX = 180
UPLOADABLE = ("image/jpeg", "image/png")
CAROUSEL_MIN, CAROUSEL_MAX = 2, 5
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Method(StrEnum):
    IMAGE = "image_base64"
    CAROUSEL = "multiple_image_base64"
    VIDEO = "video_upload"
    SAVE = "save"


@dataclass(frozen=True)
class Truncation:
    kind: str
    id: str
    field: str
    length: int
    limit: int

    def to_json(self) -> JsonDict:
        return {
            "kind": self.kind,
            "id": self.id,
            "field": self.field,
            "length": self.length,
            "limit": self.limit,
        }


# Ends the reason of each item whose archived file cannot be read: the command line names
# its command that finds every such file after the report (cli/restore_command.py).
MISSING_OR_DAMAGED = "is missing or damaged"


class UnreadableMedia(Exception):
    """An archived file is gone or no longer matches its hash."""


def clip(value: str | None, limit: int) -> str | None:
    if value is None or len(value) <= limit:
        return value
    cut = value[:limit]
    # Do not end on half of a joined emoji or a lone combining mark's base.
    return cut.rstrip("\u200d\ufe0f")


def _clipped(
    kind: str, object_id: str, field: str, value: str | None, limit: int, into: list[Truncation]
) -> str | None:
    result = clip(value, limit)
    if value is not None and result != value:
        into.append(Truncation(kind, object_id, field, len(value), limit))
    return result


def board_fields(board: SourceBoard) -> tuple[str, str | None, tuple[Truncation, ...]]:
    cuts: list[Truncation] = []
    name = _clipped("board", board.id, "name", board.name, BOARD_NAME_MAX, cuts) or ""
    description = _clipped(
        "board", board.id, "description", board.description, BOARD_DESCRIPTION_MAX, cuts
    )
    return name, description, tuple(cuts)


def section_fields(section: SourceSection) -> tuple[str, tuple[Truncation, ...]]:
    cuts: list[Truncation] = []
    name = _clipped("section", section.id, "name", section.name, SECTION_NAME_MAX, cuts) or ""
    return name, tuple(cuts)


@dataclass(frozen=True)
class PinRecipe:
    method: Method
    text: dict[str, str]  # title, description, link, alt_text, dominant_color, as sent
    images: tuple[MediaFile, ...] = ()  # the image, the slides, or the video's cover
    slides: tuple[dict[str, str], ...] = ()  # each slide's title, description, link
    video: MediaFile | None = None
    parent_pin_id: str | None = None
    truncations: tuple[Truncation, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def upload_bytes(self) -> int:
        files = [*self.images, *([self.video] if self.video else [])]
        return sum(f.size for f in files)

    @property
    def writes(self) -> int:
        return 2 if self.method == Method.VIDEO else 1  # POST /media, then POST /pins

    @property
    def media_kind(self) -> str:
        if self.method == Method.CAROUSEL:
            return f"carousel:{len(self.images)}"
        return {Method.VIDEO: "video", Method.SAVE: "saved"}.get(self.method, "image")

    @property
    def first_image_sha256(self) -> str | None:
        return self.images[0].sha256 if self.images else None


@dataclass(frozen=True)
class Unrestorable:
    reason: str


def _text_fields(source: SourcePin, cuts: list[Truncation]) -> dict[str, str]:
    pin = source.pin
    values = {
        "title": pin.title,
        "description": pin.description,
        "link": pin.link,
        "alt_text": pin.alt_text,
    }
    text: dict[str, str] = {}
    for field, value in values.items():
        clipped = _clipped("pin", source.id, field, value, PIN_TEXT_LIMITS[field], cuts)
        if clipped:
            text[field] = clipped
    if pin.dominant_color and COLOR.match(pin.dominant_color):
        text["dominant_color"] = pin.dominant_color
    return text


def _uploadable(file: MediaFile | None) -> bool:
    return file is not None and file.content_type in UPLOADABLE


def recipe_for(source: SourcePin) -> PinRecipe | Unrestorable:
    pin = source.pin
    if pin.is_owner is False:
        if pin.parent_pin_id and pin.parent_pin_id.isdigit():
            return PinRecipe(Method.SAVE, {}, parent_pin_id=pin.parent_pin_id)
        return Unrestorable(
            "it was saved from another user's pin, and the archive does not say which one"
        )
    cuts: list[Truncation] = []
    text = _text_fields(source, cuts)
    media = pin.media
    best = largest(media.images)
    if media.media_type == "image":
        file = source.file_for(best.url if best else None)
        if file is None:
            return Unrestorable("its image is not in the archive")
        if not _uploadable(file):
            return Unrestorable(
                f"its image is archived as {file.content_type}; Pinterest takes only JPEG "
                "or PNG uploads"
            )
        return PinRecipe(Method.IMAGE, text, (file,), truncations=tuple(cuts))
    if media.media_type == "multiple_images":
        return _carousel(source, text, cuts)
    if media.media_type == "video":
        video = source.file_for(media.video_url)
        if video is None:
            return Unrestorable(
                "the video file is not in the archive (Pinterest did not give this app the "
                "video's address)"
            )
        cover = source.file_for(best.url if best else None)
        notes: tuple[str, ...] = ()
        if not _uploadable(cover):
            cover, notes = None, ("its cover image is not archived; Pinterest picks a frame",)
        covers = (cover,) if cover else ()
        return PinRecipe(
            Method.VIDEO, text, covers, video=video, truncations=tuple(cuts), notes=notes
        )
    return Unrestorable(f"Pinterest's API cannot create pins of type {media.media_type}")


def _carousel(
    source: SourcePin, text: dict[str, str], cuts: list[Truncation]
) -> PinRecipe | Unrestorable:
    slides: list[tuple[MediaFile, dict[str, str]]] = []
    skipped = 0
    for number, item in enumerate(source.pin.media.items, start=1):
        best = largest(item.images)
        file = source.file_for(best.url if best else None)
        if not _uploadable(file) or file is None:
            skipped += 1
            continue
        slide: dict[str, str] = {}
        for field, value in (
            ("title", item.title),
            ("description", item.description),
            ("link", item.link),
        ):
            clipped = _clipped(
                "pin", source.id, f"slide {number} {field}", value, PIN_TEXT_LIMITS[field], cuts
            )
            if clipped:
                slide[field] = clipped
        slides.append((file, slide))
    notes: list[str] = []
    if skipped:
        notes.append(
            f"{plural(skipped, 'slide')} {'is' if skipped == 1 else 'are'} not in the archive"
            " as JPEG or PNG and left out"
        )
    if len(slides) > CAROUSEL_MAX:
        notes.append(f"only the first {CAROUSEL_MAX} of {len(slides)} slides fit a carousel")
        slides = slides[:CAROUSEL_MAX]
    if not slides:
        return Unrestorable("none of its slides is in the archive as JPEG or PNG")
    if len(slides) < CAROUSEL_MIN:
        notes.append("only one slide is archived: it comes back as an image pin")
        return PinRecipe(
            Method.IMAGE, text, (slides[0][0],), truncations=tuple(cuts), notes=tuple(notes)
        )
    return PinRecipe(
        Method.CAROUSEL,
        text,
        tuple(f for f, _ in slides),
        slides=tuple(s for _, s in slides),
        truncations=tuple(cuts),
        notes=tuple(notes),
    )


# -- request bodies (read the files only when sending) -------------------------------------


def _base64(file: MediaFile) -> str:
    data = file.read_verified()
    if data is None:
        raise UnreadableMedia(f"the archived file {file.sha256[:12]}… {MISSING_OR_DAMAGED}")
    return base64.b64encode(data).decode("ascii")


def media_source(recipe: PinRecipe, media_id: str | None = None) -> JsonDict:
    if recipe.method == Method.IMAGE:
        file = recipe.images[0]
        return {
            "source_type": "image_base64",
            "content_type": file.content_type,
            "data": _base64(file),
        }
    if recipe.method == Method.CAROUSEL:
        items = [
            {"content_type": file.content_type, "data": _base64(file), **slide}
            for file, slide in zip(recipe.images, recipe.slides, strict=True)
        ]
        return {"source_type": "multiple_image_base64", "items": items}
    if recipe.method == Method.VIDEO and media_id:
        source: JsonDict = {"source_type": "video_id", "media_id": media_id}
        if recipe.images:
            source["cover_image_content_type"] = recipe.images[0].content_type
            source["cover_image_data"] = _base64(recipe.images[0])
        return source
    raise ValueError(f"no media source for {recipe.method}")


def pin_body(
    recipe: PinRecipe, board_id: str, section_id: str | None, media_id: str | None = None
) -> JsonDict:
    body: JsonDict = {"board_id": board_id, **recipe.text}
    if section_id:
        body["board_section_id"] = section_id
    body["media_source"] = media_source(recipe, media_id)
    return body
