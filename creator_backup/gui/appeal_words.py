"""What the Appeal page says, in sentences: the snapshots to choose from and the notes
beside them, the preview of what goes in the packet, the size limit, the finished packet,
and why a build failed.

Pure functions of the core's answers (PacketSources, PacketPreview, BuiltPacket); none
touches a widget. Pinterest text is folded onto one line here and shown by the page only as
plain text.
"""

from __future__ import annotations

from pathlib import Path

from creator_backup.appeal.report import counted
from creator_backup.appeal.service import (
    BuiltPacket,
    PacketPreview,
    PacketSources,
    left_out_sentence,
)
from creator_backup.archive.records import Snapshot
from creator_backup.checked_words import boards_not_checked
from creator_backup.errors import Cancelled
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, human_time
from creator_backup.local_time import date_time_text
from creator_backup.progress import human_size
from creator_backup.settings import parse_time
from creator_backup.words import one_line

NAMED_BOARDS = 5  # boards not checked named in the preview before "and N more"


def only_one() -> str:
    return translate(
        "AppealWords",
        "There is only one complete backup so far. Showing what was lost needs a backup from "
        "before the loss and one from after it; until then the packet can document everything.",
    )


def contents() -> str:
    return translate(
        "AppealWords",
        "The packet also holds the report (report.pdf and report.html) listing every item "
        "with its dates, a spreadsheet of them (inventory.csv), the data as Pinterest gave it, "
        "your statement, and a list of checksums (VERIFY.txt says how to check them).",
    )


def single_line(text: str) -> str:
    """A contact field on one line: the packet's bag-info.txt is one field per line."""
    return " ".join(text.split())


def snapshot_time(snapshot: Snapshot, precise: bool = False) -> str:
    """When a snapshot was taken, in words in the user's time zone: "24 Nov 2026, 15:11";
    `precise` adds the seconds, to tell apart two taken in the same minute."""
    when = parse_time(snapshot.started_at)
    if not precise or when is None:
        return human_time(snapshot.started_at)
    return date_time_text(when, seconds=True)


def snapshot_words(snapshot: Snapshot, precise: bool = False) -> str:
    """A snapshot named by its date, never its number: "the backup of 24 Nov 2026, 15:11"."""
    when = snapshot_time(snapshot, precise)
    if snapshot.is_export:
        return translate("AppealWords", "Pinterest's data export of {when}").format(when=when)
    return translate("AppealWords", "the backup of {when}").format(when=when)


def same_minute(*snapshots: Snapshot | None) -> bool:
    """Whether two of the snapshots read the same to the minute (say them to the second)."""
    said = [human_time(s.started_at) for s in snapshots if s is not None]
    return len(said) != len(set(said))


def snapshot_choice(snapshot: Snapshot, sources: PacketSources) -> str:
    """A snapshot as the lists offer it: its date in words, and what it is."""
    words = snapshot_time(snapshot, same_minute(snapshot, *(
        s for s in sources.snapshots if s.id != snapshot.id)))  # fmt: skip
    if snapshot.is_export:
        words = translate("AppealWords", "{when} (Pinterest data export)").format(when=words)
    if sources.snapshots and snapshot.id == sources.snapshots[-1].id:
        words = translate("AppealWords", "{when} (latest)").format(when=words)
    if sources.unavailable_since and sources.whole is not None and snapshot.id == sources.whole.id:
        words = translate("AppealWords", "{when} (before the account was lost)").format(when=words)
    return words


def choose_notes(sources: PacketSources) -> list[str]:
    """Beside the first step's choice: the account was found unavailable, or there is only
    one complete backup to choose from. None: nothing to say."""
    notes = []
    if sources.unavailable_since:
        baseline = sources.whole
        when = human_time(sources.unavailable_since)
        if baseline:
            note = translate(
                "AppealWords",
                "Pinterest said this account was unavailable on {when}. The packet documents "
                "everything in it, as in {snapshot}.",
            ).format(when=when, snapshot=snapshot_words(baseline))
        else:
            note = translate(
                "AppealWords",
                "Pinterest said this account was unavailable on {when}. The packet documents "
                "everything in it.",
            ).format(when=when)
        notes.append(note)
    if sources.lost_to is None:
        notes.append(only_one())
    return notes


def media_words(files: int, size: int | None = None) -> str:
    """ "3 pictures and videos (1.2 MB)"; with no size, the count alone."""
    if not files:
        return translate("AppealWords", "no pictures or videos")
    if size is None:
        return translate("AppealWords", "%Ln pictures and videos", None, files)
    return translate("AppealWords", "%Ln pictures and videos ({size})", None, files).format(
        size=human_size(size)
    )


