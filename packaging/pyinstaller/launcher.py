"""The frozen app's one entry script: the bundle holds two executables built from it,
`creator-backup` (the command line, with a console) and `creator-backup-gui` (the
window, without one), and the name it was started as picks which one runs.

One script for both keeps one analysis, so the bundle's libraries are collected once.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    name = os.path.basename(sys.executable).lower()
    if name.startswith("creator-backup-gui") or name.startswith("creator backup"):
        from creator_backup.gui.app import main as gui_main

        return gui_main()
    from creator_backup.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
