"""The media address classifier: an IPv6 address that carries a private, link-local or
loopback IPv4 address (6to4, Teredo) is judged as that address, and deprecated site-local
IPv6 (fec0::/10) is refused; public addresses, wrapped or not, pass."""

from __future__ import annotations

import pytest

from creator_backup.api.addresses import refusal


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("2002:a9fe:a9fe::1", "link-local address (169.254.169.254)"),  # cloud metadata
        ("2002:7f00:1::1", "on this computer (127.0.0.1)"),
        ("2002:a00:1::1", "private network (10.0.0.1)"),
        ("2002:c0a8:101::1", "private network (192.168.1.1)"),
        # Teredo: server 65.54.227.120, client 10.0.0.1 (stored inverted, as Teredo does).
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private network (10.0.0.1)"),
        ("fec0::1", "site-local address (fec0::1)"),
        ("fed0:1:2::3", "site-local address"),
    ],
)
def test_wrapped_and_site_local_addresses_are_refused(address: str, why: str) -> None:
    refused = refusal(address, loopback_ok=False)
    assert refused is not None and why in refused, refused
    # Loopback allowed (the sandbox) is this computer's own loopback, not one a tunnel
    # relay would deliver to: still refused.
    assert refusal(address, loopback_ok=True) is not None


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "2001:4860:4860::8888", "2002:808:808::1", "::ffff:8.8.8.8"],
)
def test_public_addresses_pass(address: str) -> None:
    assert refusal(address, loopback_ok=False) is None


def test_loopback_is_allowed_only_when_asked() -> None:
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert refusal(address, loopback_ok=True) is None
        assert "on this computer" in (refusal(address, loopback_ok=False) or "")
