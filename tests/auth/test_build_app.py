"""The Pinterest app a build may carry (packaging/README.md): read from its file, given
only when it is whole, never shown, and absent from the source."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from creator_backup.application.connect import BuildAppOwnLogin, LoginApp
from creator_backup.auth.build_app import BUILD_APP_ENV, BUILD_APP_FILE, BuildApp, load_build_app
from creator_backup.errors import ExitCode
from creator_backup.logsetup import redact
from tests.api.helpers import calls_to
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import TOKEN_CALLS, application


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
    chosen = application(tmp_path, sandbox, env).connect.login_app(None)
    assert chosen is not None
    assert (chosen.app_id, chosen.app_secret, chosen.built_in) == (
        "1500123",
        "build-secret-2",
        True,
    )
    assert application(tmp_path, sandbox).connect.login_app(None) is None


def secret_of(app: LoginApp | None) -> str:
    assert app is not None
    return app.app_secret


def test_which_app_a_login_goes_through_and_where_its_secret_comes_from(
    tmp_path: Path, make_sandbox: SandboxFactory
) -> None:
    """One decision for both faces (Connect.login_app): one's own app id with the secret
    given, else the one saved for it, else none yet (the face asks); with no app id, the
    build's app; the build's app is never used over one's own."""
    sandbox = make_sandbox(boards=1, pins=2, extras=False)
    env = write_app(tmp_path / "app.json", {"app_id": "1500123", "app_secret": "build-secret-3"})
    connect = application(tmp_path, sandbox, env).connect
    built = connect.login_app(None)
    assert built == LoginApp("1500123", "build-secret-3", built_in=True)
    assert "build-secret-3" not in repr(built)
    assert connect.login_app("  ") == built
    assert connect.login_app("777") == LoginApp("777", "", built_in=False)  # the face asks
    connect.service.save_app_secret("777", "saved-secret-777")
    assert secret_of(connect.login_app(" 777 ")) == "saved-secret-777"
    assert secret_of(connect.login_app("777", "typed-secret-7")) == "typed-secret-7"
    assert secret_of(connect.login_app("777", storages=("file",))) == ""
    assert connect.login_app("1500123") == built  # named by its id
    assert application(tmp_path / "none", sandbox).connect.login_app(None) is None


def test_the_build_s_app_is_refused_for_its_own_login_before_anything_is_sent(
    tmp_path: Path, make_sandbox: SandboxFactory
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, extras=False)
    env = write_app(tmp_path / "app.json",
                    {"app_id": sandbox.client_id, "app_secret": sandbox.client_secret})  # fmt: skip
    app = application(tmp_path, sandbox, env)
    with pytest.raises(BuildAppOwnLogin) as refused:
        app.connect.login_with_client_credentials(f" {sandbox.client_id} ", sandbox.client_secret)
    assert refused.value.exit_code == ExitCode.USAGE
    assert "connects the account that owns the app" in refused.value.message
    assert "browser" in refused.value.message
    assert calls_to(sandbox, TOKEN_CALLS) == 0
    assert app.accounts.connected() == [] and app.connect.saved_secret(sandbox.client_id) is None
