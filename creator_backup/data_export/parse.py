"""A tolerant reader of the export's HTML ("Subject Access Request Data").

What is known of the format (../shared/pinterest-data-export/FORMAT.md): sections headed
by `<h1>`; in the one headed `Pins`, each pin is a link to `https://www.pinterest.com/pin/
<id>/` followed by `<br>`-separated `Label: value,` lines. Nothing else is certain, so:
unknown sections and labels are kept verbatim and in order; `No data` (and `None`, as
Python prints an absent value) becomes empty; values may hold commas, colons, entities
(decoded once, by html.parser) and line breaks; a block that cannot be read is listed
with its reason and the rest goes on. The parser never raises on any text. Which labels
a page lacks, and whether it can be read at all, is labels.py's to say.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from creator_backup.archive.personal_data import REDACTED, is_personal_field

NO_DATA = "No data"
# Values that mean "absent": the export's own words, and Python's str(None).
ABSENT_VALUES = frozenset({NO_DATA, "None"})
PINS_SECTION = "pins"
# The labels of a pin, in the order the export writes them.
KNOWN_LABELS = (
    "Title", "Details", "Image", "Is Native", "Board Id", "Board Name", "Is Video",
    "Ip Address", "Username", "Alt Text", "Canonical Link", "Story Pin Media", "Video",
    "Created at", "Alive", "Is a repin", "Private",
)  # fmt: skip
KNOWN = {label.casefold(): label for label in KNOWN_LABELS}
# Free text may hold a line that looks like "Something: else"; it stays in the value.
FREE_TEXT = {"title", "details", "alt text", "board name"}
# A label starts with a letter of any script (a localised page says "Titel:", "Créé le :"
# or "タイトル："), so that its line is never read as the value before it.
SPACE = " \t\u00a0\u202f\u3000"
LABEL = re.compile(
    rf"([^\W\d_][\w {SPACE}/()'’\-]{{0,48}}?)(?::(?=[{SPACE}]|$)|：)[{SPACE}]?(.*)", re.DOTALL
)
PIN_LINK = re.compile(
    r"^https?://(?:[a-z0-9-]+\.)*pinterest\.[a-z.]{2,12}/pin/([^/?#\s]+)/?$", re.IGNORECASE
)
# Tags that end a line as <br> does.
BREAKS = {"br", "p", "div", "li", "tr", "hr", "ul", "ol", "table"}
EXCERPT = 120


@dataclass(slots=True)
class ExportField:
    label: str  # verbatim
    value: str  # as the export says it ("No data" -> "")
    links: list[str] = field(default_factory=list)  # addresses of links inside the value


@dataclass(slots=True)
class PinRecord:
    pin_id: str
    url: str
    fields: list[ExportField]
    document: str = ""  # which HTML file of the export it came from

    def get(self, label: str) -> str | None:
        wanted = label.casefold()
        for item in self.fields:
            if item.label.casefold() == wanted:
                return item.value
        return None

    def link_of(self, label: str) -> str | None:
        wanted = label.casefold()
        for item in self.fields:
            if item.label.casefold() == wanted and item.links:
                return item.links[0]
        return None

    def verbatim(self) -> dict[str, str]:
        """Label -> value, in the export's order; a repeated label gets " (2)" and on."""
        out: dict[str, str] = {}
        for item in self.fields:
            key, n = item.label, 1
            while key in out:
                n += 1
                key = f"{item.label} ({n})"
            out[key] = item.value
        return out


@dataclass(frozen=True)
class Section:
    """A section the app does not know, kept as its text."""

    title: str
    text: str
    document: str = ""


@dataclass(frozen=True)
class Skipped:
    where: str  # "pin 123", "the Pins section", ...
    reason: str
    excerpt: str

    def to_json(self) -> dict[str, str]:
        return {"where": self.where, "reason": self.reason, "excerpt": self.excerpt}


