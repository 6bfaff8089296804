"""A fake TikTok for tests: a real HTTP server on 127.0.0.1 (pytest-httpserver) that answers TikTok's
documented requests in TikTok's documented shapes (tiktok_responses/ holds one example of each), and can
be told to fail the way TikTok does: 429 with Retry-After, 5xx, expired or revoked tokens.

Use it through the `fake_tiktok` fixture (src/vetrina/conftest.py), which points Vetrina's TikTok settings
at it. Its consent page allows at once: a browser sent to it comes straight back to Vetrina's callback,
signed in as `fake_tiktok.account`.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import Request as UrlRequest

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

RESPONSES = Path(__file__).parent / "tiktok_responses"
CLIENT_KEY = "fake-client-key"
CLIENT_SECRET = "fake-client-secret"
DISPLAY_SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
BUSINESS_SCOPES = ("user.account.type", "user.insights")


def example(name: str) -> dict[str, Any]:
    """The recorded example tiktok_responses/<name>.json."""
    return json.loads((RESPONSES / f"{name}.json").read_text())


def fake_video(number: int, *, days_ago: float, views: int = 5000) -> dict[str, Any]:
    """A video in TikTok's video object shape, posted `days_ago` days before now."""
    return {
        "id": str(7300000000000000000 + number),
        "create_time": int(time.time() - days_ago * 86400),
        "title": f"Video {number}",
        "video_description": f"Video {number} #fashion",
        "duration": 30,
        "view_count": views,
        "like_count": views // 10,
        "comment_count": views // 200,
        "share_count": views // 500,
    }


@dataclass
class FakeAccount:
    """The TikTok account that allows Vetrina on the fake consent page."""

    open_id: str = "fake-open-id-anna"
    username: str = "anna.styles"
    display_name: str = "Anna"
    bio_description: str = "Everyday outfits"
    is_verified: bool = False
    follower_count: int = 120_000
    following_count: int = 310
    likes_count: int = 2_400_000
    videos: list[dict[str, Any]] = field(
        default_factory=lambda: [fake_video(n, days_ago=n * 3, views=10_000 + n) for n in range(1, 6)]
    )
    is_business_account: bool = False
    # The scopes the creator leaves ticked on the consent page; None: every one asked for.
    scopes: tuple[str, ...] | None = None
    # The Business API's audience_* fields.
    audience: dict[str, Any] = field(
        default_factory=lambda: {
            key: value
            for key, value in example("business_get")["data"].items()
            if key.startswith("audience_")
        }
    )


@dataclass
class _Failure:
    status: int
    times: int
    retry_after: str | None
    body: dict[str, Any]


