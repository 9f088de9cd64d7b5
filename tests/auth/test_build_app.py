"""The Pinterest app a build may carry (packaging/README.md): read from its file, given
only when it is whole, never shown, and absent from the source."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from creator_backup.auth.build_app import BUILD_APP_ENV, BUILD_APP_FILE, BuildApp, load_build_app
from creator_backup.logsetup import redact
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import application


def write_app(path: Path, body: object) -> dict[str, str]:
    path.write_text(body if isinstance(body, str) else json.dumps(body), "utf-8")
    return {BUILD_APP_ENV: str(path)}


def test_the_source_carries_no_app() -> None:
    assert not resources.files("creator_backup").joinpath(BUILD_APP_FILE).is_file()
    assert load_build_app({}) is None


def test_a_build_s_app_is_read_and_its_secret_is_redacted(tmp_path: Path) -> None:
    env = write_app(tmp_path / "app.json", {"app_id": "1500123", "app_secret": "build-secret-1"})
    app = load_build_app(env)
    assert app == BuildApp("1500123", "build-secret-1")
    assert "build-secret-1" not in repr(app)
    assert "build-secret-1" not in redact("the secret is build-secret-1")


def test_a_broken_app_file_is_not_used(tmp_path: Path) -> None:
    for body in ("{not json", {"app_id": "1500123"}, {"app_id": "abc", "app_secret": "s3cr3t-xx"},
                 {"app_id": "1500123", "app_secret": ""}, ["1500123", "s3cr3t-xx"]):  # fmt: skip
        assert load_build_app(write_app(tmp_path / "app.json", body)) is None, body
    assert load_build_app({BUILD_APP_ENV: str(tmp_path / "missing.json")}) is None


def test_the_application_offers_the_build_s_app(
    tmp_path: Path, make_sandbox: SandboxFactory
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, extras=False)
    env = write_app(tmp_path / "app.json", {"app_id": "1500123", "app_secret": "build-secret-2"})
    assert application(tmp_path, sandbox, env).connect.default_app() == (
        "1500123",
        "build-secret-2",
    )
    assert application(tmp_path, sandbox).connect.default_app() is None
