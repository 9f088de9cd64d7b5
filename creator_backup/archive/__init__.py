"""The local archive: SQLite metadata with a history of snapshots, and a content-addressed
media store. Qt-free; one archive per connected account."""

from creator_backup.archive.store import Archive, ArchiveBusy

__all__ = ["Archive", "ArchiveBusy"]
