"""Checking for a newer version, as both faces do it: now (Help ▸ Check for updates, the
`check-updates` command), or once a week when the creator agreed to it. A newer version
is announced once: the version said is remembered, and the same one is not said again.

What a check remembers (when it last learned the latest version, the version last
announced) is kept in its own small file beside the settings, so a check finishing in the
background never races the Settings page over settings.json.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from creator_backup.atomic import write_text_durably
from creator_backup.settings import SettingsStore, parse_time, read_json_object, typed_fields
from creator_backup.support.updates import (
    FAILED_PREFIX,
    UpdateCheckFailed,
    current_version,
    feed_url_from,
    latest_release,
    parse_version,
    version_text,
)

log = logging.getLogger(__name__)

STATE_FILE = "update_check.json"
WEEK_S = 7 * 24 * 3600.0
NEWER = "newer"
UP_TO_DATE = "up_to_date"
FAILED = "failed"


@dataclass(frozen=True)
class UpdateCheck:
    """What a check found."""

    outcome: str  # NEWER, UP_TO_DATE or FAILED
    current: str  # this copy's version
    latest: str | None = None  # the latest stable release's, when the feed was read
    notes_url: str | None = None  # what is new in it (NEWER only)
    reason: str = ""  # FAILED: why, in a few words ("no release has been published yet")
    # NEWER, and this version was not announced before: the weekly check says it (once).
    announce: bool = False

    def sentence(self) -> str:
        """The finding in one English sentence (the command line's; the window words its own)."""
        if self.outcome == NEWER:
            return (
                f"Creator Backup {self.latest} is available (you have {self.current}). "
                f"What is new: {self.notes_url}"
            )
        if self.outcome == UP_TO_DATE:
            return f"You have the latest version ({self.current})."
        return f"{FAILED_PREFIX}: {self.reason}."

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UpdateState:
    last_checked: str = ""  # UTC stamp of the last check that read the feed
    announced: str = ""  # the newest version announced so far


def utc_stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Updates:
    """Checks, and what was announced, for one config folder. The creator's yes or no to
    the weekly check is a setting (Settings.update_check), given in the window."""

    def __init__(
        self,
        config_dir: Path,
        env: Mapping[str, str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = SettingsStore(config_dir)
        self.state_path = config_dir / STATE_FILE
        self.env = env
        self.clock = clock
        self._remembering = threading.Lock()

    # -- checking ------------------------------------------------------------------------------

    def weekly_due(self) -> bool:
        """Whether the weekly check should run now: only with the creator's yes, and a
        week after the last check that read the feed (or never; or a clock set back)."""
        if not self.settings.load().update_check:
            return False
        last = parse_time(self.state().last_checked)
        now = self.clock()
        return last is None or not 0 <= now - last.timestamp() < WEEK_S

    def check_weekly(self, cancelled: Callable[[], bool] | None = None) -> UpdateCheck | None:
        """The weekly check, when it is due; None when it is not (or not agreed to)."""
        return self.check_now(cancelled) if self.weekly_due() else None

    def check_now(self, cancelled: Callable[[], bool] | None = None) -> UpdateCheck:
        """Reads the feed now, whatever the weekly setting (the creator asked). A failure
        is a finding too (FAILED, with why); only a cancel raises."""
        current = current_version()
        try:
            release = latest_release(feed_url_from(self.env), cancelled=cancelled)
        except UpdateCheckFailed as exc:
            return UpdateCheck(FAILED, version_text(current), reason=exc.why)
        latest = version_text(release.version)
        # One check at a time remembers: the window's weekly check and its Help menu's
        # finishing together announce a version once between them.
        with self._remembering:
            state = self.state()
            state.last_checked = utc_stamp(self.clock())
            if not release.stable or release.version <= current:
                self._save(state)
                # A draft or a pre-release is not offered, nor named as the latest.
                return UpdateCheck(
                    UP_TO_DATE, version_text(current), latest if release.stable else None
                )
            announced = parse_version(state.announced)
            announce = announced is None or release.version > announced
            if announce:
                state.announced = latest
            self._save(state)
        return UpdateCheck(
            NEWER, version_text(current), latest, release.notes_url, announce=announce
        )

    # -- what is remembered ----------------------------------------------------------------

    def state(self) -> UpdateState:
        body = read_json_object(self.state_path, "update check state")
        return UpdateState(**typed_fields(UpdateState, body))

    def _save(self, state: UpdateState) -> None:
        # Forgetting only means a check or an announcement again: logged, not fatal.
        try:
            write_text_durably(self.state_path, json.dumps(asdict(state), indent=2))
        except OSError as exc:
            log.warning("update check state not saved: %s", exc.strerror)
