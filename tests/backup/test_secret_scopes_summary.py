"""Every backup's summary says plainly when its login cannot see secret boards and pins,
and how to put that right; a login whose permissions are not known says nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import requests

from creator_backup.api.factory import make_client
from creator_backup.api.transport import TokenProvider
from creator_backup.archive.store import Archive
from creator_backup.auth.oauth import READ_SCOPES, TokenSet
from creator_backup.auth.secrets import MemoryStore
from creator_backup.auth.static import StaticToken
from creator_backup.auth.tokens import RefreshingTokens, tokens_key
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.backup.summary import HIDDEN_CONTENT_SENTENCE, summary_lines
from creator_backup.sandbox import Sandbox

MakeSandbox = Callable[..., Sandbox]
NO_SECRETS = [s for s in READ_SCOPES if not s.endswith("_secret")]


def login_with(sandbox: Sandbox, scopes: list[str]) -> RefreshingTokens:
    """A saved login as the browser's gives one, granted exactly `scopes` by Pinterest."""
    answer = requests.post(sandbox.origin + "/_sandbox/tokens", json={"scopes": scopes},
                           timeout=30).json()  # fmt: skip
    store = MemoryStore()
    store.set(tokens_key("k"), json.dumps(TokenSet.from_response(answer, time.time()).to_json()))
    return RefreshingTokens("k", store, sandbox.api_base, "", "")


def backup(sandbox: Sandbox, root: Path, tokens: TokenProvider) -> BackupResult:
    client = make_client(sandbox.api_base, tokens)
    try:
        with Archive.open(root) as archive:
            return BackupRun(client, archive, BackupOptions(media=False)).run()
    finally:
        client.close()


def test_a_login_without_the_secret_scopes_is_told_in_every_summary(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=24, boards=6, pins=60)
    secret = [b for b in requests.get(sandbox.origin + "/_sandbox/state", timeout=30).json()
              ["boards"] if b["privacy"] == "SECRET"]  # fmt: skip
    assert secret, "the account has secret boards"

    blind = backup(sandbox, tmp_path / "blind", login_with(sandbox, NO_SECRETS))
    assert blind.complete and set(blind.snapshot.scopes) == set(NO_SECRETS)
    lines = summary_lines(blind)
    assert HIDDEN_CONTENT_SENTENCE in lines
    assert (
        HIDDEN_CONTENT_SENTENCE.startswith("Secret boards and pins are not being backed up")
        and "log in again through the browser" in HIDDEN_CONTENT_SENTENCE
    )
    assert "--" not in HIDDEN_CONTENT_SENTENCE  # plain words: the CLI adds its own command
    # One of the two is enough to miss: secret pins on a board it can see.
    half = backup(
        sandbox, tmp_path / "half", login_with(sandbox, [*NO_SECRETS, "boards:read_secret"])
    )
    assert HIDDEN_CONTENT_SENTENCE in summary_lines(half)

    seeing = backup(sandbox, tmp_path / "all", login_with(sandbox, list(READ_SCOPES)))
    assert seeing.complete and HIDDEN_CONTENT_SENTENCE not in summary_lines(seeing)
    # A pasted token cannot say what it was granted: nothing is claimed either way.
    pasted = backup(sandbox, tmp_path / "pasted", StaticToken(sandbox.access_token))
    assert pasted.snapshot.scopes == () and HIDDEN_CONTENT_SENTENCE not in summary_lines(pasted)
