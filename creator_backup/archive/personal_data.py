"""Personal data that the archive keeps as evidence but never shares.

Pinterest's data export records the IP address each pin was saved from. The archive's
evidentiary copy keeps it verbatim (it is the user's own data, and may matter to them);
every packet, report and export made from the archive shows a placeholder instead, and
says which fields it redacted. One function does that for every output, so no output
can forget a field the others hide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted: personal data]"

# Field names compared without case, spaces, underscores or hyphens: the export's
# "Ip Address", a JSON "ip_address", "IP-Address" and "ipAddress" are one field.
PERSONAL_FIELDS = frozenset({"ipaddress", "ip", "ipv4", "ipv6"})


def _normalised(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def is_personal_field(name: str) -> bool:
    return _normalised(name) in PERSONAL_FIELDS


def redact_personal(value: Any, path: str = "") -> tuple[Any, list[str]]:
    """A copy of a JSON value with personal fields replaced, and the paths replaced.

    Paths read like `data_export.Ip Address`; a list index appears as `[3]`. A field
    that is already empty is left as it is and not reported.
    """
    redacted: list[str] = []
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and is_personal_field(key) and item not in (None, ""):
                out[key] = REDACTED
                redacted.append(where)
                continue
            out[key], inner = redact_personal(item, where)
            redacted.extend(inner)
        return out, redacted
    if isinstance(value, list):
        items: list[Any] = []
        for index, item in enumerate(value):
            copy, inner = redact_personal(item, f"{path}[{index}]")
            items.append(copy)
            redacted.extend(inner)
        return items, redacted
    return value, redacted
