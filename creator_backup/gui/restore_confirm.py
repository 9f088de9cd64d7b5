"""The question the Restore page asks before anything is written to Pinterest: what will be
put back, on which account, from which snapshot, how long it takes, and what Trial access
means for who sees it. Plain text throughout: the account's name is Pinterest's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from creator_backup.gui.dialogs import Dialogs
from creator_backup.gui.restore_words import again, counted, duration, snapshot_words
from creator_backup.gui.translations import translate
from creator_backup.restore.plan import Plan


def trial_words(known: bool) -> str:
    """What Trial access means for who sees what is restored: said, or maybe."""
    if known:
        return translate(
            "RestoreConfirm",
            "Pinterest said this app has Trial access: what is restored is visible only to "
            "you, not to anyone else, and Pinterest may refuse some of it. For everyone to "
            "see it, the app needs Standard access.",
        )
    return translate(
        "RestoreConfirm",
        "Trial access: if your Pinterest app has Trial access, Pinterest shows what is "
        "restored only to you, not to anyone else (or refuses it). For everyone to see it, "
        "the app needs Standard access.",
    )


def confirmation(plan: Plan, username: str, trial_known: bool) -> tuple[str, str]:
    """The question asked before anything is written: its text and informative text."""
    text = translate(
        "RestoreConfirm", "Put back {what} on the Pinterest account {account}, from {snapshot}?"
    ).format(what=counted(plan.counts()), account=username, snapshot=snapshot_words(plan.snapshot))
    details = [
        translate(
            "RestoreConfirm",
            "This writes to your live Pinterest account. It takes {time}; you can cancel at "
            "any time, and what is done stays done. {again}",
        ).format(time=duration(plan.estimated_seconds), again=again()),
        trial_words(trial_known),
    ]
    return text, "\n\n".join(details)


def ask_to_restore(
    dialogs: Dialogs, parent: QWidget, plan: Plan, username: str, trial_known: bool
) -> bool:
    """Asks, and waits for the answer: True only for Restore. Don't restore is the default
    and the Escape answer; a warning icon when Pinterest said Trial access."""
    text, details = confirmation(plan, username, trial_known)
    return dialogs.ask(
        parent, translate("RestoreConfirm", "Restore to Pinterest?"), text, details=details,
        yes=translate("RestoreConfirm", "&Restore"),
        no=translate("RestoreConfirm", "&Don't restore"), warning=trial_known,
    )  # fmt: skip
