"""`python -m creator_backup.cli`: the command line (`python -m creator_backup` opens the
window). Scheduled backups fall back to it when no `creator-backup` script is found."""

from creator_backup.cli import main

if __name__ == "__main__":  # importing it (the layering check does) runs nothing
    raise SystemExit(main())
