"""A local, faithful stand-in for the part of Pinterest API v5 that creator_backup uses.

Pinterest cannot be reached from development or CI machines, and a new user wants to try
the app before connecting an account; the sandbox serves both. It never binds beyond
loopback.
"""

from creator_backup.sandbox.config import SandboxConfig
from creator_backup.sandbox.server import Sandbox

__all__ = ["Sandbox", "SandboxConfig"]
