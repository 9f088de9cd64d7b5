"""Logging to a rotating file, with secrets scrubbed from every line.

Redaction happens in the formatter, after the message and any traceback are rendered, so
nothing a library logs (requests' URLs, an exception's repr) can carry a token out. Two
nets: patterns for the shapes secrets take (Bearer headers, Pinterest's pina/pinr tokens,
token and code fields in URLs, forms and JSON), and the exact values the app registered
as secret while it ran.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path
from typing import TextIO

LOG_FILE = "creator_backup.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
REDACTED = "[redacted]"
# Names of the fields whose values are scrubbed.
_SECRET_FIELDS = "|".join(
    [
        *("access_token", "refresh_token", "client_secret", "app_secret"),
        *("code", "password", "token", "secret", "authorization"),
    ]
)
_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(r"\bpin[acr]_[A-Za-z0-9._~+/=-]+"),
    # key=value in URLs and forms: access_token=..., code=...
    # (8 characters or more, so Pinterest's short error codes, "code=29", stay readable).
    re.compile(rf"(?i)\b({_SECRET_FIELDS})=[^&\s\"',;]{{8,}}"),
    # "key": "value" in JSON and reprs of dicts.
    re.compile(rf"(?i)([\"']({_SECRET_FIELDS})[\"']\s*:\s*)[\"'][^\"']*[\"']"),
)
# Values shorter than this are too likely to hit ordinary text to be scrubbed verbatim.
MIN_SECRET_LEN = 8


class SecretRegistry:
    """Exact secret values seen in this process; thread-safe."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= MIN_SECRET_LEN:
            with self._lock:
                self._values.add(value)

    def values(self) -> list[str]:
        with self._lock:
            # Longest first, so a secret containing another is scrubbed whole.
            return sorted(self._values, key=len, reverse=True)


# The process's own registry: logging itself is process-global, so this is the one
# piece of global state the app keeps, and nothing but redaction reads it.
SECRETS = SecretRegistry()


def redact(text: str, registry: SecretRegistry = SECRETS) -> str:
    for value in registry.values():
        text = text.replace(value, REDACTED)
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _PATTERNS[1].sub(REDACTED, text)
    text = _PATTERNS[2].sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    return _PATTERNS[3].sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (a full or read-only disk) loses the line. The
    standard fallback prints a traceback and the record's raw, unredacted arguments to
    stderr: the user would see a traceback, and a secret could reach the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


FILE_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def configure_logging(log_dir: Path, verbose: bool = False, stream: TextIO | None = None) -> Path:
    """Sends every log record to the rotating file; with `verbose`, INFO and above also to
    stderr. Returns the log file's path. Safe to call more than once."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_creator_backup", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    file_handler.setFormatter(RedactingFormatter(FILE_FORMAT))
    file_handler.setLevel(logging.DEBUG)
    handlers: list[logging.Handler] = [file_handler]
    if verbose:
        console = logging.StreamHandler(stream or sys.stderr)
        console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        console.setLevel(logging.INFO)
        handlers.append(console)
    for handler in handlers:
        handler._creator_backup = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # urllib3 logs every URL at DEBUG; the formatter scrubs them, but they are noise.
    logging.getLogger("urllib3").setLevel(logging.INFO)
    return path
