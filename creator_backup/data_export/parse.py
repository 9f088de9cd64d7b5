"""A tolerant reader of the export's HTML ("Subject Access Request Data").

What is known of the format (../shared/pinterest-data-export/FORMAT.md): sections headed
by `<h1>`; in the one headed `Pins`, each pin is a link to `https://www.pinterest.com/pin/
<id>/` followed by `<br>`-separated `Label: value,` lines. Nothing else is certain, so:
unknown sections and labels are kept verbatim and in order; `No data` (and `None`, as
Python prints an absent value) becomes empty; values may hold commas, colons, entities
(decoded once, by html.parser) and line breaks; a block that cannot be read is listed
with its reason and the rest goes on. The parser never raises on any text. Which labels
a page lacks, and whether it can be read at all, is labels.py's to say.

A page is read as a stream (`read_pins`): the pins come out one at a time, and what the
reader keeps meanwhile is bounded by what a real export holds, whatever the file's size.
A line, a pin's text and the sections' text each have a length cap: text past it is cut
with a mark (and the cut pins are counted), a construct that never ends (an unclosed
`<!--`) ends the page's reading as a browser would hide the rest, and each step is linear
in the text.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from creator_backup.archive.personal_data import REDACTED, is_personal_field
from creator_backup.data_export.container import NAME_CHARS
from creator_backup.words import CUT_MARK, cut

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
# Bounds on what one reading keeps. A real pin's text is a few kilobytes (a title of 100
# characters, a description of 800); these leave a wide margin and bound memory.
# Characters of one pin (or one line) kept whole; past it, cut. Room for a 4 MiB field
# (an export once named its user with 4 MiB) and the rest of the pin; a pin of emoji this
# long still imports within 300 MB.
RECORD_CHARS = (4 << 20) + (64 << 10)
SECTIONS_CHARS = 8 << 20  # characters of all the sections the app does not know, together
MAX_SECTIONS = 500  # sections kept; past it they are counted as skipped
HEADING_CHARS = 1_000  # characters of a heading
MAX_LINKS = 20  # addresses kept from one field
MAX_FIELDS = 200  # `Label: value` lines read as fields of one pin (a real pin has 17)
LATE_CHARS = 1_000  # characters of a field that starts after the pin's cap was reached
LINE_LINKS = 100  # links kept as links on one line; past it they read as their text
MERGE_PIECES = 256  # plain text pieces of a line joined into one, so a line of many tags
# (`<b>x</b>` a million times) costs its text, not an object a piece
MAX_NAMES = 100  # different usernames counted (an export has one)
MAX_SKIPPED = 1_000  # unreadable blocks kept with their reason; the count is exact
FEED_CHARS = 1 << 20  # characters of a page read whole that are parsed at a time
PENDING_CHARS = 1 << 20  # text html.parser may hold back unparsed before it is judged
# A line in another section stating the account's id ("Id: 123", "User ID: 123").
ACCOUNT_ID = re.compile(r"^(?:user|account|profile)?[ _]?id\s*[:：]\s*(\d{1,30})\s*,?$", re.I)
MAX_ACCOUNT_IDS = 10


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
    cut: bool = False  # its text was longer than RECORD_CHARS and was cut with a mark

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
    """What a reading of the export found. `pins` is filled by `parse_export` (a page
    read whole, for small pages); a streamed reading (`read_pins`) yields its pins and
    keeps only their count here, with the rest, each part bounded."""

    pins: list[PinRecord] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # the first MAX_SKIPPED
    pins_section_found: bool = False
    # Links to pins outside any section headed Pins, by the heading they are under ("" for
    # none): on a page whose headings are in another language, these are its pins.
    stray_pin_links: dict[str, int] = field(default_factory=dict)
    pin_count: int = 0
    skipped_count: int = 0
    names: Counter[str] = field(default_factory=Counter)  # Username values, cut
    account_ids: set[str] = field(default_factory=set)  # ids the other sections state
    section_chars: int = 0

    def username(self) -> str | None:
        """The account the export belongs to: the name its pins give most often."""
        return self.names.most_common(1)[0][0] if self.names else None

    def skip(self, skipped: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED:
            self.skipped.append(skipped)

    def count_pin(self, record: PinRecord) -> None:
        self.pin_count += 1
        name = cut((record.get("Username") or "").strip(), NAME_CHARS)
        if name and (name in self.names or len(self.names) < MAX_NAMES):
            self.names[name] += 1

    def add_section(self, title: str, body: str, document: str) -> None:
        if len(self.sections) >= MAX_SECTIONS:
            self.skip(Skipped(f"the section {cut(title, EXCERPT)}", "too many sections", ""))
            return
        room = max(0, SECTIONS_CHARS - self.section_chars)
        text = cut(body, room) if room else (CUT_MARK if body else "")
        self.section_chars += len(text)
        self.sections.append(Section(title, text, document))

    def stray_link(self, heading: str) -> None:
        if heading in self.stray_pin_links or len(self.stray_pin_links) < MAX_SECTIONS:
            self.stray_pin_links[heading] = self.stray_pin_links.get(heading, 0) + 1


# -- tokens ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    text: str
    href: str | None = None  # set for the text of a link


@dataclass(slots=True)
class _Line:
    pieces: list[_Piece] = field(default_factory=list)
    size: int = 0
    cut: bool = False  # text past RECORD_CHARS was dropped
    links: int = 0
    plain: list[str] = field(default_factory=list)  # text not yet joined into a piece

    def add(self, piece: _Piece) -> None:
        room = RECORD_CHARS - self.size
        if len(piece.text) > room:
            self.cut = True
            if room <= 0:
                return
            piece = _Piece(piece.text[:room], piece.href)
        self.size += len(piece.text)
        if piece.href is not None and self.links < LINE_LINKS:
            self.flush()
            self.pieces.append(piece)
            self.links += 1
            return
        self.plain.append(piece.text)
        if len(self.plain) >= MERGE_PIECES:
            self.flush()

    def flush(self) -> None:
        """Joins the plain text gathered so far into one piece (before the line is read)."""
        if self.plain:
            self.pieces.append(_Piece("".join(self.plain)))
            self.plain = []

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces) + (CUT_MARK if self.cut else "")

    def blank(self) -> bool:
        return all(not p.text.strip() for p in self.pieces) and not self.cut


@dataclass(slots=True)
class _Heading:
    text: str


class _Bounded:
    """Text gathered up to a cap (a heading, a link's text): the rest is dropped, marked."""

    def __init__(self, limit: int) -> None:
        self.buffer = io.StringIO()
        self.room = limit
        self.cut = False

    def add(self, text: str) -> None:
        if len(text) > self.room:
            self.cut = True
            text = text[: self.room]
        self.buffer.write(text)
        self.room -= len(text)

    def text(self) -> str:
        return self.buffer.getvalue() + (CUT_MARK if self.cut else "")


class _Tokens(HTMLParser):
    """Flattens the page into headings and lines; a line ends at <br> or a block tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Heading | _Line] = []
        self.line = _Line()
        self.heading: _Bounded | None = None
        self.href: str | None = None
        self.anchor_text = _Bounded(RECORD_CHARS)
        self.in_anchor = False
        self.skip_depth = 0  # inside <script> or <style>

    def take(self, chunk: str) -> bool:
        """Feeds a chunk of the page; False once the rest of the page cannot be read.

        html.parser holds back what it cannot finish yet, and joins each chunk to it: an
        unclosed `<!--` (or `<script>`) would make it hold the whole rest of the page,
        copied again on every chunk. A browser hides everything after such a construct,
        so the reading stops there. Plain text it holds back only for a character
        reference that may be cut at the chunk's end: the text before that `&` is
        complete and is let through."""
        self.feed(chunk)
        pending = self.rawdata
        if len(pending) <= PENDING_CHARS:
            return True
        if pending.startswith("<") or self.cdata_elem:
            return False
        end = pending.rfind("&")
        if end > 0:
            self.handle_data(unescape(pending[:end]))
            self.rawdata = pending[end:]
        return True

    def pending(self) -> str:
        return str(self.rawdata)

    def _end_line(self) -> None:
        self.line.flush()
        if self.line.pieces or self.line.cut:
            self.items.append(self.line)
        self.line = _Line()

    def _end_heading(self) -> None:
        if self.heading is not None:
            self.items.append(_Heading(" ".join(self.heading.text().split())))
            self.heading = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip_depth += 1
        elif tag == "h1":
            self._close_anchor()
            self._end_line()
            self.heading = _Bounded(HEADING_CHARS)
        elif tag == "a":
            self._close_anchor()
            self.in_anchor = True
            self.href = next((v for k, v in attrs if k == "href" and v), None)
            self.anchor_text = _Bounded(RECORD_CHARS)
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
            self._end_heading()
        elif tag == "a":
            self._close_anchor()
        elif tag in BREAKS:
            self._close_anchor()
            self._end_line()

    def _close_anchor(self) -> None:
        if self.in_anchor:
            self.in_anchor = False
            text = self.anchor_text.text()
            self.anchor_text = _Bounded(RECORD_CHARS)
            if self.heading is not None:
                self.heading.add(text)
            else:
                self.line.add(_Piece(text, self.href or ""))
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_anchor:
            self.anchor_text.add(data)
        elif self.heading is not None:
            self.heading.add(data)
        else:
            self.line.add(_Piece(data))

    def finish(self) -> list[_Heading | _Line]:
        # html.parser's own edge cases must not lose what was read before them.
        with contextlib.suppress(Exception):
            self.close()
        self._close_anchor()
        self._end_heading()
        self._end_line()
        return self.items


UNREAD = (
    "an HTML comment, tag or script there never ends, so the rest of the page was not read "
    "(a browser hides it too)"
)


def _items(chunks: Iterable[str], document: str, into: ParsedExport) -> Iterator[_Heading | _Line]:
    """The page's headings and lines, read a chunk at a time so that a large export never
    holds all its lines in memory at once."""
    tokens = _Tokens()
    for chunk in chunks:
        try:
            readable = tokens.take(chunk)
        except Exception:  # never fatal: what was read before stands
            readable = False
        yield from tokens.items
        tokens.items = []
        if not readable:
            where = f"the page {cut(document, NAME_CHARS)}" if document else "the page"
            into.skip(Skipped(where, UNREAD, _excerpt(tokens.pending()[: EXCERPT * 2])))
            tokens.rawdata = ""
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


class _Field:
    """A field being read: its value's lines written to a buffer (adding each to one
    string would copy the value so far each time: quadratic)."""

    def __init__(self, label: str, first: str, links: list[str]) -> None:
        self.label = label
        self.value = io.StringIO()
        self.value.write(first)
        self.links = links[:MAX_LINKS]
        self.comma = first.rstrip().endswith(",")  # whether its last text line ends in ","

    def add(self, text: str, links: list[str]) -> None:
        self.value.write("\n")
        self.value.write(text)
        if text.strip():
            self.comma = text.rstrip().endswith(",")
        self.links.extend(links[: MAX_LINKS - len(self.links)])

    def done(self) -> ExportField:
        return ExportField(self.label, _finish_value(self.value.getvalue()), self.links)


class _Block:
    def __init__(self, url: str, document: str) -> None:
        self.url = url
        self.document = document
        self.fields: list[_Field] = []
        self.raw: list[str] = []  # the first lines, for the excerpt of a skipped block
        self.raw_size = 0
        self.loose = io.StringIO()  # text before the first label
        self.has_loose = False
        self.size = 0
        self.cut = False

    def _room(self, line: _Line) -> str:
        """The line's text as far as the pin's cap allows. Past the cap only the start of
        a line is read, for a label that begins a new field (its value cut short): the
        fields after an overlong one are still read."""
        text = line.text
        self.cut = self.cut or line.cut
        if self.size >= RECORD_CHARS:
            text = cut(text, LATE_CHARS)
        elif self.size + len(text) > RECORD_CHARS:
            text = cut(text, RECORD_CHARS - self.size)
            self.cut = True
        self.size += len(text)
        if self.raw_size < EXCERPT * 2:
            self.raw.append(text[: EXCERPT * 2])
            self.raw_size += min(len(text), EXCERPT * 2)
        return text

    def add(self, line: _Line) -> None:
        over = self.size >= RECORD_CHARS
        text = self._room(line)
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
                current is not None and current.label.casefold() in FREE_TEXT and not current.comma
            )
            if (known or not continuing) and len(self.fields) < MAX_FIELDS:
                start = len(text) - len(stripped) + match.start(2)
                self.fields.append(_Field(label, match.group(2), _links_from(line, start)))
                return
        if over:
            self.cut = True  # text past the pin's cap that starts no field is dropped
            return
        if current is None:
            if not line.blank():
                self.loose.write("\n" if self.has_loose else "")
                self.loose.write(text)
                self.has_loose = True
            return
        current.add(text, _links_from(line, 0))

    def _excerpt(self) -> str:
        return _excerpt(" ".join([self.url[:EXCERPT], *map(_shareable, self.raw)]))

    def record(self) -> PinRecord | Skipped:
        match = PIN_LINK.match(self.url)
        pin_id = match.group(1) if match else ""
        where = f"pin {cut(pin_id, 40)}" if pin_id else "a pin"
        if not (pin_id.isdigit() and pin_id.isascii() and len(pin_id) <= 30):
            return Skipped(where, "its address has no pin number", self._excerpt())
        if not self.fields:
            return Skipped(where, "it has no `Label: value` lines", self._excerpt())
        fields = [f.done() for f in self.fields]
        if self.has_loose:
            fields.insert(0, ExportField("", _finish_value(self.loose.getvalue())))
        return PinRecord(pin_id, self.url, fields, self.document, self.cut)


def _links_from(line: _Line, start: int) -> list[str]:
    links: list[str] = []
    offset = 0
    for piece in line.pieces:
        if piece.href and offset + len(piece.text) > start:
            links.append(piece.href)
            if len(links) >= MAX_LINKS:
                break
        offset += len(piece.text)
    return links


class _Section:
    """The text of a section the app does not know, gathered up to what is left of the
    sections' cap."""

    def __init__(self, title: str | None, into: ParsedExport) -> None:
        self.title = title
        self.text = io.StringIO()
        self.room = max(0, SECTIONS_CHARS - into.section_chars)
        self.cut = False

    def add(self, text: str) -> None:
        line = text.rstrip() + "\n"
        if len(line) > self.room:
            self.cut = True
            line = line[: self.room]
        self.text.write(line)
        self.room -= len(line)

    def body(self) -> str:
        return self.text.getvalue().strip() + (CUT_MARK if self.cut else "")


