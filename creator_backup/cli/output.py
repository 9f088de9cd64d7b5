"""How commands print: one JSON object with --json, else short plain lines."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


def emit_json(payload: dict[str, Any], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
    stream.flush()


def say(line: str = "", out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(line + "\n")
    stream.flush()
