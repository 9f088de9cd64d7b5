"""What the window remembers of a creator's first steps, in its own small file beside the
settings: where the connect assistant stopped (so it opens there again, say while Pinterest
reviews the app), the answers it suggested, and whether automatic backups were offered.

Nothing secret is kept here (the app secret and logins go to the keyring or the opt-in
token file). A missing or damaged file means a fresh start, never a crash.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from creator_backup.atomic import write_text_durably
from creator_backup.settings import read_json_object, typed_fields

log = logging.getLogger(__name__)

STATE_FILE = "first_run.json"


@dataclass
class FirstRunState:
    assistant_step: str = ""  # the connect assistant's step to open at; "" its first
    your_name: str = ""  # what the assistant suggests for Pinterest's app form
    profile_name: str = ""
    schedule_offered: bool = False  # automatic backups were offered after a first backup
    # The deadline reminders the tray has given (case_reminders.reminder_key): each once.
    deadline_reminders: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> FirstRunState:
        state = cls(**typed_fields(cls, body))
        state.deadline_reminders = [k for k in state.deadline_reminders if isinstance(k, str)]
        return state


class FirstRunStore:
    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / STATE_FILE

    def load(self) -> FirstRunState:
        return FirstRunState.from_json(read_json_object(self.path, "first-run state"))

    def save(self, state: FirstRunState) -> None:
        write_text_durably(self.path, json.dumps(asdict(state), indent=2, sort_keys=True))

    def update(self, **changes: Any) -> FirstRunState:
        """Loads, changes the given fields, saves; an unwritable file is logged, not fatal
        (the window works on, it only forgets)."""
        state = self.load()
        for name, value in changes.items():
            setattr(state, name, value)
        try:
            self.save(state)
        except OSError as exc:
            log.warning("first-run state not saved: %s", exc.strerror)
        return state
