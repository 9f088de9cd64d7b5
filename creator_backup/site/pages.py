"""Rendering the site's pages from the templates in resources/templates/site/.

Autoescaping is on for every template, whatever its name: Pinterest text is untrusted,
and a title such as `<img src=x onerror=alert(1)>` must be shown as those characters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from creator_backup.checked_words import utc_text
from creator_backup.file_modes import PRIVATE, FileModes, make_folder, write_file
from creator_backup.resources import resource_path
from creator_backup.site import names

TEMPLATES = ("templates", "site")


def many(count: int, word: str) -> str:
    """ "1 pin", "1,200 pins": English plurals of the few words the pages count."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def media_many(count: int) -> str:
    """ "1 picture or video", "12 pictures and videos"."""
    return f"{count:,} {'picture or video' if count == 1 else 'pictures and videos'}"


def when(stamp: str | None) -> str:
    """A UTC stamp in words, "02 Dec 2026, 06:16 UTC"; "" for none."""
    return utc_text(stamp) if stamp else ""


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path(*TEMPLATES))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["many"] = many
    env.filters["when"] = when
    env.filters["media_many"] = media_many
    return env


def style_sheet() -> bytes:
    return resource_path(*TEMPLATES, names.STYLE).read_bytes()


def root_of(relative: str) -> str:
    """The way back to the site's top folder from a page: "" or "../"."""
    return "../" * relative.count("/")


class PageWriter:
    """Writes pages into the staging folder, counting them and their bytes."""

    def __init__(self, site: Path, common: dict[str, Any], modes: FileModes = PRIVATE) -> None:
        self.site = site
        self.common = common
        self.modes = modes
        self.env = environment()
        self.pages = 0
        self.bytes = 0
        for folder in (names.BOARDS_DIR, names.SECTIONS_DIR, names.PINS_DIR):
            make_folder(site / folder, modes)

    def write(self, relative: str, template: str, **context: Any) -> None:
        html = self.env.get_template(template).render(
            **self.common, **context, root=root_of(relative), here=relative
        )
        data = html.encode("utf-8")
        write_file(self.site / relative, data, self.modes)
        self.pages += 1
        self.bytes += len(data)

    def write_asset(self, relative: str, data: bytes) -> None:
        write_file(self.site / relative, data, self.modes)
        self.bytes += len(data)
