"""creator_backup: keep, watch and win back a creator's own Pinterest content."""

from creator_backup.appinfo import VERSION as __version__

__all__ = ["__version__"]
