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
from creator_backup.gui.widgets import error_sentence, human_time
from creator_backup.local_time import date_time_text
from creator_backup.progress import human_size
from creator_backup.settings import parse_time
from creator_backup.words import one_line, plural

ONLY_ONE = (
    "There is only one complete backup so far. Showing what was lost needs a backup from "
    "before the loss and one from after it; until then the packet can document everything."
)
CONTENTS = (
    "The packet also holds the report (report.pdf and report.html) listing every item "
    "with its dates, a spreadsheet of them (inventory.csv), the data as Pinterest gave it, "
    "your statement, and a list of checksums (VERIFY.txt says how to check them)."
)
FALLBACK = "an unexpected error (details are in the log file)."
NAMED_BOARDS = 5  # boards not checked named in the preview before "and N more"


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
    what = "Pinterest's data export of" if snapshot.is_export else "the backup of"
    return f"{what} {snapshot_time(snapshot, precise)}"


def same_minute(*snapshots: Snapshot | None) -> bool:
    """Whether two of the snapshots read the same to the minute (say them to the second)."""
    said = [human_time(s.started_at) for s in snapshots if s is not None]
    return len(said) != len(set(said))


def snapshot_choice(snapshot: Snapshot, sources: PacketSources) -> str:
    """A snapshot as the lists offer it: its date in words, and what it is."""
    words = snapshot_time(snapshot, same_minute(snapshot, *(
        s for s in sources.snapshots if s.id != snapshot.id)))  # fmt: skip
    if snapshot.is_export:
        words += " (Pinterest data export)"
    if sources.snapshots and snapshot.id == sources.snapshots[-1].id:
        words += " (latest)"
    if sources.unavailable_since and sources.whole is not None and snapshot.id == sources.whole.id:
        words += " (before the account was lost)"
    return words


def choose_notes(sources: PacketSources) -> list[str]:
    """Beside the first step's choice: the account was found unavailable, or there is only
    one complete backup to choose from. None: nothing to say."""
    notes = []
    if sources.unavailable_since:
        baseline = sources.whole
        notes.append(
            "Pinterest said this account was unavailable on "
            f"{human_time(sources.unavailable_since)}. The packet documents "
            "everything in it" + (f", as in {snapshot_words(baseline)}." if baseline else ".")
        )
    if sources.lost_to is None:
        notes.append(ONLY_ONE)
    return notes


def media_words(files: int, size: int | None = None) -> str:
    """ "3 pictures and videos (1.2 MB)"; with no size, the count alone."""
    if not files:
        return "no pictures or videos"
    what = "picture or video" if files == 1 else "pictures and videos"
    return f"{files:,} {what}" + (f" ({human_size(size)})" if size is not None else "")


def not_checked_line(found: PacketPreview) -> str:
    """The boards the packet's snapshot did not list, by name, and what that means.
    "" when it listed every board."""
    boards = found.not_checked
    if not boards:
        return ""
    names = ", ".join(f"“{one_line(b.name, 60) or 'Unnamed board'}”" for b in boards[:NAMED_BOARDS])
    if len(boards) > NAMED_BOARDS:
        names += f" and {plural(len(boards) - NAMED_BOARDS, 'more')}"
    dated = [b.last_checked for b in boards if b.last_checked]
    if not dated:
        since = "never checked" if len(boards) == 1 else "none of them ever checked"
    elif len(boards) == 1:
        since = f"not checked since {human_time(dated[0])}"
    else:
        since = f"the oldest not checked since {human_time(min(dated))}"
    meaning = (
        "A removal there would not be seen yet."
        if found.nothing_lost
        else "What the packet shows of them is as last seen; its report names them."
    )
    return (
        f"{boards_not_checked(len(boards))} in {snapshot_words(found.newer)}: {names}; "
        f"{since}. {meaning}"
    )


def missing_line(count: int) -> str:
    """The preview's warning: files the archive no longer holds."""
    which = "One of these files is" if count == 1 else f"{count:,} of these files are"
    return (
        f"{which} missing from the archive: the packet will name "
        f"{'it' if count == 1 else 'them'} without holding {'it' if count == 1 else 'them'}, "
        "and its report says so."
    )


