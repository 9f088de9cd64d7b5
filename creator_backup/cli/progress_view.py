"""Progress on the terminal: a redrawn bar on a TTY, plain lines otherwise (logs, cron)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from creator_backup.progress import JobMeter, Overall, Progress, human_size
from creator_backup.words import escaped, time_left

PLAIN_EVERY_S = 5.0


def describe(p: Progress, overall: Overall | None = None) -> str:
    """The step as one line, with the whole job's time left; its words escaped as every
    plain line is (output.say)."""
    parts = [p.phase]
    if p.total:
        parts.append(f"{p.done:,}/{p.total:,}")
    if p.bytes:
        parts.append(human_size(p.bytes))
    eta = overall.eta_s if overall is not None else p.eta_s
    if eta is not None:
        parts.append(time_left(eta))
    if p.detail and not p.total:
        parts.append(p.detail)
    return escaped("  ".join(parts).replace("\n", " "))


class ProgressView:
    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self._last_phase = ""
        self._last_line = 0.0
        self.meter = JobMeter()  # one bar for the whole job, as the window's

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        overall = self.meter.update(p)
        if self.tty:
            width = 30
            bar = ""
            if overall.fraction is not None:
                filled = int(width * overall.fraction)
                bar = "[" + "#" * filled + "-" * (width - filled) + "] "
            self.stream.write("\r\x1b[2K" + bar + describe(p, overall)[:100])
            self.stream.flush()
            return
        now = time.monotonic()
        if p.phase != self._last_phase or now - self._last_line >= PLAIN_EVERY_S:
            self.stream.write(describe(p, overall) + "\n")
            self.stream.flush()
            self._last_phase, self._last_line = p.phase, now

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
