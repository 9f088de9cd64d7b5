"""`creator-backup sandbox`."""

from __future__ import annotations

import argparse

from creator_backup.api.addresses import is_loopback
from creator_backup.cli.context import CommandContext
from creator_backup.errors import UsageError
from creator_backup.sandbox.config import SandboxConfig
from creator_backup.sandbox.runner import serve


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    config = SandboxConfig(
        host=args.host,
        port=args.port,
        seed=args.seed,
        boards=args.boards,
        pins=args.pins,
        latency_ms=args.latency_ms,
        bandwidth_mbps=args.bandwidth_mbps,
        media_cache_mb=args.media_cache_mb,
        fault_rate=args.fault_rate,
        rate_limit_per_min=args.rate_limit_per_min,
        trial=args.trial,
        realism=args.realism,
        hostile=args.hostile,
        auto_approve=args.auto_approve,
        legacy_app=args.legacy_app,
    )
    if args.access_token_ttl is not None:
        config.access_token_ttl_s = args.access_token_ttl
    if args.redirect_uri:
        config.redirect_uris = tuple(args.redirect_uri)
    return config


def run(context: CommandContext, args: argparse.Namespace) -> int:
    if not is_loopback(args.host):
        raise UsageError(
            f"The sandbox listens on loopback only (127.0.0.1, ::1 or localhost), not {args.host}."
        )
    return serve(config_from_args(args), json_output=args.json)