def preview_lines(found: PacketPreview) -> list[str]:
    """The preview, in sentences (the account's name is Pinterest text: plain only)."""
    what = counted(found.boards, found.sections, found.pins)
    unchecked = not_checked_line(found)
    if found.mode == "lost" and found.older is not None:
        precise = same_minute(found.older, found.newer)
        older, newer = snapshot_words(found.older, precise), snapshot_words(found.newer, precise)
        span = f"between {older} and {newer}"
        if found.nothing_lost and unchecked:
            return [
                f"Nothing was lost {span} from the boards that were checked.",
                unchecked,
                "Go back and choose other snapshots, or Everything in the account.",
            ]
        if found.nothing_lost:
            return [
                f"Nothing was lost {span}: the second has every board, section and pin the "
                "first has.",
                "Go back and choose other snapshots, or Everything in the account.",
            ]
        media = media_words(found.media_files, found.media_bytes)
        lines = [f"What was lost {span}: {what}, with {media}."]
    else:
        who = f" {one_line(found.username, 80)}" if found.username else ""
        lines = [
            f"Everything in the account{who}, as in {snapshot_words(found.newer)}: "
            f"{what}, with {media_words(found.media_files, found.media_bytes)}."
        ]
    if unchecked:
        lines.append(unchecked)
    if found.media_missing:
        lines.append(missing_line(found.media_missing))
    if found.unavailable_since:
        when = human_time(found.unavailable_since)
        lines.append(f"Pinterest said the account was unavailable on {when}; the report says so.")
    lines.append(CONTENTS)
    return lines


def item_line(kind: str, title: str, board: str) -> str:
    line = f"{kind}: {one_line(title) or 'Untitled ' + kind}"
    if kind != "board" and board:
        line += f"  (board: {one_line(board, 80)})"
    return line


def item_lines(found: PacketPreview) -> list[str]:
    """The list of what goes in: the items the preview holds, and how many more there are."""
    lines = [item_line(i.kind, i.title, i.board_name) for i in found.items]
    if found.total > len(found.items):
        lines.append(f"… and {found.total - len(found.items):,} more (all are in the packet)")
    return lines


def limit_words(limit: float | None, found: PacketPreview | None) -> str:
    """What the size limit (None: no limit) does to the packet previewed."""
    if limit is None or found is None:
        return "With no limit, the packet holds every picture and video as you backed it up."
    if found.media_bytes > limit * 1_000_000:
        return (
            f"The pictures and videos come to {human_size(found.media_bytes)}, more than "
            f"{limit:g} MB: the packet gets small thumbnails instead, and the full packet "
            "is saved beside it to send another way."
        )
    return (
        "If the packet is over the limit, it gets small thumbnails instead of the "
        "pictures and videos, and the full packet is saved beside it."
    )


def done_lines(built: BuiltPacket, limit_mb: float | None) -> list[str]:
    result = built.result
    what = "what was lost" if built.mode == "lost" else "everything in the account"
    lines = [
        f"Saved as {result.path} ({human_size(result.size)}).",
        f"It documents {what}: {counted(built.boards, built.sections, built.pins)}, with "
        + (
            f"{media_words(result.media_files)}."
            if result.full_path is None
            else "thumbnails in place of the pictures and videos."
        ),
    ]
    if not result.complete:
        lines.append(left_out_sentence(len(result.left_out)))
    if result.full_path is not None:
        lines.append(
            f"It did not fit in {limit_mb:g} MB, so it holds small thumbnails instead of the "
            f"pictures and videos. The full packet is beside it, with "
            f"{media_words(result.full_media_files or 0)}: {result.full_path} "
            f"({human_size(result.full_size or 0)})."
        )
    if not result.fits:
        lines.append(
            f"Even with no pictures it is over {limit_mb:g} MB: send the full packet another "
            "way (a file-sharing link), or make one packet per board."
        )
    lines.append(
        "Attach the ZIP file to your appeal as it is. Open the report to read what it says first."
    )
    return lines


def failure_sentence(error: BaseException, out: Path | None) -> str:
    """Why the build failed, for people: cancelled, the place to save it refused the file
    (`out`: the packet's path, when known), or the error's own sentence."""
    if isinstance(error, Cancelled):
        return "Cancelled: no packet was written."
    if isinstance(error, OSError) and out is not None:
        # The folder chosen refused the file (no permission, a full disk, a lost drive).
        reason = error.strerror or "the system refused it"
        return (
            f"The packet could not be saved in {out.parent} ({reason}); "
            "nothing was written there. Choose another folder, or free some space."
        )
    return "The packet could not be made: " + error_sentence(error, FALLBACK)
