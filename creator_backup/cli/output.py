"""How commands print: one JSON object with --json, else short plain lines.

Every plain line goes through here, escaped (words.escaped): Pinterest text in a line (a
username, a section's title) can never send a terminal its control sequences, whichever
command prints it. JSON escapes control characters itself.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from creator_backup.words import escaped


def emit_json(payload: dict[str, Any], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
    stream.flush()


def say(line: str = "", out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(escaped(line) + "\n")
    stream.flush()


def warn(line: str) -> None:
    """A plain line on standard error (errors, hints), escaped as `say` escapes."""
    say(line, sys.stderr)
