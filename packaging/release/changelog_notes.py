"""A release's notes: its section of CHANGELOG.md (Keep a Changelog's layout).

    python packaging/release/changelog_notes.py 0.1.0     # the body of "## [0.1.0] - date"
    python packaging/release/changelog_notes.py --latest  # the newest released version

The release job publishes the first as the release's notes, so a version with no section
(or an empty one) stops the release rather than publishing empty notes. Standard library
only, so the release job runs it with any Python.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"
# "## [0.1.0] - 2026-12-01", "## [Unreleased]"; Keep a Changelog links each heading's
# name at the foot of the file ("[0.1.0]: https://…"), which no section's notes include.
HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")
LINK = re.compile(r"^\[[^\]]+\]: \S+\s*$")
UNRELEASED = "Unreleased"


class ChangelogError(Exception):
    """CHANGELOG.md does not have what a release needs."""


def sections(text: str) -> dict[str, list[str]]:
    """Each heading's name and the lines under it, in the file's order."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            name = heading["name"]
            if name in found:
                raise ChangelogError(f"two sections for {name}")
            if name != UNRELEASED and heading["date"] is None:
                raise ChangelogError(f"the heading of {name} has no date: {line!r}")
            current = found[name] = []
        elif line.startswith("## "):
            raise ChangelogError(f"a heading not in the form '## [version] - date': {line!r}")
        elif current is not None and not LINK.match(line):
            current.append(line)
    return found


def notes(text: str, version: str) -> str:
    body = sections(text).get(version)
    if body is None:
        raise ChangelogError(f"CHANGELOG.md has no section for {version}")
    cleaned = "\n".join(body).strip()
    if not cleaned:
        raise ChangelogError(f"the section for {version} in CHANGELOG.md is empty")
    return cleaned + "\n"


def latest_release(text: str) -> str:
    """The newest released version: the first heading after Unreleased."""
    released = [name for name in sections(text) if name != UNRELEASED]
    if not released:
        raise ChangelogError("CHANGELOG.md has no released version")
    return released[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("version", nargs="?", help="print this version's notes")
    which.add_argument("--latest", action="store_true", help="print the newest version")
    parser.add_argument("--changelog", type=Path, default=CHANGELOG)
    args = parser.parse_args(argv)
    try:
        text = args.changelog.read_text("utf-8")
        sys.stdout.write(latest_release(text) + "\n" if args.latest else notes(text, args.version))
    except (ChangelogError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