def not_checked_line(found: PacketPreview) -> str:
    """The boards the packet's snapshot did not list, by name, and what that means.
    "" when it listed every board."""
    boards = found.not_checked
    if not boards:
        return ""
    unnamed = translate("AppealWords", "Unnamed board")
    names = translate("AppealWords", ", ").join(
        translate("AppealWords", "“{name}”").format(name=one_line(b.name, 60) or unnamed)
        for b in boards[:NAMED_BOARDS]
    )
    if len(boards) > NAMED_BOARDS:
        more = len(boards) - NAMED_BOARDS
        names = translate("AppealWords", "{names} and %Ln more", None, more).format(names=names)
    dated = [b.last_checked for b in boards if b.last_checked]
    if not dated:
        since = (
            translate("AppealWords", "never checked")
            if len(boards) == 1
            else translate("AppealWords", "none of them ever checked")
        )
    elif len(boards) == 1:
        since = translate("AppealWords", "not checked since {when}").format(
            when=human_time(dated[0])
        )
    else:
        since = translate("AppealWords", "the oldest not checked since {when}").format(
            when=human_time(min(dated))
        )
    meaning = (
        translate("AppealWords", "A removal there would not be seen yet.")
        if found.nothing_lost
        else translate(
            "AppealWords", "What the packet shows of them is as last seen; its report names them."
        )
    )
    return translate("AppealWords", "{boards} in {snapshot}: {names}; {since}. {meaning}").format(
        boards=boards_not_checked(len(boards)),
        snapshot=snapshot_words(found.newer),
        names=names,
        since=since,
        meaning=meaning,
    )


def missing_line(count: int) -> str:
    """The preview's warning: files the archive no longer holds."""
    if count == 1:
        return translate(
            "AppealWords",
            "One of these files is missing from the archive: the packet will name it without "
            "holding it, and its report says so.",
        )
    return translate(
        "AppealWords",
        "%Ln of these files are missing from the archive: the packet will name them without "
        "holding them, and its report says so.",
        None,
        count,
    )


def preview_lines(found: PacketPreview) -> list[str]:
    """The preview, in sentences (the account's name is Pinterest text: plain only)."""
    what = counted(found.boards, found.sections, found.pins)
    unchecked = not_checked_line(found)
    other = translate(
        "AppealWords", "Go back and choose other snapshots, or Everything in the account."
    )
    if found.mode == "lost" and found.older is not None:
        precise = same_minute(found.older, found.newer)
        older, newer = snapshot_words(found.older, precise), snapshot_words(found.newer, precise)
        if found.nothing_lost and unchecked:
            return [
                translate(
                    "AppealWords", "Nothing was lost between {older} and {newer} from the boards "
                    "that were checked."
                ).format(older=older, newer=newer),
                unchecked,
                other,
            ]  # fmt: skip
        if found.nothing_lost:
            return [
                translate(
                    "AppealWords", "Nothing was lost between {older} and {newer}: the second has "
                    "every board, section and pin the first has."
                ).format(older=older, newer=newer),
                other,
            ]  # fmt: skip
        media = media_words(found.media_files, found.media_bytes)
        lines = [
            translate("AppealWords", "What was lost between {older} and {newer}: {what}, with {media}.")
            .format(older=older, newer=newer, what=what, media=media)
        ]  # fmt: skip
    else:
        media = media_words(found.media_files, found.media_bytes)
        newer = snapshot_words(found.newer)
        if found.username:
            everything = translate(
                "AppealWords",
                "Everything in the account {account}, as in {snapshot}: {what}, with {media}.",
            ).format(account=one_line(found.username, 80), snapshot=newer, what=what, media=media)
        else:
            everything = translate(
                "AppealWords", "Everything in the account, as in {snapshot}: {what}, with {media}."
            ).format(snapshot=newer, what=what, media=media)
        lines = [everything]
    if unchecked:
        lines.append(unchecked)
    if found.media_missing:
        lines.append(missing_line(found.media_missing))
    if found.unavailable_since:
        when = human_time(found.unavailable_since)
        lines.append(
            translate(
                "AppealWords",
                "Pinterest said the account was unavailable on {when}; the report says so.",
            ).format(when=when)
        )
    lines.append(contents())
    return lines