@dataclass
class ParsedExport:
    pins: list[PinRecord] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    pins_section_found: bool = False
    # Links to pins outside any section headed Pins, by the heading they are under ("" for
    # none): on a page whose headings are in another language, these are its pins.
    stray_pin_links: dict[str, int] = field(default_factory=dict)

    def username(self) -> str | None:
        """The account the export belongs to: the name its pins give most often."""
        names = Counter(v for p in self.pins if (v := (p.get("Username") or "").strip()))
        return names.most_common(1)[0][0] if names else None

    def extend(self, other: ParsedExport) -> None:
        seen = {p.pin_id for p in self.pins}
        for pin in other.pins:
            if pin.pin_id in seen:
                self.skipped.append(Skipped(f"pin {pin.pin_id}", "listed twice", ""))
                continue
            seen.add(pin.pin_id)
            self.pins.append(pin)
        self.sections.extend(other.sections)
        self.skipped.extend(other.skipped)
        self.pins_section_found = self.pins_section_found or other.pins_section_found
        for heading, count in other.stray_pin_links.items():
            self.stray_pin_links[heading] = self.stray_pin_links.get(heading, 0) + count


# -- tokens ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    text: str
    href: str | None = None  # set for the text of a link


@dataclass(slots=True)
class _Line:
    pieces: list[_Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class _Heading:
    text: str


class _Tokens(HTMLParser):
    """Flattens the page into headings and lines; a line ends at <br> or a block tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Heading | _Line] = []
        self.line = _Line()
        self.heading: list[str] | None = None
        self.href: str | None = None
        self.anchor_text: list[str] = []
        self.in_anchor = False
        self.skip_depth = 0  # inside <script> or <style>

    def _end_line(self) -> None:
        if self.line.pieces:
            self.items.append(self.line)
        self.line = _Line()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip_depth += 1
        elif tag == "h1":
            self._close_anchor()
            self._end_line()
            self.heading = []
        elif tag == "a":
            self._close_anchor()
            self.in_anchor = True
            self.href = next((v for k, v in attrs if k == "href" and v), None)
            self.anchor_text = []
        elif tag in BREAKS:
            self._close_anchor()
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BREAKS:
            self._close_anchor()
            self._end_line()
        elif tag == "a":
            self.handle_starttag(tag, attrs)
            self._close_anchor()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "h1" and self.heading is not None:
            self._close_anchor()
            self.items.append(_Heading(" ".join("".join(self.heading).split())))
            self.heading = None
        elif tag == "a":
            self._close_anchor()
        elif tag in BREAKS:
            self._close_anchor()
            self._end_line()

    def _close_anchor(self) -> None:
        if self.in_anchor:
            self.in_anchor = False
            text = "".join(self.anchor_text)
            if self.heading is not None:
                self.heading.append(text)
            else:
                self.line.pieces.append(_Piece(text, self.href or ""))
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_anchor:
            self.anchor_text.append(data)
        elif self.heading is not None:
            self.heading.append(data)
        else:
            self.line.pieces.append(_Piece(data))

    def finish(self) -> list[_Heading | _Line]:
        # html.parser's own edge cases must not lose what was read before them.
        with contextlib.suppress(Exception):
            self.close()
        self._close_anchor()
        if self.heading is not None:
            self.items.append(_Heading(" ".join("".join(self.heading).split())))
            self.heading = None
        self._end_line()
        return self.items


FEED_CHARS = 1 << 20


def _items(text: str) -> Iterator[_Heading | _Line]:
    """The page's headings and lines, read a megabyte at a time so that a large export
    never holds all its lines in memory at once."""
    tokens = _Tokens()
    failed = False
    for start in range(0, len(text), FEED_CHARS):
        try:
            tokens.feed(text[start : start + FEED_CHARS])
        except Exception:  # never fatal: what was read before stands
            failed = True
        yield from tokens.items
        tokens.items = []
        if failed:
            break
    yield from tokens.finish()


# -- records -----------------------------------------------------------------------------


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def _shareable(line: str) -> str:
    """A raw line as a report may show it: a personal field's value (the IP address)
    replaced, as every output made from the export does."""
    match = LABEL.match(line.lstrip())
    if match is not None and is_personal_field(match.group(1)):
        return f"{match.group(1)}: {REDACTED}"
    return line


def _finish_value(text: str) -> str:
    value = text.strip()
    if value.endswith(","):
        value = value[:-1].rstrip()
    return "" if value in ABSENT_VALUES else value


def _pin_link(line: _Line) -> tuple[str, int] | None:
    """The address of a line that starts a pin (a link, first on its line), and where the
    link is among the line's pieces."""
    for index, piece in enumerate(line.pieces):
        if piece.href is None and not piece.text.strip():
            continue
        href = (piece.href or "").strip()
        return (href, index) if piece.href is not None and PIN_LINK.match(href) else None
    return None


class _Block:
    def __init__(self, url: str, document: str) -> None:
        self.url = url
        self.document = document
        self.fields: list[ExportField] = []
        self.raw: list[str] = []
        self.loose: list[str] = []  # text before the first label

    def add(self, line: _Line) -> None:
        text = line.text
        self.raw.append(text)
        stripped = text.lstrip()
        match = LABEL.match(stripped)
        current = self.fields[-1] if self.fields else None
        if match is not None:
            label = match.group(1).strip()
            known = label.casefold() in KNOWN
            # A field the export finished with its comma is over: the label after it
            # starts the next field even where the app does not know the label (a
            # partly localised page: "Details: text," then "Bild: ...").
            continuing = (
                current is not None
                and current.label.casefold() in FREE_TEXT
                and not current.value.rstrip().endswith(",")
            )
            if known or not continuing:
                start = len(text) - len(stripped) + match.start(2)
                self.fields.append(ExportField(label, match.group(2), _links_from(line, start)))
                return
        if current is None:
            if not line.blank():
                self.loose.append(text)
            return
        current.value += "\n" + text
        current.links.extend(_links_from(line, 0))

    def record(self) -> PinRecord | Skipped:
        match = PIN_LINK.match(self.url)
        pin_id = match.group(1) if match else ""
        where = f"pin {pin_id}" if pin_id else "a pin"
        body = _excerpt(" ".join([self.url, *map(_shareable, self.raw)]))
        if not (pin_id.isdigit() and pin_id.isascii() and len(pin_id) <= 30):
            return Skipped(where, "its address has no pin number", body)
        if not self.fields:
            return Skipped(where, "it has no `Label: value` lines", body)
        fields = [ExportField(f.label, _finish_value(f.value), f.links) for f in self.fields]
        if self.loose:
            fields.insert(0, ExportField("", _finish_value("\n".join(self.loose))))
        return PinRecord(pin_id, self.url, fields, self.document)


def _links_from(line: _Line, start: int) -> list[str]:
    links, offset = [], 0
    for piece in line.pieces:
        if piece.href and offset + len(piece.text) > start:
            links.append(piece.href)
        offset += len(piece.text)
    return links


def parse_export(text: str, document: str = "") -> ParsedExport:
    """The pins, other sections and unreadable blocks of one HTML document."""
    result = ParsedExport()
    section: str | None = None
    section_lines: list[str] = []
    block: _Block | None = None
    seen: set[str] = set()

    def close_block() -> None:
        nonlocal block
        if block is None:
            return
        got = block.record()
        block = None
        if isinstance(got, Skipped):
            result.skipped.append(got)
        elif got.pin_id in seen:
            result.skipped.append(Skipped(f"pin {got.pin_id}", "listed twice", ""))
        else:
            seen.add(got.pin_id)
            result.pins.append(got)

    def close_section() -> None:
        close_block()
        body = "\n".join(line.rstrip() for line in section_lines).strip()
        if section is not None and section.casefold() != PINS_SECTION:
            result.sections.append(Section(section, body, document))
        elif body:
            title = "Pins (text before the first pin)" if section else "(text before any section)"
            result.sections.append(Section(title, body, document))
        section_lines.clear()

    for item in _items(text):
        if isinstance(item, _Heading):
            close_section()
            section = item.text
            if section.casefold() == PINS_SECTION:
                result.pins_section_found = True
            continue
        in_pins = section is not None and section.casefold() == PINS_SECTION
        start = _pin_link(item) if in_pins else None
        if start is not None:
            close_block()
            url, index = start
            block = _Block(url, document)
            rest = _Line(item.pieces[index + 1 :])
            if not rest.blank():
                block.add(rest)
        elif block is not None:
            block.add(item)
        else:
            if not in_pins and _pin_link(item) is not None:
                heading = section or ""
                result.stray_pin_links[heading] = result.stray_pin_links.get(heading, 0) + 1
            section_lines.append(item.text)
    close_section()
    return result
