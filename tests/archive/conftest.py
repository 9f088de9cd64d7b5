"""The backup tests' fixtures serve here too."""

from tests.backup.conftest import make_sandbox

__all__ = ["make_sandbox"]
