"""The update check (issue 23) against a releases feed on loopback: a newer version is
found and announced once, the same or an older one is not; the request carries nothing
of the user (no cookie, no query, no login from ~/.netrc, a User-Agent naming only the
check); hostile feeds (endless, trickling, garbage, a bad version, a page elsewhere, a
redirect away) end within their bounds in plain words; the weekly check runs only with
the creator's yes, and only once a week; the command prints it and ends 0, or 1."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from creator_backup.appinfo import RELEASES_FEED_URL, RELEASES_URL, VERSION
from creator_backup.application.updates import (
    FAILED,
    NEWER,
    UP_TO_DATE,
    WEEK_S,
    UpdateCheck,
    Updates,
)
from creator_backup.errors import Cancelled
from creator_backup.settings import SettingsStore
from creator_backup.support.updates import (
    FEED_MAX_BYTES,
    UPDATE_FEED_ENV,
    USER_AGENT,
    UpdateCheckFailed,
    current_version,
    latest_release,
    parse_version,
    version_text,
)
from tests.cli.helpers import run_cli

from .feed import NOTES, LocalFeed, Route, local_feed, release

MAJOR, MINOR, PATCH = current_version()
NEWER_VERSION = f"{MAJOR}.{MINOR + 1}.0"
NEWEST_VERSION = f"{MAJOR}.{MINOR + 2}.0"
OLDER_VERSION = (
    f"{MAJOR}.{MINOR}.{PATCH - 1}" if PATCH else f"{MAJOR}.{MINOR - 1}.99" if MINOR else "0.0.0"
)
DAY_S = 24 * 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def feed() -> Iterator[LocalFeed]:
    with local_feed() as serving:
        yield serving


def say_weekly(tmp_path: Path, yes: bool) -> None:
    """The creator's answer to the weekly check, as the window keeps it."""
    store = SettingsStore(tmp_path / "config")
    store.save(replace(store.load(), update_check=yes, update_check_asked=True))


def updates_for(tmp_path: Path, url: str, clock: Clock | None = None) -> Updates:
    return Updates(tmp_path / "config", {UPDATE_FEED_ENV: url}, clock or Clock())


def test_this_version_is_in_the_strict_form_and_versions_compare_as_numbers() -> None:
    assert version_text(current_version()) == VERSION
    assert parse_version("v1.10.0") == (1, 10, 0) and parse_version("1.9.9") == (1, 9, 9)
    assert parse_version("v1.10.0") > parse_version("1.9.9")  # type: ignore[operator]
    for bad in ("1.2", "1.2.3-beta", "1.2.3.4", " 1.2.3", "v1.2.3\n", "١.٢.٣", "1234567.0.0"):
        assert parse_version(bad) is None, bad
    assert RELEASES_FEED_URL == (
        "https://api.github.com/repos/creatorbackup/creator_backup/releases/latest"
    )


def test_a_newer_version_is_found_and_announced_once(tmp_path: Path, feed: LocalFeed) -> None:
    url = feed.latest(release(NEWER_VERSION))
    updates = updates_for(tmp_path, url)
    first = updates.check_now()
    assert first == UpdateCheck(
        NEWER, VERSION, NEWER_VERSION, NOTES.format(version=NEWER_VERSION), announce=True
    )
    assert first.sentence() == (
        f"Creator Backup {NEWER_VERSION} is available (you have {VERSION}). "
        f"What is new: {NOTES.format(version=NEWER_VERSION)}"
    )
    # Asked again (a restart, another face): still newer, but not announced again.
    again = updates_for(tmp_path, url).check_now()
    assert again.outcome == NEWER and not again.announce
    # A version newer still is announced, once.
    feed.latest(release(NEWEST_VERSION))
    assert updates.check_now().announce
    assert not updates.check_now().announce
    assert len(feed.received) == 4


@pytest.mark.parametrize("version", [VERSION, OLDER_VERSION])
def test_the_same_or_an_older_version_is_up_to_date(
    tmp_path: Path, feed: LocalFeed, version: str
) -> None:
    found = updates_for(tmp_path, feed.latest(release(version))).check_now()
    assert found == UpdateCheck(UP_TO_DATE, VERSION, version)
    assert found.sentence() == f"You have the latest version ({VERSION})."


@pytest.mark.parametrize("flag", ["draft", "prerelease"])
def test_a_draft_or_a_pre_release_is_not_offered(
    tmp_path: Path, feed: LocalFeed, flag: str
) -> None:
    url = feed.latest(release(NEWER_VERSION, **{flag: True}))
    assert updates_for(tmp_path, url).check_now() == UpdateCheck(UP_TO_DATE, VERSION, None)


