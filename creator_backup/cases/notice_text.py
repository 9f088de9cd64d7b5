"""A notice file turned into plain text, whatever form it came in: an e-mail as saved by a
mail program (.eml), a saved web page (.html), plain text, or a PDF.

A notice is untrusted: it may be huge, nest MIME parts without end, carry scripts or
control characters. Every step is bounded (bytes read, parts walked, nesting, characters
kept, the PDF reader's time), scripts and styles are dropped unread, and what comes out is
plain text with every control character folded to a space: it is read for facts, and
never becomes markup anywhere.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import subprocess
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

from creator_backup.errors import UsageError

MAX_NOTICE_BYTES = 5_000_000  # a real notice is a few tens of kB; a PDF at most a few MB
MAX_TEXT_CHARS = 200_000  # text kept for reading the facts; notices are far shorter
MAX_PARTS = 64  # MIME parts walked in an e-mail
MAX_DEPTH = 6  # multipart inside multipart: a real notice nests two or three deep
PDF_TIMEOUT_S = 20.0
PDFTOTEXT = "pdftotext"

# Tags whose content is never text a person reads in the notice.
_SKIPPED_TAGS = frozenset({"script", "style", "head", "template", "noscript", "svg", "object"})
# Tags that end a line, so "Pin ID" and its value on the next cell are not run together.
_BREAKING_TAGS = frozenset(
    {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th",
     "section", "article", "header", "footer", "dd", "dt", "blockquote", "pre"}
)  # fmt: skip


class NoticeUnreadable(UsageError):
    """The file is not a notice this app can read (too big, a PDF with no reader, ...)."""


@dataclass(frozen=True)
class NoticeText:
    text: str  # plain text, control characters folded, at most MAX_TEXT_CHARS
    kind: str  # eml, html, txt, pdf
    sent_at: str | None = None  # an e-mail's Date header, as written (parsed later)
    subject: str | None = None


def read_bounded(path: Path, limit: int = MAX_NOTICE_BYTES) -> bytes:
    """The file's bytes, refused beyond `limit` without reading them all."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise NoticeUnreadable(f"The notice {path} cannot be read ({exc.strerror}).") from exc
    if len(data) > limit:
        raise NoticeUnreadable(
            f"The notice {path.name} is over {limit // 1_000_000} MB: no notice from "
            "Pinterest is that big, so it is not read."
        )
    return data


def clean(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Text with line breaks and tabs kept and every other control or format character
    (escape sequences, bidirectional overrides, NUL) turned into a space."""
    text = text[:limit].replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)


class _TextOfHtml(HTMLParser):
    """The words of a page, as a person sees them: no scripts, styles or attributes."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BREAKING_TAGS:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKING_TAGS:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        if self.size < self.limit:
            self.parts.append(text)
            self.size += len(text)


def html_text(markup: str, limit: int = MAX_TEXT_CHARS) -> str:
    parser = _TextOfHtml(limit)
    # The parser's time grows with its input, which read_bounded already capped.
    parser.feed(markup[: limit * 10])
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return clean("\n".join(line for line in lines if line), limit)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def _leaves(message: Message, depth: int, found: list[Message], budget: list[int]) -> None:
    """The non-multipart parts, in order, within MAX_PARTS and MAX_DEPTH."""
    if budget[0] <= 0:
        return
    budget[0] -= 1
    if not message.is_multipart():
        found.append(message)
        return
    if depth >= MAX_DEPTH:
        return
    payload = message.get_payload()
    for child in payload if isinstance(payload, list) else []:
        if isinstance(child, Message):
            _leaves(child, depth + 1, found, budget)


def _header(message: Message, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # a malformed header the parser only trips on when read
        return None
    return " ".join(clean(str(value), 500).split()) if value is not None else None


def eml_text(data: bytes) -> NoticeText:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    leaves: list[Message] = []
    _leaves(message, 0, leaves, [MAX_PARTS])
    plain = [p for p in leaves if p.get_content_type() == "text/plain"]
    html = [p for p in leaves if p.get_content_type() == "text/html"]
    # Pinterest's mails carry both; the plain part is the one meant to be read as text.
    if plain:
        text = clean("\n".join(_decoded(p) for p in plain))
    else:
        text = html_text("\n".join(_decoded(p) for p in html))
    return NoticeText(text, "eml", _header(message, "Date"), _header(message, "Subject"))


def pdf_text(data: bytes) -> str:
    """The PDF's text through poppler's `pdftotext`, within PDF_TIMEOUT_S. Qt's own PDF
    reader (QtPdf) is not part of PySide6-Essentials, the app's Qt."""
    tool = shutil.which(PDFTOTEXT)
    if tool is None:
        raise NoticeUnreadable(
            "This notice is a PDF, and reading a PDF needs the `pdftotext` program "
            "(poppler-utils), which is not installed: install it, or save the notice "
            "e-mail as .eml or the page as .html instead."
        )
    try:
        done = subprocess.run(
            [tool, "-enc", "UTF-8", "-layout", "-", "-"],
            input=data,
            capture_output=True,
            timeout=PDF_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise NoticeUnreadable("Reading the PDF notice took too long: it was given up.") from exc
    if done.returncode != 0:
        raise NoticeUnreadable("The PDF notice cannot be read: pdftotext refused it.")
    return clean(done.stdout[: MAX_TEXT_CHARS * 4].decode("utf-8", errors="replace"))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def notice_text(path: Path) -> NoticeText:
    """The notice at `path` as plain text, by its kind (its name's ending, else its
    content)."""
    return text_of(read_bounded(path), path.suffix)


def text_of(data: bytes, suffix: str) -> NoticeText:
    """A notice's bytes, read once (so the text is of the very bytes its case keeps and
    hashes), as plain text by `suffix` (".eml", ...), else by what the bytes hold."""
    suffix = suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return NoticeText(pdf_text(data), "pdf")
    if suffix in (".eml", ".msg", ".mbox") or (
        suffix not in (".html", ".htm", ".txt") and data[:2000].lower().count(b"\nsubject:")
    ):
        return eml_text(data)
    text = data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm") or _looks_like_html(text):
        return NoticeText(html_text(text), "html")
    return NoticeText(clean(text), "txt")
