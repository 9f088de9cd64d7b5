"""Media comes from the public internet only: a pin's media address that names this
computer, the local network or a link-local service (169.254.169.254 answers cloud
metadata there) is refused before any byte is sent to it.

The check is made where the connection is made: the host is resolved once, every address
it resolves to is checked, and the connection goes to a checked address, so a name that
resolves elsewhere a moment later (DNS rebinding) cannot switch it; redirects open their
connections the same way. Loopback is allowed only when the API itself is on loopback
(the sandbox, whose media host is there too); a proxy the user configured is trusted to
reach the address itself.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class AddressRefused(Exception):
    """The media address is not on the public internet. Not an OSError, so urllib3 hands
    it back as it is instead of retrying it as a network failure."""


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this computer's: `localhost`, 127.x, ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_base(url: str) -> bool:
    """Whether an API base address is on this computer (the sandbox)."""
    return is_loopback(urlsplit(url).hostname or "")


def refusal(address: str, loopback_ok: bool) -> str | None:
    """Why media may not come from `address` (an IP as resolved), or None."""
    try:
        ip = ipaddress.ip_address(address.partition("%")[0])
    except ValueError:
        return f"an address that cannot be checked ({address!r})"
    return _refused(ip, loopback_ok)


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, loopback_ok: bool) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            # fec0::/10, deprecated but still routed inside some networks as their own.
            return f"a site-local address ({ip})"
        if ip.ipv4_mapped is not None:
            return _refused(ip.ipv4_mapped, loopback_ok)  # the IPv4 address itself
        # 6to4 (2002::/16) and Teredo carry an IPv4 address that a relay may deliver to:
        # one wrapping a private, link-local or loopback address is judged as that address,
        # and loopback is not this computer's own here (it is reached through a relay).
        tunnelled = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if tunnelled is not None:
            why = _refused(tunnelled, loopback_ok=False)
            if why is not None:
                return f"{why} inside {ip}"
    if ip.is_loopback:
        return None if loopback_ok else f"on this computer ({ip})"
    if ip.is_link_local:
        return f"a link-local address ({ip})"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return f"not on the public internet ({ip})"  # 0.0.0.0 reaches this computer
    if ip.is_private:
        return f"on a private network ({ip})"
    if not ip.is_global:
        return f"not on the public internet ({ip})"
    return None


def connect_checked(host: str, port: int, loopback_ok: bool, timeout: float) -> socket.socket:
    """A TCP connection to `host`, made only after every address it resolves to was
    checked, and made to one of those addresses (so the name cannot resolve elsewhere in
    between). Raises AddressRefused, or OSError when no address answers."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:  # a name IDNA cannot encode
        raise AddressRefused("not fetched: the address is not a valid host name") from exc
    addresses = [str(info[4][0]) for info in found]
    for address in addresses:
        why = refusal(address, loopback_ok)
        if why is not None:
            raise AddressRefused(f"not fetched: the address is {why}")
    last: OSError = OSError(f"no address for {host!r}")
    for address in dict.fromkeys(addresses):
        try:
            return socket.create_connection((address, port), timeout)
        except TimeoutError:
            raise
        except OSError as exc:
            last = exc
    raise last
