"""Settings of one sandbox instance: the generated account, its limits and its faults."""

from __future__ import annotations

from dataclasses import dataclass, field

from creator_backup.sandbox.oauth import ALL_SCOPES

# The registered redirect URIs of the sandbox's built-in developer app. The desktop
# login flow binds one of a short fixed list of loopback ports, and Pinterest matches
# redirect URIs exactly, so the sandbox registers exactly those: Pinterest's quickstart
# address (http://localhost:8085/) first, then the 127.0.0.1 ones. A config may register
# only some of them, as a creator who added only one would have.
DEFAULT_REDIRECT_URIS: tuple[str, ...] = (
    "http://localhost:8085/",
    *(f"http://127.0.0.1:{port}/" for port in (8085, 8086, 8087, 8088, 8089)),
)

# Pinterest's published limits: Standard access, per user per app per minute.
STANDARD_READS_PER_MIN = 1000
STANDARD_WRITES_PER_MIN = 100
TRIAL_REQUESTS_PER_DAY = 1000


@dataclass
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 0
    media_port: int = 0
    seed: int = 1
    boards: int = 10
    pins: int = 250
    latency_ms: int = 0
    bandwidth_mbps: float = 0.0  # 0 means unlimited
    # Rendered media kept in memory. Benchmarks raise it so the stand-in CDN, like the
    # real one, serves ready files instead of spending the client's CPU drawing them.
    media_cache_mb: int = 64
    fault_rate: float = 0.0
    rate_limit_per_min: int = STANDARD_READS_PER_MIN
    write_limit_per_min: int = STANDARD_WRITES_PER_MIN
    trial: bool = False
    trial_daily_limit: int = TRIAL_REQUESTS_PER_DAY
    # Writes closer together than this many within two seconds are refused as spam.
    spam_writes_per_2s: int = 10
    auto_approve: bool = False
    access_token_ttl_s: int = 30 * 24 * 3600
    refresh_token_ttl_s: int = 60 * 24 * 3600
    redirect_uris: tuple[str, ...] = field(default=DEFAULT_REDIRECT_URIS)
    # The scopes the developer app may be granted; the client_credentials grant gives the
    # ones asked for among these.
    app_scopes: tuple[str, ...] = field(default=ALL_SCOPES)
    # An app created before 2025-09-25: its code exchange gives a legacy refresh token
    # (365 days, a hard limit) unless the client sends continuous_refresh=true.
    legacy_app: bool = False
    # Share of section writes answered 409 "Could not get exclusive access", as Pinterest does.
    section_conflict_rate: float = 0.1
    # False makes a plain account (image pins only, no sections, no hidden or hostile
    # content) whose listings have exactly the sizes asked for: for pagination tests.
    extras: bool = True
    # True puts hostile text into the account: markup, formulas, paths, device names and
    # titles at Pinterest's length limits (text.HOSTILE_TEXTS) as board, section and pin
    # names and descriptions, which every output must show literally. For the tests; the
    # demo is a believable creator and never sets it.
    hostile: bool = False
    # True serves the shapes real Pinterest responses had (2022-2023 recordings) where
    # they differ from the spec: missing counters and ids, short pages, HLS videos, ...
    # Off by default so the conformance suite holds the sandbox to the spec. See realism.py.
    realism: bool = False
