"""The question the Restore page asks before anything is written to Pinterest: what will be
put back, on which account, from which snapshot, how long it takes, and what Trial access
means for who sees it. Plain text throughout: the account's name is Pinterest's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from creator_backup.gui.dialogs import Dialogs
from creator_backup.gui.restore_words import AGAIN, counted, duration, snapshot_words
from creator_backup.restore.plan import Plan

TRIAL_MAYBE = (
    "Trial access: if your Pinterest app has Trial access, Pinterest shows what is "
    "restored only to you, not to anyone else (or refuses it). For everyone to see it, "
    "the app needs Standard access."
)
TRIAL_KNOWN = (
    "Pinterest said this app has Trial access: what is restored is visible only to you, "
    "not to anyone else, and Pinterest may refuse some of it. For everyone to see it, the "
    "app needs Standard access."
)


def confirmation(plan: Plan, username: str, trial_known: bool) -> tuple[str, str]:
    """The question asked before anything is written: its text and informative text."""
    text = (
        f"Put back {counted(plan.counts())} on the Pinterest account {username}, from "
        f"{snapshot_words(plan.snapshot)}?"
    )
    details = [
        "This writes to your live Pinterest account. It takes "
        f"{duration(plan.estimated_seconds)}; you can cancel at any time, and what is done "
        "stays done. " + AGAIN,
        TRIAL_KNOWN if trial_known else TRIAL_MAYBE,
    ]
    return text, "\n\n".join(details)


def ask_to_restore(
    dialogs: Dialogs, parent: QWidget, plan: Plan, username: str, trial_known: bool
) -> bool:
    """Asks, and waits for the answer: True only for Restore. Don't restore is the default
    and the Escape answer; a warning icon when Pinterest said Trial access."""
    text, details = confirmation(plan, username, trial_known)
    return dialogs.ask(
        parent, "Restore to Pinterest?", text, details=details,
        yes="&Restore", no="&Don't restore", warning=trial_known,
    )  # fmt: skip