class FakeTikTok:
    ACCESS_SECONDS = 7200
    REFRESH_SECONDS = 365 * 86400

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.account = FakeAccount()
        self.accounts: dict[str, FakeAccount] = {}
        # token -> (open_id, expires at, scopes)
        self.access_tokens: dict[str, tuple[str, float, tuple[str, ...]]] = {}
        self.refresh_tokens: dict[str, tuple[str, float, tuple[str, ...]]] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.revoked: list[str] = []
        # Every request it answered: (method, path, the form, query or JSON it was sent).
        self.requests: list[tuple[str, str, dict[str, Any]]] = []
        # The waits the client took between tries, instead of waiting (the fixture records them).
        self.slept: list[float] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._lock = threading.Lock()
        self._routes()

    # --- Addresses, for the settings --------------------------------------------------------------------

    @property
    def auth_url(self) -> str:
        return self.server.url_for("/v2/auth/authorize/")

    @property
    def api_url(self) -> str:
        return self.server.url_for("/")

    @property
    def business_api_url(self) -> str:
        return self.server.url_for("/open_api/v1.3/")

    # --- What tests make it do --------------------------------------------------------------------------

    def fail(
        self,
        path: str,
        *,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` requests to `path` ("/v2/user/info/") answer `status` (429 with Retry-After,
        500…) in TikTok's error shape, then it answers normally again."""
        if body is None:
            body = example("rate_limit_exceeded" if status == 429 else "internal_error")
        failure = _Failure(status, times, None if retry_after is None else str(retry_after), body)
        with self._lock:
            self._failures.setdefault(path, []).append(failure)

    def expire_access_tokens(self) -> None:
        """Every access token given so far has expired (the refresh tokens still work)."""
        with self._lock:
            for token, (open_id, _, scopes) in self.access_tokens.items():
                self.access_tokens[token] = (open_id, 0.0, scopes)

    def expire_refresh_tokens(self) -> None:
        """Every refresh token given so far has expired (TikTok's last a year): only a new consent helps."""
        with self._lock:
            for token, (open_id, _, scopes) in self.refresh_tokens.items():
                self.refresh_tokens[token] = (open_id, 0.0, scopes)

    def revoke_grant(self, open_id: str | None = None) -> None:
        """The creator removed Vetrina in TikTok's settings: every token of the account stops working."""
        open_id = open_id or self.account.open_id
        with self._lock:
            for tokens in (self.access_tokens, self.refresh_tokens):
                for token in [t for t, (owner, _, _) in tokens.items() if owner == open_id]:
                    del tokens[token]

    def withdraw_scope(self, scope: str) -> None:
        """The creator unticked one permission in TikTok's settings: no token of theirs carries it now."""
        with self._lock:
            for tokens in (self.access_tokens, self.refresh_tokens):
                for token, (open_id, expires_at, scopes) in tokens.items():
                    tokens[token] = (open_id, expires_at, tuple(s for s in scopes if s != scope))

    def consent(self, authorize_url: str) -> str:
        """Follows Vetrina's redirect to the consent page as a browser would; returns the callback's
        path and query, to GET with the test client."""
        parts = urlsplit(_redirected_to(UrlRequest(authorize_url)))
        return f"{parts.path}?{parts.query}"

    def grant(self, *, scopes: tuple[str, ...] = DISPLAY_SCOPES) -> dict[str, Any]:
        """A grant of `account`, as the token endpoint would give it, without a browser (for services'
        tests)."""
        return self._grant(self.account, scopes)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]

    # --- TikTok's side ----------------------------------------------------------------------------------

    def _routes(self) -> None:
        routes = {
            ("/v2/auth/authorize/", "GET"): self._authorize,
            ("/v2/oauth/token/", "POST"): self._token,
            ("/v2/oauth/revoke/", "POST"): self._revoke,
            ("/v2/user/info/", "GET"): self._user_info,
            ("/v2/video/list/", "POST"): self._video_list,
            ("/open_api/v1.3/business/get/", "GET"): self._business_get,
        }
        for (path, method), handler in routes.items():
            self.server.expect_request(path, method=method).respond_with_handler(
                self._answering(path, handler)
            )

    def _answering(self, path: str, handler: Any) -> Any:
        def answer(request: Request) -> Response:
            sent: dict[str, Any] = dict(request.args)
            if request.form:
                sent.update(request.form)
            elif request.data:
                sent.update(json.loads(request.data))
            with self._lock:
                self.requests.append((request.method, path, sent))
                queued = self._failures.get(path) or []
                failure = queued[0] if queued else None
                if failure is not None:
                    failure.times -= 1
                    if failure.times <= 0:
                        queued.pop(0)
            if failure is not None:
                headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else {}
                return _json(failure.body, status=failure.status, headers=headers)
            return handler(request)

        return answer

    def _authorize(self, request: Request) -> Response:
        args = request.args
        if args.get("client_key") != CLIENT_KEY or args.get("response_type") != "code":
            return Response("Something went wrong: client_key", status=400)
        asked = tuple(scope for scope in (args.get("scope") or "").split(",") if scope)
        scopes = tuple(s for s in asked if self.account.scopes is None or s in self.account.scopes)
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.accounts[self.account.open_id] = self.account
            self.codes[code] = {
                "open_id": self.account.open_id,
                "redirect_uri": args.get("redirect_uri"),
                "code_challenge": args.get("code_challenge"),
                "scopes": scopes,
            }
        query = urlencode({"code": code, "scopes": ",".join(scopes), "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{args.get('redirect_uri')}?{query}"})

    def _token(self, request: Request) -> Response:
        form = request.form
        if form.get("client_key") != CLIENT_KEY or form.get("client_secret") != CLIENT_SECRET:
            return _oauth_error("invalid_client", "Client key or secret is incorrect.")
        if form.get("grant_type") == "authorization_code":
            with self._lock:
                issued = self.codes.pop(form.get("code", ""), None)
            if issued is None or issued["redirect_uri"] != form.get("redirect_uri"):
                return _oauth_error("invalid_grant", "Authorization code is expired.")
            if issued["code_challenge"] and _s256(form.get("code_verifier", "")) != issued["code_challenge"]:
                return _oauth_error("invalid_grant", "Code verifier or code challenge is invalid.")
            return _json(self._grant(self.accounts[issued["open_id"]], issued["scopes"]))
        if form.get("grant_type") == "refresh_token":
            with self._lock:
                # Refresh tokens rotate: the one used stops working.
                known = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if known is None or known[1] < time.time():
                return _oauth_error("invalid_grant", "Refresh token is invalid or expired.")
            return _json(self._grant(self.accounts[known[0]], known[2]))
        return _oauth_error("invalid_request", "Unsupported grant_type.")

    def _grant(self, account: FakeAccount, scopes: tuple[str, ...]) -> dict[str, Any]:
        access, refresh = f"act.{secrets.token_urlsafe(24)}", f"rft.{secrets.token_urlsafe(24)}"
        with self._lock:
            self.accounts[account.open_id] = account
            self.access_tokens[access] = (account.open_id, time.time() + self.ACCESS_SECONDS, scopes)
            self.refresh_tokens[refresh] = (account.open_id, time.time() + self.REFRESH_SECONDS, scopes)
        return {
            **example("oauth_token"),
            "access_token": access,
            "expires_in": self.ACCESS_SECONDS,
            "open_id": account.open_id,
            "refresh_expires_in": self.REFRESH_SECONDS,
            "refresh_token": refresh,
            "scope": ",".join(scopes),
        }

    def _revoke(self, request: Request) -> Response:
        form = request.form
        if form.get("client_key") != CLIENT_KEY or form.get("client_secret") != CLIENT_SECRET:
            return _oauth_error("invalid_client", "Client key or secret is incorrect.")
        with self._lock:
            known = self.access_tokens.get(form.get("token", ""))
        if known is None:
            return _oauth_error("invalid_request", "Token is invalid.")
        self.revoke_grant(known[0])
        self.revoked.append(known[0])
        return Response(status=200)

    def _bearer(
        self, request: Request, header: str = "Authorization"
    ) -> tuple[FakeAccount, tuple[str, ...]] | None:
        token = request.headers.get(header, "").removeprefix("Bearer ")
        with self._lock:
            known = self.access_tokens.get(token)
        if known is None or known[1] < time.time():
            return None
        return self.accounts[known[0]], known[2]

    def _user_info(self, request: Request) -> Response:
        holder = self._bearer(request)
        if holder is None:
            return _json(example("access_token_invalid"), status=401)
        account, scopes = holder
        by_scope: dict[str, dict[str, Any]] = {
            "user.info.basic": {"open_id": account.open_id, "display_name": account.display_name},
            "user.info.profile": {
                "bio_description": account.bio_description,
                "username": account.username,
                "is_verified": account.is_verified,
            },
            "user.info.stats": {
                "follower_count": account.follower_count,
                "following_count": account.following_count,
                "likes_count": account.likes_count,
                "video_count": len(account.videos),
            },
        }
        granted = {
            key: value
            for scope, values in by_scope.items()
            if scope in scopes
            for key, value in values.items()
        }
        fields = (request.args.get("fields") or "").split(",")
        body = example("user_info")
        body["data"] = {"user": {key: value for key, value in granted.items() if key in fields}}
        return _json(body)

    def _video_list(self, request: Request) -> Response:
        holder = self._bearer(request)
        if holder is None:
            return _json(example("access_token_invalid"), status=401)
        account, scopes = holder
        if "video.list" not in scopes:
            body = example("access_token_invalid")
            body["error"] = {**body["error"], "code": "scope_not_authorized", "message": "video.list"}
            return _json(body, status=401)
        sent = json.loads(request.data or b"{}")
        max_count = int(sent.get("max_count", 10))
        if not 1 <= max_count <= 20:
            body = example("internal_error")
            body["error"] = {**body["error"], "code": "invalid_params", "message": "max_count"}
            return _json(body, status=400)
        # Newest first; the cursor is the create time in milliseconds of the last one given.
        videos = sorted(account.videos, key=lambda video: -video["create_time"])
        if "cursor" in sent:
            videos = [video for video in videos if video["create_time"] * 1000 < int(sent["cursor"])]
        page = videos[:max_count]
        fields = (request.args.get("fields") or "").split(",")
        body = example("video_list")
        body["data"] = {
            "videos": [{key: value for key, value in video.items() if key in fields} for video in page],
            "cursor": page[-1]["create_time"] * 1000 if page else int(sent.get("cursor", 0)),
            "has_more": len(videos) > max_count,
        }
        return _json(body)

    def _business_get(self, request: Request) -> Response:
        holder = self._bearer(request, header="Access-Token")
        if holder is None:
            return _json(
                {"code": 40105, "message": "Access token is invalid.", "request_id": "x", "data": {}}
            )
        account, scopes = holder
        if request.args.get("business_id") != account.open_id or "user.insights" not in scopes:
            return _json({"code": 40001, "message": "No permission.", "request_id": "x", "data": {}})
        fields = json.loads(request.args.get("fields") or "[]")
        data = {**account.audience, "is_business_account": account.is_business_account}
        body = example("business_get")
        body["data"] = {key: value for key, value in data.items() if key in fields}
        return _json(body)


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _json(body: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def _oauth_error(error: str, description: str) -> Response:
    return _json(
        {**example("oauth_token_error"), "error": error, "error_description": description}, status=400
    )


def _redirected_to(request: UrlRequest) -> str:
    """The Location of the fake consent page's redirect (urllib would follow it to Vetrina)."""
    from urllib.error import HTTPError
    from urllib.request import HTTPRedirectHandler, build_opener

    class _Stop(HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    try:
        build_opener(_Stop).open(request)
    except HTTPError as answer:
        if answer.code == 302:
            return answer.headers["Location"]
        raise
    raise AssertionError("the consent page did not redirect")


class _HTTPServer(HTTPServer):
    """pytest-httpserver's server, which stops at once. Its thread looks for a stop request every 0.5 s
    (socketserver's default), and every test with a fake TikTok waited that out at its end: 29 tests of
    the suite, 0.5 s each, on each database. The interval does not delay requests, only the stop."""

    def thread_target(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.01)


@contextmanager
def fake_tiktok_running(settings: Any, monkeypatch: Any) -> Iterator[FakeTikTok]:
    """A started fake TikTok with Vetrina's TikTok settings pointing at it; stopped afterwards."""
    from vetrina.connectors.tiktok import client

    server = _HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        fake = FakeTikTok(server)
        settings.VETRINA_TIKTOK_CLIENT_KEY = CLIENT_KEY
        settings.VETRINA_TIKTOK_CLIENT_SECRET = CLIENT_SECRET
        settings.VETRINA_TIKTOK_AUTH_URL = fake.auth_url
        settings.VETRINA_TIKTOK_API_URL = fake.api_url
        settings.VETRINA_TIKTOK_BUSINESS_API_URL = fake.business_api_url
        settings.VETRINA_TIKTOK_SCOPES = [*DISPLAY_SCOPES, *BUSINESS_SCOPES]
        # A browser's connect form is redirected to the fake's consent page, which the policy must allow.
        form_action = [*settings.SECURE_CSP["form-action"], fake.server.url_for("/").rstrip("/")]
        settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": form_action}
        # The client's waits between tries are recorded, not waited: no test sleeps for TikTok.
        monkeypatch.setattr(client, "sleep", fake.slept.append)
        yield fake
    finally:
        server.clear()
        server.stop()


def connect(fake: FakeTikTok, user: Any, *, next_path: str = "/") -> Any:
    """Connects `user` (a creator-side account) to `fake.account` through Vetrina's own pages, as the
    creator's browser would; returns the TikTokConnection."""
    from django.test import Client
    from django.urls import reverse

    from vetrina.connectors.models import TikTokConnection

    browser = Client()
    browser.force_login(user)
    started = browser.post(reverse("connectors:tiktok_connect"), {"next": next_path})
    assert started.status_code == 302, started
    answered = browser.get(fake.consent(started["Location"]))
    assert answered.status_code == 302, answered
    return TikTokConnection.objects.get(user=user)
