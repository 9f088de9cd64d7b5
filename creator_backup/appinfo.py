"""The app's names and its one version number (pyproject reads VERSION from here)."""

from __future__ import annotations

APP_NAME = "creator_backup"
DISPLAY_NAME = "Creator Backup"
# Reverse-DNS id: the .desktop file, AppStream metainfo and Qt's desktop file name.
APP_ID = "io.github.creatorbackup.CreatorBackup"
VERSION = "0.1.0"
