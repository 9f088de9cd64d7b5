"""The app's names and its one version number (pyproject reads VERSION from here)."""

from __future__ import annotations

APP_NAME = "creator_backup"
DISPLAY_NAME = "Creator Backup"
# Reverse-DNS id: the .desktop file, AppStream metainfo and Qt's desktop file name.
APP_ID = "io.github.creatorbackup.CreatorBackup"
VERSION = "0.1.0"
# The project's home, and its privacy policy there: the page a creator names as their own
# Pinterest app's privacy policy (the connect assistant copies it into Pinterest's form).
PROJECT_URL = "https://github.com/creatorbackup/creator_backup"
PRIVACY_POLICY_URL = f"{PROJECT_URL}/blob/main/docs/PRIVACY.md"
# Where new versions are published, for people (each release's notes), and the feed the
# update check reads the latest version number from (GitHub's API for the same releases).
RELEASES_URL = f"{PROJECT_URL}/releases"
RELEASES_FEED_URL = (
    "https://api.github.com/repos/"
    + PROJECT_URL.removeprefix("https://github.com/")
    + "/releases/latest"
)
