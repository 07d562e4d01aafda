"""The accounts server's token endpoint: refresh-token and authorization-code grants.

Like Zoho, a refused grant is answered with HTTP 200 and ``{"error": ...}`` (not a 4xx), and
parameters may come in the query string or as a form body. The 11th token per refresh token in
10 minutes is refused with ``{"error": "Access Denied"}`` as HTTP 200 (or 400, a switch);
``expires_in`` comes in seconds, or in milliseconds beside ``expires_in_sec`` (a switch).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cliq_tui.fake.bodies import BodyTooLarge, read_body
from cliq_tui.fake.state import FakeState

TOO_MANY = {
    "error": "Access Denied",
    "error_description": (
        "You have made too many requests continuously. Please try again after some time."
    ),
}


async def token(request: Request) -> JSONResponse:
    """POST /oauth/v2/token."""
    state: FakeState = request.app.state.fake
    params = dict(request.query_params)
    try:
        raw = await read_body(request)
    except BodyTooLarge as exc:
        return JSONResponse({"error": "invalid_request", "message": f"{exc}."}, status_code=413)
    if raw:
        params.update(parse_qsl(raw.decode(errors="replace"), keep_blank_values=True))
    config = state.config
    with state.lock:
        now = state.now_ms()
        grant = params.get("grant_type")
        if grant not in ("refresh_token", "authorization_code"):
            return JSONResponse({"error": "unsupported_grant_type"})
        if params.get("client_id") != config.client_id:
            return JSONResponse({"error": "invalid_client"})
        if params.get("client_secret") != config.client_secret:
            return JSONResponse({"error": "invalid_client_secret"})
        api_domain = str(request.base_url).rstrip("/")
        if grant == "refresh_token":
            refresh = params.get("refresh_token", "")
            if not state.tokens.knows_refresh_token(refresh):
                return JSONResponse({"error": "invalid_code"})
            if not state.tokens.refresh_allowed(refresh, now):
                return JSONResponse(TOO_MANY, status_code=state.tokens.realities.token_limit_status)
            body = _access(state, now, api_domain)
        else:
            if not state.tokens.redeem_grant_code(params.get("code", ""), now):
                return JSONResponse({"error": "invalid_code"})
            body = _access(state, now, api_domain)
            body["refresh_token"] = state.tokens.issue_refresh_token()
    return JSONResponse(body)


def _access(state: FakeState, now_ms: int, api_domain: str) -> dict[str, object]:
    return {
        "access_token": state.tokens.issue_access_token(now_ms),
        "api_domain": api_domain,
        "token_type": "Bearer",
        **state.tokens.token_lifetime(),
    }


ROUTES = [Route("/oauth/v2/token", token, methods=["POST"])]
