"""Test controls under /_sandbox/: not part of Pinterest's API.

Tests and the demo use them to do what only Pinterest can do to an account: remove
content as moderation would, edit it, suspend and reinstate the account, inject faults.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from creator_backup.sandbox import changes
from creator_backup.sandbox.api import Request, Response
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.oauth import ALL_SCOPES, GENERATOR_SCOPES

if TYPE_CHECKING:
    from creator_backup.sandbox.server import Sandbox

Control = Callable[["Sandbox", Request, dict[str, str]], Response]
CONTROLS: list[tuple[str, re.Pattern[str], Control]] = []


def control(method: str, template: str) -> Callable[[Control], Control]:
    pattern = re.compile("^/_sandbox" + re.sub(r"\{(\w+)\}", r"(?P<\1>\\d+)", template) + "/?$")

    def register(handler: Control) -> Control:
        CONTROLS.append((method, pattern, handler))
        return handler

    return register


def handle_control(sandbox: Sandbox, request: Request) -> Response:
    for method, pattern, handler in CONTROLS:
        match = pattern.match(request.path)
        if match and method == request.method:
            try:
                return handler(sandbox, request, match.groupdict())
            except ChangeError as err:
                return Response.error(err.status, err.code, err.message)
            except (ValueError, TypeError, KeyError) as err:
                return Response.error(400, 1, f"Bad control request: {err}")
    return Response.error(404, 404, "No such sandbox control.")


def _body(request: Request) -> dict[str, Any]:
    body = request.json()
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ChangeError(400, 1, "The request body must be a JSON object.")
    return body


@control("POST", "/pins/{pin_id}/remove")
def remove_pin(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    changes.remove_pin(sandbox.store, params["pin_id"])
    return Response.of(200, {"removed": params["pin_id"]})


@control("POST", "/boards/{board_id}/remove")
def remove_board(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    changes.remove_board(sandbox.store, params["board_id"])
    return Response.of(200, {"removed": params["board_id"]})


@control("POST", "/boards/{board_id}/sections/{section_id}/remove")
def remove_section(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    changes.remove_section(sandbox.store, params["board_id"], params["section_id"])
    return Response.of(200, {"removed": params["section_id"]})


@control("POST", "/pins/{pin_id}/edit")
def edit_pin(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    return Response.of(200, changes.edit_pin(sandbox.store, params["pin_id"], _body(request)))


@control("POST", "/account/suspend")
def suspend(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    changes.suspend(sandbox.store)
    return Response.of(200, {"suspended": True})


@control("POST", "/account/reinstate")
def reinstate(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    restore = _body(request).get("restore_content", True)
    if not isinstance(restore, bool):
        raise ChangeError(400, 1, "restore_content must be true or false.")
    changes.reinstate(sandbox.store, restore)
    return Response.of(200, {"suspended": False, "restore_content": restore})


@control("POST", "/boards/{board_id}/forbid")
def forbid_board(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """{"pins": bool, "sections": bool}: make the board's listings answer 403, or lift it.

    "pins" covers the board's pin listing and its sections' pin listings; "sections" the
    list of its sections. A key left out keeps its setting; no body means {"pins": true}.
    As when an app loses access to a board it could list before.
    """
    body = _body(request) or {"pins": True}
    unknown = sorted(set(body) - {"pins", "sections"})
    if unknown:
        raise ChangeError(400, 1, f"Unknown listings: {', '.join(unknown)}.")
    store, board_id = sandbox.store, params["board_id"]
    with store.lock:
        if not store.board_alive(board_id):
            raise ChangeError(404, 40, "Board not found.")
        forbidden = set(store.forbidden_boards.get(board_id, ()))
        for listing, value in body.items():
            if not isinstance(value, bool):
                raise ChangeError(400, 1, f"{listing} must be true or false.")
            if value:
                forbidden.add(listing)
            else:
                forbidden.discard(listing)
        store.forbidden_boards[board_id] = forbidden
    return Response.of(
        200,
        {"board_id": board_id, "pins": "pins" in forbidden, "sections": "sections" in forbidden},
    )


@control("POST", "/account/forbid")
def forbid_account(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """{"forbidden": bool}: GET /user_account answers 403 (a permission problem, not the
    401 of a deactivated account); no body means true."""
    forbidden = _body(request).get("forbidden", True)
    if not isinstance(forbidden, bool):
        raise ChangeError(400, 1, "forbidden must be true or false.")
    with sandbox.store.lock:
        sandbox.store.account_forbidden = forbidden
    return Response.of(200, {"forbidden": forbidden})


@control("GET", "/realism")
def realism_catalogue(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """Which boards and pins have which realism shape; {"enabled": false} without realism."""
    store = sandbox.store
    if store.realism is None:
        return Response.of(200, {"enabled": False})
    with store.lock:
        return Response.of(200, store.realism_catalogue())


@control("POST", "/realism")
def realism_settings(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """{"account_id": bool}: GET /user_account carries its id again (or not)."""
    store = sandbox.store
    if store.realism is None:
        raise ChangeError(400, 1, "This sandbox runs without realism (start it with --realism).")
    body = _body(request)
    if "account_id" in body:
        if not isinstance(body["account_id"], bool):
            raise ChangeError(400, 1, "account_id must be true or false.")
        with store.lock:
            store.realism.account_id = body["account_id"]
            store._changed()
    return Response.of(200, {"enabled": True, "account_id": store.realism.account_id})


@control("GET", "/state")
def state(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    pins = request.query.get("pins", "1") != "0"
    media = request.query.get("media", "1") != "0"
    body = changes.state_json(sandbox.store, include_pins=pins, include_media=media)
    body["requests"] = sandbox.stats.snapshot()
    body["suspended"] = sandbox.store.suspended
    body["token_refreshes"] = sandbox.oauth.refresh_count
    body["faults_injected"] = dict(sandbox.faults.injected)
    body["rate_limited"] = sandbox.limits.rate_limited
    return Response.of(200, body)


@control("POST", "/faults")
def faults(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    sandbox.faults.configure(_body(request))
    current = sandbox.faults
    return Response.of(
        200,
        {
            "latency_ms": current.latency_ms,
            "fault_rate": current.rate,
            "bandwidth_mbps": current.bandwidth_mbps,
            "scripted": sum(entry.times for entry in current.script),
        },
    )


def _names(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ChangeError(400, 1, f"{key} must be a list of strings.")
    return value


@control("POST", "/oauth")
def oauth_settings(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """{"auto_approve": bool, "legacy_app": bool, "redirect_uris": [...], "app_scopes":
    [...]}: the developer app's settings, each key optional."""
    body = _body(request)
    oauth = sandbox.oauth
    if "auto_approve" in body:
        oauth.auto_approve = bool(body["auto_approve"])
    if "legacy_app" in body:
        oauth.legacy_app = bool(body["legacy_app"])
    if "redirect_uris" in body:
        oauth.redirect_uris = tuple(_names(body, "redirect_uris"))
    if "app_scopes" in body:
        scopes = _names(body, "app_scopes")
        unknown = sorted(set(scopes) - set(ALL_SCOPES))
        if unknown:
            raise ChangeError(400, 1, f"Unknown scopes: {', '.join(unknown)}.")
        oauth.app_scopes = frozenset(scopes)
    return Response.of(
        200,
        {
            "auto_approve": oauth.auto_approve,
            "legacy_app": oauth.legacy_app,
            "redirect_uris": list(oauth.redirect_uris),
            "app_scopes": sorted(oauth.app_scopes),
        },
    )


