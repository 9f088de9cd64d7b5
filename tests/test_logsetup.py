"""Secrets never reach a log line, a traceback in the log, or the console."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from creator_backup.logsetup import SECRETS, configure_logging, redact

TOKEN = "pina_AbCdEf0123456789SentinelAccessToken"
REFRESH = "pinr_ZyXw9876543210SentinelRefreshToken"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[tuple[Path, io.StringIO]]:
    console = io.StringIO()
    path = configure_logging(tmp_path / "log", verbose=True, stream=console)
    yield path, console
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_creator_backup", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.mark.parametrize(
    "line",
    [
        f"Authorization: Bearer {TOKEN}",
        f"headers={{'Authorization': 'Bearer {TOKEN}'}}",
        f"GET https://api.example/v5/x?access_token={TOKEN}&page_size=25",
        f"form grant_type=refresh_token&refresh_token={REFRESH}",
        f'{{"access_token": "{TOKEN}", "refresh_token": "{REFRESH}"}}',
        f"token {TOKEN} then {REFRESH}",
        "callback /?code=S3cretAuthCodeValue42&state=xyzStateValue99",
        "Basic dXNlcjpwYXNzd29yZA==",
    ],
)
def test_patterns_scrub_secret_shapes(line: str) -> None:
    scrubbed = redact(line)
    for secret in (TOKEN, REFRESH, "S3cretAuthCodeValue42", "dXNlcjpwYXNzd29yZA=="):
        assert secret not in scrubbed
    assert "[redacted]" in scrubbed


def test_pinterest_error_codes_stay_readable() -> None:
    line = "Pinterest GET /boards failed: status=429 code=8 request_id=abc123"
    assert redact(line) == line


def test_registered_values_are_scrubbed_whatever_their_shape() -> None:
    secret = "an-app-secret-without-any-telltale-shape-0042"
    SECRETS.add(secret)
    assert secret not in redact(f"the value was {secret}!")


def test_log_file_and_console_never_carry_tokens_even_in_tracebacks(
    log_file: tuple[Path, io.StringIO],
) -> None:
    path, console = log_file
    log = logging.getLogger("creator_backup.test")
    log.debug("sending Authorization: Bearer %s", TOKEN)
    try:
        raise RuntimeError(f"refresh failed for refresh_token={REFRESH}")
    except RuntimeError:
        log.exception("renewal failed")
    # A library's own logging goes through the same handlers.
    logging.getLogger("urllib3.connectionpool").warning("url ?access_token=%s", TOKEN)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = path.read_text("utf-8") + console.getvalue()
    assert "Traceback" in written and "renewal failed" in written
    assert TOKEN not in written
    assert REFRESH not in written


def test_requests_exception_text_is_scrubbed(log_file: tuple[Path, io.StringIO]) -> None:
    path, _ = log_file
    try:
        # Port 9 on loopback: nothing listens, and the URL carries a token.
        requests.get(f"http://127.0.0.1:9/v5/pins?access_token={TOKEN}", timeout=2)
    except requests.RequestException:
        logging.getLogger("creator_backup.test").exception("listing failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = path.read_text("utf-8")
    assert "listing failed" in written
    assert TOKEN not in written


def test_log_rotates(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "log")
    log = logging.getLogger("creator_backup.test")
    for _ in range(3000):
        log.info("x" * 1000)
    assert path.exists()
    assert (path.parent / (path.name + ".1")).exists()
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_creator_backup", False):
            logging.getLogger().removeHandler(handler)
            handler.close()
