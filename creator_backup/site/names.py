"""The site's file names, made by the app from ids alone. Pinterest text never becomes a
path: a title such as `../../etc/passwd` is only ever shown, escaped, on a page.

Ids are Pinterest's decimal numbers, used as they are. Anything else (an id the app has
never seen the like of) keeps only [a-z0-9_-], lower-cased so that two ids differing in
case cannot meet on a case-insensitive disk, and gains a hash of the whole id, so two ids
cleaned to the same letters still get two files. A hex hash cannot end in "-p2", so a
cleaned name never collides with a later page of another grid.
"""

from __future__ import annotations

import hashlib
import re

from creator_backup.archive.media_types import EXTENSIONS

INDEX = "index.html"
LOST = "lost.html"
TIMELINE = "timeline.html"
ABOUT = "about.html"
OTHER = "other"  # pins on no board the archive knows: other.html, other-p2.html, ...
STYLE = "style.css"
MARKER = ".creator-backup-site.json"
BOARDS_DIR = "boards"
SECTIONS_DIR = "sections"
PINS_DIR = "pins"
MEDIA_DIR = "media"

_DIGITS = re.compile(r"[0-9]{1,40}")
_STORED_NAME = re.compile(r"([0-9a-f]{64})\.([a-z0-9]{2,4})")
_KNOWN_EXTENSIONS = frozenset(EXTENSIONS.values()) | {"bin"}


def safe_id(object_id: str) -> str:
    """A file-name stem for an object id: [A-Za-z0-9_-] only, never empty."""
    if _DIGITS.fullmatch(object_id):
        return object_id
    cleaned = re.sub(r"[^a-z0-9_-]", "", object_id.lower())[:40]
    digest = hashlib.sha256(object_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{cleaned}-{digest}" if cleaned else f"id-{digest}"


def page_name(stem: str, page: int) -> str:
    """The file of page `page` (1-based) of a grid: board.html, board-p2.html, ..."""
    return f"{stem}.html" if page == 1 else f"{stem}-p{page}.html"


def board_page(board_id: str, page: int = 1) -> str:
    return f"{BOARDS_DIR}/{page_name(safe_id(board_id), page)}"


def section_page(section_id: str, page: int = 1) -> str:
    return f"{SECTIONS_DIR}/{page_name(safe_id(section_id), page)}"


def pin_page(pin_id: str) -> str:
    return f"{PINS_DIR}/{safe_id(pin_id)}.html"


def other_page(page: int = 1) -> str:
    return page_name(OTHER, page)


def media_name(archive_relative: str) -> str | None:
    """The site's name for an archived media file, from the store's own name for it
    (`<sha256>.<ext>`), or None for a path the store would never have written."""
    found = _STORED_NAME.fullmatch(archive_relative.rsplit("/", 1)[-1])
    if found is None or found.group(2) not in _KNOWN_EXTENSIONS:
        return None
    return f"{MEDIA_DIR}/{found.group(1)}.{found.group(2)}"
