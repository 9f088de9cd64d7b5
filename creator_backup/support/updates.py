"""Whether a newer version is out: the latest version number, read from the project's
releases feed (GitHub's "latest release" of the project's repository), against this one.

Only what that takes is sent: a plain GET of a fixed address, with no cookie, no query, no
login (not even one that ~/.netrc holds for the host) and a User-Agent that names the check
and nothing else: not the user, not this computer, not even this copy's version (the
comparison is made here, so the feed need not know it). Nothing is downloaded but the
feed's answer, and nothing is installed.

The feed is untrusted: it is read within a deadline and a size limit, and only two things
are taken from it, each checked: the version number (strictly MAJOR.MINOR.PATCH) and the
address of the release's notes (only a page of the project's own site; else its list of
releases). Nothing else it says is ever shown.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from creator_backup.api.addresses import is_loopback
from creator_backup.api.transport import TOO_LARGE, TOO_SLOW, ExchangeFailed, exchange
from creator_backup.appinfo import PROJECT_URL, RELEASES_FEED_URL, RELEASES_URL, VERSION
from creator_backup.errors import AppError

log = logging.getLogger(__name__)

# Points the check at another feed of the same shape (a mirror, a test's local server).
UPDATE_FEED_ENV = "CREATOR_BACKUP_UPDATE_FEED"
# GitHub's API refuses a request without a User-Agent; this one says what asks, no more.
USER_AGENT = "creator_backup update check"
ACCEPT = "application/vnd.github+json"
FEED_TIMEOUT = (5.0, 10.0)  # connect, and the longest gap between bytes
FEED_DEADLINE_S = 20.0  # the whole check, redirects included, however the answer trickles
# A release's JSON is a few KB (more with many assets); a larger answer is not one.
FEED_MAX_BYTES = 256 * 1024
MAX_REDIRECTS = 3  # a renamed repository's feed moves once; more is a loop
REDIRECTS = (301, 302, 303, 307, 308)
# Version numbers as releases are tagged: 1.2.3 or v1.2.3, nothing else (no suffix: a
# pre-release is not offered). Bounded digits: a number of a million digits is no version.
VERSION_PATTERN = re.compile(r"v?([0-9]{1,6})\.([0-9]{1,6})\.([0-9]{1,6})")
FAILED_PREFIX = "Could not check for updates"
# The project's pages a feed may send a person to: the list of releases, or one release's
# (a tag of letters, digits and . _ + -, starting with a letter or digit: never "..").
RELEASE_PAGE = re.compile(r"/releases(/tag/[A-Za-z0-9][A-Za-z0-9._+-]{0,99})?/?")

Version = tuple[int, int, int]


class UpdateCheckFailed(AppError):
    """The latest version could not be learned: `message` says why, in one sentence."""

    def __init__(self, why: str) -> None:
        super().__init__(f"{FAILED_PREFIX}: {why}.")
        self.why = why


@dataclass(frozen=True)
class Release:
    """What the feed says of the latest release, as far as it could be trusted."""

    version: Version
    notes_url: str  # the release's own page on the project's site, else its list
    stable: bool  # neither a draft nor a pre-release (only a stable release is offered)


def parse_version(text: object) -> Version | None:
    """`text` as (major, minor, patch) when it is strictly such a number, else None."""
    if not isinstance(text, str):
        return None
    match = VERSION_PATTERN.fullmatch(text)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def version_text(version: Version) -> str:
    return ".".join(str(part) for part in version)


def current_version() -> Version:
    """This copy's version (appinfo.VERSION, which tests keep in the strict form)."""
    version = parse_version(VERSION)
    if version is None:
        raise ValueError(f"appinfo.VERSION is not MAJOR.MINOR.PATCH: {VERSION!r}")
    return version


def allowed_address(url: str) -> bool:
    """An address the check may ask: HTTPS, or plain HTTP on this computer only (a local
    test feed); never one that carries a login or a query."""
    parts = urlsplit(url)
    if parts.username or parts.password or parts.query or parts.fragment:
        return False
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def feed_url_from(env: Mapping[str, str]) -> str:
    """The feed a check reads: the environment's, else the project's own."""
    url = env.get(UPDATE_FEED_ENV, "").strip() or RELEASES_FEED_URL
    if not allowed_address(url):
        raise UpdateCheckFailed(
            f"{UPDATE_FEED_ENV} must be an https:// address with no query (http:// only on "
            "this computer)"
        )
    return url


