"""The offline viewer: the archive as a static site (no Qt, usable from the CLI)."""

from creator_backup.site.folder import FolderRefused
from creator_backup.site.writer import SiteResult, SiteWriteFailed, export_site

__all__ = ["FolderRefused", "SiteResult", "SiteWriteFailed", "export_site"]
