"""Rendering needs a Qt application; the process's first must be a QApplication (a bare
QGuiApplication, which creator_backup.render makes for the CLI, would crash any window test
after it in the same process), so every test here asks for pytest-qt's qapp first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def qt_first(qapp: QApplication) -> QApplication:
    return qapp
