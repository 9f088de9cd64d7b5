"""The report's content, shared by report.html and report.pdf, and the HTML rendering.

Every piece of Pinterest text reaches the page through Jinja2 with autoescaping on, so a
title such as `<img src=x onerror=alert(1)>` is shown as those characters, never as markup.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import jinja2

from creator_backup.appeal.selection import PacketItem, Selection, shared_raw
from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.archive.picture_records import OriginalMatch
from creator_backup.checked_words import (
    boards_not_checked,
    capitalised,
    utc_text,
    why_not_checked,
)
from creator_backup.originals.dhash import BITS
from creator_backup.originals.taken import taken_words
from creator_backup.resources import resource_path
from creator_backup.words import one_line, plural

JsonDict = dict[str, Any]
REPORT_TEXT_LIMIT = 5_000


@dataclass(frozen=True)
class PacketDetails:
    contact_name: str = ""
    contact_email: str = ""
    case_ref: str = ""
    statement: str = ""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,  # every template, whatever its name: Pinterest text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plural"] = plural  # {{ n|plural("pin") }}: "1 pin", "2 pins"
    return env


def shown(text: str) -> str:
    """Text as the report shows it: whole up to a length no real title or description
    reaches (Pinterest allows 800 characters), cut beyond. Laying out a million-character
    word took Qt's PDF writer minutes; the item's JSON in the packet keeps all of it."""
    if len(text) <= REPORT_TEXT_LIMIT:
        return text
    cut = len(text) - REPORT_TEXT_LIMIT
    return f"{text[:REPORT_TEXT_LIMIT]}… ({cut:,} more characters in the item's JSON file)"


def safe_link(url: str) -> str | None:
    """Only web links become clickable; `javascript:` and friends stay plain text."""
    return url if url.lower().startswith(("https://", "http://")) else None


LOST_UNSEEN = " Anything removed from them since they were last checked is not in this report."


def not_checked_context(selection: Selection) -> JsonDict:
    """The report's section on the boards the snapshot it rests on did not list: which,
    since when, and why (Pinterest's words when it refused). Empty when it listed all."""
    boards = selection.not_checked
    if not boards:
        return {}
    snapshot = selection.newer
    lost = selection.mode == "lost"
    return {
        "headline": (
            f"{boards_not_checked(len(boards))} by the "
            f"{'data export' if snapshot.is_export else 'backup'} of "
            f"{utc_text(snapshot.started_at)}, "
            + ("the capture showing the loss." if lost else "the one this report documents.")
        ),
        "meaning": "What this report shows of them, and of their sections and pins, is as "
        "last seen: that snapshot did not look at them." + (LOST_UNSEEN if lost else ""),
        "boards": [
            {
                "name": shown(one_line(board.name)) or "(no name)",
                "since": utc_text(board.last_checked) if board.last_checked else "never",
                "why": capitalised(why_not_checked(board.state, board.detail)),
            }
            for board in boards
        ],
    }


def left_out_context(selection: Selection, left_out: dict[str, str]) -> list[JsonDict]:
    """The media files the packet names but does not hold: which items, and why."""
    owners: dict[str, list[str]] = {}
    for item in selection.items:
        for media in item.media:
            if media.sha256 in left_out:
                owners.setdefault(media.sha256, []).append(f"{item.kind} {item.id}")
    return [
        {"sha256": sha, "reason": left_out[sha], "shown_in": ", ".join(owners.get(sha, []))}
        for sha in sorted(left_out)
    ]


def source_note(selection: Selection) -> str:
    """Where the items came from, said truthfully: a pin only an export ever showed was
    not captured through the API."""
    alone = sum(1 for item in selection.items if item.export_alone)
    if not alone:
        return "Every item below was captured through Pinterest's official API."
    if alone == len(selection.items):
        return (
            "No backup ever saw the items below: what this report says of them rests on "
            "Pinterest's data export alone."
        )
    rest = "rests" if alone == 1 else "rest"
    return (
        f"Every item below was captured through Pinterest's official API except "
        f"{plural(alone, 'pin')} no backup ever saw (marked below), which {rest} on "
        "Pinterest's data export alone."
    )


def export_alone_note(selection: Selection) -> str:
    """The report's section on the items only a data export names; "" when none."""
    alone = sum(1 for item in selection.items if item.export_alone)
    if not alone:
        return ""
    one = alone == 1
    return (
        f"No backup ever saw {plural(alone, 'item')} in this report: only Pinterest's data "
        f"export names {'it' if one else 'them'}, so {'its' if one else 'their'} removal "
        f"rests on that export's word alone. {'It is' if one else 'They are'} marked "
        "“Known only from Pinterest's data export” below."
    )


ACCOUNT_SIZES = (("pin_count", "pin"), ("board_count", "board"), ("follower_count", "follower"))
SUMMARY_PICTURES = 8  # pictures in the summary's strip


def counted(boards: int, sections: int, pins: int) -> str:
    """ "1 board, 2 sections and 16 pins"; all 0: "nothing"."""
    parts = [plural(n, noun) for n, noun in ((boards, "board"), (sections, "section"),
                                            (pins, "pin")) if n]  # fmt: skip
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def known_count(value: object, noun: str) -> str:
    """A count the account reported, pluralised; "an unknown number of pins" without one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return plural(value, noun)
    return f"an unknown number of {noun}s"


def dated(stamp: str | None) -> str:
    """A time in the report: in words, in UTC; "" for none."""
    return utc_text(stamp) if stamp else ""


def timeline_rows(selection: Selection, created_at: str) -> list[JsonDict]:
    """When: the captures the packet rests on, the account found unavailable, the packet
    made; each time in words, oldest first as they happened."""
    rows: list[tuple[str, str, int | None]] = []
    if selection.older is not None:
        rows.append(("Last good capture", selection.older.started_at, selection.older.id))
    label = "Capture showing the loss" if selection.mode == "lost" else "Evidence baseline"
    if selection.newer.is_export:
        label = "Pinterest's data export"
        if selection.mode == "lost":
            label += " showing the loss"
    rows.append((label, selection.newer.started_at, selection.newer.id))
    for export in selection.exports:
        if export.id != selection.newer.id:
            rows.append(("Pinterest's data export", export.started_at, export.id))
    if selection.unavailable_since:
        rows.append(("Account found unavailable", selection.unavailable_since, None))
    rows.append(("This packet made", created_at, None))
    return [
        {"label": label, "when": utc_text(when), "snapshot": snapshot}
        for label, when, snapshot in rows
    ]


def hash_rows(selection: Selection, left_out: dict[str, str]) -> list[JsonDict]:
    """The appendix: every media file's SHA-256 once, with the items that show it and
    whether this packet holds the file."""
    owners: dict[str, list[str]] = {}
    for item in selection.items:
        for media in item.media:
            owners.setdefault(media.sha256, []).append(f"{item.kind} {item.id}")
    return [
        {"sha256": sha, "shown_in": ", ".join(names), "held": sha not in left_out}
        for sha, names in owners.items()
    ]


def originals_rows(selection: Selection, matches: list[OriginalMatch]) -> list[JsonDict]:
    """The report's section on the creator's own files that the packet's pins show (from
    their last `match-originals`): each by its file name alone, never where it is kept."""
    titles = {item.id: item.title for item in selection.items if item.kind == "pin"}
    return [
        {
            "pin": shown(one_line(titles.get(m.pin_id, ""))) or "(no title)",
            "id": m.pin_id,
            "original": one_line(m.original_name),
            "distance": f"{plural(m.distance, 'bit')} of {BITS}",
            "taken": taken_words(m.taken_at, m.taken_from),
        }
        for m in matches
        if m.pin_id in titles
    ]


def report_context(
    selection: Selection,
    details: PacketDetails,
    created_at: str,
    left_out: dict[str, str] | None = None,
    originals: list[OriginalMatch] | None = None,
    signed_by: str | None = None,
    certification: JsonDict | None = None,
) -> JsonDict:
    """What both reports show; `left_out` maps each media file the packet could not hold
    to why. Times are in words (UTC); the raw stamps stay in the machine files."""
    left_out = left_out or {}
    account = selection.account

    def row(item: PacketItem) -> JsonDict:
        return {
            "kind": item.kind,
            "id": item.id,
            "title": shown(item.title) or "(no title)",
            "description": shown(item.description),
            "link": shown(item.link),
            "href": safe_link(item.link),
            "board": shown(item.board_name),
            "created_at": dated(item.created_at),
            "first_seen": dated(item.first_seen),
            "last_seen": dated(item.last_seen),
            "missing_since": dated(item.missing_since),
            "probe": item.probe or "",
            "evidence": item.evidence,
            "export_alone": item.export_alone,
            "media": [
                {"sha256": m.sha256, "content_type": m.content_type, "size": m.size}
                for m in item.media
            ],
            "media_count": plural(len(item.media), "file") if item.media else "",
            "thumb": item.media[0].sha256 if item.media else None,
        }

    counts = {k: selection.count(k) for k in ("board", "section", "pin")}
    media_files = len({m.sha256 for i in selection.items for m in i.media} - set(left_out))
    strip: list[str] = []
    for item in selection.items:
        if item.media and item.media[0].sha256 not in left_out:
            sha = item.media[0].sha256
            if sha not in strip:
                strip.append(sha)
        if len(strip) == SUMMARY_PICTURES:
            break
    what = "What was lost" if selection.mode == "lost" else "Everything in the account"
    listed = counted(counts["board"], counts["section"], counts["pin"])
    pictured = len({i.media[0].sha256 for i in selection.items if i.media} - set(left_out))
    line = listed[:1].upper() + listed[1:] + "."
    if strip:
        line += " " + ("Their pictures:" if len(strip) == pictured else
                       f"The first {plural(len(strip), 'picture')} of {pictured:,}:")  # fmt: skip
    return {
        "app": f"{DISPLAY_NAME} {VERSION}",
        "created_at": utc_text(created_at),
        "mode": selection.mode,
        "account": {
            "username": str(account.get("username") or ""),
            "id": str(account.get("id") or ""),
            "type": str(account.get("account_type") or "").lower(),
            "sizes": ", ".join(known_count(account.get(key), noun) for key, noun in ACCOUNT_SIZES),
        },
        "summary": {
            "what": what,
            "counted": listed,
            "line": line,
            "strip": strip,
        },
        "timeline": timeline_rows(selection, created_at),
        "counts": counts,
        # What the packet holds: distinct files, less those it could not include.
        "media_files": media_files,
        "left_out": left_out_context(selection, left_out),
        # Set only for a smaller packet of thumbnails: the full packet's name and its count.
        "full_packet": None,
        "full_media_files": None,
        "source_note": source_note(selection),
        "export_alone": export_alone_note(selection),
        "items": [row(i) for i in selection.items],
        "hashes": hash_rows(selection, left_out),
        "details": details,
        "redactions": redactions(selection),
        "not_checked": not_checked_context(selection),
        "originals": originals_rows(selection, originals or []),
        # The fingerprint of the creator's key the packet is signed with, or None.
        "signed_by": signed_by,
        # The closing certification page (creator_backup.appeal.certification), or None.
        "certification": certification,
    }


def redactions(selection: Selection) -> list[str]:
    """The personal fields the packet's copies leave out, each once: "data_export.Ip
    Address (3 items)"."""
    counts: dict[str, int] = {}
    for item in selection.items:
        for path in shared_raw(item)[1]:
            counts[path] = counts.get(path, 0) + 1
    return [f"{path} ({plural(n, 'item')})" for path, n in sorted(counts.items())]


def render_html(context: JsonDict, thumbs: dict[str, bytes], linked: bool = False) -> str:
    """report.html, readable offline and without scripts: one file with the thumbnails
    inlined, or (`linked`, in a packet cut down to fit) pointing at thumbnails/ beside it."""
    if linked:
        sources = {sha: f"thumbnails/{sha}.jpg" for sha in thumbs}
    else:
        sources = {
            sha: "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
            for sha, data in thumbs.items()
        }
    template = _environment().get_template("report.html.j2")
    return template.render(**context, thumbs=sources)


def render_qt_html(context: JsonDict) -> str:
    """The same report in the HTML subset Qt's text engine lays out, for the PDF. Images
    are named `thumb:<sha256>` and only those the packet holds are ever loaded."""
    template = _environment().get_template("report_qt.html.j2")
    return template.render(**context)
