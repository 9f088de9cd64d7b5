"""The backup tests' fixtures serve here too."""

from tests.backup.conftest import archive_root

__all__ = ["archive_root"]
