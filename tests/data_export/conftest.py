"""The backup tests' fixtures serve here too."""

from tests.backup.conftest import archive_root, make_sandbox

__all__ = ["archive_root", "make_sandbox"]
