"""The kinds of backup run, in a module of their own: the window names them (its menus,
the schedule) long before any run, and needs none of the engine for that."""

from __future__ import annotations

FULL = "full"  # every board listed, only new files downloaded
QUICK = "quick"  # fewer requests: boards whose counters did not move are left out
