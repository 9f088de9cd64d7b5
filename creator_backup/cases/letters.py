"""A route's letter laid out: as plain text (to paste into a web form or an e-mail), and
as HTML for the PDF or a browser.

The text version holds Pinterest text only on one line each, control characters folded
(words.one_line), so a title cannot reach a terminal or a form as anything but
characters. The HTML goes through Jinja2 with autoescaping on, so a title such as
`<img src=x onerror=alert(1)>` is shown as those characters in the page and the PDF.
"""

from __future__ import annotations

import textwrap
from pathlib import PurePath
from typing import Any

import jinja2

from creator_backup.cases.routes import Letter
from creator_backup.resources import resource_path
from creator_backup.words import day_text, one_line

WIDTH = 78  # a plain-text letter's lines, as e-mail wants them
TITLE_CHARS = 300  # a pin's title as a letter shows it (Pinterest allows 100)
TEMPLATE = "letter.html.j2"


def _wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(one_line(text, 5_000), WIDTH, initial_indent=indent,
                         subsequent_indent=indent) or [""]  # fmt: skip


def _pin_rows(letter: Letter) -> list[dict[str, Any]]:
    """Each pin as the letter lists it; a picture by its file name only (the recipient
    gets the file, not the path on the creator's computer)."""
    return [
        {
            "pin_id": pin.pin_id,
            "in_archive": pin.in_archive,
            "title": one_line(pin.title, TITLE_CHARS) if pin.title is not None else None,
            "board": one_line(pin.board, TITLE_CHARS) if pin.board else None,
            "picture_name": PurePath(pin.picture).name if pin.picture else None,
        }
        for pin in letter.pins
    ]


def send_by_text(letter: Letter) -> str:
    if letter.send_by is None:
        return letter.send_by_why[:1].upper() + letter.send_by_why[1:] + "."
    return f"{letter.due_words} {day_text(letter.send_by)}: {letter.send_by_why}."


def letter_text(letter: Letter) -> str:
    lines = ["BEFORE SENDING (not part of the letter)", *_wrapped(
        f"Send it {letter.how_to_send}. {send_by_text(letter)}", "  ")]  # fmt: skip
    for note in letter.notes:
        lines += _wrapped(note, "  ")
    lines += ["", "-" * WIDTH, "", *(one_line(line) for line in letter.to), "",
              day_text(letter.written_on), "", one_line(letter.title).upper(), ""]  # fmt: skip
    for paragraph in letter.paragraphs:
        lines += [*_wrapped(paragraph), ""]
    lines.append("The decision, as the notice states it:")
    lines += [f"  {label}: {one_line(value, 1_000)}" for label, value in letter.facts]
    if letter.pins:
        lines += ["", "The content concerned, from my archive:"]
        for row in _pin_rows(letter):
            if not row["in_archive"]:
                lines.append(f"  Pin {row['pin_id']}: not in my archive")
                continue
            lines.append(f"  Pin {row['pin_id']}: {row['title'] or '(no title)'}")
            if row["board"]:
                lines.append(f"    board: {row['board']}")
            if row["picture_name"]:
                lines.append(f"    picture attached: {one_line(row['picture_name'])}")
    lines += ["", *(one_line(line) for line in letter.signature)]
    return "\n".join(lines) + "\n"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,  # every value may be Pinterest's or a notice's text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def letter_html(letter: Letter) -> str:
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            letter={
                "title": one_line(letter.title),
                "to": [one_line(line) for line in letter.to],
                "how_to_send": letter.how_to_send,
                "send_by_why": letter.send_by_why,
                "notes": letter.notes,
                "paragraphs": [one_line(p, 5_000) for p in letter.paragraphs],
                "facts": [(label, one_line(value, 1_000)) for label, value in letter.facts],
                "pins": _pin_rows(letter),
                "signature": [one_line(line) for line in letter.signature],
            },
            send_by=day_text(letter.send_by) if letter.send_by else None,
            due_words=letter.due_words,
            written_on=day_text(letter.written_on),
        )
    )
