"""Rendering that needs QtGui (PDF, thumbnails, image checks), usable from the CLI.

QtGui needs a QGuiApplication, and a QGuiApplication needs a platform plugin. On a
machine with no display the CLI must still render, without the user setting anything:
`gui_application()` picks Qt's offscreen platform when no display is there.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def gui_application() -> QGuiApplication:
    """The process's Qt application, created headless when there is no display."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv else "creator-backup"])