def read_pins(
    chunks: Iterable[str], document: str, into: ParsedExport, seen: set[int] | None = None
) -> Iterator[PinRecord]:
    """The pins of one HTML document, one at a time, as its text streams in. The other
    sections, the unreadable blocks and what the pins say of the account go into `into`;
    `seen` (pin numbers already read, across the documents) drops a pin listed twice."""
    seen = set() if seen is None else seen
    section = _Section(None, into)
    block: _Block | None = None

    def close_block() -> PinRecord | None:
        nonlocal block
        if block is None:
            return None
        got = block.record()
        block = None
        if isinstance(got, Skipped):
            into.skip(got)
            return None
        number = int(got.pin_id)
        if number in seen:
            into.skip(Skipped(f"pin {got.pin_id}", "listed twice", ""))
            return None
        seen.add(number)
        into.count_pin(got)
        return got

    def close_section() -> None:
        title = section.title
        body = section.body()
        if title is not None and title.casefold() != PINS_SECTION:
            into.add_section(title, body, document)
        elif body:
            heading = "Pins (text before the first pin)" if title else "(text before any section)"
            into.add_section(heading, body, document)

    for item in _items(chunks, document, into):
        if isinstance(item, _Heading):
            if (done := close_block()) is not None:
                yield done
            close_section()
            section = _Section(item.text, into)
            if item.text.casefold() == PINS_SECTION:
                into.pins_section_found = True
            continue
        in_pins = section.title is not None and section.title.casefold() == PINS_SECTION
        start = _pin_link(item) if in_pins else None
        if start is not None:
            if (done := close_block()) is not None:
                yield done
            url, index = start
            block = _Block(url, document)
            rest = _Line(item.pieces[index + 1 :], cut=item.cut)
            if not rest.blank():
                block.add(rest)
        elif block is not None:
            block.add(item)
        else:
            if not in_pins and _pin_link(item) is not None:
                into.stray_link(section.title or "")
            text = item.text
            if not in_pins and len(into.account_ids) < MAX_ACCOUNT_IDS:
                stated = ACCOUNT_ID.match(text.strip()[:80])
                if stated is not None:
                    into.account_ids.add(stated.group(1))
            section.add(text)
    if (done := close_block()) is not None:
        yield done
    close_section()


def parse_export(text: str, document: str = "") -> ParsedExport:
    """The pins, other sections and unreadable blocks of one HTML document read whole:
    for a small page (tests and tools); the import streams with `read_pins`."""
    result = ParsedExport()
    slices = (text[start : start + FEED_CHARS] for start in range(0, len(text), FEED_CHARS))
    result.pins = list(read_pins(slices, document, result))
    return result