def item_line(kind: str, title: str, board: str) -> str:
    title = one_line(title)
    if kind == "board":
        return translate("AppealWords", "board: {title}").format(
            title=title or translate("AppealWords", "Untitled board")
        )
    if kind == "section":
        line = translate("AppealWords", "section: {title}").format(
            title=title or translate("AppealWords", "Untitled section")
        )
    elif kind == "pin":
        line = translate("AppealWords", "pin: {title}").format(
            title=title or translate("AppealWords", "Untitled pin")
        )
    else:
        line = f"{kind}: {title}"  # a kind the window does not know
    if board:
        line = translate("AppealWords", "{item}  (board: {board})").format(
            item=line, board=one_line(board, 80)
        )
    return line


def item_lines(found: PacketPreview) -> list[str]:
    """The list of what goes in: the items the preview holds, and how many more there are."""
    lines = [item_line(i.kind, i.title, i.board_name) for i in found.items]
    if found.total > len(found.items):
        more = found.total - len(found.items)
        lines.append(
            translate(
                "AppealWords", "… and %Ln more (all are in the packet)", None, more,
            )
        )  # fmt: skip
    return lines


def limit_words(limit: float | None, found: PacketPreview | None) -> str:
    """What the size limit (None: no limit) does to the packet previewed."""
    if limit is None or found is None:
        return translate(
            "AppealWords",
            "With no limit, the packet holds every picture and video as you backed it up.",
        )
    if found.media_bytes > limit * 1_000_000:
        return translate(
            "AppealWords",
            "The pictures and videos come to {size}, more than {limit} MB: the packet gets "
            "small thumbnails instead, and the full packet is saved beside it to send another "
            "way.",
        ).format(size=human_size(found.media_bytes), limit=f"{limit:g}")
    return translate(
        "AppealWords",
        "If the packet is over the limit, it gets small thumbnails instead of the "
        "pictures and videos, and the full packet is saved beside it.",
    )


def done_lines(built: BuiltPacket, limit_mb: float | None) -> list[str]:
    result = built.result
    what = counted(built.boards, built.sections, built.pins)
    lost = built.mode == "lost"
    if result.full_path is None:
        media = media_words(result.media_files)
        documents = (
            translate("AppealWords", "It documents what was lost: {what}, with {media}.")
            if lost
            else translate(
                "AppealWords", "It documents everything in the account: {what}, with {media}."
            )
        ).format(what=what, media=media)
    else:
        documents = (
            translate(
                "AppealWords", "It documents what was lost: {what}, with thumbnails in place of "
                "the pictures and videos."
            )
            if lost
            else translate(
                "AppealWords", "It documents everything in the account: {what}, with thumbnails "
                "in place of the pictures and videos."
            )
        ).format(what=what)  # fmt: skip
    lines = [
        translate("AppealWords", "Saved as {path} ({size}).").format(
            path=result.path, size=human_size(result.size)
        ),
        documents,
    ]
    if not result.complete:
        lines.append(left_out_sentence(len(result.left_out)))
    if result.full_path is not None:
        lines.append(
            translate(
                "AppealWords",
                "It did not fit in {limit} MB, so it holds small thumbnails instead of the "
                "pictures and videos. The full packet is beside it, with {media}: {path} ({size}).",
            ).format(
                limit=f"{limit_mb:g}",
                media=media_words(result.full_media_files or 0),
                path=result.full_path,
                size=human_size(result.full_size or 0),
            )
        )
    if not result.fits:
        lines.append(
            translate(
                "AppealWords",
                "Even with no pictures it is over {limit} MB: send the full packet another "
                "way (a file-sharing link), or make one packet per board.",
            ).format(limit=f"{limit_mb:g}")
        )
    lines.append(
        translate(
            "AppealWords",
            "Attach the ZIP file to your appeal as it is. Open the report to read what it says "
            "first.",
        )
    )
    return lines


def failure_sentence(error: BaseException, out: Path | None) -> str:
    """Why the build failed, for people: cancelled, the place to save it refused the file
    (`out`: the packet's path, when known), or the error's own sentence."""
    if isinstance(error, Cancelled):
        return translate("AppealWords", "Cancelled: no packet was written.")
    if isinstance(error, OSError) and out is not None:
        # The folder chosen refused the file (no permission, a full disk, a lost drive).
        reason = error.strerror or translate("AppealWords", "the system refused it")
        return translate(
            "AppealWords",
            "The packet could not be saved in {folder} ({reason}); nothing was written there. "
            "Choose another folder, or free some space.",
        ).format(folder=out.parent, reason=reason)
    fallback = translate("AppealWords", "an unexpected error (details are in the log file).")
    return translate("AppealWords", "The packet could not be made: {why}").format(
        why=error_sentence(error, fallback)
    )