def test_the_request_carries_nothing_of_the_user(
    tmp_path: Path, feed: LocalFeed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A login for the feed's host in ~/.netrc (requests would send it unasked), and a
    # cookie the feed sets on its way: neither reaches it.
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n", "utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    feed.latest(release(NEWER_VERSION))
    moved = feed.serve(
        "/moved", Route(301, headers={"Location": "/latest", "Set-Cookie": "visitor=42; Path=/"})
    )
    assert updates_for(tmp_path, moved).check_now().outcome == NEWER
    assert [r.path for r in feed.received] == ["/moved", "/latest"]  # no query, either time
    for request in feed.received:
        assert set(request.headers) == {
            "host", "user-agent", "accept", "accept-encoding", "connection"
        }  # fmt: skip
        assert request.headers["user-agent"] == USER_AGENT == "creator_backup update check"
        assert VERSION not in request.headers["user-agent"]


def test_a_feed_that_never_ends_is_cut_at_its_size(tmp_path: Path, feed: LocalFeed) -> None:
    url = feed.serve("/latest", Route(endless=True))
    started = time.monotonic()
    found = updates_for(tmp_path, url).check_now()
    assert found.outcome == FAILED
    assert found.sentence() == (
        "Could not check for updates: the releases page's answer was far larger than a release's."
    )
    assert time.monotonic() - started < 10
    assert FEED_MAX_BYTES == 256 * 1024


def test_a_small_answer_that_inflates_is_cut_at_its_size(tmp_path: Path, feed: LocalFeed) -> None:
    bomb = gzip.compress(b" " * (64 * FEED_MAX_BYTES))  # 16 MiB of spaces, in about 16 KiB
    assert len(bomb) < FEED_MAX_BYTES
    url = feed.serve("/latest", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    found = updates_for(tmp_path, url).check_now()
    assert found.reason == "the releases page's answer was far larger than a release's"


def test_a_check_ends_at_once_when_cancelled(feed: LocalFeed) -> None:
    url = feed.serve("/latest", Route(endless=True, pause=0.05))
    started = time.monotonic()
    with pytest.raises(Cancelled):
        latest_release(url, cancelled=lambda: time.monotonic() - started > 0.3)
    assert time.monotonic() - started < 5  # not the 20 s deadline


def test_a_trickling_feed_is_cut_at_the_deadline(feed: LocalFeed) -> None:
    url = feed.serve("/latest", Route(endless=True, pause=0.05))
    started = time.monotonic()
    with pytest.raises(UpdateCheckFailed) as failed:
        latest_release(url, deadline_s=1.5)
    assert failed.value.message == (
        "Could not check for updates: the releases page did not answer within 1.5 seconds."
    )
    assert time.monotonic() - started < 1.5 + 3


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"<html>Service unavailable</html>", "the releases page's answer could not be read"),
        (b"[" * 100_000, "the releases page's answer could not be read"),
        (b'["v9.9.9"]', "the releases page's answer could not be read"),
        (json.dumps(release("9.9.9-rc1")).encode(), "the releases page named no version number"),
        (json.dumps(release("9.9")).encode(), "the releases page named no version number"),
        (json.dumps({**release("9.9.9"), "tag_name": 999}).encode(), "named no version number"),
        (json.dumps({"message": "Not Found"}).encode(), "named no version number"),
    ],
)
def test_garbage_and_bad_versions_fail_in_plain_words(
    tmp_path: Path, feed: LocalFeed, body: bytes, why: str
) -> None:
    found = updates_for(tmp_path, feed.latest(body)).check_now()
    assert found.outcome == FAILED and why in found.reason
    assert found.sentence().startswith("Could not check for updates: ") and found.latest is None


@pytest.mark.parametrize(
    "page",
    [
        "https://github.com/creatorbackup/creator_backup/releases/tag/v9.9.9",
        "https://github.com/creatorbackup/creator_backup/releases",
    ],
)
def test_the_project_s_own_notes_page_is_kept(tmp_path: Path, feed: LocalFeed, page: str) -> None:
    found = updates_for(tmp_path, feed.latest(release("9.9.9", html_url=page))).check_now()
    assert (found.outcome, found.notes_url) == (NEWER, page)


@pytest.mark.parametrize(
    "page",
    [
        "https://evil.example/creatorbackup/creator_backup/releases/tag/v9.9.9",
        "http://github.com/creatorbackup/creator_backup/releases/tag/v9.9.9",
        "https://github.com/someone-else/creator_backup/releases/tag/v9.9.9",
        "https://github.com:8443/creatorbackup/creator_backup/releases/tag/v9.9.9",
        "https://user@github.com/creatorbackup/creator_backup/releases/tag/v9.9.9",
        "javascript:alert(1)",
        "https://github.com/creatorbackup/creator_backup/releases/tag/../../../evil/repo",
        "https://github.com/creatorbackup/creator_backup/releases/tag/%2e%2e",
        "https://github.com/creatorbackup/creator_backup/releases/tag/v9.9.9?next=evil",
        "https://github.com/creatorbackup/creator_backup/releasesX",
        "https://GitHub.com/creatorbackup/creator_backup/releases/tag/v9.9.9\t",
        "https://github.com/creatorbackup/creator_backup/releases/tag/v9\u202e.9.9",
        None,
    ],
)
def test_a_notes_page_elsewhere_becomes_the_project_s_releases(
    tmp_path: Path, feed: LocalFeed, page: str | None
) -> None:
    found = updates_for(tmp_path, feed.latest(release("9.9.9", html_url=page))).check_now()
    assert (found.outcome, found.notes_url) == (NEWER, RELEASES_URL)


