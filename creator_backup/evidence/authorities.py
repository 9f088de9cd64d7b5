"""Which time-stamp authorities (TSAs) the app asks, and which roots it trusts for them.

The environment decides first (CREATOR_BACKUP_TSA_URLS, space separated; set but blank,
stamping is off: the test suite's default, so no test ever asks a public authority).
Otherwise the user's own authorities from Settings (a qualified eIDAS one, say) come
first, then the free public ones below. The roots are certifi's bundle (which requests
already installs) and the PEM files the user names (CREATOR_BACKUP_TSA_ROOTS or Settings):
a qualified authority's root is often in the EU's trusted lists, not in certifi.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TSA_URLS_ENV = "CREATOR_BACKUP_TSA_URLS"
TSA_ROOTS_ENV = "CREATOR_BACKUP_TSA_ROOTS"

# Free public authorities whose roots are in the usual trust stores (certifi), in the
# order they are asked. freetsa.org is left out: its root is self-signed and in no store.
DEFAULT_TSA_URLS = (
    "http://timestamp.digicert.com",
    "http://timestamp.sectigo.com",
    "http://timestamp.identrust.com",
    "http://ts.ssl.com",
    "http://zeitstempel.dfn.de",
)

# "At least two authorities": one alone could be wrong, compromised or gone.
REQUIRED_STAMPS = 2


@dataclass(frozen=True)
class Authorities:
    urls: tuple[str, ...]
    root_files: tuple[Path, ...]

    @property
    def enabled(self) -> bool:
        return bool(self.urls)


def choose_authorities(
    enabled: bool, own_urls: Sequence[str] = (), own_roots: Sequence[str] = ()
) -> Authorities:
    """The authorities to ask and the extra roots to trust, from the environment and the
    user's settings (`enabled` is the setting and the command's --no-timestamp)."""
    env_roots = os.environ.get(TSA_ROOTS_ENV, "").split()
    roots = tuple(Path(p) for p in dict.fromkeys([*env_roots, *own_roots]) if p)
    if not enabled:
        return Authorities((), roots)
    from_env = os.environ.get(TSA_URLS_ENV)
    if from_env is not None:
        return Authorities(tuple(dict.fromkeys(from_env.split())), roots)
    urls = [u.strip() for u in own_urls if u.strip().startswith(("http://", "https://"))]
    return Authorities(tuple(dict.fromkeys([*urls, *DEFAULT_TSA_URLS])), roots)
