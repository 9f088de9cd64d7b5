"""Writes data exports the way Pinterest's is known to look (FORMAT.md), for tests.

Values are escaped as HTML, so entities reach the parser; the labels come in the known
order, with a trailing comma on all but the last four lines, and `No data` for empty.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared" / "pinterest-data-export" / "sample.html"
)
NO_COMMA = {"Created at", "Alive", "Is a repin", "Private"}


@dataclass
class ExportPin:
    pin_id: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # label, value ("" = No data)

    def value(self, label: str) -> str:
        return next(v for k, v in self.fields if k == label)


def pin(
    pin_id: str,
    *,
    title: str = "",
    details: str = "",
    image: str = "",
    board_id: str = "",
    board_name: str = "",
    ip: str = "203.0.113.7",
    username: str = "creator",
    link: str = "",
    created: str = "2021/03/04 05:06:07",
    alive: str = "True",
    extra: list[tuple[str, str]] | None = None,
) -> ExportPin:
    fields = [
        ("Title", title), ("Details", details), ("Image", image), ("Is Native", ""),
        ("Board Id", board_id), ("Board Name", board_name), ("Is Video", "False"),
        ("Ip Address", ip), ("Username", username), ("Alt Text", ""),
        ("Canonical Link", link), ("Story Pin Media", ""), ("Video", ""),
        ("Created at", created), ("Alive", alive), ("Is a repin", "False"), ("Private", "False"),
    ]  # fmt: skip
    for position, (label, value) in enumerate(extra or []):
        fields.insert(7 + position, (label, value))
    return ExportPin(pin_id, fields)


def _line(label: str, value: str) -> str:
    if label == "Canonical Link" and value:
        shown = f'<a href="{html.escape(value)}">{html.escape(value)}</a>'
    else:
        shown = html.escape(value, quote=False) if value else "No data"
    return f"<br>{label}: {shown}{'' if label in NO_COMMA else ','}\n"


def pin_html(item: ExportPin) -> str:
    url = f"https://www.pinterest.com/pin/{item.pin_id}/"
    return f'<a href="{url}">{url}</a>\n' + "".join(_line(k, v) for k, v in item.fields) + "<br>"


def render(
    pins: list[ExportPin],
    sections: Sequence[tuple[str, str]] = (),
    raw_blocks: Sequence[str] = (),
) -> str:
    """The export page: the Pins section (with any raw, possibly broken, blocks after the
    pins), then the other sections as headed text."""
    body = ['<div id="contents"><h1 id=y1bkd>Pins</h1>\n']
    body += [pin_html(p) for p in pins]
    body += list(raw_blocks)
    for number, (title, text) in enumerate(sections):
        body.append(f"<br><h1 id=s{number}>{html.escape(title)}</h1>\n{html.escape(text)}<br>")
    body.append("</div>")
    return "".join(body)


def zipped(
    page: str, name: str = "pinterest/index.html", others: dict[str, bytes] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(name, (2024, 5, 6, 7, 8, 10)), page)
        for other, data in (others or {}).items():
            archive.writestr(other, data)
    return buffer.getvalue()


# The sample's labels as a German page might write them (what Pinterest writes there is
# not known: these stand for any labels the app does not read).
GERMAN = {
    "Title": "Titel", "Image": "Bild", "Is Native": "Ist nativ", "Board Id": "Pinnwand-ID",
    "Board Name": "Pinnwandname", "Is Video": "Ist Video", "Ip Address": "IP-Adresse",
    "Username": "Benutzername", "Alt Text": "Alternativtext", "Canonical Link": "Link",
    "Story Pin Media": "Story-Pin-Medien", "Created at": "Erstellt am", "Alive": "Lebendig",
    "Is a repin": "Ist ein Repin", "Private": "Privat",
}  # fmt: skip


def localised(page: str, labels: dict[str, str], heading: str | None = None) -> str:
    """A page with these labels (and the Pins heading) replaced, as another language's
    page would write them; every other byte as it was."""
    for label, other in labels.items():
        page = page.replace(f"<br>{label}:", f"<br>{other}:")
    if heading is not None:
        page = page.replace(">Pins</h1>", f">{heading}</h1>")
    return page
