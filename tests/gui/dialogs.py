"""Scripted answers to the window's questions and file choices (the Dialogs interface of
creator_backup/gui/dialogs.py), so page tests never patch QMessageBox or QFileDialog. Each
answer is given before the page asks; every question is recorded; a question the script
has no answer for, or one of another kind, fails the test."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Asked:
    kind: str  # ask, open_file, save_file, folder
    title: str
    text: str = ""  # the question; for a choice, the path the dialog starts at
    details: str = ""
    yes: str = ""
    no: str = ""
    warning: bool = False
    filters: str = ""


class ScriptedDialogs:
    def __init__(self) -> None:
        self._answers: deque[tuple[str, bool | Path | None]] = deque()
        self.asked: list[Asked] = []

    # -- the script --------------------------------------------------------------------------

    def answer(self, *yes: bool) -> ScriptedDialogs:
        """The answers to the next questions, in order."""
        self._answers.extend(("ask", value) for value in yes)
        return self

    def choose(self, kind: str, chosen: Path | None) -> ScriptedDialogs:
        """What the next choice of `kind` (open_file, save_file, folder) returns; None is
        a cancel."""
        self._answers.append((kind, chosen))
        return self

    @property
    def unanswered(self) -> int:
        return len(self._answers)

    def _next(self, asked: Asked) -> bool | Path | None:
        self.asked.append(asked)
        assert self._answers, f"the window asked what the test did not expect: {asked}"
        kind, value = self._answers.popleft()
        assert kind == asked.kind, f"the test expected {kind}, the window asked {asked}"
        return value

    # -- Dialogs -----------------------------------------------------------------------------

    def ask(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        details: str = "",
        yes: str = "",
        no: str = "",
        warning: bool = False,
    ) -> bool:
        answer = self._next(Asked("ask", title, text, details, yes, no, warning))
        assert isinstance(answer, bool)
        return answer

    def choose_open_file(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        return self._path(Asked("open_file", title, str(start), filters=filters))

    def choose_save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        return self._path(Asked("save_file", title, str(suggested), filters=filters))

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        return self._path(Asked("folder", title, str(start)))

    def _path(self, asked: Asked) -> Path | None:
        chosen = self._next(asked)
        assert chosen is None or isinstance(chosen, Path)
        return chosen
