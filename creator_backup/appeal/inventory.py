"""inventory.csv: one row per lost item, safe to open in a spreadsheet.

board_checked says whether the snapshot the packet rests on listed the item's board
("yes"), held it without listing it ("no": a quick backup left it out, or Pinterest
refused it), or does not hold that board at all (empty: removed, or never archived);
board_last_checked is when that board was last listed, in UTC (ISO 8601).

media_included says whether the bag holds every media file the row names ("yes", "no",
"partly", or empty for an item with none); media_not_included lists the SHA-256 of each
file it does not hold, and not_included_reason says why (missing from the archive,
damaged there, or in the full packet beside a thumbnails-only one). export_alone is "yes"
for a pin no backup ever saw: what the row says rests on Pinterest's data export alone.

A cell that starts with = + - @ (or a tab or carriage return) is a formula to Excel and
LibreOffice; Pinterest text is untrusted, so such cells get a leading apostrophe (OWASP's
advice for CSV injection) and show as the text they are.
"""

from __future__ import annotations

import csv
import io

from creator_backup.appeal.selection import PacketItem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "kind", "id", "title", "description", "link", "board_id", "board_name", "section_id",
    "created_at", "first_seen", "last_seen", "missing_since", "probe", "media_sha256",
    "evidence", "board_checked", "board_last_checked", "media_included",
    "media_not_included", "not_included_reason", "export_alone",
)  # fmt: skip


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _media_cells(item: PacketItem, left_out: dict[str, str]) -> list[str]:
    """media_included, media_not_included and not_included_reason for one row."""
    if not item.media:
        return ["", "", ""]
    gaps = [m.sha256 for m in item.media if m.sha256 in left_out]
    included = "no" if len(gaps) == len(item.media) else "partly" if gaps else "yes"
    reasons = "; ".join(dict.fromkeys(left_out[sha] for sha in gaps))
    return [included, " ".join(gaps), reasons]


def inventory_csv(items: list[PacketItem], left_out: dict[str, str] | None = None) -> str:
    """The rows; `left_out` maps each media file the bag does not hold to why."""
    left_out = left_out or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        row = [
            item.kind, item.id, item.title, item.description, item.link, item.board_id or "",
            item.board_name, item.section_id or "", item.created_at, item.first_seen or "",
            item.last_seen or "", item.missing_since or "", item.probe or "",
            " ".join(m.sha256 for m in item.media), item.evidence, item.board_checked,
            item.board_last_checked or "", *_media_cells(item, left_out),
            "yes" if item.export_alone else "",
        ]  # fmt: skip
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()
