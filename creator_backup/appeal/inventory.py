"""inventory.csv: one row per lost item, safe to open in a spreadsheet.

board_checked says whether the snapshot the packet rests on listed the item's board
("yes"), held it without listing it ("no": a quick backup left it out, or Pinterest
refused it), or does not hold that board at all (empty: removed, or never archived);
board_last_checked is when that board was last listed, in UTC (ISO 8601).

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
    "evidence", "board_checked", "board_last_checked",
)  # fmt: skip


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def inventory_csv(items: list[PacketItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        row = [
            item.kind, item.id, item.title, item.description, item.link, item.board_id or "",
            item.board_name, item.section_id or "", item.created_at, item.first_seen or "",
            item.last_seen or "", item.missing_since or "", item.probe or "",
            " ".join(m.sha256 for m in item.media), item.evidence, item.board_checked,
            item.board_last_checked or "",
        ]  # fmt: skip
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()
