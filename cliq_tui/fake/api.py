"""What every fake API endpoint does before its own work: auth, rate limits, due deliveries."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cliq_tui.fake.bodies import BodyTooLarge, read_body
from cliq_tui.fake.errors import ApiError
from cliq_tui.fake.state import FakeState
from cliq_tui.fake.tokens import SCOPE_MESSAGE

THROTTLE_429 = ApiError(429, "too_many_requests", "Too many requests within a certain time frame.")
THROTTLE_400 = ApiError(400, "request_limit_exceeded", "You have exceeded the URL throttle limits.")

_ENDPOINTS: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"^/api/v3/scheduledmessages/?$"), "list_all"),
    ("GET", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/?$"), "list_chat"),
    ("POST", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/?$"), "send_now"),
    ("PUT", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/?$"), "reschedule"),
    ("DELETE", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/?$"), "delete_all"),
    ("PUT", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/[^/]+/?$"), "edit"),
    ("DELETE", re.compile(r"^/api/v3/chats/[^/]+/scheduledmessages/[^/]+/?$"), "delete_one"),
    ("GET", re.compile(r"^/api/v3/chats/?$"), "list_chats"),
    ("GET", re.compile(r"^/api/v3/chats/[^/]+/?$"), "chat_details"),
    ("POST", re.compile(r"^/api/v2/chats/[^/]+/scheduledmessages/?$"), "create"),
    ("POST", re.compile(r"^/oauth/v2/token/?$"), "oauth_token"),
]


def endpoint_of(method: str, path: str) -> str:
    """The endpoint name a request is counted under (``other`` for unknown routes)."""
    for endpoint_method, pattern, name in _ENDPOINTS:
        if method == endpoint_method and pattern.match(path):
            return name
    return "other"


@dataclass
class Call:
    """One authenticated API request, as a handler sees it (the state lock is held)."""

    state: FakeState
    request: Request
    body: bytes
    now_ms: int

    @property
    def path(self) -> str:
        """The request path (used as ``url`` in responses)."""
        return self.request.url.path.rstrip("/")

    def param(self, name: str) -> str:
        """A path parameter."""
        return str(self.request.path_params[name])


Handler = Callable[[Call], tuple[int, Any]]


def error_response(error: ApiError, *, with_code: bool = True) -> JSONResponse:
    """The documented error body with its status (``code`` left out when not ``with_code``)."""
    return JSONResponse(error.body(with_code=with_code), status_code=error.status)


_INVALID_TOKEN = "Request was rejected because of invalid AuthToken."


def _authenticate(state: FakeState, request: Request, now_ms: int, endpoint: str) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme != "Zoho-oauthtoken" or not token.strip():
        raise ApiError(401, "oauthtoken_invalid", _INVALID_TOKEN)
    verdict = state.tokens.check(token.strip(), now_ms)
    if verdict == "expired":
        raise ApiError(401, "oauthtoken_expired", "The AuthToken has expired: refresh it.")
    if verdict != "ok":
        raise ApiError(401, "oauthtoken_invalid", _INVALID_TOKEN)
    realities = state.tokens.realities
    if realities.lacks_scope_for(endpoint):
        raise ApiError(realities.scope_error_status, "oauthtoken_scope_invalid", SCOPE_MESSAGE)


def api_endpoint(name: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint running ``handler`` after auth, rate limits and due deliveries."""

    async def endpoint(request: Request) -> Response:
        state: FakeState = request.app.state.fake
        try:
            body = await read_body(request)
        except BodyTooLarge as exc:
            return error_response(ApiError(413, "payload_too_large", f"{exc}."))
        with state.lock:
            now = state.now_ms()
            try:
                _authenticate(state, request, now, name)
                throttled = state.faults.throttle_all or not state.limiter.admit(
                    state.user.id, name, now
                )
                if throttled:
                    request.scope["fake.throttled"] = True
                    raise THROTTLE_400 if state.throttle_form == "400" else THROTTLE_429
                state.store.deliver_due(now)
                status, payload = handler(Call(state, request, body, now))
            except ApiError as error:
                return error_response(error, with_code=state.config.error_codes)
        if payload is None:
            return Response(status_code=status)
        return JSONResponse(payload, status_code=status)

    endpoint.__name__ = name
    return endpoint
