"""Pinterest's OAuth as the sandbox plays it: consent page, codes, Basic auth, rotation."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, assert_error

REDIRECT = "http://127.0.0.1:8085/"
SCOPES = "user_accounts:read,boards:read,pins:read"
HOSTILE_STATE = "<script>alert('x')</script>&\"state\""


class ConsentForm(HTMLParser):
    """What a browser would take from the consent page: the form and its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self.buttons: dict[str, str] = {}
        self.items: list[str] = []
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.action = attributes.get("action")
        elif tag == "input" and attributes.get("type") == "hidden":
            self.fields[attributes["name"]] = attributes.get("value", "")
        elif tag == "button":
            self.buttons[attributes.get("id", "")] = attributes.get("value", "")
        self._in_item = tag == "li"

    def handle_data(self, data: str) -> None:
        if self._in_item:
            self.items.append(data)
            self._in_item = False


def authorize(sandbox: Sandbox, **overrides: str) -> requests.Response:
    query = {
        "client_id": sandbox.client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": SCOPES,
        "state": HOSTILE_STATE,
        **overrides,
    }
    return requests.get(
        sandbox.origin + "/oauth/", params=query, allow_redirects=False, timeout=TIMEOUT
    )


def decide(sandbox: Sandbox, page: str, decision: str) -> requests.Response:
    form = ConsentForm()
    form.feed(page)
    assert form.action == "/oauth/decision"
    return requests.post(
        sandbox.origin + form.action,
        data={**form.fields, "decision": decision},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def redirect_query(response: requests.Response) -> dict[str, str]:
    assert response.status_code in (301, 302, 303, 307), response.status_code
    location = response.headers["Location"]
    assert location.startswith(REDIRECT)
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def token(sandbox: Sandbox, form: dict[str, str], secret: str | None = None) -> requests.Response:
    return requests.post(
        sandbox.api_base + "/oauth/token",
        data=form,
        auth=(sandbox.client_id, sandbox.client_secret if secret is None else secret),
        timeout=TIMEOUT,
    )


def get_code(sandbox: Sandbox) -> str:
    page = authorize(sandbox)
    assert page.status_code == 200
    query = redirect_query(decide(sandbox, page.text, "approve"))
    return query["code"]


def exchange(sandbox: Sandbox, code: str) -> requests.Response:
    return token(
        sandbox,
        {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
    )


@pytest.fixture
def sb(make_sandbox: MakeSandbox) -> Sandbox:
    return make_sandbox(seed=12, boards=2, pins=10)


# -- the browser step --------------------------------------------------------------------------


def test_consent_page_lists_scopes_and_escapes(sb: Sandbox) -> None:
    response = authorize(sb)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.text
    assert "<script>" not in page
    form = ConsentForm()
    form.feed(page)
    assert sorted(form.items) == sorted(SCOPES.split(","))
    assert form.fields["state"] == HOSTILE_STATE  # escaped in the page, intact in the form
    assert form.fields["redirect_uri"] == REDIRECT
    assert set(form.buttons.values()) == {"approve", "decline"}


def test_approve_redirects_with_code_and_state(sb: Sandbox) -> None:
    page = authorize(sb).text
    query = redirect_query(decide(sb, page, "approve"))
    assert set(query) == {"code", "state"}
    assert query["state"] == HOSTILE_STATE
    assert query["code"]


def test_decline_redirects_with_access_denied(sb: Sandbox) -> None:
    page = authorize(sb).text
    query = redirect_query(decide(sb, page, "decline"))
    assert query == {"error": "access_denied", "state": HOSTILE_STATE}


def test_redirect_uri_with_a_query_keeps_it(make_sandbox: MakeSandbox) -> None:
    registered = "http://127.0.0.1:8085/callback?app=desktop"
    sandbox = make_sandbox(pins=3, redirect_uris=(registered,))
    for decision, expected in (("approve", "code"), ("decline", "error")):
        page = authorize(sandbox, redirect_uri=registered, state="s1")
        assert page.status_code == 200
        location = decide(sandbox, page.text, decision).headers["Location"]
        assert location.startswith(registered + "&")
        query = parse_qs(urlsplit(location).query)
        assert query["app"] == ["desktop"] and query["state"] == ["s1"]
        assert expected in query


@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "http://127.0.0.1:9999/"},
        {"redirect_uri": "http://evil.example/"},
        {"redirect_uri": "http://127.0.0.1:8085"},  # not literally the registered URI
        {"client_id": "1"},
        {"response_type": "token"},
        {"scope": "boards:read,<b>everything</b>"},
    ],
)
def test_authorize_refuses_bad_requests(sb: Sandbox, overrides: dict[str, str]) -> None:
    response = authorize(sb, **overrides)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "<b>everything</b>" not in response.text


