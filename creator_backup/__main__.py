"""`python -m creator_backup` opens the desktop app."""

from creator_backup.gui.app import main

raise SystemExit(main())