def notes_url_from(value: object) -> str:
    """The release's notes page the feed names, when it is one of the project's own
    pages over HTTPS; else the project's list of releases (a feed cannot send a person
    anywhere else)."""
    if not isinstance(value, str) or len(value) > 2000 or not value.isascii():
        return RELEASES_URL
    project = urlsplit(PROJECT_URL)
    parts = urlsplit(value)
    own_page = (
        value == parts.geturl()  # nothing urlsplit would drop or mend
        and parts.scheme == "https"
        and parts.netloc == project.netloc  # no login, no port, the same host
        and not parts.query
        and not parts.fragment
        and RELEASE_PAGE.fullmatch(parts.path.removeprefix(project.path)) is not None
    )
    return value if own_page else RELEASES_URL


def release_from(body: bytes) -> Release:
    """The release a feed's answer describes; UpdateCheckFailed when it names none."""
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):
        raise UpdateCheckFailed("the releases page's answer could not be read") from None
    if not isinstance(data, dict):
        raise UpdateCheckFailed("the releases page's answer could not be read")
    version = parse_version(data.get("tag_name"))
    if version is None:
        raise UpdateCheckFailed("the releases page named no version number that could be read")
    stable = data.get("draft") is not True and data.get("prerelease") is not True
    return Release(version, notes_url_from(data.get("html_url")), stable)


def latest_release(
    url: str,
    deadline_s: float = FEED_DEADLINE_S,
    cancelled: Callable[[], bool] | None = None,
) -> Release:
    """The latest release the feed at `url` names, asked within `deadline_s` in all.
    Raises UpdateCheckFailed (or Cancelled, when `cancelled` says so)."""
    deadline = time.monotonic() + deadline_s
    host = urlsplit(url).hostname
    for _ in range(MAX_REDIRECTS + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise _too_slow(deadline_s)
        try:
            answer = exchange(
                "GET", url, timeout=FEED_TIMEOUT, deadline_s=left, max_bytes=FEED_MAX_BYTES,
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT}, cancelled=cancelled,
            )  # fmt: skip
        except ExchangeFailed as exc:
            raise _exchange_failed(exc, deadline_s) from exc
        if answer.status in REDIRECTS:
            # A moved feed (a renamed repository) is followed on the same host only.
            url = urljoin(url, answer.headers.get("location", ""))
            if not allowed_address(url) or urlsplit(url).hostname != host:
                raise UpdateCheckFailed("the releases page sent the check somewhere else")
            continue
        if answer.status != 200:
            raise _refused(answer.status)
        return release_from(answer.body)
    raise UpdateCheckFailed("the releases page kept sending the check somewhere else")


def _too_slow(deadline_s: float) -> UpdateCheckFailed:
    return UpdateCheckFailed(f"the releases page did not answer within {deadline_s:g} seconds")


def _exchange_failed(exc: ExchangeFailed, deadline_s: float) -> UpdateCheckFailed:
    """The plain words for a failed exchange (its own reason is for the log)."""
    reason = exc.message
    log.info("update check failed: %s", reason)
    if reason == TOO_LARGE:
        return UpdateCheckFailed("the releases page's answer was far larger than a release's")
    if reason.startswith(TOO_SLOW):
        return _too_slow(deadline_s)
    return UpdateCheckFailed("the releases page could not be reached (is this computer online?)")


def _refused(status: int) -> UpdateCheckFailed:
    log.info("update check refused: HTTP %s", status)
    if status == 404:
        return UpdateCheckFailed("no release has been published yet")
    if status in (403, 429):
        return UpdateCheckFailed(
            "the releases page turned the check away for now (too many checks from this "
            "network?); try again in an hour"
        )
    return UpdateCheckFailed(f"the releases page answered with an error (HTTP {status})")