def test_decision_refuses_an_unregistered_redirect(sb: Sandbox) -> None:
    form = {
        "client_id": sb.client_id,
        "redirect_uri": "http://evil.example/",
        "scope": SCOPES,
        "decision": "approve",
    }
    response = requests.post(
        sb.origin + "/oauth/decision", data=form, allow_redirects=False, timeout=TIMEOUT
    )
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_auto_approve_redirects_at_once(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(pins=3, auto_approve=True)
    response = authorize(sandbox, state="abc")
    query = redirect_query(response)
    assert query["state"] == "abc"
    assert exchange(sandbox, query["code"]).status_code == 200


def test_auto_approve_can_be_switched_at_run_time(sb: Sandbox) -> None:
    assert authorize(sb).status_code == 200
    control = requests.post(
        sb.origin + "/_sandbox/oauth", json={"auto_approve": True}, timeout=TIMEOUT
    )
    assert control.json()["auto_approve"] is True
    assert authorize(sb).status_code == 302


# -- the token endpoint ----------------------------------------------------------------------------


def test_code_exchange_gives_working_scoped_tokens(
    sb: Sandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    response = exchange(sb, get_code(sb))
    assert response.status_code == 200, response.text
    body: JsonDict = response.json()
    assert body["token_type"] == "bearer"
    assert body["access_token"].startswith("pina") and body["refresh_token"].startswith("pinr")
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    assert isinstance(body["refresh_token_expires_in"], int)
    assert isinstance(body["refresh_token_expires_at"], int)
    assert set(body["scope"].split(",")) == set(SCOPES.split(","))
    assert body["response_type"] == "authorization_code"
    client = make_client(sb).with_token(body["access_token"])
    try:
        assert client.get("/user_account").status_code == 200
        assert client.get("/pins").status_code == 200
        assert_error(client.post("/boards", {"name": "Not allowed"}), 403, 29)
    finally:
        client.close()


def test_code_is_single_use(sb: Sandbox) -> None:
    code = get_code(sb)
    assert exchange(sb, code).status_code == 200
    assert_error(exchange(sb, code), 400)


def test_code_needs_the_same_redirect_uri(sb: Sandbox) -> None:
    form = {
        "grant_type": "authorization_code",
        "code": get_code(sb),
        "redirect_uri": "http://127.0.0.1:8086/",
    }
    assert_error(token(sb, form), 400)


def test_code_expires(sb: Sandbox, make_client: Callable[[Sandbox], Client]) -> None:
    code = get_code(sb)
    make_client(sb).advance(601)
    assert_error(exchange(sb, code), 400)


def test_client_authentication_is_http_basic(sb: Sandbox) -> None:
    code = get_code(sb)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    assert_error(token(sb, form, secret="wrong"), 401)
    unauthenticated = requests.post(sb.api_base + "/oauth/token", data=form, timeout=TIMEOUT)
    assert_error(unauthenticated, 401)
    in_body = requests.post(
        sb.api_base + "/oauth/token",
        data={**form, "client_id": sb.client_id, "client_secret": sb.client_secret},
        timeout=TIMEOUT,
    )
    assert_error(in_body, 401)
    # A refused client did not spend the code.
    assert exchange(sb, code).status_code == 200


def test_unknown_grant_type(sb: Sandbox) -> None:
    assert_error(token(sb, {"grant_type": "password"}), 400)


def test_refresh_rotates_the_refresh_token(
    sb: Sandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    first = token(sb, {"grant_type": "refresh_token", "refresh_token": sb.refresh_token})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["response_type"] == "refresh_token"
    assert body["refresh_token"] != sb.refresh_token
    assert body["access_token"] != sb.access_token
    # The old refresh token is spent; the new one works, once.
    again = token(sb, {"grant_type": "refresh_token", "refresh_token": sb.refresh_token})
    assert_error(again, 400)
    second = token(sb, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert second.status_code == 200
    client = make_client(sb).with_token(second.json()["access_token"])
    try:
        assert client.get("/user_account").status_code == 200
        assert client.state(pins=False)["token_refreshes"] == 3
    finally:
        client.close()


def test_refresh_can_narrow_scopes(sb: Sandbox) -> None:
    response = token(
        sb,
        {
            "grant_type": "refresh_token",
            "refresh_token": sb.refresh_token,
            "scope": "pins:read",
        },
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "pins:read"


def test_refresh_token_expires(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(pins=3, refresh_token_ttl_s=100)
    requests.post(sandbox.origin + "/_sandbox/clock", json={"advance_s": 101}, timeout=TIMEOUT)
    form = {"grant_type": "refresh_token", "refresh_token": sandbox.refresh_token}
    assert_error(token(sandbox, form), 400)


def test_no_tokens_while_suspended(sb: Sandbox, make_client: Callable[[Sandbox], Client]) -> None:
    code = get_code(sb)
    client = make_client(sb)
    client.control_ok("/account/suspend")
    refresh = {"grant_type": "refresh_token", "refresh_token": sb.refresh_token}
    assert assert_error(token(sb, refresh), 401, 2) == "User is deactivated."
    assert assert_error(exchange(sb, code), 401, 2) == "User is deactivated."
    client.control_ok("/account/reinstate", {"restore_content": True})
    assert token(sb, refresh).status_code == 200
    assert exchange(sb, code).status_code == 200