def test_redirects_stay_on_the_feed_s_host_and_are_bounded(tmp_path: Path, feed: LocalFeed) -> None:
    away = feed.serve("/away", Route(302, headers={"Location": "https://evil.example/latest"}))
    found = updates_for(tmp_path, away).check_now()
    assert found.sentence() == (
        "Could not check for updates: the releases page sent the check somewhere else."
    )
    loop = feed.serve("/loop", Route(301, headers={"Location": "/loop"}))
    found = updates_for(tmp_path, loop).check_now()
    assert "kept sending the check somewhere else" in found.reason
    assert [r.path for r in feed.received] == ["/away", *["/loop"] * 4]


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (404, "no release has been published yet"),
        (403, "turned the check away for now"),
        (500, "answered with an error (HTTP 500)"),
    ],
)
def test_a_refusal_is_said_in_plain_words(
    tmp_path: Path, feed: LocalFeed, status: int, why: str
) -> None:
    url = feed.serve("/latest", Route(status, body=b'{"message": "<b>no</b>"}'))
    found = updates_for(tmp_path, url).check_now()
    assert found.outcome == FAILED and why in found.reason and "<b>" not in found.reason


@pytest.mark.parametrize(
    "url",
    ["http://example.com/latest", "ftp://127.0.0.1/latest", "https://x@example.com/latest",
     "https://example.com/latest?id=1"],
)  # fmt: skip
def test_a_feed_address_that_is_not_allowed_is_never_asked(tmp_path: Path, url: str) -> None:
    found = updates_for(tmp_path, url).check_now()
    assert found.outcome == FAILED and UPDATE_FEED_ENV in found.reason


def test_an_unreachable_feed_fails_in_plain_words(tmp_path: Path) -> None:
    found = updates_for(tmp_path, "http://127.0.0.1:9/latest").check_now()
    assert found.sentence() == (
        "Could not check for updates: the releases page could not be reached (is this "
        "computer online?)."
    )


def test_the_weekly_check_needs_a_yes_and_runs_once_a_week(tmp_path: Path, feed: LocalFeed) -> None:
    url = feed.latest(release(NEWER_VERSION))
    clock = Clock()
    updates = updates_for(tmp_path, url, clock)
    assert updates.check_weekly() is None  # never asked: never checked
    say_weekly(tmp_path, False)
    assert updates.check_weekly() is None
    assert feed.received == []

    say_weekly(tmp_path, True)
    first = updates.check_weekly()
    assert first is not None and first.announce
    clock.now += 6 * DAY_S
    assert updates.check_weekly() is None  # not a week yet
    clock.now += DAY_S
    later = updates.check_weekly()
    assert later is not None and later.outcome == NEWER and not later.announce
    assert len(feed.received) == 2
    clock.now -= 30 * DAY_S  # the clock was set back: the next check is not held off
    assert updates.check_weekly() is not None


def test_a_failed_weekly_check_is_tried_again_at_the_next_chance(tmp_path: Path) -> None:
    updates = updates_for(tmp_path, "http://127.0.0.1:9/latest")
    say_weekly(tmp_path, True)
    found = updates.check_weekly()
    assert found is not None and found.outcome == FAILED
    assert updates.weekly_due()
    assert WEEK_S == 7 * DAY_S


def test_the_command_says_what_it_found_and_ends_with_its_code(
    cli_env: dict[str, str], feed: LocalFeed
) -> None:
    env = {**cli_env, UPDATE_FEED_ENV: feed.latest(release(NEWER_VERSION))}
    result = run_cli(env, "check-updates")
    assert result.code == 0, result.err
    assert result.out == (
        f"Creator Backup {NEWER_VERSION} is available (you have {VERSION}). "
        f"What is new: {NOTES.format(version=NEWER_VERSION)}\n"
    )
    as_json = run_cli(env, "check-updates", "--json")
    assert as_json.code == 0
    assert json.loads(as_json.out) == {
        "outcome": "newer", "current": VERSION, "latest": NEWER_VERSION,
        "notes_url": NOTES.format(version=NEWER_VERSION), "reason": "",
        "announce": False,  # the first run announced it
    }  # fmt: skip
    feed.latest(release(VERSION))
    assert run_cli(env, "check-updates").out == f"You have the latest version ({VERSION}).\n"
    failed = run_cli({**env, UPDATE_FEED_ENV: feed.latest(b"garbage", "/bad")}, "check-updates")
    assert (failed.code, failed.out) == (1, "")
    assert failed.err == (
        "Error: Could not check for updates: the releases page's answer could not be read.\n"
    )
