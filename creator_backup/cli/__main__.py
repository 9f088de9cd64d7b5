"""`python -m creator_backup.cli`: the command line (`python -m creator_backup` opens the
window). Scheduled backups fall back to it when no `creator-backup` script is found."""

from creator_backup.cli import main

raise SystemExit(main())
