"""A loss in people's words, the same in Overview's alert and the desktop notification:
"1 board and 36 pins are gone since 02 Dec 2026, 06:13"."""

from __future__ import annotations

from creator_backup.application.archives import Loss
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import human_time


def counted(count: int, kind: str) -> str:
    """ "1 board", "36 pins", "1,204 sections": Qt's plural forms, as many as the user's
    language has (gui/translations.py)."""
    if kind == "board":
        return translate("Loss", "%Ln board(s)", None, count)
    if kind == "section":
        return translate("Loss", "%Ln section(s)", None, count)
    return translate("Loss", "%Ln pin(s)", None, count)


def listed(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return translate("Loss", "{first} and {last}").format(
        first=", ".join(parts[:-1]), last=parts[-1]
    )


def loss_headline(loss: Loss) -> str:
    """ "1 board and 36 pins are gone since 02 Dec 2026, 06:13." The date is the backup
    before the one that found them: the last that saw them all."""
    what = listed([counted(n, kind) for kind, n in loss.gone.items()])
    since = human_time(loss.since.started_at)
    if loss.total == 1:
        return translate("Loss", "{what} is gone since {when}.").format(what=what, when=since)
    return translate("Loss", "{what} are gone since {when}.").format(what=what, when=since)


def loss_sentence(loss: Loss) -> str:
    """The headline, and which backup saw it and that the archive keeps the copies."""
    found = human_time(loss.found_by.started_at)
    if loss.total == 1:
        more = translate("Loss", "The backup of {when} no longer found it on Pinterest; the archive keeps "
                   "its copy.")  # fmt: skip
    else:
        more = translate("Loss", "The backup of {when} no longer found them on Pinterest; the archive "
                   "keeps their copies.")  # fmt: skip
    return f"{loss_headline(loss)} {more.format(when=found)}"
