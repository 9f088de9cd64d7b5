"""Reading an exported site back as a browser would: every page parsed with html.parser,
every address it names, every script or handler it holds, and the text it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes a browser would fetch or follow.
URL_ATTRIBUTES = {"href", "src", "poster", "srcset", "data", "action", "formaction", "cite",
                  "background", "manifest", "ping", "xlink:href"}  # fmt: skip


@dataclass
class Page:
    path: Path
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)  # on* attributes
    ids: set[str] = field(default_factory=set)
    text: str = ""
    metas: list[dict[str, str]] = field(default_factory=list)
    elements: list[tuple[str, str]] = field(default_factory=list)  # (tag, its own text)
    rows: list[Row] = field(default_factory=list)  # every table row


@dataclass
class Row:
    cells: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.chunks: list[str] = []
        self.open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append(tag)
        if tag == "tr":
            self.page.rows.append(Row())
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.page.links.append(value)
                if self.page.rows and any(t == "tr" for t, _ in self.open):
                    self.page.rows[-1].links.append(value)
            if name.startswith("on"):
                self.page.handlers.append(name)
            if name == "id":
                self.page.ids.add(value)
        if tag == "meta":
            self.page.metas.append(values)
        if tag not in {"img", "meta", "link", "br", "input"}:
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            self.page.elements.append((name, "".join(parts)))
            if name in ("td", "th") and self.page.rows:
                self.page.rows[-1].cells.append("".join(parts))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        for _, parts in self.open:
            parts.append(data)


def read_page(path: Path) -> Page:
    page = Page(path)
    reader = _Reader(page)
    reader.feed(path.read_text("utf-8"))
    reader.close()
    page.text = "".join(reader.chunks)
    return page


def pages_of(site: Path) -> list[Page]:
    return [read_page(p) for p in sorted(site.rglob("*.html"))]


def broken_links(site: Path, page: Page) -> list[str]:
    """Every address on the page that is not a file inside the site, or whose #fragment
    names no element of its page."""
    root = site.resolve()
    broken = []
    for link in page.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("/", "\\")) or "\\" in link:
            broken.append(f"{link} (not a relative address inside the site)")
            continue
        target = page.path if not parts.path else (page.path.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(root):
            broken.append(f"{link} (outside the site)")
        elif not target.is_file():
            broken.append(f"{link} (no such file)")
        elif parts.fragment and parts.fragment not in read_page(target).ids:
            broken.append(f"{link} (no element #{parts.fragment})")
    return broken
