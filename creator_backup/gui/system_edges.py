"""What the window hands to the rest of the system: a page opened in the browser, and a
new process of this app started on its own (the demo). Services holds these, so a test
gives the window fakes instead of opening a browser or starting a process."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def open_in_browser(url: str) -> bool:
    """Opens a web page in the person's own browser; False when none could."""
    return QDesktopServices.openUrl(QUrl(url))


def start_detached(program: str, arguments: list[str]) -> bool:
    """Starts a process that lives on after this one; False when it could not start."""
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


def this_app(*arguments: str) -> tuple[str, list[str]]:
    """The program and arguments that start another window of this same installation:
    the bundle's own executable, or this Python with the package's entry point."""
    if getattr(sys, "frozen", False):
        return os.path.abspath(sys.executable), list(arguments)
    return os.path.abspath(sys.executable), ["-m", "creator_backup", *arguments]