@control("POST", "/tokens")
def issue_token(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """A token with exactly the scopes asked for (missing-scope tests)."""
    scopes = _names(_body(request), "scopes")
    return Response.of(200, sandbox.oauth.issue(frozenset(scopes), "authorization_code"))


@control("POST", "/tokens/generator")
def generated_token(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """What the developer site's token generator gives a creator to paste: an access token
    with user_accounts:read, boards:read and pins:read only (no secret scopes, so secret
    boards and pins stay invisible to it) and no refresh token."""
    issued = sandbox.oauth.issue(frozenset(GENERATOR_SCOPES), "authorization_code", refresh=False)
    return Response.of(200, issued)


@control("POST", "/clock")
def clock(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """Moves the sandbox's clock forward, so expiry and daily limits need no waiting."""
    advance = float(_body(request).get("advance_s", 0))
    if advance < 0:
        raise ChangeError(400, 1, "advance_s must not be negative.")
    sandbox.clock.advance(advance)
    return Response.of(200, {"now": sandbox.clock()})


@control("POST", "/served")
def served_recording(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """{"record": bool}: start (emptying the log) or stop recording which objects the API
    served; see sandbox/served.py."""
    record = _body(request).get("record", True)
    if not isinstance(record, bool):
        raise ChangeError(400, 1, "record must be true or false.")
    if record:
        sandbox.served.start()
    else:
        sandbox.served.stop()
    return Response.of(200, {"recording": record})


@control("GET", "/served")
def served_objects(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    """The ids of every object served in a successful GET since recording started, by path."""
    return Response.of(200, {"served": sandbox.served.snapshot()})
